/**
 * A counting state as a DIMACS CNF file, so that any exact #SAT counter (sharpSAT, d4, ganak, or an
 * independent one of the team's, as for issue #13) can be checked against the engine: the clauses are
 * `countingClauses` (count-cnf.ts), whose models are exactly the valid configurations, one for one, so
 * the file's model count over all its variables is the configuration count; the state's selections
 * are unit clauses.
 *
 * @packageDocumentation
 */
import type { CountingCnf } from '../src/engine/count-cnf.js';

/** DIMACS literal of a count-cnf literal (2v is v true, 2v+1 is v false; DIMACS variables start at 1). */
const dimacsLit = (l: number): number => ((l & 1) === 0 ? (l >> 1) + 1 : -((l >> 1) + 1));

/**
 * The DIMACS text of `cnf` with option `v` fixed to value `sel[v]` wherever `sel[v] >= 0`.
 * `comments` are written first as `c` lines (one line each; line breaks inside become spaces).
 */
export function dimacsOf(cnf: CountingCnf, sel: Int32Array, comments: readonly string[] = []): string {
  const units: number[] = [];
  sel.forEach((k, v) => {
    if (k >= 0) units.push(...cnf.valueLits(v, k));
  });
  const lines: string[] = comments.map((c) => `c ${c.replace(/\s*[\r\n]+\s*/g, ' ')}`);
  lines.push(`p cnf ${cnf.numVars} ${cnf.clauses.length + units.length}`);
  for (const clause of cnf.clauses) lines.push(`${Array.from(clause, dimacsLit).join(' ')} 0`);
  for (const l of units) lines.push(`${dimacsLit(l)} 0`);
  return `${lines.join('\n')}\n`;
}
