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
 * A frame of the lines around the finding. Only those lines are handed to code-frame, and its
 * gutter is renumbered after, so a finding in a 5 MB file costs no more than one in a small file.
 */
function codeFrame(source: SourceFile, location: Location): string | undefined {
  if (source.text.length === 0) return undefined;
  const first = Math.max(1, location.line - 2);
  const last = Math.min(source.lineCount, location.endLine + 3);
  const lines: string[] = [];
  for (let line = first; line <= last; line++) {
    const text = source.lineText(line - 1);
    if (text.length > MAX_FRAMED_LINE_LENGTH) return undefined;
    lines.push(text);
  }
  const offset = first - 1;
  const start = { line: location.line - offset, column: location.column };
  const end =
    location.endLine > location.line || location.endColumn > location.column
      ? { line: location.endLine - offset, column: location.endColumn }
      : undefined;
  const frame = codeFrameColumns(lines.join('\n'), { start, ...(end && { end }) }, { highlightCode: false });
  return renumberGutter(frame, offset, String(last).length);
}

/** `> 2 | text` of a window becomes `> 1042 | text`; caret lines keep their alignment. */
function renumberGutter(frame: string, offset: number, width: number): string {
  return frame
    .split('\n')
    .map((line) => {
      const match = /^([> ]) +(\d*) \|(.*)$/.exec(line);
      if (!match) return line;
      const [, marker, number, rest] = match;
      const gutter = number ? String(Number(number) + offset).padStart(width) : ' '.repeat(width);
      return `${marker} ${gutter} |${rest}`;
    })
    .join('\n');
}
