import type { SourcePosition } from '../source-map.js';

/**
 * Turns source offsets into 1-based lines and columns. The line starts are found once; a lookup
 * walks forward from the previous one, since the composer asks for offsets in nearly increasing
 * order, and falls back to a binary search when it jumps back or far ahead.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  /** Index into `starts` of the line the previous lookup landed on. */
  private current = 0;

  constructor(
    text: string,
    private readonly file: string,
  ) {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
  }

  /** Where the character at `offset` (0-based) is: file, 1-based line and column. */
  position(offset: number): SourcePosition {
    const line = this.lineOf(offset);
    return { file: this.file, line: line + 1, column: offset - (this.starts[line] ?? 0) + 1 };
  }

  /** The offset at which the line holding `offset` begins. */
  lineStart(offset: number): number {
    return this.starts[this.lineOf(offset)] ?? 0;
  }

  /** 0-based line of `offset`. */
  private lineOf(offset: number): number {
    const starts = this.starts;
    let line = this.current;
    if ((starts[line] ?? 0) <= offset) {
      // Most lookups land on this line or a few lines below it.
      for (let steps = 0; steps < 8; steps++) {
        const next = starts[line + 1];
        if (next === undefined || next > offset) {
          this.current = line;
          return line;
        }
        line++;
      }
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    this.current = low;
    return low;
  }
}
