// Types of scripts/minify-literals.mjs, for the TypeScript configs that import it (packages/embed/vite.config.ts).
import type { Plugin } from 'vite';
import type { Plugin as EsbuildPlugin } from 'esbuild';

/** The workspace's TypeScript sources, whose literals every build minifies. */
export const SOURCES: RegExp;
/** `code` with the CSS and HTML of its `css` and `html` tagged templates minified; `undefined` when nothing changes. */
export function minifyLiterals(code: string, fileName: string): string | undefined;
/** A Vite plugin minifying the literals of the workspace's TypeScript sources before they are compiled. */
export function literalsPlugin(): Plugin;
/** The same for esbuild. */
export function literalsEsbuildPlugin(): EsbuildPlugin;
