// Generates custom-elements.json from the source (@custom-elements-manifest/analyzer), or checks
// that the checked-in one is current: `node scripts/manifest.mjs --write` / `--check` (default).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cem = join(dirname(createRequire(import.meta.url).resolve('@custom-elements-manifest/analyzer/package.json')), 'cem.js');

function generate() {
  // The analyzer joins --outdir to the working directory: a relative scratch folder inside the package.
  const out = relative(pkg, mkdtempSync(join(pkg, '.cem-')));
  try {
    const r = spawnSync(process.execPath, [cem, 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', out, '--quiet'], { cwd: pkg, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`the analyzer failed:\n${r.stdout}\n${r.stderr}`);
    return `${JSON.stringify(JSON.parse(readFileSync(join(pkg, out, 'custom-elements.json'), 'utf8')), null, 2)}\n`;
  } finally {
    rmSync(join(pkg, out), { recursive: true, force: true });
  }
}

const target = join(pkg, 'custom-elements.json');
const fresh = generate();
if (process.argv.includes('--write')) {
  writeFileSync(target, fresh);
  console.log('custom-elements.json written');
} else if (!existsSync(target) || readFileSync(target, 'utf8') !== fresh) {
  console.error('packages/elements/custom-elements.json is out of date: run `pnpm --filter @c2m/elements manifest` and commit it');
  process.exitCode = 1;
} else {
  console.log('custom-elements.json is current');
}
