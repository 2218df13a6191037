/**
 * Completeness of the rights flows (§6): once a project serves data-subject requests (it has flows
 * marked `@rights(RIGHT, KIND)`), every container that keeps a KIND's personal data must be reached
 * by a flow for each right of that kind. A flow that starts storing people somewhere new makes
 * `jig check` fail until `jig rights` is run again.
 *
 * A project-level check: the serving flows are read from the files' syntax before any file is
 * checked, and each file's findings stand on its stores into the containers they miss.
 */
import type { Compilation } from '../compilation.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { rightsUncovered } from '../diagnostics/catalogue/policy.js';
import type { JigFile } from '../syntax/tree.js';
import { walk } from '../syntax/visit.js';
import { rightsFlowName } from './generate.js';
import { SUBJECT_RIGHTS, type SubjectRight } from '../semantics/model.js';
import { subjectsOf } from './subjects.js';

/** The policy rule the check applies; a policy that leaves it out is not checked for it. */
export const COVERAGE_RULE = 's06-rights-coverage';

/** A flow that serves requests: its right, its kind of subject, every container it names. */
export interface ServingFlow {
  readonly right: SubjectRight;
  readonly kind: string;
  readonly locations: readonly string[];
}

export function isRightsFlow(compilation: Compilation, flowName: string): boolean {
  const flow = compilation.syntax.file.declarations.find((declaration) => declaration.kind === 'Flow' && declaration.name.name === flowName);
  return flow?.kind === 'Flow' && compilation.model.annotationsOf(flow).rights !== undefined;
}

/**
 * The flows of a file that serve requests, read from its syntax alone (a well-formed
 * `@rights(RIGHT, KIND)`), so that a project's are known before any file is checked.
 */
export function servingFlows(file: JigFile): ServingFlow[] {
  const served: ServingFlow[] = [];
  for (const declaration of file.declarations) {
    if (declaration.kind !== 'Flow') continue;
    const annotation = declaration.annotations.find((candidate) => candidate.name.name === 'rights');
    const [right, kind] = annotation?.args ?? [];
    if (right?.kind !== 'DottedName' || kind?.kind !== 'DottedName' || !(SUBJECT_RIGHTS as readonly string[]).includes(right.text)) continue;
    const locations = new Set<string>();
    walk(declaration, (node) => {
      if (node.kind === 'StoreTarget') locations.add(node.args.map((arg) => arg.value ?? '').join('/'));
    });
    served.push({ right: right.text as SubjectRight, kind: kind.text, locations: [...locations] });
  }
  return served;
}

/**
 * The stores of a file into containers that the project's serving flows do not all reach: none
 * until the project has a serving flow, and none where the policy leaves the rule out.
 */
export function coverageFindings(compilation: Compilation, served: readonly ServingFlow[]): Diagnostic[] {
  const rule = compilation.policy.rules.get(COVERAGE_RULE);
  if (served.length === 0 || !rule) return [];
  const findings: Diagnostic[] = [];
  for (const { kind, containers } of subjectsOf([compilation], isRightsFlow)) {
    for (const container of containers) {
      const missing = SUBJECT_RIGHTS.filter((right) => !served.some((flow) => flow.right === right && flow.kind === kind && flow.locations.includes(container.location)));
      if (missing.length === 0) continue;
      for (const writer of container.writers) {
        findings.push(
          rightsUncovered(
            writer.range,
            {
              container: `cosmos(${container.args.map((arg) => JSON.stringify(arg)).join(', ')})`,
              kind,
              flows: missing.map((right) => `'${rightsFlowName(right, kind)}'`).join(', '),
            },
            {
              severity: rule.severity,
              policy: { id: compilation.policy.id, version: compilation.policy.version, section: rule.section, quote: rule.quote, rule: COVERAGE_RULE },
            },
          ),
        );
      }
    }
  }
  return findings;
}
