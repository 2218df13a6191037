/**
 * ARM template expressions inside a workflow definition that an ARM template deploys, for
 * `jig import`. ARM evaluates every JSON string of its template that starts with `[` and ends
 * with `]` (but not `[[`, its escape) before the service sees the definition ("Syntax and
 * expressions in ARM templates", learn.microsoft.com/azure/azure-resource-manager/templates/
 * template-expressions): `"[parameters('to')]"` in an action is the deployment's value of the
 * template parameter `to`, not that text. Jig reads such a value as what it is, a value the
 * deployment gives: the workflow parameter it names, without a default (the param `jig deploy`
 * fills in from jig.yaml), so the policy sees a deploy-time value (every category the flow
 * declares; a destination built from it checked at each value jig.yaml gives), never a constant.
 *
 * Read: `[parameters('x')]` whole (any type: ARM puts the value itself there), and `concat(…)` /
 * `format(…)` of text and string parameters, whose result is a definition string in which each
 * parameter's value stands in text (→ `@{parameters('x')}`) or as a whole quoted literal of an
 * expression (`encodeURIComponent('…')` → `encodeURIComponent(parameters('x'))`); what the
 * deployment's scope gives (`subscription().subscriptionId`, `resourceGroup().name`) likewise, as a
 * param of its own (DEPLOYMENT_VALUES); a template variable (`variables('x')`, "Variables in ARM
 * templates": "Resource Manager resolves variables before starting the deployment operations.
 * Wherever the variable is used in the template, Resource Manager replaces it with the resolved value")
 * as the text it is, where the template is at hand and the variable a constant string or built
 * from what Jig reads (concat, format, parameters, other variables), else as what the deployment
 * decides: a param of its own (`x`, without a default, as a parameter's), so that a definition
 * taken out of its template reads it as a value the deployment gives, never as a constant; a
 * property of an object parameter (`parameters('names').job`) likewise; `resourceId()` as the id
 * it builds at a resource group's scope (resourceIdParts).
 * Anything else (`reference()`, a parameter or variable the template does not
 * declare, a name the definition already uses for another value) is not read: the action holding
 * it stays raw, its JSON verbatim. The parity check compares the definition so read (index.ts).
 * Functions: "String functions for ARM templates" (concat: "combines multiple string values";
 * format: "creates a formatted string from input values", .NET composite format, `{{`/`}}` for
 * braces), "Parameter functions for ARM templates" (parameters), "Deployment functions for ARM
 * templates" (variables), "Resource functions for ARM templates" (resourceId).
 */
import { isArmExpression } from './parity.js';
import { printExpression, readTemplate, type ExpressionNode } from './wdl.js';
import { isObject, type JsonObject } from './wdl.js';

export interface ArmReading {
  /** The definition with each ARM expression Jig reads replaced by what it reads, and the parameters they read declared. */
  readonly definition: JsonObject;
  /** Actions (by path) holding an ARM expression Jig does not read, with why: they stay raw. */
  readonly unread: ReadonlyMap<string, string>;
}

/** The ARM template's parameter types Jig reads, as the definition's parameter types. */
const TYPES: Readonly<Record<string, string>> = { string: 'String', securestring: 'SecureString', int: 'Int', bool: 'Bool', object: 'Object', secureobject: 'SecureObject', array: 'Array' };

/**
 * The definition's actions read as ARM deploys them. `template` is the ARM template the definition
 * is read from (its `parameters` section declares each parameter's type), or undefined for a
 * definition taken out of one (the corpus's, an export): there only a `[…]` that is an ARM
 * expression is ARM's, and a parameter's type is a guess, text (most are names and ids; a wrong
 * guess makes the Jig that reads it refused, so raw, never a constant).
 */
export function readArmExpressions(definition: JsonObject, template: { readonly parameters: unknown; readonly variables?: unknown; readonly schema?: unknown } | undefined): ArmReading {
  const declared = isObject(definition.parameters) ? definition.parameters : {};
  const added: JsonObject = {};
  const unread = new Map<string, string>();
  const templateParameters = isObject(template?.parameters) ? template.parameters : {};
  // resourceId() builds another id at a subscription's, a management group's or a tenant's scope
  // (its template's $schema says which); a workflow, a resource group's resource, is deployed by a
  // resource group's template, whose form Jig reads.
  const groupScope = typeof template?.schema !== 'string' || /(^|\/)deploymentTemplate\.json/i.test(template.schema);
  /** The definition parameter that holds template parameter NAME's value; undefined when none can. */
  const parameterFor = (name: string, guess = 'String'): { name: string; type: string } | undefined => {
    // ARM's names are case-insensitive.
    const entry = Object.entries(templateParameters).find(([key]) => key.toLowerCase() === name.toLowerCase());
    const type = !template ? guess : entry && isObject(entry[1]) ? TYPES[String(entry[1].type ?? '').toLowerCase()] : undefined;
    const spelled = entry?.[0] ?? name;
    if (!type || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(spelled)) return undefined;
    return holder(`[parameters('${spelled}')]`, spelled, type);
  };
  /** The definition parameter that holds what ARM expression WHOLE gives, named NAME unless the definition has one for it. */
  const holder = (whole: string, spelled: string, type: string): { name: string; type: string } | undefined => {
    // A definition parameter the template gives this value already (`"defaultValue": "[parameters('x')]"`).
    const same = Object.entries(declared).find(([, p]) => isObject(p) && typeof p.defaultValue === 'string' && sameArmText(p.defaultValue, whole));
    if (same) return { name: same[0], type: String((same[1] as JsonObject).type ?? '') };
    // A definition parameter of that name holds another value: not read (the names would clash).
    if (Object.keys(declared).some((key) => key.toLowerCase() === spelled.toLowerCase())) return undefined;
    // Declared as templates declare theirs, its default the ARM expression: translate.ts and
    // parity.ts read that as a value the deployment gives (a param without a default).
    const existing = Object.entries(added).find(([key]) => key.toLowerCase() === spelled.toLowerCase());
    // One added for another value (a template variable named as a template parameter): not read.
    if (existing) return sameArmText(String((existing[1] as JsonObject).defaultValue), whole) ? { name: existing[0], type: String((existing[1] as JsonObject).type) } : undefined;
    added[spelled] = { type, defaultValue: whole };
    return { name: spelled, type };
  };
  /**
   * What a property of an object parameter gives (`[parameters('names').app]`, "Parameters in ARM
   * templates": an object parameter's property read with a dot): a value the deployment gives, a
   * param of its own (`names_app`), as a variable's outside its template; its type a guess.
   */
  const parameterPropertyFor = (name: string, property: string, guess = 'String'): { name: string; type: string } | undefined => {
    const entry = Object.entries(templateParameters).find(([key]) => key.toLowerCase() === name.toLowerCase());
    // ARM reads a property only of an object (the template at hand says so).
    if (template && !(entry && isObject(entry[1]) && /^(secure)?object$/i.test(String(entry[1].type ?? '')))) return undefined;
    const spelled = entry?.[0] ?? name;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(spelled) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(property)) return undefined;
    return holder(`[parameters('${spelled}').${property}]`, `${spelled}_${property}`, guess);
  };
  const deploymentValue = (read: string): { name: string; type: string } | undefined => {
    const name = DEPLOYMENT_VALUES[read];
    return name === undefined ? undefined : holder(`[${read}]`, name, 'String');
  };
  const templateVariables = isObject(template?.variables) ? template.variables : undefined;
  /** What template variable NAME gives: its text, or the definition parameter that holds it. */
  const variableFor = (name: string, guess = 'String', depth = 0): Part[] | undefined => {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) return undefined;
    // Outside its template a variable's value is not at hand: the deployment decides it, as a parameter's.
    if (!template) return asParameter(holder(`[variables('${name}')]`, name, guess));
    // ARM's names are case-insensitive; a variable the template does not declare is refused by ARM.
    const entry = Object.entries(templateVariables ?? {}).find(([key]) => key.toLowerCase() === name.toLowerCase());
    if (!entry) return undefined;
    const [spelled, value] = entry;
    if (typeof value === 'string' && !isArmExpression(value)) return [value];
    // One built by an ARM expression Jig reads (concat, format of text, parameters, other variables) is what it builds.
    const node = typeof value === 'string' && depth < MAX_VARIABLE_DEPTH ? parseArm(value.slice(1, -1)) : undefined;
    const built = node && evaluate(node, { parameterFor, parameterPropertyFor, deploymentValue, groupScope, variableFor: (inner, innerGuess) => variableFor(inner, innerGuess, depth + 1) });
    if (built) return built;
    // Else (resourceId(), reference(), an object…) it is what the deployment decides: a param of its own.
    const type = typeof value === 'string' ? guess : typeof value === 'number' ? (Number.isInteger(value) ? 'Int' : 'Float') : typeof value === 'boolean' ? 'Bool' : Array.isArray(value) ? 'Array' : isObject(value) ? 'Object' : undefined;
    return type === undefined ? undefined : asParameter(holder(`[variables('${spelled}')]`, spelled, type));
  };
  const actions = readActions(definition.actions, '', { parameterFor, parameterPropertyFor, deploymentValue, variableFor, groupScope, fromTemplate: template !== undefined }, unread);
  if (Object.keys(added).length === 0 && JSON.stringify(actions) === JSON.stringify(definition.actions)) return { definition, unread };
  return { definition: { ...definition, ...(Object.keys(added).length > 0 && { parameters: { ...declared, ...added } }), actions }, unread };
}

/** The definition parameter for template parameter NAME; `guess`, its type where the template is not at hand. */
type ParameterFor = (name: string, guess?: string) => { name: string; type: string } | undefined;

/**
 * What template variable NAME gives ("Variables in ARM templates": the template's `variables`
 * section, ARM's values or expressions evaluated at deployment): its text where it is a constant
 * or built from what Jig reads, else the definition parameter that holds it; `guess`, its type
 * where the template is not at hand.
 */
type VariableFor = (name: string, guess?: string) => Part[] | undefined;

/** How deep variables built from other variables are followed (ARM refuses a cycle). */
const MAX_VARIABLE_DEPTH = 8;

const asParameter = (parameter: { name: string; type: string } | undefined): Part[] | undefined => parameter && [{ parameter: parameter.name, type: parameter.type }];

/**
 * What the deployment's scope gives ("Scope functions for ARM templates": subscription() returns
 * its subscriptionId and tenantId, resourceGroup() its name and location), read as a param of
 * its own that the deployment gives, as a template parameter is.
 */
const DEPLOYMENT_VALUES: Readonly<Record<string, string>> = {
  'subscription().subscriptionId': 'deploymentSubscriptionId',
  'subscription().tenantId': 'deploymentTenantId',
  'resourceGroup().name': 'deploymentResourceGroup',
  'resourceGroup().location': 'deploymentLocation',
};

/** The definition parameter for what a scope function's property gives (`subscription().subscriptionId`). */
type DeploymentValue = (read: string) => { name: string; type: string } | undefined;

interface Reader extends Evaluator {
  /** The definition is read from its ARM template (not taken out of one): every `[…]` is ARM's. */
  readonly fromTemplate: boolean;
}

/** An action map with its actions' ARM expressions read (nested actions by their paths). */
function readActions(map: unknown, parent: string, reader: Reader, unread: Map<string, string>): unknown {
  if (!isObject(map)) return map;
  const result: JsonObject = {};
  for (const [name, action] of Object.entries(map)) {
    const path = parent ? `${parent}/${name}` : name;
    if (!isObject(action)) {
      result[name] = action;
      continue;
    }
    const problems: string[] = [];
    const read: JsonObject = {};
    for (const [key, value] of Object.entries(action)) {
      if (key === 'actions') read[key] = readActions(value, path, reader, unread);
      else if ((key === 'else' || key === 'default') && isObject(value)) read[key] = { ...value, actions: readActions(value.actions, path, reader, unread) };
      else if (key === 'cases' && isObject(value)) read[key] = Object.fromEntries(Object.entries(value).map(([c, branch]) => [c, isObject(branch) ? { ...branch, actions: readActions(branch.actions, path, reader, unread) } : branch]));
      else read[key] = readValue(value, reader, problems, (at) => numberAt(action, [key, ...at]));
    }
    if (problems.length > 0) unread.set(path, `an ARM template expression Jig does not read: ${problems[0]}`);
    result[name] = read;
  }
  return result;
}

/** `guessAt(path)`: the type a whole parameter's value has where it stands at `path` below the value (numberAt). */
function readValue(value: unknown, reader: Reader, problems: string[], guessAt: (at: readonly string[]) => string | undefined, at: readonly string[] = []): unknown {
  if (isArmExpression(value)) {
    const node = parseArm(value.slice(1, -1));
    // Outside a template, bracketed text that is no ARM expression (`[Daily report]`) is text.
    if (node === undefined && !reader.fromTemplate) return value;
    const guess = guessAt(at);
    const read = node && readArmString(node, { ...reader, parameterFor: (name) => reader.parameterFor(name, guess), parameterPropertyFor: (name, property) => reader.parameterPropertyFor(name, property, guess), variableFor: (name) => reader.variableFor(name, guess) });
    if (read === undefined) problems.push(value.length > 60 ? `${value.slice(0, 57)}…` : value);
    return read ?? value;
  }
  if (Array.isArray(value)) return value.map((item, index) => readValue(item, reader, problems, guessAt, [...at, String(index)]));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, readValue(member, reader, problems, guessAt, [...at, key])]));
  return value;
}

/**
 * Where an action takes a number whole, the type of a parameter standing there alone (a guess
 * where the template is not at hand, as translate.ts guesses a Standard app's): an integer or
 * float variable's initial value, an Until's count, a Date Time action's interval, a Wait's count,
 * an operand of a designer condition's ordering.
 */
function numberAt(action: JsonObject, at: readonly string[]): string | undefined {
  const type = String(action.type ?? '').toLowerCase();
  const path = at.join('/');
  if (type === 'initializevariable' && /^inputs\/variables\/\d+\/value$/.test(path)) {
    const variables = isObject(action.inputs) && Array.isArray(action.inputs.variables) ? action.inputs.variables : [];
    const variable: unknown = variables[Number(at[2])];
    const kind = isObject(variable) ? String(variable.type ?? '').toLowerCase() : '';
    return kind === 'integer' ? 'Int' : kind === 'float' ? 'Float' : undefined;
  }
  if ((type === 'until' && path === 'limit/count') || (type === 'expression' && path === 'inputs/interval') || (type === 'wait' && path === 'inputs/interval/count')) return 'Int';
  // An operand of a designer condition's ordering (`{"greaterOrEquals": [score, "[parameters('threshold')]"]}`):
  // a count more often than not, as translate.ts guesses a parameter an expression orders (numbersRead).
  if ((type === 'if' || type === 'until') && /^expression\/(?:.*\/)?(?:less|lessorequals|greater|greaterorequals)\/\d+$/.test(path.toLowerCase())) return 'Int';
  return undefined;
}

/** Two ARM expressions alike but for spaces outside their quoted text and the case of names. */
function sameArmText(a: string, b: string): boolean {
  const squeeze = (text: string) => text.replace(/'(?:[^']|'')*'|\s+/g, (m) => (m.startsWith("'") ? m : '')).toLowerCase();
  return squeeze(a) === squeeze(b);
}

// ---------------------------------------------------------------------------------------------
// The ARM expressions read

/** A part of an ARM string: text, or a parameter's value (by the definition parameter that holds it). */
type Part = string | { readonly parameter: string; readonly type: string };

type ArmNode =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number' }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly ArmNode[] }
  /** A property read (`subscription().subscriptionId`: PROPERTY `subscriptionId`) or an index read (no property). */
  | { readonly kind: 'read'; readonly target: ArmNode; readonly property?: string };

/** What an ARM expression's parameters, variables and scope functions give. */
interface Evaluator {
  readonly parameterFor: ParameterFor;
  /** The definition parameter for a property of an object parameter; `guess`, its type. */
  readonly parameterPropertyFor: (name: string, property: string, guess?: string) => { name: string; type: string } | undefined;
  readonly deploymentValue: DeploymentValue;
  readonly variableFor: VariableFor;
  /** The template deploys at a resource group's scope (or is not at hand), where resourceId() gives the form Jig reads. */
  readonly groupScope: boolean;
}

/** The definition string (or `@parameters('x')` value) an ARM expression gives; undefined when Jig does not read it. */
function readArmString(node: ArmNode, evaluator: Evaluator): string | undefined {
  const parts = evaluate(node, evaluator);
  // A value whole: itself, of whatever type (a parameter's may be a number, an object, …).
  if (parts?.length === 1 && typeof parts[0] === 'object') return `@parameters('${parts[0].parameter.replace(/'/g, "''")}')`;
  if (node.kind === 'call' && (node.name === 'parameters' || node.name === 'variables') && parts === undefined) return undefined;
  if (parts === undefined || parts.some((part) => typeof part === 'object' && !/^(secure)?string$/i.test(part.type))) return undefined;
  return definitionString(parts);
}

function evaluate(node: ArmNode, evaluator: Evaluator): Part[] | undefined {
  const { parameterFor, deploymentValue, variableFor } = evaluator;
  if (node.kind === 'string') return [node.value];
  if (node.kind === 'read') {
    const target = node.target;
    const named = target.kind === 'call' && target.name === 'parameters' && target.args.length === 1 ? target.args[0] : undefined;
    if (named?.kind === 'string' && node.property !== undefined) {
      const parameter = evaluator.parameterPropertyFor(named.value, node.property);
      return parameter && [{ parameter: parameter.name, type: parameter.type }];
    }
    const scope = node.target.kind === 'call' && node.target.args.length === 0 ? node.target.name : undefined;
    const read = scope === undefined || node.property === undefined ? undefined : Object.keys(DEPLOYMENT_VALUES).find((key) => key.toLowerCase() === `${scope}().${node.property}`.toLowerCase());
    const parameter = read === undefined ? undefined : deploymentValue(read);
    return parameter && [{ parameter: parameter.name, type: parameter.type }];
  }
  if (node.kind !== 'call') return undefined;
  const args = node.args;
  if (node.name === 'parameters') {
    const name = args.length === 1 ? args[0] : undefined;
    const parameter = name?.kind === 'string' ? parameterFor(name.value) : undefined;
    return parameter && [{ parameter: parameter.name, type: parameter.type }];
  }
  if (node.name === 'variables') {
    const name = args.length === 1 ? args[0] : undefined;
    return name?.kind === 'string' ? variableFor(name.value) : undefined;
  }
  if (node.name === 'concat') {
    const parts: Part[] = [];
    for (const arg of args) {
      const value = evaluate(arg, evaluator);
      if (value === undefined) return undefined;
      parts.push(...value);
    }
    return parts;
  }
  if (node.name === 'resourceid') return evaluator.groupScope ? resourceIdParts(args, evaluator) : undefined;
  const formatArg = node.name === 'format' ? args[0] : undefined;
  if (formatArg?.kind === 'string') {
    const values = args.slice(1).map((arg) => evaluate(arg, evaluator));
    if (values.some((value) => value === undefined)) return undefined;
    const parts: Part[] = [];
    const format = formatArg.value;
    for (let i = 0; i < format.length; i++) {
      const ch = format[i]!;
      if ((ch === '{' || ch === '}') && format[i + 1] === ch) {
        parts.push(ch);
        i++;
        continue;
      }
      if (ch === '}') return undefined;
      if (ch !== '{') {
        parts.push(ch);
        continue;
      }
      // {INDEX} only: an alignment or a format string (`{0,5}`, `{0:D}`) is not read.
      const match = /^\{(\d+)\}/.exec(format.slice(i));
      const value = match ? values[Number(match[1])] : undefined;
      if (!match || value === undefined) return undefined;
      parts.push(...value);
      i += match[0].length - 1;
    }
    return parts;
  }
  return undefined;
}

/**
 * resourceId([subscriptionId], [resourceGroupName], resourceType, resourceName1, [resourceName2], …)
 * ("Resource functions for ARM templates", resourceId): at a resource group's scope, where a
 * template deploys a Microsoft.Logic/workflows resource,
 * `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/{namespace}/{type}/{name}`,
 * a name for each segment of the type (a child's: `…/Microsoft.Web/sites/{site}/functions/{function}`),
 * the subscription and the resource group the deployment's unless given (read as
 * `subscription().subscriptionId` and `resourceGroup().name` are). Read only with the type written
 * as text (which is where the optional arguments end) and one name for each of its segments.
 */
function resourceIdParts(args: readonly ArmNode[], evaluator: Evaluator): Part[] | undefined {
  const typeAt = args.findIndex((arg) => arg.kind === 'string' && arg.value.includes('/'));
  const type = args[typeAt];
  if (typeAt < 0 || typeAt > 2 || type?.kind !== 'string') return undefined;
  const [namespace, ...segments] = type.value.split('/');
  const names = args.slice(typeAt + 1);
  if (!namespace || segments.length === 0 || segments.some((segment) => segment === '') || names.length !== segments.length) return undefined;
  const deployment = (read: string): Part[] | undefined => {
    const parameter = evaluator.deploymentValue(read);
    return parameter && [{ parameter: parameter.name, type: parameter.type }];
  };
  const subscription = typeAt === 2 ? evaluate(args[0]!, evaluator) : deployment('subscription().subscriptionId');
  const group = typeAt >= 1 ? evaluate(args[typeAt - 1]!, evaluator) : deployment('resourceGroup().name');
  if (!subscription || !group) return undefined;
  const parts: Part[] = ['/subscriptions/', ...subscription, '/resourceGroups/', ...group, `/providers/${namespace}`];
  for (const [index, segment] of segments.entries()) {
    const name = evaluate(names[index]!, evaluator);
    if (!name) return undefined;
    parts.push(`/${segment}/`, ...name);
  }
  return parts;
}

/**
 * The definition string of text and parameter values: each value stands where ARM puts its text,
 * read as the service reads the string. A value inside a quoted literal of an expression becomes
 * that literal's `parameters('x')` (with `concat` where the literal holds more); one in text
 * becomes `@{parameters('x')}`. Each value is marked while the string is read, by a character no
 * expression or name holds; a mark anywhere else (a function's name) is not read.
 */
function definitionString(parts: readonly Part[]): string | undefined {
  const parameters: string[] = [];
  const marked = parts.map((part) => (typeof part === 'string' ? part : `${MARK}${parameters.push(part.parameter) - 1}${MARK}`)).join('');
  if (parameters.length === 0) return marked;
  const template = readTemplate(marked);
  if (template === undefined) return undefined;
  let written: string;
  if (template.kind === 'expression') {
    const node = substitute(template.node, parameters);
    written = node === undefined ? '' : `@${printExpression(node, template.text)}`;
  } else {
    const texts = template.kind === 'text' ? [template.text] : template.parts;
    const pieces: string[] = [];
    for (const part of texts) {
      if (typeof part === 'string') {
        pieces.push(...splitMarked(part, parameters).map((piece) => (typeof piece === 'string' ? piece.replace(/@\{/g, '@@{') : `@{${piece.text}}`)));
        continue;
      }
      const node = substitute(part.node, parameters);
      if (node === undefined) return undefined;
      pieces.push(`@{${printExpression(node, part.text)}}`);
    }
    written = pieces.join('');
    // Text first that the service would read as an expression or as escaped text.
    if (typeof texts[0] === 'string' && texts[0].startsWith('@')) return undefined;
  }
  return written === '' || written.includes(MARK) || readTemplate(written) === undefined ? undefined : written;
}

const MARK = '\uE000';

const parameterCall = (name: string): ExpressionNode => ({ kind: 'call', name: 'parameters', args: [{ kind: 'literal', value: name, start: 0, end: 0 }], start: 0, end: 0 });

/** Text with marks as its pieces: text, and `parameters('x')` for each mark. */
function splitMarked(text: string, parameters: readonly string[]): (string | { text: string; node: ExpressionNode })[] {
  return text
    .split(new RegExp(`${MARK}(\\d+)${MARK}`))
    .map((piece, i) => (i % 2 === 0 ? piece : { text: `parameters('${parameters[Number(piece)]!.replace(/'/g, "''")}')`, node: parameterCall(parameters[Number(piece)]!) }))
    .filter((piece) => piece !== '');
}

/** An expression with each marked literal replaced by the parameters it holds; undefined when a mark is elsewhere. */
function substitute(node: ExpressionNode, parameters: readonly string[]): ExpressionNode | undefined {
  switch (node.kind) {
    case 'literal': {
      if (typeof node.value !== 'string' || !node.value.includes(MARK)) return node;
      const pieces = splitMarked(node.value, parameters).map((piece): ExpressionNode => (typeof piece === 'string' ? { kind: 'literal', value: piece, start: 0, end: 0 } : piece.node));
      return pieces.length === 1 ? pieces[0] : { kind: 'call', name: 'concat', args: pieces, start: 0, end: 0 };
    }
    case 'call': {
      if (node.name.includes(MARK)) return undefined;
      const args = node.args.map((arg) => substitute(arg, parameters));
      return args.every((arg) => arg !== undefined) ? { ...node, args: args as ExpressionNode[] } : undefined;
    }
    case 'array': {
      const items = node.items.map((item) => substitute(item, parameters));
      return items.every((item) => item !== undefined) ? { ...node, items: items as ExpressionNode[] } : undefined;
    }
    case 'access': {
      const [target, key] = [substitute(node.target, parameters), substitute(node.key, parameters)];
      return target && key ? { ...node, target, key } : undefined;
    }
  }
}

/**
 * An ARM expression's text (between its brackets): string literals (`'…'`, `''` a quote) and calls
 * of functions; a property or index read, a number or anything else is not read here.
 */
function parseArm(text: string): ArmNode | undefined {
  let i = 0;
  const reads = (target: ArmNode): ArmNode | undefined => {
    let result = target;
    for (;;) {
      space();
      const property = /^\.[A-Za-z_$][A-Za-z0-9_$]*/.exec(text.slice(i))?.[0];
      if (property) {
        i += property.length;
        result = { kind: 'read', target: result, property: property.slice(1) };
        continue;
      }
      if (text[i] !== '[') return result;
      i++;
      if (!node()) return undefined;
      space();
      if (text[i] !== ']') return undefined;
      i++;
      result = { kind: 'read', target: result };
    }
  };
  const space = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const node = (): ArmNode | undefined => {
    space();
    if (text[i] === "'") {
      let value = '';
      for (i++; i < text.length; i++) {
        if (text[i] === "'") {
          if (text[i + 1] !== "'") {
            i++;
            return { kind: 'string', value };
          }
          i++;
        }
        value += text[i];
      }
      return undefined;
    }
    const number = /^-?\d+(\.\d+)?/.exec(text.slice(i))?.[0];
    if (number) {
      i += number.length;
      return { kind: 'number' };
    }
    const name = /^[A-Za-z][A-Za-z0-9]*/.exec(text.slice(i))?.[0];
    if (!name) return undefined;
    i += name.length;
    space();
    if (text[i] !== '(') return undefined;
    i++;
    const args: ArmNode[] = [];
    space();
    if (text[i] === ')') i++;
    else {
      for (;;) {
        const arg = node();
        if (!arg) return undefined;
        args.push(arg);
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] !== ')') return undefined;
        i++;
        break;
      }
    }
    // ARM's function names are case-insensitive.
    return reads({ kind: 'call', name: name.toLowerCase(), args });
  };
  const result = node();
  space();
  return result && i === text.length ? result : undefined;
}
