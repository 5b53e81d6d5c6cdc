// Generates each element package's custom-elements.json from its source (@custom-elements-manifest/
// analyzer, configured by the package's custom-elements-manifest.config.mjs), or checks that the
// checked-in one is current: `node scripts/manifest.mjs [--write | --check] [packages/x …]`
// (default: --check, every package that has such a config). CI runs the check.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const CONFIG = 'custom-elements-manifest.config.mjs';
const args = process.argv.slice(2);
const write = args.includes('--write');
const named = args.filter((a) => !a.startsWith('--')).map((p) => resolve(root, p));
const packages = (named.length ? named : readdirSync(join(root, 'packages')).map((n) => join(root, 'packages', n)))
  .filter((dir) => existsSync(join(dir, CONFIG)));

function generate(pkg) {
  const cem = join(resolve(createRequire(join(pkg, 'package.json')).resolve('@custom-elements-manifest/analyzer/package.json'), '..'), 'cem.js');
  // The analyzer joins --outdir to the working directory: a relative scratch folder inside the package.
  const out = relative(pkg, mkdtempSync(join(pkg, '.cem-')));
  try {
    const r = spawnSync(process.execPath, [cem, 'analyze', '--config', CONFIG, '--outdir', out, '--quiet'], { cwd: pkg, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`the analyzer failed in ${relative(root, pkg)}:\n${r.stdout}\n${r.stderr}`);
    const manifest = JSON.parse(readFileSync(join(pkg, out, 'custom-elements.json'), 'utf8'));
    // The analyzer lists modules in the order its file walk finishes them, which varies between runs.
    manifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    // An event dispatched from a nested callback is found without its name; the class's JSDoc
    // (@event) names every event already, so a nameless duplicate only confuses editors.
    for (const m of manifest.modules) {
      for (const d of m.declarations ?? []) if (d.events) d.events = d.events.filter((e) => e.name);
    }
    return `${JSON.stringify(manifest, null, 2)}\n`;
  } finally {
    rmSync(join(pkg, out), { recursive: true, force: true });
  }
}

for (const pkg of packages) {
  const name = relative(root, pkg);
  const target = join(pkg, 'custom-elements.json');
  const fresh = generate(pkg);
  if (write) {
    writeFileSync(target, fresh);
    console.log(`${name}/custom-elements.json written`);
  } else if (!existsSync(target) || readFileSync(target, 'utf8') !== fresh) {
    console.error(`${name}/custom-elements.json is out of date: run \`node scripts/manifest.mjs --write ${name}\` and commit it`);
    process.exitCode = 1;
  } else {
    console.log(`${name}/custom-elements.json is current`);
  }
}
