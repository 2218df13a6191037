/**
 * Checks the steps of a flow in order, declaring each `let`, `var` and loop variable as it goes,
 * and the values only a `let` may hold: queries, aggregates, HTTP calls and flow calls.
 */
import type {
  AgentStep,
  DeleteStep,
  DocumentOperation,
  Expression,
  RawActionStep,
  AggregateOperation,
  Block,
  FlowCall,
  HttpCall,
  Identifier,
  JsonObject,
  LetStep,
  LetValue,
  QueryOperation,
  Step,
  StoreTarget,
  StringLiteral,
  SwitchStep,
  TimeOperation,
  TableOperation,
  VarStep,
  HeaderEntry,
} from '../syntax/tree.js';
import { computedCount, writtenName } from '../syntax/tree.js';
import * as messages from '../diagnostics/catalogue/semantics.js';
import { suggest } from '../util/suggest.js';
import type { RecordFieldType, Type } from './types.js';
import { ANY, BOOLEAN, DATETIME, ERROR, INTEGER, NUMBER, STRING, arrayOf, typeToString } from './types.js';
import { containsSecret, isAssignable, isNumeric, isStringLike, isUnknown, stripOptional } from './relations.js';
import { Binder, type MutableSymbol } from './binder.js';
import type { AnalysisContext } from './context.js';
import type { ExpressionChecker } from './expressions.js';
import { HTTP_METHODS, resolveTypeRef } from './declarations.js';
import { WEBHOOK_METHOD } from '../connectors/webhooks.js';
import { IDENTITY_ARGUMENTS, checkActionName, readStepAnnotations } from './annotations.js';
import { checkHttpAuth } from './http-auth.js';
import { forEachStep, walk } from '../syntax/visit.js';
import { SERVICE_NAME } from '../connectors/service-providers.js';
import { ALL_UNITS, TIME_OPERATION_UNITS, normalizeUnit, resolveDuration } from './durations.js';
import { CHUNKED_TEXT, PARSED_DOCUMENT } from './builtin-types.js';
import { isWrittenName } from '../util/action-names.js';
import { isResponseStatus } from '../util/response-status.js';
import { ENCODING_MODELS, MAX_TOKEN_SIZE } from '../connectors/document-operations.js';
import { LIQUID_KINDS, writesText } from '../connectors/liquid.js';
import { MESSAGE_TARGETS, STORE_TARGETS, checkTarget } from './targets.js';

const AGGREGATE_FUNCTIONS = ['count', 'sum', 'avg', 'min', 'max'];

const article = (word: string): string => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;

function hasRequiredFields(type: Type): boolean {
  const bare = stripOptional(type);
  return bare.kind === 'record' && [...bare.fields.values()].some((field) => field.type.kind !== 'optional');
}

/** A `$connections` key as designers and templates name connections (`office365_1`, `azureblob-2`, `sql_#workflowname#`). */
const CONNECTION_KEY = /^[A-Za-z0-9_.#-]{1,80}$/;
/** What a query parameter may be: a value the URL can carry as text. */
const QUERY_TYPES = [STRING, NUMBER, BOOLEAN];

const VARIABLE_ACTIONS = new Set(['setvariable', 'incrementvariable', 'decrementvariable', 'appendtoarrayvariable', 'appendtostringvariable']);

/**
 * The variables a raw action writes, by name: it or an action nested in it is a variable action
 * (SetVariable, AppendToArrayVariable, …); '' for one whose name is not a plain string.
 */
export function rawVariableWrites(step: RawActionStep): string[] {
  const member = (object: JsonObject, key: string) => object.members.find((m) => m.key.value === key)?.value;
  const written: string[] = [];
  walk(step.body, (node) => {
    if (node.kind !== 'JsonObject') return;
    const type = member(node, 'type');
    if (type?.kind !== 'String' || !VARIABLE_ACTIONS.has((type.value ?? '').toLowerCase())) return;
    const inputs = member(node, 'inputs');
    const name = inputs?.kind === 'JsonObject' ? member(inputs, 'name') : undefined;
    written.push(name?.kind === 'String' ? (name.value ?? '') : '');
  });
  return written;
}

export class StepChecker {
  /** The raw action names seen in each flow (action names are unique in a workflow). */
  /** The action names a flow's steps give themselves (raw actions, `@action`), lower case: unique in a workflow. */
  private readonly actionNamesByFlow = new Map<unknown, Set<string>>();
  /** The vars each flow names otherwise in its workflow (`@name("Output of POST")`), by that name in lower case. */
  private readonly renamedVariablesByFlow = new Map<unknown, Map<string, MutableSymbol>>();
  /** How many loops (for each, until) enclose the step being checked. */
  private loopDepth = 0;

  constructor(
    private readonly context: AnalysisContext,
    private readonly expressions: ExpressionChecker,
  ) {}

  /** A block in its own scope: what it declares is visible to its end only. */
  checkBlock(block: Block): void {
    this.context.binder.enterScope(block.range);
    this.checkSteps(block);
    this.context.binder.exitScope();
  }

  /** The steps of a block in the current scope (a loop body shares the loop variable's scope). */
  checkSteps(block: Block): void {
    block.steps.forEach((step, index) => this.checkStep(step, block.steps[index - 1]));
  }

  /** A let or var (or a raw action's result), visible from the end of its step. */
  private declare(step: LetStep | VarStep | RawActionStep | AgentStep, name: Identifier, type: Type): MutableSymbol {
    const symbol = Binder.symbol({
      kind: step.kind === 'Var' ? 'var' : 'let',
      name: name.name,
      declaration: name,
      declaringNode: step,
      type,
      flow: this.context.flow,
    });
    this.context.binder.declareLocal(symbol, step.range.end);
    return symbol;
  }

  /** A store's `@subject(KIND, FIELD)` names a field of the record it stores, of one value. */
  private subjectField(step: Step, stored: Type): void {
    const field = this.context.stepAnnotations.get(step)?.subject?.field;
    if (!field || stored.kind !== 'record') return;
    const found = stored.fields.get(field.name);
    if (!found) {
      const suggestion = suggest(field.name, [...stored.fields.keys()]);
      this.context.report(messages.unknownField(field.range, { name: field.name, type: typeToString(stored), ...(suggestion && { suggestion }) }));
    } else if (stripOptional(found.type).kind === 'record' || stripOptional(found.type).kind === 'array') {
      this.context.report(
        messages.misplacedAnnotation(field.range, { name: 'subject', place: `the field '${field.name}' of type '${typeToString(found.type)}'`, allowed: 'a field holding one value of a primitive type' }),
      );
    }
  }

  /** Whether the step being checked authenticates its call with the managed identity (`@identity`). */
  private managedIdentity = false;

  /**
   * A computed `@tracked` value, read before the step's own value is declared: any type, no secret
   * (the logs show it, JIG2050), and only what Logic Apps lets a tracked property reference, the
   * workflow's parameters and its own trigger's or action's inputs and outputs
   * (learn.microsoft.com/azure/logic-apps/monitor-workflows-collect-diagnostic-data, "Tracked
   * properties"): not a let, a var or a loop's item, which are other actions' outputs; the action's
   * own run is `action()`, allowed here alone (expressions.ts, JIG2079).
   */
  private trackedValue(value: Expression): void {
    this.expressions.inTrackedValue = true;
    try {
      this.expressions.checkSink(value, undefined, 'A tracked property', 'a tracked property (the diagnostic logs)');
    } finally {
      this.expressions.inTrackedValue = false;
    }
    walk(value, (node) => {
      if (node.kind !== 'Name') return;
      const symbol = this.context.binder.symbolOf(node.name);
      if (symbol && (symbol.kind === 'let' || symbol.kind === 'var' || symbol.kind === 'loop' || symbol.kind === 'item')) {
        this.context.report(messages.trackedPropertyReadsStep(node.range, { name: node.name.name, kind: symbol.kind === 'item' ? "query's item" : symbol.kind === 'loop' ? 'loop variable' : symbol.kind }));
      }
    });
  }

  /**
   * `@identity(…, PARAM)`: the user-assigned identity's resource id is a string `param`'s value,
   * which the definition reads as `parameters('…')` (not a secret: the action's inputs show it).
   */
  private identityParameter(name: Identifier): void {
    const symbol = this.context.binder.resolve(name);
    if (!symbol) return;
    if (symbol.kind !== 'param' || symbol.type.kind !== 'primitive' || symbol.type.name !== 'string') {
      this.context.report(messages.annotationArguments(name.range, { name: 'identity', expected: IDENTITY_ARGUMENTS }));
    }
  }

  private checkStep(step: Step, previous?: Step): void {
    // Most steps have none; the model answers for a step without an entry.
    if (step.annotations.length > 0) {
      const annotations = readStepAnnotations(step, this.context.report);
      this.context.stepAnnotations.set(step, annotations);
      for (const named of [annotations.actionName, annotations.actionName?.catchName]) {
        if (named && !this.namesWithPrevious(step, previous, named.name) && !this.claimActionName(named.name)) this.context.report(messages.duplicateActionName(named.range, { name: named.name }));
      }
    }
    // Whether the step's call authenticates with the managed identity (`@identity`), which `auth { … }` may not also do.
    this.managedIdentity = this.context.stepAnnotations.get(step)?.callOptions.identity !== undefined;
    const identityParameter = this.context.stepAnnotations.get(step)?.callOptions.identity?.parameter;
    if (identityParameter) this.identityParameter(identityParameter);
    for (const property of this.context.stepAnnotations.get(step)?.trackedProperties ?? []) {
      if (property.expression) this.trackedValue(property.expression);
    }
    const { expressions, context } = this;
    switch (step.kind) {
      case 'Let': {
        const type = step.type ? this.typedLetValue(step, resolveTypeRef(context, step.type, false, true)) : this.letValue(step.value);
        const symbol = this.declare(step, step.name, type);
        context.bindings.push({ symbol, value: step.value, kind: 'value', step });
        break;
      }
      case 'Var': {
        const type = resolveTypeRef(context, step.type, false, true);
        if (step.value) expressions.check(step.value, type, `The var '${step.name.name}'`);
        const symbol = this.declare(step, step.name, type);
        const renamed = context.stepAnnotations.get(step)?.variableName;
        if (renamed) {
          const variables = this.renamedVariablesByFlow.get(context.flow) ?? new Map<string, MutableSymbol>();
          variables.set(renamed.name.toLowerCase(), symbol);
          this.renamedVariablesByFlow.set(context.flow, variables);
        }
        // An empty start holds nothing.
        if (step.value) context.bindings.push({ symbol, value: step.value, kind: 'value', step });
        break;
      }
      case 'Set': {
        const target = this.assignable(step.target, 'set');
        if (target) {
          expressions.check(step.value, target.type, `The var '${target.name}'`);
          context.bindings.push({ symbol: target, value: step.value, kind: 'value', step });
        } else expressions.infer(step.value);
        break;
      }
      case 'Append': {
        const target = this.assignable(step.target, 'append to');
        if (!target) {
          expressions.infer(step.value);
          break;
        }
        const bare = stripOptional(target.type);
        if (bare.kind === 'array') expressions.check(step.value, bare.element, `Appending to '${target.name}'`);
        else if (isAssignable(bare, STRING)) expressions.check(step.value, STRING, `Appending to '${target.name}'`);
        else {
          expressions.infer(step.value);
          if (!isUnknown(bare)) {
            context.report(
              messages.typeMismatch(step.target.range, { found: `'${typeToString(target.type)}'`, expected: 'an array or a string var', context: "'append'" }),
            );
          }
        }
        context.bindings.push({ symbol: target, value: step.value, kind: 'append', step });
        break;
      }
      case 'Store': {
        const type = expressions.checkSink(step.value, undefined, 'A store', 'a store');
        // A list of records stores each element as a document (a blob, a row).
        const stored = stripOptional(type);
        const bare = stored.kind === 'array' ? stripOptional(stored.element) : stored;
        if (bare.kind !== 'record' && !isUnknown(bare) && !containsSecret(type)) {
          context.report(messages.storeNeedsRecord(step.value.range, { found: typeToString(type) }));
        }
        this.storeTarget(step.target);
        this.subjectField(step, bare);
        break;
      }
      case 'Delete':
        this.deleteStep(step);
        break;
      case 'RawAction':
        this.rawAction(step);
        // What a raw action returns is not read: a value of no known type (its categories: semantics/categories.ts).
        if (step.result) this.declare(step, step.result, ANY);
        break;
      case 'HttpCallStep':
        this.httpCall(step.call);
        break;
      case 'Agent':
        this.agent(step);
        break;
      case 'FlowCallStep':
        this.flowCall(step.call);
        break;
      case 'SendMail':
        if (step.connector.name !== 'office365') {
          context.report(messages.invalidTarget(step.connector.range, { reason: `'${step.connector.name}' is not a mail connector.`, suggestion: 'office365' }));
        }
        expressions.checkSink(step.to, STRING, "The 'to' of send mail", 'a mail');
        expressions.checkSink(step.subject, STRING, "The subject of send mail", 'a mail');
        expressions.checkSink(step.body, STRING, "The body of send mail", 'a mail');
        break;
      case 'SendMessage':
        // A Service Bus message is any value but a secret (a record or a list as JSON, a string as
        // text); a Teams message is text (HTML).
        if (step.target.store.name === 'teams') expressions.checkSink(step.value, STRING, 'A Teams message', 'a Teams message');
        else expressions.checkSink(step.value, undefined, 'A message', 'a message');
        checkTarget(context, step.target, MESSAGE_TARGETS, 'a message queue, topic or Teams channel');
        break;
      case 'If':
        expressions.checkCondition(step.condition, "'if'");
        this.checkBlock(step.then);
        if (step.else?.kind === 'Block') this.checkBlock(step.else);
        else if (step.else) this.checkStep(step.else);
        break;
      case 'ForEach': {
        const element = expressions.elementOf(expressions.infer(step.iterable), step.iterable.range, "'for each'");
        context.binder.enterScope(step.body.range);
        const symbol = Binder.symbol({ kind: 'loop', name: step.variable.name, declaration: step.variable, declaringNode: step, type: element, flow: context.flow });
        context.binder.declareLocal(symbol, step.body.range.start);
        context.bindings.push({ symbol, value: step.iterable, kind: 'element' });
        this.loopDepth++;
        this.checkSteps(step.body);
        this.loopDepth--;
        context.binder.exitScope();
        break;
      }
      case 'Switch':
        this.switchStep(step);
        break;
      case 'Until': {
        // A computed `@count(EXPR)`: a whole number of passes, read when the loop starts (before
        // its body, whose lets it cannot see), from 1 to 5,000 or the Until fails.
        const count = computedCount(step);
        if (count) expressions.checkSink(count, INTEGER, "The count of an 'until'", 'an until');
        // The body runs first; the condition is tested after each pass and sees what that pass
        // computed (WDL's Until expression reads its own actions' outputs, as the designer writes
        // it). What follows the loop runs only when its last pass succeeded (README: a loop whose
        // last pass failed fails), so the body's lets are there after it too, from that pass.
        context.binder.enterScope(step.body.range);
        this.loopDepth++;
        this.checkSteps(step.body);
        this.loopDepth--;
        expressions.checkCondition(step.condition, "'until'");
        const declared = context.binder.declaredInCurrentScope();
        context.binder.exitScope();
        for (const symbol of declared) context.binder.declareLocal(symbol, step.range.end);
        break;
      }
      case 'Try': {
        if (!step.scope) {
          this.checkBlock(step.body);
          if (step.catch) this.checkBlock(step.catch);
          break;
        }
        // What a scope computes is there after it, which runs once it succeeded (as after a parallel).
        context.binder.enterScope(step.body.range);
        this.checkSteps(step.body);
        const declared = context.binder.declaredInCurrentScope();
        context.binder.exitScope();
        for (const symbol of declared) context.binder.declareLocal(symbol, step.range.end);
        break;
      }
      case 'Parallel': {
        // A branch does not see its siblings' values (they run at the same time); the steps
        // after the parallel do, since they run once every branch is done.
        const declared: MutableSymbol[] = [];
        for (const branch of step.branches) {
          context.binder.enterScope(branch.range);
          this.checkSteps(branch);
          declared.push(...context.binder.declaredInCurrentScope());
          context.binder.exitScope();
        }
        for (const symbol of declared) context.binder.declareLocal(symbol, step.range.end);
        break;
      }
      case 'Wait': {
        // A time: a datetime, or the text of one (a trigger's field, as the service reads it).
        if (step.until) expressions.checkSink(step.until, undefined, "The time of 'wait until'", 'a wait');
        const checked = step.duration && resolveDuration(step.duration, ALL_UNITS, 'a wait');
        if (checked && 'problem' in checked) context.report(messages.invalidDuration(checked.range, { reason: checked.problem }));
        // A computed amount is the Wait's interval.count, in one of the Wait's own units (no years:
        // Jig writes a year as 12 months, which a computed count cannot be without another expression).
        if (step.amount) expressions.checkSink(step.amount, INTEGER, 'The amount of a wait', 'a wait');
        if (step.unit) {
          const unit = normalizeUnit(step.unit.name);
          if (!unit || !TIME_OPERATION_UNITS.includes(unit)) {
            context.report(messages.invalidDuration(step.unit.range, { reason: `'${step.unit.name}' is not a unit for a computed wait; use one of ${TIME_OPERATION_UNITS.join(', ')}.` }));
          }
        }
        break;
      }
      case 'Respond':
        if (step.status.kind === 'Number') {
          if (!step.status.isInteger || !isResponseStatus(step.status.value)) {
            context.report(messages.statusOutOfRange(step.status.range, { status: step.status.text }));
          }
        // A computed status is the Response's statusCode: a whole number, shown in run history (no secret).
        } else expressions.checkSink(step.status, INTEGER, 'The status of a response', 'a response status');
        this.responseHeaders(step.headers ?? []);
        if (step.body) expressions.checkSink(step.body, undefined, 'A response', 'a response');
        break;
      case 'Fail': {
        expressions.checkSink(step.message, STRING, "The message of 'fail'", 'a failure message');
        // A fail in a loop records its message; the run fails after the loop, with Jig's code.
        const code = context.stepAnnotations.get(step)?.failureCode;
        if (code && this.loopDepth > 0) {
          context.report(messages.misplacedAnnotation(code.range, { name: 'code', place: "a 'fail' inside a loop", allowed: "a 'fail' outside loops (one in a loop fails the run after the loop, with Jig's code)" }));
        }
        break;
      }
    }
  }

  /** The var that `set` or `append` changes; reports anything else. */
  private assignable(target: Identifier, verb: string): MutableSymbol | undefined {
    const symbol = this.context.binder.resolve(target);
    if (!symbol) return undefined;
    if (symbol.kind === 'var') return symbol;
    const kind = symbol.kind === 'loop' ? 'loop variable' : symbol.kind;
    this.context.report(messages.notAssignable(target.range, { name: target.name, kind, verb }));
    return undefined;
  }

  /** `let NAME: TYPE = VALUE`: the value must fit TYPE, which the name then has. */
  private typedLetValue(step: LetStep, declared: Type): Type {
    const context = `The let '${step.name.name}'`;
    switch (step.value.kind) {
      case 'Query':
      case 'Aggregate':
      case 'HttpCall':
      case 'FlowCall':
      case 'ParseJson':
      case 'DocumentOperation':
      case 'InlineCode':
      case 'TimeOperation':
      case 'TableOperation': {
        const type = this.letValue(step.value);
        if (!isAssignable(type, declared)) {
          this.context.report(messages.typeMismatch(step.value.range, { found: `'${typeToString(type)}'`, expected: `'${typeToString(declared)}'`, context }));
        }
        return declared;
      }
      default:
        this.expressions.check(step.value, declared, context);
        return declared;
    }
  }

  private letValue(value: LetValue): Type {
    switch (value.kind) {
      case 'ParseJson':
        this.expressions.checkSink(value.content, undefined, 'parse json', 'a Parse JSON action');
        // A schema written out is the service's to apply: for Jig the value is untyped.
        return this.context.setType(value, value.type ? resolveTypeRef(this.context, value.type) : ANY);
      case 'Query':
        return this.context.setType(value, this.query(value));
      case 'Aggregate':
        return this.context.setType(value, this.aggregate(value));
      case 'HttpCall':
        return this.httpCall(value);
      case 'FlowCall':
        return this.flowCall(value);
      case 'DocumentOperation':
        return this.context.setType(value, this.documentOperation(value));
      case 'InlineCode':
        // The code is the action's text, not a template: no `${…}` (Logic Apps would evaluate it).
        if (value.code.value === undefined) this.context.report(messages.invalidTarget(value.code.range, { reason: 'The code of javascript is a plain string, without ${…}: it reads the run through workflowContext.' }));
        return this.context.setType(value, ANY);
      case 'TimeOperation':
        return this.context.setType(value, this.timeOperation(value));
      case 'TableOperation':
        return this.context.setType(value, this.tableOperation(value));
      default:
        return this.expressions.infer(value);
    }
  }

  /**
   * A Date Time action: its amount a whole number of a unit the designer offers (seconds to
   * months), its base a datetime or the text of one, its zones and format text. Its inputs show in
   * run history, so none may be a secret. The result is the time as ISO text (a datetime), or, once
   * converted to a zone (with a format), text.
   */
  private timeOperation(operation: TimeOperation): Type {
    const what = `'${operation.operation} time'`;
    const sink = 'a Date Time action';
    if (operation.amount) this.expressions.checkSink(operation.amount, INTEGER, `The amount of ${what}`, sink);
    if (operation.unit) {
      const unit = normalizeUnit(operation.unit.name);
      if (!unit || !TIME_OPERATION_UNITS.includes(unit)) {
        this.context.report(messages.invalidDuration(operation.unit.range, { reason: `'${operation.unit.name}' is not a unit for ${what}; use one of ${TIME_OPERATION_UNITS.join(', ')}.` }));
      }
    }
    if (operation.base) {
      const type = this.expressions.checkSink(operation.base, undefined, `The time of ${what}`, sink);
      if (!isUnknown(type) && !isAssignable(type, DATETIME) && !isStringLike(stripOptional(type))) {
        this.context.report(messages.typeMismatch(operation.base.range, { found: `'${typeToString(type)}'`, expected: "'datetime' or the text of one", context: `The time of ${what}` }));
      }
    }
    for (const text of [operation.sourceZone, operation.destinationZone, operation.format]) {
      if (text) this.expressions.checkSink(text, STRING, `A time zone or format of ${what}`, sink);
    }
    return operation.operation === 'convert' ? STRING : DATETIME;
  }

  /**
   * A Create HTML or CSV table: its rows an array of records (or of values of no known type), whose
   * fields are its columns unless it writes its own, each computed from a row (`item`); its inputs
   * show in run history, so no secret. The table is text.
   */
  private tableOperation(operation: TableOperation): Type {
    const context = `The rows of '${operation.format} table'`;
    const type = this.expressions.checkSink(operation.from, undefined, context, 'a Table action');
    const rows = stripOptional(type);
    const element = rows.kind === 'array' ? stripOptional(rows.element) : undefined;
    if (!isUnknown(type) && !(element && (element.kind === 'record' || isUnknown(element)))) {
      this.context.report(messages.typeMismatch(operation.from.range, { found: `'${typeToString(type)}'`, expected: 'an array of records', context }));
    }
    const { columns } = operation;
    if (columns) {
      this.expressions.withItem(element ?? ANY, operation.from, columns.range, () => {
        for (const column of columns.fields) this.expressions.checkSink(column.value, undefined, `The column '${column.name.name}' of '${operation.format} table'`, 'a Table action');
      });
    }
    return STRING;
  }

  /** `parse document EXPR` (any content: a file's bytes, text) → `{ text }`; `chunk text TEXT …` → `{ value: string[] }`. */
  private documentOperation(operation: DocumentOperation): Type {
    if (operation.operation === 'transform xml') return this.transformXml(operation);
    if (operation.operation === 'transform liquid') return this.transformLiquid(operation);
    if (operation.operation === 'parse document') {
      this.expressions.checkSink(operation.content, undefined, 'parse document', 'a Parse a document action');
      return PARSED_DOCUMENT;
    }
    this.expressions.checkSink(operation.content, STRING, "The text of 'chunk text'", 'a Chunk text action');
    const { tokens, overlap, encoding } = operation;
    if (tokens && !(tokens.isInteger && tokens.value >= 1 && tokens.value <= MAX_TOKEN_SIZE)) {
      this.context.report(messages.invalidChunkOption(tokens.range, { reason: `A chunk holds from 1 to ${MAX_TOKEN_SIZE} tokens, not ${tokens.text}.` }));
    }
    if (overlap && !overlap.isInteger) {
      this.context.report(messages.invalidChunkOption(overlap.range, { reason: `The overlap is a whole number of characters, not ${overlap.text}.` }));
    }
    if (encoding && !ENCODING_MODELS.includes(encoding.value ?? '')) {
      this.context.report(messages.invalidChunkOption(encoding.range, { reason: `The encoding is one of ${ENCODING_MODELS.map((model) => `"${model}"`).join(', ')}.` }));
    }
    return CHUNKED_TEXT;
  }

  /**
   * `transform xml EXPR with [app | data] map "NAME" [parameters { … }]`: any content (the service
   * reads it as XML), a map named by a plain string, parameters of text, numbers or booleans (no
   * secret: run history shows them), each name once. Its result is of no type Jig knows: what the
   * map writes (XML text, or JSON for a Data Mapper map).
   */
  private transformXml(operation: DocumentOperation): Type {
    this.expressions.checkSink(operation.content, undefined, 'transform xml', 'an Xslt action');
    const name = operation.map?.name;
    if (name && (name.value === undefined || name.value.trim() === '')) {
      this.context.report(messages.invalidTarget(name.range, { reason: "The map of transform xml is named by a plain string, without ${…}: the service looks it up when the workflow is saved." }));
    }
    const names = new Set<string>();
    for (const parameter of operation.parameters ?? []) {
      const key = writtenName(parameter) ?? '';
      if (names.has(key)) this.context.report(messages.duplicateField(parameter.name.range, { name: key }));
      names.add(key);
      const type = this.expressions.infer(parameter.value);
      if (!QUERY_TYPES.some((allowed) => isAssignable(type, allowed))) {
        this.context.report(messages.typeMismatch(parameter.value.range, { found: `'${typeToString(type)}'`, expected: "'string', 'number' or 'boolean'", context: 'An XSLT parameter' }));
      }
    }
    return ANY;
  }

  /**
   * `transform liquid "KIND" EXPR with [app] map "NAME"`: one of the designer's kinds, a map named
   * by a plain string, an integration account's or the app's (a Data Mapper map is XSLT), no
   * parameters. Any content (the service reads it as the kind says); the result is text for a
   * …ToText kind, else of no type Jig knows.
   */
  private transformLiquid(operation: DocumentOperation): Type {
    this.expressions.checkSink(operation.content, undefined, 'transform liquid', 'a Liquid action');
    const kind = operation.liquidKind;
    if (kind && !LIQUID_KINDS.some((known) => known === kind.value)) {
      this.context.report(messages.invalidTarget(kind.range, { reason: `A Liquid map's kind is one of ${LIQUID_KINDS.map((known) => `"${known}"`).join(', ')}.` }));
    }
    const name = operation.map?.name;
    if (name && (name.value === undefined || name.value.trim() === '')) {
      this.context.report(messages.invalidTarget(name.range, { reason: "The map of transform liquid is named by a plain string, without ${…}: the service looks it up when the workflow is saved." }));
    }
    if (operation.map?.source === 'data') this.context.report(messages.invalidTarget(name?.range ?? operation.range, { reason: "A Data Mapper map is an XSLT map: 'transform xml … with data map'." }));
    if (operation.parameters) this.context.report(messages.invalidTarget(operation.parameters[0]?.range ?? operation.range, { reason: 'A Liquid action takes no parameters.' }));
    return kind?.value !== undefined && writesText(kind.value) ? STRING : ANY;
  }

  private storeTarget(target: StoreTarget): void {
    checkTarget(this.context, target, STORE_TARGETS, 'a store');
  }

  /** `delete ID from cosmos(…) [partition KEY]`: the id is a string, the key a string or a number. */
  private deleteStep(step: DeleteStep): void {
    if (step.target.store.name !== 'cosmos') {
      this.context.report(
        messages.invalidTarget(step.target.store.range, { reason: `Only documents of cosmos(…) can be deleted by id, not of '${step.target.store.name}'.`, suggestion: 'cosmos' }),
      );
    } else this.storeTarget(step.target);
    this.expressions.checkSink(step.id, STRING, "The id of 'delete'", 'a delete');
    if (step.partition) {
      const key = this.expressions.checkSink(step.partition, undefined, "The partition key of 'delete'", 'a delete');
      const bare = stripOptional(key);
      if (!isStringLike(bare) && !isNumeric(bare) && !isUnknown(bare) && !containsSecret(key)) {
        this.context.report(messages.typeMismatch(step.partition.range, { found: `'${typeToString(key)}'`, expected: "'string' or a number", context: "The partition key of 'delete'" }));
      }
    }
  }

  /** Records a name a step gives its action; false when another step of the flow gave it already. */
  /**
   * Whether a top-level `var` shares its `@action` name with the `var` right before it: they are
   * then one InitializeVariable (as a designer's action that initialises several variables is).
   */
  private namesWithPrevious(step: Step, previous: Step | undefined, name: string): boolean {
    if (step.kind !== 'Var' || previous?.kind !== 'Var' || !this.context.flow?.body.steps.includes(step)) return false;
    return this.context.stepAnnotations.get(previous)?.actionName?.name === name;
  }

  private claimActionName(name: string): boolean {
    let seen = this.actionNamesByFlow.get(this.context.flow);
    if (!seen) this.actionNamesByFlow.set(this.context.flow, (seen = new Set()));
    if (seen.has(name.toLowerCase())) return false;
    seen.add(name.toLowerCase());
    return true;
  }

  /**
   * `agent "CONNECTION" model "DEPLOYMENT" messages EXPR [options { … }] [tools { … }]`: an Agent
   * action (learn.microsoft.com/azure/logic-apps/agent-workflows-concepts). The messages go to the
   * model (no secret: JIG2050); its answer, RESULT, is of no known type; each tool's steps run in a
   * scope of their own, as often as the model calls it (as a loop's body), reading what it passes
   * through `agentParameters("NAME")`.
   */
  private agent(step: AgentStep): void {
    const { context, expressions } = this;
    const request = step.request;
    const connection = request.connector?.value;
    if (connection === undefined || !CONNECTION_KEY.test(connection)) {
      context.report(messages.invalidAgent(request.connector?.range ?? request.range, { reason: "An agent's connection is a plain string naming an agent connection of the app's connections.json (letters, digits, _, -, ., #)." }));
    }
    if (request.url.kind !== 'String' || !request.url.value) {
      context.report(messages.invalidAgent(request.url.range, { reason: "An agent's model is a plain string: the name of the model's deployment." }));
    }
    if (request.body) {
      const type = stripOptional(expressions.checkSink(request.body, undefined, "An agent's messages", "an agent's model"));
      if (type.kind !== 'array' && !isUnknown(type)) {
        context.report(messages.invalidAgent(request.body.range, { reason: `An agent's messages are a list of { role, content } records, not '${typeToString(type)}'.` }));
      }
    }
    if (step.options) this.agentOptions(step.options);
    // "You can't add an agent inline as a tool in another agent" (agent-workflows-concepts, "Agent loop").
    if (context.agentTool) context.report(messages.invalidAgent(request.range, { reason: `An agent cannot stand in a tool of another agent (here the tool '${context.agentTool.name}'): Logic Apps runs agents one after another, not one inside another.` }));
    // What the model may say, named by no one: what it answers, and passes the tools.
    const model = Binder.symbol({ kind: 'let', name: `the model of ${step.result?.name ?? 'an agent'}`, declaringNode: step, type: ANY, flow: context.flow });
    const outer = context.agentTool;
    const names = new Set<string>();
    this.loopDepth++;
    for (const tool of step.tools) {
      if (names.has(tool.name.name)) context.report(messages.invalidAgent(tool.name.range, { reason: `Another tool of this agent is named '${tool.name.name}'; a tool's name is its key in the agent's tools.` }));
      names.add(tool.name.name);
      if (tool.description.value === undefined) context.report(messages.invalidAgent(tool.description.range, { reason: "A tool's description is plain text: the model reads it to choose the tool." }));
      context.agentTool = { name: tool.name.name, parameters: tool.schema ? this.agentSchema(tool.schema) : undefined, model };
      this.checkBlock(tool.body);
    }
    this.loopDepth--;
    context.agentTool = outer;
    // What the model says is unknown, with what it was sent (semantics/categories.ts): the messages,
    // and turn after turn what the tools answered (a raw action's, whatever its JSON reads).
    const said = [model, ...(step.result ? [this.declare(step, step.result, ANY)] : [])];
    for (const symbol of said) {
      context.bindings.push({ symbol, value: request, kind: 'value', step });
      for (const tool of step.tools) {
        forEachStep(tool.body, (inner) => {
          // As the let binds it: what its @declassify drops, the model is not told either.
          if (inner.kind === 'Let') context.bindings.push({ symbol, value: inner.value, kind: 'value', step: inner });
          else if (inner.kind === 'HttpCallStep' || inner.kind === 'FlowCallStep') context.bindings.push({ symbol, value: inner.call, kind: 'value' });
          else if (inner.kind === 'Agent') context.bindings.push({ symbol, value: inner.request, kind: 'value' });
          else if (inner.kind === 'RawAction') context.bindings.push({ symbol, value: inner.name, kind: 'unknown', step: inner });
        });
      }
    }
  }

  /** The model's other parameters, written as they are: no expression Jig would not read, nor what Jig writes itself. */
  private agentOptions(options: JsonObject): void {
    for (const member of options.members) {
      if (member.key.value === 'deploymentId' || member.key.value === 'messages') {
        this.context.report(messages.invalidAgent(member.key.range, { reason: `An agent's ${member.key.value === 'messages' ? 'messages are' : 'deployment is'} written with '${member.key.value === 'messages' ? 'messages' : 'model'}', not among its options.` }));
      }
    }
    walk(options, (node) => {
      if (node.kind !== 'String') return;
      if (node.parts.some((part) => part.kind === 'Interpolation') || (node.value ?? '').startsWith('@')) {
        this.context.report(messages.invalidAgent(node.range, { reason: "An agent's options are written as they are: an expression there (`@…`, `${…}`) would read what Jig does not see." }));
      }
    });
  }

  /** A tool's schema: an object's JSON schema; the names of its properties, which the model passes. */
  private agentSchema(schema: JsonObject): Set<string> {
    const member = (object: JsonObject, key: string) => object.members.find((m) => m.key.value === key)?.value;
    const type = member(schema, 'type');
    const properties = member(schema, 'properties');
    if (type?.kind !== 'String' || type.value !== 'object' || (properties !== undefined && properties.kind !== 'JsonObject')) {
      this.context.report(messages.invalidAgent(schema.range, { reason: 'A tool\'s schema is the JSON schema of an object: "type": "object", its parameters under "properties".' }));
    }
    walk(schema, (node) => {
      if (node.kind === 'String' && node.parts.some((part) => part.kind === 'Interpolation')) {
        this.context.report(messages.invalidAgent(node.range, { reason: 'A schema is written as it is: write \\$ for a $, not ${…}.' }));
      }
    });
    return new Set(properties?.kind === 'JsonObject' ? properties.members.map((m) => m.key.value ?? '') : []);
  }

  /** `raw action "NAME" { JSON }`: a named object with a `type`, its strings literal. */
  private rawAction(step: RawActionStep): void {
    const name = step.name.value ?? '';
    if (name.trim() === '') {
      this.context.report(messages.invalidRawAction(step.name.range, { reason: 'A raw action needs its name: the key of the action in the workflow.' }));
    } else if (!checkActionName(name, step.name.range, 'raw', this.context.report)) {
      // Reported; still claimed below so that its duplicates are found.
      this.claimActionName(name);
    } else if (!this.claimActionName(name)) {
      this.context.report(messages.invalidRawAction(step.name.range, { reason: `Another action of this flow is named '${name}'; action names are unique in a workflow.` }));
    }
    const type = step.body.members.find((member) => member.key.value === 'type');
    if (!type || type.value.kind !== 'String') {
      this.context.report(messages.invalidRawAction(step.body.range, { reason: 'A raw action is an action\'s JSON: an object with a "type" string.' }));
    }
    walk(step.body, (node) => {
      if (node.kind === 'String' && node.parts.some((part) => part.kind === 'Interpolation')) {
        this.context.report(messages.invalidRawAction(node.range, { reason: 'The strings of a raw action are kept as they are: write \\$ for a $, not ${…}.' }));
      }
    });
    this.context.report(messages.rawAction(step.name.range, { name }));
    // A raw variable action that writes a var of the flow puts there what Jig cannot see.
    for (const written of rawVariableWrites(step)) {
      const symbol = this.renamedVariablesByFlow.get(this.context.flow)?.get(written.toLowerCase()) ?? this.context.binder.lookup(written);
      if (symbol?.kind === 'var') this.context.bindings.push({ symbol, value: step.name, kind: 'unknown', step });
    }
  }

  private query(query: QueryOperation): Type {
    if (query.source.store.name === 'blob') return this.blobRead(query);
    if (query.name) {
      this.context.report(messages.invalidQuery(query.name.range, { reason: "'name' reads one blob: only blob(…) takes it; a query of cosmos(…) filters with 'where'." }));
    }
    if (query.source.store.name !== 'cosmos') {
      this.context.report(messages.invalidTarget(query.source.store.range, { reason: `Only cosmos(…) can be queried, not '${query.source.store.name}'.`, suggestion: 'cosmos' }));
    } else this.storeTarget(query.source);
    let type: Type = arrayOf(ANY);
    if (!query.returns) {
      this.context.report(messages.invalidQuery(query.range, { reason: "A query needs the type of its documents: add 'returns TYPE[]'." }));
    } else {
      const returns = resolveTypeRef(this.context, query.returns);
      if (returns.kind === 'array' && (returns.element.kind === 'record' || isUnknown(returns.element))) type = returns;
      else if (returns.kind !== 'error') {
        this.context.report(messages.invalidQuery(query.returns.range, { reason: `A query returns an array of records ('returns T[]'), not '${typeToString(returns)}'.` }));
        type = returns.kind === 'record' ? arrayOf(returns) : arrayOf(ERROR);
      } else type = arrayOf(ERROR);
    }
    // The filter's `item` reads the documents, so it carries the query's categories.
    this.context.setType(query, type);
    if (query.where) {
      const where = query.where;
      this.expressions.withItem(type.kind === 'array' ? type.element : ERROR, query, where.range, () => this.expressions.checkCondition(where, 'a query'));
    }
    return type;
  }

  /** `query blob("ACCOUNT", "CONTAINER") name EXPR returns T`: one blob's content, of type T. */
  private blobRead(query: QueryOperation): Type {
    this.storeTarget(query.source);
    if (query.name) this.expressions.checkSink(query.name, STRING, "The name of a blob", 'a blob read');
    else this.context.report(messages.invalidQuery(query.range, { reason: "A blob is read by its name: add 'name EXPR'." }));
    if (query.where) {
      this.context.report(messages.invalidQuery(query.where.range, { reason: "A blob is read whole by its name; 'where' filters the documents of cosmos(…)." }));
    }
    let type: Type = ANY;
    if (!query.returns) {
      this.context.report(messages.invalidQuery(query.range, { reason: "A blob read needs the type of its content: add 'returns TYPE'." }));
    } else {
      type = resolveTypeRef(this.context, query.returns);
      if (type.kind !== 'record' && !isUnknown(type) && type.kind !== 'error') {
        this.context.report(messages.invalidQuery(query.returns.range, { reason: `A blob's content is read as a record ('returns T'), not '${typeToString(type)}'.` }));
      }
    }
    this.context.setType(query, type);
    return type;
  }

  private aggregate(aggregate: AggregateOperation): Type {
    const source = this.expressions.infer(aggregate.source);
    const element = stripOptional(this.expressions.elementOf(source, aggregate.source.range, "'aggregate'"));
    const record = element.kind === 'record' ? element : undefined;
    if (!record && !isUnknown(element)) {
      this.context.report(messages.invalidQuery(aggregate.source.range, { reason: `'aggregate' groups records, but the elements are '${typeToString(element)}'.` }));
    }
    const fieldOf = (identifier: Identifier): RecordFieldType | undefined =>
      record ? this.expressions.field(record, identifier) : undefined;
    const row = new Map<string, RecordFieldType>();
    const by = fieldOf(aggregate.by);
    row.set(aggregate.by.name, { name: aggregate.by.name, type: by?.type ?? ERROR, categories: [] });
    for (const output of aggregate.outputs) {
      const type = this.aggregateOutput(output, fieldOf);
      if (row.has(output.name.name)) {
        this.context.report(messages.duplicateField(output.name.range, { name: output.name.name }));
        continue;
      }
      const field: RecordFieldType = { name: output.name.name, type, categories: [] };
      row.set(output.name.name, field);
      this.context.binder.link(output.name, this.context.fieldSymbol(field));
    }
    return arrayOf({ kind: 'record', fields: row });
  }

  private aggregateOutput(
    output: AggregateOperation['outputs'][number],
    fieldOf: (identifier: Identifier) => RecordFieldType | undefined,
  ): Type {
    const fn = output.fn.name;
    if (!AGGREGATE_FUNCTIONS.includes(fn)) {
      const suggestion = suggest(fn, AGGREGATE_FUNCTIONS);
      this.context.report(
        messages.invalidQuery(output.fn.range, { reason: `'${fn}' is not an aggregate function; use count(), sum(FIELD), avg(FIELD), min(FIELD) or max(FIELD).${suggestion ? ` Did you mean '${suggestion}'?` : ''}` }),
      );
      return ERROR;
    }
    if (fn === 'count') {
      if (output.field) this.context.report(messages.invalidQuery(output.field.range, { reason: 'count() counts the records of a group and takes no field.' }));
      return INTEGER;
    }
    if (!output.field) {
      this.context.report(messages.invalidQuery(output.fn.range, { reason: `${fn}(FIELD) needs the field to aggregate.` }));
      return ERROR;
    }
    const field = fieldOf(output.field);
    if (!field) return ERROR;
    const type = stripOptional(field.type);
    const numeric = isNumeric(type);
    const ordered = numeric || isAssignable(type, DATETIME);
    if (isUnknown(type)) return type;
    if ((fn === 'sum' || fn === 'avg') && !numeric) {
      this.context.report(messages.invalidQuery(output.field.range, { reason: `${fn}() needs a numeric field, but '${field.name}' is '${typeToString(field.type)}'.` }));
      return ERROR;
    }
    if (!ordered) {
      this.context.report(messages.invalidQuery(output.field.range, { reason: `${fn}() needs a numeric or datetime field, but '${field.name}' is '${typeToString(field.type)}'.` }));
      return ERROR;
    }
    return fn === 'avg' ? NUMBER : type;
  }

  /**
   * `call service "KEY" "PROVIDER" "OPERATION" [body …]`: the connection's name, the provider and
   * the operation are fixed names (the service's serviceProviderConfiguration); the body, the
   * operation's parameters, is a record; no queries or headers.
   */
  private serviceCall(call: HttpCall): void {
    const fixed: [Expression | undefined, RegExp, string][] = [
      [call.connector, CONNECTION_KEY, "a connection's name: 1 to 80 letters, digits, '_', '-', '.' and '#'"],
      [call.service, SERVICE_NAME, "a built-in service provider's name (azureTables for /serviceProviders/azureTables)"],
      [call.url, SERVICE_NAME, "an operation's id (as getEntity)"],
    ];
    for (const [literal, pattern, what] of fixed) {
      if (!literal || literal.range.end === literal.range.start) continue;
      const text = literal.kind === 'String' ? literal.value : undefined;
      if (text === undefined || !pattern.test(text)) this.context.report(messages.invalidTarget(literal.range, { reason: `It is not ${what}, written as a plain string.` }));
    }
    for (const clause of [...(call.queries ?? []), ...(call.headers ?? [])].slice(0, 1)) {
      this.context.report(messages.invalidTarget(clause.range, { reason: 'A call service sends its parameters as its body: it has no queries or headers.' }));
    }
    if (call.body && !isUnknown(this.expressions.infer(call.body)) && stripOptional(this.expressions.infer(call.body)).kind !== 'record') {
      this.context.report(messages.invalidTarget(call.body.range, { reason: "The body of call service is the operation's parameters: a record." }));
    }
  }

  /**
   * `call api METHOD ID "PATH" [key SECRET]`: the API's resource id is text; the path a plain string
   * that starts with '/', without `{…}` template parameters (Jig writes the path template's
   * parameters empty); the subscription key a credential, a secret param (connectors/api-management.ts).
   */
  private apiCall(call: HttpCall, path: StringLiteral): void {
    this.expressions.checkSink(call.url, STRING, 'The resource id of call api', 'an API id');
    const text = path.value;
    if (path.range.end > path.range.start && (text === undefined || !text.startsWith('/') || /[{}]/.test(text))) {
      this.context.report(messages.invalidTarget(path.range, { reason: "The path of call api is a plain string that starts with '/' (the operation's path on the API), without {…} parameters." }));
    }
    if (call.subscriptionKey) {
      const key = this.expressions.infer(call.subscriptionKey);
      if (key.kind !== 'secret' && !isUnknown(key)) {
        this.context.report(messages.invalidTarget(call.subscriptionKey.range, { reason: "A call api's key is a credential: a 'secret' param (param NAME: secret), never written in the workflow as text." }));
      }
    }
  }

  private httpCall(call: HttpCall): Type {
    const method = call.method?.name ?? '';
    // `webhook` is a connector operation that subscribes and waits for the connector to call back
    // (an ApiConnectionWebhook action, README "call connector"): no HTTP method of its own.
    if (call.method && !HTTP_METHODS.includes(method) && !(method === WEBHOOK_METHOD && call.connector && !call.service)) {
      this.context.report(messages.invalidTarget(call.method.range, { reason: `'${method}' is not an HTTP method.`, suggestion: suggest(method, HTTP_METHODS) }));
    }
    if (call.service) this.serviceCall(call);
    else if (call.connector) {
      const key = call.connector.value ?? '';
      // The key is written into `@parameters('$connections')['KEY']` and a Standard app's connections.json.
      // An empty range is the parser's stand-in for a missing key, reported as such.
      if (!CONNECTION_KEY.test(key) && call.connector.range.end > call.connector.range.start) {
        this.context.report(messages.invalidTarget(call.connector.range, { reason: `'${key}' is not a connection's name: it is 1 to 80 letters, digits, '_', '-', '.' and '#'.` }));
      }
      if (method === 'head' && call.method) this.context.report(messages.invalidTarget(call.method.range, { reason: "A connector's operation is get, post, put, patch, delete or webhook." }));
      // The service takes a path on the connector's API: one that starts with '/'.
      const first = call.url.kind === 'String' ? call.url.parts[0] : undefined;
      if (call.url.kind !== 'String' || (first?.kind === 'Text' ? !first.text.startsWith('/') : true)) {
        this.context.report(messages.invalidTarget(call.url.range, { reason: "The path of call connector is a string that starts with '/' (the operation's path on the connector's API)." }));
      }
      this.expressions.checkSink(call.url, STRING, 'The path of call connector', 'a path');
    } else if (call.azureFunction) {
      // The Function action calls GET, PUT, POST, PATCH or DELETE (the WDL reference, "Function action").
      if (method === 'head' && call.method) this.context.report(messages.invalidTarget(call.method.range, { reason: 'An Azure function is called with get, post, put, patch or delete.' }));
      this.expressions.checkSink(call.url, STRING, 'The resource id of call function', 'a function id');
    } else if (call.apiPath) {
      this.apiCall(call, call.apiPath);
    } else if (call.workflow) {
      this.expressions.checkSink(call.url, STRING, 'The resource id of call workflow', 'a workflow id');
      if (call.triggerName && !(call.triggerName.value !== undefined && isWrittenName(call.triggerName.value))) {
        this.context.report(messages.invalidTarget(call.triggerName.range, { reason: "It is not a trigger's name Jig writes: a plain string of the characters an action's name may hold (see @action), at most 80." }));
      }
      for (const query of (call.queries ?? []).slice(0, 1)) {
        this.context.report(messages.invalidTarget(query.range, { reason: 'A call workflow sends headers and a body to the trigger it starts, no queries.' }));
      }
    } else {
      this.expressions.checkSink(call.url, STRING, 'The URL of call http', 'a URL');
    }
    const queryNames = new Set<string>();
    for (const query of call.queries ?? []) {
      const name = writtenName(query) ?? '';
      if (queryNames.has(name)) this.context.report(messages.duplicateField(query.name.range, { name }));
      queryNames.add(name);
      // A query parameter travels in the URL, which run history and logs show: no secret.
      const type = this.expressions.infer(query.value);
      if (!QUERY_TYPES.some((allowed) => isAssignable(type, allowed))) {
        this.context.report(messages.typeMismatch(query.value.range, { found: `'${typeToString(type)}'`, expected: "'string', 'number' or 'boolean'", context: 'A query parameter' }));
      }
    }
    const headerNames = new Set<string>();
    for (const header of call.headers ?? []) {
      // HTTP header names are case-insensitive: `Accept` and `accept` are one header.
      const name = (writtenName(header) ?? '').toLowerCase();
      if (headerNames.has(name)) this.context.report(messages.duplicateField(header.name.range, { name }));
      headerNames.add(name);
      // A header is where a secret belongs (an API key), so it is the one place a secret fits a string.
      // A connector's or a workflow's headers are its operation's parameters, which the designer
      // writes as JSON (Blob's `ReadFileMetadataFromServer: true`): a number or a boolean goes as its text.
      const type = this.expressions.infer(header.value);
      const scalar = call.connector !== undefined || call.workflow !== undefined;
      if (type.kind !== 'secret' && !(scalar ? QUERY_TYPES : [STRING]).some((allowed) => isAssignable(type, allowed))) {
        this.context.report(messages.typeMismatch(header.value.range, { found: `'${typeToString(type)}'`, expected: scalar ? "'string', 'number', 'boolean' or 'secret'" : "'string' or 'secret'", context: 'A header' }));
      }
    }
    if (call.auth) checkHttpAuth(call, call.auth, this.context, this.expressions, this.managedIdentity);
    if (call.body) this.expressions.infer(call.body);
    const type = call.returns ? resolveTypeRef(this.context, call.returns) : ANY;
    return this.context.setType(call, type);
  }

  /** A response's headers: text the caller receives (no secret), each name once, in any case. */
  private responseHeaders(headers: readonly HeaderEntry[]): void {
    const names = new Set<string>();
    for (const header of headers) {
      const name = (writtenName(header) ?? '').toLowerCase();
      if (names.has(name)) this.context.report(messages.duplicateField(header.name.range, { name }));
      names.add(name);
      this.expressions.checkSink(header.value, STRING, 'A response header', 'a response header');
    }
  }

  private flowCall(call: FlowCall): Type {
    const name = call.flow.name;
    const local = this.context.localFlows.get(name);
    const external = local ? undefined : this.context.flows?.resolve(name);
    const target = local ?? external;
    if (!target) {
      this.context.binder.reportUnknown(call.flow, [...this.context.localFlows.keys(), ...(this.context.flows?.names() ?? [])], messages.unknownFlow);
      if (call.argument) this.expressions.infer(call.argument);
      return this.context.setType(call, ERROR);
    }
    this.context.calledFlows.set(call.flow, target);
    const flowSymbol = this.context.binder.globals.get(name);
    if (local && flowSymbol?.kind === 'flow') this.context.binder.link(call.flow, flowSymbol);
    const hasRequestTrigger = local ? local.trigger?.kind === 'HttpTrigger' : external!.hasRequestTrigger;
    const input = local ? this.context.triggerBodyTypes.get(local) : external!.inputType;
    if (!hasRequestTrigger) {
      this.context.report(
        messages.invalidCall(call.flow.range, { reason: `The flow '${name}' has no 'trigger http', so it cannot be called; give it 'trigger http post body TYPE'.` }),
      );
      if (call.argument) this.expressions.infer(call.argument);
    } else if (call.argument) {
      // A child flow reads what it is passed as data (its trigger's outputs in its own run history,
      // untyped, free to store, send or answer), so a secret may not go there: the child names
      // the secret parameter itself.
      if (input) this.expressions.check(call.argument, input, `The flow '${name}'`);
      else this.expressions.checkSink(call.argument, undefined, `The flow '${name}'`, 'a child flow call');
      if (input && containsSecret(this.context.typeOf(call.argument))) {
        this.context.report(messages.secretLeak(call.argument.range, { sink: 'a child flow call' }));
      }
    } else if (input && hasRequiredFields(input)) {
      this.context.report(messages.invalidCall(call.range, { reason: `The flow '${name}' expects a body of type '${typeToString(input)}': add 'with { … }'.` }));
    }
    return this.context.setType(call, ANY);
  }

  private switchStep(step: SwitchStep): void {
    const subject = stripOptional(this.expressions.infer(step.subject));
    // A Logic Apps Switch compares strings or integers only (a datetime would compare as text).
    const kind = isUnknown(subject) ? undefined : subject.kind === 'primitive' && (subject.name === 'integer' || subject.name === 'string') ? subject.name : 'invalid';
    if (kind === 'invalid') {
      this.context.report(messages.invalidSwitchCase(step.subject.range, { reason: `A switch compares a string or an integer, not '${typeToString(subject)}'; use if … else if … instead.` }));
    }
    const seen = new Set<string>();
    for (const branch of step.cases) {
      const literal = branch.value;
      const caseKind = literal.kind === 'String' ? 'string' : literal.kind === 'Number' && literal.isInteger ? 'integer' : literal.kind === 'Number' ? 'number' : 'boolean';
      const text = literal.kind === 'String' ? JSON.stringify(literal.value ?? '') : literal.kind === 'Number' ? literal.text : String(literal.value);
      if (literal.kind === 'String' && literal.value === undefined) {
        this.context.report(messages.invalidSwitchCase(literal.range, { reason: 'A case is a constant: write it without ${…}.' }));
      } else if (literal.kind === 'String' && readsAsExpression(literal.value ?? '')) {
        // A Switch case must be a static value (Microsoft: "cases must contain a unique and static
        // value instead of dynamic tokens or expressions"), and the service reads a leading `@` or an
        // `@{` as one: no JSON text says this case for certain, so Jig writes none.
        this.context.report(
          messages.invalidSwitchCase(literal.range, {
            reason: `The case ${text} starts with '@' or holds '@{', which Logic Apps reads as an expression where a Switch case must be a static value; write if … == ${text} instead.`,
          }),
        );
      } else if (kind && kind !== 'invalid' && caseKind !== kind) {
        this.context.report(messages.invalidSwitchCase(literal.range, { reason: `The case ${text} is ${article(caseKind)} but the switch compares ${article(kind)}.` }));
      }
      if (seen.has(text)) this.context.report(messages.invalidSwitchCase(literal.range, { reason: `The case ${text} appears twice; the second can never run.` }));
      seen.add(text);
      this.checkBlock(branch.body);
    }
    if (step.default) this.checkBlock(step.default);
  }
}

/** Text that a JSON string of a workflow holds as an expression unless escaped: a leading `@`, or an `@{`. */
function readsAsExpression(text: string): boolean {
  return text.startsWith('@') || text.includes('@{');
}
