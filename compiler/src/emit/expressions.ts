/**
 * Jig expressions → Workflow Definition Language expressions. Two forms come out: the inner
 * expression text (`add(variables('n'), 1)`), used inside other expressions and conditions, and
 * the JSON value an action input takes (`"@add(…)"`, `"Invoice @{…} received"`, a literal, an
 * object), which keeps literals literal so that the emitted JSON reads like hand-written JSON.
 */
import type { BinaryExpression, Expression, NameRef, NumberLiteral, SelectExpression, StringLiteral, WhereExpression } from '../syntax/tree.js';
import type { Type } from '../semantics/types.js';
import type { Json } from './builders.js';
import { concatExpression, literalValue, presenceTest, stringLiteral, templateValue, type TemplatePart } from './wdl-strings.js';

/** What the translator needs from the step being emitted. */
export interface ExpressionScope {
  /** The WDL expression a name stands for (`variables('n')`, `items('For_each_line')`, `item()`…). */
  reference(name: NameRef): string;
  /** `trigger.MEMBER` (the trigger symbol is not a value on its own). */
  triggerMember(member: string): string;
  /** True when the name is the flow's `trigger`. */
  isTrigger(name: NameRef): boolean;
  /** Emits a Filter array / Select action before the current step; returns how its result reads. */
  hoistListOperation(expression: WhereExpression | SelectExpression): string;
  /** Emits a Compose for a value that has no expression form (a record literal); returns its read. */
  hoistValue(value: Json, hint: Expression): string;
  /** The WDL function a Jig built-in maps to. */
  functionName(builtin: string): string;
  typeOf(expression: Expression): Type;
}

const COMPARISONS: Partial<Record<BinaryExpression['operator'], string>> = {
  '==': 'equals',
  '<': 'less',
  '<=': 'lessOrEquals',
  '>': 'greater',
  '>=': 'greaterOrEquals',
  '-': 'sub',
  '*': 'mul',
  '%': 'mod',
  and: 'and',
  or: 'or',
};

export class ExpressionTranslator {
  constructor(private readonly scope: ExpressionScope) {}

  /** The inner expression text of a Jig expression. */
  expression(node: Expression): string {
    switch (node.kind) {
      case 'String':
        if (node.value !== undefined) return stringLiteral(node.value);
        return concatExpression(this.templateParts(node));
      case 'Number':
        return numberText(node);
      case 'Boolean':
        return String(node.value);
      case 'Null':
      case 'Missing':
        return 'null';
      case 'Name':
        return this.scope.reference(node);
      case 'Member': {
        const member = node.member?.name;
        if (member === undefined) return this.expression(node.object);
        if (node.object.kind === 'Name' && this.scope.isTrigger(node.object)) return this.scope.triggerMember(member);
        const object = this.expression(node.object);
        // An action's outputs' body is what `body('A')` reads, as the designer writes it.
        const action = member === 'body' ? /^outputs\(('(?:[^']|'')*')\)$/.exec(object)?.[1] : undefined;
        return action ? `body(${action})` : `${object}?[${stringLiteral(member)}]`;
      }
      case 'Index':
        return `${this.expression(node.object)}[${this.expression(node.index)}]`;
      case 'Call':
        return `${this.scope.functionName(node.callee.name)}(${node.args.map((a) => this.expression(a)).join(', ')})`;
      case 'Unary':
        if (node.operator === 'not') return `not(${this.expression(node.operand)})`;
        if (node.operand.kind === 'Number') return `-${numberText(node.operand)}`;
        return `sub(0, ${this.expression(node.operand)})`;
      case 'Binary':
        return this.binary(node);
      case 'Array':
        // createArray takes at least one argument ("createArray('<object1>', '<object2>', ...)",
        // learn.microsoft.com/azure/logic-apps/expression-functions-reference#createArray): an
        // empty list is read from JSON.
        if (node.elements.length === 0) return "json('[]')";
        return `createArray(${node.elements.map((e) => this.expression(e)).join(', ')})`;
      case 'Record':
        return this.scope.hoistValue(this.value(node), node);
      case 'Where':
      case 'Select':
        return this.scope.hoistListOperation(node);
      case 'Conditional':
        return `if(${this.expression(node.condition)}, ${this.expression(node.then)}, ${this.expression(node.else)})`;
    }
  }

  /** The JSON value an action input takes for a Jig expression. */
  value(node: Expression): Json {
    switch (node.kind) {
      case 'String':
        if (node.value !== undefined) return literalValue(node.value);
        return templateValue(this.templateParts(node));
      case 'Number':
        // An integer beyond 2^53 has no exact JSON number in the emitted file: an expression keeps it.
        return node.isInteger && !Number.isSafeInteger(node.value) ? `@${numberText(node)}` : node.value;
      case 'Boolean':
        return node.value;
      case 'Null':
      case 'Missing':
        return null;
      case 'Record': {
        const object: Record<string, Json> = {};
        for (const field of node.fields) object[field.name.name] = this.value(field.value);
        return object;
      }
      case 'Array':
        return node.elements.map((e) => this.value(e));
      default:
        return `@${this.expression(node)}`;
    }
  }

  /** The text and interpolated expressions of a string with `${…}`. */
  private templateParts(node: StringLiteral): TemplatePart[] {
    return node.parts.map((part) =>
      part.kind === 'Text'
        ? part.text
        : (() => {
            const type = this.scope.typeOf(part.expression);
            return { expression: this.expression(part.expression), isString: isStringType(type), mayBeNull: type.kind === 'optional' || type.kind === 'null' || type.kind === 'any' };
          })(),
    );
  }

  /** A value as text inside `concat` (WDL's concat takes strings only). */
  private asString(node: Expression): string {
    const text = this.expression(node);
    const type = this.scope.typeOf(node);
    return isStringType(type) ? text : `string(${text})`;
  }

  private binary(node: BinaryExpression): string {
    if (this.comparesInstants(node)) {
      const equal = this.instantsEqual(node);
      if (equal !== undefined) return node.operator === '!=' ? `not(${equal})` : equal;
      const [left, right] = [`ticks(${this.expression(node.left)})`, `ticks(${this.expression(node.right)})`];
      return node.operator === '!=' ? `not(equals(${left}, ${right}))` : `${COMPARISONS[node.operator]}(${left}, ${right})`;
    }
    if (node.operator === '==' || node.operator === '!=') {
      const equal = this.nullBesideText(node);
      if (equal !== undefined) return node.operator === '!=' ? `not(${equal})` : equal;
    }
    const left = this.expression(node.left);
    const right = this.expression(node.right);
    switch (node.operator) {
      case '!=':
        return `not(equals(${left}, ${right}))`;
      case '/':
        return this.division(node, left, right);
      case '+':
        if (isStringType(this.scope.typeOf(node.left)) || isStringType(this.scope.typeOf(node.right))) {
          return `concat(${this.asString(node.left)}, ${this.asString(node.right)})`;
        }
        return `add(${left}, ${right})`;
      default:
        return `${COMPARISONS[node.operator]}(${left}, ${right})`;
    }
  }

  /**
   * Datetimes compare as instants, not as text: `2025-01-01T09:00:00+01:00` is before
   * `2025-01-01T08:30:00Z`, and `utcNow()`'s seven fractional digits equal none. Ordering compares
   * the ticks when either side is a datetime; `==` and `!=` when both are, optional or not (an
   * optional one null-safely: see instantsEqual; `x == null` has a null side: see nullBesideText).
   */
  private comparesInstants(node: BinaryExpression): boolean {
    const datetime = (type: Type) => type.kind === 'primitive' && type.name === 'datetime';
    const [left, right] = [this.scope.typeOf(node.left), this.scope.typeOf(node.right)];
    switch (node.operator) {
      case '<':
      case '<=':
      case '>':
      case '>=':
        return datetime(stripOptionalType(left)) || datetime(stripOptionalType(right));
      case '==':
      case '!=':
        return datetime(stripOptionalType(left)) && datetime(stripOptionalType(right));
      default:
        return false;
    }
  }

  /**
   * `==` of datetimes of which one or both are optional: the same instant, or both null. ticks()
   * of null fails, and WDL's if() and and() compute every argument, so a null side is ticked as a
   * stand-in (year 1, tick 0) and the comparison also asks that both sides are null or neither.
   * A side that is not optional is written once (it may be utcNow(), which differs between calls).
   * Undefined when neither side is optional (plain `equals(ticks(a), ticks(b))`).
   */
  private instantsEqual(node: BinaryExpression): string | undefined {
    if (node.operator !== '==' && node.operator !== '!=') return undefined;
    const optional = (e: Expression) => this.scope.typeOf(e).kind === 'optional';
    const [leftOptional, rightOptional] = [optional(node.left), optional(node.right)];
    if (!leftOptional && !rightOptional) return undefined;
    const [left, right] = [this.expression(node.left), this.expression(node.right)];
    const ticked = (text: string, isOptional: boolean) => (isOptional ? `ticks(coalesce(${text}, '${YEAR_ONE}'))` : `ticks(${text})`);
    // Whether each side is there, asked as nullBesideText asks it: a datetime is text.
    const present = (text: string) => presenceTest(text, true);
    const same = `equals(${ticked(left, leftOptional)}, ${ticked(right, rightOptional)})`;
    if (leftOptional && rightOptional) return `and(equals(${present(left)}, ${present(right)}), ${same})`;
    return `and(${present(leftOptional ? left : right)}, ${same})`;
  }

  /**
   * `==` where one side may be null and the other may be empty text. Microsoft's reference says
   * both that comparisons read null as "" ("If you use logical functions or conditions to compare
   * values, null values are converted to empty string") and that "comparing a null value isn't the
   * same as comparing an empty string", so `equals(x, '')` and `equals(x, null)` of a null or an
   * empty x are undetermined. Jig's `==` says null equals only null; it is written so that no
   * equals() meets a null beside text: whether each side is there is asked of the JSON text of a
   * one-element array (`string(createArray(x))`: `[null]` has no quote, `[""]` does), and the
   * values are compared with null as "" (so equal when both are there and equal, or both null).
   * Undefined when the comparison cannot meet that case (a side that may not be null, text that
   * may not be empty), which stays plain equals.
   */
  private nullBesideText(node: BinaryExpression): string | undefined {
    const [leftType, rightType] = [this.scope.typeOf(node.left), this.scope.typeOf(node.right)];
    const nullable = (type: Type) => type.kind === 'optional' || type.kind === 'null' || type.kind === 'any';
    const mayBeEmptyText = (type: Type, side: Expression) =>
      (type.kind === 'any' || isStringType(type)) && !(side.kind === 'String' && side.value !== undefined && side.value !== '');
    const leftAsks = nullable(leftType) && mayBeEmptyText(rightType, node.right);
    const rightAsks = nullable(rightType) && mayBeEmptyText(leftType, node.left);
    if (!leftAsks && !rightAsks) return undefined;
    const [left, right] = [this.expression(node.left), this.expression(node.right)];
    const present = (text: string, type: Type) => presenceTest(text, isStringType(type));
    if (leftType.kind === 'null') return `not(${present(right, rightType)})`;
    if (rightType.kind === 'null') return `not(${present(left, leftType)})`;
    // WDL's and() computes both sides, so the values compared are never null: null as "" (the
    // presence test tells a null from "").
    const value = (text: string, type: Type) => (nullable(type) ? `coalesce(${text}, '')` : text);
    const same = `equals(${value(left, leftType)}, ${value(right, rightType)})`;
    if (nullable(leftType) && nullable(rightType)) return `and(equals(${present(left, leftType)}, ${present(right, rightType)}), ${same})`;
    return `and(${nullable(leftType) ? present(left, leftType) : present(right, rightType)}, ${same})`;
  }

  /**
   * WDL's div truncates when both values are integers, whatever Jig's types say; a `number`
   * read from JSON is often integral (`{"amount": 3}`), so a division Jig types as `number`
   * makes its dividend a float, unless an operand is a float literal already.
   */
  private division(node: BinaryExpression, left: string, right: string): string {
    const result = this.scope.typeOf(node);
    const isNumber = (result.kind === 'optional' ? result.inner : result).kind === 'primitive' && !isIntegerType(result);
    if (!isNumber || isFloatLiteral(node.left) || isFloatLiteral(node.right)) return `div(${left}, ${right})`;
    return `div(float(${left}), ${right})`;
  }
}

/** The instant whose ticks are 0, which stands in for a null datetime that an equality ticks. */
const YEAR_ONE = '0001-01-01T00:00:00Z';

function stripOptionalType(type: Type): Type {
  return type.kind === 'optional' ? type.inner : type;
}

function isIntegerType(type: Type): boolean {
  const inner = type.kind === 'optional' ? type.inner : type;
  return inner.kind === 'primitive' && inner.name === 'integer';
}

/** A literal the service reads as a float (`2.5`, `1e3`), or its negation. */
function isFloatLiteral(node: Expression): boolean {
  const literal = node.kind === 'Unary' && node.operator === '-' ? node.operand : node;
  return literal.kind === 'Number' && !literal.isInteger;
}

/**
 * A number as the service's expression scanner reads it: an integer without leading zeros, an
 * exponent with a lower-case `e` (LogicAppsUX's ExpressionScanner takes no `E`).
 */
function numberText(node: NumberLiteral): string {
  return node.isInteger ? BigInt(node.text).toString() : node.text.toLowerCase();
}

function isStringType(type: Type): boolean {
  const inner = type.kind === 'optional' ? type.inner : type;
  return inner.kind === 'secret' || (inner.kind === 'primitive' && (inner.name === 'string' || inner.name === 'datetime'));
}
