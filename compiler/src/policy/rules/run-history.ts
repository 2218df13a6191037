/**
 * Run history is storage too (§2, §8, §9): every action that carries data the policy hides from
 * run history (`secureInRunHistory`: every `personal.*`, minors' data among them) gets secure
 * inputs and outputs in the emitted workflow. A `fail` message and the variable actions are the
 * places the emitter cannot hide: Logic Apps shows a Terminate action's message as the run's error
 * and offers no secure setting for it or for any variable action. So such data may not be written
 * into a failure message, a `var`, a `set` or an `append`; nor into a tracked property, which the
 * diagnostic logs keep outside run history's securing; nor into an agent's chat history, which
 * run history shows. Minors' data cites §9,
 * the section that protects it; the rest §8 (run history would keep what @retain promised to drop).
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import { covers } from '../../flow/categories.js';
import { listCategories, pointAt, ruleCategories, type PolicyRule } from './rule.js';

export const runHistory: PolicyRule = {
  id: 'run-history',
  check(context) {
    const minorsRule = context.policy.rules.get('s09-minors');
    const minors = minorsRule ? ruleCategories(minorsRule, context.policy) : [];
    // Loading has applied the taxonomy's inheritance: each category knows whether it is hidden.
    const hidden = (category: string) => context.policy.categories.get(category)?.secureInRunHistory ?? false;
    for (const { sinks, variables, logs, histories } of context.flows) {
      // An agent's chat history: run history shows it, and Jig cannot hide it (README rule 6).
      for (const { step, categories } of histories) {
        const carried = [...categories].filter(([category, origin]) => hidden(category) && !origin.control);
        if (carried.length === 0) continue;
        const cite = minorsRule && carried.some(([c]) => minors.some((m) => covers(m, c))) ? minorsRule : undefined;
        const { range, related } = pointAt(step.request.range, carried[0]![1]);
        context.report(messages.hiddenDataInAgentHistory, range, { category: listCategories(carried.map(([category]) => category)) }, { ...(related && { related }), ...(cite && { cite }) });
      }
      for (const { step, categories } of variables) {
        // What the value holds: a count of records changed in a loop over them holds none of their data.
        const carried = [...categories].filter(([category, origin]) => hidden(category) && !origin.control);
        if (carried.length === 0) continue;
        const cite = minorsRule && carried.some(([c]) => minors.some((m) => covers(m, c))) ? minorsRule : undefined;
        const { range, related } = pointAt((step.value ?? step).range, carried[0]![1]);
        const verb = step.kind === 'Var' ? "'var'" : step.kind === 'Set' ? "'set'" : "'append'";
        context.report(
          messages.hiddenDataInVariable,
          range,
          { category: listCategories(carried.map(([category]) => category)), verb },
          { ...(related && { related }), ...(cite && { cite }) },
        );
      }
      // The diagnostic logs, where a computed tracked property goes, hide nothing (README, "Annotations": @tracked).
      for (const { node, categories } of logs) {
        const carried = [...categories].filter(([category, origin]) => hidden(category) && !origin.control);
        if (carried.length === 0) continue;
        const cite = minorsRule && carried.some(([c]) => minors.some((m) => covers(m, c))) ? minorsRule : undefined;
        const { range, related } = pointAt(node.range, carried[0]![1]);
        context.report(messages.hiddenDataInTrackedProperty, range, { category: listCategories(carried.map(([category]) => category)) }, { ...(related && { related }), ...(cite && { cite }) });
      }
      for (const sink of sinks) {
        if (sink.kind !== 'fail') continue;
        const carried = [...sink.categories].filter(([category, origin]) => hidden(category) && !origin.control);
        if (carried.length === 0) continue;
        const [category, origin] = carried.find(([c]) => minors.some((m) => covers(m, c))) ?? carried[0]!;
        const cite = minorsRule && minors.some((m) => covers(m, category)) ? minorsRule : undefined;
        const { range, related } = pointAt(sink.node.range, origin);
        context.report(messages.hiddenDataInFailMessage, range, { category }, { ...(related && { related }), ...(cite && { cite }) });
      }
    }
  },
};

