/**
 * Evaluates expression trees and JSON templates against a run's state. Every value is traced:
 * the result carries the categories of what it was computed from (tracing/labels.ts).
 */
import { ExpressionError, NotSupportedError } from '../errors.js';
import { lookupFunction } from '../functions/index.js';
import { stringOf } from '../functions/conversion-core.js';
import { arrayLabel, joinLabels, Label, objectLabel, type Traced, untraced } from '../tracing/labels.js';
import { isInteger, isObject, numberOf, objectOf, propertyOf, typeOf, type Value } from '../values.js';
import type { ExpressionNode } from './ast.js';
import type { RuntimeState } from './runtime-state.js';
import { parseTemplate } from './template.js';

export interface EvaluationContext {
  readonly state: RuntimeState;
}

export function evaluateNode(node: ExpressionNode, context: EvaluationContext, source: string): Traced {
  switch (node.kind) {
    case 'literal':
      return untraced(node.value);
    case 'array': {
      const items = node.items.map((item) => evaluateNode(item, context, source));
      return { value: items.map((item) => item.value), label: arrayLabel(items.map((item) => item.label)) };
    }
    case 'access':
      return evaluateAccess(node, context, source);
    case 'call': {
      const fn = lookupFunction(node.name);
      if (!fn) {
        throw new ExpressionError(`The template language function '${node.name}' is not defined or not valid.`);
      }
      if (fn.notSupported) throw new NotSupportedError(`The function '${fn.name}'`, fn.notSupported);
      const count = node.args.length;
      if (count < fn.min || count > fn.max) throw new ExpressionError(arityMessage(fn.name, fn.min, fn.max, count));
      const args = node.args.map((arg) => evaluateNode(arg, context, source));
      if (fn.traced) return fn.traced(args, context.state, fn.name);
      const values = args.map((arg) => arg.value);
      const value = fn.run!(values, context.state, fn.name);
      const label = fn.label ? fn.label(args, value) : joinLabels(args.map((arg) => arg.label));
      return { value, label };
    }
  }
}

function arityMessage(name: string, min: number, max: number, count: number): string {
  const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  return `The template language function '${name}' expects ${expected} parameter${expected === '1' ? '' : 's'}, but ${count} ${count === 1 ? 'was' : 'were'} given.`;
}

function evaluateAccess(node: Extract<ExpressionNode, { kind: 'access' }>, context: EvaluationContext, source: string): Traced {
  const target = evaluateNode(node.target, context, source);
  const key = evaluateNode(node.key, context, source);
  const keyValue = key.value;
  const base = target.value;
  if (base === null) {
    if (node.nullSafe) return { value: null, label: target.label };
    throw new ExpressionError(
      `The template language expression '${source}' cannot be evaluated because property '${describeKey(keyValue)}' cannot be selected. Property selection is not supported on values of type 'Null'.`,
    );
  }
  if (Array.isArray(base)) {
    if (!isInteger(keyValue)) {
      if (node.nullSafe && node.dotted) return { value: null, label: target.label };
      throw new ExpressionError(
        `The template language expression '${source}' cannot be evaluated because property '${describeKey(keyValue)}' cannot be selected. Array elements can only be selected using an integer index.`,
      );
    }
    const index = numberOf(keyValue);
    if (index < 0 || index >= base.length) {
      if (node.nullSafe) return { value: null, label: target.label };
      throw new ExpressionError(
        `The template language expression '${source}' cannot be evaluated because array index '${index}' is outside bounds (0, ${base.length - 1}) of array.`,
      );
    }
    return { value: base[index]!, label: target.label.item(index) };
  }
  if (isObject(base)) {
    if (typeof keyValue !== 'string') {
      throw new ExpressionError(
        `The template language expression '${source}' cannot be evaluated because property '${describeKey(keyValue)}' cannot be selected: a property name must be a string, not of type '${typeOf(keyValue)}'.`,
      );
    }
    const property = propertyOf(base, keyValue);
    if (!property.found) {
      if (node.nullSafe) return { value: null, label: target.label };
      const available = Object.keys(base);
      throw new ExpressionError(
        `The template language expression '${source}' cannot be evaluated because property '${keyValue}' doesn't exist, available properties are '${available.join(', ')}'.`,
      );
    }
    if (property.actualKey !== undefined) context.state.note?.(`'${keyValue}' matched the property '${property.actualKey}' ignoring case, as the service does`);
    return { value: property.value, label: target.label.field(property.actualKey ?? keyValue) };
  }
  if (node.nullSafe) return { value: null, label: target.label };
  throw new ExpressionError(
    `The template language expression '${source}' cannot be evaluated because property '${describeKey(keyValue)}' cannot be selected. Property selection is not supported on values of type '${typeOf(base)}'.`,
  );
}

function describeKey(key: Value): string {
  return typeof key === 'string' ? key : stringOf(key);
}

/** Evaluates one expression text (without its `@`). */
export function evaluateExpressionText(text: string, context: EvaluationContext): Traced {
  const template = parseTemplate(`@${text}`);
  return evaluateTemplateString(template.kind === 'expression' ? `@${text}` : text, context);
}

/** A JSON string of a definition: its text, an expression's value, or an interpolated string. */
export function evaluateTemplateString(source: string, context: EvaluationContext): Traced {
  const template = parseTemplate(source);
  switch (template.kind) {
    case 'text':
      return untraced(template.text);
    case 'expression':
      return evaluateNode(template.node, context, template.text);
    case 'interpolation': {
      let text = '';
      const labels: Label[] = [];
      for (const part of template.parts) {
        if (typeof part === 'string') {
          text += part;
          continue;
        }
        const result = evaluateNode(part.node, context, part.text);
        text += stringOf(result.value);
        labels.push(result.label);
      }
      return { value: text, label: joinLabels(labels) };
    }
  }
}

/** A whole JSON value of a definition (an action's inputs), every string in it evaluated. */
export function evaluateTemplate(value: unknown, context: EvaluationContext): Traced {
  if (typeof value === 'string') return value.includes('@') ? evaluateTemplateString(value, context) : untraced(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => evaluateTemplate(item, context));
    return { value: items.map((item) => item.value), label: arrayLabel(items.map((item) => item.label)) };
  }
  if (value !== null && typeof value === 'object') {
    const fields = new Map<string, Label>();
    const entries: [string, Value][] = [];
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const result = evaluateTemplate(inner, context);
      entries.push([key, result.value]);
      if (!result.label.isEmpty()) fields.set(key, result.label);
    }
    return { value: objectOf(entries), label: fields.size > 0 ? objectLabel(fields) : Label.EMPTY };
  }
  if (value === undefined) return untraced(null);
  return untraced(value as Value);
}
