/**
 * The first answer after an edit inside one flow's body: only that flow is checked again, in a
 * copy of the text where every other flow keeps its annotations and trigger but its steps are
 * blanked out (offsets unchanged, so nothing needs mapping back). The findings elsewhere are the
 * last complete check's, moved by the edit's length. The complete check follows at once and
 * replaces this answer; the quick one lets a long file show the edited flow's findings first.
 */
import type { Diagnostic, TextRange, tree } from '../../compiler/src/index.js';

/** A complete check of one text, kept to answer the next edit quickly. */
export interface CompleteCheck {
  readonly text: string;
  readonly file: tree.JigFile;
  readonly diagnostics: readonly Diagnostic[];
}

export interface QuickCheckPlan {
  /** The text with every other flow's steps replaced by spaces. */
  readonly masked: string;
  /** The edited flow's range in the new text: findings inside it come from checking `masked`. */
  readonly flowRange: TextRange;
  /** The last complete check's findings outside the flow, moved to the new text. */
  readonly kept: readonly Diagnostic[];
}

/** Undefined when the edit is not inside one flow's body (a full check is needed anyway). */
export function planQuickCheck(previous: CompleteCheck, text: string): QuickCheckPlan | undefined {
  const old = previous.text;
  const limit = Math.min(old.length, text.length);
  let prefix = 0;
  while (prefix < limit && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < limit - prefix && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  const editStart = prefix;
  const editEnd = old.length - suffix;
  const delta = text.length - old.length;

  const flows = previous.file.declarations.filter((declaration): declaration is tree.FlowDecl => declaration.kind === 'Flow');
  // The changed characters [editStart, editEnd) lie strictly between the body's braces.
  const edited = flows.find(
    (flow) => old[flow.body.range.end - 1] === '}' && flow.body.range.start < editStart && editEnd <= flow.body.range.end - 1,
  );
  if (!edited || flows.length < 2) return undefined;

  const shift = (offset: number): number => (offset >= editEnd ? offset + delta : offset);
  const blanks: TextRange[] = flows
    .filter((flow) => flow !== edited)
    .flatMap((flow) => flow.body.steps.map((step) => ({ start: shift(step.range.start), end: shift(step.range.end) })));
  const masked = blankOut(text, blanks);

  const flowRange = { start: edited.range.start, end: edited.range.end + delta };
  const moved = (range: TextRange): TextRange => ({ start: shift(range.start), end: shift(range.end) });
  const kept = previous.diagnostics
    .filter((diagnostic) => diagnostic.range.end <= edited.range.start || diagnostic.range.start >= edited.range.end)
    // Fixes are left behind: quick fixes always come from the complete check of the current text.
    .map(({ fixes: _fixes, ...diagnostic }) => ({
      ...diagnostic,
      range: moved(diagnostic.range),
      ...(diagnostic.related && {
        related: diagnostic.related.map((item) => (item.fileName === undefined ? { ...item, range: moved(item.range) } : item)),
      }),
    }));
  return { masked, flowRange, kept };
}

/** Every character of the ranges but line breaks becomes a space. */
function blankOut(text: string, ranges: readonly TextRange[]): string {
  const pieces: string[] = [];
  let at = 0;
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    if (range.start < at) continue;
    pieces.push(text.slice(at, range.start), text.slice(range.start, range.end).replace(/[^\r\n]/g, ' '));
    at = range.end;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}

/** The quick answer: the edited flow's findings from the masked text, the rest kept. */
export function mergeQuickCheck(plan: QuickCheckPlan, maskedDiagnostics: readonly Diagnostic[]): Diagnostic[] {
  const inside = maskedDiagnostics.filter(
    (diagnostic) => diagnostic.range.start >= plan.flowRange.start && diagnostic.range.end <= plan.flowRange.end,
  );
  return [...plan.kept, ...inside].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
}
