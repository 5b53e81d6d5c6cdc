/**
 * `@c2m/rules/count`: exact counting for page sessions, an entry of its own so that a page that never
 * counts never downloads it (≈ 11 KB min+gzip after a page: the clause counter and the table counter with their component caches). Hand it
 * to `createPageSession` as a loader; it is fetched on the session's first `count`:
 *
 * ```ts
 * const opened = await createPageSession(input, { counter: () => import('@c2m/rules/count') });
 * if (opened.ok) console.log((await opened.session.count()).count);
 * ```
 *
 * Sessions of `@c2m/rules/engine` (`createSession`) and worker sessions count without it.
 *
 * @packageDocumentation
 */
export { countConfigurations } from './engine/count.js';
