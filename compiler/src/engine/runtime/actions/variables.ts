/**
 * The variable actions. A variable has a type (Boolean, Integer, Float, String, Array, Object) and
 * every value set into it must fit; a Float holds integers as floats. Variables are initialized
 * only at the top level of a workflow and only once, as the service requires.
 */
import { ExpressionError } from '../../errors.js';
import { stringOf } from '../../functions/conversion-core.js';
import { arrayLabel, joinLabels, Label, type Traced } from '../../tracing/labels.js';
import { bigintOf, finiteFloat, float, FloatNumber, integer64, isInteger, isNumber, isObject, numberOf, typeOf, type Value } from '../../values.js';
import type { ActionContext, ActionResult } from '../context.js';
import { objectOf } from '../../values.js';

export type VariableType = 'Boolean' | 'Integer' | 'Float' | 'String' | 'Array' | 'Object';

export interface Variable {
  readonly name: string;
  readonly type: VariableType;
  value: Value;
  label: Label;
}

const TYPES: Record<string, VariableType> = { boolean: 'Boolean', bool: 'Boolean', integer: 'Integer', int: 'Integer', float: 'Float', string: 'String', array: 'Array', object: 'Object' };

export function variableValue(variable: Variable): Traced {
  return { value: variable.value, label: variable.label };
}

/** The value made to fit the variable's type, or an error saying it does not. */
function fit(variable: { name: string; type: VariableType }, value: Value, verb: 'initialized' | 'updated'): Value {
  if (value === null) return null;
  const ok = (() => {
    switch (variable.type) {
      case 'Boolean':
        return typeof value === 'boolean';
      case 'Integer':
        return isInteger(value);
      case 'Float':
        return isNumber(value);
      case 'String':
        return typeof value === 'string';
      case 'Array':
        return Array.isArray(value);
      case 'Object':
        return isObject(value);
    }
  })();
  if (!ok) {
    throw new ExpressionError(
      `The variable '${variable.name}' of type '${variable.type}' cannot be ${verb} with a value of type '${typeOf(value)}'.`,
      'InvalidVariableValue',
    );
  }
  return variable.type === 'Float' && isNumber(value) ? float(numberOf(value)) : value;
}

function inputsOf(context: ActionContext): Record<string, unknown> {
  const inputs = context.definition['inputs'];
  if (typeof inputs !== 'object' || inputs === null) throw new ExpressionError(`The action '${context.name}' has no inputs.`);
  return inputs as Record<string, unknown>;
}

function target(context: ActionContext, name: Value): Variable {
  if (typeof name !== 'string') throw new ExpressionError(`The action '${context.name}' must name a variable with a string.`);
  const variable = context.run.variables.get(name);
  if (!variable) throw new ExpressionError(`The variable '${name}' is not initialized: an InitializeVariable action must run first.`, 'InvalidVariable');
  return variable;
}

const DEFAULTS: Record<VariableType, Value> = { Boolean: false, Integer: 0, Float: new FloatNumber(0), String: '', Array: [], Object: objectOf([]) };

export function initializeVariable(context: ActionContext): ActionResult {
  if (context.scope.length > 0) {
    throw new ExpressionError(`The action '${context.name}' initializes a variable inside '${context.scope[context.scope.length - 1]}': variables can be initialized only at the top level of a workflow.`, 'InvalidVariableInitialization');
  }
  const specs = inputsOf(context)['variables'];
  if (!Array.isArray(specs)) throw new ExpressionError(`The action '${context.name}' must list its variables in inputs.variables.`);
  const inputs = context.run.evaluate(specs, context.frame, context.start);
  const initialized: Value[] = [];
  (inputs.value as Value[]).forEach((spec, index) => {
    if (!isObject(spec) || typeof spec['name'] !== 'string') throw new ExpressionError(`The variable ${index + 1} of '${context.name}' has no name.`);
    const name = spec['name'];
    const type = TYPES[String(spec['type'] ?? '').toLowerCase()];
    if (!type) throw new ExpressionError(`The variable '${name}' has the type '${String(spec['type'])}', which is not Boolean, Integer, Float, String, Array or Object.`);
    if (context.run.variables.has(name)) throw new ExpressionError(`The variable '${name}' is already initialized.`, 'InvalidVariableInitialization');
    const given = Object.hasOwn(spec, 'value') ? spec['value']! : DEFAULTS[type];
    const value = fit({ name, type }, given, 'initialized');
    const label = inputs.label.item(index).field('value');
    context.run.variables.set(name, { name, type, value, label });
    initialized.push(objectOf([['name', name], ['type', type], ['value', value]]));
  });
  return { status: 'Succeeded', inputs: { value: objectOf([['variables', initialized]]), label: inputs.label } };
}

function nameAndValue(context: ActionContext): { variable: Variable; value: Traced; inputs: Traced } {
  const inputs = context.run.evaluate(inputsOf(context), context.frame, context.start);
  const fields = inputs.value as Record<string, Value>;
  const variable = target(context, fields['name'] ?? null);
  return { variable, value: { value: fields['value'] ?? null, label: inputs.label.field('value') }, inputs };
}

function updated(variable: Variable, inputs: Traced): ActionResult {
  return {
    status: 'Succeeded',
    inputs,
    outputs: { value: objectOf([['body', objectOf([['name', variable.name], ['value', variable.value]])]]), label: Label.of([], { fields: new Map([['body', Label.of([], { fields: new Map([['value', variable.label]]) })]]) }) },
  };
}

/**
 * The service refuses to save a SetVariable whose value reads the variable it sets: "The inputs of
 * workflow run action '…' of type 'SetVariable' are not valid. Self reference is not supported
 * when updating the value of variable '…'." The engine fails the action with that message.
 */
function refuseSelfReference(context: ActionContext, variable: Variable): void {
  const name = variable.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "''");
  if (!new RegExp(`variables\\(\\s*'${name}'\\s*\\)`, 'i').test(JSON.stringify(inputsOf(context)['value'] ?? null))) return;
  throw new ExpressionError(
    `The inputs of workflow run action '${context.name}' of type 'SetVariable' are not valid. Self reference is not supported when updating the value of variable '${variable.name}'.`,
    'InvalidTemplate',
  );
}

export function setVariable(context: ActionContext): ActionResult {
  const { variable, value, inputs } = nameAndValue(context);
  refuseSelfReference(context, variable);
  variable.value = fit(variable, value.value, 'updated');
  variable.label = value.label;
  return updated(variable, inputs);
}

function step(context: ActionContext, sign: 1 | -1): ActionResult {
  const inputs = context.run.evaluate(inputsOf(context), context.frame, context.start);
  const fields = inputs.value as Record<string, Value>;
  const variable = target(context, fields['name'] ?? null);
  const by = Object.hasOwn(fields, 'value') && fields['value'] !== null ? fields['value']! : 1;
  if (variable.type !== 'Integer' && variable.type !== 'Float') {
    throw new ExpressionError(`The variable '${variable.name}' of type '${variable.type}' cannot be incremented or decremented: only Integer and Float variables can.`, 'InvalidVariableType');
  }
  if (!isNumber(by)) throw new ExpressionError(`The value to increment or decrement '${variable.name}' by must be a number, not of type '${typeOf(by)}'.`);
  if (variable.type === 'Integer' && !isInteger(by)) throw new ExpressionError(`The Integer variable '${variable.name}' cannot be incremented or decremented by the Float ${stringOf(by)}.`, 'InvalidVariableValue');
  const current = variable.value ?? (variable.type === 'Integer' ? 0 : new FloatNumber(0));
  if (!isNumber(current)) throw new ExpressionError(`The variable '${variable.name}' holds no number.`);
  variable.value =
    variable.type === 'Integer' && isInteger(current) && isInteger(by)
      ? integer64(bigintOf(current) + BigInt(sign) * bigintOf(by), `${sign === 1 ? 'Incrementing' : 'Decrementing'} '${variable.name}' (${bigintOf(current)}) by ${bigintOf(by)}`)
      : finiteFloat(numberOf(current) + sign * numberOf(by), `${sign === 1 ? 'Incrementing' : 'Decrementing'} '${variable.name}' (${numberOf(current)}) by ${numberOf(by)}`);
  variable.label = joinLabels([variable.label, inputs.label.field('value')]);
  return updated(variable, inputs);
}

export const incrementVariable = (context: ActionContext) => step(context, 1);
export const decrementVariable = (context: ActionContext) => step(context, -1);

export function appendToArrayVariable(context: ActionContext): ActionResult {
  const { variable, value, inputs } = nameAndValue(context);
  if (variable.type !== 'Array') throw new ExpressionError(`The variable '${variable.name}' of type '${variable.type}' is not an Array: AppendToArrayVariable needs one.`, 'InvalidVariableType');
  const items = Array.isArray(variable.value) ? variable.value : [];
  variable.value = [...items, value.value];
  const previous = items.map((_, index) => variable.label.item(index));
  variable.label = arrayLabel([...previous, value.label]);
  return updated(variable, inputs);
}

export function appendToStringVariable(context: ActionContext): ActionResult {
  const { variable, value, inputs } = nameAndValue(context);
  if (variable.type !== 'String') throw new ExpressionError(`The variable '${variable.name}' of type '${variable.type}' is not a String: AppendToStringVariable needs one.`, 'InvalidVariableType');
  if (isObject(value.value) || Array.isArray(value.value)) throw new ExpressionError(`AppendToStringVariable cannot append a value of type '${typeOf(value.value)}' to '${variable.name}'.`, 'InvalidVariableValue');
  variable.value = `${typeof variable.value === 'string' ? variable.value : ''}${stringOf(value.value)}`;
  variable.label = joinLabels([variable.label, value.label]);
  return updated(variable, inputs);
}
