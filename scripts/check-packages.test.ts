import { test } from 'node:test';
import assert from 'node:assert/strict';
// @ts-expect-error: a plain .mjs script without declarations
import { leftoverProtocols } from './check-packages.mjs';

test('a packed manifest with workspace: or catalog: versions left in any dependency field is caught', () => {
  const found = leftoverProtocols({
    name: '@c2m/x',
    dependencies: { '@c2m/rules': 'workspace:^', zod: '^4.6.0' },
    devDependencies: { esbuild: 'catalog:' },
    peerDependencies: { lit: 'catalog:lit3' },
    optionalDependencies: { three: '0.180.0' },
  });
  assert.deepEqual(found, ['dependencies.@c2m/rules: "workspace:^"', 'devDependencies.esbuild: "catalog:"', 'peerDependencies.lit: "catalog:lit3"']);
});

test('a manifest whose versions were all replaced passes', () => {
  assert.deepEqual(leftoverProtocols({ name: '@c2m/x', dependencies: { '@c2m/rules': '^0.1.0' } }), []);
  assert.deepEqual(leftoverProtocols({ name: '@c2m/x' }), []);
});
