/**
 * §1: a value carries every category that flows into it, whatever type it is given; a
 * `@declassify(CATEGORY, "reason")` on a `let` says it no longer holds CATEGORY. The policy decides
 * whether that may be said: its `declassification` rule must be waivable and list the category (or
 * a parent of it); minors' data is never declassified (§9); a reason is required. An allowed
 * declassification is reported too, as information, so that every output lists it as it lists a
 * waiver. `@declassify(secret, "reason")` says the value holds no secret (what a rates service
 * answers to a request that sent its key): no category of the policy, it needs only the rule and a
 * reason. The semantic model drops only what this rule allows (semantics/checker.ts), so a refused
 * declassification changes nothing but the error it gets. One whose reason is still `jig import`'s
 * assumption is no declassification but a hole, policy/secrets.ts's (JIG3017).
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import { covers } from '../../flow/categories.js';
import { forEachStep } from '../../syntax/visit.js';
import { isImportAssumption, SECRET_DECLASSIFIED } from '../../semantics/categories.js';
import { ruleCategories, type PolicyRule } from './rule.js';

export const declassification: PolicyRule = {
  id: 'declassification',
  check(context) {
    const { policy, model, rule } = context;
    const present = policy.rules.has('declassification');
    const allowed = ruleCategories(rule, context.policy);
    const minorsRule = policy.rules.get('s09-minors');
    const minors = minorsRule ? ruleCategories(minorsRule, context.policy) : [];
    for (const { flow } of context.flows) {
      forEachStep(flow.body, (step) => {
        for (const declassified of model.declassificationsOf(step)) {
          // jig import's assumption is a hole, reported as one (policy/secrets.ts), not a declassification.
          if (isImportAssumption(declassified)) continue;
          const { category } = declassified;
          const problem = !present
            ? 'the policy has no declassification rule'
            : !rule.waivable
              ? "the policy's declassification rule is not waivable"
              : category === SECRET_DECLASSIFIED
                ? declassified.reason.trim() === '' ? 'it gives no reason' : undefined
              : !policy.categories.has(category)
                ? 'it is not a category of the policy'
                : minors.some((m) => covers(m, category))
                  ? "minors' data is never declassified (§9)"
                  : !allowed.some((a) => covers(a, category) || covers(category, a))
                    ? `the policy lets only ${allowed.join(', ')} be declassified`
                    : declassified.reason.trim() === ''
                      ? 'it gives no reason'
                      : undefined;
          if (problem) context.report(messages.declassificationRefused, declassified.categoryRange, { category, problem });
          else context.report(messages.declassified, declassified.range, { category, reason: declassified.reason });
        }
      });
    }
  },
};
