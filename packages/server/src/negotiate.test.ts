import { test } from 'node:test';
import assert from 'node:assert/strict';
import { negotiate, quality } from './negotiate.js';

const COMPILED = 'application/vnd.c2m.compiled+json';
const JSON_TYPE = 'application/json';
const offered = [JSON_TYPE, COMPILED] as const;

test('quality: the most specific range wins, whatever its order or quality', () => {
  assert.equal(quality('*/*;q=0.1, application/*;q=0.5, application/json;q=0.8', JSON_TYPE), 0.8);
  assert.equal(quality('application/json;q=0.8, application/*;q=0.5, */*;q=0.1', COMPILED), 0.5);
  assert.equal(quality('text/*, */*;q=0.2', COMPILED), 0.2);
  assert.equal(quality('application/json;q=0', JSON_TYPE), 0, 'q=0: not acceptable, even under a wildcard');
  assert.equal(quality('application/json;q=0, */*', JSON_TYPE), 0);
  assert.equal(quality('text/html', JSON_TYPE), 0);
  assert.equal(quality('', JSON_TYPE), 0);
});

test('quality: case, spaces and parameters', () => {
  assert.equal(quality('Application/VND.C2M.Compiled+JSON ; Q=0.7', COMPILED), 0.7);
  assert.equal(quality('application/json; charset=utf-8; q=0.3', JSON_TYPE), 0.3, 'other parameters are not compared');
  assert.equal(quality('application/json;profile="a,b";q=0.4, text/plain', JSON_TYPE), 0.4, 'a comma in a quoted value separates nothing');
  assert.equal(quality('application/json;q=0.5, application/json;q=0.9', JSON_TYPE), 0.9, 'two ranges as specific: the higher');
});

test('quality: unreadable ranges are left out, not fatal', () => {
  assert.equal(quality('application/json;q=2, */*;q=0.1', JSON_TYPE), 0.1, 'q above 1');
  assert.equal(quality('application/json;q=0.1234, */*;q=0.1', JSON_TYPE), 0.1, 'four decimals');
  assert.equal(quality('application/json;q=abc', JSON_TYPE), 0);
  assert.equal(quality('json, */json, application/, */*;q=0.3', JSON_TYPE), 0.3);
  assert.equal(quality(',,;,', JSON_TYPE), 0);
});

test('negotiate: the compiled product only when it is preferred', () => {
  assert.equal(negotiate(undefined, offered), JSON_TYPE, 'no Accept: today’s answer');
  assert.equal(negotiate('', offered), JSON_TYPE);
  assert.equal(negotiate('*/*', offered), JSON_TYPE, 'a tie goes to the first offered');
  assert.equal(negotiate('application/json', offered), JSON_TYPE);
  assert.equal(negotiate(`${COMPILED}, ${JSON_TYPE}`, offered), JSON_TYPE, 'both at q=1: a tie');
  assert.equal(negotiate(`${COMPILED}, ${JSON_TYPE};q=0.9`, offered), COMPILED, 'what the elements send');
  assert.equal(negotiate(COMPILED, offered), COMPILED);
  assert.equal(negotiate(`${JSON_TYPE};q=0.5, ${COMPILED};q=0.6`, offered), COMPILED);
  assert.equal(negotiate(`${COMPILED};q=0.5, */*`, offered), JSON_TYPE, 'the wildcard gives the file q=1');
  assert.equal(negotiate(`${COMPILED};q=0, */*;q=0.1`, offered), JSON_TYPE);
  assert.equal(negotiate('application/*;q=0.2, application/json;q=0.1', offered), COMPILED, 'the file named lower than the wildcard');
  assert.equal(negotiate('text/html', offered), JSON_TYPE, 'neither acceptable: the usual answer, not 406');
  assert.equal(negotiate(`${COMPILED};q=0, ${JSON_TYPE};q=0`, offered), JSON_TYPE);
});
