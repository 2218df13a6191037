/**
 * The flows of a project that serve data-subject requests (§6, `@rights(RIGHT, KIND)`), read from a
 * file's syntax alone, so that a project's are known before any file is checked: whether a store
 * keeps data out of their reach (policy/rules/s06-rights-coverage.ts) needs the whole project's.
 */
import { SUBJECT_RIGHTS, type SubjectRight } from '../semantics/model.js';
import type { JigFile, Node, StoreTarget } from '../syntax/tree.js';
import { walk } from '../syntax/visit.js';

/** A flow that serves requests: its right, its kind of subject, the containers it serves the right in. */
export interface ServingFlow {
  readonly right: SubjectRight;
  readonly kind: string;
  /** `DB/CONTAINER` of each Cosmos DB container it serves the right in. */
  readonly locations: readonly string[];
}

/** The flow that serves RIGHT for KIND (`jig rights` names the flows it generates so). */
export function rightsFlowName(right: SubjectRight, kind: string): string {
  return `${kind}_${right === 'optOut' ? 'opt_out' : right}`;
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

/** The flows of a file that serve requests (a well-formed `@rights(RIGHT, KIND)`). */
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
