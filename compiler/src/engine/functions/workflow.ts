/**
 * Workflow functions: they read the run (its parameters, variables, trigger, actions and loops)
 * through `RuntimeState`, and return what they read with the categories it carries.
 */
import { ExpressionError } from '../errors.js';
import type { RuntimeState } from '../expressions/runtime-state.js';
import { Label, type Traced, untraced } from '../tracing/labels.js';
import { isObject, propertyOf, type Value } from '../values.js';
import { stringArg, unsupported, type Family, type FunctionSpec } from './spec.js';

function traced(name: string, min: number, max: number, read: (args: readonly Traced[], state: RuntimeState, name: string) => Traced): FunctionSpec {
  return { name, family: 'workflow' as Family, min, max, traced: read };
}

function nameArg(fn: string, args: readonly Traced[]): string {
  return stringArg(fn, args.map((arg) => arg.value), 0);
}

/** A property of a record (`outputs`, `body`); missing is null, as the service returns it. */
function member(record: Traced, ...path: string[]): Traced {
  let current = record;
  for (const key of path) {
    if (!isObject(current.value)) return { value: null, label: current.label };
    const property = propertyOf(current.value, key);
    current = { value: property.found ? property.value : null, label: current.label.field(property.actualKey ?? key) };
  }
  return current;
}

/** A form-data or form-encoded body's values for a key. */
function formValues(body: Traced, key: string, fn: string): Traced {
  const value: Value = body.value;
  let values: string[] = [];
  if (typeof value === 'string') {
    values = new URLSearchParams(value).getAll(key);
  } else if (isObject(value) && Array.isArray(value['$formdata'])) {
    values = value['$formdata'].filter((entry) => isObject(entry) && entry['key'] === key).map((entry) => String(isObject(entry) ? entry['value'] : ''));
  } else if (value !== null) {
    throw new ExpressionError(`The template language function '${fn}' expects a form-data or form-encoded body.`);
  }
  return { value: values, label: body.label };
}

function single(values: Traced, fn: string, key: string): Traced {
  const list = values.value as string[];
  if (list.length > 1) throw new ExpressionError(`The template language function '${fn}' found more than one value for the key '${key}'.`);
  return { value: list[0] ?? null, label: values.label };
}

export const workflowFunctions: FunctionSpec[] = [
  traced('parameters', 1, 1, (args, state, fn) => state.parameter(nameArg(fn, args))),
  traced('variables', 1, 1, (args, state, fn) => state.variable(nameArg(fn, args))),
  traced('trigger', 0, 0, (_args, state) => state.trigger()),
  traced('triggerOutputs', 0, 0, (_args, state) => member(state.trigger(), 'outputs')),
  traced('triggerBody', 0, 0, (_args, state) => member(state.trigger(), 'outputs', 'body')),
  traced('triggerFormDataValue', 1, 1, (args, state, fn) => single(formValues(member(state.trigger(), 'outputs', 'body'), nameArg(fn, args), fn), fn, nameArg(fn, args))),
  traced('triggerFormDataMultiValues', 1, 1, (args, state, fn) => formValues(member(state.trigger(), 'outputs', 'body'), nameArg(fn, args), fn)),
  traced('actions', 1, 1, (args, state, fn) => state.action(nameArg(fn, args))),
  traced('action', 0, 0, (_args, state) => state.currentAction()),
  traced('outputs', 1, 1, (args, state, fn) => member(state.action(nameArg(fn, args)), 'outputs')),
  traced('actionOutputs', 1, 1, (args, state, fn) => member(state.action(nameArg(fn, args)), 'outputs')),
  traced('body', 1, 1, (args, state, fn) => member(state.action(nameArg(fn, args)), 'outputs', 'body')),
  traced('actionBody', 1, 1, (args, state, fn) => member(state.action(nameArg(fn, args)), 'outputs', 'body')),
  traced('formDataValue', 2, 2, (args, state, fn) => {
    const key = stringArg(fn, args.map((arg) => arg.value), 1);
    return single(formValues(member(state.action(nameArg(fn, args)), 'outputs', 'body'), key, fn), fn, key);
  }),
  traced('formDataMultiValues', 2, 2, (args, state, fn) => formValues(member(state.action(nameArg(fn, args)), 'outputs', 'body'), stringArg(fn, args.map((arg) => arg.value), 1), fn)),
  traced('item', 0, 0, (_args, state) => state.item()),
  traced('items', 1, 1, (args, state, fn) => state.items(nameArg(fn, args))),
  traced('iterationIndexes', 1, 1, (args, state, fn) => untraced(state.iterationIndexes(nameArg(fn, args)))),
  traced('result', 1, 1, (args, state, fn) => state.result(nameArg(fn, args))),
  traced('workflow', 0, 0, (_args, state) => state.workflow()),
  traced('listCallbackUrl', 0, 0, (_args, state) => ({ value: state.listCallbackUrl(), label: Label.EMPTY })),
  unsupported('workflow', 'multipartBody', 'multipart bodies are not simulated'),
  unsupported('workflow', 'triggerMultipartBody', 'multipart bodies are not simulated'),
  unsupported('workflow', 'appsetting', "a Standard logic app's app settings are not part of the workflow"),
  traced('agentParameters', 1, 1, (args, state, fn) => state.agentParameter(nameArg(fn, args))),
];
