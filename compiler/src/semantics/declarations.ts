/**
 * File-level declarations: record types (all declared before any is filled, so types may refer to
 * each other in any order and recursively), params, flows and their triggers, and how a written
 * type (`Invoice[]`, `string?`) resolves.
 */
import type { FieldDecl, FlowDecl, HttpCall, Identifier, JigFile, ParamDecl, Trigger, TypeDecl, TypeRef } from '../syntax/tree.js';
import { suggest } from '../util/suggest.js';
import * as messages from '../diagnostics/catalogue/semantics.js';
import * as emitMessages from '../diagnostics/catalogue/emit.js';
import { flowNameKey, flowNameProblem } from './flow-names.js';
import type { RecordFieldType, RecordType, Type } from './types.js';
import { ANY, ERROR, SECRET, arrayOf, optionalOf, typeToString } from './types.js';
import { Binder, type MutableSymbol } from './binder.js';
import type { AnalysisContext } from './context.js';
import { PRIMITIVES } from './relations.js';
import { mailType, triggerType } from './builtin-types.js';
import { ALL_UNITS, resolveDuration } from './durations.js';
import type { ExpressionChecker } from './expressions.js';
import { checkActionName, parameterName, readFieldAnnotations, readParamAnnotations } from './annotations.js';
import { MESSAGE_SOURCES, checkTarget } from './targets.js';

const BUILT_IN_TYPE_NAMES = new Set([...PRIMITIVES.keys(), 'secret', 'any', 'Mail']);
/** The methods of `call http` and of an HTTP trigger. */
export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head'];

/** Whether a `call http` writes what it sends (post, put, patch): a service may keep it. */
export function writesWhatItSends(call: HttpCall): boolean {
  return WRITE_METHODS.has(call.method?.name ?? '');
}
const WRITE_METHODS: ReadonlySet<string> = new Set(['post', 'put', 'patch']);

/** Resolves a written type; `secret` only where `allowSecret` (params), `any` only where `allowAny` (a var, a typed let, a param). */
export function resolveTypeRef(context: AnalysisContext, ref: TypeRef, allowSecret = false, allowAny = false): Type {
  switch (ref.kind) {
    case 'ArrayType':
      return arrayOf(resolveTypeRef(context, ref.element, false, allowAny));
    case 'OptionalType':
      return optionalOf(resolveTypeRef(context, ref.inner, false, allowAny));
    case 'NamedType': {
      const name = ref.name.name;
      const primitive = PRIMITIVES.get(name);
      if (primitive) return primitive;
      // A value of no known type, as an untyped body or call result is.
      if (name === 'any') {
        if (allowAny) return ANY;
        context.report(messages.anyOutsideValue(ref.range, {}));
        return ERROR;
      }
      if (name === 'secret') {
        if (allowSecret) return SECRET;
        context.report(messages.secretOutsideParam(ref.range, {}));
        return ERROR;
      }
      const record = context.types.get(name);
      if (record) {
        const symbol = context.typeSymbols.get(name);
        if (symbol) context.binder.link(ref.name, symbol);
        return record;
      }
      if (name === '') return ERROR; // the parser already reported the missing type
      context.binder.reportUnknown(ref.name, [...PRIMITIVES.keys(), ...context.types.keys()], messages.unknownType);
      return ERROR;
    }
  }
}

/** The innermost type under arrays and optionals (`Invoice[]?` → `Invoice`). */
function elementaryType(type: Type): Type {
  if (type.kind === 'array') return elementaryType(type.element);
  if (type.kind === 'optional') return elementaryType(type.inner);
  return type;
}

/** Registers a record type, its fields still empty: types may refer to any other, in any order. */
function declareType(context: AnalysisContext, declaration: TypeDecl): Map<string, RecordFieldType> | undefined {
  const name = declaration.name.name;
  if (BUILT_IN_TYPE_NAMES.has(name)) {
    context.report(messages.duplicateDeclaration(declaration.name.range, { name, kind: 'built-in type' }));
    return undefined;
  }
  const fields = new Map<string, RecordFieldType>();
  const record: RecordType = { kind: 'record', name, fields, declaration };
  const symbol = Binder.symbol({ kind: 'type', name, declaration: declaration.name, declaringNode: declaration, type: record, doc: declaration.doc?.text });
  // Types are only ever named in type positions, so a type still resolves when a param or flow shares its name.
  if (!context.types.has(name)) {
    context.types.set(name, record);
    context.typeSymbols.set(name, symbol);
  }
  context.binder.declareGlobal(symbol);
  return fields;
}

function fillType(context: AnalysisContext, declaration: TypeDecl, fields: Map<string, RecordFieldType>): void {
  for (const field of declaration.fields) {
    if (fields.has(field.name.name)) {
      context.report(messages.duplicateField(field.name.range, { name: field.name.name }));
      continue;
    }
    const fieldType = readField(context, field);
    fields.set(field.name.name, fieldType);
    context.binder.link(field.name, context.fieldSymbol(fieldType));
  }
}

/** Categories a field's name suggests, then the generic business ones. */
function likelyCategories(name: string): string[] {
  const guesses: string[] = [];
  if (/mail|phone|mobile|address/i.test(name)) guesses.push('personal.contact');
  if (/name/i.test(name)) guesses.push('personal.name');
  return [...guesses, 'business.transaction', 'business.other'];
}

function readField(context: AnalysisContext, field: FieldDecl): RecordFieldType {
  const written = resolveTypeRef(context, field.type);
  // `NAME?: T` reads as `NAME: T?`; `NAME?: T?` is `NAME: T?`, a field that may also be null.
  const neverNull = field.optionalMark !== undefined && written.kind !== 'optional';
  const type = field.optionalMark ? optionalOf(written) : written;
  const elementary = elementaryType(type);
  let categories = field.categories.map((category) => category.text);
  if (elementary.kind === 'primitive' && categories.length === 0) {
    // A field jig import wrote has no category yet: offer the likeliest, the author chooses.
    const fixes = likelyCategories(field.name.name).map((category) => ({
      title: `Add @${category}`,
      edits: [{ range: { start: field.type.range.end, end: field.type.range.end }, newText: ` @${category}` }],
    }));
    context.report(messages.fieldWithoutCategory(field.name.range, { name: field.name.name, type: typeToString(type) }, { fixes }));
  } else if (elementary.kind === 'record' && categories.length > 0) {
    const first = field.categories[0]!.range;
    const last = field.categories[field.categories.length - 1]!.range;
    context.report(messages.categoryOnRecordField({ start: first.start, end: last.end }, { name: field.name.name, type: typeToString(elementary) }));
    categories = [];
  }
  let { subject } = field.annotations.length > 0 ? readFieldAnnotations(field, context.report) : {};
  // A key is one value to match a request against: a string or a number, not a record or a list.
  if (subject && elementary.kind !== 'primitive') {
    context.report(messages.misplacedAnnotation(subject.range, { name: 'subject', place: `a field of type '${typeToString(type)}'`, allowed: 'a field of a primitive type (string, integer…)' }));
    subject = undefined;
  } else if (subject && type.kind === 'array') {
    context.report(messages.misplacedAnnotation(subject.range, { name: 'subject', place: `a field of type '${typeToString(type)}'`, allowed: 'a field holding one value, not a list' }));
    subject = undefined;
  }
  return { name: field.name.name, type, categories, declaration: field, doc: field.doc?.text, ...(subject && { subject: subject.kind }), ...(neverNull && { neverNull }) };
}

/** Two params that become one workflow parameter (`@name("x")` and `x`, ignoring case, as `parameters()` reads them). */
function checkParameterNames(context: AnalysisContext, params: readonly ParamDecl[]): void {
  const first = new Map<string, ParamDecl>();
  for (const param of params) {
    const name = parameterName(param);
    const earlier = first.get(name.toLowerCase());
    if (!earlier) {
      first.set(name.toLowerCase(), param);
      continue;
    }
    // Two params of one Jig name are JIG2002 already.
    if (earlier.name.name === param.name.name) continue;
    context.report(
      messages.duplicateParameterName(param.name.range, { name, other: earlier.name.name }, { related: [{ message: `'${earlier.name.name}' is the workflow parameter '${parameterName(earlier)}'`, range: earlier.name.range }] }),
    );
  }
}

function checkParam(context: AnalysisContext, expressions: ExpressionChecker, param: ParamDecl, symbol: MutableSymbol): void {
  readParamAnnotations(param, context.report);
  // `any` (an imported Array or Object parameter): the policy reads a param by where its value
  // comes from, not by its type (a default is a constant; a deploy-time value every category).
  const type = resolveTypeRef(context, param.type, true, true);
  symbol.type = type;
  if (!param.defaultValue) return;
  if (type.kind === 'secret') {
    context.report(messages.secretDefault(param.defaultValue.range, {}));
    expressions.infer(param.defaultValue);
  } else {
    expressions.check(param.defaultValue, type, `The default value of param '${param.name.name}'`);
  }
}

/** The type of `trigger.body`, checking the trigger's own parts. */
function readTrigger(context: AnalysisContext, flow: FlowDecl, trigger: Trigger | undefined): Type | undefined {
  if (!trigger) {
    context.report(
      messages.invalidTrigger(flow.name.range, {
        reason: `The flow '${flow.name.name}' has no trigger; start it with 'trigger http post body TYPE', 'trigger schedule every N UNIT' or 'trigger mail office365 folder "NAME"'.`,
      }),
    );
    return undefined;
  }
  switch (trigger.kind) {
    case 'RawTrigger': {
      // Its outputs are unknown: what reads them may hold any category the flow declares.
      const type = trigger.body.members.find((member) => member.key.value === 'type');
      if (!type || type.value.kind !== 'String') {
        context.report(messages.invalidRawAction(trigger.body.range, { reason: 'A raw trigger is a trigger\'s JSON: an object with a "type" string.' }));
      }
      const name = trigger.name.value ?? '';
      if (name.trim() !== '') checkActionName(name, trigger.name.range, 'trigger', context.report);
      context.report(messages.rawTrigger(trigger.name.range, { name }));
      return ANY;
    }
    case 'HttpTrigger':
      if (trigger.method !== '' && !HTTP_METHODS.includes(trigger.method)) {
        context.report(messages.invalidTarget(trigger.range, { reason: `'${trigger.method}' is not an HTTP method.` }));
      }
      return trigger.bodyType ? resolveTypeRef(context, trigger.bodyType) : ANY;
    case 'MailTrigger':
      if (trigger.connector.name !== 'office365') {
        context.report(
          messages.invalidTarget(trigger.connector.range, { reason: `'${trigger.connector.name}' is not a mail connector; use 'office365'.`, suggestion: 'office365' }),
        );
      }
      return context.types.get('Mail');
    case 'MessageTrigger':
      checkTarget(context, trigger.source, MESSAGE_SOURCES, 'a message queue, topic subscription, SharePoint list or Event Grid source');
      // Without a type the content (the item, the event's data) is unknown: what reads it may hold any category the flow declares.
      return trigger.bodyType ? resolveTypeRef(context, trigger.bodyType) : ANY;
    case 'ChatTrigger':
      // What a chat's messages hold is unknown: what reads them (the agents, trigger.body) may hold
      // any category the flow declares. A data-subject request flow answers only that the request
      // came (rule 3), which the agents' answers to the chat, the model's to say, cannot promise.
      for (const annotation of flow.annotations) {
        if (annotation.name.name === 'rights') context.report(messages.invalidTrigger(trigger.range, { reason: "A chat's agents answer whatever their model says, so a flow with @rights, which may answer only that the request came, cannot start with a chat." }));
      }
      return ANY;
    case 'ScheduleTrigger': {
      const checked = resolveDuration(trigger.every, ALL_UNITS, 'a schedule');
      if ('problem' in checked) context.report(messages.invalidDuration(checked.range, { reason: checked.problem }));
      checkWeekDays(context, trigger.days);
      return undefined;
    }
  }
}

const WEEK_DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The days of `every 1 week on …`: week days in lower case, each once. */
function checkWeekDays(context: AnalysisContext, days: readonly Identifier[]): void {
  const seen = new Set<string>();
  for (const day of days) {
    if (!WEEK_DAYS.includes(day.name)) {
      const suggestion = suggest(day.name.toLowerCase(), WEEK_DAYS);
      context.report(
        messages.invalidTrigger(day.range, { reason: `'${day.name}' is not a week day; write monday, tuesday, wednesday, thursday, friday, saturday or sunday.` }, {
          ...(suggestion && { fixes: [{ title: `Change to '${suggestion}'`, edits: [{ range: day.range, newText: suggestion }], isPreferred: true }] }),
        }),
      );
    } else if (seen.has(day.name)) {
      context.report(messages.invalidTrigger(day.range, { reason: `'${day.name}' is written twice.` }));
    }
    seen.add(day.name);
  }
}

/**
 * Each flow's name as a workflow's (flow-names.ts): not too long, not reserved, and not another
 * flow's of the file in another case (across files, the project's JIG5004 compares the same way).
 */
function checkFlowNames(context: AnalysisContext, flows: readonly FlowDecl[]): void {
  const byKey = new Map<string, FlowDecl>();
  for (const flow of flows) {
    const name = flow.name.name;
    const problem = flowNameProblem(name);
    if (problem) context.report(emitMessages.flowNameNotAllowed(flow.name.range, { name, reason: problem }));
    const key = flowNameKey(name);
    const first = byKey.get(key);
    if (!first) byKey.set(key, flow);
    else if (first.name.name !== name) {
      // The same name exactly is the binder's duplicate declaration.
      context.report(
        emitMessages.flowNameNotAllowed(
          flow.name.range,
          { name, reason: `its name differs from the flow '${first.name.name}' only in case, which Azure and the Windows and macOS file systems ignore` },
          { related: [{ message: `'${first.name.name}' is declared here`, range: first.name.range }] },
        ),
      );
    }
  }
}

/** The type of the `trigger` name in a flow. */
export function triggerTypeOf(flow: FlowDecl, body: Type | undefined): Type {
  if (!flow.trigger) return ERROR;
  return triggerType(body, TRIGGER_TYPE_KINDS[flow.trigger.kind]);
}

const TRIGGER_TYPE_KINDS = {
  HttpTrigger: 'http',
  RawTrigger: 'http',
  MailTrigger: 'mail',
  MessageTrigger: 'message',
  ScheduleTrigger: 'schedule',
  ChatTrigger: 'http',
} as const satisfies Record<Trigger['kind'], Parameters<typeof triggerType>[1]>;

/**
 * Declares every type, param and flow of the file in source order (so that a duplicate is
 * reported at the later one), then fills in types, param types and defaults, and triggers.
 */
export function declareFile(context: AnalysisContext, expressions: ExpressionChecker, file: JigFile): void {
  const mail = mailType(context.policy);
  context.types.set('Mail', mail);
  context.typeSymbols.set('Mail', Binder.symbol({ kind: 'type', name: 'Mail', type: mail, doc: 'A mail of the Office 365 mailbox (`trigger mail office365`).' }));
  const types: [TypeDecl, Map<string, RecordFieldType>][] = [];
  const params: [ParamDecl, MutableSymbol][] = [];
  const flows: FlowDecl[] = [];
  for (const declaration of file.declarations) {
    switch (declaration.kind) {
      case 'TypeDecl': {
        const fields = declareType(context, declaration);
        if (fields) types.push([declaration, fields]);
        break;
      }
      case 'Param': {
        // The type is resolved once every record type is known.
        const symbol = Binder.symbol({ kind: 'param', name: declaration.name.name, declaration: declaration.name, declaringNode: declaration, type: ERROR, doc: declaration.doc?.text });
        context.binder.declareGlobal(symbol);
        params.push([declaration, symbol]);
        break;
      }
      case 'Flow': {
        const symbol = Binder.symbol({ kind: 'flow', name: declaration.name.name, declaration: declaration.name, declaringNode: declaration, type: ANY, doc: declaration.doc?.text });
        if (!context.binder.globals.has(declaration.name.name)) context.localFlows.set(declaration.name.name, declaration);
        context.binder.declareGlobal(symbol);
        flows.push(declaration);
        break;
      }
    }
  }
  for (const [declaration, fields] of types) fillType(context, declaration, fields);
  for (const [declaration, symbol] of params) checkParam(context, expressions, declaration, symbol);
  checkParameterNames(context, params.map(([declaration]) => declaration));
  checkFlowNames(context, flows);
  for (const flow of flows) context.triggerBodyTypes.set(flow, readTrigger(context, flow, flow.trigger));
}
