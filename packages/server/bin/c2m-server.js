#!/usr/bin/env node
// The `c2m-server` command. In the workspace the TypeScript sources run through tsx; a published
// package runs its compiled `dist`. (A bin that points straight at `dist` breaks `pnpm install` on a
// fresh clone, where nothing is built yet.)
import { existsSync } from 'node:fs';

const source = new URL('../src/main.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/main.js', import.meta.url).href);
}
