import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exampleNames, examplePaths, readExample } from '../examples/index.js';
import { createPageSession } from './index.js';
import { productProblems } from './check.js';
import { compileProduct, createLocalSession, createSession } from './engine.js';
import type { AsyncSession } from './api.js';

/** The same product in a session of the synchronous engine (every part loaded up front). */
function fullSession(file: unknown): AsyncSession {
  const r = compileProduct(file);
  assert.ok(r.ok);
  return createLocalSession(createSession(r.product));
}

for (const name of exampleNames) {
  test(`createPageSession (${name}): the same domains, prices and counts as the synchronous engine`, async () => {
    const file = readExample(name);
    const opened = await createPageSession({ file }, { counter: () => import('./count.js') });
    assert.ok(opened.ok, JSON.stringify(!opened.ok && opened.issues));
    const page = opened.session;
    const full = fullSession(file);
    assert.equal(page.mode, 'page');
    assert.equal(page.digest, full.digest);
    assert.deepEqual(page.state.domains, full.state.domains);
    // Counting is fetched on the first count: exact, and equal to the engine's.
    assert.deepEqual({ ...(await page.count()), elapsedMs: 0 }, { ...(await full.count()), elapsedMs: 0 });
    // A walk: the first available value of each option in turn, compared after every step.
    let steps = 0;
    for (const { option } of full.state.domains) {
      const domain = full.state.domains.find((d) => d.option === option)!;
      if ((domain.type !== 'choice' && domain.type !== 'boolean') || !domain.applicable) continue;
      const value = domain.values.find((v) => v.available && full.state.selections[option] !== v.value)?.value;
      if (value === undefined) continue;
      assert.deepEqual(await page.select(option, value), await full.select(option, value));
      assert.deepEqual(page.state.domains, full.state.domains);
      assert.deepEqual(page.state.quote, full.state.quote);
      steps++;
    }
    assert.ok(steps >= 2, `a walk of ${steps} steps`);
    assert.deepEqual({ ...(await page.count({ budgetMs: Infinity })), elapsedMs: 0 }, { ...(await full.count({ budgetMs: Infinity })), elapsedMs: 0 });
    page.dispose();
    await assert.rejects(page.count(), /disposed/);
  });
}

test('createPageSession refuses a broken file with brief issues; productProblems words them, with line and column', async () => {
  const original = readFileSync(examplePaths['oak-table'], 'utf8');
  assert.ok(original.includes('"currency": "EUR"'));
  const text = original.replace('"currency": "EUR"', '"currency": "eur"');
  const opened = await createPageSession({ text });
  assert.equal(opened.ok, false);
  const brief = opened.issues.find((i) => i.severity === 'error');
  assert.ok(brief, 'an error');
  assert.deepEqual(brief.path, ['product', 'currency']);
  assert.equal(brief.source, undefined, 'the shop path knows no positions');
  const problems = productProblems({ text });
  const issue = problems.find((i) => i.severity === 'error');
  assert.ok(issue, 'an error');
  assert.deepEqual([issue.code, issue.path], [brief.code, brief.path], 'the same problem');
  assert.ok(issue.source && issue.source.line > 1, 'with its line');
  assert.ok(issue.message.length > 20 && !issue.message.includes(`: ${issue.code}`), `worded: ${issue.message}`);
  const fromObject = productProblems({ file: JSON.parse(text) as unknown }).find((i) => i.severity === 'error');
  assert.deepEqual([fromObject?.code, fromObject?.path, fromObject?.message], [issue.code, issue.path, issue.message], 'an object: the same, without position');
  const chinese = productProblems({ text }, { locale: 'zh-CN' }).find((i) => i.severity === 'error');
  assert.ok(chinese && /[\u4e00-\u9fff]/.test(chinese.message), `in Chinese: ${chinese?.message}`);
});

/** The metafile of `entry` (a module of this folder) bundled as a page's bundler splits it. */
async function bundleGraph(entry: string) {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    splitting: true,
    outdir: 'out',
    metafile: true,
    logLevel: 'silent',
  });
  return out.metafile;
}

test('the main entry cannot fetch the complete checks or counting: no import of them in what createPageSession loads', async () => {
  const inputs = Object.keys((await bundleGraph('./index.ts')).inputs);
  assert.ok(inputs.some((p) => p.endsWith('engine/open.ts')), 'the engine is in the graph');
  assert.deepEqual(inputs.filter((p) => /src\/check\.ts$|validate\/check\.ts$|issues\/messages|engine\/count\.ts$/.test(p)), []);
});

test('a page session counts only with a counter, which it fetches on the first count', async () => {
  let loads = 0;
  const counted = await createPageSession({ file: readExample('mug') }, { counter: () => (loads++, import('./count.js')) });
  assert.ok(counted.ok);
  assert.equal(loads, 0, 'not fetched when the session opens');
  const first = await counted.session.count();
  await counted.session.count();
  assert.equal(loads, 1, 'fetched once');
  assert.ok(first.exact && first.count > 0n);
  const plain = await createPageSession({ file: readExample('mug') });
  assert.ok(plain.ok);
  await assert.rejects(plain.session.count(), /counter: \(\) => import\('@c2m\/rules\/count'\)/);
});

test('createPageSession rejects with the reason of an aborted signal', async () => {
  const controller = new AbortController();
  controller.abort(new Error('superseded'));
  await assert.rejects(createPageSession({ file: readExample('mug') }, { signal: controller.signal }), /superseded/);
  const later = new AbortController();
  const pending = createPageSession({ file: readExample('mug') }, { signal: later.signal });
  later.abort(new Error('gone'));
  await assert.rejects(pending, /gone/);
});

test('reasons, repairs and the specification are fetched after opening, not up front (manufacturers\' questions never); calls made at once wait for them', async () => {
  const metafile = await bundleGraph('./engine/open.ts');
  const entry = Object.values(metafile.outputs).find((o) => o.entryPoint?.endsWith('engine/open.ts'))!;
  const upFront = new Set<string>();
  const visit = (o: typeof entry) => {
    for (const input of Object.keys(o.inputs)) upFront.add(input);
    for (const i of o.imports) if (i.kind === 'import-statement') visit(metafile.outputs[i.path]!);
  };
  visit(entry);
  assert.ok([...upFront].some((p) => p.endsWith('engine/session.ts')), 'the session is up front');
  assert.deepEqual([...upFront].filter((p) => /engine\/(explain|later|questions)\.ts$|src\/specification\.ts$/.test(p)), []);

  // Selections under which the suit refuses some values (found on the synchronous engine), given
  // when the session opens; asked at once, the page session's answers are the engine's.
  const file = readExample('suit');
  const full = fullSession(file);
  const unavailable = () => full.state.domains.flatMap((d) => (d.type === 'choice' ? d.values.filter((v) => !v.available).map((v) => ({ option: d.option, value: v.value })) : []));
  for (const d of full.state.domains) {
    if (unavailable().length > 0) break;
    if (d.type === 'choice' && d.applicable) await full.select(d.option, d.values.at(-1)!.value);
  }
  const refused = unavailable();
  assert.ok(refused.length > 0, 'the suit has unavailable values');
  const chosen = Object.fromEntries(Object.entries(full.state.selections).filter(([id]) => full.state.origins[id] === 'user'));
  const opened = await createPageSession({ file }, { selections: chosen });
  assert.ok(opened.ok);
  const page = opened.session;
  assert.deepEqual(page.state.domains, full.state.domains);
  const { option, value } = refused[0]!;
  const [reason, repair, result] = await Promise.all([page.explain(option, value), page.repair(option, value), page.select(option, value)]);
  assert.ok(reason, 'a reason');
  // The same answers; one marked not minimal (a time budget ran out on a loaded machine) is only
  // required to be there.
  const same = <T extends { minimal?: boolean } | null | undefined>(a: T, b: T, what: string) => {
    if (a?.minimal === false || b?.minimal === false) assert.ok(a && b, what);
    else assert.deepEqual(a, b, what);
  };
  same(reason, await full.explain(option, value), 'the reason');
  same(repair, await full.repair(option, value), 'the repair');
  const expected = await full.select(option, value);
  assert.ok(!result.ok && !expected.ok);
  assert.deepEqual([result.error, result.message], [expected.error, expected.message]);
  same(result.reason, expected.reason, "the refusal's reason");
  same(result.repair, expected.repair, "the refusal's repair");
  await page.autocomplete();
  await full.autocomplete();
  const now = new Date(0);
  assert.deepEqual(await page.toSpecification({ now }), await full.toSpecification({ now }));
  page.dispose();
});
