/**
 * The flows of a project that serve data-subject requests (§6, `@rights(RIGHT, KIND)`), read from a
 * file's syntax alone, so that a project's are known before any file is checked: whether a store
 * keeps data out of their reach (policy/rules/s06-rights-coverage.ts) needs the whole project's.
 */
import { SUBJECT_RIGHTS, type SubjectRight } from '../semantics/model.js';
import type { Expression, FlowDecl, JigFile, Node, Step, StoreTarget } from '../syntax/tree.js';
import { walk } from '../syntax/visit.js';

/** A flow that serves requests: its right, its kind of subject, the containers it serves the right in. */
export interface ServingFlow {
  /** The flow's name. */
  readonly flow: string;
  readonly right: SubjectRight;
  readonly kind: string;
  /** `DB/CONTAINER` of each Cosmos DB container it serves the right in. */
  readonly locations: readonly string[];
  /** By location, the fields it finds the subject's documents by (compared with the request's key). */
  readonly keys: ReadonlyMap<string, readonly string[]>;
}

/** The flow that serves RIGHT for KIND (`jig rights` names the flows it generates so). */
export function rightsFlowName(right: SubjectRight, kind: string): string {
  return `${kind}_${right === 'optOut' ? 'opt_out' : right}`;
}

/**
 * The step by which a flow serves its right in a container: it reads the subject's documents there,
 * deletes them, or rewrites them. A flow that only names a container (queries it for an erasure,
 * say) does not serve the right there, and neither does one whose step acts on other documents
 * than those of the subject: the access flow's query finds them by the request's key
 * (`where item.F == trigger.body.key`, or several such fields joined by `or`: nothing else narrows
 * it), and the erasure's delete (`delete DOC.id`, in DOC's own partition), the correction's and the opt-out's store (a
 * value built from DOC) act, at the top of a loop over such a query's documents at the top of the
 * flow, on each of them (a step under a condition, or of another container, may leave some).
 */
const SERVING_STEP: Readonly<Record<SubjectRight, 'Query' | 'Delete' | 'Store'>> = { access: 'Query', erasure: 'Delete', correction: 'Store', optOut: 'Store' };

/** A query of a Cosmos DB container that finds the subject's documents: its container and the fields compared with the request's key. */
interface SubjectQuery {
  readonly location: string;
  readonly keys: readonly string[];
}

function locationOf(target: StoreTarget): string | undefined {
  return target.store.name === 'cosmos' ? target.args.map((arg) => arg.value ?? '').join('/') : undefined;
}

/** The fields an `item.F == trigger.body.key` (or several joined by `or`) compares with the request's key; none for any other filter. */
function keyFields(condition: Expression | undefined): string[] | undefined {
  if (!condition || condition.kind !== 'Binary') return undefined;
  if (condition.operator === 'or') {
    const left = keyFields(condition.left);
    const right = keyFields(condition.right);
    return left && right ? [...left, ...right] : undefined;
  }
  if (condition.operator !== '==') return undefined;
  const field = itemField(condition.left) ?? itemField(condition.right);
  const key = isRequestKey(condition.left) || isRequestKey(condition.right);
  return field !== undefined && key ? [field] : undefined;
}

const isName = (node: Expression, name: string): boolean => node.kind === 'Name' && node.name.name === name;
const itemField = (node: Expression): string | undefined => (node.kind === 'Member' && isName(node.object, 'item') ? node.member?.name : undefined);
const isRequestKey = (node: Expression): boolean =>
  node.kind === 'Member' && node.member?.name === 'key' && node.object.kind === 'Member' && node.object.member?.name === 'body' && isName(node.object.object, 'trigger');

/** Whether an expression reads the loop variable NAME (a value built from the document). */
function reads(node: Node, name: string): boolean {
  let found = false;
  walk(node, (child) => {
    if (child.kind === 'Name' && child.name.name === name) found = true;
  });
  return found;
}

/** The flows of a file that serve requests (a well-formed `@rights(RIGHT, KIND)`). */
export function servingFlows(file: JigFile): ServingFlow[] {
  const served: ServingFlow[] = [];
  for (const declaration of file.declarations) {
    if (declaration.kind !== 'Flow') continue;
    const annotation = declaration.annotations.find((candidate) => candidate.name.name === 'rights');
    const [right, kind] = annotation?.args ?? [];
    if (right?.kind !== 'DottedName' || kind?.kind !== 'DottedName' || !(SUBJECT_RIGHTS as readonly string[]).includes(right.text)) continue;
    const servedRight = right.text as SubjectRight;
    const keys = new Map<string, string[]>();
    const serve = (location: string, fields: readonly string[]) => keys.set(location, [...new Set([...(keys.get(location) ?? []), ...fields])]);
    const queries = subjectQueries(declaration);
    if (SERVING_STEP[servedRight] === 'Query') {
      for (const query of queries.values()) if (query) serve(query.location, query.keys);
    }
    if (SERVING_STEP[servedRight] !== 'Query') {
      for (const { query } of servingSteps(declaration, servedRight, queries)) serve(query.location, query.keys);
    }
    served.push({ flow: declaration.name.name, right: servedRight, kind: kind.text, locations: [...keys.keys()], keys });
  }
  return served;
}

/** The queries of a flow that find the subject's documents, by the name of their let (a name bound twice names none). */
function subjectQueries(flow: FlowDecl): Map<string, SubjectQuery | undefined> {
  const queries = new Map<string, SubjectQuery | undefined>();
  walk(flow, (node) => {
    if (node.kind !== 'Let') return;
    const query = node.value.kind === 'Query' ? node.value : undefined;
    const location = query && locationOf(query.source);
    const fields = query && keyFields(query.where);
    queries.set(node.name.name, queries.has(node.name.name) || !location || !fields ? undefined : { location, keys: fields });
  });
  return queries;
}

/** The steps by which a flow serves an erasure, a correction or an opt-out: each acts on every document of the subject a query found. */
function servingSteps(flow: FlowDecl, right: SubjectRight, queries: Map<string, SubjectQuery | undefined>): { step: Step; query: SubjectQuery }[] {
  const found: { step: Step; query: SubjectQuery }[] = [];
  for (const step of flow.body.steps) {
    if (step.kind !== 'ForEach' || step.iterable.kind !== 'Name') continue;
    const query = queries.get(step.iterable.name.name);
    if (!query) continue;
    const document = step.variable.name;
    for (const inner of step.body.steps) {
      const acts =
        right === 'erasure'
          ? inner.kind === 'Delete' &&
            locationOf(inner.target) === query.location &&
            inner.id.kind === 'Member' &&
            inner.id.member?.name === 'id' &&
            isName(inner.id.object, document) &&
            // A partition other than the document's own deletes nothing of another partition (Cosmos DB answers 404).
            (inner.partition === undefined || reads(inner.partition, document))
          : inner.kind === 'Store' && locationOf(inner.target) === query.location && reads(inner.value, document);
      if (acts) found.push({ step: inner, query });
    }
  }
  return found;
}

/**
 * The steps by which a flow that serves data subjects' requests (`@rights(RIGHT, KIND)`) erases,
 * corrects or marks the subject's documents: each document a query by the request's key finds,
 * unconditionally (an access serves by its query, which writes nothing).
 */
export function subjectServingSteps(flow: FlowDecl): ReadonlySet<Step> {
  const annotation = flow.annotations.find((candidate) => candidate.name.name === 'rights');
  const right = annotation?.args[0];
  if (right?.kind !== 'DottedName' || !(SUBJECT_RIGHTS as readonly string[]).includes(right.text) || SERVING_STEP[right.text as SubjectRight] === 'Query') return new Set();
  return new Set(servingSteps(flow, right.text as SubjectRight, subjectQueries(flow)).map(({ step }) => step));
}

/** The loops whose steps serve a subject's request (`subjectServingSteps`): each over a query of the subject's documents. */
export function subjectServingLoops(flow: FlowDecl, serving: ReadonlySet<Step>): ReadonlySet<Step> {
  const loops = new Set<Step>();
  for (const step of flow.body.steps) if (step.kind === 'ForEach' && step.body.steps.some((inner) => serving.has(inner))) loops.add(step);
  return loops;
}
