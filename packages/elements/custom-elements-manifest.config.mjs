// The custom-elements manifest (custom-elements.json) is generated from the elements' JSDoc
// (@summary, @slot, @event, @csspart, @cssproperty) and their Lit properties. Regenerate with
// `pnpm --filter @c2m/elements manifest`; CI checks that the checked-in file is current.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/testing/**'],
  outdir: '.',
  litelement: true,
  packagejson: false,
};
