/**
 * §6 Opt-out and data control: "Additionally, upon request, you can access, correct, or delete
 * your data."
 *
 * Once a project serves these requests (it has flows marked `@rights(RIGHT, KIND)`), every place
 * that keeps a KIND's personal data must be one those flows reach: each Cosmos DB container a store
 * keeps it in is served by a flow for each right of that kind (JIG3603), and nothing keeps it where
 * no rights flow can go, a store into Blob, SQL or SharePoint or an HTTP write into a storage
 * service (JIG3604), and every document a store keeps there is one a request can find: its store
 * marks a `@subject` field that the project's stores fill with a value naming someone, as read
 * (JIG3605; a waiver of s06-subject-key, which is about marking, does not waive this, and a guid
 * in the marked field names no one). A flow that starts storing people somewhere new fails until
 * `jig rights` is run again. The project's serving flows are registered before any file is checked
 * (flow/serving-flows.ts); their rewrites of the documents they serve follow the project's data,
 * and anything else they keep is judged as any store is.
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import { covers } from '../../flow/categories.js';
import { rightsFlowName, servingFlows, type ServingFlow } from '../../flow/serving-flows.js';
import { SUBJECT_RIGHTS } from '../../semantics/model.js';
import type { TextRange } from '../../syntax/source.js';
import { destinationsOf } from '../destinations.js';
import { ruleCategories, type PolicyRule, type RuleContext } from './rule.js';
import { elementOf, flatten, memberOf } from '../../semantics/categories.js';
import { targetText } from '../../semantics/targets.js';
import { ELEMENT, isCopyAt } from '../../flow/copies.js';
import { storesEachElement } from '../../flow/project-data.js';
import type { StoreStep } from '../../syntax/tree.js';

export const rightsCoverage: PolicyRule = {
  id: 's06-rights-coverage',
  check(context) {
    const { model } = context;
    const own = servingFlows(model.file);
    const served = [...context.data.servingFlowsElsewhere(), ...own];
    if (served.length === 0) return;
    const personal = ruleCategories(context.rule, context.policy);
    const isPersonal = (categories: Iterable<string>) => [...categories].some((category) => personal.some((p) => covers(p, category)));
    // By container: the kinds of subject whose keys its stores mark, and the stores of personal data there.
    // By container: each kind of subject whose keys its stores mark, with the fields they mark.
    const containers = new Map<string, { args: readonly string[]; kinds: Map<string, Set<string>>; writers: TextRange[] }>();
    for (const { flow, sinks } of context.flows) {
      // A rights flow's rewrites of the documents it serves follow the project's data (the
      // correction's, the opt-out's); anything else it keeps (a copy of what it erases) is judged as
      // any flow's store is.
      const serving = model.annotationsOf(flow).rights === undefined ? undefined : (own.find((candidate) => candidate.flow === flow.name.name)?.locations ?? []);
      for (const sink of sinks) {
        if (!isPersonal(sink.categories.keys())) continue;
        if (serving && sink.kind === 'store' && sink.step.target.store.name === 'cosmos' && serving.includes(sink.step.target.args.map((arg) => arg.value ?? '').join('/'))) continue;
        if (sink.kind === 'store' && sink.step.target.store.name === 'cosmos') {
          const args = sink.step.target.args.map((arg) => arg.value ?? '');
          const location = args.join('/');
          let entry = containers.get(location);
          if (!entry) containers.set(location, (entry = { args, kinds: new Map(), writers: [] }));
          entry.writers.push(sink.step.range);
          const keys = model.subjectKeysOf(sink.step);
          for (const key of keys) {
            let fields = entry.kinds.get(key.kind);
            if (!fields) entry.kinds.set(key.kind, (fields = new Set()));
            fields.add(key.field);
          }
          if (!keys.some((key) => findableBy(context, sink.step, key.field))) {
            const fields = keys.map((key) => `'${key.field}'`);
            context.report(messages.rightsUnfindable, sink.step.value.range, {
              kind: [...new Set(keys.map((key) => `a ${key.kind}'s`))].join(' or ') || "a data subject's",
              container: `cosmos(${args.map((arg) => JSON.stringify(arg)).join(', ')})`,
              why:
                keys.length === 0
                  ? 'nothing marks whose it is'
                  : `its subject field${fields.length > 1 ? 's' : ''} ${fields.join(', ')} hold${fields.length > 1 ? '' : 's'} nothing that names someone as it was read (a value made by guid(), or computed from an identifier and something else)`,
            });
          }
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
      for (const [kind, fields] of [...kinds].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        // A flow serves its right there by finding the documents by a field the stores mark for that kind.
        const serves = (right: ServingFlow['right']) =>
          served.some((flow) => flow.right === right && flow.kind === kind && (flow.keys.get(location) ?? []).some((field) => fields.has(field)));
        const missing = SUBJECT_RIGHTS.filter((right) => !serves(right));
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

/**
 * Whether the documents a store writes hold, in `field`, what a request's key finds: a value that
 * names someone (an identifying category, not one only its conditions read), as it was read
 * (flow/copies.ts: a copy, or made alike with toLower, toUpper or trim; a guid() or an identifier
 * joined to something new on each document is not). Judged on the store's own value, not on what
 * the container holds, which the rights flows' own rewrites of the field would fill.
 */
function findableBy(context: RuleContext, step: StoreStep, field: string): boolean {
  const whole = context.model.shapeOf(step.value);
  const eachElement = storesEachElement(whole);
  const held = context.data.resolve(flatten(memberOf(eachElement ? elementOf(whole) : whole, field)));
  const names = [...held].some(([category, origin]) => origin.control !== true && context.policy.categories.get(category)?.identifying === true);
  return names && isCopyAt(context.model, step.value, eachElement ? [ELEMENT, field] : [field]);
}
