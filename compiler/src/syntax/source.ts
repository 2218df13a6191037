/**
 * A source text and the map from offsets to lines and columns. Every range in Jig is a pair of
 * UTF-16 offsets into the text (what JavaScript strings and LSP both count); lines and columns are
 * derived only when a diagnostic is shown, so nothing downstream stores them twice.
 */
export interface TextRange {
  /** Offset of the first character. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
}

/** Whether `offset` lies in one of `ranges`, their ends included (a range up to a line's end holds an error at that end). */
export function inAnyRange(ranges: readonly TextRange[], offset: number): boolean {
  return ranges.some((range) => offset >= range.start && offset <= range.end);
}

/** A zero-based position, as LSP counts it. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export class SourceFile {
  private lineStarts: number[] | undefined;

  constructor(
    /** The path or URI the file was read from, as the user named it. */
    readonly fileName: string,
    readonly text: string,
  ) {}

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      const text = this.text;
      for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 13 /* \r */) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        } else if (ch === 10 /* \n */) {
          starts.push(i + 1);
        }
      }
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  get lineCount(): number {
    return this.starts().length;
  }

  /** Zero-based line and character of an offset (clamped to the text). */
  positionAt(offset: number): Position {
    const starts = this.starts();
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - starts[low]! };
  }

  /** Offset of a zero-based position (clamped to the line and the text). */
  offsetAt(position: Position): number {
    const starts = this.starts();
    if (position.line < 0) return 0;
    if (position.line >= starts.length) return this.text.length;
    const lineStart = starts[position.line]!;
    const next = position.line + 1 < starts.length ? starts[position.line + 1]! : this.text.length;
    return Math.max(lineStart, Math.min(lineStart + position.character, next));
  }

  /** The text of a zero-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.starts();
    if (line < 0 || line >= starts.length) return '';
    const end = line + 1 < starts.length ? starts[line + 1]! : this.text.length;
    return this.text.slice(starts[line]!, end).replace(/\r?\n$|\r$/, '');
  }
}
