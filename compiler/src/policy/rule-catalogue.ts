/**
 * The rules the compiler implements, by the id a policy file uses for them, and the catalogue
 * entries each one reports. A policy chooses which of these rules apply and cites its own text for
 * each; the code of a rule is its first entry's. `@allow` names a rule by id or by any of its codes.
 */
import type { DiagnosticBuilder } from '../diagnostics/definition.js';
import * as policy from '../diagnostics/catalogue/policy.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyBuilder = DiagnosticBuilder<any>;

export const RULE_DIAGNOSTICS = {
  'purpose-required': [policy.missingPurpose],
  'data-required': [policy.missingData],
  'retain-required': [policy.missingRetain, policy.retentionNotFinite],
  'category-defined': [policy.unknownCategory],
  'purpose-listed': [policy.unknownPurpose],
  'processor-listed': [policy.unknownProcessor],
  'data-coverage': [policy.undeclaredCategory, policy.childFlowUndeclaredCategory],
  declassification: [policy.declassificationRefused, policy.declassified],
  'unused-category': [policy.unusedCategory],
  's01-personal-purpose': [policy.personalDataSecondaryPurpose, policy.personalDataWithoutReason],
  's02-allowed-stores': [policy.storeNotAllowed],
  's03-sharing': [policy.shareRequired, policy.processorCategoryNotAllowed, policy.processorHostMismatch, policy.shareWithoutReason, policy.destinationRefused, policy.credentialShared, policy.answerToRequester],
  's04-secondary-use': [policy.secondaryUseOfRawData, policy.secondaryPurposeDeclaresPersonal, policy.secondaryFlowStartsPrimary, policy.secondaryFlowStartsUnseenRun],
  's05-aggregation': [policy.identifyingAggregateKey, policy.identifyingAggregateOutput, policy.aggregateOfCopies, policy.aggregateWithoutSubjects, policy.aggregatesDiffer],
  's06-opt-out': [policy.optOutUnfilterable],
  's06-subject-key': [policy.subjectKeyMissing],
  's06-rights-coverage': [policy.rightsUncovered, policy.rightsUnreachable, policy.rightsUnfindable],
  's07-regions': [policy.regionOutsidePolicy],
  's08-retention': [policy.retentionExceedsMaximum, policy.retentionNotEnforced, policy.retentionRefreshed, policy.retentionRefreshedRepeatedly, policy.retentionExceededByCopy, policy.messageResent],
  'run-history': [policy.hiddenDataInFailMessage, policy.hiddenDataInVariable],
  's09-minors': [policy.minorsDataShared, policy.minorsDataSecondaryUse],
  's10-pin': [policy.policyPinMismatch, policy.policyVersionTooOld],
} as const satisfies Record<string, readonly AnyBuilder[]>;

export type RuleId = keyof typeof RULE_DIAGNOSTICS;

export const RULE_IDS = Object.keys(RULE_DIAGNOSTICS) as RuleId[];

/**
 * The rules about the policy's own vocabulary: a name the policy does not define cannot be checked
 * against any other rule, so these apply even where a policy file leaves them out.
 */
export const VOCABULARY_RULE_IDS: readonly RuleId[] = ['category-defined', 'purpose-listed', 'processor-listed'];

/**
 * The rules the checker applies whatever the policy lists: the vocabulary rules, and the one that
 * refuses a `@declassify` the policy does not allow (else a policy without the rule would let
 * every declassification through unchecked).
 */
export const ALWAYS_CHECKED_RULE_IDS: readonly RuleId[] = [...VOCABULARY_RULE_IDS, 'declassification'];

/**
 * What each rule that takes `categories` applies when its policy entry names none (`all`: every
 * category of the policy). One table, read by the rules (rules/rule.ts `ruleCategories`) and by the
 * check that an extending policy only strengthens its base (weakening.ts), which compares what a
 * rule applies, not what its entry says: a base entry without a list protects its default, and an
 * extending entry without one applies the default too.
 */
export const DEFAULT_RULE_CATEGORIES: Readonly<Partial<Record<RuleId, readonly string[] | 'all'>>> = {
  declassification: 'all',
  's01-personal-purpose': ['personal'],
  's04-secondary-use': ['aggregate.anonymized', 'system.operational'],
  's06-subject-key': ['personal'],
  's06-rights-coverage': ['personal'],
  's09-minors': ['personal.minor'],
};

export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(RULE_DIAGNOSTICS, id);
}

/** The rule id that reports a code (`JIG3601` → `s06-opt-out`). */
export function ruleOfCode(code: string): RuleId | undefined {
  const upper = code.toUpperCase();
  return RULE_IDS.find((id) => RULE_DIAGNOSTICS[id].some((builder) => builder.code === upper));
}
