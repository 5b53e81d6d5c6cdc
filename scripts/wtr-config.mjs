// Shared @web/test-runner configuration for the packages whose tests run inside a page (elements,
// viewer, embed). A package opts in with a `web-test-runner.config.mjs` of its own:
//
//   import { browserTestConfig } from '../../scripts/wtr-config.mjs';
//   export default browserTestConfig(import.meta.url, { files: ['src/**/*.test.ts'] });
//
// Those packages' `*.test.ts` run in real Chromium (Debian's `chromium`, no download; WebGL through
// SwiftShader), never in Node: scripts/run-tests.mjs skips every folder holding such a config.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { appendTally } from './tally.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');

/** Flags for a headless Chromium on a machine without internet (CI), with WebGL through SwiftShader. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export function chromiumPath() {
  const candidates = [process.env.C2M_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`Chromium not found (tried ${candidates.join(', ')}); install it with "apt-get install -y chromium" or set C2M_CHROMIUM`);
  return found;
}

function countResults(suite, tally, file, path = []) {
  if (!suite) return;
  for (const t of suite.tests) {
    if (t.skipped) continue;
    if (t.passed) tally.passed++;
    else {
      tally.failed++;
      const message = t.error?.message?.split('\n')[0] ?? '';
      tally.failures.push(`${file} › ${[...path, t.name].join(' › ')}${message ? `: ${message}` : ''}`);
    }
  }
  for (const s of suite.suites) countResults(s, tally, file, [...path, s.name]);
}

/**
 * Counts tests for the one summary line of `pnpm test`: a file that fails to load, or a page error
 * outside any test, counts as one failure so that it cannot pass unnoticed.
 */
export function tallyReporter(label) {
  return {
    onTestRunFinished({ sessions }) {
      const tally = { passed: 0, failed: 0, failures: [] };
      for (const s of sessions) {
        const before = tally.failed;
        const file = relative(root, s.testFile);
        countResults(s.testResults, tally, file);
        if (!s.passed && tally.failed === before) {
          tally.failed++;
          const error = s.errors?.[0]?.message?.split('\n')[0];
          tally.failures.push(`${file} › (the file failed outside its tests${error ? `: ${error}` : ''})`);
        }
      }
      if (process.env.C2M_TEST_TALLY) appendTally(process.env.C2M_TEST_TALLY, tally.passed, tally.failed, tally.failures);
      console.log(`\n${label}: ${tally.passed} passed, ${tally.failed} failed`);
    },
  };
}

/**
 * @param {string} configUrl `import.meta.url` of the package's config file.
 * @param {import('@web/test-runner').TestRunnerConfig} config files and overrides.
 */
export function browserTestConfig(configUrl, config = {}) {
  const pkgDir = dirname(fileURLToPath(configUrl));
  const tsconfig = join(pkgDir, 'tsconfig.json');
  const { plugins = [], files = ['src/**/*.test.ts'], ...rest } = config;
  return {
    rootDir: root,
    files: files.map((f) => join(pkgDir, f)),
    nodeResolve: { exportConditions: ['development', 'browser'] },
    plugins: [esbuildPlugin({ ts: true, target: 'es2022', ...(existsSync(tsconfig) ? { tsconfig } : {}) }), ...plugins],
    browsers: [
      chromeLauncher({
        launchOptions: { executablePath: chromiumPath(), headless: true, args: CHROMIUM_FLAGS },
      }),
    ],
    // Two cores in CI: one page at a time keeps tests that wait for rendering from starving.
    concurrency: 1,
    concurrentBrowsers: 1,
    browserStartTimeout: 60_000,
    testsStartTimeout: 60_000,
    testsFinishTimeout: 10 * 60_000,
    testFramework: { config: { timeout: 60_000 } },
    reporters: [defaultReporter(), summaryReporter({ flatten: false }), tallyReporter(`browser (${pkgDir.slice(root.length + 1)})`)],
    ...rest,
  };
}
