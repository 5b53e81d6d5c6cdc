#!/usr/bin/env node
// The `c2m` command. In the workspace the TypeScript sources run through tsx (so @c2m/rules is read
// from its sources too); a published package runs its compiled `dist`.
import { existsSync } from 'node:fs';

const source = new URL('../src/main.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import(source.href);
  process.exitCode = await main(process.argv.slice(2));
} else {
  const { main } = await import(new URL('../dist/main.js', import.meta.url).href);
  process.exitCode = await main(process.argv.slice(2));
}
