/**
 * The type of every expression (recorded in the context for `typeOf`), checked against the type
 * its place expects. The rules of `relations.ts` decide what fits; this module decides where a
 * mismatch is reported: always at the smallest offending sub-expression (the operand, the field
 * value, the argument), never at the whole statement.
 *
 * Operators:
 * - `and`, `or`, `not` take booleans; conditions (if, until, where) are booleans.
 * - `+` adds two numbers or joins two strings (a datetime counts as a string); `- * / %` take
 *   numbers. Two integers give an integer (`/` truncates, as WDL's div does), otherwise a number.
 * - `< <= > >=` compare two numbers, two strings or two datetimes; `== !=` compare values where
 *   one type fits the other (an optional value may be compared with null).
 * - Optional values are refused by arithmetic and ordering: the service fails on null there.
 * - `a.b` on an optional record is null-safe (`?['b']`) and so yields an optional; `a[i]` takes
 *   an integer index.
 * Secrets are refused everywhere except as a plain value passed on (`let`, header, call body).
 */
import type { BinaryOperator, ConditionalExpression, Expression, Identifier, NumberLiteral, QueryOperation, RecordLiteral, StringLiteral } from '../syntax/tree.js';
import type { TextRange } from '../syntax/source.js';
import * as messages from '../diagnostics/catalogue/semantics.js';
import type { RecordFieldType, RecordType, Type } from './types.js';
import { ANY, BOOLEAN, ERROR, INTEGER, NULL, NUMBER, STRING, arrayOf, optionalOf, typeToString } from './types.js';
import { containsSecret, givenType, isAssignable, isBoolean, isNumeric, isStringLike, isUnknown, joinTypes, stripOptional } from './relations.js';
import { BUILTINS, arityOf, parameterAt } from './builtins.js';
import { Binder } from './binder.js';
import { SCHEDULE_TRIGGER } from './builtin-types.js';
import { compute, fitsInteger64, knownInteger } from './constant-integers.js';
import type { AnalysisContext } from './context.js';

const show = (type: Type): string => `'${typeToString(type)}'`;

/** What `coalesce(x, …)` may fall back to for an absent value of a primitive type. */
const DEFAULTS: Readonly<Record<string, string>> = { string: '""', integer: '0', number: '0', boolean: 'false' };

/**
 * A value of the wrong type, and when it is only wrong for being optional (`string?` where
 * `string` is expected), the `coalesce(x, DEFAULT)` that gives it a value, as a fix.
 */
function mismatch(range: TextRange, type: Type, expected: Type | undefined, args: { expected: string; context: string }) {
  const present = stripOptional(type);
  const fallback = type.kind === 'optional' && expected && isAssignable(present, expected) && present.kind === 'primitive' ? DEFAULTS[present.name] : undefined;
  if (!fallback) return messages.typeMismatch(range, { found: show(type), ...args });
  return messages.typeMismatch(
    range,
    { found: show(type), ...args, orElse: fallback },
    {
      fixes: [
        {
          title: `Give it a default: coalesce(…, ${fallback})`,
          edits: [
            { range: { start: range.start, end: range.start }, newText: 'coalesce(' },
            { range: { start: range.end, end: range.end }, newText: `, ${fallback})` },
          ],
        },
      ],
    },
  );
}

export class ExpressionChecker {
  /** Whether the expression being checked is a `@tracked` value, where `action()` is its own action's run. */
  inTrackedValue = false;

  constructor(private readonly context: AnalysisContext) {}

  /** Checks `expression` against `expected` and returns its type. */
  check(expression: Expression, expected: Type, context: string): Type {
    const bare = stripOptional(expected);
    if (expression.kind === 'Record' && bare.kind === 'record' && bare.name !== undefined) {
      return this.checkRecordLiteral(expression, bare);
    }
    if (expression.kind === 'Array' && bare.kind === 'array') {
      for (const element of expression.elements) this.check(element, bare.element, `An element of ${typeToString(bare)}`);
      return this.context.setType(expression, expected);
    }
    if (expression.kind === 'Conditional') {
      // Each branch is checked where it stands, so a mismatch is reported in the branch.
      this.checkCondition(expression.condition, "'if … then … else'");
      const whenTrue = this.check(expression.then, expected, context);
      const whenFalse = this.check(expression.else, expected, context);
      return this.context.setType(expression, joinTypes(whenTrue, whenFalse) ?? expected);
    }
    const type = this.infer(expression);
    if (!isAssignable(type, expected)) this.context.report(mismatch(expression.range, type, expected, { expected: show(expected), context }));
    return type;
  }

  /** Checks a condition of if, until or where. */
  checkCondition(expression: Expression, construct: string): void {
    this.check(expression, BOOLEAN, `The condition of ${construct}`);
  }

  /**
   * Checks a value that leaves the flow (stored, sent, returned, put in a failure message): it
   * may not hold a secret, and must fit `expected` when there is one. A secret is reported as a
   * leak rather than as a type mismatch, since that is the real mistake.
   */
  checkSink(expression: Expression, expected: Type | undefined, context: string, sink: string): Type {
    const literal = expression.kind === 'Record' || expression.kind === 'Array';
    const type = expected && literal ? this.check(expression, expected, context) : this.infer(expression);
    if (containsSecret(type)) this.context.report(messages.secretLeak(expression.range, { sink }));
    else if (expected && !literal && !isAssignable(type, expected)) {
      this.context.report(mismatch(expression.range, type, expected, { expected: show(expected), context }));
    }
    return type;
  }

  /** The element type of an array that a loop or list operator walks. */
  elementOf(type: Type, range: TextRange, construct: string): Type {
    if (type.kind === 'array') return type.element;
    // The service fails a For each over null: said, not refused (an imported workflow relies on it).
    if (construct === "'for each'" && type.kind === 'optional' && type.inner.kind === 'array') {
      this.context.report(messages.optionalIterated(range, { type: typeToString(type) }));
      return type.inner.element;
    }
    if (type.kind === 'any') return ANY;
    if (type.kind !== 'error') this.context.report(messages.notIterable(range, { type: typeToString(type), construct }));
    return ERROR;
  }

  infer(expression: Expression): Type {
    return this.context.setType(expression, this.compute(expression));
  }

  private compute(expression: Expression): Type {
    switch (expression.kind) {
      case 'String':
        return this.inferString(expression);
      case 'Number':
        if (!numberFits(expression)) this.context.report(messages.numberOutOfRange(expression.range, { text: expression.text }));
        return expression.isInteger ? INTEGER : NUMBER;
      case 'Boolean':
        return BOOLEAN;
      case 'Null':
        return NULL;
      case 'Missing':
        return ERROR;
      case 'Name':
        return this.context.binder.resolve(expression.name)?.type ?? ERROR;
      case 'Member': {
        const objectType = this.infer(expression.object);
        return expression.member ? this.member(objectType, expression.member) : ERROR;
      }
      case 'Index':
        return this.index(expression.object, expression.index);
      case 'Call':
        if (expression.callee.name === 'agentParameters' && this.context.agentTool) this.context.agentParameterReads.set(expression, this.context.agentTool.model);
        return this.call(expression.callee, expression.args, expression.range);
      case 'Unary':
        if (expression.operator === 'not') {
          this.operand(expression.operand, 'not', isBoolean, 'a boolean');
          return BOOLEAN;
        }
        return this.refuseKnownOverflow(expression, this.operand(expression.operand, '-', isNumeric, 'a number') ?? NUMBER);
      case 'Binary':
        return this.refuseKnownOverflow(expression, this.binary(expression.operator, expression.left, expression.right));
      case 'Record':
        return this.record(expression);
      case 'Array':
        return this.array(expression.elements);
      case 'Where': {
        const element = this.elementOf(this.infer(expression.source), expression.source.range, "'where'");
        this.withItem(element, expression.source, expression.condition.range, () => this.checkCondition(expression.condition, "'where'"));
        return arrayOf(element);
      }
      case 'Conditional':
        return this.conditional(expression);
      case 'Select': {
        const element = this.elementOf(this.infer(expression.source), expression.source.range, "'select'");
        let row: Type = ERROR;
        this.withItem(element, expression.source, expression.projection.range, () => (row = this.infer(expression.projection)));
        return arrayOf(row);
      }
    }
  }

  /**
   * Runs `body` in a scope where `item` names an element of `source` (where, select, a query's
   * filter). An inner `item` hides an outer one, as nested list operators need.
   */
  withItem(element: Type, source: Expression | QueryOperation, range: TextRange, body: () => void): void {
    const binder = this.context.binder;
    binder.enterScope(range);
    const item = Binder.symbol({ kind: 'item', name: 'item', type: element, flow: this.context.flow, doc: 'The current element.' });
    binder.declareLocal(item, range.start, true);
    this.context.bindings.push({ symbol: item, value: source, kind: 'element' });
    body();
    binder.exitScope();
  }

  /** `if C then A else B`: a value of the type both branches fit. */
  private conditional(expression: ConditionalExpression): Type {
    this.checkCondition(expression.condition, "'if … then … else'");
    const whenTrue = this.infer(expression.then);
    const whenFalse = this.infer(expression.else);
    const joined = joinTypes(whenTrue, whenFalse);
    if (joined) return joined;
    this.context.report(
      messages.typeMismatch(expression.else.range, { found: show(whenFalse), expected: show(whenTrue), context: "The 'else' value (it must fit the type of the 'then' value)" }),
    );
    return ERROR;
  }

  private inferString(expression: StringLiteral): Type {
    for (const part of expression.parts) {
      if (part.kind !== 'Interpolation') continue;
      const type = this.infer(part.expression);
      if (containsSecret(type)) this.context.report(messages.secretLeak(part.expression.range, { sink: 'a string interpolation' }));
    }
    return STRING;
  }

  private member(objectType: Type, member: Identifier): Type {
    const bare = stripOptional(objectType);
    if (bare.kind === 'any' || bare.kind === 'error') return bare;
    if (bare.kind !== 'record') {
      this.context.report(messages.notARecord(member.range, { member: member.name, type: typeToString(objectType) }));
      return ERROR;
    }
    if (bare === SCHEDULE_TRIGGER && member.name === 'body') {
      this.context.report(messages.invalidTrigger(member.range, { reason: "A schedule trigger has no body; 'trigger.scheduledTime' is the time the run was scheduled for." }));
      return ERROR;
    }
    const field = this.field(bare, member);
    if (!field) return ERROR;
    return objectType.kind === 'optional' ? optionalOf(field.type) : field.type;
  }

  /** Looks a field up and links the identifier to it, reporting an unknown field. */
  field(record: RecordType, identifier: Identifier): RecordFieldType | undefined {
    const field = record.fields.get(identifier.name);
    if (field) {
      this.context.binder.link(identifier, this.context.fieldSymbol(field));
      return field;
    }
    const candidates = [...record.fields.keys()];
    const type = typeToString(record);
    this.context.binder.reportUnknown(identifier, candidates, (range, args, extras) => messages.unknownField(range, { ...args, type }, extras));
    return undefined;
  }

  private index(object: Expression, index: Expression): Type {
    const objectType = this.infer(object);
    this.check(index, INTEGER, 'An index');
    const bare = stripOptional(objectType);
    if (bare.kind === 'array') return objectType.kind === 'optional' ? optionalOf(bare.element) : bare.element;
    if (isUnknown(bare)) return bare;
    this.context.report(messages.notIndexable(object.range, { type: typeToString(objectType) }));
    return ERROR;
  }

  private call(callee: Identifier, args: readonly Expression[], range: TextRange): Type {
    const fn = BUILTINS.get(callee.name);
    if (!fn) {
      this.context.binder.reportUnknown(callee, BUILTINS.keys(), messages.unknownFunction);
      for (const arg of args) this.infer(arg);
      return ERROR;
    }
    this.context.binder.link(callee, this.context.functionSymbol(callee.name)!);
    if (fn.name === 'agentParameters') this.agentParameter(args, range);
    if (fn.name === 'action' && !this.inTrackedValue) this.context.report(messages.actionOutsideTrackedProperty(range, {}));
    const { min, max } = arityOf(fn);
    if (args.length < min || args.length > max) {
      const expected = max === Infinity ? `at least ${min} argument${min === 1 ? '' : 's'}` : min === max ? `${min} argument${min === 1 ? '' : 's'}` : `${min} to ${max} arguments`;
      this.context.report(messages.wrongArity(range, { name: fn.name, expected, found: args.length }));
    }
    const types = args.map((arg, index) => {
      const type = this.infer(arg);
      const parameter = parameterAt(fn, index);
      if (containsSecret(type)) this.context.report(messages.secretLeak(arg.range, { sink: `the function ${fn.name}()` }));
      else if (parameter && !parameter.accepts(type)) {
        const present = stripOptional(type);
        const fits = type.kind === 'optional' && parameter.accepts(present) ? present : undefined;
        this.context.report(mismatch(arg.range, type, fits, { expected: `'${parameter.display}'`, context: `The argument '${parameter.name}' of ${fn.name}()` }));
      }
      return type;
    });
    return fn.returns(types);
  }

  /**
   * `agentParameters("NAME")` reads what the agent's model passes the tool that runs: only in a
   * tool's steps, and by a name its schema gives (Logic Apps scopes agent parameters to their tool:
   * learn.microsoft.com/azure/logic-apps/agent-workflows-concepts, "Agent parameter").
   */
  private agentParameter(args: readonly Expression[], range: TextRange): void {
    const tool = this.context.agentTool;
    if (!tool) {
      this.context.report(messages.invalidAgent(range, { reason: "agentParameters(…) reads what an agent's model passes a tool: it stands only in the steps of a tool." }));
      return;
    }
    const name = args[0]?.kind === 'String' ? args[0].value : undefined;
    if (name === undefined) {
      this.context.report(messages.invalidAgent(args[0]?.range ?? range, { reason: 'agentParameters(…) names its parameter by a plain string.' }));
      return;
    }
    if (tool.parameters && !tool.parameters.has(name)) {
      this.context.report(messages.invalidAgent(args[0]!.range, { reason: `The tool '${tool.name}' has no parameter '${name}' in its schema.` }));
    }
  }

  /** Infers an operand and reports it unless `accepts`; returns its type when it was accepted. */
  private operand(expression: Expression, operator: string, accepts: (type: Type) => boolean, expected: string): Type | undefined {
    const type = this.infer(expression);
    if (isUnknown(type)) return undefined;
    if (containsSecret(type)) {
      this.context.report(messages.secretLeak(expression.range, { sink: `the operator '${operator}'` }));
      return undefined;
    }
    if (accepts(type)) return type;
    this.context.report(messages.operatorMismatch(expression.range, { operator, found: show(type), expected }));
    return undefined;
  }

  private binary(operator: BinaryOperator, left: Expression, right: Expression): Type {
    switch (operator) {
      case 'and':
      case 'or':
        this.operand(left, operator, isBoolean, 'a boolean');
        this.operand(right, operator, isBoolean, 'a boolean');
        return BOOLEAN;
      case '==':
      case '!=': {
        const l = this.operand(left, operator, () => true, '');
        const r = this.operand(right, operator, () => true, '');
        if (l && r && !isAssignable(l, r) && !isAssignable(r, l)) {
          this.context.report(messages.operatorMismatch(right.range, { operator, found: show(r), expected: `a value comparable with ${show(l)}` }));
        }
        return BOOLEAN;
      }
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const l = this.operand(left, operator, (t) => isNumeric(t) || isStringLike(t), 'a number, a string or a datetime');
        const r = l ? this.operand(right, operator, isNumeric(l) ? isNumeric : isStringLike, isNumeric(l) ? 'a number' : 'a string or a datetime') : this.infer(right);
        // Two texts, neither a datetime (which orders as an instant): the service's order of text
        // (case, accents, punctuation, culture) is not documented, so Jig does not write one.
        if (l && r && isText(l) && isText(r)) {
          this.context.report(messages.operatorMismatch(right.range, { operator, found: 'two strings, whose order the service does not document (case, accents, culture)', expected: 'two numbers or a datetime (compare ticks, lengths or numbers; == for text)' }));
        }
        return BOOLEAN;
      }
      case '+': {
        const l = this.operand(left, '+', (t) => isNumeric(t) || isStringLike(t), 'a number or a string');
        if (!l) {
          const r = this.infer(right);
          // WDL has no `+`: Jig writes add() for numbers and concat() for text, and with neither
          // side's type known it cannot choose (add() of two texts fails the run).
          if (r.kind === 'any' && this.context.typeOf(left).kind === 'any') {
            this.context.report(messages.operatorMismatch(right.range, { operator: '+', found: 'values of no known type on both sides', expected: 'a number or a string on one side (string(x) or a typed let)' }));
            return ERROR;
          }
          return isStringLike(r) ? STRING : isUnknown(r) ? ANY : ERROR;
        }
        const r = this.operand(right, '+', isNumeric(l) ? isNumeric : isStringLike, isNumeric(l) ? 'a number' : 'a string');
        if (isStringLike(l)) return STRING;
        return r ? this.arithmeticResult(l, r) : NUMBER;
      }
      default: {
        const l = this.operand(left, operator, isNumeric, 'a number');
        const r = this.operand(right, operator, isNumeric, 'a number');
        return l && r ? this.arithmeticResult(l, r) : NUMBER;
      }
    }
  }

  /**
   * Integer arithmetic of known operands (literals, lets of such arithmetic) whose exact result
   * leaves 64 bits is JIG2073, as a literal beyond them is: caught before deployment rather than
   * by the one run that reaches it. Reported once, where the result first leaves them.
   */
  private refuseKnownOverflow(expression: Extract<Expression, { kind: 'Unary' | 'Binary' }>, type: Type): Type {
    if (type !== INTEGER) return type;
    const symbolOf = (name: Extract<Expression, { kind: 'Name' }>) => this.context.binder.symbolOf(name.name);
    const operands = expression.kind === 'Unary' ? [0n, knownInteger(expression.operand, symbolOf)] : [knownInteger(expression.left, symbolOf), knownInteger(expression.right, symbolOf)];
    const [left, right] = operands;
    if (left === undefined || right === undefined) return type;
    const value = compute(expression.kind === 'Unary' ? '-' : expression.operator, left, right);
    if (value !== undefined && !fitsInteger64(value)) {
      this.context.report(messages.numberOutOfRange(expression.range, { text: `This arithmetic of known integers, giving ${value},` }));
    }
    return type;
  }

  private arithmeticResult(left: Type, right: Type): Type {
    return isAssignable(left, INTEGER) && isAssignable(right, INTEGER) ? INTEGER : NUMBER;
  }

  /** A record literal where no record type is expected: a structural record of its fields. */
  private record(expression: RecordLiteral): RecordType {
    const fields = new Map<string, RecordFieldType>();
    for (const field of expression.fields) {
      const type = this.infer(field.value);
      this.checkFieldName(field.name);
      if (fields.has(field.name.name)) {
        this.context.report(messages.duplicateField(field.name.range, { name: field.name.name }));
        continue;
      }
      const fieldType: RecordFieldType = { name: field.name.name, type, categories: [] };
      fields.set(field.name.name, fieldType);
      this.context.binder.link(field.name, this.context.fieldSymbol(fieldType));
    }
    return { kind: 'record', fields };
  }

  /** A field name written as a string becomes a JSON key as it is: an `@` there would be read as an expression. */
  private checkFieldName(name: Identifier): void {
    if (name.name.includes('@')) this.context.report(messages.expressionInFieldName(name.range, { name: name.name }));
  }

  /** A record literal where a declared record is expected: each field checked against its declaration. */
  private checkRecordLiteral(expression: RecordLiteral, record: RecordType): Type {
    const given = new Set<string>();
    for (const field of expression.fields) {
      const name = field.name.name;
      this.checkFieldName(field.name);
      if (given.has(name)) {
        this.context.report(messages.duplicateField(field.name.range, { name }));
        this.infer(field.value);
        continue;
      }
      given.add(name);
      const declared = this.field(record, field.name);
      if (declared) this.check(field.value, givenType(declared), `The field '${name}' of '${record.name}'`);
      else this.infer(field.value);
    }
    for (const [name, field] of record.fields) {
      if (!given.has(name) && field.type.kind !== 'optional') {
        this.context.report(messages.missingField(expression.range, { name, type: typeToString(record) }));
      }
    }
    return this.context.setType(expression, record);
  }

  private array(elements: readonly Expression[]): Type {
    let element: Type | undefined;
    for (const expression of elements) {
      const type = this.infer(expression);
      if (!element) {
        element = type;
        continue;
      }
      const joined = joinTypes(element, type);
      if (joined) element = joined;
      else this.context.report(messages.typeMismatch(expression.range, { found: show(type), expected: show(element), context: 'An array element' }));
    }
    return arrayOf(element ?? ANY);
  }
}

/** A string that is no datetime. */
const isText = (type: Type): boolean => type.kind === 'primitive' && type.name === 'string';

/** Whether a literal is one the service's numbers hold: a 64-bit integer, a finite double (JIG2073). */
function numberFits(literal: NumberLiteral): boolean {
  return literal.isInteger ? BigInt(literal.text) <= 2n ** 63n - 1n : Number.isFinite(Number(literal.text));
}
