/**
 * A definition's actions → Jig steps, for `jig import`. An action becomes the Jig step that the
 * emitter turns back into it, named as it was (`@action("NAME")`): Compose → `let`,
 * InitializeVariable → `var`, SetVariable/IncrementVariable/DecrementVariable → `set`,
 * AppendTo…Variable → `append`, Response → `respond`, Http → `call http` (`@identity`, `@chunked`, `@retry`, `@timeout`),
 * ParseJson → `parse json`, ParseDocument → `parse document`, ChunkText → `chunk text`, Table → `html table`, `csv table` (`columns { … }`), If → `if`/`else`, Switch → `switch`, Foreach → `for each`, Until →
 * `until`, Wait → `wait`, Scope → `scope`, the connector operations Jig writes (connectors.ts: Office 365 mail,
 * a Teams post) → `send mail`, `send … to teams(…)`, any other ApiConnection → `call connector`, a
 * Standard built-in operation (ServiceProvider) → `call service`, a Workflow action → `call workflow`. An action is written in Jig only when every part of it has a Jig form
 * (expressions.ts) and it runs where a Jig step runs (after the step before it, on success; actions
 * that start together and are joined after are a `parallel`'s branches); else
 * it is kept as a `raw action` with its JSON, as is every action the caller names in `keepRaw`
 * (those whose rebuilt JSON was not the original's).
 */
import { camelName, jigIdentifier, jsonText, type Names, stringLiteral } from './jig-text.js';
import { jigExpression, jigListOperation, jigValue, type Bindings, type Unexpressed } from './expressions.js';
import { AUTHENTICATION_TYPES } from '../connectors/http-authentication.js';
import { apiCall, connectorCall, connectorCallProblem, connectorStep, connectorWebhook, functionCall, isPlainText, requestClauses, serviceCall, transformLiquid, transformXml, workflowCall } from './connectors.js';
import { CHUNK_OPTION_KEYS, conditionExpression } from './parity.js';
import type { TypeCollector } from './schemas.js';
import { RUN_OUTCOMES, type RunOutcome } from '../semantics/model.js';
import { STOP_STATUSES } from '../syntax/tree.js';
import { TIME_ACTION_KINDS } from '../emit/builders.js';
import { isObject, readTemplate, type JsonObject } from './wdl.js';
import { CHUNK_DEFAULTS, CHUNKING_STRATEGY, ENCODING_MODELS, MAX_TOKEN_SIZE } from '../connectors/document-operations.js';

export interface ActionTranslation {
  readonly lines: string[];
  /** The top-level actions kept raw. */
  readonly rawActions: string[];
  /** Every action kept raw where a Jig step could stand (at the top level, or in a container written in Jig), with why. */
  readonly raw: RawAction[];
  /** The path of each action written in Jig, by its name in lower case (names are unique in a workflow). */
  readonly written: Map<string, string>;
  /** Actions written in Jig, at any depth. */
  expressedCount: number;
  /** The Http actions written in Jig whose answer was assumed to hold no secret (`noSecretAssumed`), by name. */
  readonly noSecretAssumed: string[];
}

/** An action kept as a `raw action`, and why (the summary and `--format json` tally them). */
export interface RawAction {
  /** Its path of action names (`For_each/Set_total`). */
  readonly action: string;
  /** Its type as the definition writes it. */
  readonly type: string;
  /** How many actions it holds, itself included. */
  readonly actions: number;
  readonly reason: string;
}

/** The actions to keep raw whatever they are, by path, each with why; or all of them, with why. */
export type KeepRaw = ReadonlyMap<string, string> | { readonly all: string };

export interface ActionOptions {
  readonly names: Names;
  readonly types: TypeCollector;
  readonly keepRaw: KeepRaw;
  /** Write every Parse JSON's schema out, its value untyped, instead of as a Jig type. */
  readonly untyped: boolean;
  /** The definition parameters declared in Jig: the Jig name of each, by its name in the definition. */
  readonly parameters: ReadonlyMap<string, string>;
  /**
   * The actions whose answer the JSON cannot say is no secret (an authenticated Http call to a URL
   * known only at run time: `reason`; an operation through a connection Jig cannot identify or a
   * provider computed at run time: `connectionReason`), by name in lower case: each gets
   * `@declassify(secret, REASON)` on its `let`, the importer's assumption (a hole) or, in the parity
   * check's stub, one confirmed.
   */
  readonly noSecretAssumed?: { readonly actions: ReadonlySet<string>; readonly reason: string; readonly connectionReason: string };
}

const VARIABLE_TYPES: Readonly<Record<string, string>> = { string: 'string', integer: 'integer', float: 'number', boolean: 'boolean' };
const WAIT_UNITS: Readonly<Record<string, string>> = { second: 'seconds', minute: 'minutes', hour: 'hours', day: 'days', week: 'weeks', month: 'months' };
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);
/** The designer's limits of an Until, which Jig writes for an `until` without `@count` or `@timeout`. */
const UNTIL_LIMIT = { count: 60, timeout: 'PT1H' };

export function translateActions(actions: JsonObject, options: ActionOptions): ActionTranslation {
  const translator = new ActionTranslator(options, actionsRead(actions), valuesAppended(actions), actions, outputsRead(actions));
  const lines = translator.block(actions, '', '  ', true).map((line) => translator.bindingUsed(line));
  const assumed = [...(options.noSecretAssumed?.actions ?? [])].filter((action) => translator.written.has(action) && translator.readsResultOf(action));
  return { lines, rawActions: translator.topLevelRaw, raw: translator.raw, written: translator.written, expressedCount: translator.expressed, noSecretAssumed: assumed.map((action) => translator.written.get(action)!) };
}

/** Marks the `let NAME = ` of a raw action, kept only when a step written in Jig reads NAME. */
const RAW_RESULT = /\u0000([^\u0000]*)\u0000([^\u0000]*)\u0000/;

class ActionTranslator implements Bindings {
  readonly written = new Map<string, string>();
  readonly topLevelRaw: string[] = [];
  readonly raw: RawAction[] = [];
  expressed = 0;
  /** Why the step being translated has no Jig form, once something said so. */
  private reason: string | undefined;
  private readonly variables = new Map<string, string>();
  private readonly results = new Map<string, ActionResult>();
  /** The loops around the action being translated, innermost last. */
  private readonly loops: { readonly action: string; readonly item: string }[] = [];
  /** The raw actions whose result a step written in Jig reads, by name in lower case. */
  private readonly rawResultsRead = new Set<string>();
  /** The variables some InitializeVariable of the definition declares, and those a raw one does, by name in lower case. */
  private readonly declared: ReadonlySet<string>;
  private readonly rawVariables = new Set<string>();
  /**
   * @param read the actions whose results some expression of the definition reads
   *   (`body('A')`, `outputs('A')`), by name in lower case: a raw one of those names its result.
   * @param appended what the definition appends to each array variable (valuesAppended).
   */
  constructor(
    private readonly options: ActionOptions,
    private readonly read: ReadonlySet<string>,
    private readonly appended: ReadonlyMap<string, ReadonlySet<string>>,
    actions: JsonObject,
    /** The actions whose outputs are read other than for their body (a call's status code or headers), by name in lower case. */
    private readonly outputs: ReadonlySet<string> = new Set(),
  ) {
    this.declared = variablesInitialized(actions);
  }

  /** Whether some expression of the definition reads an action's result. */
  readsResultOf(action: string): boolean {
    return this.read.has(action.toLowerCase());
  }

  // Bindings: what the definition's names stand for in the Jig written so far.
  variable(name: string): string | undefined {
    return this.variables.get(name.toLowerCase());
  }
  action(read: 'outputs' | 'body', name: string): string | undefined {
    const result = this.results.get(name.toLowerCase());
    if (result?.raw) this.rawResultsRead.add(name.toLowerCase());
    // body('A') is A's outputs' body (Microsoft's functions reference, "body": actions('A').outputs.body),
    // also where A's name stands for its outputs alone (a Compose's): NAME.body.
    if (read === 'body' && result?.body === undefined && result?.outputs !== undefined) return `${result.outputs}.body`;
    return result?.[read];
  }
  unexpressed(part: Unexpressed): void {
    this.reason ??= this.unexpressedReason(part);
  }

  /** Why a part of an expression has no Jig form, said with what the translation knows of its name. */
  private unexpressedReason(part: Unexpressed): string {
    const name = 'name' in part ? part.name : '';
    switch (part.kind) {
      case 'function':
        return `no Jig function for ${name}()`;
      case 'variable':
        if (!this.declared.has(name.toLowerCase())) return `variable '${name}' is never initialized`;
        if (this.rawVariables.has(name.toLowerCase())) return `variable '${name}' is initialized by a raw action`;
        return `variable '${name}' is initialized after it is used, or in a branch`;
      case 'action': {
        if (this.results.has(name.toLowerCase())) return `${part.read}('${name}'), which its Jig step does not name`;
        return this.written.has(name.toLowerCase()) ? `${part.read}('${name}') of a step whose result Jig does not name` : `${part.read}('${name}') of an action nested in a raw one, or after this one`;
      }
      case 'loop':
        return `items('${name}') of a loop kept raw`;
      case 'parameter':
        return `parameter '${name}' is not declared in Jig`;
      case 'form':
        return part.what;
    }
  }

  /** Notes why the step has no Jig form (the first thing said), and gives undefined. */
  private refuse(reason: string): undefined {
    this.reason ??= reason;
    return undefined;
  }

  /** A line of the steps written, the `let` of a raw action's result kept only when it is read. */
  bindingUsed(line: string): string {
    return line.replace(RAW_RESULT, (_, action: string, binding: string) => (this.rawResultsRead.has(action) ? binding : ''));
  }
  loopItem(loop?: string): string | undefined {
    if (loop === undefined) return this.loops.at(-1)?.item;
    return this.loops.find((l) => l.action.toLowerCase() === loop.toLowerCase())?.item;
  }
  parameter(name: string): string | undefined {
    return this.options.parameters.get(name);
  }

  /**
   * The steps of one actions map, in runAfter order, at `indent`; the first runs after `after` (the
   * step before a `parallel`, for one of its branches; nothing, at the start of a map).
   */
  block(actions: JsonObject, parent: string, indent: string, topLevel = false, after: readonly string[] = []): string[] {
    const lines: string[] = [];
    let previous: readonly string[] = after;
    // After a try and its catch, the next step runs once the catch succeeded or was skipped.
    let previousStatuses = SUCCEEDED;
    const ordered = orderByRunAfter(actions);
    for (let index = 0; index < ordered.length; index++) {
      const [name, action] = ordered[index]!;
      const path = parent ? `${parent}/${name}` : name;
      const fork = previousStatuses === SUCCEEDED ? parallelAt(ordered, index, previous) : undefined;
      if (fork) {
        // Branches that start together, each written as a block of its own, and joined by what follows.
        fork.branches.forEach((branch, i) => {
          lines.push(`${indent}${i === 0 ? 'parallel' : '} and'} {`);
          lines.push(...this.block(Object.fromEntries(branch), parent, `${indent}  `, topLevel, previous));
        });
        lines.push(`${indent}}`);
        const members = new Set(fork.branches.flat().map(([member]) => member));
        const rest = ordered.slice(index).filter(([other]) => !members.has(other));
        ordered.splice(index, ordered.length - index, ...rest);
        previous = fork.ends;
        index--;
        continue;
      }
      const expressed = this.expressed;
      const writtenBefore = this.written.size;
      const readBefore = new Set(this.rawResultsRead);
      const rawBefore = this.raw.length;
      const kept = !isObject(action) ? 'it is not an object' : keptRawReason(this.options.keepRaw, path);
      const inSequence = kept === undefined && runsInSequence(action, previous, previousStatuses);
      // After the one action before it on other statuses than its success: `@after(…)`.
      const after = kept !== undefined || inSequence || previousStatuses !== SUCCEEDED ? undefined : afterOutcomes(action, previous);
      const handler = inSequence ? this.catchOf(name, action as JsonObject, ordered[index + 1], ordered, parent) : undefined;
      this.reason = kept ?? (inSequence || after ? undefined : runAfterReason(action, previous, previousStatuses));
      const written = after
        ? withAnnotation(this.step(name, action as JsonObject, path, indent, topLevel), after, isInitializeVariable(action))
        : !inSequence ? undefined : handler ? this.tryCatch(name, action as JsonObject, handler, path, indent) : this.step(name, action as JsonObject, path, indent, topLevel);
      if (!written) {
        const type = isObject(action) ? String(action.type ?? '') : '';
        this.raw.splice(rawBefore);
        this.raw.push({ action: path, type, actions: countActions({ [name]: action }), reason: this.reason ?? `inputs or options of this ${type || 'action'} that Jig does not write` });
        if (type.toLowerCase() === 'initializevariable') for (const variable of initializedVariables(action)) this.rawVariables.add(variable);
        // What a container kept raw held is raw too, and what it read is not read by Jig.
        this.expressed = expressed;
        for (const key of [...this.written.keys()].slice(writtenBefore)) this.written.delete(key);
        for (const key of this.rawResultsRead) if (!readBefore.has(key)) this.rawResultsRead.delete(key);
      }
      previousStatuses = SUCCEEDED;
      if (written && handler) {
        lines.push(...written);
        this.written.set(name.toLowerCase(), path);
        this.written.set(handler[0].toLowerCase(), parent ? `${parent}/${handler[0]}` : handler[0]);
        this.expressed += 2;
        previous = [handler[0]];
        previousStatuses = SUCCEEDED_OR_SKIPPED;
        index++;
        continue;
      }
      if (written) {
        lines.push(...written);
        this.written.set(name.toLowerCase(), path);
        this.expressed++;
      } else {
        if (topLevel) this.topLevelRaw.push(name);
        lines.push(...indentLines(`${this.rawResult(name)}raw action ${stringLiteral(name)} ${jsonText(action)}`, indent));
      }
      previous = [name];
    }
    return lines;
  }

  /**
   * The Scope that catches a Scope's failure as `try`/`catch` writes it: the next action, a Scope
   * that runs after it has failed or timed out, and that no other action runs after.
   */
  private catchOf(name: string, action: JsonObject, next: [string, unknown] | undefined, ordered: readonly [string, unknown][], parent: string): [string, JsonObject] | undefined {
    if (String(action.type ?? '').toLowerCase() !== 'scope' || !next || !isObject(next[1])) return undefined;
    const [catchName, handler] = next;
    if (String(handler.type ?? '').toLowerCase() !== 'scope' || keptRawReason(this.options.keepRaw, parent ? `${parent}/${catchName}` : catchName) !== undefined) return undefined;
    if (Object.keys(handler).some((key) => !['type', 'actions', 'runAfter', 'description', 'metadata'].includes(key))) return undefined;
    const runAfter = isObject(handler.runAfter) ? Object.entries(handler.runAfter) : [];
    if (runAfter.length !== 1 || runAfter[0]![0] !== name || !sameStatuses(runAfter[0]![1], FAILED_OR_TIMED_OUT)) return undefined;
    // What else runs after the try would run once it succeeded, which Jig does not write.
    if (ordered.some(([other, value]) => other !== catchName && isObject(value) && isObject(value.runAfter) && name in value.runAfter)) return undefined;
    return [catchName, handler];
  }

  /** `try { … } catch { … } @action("TRY", "CATCH")`. */
  private tryCatch(name: string, action: JsonObject, [catchName, handler]: [string, JsonObject], path: string, indent: string): string[] | undefined {
    if (Object.keys(action).some((key) => !['type', 'actions', 'runAfter', 'description', 'metadata'].includes(key))) return undefined;
    const parent = path.slice(0, path.length - name.length);
    return [
      `${indent}try {`,
      ...this.nested(action.actions, path, indent),
      `${indent}} catch {`,
      ...this.nested(handler.actions, `${parent}${catchName}`, indent),
      `${indent}} @action(${stringLiteral(name)}, ${stringLiteral(catchName)})`,
    ];
  }

  /**
   * An action's trackedProperties as ` @tracked("NAME", VALUE)` each ('' for none): plain text, or
   * the Jig expression of a value the service computes (what it may read, semantics: the trigger
   * and params); undefined when a value has no Jig expression (`action()`, the action's own inputs)
   * or the map is empty (`{}`) or computed whole, which Jig would not write back.
   */
  private trackedAnnotations(properties: unknown): string | undefined {
    if (properties === undefined) return '';
    if (!isObject(properties) || Object.keys(properties).length === 0) return undefined;
    let text = '';
    for (const [name, value] of Object.entries(properties)) {
      const jig = typeof value === 'string' && !value.includes('@') ? stringLiteral(value) : jigValue(value, this);
      if (jig === undefined || name === '') return undefined;
      text += ` @tracked(${stringLiteral(name)}, ${jig})`;
    }
    return text;
  }

  private step(name: string, action: JsonObject, path: string, indent: string, topLevel: boolean): string[] | undefined {
    const type = String(action.type ?? '').toLowerCase();
    // Tracked properties are `@tracked`, plain text or an expression (what it reads reaches the diagnostic logs: the policy judges it).
    const tracked = this.trackedAnnotations(action.trackedProperties);
    const known = ['type', 'inputs', 'runAfter', 'description', 'metadata', ...(STEP_KEYS[type] ?? []), ...(tracked === undefined ? [] : ['trackedProperties'])];
    const unknown = Object.keys(action).filter((key) => !known.includes(key));
    if (unknown.length > 0) return this.refuse(`its ${unknown.join(', ')}, which Jig does not write${unknown.includes('trackedProperties') ? ' (a tracked property Jig writes is a map of values Jig expresses)' : ''}`);
    const inputs = isObject(action.inputs) ? action.inputs : undefined;
    const named = `@action(${stringLiteral(name)})${tracked ?? ''}`;
    const comment = typeof action.description === 'string' ? [`${indent}// ${action.description.replace(/\s+/g, ' ')}`] : [];
    const one = (text: string | undefined): string[] | undefined => (text === undefined ? undefined : [...comment, `${indent}${text} ${named}`]);
    switch (type) {
      case 'compose': {
        if (!('inputs' in action)) return undefined;
        const value = jigValue(action.inputs, this);
        if (value === undefined) return undefined;
        const jigName = this.options.names.take(camelName(name));
        this.bindResult(name, { outputs: jigName });
        return one(`let ${jigName} = ${value}`);
      }
      case 'initializevariable': {
        // Several variables of one action are consecutive `var`s that its name names (one InitializeVariable again).
        if (!topLevel) return this.refuse('a variable initialized inside a container (Jig declares variables at the top)');
        if (!inputs || !Array.isArray(inputs.variables) || inputs.variables.length === 0 || Object.keys(inputs).length !== 1) return this.refuse('inputs Jig does not write');
        const before = new Set(this.variables.keys());
        const declared = inputs.variables.map((variable) => this.variableDeclaration(variable));
        if (!declared.every((text): text is string => text !== undefined)) {
          // A raw action declares them all: none is a Jig variable.
          for (const key of [...this.variables.keys()]) if (!before.has(key)) this.variables.delete(key);
          return undefined;
        }
        // The variables share one action: its tracked properties are written on the first.
        return [...comment, ...declared.map((text, index) => `${indent}${text} ${index === 0 ? named : `@action(${stringLiteral(name)})`}`)];
      }
      case 'setvariable':
      case 'incrementvariable':
      case 'decrementvariable':
      case 'appendtoarrayvariable':
      case 'appendtostringvariable': {
        // An increment or decrement without a value is by 1 (the service's default), which Jig writes.
        const byOne = (type === 'incrementvariable' || type === 'decrementvariable') && inputs !== undefined && !('value' in inputs);
        if (!inputs || Object.keys(inputs).some((key) => key !== 'name' && key !== 'value') || (!('value' in inputs) && !byOne)) return this.refuse('inputs Jig does not write');
        const variable = typeof inputs.name === 'string' ? this.variable(inputs.name) : undefined;
        if (!variable) return this.refuse(typeof inputs.name === 'string' ? this.unexpressedReason({ kind: 'variable', name: inputs.name }) : 'a variable named at run time');
        const value = byOne ? '1' : jigValue(inputs.value, this);
        if (value === undefined) return undefined;
        if (type === 'setvariable') return one(`set ${variable} = ${value}`);
        if (type === 'incrementvariable') return one(`set ${variable} = ${variable} + (${value})`);
        if (type === 'decrementvariable') return one(`set ${variable} = ${variable} - (${value})`);
        return one(`append ${value} to ${variable}`);
      }
      case 'response': {
        if (!inputs || Object.keys(inputs).some((key) => key !== 'statusCode' && key !== 'headers' && key !== 'body')) return undefined;
        if (action.kind !== undefined && String(action.kind).toLowerCase() !== 'http') return undefined;
        // A status computed by one expression (`@outputs('Call')?['statusCode']`) → `respond (EXPR)`,
        // which jig fmt writes without parentheses where it reads plainly.
        const statusCode = inputs.statusCode;
        const literal = typeof statusCode === 'number' && Number.isInteger(statusCode);
        if (!literal && !(typeof statusCode === 'string' && readTemplate(statusCode)?.kind === 'expression')) return this.refuse('its status, neither a whole number nor one expression');
        const computed = literal ? undefined : jigValue(statusCode, this);
        if (!literal && computed === undefined) return undefined;
        const status = literal ? String(statusCode) : `(${computed})`;
        // Its headers and body as a call's are written: `headers { "NAME": EXPR, … } body EXPR`.
        const clauses = requestClauses(inputs, this);
        return one(clauses === undefined ? undefined : `respond ${status}${clauses}`);
      }
      case 'http': {
        const unwritten = Object.keys(inputs ?? {}).filter((key) => !['method', 'uri', 'queries', 'headers', 'body', 'retryPolicy', 'authentication'].includes(key));
        if (!inputs || unwritten.length > 0) return this.refuse(`its inputs' ${unwritten.join(', ')}, which Jig does not write`);
        // A managed identity is @identity; the other documented types are `auth { … }`.
        const auth = authClause(inputs.authentication, this);
        const identity = auth === undefined ? identityOption(inputs.authentication, this) : '';
        const retryAndTimeout = callOptions(inputs.retryPolicy, action.limit);
        const chunked = chunkedOption(action.runtimeConfiguration);
        const synchronous = synchronousOption(action.operationOptions);
        const options = identity === undefined || retryAndTimeout === undefined || chunked === undefined || synchronous === undefined ? undefined : `${identity}${chunked}${synchronous}${retryAndTimeout}`;
        if (options === undefined) return this.refuse(`its ${identity === undefined ? 'authentication' : retryAndTimeout === undefined ? 'retry policy or limit' : chunked === undefined ? 'runtime configuration' : 'operationOptions'}, which Jig does not write`);
        const method = typeof inputs.method === 'string' ? inputs.method.toLowerCase() : '';
        const uri = jigValue(inputs.uri, this);
        if (!HTTP_METHODS.has(method)) return this.refuse(`method ${method || 'computed'}, which Jig does not write`);
        if (uri === undefined) return undefined;
        const clauses = requestClauses(inputs, this, auth);
        if (clauses === undefined) return undefined;
        const text = `call http ${method} ${uri}${clauses}`;
        const jigName = this.options.names.take(camelName(name));
        const assumed = this.options.noSecretAssumed;
        const noSecret = assumed?.actions.has(name.toLowerCase()) && this.read.has(name.toLowerCase()) ? ` @declassify(secret, ${stringLiteral(assumed.reason)})` : '';
        return one(`let ${jigName} = ${text}${options}${noSecret}${this.bindCall(name, jigName)}`);
      }
      case 'apiconnection': {
        if (!inputs) return undefined;
        const { retryPolicy, ...request } = inputs;
        const retryAndTimeout = callOptions(retryPolicy, action.limit);
        if (retryAndTimeout === undefined) return this.refuse(`its retry policy or limit, which Jig does not write`);
        // The designer's "Allow chunking" (a Blob or file upload) and "Pagination": `@chunked`, `@paginate(N)`.
        const chunked = connectorRuntimeOptions(action.runtimeConfiguration);
        if (chunked === undefined) return this.refuse('its runtime configuration, which Jig does not write');
        const synchronous = synchronousOption(action.operationOptions);
        if (synchronous === undefined) return this.refuse('its operationOptions, which Jig does not write');
        const options = `${chunked}${synchronous}${retryAndTimeout}`;
        const text = chunked === '' && synchronous === '' ? connectorStep(request, this) : undefined;
        if (text !== undefined) return one(`${text}${options}`);
        // Any other operation, as the request it sends through its connection; named when read.
        const call = connectorCall(request, this);
        return call === undefined ? this.refuse(connectorCallProblem(request)) : one(this.callRead(name, `${call}${options}`, true));
      }
      case 'apiconnectionwebhook':
      case 'function':
      case 'apimanagement':
      case 'serviceprovider':
      case 'workflow': {
        // A connector's webhook operation (an approval mail, an adaptive card that waits for an
        // answer), an Azure function by its resource id (without a method the service calls POST,
        // which Jig writes), a built-in operation, a logic app: each a call with its own request.
        if (!inputs) return undefined;
        const { retryPolicy, ...request } = inputs;
        const options = callOptions(retryPolicy, action.limit);
        if (options === undefined) return this.refuse(`its retry policy or limit, which Jig does not write`);
        const service = type === 'serviceprovider';
        // (STEP_KEYS gives a webhook and a function no operationOptions.)
        const synchronous = synchronousOption(action.operationOptions);
        if (synchronous === undefined) return this.refuse('its operationOptions, which Jig does not write');
        const call = CALL_FORMS[type]!(request, this);
        if (call === undefined) return this.refuse(type === 'apiconnectionwebhook' ? connectorCallProblem(request, true) : CALL_PROBLEMS[type]!);
        return one(this.callRead(name, `${call}${synchronous}${options}`, service));
      }
      case 'parsejson': {
        if (!inputs || Object.keys(inputs).some((key) => key !== 'content' && key !== 'schema')) return undefined;
        const content = jigValue(inputs.content, this);
        if (content === undefined || !isObject(inputs.schema)) return undefined;
        // The type is named after what the action parses (`Parse_order` → `ParseOrderBody`); a
        // schema Jig's types cannot say is written out, and the value is untyped.
        const schemaType = this.options.untyped ? undefined : this.options.types.typeOf(inputs.schema, `${name}_body`);
        return one(this.bodyBound(name, `parse json ${content} ${schemaType ? `as ${schemaType}` : `schema ${jsonText(inputs.schema).replace(/\n/g, `\n${indent}`)}`}`));
      }
      case 'javascriptcode': {
        // Its explicitDependencies (the actions, by name, and the trigger whose outputs the code is
        // given: Microsoft's workflow actions reference, and the designer's manifest of the action,
        // whose Actions and Trigger parameters they are) → `@dependencies(…)`.
        if (!inputs || Object.keys(inputs).some((key) => key !== 'code' && key !== 'explicitDependencies') || typeof inputs.code !== 'string') return this.refuse('inputs of this JavaScriptCode that Jig does not write');
        const dependencies = inputs.explicitDependencies === undefined ? '' : codeDependencies(inputs.explicitDependencies);
        if (dependencies === undefined) return this.refuse('explicitDependencies of this JavaScriptCode that Jig does not write (other than actions by name and includeTrigger true)');
        // An expression or an `@{…}` in it is the service's to evaluate: a template Jig does not write.
        if (/^@(?!@)|(?<!@)@\{/.test(inputs.code)) return this.refuse('code that is a template, which javascript does not write');
        const code = jigValue(inputs.code, this);
        if (code === undefined) return undefined;
        // outputs('A') read whole or by a member other than body: NAME is its outputs (`@outputs`),
        // as the workflow reads them. Microsoft's designer manifest gives them as `{ body: Result }`
        // (LogicAppsUX manifests/inlinecode.ts), its Standard templates read outputs('A') as what
        // the code returns: written as read, the JSON is the same whichever the service gives.
        if (this.outputs.has(name.toLowerCase())) return one(this.outputsBound(name, `javascript ${code}${dependencies}`));
        return one(this.bodyBound(name, `javascript ${code}${dependencies}`));
      }
      case 'expression': {
        const text = inputs && timeOperation(action.kind, inputs, this);
        return text === undefined ? this.refuse('a Date Time action whose kind or inputs Jig does not write') : one(this.bodyBound(name, text));
      }
      case 'xslt': {
        // An XSLT map: an integration account's, a Standard app's own, or a Data Mapper map (connectors/xslt.ts).
        const text = inputs && transformXml(inputs, action.kind, this);
        return text === undefined ? this.refuse('an Xslt whose map, kind or inputs Jig does not write') : one(this.bodyBound(name, text));
      }
      case 'liquid': {
        // A Liquid map of one of the designer's kinds: an integration account's or a Standard app's own (connectors/liquid.ts).
        const text = inputs && transformLiquid(inputs, action.kind, this);
        return text === undefined ? this.refuse('a Liquid action whose map, kind or inputs Jig does not write') : one(this.bodyBound(name, text));
      }
      case 'parsedocument': {
        if (!inputs || Object.keys(inputs).some((key) => key !== 'content')) return this.refuse('inputs of this ParseDocument that Jig does not write');
        const content = jigValue(inputs.content, this);
        return content === undefined ? undefined : one(this.bodyBound(name, `parse document ${content}`));
      }
      case 'chunktext': {
        const options = inputs && chunkOptions(inputs);
        if (!inputs || options === undefined) return this.refuse('inputs of this ChunkText that Jig does not write (options spelled with a capital, or not literal)');
        const text = jigValue(inputs.text, this);
        return text === undefined ? undefined : one(this.bodyBound(name, `chunk text ${text}${options}`));
      }
      case 'table': {
        // Create HTML or CSV table: its columns the rows' fields, or `columns { "HEADER": VALUE }` (in which `item()` is `item`).
        const format = inputs?.format === 'HTML' ? 'html' : inputs?.format === 'CSV' ? 'csv' : undefined;
        if (!inputs || !format || Object.keys(inputs).some((key) => !['from', 'format', 'columns'].includes(key))) return this.refuse('inputs of this Table that Jig does not write (a format spelled otherwise than HTML or CSV)');
        const from = jigValue(inputs.from, this);
        let columns = '';
        if (inputs.columns !== undefined) {
          const list = tableColumns(inputs.columns);
          if (!list) return this.refuse('columns of this Table that Jig does not write (a header that is not plain text, or written twice)');
          this.loops.push({ action: name, item: 'item' });
          const record = jigValue(list, this);
          this.loops.pop();
          if (record === undefined) return undefined;
          columns = ` columns ${record}`;
        }
        return from === undefined ? undefined : one(this.bodyBound(name, `${format} table ${from}${columns}`));
      }
      case 'query':
      case 'select': {
        const operand = type === 'query' ? 'where' : 'select';
        if (!inputs || Object.keys(inputs).some((key) => key !== 'from' && key !== operand)) return undefined;
        // In the condition or the projection, `item()` is the element: Jig's `item`.
        this.loops.push({ action: name, item: 'item' });
        const operation = jigListOperation(type === 'query' ? 'where' : 'select', inputs.from, inputs[operand], this);
        this.loops.pop();
        if (operation === undefined) return undefined;
        return one(this.bodyBound(name, operation));
      }
      case 'terminate': {
        if (!inputs || Object.keys(inputs).some((key) => key !== 'runStatus' && key !== 'runError')) return undefined;
        const error = inputs.runError;
        // Without a message: `stop STATUS`, a failed run's code as @code.
        const stop = STOP_STATUSES.find((status) => inputs.runStatus === `${status[0]!.toUpperCase()}${status.slice(1)}`);
        if (stop && error === undefined) return one(`stop ${stop}`);
        if (stop === 'failed' && isObject(error) && Object.keys(error).length === 1 && isWrittenCode(error.code)) return one(`stop failed @code(${stringLiteral(error.code)})`);
        // A failed run with a message (Jig's fail); its code, when not Jig's own, as @code (none: @code(none)).
        if (stop !== 'failed' || !isObject(error) || !('message' in error) || Object.keys(error).some((key) => key !== 'code' && key !== 'message')) return undefined;
        const code = error.code;
        if (code !== undefined && !isWrittenCode(code)) return undefined;
        const message = jigValue(error.message, this);
        if (message === undefined) return undefined;
        const annotation = code === undefined ? ' @code(none)' : code === 'JigFail' ? '' : ` @code(${stringLiteral(code)})`;
        return one(`fail ${message}${annotation}`);
      }
      case 'wait': {
        const until = inputs && Object.keys(inputs).length === 1 && isObject(inputs.until) && Object.keys(inputs.until).length === 1 ? inputs.until.timestamp : undefined;
        if (until !== undefined) {
          const time = jigValue(until, this);
          return time === undefined ? undefined : one(`wait until ${time}`);
        }
        const interval = inputs && Object.keys(inputs).length === 1 && isObject(inputs.interval) ? inputs.interval : undefined;
        const count = interval?.count;
        const unit = WAIT_UNITS[String(interval?.unit ?? '').toLowerCase()];
        if (!interval || Object.keys(interval).length !== 2 || !unit) return undefined;
        // A count an expression computes (a parameter, `rand()`): `wait (EXPR) UNIT`, which Jig
        // writes as the same expression; a year is not a Wait unit, so UNIT is one as written.
        if (typeof count === 'string' && /^@(?![@{])/.test(count)) {
          const amount = jigValue(count, this);
          return amount === undefined ? undefined : one(`wait ${/^[\w.]+$/.test(amount) ? amount : `(${amount})`} ${unit}`);
        }
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return undefined;
        return one(`wait ${count} ${unit}`);
      }
      case 'if': {
        const condition = this.condition(action.expression);
        if (condition === undefined || (action.else !== undefined && !(isObject(action.else) && Object.keys(action.else).every((key) => key === 'actions')))) return undefined;
        const lines = [...comment, `${indent}if ${condition} {`, ...this.nested(action.actions, path, indent)];
        const elseActions = isObject(action.else) ? action.else.actions : undefined;
        if (isObject(elseActions) && Object.keys(elseActions).length > 0) lines.push(`${indent}} else {`, ...this.nested(elseActions, path, indent));
        lines.push(`${indent}} ${named}`);
        return lines;
      }
      case 'foreach': {
        const items = jigValue(action.foreach, this);
        const concurrent = concurrency(action.runtimeConfiguration, writesVariable(action.actions));
        if (concurrent === undefined) return this.refuse('its runtime configuration, which Jig does not write');
        if (items === undefined) return undefined;
        const item = this.options.names.take(`${camelName(name)}Item`);
        this.loops.push({ action: name, item });
        const body = this.nested(action.actions, path, indent);
        this.loops.pop();
        return [...comment, `${indent}for each ${item} in ${items} {`, ...body, `${indent}}${concurrent} ${named}`];
      }
      case 'until': {
        const limits = untilLimits(action.limit, this);
        if (limits === undefined) return undefined;
        const body = this.nested(action.actions, path, indent);
        const condition = this.condition(action.expression);
        if (condition === undefined) return undefined;
        return [...comment, `${indent}until ${condition} {`, ...body, `${indent}}${limits} ${named}`];
      }
      case 'scope':
        return [...comment, `${indent}scope {`, ...this.nested(action.actions, path, indent), `${indent}} ${named}`];
      case 'switch': {
        const subject = jigValue(action.expression, this);
        if (subject === undefined || !isObject(action.cases) || (action.default !== undefined && !(isObject(action.default) && Object.keys(action.default).every((key) => key === 'actions')))) return undefined;
        const lines = [...comment, `${indent}switch ${subject} {`];
        for (const branch of Object.values(action.cases)) {
          if (!isObject(branch) || Object.keys(branch).some((key) => key !== 'case' && key !== 'actions')) return undefined;
          const value = branch.case;
          const literal = typeof value === 'string' ? stringLiteral(value) : typeof value === 'number' && Number.isInteger(value) ? String(value) : undefined;
          if (literal === undefined) return undefined;
          lines.push(`${indent}  case ${literal} {`, ...this.nested(branch.actions, path, `${indent}  `), `${indent}  }`);
        }
        const defaultActions = isObject(action.default) ? action.default.actions : undefined;
        if (isObject(defaultActions) && Object.keys(defaultActions).length > 0) {
          lines.push(`${indent}  default {`, ...this.nested(defaultActions, path, `${indent}  `), `${indent}  }`);
        }
        lines.push(`${indent}} ${named}`);
        return lines;
      }
      case 'agent':
        return this.agent(name, action, inputs, path, indent, comment, named);
      default:
        return this.refuse(`no Jig form for type ${action.type === undefined ? '(none)' : String(action.type)}`);
    }
  }

  /**
   * An Agent action → `agent "CONNECTION" model "DEPLOYMENT" messages … [options { … }] [tools { … }]`
   * (README, "AI agents"), named when the definition reads its outputs. Kept raw: a model Jig cannot
   * name (no agent connection: a Consumption agent's, one with an empty reference; several
   * models), options that compute (an expression Jig would not read), a tool with more than its
   * actions, description and schema (an MCP server, a handoff to another agent), or a limit Jig
   * does not write.
   */
  private agent(name: string, action: JsonObject, inputs: JsonObject | undefined, path: string, indent: string, comment: string[], named: string): string[] | undefined {
    if (!inputs || Object.keys(inputs).some((key) => key !== 'parameters' && key !== 'modelConfigurations')) return this.refuse("its inputs' keys, which Jig does not write");
    const models = inputs.modelConfigurations;
    const model = isObject(models) && Object.keys(models).length === 1 && isObject(models.model1) && Object.keys(models.model1).length === 1 ? models.model1.referenceName : undefined;
    if (typeof model !== 'string' || !AGENT_CONNECTION.test(model)) return this.refuse('an agent whose model Jig cannot name (no agent connection of connections.json)');
    const parameters = isObject(inputs.parameters) ? inputs.parameters : undefined;
    const { deploymentId, messages, ...others } = parameters ?? {};
    if (!isPlainText(deploymentId) || !Array.isArray(messages)) return this.refuse("an agent's deployment or messages that Jig does not write");
    // The model's other parameters are written as they are: one that computes is not (a policy reading of it would be a guess).
    if (JSON.stringify(others).includes('@')) return this.refuse("an agent's options that compute (an expression), which Jig does not write");
    const limit = agentLimit(action.limit);
    if (limit === undefined) return this.refuse('its limit, which Jig does not write');
    const messagesText = jigValue(messages, this);
    if (messagesText === undefined) return undefined;
    const tools = isObject(action.tools) ? action.tools : action.tools === undefined ? {} : undefined;
    if (tools === undefined) return this.refuse('its tools, which Jig does not write');
    const toolLines: string[] = [];
    for (const [toolName, tool] of Object.entries(tools)) {
      if (!isObject(tool) || Object.keys(tool).some((key) => !['actions', 'description', 'agentParameterSchema'].includes(key))) return this.refuse(`its tool '${toolName}', with more than actions, a description and a schema (an MCP server, a handoff), which Jig does not write`);
      const schema = tool.agentParameterSchema;
      if (jigIdentifier(toolName) !== toolName || typeof tool.description !== 'string' || (tool.description !== '' && !isPlainText(tool.description)) || (schema !== undefined && (!isObject(schema) || schema.type !== 'object'))) {
        return this.refuse(`its tool '${toolName}', whose name, description or schema Jig does not write`);
      }
      const schemaText = schema === undefined ? '' : ` schema ${jsonText(schema, `${indent}    `)}`;
      toolLines.push(`${indent}    tool ${toolName} ${stringLiteral(tool.description)}${schemaText} {`, ...this.nested(tool.actions, path, `${indent}    `), `${indent}    }`);
    }
    const result = this.read.has(name.toLowerCase()) ? this.options.names.take(camelName(name)) : undefined;
    if (result) this.bindResult(name, { outputs: result });
    const optionsLine = Object.keys(others).length === 0 ? [] : [`${indent}  options ${jsonText(others, `${indent}  `)}`];
    const head = `${indent}${result ? `let ${result} = ` : ''}agent ${stringLiteral(model)} model ${stringLiteral(deploymentId)}`;
    const toolsBlock = toolLines.length === 0 ? [] : [`${indent}  tools {`, ...toolLines, `${indent}  }`];
    return [...comment, head, `${indent}  messages ${messagesText}`, ...optionsLine, ...toolsBlock, `${indent}  ${`${limit} ${named}`.trim()}`];
  }

  /** An If's or Until's condition (an expression, or the designer's object form). */
  private condition(expression: unknown): string | undefined {
    const text = conditionExpression(expression);
    const template = text === undefined ? undefined : readTemplate(`@${text}`);
    return template?.kind === 'expression' ? jigExpression(template.node, this) : undefined;
  }

  /** `var NAME: T [= VALUE]` of one of an InitializeVariable's variables; undefined when Jig cannot write it. */
  private variableDeclaration(variable: unknown): string | undefined {
    if (!isObject(variable) || Object.keys(variable).some((key) => !['name', 'type', 'value'].includes(key))) return this.refuse('a variable with options Jig does not write');
    const variableName = typeof variable.name === 'string' ? variable.name : '';
    // A variable the workflow starts as null, or sets to null, is optional.
    const written = this.appended.get(variableName.toLowerCase());
    const nullable = isNull(variable.value) || written?.has(SET_NULL) === true;
    const valueType = variableTypeOf(String(variable.type ?? ''), isNull(variable.value) ? undefined : variable.value, written, this.options.untyped);
    const variableType = valueType && nullable && valueType !== 'any' ? `${valueType}?` : valueType;
    if (!variableType) return this.refuse(`variable '${variableName}' of type ${String(variable.type)} with a value Jig's types do not say`);
    // The workflow variable keeps its name (raw actions read it): a name that is no Jig name, or one
    // taken, is the var's @name (expressions quote it, a ' doubled); one longer than 80 stays raw.
    if (variableName === '' || variableName.length > 80) return this.refuse(`variable '${variableName}', a name Jig cannot write`);
    const value = 'value' in variable ? jigValue(variable.value, this) : '';
    if (value === undefined) return undefined;
    const jigName = this.options.names.take(jigIdentifier(variableName) === variableName ? variableName : camelName(variableName, 'variable'));
    this.variables.set(variableName.toLowerCase(), jigName);
    const renamed = jigName === variableName ? '' : ` @name(${stringLiteral(variableName)})`;
    return `var ${jigName}: ${variableType}${value === '' ? '' : ` = ${value}`}${renamed}`;
  }

  /**
   * A call's step, `let NAME = CALL` (its body bound to NAME) when the definition reads the action's
   * result. A connector's or built-in operation's answer (`paged`) is bound as its outputs: Jig
   * reads such a `let`'s body whole or fails the run (a list's first page with a next-page link is
   * not read), where the definition read whatever page came; `@outputs` reads it as it did.
   */
  private callRead(action: string, call: string, paged: boolean): string {
    if (!this.read.has(action.toLowerCase())) return call;
    const jigName = this.options.names.take(camelName(action));
    const assumed = this.options.noSecretAssumed;
    const noSecret = assumed?.actions.has(action.toLowerCase()) ? ` @declassify(secret, ${stringLiteral(assumed.connectionReason)})` : '';
    return `let ${jigName} = ${call}${noSecret}${this.bindCall(action, jigName, paged)}`;
  }

  /**
   * Binds a call's result to NAME: its body, or, where the definition reads the call's status
   * code or headers (or `raw`: its answer as it came), its outputs (` @outputs`, returned to be
   * written after the call; its body is then `NAME.body`).
   */
  private bindCall(action: string, jigName: string, raw = false): string {
    if (!raw && !this.outputs.has(action.toLowerCase())) {
      this.bindResult(action, { body: jigName });
      return '';
    }
    this.bindResult(action, { outputs: jigName, body: `${jigName}.body` });
    return ' @outputs';
  }

  /** `let NAME = VALUE`, NAME (after the action) standing for its body. */
  private bodyBound(action: string, value: string): string {
    const bound = this.options.names.take(camelName(action));
    this.bindResult(action, { body: bound });
    return `let ${bound} = ${value}`;
  }

  /** `let NAME = VALUE @outputs`, NAME (after the action) standing for its outputs, `NAME.body` for its body. */
  private outputsBound(action: string, value: string): string {
    const bound = this.options.names.take(camelName(action));
    this.bindResult(action, { outputs: bound, body: `${bound}.body` });
    return `let ${bound} = ${value} @outputs`;
  }

  private bindResult(action: string, result: ActionResult): void {
    this.results.set(action.toLowerCase(), result);
  }

  /**
   * `let NAME = ` for a raw action whose result the definition reads (NAME its outputs, whose
   * body is `NAME.body`), marked so that it is written only when a step in Jig reads it; '' else.
   */
  private rawResult(action: string): string {
    if (!this.read.has(action.toLowerCase())) return '';
    const name = this.options.names.take(camelName(action));
    this.bindResult(action, { outputs: name, body: `${name}.body`, raw: true });
    return `\u0000${action.toLowerCase()}\u0000let ${name} = \u0000`;
  }

  /** The steps of a nested actions map, one indent deeper. */
  private nested(actions: unknown, parent: string, indent: string): string[] {
    // Its steps' reasons are theirs, not the container's.
    const reason = this.reason;
    const lines = this.block(isObject(actions) ? actions : {}, parent, `${indent}  `);
    this.reason = reason;
    return lines;
  }
}

/**
 * The Jig type of a variable: an Object is `any`. An array's elements are of one primitive type:
 * that of its initial value's elements and of the values the definition appends to it (an
 * expression may be of any); strings when neither says, or `any` when `untyped` (the importer's
 * second try, where its guesses were stricter than the workflow). Objects, arrays or a mix, or an
 * array an expression computes, are `any[]`. A variable whose later use disagrees does not build, and the importer keeps the steps it
 * blames raw.
 */
function variableTypeOf(type: string, value: unknown, appended: ReadonlySet<string> = new Set(), untyped = false): string | undefined {
  const lower = type.toLowerCase();
  if (lower === 'object') return 'any';
  if (lower !== 'array') return VARIABLE_TYPES[lower];
  if (value !== undefined && !Array.isArray(value)) return typeof value === 'string' && value.startsWith('@') ? 'any[]' : undefined;
  const elements = new Set([...(value ?? []).map(jsonKind), ...[...appended].filter((kind) => kind !== SET_NULL)]);
  // A whole array computed at run time may hold anything.
  if (elements.has(COMPUTED)) return 'any[]';
  const guessed = elements.delete('expression');
  if (elements.size === 0) return untyped && guessed ? 'any[]' : 'string[]';
  const [element] = elements;
  return elements.size === 1 && (element === 'string' || element === 'integer' || element === 'number' || element === 'boolean') ? `${element}[]` : 'any[]';
}

/** null, written as JSON or as an expression (`@null`). */
const isNull = (value: unknown): boolean => value === null || (typeof value === 'string' && value.trim().toLowerCase() === '@null');

/** What valuesAppended says of a variable set to a value an expression computes, and of one set to null. */
const COMPUTED = 'computed';
const SET_NULL = 'set null';

/** What a JSON value is, as an element: a primitive type, `expression` (`@…`: of any type), or `object`/`array`. */
function jsonKind(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string') return /^@(?![@{])/.test(value) ? 'expression' : 'string';
  if (Array.isArray(value)) return 'array';
  return value === null ? 'null' : typeof value;
}

/** The names (lower case) an InitializeVariable action declares. */
function initializedVariables(action: unknown): string[] {
  const inputs = isObject(action) && isObject(action.inputs) ? action.inputs : undefined;
  const variables = inputs && Array.isArray(inputs.variables) ? inputs.variables : [];
  return variables.flatMap((variable) => (isObject(variable) && typeof variable.name === 'string' ? [variable.name.toLowerCase()] : []));
}

/** The variables (lower case) that some InitializeVariable of the definition declares, at any depth. */
function variablesInitialized(actions: JsonObject): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    if (!isObject(value)) return;
    if (String(value.type ?? '').toLowerCase() === 'initializevariable') for (const name of initializedVariables(value)) names.add(name);
    Object.values(value).forEach(visit);
  };
  visit(actions);
  return names;
}

/** Every action at any depth (in scopes, branches, cases and loops). */
export function countActions(actions: unknown): number {
  if (!isObject(actions)) return 0;
  let count = 0;
  for (const action of Object.values(actions)) {
    if (!isObject(action)) continue;
    count += 1 + countActions(action.actions);
    if (isObject(action.else)) count += countActions(action.else.actions);
    if (isObject(action.default)) count += countActions(action.default.actions);
    if (isObject(action.cases)) for (const branch of Object.values(action.cases)) if (isObject(branch)) count += countActions(branch.actions);
    // An Agent's tools hold actions too.
    if (isObject(action.tools)) for (const tool of Object.values(action.tools)) if (isObject(tool)) count += countActions(tool.actions);
  }
  return count;
}

/**
 * The kinds of element (jsonKind) the definition puts in each variable, by name in lower case: what
 * an AppendToArrayVariable appends, the elements of an array a SetVariable sets, `computed`
 * where a SetVariable sets a value an expression computes (an array of anything, for an array
 * variable) and `set null` where it sets null (the variable is optional).
 */
function valuesAppended(actions: JsonObject): Map<string, Set<string>> {
  const appended = new Map<string, Set<string>>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    if (!isObject(value)) return;
    const inputs = value.inputs;
    const type = String(value.type ?? '').toLowerCase();
    if ((type === 'appendtoarrayvariable' || type === 'setvariable') && isObject(inputs) && typeof inputs.name === 'string') {
      const kinds = appended.get(inputs.name.toLowerCase()) ?? new Set<string>();
      if (type === 'appendtoarrayvariable') kinds.add(jsonKind(inputs.value));
      else if (Array.isArray(inputs.value)) for (const element of inputs.value) kinds.add(jsonKind(element));
      else if (isNull(inputs.value)) kinds.add(SET_NULL);
      else if (jsonKind(inputs.value) === 'expression') kinds.add(COMPUTED);
      appended.set(inputs.name.toLowerCase(), kinds);
    }
    Object.values(value).forEach(visit);
  };
  visit(actions);
  return appended;
}

/** How the result of an action translated so far reads in Jig: its outputs, its body. */
interface ActionResult {
  readonly outputs?: string;
  readonly body?: string;
  /** A raw action's, named by `let NAME = raw action …`. */
  readonly raw?: true;
}

/** The actions whose results the definition's expressions read (`body('A')`, `outputs('A')`), by name in lower case. */
function actionsRead(definition: unknown): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(/\b(?:body|outputs)\(\s*'((?:[^']|'')*)'\s*\)/gi)) names.add(match[1]!.replace(/''/g, "'").toLowerCase());
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) Object.values(value).forEach(visit);
  };
  visit(definition);
  return names;
}

/**
 * The actions whose outputs the definition's expressions read other than for their body
 * (`outputs('A')?['statusCode']`, `outputs('A')['headers']`, `outputs('A')` whole), by name in
 * lower case.
 */
function outputsRead(definition: unknown): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(/\boutputs\(\s*'((?:[^']|'')*)'\s*\)(?:\s*\??\s*\[\s*'([^']*)'\s*\])?/gi)) {
        if (match[2]?.toLowerCase() !== 'body') names.add(match[1]!.replace(/''/g, "'").toLowerCase());
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) Object.values(value).forEach(visit);
  };
  visit(definition);
  return names;
}

/**
 * A Date Time action (an Expression of a kind, emit/builders.ts TIME_ACTION_KINDS) as Jig's time
 * operation; undefined for a kind Jig does not write (spelled otherwise too: it would not build
 * back the same), an input it does not take, or a unit the designer does not offer.
 */
function timeOperation(kind: unknown, inputs: JsonObject, bindings: Bindings): string | undefined {
  const operation = (Object.keys(TIME_ACTION_KINDS) as (keyof typeof TIME_ACTION_KINDS)[]).find((key) => TIME_ACTION_KINDS[key] === kind);
  if (!operation) return undefined;
  const keys: Readonly<Record<typeof operation, readonly string[]>> = {
    current: [],
    future: ['interval', 'timeUnit'],
    past: ['interval', 'timeUnit'],
    add: ['baseTime', 'interval', 'timeUnit'],
    subtract: ['baseTime', 'interval', 'timeUnit'],
    convert: ['baseTime', 'sourceTimeZone', 'destinationTimeZone', 'formatString'],
  };
  const allowed = keys[operation];
  const required = operation === 'convert' ? allowed.slice(0, 3) : allowed;
  if (Object.keys(inputs).some((key) => !allowed.includes(key)) || required.some((key) => !(key in inputs))) return undefined;
  const value = (key: string): string | undefined => (key in inputs ? jigValue(inputs[key], bindings) : '');
  if (operation === 'current') return 'current time';
  if (operation === 'convert') {
    const [base, source, destination, format] = ['baseTime', 'sourceTimeZone', 'destinationTimeZone', 'formatString'].map(value);
    if ([base, source, destination, format].some((part) => part === undefined)) return undefined;
    return `convert time ${base} from ${source} to ${destination}${format ? ` format ${format}` : ''}`;
  }
  const unit = TIME_UNIT_WORDS[String(inputs.timeUnit)];
  const interval = value('interval');
  if (!unit || interval === undefined) return undefined;
  // An amount other than a number or a name is put in parentheses, so that its unit follows it plainly.
  const amount = /^[\w.]+$/.test(interval) ? interval : `(${interval})`;
  const span = `${amount} ${interval === '1' ? unit.slice(0, -1) : unit}`;
  if (operation === 'future' || operation === 'past') return `${operation} time ${span}`;
  const base = value('baseTime');
  return base === undefined ? undefined : `${operation} time ${span} ${operation === 'add' ? 'to' : 'from'} ${base}`;
}

/** The designer's time units (as emission writes them) and Jig's words for them. */
const TIME_UNIT_WORDS: Readonly<Record<string, string>> = { Second: 'seconds', Minute: 'minutes', Hour: 'hours', Day: 'days', Week: 'weeks', Month: 'months' };

/** The keys of an action of each type that a Jig step writes back, besides type, inputs and runAfter. */
/** The Jig call each kind of call action is written as (connectors.ts), and why one stays raw. */
const CALL_FORMS: Readonly<Record<string, (inputs: JsonObject, bindings: Bindings) => string | undefined>> = {
  apiconnectionwebhook: connectorWebhook,
  function: functionCall,
  apimanagement: apiCall,
  serviceprovider: serviceCall,
  workflow: workflowCall,
};
const CALL_PROBLEMS: Readonly<Record<string, string>> = {
  function: 'a function call whose id, method or inputs Jig does not write',
  apimanagement: 'an API Management call whose API, path template or inputs Jig does not write',
  serviceprovider: 'a built-in operation whose configuration or parameters Jig does not write',
  workflow: 'a workflow call whose host or inputs Jig does not write',
};

const STEP_KEYS: Readonly<Record<string, readonly string[]>> = {
  http: ['limit', 'runtimeConfiguration', 'operationOptions'],
  apiconnection: ['limit', 'runtimeConfiguration', 'operationOptions'],
  apiconnectionwebhook: ['limit'],
  xslt: ['kind'],
  liquid: ['kind'],
  function: ['limit'],
  apimanagement: ['limit'],
  workflow: ['operationOptions'],
  serviceprovider: ['limit'],
  response: ['kind'],
  expression: ['kind'],
  if: ['expression', 'actions', 'else'],
  foreach: ['foreach', 'actions', 'runtimeConfiguration'],
  until: ['expression', 'actions', 'limit'],
  switch: ['expression', 'cases', 'default'],
  scope: ['actions'],
  agent: ['tools', 'limit'],
};

/** An agent connection's key, as connections.json names it (semantics/steps.ts reads the same). */
const AGENT_CONNECTION = /^[A-Za-z0-9_.#-]{1,80}$/;

/** An Agent's limit (`count`, `timeout`) as ` @count(N) @timeout(D)`, '' for none; undefined when Jig cannot write it. */
function agentLimit(limit: unknown): string | undefined {
  if (limit === undefined) return '';
  if (!isObject(limit) || Object.keys(limit).some((key) => key !== 'count' && key !== 'timeout')) return undefined;
  const { count, timeout } = limit;
  if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 5000)) return undefined;
  const duration = timeout === undefined ? '' : durationText(timeout);
  if (duration === undefined) return undefined;
  return `${count === undefined ? '' : ` @count(${String(count)})`}${duration === '' ? '' : ` @timeout(${duration})`}`;
}

/**
 * An action's `retryPolicy` and `limit.timeout` as `@retry(…)` and `@timeout(…)` (each with a
 * space before it), '' for none; undefined when Jig cannot write them.
 */
function callOptions(retryPolicy: unknown, limit: unknown): string | undefined {
  let text = '';
  if (retryPolicy !== undefined) {
    if (!isObject(retryPolicy)) return undefined;
    const kind = String(retryPolicy.type ?? '').toLowerCase();
    const keys = Object.keys(retryPolicy);
    if (kind === 'none' && keys.length === 1) text += ' @retry(none)';
    else if (kind === 'fixed' || kind === 'exponential') {
      const count = retryPolicy.count;
      const intervals = ['interval', ...(kind === 'exponential' && keys.includes('minimumInterval') ? ['minimumInterval', 'maximumInterval'] : [])];
      if (typeof count !== 'number' || !Number.isInteger(count) || keys.some((key) => !['type', 'count', ...intervals].includes(key))) return undefined;
      const durations = intervals.map((key) => durationText(retryPolicy[key]));
      if (durations.some((duration) => duration === undefined)) return undefined;
      text += ` @retry(${kind}, ${count} times, ${durations.join(', ')})`;
    } else return undefined;
  }
  if (limit !== undefined) {
    const timeout = isObject(limit) && Object.keys(limit).length === 1 ? durationText(limit.timeout) : undefined;
    if (timeout === undefined) return undefined;
    text += ` @timeout(${timeout})`;
  }
  return text;
}

/**
 * A For each's `runtimeConfiguration` as `@concurrent[(N)]` (with a space before it), '' when Jig
 * writes it so without one (one iteration at a time for a loop that writes a variable, else the
 * service's default); undefined when Jig cannot write it.
 */
function concurrency(configuration: unknown, writesVariables: boolean): string | undefined {
  if (configuration === undefined) return writesVariables ? ' @concurrent' : '';
  const repetitions = isObject(configuration) && Object.keys(configuration).length === 1 && isObject(configuration.concurrency) && Object.keys(configuration.concurrency).length === 1 ? configuration.concurrency.repetitions : undefined;
  if (typeof repetitions !== 'number' || !Number.isInteger(repetitions) || repetitions < 1 || repetitions > 50) return undefined;
  return repetitions === 1 && writesVariables ? '' : ` @concurrent(${repetitions})`;
}

const VARIABLE_WRITES = new Set(['setvariable', 'incrementvariable', 'decrementvariable', 'appendtoarrayvariable', 'appendtostringvariable']);

/** Whether an actions map writes a variable at any depth (Jig then runs the loop around it one iteration at a time). */
function writesVariable(actions: unknown): boolean {
  if (Array.isArray(actions)) return actions.some(writesVariable);
  if (!isObject(actions)) return false;
  if (VARIABLE_WRITES.has(String(actions.type ?? '').toLowerCase())) return true;
  return Object.values(actions).some(writesVariable);
}

/**
 * An ApiConnection's `runtimeConfiguration` as `@chunked` and `@paginate(N)` (each with a space
 * before it), '' for none; undefined when Jig cannot write it.
 */
function connectorRuntimeOptions(configuration: unknown): string | undefined {
  if (configuration === undefined) return '';
  if (!isObject(configuration)) return undefined;
  const { contentTransfer, paginationPolicy, ...rest } = configuration;
  if (Object.keys(rest).length > 0) return undefined;
  const chunked = contentTransfer === undefined ? '' : chunkedOption({ contentTransfer });
  const pages = isObject(paginationPolicy) && Object.keys(paginationPolicy).length === 1 ? paginationPolicy.minimumItemCount : undefined;
  if (paginationPolicy !== undefined && !(typeof pages === 'number' && Number.isInteger(pages) && pages >= 1 && pages <= 100_000)) return undefined;
  return chunked === undefined ? undefined : `${chunked}${pages === undefined ? '' : ` @paginate(${pages})`}`;
}

/** A call's `operationOptions` as `@synchronous` (with a space before it), '' for none; undefined when Jig cannot write them. */
function synchronousOption(operationOptions: unknown): string | undefined {
  if (operationOptions === undefined) return '';
  return typeof operationOptions === 'string' && operationOptions.trim().toLowerCase() === 'disableasyncpattern' ? ' @synchronous' : undefined;
}

/** An Http action's `runtimeConfiguration` as `@chunked` (with a space before it), '' for none; undefined when Jig cannot write it. */
function chunkedOption(configuration: unknown): string | undefined {
  if (configuration === undefined) return '';
  return JSON.stringify(configuration) === JSON.stringify({ contentTransfer: { transferMode: 'Chunked' } }) ? ' @chunked' : undefined;
}

/**
 * An Http action's `authentication` of a documented type other than a managed identity as the
 * record of `auth { … }` (connectors/http-authentication.ts), `type` first; undefined for none, a
 * managed identity, or one Jig has no expression for. Its literal credentials were moved into
 * secure parameters before (credentials.ts): the checks refuse a credential that is no secret.
 */
function authClause(authentication: unknown, bindings: Bindings): string | undefined {
  if (!isObject(authentication) || typeof authentication.type !== 'string' || !(authentication.type in AUTHENTICATION_TYPES)) return undefined;
  const { type, ...rest } = authentication;
  return jigValue({ type, ...rest }, bindings);
}

/**
 * An Http action's `authentication` as `@identity[("AUDIENCE" | none[, "IDENTITY" | PARAM])]`
 * (with a space before it), '' for none; undefined when Jig cannot write it. A user-assigned
 * identity read from a workflow parameter (`@parameters('identityId')`, a template's
 * `[parameters('identityId')]` once arm.ts has read it) is that parameter's Jig param.
 */
function identityOption(authentication: unknown, bindings: Bindings): string | undefined {
  if (authentication === undefined) return '';
  if (!isObject(authentication) || String(authentication.type ?? '').toLowerCase() !== 'managedserviceidentity') return undefined;
  if (Object.keys(authentication).some((key) => key !== 'type' && key !== 'audience' && key !== 'identity')) return undefined;
  const { audience, identity } = authentication;
  // An audience or identity computed at run time (or by an ARM template) has no annotation form.
  const plain = (value: unknown): value is string => value === '' || (isPlainText(value) && !value.startsWith('['));
  if (audience !== undefined && (!plain(audience) || audience === '')) return undefined;
  const parameter = typeof identity === 'string' ? /^@parameters\('([^']+)'\)$/.exec(identity)?.[1] : undefined;
  const identityParameter = parameter !== undefined ? bindings.parameter(parameter) : undefined;
  if (identity !== undefined && !plain(identity) && identityParameter === undefined) return undefined;
  const identityText = identityParameter ?? (typeof identity === 'string' ? stringLiteral(identity) : undefined);
  if (identityText !== undefined) return ` @identity(${audience === undefined ? 'none' : stringLiteral(audience)}, ${identityText})`;
  return audience === undefined ? ' @identity' : ` @identity(${stringLiteral(audience)})`;
}

/** A Table's `columns` as one object, header to value; undefined where a header is no plain text or is written twice. */
function tableColumns(columns: unknown): JsonObject | undefined {
  if (!Array.isArray(columns) || columns.length === 0) return undefined;
  const record: JsonObject = {};
  for (const column of columns) {
    if (!isObject(column) || Object.keys(column).some((key) => key !== 'header' && key !== 'value')) return undefined;
    const { header, value } = column;
    if (typeof header !== 'string' || header.startsWith('@') || header.includes('@{') || header in record || value === undefined) return undefined;
    record[header] = value;
  }
  return record;
}

/**
 * An Until's `limit` (its count and its timeout, as Jig writes them, each left out the service's default) as `@count(N)` and
 * `@timeout(…)` where they are not the designer's 60 passes and one hour (each with a space before
 * it), '' for those; undefined when Jig cannot write it.
 */
function untilLimits(limit: unknown, bindings: Bindings): string | undefined {
  if (limit !== undefined && (!isObject(limit) || Object.keys(limit).some((key) => key !== 'count' && key !== 'timeout'))) return undefined;
  // A limit left out is the service's default (parity.ts UNTIL_DEFAULT_LIMIT), which is the designer's.
  const { count = UNTIL_LIMIT.count, timeout = UNTIL_LIMIT.timeout } = (limit ?? {}) as JsonObject;
  // A count an expression computes (a parameter): `@count(EXPR)`, the same expression.
  const computed = typeof count === 'string' && /^@(?![@{])/.test(count) ? jigValue(count, bindings) : undefined;
  if (computed === undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 5000)) return undefined;
  const duration = durationText(timeout);
  if (duration === undefined) return undefined;
  // One that starts with a number is put in parentheses (`@count(5)` is the literal form).
  const countText = computed !== undefined ? ` @count(${/^\d/.test(computed) ? `(${computed})` : computed})` : count === UNTIL_LIMIT.count ? '' : ` @count(${String(count)})`;
  return `${countText}${timeout === UNTIL_LIMIT.timeout ? '' : ` @timeout(${duration})`}`;
}

const ISO_UNITS: readonly [RegExp, string][] = [
  [/^P(\d+)D$/, 'days'],
  [/^PT(\d+)H$/, 'hours'],
  [/^PT(\d+)M$/, 'minutes'],
  [/^PT(\d+)S$/, 'seconds'],
];

/** An ISO 8601 duration of one unit (`PT10S`) as a Jig duration (`10 seconds`). */
function durationText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  for (const [pattern, unit] of ISO_UNITS) {
    const amount = pattern.exec(value)?.[1];
    if (amount !== undefined) return `${Number(amount)} ${unit}`;
  }
  return undefined;
}

/** Why an action is kept raw whatever it is, when it is. */
const keptRawReason = (keepRaw: KeepRaw, path: string): string | undefined => (keepRaw instanceof Map ? keepRaw.get(path) : (keepRaw as { all: string }).all);

const SUCCEEDED = ['succeeded'];
const SUCCEEDED_OR_SKIPPED = ['skipped', 'succeeded'];
const FAILED_OR_TIMED_OUT = ['failed', 'timedout'];

function isInitializeVariable(action: unknown): boolean {
  return isObject(action) && String(action.type ?? '').toLowerCase() === 'initializevariable';
}

/** Whether a runAfter's statuses are these (lower case, sorted), in any case and order. */
function sameStatuses(statuses: unknown, expected: readonly string[]): boolean {
  return Array.isArray(statuses) && JSON.stringify(statuses.map((status) => String(status).toLowerCase()).sort()) === JSON.stringify(expected);
}

/**
 * A Jig step runs after the step before it (has succeeded, or as `statuses` says), after every
 * branch of the `parallel` before it, or first (`previous` empty): does the action?
 */
function runsInSequence(action: unknown, previous: readonly string[], statuses: readonly string[] = SUCCEEDED): boolean {
  const runAfter = isObject(action) && isObject(action.runAfter) ? action.runAfter : {};
  const entries = Object.entries(runAfter);
  return entries.length === previous.length && entries.every(([name, after]) => previous.includes(name) && sameStatuses(after, statuses));
}

/** Why an action does not run where a Jig step would (runsInSequence, afterOutcomes), as the summary says it. */
function runAfterReason(action: unknown, previous: readonly string[], statuses: readonly string[]): string {
  const entries = isObject(action) && isObject(action.runAfter) ? Object.entries(action.runAfter) : [];
  const described = entries.map(([name, after]) => `'${name}' (${Array.isArray(after) ? after.join(', ') : String(after)})`).join(', ') || 'nothing';
  if (statuses !== SUCCEEDED) return `runAfter ${described}: after a try/catch, a step runs once the catch succeeded or was skipped`;
  const others = entries.filter(([name]) => !previous.includes(name));
  if (others.length > 0 || entries.length !== previous.length) return `runAfter ${described}: not the step before it${previous.length > 0 ? ` (${previous.map((name) => `'${name}'`).join(', ')})` : ''}`;
  return `runAfter ${described}: statuses or a join Jig does not write`;
}

/**
 * `@after(…)` (with a space before it) for an action that runs after the one action before it
 * (`previous`), or after the last actions of the branches of the `parallel` before it, each on
 * the same statuses other than its success alone: each status once, any of the four.
 */
function afterOutcomes(action: unknown, previous: readonly string[]): string | undefined {
  const entries = isObject(action) && isObject(action.runAfter) ? Object.entries(action.runAfter) : [];
  if (previous.length === 0 || entries.length !== previous.length || !entries.every(([name, after]) => previous.includes(name) && Array.isArray(after))) return undefined;
  // After a `parallel` (several before it: the last actions of its branches), each on the same statuses.
  const statuses = (entries[0]![1] as unknown[]).map((status) => String(status).toLowerCase());
  if (!entries.every(([, after]) => sameStatuses(after, [...statuses].sort()))) return undefined;
  if (statuses.length === 0 || new Set(statuses).size !== statuses.length || !statuses.every((status) => RUN_OUTCOMES.includes(status as RunOutcome))) return undefined;
  return ` @after(${RUN_OUTCOMES.filter((outcome) => statuses.includes(outcome)).join(', ')})`;
}

/**
 * ` @dependencies(trigger, "NAME", …)` for a JavaScriptCode's explicitDependencies: actions by
 * name (each once, at least one where the key is there) and includeTrigger true; undefined for
 * anything else (includeTrigger false, which Jig would leave out, an action named by an expression).
 */
function codeDependencies(value: unknown): string | undefined {
  if (!isObject(value) || Object.keys(value).some((key) => key !== 'actions' && key !== 'includeTrigger')) return undefined;
  const { actions = [], includeTrigger } = value as { actions?: unknown; includeTrigger?: unknown };
  if (includeTrigger !== undefined && includeTrigger !== true) return undefined;
  if (!Array.isArray(actions) || ('actions' in value && actions.length === 0)) return undefined;
  if (!actions.every((name): name is string => typeof name === 'string' && name.trim() !== '' && !name.startsWith('@')) || new Set(actions).size !== actions.length) return undefined;
  const names = [...(includeTrigger === true ? ['trigger'] : []), ...actions.map(stringLiteral)];
  return names.length === 0 ? undefined : ` @dependencies(${names.join(', ')})`;
}

/**
 * A step's lines with an annotation added after the last (where its `@action` stands); for an
 * InitializeVariable's `var`s, after the first's (whose `@after` is the runAfter of their one action).
 */
function withAnnotation(lines: string[] | undefined, annotation: string, firstVar = false): string[] | undefined {
  if (!lines || lines.length === 0) return undefined;
  const at = firstVar ? lines.findIndex((line) => /^\s*var /.test(line)) : lines.length - 1;
  if (at < 0) return undefined;
  return lines.map((line, index) => (index === at ? `${line}${annotation}` : line));
}

/** The branches of a `parallel`, each a chain of actions in the order they run, and their last actions (what follows runs after). */
interface Fork {
  readonly branches: [string, unknown][][];
  readonly ends: string[];
}

/**
 * The branches that start at `ordered[index]` as Jig's `parallel` writes them: two or more actions
 * that run after `previous` has succeeded (as the step after it would), or after the one step
 * before on other statuses (`@after` on a branch's first step), each with the actions that run
 * after it alone: those every predecessor of which is in its branch (a chain, or branches and
 * joins of their own, which the branch's block writes as the map's are written); and at most one
 * action that runs after the last action of every branch once each has succeeded (what follows the
 * `parallel`), where each branch has one last action (one no other action of its branch runs after).
 * Undefined when the actions are not so: an action that runs after a branch's action and something
 * outside that branch, or after some of the branches only, or after branches that end in several.
 */
function parallelAt(ordered: readonly [string, unknown][], index: number, previous: readonly string[]): Fork | undefined {
  const pending = ordered.slice(index);
  // A branch may start on another outcome of the one step before (`@after` on its first step):
  // the designer's branches for a step's success and for its failure.
  const heads = pending.filter(([, action]) => runsInSequence(action, previous) || (previous.length === 1 && afterOutcomes(action, previous) !== undefined));
  if (heads.length < 2 || heads[0]![0] !== ordered[index]![0]) return undefined;
  const headNames = new Set(heads.map(([name]) => name));
  // `ordered` puts each action after those it runs after, so one pass gathers each branch, in order.
  const branches = heads.map((head) => {
    const members = new Set([head[0]]);
    const branch = [head];
    for (const entry of pending) {
      const before = predecessors(entry[1]);
      if (headNames.has(entry[0]) || before.length === 0 || !before.every((name) => members.has(name))) continue;
      members.add(entry[0]);
      branch.push(entry);
    }
    return branch;
  });
  const members = new Set(branches.flat().map(([name]) => name));
  // The last actions of each branch: those no other action of the branch runs after (several
  // where the branch ends in a `parallel` of its own, whose branches' last actions what follows
  // the outer one waits for; the rebuild tells whether the branch's block is written so).
  const ends = branches.flatMap((branch) => branch.filter(([name]) => !branch.some(([, other]) => predecessors(other).includes(name))).map(([name]) => name));
  const joins = pending.filter(([name, action]) => !members.has(name) && predecessors(action).some((before) => members.has(before)));
  if (joins.length === 0) return { branches, ends };
  // What follows runs after all of them, once each has succeeded or (`@after`) on the same statuses.
  if (joins.length > 1 || !(runsInSequence(joins[0]![1], ends) || afterOutcomes(joins[0]![1], ends) !== undefined)) return undefined;
  return { branches, ends };
}

/** The actions in an order where each comes after those it runs after (the order written, else). */
export function orderByRunAfter(actions: JsonObject): [string, unknown][] {
  const placed = new Set<string>();
  const ordered: [string, unknown][] = [];
  const pending = Object.entries(actions);
  while (pending.length > 0) {
    const index = pending.findIndex(([, action]) => predecessors(action).every((name) => placed.has(name) || !(name in actions)));
    // A cycle (which the service refuses) keeps the written order.
    const [entry] = pending.splice(index < 0 ? 0 : index, 1);
    placed.add(entry![0]);
    ordered.push(entry!);
  }
  return ordered;
}

function predecessors(action: unknown): string[] {
  return isObject(action) && isObject(action.runAfter) ? Object.keys(action.runAfter) : [];
}

function indentLines(text: string, by: string): string[] {
  return text.split('\n').map((line) => by + line);
}

/**
 * A ChunkText's options as `chunk text` writes them (` by N tokens`, ` overlap N`, ` encoding "…"`,
 * each left out at the designer's default), or undefined when Jig does not write them: a key
 * spelled otherwise (`TokenSize`), a value not literal or out of the service's range.
 */
function chunkOptions(inputs: JsonObject): string | undefined {
  // The designer has written the options `TokenSize` as well as `tokenSize`, which the service reads alike.
  const { chunkingStrategy, text, encodingmodel: encodingModel, tokensize: tokenSize, pageoverlaplength: pageOverlapLength, ...rest } = chunkInputs(inputs);
  if (Object.keys(rest).length > 0 || chunkingStrategy !== CHUNKING_STRATEGY || text === undefined) return undefined;
  if (typeof encodingModel !== 'string' || !ENCODING_MODELS.includes(encodingModel)) return undefined;
  if (typeof tokenSize !== 'number' || !Number.isInteger(tokenSize) || tokenSize < 1 || tokenSize > MAX_TOKEN_SIZE) return undefined;
  if (typeof pageOverlapLength !== 'number' || !Number.isInteger(pageOverlapLength) || pageOverlapLength < 0) return undefined;
  return [
    tokenSize === CHUNK_DEFAULTS.tokenSize ? '' : ` by ${tokenSize} tokens`,
    pageOverlapLength === CHUNK_DEFAULTS.pageOverlapLength ? '' : ` overlap ${pageOverlapLength}`,
    encodingModel === CHUNK_DEFAULTS.encodingModel ? '' : ` encoding ${stringLiteral(encodingModel)}`,
  ].join('');
}

/** A ChunkText's inputs with its three options' keys in lower case (`TokenSize` → `tokensize`); undefined for one spelled twice. */
function chunkInputs(inputs: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(inputs)) {
    const lower = CHUNK_OPTION_KEYS.includes(key.toLowerCase()) ? key.toLowerCase() : key;
    // Both spellings of one option: which one the service reads is not Jig's to guess.
    if (lower in result) return { rest: true };
    result[lower] = value;
  }
  return result;
}

/** A run error's code as `@code("…")` writes it: plain text, no expression. */
function isWrittenCode(code: unknown): code is string {
  return typeof code === 'string' && code.trim() !== '' && !code.includes('@');
}
