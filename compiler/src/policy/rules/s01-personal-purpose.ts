/**
 * §1 Data collection: "we will not intentionally use or process this personal data unless it's
 * relevant to the business automation tasks you've requested."
 *
 * A flow that touches personal data has a primary purpose (the requested automation) and says why
 * in its reason. Minors' data in a secondary flow is §9's finding (s09-minors), the more specific
 * section, so this rule leaves it to that one when the policy applies it.
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import { covers } from '../../flow/categories.js';
import { ruleCategories, type PolicyRule } from './rule.js';

export const personalPurpose: PolicyRule = {
  id: 's01-personal-purpose',
  check(context) {
    const personal = ruleCategories(context.rule, context.policy);
    const minorsRule = context.policy.rules.get('s09-minors');
    const minors = minorsRule ? ruleCategories(minorsRule, context.policy) : [];
    for (const { flow, touched } of context.flows) {
      const purpose = context.model.annotationsOf(flow).purpose;
      const kind = purpose && context.policy.purposes.get(purpose.id)?.kind;
      if (!purpose || !kind) continue; // missing or unknown: reported as such
      const personalData = [...touched.keys()].filter((category) => personal.some((p) => covers(p, category)));
      if (personalData.length === 0) continue;
      if (kind !== 'primary') {
        const category = personalData.find((c) => !minors.some((m) => covers(m, c)));
        if (category) {
          context.report(messages.personalDataSecondaryPurpose, purpose.idRange, { flow: flow.name.name, purpose: purpose.id, category });
        }
      } else if (purpose.reason.trim() === '') {
        context.report(messages.personalDataWithoutReason, purpose.range, { flow: flow.name.name });
      }
    }
  },
};
