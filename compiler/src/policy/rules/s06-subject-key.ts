/**
 * §6 Opt-out and data control: "Additionally, upon request, you can access, correct, or delete
 * your data."
 *
 * A request names a person; serving it means finding that person's documents. So every store that
 * keeps personal data (the rule's categories, JigAjob: `personal`) writes documents with a field
 * that identifies their data subject, marked `@subject(KIND)` on a field of the stored type or
 * `@subject(KIND, FIELD)` on the store of a record literal. The quick fix marks the field that
 * most looks like an identifier, with a kind guessed from its name, for the author to check.
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import { covers, type StoreSink } from '../../flow/categories.js';
import type { Fix } from '../../diagnostics/diagnostic.js';
import type { Policy } from '../model.js';
import type { RecordFieldType, RecordType } from '../../semantics/types.js';
import { storedRecord, stripOptional } from '../../semantics/relations.js';
import { listCategories, ruleCategories, type PolicyRule } from './rule.js';
import { targetText } from '../../semantics/targets.js';

export const subjectKey: PolicyRule = {
  id: 's06-subject-key',
  check(context) {
    const personal = ruleCategories(context.rule, context.policy);
    for (const { sinks } of context.flows) {
      for (const sink of sinks) {
        if (sink.kind !== 'store') continue;
        const kept = [...sink.categories.keys()].filter((category) => personal.some((p) => covers(p, category)));
        if (kept.length === 0 || context.model.subjectKeysOf(sink.step).length > 0) continue;
        const record = storedRecord(context.model.typeOf(sink.step.value));
        const declared = record?.declaration !== undefined;
        const container = targetText(sink.step.target);
        context.report(
          messages.subjectKeyMissing,
          sink.step.value.range,
          {
            categories: listCategories(kept),
            container,
            annotation: declared ? '@subject(KIND)' : '@subject(KIND, FIELD)',
            where: declared ? `on a field of type '${record!.name}'` : 'on the store',
          },
          { fixes: record ? subjectFixes(context.policy, record, sink) : [] },
        );
      }
    }
  },
};

/** One fix a candidate field, the likeliest identifier first (and preferred). */
function subjectFixes(policy: Policy, record: RecordType, sink: StoreSink): Fix[] {
  const candidates = [...record.fields.values()]
    .filter((field) => stripOptional(field.type).kind === 'primitive')
    .map((field, order) => ({ field, order, score: keyScore(policy, field) }))
    .filter((candidate) => candidate.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order);
  return candidates.slice(0, 3).map(({ field }, index) => {
    const kind = kindFromName(field.name, record.name);
    if (field.declaration) {
      return {
        title: `Mark '${field.name}' of '${record.name}' as the subject key: @subject(${kind})`,
        edits: [{ range: { start: field.declaration.range.end, end: field.declaration.range.end }, newText: ` @subject(${kind})` }],
        isPreferred: index === 0,
      };
    }
    const at = sink.step.range.end;
    return {
      title: `Mark '${field.name}' as the subject key: @subject(${kind}, ${field.name})`,
      edits: [{ range: { start: at, end: at }, newText: ` @subject(${kind}, ${field.name})` }],
      isPreferred: index === 0,
    };
  });
}

/** How much a field looks like what identifies a person: identifying categories, then a telling name. */
function keyScore(policy: Policy, field: RecordFieldType): number {
  let score = 0;
  for (const category of field.categories) {
    if (covers('personal.identifier', category)) score = Math.max(score, 6);
    else if (covers('personal.contact', category)) score = Math.max(score, 5);
    else if (covers('business.email', category)) score = Math.max(score, 4);
    else if (policy.categories.get(category)?.identifying) score = Math.max(score, 2);
  }
  if (/(^id$|Id$|email|mail$|^key$|Key$)/i.test(field.name)) score += 1;
  return score;
}

const KEY_SUFFIX = /(Email|Mail|Address|Id|ID|Key|Name|Number|Phone)$/;

/** `contactEmail` → `contact`, `customerId` → `customer`; `email` of `Customer` → `customer`. */
export function kindFromName(field: string, typeName: string | undefined): string {
  const stem = field.replace(KEY_SUFFIX, '');
  const base = stem !== '' && stem !== field ? stem : /^(id|email|mail|key|name)$/i.test(field) ? (typeName ?? 'person') : field;
  return `${base[0]!.toLowerCase()}${base.slice(1)}`;
}
