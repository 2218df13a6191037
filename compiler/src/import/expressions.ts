/**
 * Workflow Definition Language values and expressions → Jig expressions, for `jig import`. A
 * definition's strings are read with the engine's parser (wdl.ts); each node becomes the Jig
 * expression that the emitter turns back into it (`equals(a, b)` → `a == b`, `@{x}` → `${x}`,
 * `triggerBody()?['id']` → `trigger.body.id`, `triggerOutputs()` → `trigger.outputs` (its
 * `['headers']` → `trigger.headers`), `variables('n')` → `n`, `body('Get_order')` → the
 * name the call was bound to). What has no Jig form (a function Jig lacks, an action Jig did not
 * bind, a key that is not a name) gives undefined: the action that holds it stays raw. Nothing is
 * guessed; whether the emitter really gives the original back is checked afterwards by building
 * the imported source again (index.ts).
 */
import { BUILTINS } from '../semantics/builtins.js';
import { BINARY_PRECEDENCE, COMPARISON_PRECEDENCE, LIST_OPERATOR_PRECEDENCE, NOT_PRECEDENCE, POSTFIX_PRECEDENCE } from '../syntax/precedence.js';
import type { BinaryOperator } from '../syntax/tree.js';
import { stringLiteral } from './jig-text.js';
import { isObject, readTemplate, type ExpressionNode } from './wdl.js';

/** What the names of a definition stand for in the Jig being written. */
export interface Bindings {
  /** The Jig variable of `variables('NAME')`. */
  variable(name: string): string | undefined;
  /** The Jig name of `outputs('ACTION')` or `body('ACTION')`. */
  action(read: 'outputs' | 'body', name: string): string | undefined;
  /** The loop variable of `items('LOOP')`; of the innermost loop for `item()`. */
  loopItem(loop?: string): string | undefined;
  /** The Jig parameter of `parameters('NAME')`. */
  parameter(name: string): string | undefined;
  /** Told what part of an expression has no Jig form (the first told is why its action stays raw). */
  unexpressed(part: Unexpressed): void;
}

/** A part of an expression without a Jig form: a function Jig lacks, a name not bound in Jig, another form. */
export type Unexpressed =
  | { readonly kind: 'function' | 'variable' | 'loop' | 'parameter'; readonly name: string }
  | { readonly kind: 'action'; readonly read: 'outputs' | 'body'; readonly name: string }
  | { readonly kind: 'form'; readonly what: string };

/** WDL functions that are Jig's binary operators; how tightly each binds is the parser's (syntax/precedence.ts). */
const BINARY: Readonly<Record<string, BinaryOperator>> = {
  or: 'or',
  and: 'and',
  equals: '==',
  less: '<',
  lessorequals: '<=',
  greater: '>',
  greaterorequals: '>=',
  add: '+',
  sub: '-',
  mul: '*',
  div: '/',
  mod: '%',
};

/** Jig's built-in functions by their WDL name, lower case (the service ignores the case). */
const FUNCTIONS: ReadonlyMap<string, string> = new Map([...BUILTINS.values()].map((fn) => [fn.wdl.toLowerCase(), fn.name]));

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A Jig expression and how tightly it binds (POSTFIX_PRECEDENCE: a name, a literal, a call, a member). */
interface Jig {
  readonly text: string;
  readonly precedence: number;
}

const atom = (text: string): Jig => ({ text, precedence: POSTFIX_PRECEDENCE });

/** The Jig expression of a JSON value an action input holds (a literal, a string with expressions, an object). */
export function jigValue(value: unknown, bindings: Bindings): string | undefined {
  if (typeof value === 'string') return stringValue(value, bindings);
  if (typeof value === 'number') return Number.isFinite(value) ? numberText(value) : undefined;
  if (typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => jigValue(item, bindings));
    return items.every((item): item is string => item !== undefined) ? `[${items.join(', ')}]` : undefined;
  }
  if (isObject(value)) {
    const fields: string[] = [];
    for (const [key, member] of Object.entries(value)) {
      // A key that is no Jig name is written as a string; one holding an `@` has no record form (JIG2071).
      if (key.includes('@')) return undefined;
      const text = jigValue(member, bindings);
      if (text === undefined) return undefined;
      fields.push(`${NAME.test(key) ? key : stringLiteral(key)}: ${text}`);
    }
    return `{ ${fields.join(', ')} }`;
  }
  return undefined;
}

/**
 * A Query's or a Select's inputs as Jig's list operation, `FROM where COND` or `FROM select { … }`
 * (in which the caller has bound `item()` to `item`); undefined when a part has no Jig form.
 */
export function jigListOperation(operator: 'where' | 'select', from: unknown, operand: unknown, bindings: Bindings): string | undefined {
  const source = valueExpression(from, bindings);
  // A condition is any expression; a projection, one operand (a record literal, a name, a call: any
  // other value in parentheses), which an array of values (no record) may be too.
  const right = operator === 'select' && Array.isArray(operand) ? undefined : valueExpression(operand, bindings);
  if (!source || !right) return undefined;
  const operand_ = (side: Jig) => (side.precedence > LIST_OPERATOR_PRECEDENCE ? side.text : `(${side.text})`);
  const projection = (side: Jig) => (side.precedence >= POSTFIX_PRECEDENCE ? side.text : `(${side.text})`);
  return `${operand_(source)} ${operator} ${operator === 'select' ? projection(right) : operand_(right)}`;
}

/** A JSON value as a Jig expression with how tightly it binds (a literal, a record, a string with interpolations: an atom). */
function valueExpression(value: unknown, bindings: Bindings): Jig | undefined {
  if (typeof value === 'string') {
    const template = readTemplate(value);
    if (template?.kind === 'expression') return expression(template.node, bindings);
  }
  const text = jigValue(value, bindings);
  return text === undefined ? undefined : atom(text);
}

/** A JSON string: plain text, one expression (`@…`), or text with interpolations (`…@{…}…`). */
function stringValue(value: string, bindings: Bindings): string | undefined {
  const template = readTemplate(value);
  if (!template) return undefined;
  switch (template.kind) {
    case 'text':
      return stringLiteral(template.text);
    case 'expression':
      return expression(template.node, bindings)?.text;
    case 'interpolation':
      return interpolation(template.parts.map((part) => (typeof part === 'string' ? part : part.node)), bindings);
  }
}

/** A Jig string with interpolations, `"text ${x}"`, of text and the expressions between it. */
function interpolation(parts: readonly (string | ExpressionNode)[], bindings: Bindings): string | undefined {
  let text = '"';
  for (const part of parts) {
    if (typeof part === 'string') {
      text += stringLiteral(part).slice(1, -1);
      continue;
    }
    const inner = expression(part, bindings);
    if (!inner) return undefined;
    text += `\${${inner.text}}`;
  }
  return `${text}"`;
}

/**
 * The parts of the text Jig's interpolation builds in an expression (emit/wdl-strings.ts), read
 * back: `string(coalesce(x, ''))` is `${x}` (a value's text, a null one's nothing, as `@{x}` in a
 * JSON string), and `concat(…)` of text and such parts is the text they make; undefined for any
 * other expression. `string(x)` alone is not read so: what it makes of null, Microsoft's
 * reference does not say.
 */
function interpolatedParts(node: ExpressionNode): (string | ExpressionNode)[] | undefined {
  const name = node.kind === 'call' ? node.name.toLowerCase() : undefined;
  if (node.kind !== 'call') return undefined;
  if (name === 'string' && node.args.length === 1) {
    const inner = node.args[0]!;
    const fallback = inner.kind === 'call' && inner.name.toLowerCase() === 'coalesce' && inner.args.length === 2 ? inner.args[1]! : undefined;
    return fallback?.kind === 'literal' && fallback.value === '' ? [(inner as ExpressionNode & { kind: 'call' }).args[0]!] : undefined;
  }
  if (name !== 'concat' || node.args.length < 2) return undefined;
  const parts: (string | ExpressionNode)[] = [];
  for (const arg of node.args) {
    if (arg.kind === 'literal' && typeof arg.value === 'string') parts.push(arg.value);
    else {
      const inner = interpolatedParts(arg);
      if (!inner || inner.length !== 1 || typeof inner[0] === 'string') return undefined;
      parts.push(inner[0]!);
    }
  }
  return parts.some((part) => typeof part !== 'string') ? parts : undefined;
}

/** The Jig expression of one WDL expression, as text; undefined when it has none. */
export function jigExpression(node: ExpressionNode, bindings: Bindings): string | undefined {
  return expression(node, bindings)?.text;
}

function expression(node: ExpressionNode, bindings: Bindings): Jig | undefined {
  switch (node.kind) {
    case 'literal':
      if (typeof node.value === 'string') return atom(stringLiteral(node.value));
      if (typeof node.value === 'number') return Number.isFinite(node.value) ? atom(numberText(node.value)) : undefined;
      if (typeof node.value === 'boolean' || node.value === null) return atom(String(node.value));
      return undefined;
    case 'array':
      return unexpressed(bindings, { kind: 'form', what: 'an array literal in an expression' });
    case 'access':
      return access(node, bindings);
    case 'call':
      return call(node, bindings);
  }
}

function access(node: ExpressionNode & { kind: 'access' }, bindings: Bindings): Jig | undefined {
  const key = node.key.kind === 'literal' ? node.key.value : undefined;
  // triggerOutputs()?['body'] is the trigger's body, as triggerBody() is; ?['headers'] its headers.
  if ((key === 'body' || key === 'headers') && node.target.kind === 'call' && node.target.name.toLowerCase() === 'triggeroutputs' && node.target.args.length === 0) {
    return atom(`trigger.${key}`);
  }
  // trigger()?['outputs'] is triggerOutputs() (Microsoft's functions reference: "Shorthand for trigger().outputs").
  if (key === 'outputs' && node.target.kind === 'call' && node.target.name.toLowerCase() === 'trigger' && node.target.args.length === 0) return atom('trigger.outputs');
  // outputs('A')?['body'] is A's body, body('A'), where A's outputs have no name of their own (a call's).
  if (key === 'body' && node.target.kind === 'call' && node.target.name.toLowerCase() === 'outputs' && node.target.args.length === 1) {
    const arg = node.target.args[0]!;
    const action = arg.kind === 'literal' && typeof arg.value === 'string' ? arg.value : undefined;
    const body = action !== undefined && bindings.action('outputs', action) === undefined ? bindings.action('body', action) : undefined;
    if (body) return atom(body);
  }
  const target = expression(node.target, bindings);
  if (!target) return undefined;
  const object = target.precedence < POSTFIX_PRECEDENCE ? `(${target.text})` : target.text;
  if (typeof key === 'string') return atom(NAME.test(key) ? `${object}.${key}` : `${object}[${stringLiteral(key)}]`);
  if (typeof key === 'number' && Number.isInteger(key) && key >= 0) return atom(`${object}[${key}]`);
  // An element picked by a computed index (`body('A')[item()]`).
  const index = node.key.kind === 'literal' ? undefined : expression(node.key, bindings);
  return index && atom(`${object}[${index.text}]`);
}

function call(node: ExpressionNode & { kind: 'call' }, bindings: Bindings): Jig | undefined {
  const name = node.name.toLowerCase();
  const args = node.args;
  const parts = interpolatedParts(node);
  if (parts) {
    const text = interpolation(parts, bindings);
    return text === undefined ? undefined : atom(text);
  }
  /** `variables('v')`, `body('A')`, …: the Jig name the one string argument is bound to. */
  const named = (bound: (argument: string) => string | undefined, unbound: (argument: string) => Unexpressed): Jig | undefined => {
    const arg = args.length === 1 ? args[0] : undefined;
    if (arg?.kind !== 'literal' || typeof arg.value !== 'string') return unexpressed(bindings, { kind: 'form', what: `${node.name}() of a name computed at run time` });
    const jigName = bound(arg.value);
    return jigName ? atom(jigName) : unexpressed(bindings, unbound(arg.value));
  };
  switch (name) {
    case 'triggerbody':
      return args.length === 0 ? atom('trigger.body') : undefined;
    case 'triggeroutputs':
      return args.length === 0 ? atom('trigger.outputs') : undefined;
    case 'variables':
      return named((variable) => bindings.variable(variable), (variable) => ({ kind: 'variable', name: variable }));
    case 'outputs':
    case 'body':
      return named((action) => bindings.action(name, action), (action) => ({ kind: 'action', read: name, name: action }));
    case 'items':
      return named((loop) => bindings.loopItem(loop), (loop) => ({ kind: 'loop', name: loop }));
    case 'item': {
      const bound = args.length === 0 ? bindings.loopItem() : undefined;
      return bound ? atom(bound) : unexpressed(bindings, { kind: 'form', what: 'item() outside a loop written in Jig' });
    }
    case 'parameters':
      return named((parameter) => bindings.parameter(parameter), (parameter) => ({ kind: 'parameter', name: parameter }));
    case 'not': {
      if (args.length !== 1) return undefined;
      const inner = args[0]!;
      // not(equals(a, b)) is how Jig writes a != b.
      if (inner.kind === 'call' && inner.name.toLowerCase() === 'equals' && inner.args.length === 2) {
        return binary('!=', inner.args[0]!, inner.args[1]!, bindings);
      }
      const operand = expression(inner, bindings);
      return operand && { text: `not ${operand.precedence <= COMPARISON_PRECEDENCE ? `(${operand.text})` : operand.text}`, precedence: NOT_PRECEDENCE };
    }
    case 'if': {
      if (args.length !== 3) return undefined;
      const [condition, then, otherwise] = args.map((arg) => expression(arg, bindings));
      if (!condition || !then || !otherwise) return undefined;
      return { text: `if ${condition.text} then ${then.text} else ${otherwise.text}`, precedence: 0 };
    }
    case 'createarray': {
      const items = args.map((arg) => expression(arg, bindings));
      return items.every((item): item is Jig => item !== undefined) ? atom(`[${items.map((item) => item.text).join(', ')}]`) : undefined;
    }
  }
  const operator = BINARY[name];
  // The designer writes a condition of one row as and(x), which is x (the parity check's normal form too).
  if ((name === 'and' || name === 'or') && args.length === 1) return expression(args[0]!, bindings);
  if (operator) {
    if (args.length < 2 || ((name !== 'and' && name !== 'or') && args.length !== 2)) return undefined;
    // and(a, b, c) reads as (a and b) and c, which Jig writes back as and(and(a, b), c): one form to the service.
    let left: ExpressionNode = args[0]!;
    let result: Jig | undefined;
    for (const right of args.slice(1)) {
      result = result ? joined(operator, result, expression(right, bindings)) : binary(operator, left, right, bindings);
      if (!result) return undefined;
      left = right;
    }
    return result;
  }
  const builtin = FUNCTIONS.get(name);
  if (!builtin) return unexpressed(bindings, { kind: 'function', name: node.name });
  const translated = args.map((arg) => expression(arg, bindings));
  if (!translated.every((arg): arg is Jig => arg !== undefined)) return undefined;
  return atom(`${builtin}(${translated.map((arg) => arg.text).join(', ')})`);
}

/** Tells the bindings why an expression has no Jig form; undefined. */
function unexpressed(bindings: Bindings, part: Unexpressed): undefined {
  bindings.unexpressed(part);
  return undefined;
}

function binary(operator: BinaryOperator, left: ExpressionNode, right: ExpressionNode, bindings: Bindings): Jig | undefined {
  return joined(operator, expression(left, bindings), expression(right, bindings));
}

/** `left OP right`, each side in parentheses unless it binds more tightly (so nothing is re-associated). */
function joined(operator: BinaryOperator, left: Jig | undefined, right: Jig | undefined): Jig | undefined {
  if (!left || !right) return undefined;
  const precedence = BINARY_PRECEDENCE[operator];
  // Comparisons do not chain, so a comparison on the left of one keeps its parentheses.
  const leftText = left.precedence > precedence || (left.precedence === precedence && precedence !== COMPARISON_PRECEDENCE) ? left.text : `(${left.text})`;
  const rightText = right.precedence > precedence ? right.text : `(${right.text})`;
  return { text: `${leftText} ${operator} ${rightText}`, precedence };
}

function numberText(value: number): string {
  // Jig's number literals have no sign; a negative literal is the minus operator on it.
  return value < 0 ? `(-${String(-value)})` : String(value);
}
