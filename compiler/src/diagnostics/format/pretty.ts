/**
 * The human format: `file:line:col: severity CODE message` (the form editors and terminals turn
 * into links), a code frame with a caret, the policy sentence a policy finding enforces, and a
 * summary line.
 */
import { codeFrameColumns } from '@babel/code-frame';
import { createColors } from 'picocolors';
import type { PolicyCitation } from '../diagnostic.js';
import type { SourceFile } from '../../syntax/source.js';
import {
  displayPath,
  effectiveSeverity,
  locate,
  messageOf,
  type DiagnosticSummary,
  type Formatter,
  type Location,
} from './located.js';

/** Lines longer than this (minified or generated text) make a frame no one can read. */
const MAX_FRAMED_LINE_LENGTH = 400;

export const formatPretty: Formatter = (files, summary, options) => {
  const colors = createColors(options.color);
  const severityColor = { error: colors.red, warning: colors.yellow, info: colors.blue };
  const out: string[] = [];
  for (const file of files) {
    const path = displayPath(file.source.fileName, options.cwd);
    for (const diagnostic of file.diagnostics) {
      const location = locate(file.source, diagnostic.range);
      const severity = effectiveSeverity(diagnostic);
      out.push(
        `${colors.bold(`${path}:${location.line}:${location.column}`)}: ${severityColor[severity](severity)} ${colors.dim(diagnostic.code)} ${messageOf(diagnostic)}`,
      );
      const frame = codeFrame(file.source, location);
      if (frame) out.push(frame);
      if (diagnostic.policy) out.push(colors.dim(citation(diagnostic.policy)));
      for (const related of diagnostic.related ?? []) {
        const relatedLocation = related.fileName ? undefined : locate(file.source, related.range);
        // Another file's text is not at hand here, so it is named without a line.
        const where = relatedLocation
          ? `${path}:${relatedLocation.line}:${relatedLocation.column}`
          : displayPath(related.fileName!, options.cwd);
        out.push(colors.dim(`  ${where}: ${related.message}`));
      }
      out.push('');
    }
  }
  out.push(summaryLine(summary));
  return `${out.join('\n')}\n`;
};

/** `policy jigajob 2023-08-27 §3: "…"` */
export function citation(policy: PolicyCitation): string {
  const quote = policy.quote ? `: "${policy.quote}"` : '';
  return `policy ${policy.id} ${policy.version} §${policy.section}${quote}`;
}

export function summaryLine(summary: DiagnosticSummary): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const files = plural(summary.files, 'file');
  if (summary.errors + summary.warnings + summary.infos === 0) return `No problems in ${files}.`;
  const parts = [plural(summary.errors, 'error'), plural(summary.warnings, 'warning')];
  if (summary.infos > 0) parts.push(plural(summary.infos, 'info'));
  return `${parts.join(', ')} in ${files}.`;
}

/**
 * A range of more lines than this is framed as its first and its last line, with a line that says
 * how many lines between them are not shown: the finding's start and end are what locate it.
 */
const MAX_FRAMED_RANGE_LINES = 4;

/**
 * A frame of the lines around the finding. Only those lines are handed to code-frame, and its
 * gutter is renumbered after, so a finding in a 5 MB file costs no more than one in a small file.
 */
function codeFrame(source: SourceFile, location: Location): string | undefined {
  if (source.text.length === 0) return undefined;
  const first = Math.max(1, location.line - 2);
  const last = Math.min(source.lineCount, location.endLine + 3);
  const elided = location.endLine - location.line + 1 > MAX_FRAMED_RANGE_LINES ? location.endLine - location.line - 1 : 0;
  // The source line numbers of the window, in order; an elided range keeps its first and last lines.
  const numbers: number[] = [];
  for (let line = first; line <= last; line++) {
    if (elided > 0 && line > location.line && line < location.endLine) continue;
    numbers.push(line);
  }
  const lines: string[] = [];
  for (const line of numbers) {
    const text = source.lineText(line - 1);
    if (text.length > MAX_FRAMED_LINE_LENGTH) return undefined;
    lines.push(text);
  }
  const windowLine = (line: number) => numbers.indexOf(line) + 1;
  const start = { line: windowLine(location.line), column: location.column };
  const end =
    location.endLine > location.line || location.endColumn > location.column
      ? { line: windowLine(location.endLine), column: location.endColumn }
      : undefined;
  const frame = codeFrameColumns(lines.join('\n'), { start, ...(end && { end }) }, { highlightCode: false });
  return renumberGutter(frame, numbers, String(last).length, elided > 0 ? { before: location.endLine, count: elided } : undefined);
}

/**
 * `> 2 | text` of a window becomes `> 1042 | text` (`numbers` maps the window's lines to the
 * source's); caret lines keep their alignment. Where lines were elided, a `… |` line before the
 * line numbered `elision.before` says how many.
 */
function renumberGutter(frame: string, numbers: readonly number[], width: number, elision?: { before: number; count: number }): string {
  const out: string[] = [];
  for (const line of frame.split('\n')) {
    const match = /^([> ]) +(\d*) \|(.*)$/.exec(line);
    if (!match) {
      out.push(line);
      continue;
    }
    const [, marker, number, rest] = match;
    const sourceLine = number ? numbers[Number(number) - 1]! : undefined;
    if (elision && sourceLine === elision.before) {
      out.push(`  ${'…'.padStart(width)} | (${elision.count} lines not shown)`);
    }
    const gutter = sourceLine !== undefined ? String(sourceLine).padStart(width) : ' '.repeat(width);
    out.push(`${marker} ${gutter} |${rest}`);
  }
  return out.join('\n');
}
