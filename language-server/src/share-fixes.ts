/**
 * Fixes the compiler does not attach itself: for data sent outside the platform without
 * `@share` (JIG3301), add `@share(PROCESSOR, "reason")` naming each processor the policy lists,
 * written under the step as the language writes step annotations.
 */
import type { Diagnostic, Fix, Policy, SourceFile, tree } from '../../compiler/src/index.js';
import { shareRequired } from '../../compiler/src/diagnostics/catalogue/policy.js';
import { nodePathAt } from './node-at.js';

const sendingSteps = new Set<tree.Node['kind']>(['HttpCallStep', 'SendMail', 'Let']);

export function shareFixes(diagnostic: Diagnostic, file: tree.JigFile, source: SourceFile, policy: Policy): Fix[] {
  if (diagnostic.code !== shareRequired.code || (diagnostic.fixes?.length ?? 0) > 0) return [];
  const step = nodePathAt(file, diagnostic.range.start)
    .reverse()
    .find((node) => sendingSteps.has(node.kind));
  if (!step) return [];
  const line = source.positionAt(step.range.start).line;
  const indent = /^\s*/.exec(source.lineText(line))![0];
  const processors = [...policy.processors.keys()].sort();
  return processors.map((processor) => ({
    title: `Add @share(${processor}, …)`,
    edits: [{ range: { start: step.range.end, end: step.range.end }, newText: `\n${indent}  @share(${processor}, "Why this data is shared")` }],
    ...(processors.length === 1 && { isPreferred: true }),
  }));
}
