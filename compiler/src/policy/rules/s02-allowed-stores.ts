/**
 * §2 Data storage and security: "All data we collect is stored on Microsoft's Azure platform,
 * specifically within the Cosmos DB offering."
 *
 * `store` writes only to a store kind the policy allows. Run history is storage too; it is kept
 * clean by the emitter (secure inputs and outputs, §8 and §9), not here.
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import type { PolicyRule } from './rule.js';

export const allowedStores: PolicyRule = {
  id: 's02-allowed-stores',
  check(context) {
    const allowed = context.policy.allowedStores;
    for (const { sinks } of context.flows) {
      for (const sink of sinks) {
        if (sink.kind !== 'store') continue;
        const store = sink.step.target.store;
        if (store.name === '' || allowed.includes(store.name)) continue; // '': a parse error, reported as such
        context.report(messages.storeNotAllowed, sink.step.target.range, {
          store: store.name,
          allowed: allowed.join(', ') || 'no store at all',
        });
      }
    }
  },
};
