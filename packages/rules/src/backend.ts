/**
 * `@c2m/rules/backend`: what a C2M backend runs on a submitted specification. Apart from the main
 * entry because a shop page never needs it: the page builds specifications, the backend re-checks
 * them (the reference server and `c2m check` both call {@link validateSpecification}).
 *
 * @packageDocumentation
 */
export {
  SpecificationSchema,
  validateSpecification,
  MAX_SNAPSHOT_BASE64,
  type SpecificationValidation,
} from './specification-check.js';
export {
  findUnstorableCharacter,
  findUnstorableText,
  type UnstorableCharacter,
  type UnstorableText,
} from './validate/text-safety.js';
