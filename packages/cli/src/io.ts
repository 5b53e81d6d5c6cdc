/**
 * Where a command writes, and whether it may use colours and a progress line. Commands receive an
 * `Io` instead of touching `process` so that tests can run them in-process and read their output.
 */
import { createColors, type Colors } from './color.js';

export interface Io {
  /** Writes to standard output (the command's result). */
  out(text: string): void;
  /** Writes to standard error (diagnostics, progress). */
  err(text: string): void;
  /** Colours are allowed on standard output. */
  readonly color: boolean;
  /** Standard error is a terminal: a progress line may be drawn there. */
  readonly interactive: boolean;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
  /** Reads standard input (for `-` as a file name). */
  readStdin(): Promise<string>;
}

/** Colour helpers that are no-ops when `io.color` is false. */
export function colors(io: Io): Colors {
  return createColors(io.color);
}

/** The real process: colours only on a terminal and without `NO_COLOR` (https://no-color.org). */
export function processIo(): Io {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    color: Boolean(process.stdout.isTTY) && !noColor,
    interactive: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** An `Io` that records everything, for tests. */
export function memoryIo(options: { color?: boolean; interactive?: boolean; cwd?: string; stdin?: string } = {}): Io & {
  stdout: string;
  stderr: string;
} {
  const io = {
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
    color: options.color ?? false,
    interactive: options.interactive ?? false,
    cwd: options.cwd ?? process.cwd(),
    readStdin: async () => options.stdin ?? '',
  };
  return io;
}
