/** Folding: braces that span lines (types, flows, blocks, records, header lists) and comment runs. */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import { childrenOf, tokenize, type tree } from '../../compiler/src/index.js';
import type { CheckedDocument } from './documents.js';

const foldable = new Set<tree.Node['kind']>(['TypeDecl', 'Flow', 'Block', 'Record', 'Aggregate', 'Switch', 'Array', 'HttpCall']);

export function foldingRanges(document: CheckedDocument): FoldingRange[] {
  const { source, syntax } = document.compilation;
  const ranges: FoldingRange[] = [];
  const seen = new Set<number>();
  const add = (startLine: number, endLine: number, kind?: FoldingRangeKind): void => {
    if (endLine <= startLine || seen.has(startLine)) return;
    seen.add(startLine);
    ranges.push({ startLine, endLine, ...(kind && { kind }) });
  };
  const visit = (node: tree.Node): void => {
    if (foldable.has(node.kind)) {
      const start = source.positionAt(node.range.start).line;
      const end = source.positionAt(node.range.end);
      // Keep the closing brace's line visible, as editors do for C-like languages.
      const endsWithBrace = source.text[node.range.end - 1] === '}';
      add(start, endsWithBrace ? end.line - 1 : end.line);
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(syntax.file);

  let run: { start: number; end: number } | undefined;
  const flush = (): void => {
    if (run) add(run.start, run.end, FoldingRangeKind.Comment);
    run = undefined;
  };
  for (const token of tokenize(source)) {
    if (token.tokenClass !== 'comment' && token.tokenClass !== 'docComment') continue;
    const start = source.positionAt(token.range.start).line;
    const end = source.positionAt(token.range.end).line;
    if (run && start === run.end + 1 && start === end) run.end = end;
    else {
      flush();
      run = { start, end };
    }
  }
  flush();
  return ranges.sort((a, b) => a.startLine - b.startLine);
}
