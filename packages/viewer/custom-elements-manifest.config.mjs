// The custom-elements manifest (custom-elements.json) of <c2m-viewer>, generated from the element's
// JSDoc (@summary, @event, @csspart, @cssproperty) and its class. Regenerate with
// `pnpm --filter @c2m/viewer manifest`; CI checks that the checked-in file is current.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/testing/**', 'src/three/**'],
  outdir: '.',
  packagejson: false,
};
