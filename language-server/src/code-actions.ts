/**
 * Quick fixes: the compiler attaches its fixes to its diagnostics (add a missing `@purpose`,
 * `@data` or `@retain`, add the categories that flow to `@data`, replace an unknown name by the
 * suggestion, add `@share` with the processor reached at the host, add what a call passes to the
 * child flow's `@data`, in its own file); this turns them into LSP code actions. A fix that
 * several diagnostics offer (the same edits under the same title) is offered once, for all of them.
 */
import { CodeActionKind, type CodeAction, type CodeActionContext, type Range, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { Fix } from '../../compiler/src/index.js';
import { diagnosticsOf, type CheckedDocument } from './documents.js';
import { overlaps, toLspRange, toTextRange } from './positions.js';
import { pathToUri } from './uri.js';

export function codeActions(document: CheckedDocument, range: Range, context: CodeActionContext): CodeAction[] {
  if (context.only && !context.only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
  const { compilation } = document;
  const source = compilation.source;
  const wanted = toTextRange(source, range);
  const actions = new Map<string, CodeAction>();
  for (const diagnostic of diagnosticsOf(document)) {
    const fixes = diagnostic.fixes ?? [];
    if (fixes.length === 0 || !overlaps(diagnostic.range, wanted)) continue;
    const lspRange = toLspRange(source, diagnostic.range);
    // Echo the client's own diagnostic object when it sent one, so that it can link the two.
    const clientDiagnostic = context.diagnostics.find(
      (candidate) =>
        candidate.code === diagnostic.code &&
        candidate.range.start.line === lspRange.start.line &&
        candidate.range.start.character === lspRange.start.character,
    );
    const linked = clientDiagnostic ?? { range: lspRange, message: diagnostic.message, code: diagnostic.code, source: 'jig' };
    for (const fix of fixes) {
      const key = JSON.stringify([fix.title, fix.edits]);
      const offered = actions.get(key);
      if (offered) {
        offered.diagnostics!.push(linked);
        continue;
      }
      const changes = changesOf(fix, document);
      if (!changes) continue;
      actions.set(key, {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        ...(fix.isPreferred && { isPreferred: true }),
        diagnostics: [linked],
        edit: { changes },
      });
    }
  }
  return [...actions.values()];
}

/**
 * A fix's edits by the URI of the file each is in: the document's own, or another file of its
 * project (a child flow's `@data`). Undefined when that file's text is no longer at hand.
 */
function changesOf(fix: Fix, document: CheckedDocument): Record<string, LspTextEdit[]> | undefined {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of fix.edits) {
    const own = edit.fileName === undefined || edit.fileName === document.compilation.source.fileName;
    const source = own ? document.compilation.source : document.otherSource(edit.fileName!);
    if (!source) return undefined;
    const uri = own ? document.uri : pathToUri(edit.fileName!);
    (changes[uri] ??= []).push({ range: toLspRange(source, edit.range), newText: edit.newText });
  }
  return changes;
}
