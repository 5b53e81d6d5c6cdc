// A session driven through its module worker in real Chromium, on a page served with a strict
// Content-Security-Policy (no 'unsafe-eval', no blob: workers, reports posted back to the server):
// the same operations as in the page, states in order, errors as errors, no policy violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { launchChromium, servePage } from '@c2m/browser-testing';
import { examplePaths } from '../../examples/index.js';
import { compileForPage } from '../engine/compile-for-page.js';

const CSP = "default-src 'none'; script-src 'self'; worker-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; report-uri /csp-report";

/** A CSP violation report as Chromium posts it. */
interface Report {
  'csp-report': { 'document-uri': string; 'violated-directive': string; 'blocked-uri': string; 'source-file'?: string };
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
let browser: Browser | undefined;
let site: { url: string; close(): Promise<void> } | undefined;
const reports: Report[] = [];
const waiting: Array<() => void> = [];
const suit = JSON.stringify(parseYaml(readFileSync(examplePaths.suit, 'utf8')));
const compiled = compileForPage({ text: suit });

before(async () => {
  site = await servePage(here('../testing/worker-page.ts'), {
    headers: { 'Content-Security-Policy': CSP },
    files: {
      '/thread.js': { entry: here('./thread.ts') },
      '/probe.js': { entry: here('../testing/csp-probe.ts') },
      '/suit.json': { body: suit, type: 'application/json' },
      '/suit.compiled.json': { body: compiled.ok ? compiled.text : '', type: 'application/vnd.c2m.compiled+json' },
    },
    onPost: (path, body) => {
      if (path !== '/csp-report') return;
      reports.push(JSON.parse(body) as Report);
      for (const wake of waiting.splice(0)) wake();
    },
  });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

/** Waits for a CSP report matching `wanted` (the server may have it already). */
async function report(wanted: (r: Report['csp-report']) => boolean): Promise<Report['csp-report']> {
  for (;;) {
    const found = reports.find((r) => wanted(r['csp-report']));
    if (found) return found['csp-report'];
    await new Promise<void>((wake) => waiting.push(wake));
  }
}

async function open(): Promise<Page> {
  const context = await browser!.newContext();
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  await page.goto(site!.url);
  await page.waitForFunction(() => typeof globalThis.c2m === 'object');
  return page;
}

// A failure must fail, not hang: page.evaluate itself has no timeout.
const LIMIT = { timeout: 60_000 };

test('a session runs in a module worker: the same operations, states in order, errors as errors', LIMIT, async () => {
  const page = await open();
  try {
    const seen = await page.evaluate(async () => {
      const text = await (await fetch('/suit.json')).text();
      const opened = await globalThis.c2m.createWorkerSession({ text }, { locale: 'zh-CN' });
      if (!opened.ok) throw new Error(JSON.stringify(opened.issues));
      const s = opened.session;
      const versions: number[] = [];
      s.subscribe((state) => versions.push(state.version));
      const first = s.state;
      // Two changes sent at once are applied in order; each answer carries its own state.
      const [linen, monogram] = await Promise.all([s.select('fabric', 'baird_mcnutt_linen_sand'), s.select('monogram', true)]);
      const afterTwo = s.state;
      let incomplete: { name: string; missing: readonly string[] } | null = null;
      try {
        await s.toSpecification();
      } catch (e) {
        incomplete = { name: (e as Error).name, missing: (e as { missing: readonly string[] }).missing };
      }
      const refused = await s.select('jacket_style', 'no-such-style');
      await s.select('monogram_text', '张伟');
      const spec = await s.toSpecification({ now: new Date('2026-11-25T12:00:00Z') });
      const explained = await s.explain('lining_type', 'full');
      const available = await s.isAvailable('lining_type', 'full');
      const undone = await s.undo();
      await s.setLocale('en');
      const count = await s.count({ budgetMs: 50 });
      s.dispose();
      let disposed = '';
      try {
        await s.select('fit', 'slim');
      } catch (e) {
        disposed = (e as Error).message;
      }
      return {
        mode: s.mode,
        digest: s.digest,
        productId: s.file.product.id,
        constraints: s.file.constraints.map((c) => c.id),
        fileJson: JSON.parse(JSON.stringify(s.file)).constraints.length,
        options: first.domains.length,
        firstSelections: first.selections,
        linen,
        monogram,
        afterTwo: { version: afterTwo.version, fabric: afterTwo.selections.fabric, lining: afterTwo.selections.lining_type, thread: afterTwo.domains.find((d) => d.option === 'monogram_thread') },
        incomplete,
        refused,
        spec: { text: spec.selections.monogram_text, locale: spec.locale, digest: spec.product.digest, total: spec.quote.total },
        explained,
        available,
        undone,
        last: { locale: s.state.locale, text: s.state.selections.monogram_text },
        countType: count.exact ? typeof count.count : 'budget',
        versions,
        disposed,
      };
    });
    assert.equal(seen.mode, 'worker');
    assert.match(seen.digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(seen.productId, 'mtm-suit');
    assert.equal(seen.options, 31);
    // The constraints came as text and are read on first use: the same as the file's, in order.
    const constraints = (JSON.parse(suit) as { constraints: Array<{ id: string }> }).constraints.map((c) => c.id);
    assert.ok(constraints.length > 0);
    assert.deepEqual(seen.constraints, constraints);
    assert.equal(seen.fileJson, constraints.length);
    assert.equal(seen.firstSelections.fabric, 'vbc_perennial_navy', 'defaults applied in the worker');
    assert.deepEqual(seen.linen.ok && seen.linen.defaults?.map((d) => [d.option, d.from, d.to]), [
      ['lining_type', 'full', 'half'],
      ['lining_colour', 'bemberg_burgundy', 'bemberg_navy'],
    ]);
    assert.deepEqual(seen.linen.ok && seen.linen.defaults?.[0].reason?.constraints.map((c) => c.id), ['linen-lining']);
    assert.match(seen.linen.ok ? seen.linen.defaults![0].reason!.constraints[0].message : '', /亚麻/, 'messages in the session locale');
    assert.deepEqual(seen.monogram, { ok: true });
    assert.deepEqual(seen.afterTwo.fabric, 'baird_mcnutt_linen_sand');
    assert.equal(seen.afterTwo.lining, 'half');
    assert.equal(seen.afterTwo.thread?.applicable, true);
    assert.equal(seen.afterTwo.version, 2);
    assert.deepEqual(seen.incomplete, { name: 'IncompleteConfigurationError', missing: ['monogram_text'] });
    assert.equal(seen.refused.ok, false);
    assert.equal(!seen.refused.ok && seen.refused.error, 'invalid-value');
    assert.deepEqual(seen.spec, { text: '张伟', locale: 'zh-CN', digest: seen.digest, total: seen.spec.total });
    assert.ok(seen.spec.total > 399900);
    assert.equal(seen.available, false);
    assert.deepEqual(seen.explained?.constraints.map((c) => c.id), ['linen-lining']);
    assert.equal(seen.undone, true);
    assert.deepEqual(seen.last, { locale: 'en', text: undefined });
    assert.ok(['bigint', 'budget'].includes(seen.countType));
    assert.deepEqual(seen.versions, [1, 2, 3, 4, 5], 'every change, once, in order');
    assert.match(seen.disposed, /disposed/);
  } finally {
    await page.context().close();
  }
});

test('a product file with errors comes back as issues with line and column', LIMIT, async () => {
  const page = await open();
  try {
    const r = await page.evaluate(() => globalThis.c2m.createWorkerSession({ text: '{"schemaVersion": 1,\n  "product": 3 }' }));
    assert.equal(r.ok, false);
    assert.ok(r.issues.some((i) => i.path[0] === 'product' && i.source?.line === 2), JSON.stringify(r.issues));
    // Worded in the worker, in the session's language (the page needs no checks of its own).
    const zh = await page.evaluate(() => globalThis.c2m.createWorkerSession({ text: '{"schemaVersion": 1,\n  "product": 3 }' }, { locale: 'zh-CN' }));
    const en = r.issues.find((i) => i.path[0] === 'product')!;
    const same = !zh.ok ? zh.issues.find((i) => i.path[0] === 'product' && i.code === en.code) : undefined;
    assert.ok(same && same.message !== en.message && /[\u4e00-\u9fff]/.test(same.message), JSON.stringify([en, same]));
    const parsed = await page.evaluate(async () => {
      const file = { schemaVersion: 1, product: { id: 'x', version: '1', name: 'X', currency: 'CNY' }, options: [{ id: 'a', type: 'boolean', label: 'A' }] };
      const r = await globalThis.c2m.createWorkerSession({ file });
      return r.ok ? r.session.state.domains.map((d) => d.option) : r.issues;
    });
    assert.deepEqual(parsed, ['a']);
  } finally {
    await page.context().close();
  }
});

test('a worker that cannot start, an aborted start and a disposed session reject instead of hanging', LIMIT, async () => {
  const page = await open();
  try {
    const outcomes = await page.evaluate(async () => {
      const text = await (await fetch('/suit.json')).text();
      const controller = new AbortController();
      const tries: Array<Promise<unknown>> = [
        globalThis.c2m.createWorkerSession({ text }, { worker: () => new Worker('/missing.js', { type: 'module' }) }),
        globalThis.c2m.createWorkerSession({ text }, { signal: controller.signal }),
        globalThis.c2m.createWorkerSession({ text }, { signal: AbortSignal.abort() }),
      ];
      controller.abort();
      const opened = await globalThis.c2m.createWorkerSession({ text });
      if (!opened.ok) throw new Error('the suit should open');
      tries.push(opened.session.autocomplete());
      opened.session.dispose();
      const [missing, aborted, before, cut] = (await Promise.allSettled(tries)).map((r) =>
        r.status === 'fulfilled' ? 'resolved' : `${(r.reason as Error).name}: ${(r.reason as Error).message}`,
      );
      return { missing, aborted, before, cut };
    });
    assert.match(outcomes.missing, /the session worker failed/);
    assert.match(outcomes.aborted, /^AbortError/);
    assert.match(outcomes.before, /^AbortError/);
    assert.match(outcomes.cut, /disposed/);
  } finally {
    await page.context().close();
  }
});

test('the policy holds: blob: workers are refused, and the session worker breaks no rule of it', LIMIT, async () => {
  const page = await open();
  try {
    const blob = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          try {
            const w = new Worker(URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' })));
            w.onmessage = () => resolve('ran');
            w.onerror = () => resolve('refused');
          } catch (e) {
            resolve(`refused: ${(e as Error).name}`);
          }
        }),
    );
    assert.match(blob, /^refused/);
    // A whole session in the worker: parse, check, compile, changes, a specification; and a broken
    // file, whose complete checks the worker loads on demand.
    await page.evaluate(async () => {
      const text = await (await fetch('/suit.json')).text();
      const broken = await globalThis.c2m.createWorkerSession({ text: text.replace('"currency":"CNY"', '"currency":"yuan"') });
      if (broken.ok || !broken.issues.some((i) => i.source)) throw new Error('the broken file should be refused with positions');
      const opened = await globalThis.c2m.createWorkerSession({ text });
      if (!opened.ok) throw new Error('the suit should open');
      await opened.session.select('jacket_style', 'dinner_jacket');
      await opened.session.autocomplete();
      await opened.session.toSpecification();
      opened.session.dispose();
    });
    // The probe breaks the policy on purpose; once its report is in, the worker's would be too.
    await page.evaluate(() => new Promise((resolve) => (new Worker('/probe.js', { type: 'module' }).onmessage = resolve)));
    const probe = await report((r) => (r['source-file'] ?? '').endsWith('/probe.js'));
    assert.match(probe['violated-directive'], /script-src/);
    const fromSession = reports.map((r) => r['csp-report']).filter((r) => !(r['source-file'] ?? '').endsWith('/probe.js') && r['blocked-uri'] !== 'blob');
    assert.deepEqual(fromSession, [], 'no violation but the probe and the blob: worker');
  } finally {
    await page.context().close();
  }
});

test('a compiled product runs in the worker as its product file does: the same state, digest and answers', LIMIT, async () => {
  assert.ok(compiled.ok);
  const page = await open();
  try {
    const seen = await page.evaluate(async () => {
      const run = async (url: string) => {
        const opened = await globalThis.c2m.createWorkerSession({ text: await (await fetch(url)).text() });
        if (!opened.ok) throw new Error(JSON.stringify(opened.issues));
        const s = opened.session;
        const linen = await s.select('fabric', 'baird_mcnutt_linen_sand');
        const refused = await s.select('lining_type', 'full');
        await s.autocomplete();
        const spec = await s.toSpecification({ now: new Date('2026-11-25T12:00:00Z') });
        const out = { digest: s.digest, issues: opened.issues, constraints: s.file.constraints.length, state: { ...s.state, version: 0 }, linen, refused, spec };
        s.dispose();
        return out;
      };
      return { file: await run('/suit.json'), compiled: await run('/suit.compiled.json') };
    });
    assert.deepEqual(seen.compiled, seen.file);
    assert.match(seen.compiled.digest, /^sha256:[0-9a-f]{64}$/);
  } finally {
    await page.context().close();
  }
});

test("the page's bundle holds no engine: compiling and configuring happen in the worker", async () => {
  const page = await (await fetch(new URL('app.js', site!.url))).text();
  const worker = await (await fetch(new URL('thread.js', site!.url))).text();
  for (const code of ['Solver = class', 'function buildModel', 'function checkProductFile']) {
    assert.ok(worker.includes(code), `the worker has ${code}`);
    assert.ok(!page.includes(code), `the page has no ${code}`);
  }
  assert.ok(page.length < 20_000, `the page's part is small (${page.length} characters)`);
});
