/**
 * How a catalogue entry is written. Each area of the compiler keeps its entries in its own file
 * under `catalogue/` (so that codes stay grouped by stage), and `catalogue.ts` joins them into the
 * one catalogue that `jig explain`, the README table and every output format read.
 */
import type { Diagnostic, Fix, PolicyCitation, RelatedInformation, Severity } from './diagnostic.js';
import type { TextRange } from '../syntax/source.js';

export type Area = 'input' | 'syntax' | 'semantics' | 'policy' | 'emit' | 'project' | 'deploy' | 'test';

export interface DiagnosticDefinition<Args> {
  /** `JIGnnnn`: never reused, never renumbered. */
  readonly code: string;
  /** A short kebab-case name (`unknown-name`), used as the SARIF rule name. */
  readonly name: string;
  readonly area: Area;
  readonly severity: Severity;
  /** One line: what the rule checks (SARIF shortDescription, README table). */
  readonly title: string;
  /** The message shown for one finding. */
  readonly message: (args: Args) => string;
  /** What `jig explain CODE` prints: why the rule exists and how to fix what it reports. */
  readonly explanation: string;
}

export interface DiagnosticExtras {
  readonly related?: readonly RelatedInformation[];
  readonly fixes?: readonly Fix[];
  readonly policy?: PolicyCitation;
  readonly pointer?: string;
  /** Overrides the catalogue severity (a policy file may make a rule a warning). */
  readonly severity?: Severity;
}

export interface DiagnosticBuilder<Args> extends DiagnosticDefinition<Args> {
  (range: TextRange, args: Args, extras?: DiagnosticExtras): Diagnostic;
}

/** Declares a catalogue entry and returns the function that builds its diagnostics. */
export function define<Args = Record<string, never>>(definition: DiagnosticDefinition<Args>): DiagnosticBuilder<Args> {
  const build = (range: TextRange, args: Args, extras: DiagnosticExtras = {}): Diagnostic => {
    const { severity, ...rest } = extras;
    return {
      code: definition.code,
      severity: severity ?? definition.severity,
      message: definition.message(args),
      range,
      ...rest,
    };
  };
  // A function's own `name` is read-only, so Object.assign alone would throw on the entry's name.
  Object.defineProperty(build, 'name', { value: definition.name, writable: true, enumerable: true, configurable: true });
  return Object.assign(build, definition) as DiagnosticBuilder<Args>;
}
