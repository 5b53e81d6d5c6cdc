import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import type { Specification } from '@c2m/rules';
import { validateSpecification } from '@c2m/rules/backend';
import { compileFixture, json, run } from '../../test/run.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'c2m-spec-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const table = () => compileFixture('table.yaml');

describe('c2m spec', () => {
  it('writes the specification a shop page would send: defaults, then the choices; valid for the backend', async () => {
    const r = await run(['spec', 'table.yaml', '-s', 'wood=walnut', '-s', 'extension=false', '--created-at', '2026-11-25T10:00:00Z']);
    assert.equal(r.code, 0, r.stderr);
    const spec = json<Specification>(r);
    assert.equal(spec.specVersion, 1);
    assert.equal(spec.createdAt, '2026-11-25T10:00:00.000Z');
    assert.deepEqual(spec.selections, { wood: 'walnut', finish: 'oil', width: 160, depth: 80, extension: false, engraving: '' });
    assert.deepEqual([spec.origins.wood, spec.origins.finish], ['user', 'default']);
    const checked = validateSpecification(table(), spec);
    assert.ok(checked.ok, JSON.stringify(!checked.ok && checked.issues));
    // c2m check (the backend's validation) agrees, from the file written with -o.
    const out = join(dir, 'order.json');
    assert.equal((await run(['spec', 'table.yaml', '-s', 'wood=walnut', '--complete', '--lang', 'zh-CN', '-o', out])).code, 0);
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).locale, 'zh-CN');
    assert.equal((await run(['check', 'table.yaml', out])).code, 0);
  });

  it('says what is still open (or lets the engine complete it), and why a choice is refused', async () => {
    const open = await run(['spec', 'table.yaml', '--no-defaults', '-s', 'wood=pine']);
    assert.equal(open.code, 1);
    assert.equal(open.stdout, '');
    assert.match(open.stderr, /not complete: these options need a value: finish \(oil, white-oil, lacquer\); width \(number\); depth \(number\); extension \(boolean\)\n/);
    assert.match(open.stderr, /add --complete/);
    const completed = await run(['spec', 'table.yaml', '--no-defaults', '-s', 'wood=pine', '--complete']);
    assert.equal(completed.code, 0, completed.stderr);
    assert.ok(validateSpecification(table(), json(completed)).ok);
    const refused = await run(['spec', 'table.yaml', '-s', 'wood=walnut', '-s', 'finish=white-oil']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^refused: finish = white-oil: .*\[walnut-no-white-oil\] White oil is not offered on walnut\./);
    assert.equal((await run(['spec', 'table.yaml', '--created-at', 'yesterday'])).code, 2);
    assert.equal((await run(['spec', 'table.yaml', '-s', 'wood=teak'])).code, 2);
  });
});

describe('the protocol\'s example body', () => {
  const docs = readFileSync(join(root, 'docs/manufacturers/protocol.md'), 'utf8');
  const section = docs.slice(docs.indexOf('#### A complete example'));
  const command = /```sh\n(c2m spec [^`]+?)\n```/.exec(section)?.[1]?.replace(/\\\n\s*/g, '');
  const body = /```json\n([\s\S]+?)\n```/.exec(section)?.[1];

  it('is what the documented c2m spec command writes', async () => {
    assert.ok(command && body, 'protocol.md has the command and the example');
    const args = command.split(/\s+/).slice(1).filter((a, i, all) => a !== '-o' && all[i - 1] !== '-o');
    const r = await run(args, { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(body), JSON.parse(r.stdout), 'regenerate the example in protocol.md with the command above it');
  });

  it('is accepted by the reference backend as written (201)', async () => {
    const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'packages/server/src/main.ts')], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PRODUCTS_DIR: join(root, 'packages/rules/examples'), DATA_DIR: join(dir, 'db') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => server.on('close', () => resolve()));
    try {
      let log = '';
      const url = await new Promise<string>((resolve, reject) => {
        server.stdout!.on('data', (c: Buffer) => {
          log += c;
          const m = /"msg":"listening".*?"url":"(http[^"]+)"|"url":"(http[^"]+)".*?"msg":"listening"/.exec(log);
          if (m) resolve(m[1] ?? m[2]!);
        });
        server.stderr!.on('data', (c: Buffer) => (log += c));
        server.on('close', (code) => reject(new Error(`the server stopped (${code}) before listening:\n${log}`)));
      });
      const res = await fetch(`${url}/specifications`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() }, body: body! });
      const answer = (await res.json()) as { status: string; quote: unknown };
      assert.equal(res.status, 201, JSON.stringify(answer));
      assert.equal(answer.status, 'received');
      assert.deepEqual(answer.quote, JSON.parse(body!).quote);
    } finally {
      server.kill('SIGTERM');
      await exited;
    }
  });
});
