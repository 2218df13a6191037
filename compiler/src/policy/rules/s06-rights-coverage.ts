/**
 * §6 Opt-out and data control: "Additionally, upon request, you can access, correct, or delete
 * your data."
 *
 * Once a project serves these requests (it has flows marked `@rights(RIGHT, KIND)`), every place
 * that keeps a KIND's personal data must be one those flows reach: each Cosmos DB container a store
 * keeps it in is served by a flow for each right of that kind (JIG3603), and nothing keeps it where
 * no rights flow can go, a store into Blob, SQL or SharePoint or an HTTP write into a storage
 * service (JIG3604). A flow that starts storing people somewhere new fails until `jig rights` is
 * run again. The project's serving flows are registered before any file is checked
 * (flow/serving-flows.ts); the serving flows themselves are not writers, their rewrites follow the
 * project's data.
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import { covers } from '../../flow/categories.js';
import { rightsFlowName, servingFlows } from '../../flow/serving-flows.js';
import { SUBJECT_RIGHTS } from '../../semantics/model.js';
import type { TextRange } from '../../syntax/source.js';
import { destinationsOf } from '../destinations.js';
import { ruleCategories, type PolicyRule } from './rule.js';
import { targetText } from '../../semantics/targets.js';

export const rightsCoverage: PolicyRule = {
  id: 's06-rights-coverage',
  check(context) {
    const { model } = context;
    const served = [...context.data.servingFlowsElsewhere(), ...servingFlows(model.file)];
    if (served.length === 0) return;
    const personal = ruleCategories(context.rule, ['personal']);
    const isPersonal = (categories: Iterable<string>) => [...categories].some((category) => personal.some((p) => covers(p, category)));
    // By container: the kinds of subject whose keys its stores mark, and the stores of personal data there.
    const containers = new Map<string, { args: readonly string[]; kinds: Set<string>; writers: TextRange[] }>();
    for (const { flow, sinks } of context.flows) {
      if (model.annotationsOf(flow).rights !== undefined) continue;
      for (const sink of sinks) {
        if (!isPersonal(sink.categories.keys())) continue;
        if (sink.kind === 'store' && sink.step.target.store.name === 'cosmos') {
          const args = sink.step.target.args.map((arg) => arg.value ?? '');
          const location = args.join('/');
          let entry = containers.get(location);
          if (!entry) containers.set(location, (entry = { args, kinds: new Set(), writers: [] }));
          entry.writers.push(sink.step.range);
          for (const key of model.subjectKeysOf(sink.step)) entry.kinds.add(key.kind);
        } else if (sink.kind === 'store') {
          const target = sink.step.target;
          const kinds = [...new Set(model.subjectKeysOf(sink.step).map((key) => `a ${key.kind}'s`))];
          const place = targetText(target);
          context.report(messages.rightsUnreachable, target.range, { place, kind: kinds.join(' or ') || "a data subject's" });
        } else if (sink.kind === 'http' && !sink.tokenRequest) {
          const storage = destinationsOf(sink, model, context.policy, context.project, context.data).find((destination) => destination.storage)?.storage;
          if (storage) context.report(messages.rightsUnreachable, sink.call.url.range, { place: `${storage.service} (through call http)`, kind: "a data subject's" });
        }
      }
    }
    for (const [location, { args, kinds, writers }] of containers) {
      for (const kind of [...kinds].sort()) {
        const missing = SUBJECT_RIGHTS.filter((right) => !served.some((flow) => flow.right === right && flow.kind === kind && flow.locations.includes(location)));
        if (missing.length === 0) continue;
        const messageArgs = {
          container: `cosmos(${args.map((arg) => JSON.stringify(arg)).join(', ')})`,
          kind,
          flows: missing.map((right) => `'${rightsFlowName(right, kind)}'`).join(', '),
        };
        for (const range of writers) context.report(messages.rightsUncovered, range, messageArgs);
      }
    }
  },
};
