/**
 * The machine format, a fixed contract (version 1): tools parse it, so a field is never renamed
 * or removed, only added, and the order of keys is stable.
 */
import type { Diagnostic } from '../diagnostic.js';
import type { SourceFile } from '../../syntax/source.js';
import { displayPath, effectiveSeverity, locate, messageOf, type FormatOptions, type Formatter, type Location } from './located.js';

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
  /** Machine-applicable fixes; an edit names its `file`, which may be another one (a child flow's). */
  readonly fixes?: readonly JsonFix[];
}

export interface JsonFix {
  readonly title: string;
  readonly isPreferred?: true;
  readonly edits: readonly ({ readonly file: string; readonly newText: string } & Location)[];
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
        ...fixesOf(diagnostic, file.source, options),
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

/** A fix whose edit is in a file whose text is not at hand cannot be located: it is left out. */
function fixesOf(diagnostic: Diagnostic, own: SourceFile, options: FormatOptions): { fixes?: JsonFix[] } {
  const fixes = (diagnostic.fixes ?? []).flatMap((fix): JsonFix[] => {
    const edits = fix.edits.map((edit) => {
      const source = edit.fileName === undefined ? own : options.sourceOf?.(edit.fileName);
      return source && { file: displayPath(source.fileName, options.cwd), ...locate(source, edit.range), newText: edit.newText };
    });
    if (edits.some((edit) => edit === undefined)) return [];
    return [{ title: fix.title, ...(fix.isPreferred && { isPreferred: true as const }), edits: edits as JsonFix['edits'] }];
  });
  return fixes.length > 0 ? { fixes } : {};
}
