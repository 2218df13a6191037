/**
 * What the compiler knows of a flow that a run is checked against, through one narrow function,
 * `flowFacts`: the categories each field of the trigger's body carries (the run starts with
 * them), what each Cosmos DB container read holds, and the compiler's static prediction of the
 * categories reaching each sink, by the emitted action's name (flow/categories.ts's FlowData sinks
 * mapped through the emitter's step → action pointers).
 */
import type { Compilation } from '../compilation.js';
import { Label } from '../engine/index.js';
import type { EmittedWorkflow } from '../emit/workflow.js';
import { RunHistoryPrivacy } from '../emit/privacy.js';
import type { FlowData } from '../flow/categories.js';
import { isPlaceholder, typeShape, WHOLE, type Shape } from '../semantics/categories.js';
import type { CategoryFlow } from '../semantics/model.js';

export interface Prediction {
  /** The categories the analysis says may reach the sink: the data's and its conditions'. */
  readonly categories: ReadonlySet<string>;
  readonly kind: string;
}

export interface FlowFacts {
  readonly triggerLabel: Label;
  /** By `database/container`: each field as the query's type says, other fields all the container holds. */
  readonly containerLabels: Readonly<Record<string, Label>>;
  /** By action name: the answer of a query whose aggregate Cosmos DB computes. */
  readonly answerLabels: Readonly<Record<string, Label>>;
  /** By emitted action name. */
  readonly predictions: ReadonlyMap<string, Prediction>;
  /** Whether the policy keeps a category out of run history (emit/privacy.ts decides the same). */
  hiddenInRunHistory(category: string): boolean;
}

function categories(flow: CategoryFlow): string[] {
  return [...flow.keys()].filter((category) => !isPlaceholder(category) && !category.startsWith('^') && category !== WHOLE);
}

/** A compiler shape (categories by where they sit in a value) as the engine's label. */
export function labelOfShape(shape: Shape, depth = 0): Label {
  if (depth > 8) return Label.of(categories(shape.any));
  const fields = new Map<string, Label>();
  for (const [name, inner] of shape.fields ?? []) if (name !== WHOLE) fields.set(name, labelOfShape(inner, depth + 1));
  const whole = shape.fields?.get(WHOLE);
  const own = [...categories(shape.any), ...(whole ? [...labelOfShape(whole, depth + 1).all()] : [])];
  return Label.of(own, { fields, ...(shape.element && { elements: labelOfShape(shape.element, depth + 1) }) });
}

/** The emitted action a JSON Pointer names (`/actions/A/actions/B` → `B`). */
function actionOfPointer(pointer: string | undefined): string | undefined {
  const segments = pointer?.split('/') ?? [];
  const index = segments.lastIndexOf('actions');
  return index >= 0 ? segments[index + 1]?.replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

export function flowFacts(compilation: Compilation, workflow: EmittedWorkflow): FlowFacts {
  const model = compilation.model;
  const bodyType = model.triggerBodyType(workflow.flow);
  const triggerLabel = bodyType ? labelOfShape(typeShape(bodyType)) : Label.EMPTY;
  const data: FlowData | undefined = compilation.policyResult.flows.find((entry) => entry.flow === workflow.flow);
  const predictions = new Map<string, Prediction>();
  const containerLabels: Record<string, Label> = {};
  for (const sink of data?.sinks ?? []) {
    const action = actionOfPointer(workflow.pointers.get(sink.step));
    if (!action) continue;
    const previous = predictions.get(action)?.categories ?? new Set<string>();
    predictions.set(action, { kind: sink.kind, categories: new Set([...previous, ...categories(sink.categories), ...categories(sink.control)]) });
  }
  for (const source of data?.sources ?? []) {
    if (source.kind !== 'query' || source.value?.kind !== 'Query') continue;
    const [database, container] = source.value.source.args.map((arg) => arg.value);
    if (database === undefined || container === undefined) continue;
    const type = model.typeOf(source.value);
    const element = type.kind === 'array' ? labelOfShape(typeShape(type.element)) : Label.EMPTY;
    containerLabels[`${database}/${container}`] = Label.of([], { ...(element.fields && { fields: element.fields }), rest: Label.of(categories(source.categories)) });
  }
  const answerLabels: Record<string, Label> = {};
  for (const aggregate of data?.aggregates ?? []) {
    const action = actionOfPointer(workflow.pointers.get(aggregate.step));
    if (!action) continue;
    const rows = Label.of(categories(compilation.resolver.resolve(model.categoriesOf(aggregate.step.value))));
    answerLabels[action] = Label.of([], { fields: new Map([['value', Label.of([], { elements: rows })]]) });
  }
  const privacy = new RunHistoryPrivacy(compilation.policy);
  return { triggerLabel, containerLabels, answerLabels, predictions, hiddenInRunHistory: (category) => privacy.isSecure(category) };
}
