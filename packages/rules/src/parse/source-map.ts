/**
 * Where each key and value of a parsed file was written, so that an issue found on the data
 * (by its JSON path) can point at a line and column. Positions are kept as offsets in a tree that
 * mirrors the containers of the parsed value (scalars cost one number each) and turned into line/column
 * only for the issues that need one.
 */
import type { ProductIssue, SourcePosition } from '../types.js';

/**
 * Offsets of one object or array: its own, and those of its keys, values and nested containers.
 * Arrays keep plain number arrays and every map is created on first use, because a hostile file may
 * hold millions of tiny containers.
 */
export class ContainerPositions {
  private keyOffsets: Map<string, number> | undefined;
  private valueOffsets: Map<string, number> | number[] | undefined;
  private nested: Map<string | number, ContainerPositions> | undefined;
  constructor(
    readonly offset: number,
    readonly isArray: boolean,
  ) {}

  setKey(key: string, offset: number): void {
    (this.keyOffsets ??= new Map()).set(key, offset);
  }
  setValue(key: string | number, offset: number): void {
    if (this.isArray) ((this.valueOffsets ??= []) as number[])[key as number] = offset;
    else ((this.valueOffsets ??= new Map()) as Map<string, number>).set(key as string, offset);
  }
  setChild(key: string | number, child: ContainerPositions): void {
    (this.nested ??= new Map()).set(key, child);
  }
  key(key: string | number): number | undefined {
    return typeof key === 'string' ? this.keyOffsets?.get(key) : undefined;
  }
  value(key: string | number): number | undefined {
    const v = this.valueOffsets;
    if (v === undefined) return undefined;
    if (Array.isArray(v)) return typeof key === 'number' ? v[key] : undefined;
    return typeof key === 'string' ? v.get(key) : undefined;
  }
  child(key: string | number): ContainerPositions | undefined {
    return this.nested?.get(key);
  }
}

/** Turns an offset into a line and column (1-based; columns in UTF-16 code units, as editors count). */
export interface Lines {
  position(offset: number): SourcePosition;
}

/** Line starts of a text, for offset → line/column. */
export class LineIndex implements Lines {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }
  position(offset: number): SourcePosition {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

/** Positions of a whole file. */
export class SourceMap {
  constructor(
    readonly root: ContainerPositions | undefined,
    /** Offset of the root value when it is a scalar (or the container's own offset). */
    readonly rootOffset: number,
    private readonly lines: Lines,
  ) {}

  /**
   * The offset for `path`: the key itself when `preferKey` (an unknown key is best shown where it is
   * written), else the value; or the nearest ancestor that has a position.
   */
  offset(path: ReadonlyArray<string | number>, preferKey = false): number {
    let node = this.root;
    let best = this.rootOffset;
    for (let i = 0; i < path.length && node; i++) {
      const key = path[i]!;
      const last = i === path.length - 1;
      const keyOffset = node.key(key);
      const valueOffset = node.value(key);
      if (last && preferKey && keyOffset !== undefined) return keyOffset;
      if (valueOffset !== undefined) best = valueOffset;
      else if (keyOffset !== undefined) best = keyOffset;
      else break;
      node = node.child(key);
    }
    return best;
  }

  position(path: ReadonlyArray<string | number>, preferKey = false): SourcePosition {
    return this.lines.position(this.offset(path, preferKey));
  }

  positionOfOffset(offset: number): SourcePosition {
    return this.lines.position(offset);
  }
}

/** Adds `source` to every issue (unknown keys point at the key, everything else at the value). */
export function attachSources(issues: ProductIssue[], map: SourceMap): ProductIssue[] {
  return issues.map((issue) =>
    issue.source ? issue : { ...issue, source: map.position(issue.path, issue.code === 'unknown-key') },
  );
}
