import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { freePort } from './server.js';

const RANGE = '/proc/sys/net/ipv4/ip_local_port_range';

test('freePort gives a port below the ephemeral range, where no listen(0) or outgoing connection lands, and it can be listened on', async () => {
  const low = existsSync(RANGE) ? Number(readFileSync(RANGE, 'utf8').trim().split(/\s+/)[0]) : 49_152;
  for (let i = 0; i < 20; i++) {
    const port = await freePort();
    assert.ok(port >= 1024 && port < low, `${port} is below ${low}`);
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
