/**
 * §2 Data storage and security: "All data we collect is stored on Microsoft's Azure platform,
 * specifically within the Cosmos DB offering."
 *
 * `store` writes only to a store kind the policy allows, and so does an HTTP write to a storage
 * endpoint (destinations.ts, connectors/storage.ts), which is a store by another name: one that
 * keeps the client's credentials and settings (Key Vault, App Configuration) only when it is sent
 * data about someone or a business. Run history is storage too; it is
 * kept clean by the emitter (secure inputs and outputs, §8 and §9) and the run-history rule.
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import { destinationsOf } from '../destinations.js';
import type { PolicyRule } from './rule.js';

export const allowedStores: PolicyRule = {
  id: 's02-allowed-stores',
  check(context) {
    const allowed = context.policy.allowedStores;
    const allowedText = allowed.join(', ') || 'no store at all';
    for (const { sinks } of context.flows) {
      for (const sink of sinks) {
        if (sink.kind === 'http') {
          // A vault of the client's own credentials and settings keeps data only when it is sent some.
          const data = [...sink.categories.keys()].some((category) => context.policy.categories.get(category)?.aboutNoOne !== true);
          for (const { storage } of destinationsOf(sink, context.model, context.policy, context.project, context.data)) {
            if (storage && !allowed.includes(storage.store) && (data || !storage.dataOnly)) {
              context.report(messages.storeNotAllowed, sink.call.url.range, { store: `${storage.service} (through call http)`, allowed: allowedText });
            }
          }
        }
        if (sink.kind !== 'store') continue;
        const store = sink.step.target.store;
        if (store.name === '' || allowed.includes(store.name)) continue; // '': a parse error, reported as such
        context.report(messages.storeNotAllowed, sink.step.target.range, { store: store.name, allowed: allowedText });
      }
    }
  },
};
