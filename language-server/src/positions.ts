/**
 * Compiler ranges (UTF-16 offsets) ↔ LSP ranges (line and character, also UTF-16), through the
 * compiler's own SourceFile line table so that both sides count lines the same way.
 */
import type { Range } from 'vscode-languageserver';
import type { SourceFile, TextRange } from '../../compiler/src/index.js';

export function toLspRange(source: SourceFile, range: TextRange): Range {
  return { start: source.positionAt(range.start), end: source.positionAt(range.end) };
}

export function toTextRange(source: SourceFile, range: Range): TextRange {
  return { start: source.offsetAt(range.start), end: source.offsetAt(range.end) };
}

export function contains(range: TextRange, offset: number): boolean {
  return range.start <= offset && offset <= range.end;
}

export function overlaps(a: TextRange, b: TextRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}
