/**
 * The syntax tree of a .jig file. Every node keeps its exact source range (offsets into the text),
 * and the parser builds a tree even for a broken file: a part it could not read is a `Missing…`
 * node or an absent optional child, so that later stages and the editor still see the rest.
 *
 * Nodes are plain immutable objects discriminated by `kind`; `parent` links are not stored (the
 * binder keeps them in a side table) so that trees can be compared and printed in tests.
 */
import type { TextRange } from './source.js';

export interface NodeBase {
  readonly range: TextRange;
}

/** A name as written, with its own range (for go-to-definition, rename and precise diagnostics). */
export interface Identifier extends NodeBase {
  readonly kind: 'Identifier';
  readonly name: string;
}

/** A dotted name: a data category (`business.transaction`), a purpose or a processor. */
export interface DottedName extends NodeBase {
  readonly kind: 'DottedName';
  readonly parts: readonly Identifier[];
  /** The parts joined by dots. */
  readonly text: string;
}

/** `N UNIT`, e.g. `2 years`, `30 days`, `5 minutes`. `unit` is as written (singular or plural). */
export interface Duration extends NodeBase {
  readonly kind: 'Duration';
  readonly amount: number;
  readonly unit: string;
  readonly unitRange: TextRange;
}

// ---------------------------------------------------------------------------------------------
// File and declarations

export interface JigFile extends NodeBase {
  readonly kind: 'File';
  /** Declarations in source order. */
  readonly declarations: readonly Declaration[];
}

export type Declaration = PolicyPin | ParamDecl | TypeDecl | FlowDecl;

/** `/// text` lines directly above a declaration (or a record field), joined by newlines. */
export interface DocComment extends NodeBase {
  readonly kind: 'DocComment';
  readonly text: string;
}

/** `policy ID [>= VERSION]` */
export interface PolicyPin extends NodeBase {
  readonly kind: 'PolicyPin';
  readonly policyId: Identifier;
  /** The minimum version as written (`2023-08-27`), with its range; absent when not pinned. */
  readonly minVersion?: { readonly text: string; readonly range: TextRange };
  readonly doc?: DocComment;
}

/** `param NAME: TYPE [= DEFAULT]`, with its annotations written above it (`@name("…")`). */
export interface ParamDecl extends NodeBase {
  readonly kind: 'Param';
  readonly annotations: readonly Annotation[];
  readonly name: Identifier;
  readonly type: TypeRef;
  readonly defaultValue?: Expression;
  readonly doc?: DocComment;
}

/** `type NAME { FIELD: TYPE @CATEGORY… }` */
export interface TypeDecl extends NodeBase {
  readonly kind: 'TypeDecl';
  readonly name: Identifier;
  readonly fields: readonly FieldDecl[];
  readonly doc?: DocComment;
}

export interface FieldDecl extends NodeBase {
  readonly kind: 'Field';
  readonly name: Identifier;
  /** The `?` of `NAME?: TYPE`: the field may be left out, but when present is never null. */
  readonly optionalMark?: TextRange;
  readonly type: TypeRef;
  /** `@business.transaction, @personal.name`: each category with its range. */
  readonly categories: readonly DottedName[];
  /** Annotations with arguments written among the categories (`@subject(customer)`). */
  readonly annotations: readonly Annotation[];
  readonly doc?: DocComment;
}

export type TypeRef = NamedTypeRef | ArrayTypeRef | OptionalTypeRef;

/** `string`, `Invoice`, `secret`… (primitive names are not keywords; the binder resolves them). */
export interface NamedTypeRef extends NodeBase {
  readonly kind: 'NamedType';
  readonly name: Identifier;
}

/** `T[]` */
export interface ArrayTypeRef extends NodeBase {
  readonly kind: 'ArrayType';
  readonly element: TypeRef;
}

/** `T?` */
export interface OptionalTypeRef extends NodeBase {
  readonly kind: 'OptionalType';
  readonly inner: TypeRef;
}

/** `@NAME(ARG, …)` on a flow, a param, a step or a type's field. Arguments stay generic; the checker gives them meaning. */
export interface Annotation extends NodeBase {
  readonly kind: 'Annotation';
  readonly name: Identifier;
  readonly args: readonly AnnotationArg[];
  /** Range of the parenthesised argument list, when there is one (for "add an argument" fixes). */
  readonly argsRange?: TextRange;
}

/**
 * An annotation's argument; `@count(EXPR)` on an `until` takes an expression (a limit computed when
 * the loop starts: a parameter), which every other annotation's arguments are not.
 */
export type AnnotationArg = DottedName | StringLiteral | Duration | NumberLiteral | Expression;

/** The annotation whose argument is an expression when it is not a number: `@count(loopLimit)`. */
export const EXPRESSION_ANNOTATION = '@count';

/**
 * The annotation whose second argument is an expression: `@tracked("NAME", EXPR)`, a tracked
 * property the service computes when the action runs (a plain string is one too, plain text).
 */
export const TRACKED_ANNOTATION = '@tracked';

const LITERAL_ARGS: ReadonlySet<string> = new Set(['DottedName', 'String', 'Duration', 'Number']);

/**
 * The values of a step's `@tracked("NAME", EXPR)` that the service computes: every second argument
 * but a string without `${…}` (plain text, written as it is).
 */
export function computedTrackedValues(step: { readonly annotations: readonly Annotation[] }): Expression[] {
  const values: Expression[] = [];
  for (const annotation of step.annotations) {
    const value = annotation.name.name === 'tracked' ? annotation.args[1] : undefined;
    if (value && isComputedTrackedValue(value)) values.push(value as Expression);
  }
  return values;
}

/** Whether a `@tracked` value is computed: an expression other than plain text (a string with `${…}` is computed). */
export function isComputedTrackedValue(value: AnnotationArg): boolean {
  return value.kind === 'String' ? value.value === undefined : !LITERAL_ARGS.has(value.kind) || value.kind === 'Number';
}

/** The expression an `until`'s `@count(EXPR)` computes its limit with; undefined for `@count(N)` or none. */
export function computedCount(step: { readonly kind: string; readonly annotations: readonly Annotation[] }): Expression | undefined {
  if (step.kind !== 'Until') return undefined;
  const arg = step.annotations.find((annotation) => annotation.name.name === 'count')?.args[0];
  return arg && !LITERAL_ARGS.has(arg.kind) ? (arg as Expression) : undefined;
}

/** `flow NAME { trigger …; steps }` with its annotations written above it. */
export interface FlowDecl extends NodeBase {
  readonly kind: 'Flow';
  readonly name: Identifier;
  readonly annotations: readonly Annotation[];
  /** Absent when the flow has no trigger line (a diagnostic says so). */
  readonly trigger?: Trigger;
  readonly body: Block;
  readonly doc?: DocComment;
}

// ---------------------------------------------------------------------------------------------
// Triggers

export type Trigger = HttpTrigger | ScheduleTrigger | MailTrigger | MessageTrigger | ChatTrigger | RawTrigger;

/** `trigger raw "NAME" { JSON }`: a trigger Jig has no words for (from `jig import`), kept as its JSON. */
export interface RawTrigger extends NodeBase {
  readonly kind: 'RawTrigger';
  readonly name: StringLiteral;
  readonly body: JsonObject;
}

/** `trigger http [METHOD] [body TYPE | schema { JSON }]` */
export interface HttpTrigger extends NodeBase {
  readonly kind: 'HttpTrigger';
  /** Lower-case method as written (`post`); empty when any method is accepted. */
  readonly method: string;
  readonly bodyType?: TypeRef;
  /** A JSON schema Jig's types cannot say (from `jig import`): the body stays untyped. */
  readonly schema?: JsonObject;
}

/** `HH:MM` in a schedule. */
export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
  readonly range: TextRange;
}

/** `trigger schedule every N UNIT [on DAY, …] [at HH:MM, …] [in "TIME ZONE"]` */
export interface ScheduleTrigger extends NodeBase {
  readonly kind: 'ScheduleTrigger';
  readonly every: Duration;
  /** The week days after `on` (`monday`…), as written; empty without `on`. */
  readonly days: readonly Identifier[];
  /** The times after `at`; empty without `at`. */
  readonly times: readonly TimeOfDay[];
  readonly timeZone?: StringLiteral;
}

/**
 * `trigger chat`: a conversational agent's trigger (Request, kind Agent, "When a new chat session
 * starts"): a chat, from a person or another agent, whose messages go to the flow's agents.
 */
export interface ChatTrigger extends NodeBase {
  readonly kind: 'ChatTrigger';
}

/**
 * Whether a chat starts the flow: `trigger chat`, or a raw trigger of type Request and kind Agent
 * (one with inputs Jig does not write), whose messages go to the flow's agents all the same.
 */
export function startsWithChat(trigger: Trigger | undefined): boolean {
  if (trigger?.kind === 'ChatTrigger') return true;
  if (trigger?.kind !== 'RawTrigger') return false;
  const text = (key: string) => {
    const value = trigger.body.members.find((member) => member.key.value === key)?.value;
    return value?.kind === 'String' ? value.value?.toLowerCase() : undefined;
  };
  return text('type') === 'request' && text('kind') === 'agent';
}

/** `trigger mail office365 folder "NAME"` */
export interface MailTrigger extends NodeBase {
  readonly kind: 'MailTrigger';
  /** The connector as written (`office365`). */
  readonly connector: Identifier;
  readonly folder: StringLiteral;
}

/**
 * `trigger servicebus("NAMESPACE", "QUEUE") [body TYPE]`, or `("NAMESPACE", "TOPIC",
 * "SUBSCRIPTION")`: a message received (and completed) from a queue or a topic subscription;
 * `trigger sharepoint("SITE", "LIST") [body TYPE]`: an item created in a SharePoint list;
 * `trigger eventgrid("RESOURCE_ID" [, "EVENT_TYPE"]) [body TYPE]`: an event of an Azure resource.
 */
export interface MessageTrigger extends NodeBase {
  readonly kind: 'MessageTrigger';
  readonly source: StoreTarget;
  readonly bodyType?: TypeRef;
}

// ---------------------------------------------------------------------------------------------
// Steps

export interface Block extends NodeBase {
  readonly kind: 'Block';
  readonly steps: readonly Step[];
}

export type Step =
  | LetStep
  | VarStep
  | SetStep
  | AppendStep
  | StoreStep
  | DeleteStep
  | HttpCallStep
  | SendMailStep
  | SendMessageStep
  | FlowCallStep
  | IfStep
  | ForEachStep
  | SwitchStep
  | UntilStep
  | TryStep
  | WaitStep
  | RespondStep
  | FailStep
  | StopStep
  | ParallelStep
  | AgentStep
  | RawActionStep;

/** Annotations written after a step (`@share`, `@allow`, `@retain`). */
export interface StepBase extends NodeBase {
  readonly annotations: readonly Annotation[];
}

/** What may stand on the right of `let NAME =`. */
export type LetValue = Expression | QueryOperation | AggregateOperation | HttpCall | FlowCall | ParseJsonOperation | DocumentOperation | InlineCode | TimeOperation | TableOperation;

/** `let NAME [: TYPE] = VALUE` */
export interface LetStep extends StepBase {
  readonly kind: 'Let';
  readonly name: Identifier;
  /** The declared type, which the value must fit; absent when the type is the value's. */
  readonly type?: TypeRef;
  readonly value: LetValue;
}

/**
 * `parse json EXPR as TYPE` (only as a `let` value): a Parse JSON action with TYPE's schema; or
 * `parse json EXPR schema { JSON }`, with a schema written out that Jig's types cannot say (the
 * value is then untyped).
 */
export interface ParseJsonOperation extends NodeBase {
  readonly kind: 'ParseJson';
  readonly content: Expression;
  readonly type?: TypeRef;
  readonly schema?: JsonObject;
}

/**
 * Standard's built-in data operations for AI document flows (only as a `let` value):
 * `parse document EXPR` is a Parse a document action (ParseDocument), its result `{ text }`;
 * `chunk text EXPR [by N tokens] [overlap N] [encoding "MODEL"]` is a Chunk text action
 * (ChunkText), its result `{ value: string[] }`.
 */
/** Where an Xslt action's map is kept (README, "transform xml"). */
export type XsltMapSource = 'account' | 'app' | 'data';

export interface DocumentOperation extends NodeBase {
  readonly kind: 'DocumentOperation';
  readonly operation: 'parse document' | 'chunk text' | 'transform xml' | 'transform liquid';
  readonly content: Expression;
  /**
   * `transform liquid "KIND" EXPR with [app] map "NAME"`: a Liquid action's kind (JsonToJson,
   * JsonToText, XmlToJson, XmlToText), which says what it reads and what it writes.
   */
  readonly liquidKind?: StringLiteral;
  /**
   * `transform xml EXPR with [app | data] map "NAME"`: the XSLT map an Xslt action applies: an
   * integration account's (`account`, written without a word), the Standard app's own (`app`), or a
   * Data Mapper map of the app (`data`).
   */
  readonly map?: { readonly source: XsltMapSource; readonly name: StringLiteral };
  /** `parameters { "NAME": EXPR, … }`: the map's XSLT parameters (`xsltParameters`). */
  readonly parameters?: readonly HeaderEntry[];
  /** `by N tokens`: the most tokens a chunk holds. */
  readonly tokens?: NumberLiteral;
  /** `overlap N`: the characters two chunks share. */
  readonly overlap?: NumberLiteral;
  /** `encoding "MODEL"`: the tokenizer's encoding model. */
  readonly encoding?: StringLiteral;
}

/**
 * The designer's Date Time actions (only as a `let` value; an Expression action of that kind, its
 * result the time as text): `current time` (CurrentTime), `future time N UNIT` (GetFutureTime),
 * `past time N UNIT` (GetPastTime), `add time N UNIT to BASE` (AddToTime), `subtract time N UNIT
 * from BASE` (SubtractFromTime), `convert time BASE from ZONE to ZONE [format FORMAT]`
 * (ConvertTimeZone). N is any integer expression, UNIT a word (`day`, `weeks`, …).
 */
export interface TimeOperation extends NodeBase {
  readonly kind: 'TimeOperation';
  readonly operation: TimeOperationKind;
  readonly amount?: Expression;
  readonly unit?: Identifier;
  readonly base?: Expression;
  readonly sourceZone?: Expression;
  readonly destinationZone?: Expression;
  readonly format?: Expression;
}

export type TimeOperationKind = 'current' | 'future' | 'past' | 'add' | 'subtract' | 'convert';

/** The words that start a time operation, before `time`. */
export const TIME_OPERATIONS: readonly TimeOperationKind[] = ['current', 'future', 'past', 'add', 'subtract', 'convert'];

/** Whether two words start a time operation (`current`, `add`, … are plain names otherwise). */
export function isTimeOperationStart(word: string, next: string): boolean {
  return next === 'time' && (TIME_OPERATIONS as readonly string[]).includes(word);
}

/**
 * `html table ROWS [columns { "HEADER": EXPR, … }]`, `csv table …` (only as a `let` value): the
 * designer's Create HTML table and Create CSV table (a Table action), its result the table as text.
 * Its columns are the rows' fields, or those written, each value computed from a row (`item`).
 */
export interface TableOperation extends NodeBase {
  readonly kind: 'TableOperation';
  readonly format: TableFormat;
  readonly from: Expression;
  readonly columns?: RecordLiteral;
}

export type TableFormat = 'html' | 'csv';

/** Whether two words start a table operation (`html`, `csv` and `table` are plain names otherwise). */
export function isTableOperationStart(word: string, next: string): boolean {
  return next === 'table' && (word === 'html' || word === 'csv');
}

/**
 * `javascript "CODE"` (only as a `let` value): an Execute JavaScript Code action (JavaScriptCode),
 * its result what the code returns. The code reads the run through `workflowContext`, which Jig
 * does not follow: for the policy its result may hold anything the flow declares.
 */
export interface InlineCode extends NodeBase {
  readonly kind: 'InlineCode';
  readonly code: StringLiteral;
}

/** `var NAME: TYPE [= EXPR]`; without a value the variable starts empty (`""`, 0, false, `[]`, `{}`). */
export interface VarStep extends StepBase {
  readonly kind: 'Var';
  readonly name: Identifier;
  readonly type: TypeRef;
  readonly value?: Expression;
}

/** `set NAME = EXPR` */
export interface SetStep extends StepBase {
  readonly kind: 'Set';
  readonly target: Identifier;
  readonly value: Expression;
}

/** `append EXPR to NAME` */
export interface AppendStep extends StepBase {
  readonly kind: 'Append';
  readonly value: Expression;
  readonly target: Identifier;
}

/**
 * A service and the place in it: `cosmos("DB", "CONTAINER")`, `blob("ACCOUNT", "CONTAINER")`,
 * `sql("SERVER", "DB", "TABLE")`, `servicebus("NAMESPACE", "QUEUE")`, `teams("TEAM", "CHANNEL")`.
 */
export interface StoreTarget extends NodeBase {
  readonly kind: 'StoreTarget';
  /** The store kind as written (`cosmos`, `blob`, `sql`, or something unknown for a diagnostic). */
  readonly store: Identifier;
  readonly args: readonly StringLiteral[];
}

/**
 * `delete ID from TARGET [partition KEY]`: removes the stored document with that id. Without
 * `partition`, the container is taken to be partitioned on `/id` (as Jig's stores are by default).
 */
export interface DeleteStep extends StepBase {
  readonly kind: 'Delete';
  readonly id: Expression;
  readonly target: StoreTarget;
  readonly partition?: Expression;
}

/** `store EXPR in TARGET [@retain(…)]` */
export interface StoreStep extends StepBase {
  readonly kind: 'Store';
  readonly value: Expression;
  readonly target: StoreTarget;
}

/**
 * `query cosmos("DB", "CONTAINER") [where EXPR] returns TYPE[]`, or `query blob("ACCOUNT",
 * "CONTAINER") name EXPR returns TYPE` (one blob's content), only as a `let` value.
 */
export interface QueryOperation extends NodeBase {
  readonly kind: 'Query';
  readonly source: StoreTarget;
  /** The blob read, by its name in the container. */
  readonly name?: Expression;
  /** The filter; `item` names the document inside it. */
  readonly where?: Expression;
  readonly returns?: TypeRef;
}

export interface AggregateOutput extends NodeBase {
  readonly kind: 'AggregateOutput';
  readonly name: Identifier;
  /** `count`, `sum`, `avg`, `min`, `max` (or an unknown name, for a diagnostic). */
  readonly fn: Identifier;
  /** The field aggregated; absent for `count()`. */
  readonly field?: Identifier;
}

/** `aggregate EXPR by FIELD { OUT: count() | sum(FIELD) | … }` (only as a `let` value). */
export interface AggregateOperation extends NodeBase {
  readonly kind: 'Aggregate';
  readonly source: Expression;
  readonly by: Identifier;
  readonly outputs: readonly AggregateOutput[];
}

export interface HeaderEntry extends NodeBase {
  readonly kind: 'Header';
  /** Header names are strings or bare names (`"x-api-key"`, `accept`). */
  readonly name: StringLiteral | Identifier;
  readonly value: Expression;
}

/** The name of a header, a query or a parameter as written; undefined where an interpolation computes it. */
export function writtenName(entry: { readonly name: StringLiteral | Identifier }): string | undefined {
  return entry.name.kind === 'Identifier' ? entry.name.name : entry.name.value;
}

/**
 * `call http METHOD URL [queries {…}] [headers {…}] [body EXPR] [returns TYPE]`, or
 * `call connector "KEY" METHOD PATH …`: the same request sent through the managed-connector
 * connection KEY (an ApiConnection action), PATH on the connector's API in place of the URL, or
 * `call service "KEY" "PROVIDER" "OPERATION" [body EXPR] [returns TYPE]`: a Standard built-in
 * operation (a ServiceProvider action) through the built-in connection KEY, its parameters the body.
 */
export interface HttpCall extends NodeBase {
  readonly kind: 'HttpCall';
  /** The connection of a `call connector` (its `$connections` key) or a `call service`; absent for `call http`. */
  readonly connector?: StringLiteral;
  /** The provider of a `call service` (`azureTables` for `/serviceProviders/azureTables`). */
  readonly service?: StringLiteral;
  /** Lower-case method as written; absent for a `call service` and a `call workflow`. */
  readonly method?: Identifier;
  /** The URL, a connector's path, a service's operation, or a workflow's or a function's resource id. */
  readonly url: Expression;
  /** `call workflow ID [trigger "NAME"]`: a Workflow action calling the logic app of that resource id. */
  readonly workflow?: true;
  /** `call function METHOD ID`: a Function action calling the Azure function of that resource id. */
  readonly azureFunction?: true;
  /**
   * The model request of an `agent` step (its `request`): the agent connection (`connector`), the
   * model's deployment (`url`) and the messages (`body`); never written as a `call`.
   */
  readonly agent?: true;
  /** `call api METHOD ID "PATH"`: an ApiManagement action calling the API of that resource id (`url`) at PATH. */
  readonly apiPath?: StringLiteral;
  /** `key EXPR` after a `call api`'s path: the API Management subscription key (a secret param). */
  readonly subscriptionKey?: Expression;
  /** The trigger a `call workflow` starts (`host.triggerName`); absent: the host's default. */
  readonly triggerName?: StringLiteral;
  /** The query parameters (`queries { "name": EXPR, … }`), written as headers are. */
  readonly queries?: readonly HeaderEntry[];
  readonly headers?: readonly HeaderEntry[];
  /**
   * `auth { type: "Basic", username: …, password: SECRET }` on a `call http`: the Http action's
   * `inputs.authentication` (Basic, ClientCertificate, ActiveDirectoryOAuth, Raw), its credentials
   * secret params (semantics/http-auth.ts).
   */
  readonly auth?: Expression;
  readonly body?: Expression;
  readonly returns?: TypeRef;
}

/** `call flow NAME [with EXPR]` */
export interface FlowCall extends NodeBase {
  readonly kind: 'FlowCall';
  readonly flow: Identifier;
  readonly argument?: Expression;
}

/** A `call http …` standing as a step (its response unnamed), with its trailing annotations. */
export interface HttpCallStep extends StepBase {
  readonly kind: 'HttpCallStep';
  readonly call: HttpCall;
}

/** A `call flow …` standing as a step. */
export interface FlowCallStep extends StepBase {
  readonly kind: 'FlowCallStep';
  readonly call: FlowCall;
}

/** `send mail office365 to EXPR subject EXPR body EXPR` */
export interface SendMailStep extends StepBase {
  readonly kind: 'SendMail';
  readonly connector: Identifier;
  readonly to: Expression;
  readonly subject: Expression;
  readonly body: Expression;
}

/** `send EXPR to servicebus("NAMESPACE", "QUEUE_OR_TOPIC")` or `teams("TEAM", "CHANNEL")`: one message with the value as its content. */
export interface SendMessageStep extends StepBase {
  readonly kind: 'SendMessage';
  readonly value: Expression;
  readonly target: StoreTarget;
}

/** `if EXPR { … } [else { … } | else if …]` — `else if` nests an IfStep as the else branch. */
export interface IfStep extends StepBase {
  readonly kind: 'If';
  readonly condition: Expression;
  readonly then: Block;
  readonly else?: Block | IfStep;
}

/** `for each NAME in EXPR { … }` */
export interface ForEachStep extends StepBase {
  readonly kind: 'ForEach';
  readonly variable: Identifier;
  readonly iterable: Expression;
  readonly body: Block;
}

export interface SwitchCase extends NodeBase {
  readonly kind: 'Case';
  readonly value: StringLiteral | NumberLiteral | BooleanLiteral;
  readonly body: Block;
}

/** `switch EXPR { case LITERAL { … } … default { … } }` */
export interface SwitchStep extends StepBase {
  readonly kind: 'Switch';
  readonly subject: Expression;
  readonly cases: readonly SwitchCase[];
  readonly default?: Block;
}

/** `until EXPR { … }` (the body runs, then the condition is tested, as Logic Apps' Until does). */
export interface UntilStep extends StepBase {
  readonly kind: 'Until';
  readonly condition: Expression;
  readonly body: Block;
}

/** `try { … } catch { … }`, or `scope { … }`. */
export interface TryStep extends StepBase {
  readonly kind: 'Try';
  readonly body: Block;
  readonly catch?: Block;
  /**
   * `scope { … }`: a Scope that contains no failure (what follows runs once it succeeded, as after
   * any step), for a designer's Scope that only groups actions; never with a catch.
   */
  readonly scope?: true;
}

/** `wait N UNIT`, `wait (EXPR) UNIT`, `wait until TIME` */
export interface WaitStep extends StepBase {
  readonly kind: 'Wait';
  /** `wait 5 minutes`; absent for `wait until TIME` and a computed amount. */
  readonly duration?: Duration;
  /**
   * `wait (EXPR) UNIT`, `wait NAME UNIT`: how many UNITs, computed when the Wait runs (its
   * `interval.count` an expression, as a parameter's or `rand()`'s).
   */
  readonly amount?: Expression;
  /** The unit of a computed `amount`. */
  readonly unit?: Identifier;
  /** `wait until TIME`: the time the run waits for (a Wait's until.timestamp). */
  readonly until?: Expression;
}

/** `respond STATUS [headers { … }] [body EXPR]` */
export interface RespondStep extends StepBase {
  readonly kind: 'Respond';
  /** A number (the literal form), or an expression that computes it (`respond (EXPR)`, `respond probe.statusCode`). */
  readonly status: Expression;
  readonly headers?: readonly HeaderEntry[];
  readonly body?: Expression;
}

/** `parallel { … } and { … } …`: the branches start together; the next step waits for all. */
export interface ParallelStep extends StepBase {
  readonly kind: 'Parallel';
  readonly branches: readonly Block[];
}

/**
 * `[let RESULT =] raw action "NAME" { JSON }`: an action Jig has no words for (written by `jig
 * import`), kept as its JSON under its own name; it runs where it stands unless its JSON has a
 * `runAfter`. With `let RESULT =`, RESULT names the action's outputs (`outputs('NAME')`), a value
 * of no known type that may hold any category the flow declares.
 */
export interface RawActionStep extends StepBase {
  readonly kind: 'RawAction';
  readonly result?: Identifier;
  readonly name: StringLiteral;
  readonly body: JsonObject;
}

/**
 * `[let RESULT =] agent "CONNECTION" model "DEPLOYMENT" messages EXPR [options { JSON }] [tools {
 * tool NAME "DESCRIPTION" [schema { JSON }] { … } … }]`: an Agent action (Logic Apps' agent loop),
 * which asks the model behind the agent connection, with the messages, and runs the tools the
 * model picks, as often as it picks them, until it answers. `request` holds the model request as
 * a call: the connection, the deployment and the messages. RESULT names the action's outputs
 * (`outputs('NAME')`, the answer in `lastAssistantMessage`).
 */
export interface AgentStep extends StepBase {
  readonly kind: 'Agent';
  readonly result?: Identifier;
  readonly request: HttpCall;
  /** The other parameters of the model (`agentModelType`, `agentModelSettings`), written as they are. */
  readonly options?: JsonObject;
  readonly tools: readonly AgentTool[];
}

/**
 * `tool NAME "DESCRIPTION" [schema { JSON }] { … }`: a tool of an agent, the steps it runs when the
 * model calls it, which read what the model passes through `agentParameters("NAME")`, as the schema
 * (`agentParameterSchema`) describes it to the model.
 */
export interface AgentTool extends NodeBase {
  readonly kind: 'AgentTool';
  readonly name: Identifier;
  readonly description: StringLiteral;
  readonly schema?: JsonObject;
  readonly body: Block;
}

/** `fail EXPR` (a message string, possibly interpolated) */
export interface FailStep extends StepBase {
  readonly kind: 'Fail';
  readonly message: Expression;
}

/** The statuses `stop` ends a run with. */
export const STOP_STATUSES = ['succeeded', 'failed', 'cancelled'] as const;

/** `stop succeeded | failed | cancelled`: a Terminate with that status and no message. */
export interface StopStep extends StepBase {
  readonly kind: 'Stop';
  readonly status: Identifier;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expression =
  | StringLiteral
  | NumberLiteral
  | BooleanLiteral
  | NullLiteral
  | NameRef
  | MemberAccess
  | IndexAccess
  | CallExpression
  | UnaryExpression
  | BinaryExpression
  | RecordLiteral
  | ArrayLiteral
  | WhereExpression
  | SelectExpression
  | ConditionalExpression
  | MissingExpression;

/** One piece of a string literal: literal text (escapes resolved) or an interpolated `${expr}`. */
export type StringPart =
  | { readonly kind: 'Text'; readonly text: string; readonly range: TextRange }
  | { readonly kind: 'Interpolation'; readonly expression: Expression; readonly range: TextRange };

/** `"text ${expr} text"`; a string without interpolation has a single Text part (or none). */
export interface StringLiteral extends NodeBase {
  readonly kind: 'String';
  readonly parts: readonly StringPart[];
  /** The value when the string has no interpolation; undefined otherwise. */
  readonly value?: string;
}

export interface NumberLiteral extends NodeBase {
  readonly kind: 'Number';
  readonly value: number;
  /** True when written without a fraction or exponent (`42`, not `42.0`). */
  readonly isInteger: boolean;
  readonly text: string;
}

export interface BooleanLiteral extends NodeBase {
  readonly kind: 'Boolean';
  readonly value: boolean;
}

export interface NullLiteral extends NodeBase {
  readonly kind: 'Null';
}

/** A bare name: a let, var, param, loop variable, `item`, or `trigger`. */
export interface NameRef extends NodeBase {
  readonly kind: 'Name';
  readonly name: Identifier;
}

/**
 * `a.b`, or `a["b c"]` for a field whose name is no Jig name (null-safe in the emitted
 * expression: `?['b']`).
 */
export interface MemberAccess extends NodeBase {
  readonly kind: 'Member';
  readonly object: Expression;
  /** Absent while the user has typed `a.` and nothing yet (completion asks for it). */
  readonly member?: Identifier;
  /** Written `a["NAME"]`: the member's range is the text between the quotes. */
  readonly quoted?: true;
}

/** `a[0]` */
export interface IndexAccess extends NodeBase {
  readonly kind: 'Index';
  readonly object: Expression;
  readonly index: Expression;
}

/** `fn(args)`: a built-in function. */
export interface CallExpression extends NodeBase {
  readonly kind: 'Call';
  readonly callee: Identifier;
  readonly args: readonly Expression[];
}

export type UnaryOperator = 'not' | '-';

export interface UnaryExpression extends NodeBase {
  readonly kind: 'Unary';
  readonly operator: UnaryOperator;
  readonly operand: Expression;
}

export type BinaryOperator =
  | 'or'
  | 'and'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '+'
  | '-'
  | '*'
  | '/'
  | '%';

export interface BinaryExpression extends NodeBase {
  readonly kind: 'Binary';
  readonly operator: BinaryOperator;
  readonly operatorRange: TextRange;
  readonly left: Expression;
  readonly right: Expression;
}

export interface RecordField extends NodeBase {
  readonly kind: 'RecordField';
  readonly name: Identifier;
  readonly value: Expression;
  /** Written `"NAME": EXPR`, for a name that is no Jig name: its range is the text between the quotes. */
  readonly quoted?: true;
}

/** `{ name: EXPR, "other name": EXPR, … }` */
export interface RecordLiteral extends NodeBase {
  readonly kind: 'Record';
  readonly fields: readonly RecordField[];
}

/** `[EXPR, …]` */
export interface ArrayLiteral extends NodeBase {
  readonly kind: 'Array';
  readonly elements: readonly Expression[];
}

/** `EXPR where COND` — a Filter array (Query action); `item` names the element in COND. */
export interface WhereExpression extends NodeBase {
  readonly kind: 'Where';
  readonly source: Expression;
  readonly condition: Expression;
}

/**
 * `EXPR select { FIELD: EXPR, … }`, `EXPR select VALUE` — a Select action; `item` names the
 * element. A projection other than a record literal is one operand (a name, a field, a call, an
 * index, a literal), or any expression in parentheses: `ids select item.id`, `xs select (item * 2)`.
 */
export interface SelectExpression extends NodeBase {
  readonly kind: 'Select';
  readonly source: Expression;
  readonly projection: Expression;
}

/** `if COND then A else B` — WDL's `if()`. */
export interface ConditionalExpression extends NodeBase {
  readonly kind: 'Conditional';
  readonly condition: Expression;
  readonly then: Expression;
  readonly else: Expression;
}

/** Where the parser expected an expression and found none (recovery); its range is empty. */
export interface MissingExpression extends NodeBase {
  readonly kind: 'Missing';
}

// ---------------------------------------------------------------------------------------------
// JSON (the body of an escape hatch): objects, arrays, Jig strings (no interpolation), numbers,
// true, false and null.

export type JsonValue = JsonObject | JsonArray | StringLiteral | JsonNumber | JsonLiteral;

export interface JsonObject extends NodeBase {
  readonly kind: 'JsonObject';
  readonly members: readonly JsonMember[];
}

export interface JsonMember extends NodeBase {
  readonly kind: 'JsonMember';
  readonly key: StringLiteral;
  readonly value: JsonValue;
}

export interface JsonArray extends NodeBase {
  readonly kind: 'JsonArray';
  readonly elements: readonly JsonValue[];
}

export interface JsonNumber extends NodeBase {
  readonly kind: 'JsonNumber';
  readonly value: number;
  /** As written (`-1.5e3`). */
  readonly text: string;
}

export interface JsonLiteral extends NodeBase {
  readonly kind: 'JsonLiteral';
  readonly value: boolean | null;
}

export type Node =
  | JigFile
  | Declaration
  | FieldDecl
  | TypeRef
  | Annotation
  | AnnotationArg
  | Identifier
  | DocComment
  | Trigger
  | Block
  | Step
  | StoreTarget
  | QueryOperation
  | AggregateOperation
  | ParseJsonOperation
  | DocumentOperation
  | InlineCode
  | TimeOperation
  | TableOperation
  | AggregateOutput
  | HttpCall
  | HeaderEntry
  | FlowCall
  | SwitchCase
  | AgentTool
  | Expression
  | RecordField
  | JsonObject
  | JsonMember
  | JsonArray
  | JsonNumber
  | JsonLiteral;

/** The keywords of the language (reserved: not usable as names). */
export const KEYWORDS = [
  'policy', 'param', 'type', 'flow', 'trigger', 'let', 'var', 'set', 'append', 'to', 'store', 'in',
  'query', 'where', 'returns', 'aggregate', 'by', 'call', 'http', 'headers', 'body', 'send', 'mail',
  'subject', 'if', 'else', 'for', 'each', 'switch', 'case', 'default', 'until', 'try', 'catch',
  'wait', 'respond', 'fail', 'with', 'select', 'schedule', 'every', 'at', 'on', 'folder', 'and', 'or',
  'not', 'true', 'false', 'null', 'then', 'parallel', 'parse', 'as', 'delete', 'from', 'partition',
] as const;
