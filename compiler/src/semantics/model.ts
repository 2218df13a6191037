/**
 * What binding and type checking produce for one file: the symbols, what every name refers to,
 * the type and the data categories of every expression. The policy checker, the emitter and the
 * language server all read this model; none of them resolves a name or computes a type again.
 */
import type { TextRange } from '../syntax/source.js';
import type {
  Expression,
  FlowDecl,
  HttpCall,
  Identifier,
  JigFile,
  LetValue,
  Node,
  RawActionStep,
  RawTrigger,
  Step,
  SendMessageStep,
  StoreStep,
} from '../syntax/tree.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { MixedSource } from '../policy/model.js';
import type { RecordType, Type } from './types.js';
import type { Shape } from './categories.js';
import type { ControlSource } from './control.js';
import type { UrlText } from './url-texts.js';

export type SymbolKind =
  | 'type'
  | 'param'
  | 'let'
  | 'var'
  | 'loop'
  | 'item'
  | 'flow'
  | 'trigger'
  | 'field'
  | 'function';

export interface JigSymbol {
  readonly kind: SymbolKind;
  readonly name: string;
  /** The identifier that declares it (absent for built-ins such as `trigger` and functions). */
  readonly declaration?: Identifier;
  /** The whole declaring node (the let step, the param, the type…), for hover and the outline. */
  readonly declaringNode?: Node;
  readonly type: Type;
  /** Categories the value carries (for a let/var/param/loop variable); empty for types and flows. */
  readonly categories: CategoryFlow;
  /** The flow whose body declares it (absent for file-level symbols). */
  readonly flow?: FlowDecl;
  readonly doc?: string;
}

/**
 * `@tracked("NAME", VALUE)`: a tracked property of the action a step becomes, which Logic Apps sends
 * with the action's run to the diagnostic logs: plain text (`value`), or an expression the service
 * computes when the action runs (`expression`; README, "Annotations").
 */
export type TrackedProperty =
  | { readonly name: string; readonly value: string; readonly expression?: undefined }
  | { readonly name: string; readonly value?: undefined; readonly expression: Expression };

/** Where a category enters a value: the field read (or source) that brings it in. */
export interface CategoryOrigin {
  readonly range: TextRange;
  /** How the origin reads in a message (`invoice.contactName`, `the Office 365 mailbox`). */
  readonly description: string;
  /** The policy's mixed source (`office365.mail`) when the category comes with data read from one (§1, §9). */
  readonly mixedSource?: string;
  /**
   * The category came only through a condition (a var changed inside an `if` on it, a counter in
   * a loop over it): the value tells something about it without holding it.
   */
  readonly control?: true;
}

/** The data categories of a value, each with the first place it came from. */
export type CategoryFlow = ReadonlyMap<string, CategoryOrigin>;

/** A flow of another file of the project, as `call flow NAME` sees it. */
export interface ExternalFlow {
  readonly name: string;
  readonly fileName: string;
  readonly range: TextRange;
  /** The body type of its Request trigger; undefined when the flow has no `trigger http`. */
  readonly inputType?: Type;
  readonly hasRequestTrigger: boolean;
  /** The categories its `@data` declares. */
  readonly categories: readonly string[];
  /** Whether it may end its run as failed (semantics/control.ts `mayFail`); absent: it may. */
  readonly mayFail?: boolean;
  /** Where its `@data(…)` list takes more categories; absent when it has no `@data(…)`. */
  readonly dataListEnd?: DataListEnd;
}

/** Where a flow's `@data(…)` list ends (just before its `)`), and whether it lists anything yet (then a comma goes first). */
export interface DataListEnd {
  readonly offset: number;
  readonly listsSome: boolean;
}

/** Lets the binder find flows that other files of the project declare. */
export interface FlowResolver {
  resolve(name: string): ExternalFlow | undefined;
  names(): readonly string[];
  /**
   * Whether another file of the project could call flow NAME: false only when no other file's
   * text holds the name at all (then its request body holds nothing a caller passes).
   */
  mayBeCalledElsewhere(name: string): boolean;
}

export interface SemanticModel {
  readonly file: JigFile;
  readonly diagnostics: readonly Diagnostic[];
  /** Declared record types by name, the built-in `Mail` included. */
  readonly types: ReadonlyMap<string, RecordType>;
  /** File-level symbols: params, types, flows. */
  readonly globals: ReadonlyMap<string, JigSymbol>;
  /** What an identifier (a declaration or a reference) stands for. */
  symbolOf(identifier: Identifier): JigSymbol | undefined;
  /** Every identifier that refers to the symbol, its declaration included. */
  referencesOf(symbol: JigSymbol): readonly Identifier[];
  /** The type of an expression or a `let` value; `error` where it could not be computed. */
  typeOf(node: Expression | LetValue): Type;
  /**
   * The categories an expression or a `let` value reads, with where each comes from. Data kept in
   * the project rather than in this file stands as a placeholder (see semantics/categories.ts),
   * which the flow stage resolves: read categories through it, not from here, in the policy and
   * emit stages.
   */
  categoriesOf(node: Expression | LetValue): CategoryFlow;
  /** Where in the value each category sits (a field, an element, anywhere). */
  shapeOf(node: Expression | LetValue): Shape;
  /** The values a URL can take as far as the file and jig.yaml say (semantics/url-texts.ts; not those `jig deploy` reads). */
  urlValuesOf(url: Expression): readonly UrlText[];
  /** Everything `trigger` brings into a flow (its type's categories, what callers pass in). */
  triggerCategories(flow: FlowDecl): CategoryFlow;
  /** The conditions a step runs under: an `if` around it, a `for each`, a `fail` before it… */
  controlOf(step: Step): readonly ControlSource[];
  /** The categories of those conditions (but those of the sources `except` leaves out, and never the callers'). */
  controlCategoriesOf(step: Step, except?: (source: ControlSource) => boolean): CategoryFlow;
  /** The symbols visible at an offset (for completion), innermost first. */
  symbolsInScopeAt(offset: number): readonly JigSymbol[];
  /** The type of `trigger.body` in a flow (undefined when the flow has no trigger). */
  triggerBodyType(flow: FlowDecl): Type | undefined;
  /** The flow called by `call flow NAME`: one of this file, or another file's. */
  calledFlow(name: Identifier): FlowDecl | ExternalFlow | undefined;
  /** The flow's annotations, read once. */
  annotationsOf(flow: FlowDecl): FlowAnnotations;
  /** The categories of the taxonomy the flow's `@data` declares, and every one below them: what its data may hold (rule 1). */
  declaredClosureOf(flow: FlowDecl): readonly string[];
  /**
   * The `@retain` that applies to a store: its own, else its flow's; and to a Service Bus message,
   * its flow's (emitted as the message's time to live: a message waits in its queue or topic).
   */
  retentionOf(step: StoreStep | SendMessageStep): ResolvedDuration | undefined;
  /**
   * The fields that identify the data subjects of the documents a store writes: its own
   * `@subject(KIND, FIELD)`, else the `@subject` fields of the stored value's declared type.
   */
  subjectKeysOf(step: StoreStep): readonly SubjectKey[];
  /** The `@share` written on a step, if any. */
  shareOf(step: Step): ShareAnnotation | undefined;
  /** The `@declassify` annotations written on a step. */
  declassificationsOf(step: Step): readonly Declassification[];
  /**
   * The policy's mixed source (the mailbox) a door may read, whatever its type says: a request to
   * Graph or Outlook's REST API, a `call connector`, a raw action or trigger whose JSON goes through
   * a connection or to such a URL (semantics/store-reads.ts); undefined for one that cannot.
   */
  mixedSourceReadBy(door: HttpCall | RawActionStep | RawTrigger): MixedSource | undefined;
  /** The `@allow` waivers written on a step. */
  waiversOf(step: Step): readonly Waiver[];
  /** Whether any step of the file has an `@allow` waiver (most have none: no need to visit every step for them). */
  readonly stepWaivers: boolean;
  /** The `@retry` and `@timeout` written on a step (a call, or the timeout of an `until`). */
  callOptionsOf(step: Step): CallOptions;
  /** The `@action("NAME")` written on a step: the name of the action it becomes. */
  actionNameOf(step: Step): string | undefined;
  /** The `@concurrent` written on a `for each`, if any. */
  concurrencyOf(step: Step): Concurrency | undefined;
  /** `@code("CODE")` on a `fail`: the code of the run's error, null for `@code(none)`; undefined for Jig's own (`JigFail`). */
  failureCodeOf(step: Step): string | null | undefined;
  /** `@tracked("NAME", VALUE)` on the step: the tracked properties of the action it becomes, plain text or computed. */
  trackedPropertiesOf(step: Step): readonly TrackedProperty[] | undefined;
  /** The name `@action("NAME", "CATCH")` gives a try's catch, if any. */
  catchActionNameOf(step: Step): string | undefined;
  /** `@after(OUTCOME, …)`: the outcomes of the step before it after which a step runs; undefined for success alone. */
  runsAfterOf(step: Step): readonly RunOutcome[] | undefined;
  /** `@dependencies(…)` on a `let` of `javascript`: the outputs its code is given explicitly (explicitDependencies). */
  codeDependenciesOf(step: Step): CodeDependencies | undefined;
  /** The flow that contains a node (by range). */
  flowAt(offset: number): FlowDecl | undefined;
}

/**
 * The explicitDependencies of an Execute JavaScript Code action (Microsoft's workflow actions
 * reference, "Execute JavaScript Code action"): the trigger's outputs and those of the actions
 * named, which the service puts in the code's `workflowContext` where the code's text does not
 * name them as the designer's tokens do.
 */
export interface CodeDependencies {
  readonly actions: readonly string[];
  readonly includeTrigger: boolean;
}

/** How a call is retried when it fails with 408, 429 or 5xx (`@retry`); absent: the service's default. */
export type RetryPolicy =
  | { readonly kind: 'none' }
  | { readonly kind: 'fixed'; readonly count: number; readonly interval: ResolvedDuration }
  | {
      readonly kind: 'exponential';
      readonly count: number;
      readonly interval: ResolvedDuration;
      readonly minimum?: ResolvedDuration;
      readonly maximum?: ResolvedDuration;
    };

export interface CallOptions {
  readonly retry?: RetryPolicy;
  /** `@timeout(N UNIT)`: how long the action (a call, an until) may run. */
  readonly timeout?: ResolvedDuration;
  /** `@count(N)` on an `until`: how many passes it may make at most (`limit.count`). */
  readonly count?: number;
  /**
   * `@identity[("AUDIENCE" | none[, "IDENTITY" | PARAM])]`: the call authenticates with the
   * workflow's managed identity (a token for AUDIENCE), the user-assigned one IDENTITY names when
   * given, or the one whose resource id a string `param` holds (`parameter`, resolved by steps.ts).
   */
  readonly identity?: { readonly audience?: string; readonly identity?: string; readonly parameter?: Identifier };
  /** `@chunked`: the call moves a large message in chunks (runtimeConfiguration.contentTransfer). */
  readonly chunked?: true;
  /**
   * `@outputs` on a `let` of a call without `returns`: the name stands for the call's outputs
   * (`outputs('A')`: its `statusCode`, `headers` and `body`) instead of its body; on a `let` of
   * `javascript`, for the code action's outputs (`outputs('A')`), as a workflow may read them.
   */
  readonly outputs?: true;
  /**
   * `@synchronous` on a call: it does not follow the asynchronous pattern (an answer of 202 is
   * its result, not a Location to poll): `operationOptions: DisableAsyncPattern`.
   */
  readonly synchronous?: true;
  /**
   * `@paginate(N)` on a `call connector`: the service follows the operation's next pages until it
   * holds at least N items (`runtimeConfiguration.paginationPolicy.minimumItemCount`).
   */
  readonly paginate?: number;
}

/** How a step (its last action) ended, as `@after` names it: a Logic Apps action's run status. */
export type RunOutcome = 'succeeded' | 'failed' | 'skipped' | 'timedout';
export const RUN_OUTCOMES: readonly RunOutcome[] = ['succeeded', 'failed', 'skipped', 'timedout'];

/** `@concurrent[(N)]` on a `for each`: its iterations run at once (at most `limit`; absent: as many as the service runs by default). */
export interface Concurrency {
  readonly limit?: number;
}

/** A duration read from `@retain(…)`, `wait` or `schedule every`. */
export interface ResolvedDuration {
  readonly amount: number;
  /** Normalised plural unit. */
  readonly unit: 'seconds' | 'minutes' | 'hours' | 'days' | 'weeks' | 'months' | 'years';
  /** Length in seconds (a month is 30 days, a year 365 days). */
  readonly seconds: number;
  readonly range: TextRange;
}

/** An `@allow(RULE, "reason")` waiver, where it stands and what it covers (a step or a whole flow). */
export interface Waiver {
  readonly rule: string;
  readonly ruleRange: TextRange;
  readonly reason: string;
  readonly range: TextRange;
  /** The step it is written on; absent for a waiver on the flow. */
  readonly step?: Node;
}

/** The annotations of a flow, read and checked for shape (the policy checks their meaning). */
export interface FlowAnnotations {
  readonly purpose?: { readonly id: string; readonly idRange: TextRange; readonly reason: string; readonly range: TextRange };
  readonly data?: { readonly categories: readonly { readonly id: string; readonly range: TextRange }[]; readonly range: TextRange };
  readonly retain?: ResolvedDuration & { readonly annotationRange: TextRange };
  readonly waivers: readonly Waiver[];
  /** `@rights(RIGHT, KIND)`: the flow serves data-subject requests of that right for that kind (§6). */
  readonly rights?: { readonly right: SubjectRight; readonly kind: string; readonly range: TextRange };
}

/** The rights of data subjects a flow can serve (§6). */
export const SUBJECT_RIGHTS = ['access', 'erasure', 'correction', 'optOut'] as const;
export type SubjectRight = (typeof SUBJECT_RIGHTS)[number];

/** `@declassify(CATEGORY, "reason")` on a `let`: its value no longer carries CATEGORY. */
export interface Declassification {
  readonly category: string;
  readonly categoryRange: TextRange;
  readonly reason: string;
  readonly range: TextRange;
  readonly step: Step;
}

/**
 * `@subject(KIND)` on a type's field, or `@subject(KIND, FIELD)` on a store: the field that
 * identifies the data subject (of KIND: `customer`, `employee`) in the documents stored (§6).
 */
export interface SubjectAnnotation {
  readonly kind: string;
  readonly kindRange: TextRange;
  /** On a store: the field of the stored record. */
  readonly field?: { readonly name: string; readonly range: TextRange };
  readonly range: TextRange;
}

/** A field of the documents a store writes that identifies their data subject, and the subject's kind. */
export interface SubjectKey {
  readonly kind: string;
  readonly field: string;
}

/** `@share(PROCESSOR, "reason")` on a step. */
export interface ShareAnnotation {
  readonly processor: string;
  readonly processorRange: TextRange;
  readonly reason: string;
  readonly range: TextRange;
}
