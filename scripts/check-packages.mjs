// `pnpm check:packages`: every published package as npm would get it. For each package of packages/
// that is not private: build it (its `build` script), pack it as `pnpm publish` would (publishConfig
// applied, `workspace:` and `catalog:` versions replaced), then check what was packed:
//   - the packed package.json has no `workspace:` or `catalog:` left;
//   - publint on the packed files: no error and no warning (suggestions are printed);
//   - @arethetypeswrong/cli on the tarball, `esm-only` profile (the packages are ESM only): no problem.
// Exits 1 when any package fails a check.
//
//   node scripts/check-packages.mjs                 every package
//   node scripts/check-packages.mjs rules client    some of them (folder names under packages/)
//   node scripts/check-packages.mjs --no-build      use the dist/ folders as they are
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const require = createRequire(import.meta.url);
const attw = join(resolve(require.resolve('@arethetypeswrong/cli/package.json'), '..'), 'dist', 'index.js');

const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const wanted = args.filter((a) => !a.startsWith('--'));

/** The publishable packages: folder, manifest. */
function packages() {
  const all = readdirSync(join(root, 'packages'))
    .filter((name) => existsSync(join(root, 'packages', name, 'package.json')))
    .map((name) => ({ name, dir: join(root, 'packages', name), manifest: JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')) }))
    .filter((p) => !p.manifest.private);
  const unknown = wanted.filter((w) => !all.some((p) => p.name === w));
  if (unknown.length > 0) {
    console.error(`no publishable package ${unknown.map((u) => `"${u}"`).join(', ')} under packages/ (have: ${all.map((p) => p.name).join(', ')})`);
    process.exit(2);
  }
  return wanted.length > 0 ? all.filter((p) => wanted.includes(p.name)) : all;
}

function run(cmd, argv, cwd) {
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim(), error: r.error };
}

/** Every `workspace:`/`catalog:` version left in the manifest's dependency fields, as `field.name`. */
export function leftoverProtocols(manifest) {
  const found = [];
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, version] of Object.entries(manifest[field] ?? {})) {
      if (/^(workspace|catalog):/.test(String(version))) found.push(`${field}.${name}: "${version}"`);
    }
  }
  return found;
}

async function check(pkg, scratch) {
  const problems = [];
  const label = pkg.manifest.name;
  if (build && pkg.manifest.scripts?.build) {
    const b = run('pnpm', ['run', '--silent', 'build'], pkg.dir);
    if (!b.ok) return [`build failed:\n${b.out || b.error?.message}`];
  }
  const out = join(scratch, pkg.name);
  const packed = run('pnpm', ['pack', '--pack-destination', out, '--json'], pkg.dir);
  if (!packed.ok) return [`pnpm pack failed:\n${packed.out || packed.error?.message}`];
  const tarball = readdirSync(out).find((f) => f.endsWith('.tgz'));
  if (!tarball) return ['pnpm pack wrote no tarball'];
  const unpacked = run('tar', ['-xzf', join(out, tarball), '-C', out], root);
  if (!unpacked.ok) return [`cannot unpack ${tarball}: ${unpacked.out}`];
  const dir = join(out, 'package');
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

  for (const left of leftoverProtocols(manifest)) problems.push(`packed package.json still has ${left}`);
  // TypeScript sources are what the workspace resolves; a published package must export built files.
  const sources = [...JSON.stringify(manifest.exports ?? {}).matchAll(/"(\.\/[^"]+\.[cm]?ts)"/g)].map((m) => m[1]).filter((f) => !/\.d\.[cm]?ts$/.test(f));
  if (sources.length > 0) problems.push(`packed exports name TypeScript sources (publishConfig.exports not applied?): ${sources.join(', ')}`);

  const lint = await publint({ pkgDir: dir, pack: false, level: 'suggestion' });
  for (const m of lint.messages) {
    const text = `publint ${m.type}: ${formatMessage(m, lint.pkg) ?? m.code}`;
    if (m.type === 'suggestion') console.log(`  ${label}: ${text}`);
    else problems.push(text);
  }

  // Subpaths that export a data file (openapi.yaml, a JSON Schema, custom-elements.json) are not modules for TypeScript.
  const assets = Object.entries(manifest.exports ?? {})
    .filter(([, target]) => typeof target === 'string' && !/\.(m?js|d\.m?ts)$/.test(target))
    .map(([subpath]) => subpath);
  const types = run(
    process.execPath,
    [attw, join(out, tarball), '--profile', 'esm-only', '--no-definitely-typed', '--format', 'table', '--no-emoji', '--no-color', ...(assets.length ? ['--exclude-entrypoints', ...assets] : [])],
    root,
  );
  if (!types.ok) problems.push(`@arethetypeswrong/cli:\n${types.out}`);
  return problems;
}

async function main() {
  const scratch = mkdtempSync(join(tmpdir(), 'c2m-pack-'));
  let failed = 0;
  try {
    for (const pkg of packages()) {
      const problems = await check(pkg, scratch);
      if (problems.length === 0) console.log(`ok    ${pkg.manifest.name}`);
      else {
        failed++;
        console.log(`FAIL  ${pkg.manifest.name}`);
        for (const p of problems) console.log(p.replace(/^/gm, '      '));
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (failed > 0) console.error(`\n${failed} package${failed === 1 ? '' : 's'} not ready to publish`);
  return failed > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main();
