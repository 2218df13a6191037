/**
 * The machine format, a fixed contract (version 1): tools parse it, so a field is never renamed
 * or removed, only added, and the order of keys is stable.
 */
import type { Diagnostic } from '../diagnostic.js';
import { displayPath, effectiveSeverity, locate, messageOf, type Formatter } from './located.js';

export interface JsonDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Diagnostic['severity'];
  readonly code: string;
  readonly message: string;
  /** The policy rule a finding enforces: `rule` is its id (as `@allow` and `jig explain` take it), `quote` its sentence. */
  readonly policy?: { readonly id: string; readonly version: string; readonly section: string; readonly rule?: string; readonly quote?: string };
  readonly pointer?: string;
}

export interface JsonReport {
  readonly version: 1;
  readonly diagnostics: readonly JsonDiagnostic[];
  readonly summary: { readonly files: number; readonly errors: number; readonly warnings: number; readonly infos: number };
}

export const formatJson: Formatter = (files, summary, options) => {
  const diagnostics: JsonDiagnostic[] = [];
  for (const file of files) {
    const path = displayPath(file.source.fileName, options.cwd);
    for (const diagnostic of file.diagnostics) {
      const { line, column, endLine, endColumn } = locate(file.source, diagnostic.range);
      diagnostics.push({
        file: path,
        line,
        column,
        endLine,
        endColumn,
        severity: effectiveSeverity(diagnostic),
        code: diagnostic.code,
        message: messageOf(diagnostic),
        ...(diagnostic.policy && {
          policy: {
            id: diagnostic.policy.id,
            version: diagnostic.policy.version,
            section: diagnostic.policy.section,
            ...(diagnostic.policy.rule !== undefined && { rule: diagnostic.policy.rule }),
            ...(diagnostic.policy.quote !== undefined && { quote: diagnostic.policy.quote }),
          },
        }),
        ...(diagnostic.pointer !== undefined && { pointer: diagnostic.pointer }),
      });
    }
  }
  const report: JsonReport = {
    version: 1,
    diagnostics,
    summary: { files: summary.files, errors: summary.errors, warnings: summary.warnings, infos: summary.infos },
  };
  return `${JSON.stringify(report)}\n`;
};
