/**
 * The policy's vocabulary, checked wherever a file uses it: categories on type fields and in
 * `@data` (the taxonomy, §1), the purpose of `@purpose` (§4: "a purpose the policy does not list is
 * an error"), the processor of `@share` (§3). A name the policy does not define cannot be checked
 * against any other rule, so the checker applies these even where a policy file leaves them out
 * (uncited then); each finding offers the nearest defined name.
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import type { Fix } from '../../diagnostics/diagnostic.js';
import type { TextRange } from '../../syntax/source.js';
import { forEachStep } from '../../syntax/visit.js';
import { suggest } from '../../util/suggest.js';
import type { PolicyRule } from './rule.js';

export const categoryDefined: PolicyRule = {
  id: 'category-defined',
  check(context) {
    const { policy, model } = context;
    const check = (id: string, range: TextRange) => {
      if (policy.categories.has(id)) return;
      const suggestion = suggest(id, policy.categories.keys());
      context.report(messages.unknownCategory, range, { category: id, ...(suggestion && { suggestion }) }, { fixes: replaceWith(range, suggestion) });
    };
    for (const declaration of model.file.declarations) {
      if (declaration.kind !== 'TypeDecl') continue;
      for (const field of declaration.fields) for (const name of field.categories) check(name.text, name.range);
    }
    for (const { flow } of context.flows) {
      for (const declared of model.annotationsOf(flow).data?.categories ?? []) check(declared.id, declared.range);
    }
  },
};

export const purposeListed: PolicyRule = {
  id: 'purpose-listed',
  check(context) {
    const { policy } = context;
    for (const { flow } of context.flows) {
      const purpose = context.model.annotationsOf(flow).purpose;
      if (!purpose || policy.purposes.has(purpose.id)) continue;
      const suggestion = suggest(purpose.id, policy.purposes.keys());
      context.report(
        messages.unknownPurpose,
        purpose.idRange,
        { purpose: purpose.id, known: [...policy.purposes.keys()].join(', '), ...(suggestion && { suggestion }) },
        { fixes: replaceWith(purpose.idRange, suggestion) },
      );
    }
  },
};

export const processorListed: PolicyRule = {
  id: 'processor-listed',
  check(context) {
    const { policy, model } = context;
    for (const { flow } of context.flows) {
      // Every step, not only those that send data out: a @share anywhere names a processor.
      forEachStep(flow.body, (step) => {
        if (!('annotations' in step)) return;
        const share = model.shareOf(step);
        if (!share || policy.processors.has(share.processor)) return;
        const suggestion = suggest(share.processor, policy.processors.keys());
        context.report(
          messages.unknownProcessor,
          share.processorRange,
          { processor: share.processor, ...(suggestion && { suggestion }) },
          { fixes: replaceWith(share.processorRange, suggestion) },
        );
      });
    }
  },
};

function replaceWith(range: TextRange, suggestion: string | undefined): Fix[] {
  return suggestion ? [{ title: `Change to '${suggestion}'`, edits: [{ range, newText: suggestion }], isPreferred: true }] : [];
}
