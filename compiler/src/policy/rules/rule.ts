/**
 * What a policy rule is: an id the policy file names, and one check over the file's data map. The
 * rule reports through its context, which cites the policy entry (section, quote), applies the
 * severity the policy gives the rule, and leaves `@allow` waivers to the checker.
 */
import type { DiagnosticBuilder, DiagnosticExtras } from '../../diagnostics/definition.js';
import type { Diagnostic, RelatedInformation } from '../../diagnostics/diagnostic.js';
import type { TextRange } from '../../syntax/source.js';
import type { SemanticModel, CategoryOrigin } from '../../semantics/model.js';
import type { FlowData } from '../../flow/categories.js';
import type { Policy, RuleDefinition } from '../model.js';
import { DEFAULT_RULE_CATEGORIES, type RuleId } from '../rule-catalogue.js';
import type { ProjectSettings } from '../destinations.js';
import type { DataResolver } from '../../flow/project-data.js';

export interface RuleContext {
  readonly model: SemanticModel;
  readonly policy: Policy;
  /** This rule's entry in the policy. */
  readonly rule: RuleDefinition;
  readonly flows: readonly FlowData[];
  /** What the project adds to the platform, and what jig.yaml gives each parameter. */
  readonly project: ProjectSettings;
  /** The project's data: what its flows store in each container. */
  readonly data: DataResolver;
  /**
   * Reports a finding of this rule. `cite` replaces the rule's own citation where another rule's
   * section explains the finding better (minors' data: §9).
   */
  report<Args>(
    builder: DiagnosticBuilder<Args>,
    range: TextRange,
    args: Args,
    extras?: Omit<DiagnosticExtras, 'policy' | 'severity'> & { readonly cite?: RuleDefinition },
  ): void;
}

export interface PolicyRule {
  readonly id: RuleId;
  check(context: RuleContext): void;
}

/**
 * `rule` is the policy's entry for the rule, or, for a rule the checker applies although the policy
 * leaves it out (the vocabulary rules), undefined: its findings then keep the catalogue's severity
 * and cite nothing, since the policy has no sentence for them.
 */
export function createRuleContext(
  model: SemanticModel,
  policy: Policy,
  rule: RuleDefinition | undefined,
  flows: readonly FlowData[],
  into: Diagnostic[],
  id: RuleId,
  project: ProjectSettings,
  data: DataResolver,
): RuleContext {
  return {
    model,
    policy,
    rule: rule ?? { id, code: '', section: '', quote: '', severity: 'error', waivable: false, description: '' },
    flows,
    project,
    data,
    report(builder, range, args, extras = {}) {
      const { cite = rule, ...rest } = extras;
      if (!rule || !cite) {
        into.push(builder(range, args, rest));
        return;
      }
      into.push(
        builder(range, args, {
          ...rest,
          // A record of what the author said (a declassification) stays information, whatever the rule's severity.
          severity: builder.severity === 'info' ? 'info' : rule.severity,
          policy: { id: policy.id, version: policy.version, section: cite.section, quote: cite.quote, rule: rule.id },
        }),
      );
    },
  };
}

/** The categories the rule's policy entry names, or its built-in default (rule-catalogue.ts), in `policy`. */
export function ruleCategories(rule: RuleDefinition, policy: Policy): readonly string[] {
  if (rule.categories) return rule.categories;
  const fallback = Object.hasOwn(DEFAULT_RULE_CATEGORIES, rule.id) ? DEFAULT_RULE_CATEGORIES[rule.id as RuleId] : undefined;
  return fallback === 'all' ? [...policy.categories.keys()] : (fallback ?? []);
}

/** The categories of a flow as a message lists them: `'personal.name', 'personal.contact'`. */
export function listCategories(categories: Iterable<string>): string {
  return [...categories].map((category) => `'${category}'`).join(', ');
}

/**
 * Where a finding about data reaching `anchor` points: the field read that brought the category in
 * when it lies inside the anchor, else the anchor itself with the origin as related information.
 */
export function pointAt(anchor: TextRange, origin: CategoryOrigin): { range: TextRange; related?: RelatedInformation[] } {
  if (origin.range.start >= anchor.start && origin.range.end <= anchor.end) return { range: origin.range };
  return { range: anchor, related: [{ message: `the data comes from ${origin.description}`, range: origin.range }] };
}
