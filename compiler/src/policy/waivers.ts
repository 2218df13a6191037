/**
 * `@allow(RULE, "reason")`: the only way to silence a policy finding. A waiver names a rule by id
 * (`"s06-opt-out"`) or by a code it reports (`JIG3601`), applies to the step it is written on (with
 * everything inside it) or to the whole flow, and needs a reason. Only rules the policy marks
 * waivable can be waived; a waived finding stays in the list, marked, so that every output and the
 * data-map report show it with its reason.
 */
import * as messages from '../diagnostics/catalogue/policy.js';
import type { Diagnostic, Fix } from '../diagnostics/diagnostic.js';
import type { TextRange } from '../syntax/source.js';
import type { Annotation, FlowDecl, Node } from '../syntax/tree.js';
import { forEachChild, forEachStep } from '../syntax/visit.js';
import type { SemanticModel, Waiver } from '../semantics/model.js';
import { suggest } from '../util/suggest.js';
import type { Policy, RuleDefinition } from './model.js';
import { isRuleId, ruleOfCode } from './rule-catalogue.js';

/** A waiver as the checker and the report see it: where it applies, and whether it is valid. */
export interface ResolvedWaiver {
  readonly waiver: Waiver;
  readonly flow: FlowDecl;
  readonly rule?: RuleDefinition;
  /** What the waiver covers: its step, or its flow with the flow's annotations. */
  readonly scope: TextRange;
  readonly valid: boolean;
}

export function waiversOfFile(model: SemanticModel, policy: Policy): ResolvedWaiver[] {
  const resolved: ResolvedWaiver[] = [];
  for (const flow of model.file.declarations) {
    if (flow.kind !== 'Flow') continue;
    const flowScope = { start: Math.min(flow.range.start, ...flow.annotations.map((a) => a.range.start)), end: flow.range.end };
    const add = (waiver: Waiver, scope: TextRange) => {
      const id = isRuleId(waiver.rule) ? waiver.rule : ruleOfCode(waiver.rule);
      const rule = id ? policy.rules.get(id) : undefined;
      resolved.push({ waiver, flow, scope, valid: !!rule && rule.waivable && waiver.reason.trim() !== '', ...(rule && { rule }) });
    };
    for (const waiver of model.annotationsOf(flow).waivers) add(waiver, flowScope);
    // Every check of every file comes here, and few steps carry a waiver: the walk only when one does.
    if (model.stepWaivers) {
      forEachStep(flow.body, (step) => {
        for (const waiver of model.waiversOf(step)) add(waiver, step.range);
      });
    }
  }
  return resolved;
}

/**
 * Marks the findings valid waivers cover, and reports the waivers themselves where they are wrong
 * (unknown rule, not waivable, no reason) or waive nothing.
 */
export function applyWaivers(findings: readonly Diagnostic[], waivers: readonly ResolvedWaiver[], policy: Policy): Diagnostic[] {
  const used = new Set<ResolvedWaiver>();
  const result = findings.map((finding) => {
    const ruleId = finding.policy?.rule;
    if (!ruleId) return finding;
    const waiver = waivers.find(
      (w) => w.valid && w.rule?.id === ruleId && finding.range.start >= w.scope.start && finding.range.end <= w.scope.end,
    );
    if (!waiver) return finding;
    used.add(waiver);
    return { ...finding, waived: { reason: waiver.waiver.reason, range: waiver.waiver.range } };
  });

  for (const resolved of waivers) {
    const { waiver, rule } = resolved;
    if (!rule) {
      const suggestion = suggest(waiver.rule, policy.rules.keys());
      result.push(messages.unknownRule(waiver.ruleRange, { rule: waiver.rule, ...(suggestion && { suggestion }) }));
      continue;
    }
    // A waiver of a rule is about that rule's sentence of the policy: it cites it too.
    const cite = { policy: { id: policy.id, version: policy.version, section: rule.section, quote: rule.quote, rule: rule.id } };
    if (!rule.waivable) {
      result.push(messages.ruleNotWaivable(waiver.ruleRange, { rule: rule.id, section: rule.section }, cite));
    } else if (waiver.reason.trim() === '') {
      result.push(messages.waiverWithoutReason(waiver.range, { rule: rule.id }, cite));
    } else if (!used.has(resolved)) {
      const removal = removeWaiver(resolved);
      result.push(messages.unusedWaiver(waiver.range, { rule: waiver.rule }, { ...cite, ...(removal && { fixes: [removal] }) }));
    }
  }
  return result;
}

/**
 * Removes a waiver's annotation with the space before it (back to what precedes it on the step or
 * the flow), so that no blank or indented empty line is left; the first annotation of a flow goes
 * with the line break after it instead.
 */
function removeWaiver({ waiver, flow }: ResolvedWaiver): Fix | undefined {
  const owner: Node = waiver.step ?? flow;
  const annotations: readonly Annotation[] = 'annotations' in owner ? (owner.annotations as readonly Annotation[]) : [];
  const index = annotations.findIndex((annotation) => annotation.range.start === waiver.range.start);
  if (index < 0) return undefined;
  const title = 'Remove this @allow';
  const previous = annotations[index - 1];
  if (previous) return { title, edits: [{ range: { start: previous.range.end, end: waiver.range.end }, newText: '' }], isPreferred: true };
  const next = annotations[index + 1];
  if (!waiver.step) {
    return { title, edits: [{ range: { start: waiver.range.start, end: next ? next.range.start : waiver.range.end }, newText: '' }], isPreferred: true };
  }
  // On a step, what the step itself holds ends before its first annotation.
  let contentEnd = -1;
  forEachChild(owner, (child) => {
    if (child.kind !== 'Annotation' && child.range.end <= waiver.range.start) contentEnd = Math.max(contentEnd, child.range.end);
  });
  const start = contentEnd >= 0 ? contentEnd : waiver.range.start;
  return { title, edits: [{ range: { start, end: waiver.range.end }, newText: '' }], isPreferred: true };
}
