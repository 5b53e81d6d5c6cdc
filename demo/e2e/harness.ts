/**
 * The end-to-end tests' set-up: the demo as `pnpm start` runs it (embed built when stale, the
 * reference backend on a fresh PGlite database, the storefront and desk on one port), Chromium
 * through playwright-core, and the shopper's view of the page: what the CSP refused, which c2m
 * events fired, what the page threw.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '@c2m/browser-testing';
import { ensureEmbed, repoRoot } from '../src/build.js';
import { startDemo, type Demo } from '../src/server.js';

export interface Harness {
  demo: Demo;
  browser: Browser;
  /** A new shopper (own storage, own IndexedDB outbox) on `path` of the demo. */
  open(path: string): Promise<Shopper>;
  close(): Promise<void>;
}

export interface Shopper {
  context: BrowserContext;
  page: Page;
  /** CSP violations reported by the page (`securitypolicyviolation`), as "directive: sample/URL". */
  violations(): Promise<string[]>;
  /** c2m events seen on the page, in order (`c2m-ready`, `c2m-viewer-load`, `c2m-submitted`, …). */
  events(): Promise<string[]>;
  /** Resolves when `type` has fired on the page (also if it fired before the call). */
  waitForEvent(type: string, timeout?: number): Promise<void>;
  /** Uncaught errors of the page. */
  errors: string[];
}

declare global {
  var __c2mTest: { violations: string[]; events: string[] };
}

/** Records what the test asks about, from the first script on, in every page of a context. */
function recorder(): void {
  globalThis.__c2mTest = { violations: [], events: [] };
  document.addEventListener('securitypolicyviolation', (e) => {
    globalThis.__c2mTest.violations.push(`${e.effectiveDirective}: ${e.sample || e.blockedURI}`);
  });
  for (const type of ['c2m-ready', 'c2m-change', 'c2m-submit', 'c2m-submitted', 'c2m-error', 'c2m-viewer-load', 'c2m-viewer-error']) {
    document.addEventListener(type, () => globalThis.__c2mTest.events.push(type), true);
  }
}

export async function startHarness(): Promise<Harness> {
  await ensureEmbed();
  const dataDir = mkdtempSync(join(tmpdir(), 'c2m-demo-e2e-'));
  const demo = await startDemo({ port: 0, database: { dataDir } });
  const browser = await launchChromium();
  const contexts = new Set<BrowserContext>();
  return {
    demo,
    browser,
    async open(path) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
      contexts.add(context);
      context.setDefaultTimeout(60_000);
      await context.addInitScript(recorder);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e?.stack ?? e)));
      await page.goto(new URL(path, demo.url).href);
      return {
        context,
        page,
        errors,
        violations: () => page.evaluate(() => [...globalThis.__c2mTest.violations]),
        events: () => page.evaluate(() => [...globalThis.__c2mTest.events]),
        waitForEvent: async (type, timeout = 90_000) => {
          await page.waitForFunction((t) => globalThis.__c2mTest.events.includes(t), type, { timeout });
        },
      };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await demo.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Takes a screenshot (always: a failure to take one fails the test); writes it to `docs/images/`
 * only when `C2M_SCREENSHOTS=1` (`pnpm screenshots`), so that test runs leave the tree clean.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean; selector?: string } = {}): Promise<Buffer> {
  if (!options.selector) {
    // From the top of the page, as a visitor first sees it (the test may have scrolled to a control).
    await page.evaluate(() => new Promise((done) => {
      window.scrollTo(0, 0);
      requestAnimationFrame(() => requestAnimationFrame(done));
    }));
  }
  const png = options.selector ? await page.locator(options.selector).first().screenshot() : await page.screenshot({ fullPage: options.fullPage ?? false });
  if (png.length < 1000) throw new Error(`the screenshot ${name} is empty`);
  if (process.env.C2M_SCREENSHOTS === '1') {
    const dir = join(repoRoot, 'docs', 'images');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.png`), png);
  }
  return png;
}
