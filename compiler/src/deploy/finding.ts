/**
 * What `jig deploy` reports about one workflow or the whole run. Deploy findings come from the
 * catalogue like every diagnostic, but concern a deployment rather than a place in a file, so they
 * carry the workflow's name instead of a meaningful range.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { escapeData, escapeProperty } from '../diagnostics/format/github.js';
import type { TextRange } from '../syntax/source.js';

/** A place in a settings file (jig.yaml), as it is shown: the path as the user knows it, 1-based. */
export interface SettingLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface DeployFinding {
  /** The workflow the finding is about; absent for the run as a whole. */
  readonly workflow?: string;
  readonly diagnostic: Diagnostic;
  /** The setting the finding is about, where jig.yaml writes it. */
  readonly at?: SettingLocation;
}

/** The range given to catalogue builders for findings that have no place in a source file. */
export const noRange: TextRange = { start: 0, end: 0 };

const GITHUB_COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/**
 * `error JIG6010 invoice_intake: …` (after `jig.yaml:12:5: ` for a setting), how a finding reads
 * on a terminal and in a CI log; or, in the `github` format, a workflow command that makes it an
 * annotation of the run (of the file, for a setting).
 */
export function formatFinding(finding: DeployFinding, format: 'pretty' | 'github' = 'pretty'): string {
  const { severity, code, message } = finding.diagnostic;
  const title = `${code}${finding.workflow ? ` ${finding.workflow}` : ''}`;
  const { at } = finding;
  if (format === 'github') {
    const place = at ? `file=${escapeProperty(at.file)},line=${at.line},col=${at.column},` : '';
    return `::${GITHUB_COMMAND[severity]} ${place}title=${escapeProperty(title)}::${escapeData(message)}`;
  }
  return `${at ? `${at.file}:${at.line}:${at.column}: ` : ''}${severity} ${title}: ${message}`;
}
