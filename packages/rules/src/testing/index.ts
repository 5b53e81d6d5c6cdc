/**
 * Test helpers shared with other packages' tests (`@c2m/rules/testing`, a dev-only subpath: not in
 * `publishConfig`, and `src/testing` is not built).
 */
export { jsonMutations, mutated, pathsOf, scalarsOf, type JsonMutation, type JsonMutationOptions } from './json-mutations.js';
export { seededRandom } from './seeded-random.js';
export { issueText } from './issue-text.js';
export { resignCompiled } from './resign-compiled.js';
