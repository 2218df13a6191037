/**
 * The policy check of one file: every rule the policy applies (and the vocabulary rules, which
 * always apply), and the confinement of secrets (secrets.ts), run over the file's data map (flow/categories.ts), then the file's `@allow`
 * waivers. No comment or compiler flag silences a finding: only a valid waiver marks one waived.
 */
import type { SemanticModel } from '../semantics/model.js';
import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { analyzeFileData, type FlowData } from '../flow/categories.js';
import type { DataResolver } from '../flow/project-data.js';
import { NO_PROJECT_SETTINGS, type ProjectSettings } from './destinations.js';
import type { Policy } from './model.js';
import { RULES } from './rules/index.js';
import { createRuleContext } from './rules/rule.js';
import { applyWaivers, waiversOfFile, type ResolvedWaiver } from './waivers.js';
import { ALWAYS_CHECKED_RULE_IDS } from './rule-catalogue.js';
import { checkSecrets } from './secrets.js';

export interface PolicyResult {
  readonly diagnostics: readonly Diagnostic[];
  /** The data map of each flow of the file (what `jig report` prints). */
  readonly flows: readonly FlowData[];
  /** Every `@allow` of the file, resolved against the policy. */
  readonly waivers: readonly ResolvedWaiver[];
}

export function checkPolicy(model: SemanticModel, policy: Policy, resolver: DataResolver, project: ProjectSettings = NO_PROJECT_SETTINGS): PolicyResult {
  const flows = analyzeFileData(model, resolver);
  const findings: Diagnostic[] = [];
  for (const [id, rule] of RULES) {
    const definition = policy.rules.get(id);
    if (definition || ALWAYS_CHECKED_RULE_IDS.includes(id)) rule.check(createRuleContext(model, policy, definition, flows, findings, id, project, resolver));
  }
  // Secrets are Jig's to keep, whatever the policy lists: no policy turns this off, nor waives it.
  findings.push(...checkSecrets(model, flows, policy, project, resolver));
  const waivers = waiversOfFile(model, policy);
  return { diagnostics: applyWaivers(findings, waivers, policy).sort(compareDiagnostics), flows, waivers };
}
