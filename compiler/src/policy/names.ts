/**
 * The policy's vocabulary, checked wherever a file uses it: categories on type fields and in
 * `@data`, the purpose of `@purpose`, the processor of `@share`. Unlike the rules, these checks
 * are not the policy's to choose: a name the policy does not define cannot be checked at all.
 */
import * as messages from '../diagnostics/catalogue/policy.js';
import type { Diagnostic, Fix } from '../diagnostics/diagnostic.js';
import type { TextRange } from '../syntax/source.js';
import type { SemanticModel } from '../semantics/model.js';
import type { FlowData } from '../flow/categories.js';
import { suggest } from '../util/suggest.js';
import type { Policy } from './model.js';

export function checkNames(model: SemanticModel, policy: Policy, flows: readonly FlowData[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const category = (id: string, range: TextRange) => {
    if (policy.categories.has(id)) return;
    const suggestion = suggest(id, policy.categories.keys());
    diagnostics.push(messages.unknownCategory(range, { category: id, ...(suggestion && { suggestion }) }, { fixes: replaceWith(range, suggestion) }));
  };

  for (const declaration of model.file.declarations) {
    if (declaration.kind !== 'TypeDecl') continue;
    for (const field of declaration.fields) for (const name of field.categories) category(name.text, name.range);
  }
  for (const { flow, sinks } of flows) {
    const annotations = model.annotationsOf(flow);
    for (const declared of annotations.data?.categories ?? []) category(declared.id, declared.range);
    const purpose = annotations.purpose;
    if (purpose && !policy.purposes.has(purpose.id)) {
      const suggestion = suggest(purpose.id, policy.purposes.keys());
      diagnostics.push(
        messages.unknownPurpose(
          purpose.idRange,
          { purpose: purpose.id, known: [...policy.purposes.keys()].join(', '), ...(suggestion && { suggestion }) },
          { fixes: replaceWith(purpose.idRange, suggestion) },
        ),
      );
    }
    for (const sink of sinks) {
      const share = sink.kind === 'http' || sink.kind === 'mail' ? sink.share : undefined;
      if (!share || policy.processors.has(share.processor)) continue;
      const suggestion = suggest(share.processor, policy.processors.keys());
      diagnostics.push(
        messages.unknownProcessor(share.processorRange, { processor: share.processor, ...(suggestion && { suggestion }) }, {
          fixes: replaceWith(share.processorRange, suggestion),
        }),
      );
    }
  }
  return diagnostics;
}

function replaceWith(range: TextRange, suggestion: string | undefined): Fix[] {
  return suggestion ? [{ title: `Change to '${suggestion}'`, edits: [{ range, newText: suggestion }], isPreferred: true }] : [];
}
