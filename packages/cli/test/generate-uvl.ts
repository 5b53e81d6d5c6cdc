/**
 * Generates industrial-size UVL feature models for measuring the CLI: a random tree with every group
 * kind and random cross-tree constraints that a set of hidden witness configurations all satisfy, so
 * the model is satisfiable and, as in real models, most features stay free (a single witness would
 * force or kill most of them). Deterministic for a given seed.
 *
 *   node --import tsx packages/cli/test/generate-uvl.ts [features=2500] [constraints=2800] [seed=1] > big.uvl
 */

import { seededRandom } from '@c2m/rules/testing';

interface Node {
  name: string;
  children: Array<{ kind: string; nodes: Node[] }>;
}

/** Configurations every cross-tree constraint must keep valid. */
const WITNESSES = 24;

export interface GenerateOptions {
  features: number;
  constraints: number;
  seed?: number;
}

export function generateUvl({ features, constraints, seed = 1 }: GenerateOptions): string {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const nodes: Node[] = [{ name: 'Root', children: [] }];
  const open: Node[] = [nodes[0]];
  // Breadth-first growth: each open feature gets one or two groups of 2–6 children.
  while (nodes.length < features && open.length > 0) {
    const parent = open.shift()!;
    const groups = rnd() < 0.3 ? 2 : 1;
    for (let g = 0; g < groups && nodes.length < features; g++) {
      const r = rnd();
      const size = Math.min(features - nodes.length, 2 + Math.floor(rnd() * 5));
      let kind = r < 0.25 ? 'mandatory' : r < 0.6 ? 'optional' : r < 0.78 ? 'alternative' : r < 0.93 ? 'or' : '';
      if (kind === '') {
        const lo = Math.floor(rnd() * 2) + 1;
        kind = size >= lo ? `[${lo}..${Math.min(size, lo + 1 + Math.floor(rnd() * 2))}]` : 'optional';
      }
      if (size < 1) break;
      const group = { kind, nodes: [] as Node[] };
      for (let k = 0; k < size; k++) {
        const child: Node = { name: `F${nodes.length}`, children: [] };
        nodes.push(child);
        group.nodes.push(child);
        open.push(child);
      }
      parent.children.push(group);
    }
  }
  // Witness configurations chosen top-down, respecting every group.
  let on = new Set<string>();
  const choose = (n: Node) => {
    on.add(n.name);
    for (const g of n.children) {
      const m = /^\[(\d+)\.\.(\d+)\]$/.exec(g.kind);
      let chosen: Node[];
      if (g.kind === 'mandatory') chosen = g.nodes;
      else if (g.kind === 'alternative') chosen = [pick(g.nodes)];
      else if (g.kind === 'or') chosen = g.nodes.filter(() => rnd() < 0.5).concat();
      else if (m) {
        const want = Number(m[1]) + Math.floor(rnd() * (Number(m[2]) - Number(m[1]) + 1));
        chosen = [...g.nodes].sort(() => rnd() - 0.5).slice(0, want);
      } else chosen = g.nodes.filter(() => rnd() < 0.5);
      if (g.kind === 'or' && chosen.length === 0) chosen = [pick(g.nodes)];
      for (const c of chosen) choose(c);
    }
  };
  const witnesses: Array<Set<string>> = [];
  for (let w = 0; w < WITNESSES; w++) {
    on = new Set<string>();
    choose(nodes[0]);
    witnesses.push(on);
  }
  const names = nodes.slice(1).map((n) => n.name);
  // A literal's value in every witness, as a bit mask (one bit per witness).
  const lit = () => {
    const name = pick(names);
    let value = 0;
    witnesses.forEach((set, w) => {
      if (set.has(name)) value |= 1 << w;
    });
    return { text: name, value };
  };
  const ALL = 2 ** WITNESSES - 1;
  const lines: string[] = [];
  while (lines.length < constraints) {
    const a = lit();
    const b = lit();
    const r = rnd();
    let text: string;
    let truth: number;
    if (r < 0.45) {
      text = `${a.text} => ${b.text}`;
      truth = ~a.value | b.value;
    } else if (r < 0.75) {
      text = `${a.text} => !${b.text}`;
      truth = ~a.value | ~b.value;
    } else if (r < 0.85) {
      const c = lit();
      text = `${a.text} & ${b.text} => ${c.text}`;
      truth = ~(a.value & b.value) | c.value;
    } else if (r < 0.95) {
      const c = lit();
      text = `${a.text} => ${b.text} | !${c.text}`;
      truth = ~a.value | b.value | ~c.value;
    } else {
      text = `(${a.text} | ${b.text}) <=> !(!${a.text} & !${b.text})`;
      truth = ALL;
    }
    if ((truth & ALL) === ALL && a.text !== b.text) lines.push(text);
  }
  const out: string[] = ['features'];
  const write = (n: Node, depth: number) => {
    out.push(`${'\t'.repeat(depth)}${n.name}`);
    for (const g of n.children) {
      out.push(`${'\t'.repeat(depth + 1)}${g.kind}`);
      for (const c of g.nodes) write(c, depth + 2);
    }
  };
  write(nodes[0], 1);
  out.push('constraints', ...lines.map((l) => `\t${l}`), '');
  return out.join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!)) {
  const [features = '2500', constraints = '2800', seed = '1'] = process.argv.slice(2);
  process.stdout.write(generateUvl({ features: Number(features), constraints: Number(constraints), seed: Number(seed) }));
}
