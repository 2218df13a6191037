/**
 * What every output format reads: each file's diagnostics with the source they point into, the
 * run's totals, and the 1-based line/column form that humans and CI tools count in.
 */
import type { Diagnostic, Severity } from '../diagnostic.js';
import type { SourceFile, TextRange } from '../../syntax/source.js';
import { isAbsolutePath, normalizePath, relativePath } from '../../project/paths.js';

export interface FileDiagnostics {
  /** The file the ranges point into (a .jig file, a jig.yaml, a policy file). */
  readonly source: SourceFile;
  readonly diagnostics: readonly Diagnostic[];
}

export interface DiagnosticSummary {
  /** Source files checked, with or without findings. */
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export interface FormatOptions {
  /** File names are shown relative to this folder. */
  readonly cwd: string;
  /** ANSI colours (the pretty format only). */
  readonly color: boolean;
  /** The compiler's version, for formats that record the tool. */
  readonly version: string;
  /** The text of a file other than a finding's own, which a fix of it edits (a child flow's). */
  readonly sourceOf?: (fileName: string) => SourceFile | undefined;
}

export type Formatter = (files: readonly FileDiagnostics[], summary: DiagnosticSummary, options: FormatOptions) => string;

/** 1-based, as editors, compilers and CI annotations show positions. */
export interface Location {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function locate(source: SourceFile, range: TextRange): Location {
  const start = source.positionAt(range.start);
  const end = source.positionAt(Math.max(range.start, range.end));
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

/**
 * A place a diagnostic names besides its own range (a fix's edit, related information), in the
 * diagnostic's file or another one; undefined when the other file's text is not at hand.
 */
export function locateElsewhere(
  own: SourceFile,
  place: { readonly range: TextRange; readonly fileName?: string },
  options: FormatOptions,
): ({ readonly source: SourceFile; readonly file: string } & Location) | undefined {
  const source = place.fileName === undefined ? own : options.sourceOf?.(place.fileName);
  return source && { source, file: displayPath(source.fileName, options.cwd), ...locate(source, place.range) };
}

/** The fixes whose every edit can be located (see locateElsewhere), each edit with its place. */
export function locatedFixes(diagnostic: Diagnostic, own: SourceFile, options: FormatOptions) {
  return (diagnostic.fixes ?? []).flatMap((fix) => {
    const edits = fix.edits.map((edit) => {
      const place = locateElsewhere(own, edit, options);
      return place && { ...place, newText: edit.newText };
    });
    return edits.every((edit) => edit !== undefined) ? [{ fix, edits: edits as NonNullable<(typeof edits)[number]>[] }] : [];
  });
}

/** A waived error no longer fails the run; it is reported as information. */
export function effectiveSeverity(diagnostic: Diagnostic): Severity {
  return diagnostic.waived ? 'info' : diagnostic.severity;
}

export function messageOf(diagnostic: Diagnostic): string {
  return diagnostic.waived ? `${diagnostic.message} (waived: ${diagnostic.waived.reason})` : diagnostic.message;
}

export function summarize(files: readonly FileDiagnostics[], fileCount: number): DiagnosticSummary {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const file of files) for (const diagnostic of file.diagnostics) counts[effectiveSeverity(diagnostic)]++;
  return { files: fileCount, errors: counts.error, warnings: counts.warning, infos: counts.info };
}

/** The file's path relative to `cwd`, with `/`, as the user would type it. */
export function displayPath(fileName: string, cwd: string): string {
  if (!isAbsolutePath(fileName)) return fileName.replace(/\\/g, '/');
  const relative = relativePath(cwd, fileName);
  // A path that climbs to the root hides where the file is: show it whole.
  return relative.split('/').filter((part) => part === '..').length >= normalizePath(cwd).split('/').filter(Boolean).length
    ? normalizePath(fileName)
    : relative;
}
