/**
 * Reads the annotations of flows and steps and checks their shape: known names, the right place,
 * the right number and kind of arguments, durations, no duplicates. Whether a purpose, category,
 * processor or rule exists, whether a mandatory annotation is missing and whether a retention is
 * finite are the policy checker's concern: it reads what this module returns.
 */
import type { Annotation, AnnotationArg, Duration, Expression, FieldDecl, FlowDecl, HttpCall, ParamDecl, Step, VarStep } from '../syntax/tree.js';
import { isComputedTrackedValue } from '../syntax/tree.js';
import type { TextRange } from '../syntax/source.js';
import type { Diagnostic, Fix } from '../diagnostics/diagnostic.js';
import * as messages from '../diagnostics/catalogue/semantics.js';
import { suggest } from '../util/suggest.js';
import { MAX_ACTION_NAME_LENGTH, isWrittenName, sanitizeName } from '../util/action-names.js';
import { RUN_OUTCOMES, SUBJECT_RIGHTS, type RunOutcome, type CallOptions, type CodeDependencies, type Concurrency, type DataListEnd, type Declassification, type FlowAnnotations, type ResolvedDuration, type RetryPolicy, type ShareAnnotation, type SubjectAnnotation, type SubjectRight, type TrackedProperty, type Waiver } from './model.js';
import { ALL_UNITS, RETENTION_UNITS, resolveDuration, type DurationUnit } from './durations.js';
import { WEBHOOK_METHOD } from '../connectors/webhooks.js';
import { extend } from '../util/objects.js';

type Report = (diagnostic: Diagnostic) => void;

const FLOW_ANNOTATIONS = ['purpose', 'data', 'retain', 'allow', 'rights'] as const;
const STEP_ANNOTATIONS = ['share', 'allow', 'retain', 'declassify', 'retry', 'timeout', 'count', 'identity', 'chunked', 'outputs', 'synchronous', 'paginate', 'concurrent', 'subject', 'action', 'code', 'after', 'name', 'tracked', 'dependencies'] as const;
const FIELD_ANNOTATIONS = ['subject'] as const;
const PARAM_ANNOTATIONS = ['name'] as const;

/** Steps that call a service: what `@retry` and `@timeout` apply to. */
function isCall(step: Step): boolean {
  switch (step.kind) {
    case 'HttpCallStep':
    case 'FlowCallStep':
    case 'SendMail':
    case 'SendMessage':
    case 'Store':
    case 'Delete':
      return true;
    case 'Let':
      return step.value.kind === 'HttpCall' || step.value.kind === 'FlowCall' || step.value.kind === 'Query';
    default:
      return false;
  }
}

/** The call a step makes (`call http`, `call connector`, `call service`, `call workflow`), if any. */
function httpCallOf(step: Step): HttpCall | undefined {
  return step.kind === 'HttpCallStep' ? step.call : step.kind === 'Let' && step.value.kind === 'HttpCall' ? step.value : undefined;
}

/** A `call http` (not a `call connector`, whose connection authenticates it, nor a `call function` or a `call api`, which Logic Apps calls with their keys): what `@identity` applies to. */
function isPlainHttpCall(step: Step): boolean {
  const call = httpCallOf(step);
  return call !== undefined && call.connector === undefined && call.azureFunction === undefined && call.apiPath === undefined;
}

/** A `call http` or a `call connector` (an ApiConnection: the designer's "Allow chunking"): what `@chunked` applies to. */
function isChunkableCall(step: Step): boolean {
  const call = httpCallOf(step);
  return call !== undefined && call.service === undefined && call.workflow === undefined && call.azureFunction === undefined && call.apiPath === undefined && !isWebhookCall(call);
}

/** A `call connector … webhook`: it subscribes and waits for a callback, so it has no pages, chunks or asynchronous pattern. */
function isWebhookCall(call: HttpCall | undefined): boolean {
  return call?.connector !== undefined && call.method?.name === WEBHOOK_METHOD;
}

/**
 * `@retain` and `@subject` belong to a store only, `@declassify` to a `let` (the value it makes), `@retry` to a
 * call and `@timeout` to a call or an `until` (how long the loop may run).
 */
const allowedOn = (step: Step): readonly string[] =>
  STEP_ANNOTATIONS.filter(
    (name) =>
      ((name !== 'retain' && name !== 'subject') || step.kind === 'Store') &&
      (name !== 'declassify' || step.kind === 'Let') &&
      (name !== 'retry' || isCall(step)) &&
      (name !== 'timeout' || isCall(step) || step.kind === 'Until' || step.kind === 'Agent') &&
      (name !== 'count' || step.kind === 'Until' || step.kind === 'Agent') &&
      (name !== 'identity' || isPlainHttpCall(step)) &&
      (name !== 'chunked' || isChunkableCall(step)) &&
      // A built-in operation (call service) has no asynchronous pattern to turn off.
      // Pagination is a managed connector's list operations' (an HTTP request or a built-in operation has none).
      (name !== 'paginate' || (httpCallOf(step)?.connector !== undefined && httpCallOf(step)!.service === undefined && httpCallOf(step)!.workflow === undefined && !isWebhookCall(httpCallOf(step)))) &&
      (name !== 'synchronous' || (httpCallOf(step) !== undefined && httpCallOf(step)!.service === undefined && httpCallOf(step)!.azureFunction === undefined && httpCallOf(step)!.apiPath === undefined && !isWebhookCall(httpCallOf(step)))) &&
      // A call's outputs are of no type Jig knows: a `returns` type would say what they are not.
      // Code's outputs are what its action gives, as the workflow reads them (outputs('A')).
      (name !== 'outputs' || (step.kind === 'Let' && ((step.value.kind === 'HttpCall' && !step.value.returns) || step.value.kind === 'InlineCode'))) &&
      (name !== 'concurrent' || step.kind === 'ForEach') &&
      (name !== 'code' || step.kind === 'Fail' || (step.kind === 'Stop' && step.status.name === 'failed')) &&
      (name !== 'name' || step.kind === 'Var') &&
      // A parallel becomes no action of its own; a raw action has its name already.
      (name !== 'action' || (step.kind !== 'Parallel' && step.kind !== 'RawAction')) &&
      (name !== 'tracked' || (step.kind !== 'Parallel' && step.kind !== 'RawAction')) &&
      // A raw action says its own runAfter; a var without @action may be set at the workflow's start
      // (one with it keeps its place, at the top level: emit says so where it is not there).
      (name !== 'after' || (step.kind !== 'RawAction' && (step.kind !== 'Var' || step.annotations.some((a) => a.name.name === 'action')))) &&
      (name !== 'dependencies' || (step.kind === 'Let' && step.value.kind === 'InlineCode')),
  );
const ALL_ANNOTATIONS = ['purpose', 'data', 'retain', 'share', 'allow', 'declassify', 'retry', 'timeout', 'count', 'identity', 'chunked', 'outputs', 'synchronous', 'paginate', 'concurrent', 'subject', 'rights', 'action', 'name', 'code', 'after', 'tracked', 'dependencies'];
/** Annotations that may be repeated (one waiver per rule, one declassification per category, one tracked property per name). */
const REPEATABLE = new Set(['allow', 'declassify', 'tracked']);

export interface StepAnnotations {
  readonly share?: ShareAnnotation;
  readonly waivers: readonly Waiver[];
  readonly retain?: ResolvedDuration;
  readonly declassifications: readonly Declassification[];
  readonly callOptions: CallOptions;
  readonly subject?: SubjectAnnotation;
  /** `@action("NAME"[, "CATCH"])`: the name of the action the step becomes (and of a try's catch). */
  readonly actionName?: { readonly name: string; readonly range: TextRange; readonly catchName?: { readonly name: string; readonly range: TextRange } };
  /** `@concurrent[(N)]` on a `for each`. */
  readonly concurrency?: Concurrency;
  /** `@code("CODE")` or `@code(none)` on a `fail`: the code of the run's error, or none (Jig's own, `JigFail`, without it). */
  readonly failureCode?: { readonly code: string | null; readonly range: TextRange };
  /** `@after(OUTCOME, …)`: the outcomes of the step before after which this one runs (in RUN_OUTCOMES order). */
  readonly runsAfter?: readonly RunOutcome[];
  /** `@name("NAME")` on a `var`: the workflow variable's name, where Jig's name for it differs. */
  readonly variableName?: { readonly name: string; readonly range: TextRange };
  /** `@tracked("NAME", VALUE)`, each: the action's tracked properties, plain text or computed (README, "Annotations"). */
  readonly trackedProperties?: readonly TrackedProperty[];
  /** `@dependencies(trigger, "ACTION", …)` on a `javascript`: the outputs its code is given besides those its text names. */
  readonly codeDependencies?: CodeDependencies;
}

/** `NAME, "reason"`: the shape of @purpose, @share and @allow. */
function readNameAndReason(
  annotation: Annotation,
  report: Report,
  nameKind: string,
): { name: string; nameRange: TextRange; reason: string } | undefined {
  const [first, second] = annotation.args;
  // A rule id may be written as a string too (a code such as "JIG3301" reads better quoted).
  const name = first?.kind === 'DottedName' ? first.text : first?.kind === 'String' && nameKind === 'rule' ? first.value : undefined;
  const reason = second?.kind === 'String' ? second.value : undefined;
  if (annotation.args.length !== 2 || name === undefined || reason === undefined) {
    report(
      messages.annotationArguments(annotation.range, {
        name: annotation.name.name,
        expected: `a ${nameKind} and a reason in plain quotes, e.g. @${annotation.name.name}(${exampleName(annotation.name.name)}, "why")`,
      }),
    );
    return undefined;
  }
  return { name, nameRange: first!.range, reason };
}

function exampleName(annotation: string): string {
  return annotation === 'purpose' ? 'automation' : annotation === 'share' ? 'PROCESSOR' : annotation === 'declassify' ? 'CATEGORY' : 'RULE';
}

const FOREVER = /^(forever|infinite|indefinitely|indefinite|always|permanent|permanently|unlimited|never)$/i;

/**
 * The argument of a `@retain` that states no finite period (`forever`, any other bare word, a
 * quoted "forever", an amount too large to be a number), or undefined. That is a policy finding
 * (§8: "@retain is mandatory and finite"), which the policy checker reports with its citation, so
 * the shape check here leaves these alone.
 */
export function nonFiniteRetention(annotation: Annotation): AnnotationArg | undefined {
  const [arg] = annotation.args;
  if (annotation.name.name !== 'retain' || annotation.args.length !== 1 || !arg) return undefined;
  if (arg.kind === 'DottedName') return arg;
  if (arg.kind === 'String' && arg.value !== undefined && FOREVER.test(arg.value.trim())) return arg;
  if (arg.kind === 'Duration' && !Number.isFinite(arg.amount)) return arg;
  return undefined;
}

function readRetain(annotation: Annotation, report: Report): ResolvedDuration | undefined {
  if (nonFiniteRetention(annotation)) return undefined;
  return readOneDuration(annotation, report, RETENTION_UNITS, 'a retention', '2 years');
}

/** `@NAME(N UNIT)`: the one argument a duration in one of `units`. */
function readOneDuration(annotation: Annotation, report: Report, units: readonly DurationUnit[], use: string, example: string): ResolvedDuration | undefined {
  const [arg] = annotation.args;
  if (annotation.args.length !== 1 || arg?.kind !== 'Duration') {
    report(messages.annotationArguments(annotation.range, { name: annotation.name.name, expected: `one duration, e.g. @${annotation.name.name}(${example})` }));
    return undefined;
  }
  return checkedDuration(arg, units, use, report);
}

function checkedDuration(arg: Duration, units: readonly DurationUnit[], use: string, report: Report): ResolvedDuration | undefined {
  const checked = resolveDuration(arg, units, use);
  if ('problem' in checked) {
    report(messages.invalidDuration(checked.range, { reason: checked.problem }));
    return undefined;
  }
  return checked.duration;
}

/** The service's bounds on a retry policy (Logic Apps limits: at most 90 retries). */
const MAX_RETRIES = 90;
const MIN_RETRY_INTERVAL = 5;
const MAX_RETRY_INTERVAL = 24 * 60 * 60;
const RETRY_FORMS = '@retry(none), @retry(fixed, 3 times, 10 seconds) or @retry(exponential, 4 times, 7 seconds[, 5 seconds, 1 hour])';

/** `@retry(none)`, `@retry(fixed, N times, INTERVAL)`, `@retry(exponential, N times, INTERVAL[, MINIMUM, MAXIMUM])`. */
function readRetry(annotation: Annotation, report: Report): RetryPolicy | undefined {
  const [kind, count, ...intervals] = annotation.args;
  const wrong = () => {
    report(messages.annotationArguments(annotation.range, { name: 'retry', expected: RETRY_FORMS }));
    return undefined;
  };
  if (kind?.kind !== 'DottedName') return wrong();
  if (kind.text === 'none') return annotation.args.length === 1 ? { kind: 'none' } : wrong();
  if (kind.text !== 'fixed' && kind.text !== 'exponential') return wrong();
  const maximumIntervals = kind.text === 'fixed' ? 1 : 3;
  if (count?.kind !== 'Duration' || !/^times?$/.test(count.unit) || intervals.length < 1 || intervals.length > maximumIntervals || intervals.length === 2) {
    return wrong();
  }
  if (!Number.isInteger(count.amount) || count.amount < 1 || count.amount > MAX_RETRIES) {
    report(messages.annotationArguments(count.range, { name: 'retry', expected: `a number of retries from 1 to ${MAX_RETRIES}` }));
    return undefined;
  }
  const durations: ResolvedDuration[] = [];
  for (const arg of intervals) {
    if (arg.kind !== 'Duration') return wrong();
    const duration = checkedDuration(arg, ALL_UNITS, 'a retry interval', report);
    if (!duration) return undefined;
    durations.push(duration);
  }
  const [interval, minimum, maximum] = durations as [ResolvedDuration, ResolvedDuration?, ResolvedDuration?];
  // Microsoft's retry policy reference ("Handle errors and exceptions", retryPolicy `interval`):
  // 5 seconds to 1 day in Consumption and in a Standard app's stateful workflows, which Jig writes;
  // an interval outside is not what the service runs, and a range whose least wait exceeds its
  // greatest picks from nothing.
  if (interval.seconds < MIN_RETRY_INTERVAL || interval.seconds > MAX_RETRY_INTERVAL) {
    report(messages.annotationArguments(interval.range, { name: 'retry', expected: 'an interval from 5 seconds to 1 day' }));
    return undefined;
  }
  if (minimum && maximum && minimum.seconds > maximum.seconds) {
    report(messages.annotationArguments(minimum.range, { name: 'retry', expected: 'a minimum interval no longer than its maximum' }));
    return undefined;
  }
  if (kind.text === 'fixed') return { kind: 'fixed', count: count.amount, interval };
  return { kind: 'exponential', count: count.amount, interval, ...(minimum && maximum && { minimum, maximum }) };
}

function readWaiver(annotation: Annotation, report: Report, step?: Step): Waiver | undefined {
  const read = readNameAndReason(annotation, report, 'rule');
  return read && { rule: read.name, ruleRange: read.nameRange, reason: read.reason, range: annotation.range, step };
}

function readData(annotation: Annotation, report: Report): FlowAnnotations['data'] {
  const categories = annotation.args.filter((arg): arg is Extract<AnnotationArg, { kind: 'DottedName' }> => arg.kind === 'DottedName');
  if (categories.length === 0 || categories.length !== annotation.args.length) {
    report(messages.annotationArguments(annotation.range, { name: 'data', expected: 'one or more categories, e.g. @data(business.transaction, personal.name)' }));
    if (categories.length === 0) return undefined;
  }
  return { categories: categories.map((c) => ({ id: c.text, range: c.range })), range: annotation.range };
}

/**
 * Whether an annotation is known and allowed where it stands; reports it otherwise. `seen` tracks
 * the names met so far on the same flow or step, for duplicates.
 */
function admit(annotation: Annotation, allowed: readonly string[], place: string, seen: Set<string>, report: Report): boolean {
  const name = annotation.name.name;
  if (!ALL_ANNOTATIONS.includes(name)) {
    const suggestion = suggest(name, allowed);
    const fixes: Fix[] = suggestion
      ? [{ title: `Change to '@${suggestion}'`, edits: [{ range: annotation.name.range, newText: suggestion }], isPreferred: true }]
      : [];
    report(messages.unknownAnnotation(annotation.name.range, { name, suggestion }, { fixes }));
    return false;
  }
  if (!allowed.includes(name)) {
    const allowedPlace =
      name === 'share'
        ? 'a step that sends data out'
        : name === 'retain'
          ? 'a flow or a store'
          : name === 'declassify'
            ? "a 'let' (the value it makes)"
            : name === 'retry'
              ? "a call (call http, call flow, send mail, store, query)"
              : name === 'timeout'
                ? "a call or an 'until'"
                : name === 'identity'
                  ? "a 'call http'"
                : name === 'chunked'
                  ? "a 'call http' or a 'call connector'"
                : name === 'paginate'
                  ? "a 'call connector'"
                : name === 'synchronous'
                  ? "a 'call http', 'call connector' or 'call workflow'"
                : name === 'outputs'
                  ? "a 'let' of a call without 'returns', or of 'javascript'"
                : name === 'concurrent'
                  ? "a 'for each'"
                : name === 'after'
                  ? "a step other than a raw action or a 'var' without @action(\"NAME\")"
                : name === 'count'
                  ? "an 'until' or an 'agent'"
                : name === 'code'
                  ? "a 'fail' or a 'stop failed'"
                : name === 'subject'
                  ? "a type's field, or a store of a record literal"
                  : name === 'action'
                    ? "a step that becomes an action (not a 'parallel', nor a raw action, which is named already)"
                    : name === 'name'
                      ? "a param or a 'var'"
                      : name === 'tracked'
                        ? "a step that becomes an action (not a 'parallel', nor a raw action, which writes its own JSON)"
                        : name === 'dependencies'
                          ? "a 'let' of 'javascript'"
                          : 'a flow';
    report(messages.misplacedAnnotation(annotation.range, { name, place, allowed: allowedPlace }));
    return false;
  }
  if (seen.has(name) && !REPEATABLE.has(name)) {
    report(messages.duplicateAnnotation(annotation.range, { name }));
    return false;
  }
  seen.add(name);
  return true;
}

/** Where the flow's `@data(…)` list takes more categories, for a fix that adds some. */
export function dataListEnd(flow: FlowDecl): DataListEnd | undefined {
  const annotation = flow.annotations.find((candidate) => candidate.name.name === 'data');
  return annotation?.argsRange && { offset: annotation.argsRange.end - 1, listsSome: annotation.args.length > 0 };
}

export function readFlowAnnotations(flow: FlowDecl, report: Report): FlowAnnotations {
  const seen = new Set<string>();
  let purpose: FlowAnnotations['purpose'];
  let data: FlowAnnotations['data'];
  let retain: FlowAnnotations['retain'];
  let rights: FlowAnnotations['rights'];
  const waivers: Waiver[] = [];
  for (const annotation of flow.annotations) {
    if (!admit(annotation, FLOW_ANNOTATIONS, 'a flow', seen, report)) continue;
    switch (annotation.name.name) {
      case 'purpose': {
        const read = readNameAndReason(annotation, report, 'purpose');
        if (read) purpose = { id: read.name, idRange: read.nameRange, reason: read.reason, range: annotation.range };
        break;
      }
      case 'data':
        data = readData(annotation, report);
        break;
      case 'retain': {
        const duration = readRetain(annotation, report);
        if (duration) retain = extend(duration, { annotationRange: annotation.range });
        break;
      }
      case 'allow': {
        const waiver = readWaiver(annotation, report);
        if (waiver) waivers.push(waiver);
        break;
      }
      case 'rights':
        rights = readRights(annotation, report);
        break;
    }
  }
  return { purpose, data, retain, waivers, ...(rights && { rights }) };
}

/** `@rights(RIGHT, KIND)`: written by `jig rights` on the flows it generates. */
function readRights(annotation: Annotation, report: Report): FlowAnnotations['rights'] {
  const [right, kind] = annotation.args;
  const isRight = (text: string): text is SubjectRight => (SUBJECT_RIGHTS as readonly string[]).includes(text);
  if (annotation.args.length !== 2 || right?.kind !== 'DottedName' || !isRight(right.text) || kind?.kind !== 'DottedName' || !PLAIN_NAME.test(kind.text)) {
    report(
      messages.annotationArguments(annotation.range, {
        name: 'rights',
        expected: `the right the flow serves (${SUBJECT_RIGHTS.join(', ')}) and the kind of data subject, e.g. @rights(erasure, customer)`,
      }),
    );
    return undefined;
  }
  return { right: right.text, kind: kind.text, range: annotation.range };
}

/** A plain name (`customer`): a kind of data subject, a field. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `@subject(KIND)` on a field names it the key of data subjects of KIND; `@subject(KIND, FIELD)` on
 * a store says the same of the documents it writes, for a value of no declared type.
 */
function readSubject(annotation: Annotation, report: Report, onStore: boolean): SubjectAnnotation | undefined {
  const [kind, field] = annotation.args;
  const plain = (arg: AnnotationArg | undefined): arg is Extract<AnnotationArg, { kind: 'DottedName' }> =>
    arg?.kind === 'DottedName' && PLAIN_NAME.test(arg.text);
  if (annotation.args.length !== (onStore ? 2 : 1) || !plain(kind) || (onStore && !plain(field))) {
    report(
      messages.annotationArguments(annotation.range, {
        name: 'subject',
        expected: onStore
          ? 'the kind of data subject and the field of the stored record that identifies them, e.g. @subject(customer, email)'
          : 'the kind of data subject the field identifies, a plain name, e.g. @subject(customer)',
      }),
    );
    return undefined;
  }
  return {
    kind: kind.text,
    kindRange: kind.range,
    ...(onStore && plain(field) && { field: { name: field.text, range: field.range } }),
    range: annotation.range,
  };
}

/**
 * `@identity`, `@identity("AUDIENCE")`: the call authenticates as the workflow's managed identity;
 * then, after the audience or none, the user-assigned identity: its resource id in plain quotes, or
 * the name of a string `param` that holds it (a template's `[parameters('identityId')]`), which
 * steps.ts resolves.
 */
function readIdentity(annotation: Annotation, report: Report): CallOptions['identity'] {
  const [arg, second] = annotation.args;
  // The audience, or none (the service's default); then, optionally, the user-assigned identity.
  const noAudience = arg?.kind === 'DottedName' && arg.text === 'none' && second !== undefined;
  const audience = arg?.kind === 'String' ? arg.value : undefined;
  const identity = second?.kind === 'String' ? second.value : undefined;
  const parameter = second?.kind === 'DottedName' && second.parts.length === 1 && second.text !== 'none' ? second.parts[0] : undefined;
  const badAudience = arg !== undefined && !noAudience && (audience === undefined || audience.trim() === '');
  if (annotation.args.length > 2 || badAudience || (second !== undefined && identity === undefined && parameter === undefined)) {
    report(
      messages.annotationArguments(annotation.range, {
        name: 'identity',
        expected: IDENTITY_ARGUMENTS,
      }),
    );
    return undefined;
  }
  return { ...(audience !== undefined && { audience }), ...(identity !== undefined && { identity }), ...(parameter !== undefined && { parameter }) };
}

/** What `@identity` takes, as its diagnostics say it. */
export const IDENTITY_ARGUMENTS =
  'nothing, the audience of the token in plain quotes, e.g. @identity("https://management.azure.com"), and then the user-assigned identity\'s resource id, in plain quotes or as a string param, or none and that id: @identity(none, "/subscriptions/…")';

/** `@code("CODE")`: one plain string, the code the run's error gets (as a designer's Terminate names it); `@code(none)`: no code. */
function readFailureCode(annotation: Annotation, report: Report): StepAnnotations['failureCode'] {
  const [arg] = annotation.args;
  if (annotation.args.length === 1 && arg?.kind === 'DottedName' && arg.text === 'none') return { code: null, range: annotation.range };
  const code = arg?.kind === 'String' ? arg.value : undefined;
  if (annotation.args.length !== 1 || code === undefined || code.trim() === '') {
    report(messages.annotationArguments(annotation.range, { name: 'code', expected: 'the error code in plain quotes, e.g. @code("OrderRejected"), or none' }));
    return undefined;
  }
  return { code, range: annotation.range };
}

/**
 * `@tracked("NAME", VALUE)`: a tracked property, which Logic Apps sends with the action's run to the
 * diagnostic logs (Azure Monitor, Application Insights), whose retention is the logs' and which
 * secure inputs do not hide. The value is plain text, or an expression the service computes when
 * the action runs (its categories go to the logs: the policy judges them, README "Annotations";
 * what it may read, steps.ts).
 */
function readTrackedProperty(annotation: Annotation, report: Report): TrackedProperty | undefined {
  const [name, value] = annotation.args;
  const read = name?.kind === 'String' && name.value !== undefined ? name.value : undefined;
  const computed = value !== undefined && isComputedTrackedValue(value);
  if (annotation.args.length !== 2 || read === undefined || read === '' || (value?.kind !== 'String' && !computed)) {
    report(
      messages.annotationArguments(annotation.range, {
        name: 'tracked',
        expected: 'a name in plain quotes and a value, plain text or an expression, e.g. @tracked("recordType", "customer") or @tracked("orderId", trigger.body.id)',
      }),
    );
    return undefined;
  }
  if (computed) return { name: read, expression: value as Expression };
  return { name: read, value: (value as { value: string }).value };
}

/** The service's bounds on a For each's degree of parallelism. */
const MAX_CONCURRENCY = 50;

/** `@concurrent` (as many iterations at once as the service runs by default) or `@concurrent(N)` (at most N, 1 to 50). */
function readConcurrency(annotation: Annotation, report: Report): Concurrency | undefined {
  const [arg] = annotation.args;
  if (annotation.args.length === 0) return {};
  const limit = arg?.kind === 'Number' && arg.isInteger ? arg.value : undefined;
  if (annotation.args.length > 1 || limit === undefined || limit < 1 || limit > MAX_CONCURRENCY) {
    report(messages.annotationArguments(annotation.range, { name: 'concurrent', expected: `nothing, or how many iterations may run at once, from 1 to ${MAX_CONCURRENCY}, e.g. @concurrent(5)` }));
    return undefined;
  }
  return { limit };
}

/** The service's bounds on an Until's passes (Logic Apps limits: 5,000). */
const MAX_UNTIL_COUNT = 5000;

/** `@count(N)` on an `until`: at most N passes (1 to 5,000). */
function readUntilCount(annotation: Annotation, report: Report): number | undefined {
  // `@count(EXPR)`: computed when the loop starts, checked with the until's expressions (steps.ts).
  const [arg] = annotation.args;
  if (annotation.args.length === 1 && arg && !['DottedName', 'String', 'Duration', 'Number'].includes(arg.kind)) return undefined;
  return readWholeNumber(annotation, report, MAX_UNTIL_COUNT, `how many passes the loop may make at most, from 1 to ${MAX_UNTIL_COUNT}, e.g. @count(10)`);
}

/** The one whole number, from 1 to `max`, an annotation takes (`@count(10)`, `@paginate(5000)`). */
function readWholeNumber(annotation: Annotation, report: Report, max: number, expected: string): number | undefined {
  const [arg] = annotation.args;
  const count = arg?.kind === 'Number' && arg.isInteger ? arg.value : undefined;
  if (annotation.args.length !== 1 || count === undefined || count < 1 || count > max) {
    report(messages.annotationArguments(annotation.range, { name: annotation.name.name, expected }));
    return undefined;
  }
  return count;
}

/** An annotation that takes no arguments (`@chunked`, `@synchronous`, `@outputs`): whether it is written so. */
function readFlag(annotation: Annotation, report: Report): boolean {
  if (annotation.args.length === 0) return true;
  const name = annotation.name.name;
  report(messages.annotationArguments(annotation.range, { name, expected: `nothing: @${name}` }));
  return false;
}

/** The most items `@paginate` may ask a connector for (Microsoft: "Pagination", up to 100,000 items). */
const MAX_PAGINATION = 100_000;

/** `@paginate(N)`: at least how many items the connector's pages bring, 1 to 100,000. */
function readPaginate(annotation: Annotation, report: Report): number | undefined {
  return readWholeNumber(annotation, report, MAX_PAGINATION, `at least how many items the connector's pages bring, from 1 to ${MAX_PAGINATION}, e.g. @paginate(5000)`);
}

/** `@after(OUTCOME, …)`: one or more of succeeded, failed, skipped, timedout, each once. */
function readRunsAfter(annotation: Annotation, report: Report): readonly RunOutcome[] | undefined {
  const names = annotation.args.map((arg) => (arg.kind === 'DottedName' ? arg.text : undefined));
  const outcomes = new Set(names);
  if (names.length === 0 || outcomes.size !== names.length || !names.every((name) => RUN_OUTCOMES.includes(name as RunOutcome))) {
    report(messages.annotationArguments(annotation.range, { name: 'after', expected: 'the outcomes of the step before after which this one runs, each once: succeeded, failed, skipped, timedout, e.g. @after(failed, timedout)' }));
    return undefined;
  }
  return RUN_OUTCOMES.filter((outcome) => outcomes.has(outcome));
}

/**
 * `@dependencies(trigger, "ACTION", …)`: `trigger` (its outputs) and action names in plain quotes,
 * each once, at least one (emit checks that each names an action that has run: limits.ts).
 */
function readCodeDependencies(annotation: Annotation, report: Report): CodeDependencies | undefined {
  const actions: string[] = [];
  let includeTrigger = false;
  let fits = annotation.args.length > 0;
  for (const arg of annotation.args) {
    if (arg.kind === 'DottedName' && arg.text === 'trigger' && !includeTrigger) includeTrigger = true;
    else if (arg.kind === 'String' && arg.value !== undefined && arg.value.trim() !== '' && !actions.includes(arg.value)) actions.push(arg.value);
    else fits = false;
  }
  if (!fits) {
    report(messages.annotationArguments(annotation.range, { name: 'dependencies', expected: 'trigger and the names of actions in plain quotes, each once, e.g. @dependencies(trigger, "Get_order")' }));
    return undefined;
  }
  return { actions, includeTrigger };
}

/** `@action("NAME")`, or on a `try` with a `catch` `@action("NAME", "CATCH")`, which also names the catch's Scope. */
function readActionName(annotation: Annotation, report: Report, step: Step): StepAnnotations['actionName'] {
  const [arg, second] = annotation.args;
  const name = arg?.kind === 'String' ? arg.value : undefined;
  const catchName = second?.kind === 'String' ? second.value : undefined;
  const withCatch = step.kind === 'Try' && step.catch !== undefined;
  const count = annotation.args.length;
  if (name === undefined || name.trim() === '' || (count !== 1 && !(count === 2 && withCatch && catchName !== undefined && catchName.trim() !== ''))) {
    const expected = withCatch ? 'the try\'s name, and the catch\'s if you like, in plain quotes, e.g. @action("Try", "Catch")' : 'the action\'s name in plain quotes, e.g. @action("Send_approval")';
    report(messages.annotationArguments(annotation.range, { name: 'action', expected }));
    return undefined;
  }
  if (!checkActionName(name, arg!.range, 'step', report)) return undefined;
  if (catchName === undefined) return { name, range: arg!.range };
  return checkActionName(catchName, second!.range, 'step', report) ? { name, range: arg!.range, catchName: { name: catchName, range: second!.range } } : undefined;
}

const NAME_CHARACTERS = "letters, digits, spaces and _ . ( ) - ' \" [ ] = only";
const NAMED = { step: 'an action of a step', raw: 'a raw action', trigger: 'a raw trigger' } as const;

/**
 * Whether a name given to an action or a trigger (`@action`, `raw action`, `trigger raw`) is one
 * Jig can write (util/action-names.ts); if not, JIG2068 with the name made writable as its fix.
 */
export function checkActionName(name: string, literal: TextRange, kind: keyof typeof NAMED, report: Report): boolean {
  const what = NAMED[kind];
  if (isWrittenName(name)) return true;
  const writable = sanitizeName(name).slice(0, MAX_ACTION_NAME_LENGTH);
  report(
    messages.invalidActionName(literal, { name, what, allowed: NAME_CHARACTERS }, { fixes: [{ title: `Rename to '${writable}'`, edits: [{ range: literal, newText: JSON.stringify(writable) }], isPreferred: true }] }),
  );
  return false;
}

/** The workflow definition schema's limit on a parameter's name. */
const PARAMETER_NAME_LIMIT = 80;

/** `@name("NAME")`: one string, the name of the workflow parameter a param becomes (no `${…}`). */
function readParameterName(annotation: Annotation, report: Report): ParamAnnotations['parameterName'] {
  const name = wellFormedName(annotation);
  if (name === undefined) {
    report(
      messages.annotationArguments(annotation.range, {
        name: 'name',
        expected: `the workflow parameter's name in plain quotes, 1 to ${PARAMETER_NAME_LIMIT} characters, not starting with $ (Jig's own), e.g. @name("FolderName_#workflowname#")`,
      }),
    );
    return undefined;
  }
  return { name, range: annotation.args[0]!.range };
}

function wellFormedName(annotation: Annotation): string | undefined {
  const [arg] = annotation.args;
  const name = arg?.kind === 'String' ? arg.value : undefined;
  return annotation.args.length === 1 && name !== undefined && name.trim() !== '' && name.length <= PARAMETER_NAME_LIMIT && !name.startsWith('$') ? name : undefined;
}

/**
 * `@name("NAME")` on a `var`: the workflow variable's name, which `variables('…')` quotes (a `'`
 * doubled, emit/wdl-strings refer), 1 to 80 characters; what `jig import` writes for a variable whose name is no Jig
 * name (`Output of POST`, `email-body`), which the workflow's raw actions set by that name.
 */
function readVariableName(annotation: Annotation, report: Report): StepAnnotations['variableName'] {
  const name = variableName(annotation);
  if (name === undefined) {
    report(messages.annotationArguments(annotation.range, { name: 'name', expected: `the workflow variable's name in plain quotes, 1 to ${PARAMETER_NAME_LIMIT} characters, neither starting with @ nor holding @{, e.g. @name("Output of POST")` }));
    return undefined;
  }
  return { name, range: annotation.args[0]!.range };
}

/**
 * A variable's name is the text of the `name` input of the actions that initialize and change it,
 * which the service reads as any string value: a leading `@` or an `@{` there would be an
 * expression, and whether the service evaluates that input (the escape `@@` then being read
 * away) or takes it as it stands (and `variables('…')` then misses it) is not documented.
 */
function variableName(annotation: Annotation): string | undefined {
  const name = wellFormedName(annotation);
  return name === undefined || name.startsWith('@') || name.includes('@{') ? undefined : name;
}

/** The name of the workflow variable a `var` becomes, which `variables('…')` reads: its `@name("…")`, else its own. */
export function variableNameOf(step: VarStep): string {
  const annotation = step.annotations.find((candidate) => candidate.name.name === 'name');
  const name = annotation && variableName(annotation);
  return name ?? step.name.name;
}

export interface ParamAnnotations {
  /** `@name("NAME")`: the workflow parameter's name, where Jig's name for it differs. */
  readonly parameterName?: { readonly name: string; readonly range: TextRange };
}

export function readParamAnnotations(param: ParamDecl, report: Report): ParamAnnotations {
  const seen = new Set<string>();
  let parameterName: ParamAnnotations['parameterName'];
  for (const annotation of param.annotations) {
    if (!admit(annotation, PARAM_ANNOTATIONS, 'a param', seen, report)) continue;
    parameterName = readParameterName(annotation, report);
  }
  return { ...(parameterName && { parameterName }) };
}

/**
 * The name of the workflow parameter a param becomes, which `parameters('…')` reads and jig.yaml's
 * `deploy.parameters` gives a value: its `@name("…")` (from `jig import`, for a name that is not a
 * Jig name, such as a Standard template's `FolderName_#workflowname#`), else its own.
 */
export function parameterName(param: ParamDecl): string {
  const annotation = param.annotations.find((candidate) => candidate.name.name === 'name');
  return (annotation && wellFormedName(annotation)) ?? param.name.name;
}

export interface FieldAnnotations {
  readonly subject?: SubjectAnnotation;
}

export function readFieldAnnotations(field: FieldDecl, report: Report): FieldAnnotations {
  const seen = new Set<string>();
  let subject: SubjectAnnotation | undefined;
  for (const annotation of field.annotations) {
    if (!admit(annotation, FIELD_ANNOTATIONS, "a type's field", seen, report)) continue;
    subject = readSubject(annotation, report, false);
  }
  return { ...(subject && { subject }) };
}

export function readStepAnnotations(step: Step, report: Report): StepAnnotations {
  const seen = new Set<string>();
  const allowed = allowedOn(step);
  let share: ShareAnnotation | undefined;
  let retain: ResolvedDuration | undefined;
  let subject: SubjectAnnotation | undefined;
  const waivers: Waiver[] = [];
  const declassifications: Declassification[] = [];
  let retry: RetryPolicy | undefined;
  let timeout: ResolvedDuration | undefined;
  let count: number | undefined;
  let identity: CallOptions['identity'];
  let chunked = false;
  let outputs = false;
  let synchronous = false;
  let paginate: number | undefined;
  let actionName: StepAnnotations['actionName'];
  let concurrency: Concurrency | undefined;
  let failureCode: StepAnnotations['failureCode'];
  let runsAfter: readonly RunOutcome[] | undefined;
  let variableName: StepAnnotations['variableName'];
  const trackedProperties: TrackedProperty[] = [];
  let codeDependencies: CodeDependencies | undefined;
  const place = step.kind === 'Store' ? 'a store' : 'this step';
  for (const annotation of step.annotations) {
    if (!admit(annotation, allowed, place, seen, report)) continue;
    switch (annotation.name.name) {
      case 'share': {
        const read = readNameAndReason(annotation, report, 'processor');
        if (read) share = { processor: read.name, processorRange: read.nameRange, reason: read.reason, range: annotation.range };
        break;
      }
      case 'retain':
        retain = readRetain(annotation, report);
        break;
      case 'allow': {
        const waiver = readWaiver(annotation, report, step);
        if (waiver) waivers.push(waiver);
        break;
      }
      case 'declassify': {
        const read = readNameAndReason(annotation, report, 'category');
        if (read) declassifications.push({ category: read.name, categoryRange: read.nameRange, reason: read.reason, range: annotation.range, step });
        break;
      }
      case 'retry':
        retry = readRetry(annotation, report);
        break;
      case 'timeout':
        timeout = readOneDuration(annotation, report, ALL_UNITS, 'a timeout', '2 minutes');
        break;
      case 'count':
        count = readUntilCount(annotation, report);
        break;
      case 'identity':
        identity = readIdentity(annotation, report);
        break;
      case 'concurrent':
        concurrency = readConcurrency(annotation, report);
        break;
      case 'chunked':
        chunked ||= readFlag(annotation, report);
        break;
      case 'paginate':
        paginate = readPaginate(annotation, report);
        break;
      case 'synchronous':
        synchronous ||= readFlag(annotation, report);
        break;
      case 'outputs':
        outputs ||= readFlag(annotation, report);
        break;
      case 'subject':
        subject = readSubject(annotation, report, true);
        break;
      case 'action':
        actionName = readActionName(annotation, report, step);
        break;
      case 'code':
        failureCode = readFailureCode(annotation, report);
        break;
      case 'after':
        runsAfter = readRunsAfter(annotation, report);
        break;
      case 'name':
        variableName = readVariableName(annotation, report);
        break;
      case 'dependencies':
        codeDependencies = readCodeDependencies(annotation, report);
        break;
      case 'tracked': {
        const property = readTrackedProperty(annotation, report);
        if (property && trackedProperties.some((other) => other.name === property.name)) report(messages.duplicateAnnotation(annotation.range, { name: `tracked("${property.name}", …)` }));
        else if (property) trackedProperties.push(property);
        break;
      }
    }
  }
  return {
    share,
    waivers,
    retain,
    declassifications,
    callOptions: { ...(retry && { retry }), ...(timeout && { timeout }), ...(count !== undefined && { count }), ...(identity && { identity }), ...(chunked && { chunked: true as const }), ...(outputs && { outputs: true as const }), ...(synchronous && { synchronous: true as const }), ...(paginate !== undefined && { paginate }) },
    ...(subject && { subject }),
    ...(actionName && { actionName }),
    ...(concurrency && { concurrency }),
    ...(failureCode && { failureCode }),
    ...(runsAfter && { runsAfter }),
    ...(variableName && { variableName }),
    ...(trackedProperties.length > 0 && { trackedProperties }),
    ...(codeDependencies && { codeDependencies }),
  };
}
