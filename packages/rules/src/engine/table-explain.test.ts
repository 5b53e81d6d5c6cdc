/**
 * Reasons and repairs on the tables (table-explain.ts) against brute force and the SAT path: on small
 * order-book products every reason is minimal against every table (its selections and its tables,
 * checked by enumeration) and every repair is the smallest, equal to the SAT path's; on larger ones,
 * along random walks, reasons are checked with the exact table search and repairs against the SAT
 * path's; a tiny search budget hands questions to the SAT path instead of answering wrongly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileProduct, type Product } from './compile.js';
import { createSession } from './create-session.js';
import { DomainEngine } from './domains.js';
import { explain, repair } from './explain.js';
import { checkRule, type Model } from './model.js';
import { explainTables, repairTables, takeBack } from './table-explain.js';
import { TableDomains, TableSearch } from './table-search.js';
import { createRandom, generateTableCarModel } from '../../bench/generate.js';

function productOf(file: unknown): Product {
  const r = compileProduct(file as never);
  assert.ok(r.ok, 'the generated product compiles');
  return r.product as Product;
}

/** Every complete assignment of a small model, with the tables (positions) each satisfies as a bit mask. */
function assignments(model: Model): Array<{ w: Int32Array; ok: bigint }> {
  const out: Array<{ w: Int32Array; ok: bigint }> = [];
  const w = new Int32Array(model.vars.length);
  const go = (v: number): void => {
    if (v === model.vars.length) {
      let ok = 0n;
      model.rules.forEach((r, t) => {
        if (checkRule(r, w)) ok |= 1n << BigInt(t);
      });
      out.push({ w: w.slice(), ok });
      return;
    }
    for (let k = 0; k < model.vars[v]!.size; k++) {
      w[v] = k;
      go(v + 1);
    }
  };
  go(0);
  return out;
}

/** Brute force: whether v = k is possible with the selections `keep` of `sel` under the tables `tables`. */
function possibleBy(all: ReturnType<typeof assignments>, sel: Int32Array, keep: readonly number[], v: number, k: number, tables: bigint): boolean {
  return all.some(({ w, ok }) => (ok & tables) === tables && w[v] === k && keep.every((u) => w[u] === sel[u]));
}

/** Random selections (each option with chance `selected`), and a value of an option left free. */
function question(model: Model, rnd: ReturnType<typeof createRandom>, selected: number): { sel: Int32Array; v: number; k: number } {
  const sel = Int32Array.from(model.vars, (x) => (rnd.chance(selected) ? rnd.int(x.size) : -1));
  const v = rnd.int(model.vars.length);
  sel[v] = -1;
  return { sel, v, k: rnd.int(model.vars[v]!.size) };
}

/**
 * An order book of 40 options and 60 tables, with a table search and its domains for the questions
 * and a second one that answers exactly (a fresh search, never handing anything on) to check them.
 */
function orderBook(seed: number): { product: Product; model: Model; search: TableSearch; domains: TableDomains; exact: TableDomains } {
  const m = generateTableCarModel({ seed, options: 40, values: 260, maxDomain: 20, tables: 60, cars: 120, families: 6, systems: 5 });
  const product = productOf(m.file);
  const model = product.model;
  const search = new TableSearch(model);
  const domains = new TableDomains(model, search, () => assert.fail('no fallback'));
  const exact = new TableDomains(model, new TableSearch(model), () => assert.fail('no fallback'));
  return { product, model, search, domains, exact };
}

const bits = (ts: readonly number[]): bigint => ts.reduce((m, t) => m | (1n << BigInt(t)), 0n);

test('on small order-book products, reasons are minimal against every table and repairs are the smallest, as the SAT path finds', () => {
  let compared = 0;
  let sameReason = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const rnd = createRandom(seed);
    const m = generateTableCarModel({ seed, options: rnd.range(3, 6), values: 16, maxDomain: 4, tables: rnd.range(2, 6), maxArity: 3, cars: rnd.range(3, 10), families: 2, systems: 2, noise: 0.3 });
    const product = productOf(m.file);
    const model = product.model;
    const all = assignments(model);
    const everyTable = bits(model.rules.map((_, t) => t));
    const search = new TableSearch(model);
    const domains = new TableDomains(model, search, () => assert.fail('no fallback on small products'));
    const positionOf = new Map(model.rules.map((r, t) => [r.index, t]));
    for (let trial = 0; trial < 8; trial++) {
      const sel = Int32Array.from(model.vars, (x) => (rnd.chance(0.6) ? rnd.int(x.size) : -1));
      const order = rnd.sample([...sel.keys()].filter((u) => sel[u]! >= 0), [...sel].filter((k) => k >= 0).length);
      for (const x of model.vars) {
        const v = x.index;
        const items = [...sel.keys()].filter((u) => u !== v && sel[u]! >= 0);
        for (let k = 0; k < x.size; k++) {
          const where = `seed ${seed}, trial ${trial}, ${x.option.id}=${k}`;
          const possible = possibleBy(all, sel, items, v, k, everyTable);
          // A generous time budget: on a loaded machine the default could run out and say "not minimal".
          const reason = explainTables(search, domains, sel, v, k, order, (t) => model.rules[t]!.index, 60_000);
          assert.notEqual(reason, undefined, `${where}: answered on the tables`);
          assert.equal(reason === null, possible, `${where}: a reason exactly when impossible`);
          const status = { minimal: true };
          const drop = repairTables(search, domains, sel, v, k, status, 60_000);
          assert.notEqual(drop, undefined, `${where}: repaired on the tables`);
          const anywhere = possibleBy(all, sel, [], v, k, everyTable);
          assert.equal(drop === null, !anywhere, `${where}: no repair exactly when no configuration has the value`);
          if (drop) {
            assert.ok(status.minimal, `${where}: the repair is proven the smallest`);
            assert.ok(possibleBy(all, sel, items.filter((u) => !drop.includes(u)), v, k, everyTable), `${where}: the repair works`);
            // The smallest: no repair with fewer selections cleared works.
            for (let mask = 0; mask < 1 << items.length; mask++) {
              const fewer = items.filter((_, i) => (mask >> i) & 1);
              if (fewer.length < drop.length) assert.ok(!possibleBy(all, sel, items.filter((u) => !fewer.includes(u)), v, k, everyTable), `${where}: a smaller repair works`);
            }
            // The same hitting sets, so the same tie-break as the SAT path.
            assert.deepEqual(drop, repair(product.main, sel, v, k, undefined, 60_000), `${where}: the SAT path's repair`);
          }
          if (!reason) continue;
          assert.ok(reason.minimal, `${where}: proven minimal`);
          const tables = reason.constraints.map((c) => positionOf.get(c)!);
          // The selections: they exclude the value with every table, and each is needed.
          assert.ok(reason.selections.every((u) => items.includes(u)));
          assert.ok(!possibleBy(all, sel, reason.selections, v, k, everyTable), `${where}: the selections exclude it`);
          for (const u of reason.selections) {
            assert.ok(possibleBy(all, sel, reason.selections.filter((x) => x !== u), v, k, everyTable), `${where}: selection ${u} is needed`);
          }
          // The tables: with those selections they exclude it alone, and each is needed.
          assert.ok(!possibleBy(all, sel, reason.selections, v, k, bits(tables)), `${where}: the tables exclude it`);
          for (const t of tables) {
            assert.ok(possibleBy(all, sel, reason.selections, v, k, bits(tables.filter((x) => x !== t))), `${where}: table ${t} is needed`);
          }
          const viaSat = explain(product.explaining(), sel, v, k, order, product.main, 60_000);
          assert.ok(viaSat);
          compared++;
          if (JSON.stringify([...viaSat.selections].sort()) === JSON.stringify([...reason.selections].sort()) && JSON.stringify(viaSat.constraints) === JSON.stringify(reason.constraints)) sameReason++;
          // Minimal reasons are not unique: where they differ, both are minimal (checked above for this one).
          assert.ok(viaSat.selections.length > 0 || reason.selections.length === 0, `${where}: both need selections, or neither`);
        }
      }
    }
  }
  assert.ok(compared > 100, `${compared} reasons compared`);
  assert.ok(sameReason > 0, `${sameReason} of ${compared} reasons are the SAT path's own`);
});

test('refused selections along random walks on larger order books: reasons minimal (checked by the exact search), repairs the smallest that work', () => {
  const { product, model, search, domains, exact } = orderBook(7);
  const rnd = createRandom(300);
  let refusals = 0;
  let handed = 0;
  for (let walk = 0; walk < 3; walk++) {
    const sel = new Int32Array(model.vars.length).fill(-1);
    const order: number[] = [];
    for (let step = 0; step < 20; step++) {
      const state = exact.compute(sel, null);
      assert.ok(state);
      const v = rnd.int(model.vars.length);
      const k = rnd.int(model.vars[v]!.size);
      const others = Int32Array.from(sel, (x, u) => (u === v ? -1 : x));
      const possible = exact.possible(others, v, k);
      const only = (keep: readonly number[]) => Int32Array.from(others, (x, u) => (keep.includes(u) ? x : -1));
      const reason = explainTables(search, domains, others, v, k, order, (t) => model.rules[t]!.index, 60_000);
      // Undefined: a refutation that needs a search where propagation fails, left to the SAT path.
      if (reason === undefined) handed++;
      else assert.equal(reason === null, possible);
      if (!possible) {
        refusals++;
        if (reason) {
          assert.ok(reason.minimal);
          assert.ok(!exact.possible(only(reason.selections), v, k), 'the reason excludes the value');
          for (const u of reason.selections) assert.ok(exact.possible(only(reason.selections.filter((x) => x !== u)), v, k), 'every selection of the reason is needed');
        }
        const status = { minimal: true };
        const drop = repairTables(search, domains, others, v, k, status, 60_000);
        assert.notEqual(drop, undefined);
        assert.equal(drop === null, !exact.possible(only([]), v, k), 'no repair exactly when no configuration has the value');
        if (!drop) continue;
        assert.ok(status.minimal);
        const items = [...others.keys()].filter((u) => others[u]! >= 0);
        assert.ok(exact.possible(only(items.filter((u) => !drop.includes(u))), v, k), 'the repair works');
        // The SAT path's smallest repair is the same (the same hitting sets, the same tie-break); where
        // its solver budget ran out first, its repair is not smaller.
        const satStatus = { minimal: true };
        const sat = repair(product.main, others, v, k, satStatus, 60_000);
        assert.ok(sat);
        if (satStatus.minimal) assert.deepEqual(drop, sat, 'the repair of the SAT path');
        else assert.ok(drop.length <= sat.length, 'not larger than the repair of the SAT path');
      }
      const open = model.vars.filter((x) => sel[x.index] < 0);
      if (open.length === 0) break;
      const x = rnd.pick(open);
      sel[x.index] = rnd.pick([...state.avail[x.index]!.keys()].filter((kk) => state.avail[x.index]![kk] === 1));
      order.push(x.index);
    }
  }
  assert.ok(refusals > 20, `${refusals} refusals checked`);
  assert.ok(handed < refusals / 4, `${handed} of ${refusals} reasons left to the SAT path`);
});

test('a session of an order book refuses a selection with the reason and repair found on its tables', () => {
  const m = generateTableCarModel({ seed: 5, options: 24, values: 120, maxDomain: 12, tables: 30, cars: 60, families: 4, systems: 4 });
  const product = productOf(m.file);
  const session = createSession(product, { applyDefaults: false });
  const rnd = createRandom(9);
  let refused = 0;
  for (let step = 0; step < 40 && refused < 10; step++) {
    const option = rnd.pick(product.model.vars).option.id;
    const d = session.domain(option);
    assert.ok(d.type === 'choice');
    const unavailable = d.values.filter((x) => !x.available);
    const available = d.values.filter((x) => x.available);
    if (unavailable.length > 0 && rnd.chance(0.5)) {
      const answer = session.select(option, rnd.pick(unavailable).value);
      assert.ok(!answer.ok && answer.reason, 'a refusal gives its reason');
      refused++;
      // Repairs that ran out of time clear more than the fewest selections, so the walk depends on
      // the machine's speed and may reach a value no configuration has: no selection in its reason,
      // and no repair.
      if (answer.reason.selections.length === 0) assert.equal(answer.repair, null, 'no repair for a value no configuration has');
      else assert.ok(answer.repair && session.applyRepair(answer.repair).ok, 'the repair works');
    } else if (available.length > 0) assert.ok(session.select(option, rnd.pick(available).value).ok);
  }
  assert.ok(refused > 3);
});

/**
 * An order book whose table search may use 3 nodes a question (most need more), and 30 questions on
 * it: random selections and a value of an option left free.
 */
function tinyBudget(): { product: Product; model: Model; search: TableSearch; domains: TableDomains; questions: Array<{ sel: Int32Array; v: number; k: number }> } {
  const m = generateTableCarModel({ seed: 7, options: 40, values: 260, maxDomain: 20, tables: 60, cars: 120, families: 6, systems: 5 });
  const product = productOf(m.file);
  const model = product.model;
  const search = new TableSearch(model, 3);
  const domains = new TableDomains(model, search, () => new DomainEngine(product.main));
  const rnd = createRandom(17);
  const questions = Array.from({ length: 30 }, () => {
    return question(model, rnd, 0.3);
  });
  return { product, model, search, domains, questions };
}

test('a tiny search budget hands questions it cannot settle to the SAT path, never a wrong answer', () => {
  const { product, model, search, domains, questions } = tinyBudget();
  let handed = 0;
  for (const { sel, v, k } of questions) {
    const order = [...sel.keys()].filter((u) => sel[u]! >= 0);
    const viaSat = explain(product.explaining(), sel, v, k, order, product.main, 60_000);
    const reason = explainTables(search, domains, sel, v, k, order, (t) => model.rules[t]!.index, 60_000);
    if (reason === undefined) handed++;
    else assert.equal(reason === null, viaSat === null, 'a reason exactly when the SAT path has one');
    const status = { minimal: true };
    const drop = repairTables(search, domains, sel, v, k, status, 60_000);
    if (drop === undefined) handed++;
    else if (status.minimal) assert.deepEqual(drop, repair(product.main, sel, v, k, undefined, 60_000));
  }
  assert.ok(handed > 0, 'some questions went to the SAT path');
});

test('a repair whose question runs out of its search budget stops with a repair that works, marked not minimal', () => {
  const { model, search, domains, questions } = tinyBudget();
  const exact = new TableDomains(model, new TableSearch(model), () => assert.fail('no fallback'));
  let stopped = 0;
  for (const [trial, { sel, v, k }] of questions.entries()) {
    const status = { minimal: true };
    const drop = repairTables(search, domains, sel, v, k, status, 60_000);
    if (!drop) continue;
    const kept = Int32Array.from(sel, (x, u) => (drop.includes(u) ? -1 : x));
    assert.ok(exact.possible(kept, v, k), `trial ${trial}: the repair works`);
    if (!status.minimal) stopped++;
  }
  assert.ok(stopped > 0, 'some repairs stopped on a search budget');
});

test('taking selections back into a configuration keeps it valid, with the value, and leaves none that could be taken back alone', () => {
  const m = generateTableCarModel({ seed: 3, options: 30, values: 200, maxDomain: 16, tables: 45, cars: 90, families: 5, systems: 4 });
  const product = productOf(m.file);
  const model = product.model;
  const search = new TableSearch(model);
  const valid = (w: Int32Array) => model.rules.every((r) => checkRule(r, w));
  const rnd = createRandom(21);
  let takenBack = 0;
  for (let trial = 0; trial < 60; trial++) {
    const { sel, v, k } = question(model, rnd, 0.7);
    if (!search.begin(v, k)) continue;
    const w = search.witness(null);
    if (!w) continue;
    const items = [...sel.keys()].filter((u) => sel[u]! >= 0);
    const back = takeBack(search, w, items, sel);
    assert.ok(valid(back), `trial ${trial}: still a valid configuration`);
    assert.equal(back[v], k, `trial ${trial}: still with the value`);
    for (const u of items) {
      if (w[u] === sel[u]) assert.equal(back[u], sel[u], `trial ${trial}: a selection it had stays`);
      if (back[u] === sel[u]) continue;
      const one = back.slice();
      one[u] = sel[u]!;
      assert.ok(!valid(one), `trial ${trial}: option ${u} could have been taken back`);
    }
    if (items.some((u) => w[u] !== sel[u] && back[u] === sel[u])) takenBack++;
  }
  assert.ok(takenBack > 5, `selections were taken back in ${takenBack} trials`);
});

test('a repair that runs out of time gives up no more than its configurations with every selection they can take back', () => {
  const { model, search, domains, exact } = orderBook(4);
  const rnd = createRandom(23);
  let compared = 0;
  for (let trial = 0; trial < 40; trial++) {
    const { sel, v, k } = question(model, rnd, 0.8);
    if (!search.begin(v, k) || !search.witness(null)) continue;
    // No time: the repair is the fallback's, from configurations with the value.
    const status = { minimal: true };
    const drop = repairTables(search, domains, sel, v, k, status, 0);
    assert.ok(drop, `trial ${trial}: a repair`);
    const kept = Int32Array.from(sel, (x, u) => (drop.includes(u) ? -1 : x));
    assert.ok(exact.possible(kept, v, k), `trial ${trial}: the repair works`);
    if (status.minimal) continue;
    // Every configuration with the value it knew, taken back, gives up at least as much.
    const items = [...sel.keys()].filter((u) => u !== v && sel[u]! >= 0);
    for (const w of domains.pool.filter((w) => w[v] === k)) {
      const back = takeBack(search, w, items, sel);
      assert.ok(items.filter((u) => back[u] !== sel[u]).length >= drop.length, `trial ${trial}: no known configuration gives up fewer`);
    }
    compared++;
  }
  assert.ok(compared > 5, `${compared} repairs came from the fallback`);
});
