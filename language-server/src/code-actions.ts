/**
 * Quick fixes: the compiler attaches its fixes to its diagnostics (add a missing `@purpose`,
 * `@data` or `@retain`, add the categories that flow to `@data`, replace an unknown name by the
 * suggestion, add `@share` with the processor reached at the host); this turns them into LSP
 * code actions. A fix that several diagnostics offer (the same edits under the same title) is
 * offered once, for all of them.
 */
import { CodeActionKind, type CodeAction, type CodeActionContext, type Range } from 'vscode-languageserver';
import { diagnosticsOf, type CheckedDocument } from './documents.js';
import { overlaps, toLspRange, toTextRange } from './positions.js';

export function codeActions(document: CheckedDocument, range: Range, context: CodeActionContext): CodeAction[] {
  if (context.only && !context.only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
  const { compilation, uri } = document;
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
      actions.set(key, {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        ...(fix.isPreferred && { isPreferred: true }),
        diagnostics: [linked],
        edit: {
          changes: {
            [uri]: fix.edits.map((edit) => ({ range: toLspRange(source, edit.range), newText: edit.newText })),
          },
        },
      });
    }
  }
  return [...actions.values()];
}
