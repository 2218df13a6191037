/**
 * A diagnostic as every stage reports it. Stages never write message strings themselves: they call
 * a builder of the catalogue (`catalogue.ts`), which fills in the code, the severity and the text.
 */
import type { TextRange } from '../syntax/source.js';

export type Severity = 'error' | 'warning' | 'info';

/** The policy sentence a policy diagnostic enforces. */
export interface PolicyCitation {
  readonly id: string;
  readonly version: string;
  /** The section number of the policy text (`"3"`). */
  readonly section: string;
  /** The sentence of the policy the rule enforces, quoted. */
  readonly quote?: string;
  /** The policy rule id (`s03-sharing`). */
  readonly rule?: string;
}

/** Another place that explains a diagnostic (where a category came from, the first declaration…). */
export interface RelatedInformation {
  readonly message: string;
  readonly range: TextRange;
  /** Another file; absent for the diagnostic's own file. */
  readonly fileName?: string;
}

/** A machine-applicable edit that fixes the diagnostic (the editor's quick fix, `jig fmt`-safe). */
export interface TextEdit {
  readonly range: TextRange;
  readonly newText: string;
  /** Another file the edit is in (a child flow's `@data`); absent for the diagnostic's own file. */
  readonly fileName?: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The one fix an editor may apply on "fix all". */
  readonly isPreferred?: boolean;
}

export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: TextRange;
  readonly related?: readonly RelatedInformation[];
  readonly policy?: PolicyCitation;
  readonly fixes?: readonly Fix[];
  /** A JSON Pointer into the emitted workflow definition, where the diagnostic concerns one. */
  readonly pointer?: string;
  /** Set when an `@allow` waiver turned an error into a listed waiver. */
  readonly waived?: { readonly reason: string; readonly range: TextRange };
}

/** Errors first, then by position: the order every output format uses. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  // Codes are `JIG` and digits: plain comparison orders them as localeCompare would, without loading ICU.
  return a.range.start - b.range.start || a.range.end - b.range.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error' && !d.waived);
}
