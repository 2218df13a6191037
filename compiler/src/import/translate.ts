/**
 * One workflow definition → the text of a `.jig` file.
 *
 * Translated: the definition's parameters of a simple type (Array and Object ones as `any[]`, `any`), a Request trigger (its method, its
 * schema as record types, or written out where they cannot say it) and a Recurrence trigger (frequency, interval, week days, hours and
 * minutes, time zone); any other trigger is kept as `trigger raw` with its JSON. Actions are
 * written in Jig where they have a faithful form (actions.ts), under their own names; the others
 * are kept as `raw action` with their JSON, their `runAfter` included, so that the rebuilt
 * definition runs as the original; the summary counts them. A workflow without exactly one
 * trigger is not imported, and says why.
 *
 * What the JSON cannot tell is left out, so that `jig check` asks for it with its own
 * diagnostics: each field's data category (JIG2009), the flow's `@purpose`, `@data` and `@retain`
 * (JIG3001-3003), and whether the answer of an authenticated call to a URL known only at run time
 * holds a secret (`@declassify(secret, "jig import's assumption, to confirm: …")`, JIG3017). A
 * comment above the flow lists them. With `stub`, those holes are filled with placeholders instead
 * (`@system.operational`, automation, one year, the declassification confirmed), for the parity
 * check only: data about no one, so that raw actions, which may send anything the flow declares,
 * can be built.
 */
import { camelName, jigIdentifier, jsonText, Names, stringLiteral } from './jig-text.js';
import { TypeCollector } from './schemas.js';
import { countActions, translateActions, type KeepRaw, type RawAction } from './actions.js';
import { flowNameProblem, WORKFLOW_NAME_LIMIT } from '../semantics/flow-names.js';
import { isObject, readTemplate, type ExpressionNode, type JsonObject } from './wdl.js';
import { isArmExpression, undeclaredParameters } from './parity.js';
import { SCHEDULE_ANCHOR } from '../emit/triggers.js';
import { IMPORT_ASSUMPTION } from '../semantics/categories.js';

export interface Translation {
  /** The `.jig` text; undefined when the workflow cannot be imported. */
  readonly text?: string;
  /** Why it could not be imported. */
  readonly problem?: string;
  /** What the author must write before `jig check` passes. */
  readonly holes: readonly string[];
  /** The actions kept as `raw action`, by name (top level; nested actions stay inside them). */
  readonly rawActions: readonly string[];
  /** Every action kept raw where a Jig step could stand, at any depth, with why. */
  readonly raw: readonly RawAction[];
  /** The trigger kept as `trigger raw`, by name. */
  readonly rawTrigger?: string;
  /** The path of each action written in Jig, by its name in lower case. */
  readonly writtenActions?: ReadonlyMap<string, string>;
  /** Every action of the definition, at any depth. */
  readonly actionCount: number;
  /** Those expressed in Jig rather than kept inside a raw action. */
  readonly expressedCount: number;
  /** Definition parameters left out (a type Jig has no parameter for). */
  readonly droppedParameters: readonly string[];
}

const STUB_CATEGORY = 'system.operational';

const PARAMETER_TYPES: Readonly<Record<string, string>> = {
  string: 'string',
  securestring: 'secret',
  int: 'integer',
  float: 'number',
  bool: 'boolean',
  // An Array or Object parameter is of no type its declaration says more of: its elements and
  // fields are read as unknown (a deploy-time value is every declared category to the policy).
  array: 'any[]',
  object: 'any',
};

const RECURRENCE_UNITS: Readonly<Record<string, string>> = {
  second: 'seconds',
  minute: 'minutes',
  hour: 'hours',
  day: 'days',
  week: 'weeks',
  month: 'months',
};

const WEEK_DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export interface TranslateOptions {
  /** Fill the holes with placeholders (for the parity check). */
  readonly stub?: boolean;
  /** The file the workflow came from, for the header comment. */
  readonly origin?: string;
  /** Actions to keep raw even when Jig has words for them (by path, with why), or all of them. */
  readonly keepRaw?: KeepRaw;
  /** Write every schema out (`schema { … }`) instead of as Jig types, the values untyped. */
  readonly untyped?: boolean;
  /** Holes the rebuild found besides those the JSON leaves (a URL the policy refuses). */
  readonly holes?: readonly string[];
  /**
   * The actions, by name in lower case, whose answer the JSON cannot say is no secret (an
   * authenticated call to a URL known only at run time, an operation through a connection Jig cannot
   * identify, index.ts): the `let` of each written in Jig
   * says it holds none, as the importer's assumption (a hole, JIG3017) or, in the stub, confirmed.
   */
  readonly noSecretAssumed?: ReadonlySet<string>;
}

/** The reason of the `@declassify(secret, …)` jig import writes where the JSON cannot say (semantics/categories.ts IMPORT_ASSUMPTION). */
const ASSUMED_NO_SECRET = `${IMPORT_ASSUMPTION} its URL is known only at run time`;
/** Its reason for an operation whose connection Jig cannot identify (connectors/credentials.ts connectionCredential). */
const ASSUMED_NO_SECRET_CONNECTION = `${IMPORT_ASSUMPTION} its connection is one Jig cannot identify`;
/** The stub's: the assumption confirmed, so that the parity check builds what the original does. */
const STUB_NO_SECRET = 'Placeholder of the parity check';

export function translateWorkflow(name: string, definition: JsonObject, options: TranslateOptions = {}): Translation {
  const stub = options.stub ?? false;
  const names = new Names();
  const flowName = names.take(workflowName(camelToSnake(camelName(name, 'imported_flow'))));
  const types = new TypeCollector(names);
  const holes: string[] = [];
  const lines: string[] = [];

  const actions = isObject(definition.actions) ? definition.actions : {};
  const actionCount = countActions(actions);

  const triggers = isObject(definition.triggers) ? Object.entries(definition.triggers) : [];
  if (triggers.length !== 1) {
    return notImported(triggers.length === 0 ? 'it has no trigger' : `it has ${triggers.length} triggers; a flow has one`, actionCount);
  }
  const [triggerName, trigger] = triggers[0]!;
  if (!isObject(trigger)) return notImported(`its trigger '${triggerName}' is not an object`, actionCount);
  // A trigger Jig has no words for is kept as its JSON.
  const triggerText = translateTrigger(trigger, types, flowName, options.untyped ?? false) ?? `trigger raw ${stringLiteral(triggerName)} ${indent(jsonText(trigger), '  ').trimStart()}`;
  const rawTrigger = triggerText.startsWith('trigger raw ');
  const type = typeof trigger.type === 'string' ? trigger.type.toLowerCase() : '';

  const { params, dropped } = translateParameters(definition.parameters, undeclaredParameters(definition), numbersRead(definition), names);
  // A raw chat trigger starts a chat too (syntax/tree.ts startsWithChat).
  const chat = type === 'request' && String(trigger.kind).toLowerCase() === 'agent';
  const translated = translateActions(chat ? startingAfterChat(actions, triggerName) : actions, {
    names,
    types,
    keepRaw: options.keepRaw ?? new Map(),
    untyped: options.untyped ?? false,
    // parameters('NAME') is written as the param's Jig name (its @name is NAME where they differ).
    parameters: new Map(params.map((param) => [param.parameterName, param.name])),
    ...(options.noSecretAssumed && {
      noSecretAssumed: { actions: options.noSecretAssumed, reason: stub ? STUB_NO_SECRET : ASSUMED_NO_SECRET, connectionReason: stub ? STUB_NO_SECRET : ASSUMED_NO_SECRET_CONNECTION },
    }),
  });

  if (options.origin) lines.push(`// Imported by jig import from ${options.origin}.`);
  for (const param of params) lines.push(param.text);
  if (params.length > 0) lines.push('');
  for (const declaration of types.declarations) {
    const text = stub ? declaration.text.replace(/^ {2}\w+\??: .+$/gm, (field) => addStubCategory(field)) : declaration.text;
    lines.push(text, '');
    if (!stub) holes.push(`the data category of each field of ${declaration.name}`);
  }
  if (stub) {
    lines.push(`@purpose(automation, "Imported")`, `@data(${STUB_CATEGORY})`, '@retain(1 year)');
  } else {
    holes.push(`the flow's @purpose, @data and @retain`, ...(options.holes ?? []));
    const assumed = translated.noSecretAssumed;
    if (assumed.length > 0) holes.push(`whether the answer of ${assumed.map((path) => `'${path}'`).join(', ')} holds a secret, which the JSON cannot say (JIG3017, @declassify(secret, …) to confirm)`);
    lines.push(`// To write: ${holes.join('; ')}.`);
  }
  lines.push(`flow ${flowName} {`, `  ${triggerText}`, ...translated.lines, '}', '');
  return {
    text: lines.join('\n'),
    holes,
    rawActions: translated.rawActions,
    raw: translated.raw,
    writtenActions: translated.written,
    ...(rawTrigger && { rawTrigger: triggerName }),
    actionCount,
    expressedCount: translated.expressedCount,
    droppedParameters: dropped,
  };
}

function notImported(problem: string, actionCount: number): Translation {
  return { problem, holes: [], rawActions: [], raw: [], actionCount, expressedCount: 0, droppedParameters: [] };
}

/** A field of a stub type gets the placeholder category (record-typed fields carry their own). */
function addStubCategory(field: string): string {
  const type = field.replace(/^ {2}\w+\??: /, '').replace(/[[\]?]/g, '');
  return /^[A-Z]/.test(type) ? field : `${field} @${STUB_CATEGORY}`;
}

// ---------------------------------------------------------------------------------------------
// Triggers

function translateTrigger(trigger: JsonObject, types: TypeCollector, flowName: string, untyped: boolean): string | undefined {
  const type = typeof trigger.type === 'string' ? trigger.type.toLowerCase() : '';
  const inputs = isObject(trigger.inputs) ? trigger.inputs : {};
  if (type === 'request' && (trigger.kind === undefined || String(trigger.kind).toLowerCase() === 'http')) {
    // An option `trigger http` does not write (splitOn, correlation, a relative path…) keeps it raw.
    if (!requestTriggerSaysOnly(trigger, inputs)) return undefined;
    const method = typeof inputs.method === 'string' ? inputs.method.toLowerCase() : '';
    if (!/^[a-z]*$/.test(method)) return undefined;
    const bodyType = inputs.schema === undefined || untyped ? undefined : types.typeOf(inputs.schema, `${flowName}_request`);
    // A schema Jig's types cannot say (`enum`, a property named `Site Country`, an object without
    // properties) is written out: the service applies it, and for Jig the body stays untyped.
    const schema = !bodyType && isObject(inputs.schema) && Object.keys(inputs.schema).length > 0 ? ` schema ${indent(jsonText(inputs.schema), '  ').trimStart()}` : '';
    return `trigger http${method ? ` ${method}` : ''}${bodyType ? ` body ${bodyType}` : ''}${schema}`;
  }
  if (type === 'recurrence' && isObject(trigger.recurrence)) return recurrence(trigger.recurrence);
  if (type === 'request' && String(trigger.kind).toLowerCase() === 'agent') return chatTrigger(trigger, inputs);
  return undefined;
}

/**
 * A conversational agent's trigger (Request, kind Agent) → `trigger chat`, when it holds no more
 * than what describes it; else undefined (kept raw: the agent's name and description a designer
 * may give it, which the reference schema's Request inputs do not have, so Jig does not write them).
 */
function chatTrigger(trigger: JsonObject, inputs: JsonObject): string | undefined {
  if (Object.keys(trigger).some((key) => !['type', 'kind', 'inputs', 'description', 'metadata'].includes(key))) return undefined;
  return Object.keys(inputs).length === 0 ? 'trigger chat' : undefined;
}

/**
 * The actions of a workflow a chat starts, its first actions running after nothing: the designer
 * has them run after the trigger (LogicAppsUX, getCodelessWorkflowTemplate), as Jig writes them
 * (emit/workflow.ts), which is the same start (parity.ts runsAfterTriggerAlone).
 */
function startingAfterChat(actions: JsonObject, triggerName: string): JsonObject {
  const result: JsonObject = {};
  for (const [name, action] of Object.entries(actions)) {
    const runAfter = isObject(action) && isObject(action.runAfter) ? Object.entries(action.runAfter) : [];
    const [entry] = runAfter;
    const afterTrigger =
      runAfter.length === 1 && entry![0].toLowerCase() === triggerName.toLowerCase() && Array.isArray(entry![1]) && entry![1].length === 1 && String(entry![1][0]).toLowerCase() === 'succeeded';
    result[name] = afterTrigger ? { ...(action as JsonObject), runAfter: {} } : action;
  }
  return result;
}

/**
 * Whether a Request trigger holds only what `trigger http` writes: its method and schema, the
 * schema validation and `secureData` Jig adds itself, and what only describes it.
 */
function requestTriggerSaysOnly(trigger: JsonObject, inputs: JsonObject): boolean {
  const described = ['type', 'kind', 'inputs', 'description', 'metadata'];
  for (const [key, value] of Object.entries(trigger)) {
    if (described.includes(key)) continue;
    if (key === 'operationOptions' && String(value).trim().toLowerCase() === 'enableschemavalidation') continue;
    if (key === 'runtimeConfiguration' && isObject(value) && Object.keys(value).every((option) => option === 'secureData')) continue;
    return false;
  }
  return Object.keys(inputs).every((key) => key === 'method' || key === 'schema');
}

function recurrence(recurrence: JsonObject): string | undefined {
  const unit = RECURRENCE_UNITS[String(recurrence.frequency ?? '').toLowerCase()];
  const interval = Number(recurrence.interval ?? 1);
  if (!unit || !Number.isInteger(interval) || interval < 1) return undefined;
  if (recurrence.endTime !== undefined) return undefined;
  let text = `trigger schedule every ${interval} ${unit}`;
  const schedule = isObject(recurrence.schedule) ? recurrence.schedule : {};
  for (const key of Object.keys(schedule)) if (!['weekDays', 'hours', 'minutes'].includes(key)) return undefined;
  if (Array.isArray(schedule.weekDays) && schedule.weekDays.length > 0) {
    const days = schedule.weekDays.map((day) => String(day).toLowerCase());
    if (!days.every((day) => WEEK_DAYS.includes(day))) return undefined;
    text += ` on ${days.join(', ')}`;
  }
  const hours = numbers(schedule.hours);
  const minutes = numbers(schedule.minutes);
  if (hours === undefined || minutes === undefined) return undefined;
  if (hours.length > 0 || minutes.length > 0) {
    // Jig writes times, which the service runs at every combination of their hours and minutes;
    // hours without minutes leave the minute to the service, which `at HH:MM` cannot say.
    if (hours.length === 0 || minutes.length === 0) return undefined;
    const times = hours.flatMap((hour) => (minutes.length > 0 ? minutes : [0]).map((minute) => `${pad(hour)}:${pad(minute)}`));
    text += ` at ${times.join(', ')}`;
  }
  // Times in a zone other than UTC run in that zone only from a start time (Microsoft's rule), which
  // Jig writes as its anchor (emit/triggers.ts): without one the service reads them in UTC, and with
  // another the schedule is not one Jig writes.
  const zone = typeof recurrence.timeZone === 'string' ? recurrence.timeZone : undefined;
  const anchored = hours.length > 0 && zone !== undefined && zone.toUpperCase() !== 'UTC';
  if (anchored ? recurrence.startTime !== SCHEDULE_ANCHOR : recurrence.startTime !== undefined) return undefined;
  if (zone !== undefined) text += ` in ${stringLiteral(zone)}`;
  return text;
}

/** A list of whole numbers (the corpus also writes them as strings); undefined when it is not one. */
function numbers(value: unknown): number[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return undefined;
  const result = value.map(Number);
  return result.every((n) => Number.isInteger(n) && n >= 0) ? result : undefined;
}

const pad = (n: number): string => String(n).padStart(2, '0');

// ---------------------------------------------------------------------------------------------
// Parameters

interface TranslatedParameter {
  /** Its name in Jig. */
  readonly name: string;
  /** The workflow parameter's name (`@name("…")` where it is not the Jig name). */
  readonly parameterName: string;
  readonly text: string;
}

/**
 * The definition's parameters of a simple type (an Array or Object one as `any[]` or `any`), each under its own name when that is a Jig name,
 * else under one made from it with `@name("…")` (a Standard template's `FolderName_#workflowname#`
 * becomes `folderName`); and those it reads without declaring them (`undeclared`: a Standard
 * workflow's, which its app's parameters.json declares), as strings without a default.
 */
function translateParameters(parameters: unknown, undeclared: ReadonlyMap<string, string>, numbers: ReadonlySet<string>, names: Names): { params: TranslatedParameter[]; dropped: string[] } {
  const params: TranslatedParameter[] = [];
  const dropped: string[] = [];
  for (const [parameterName, parameter] of Object.entries(isObject(parameters) ? parameters : {})) {
    if (parameterName === '$connections') continue;
    const type = isObject(parameter) ? PARAMETER_TYPES[String(parameter.type ?? '').toLowerCase()] : undefined;
    if (!type || parameterName.startsWith('$')) {
      dropped.push(parameterName);
      continue;
    }
    const value = isObject(parameter) ? parameter.defaultValue : undefined;
    const literal = type === 'secret' ? undefined : literalOf(value, type);
    // An ARM template expression is the template's, which the definition was taken out of: the
    // value comes with the deployment, as a param without a default gets it (parity.ts).
    const doc = isArmExpression(value) ? `/// In its ARM template: ${value.replace(/\s+/g, ' ')}.\n` : '';
    params.push(parameterText(parameterName, type, literal, doc, names));
  }
  for (const parameterName of undeclared.values()) {
    // An integer where the workflow counts or compares with it, else text.
    const type = numbers.has(parameterName.toLowerCase()) ? 'integer' : 'string';
    params.push(parameterText(parameterName, type, undefined, "/// Read by the workflow and declared by its app (a Standard app's parameters.json): its type is a guess.\n", names));
  }
  return { params, dropped };
}

/** Functions whose arguments are numbers (comparisons also take text, but a parameter there is a count more often than not). */
const NUMERIC = new Set(['add', 'sub', 'mul', 'div', 'mod', 'greater', 'greaterorequals', 'less', 'lessorequals', 'range']);

/**
 * The parameters (lower case) the definition reads as numbers: an argument of arithmetic or a
 * comparison, an integer variable's initial value, an Until's count, a Date Time action's interval.
 */
function numbersRead(definition: JsonObject): Set<string> {
  const numbers = new Set<string>();
  const parameterOf = (node: ExpressionNode): string | undefined => {
    const arg = node.kind === 'call' && node.name.toLowerCase() === 'parameters' && node.args.length === 1 ? node.args[0] : undefined;
    return arg?.kind === 'literal' && typeof arg.value === 'string' ? arg.value.toLowerCase() : undefined;
  };
  const visitNode = (node: ExpressionNode): void => {
    if (node.kind === 'call') {
      const numeric = NUMERIC.has(node.name.toLowerCase());
      for (const arg of node.args) {
        const name = numeric ? parameterOf(arg) : undefined;
        if (name) numbers.add(name);
        visitNode(arg);
      }
    } else if (node.kind === 'access') {
      visitNode(node.target);
      visitNode(node.key);
    } else if (node.kind === 'array') node.items.forEach(visitNode);
  };
  const whole = (value: unknown): void => {
    const template = typeof value === 'string' ? readTemplate(value) : undefined;
    const name = template?.kind === 'expression' ? parameterOf(template.node) : undefined;
    if (name) numbers.add(name);
  };
  const visit = (value: unknown, key?: string): void => {
    if (typeof value === 'string') {
      const template = readTemplate(value);
      if (template?.kind === 'expression') visitNode(template.node);
      else if (template?.kind === 'interpolation') for (const part of template.parts) if (typeof part !== 'string') visitNode(part.node);
      return;
    }
    if (Array.isArray(value)) return value.forEach((item) => visit(item));
    if (!isObject(value)) return;
    if (key === 'limit') whole(value.count);
    // A Date Time action's interval (GetFutureTime, AddToTime, …) is a whole number of its unit.
    if (typeof value.type === 'string' && /^expression$/i.test(value.type) && isObject(value.inputs)) whole(value.inputs.interval);
    if (typeof value.type === 'string' && /^(integer|float)$/i.test(value.type) && 'value' in value) whole(value.value);
    // A Wait's count is a whole number of its unit (`wait (EXPR) UNIT`).
    if (typeof value.type === 'string' && /^wait$/i.test(value.type) && isObject(value.inputs) && isObject(value.inputs.interval)) whole(value.inputs.interval.count);
    for (const [inner, member] of Object.entries(value)) visit(member, inner);
  };
  visit(definition.actions);
  return numbers;
}

function parameterText(parameterName: string, type: string, literal: string | undefined, doc: string, names: Names): TranslatedParameter {
  const name = names.take(jigIdentifier(parameterName) === parameterName ? parameterName : camelName(parameterName.replace(/#[^#]*#/g, ' '), 'parameter'));
  const annotation = name === parameterName ? '' : `@name(${stringLiteral(parameterName)})\n`;
  return { name, parameterName, text: `${doc}${annotation}param ${name}: ${type}${literal !== undefined ? ` = ${literal}` : ''}` };
}

function literalOf(value: unknown, type: string): string | undefined {
  if (type === 'string' && typeof value === 'string' && !value.startsWith('@') && !value.startsWith('[')) return stringLiteral(value);
  if ((type === 'integer' || type === 'number') && typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (type === 'boolean' && typeof value === 'boolean') return String(value);
  // An Array's or Object's default of plain values (no expression, no ARM template expression in it) is its Jig literal.
  if ((type === 'any[]' && Array.isArray(value)) || (type === 'any' && isObject(value))) return plainJson(value) ? jsonText(value) : undefined;
  return undefined;
}

/** A JSON value none of whose strings the service or ARM would evaluate (`@…`, `…@{…}…`, `[…]`). */
function plainJson(value: unknown): boolean {
  if (typeof value === 'string') return !value.startsWith('@') && !value.includes('@{') && !value.startsWith('[');
  if (Array.isArray(value)) return value.every(plainJson);
  if (isObject(value)) return Object.entries(value).every(([key, member]) => !key.includes('@') && !key.startsWith('[') && plainJson(member));
  return true;
}

// ---------------------------------------------------------------------------------------------

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => by + line)
    .join('\n');
}

/** A name Azure accepts for the workflow (JIG4112): as long as allowed, not a reserved name. */
function workflowName(name: string): string {
  const short = name.length > WORKFLOW_NAME_LIMIT ? name.slice(0, WORKFLOW_NAME_LIMIT - 2).replace(/_+$/, '') : name;
  return flowNameProblem(short) ? `${short.slice(0, WORKFLOW_NAME_LIMIT - 5)}_flow` : short;
}

function camelToSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
