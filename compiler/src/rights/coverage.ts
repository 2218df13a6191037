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
import type { RuleDefinition } from '../policy/model.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { rightsUncovered, rightsUnreachable } from '../diagnostics/catalogue/policy.js';
import { covers } from '../flow/categories.js';
import { destinationsOf } from '../policy/destinations.js';
import type { JigFile, Node, StoreTarget } from '../syntax/tree.js';
import { walk } from '../syntax/visit.js';
import { rightsFlowName } from './generate.js';
import { SUBJECT_RIGHTS, type SubjectRight } from '../semantics/model.js';
import { PERSONAL, subjectsOf } from './subjects.js';

/** The policy rule the check applies; a policy that leaves it out is not checked for it. */
export const COVERAGE_RULE = 's06-rights-coverage';

/** A flow that serves requests: its right, its kind of subject, the containers it serves the right in. */
export interface ServingFlow {
  readonly right: SubjectRight;
  readonly kind: string;
  readonly locations: readonly string[];
}

/**
 * The step by which a flow serves its right in a container: it reads the subject's documents there,
 * deletes them, or rewrites them. A flow that only names a container (queries it for an erasure,
 * say) does not serve the right there.
 */
const SERVING_STEP: Readonly<Record<SubjectRight, 'Query' | 'Delete' | 'Store'>> = { access: 'Query', erasure: 'Delete', correction: 'Store', optOut: 'Store' };

function servedContainer(node: Node, right: SubjectRight): StoreTarget | undefined {
  if (node.kind !== SERVING_STEP[right]) return undefined;
  const target = node.kind === 'Query' ? node.source : node.kind === 'Delete' || node.kind === 'Store' ? node.target : undefined;
  return target?.store.name === 'cosmos' ? target : undefined;
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
    const servedRight = right.text as SubjectRight;
    walk(declaration, (node) => {
      const container = servedContainer(node, servedRight);
      if (container) locations.add(container.args.map((arg) => arg.value ?? '').join('/'));
    });
    served.push({ right: servedRight, kind: kind.text, locations: [...locations] });
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
  findings.push(...unreachableStores(compilation, rule));
  return findings;
}

/**
 * The steps of a file that keep personal data where no rights flow can reach it: a `store` into
 * anything but Cosmos DB, and an HTTP write into a storage service. Judged once a project serves
 * requests, as the containers are; the flows that serve them are left out, as they are as writers.
 */
function unreachableStores(compilation: Compilation, rule: RuleDefinition): Diagnostic[] {
  const findings: Diagnostic[] = [];
  const policy = { id: compilation.policy.id, version: compilation.policy.version, section: rule.section, quote: rule.quote, rule: COVERAGE_RULE };
  for (const { flow, sinks } of compilation.policyResult.flows) {
    if (isRightsFlow(compilation, flow.name.name)) continue;
    for (const sink of sinks) {
      if (![...sink.categories.keys()].some((category) => covers(PERSONAL, category))) continue;
      if (sink.kind === 'store' && sink.step.target.store.name !== 'cosmos') {
        const target = sink.step.target;
        const kinds = compilation.model.subjectKeysOf(sink.step).map((key) => `a ${key.kind}'s`);
        const place = `${target.store.name}(${target.args.map((arg) => JSON.stringify(arg.value ?? '')).join(', ')})`;
        findings.push(rightsUnreachable(target.range, { place, kind: [...new Set(kinds)].join(' or ') || "a data subject's" }, { severity: rule.severity, policy }));
      } else if (sink.kind === 'http') {
        const storage = destinationsOf(sink, compilation.model, compilation.policy, compilation.projectSettings, compilation.resolver).find((destination) => destination.storage)?.storage;
        if (storage) findings.push(rightsUnreachable(sink.call.url.range, { place: `${storage.service} (through call http)`, kind: "a data subject's" }, { severity: rule.severity, policy }));
      }
    }
  }
  return findings;
}
