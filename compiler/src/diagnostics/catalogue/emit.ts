/** JIG4001–JIG4999: what Logic Apps refuses on save, and its service limits, seen at compile time. */
import { define } from '../definition.js';

// ---------------------------------------------------------------------------------------------
// JIG40xx: placements the service refuses and the emitter cannot plan around

export const respondInLoop = define<{ loop: string; step?: string }>({
  code: 'JIG4001',
  name: 'respond-in-loop',
  area: 'emit',
  severity: 'error',
  title: '`respond` or `stop` inside a loop',
  message: ({ loop, step = 'respond' }) =>
    step === 'respond'
      ? `'respond' cannot stand inside a '${loop}' loop: Logic Apps refuses a Response action inside For each and Until. Respond after the loop.`
      : `'${step}' cannot stand inside a '${loop}' loop: Logic Apps refuses a Terminate action inside For each and Until. Stop after the loop.`,
  explanation:
    'A workflow answers its HTTP caller once, with a Response action, and the Logic Apps service refuses to save a workflow whose Response sits anywhere inside a For each or an Until, at any depth (it could run many times, or never). Move the `respond` after the loop; to answer with something the loop computed, collect it in a `var` (with `set` or `append`) and respond with the variable. The service refuses a Terminate there too: a `fail` in a loop is planned around (the run fails after the loop), but a `stop` is not: set a `var` in the loop and `stop` after it when the var says so.',
});

export const respondWithoutHttpTrigger = define<{ trigger: string }>({
  code: 'JIG4002',
  name: 'respond-without-http-trigger',
  area: 'emit',
  severity: 'error',
  title: '`respond` in a flow that no HTTP request starts',
  message: ({ trigger }) =>
    `'respond' needs a flow started by 'trigger http'; this flow starts with ${trigger}, and nobody waits for its answer.`,
  explanation:
    'A Response action answers the HTTP request that started the run, so Logic Apps accepts it only in a workflow whose trigger is a Request trigger (`trigger http post body TYPE`). A schedule or a new mail has no caller to answer. Remove the `respond`, or send the result where it is needed (`call http`, `send mail`, `store`).',
});

export const untranslatableQueryFilter = define<{ text: string }>({
  code: 'JIG4003',
  name: 'untranslatable-query-filter',
  area: 'emit',
  severity: 'error',
  title: 'A `query cosmos` filter has no Cosmos DB SQL form',
  message: ({ text }) =>
    `This part of the 'where' cannot be translated to Cosmos DB SQL: ${text}. Use comparisons, 'and', 'or', 'not', arithmetic and string functions on the document's fields.`,
  explanation:
    'The `where` of `query cosmos(…)` runs inside Cosmos DB as the WHERE clause of a SQL query, so it may use only what Cosmos DB SQL has: the document\'s fields (`item.amount`), literals, values computed earlier in the flow (spliced into the query text when it runs), comparisons, `and`, `or`, `not`, arithmetic, and the string functions contains, startsWith, endsWith, toLower, toUpper, trim, length, concat, substring, replace and indexOf. Record and array literals, list operators and other functions have no SQL form: query with a simpler filter, then narrow the result with `where` on the returned array.',
});

export const scheduleTimeIgnored = define<{ unit: string }>({
  code: 'JIG4004',
  name: 'schedule-time-ignored',
  area: 'emit',
  severity: 'warning',
  title: 'An `at` time on a schedule shorter than a day',
  message: ({ unit }) =>
    `'at' is ignored for a schedule that repeats every few ${unit}: Logic Apps applies a time of day only to daily and weekly recurrences.`,
  explanation:
    'The Recurrence trigger takes a time of day (`schedule.hours` and `schedule.minutes`) only when its frequency is Day or Week. A schedule that repeats in seconds, minutes, hours or months runs from the moment the workflow is saved. Remove `at`, or schedule `every 1 day at HH:MM`.',
});

export const scheduleIntervalTooLong = define<{ every: string; frequency: string; maximum: number }>({
  code: 'JIG4005',
  name: 'schedule-interval-too-long',
  area: 'emit',
  severity: 'error',
  title: 'A schedule repeats less often than Logic Apps allows',
  message: ({ every, frequency, maximum }) =>
    `Logic Apps cannot repeat a schedule every ${every}: a Recurrence in ${frequency.toLowerCase()}s repeats at most every ${maximum}.`,
  explanation:
    'The Recurrence trigger limits its interval for each frequency: at most 16 months, 71 weeks, 500 days, 12,000 hours, 72,000 minutes or 9,999,999 seconds. Years are written as months, so `every 2 years` (24 months) is too long. Schedule the flow more often and let it decide with an `if` whether there is work to do.',
});

export const scheduleTimesCombine = define<{ hours: readonly number[]; minutes: readonly number[]; missing: readonly string[] }>({
  code: 'JIG4007',
  name: 'schedule-times-combine',
  area: 'emit',
  severity: 'error',
  title: 'Schedule times that are not every combination of their hours and minutes',
  message: ({ missing }) =>
    `Logic Apps runs a schedule at every combination of its hours and minutes, so these times would also run it at ${missing.join(', ')}. List those times too, or split the flow.`,
  explanation:
    'A Recurrence trigger stores a time of day as two lists, `schedule.hours` and `schedule.minutes`, and fires at every hour of the one list combined with every minute of the other. `at 09:00, 17:30` would become hours [9, 17] and minutes [0, 30]: four runs a day, at 09:00, 09:30, 17:00 and 17:30. Jig refuses times that such a grid cannot say exactly; write all the combinations (`at 09:00, 09:30, 17:00, 17:30`), times that share their minutes (`at 09:00, 17:00`), or two flows.',
});

export const scheduleDaysIgnored = define<{ unit: string }>({
  code: 'JIG4008',
  name: 'schedule-days-ignored',
  area: 'emit',
  severity: 'warning',
  title: 'Week days on a schedule that is not weekly',
  message: ({ unit }) =>
    `'on' is ignored for a schedule that repeats every few ${unit}: Logic Apps applies week days only to weekly recurrences. Schedule 'every 1 week on …'.`,
  explanation:
    'The Recurrence trigger takes week days (`schedule.weekDays`) only when its frequency is Week. To run on some days of every week, write `every 1 week on monday, friday at 09:00`; a daily schedule runs every day.',
});

export const nestedItemOperation = define({
  code: 'JIG4006',
  name: 'nested-item-operation',
  area: 'emit',
  severity: 'error',
  title: 'A list operation or record inside `where`/`select` that reads `item`',
  message: () =>
    "A 'where', 'select' or record literal that reads 'item' cannot stand inside another 'where' or 'select': Logic Apps would compute it once, before the outer one runs. Compute it per element with 'for each' instead.",
  explanation:
    'A `where` becomes a Filter array action and a `select` a Select action; each runs once over its whole array, and its condition or projection may only use expressions (`item.qty > 0`, `toLower(item.sku)`). A nested `where` or `select` over a field of `item` (`orders where length(item.lines where item.qty > 0) > 0`), or a record literal built from `item` inside a condition, would need an action per element, which Logic Apps cannot run inside a Filter array or Select. Loop instead: `for each order in orders { let lines = order.lines where item.qty > 0 … }`, collecting results with `append`.',
});

// ---------------------------------------------------------------------------------------------
// JIG41xx: service limits (see emit/limits.ts)

export const tooManyActions = define<{ count: number; limit: number }>({
  code: 'JIG4101',
  name: 'too-many-actions',
  area: 'emit',
  severity: 'error',
  title: 'A flow becomes more actions than a workflow may have',
  message: ({ count, limit }) =>
    `This flow becomes ${count} actions (nested ones included); Logic Apps allows ${limit} in one workflow. Move part of it into another flow and 'call flow' it.`,
  explanation:
    'Logic Apps limits a workflow to 500 actions, counting the actions inside conditions, loops, switches and scopes. Every step of a flow becomes one or more actions (a `call http … returns T` is two: the call and the parsing of its response), so a long flow can exceed the limit. Split the flow: move a self-contained part into its own flow with `trigger http post body T` and run it with `call flow NAME with …`.',
});

export const nestingTooDeep = define<{ action: string; depth: number; limit: number }>({
  code: 'JIG4102',
  name: 'nesting-too-deep',
  area: 'emit',
  severity: 'error',
  title: 'Steps nested deeper than Logic Apps allows',
  message: ({ action, depth, limit }) =>
    `This step becomes the action '${action}', nested ${depth} deep; Logic Apps allows ${limit} levels. Move the inner steps into another flow ('call flow'), or flatten the conditions.`,
  explanation:
    'Logic Apps nests actions at most 8 deep: a top-level action is at depth 1, and each `if`, `else`, `switch` case, `for each`, `until` and `try`/`catch` adds a level for the actions inside it. Some steps add levels of their own (a `fail` inside a loop becomes a condition after it). Combine conditions with `and`, return early with `respond`/`fail` instead of nesting, or move the inner part into its own flow and `call flow` it.',
});

export const tooManySwitchCases = define<{ action: string; count: number; limit: number }>({
  code: 'JIG4103',
  name: 'too-many-switch-cases',
  area: 'emit',
  severity: 'error',
  title: 'A switch with more cases than Logic Apps allows',
  message: ({ action, count, limit }) =>
    `This switch becomes '${action}' with ${count} cases; Logic Apps allows ${limit}. Group cases, or look the value up in a record instead.`,
  explanation:
    'A Switch action holds at most 25 cases (besides its default). Group values that share their steps, nest a second `switch` in the `default`, or, when each case only picks a value, replace the switch by a lookup in a record literal (`{ a: 1, b: 2 }[key]`).',
});

export const nameTooLong = define<{ name: string; length: number; limit: number }>({
  code: 'JIG4104',
  name: 'name-too-long',
  area: 'emit',
  severity: 'error',
  title: 'An action or trigger name longer than Logic Apps allows',
  message: ({ name, length, limit }) =>
    `The action name '${name}' is ${length} characters long; Logic Apps allows ${limit}. Shorten the names this step is derived from.`,
  explanation:
    'Action and trigger names are at most 80 characters. Jig derives an action\'s name from its step: the verb and the names in it (a `let` name, a loop variable, a container). Give those shorter names.',
});

export const expressionTooLong = define<{ length: number; limit: number }>({
  code: 'JIG4105',
  name: 'expression-too-long',
  area: 'emit',
  severity: 'error',
  title: 'An expression longer than Logic Apps allows',
  message: ({ length, limit }) =>
    `This step becomes an expression of ${length} characters; Logic Apps allows ${limit}. Compute part of it in a 'let' first.`,
  explanation:
    'One Workflow Definition Language expression (the text after `@`, or inside `@{…}`) is at most 8,192 characters. Long string templates and deeply nested calls can exceed it. Compute parts of the value in earlier `let` steps: each becomes its own action, and the expression only refers to it.',
});

export const tooManyVariables = define<{ count: number; limit: number }>({
  code: 'JIG4106',
  name: 'too-many-variables',
  area: 'emit',
  severity: 'error',
  title: 'A flow with more variables than Logic Apps allows',
  message: ({ count, limit }) =>
    `This flow declares ${count} variables (including the ones Jig adds); Logic Apps allows ${limit}. Use 'let' for values that never change, or split the flow.`,
  explanation:
    'A workflow initializes at most 250 variables. Every `var` is one, and Jig adds one for each `fail` inside a loop. A value that is never `set` or `append`ed to needs no variable: use `let`.',
});

export const tooManyParameters = define<{ count: number; limit: number }>({
  code: 'JIG4107',
  name: 'too-many-parameters',
  area: 'emit',
  severity: 'error',
  title: 'A flow with more parameters than Logic Apps allows',
  message: ({ count, limit }) =>
    `This flow becomes a workflow with ${count} parameters; Logic Apps allows ${limit}. Group related 'param's into one of a record type.`,
  explanation:
    'A workflow definition declares at most 50 parameters, counting the `$connections` parameter Jig adds for managed connectors. Group related settings into one `param` of a record type, or split the file.',
});

export const actionInLoop = define<{ action: string; type: string; loop: string }>({
  code: 'JIG4108',
  name: 'action-in-loop',
  area: 'emit',
  severity: 'error',
  title: 'Terminate or Response emitted inside a loop',
  message: ({ action, type, loop }) =>
    `This step became the ${type} action '${action}' inside the loop '${loop}', which Logic Apps refuses. Move the step after the loop.`,
  explanation:
    'Logic Apps refuses a Terminate action (`fail`) or a Response action (`respond`) anywhere inside a For each or an Until loop. Jig plans around this for `fail` and reports `respond` in a loop (JIG4001); this check of the emitted workflow catches any case that slipped through. Move the step after the loop, keeping what it needs in a variable.',
});

export const responseWithoutRequestTrigger = define<{ action: string; trigger: string }>({
  code: 'JIG4109',
  name: 'response-without-request-trigger',
  area: 'emit',
  severity: 'error',
  title: 'Response emitted in a workflow without a Request trigger',
  message: ({ action, trigger }) =>
    `This step became the Response action '${action}', but the workflow starts with ${trigger}; Logic Apps accepts a Response only after a Request trigger. Remove the 'respond' or start the flow with 'trigger http'.`,
  explanation:
    'A Response answers the HTTP request that started the run, so the service refuses to save a workflow with a Response unless every trigger is a Request trigger. Jig reports `respond` in such a flow (JIG4002); this check of the emitted workflow catches any case that slipped through.',
});

export const variableNotTopLevel = define<{ action: string; holder: string }>({
  code: 'JIG4110',
  name: 'variable-not-top-level',
  area: 'emit',
  severity: 'error',
  title: 'A variable initialized below the top level',
  message: ({ action, holder }) =>
    `The variable action '${action}' stands inside '${holder}'; Logic Apps initializes variables only at the top level of a workflow.`,
  explanation:
    'Logic Apps declares variables only at the global level of a workflow, not within conditions, scopes or loops. Jig hoists every `var` to the top and sets it in place, so this finding in an emitted workflow is a defect of the compiler: please report it with the source file.',
});

export const invalidRunAfter = define<{ action: string; problem: string }>({
  code: 'JIG4111',
  name: 'invalid-run-after',
  area: 'emit',
  severity: 'error',
  title: 'An emitted action runs after an action it cannot follow',
  message: ({ action, problem }) => `The action '${action}' ${problem}; Logic Apps refuses to save this workflow.`,
  explanation:
    'An action\'s `runAfter` may only name actions of the same actions map (not the trigger, but for a conversational agent\'s trigger, of type Request and kind Agent, which a top-level action may run after alone; not an action inside or outside another scope), must name actions that exist, and may not form a cycle; each actions map needs an action that starts it. Jig chains the actions of each block in source order, so this finding is a defect of the compiler: please report it with the source file.',
});

export const flowNameNotAllowed = define<{ name: string; reason: string }>({
  code: 'JIG4112',
  name: 'flow-name-not-allowed',
  area: 'emit',
  severity: 'error',
  title: 'A flow name that Azure or a file system would refuse or confuse',
  message: ({ name, reason }) => `The flow '${name}' cannot be a workflow: ${reason}. Rename the flow.`,
  explanation:
    'A flow becomes a workflow of its name, deployed as the Azure resource `Microsoft.Logic/workflows/<name>` and written as `<name>.json` (or the folder `<name>/` of a Standard project). Azure allows 1 to 43 characters in a workflow name (Microsoft.Logic naming rules); Azure resource names and the Windows and macOS file systems ignore case, so two flows whose names differ only in case would overwrite each other; Windows reserves the device names CON, PRN, AUX, NUL, COM0–COM9 and LPT0–LPT9 (with any extension, in any case), so no file can have that name; and a Standard app reserves powershell, WorkflowDispatcher and WorkflowNodeWorker. Choose another name.',
});

export const afterWithoutAction = define<{ reason: string }>({
  code: 'JIG4113',
  name: 'after-without-action',
  area: 'emit',
  severity: 'error',
  title: '`@after` on a step that follows no single action',
  message: ({ reason }) => `'@after' makes this step run after the step before it ended so, but ${reason}. Remove '@after', or move the step.`,
  explanation:
    "`@after(OUTCOME, …)` sets the statuses of the action before in the step's `runAfter`: the step runs once the step before it (its last action) has succeeded, failed, been skipped or timed out, as listed. That needs one action right before it in the same actions map (for the first step of a `parallel`'s branch, the one before the `parallel`, which every branch starts after): not the first step of a block (it waits for nothing there), nor a step after a `try` with a `catch` (the step after it waits for several actions, which Jig chains itself), nor one after a step that holds a `fail` inside a loop (what follows it there is nested in a condition), nor `@after(skipped)` anywhere in the rest of such a pass (that condition runs only once the step that may fail succeeded, and when it is skipped every action in it is, whatever its `runAfter` says: the step would never run on `skipped`), nor one after a step that becomes no action in its place (a `let` Jig writes into the expressions that read it, or a `var` set at the workflow's start: give it `@action(\"NAME\")` to make it an action where it stands). After a `parallel`, the step runs once the last step of every branch (of a nested `parallel`'s branches too) ended so, and each of those must be a step `@after` could follow. A `var` with `@after` must itself be an action where it stands: named (`@action`) and at the top level, and the first of the vars that share that action.",
});

export const resultNotScope = define<{ action: string; problem: string }>({
  code: 'JIG4114',
  name: 'result-not-scope',
  area: 'emit',
  severity: 'error',
  title: "result(\"NAME\") names no scope that has run",
  message: ({ action, problem }) => `result() in '${action}' ${problem}; Logic Apps refuses to save this workflow.`,
  explanation:
    '`result("NAME")` returns the results of the top-level actions of a scoped action: a `try` or `scope` (a Scope), a `for each`, an `until`, an `if` or a `switch`, named by its action name (`@action("NAME")`, or `@action("TRY", "CATCH")` on a try). Logic Apps accepts it only in an action that runs after that one: in its `catch`, or in a step after it. Give the block an `@action` name and read its results after it.',
});

export const concurrentOptOutKeep = define<{ what: 'loop' | 'parallel'; container?: string }>({
  code: 'JIG4116',
  name: 'concurrent-opt-out-keep',
  area: 'emit',
  severity: 'error',
  title: 'Stores that keep the opt-out mark, run at once',
  message: ({ what, container }) =>
    what === 'loop'
      ? "This loop stores personal data into Cosmos DB, and each store reads the person's opt-out mark before it writes: passes that run at once may both read before either writes, and lose the mark one of them writes (§6). Remove '@concurrent'; the loop runs one pass at a time."
      : `Two branches of this 'parallel' store personal data into '${container ?? ''}', and each store reads the person's opt-out mark before it writes: branches run at once, so one may read before the other writes, and lose the mark it writes (§6). Store into it in one branch, or after the 'parallel'.`,
  explanation:
    "A store of personal data keeps the person's opt-out mark (§6): it asks the container whether a document of the same id or subject carries the mark, then upserts the document with it (see Data-subject requests). That is a read, then a write. Stores that run at once may each read before the others write, so a mark one writes (a value that brings its own, a copy of a marked document) is overwritten or missed by another, and the person is back in every analysis. So a `for each` that holds such a store runs one pass at a time (`repetitions: 1`, as the source's order of passes says) and `@concurrent` on it is refused; and two branches of a `parallel` (which run at once, as the source says) may not both hold such stores into the same container: store in one branch, or after the `parallel`.",
});

export const codeDependencyNotAction = define<{ action: string; problem: string }>({
  code: 'JIG4117',
  name: 'code-dependency-not-action',
  area: 'emit',
  severity: 'error',
  title: '`@dependencies` names no action that has run',
  message: ({ action, problem }) => `The explicitDependencies of '${action}' ${problem}; its code would find no outputs of it, and the action fails.`,
  explanation:
    '`@dependencies(trigger, "NAME", …)` on a `let` of `javascript` gives the code the outputs of the trigger and of the actions named (the action\'s `explicitDependencies`), which Logic Apps puts in its `workflowContext`. Microsoft\'s guide to inline code: if an output the code is given is not there when it runs, the action fails; and variables\' actions and loops (For each, Until) cannot be dependencies. Name an action of the workflow that runs before the code (its `@action` name, or a raw action\'s), or drop the name.',
});

export const agentToolAction = define<{ action: string; type: string; tool: string; agent: string; reason: 'control' | 'response' | 'empty' }>({
  code: 'JIG4121',
  name: 'agent-tool-action',
  area: 'emit',
  severity: 'error',
  title: "An agent's tool holds what Logic Apps does not run there",
  message: ({ action, type, tool, agent, reason }) =>
    reason === 'empty'
      ? `The tool '${tool}' of the agent '${agent}' became no action: Logic Apps requires a tool to hold at least one action. Give it a step that is an action.`
      : reason === 'control'
        ? `This step became the ${type} action '${action}' in the tool '${tool}' of the agent '${agent}': Logic Apps does not support control flow actions in an agent's tool. Move the decision into a child flow the tool calls, or out of the agent.`
        : `This step became the Response action '${action}' in the tool '${tool}' of the agent '${agent}': the model runs a tool as often as it picks it, or never, and a run answers its caller once. Respond after the agent, with what it answered.`,
  explanation:
    "An agent's tool is a sequence of actions that the model runs as often as it picks the tool, each time with the arguments it chooses, or never (Microsoft, agent-workflows-concepts: \"An agent can invoke the same tool multiple times\"). Microsoft's guide to agent workflows lists what a tool may hold (create-autonomous-agent-workflows, \"Limitations and known issues\"): only actions, starting with an action and holding at least one, and no control flow actions. So a tool's steps may not become an If, Switch, For each, Until, Scope or Terminate (`if`, `switch`, `for each`, `until`, `try`, `scope`, `fail`, `stop`, or a step Jig builds with one: a list stored whole, an aggregate), nor a Response (`respond`: the tool may answer twice, or never), and a tool whose steps all become no action (a `let` written into the expressions that read it) is none. Put the logic in a child flow that the tool calls with `call flow`, whose control flow is its own, or compute it before or after the agent.",
});

export const concurrentPassVariable = define<{ what: 'var' | 'aggregate'; name: string }>({
  code: 'JIG4122',
  name: 'concurrent-pass-variable',
  area: 'emit',
  severity: 'error',
  title: "A pass's own variable in a loop whose passes run at once",
  message: ({ what, name }) =>
    what === 'var'
      ? `The var '${name}' is declared in this loop's body, so each pass has its own; but a workflow variable is one for the whole run, and with '@concurrent' passes running at once would read each other's '${name}'. Remove '@concurrent', or compute '${name}' with a 'let'.`
      : `The aggregate '${name}' in this loop's body collects each pass's groups in one workflow variable; with '@concurrent' passes running at once would empty and fill it together, and answer each other's groups. Remove '@concurrent'.`,
  explanation:
    "A `var` declared inside a `for each` belongs to each pass (it is visible to the end of the body, and starts again on each pass); an aggregate in the body answers that pass's groups. Logic Apps has workflow variables only (initialized at the top level, one value for the whole run), so Jig writes both as one variable that each pass sets again. That is the source's meaning when the passes run one after another, as a loop that writes a variable does; but `@concurrent` runs them at once, and Microsoft says variables written by parallel iterations are unpredictable (logic-apps-create-variables-store-values: \"run the loop sequentially so that variables return predictable results\"): one pass would read the value another pass wrote. A variable declared outside the loop is the run's, and `@concurrent` says its passes may race on it; one declared inside cannot be raced on without doing something other than the source says. Remove `@concurrent`, or compute the pass's value with `let` (a Compose, which is each pass's own).",
});

export const respondAfterCallerTimeout = define<{ waited: string }>({
  code: 'JIG4123',
  name: 'respond-after-caller-timeout',
  area: 'emit',
  severity: 'warning',
  title: 'A respond that runs after its caller has stopped waiting',
  message: ({ waited }) =>
    `This respond runs at least ${waited} after the run started (the waits before it, on every path): a caller over HTTP waits at most 2 minutes (235 seconds on a Standard app), then gets a timeout instead, and Logic Apps fails the Response (ActionResponseTimedOut), skipping what follows it. Only a flow that calls this one ('call flow') waits that long. Respond before the wait, or call this flow from another.`,
  explanation:
    "A Request trigger keeps its caller's request open until the workflow's Response runs, for as long as the service's inbound request limit: 120 seconds on Consumption, 235 seconds by default on Standard (Microsoft's limits reference, Timeout duration). Microsoft's guide to inbound calls says the steps a response needs must finish within that limit \"unless the triggered workflow is called as a nested workflow\", whose parent \"continues to wait for a response until all the steps are completed, regardless of how much time is required\"; otherwise the caller gets a timeout, and the Response that runs later fails (\"the client application timed out waiting for a response from service\", ActionResponseTimedOut, Azure/logicapps#1340): the run fails, and the steps after the respond are skipped unless they `@after(failed)`. Jig warns where the `wait`s the flow states before a `respond`, on every path to it, already exceed 2 minutes; calls and computed waits take time too, which `jig test` simulates (a Response past the limit fails there as in Azure). Answer first (`respond 202`), then wait; or let another flow call this one with `call flow`.",
});

export const httpHeaderDropped = define<{ header: string; method: string; response?: boolean }>({
  code: 'JIG4124',
  name: 'http-header-dropped',
  area: 'emit',
  severity: 'warning',
  title: 'A header Logic Apps does not send',
  message: ({ header, method, response }) =>
    response
      ? `Logic Apps removes the header '${header}' from the response without a warning: the caller never receives it. Remove it.`
      : `Logic Apps removes the header '${header}' from ${method === 'GET' && /^content-/i.test(header) ? 'a GET request' : 'the request'} without a warning: the service at the URL never receives it. Remove it${/^cookie$/i.test(header) ? ", or send the cookie in the Http action's cookie property (a raw action)" : ''}.`,
  explanation:
    "Microsoft documents that an HTTP action or trigger does not send some headers, \"without showing any warning or error\" (HTTP connector reference, Known issues, Omitted HTTP headers): `Accept-*` headers but `Accept-version` (`Accept` itself is sent), `Allow`, `Content-*` headers but `Content-Disposition`, `Content-Encoding` and `Content-Type` (which are sent with POST and PUT, and dropped with GET), `Cookie` (the action's cookie property is honored instead), `Expires`, `Host`, `Last-Modified`, `Origin`, `Set-Cookie` and `Transfer-Encoding`. A `call http` that names one does something other than the source says: the header is written into the workflow, and the request goes without it (`jig run` and `jig test` send it so too). A Response drops the same headers but those only a request has (`Accept-*`, `Host`, `Origin`): `Allow`, `Content-*` headers but `Content-Disposition`, `Content-Encoding` and `Content-Type`, `Cookie`, `Expires`, `Last-Modified`, `Set-Cookie` and `Transfer-Encoding` (\"Receive and respond to inbound HTTPS calls\", Add a Response action: Logic Apps \"automatically removes these headers from the generated response message without showing any warning or error\"), so a `respond` that names one answers without it, in `jig run` and `jig test` too. For the policy a header still counts where it is written: what it holds is judged as sent.",
});

export const retentionPastCosmosTtl = define<{ retention: string }>({
  code: 'JIG4125',
  name: 'retention-past-cosmos-ttl',
  area: 'emit',
  severity: 'error',
  title: "A retention longer than Cosmos DB's longest time to live",
  message: ({ retention }) =>
    `This store keeps its documents ${retention}, which it writes as their 'ttl' in seconds; Cosmos DB takes a ttl of at most 2,147,483,647 seconds (some 68 years) and refuses the document otherwise, so the store would fail every time. Keep the documents at most 24,855 days.`,
  explanation:
    'A `store` into Cosmos DB writes its retention (its `@retain`, else the flow\'s) as each document\'s `ttl`, in seconds, so that Cosmos DB deletes it when it expires (§8). Microsoft: "Item TTL value must be a nonzero positive integer less than or equal to 2147483647, or -1 which means the item never expires" ("Time to Live (TTL) in Azure Cosmos DB"): a longer retention, which a company policy with no lower maximum allows, makes every upsert fail with 400 Bad Request, so the flow never stores what its source says it stores. `jig run` and `jig test` refuse such a document as Cosmos DB does.',
});

export const invalidOutput = define<{ file: string; problem: string }>({
  code: 'JIG4150',
  name: 'invalid-output',
  area: 'emit',
  severity: 'error',
  title: 'Internal error: an output file fails Jig\'s own schema',
  message: ({ file, problem }) =>
    `Internal error: the emitted file '${file}' does not match the schema of what Jig writes (${problem}); nothing was written.`,
  explanation:
    'Before it writes anything, `jig build` checks every output file against the JSON Schema of the workflows Jig emits (compiler/src/validate/workflow.schema.json), which is modelled on Microsoft\'s workflow definition schema. A file that fails it would be refused by Logic Apps or deploy something other than the source says, so the build stops and writes nothing. This is a defect of the compiler: please report it with the source file and this message.',
});

export const callbackOutsideWebhook = define<{ action: string; type: string }>({
  code: 'JIG4115',
  name: 'callback-outside-webhook',
  area: 'emit',
  severity: 'error',
  title: 'listCallbackUrl() outside a webhook',
  message: ({ action, type }) => `listCallbackUrl() in '${action}', a ${type} action, has no callback URL to give: only a webhook has one, and Logic Apps refuses to save this workflow.`,
  explanation:
    '`listCallbackUrl()` is the URL at which a connector calls a waiting run back: Logic Apps gives one only to a webhook action or trigger (the functions reference: it "works only with triggers and actions for the HttpWebhook and ApiConnectionWebhook connector types"). Use it in the request of a `call connector "KEY" webhook "PATH"`, which waits for that call.',
});

export const trackedOnSecureData = define<{ action: string; problem: string }>({
  code: 'JIG4118',
  name: 'tracked-on-secure-data',
  area: 'emit',
  severity: 'error',
  title: 'A tracked property where run history hides the data',
  message: ({ action, problem }) => `'${action}' has a tracked property ${problem}: Logic Apps does not allow it there.`,
  explanation:
    'Jig hides from run history the inputs and outputs of every action and trigger that carries data the policy keeps out of it (secure inputs and outputs). Logic Apps does not allow tracked properties on a trigger or action with secure inputs or outputs, nor ones that reference such a trigger or action (learn.microsoft.com/azure/logic-apps/monitor-workflows-collect-diagnostic-data, "Tracked properties"): the diagnostic logs would show what run history hides. Put `@tracked` on a step that carries no such data, and track a field that holds none.',
});

export const runOutlivesHistory = define<{ flow: string; stated: string; days: number; because: string }>({
  code: 'JIG4119',
  name: 'run-outlives-history',
  area: 'emit',
  severity: 'error',
  title: "A flow's waits outlast how long its runs may be kept",
  message: ({ flow, stated, days, because }) =>
    `A run of '${flow}' waits up to ${stated} (its waits and timeouts), but its run history may be kept only ${days} days (${because}): Logic Apps times a run out when that retention runs out, and the steps after the wait would never run. Wait less, or give the wait to a later run (a schedule that queries what is due).`,
  explanation:
    "A run's history holds what its trigger and actions read and wrote, so Jig sets each workflow's run history retention to the shortest of its `@retain` and the policy's maxima of the categories its `@data` covers (`runtimeConfiguration.lifetime` on Consumption, `Runtime.FlowRetentionThreshold` in a Standard app's host.json). On Consumption that same setting bounds how long a run may last: a run still going when it runs out times out (Microsoft, \"Monitor workflows\", run status Timed out; Standard: `Runtime.Backend.FlowRunTimeout`, which must not exceed the retention, and which Jig sets to it). A flow whose `wait N UNIT`s, and whose `@timeout`s on a webhook or an `until`, add up (along its longest path) to more than that would stop in the middle, doing less than the source says. Keep the data shorter in the run: wait less, or store what is due and let a scheduled flow act on it when it is.",
});

export const runHistoryBeyondMaximum = define<{ flow: string; category: string; period: string }>({
  code: 'JIG4120',
  name: 'run-history-beyond-maximum',
  area: 'emit',
  severity: 'error',
  title: "A category's maximum is shorter than Logic Apps can keep run history",
  message: ({ flow, category, period }) =>
    `'${flow}' handles '${category}', which the policy keeps at most ${period}, but Logic Apps may keep a run's history up to 7 days past its retention (of one day at least): its runs would keep that data longer than the policy allows.`,
  explanation:
    "A run's history holds what its trigger and actions read and wrote, secured inputs and outputs included, so Jig sets each workflow's run history retention so that its runs are kept no longer than the policy's maximum of any category its `@data` covers (§8). Microsoft documents that a run past its retention \"is removed within 7 days\", and the retention is a whole number of days, so no setting keeps a run within a maximum of 7 days or less. Such data cannot pass through a Logic Apps run under this policy; handle it outside Logic Apps, or ask whoever owns the policy whether its maximum should allow for the platform's cleanup.",
});
