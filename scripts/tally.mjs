// The tally file that `pnpm test` (scripts/test.mjs) adds up: each runner appends one line
// "passed failed", then one "FAIL <where> › <test>: <error>" line per failed test, so that the end of a
// long CI log names what failed (the failure itself is often thousands of lines further up).
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** One line: a failure's file (relative to `root`), test name and the first line of its error. */
export function failureLine(root, { file, name, details }) {
  const error = details?.error?.cause ?? details?.error;
  const message = String(error?.message ?? error ?? '').split('\n').find((l) => l.trim() !== '') ?? '';
  const where = file ? relative(root, file.startsWith('file:') ? new URL(file).pathname : file) : '(no file)';
  return oneLine(`${where} › ${name}${message ? `: ${message.trim()}` : ''}`);
}

/** Appends a runner's counts and failures to the tally file. */
export function appendTally(path, passed, failed, failures = []) {
  appendFileSync(path, [`${passed} ${failed}`, ...failures.map((f) => `FAIL ${oneLine(f)}`)].join('\n') + '\n');
}

/** Every runner's counts added up, and every failure line in the order the runners wrote them. */
export function readTally(path) {
  const tally = { passed: 0, failed: 0, failures: [] };
  if (!existsSync(path)) return tally;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('FAIL ')) tally.failures.push(line.slice(5));
    else if (/^\d+ \d+$/.test(line)) {
      const [p, f] = line.split(' ').map(Number);
      tally.passed += p;
      tally.failed += f;
    }
  }
  return tally;
}

function oneLine(text) {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 300 ? `${flat.slice(0, 299)}…` : flat;
}
