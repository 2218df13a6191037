/**
 * The one catalogue of Jig diagnostics. Each area declares its entries in `catalogue/<area>.ts`;
 * this module joins them, checks that no code is used twice, and is what `jig explain`, the SARIF
 * rules and the README's table read.
 */
import type { DiagnosticBuilder } from './definition.js';
import * as input from './catalogue/input.js';
import * as syntax from './catalogue/syntax.js';
import * as semantics from './catalogue/semantics.js';
import * as policy from './catalogue/policy.js';
import * as emit from './catalogue/emit.js';
import * as project from './catalogue/project.js';
import * as deploy from './catalogue/deploy.js';
import * as test from './catalogue/test.js';

export { input, syntax, semantics, policy, emit, project, deploy, test };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyBuilder = DiagnosticBuilder<any>;

function collect(): Map<string, AnyBuilder> {
  const byCode = new Map<string, AnyBuilder>();
  for (const area of [input, syntax, semantics, policy, emit, project, deploy, test]) {
    for (const entry of Object.values(area) as unknown[]) {
      if (typeof entry !== 'function' || !('code' in entry)) continue;
      const builder = entry as AnyBuilder;
      const existing = byCode.get(builder.code);
      if (existing && existing !== builder) throw new Error(`Diagnostic code ${builder.code} is defined twice`);
      byCode.set(builder.code, builder);
    }
  }
  // Codes are ASCII (`JIG1001`): plain comparison, not localeCompare, whose first call loads ICU.
  return new Map([...byCode.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Every entry of the catalogue, by code, in code order. */
export const catalogue: ReadonlyMap<string, AnyBuilder> = collect();

export function lookupCode(code: string): AnyBuilder | undefined {
  return catalogue.get(code.toUpperCase());
}
