/**
 * Writing diagnostics in the format `--format` chose. Colour follows the conventions of
 * no-color.org: only on a terminal, and never when NO_COLOR is set (to anything but empty).
 */
import type { CliContext, OutputStream } from './command.js';
import { formatters } from '../diagnostics/format/index.js';
import { summarize, type FileDiagnostics, type FormatOptions } from '../diagnostics/format/located.js';
import { version } from './version.js';

export const formatOption = {
  type: 'string',
  choices: Object.keys(formatters),
  valueName: 'FORMAT',
  description: 'How to print diagnostics (default pretty).',
} as const;

export function useColor(stream: OutputStream, env: CliContext['env']): boolean {
  const noColor = env.NO_COLOR;
  return stream.isTTY === true && (noColor === undefined || noColor === '');
}

/** Prints every finding in the chosen format; returns the totals. */
export function writeDiagnostics(
  context: CliContext,
  format: string | undefined,
  files: readonly FileDiagnostics[],
  fileCount: number,
  sourceOf?: FormatOptions['sourceOf'],
  stream: OutputStream = context.stdout,
) {
  const formatter = formatters[format ?? 'pretty']!;
  const withFindings = files.filter((file) => file.diagnostics.length > 0);
  const summary = summarize(withFindings, fileCount);
  stream.write(
    formatter(withFindings, summary, { cwd: context.cwd, color: useColor(stream, context.env), version, ...(sourceOf && { sourceOf }) }),
  );
  return summary;
}
