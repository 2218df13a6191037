/**
 * `jig import --check`: does the workflow Jig builds from the imported source do what the
 * original does? Both definitions are brought to one normal form and compared action by action:
 * the action graph (names, nesting, `runAfter`), every input, every expression (parsed, printed
 * canonically). The normal form forgets only what does not change what a run does:
 *
 * - descriptions and designer metadata (`description`, `metadata`, `$schema`, `contentVersion`),
 *   and the parameters no expression reads;
 * - a parameter the original reads without declaring it (a Standard workflow's, declared by its
 *   app's parameters.json), against one the rebuilt declares without a default;
 * - a parameter's default that is an ARM template expression (`[parameters('x')]`, left in a
 *   definition taken out of its template): ARM puts the deployment's value there, so it compares
 *   as no default, a value the deployment gives (`isArmExpression`); an ARM expression inside an
 *   action is compared as what it reads (arm.ts: index.ts compares the definition so read);
 * - the spelling the service ignores: a literal written as an expression (`@false`, `@-1`) for the
 *   value itself, and `@createArray(…)` of literals for the array; the case of types (of actions and of variables), kinds,
 *   methods, `runAfter` statuses and function names; `x.name` for `x['name']`; `outputs('A')?['body']` for `body('A')`;
 *   `triggerOutputs()?['body']` for `triggerBody()`; `item()` in a For each for `items('L')` of
 *   that loop; nested `and`/`or` for their flat form, and of one operand for it; a condition written as an object (as the
 *   designer writes it) for its expression;
 * - how a connection is reached: Standard's `host.connection.referenceName: KEY` for Consumption's
 *   `@parameters('$connections')['KEY']['connectionId']` (Jig's Standard target writes the one
 *   for the other), and so the `$connections` parameter itself;
 * - empty forms of nothing: `runAfter: {}`, an Until's limit left out for the service's default (60 passes, one hour), an empty `else` or `default`, `schema: {}`, a Response
 *   or Request without `kind` (`Http`), Switch case names (cases are matched by their values);
 * - what Jig's privacy rules add (`secureData` that hides inputs and outputs from run history),
 *   reported apart as privacy additions, not as differences, and the schema validation Jig turns
 *   on for every Request trigger (`operationOptions: EnableSchemaValidation`).
 *
 * A read that is null-safe on one side only (`?['x']` against `['x']`: an absent field gives null
 * instead of failing the action) is reported as a tolerated difference: Jig reads fields
 * null-safely, as Logic Apps authors mostly write them. So is Jig's `==` of a value that may be
 * null beside text that may be empty, against the plain equals (see plainEquality).
 */
import { isObject, type JsonObject } from './wdl.js';
import { printExpression, readTemplate, type ExpressionNode } from './wdl.js';

export interface Difference {
  /** The action the difference is in, as a path of action names (`For_each/Set_total`); empty for the definition. */
  readonly action: string;
  /** Where in it (a JSON path below the action). */
  readonly at: string;
  readonly original: unknown;
  readonly rebuilt: unknown;
}

export interface ParityResult {
  readonly differences: readonly Difference[];
  /** Actions whose only difference is a null-safe read. */
  readonly nullSafeOnly: readonly string[];
  /** Actions Jig hides from run history where the original did not. */
  readonly privacyAdditions: readonly string[];
}

export function compareWorkflows(original: JsonObject, rebuilt: JsonObject): ParityResult {
  const elsewhere = new Set(undeclaredParameters(original).keys());
  const strict = { original: normalizeDefinition(original, false), rebuilt: normalizeDefinition(rebuilt, false, elsewhere) };
  const lenient = { original: normalizeDefinition(original, true), rebuilt: normalizeDefinition(rebuilt, true, elsewhere) };
  const differences: Difference[] = [];
  compareValues(lenient.original.value, lenient.rebuilt.value, '', differences);
  const strictDifferences: Difference[] = [];
  compareValues(strict.original.value, strict.rebuilt.value, '', strictDifferences);
  const different = new Set(differences.map((d) => d.action));
  const nullSafeOnly = [...new Set(strictDifferences.map((d) => d.action))].filter((action) => !different.has(action));
  const privacyAdditions = [...lenient.rebuilt.secured].filter((action) => !lenient.original.secured.has(action));
  return { differences, nullSafeOnly, privacyAdditions };
}

// ---------------------------------------------------------------------------------------------
// The normal form

interface Normalized {
  readonly value: unknown;
  /** Actions and triggers whose inputs or outputs are hidden from run history. */
  readonly secured: Set<string>;
}

/** Marks a normal-form object that stands for one action or trigger (for where a difference is). */
const OPERATION = Symbol('operation');

type Operation = JsonObject & { [OPERATION]?: string };

interface Context {
  readonly nullSafe: boolean;
  readonly secured: Set<string>;
  /** The innermost For each around the value being normalized, which `item()` reads. */
  readonly loop?: string;
  /** The workflow's one trigger, in lower case. */
  readonly trigger?: string;
}

function normalizeDefinition(definition: JsonObject, nullSafe: boolean, declaredElsewhere: ReadonlySet<string> = new Set()): Normalized {
  const secured = new Set<string>();
  const triggers = isObject(definition.triggers) ? Object.keys(definition.triggers) : [];
  const context: Context = { nullSafe, secured, ...(triggers.length === 1 && { trigger: triggers[0]!.toLowerCase() }) };
  const read = referencedParameters(definition);
  const parameters: JsonObject = {};
  if (isObject(definition.parameters)) {
    for (const [name, parameter] of Object.entries(definition.parameters)) {
      // Declared, without a value, for a parameter the original reads but its app declares.
      if (declaredElsewhere.has(name.toLowerCase()) && isObject(parameter) && parameter.defaultValue === undefined) continue;
      // `$connections` is how a Consumption workflow reaches its connections, which Standard names
      // by referenceName instead: each action's host is compared, not the parameter.
      if (!read.has(name.toLowerCase()) || !isObject(parameter) || name === '$connections') continue;
      parameters[name] = { type: lower(parameter.type), ...(parameter.defaultValue !== undefined && !isArmExpression(parameter.defaultValue) && { defaultValue: normalizeValue(parameter.defaultValue, context) }) };
    }
  }
  const value: JsonObject = {
    parameters,
    triggers: triggersOf(definition.triggers, context),
    actions: operations(definition.actions, '', context),
  };
  if (isObject(definition.outputs) && Object.keys(definition.outputs).length > 0) value.outputs = normalizeValue(definition.outputs, context);
  return { value, secured };
}

/**
 * `[parameters('x')]` (and any `[…]`, but not `[[`, ARM's escape) is an ARM template expression
 * left in a definition taken out of its template: ARM replaces it when it deploys the template,
 * so the definition itself holds no value there, and the parameter takes whatever the deployment
 * gives it, as a parameter without a default does (Jig's, which `jig deploy` fills in).
 */
export function isArmExpression(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('[') && !value.startsWith('[[') && value.endsWith(']');
}

/**
 * The parameters the definition reads without declaring them (not `$connections`), by name in
 * lower case: a Standard workflow's, which its app's parameters.json declares.
 */
export function undeclaredParameters(definition: JsonObject): Map<string, string> {
  const declared = new Set(isObject(definition.parameters) ? Object.keys(definition.parameters).map((name) => name.toLowerCase()) : []);
  const read = referencedParameters(definition);
  for (const name of read.keys()) if (declared.has(name) || name.startsWith('$')) read.delete(name);
  return read;
}

/** The parameters the definition's expressions read (`parameters('x')`): each name as first written, by its name in lower case. */
export function referencedParameters(definition: JsonObject): Map<string, string> {
  const names = new Map<string, string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(/\bparameters\(\s*'((?:[^']|'')*)'\s*\)/gi)) {
        const name = match[1]!.replace(/''/g, "'");
        if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) Object.values(value).forEach(visit);
  };
  visit(definition.triggers);
  visit(definition.actions);
  visit(definition.outputs);
  return names;
}

function operations(map: unknown, parent: string, context: Context): JsonObject {
  const result: JsonObject = {};
  if (!isObject(map)) return result;
  for (const [name, operation] of Object.entries(map)) {
    if (!isObject(operation)) continue;
    result[name] = operationOf(operation, parent ? `${parent}/${name}` : name, context);
  }
  return result;
}

/**
 * A workflow's one trigger under one key: no expression names it (`trigger()` reads it), so a
 * rebuilt trigger named otherwise (Jig's `manual`, `Recurrence`) runs alike.
 */
function triggersOf(triggers: unknown, context: Context): JsonObject {
  const normalized = operations(triggers, '', context);
  const entries = Object.entries(normalized);
  return entries.length === 1 ? { '(the trigger)': entries[0]![1] } : normalized;
}

/**
 * An Until's limits where its definition gives none: 60 passes and one hour ("Schema reference
 * for trigger and action types in Azure Logic Apps", Until action: `limit.count`, "The default
 * limit is 60", `limit.timeout`, "The default limit is PT1H"; "Limits and configuration": Until
 * iterations default 60, Until timeout default PT1H). The engine runs an Until so (control.ts).
 */
const UNTIL_DEFAULT_LIMIT = { count: 60, timeout: 'PT1H' };

function operationOf(operation: JsonObject, path: string, context: Context): Operation {
  const type = String(lower(operation.type) ?? '');
  const result: Operation = { [OPERATION]: path };
  const inLoop = type === 'foreach' ? { ...context, loop: path.split('/').pop()! } : context;
  for (const [key, value] of Object.entries(operation)) {
    switch (key) {
      case 'description':
      case 'metadata':
      // What the designer computes for its own display; the service does not read it.
      case 'evaluatedRecurrence':
        break;
      case 'correlation':
        if (!isObject(value) || Object.keys(value).length > 0) result.correlation = normalizeValue(value, inLoop);
        break;
      case 'recurrence':
        result.recurrence = normalizeValue(recurrenceOf(value), inLoop);
        break;
      case 'operationOptions': {
        // Schema validation is what Jig adds to every Request trigger (emit/triggers.ts), as it
        // adds secureData: compared apart from the rest.
        const rest = String(value)
          .split(',')
          .map((option) => option.trim())
          .filter((option) => option !== '' && option.toLowerCase() !== 'enableschemavalidation');
        if (rest.length > 0) result.operationOptions = rest.map((option) => option.toLowerCase()).sort().join(',');
        break;
      }
      case 'type':
        result.type = type;
        break;
      case 'kind':
        result.kind = lower(value);
        break;
      case 'runAfter':
        if (isObject(value) && Object.keys(value).length > 0 && !(!path.includes('/') && runsAfterTriggerAlone(value, context))) result.runAfter = runAfterOf(value);
        break;
      case 'actions':
        result.actions = operations(value, path, inLoop);
        break;
      case 'else':
      case 'default':
        if (isObject(value) && isObject(value.actions) && Object.keys(value.actions).length > 0) result[key] = { actions: operations(value.actions, path, inLoop) };
        break;
      case 'cases':
        result.cases = casesOf(value, path, inLoop);
        break;
      case 'tools':
        // An Agent's tools: each one's actions compared as any container's.
        result.tools = type === 'agent' ? toolsOf(value, path, inLoop) : normalizeValue(value, inLoop);
        break;
      case 'expression':
        result.expression = type === 'if' || type === 'until' ? conditionOf(value, inLoop) : normalizeValue(value, inLoop);
        break;
      case 'runtimeConfiguration': {
        const configuration = runtimeConfigurationOf(value, path, context);
        if (configuration) result.runtimeConfiguration = configuration;
        break;
      }
      case 'inputs': {
        // `inputs: {}` says nothing more than no inputs.
        const inputs = inputsOf(type, value, context);
        if (!isObject(inputs) || Object.keys(inputs).length > 0) result.inputs = inputs;
        break;
      }
      case 'foreach':
        // The loop's own array is read outside the loop.
        result.foreach = normalizeValue(value, context);
        break;
      default:
        result[key] = normalizeValue(value, inLoop);
    }
  }
  if ((type === 'request' || type === 'response') && result.kind === undefined) result.kind = 'http';
  // An Until's limit the definition leaves out is the service's default, which Jig writes.
  if (type === 'until') result.limit = normalizeValue({ ...UNTIL_DEFAULT_LIMIT, ...(isObject(operation.limit) ? operation.limit : {}) }, inLoop);
  return result;
}

/** A schedule's hours and minutes as numbers (the corpus also writes `["6"]`). */
function recurrenceOf(recurrence: unknown): unknown {
  if (!isObject(recurrence) || !isObject(recurrence.schedule)) return recurrence;
  const schedule: JsonObject = { ...recurrence.schedule };
  for (const key of ['hours', 'minutes']) {
    const list = schedule[key];
    if (Array.isArray(list)) schedule[key] = list.map((item) => (typeof item === 'string' && /^\d+$/.test(item) ? Number(item) : item));
  }
  return { ...recurrence, schedule };
}

/**
 * A top-level action that runs after the trigger's success alone starts the workflow, as one with
 * an empty runAfter does: the designer writes so the first action after a conversational agent's
 * trigger (LogicAppsUX, getCodelessWorkflowTemplate), which the service saves as a start (save_rules.py,
 * rule 5), and Jig writes it under its own name of the trigger (emit/triggers.ts).
 */
function runsAfterTriggerAlone(runAfter: JsonObject, context: Context): boolean {
  const entries = Object.entries(runAfter);
  if (entries.length !== 1 || context.trigger === undefined) return false;
  const [name, statuses] = entries[0]!;
  return name.toLowerCase() === context.trigger && Array.isArray(statuses) && statuses.length === 1 && lower(statuses[0]) === 'succeeded';
}

function runAfterOf(runAfter: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [name, statuses] of Object.entries(runAfter)) {
    result[name] = Array.isArray(statuses) ? [...new Set(statuses.map(lower))].sort() : statuses;
  }
  return result;
}

function casesOf(cases: unknown, path: string, context: Context): unknown {
  if (!isObject(cases)) return cases;
  const byValue: JsonObject = {};
  for (const branch of Object.values(cases)) {
    if (!isObject(branch)) continue;
    byValue[JSON.stringify(branch.case)] = { actions: operations(branch.actions, path, context) };
  }
  return byValue;
}

function toolsOf(tools: unknown, path: string, context: Context): unknown {
  if (!isObject(tools)) return tools;
  const result: JsonObject = {};
  for (const [name, tool] of Object.entries(tools)) {
    if (!isObject(tool)) {
      result[name] = normalizeValue(tool, context);
      continue;
    }
    const { actions, ...rest } = tool;
    result[name] = { ...(normalizeValue(rest, context) as JsonObject), actions: operations(actions, path, context) };
  }
  return result;
}

function runtimeConfigurationOf(configuration: unknown, path: string, context: Context): unknown {
  if (!isObject(configuration)) return configuration;
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(configuration)) {
    if (key === 'secureData') context.secured.add(path);
    else result[key] = normalizeValue(value, context);
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

function inputsOf(type: string, inputs: unknown, context: Context): unknown {
  if (!isObject(inputs)) return normalizeValue(inputs, context);
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(inputs)) {
    if (key === 'method' && typeof value === 'string') result.method = value.toLowerCase();
    else if (key === 'host' && isObject(value) && isObject(value.connection) && typeof value.connection.referenceName === 'string') {
      // Standard's spelling of the connection (a key of connections.json), which Jig's Standard target writes for `$connections`.
      const { connection, ...rest } = value;
      result.host = normalizeValue({ ...rest, connection: { name: `@parameters('$connections')['${value.connection.referenceName}']['connectionId']` } }, context);
    }
    else if (key === 'variables' && type === 'initializevariable' && Array.isArray(value)) {
      // A variable's type is read ignoring case (the designer writes `string`, Jig `String`), and so is its name.
      result.variables = value.map((variable) => normalizeValue(isObject(variable) ? { ...variable, name: lower(variable.name), type: lower(variable.type) } : variable, context));
    }
    else if (key === 'name' && VARIABLE_ACTIONS.has(type)) result.name = lower(value);
    // The designer has written a ChunkText's options `TokenSize` as well as `tokenSize` (Microsoft's
    // own templates ship both, and run): the service reads them ignoring case.
    else if (type === 'chunktext' && CHUNK_OPTION_KEYS.includes(key.toLowerCase())) result[key.toLowerCase()] = normalizeValue(value, context);
    else if (key === 'schema' && (type === 'request' || type === 'parsejson')) {
      const schema = schemaOf(value);
      if (!(type === 'request' && isObject(schema) && Object.keys(schema).length === 0)) result.schema = schema;
    } else result[key] = normalizeValue(value, context);
  }
  // An increment or decrement without a value adds or takes 1 (Microsoft's Workflow Definition
  // Language reference, IncrementVariable: "If not specified, the default value is 1").
  if ((type === 'incrementvariable' || type === 'decrementvariable') && !('value' in inputs)) result.value = 1;
  // A Function action without a method calls POST (the reference, Function action: "If not specified, the default is the "POST" method").
  if (type === 'function' && !('method' in inputs)) result.method = 'post';
  return result;
}

/** A JSON schema without the keywords that only describe it. */
function schemaOf(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(schemaOf);
  if (!isObject(schema)) return schema;
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description' || key === 'title' || key === '$schema' || key === 'examples' || key === 'default') continue;
    if (key === 'required' && Array.isArray(value)) {
      if (value.length > 0) result.required = [...value].sort();
      continue;
    }
    result[key] = key === 'properties' && isObject(value) ? Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, schemaOf(inner)])) : schemaOf(value);
  }
  return result;
}

/** An If or Until condition as one expression text, whether written as a string or as the designer's object. */
function conditionOf(condition: unknown, context: Context): unknown {
  const expression = conditionExpression(condition);
  return expression === undefined ? normalizeValue(condition, context) : normalizeValue(`@${expression}`, context);
}

/** An If's or Until's condition as one expression text (without `@`); undefined when it has none. */
/** A ChunkText's options, in lower case, whose keys the service reads ignoring case. */
export const CHUNK_OPTION_KEYS: readonly string[] = ['encodingmodel', 'tokensize', 'pageoverlaplength'];

export function conditionExpression(condition: unknown): string | undefined {
  if (typeof condition === 'string') return condition.startsWith('@') && !condition.startsWith('@@') && !condition.startsWith('@{') ? condition.slice(1) : undefined;
  if (!isObject(condition)) return undefined;
  const entries = Object.entries(condition);
  if (entries.length !== 1) return undefined;
  const [operator, operands] = entries[0]!;
  const list = Array.isArray(operands) ? operands : [operands];
  const args: string[] = [];
  for (const operand of list) {
    const text = ['and', 'or', 'not'].includes(operator.toLowerCase()) ? conditionExpression(operand) : operandExpression(operand);
    if (text === undefined) return undefined;
    args.push(text);
  }
  return `${operator}(${args.join(', ')})`;
}

/** An operand of a designer condition as an expression: `@x` is x, a literal is the literal. */
function operandExpression(operand: unknown): string | undefined {
  if (typeof operand === 'string') {
    // A lone `@` is no expression: the designer's condition compares with the character (an
    // address's `contains(…, '@')` in Microsoft's Defender templates), as the service reads it.
    if (operand === '@') return "'@'";
    if (operand.startsWith('@') && !operand.startsWith('@@') && !operand.startsWith('@{')) return operand.slice(1);
    if (operand.includes('@{')) return interpolationExpression(operand);
    return `'${operand.replace(/^@@/, '@').replace(/'/g, "''")}'`;
  }
  if (typeof operand === 'number' || typeof operand === 'boolean' || operand === null) return String(operand);
  return undefined;
}

/**
 * A designer operand that is a string template (`@{outputs('A')['statusCode']}`, `Order @{x}`) as
 * the one expression it is: Microsoft's Workflow Definition Language reference ("String
 * interpolation": `@{…}` always gives a string) makes it the text of its parts joined, each
 * expression's string and a null one's nothing, which Jig's own interpolation writes as
 * `string(coalesce(x, ''))` (emit/wdl-strings.ts): `concat('Order ', string(coalesce(x, '')))`,
 * or the one part alone. Jig's interpolation of a value it knows is text, or never null, is
 * written otherwise (without string() or coalesce()), so there the rebuilt condition differs and
 * the step stays raw rather than be judged alike on a guess of the value's type.
 */
function interpolationExpression(operand: string): string | undefined {
  const template = readTemplate(operand);
  if (template?.kind !== 'interpolation') return undefined;
  const parts = template.parts
    .filter((part) => part !== '')
    .map((part) => (typeof part === 'string' ? `'${part.replace(/'/g, "''")}'` : `string(coalesce(${part.text}, ''))`));
  return parts.length === 1 ? parts[0] : `concat(${parts.join(', ')})`;
}

// ---------------------------------------------------------------------------------------------
// Values and expressions

function normalizeValue(value: unknown, context: Context): unknown {
  if (typeof value === 'string') return normalizeString(value, context);
  if (Array.isArray(value)) return value.map((item) => normalizeValue(item, context));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, normalizeValue(inner, context)]));
  return value;
}

function normalizeString(text: string, context: Context): unknown {
  if (!text.includes('@')) return text;
  const template = readTemplate(text);
  if (!template) return text;
  switch (template.kind) {
    case 'text':
      return template.text;
    case 'expression': {
      // `@false`, `@-1`, `@'text'` are the value itself, as the service evaluates them (a float
      // literal such as `@1.0` stays an expression: JSON would read it as the integer 1).
      const node = template.node;
      if (node.kind === 'literal' && (typeof node.value !== 'number' || (Number.isInteger(node.value) && !/[.eE]/.test(template.text)))) return node.value;
      // `@createArray('a', 1)` of such literals is that array ("Reference guide to workflow
      // expression functions", createArray: "returns an array from multiple inputs").
      const items = callName(node) === 'createarray' && node.kind === 'call' ? node.args.map((arg) => literalValue(arg, template.text)) : undefined;
      if (items?.every((item) => item !== NOT_LITERAL)) return items;
      return { '@': canonical(node, template.text, context) };
    }
    case 'interpolation':
      return {
        '@{}': template.parts.map((part) => (typeof part === 'string' ? part : canonical(part.node, part.text, context))),
      };
  }
}

const NOT_LITERAL = Symbol('not a literal');

/** A literal's value as JSON would hold it (an integer as written, no float: `1.0` is no JSON 1). */
function literalValue(node: ExpressionNode, source: string): unknown {
  if (node.kind !== 'literal') return NOT_LITERAL;
  if (typeof node.value === 'number' && (!Number.isInteger(node.value) || /[.eE]/.test(source.slice(node.start, node.end)))) return NOT_LITERAL;
  return node.value;
}

function canonical(node: ExpressionNode, source: string, context: Context): string {
  return printExpression(simplify(node, context), source, { lowerCaseNames: true, nullSafe: context.nullSafe });
}

type Node = ExpressionNode;

const callName = (node: Node): string | undefined => (node.kind === 'call' ? node.name.toLowerCase() : undefined);
const literalKey = (node: Node): unknown => (node.kind === 'literal' ? node.value : undefined);

/** The spellings the service reads alike, brought to one. */
function simplify(node: Node, context: Context): Node {
  switch (node.kind) {
    case 'literal':
      return node;
    case 'array':
      return { ...node, items: node.items.map((item) => simplify(item, context)) };
    case 'access': {
      const target = simplify(node.target, context);
      const key = simplify(node.key, context);
      // trigger()?['outputs'] is triggerOutputs() (Microsoft's functions reference: "Shorthand for trigger().outputs").
      if (literalKey(key) === 'outputs' && target.kind === 'call' && callName(target) === 'trigger' && target.args.length === 0) return { ...target, name: 'triggerOutputs' };
      // outputs('A')?['body'] is body('A'); triggerOutputs()?['body'] is triggerBody().
      if (literalKey(key) === 'body' && target.kind === 'call') {
        const name = callName(target);
        if (name === 'outputs' && target.args.length === 1) return { ...target, name: 'body' };
        if (name === 'triggeroutputs' && target.args.length === 0) return { ...target, name: 'triggerBody' };
      }
      return { ...node, target, key };
    }
    case 'call': {
      const name = node.name.toLowerCase();
      let args = node.args.map((arg) => simplify(arg, context));
      if (name === 'item' && args.length === 0 && context.loop) {
        return { ...node, name: 'items', args: [{ kind: 'literal', value: context.loop.toLowerCase(), start: node.start, end: node.start }] };
      }
      // The service finds actions and variables by name ignoring case (`items('For_Each')` is the loop For_each's).
      const [only] = args;
      if (NAMED.has(name) && args.length === 1 && only?.kind === 'literal' && typeof only.value === 'string') {
        return { ...node, args: [{ ...only, value: only.value.toLowerCase() }] };
      }
      if (context.nullSafe) {
        const plain = plainEquality({ ...node, args });
        if (plain) return plain;
      }
      // createArray() of nothing is the empty array, which Jig writes json('[]'), the JSON text of
      // the empty array. (The functions reference gives it at least one input; Microsoft's Azure
      // Firewall playbook writes it with none, which can only be the empty array, or refused.)
      if (name === 'createarray' && args.length === 0) {
        return { ...node, name: 'json', args: [{ kind: 'literal', value: '[]', start: node.start, end: node.start }] };
      }
      if (name === 'and' || name === 'or') {
        args = args.flatMap((arg) => (callName(arg) === name ? (arg as Node & { kind: 'call' }).args : [arg]));
        // The designer's condition of one row is and(x), which is x.
        if (args.length === 1) return args[0]!;
      }
      return { ...node, args };
    }
  }
}

/**
 * Jig's `==` beside null and empty text (emit/expressions.ts nullBesideText) as the plain equals
 * a designer writes: the presence test `contains(string(createArray(X)), '"')` (or its untyped
 * form) is `not(equals(X, null))`, `not(not(E))` is E, and `and(PRESENT(X), equals(coalesce(X, ''), Y))`
 * or `and(equals(PRESENT(X), PRESENT(Y)), equals(coalesce(X, ''), coalesce(Y, '')))` is
 * `equals(X, Y)`. They differ only where equals() would meet null beside "", which Microsoft's
 * reference leaves undetermined, so lenient parity tolerates it (reported as null-safe only).
 */
function plainEquality(node: Node & { kind: 'call' }): Node | undefined {
  const name = callName(node);
  const [first, second] = node.args;
  const call = (n: string, args: Node[]): Node => ({ kind: 'call', name: n, args, start: node.start, end: node.end });
  const isNull: Node = { kind: 'literal', value: null, start: node.start, end: node.start };
  // contains(string(createArray(X)), '"'), the presence of text.
  const quoted = (n: Node | undefined): Node | undefined => {
    if (callName(n!) !== 'contains') return undefined;
    const [json, quote] = (n as Node & { kind: 'call' }).args;
    if (literalKey(quote!) !== '"' || callName(json!) !== 'string') return undefined;
    const [array] = (json as Node & { kind: 'call' }).args;
    if (callName(array!) !== 'createarray' || (array as Node & { kind: 'call' }).args.length !== 1) return undefined;
    return (array as Node & { kind: 'call' }).args[0];
  };
  if (name === 'contains' && node.args.length === 2) {
    const value = quoted(node);
    if (value) return call('not', [call('equals', [value, isNull])]);
  }
  // not(equals(X, null)), what a presence test has become (arguments are simplified first).
  const present = (n: Node): Node | undefined => {
    if (callName(n) !== 'not') return undefined;
    const [inner] = (n as Node & { kind: 'call' }).args;
    if (callName(inner!) !== 'equals') return undefined;
    const [value, nothing] = (inner as Node & { kind: 'call' }).args;
    return nothing?.kind === 'literal' && nothing.value === null ? value : undefined;
  };
  if (name === 'or' && node.args.length === 2) {
    // or(PRESENT(X), not(equals(replace(…(string(createArray(X)), ' ', '')…), '[null]'))): an
    // untyped value's presence, its JSON text without spacing (emit/wdl-strings.ts presenceTest).
    const value = present(first!);
    const [notNull] = callName(second!) === 'not' ? (second as Node & { kind: 'call' }).args : [];
    if (value && notNull && callName(notNull) === 'equals') {
      let [json, text] = (notNull as Node & { kind: 'call' }).args;
      while (json && callName(json) === 'replace' && (json as Node & { kind: 'call' }).args.length === 3) json = (json as Node & { kind: 'call' }).args[0];
      const again = quoted({ ...(notNull as Node & { kind: 'call' }), name: 'contains', args: [json!, { kind: 'literal', value: '"', start: 0, end: 0 }] });
      if (literalKey(text!) === '[null]' && again && shape(again) === shape(value)) return first;
    }
  }
  if (name === 'not' && node.args.length === 1 && callName(first!) === 'not') return (first as Node & { kind: 'call' }).args[0];
  if (name === 'and' && node.args.length === 2 && callName(second!) === 'equals') {
    const uncoalesced = (n: Node): Node => {
      if (callName(n) !== 'coalesce') return n;
      const [value, empty] = (n as Node & { kind: 'call' }).args;
      return (n as Node & { kind: 'call' }).args.length === 2 && literalKey(empty!) === '' ? value! : n;
    };
    const compared = (second as Node & { kind: 'call' }).args;
    const [left, right] = compared.map(uncoalesced);
    // Jig's form reads a side that may be null through coalesce(X, ''); a designer's and() without it means something else.
    if (!left || !right || compared.every((side, i) => side === [left, right][i])) return undefined;
    const asked = callName(first!) === 'equals' ? (first as Node & { kind: 'call' }).args.map(present) : [present(first!)];
    const sides = [shape(left), shape(right)];
    if (asked.length > 0 && asked.every((value) => value !== undefined && sides.includes(shape(value)))) return call('equals', [left, right]);
  }
  return undefined;
}

/** A node's structure without its offsets, to tell two spellings of one expression apart. */
function shape(node: Node): string {
  return JSON.stringify(node, (key, value) => (key === 'start' || key === 'end' ? undefined : value));
}

/** The functions whose one argument names an action or a variable. */
const NAMED = new Set(['variables', 'items', 'body', 'outputs', 'actions', 'result', 'iterationindexes', 'actionbody', 'actionoutputs']);

const VARIABLE_ACTIONS = new Set(['setvariable', 'incrementvariable', 'decrementvariable', 'appendtoarrayvariable', 'appendtostringvariable']);

function lower(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

// ---------------------------------------------------------------------------------------------
// Comparing

function compareValues(original: unknown, rebuilt: unknown, at: string, differences: Difference[], action = ''): void {
  if (isObject(original) && isObject(rebuilt)) {
    const operation = (original as Operation)[OPERATION] ?? (rebuilt as Operation)[OPERATION];
    const [within, base] = operation !== undefined ? [operation, ''] : [action, at];
    for (const key of new Set([...Object.keys(original), ...Object.keys(rebuilt)])) {
      compareValues(original[key], rebuilt[key], `${base}/${key}`, differences, within);
    }
    return;
  }
  if (Array.isArray(original) && Array.isArray(rebuilt) && original.length === rebuilt.length) {
    original.forEach((item, i) => compareValues(item, rebuilt[i], `${at}/${i}`, differences, action));
    return;
  }
  if (JSON.stringify(original) === JSON.stringify(rebuilt)) return;
  // An action on one side only is a difference of that action as a whole.
  const operation = (isObject(original) ? (original as Operation)[OPERATION] : undefined) ?? (isObject(rebuilt) ? (rebuilt as Operation)[OPERATION] : undefined);
  differences.push({ action: operation ?? action, at: operation !== undefined ? '' : at, original, rebuilt });
}
