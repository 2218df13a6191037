/**
 * The machine format, a fixed contract (version 1): tools parse it, so a field is never renamed
 * or removed, only added, and the order of keys is stable.
 */
import type { Diagnostic } from '../diagnostic.js';
import type { SourceFile } from '../../syntax/source.js';
import { displayPath, effectiveSeverity, locate, locatedFixes, locateElsewhere, messageOf, type FormatOptions, type Formatter, type Location } from './located.js';

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
  /** Other places that explain the finding (where a category came in, the first declaration…). */
  readonly related?: readonly JsonRelated[];
}

export type JsonRelated = { readonly file: string; readonly message: string } & Location;

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
        ...relatedOf(diagnostic, file.source, options),
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
  const fixes = locatedFixes(diagnostic, own, options).map(({ fix, edits }): JsonFix => ({
    title: fix.title,
    ...(fix.isPreferred && { isPreferred: true as const }),
    edits: edits.map(({ file, line, column, endLine, endColumn, newText }) => ({ file, line, column, endLine, endColumn, newText })),
  }));
  return fixes.length > 0 ? { fixes } : {};
}

function relatedOf(diagnostic: Diagnostic, own: SourceFile, options: FormatOptions): { related?: JsonRelated[] } {
  const related = (diagnostic.related ?? []).flatMap((information): JsonRelated[] => {
    const place = locateElsewhere(own, information, options);
    return place ? [{ file: place.file, line: place.line, column: place.column, endLine: place.endLine, endColumn: place.endColumn, message: information.message }] : [];
  });
  return related.length > 0 ? { related } : {};
}
