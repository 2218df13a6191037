/**
 * JIG2001–JIG2999: names, scopes and types.
 * JIG200x names and scopes, JIG202x types, JIG204x built-in functions, JIG205x secrets,
 * JIG206x annotations, JIG207x steps and triggers.
 */
import { define } from '../definition.js';
import { RESPONSE_STATUSES } from '../../util/response-status.js';

const didYouMean = (suggestion: string | undefined): string => (suggestion ? ` Did you mean '${suggestion}'?` : '');

// ---------------------------------------------------------------------------------------------
// Names and scopes

export const unknownName = define<{ name: string; suggestion?: string }>({
  code: 'JIG2001',
  name: 'unknown-name',
  area: 'semantics',
  severity: 'error',
  title: 'A name is not declared',
  message: ({ name, suggestion }) => `Cannot find the name '${name}'.${didYouMean(suggestion)}`,
  explanation:
    'Every name in an expression must be declared before it is used: a `param` of the file, a `let` or `var` earlier in the same block or an enclosing one, a `for each` variable inside its loop, `trigger` inside a flow, or `item` inside a `where` condition or a `select` projection. Check the spelling (the message suggests the closest declared name) or declare the name first.',
});

export const duplicateDeclaration = define<{ name: string; kind: string }>({
  code: 'JIG2002',
  name: 'duplicate-declaration',
  area: 'semantics',
  severity: 'error',
  title: 'A name is declared twice',
  message: ({ name, kind }) => `'${name}' is already declared as a ${kind} here; choose another name.`,
  explanation:
    'Params, types and flows share one namespace at file level, and a name declared in a flow (a `let`, a `var`, a loop variable) may not hide a name that is visible where it is declared. Logic Apps variables and action names are global to a workflow, so two values with one name would be ambiguous in the emitted workflow. Rename one of them; the related location shows the first declaration.',
});

export const usedBeforeDeclaration = define<{ name: string }>({
  code: 'JIG2003',
  name: 'used-before-declaration',
  area: 'semantics',
  severity: 'error',
  title: 'A name is used before its declaration',
  message: ({ name }) => `'${name}' is used before it is declared; move its declaration above this line.`,
  explanation:
    'A `let` or `var` is visible from the step after its declaration to the end of its block: steps run in order, so a value does not exist before the step that computes it. Move the declaration up, or the use down.',
});

export const notAssignable = define<{ name: string; kind: string; verb: string }>({
  code: 'JIG2004',
  name: 'assignment-to-non-variable',
  area: 'semantics',
  severity: 'error',
  title: '`set` or `append` on something that is not a `var`',
  message: ({ name, kind, verb }) => `Cannot ${verb} '${name}': it is a ${kind}, not a var. Declare it with 'var ${name}: TYPE = …' to change it.`,
  explanation:
    'Only workflow variables (`var NAME: TYPE = EXPR`) can change: `set` and `append` become SetVariable and Append… actions. A `let` names a value computed once, a `param` is fixed at deployment, and a loop variable or `item` stands for the current element. Declare a `var` if the value must change.',
});

export const unknownType = define<{ name: string; suggestion?: string }>({
  code: 'JIG2005',
  name: 'unknown-type',
  area: 'semantics',
  severity: 'error',
  title: 'A type is not declared',
  message: ({ name, suggestion }) => `Cannot find the type '${name}'.${didYouMean(suggestion)}`,
  explanation:
    'A type is a primitive (`string`, `number`, `integer`, `boolean`, `datetime`), `secret` (params only), the built-in `Mail`, or a record declared with `type NAME { … }` in the file. Types are visible in the whole file, before or after their declaration.',
});

export const unknownFlow = define<{ name: string; suggestion?: string }>({
  code: 'JIG2006',
  name: 'unknown-flow',
  area: 'semantics',
  severity: 'error',
  title: '`call flow` names no flow of the project',
  message: ({ name, suggestion }) => `Cannot find the flow '${name}' in this file or the project.${didYouMean(suggestion)}`,
  explanation:
    '`call flow NAME` runs another flow of the project as a child workflow. NAME must be a flow of this file or of another .jig file of the same project (jig.yaml). Check the spelling, or add the file that declares it to the project.',
});

export const unknownField = define<{ name: string; type: string; suggestion?: string }>({
  code: 'JIG2007',
  name: 'unknown-field',
  area: 'semantics',
  severity: 'error',
  title: 'A record has no such field',
  message: ({ name, type, suggestion }) => `The type '${type}' has no field '${name}'.${didYouMean(suggestion)}`,
  explanation:
    'A field read (`a.b`), a record literal written where a record type is expected, and an `aggregate … by FIELD` must name fields the record type declares. Check the spelling or add the field to the `type` declaration (with its data category).',
});

export const duplicateField = define<{ name: string }>({
  code: 'JIG2008',
  name: 'duplicate-field',
  area: 'semantics',
  severity: 'error',
  title: 'A field is written twice',
  message: ({ name }) => `The field '${name}' is written twice; remove one.`,
  explanation: 'A record type or a record literal names each field once; the JSON object it becomes could keep only one of the values.',
});

export const expressionInFieldName = define<{ name: string }>({
  code: 'JIG2071',
  name: 'expression-in-field-name',
  area: 'semantics',
  severity: 'error',
  title: "A record's field name holds an '@'",
  message: ({ name }) => `The field name '${name}' holds an '@', which Logic Apps reads as the start of an expression in the JSON it becomes; name the field without it.`,
  explanation:
    "A record literal becomes a JSON object whose keys are its field names, written as they are. Logic Apps evaluates an `@` in a workflow's JSON as an expression (`@odata.type` would read a value called `odata`), so a field name holding one would not be the name written, and what it read would be hidden from the checker. Field names that are not Jig names are written as strings (`{ \"Site Country\": … }`); an `@` in one is refused. Where a service needs such a key, keep the step as a `raw action`, whose JSON is written as given (`@@odata.type`).",
});

export const fieldWithoutCategory = define<{ name: string; type: string }>({
  code: 'JIG2009',
  name: 'field-without-category',
  area: 'semantics',
  severity: 'error',
  title: 'A field of primitive type carries no data category',
  message: ({ name, type }) => `The field '${name}: ${type}' has no data category; add one, e.g. '@business.other' or '@personal.name'.`,
  explanation:
    'Every value Jig handles carries the data categories of the fields it was read from; that is how the policy checker knows which flows touch personal data, how long they may keep it and with whom they may share it. A field of a primitive type (or an array or optional of one) must therefore name at least one category (`@business.transaction`). A field of a record type takes the categories of that record\'s fields and names none itself.',
});

export const categoryOnRecordField = define<{ name: string; type: string }>({
  code: 'JIG2010',
  name: 'category-on-record-field',
  area: 'semantics',
  severity: 'warning',
  title: 'A record-typed field names categories of its own',
  message: ({ name, type }) => `The field '${name}' has the record type '${type}', which carries its own fields' categories; the categories written here are ignored.`,
  explanation:
    'The categories of a record-typed field are those of the record\'s fields, so that reading a sub-field yields exactly that sub-field\'s categories. Put categories on the fields of the record type instead.',
});

export const anyOutsideValue = define({
  code: 'JIG2070',
  name: 'any-outside-value',
  area: 'semantics',
  severity: 'error',
  title: '`any` is a type for a var, a typed let or a param only',
  message: () => "The type 'any' is only allowed on a 'var', a typed 'let' or a 'param'; a field or a body says what it holds.",
  explanation:
    "`var NAME: any` (or `any[]`) is a variable whose values have no type Jig knows, as an untyped request body or call result has none: it fits everywhere, its fields are `any`, and for the policy it holds what is assigned to it. `jig import` writes it for a workflow's Object variables and arrays of objects, and `param NAME: any` (`any[]`) for its Object (Array) parameters: for the policy a param is what its value is, whatever its type (a default is a constant, a value known only at deploy time holds every category the flow declares). A record field or a trigger's body needs a type that says its shape (and a field its categories): declare a record type.",
});

export const secretOutsideParam = define({
  code: 'JIG2011',
  name: 'secret-outside-param',
  area: 'semantics',
  severity: 'error',
  title: '`secret` is a type for params only',
  message: () => "The type 'secret' is only allowed on a 'param'; a secret comes from deployment, never from data.",
  explanation:
    '`param NAME: secret` becomes a securestring workflow parameter whose value the service never shows in run history. A record field or a variable of type `secret` would be stored and logged like any other value. Declare the secret as a param and pass it where it is needed (an HTTP header or body).',
});

// ---------------------------------------------------------------------------------------------
// Types

export const typeMismatch = define<{ found: string; expected: string; context: string; orElse?: string }>({
  code: 'JIG2020',
  name: 'type-mismatch',
  area: 'semantics',
  severity: 'error',
  title: 'A value does not have the type its place expects',
  message: ({ found, expected, context, orElse }) =>
    `${context} expects ${expected} but this is ${found}.${orElse ? ` It may be absent; coalesce(…, ${orElse}) gives it a default.` : ''}`,
  explanation:
    'Jig checks each value against the type its place expects: the declared type of a `var`, the field types of a record type, a function\'s parameters, a condition (boolean). `integer` widens to `number`, a value of type `T` fits `T?`, `null` fits any optional type, and a `datetime` may be used as a `string`; nothing else converts silently. Use a built-in conversion (`string(…)`, `int(…)`, `float(…)`, `coalesce(…)`) where one is meant.',
});

export const operatorMismatch = define<{ operator: string; found: string; expected: string }>({
  code: 'JIG2021',
  name: 'operator-type',
  area: 'semantics',
  severity: 'error',
  title: 'An operator is applied to values of the wrong type',
  message: ({ operator, found, expected }) => `The operator '${operator}' needs ${expected} but found ${found}.`,
  explanation:
    'Arithmetic (`- * / %`) needs numbers (`integer` or `number`); `+` adds numbers or joins two strings; ordering comparisons (`< <= > >=`) compare two numbers, or datetimes (a string on the other side is read as one), never two strings, since the service does not document how it orders text (case, accents, punctuation, culture: Microsoft\'s examples are lowercase words); `==` and `!=` compare values of compatible types (or an optional value with `null`); `and`, `or` and `not` need booleans. Optional values must be unwrapped first (`coalesce(x, default)`), since the service fails on arithmetic with null.',
});

export const notARecord = define<{ member: string; type: string }>({
  code: 'JIG2022',
  name: 'member-of-non-record',
  area: 'semantics',
  severity: 'error',
  title: 'A field is read from a value that is not a record',
  message: ({ member, type }) => `Cannot read '.${member}' from a value of type '${type}'; only records have fields.`,
  explanation:
    '`a.b` reads the field `b` of a record. Arrays have no fields: use `for each`, `select`, `first(…)` or an index `a[0]`. Primitive values have no fields either; use a built-in function (`length(s)`).',
});

export const notIndexable = define<{ type: string }>({
  code: 'JIG2023',
  name: 'index-of-non-array',
  area: 'semantics',
  severity: 'error',
  title: 'An index is applied to a value that is not an array',
  message: ({ type }) => `Cannot index a value of type '${type}'; only arrays can be indexed with [i].`,
  explanation: '`a[i]` reads the element at position `i` (an integer, from 0) of an array `a`.',
});

export const notIterable = define<{ type: string; construct: string }>({
  code: 'JIG2024',
  name: 'not-an-array',
  area: 'semantics',
  severity: 'error',
  title: 'A loop or list operator is applied to a value that is not an array',
  message: ({ type, construct }) => `${construct} needs an array but this is '${type}'.`,
  explanation:
    '`for each`, `where`, `select` and `aggregate` work on arrays. An optional array may be null, which the service refuses to iterate: write `coalesce(x, [])` to iterate an empty array instead (a `for each` over one is built as written, with the warning JIG2034).',
});

export const optionalIterated = define<{ type: string }>({
  code: 'JIG2034',
  name: 'optional-array-iterated',
  area: 'semantics',
  severity: 'warning',
  title: "A 'for each' walks an array that may be null",
  message: ({ type }) => `'for each' walks '${type}', which may be null: the run fails here when it is. coalesce(x, []) walks nothing instead.`,
  explanation:
    "The service fails a For each whose array is null (ExpressionEvaluationFailed: the result of the 'foreach' expression is of type 'Null'). Jig builds it as written, so that a workflow that relies on the array being there (as `jig import` finds many: a field its schema leaves out of `required`) keeps its meaning; `coalesce(x, [])` walks an empty array instead.",
});

export const guardComputedAnyway = define<{ construct: string; operation: string; path: string }>({
  code: 'JIG2035',
  name: 'guard-computed-anyway',
  area: 'semantics',
  severity: 'warning',
  title: "A value that 'if … then … else', 'and' or 'or' seems to guard is computed anyway",
  message: ({ construct, operation, path }) =>
    `${construct} does not keep ${operation} from running: Logic Apps computes every operand, so it runs whatever the test of '${path}' says, and fails the run on the values the test excludes. Use an 'if' step, or a form that cannot fail.`,
  explanation:
    "`if C then A else B` is WDL's `if(C, A, B)`, `a and b` its `and(a, b)` and `a or b` its `or(a, b)`: functions, whose arguments the service computes before it calls them, all of them, whatever the condition or the left side turns out to be (`jig run` computes them so too). So `if length(xs) == 0 then \"none\" else xs[0]` fails the run on an empty list (the element read is out of range though the condition holds), `if s == \"\" then 0 else int(s)` fails on an empty text, and `d != 0 and n / d > 2` divides by zero. The warning is given where a value that can fail (an element read, a division or remainder, a conversion such as `int`, a function failing on some arguments) reads what the condition, or the left side, tests. Decide with an `if` step, whose branches are actions of which only one runs (`if length(xs) > 0 { let sku = xs[0] … }`), or write a form that does not fail: `coalesce(first(xs), \"none\")` for the first element, a default value before converting.",
});

export const missingField = define<{ name: string; type: string }>({
  code: 'JIG2025',
  name: 'missing-field',
  area: 'semantics',
  severity: 'error',
  title: 'A record literal lacks a required field',
  message: ({ name, type }) => `The record is missing the field '${name}' that '${type}' requires.`,
  explanation:
    'A record literal written where a record type is expected must give every non-optional field of that type. Add the field, or make it optional in the type declaration (`field: T?`).',
});

export const invalidSwitchCase = define<{ reason: string }>({
  code: 'JIG2026',
  name: 'invalid-switch',
  area: 'semantics',
  severity: 'error',
  title: 'A `switch` or one of its cases is invalid',
  message: ({ reason }) => reason,
  explanation:
    'A Logic Apps Switch compares a string or an integer with constant cases. The subject must be a `string` or an `integer`, each case a literal of that type, and no value may appear in two cases. Use `if … else if …` for other comparisons.',
});

export const statusOutOfRange = define<{ status: string }>({
  code: 'JIG2027',
  name: 'status-out-of-range',
  area: 'semantics',
  severity: 'error',
  title: '`respond` with an invalid HTTP status',
  message: ({ status }) => `HTTP status ${status} is not one a Response may send; use ${RESPONSE_STATUSES}.`,
  explanation:
    'The Response action sends an HTTP status code: a whole number of 2xx, 4xx or 5xx (200 OK, 202 Accepted, 400 Bad Request…). Microsoft permits no 3xx (a redirect) and no 1xx: the Response fails. To send the caller on, answer 201 or 202 with a `Location` header (a client following the asynchronous pattern polls a 202\'s).',
});

export const invalidDuration = define<{ reason: string }>({
  code: 'JIG2028',
  name: 'invalid-duration',
  area: 'semantics',
  severity: 'error',
  title: 'A duration has an invalid amount or unit',
  message: ({ reason }) => reason,
  explanation:
    'A duration is `N UNIT` with N a positive whole number. `wait` and `trigger schedule every` accept `seconds`, `minutes`, `hours`, `days`, `weeks`, `months` and `years`; `@retain` accepts `days`, `weeks`, `months` and `years` only, and is always finite (there is no `forever`: the policy requires data to be kept only as long as necessary). Units may be singular or plural (`1 day`, `2 days`).',
});

export const storeNeedsRecord = define<{ found: string }>({
  code: 'JIG2029',
  name: 'store-needs-record',
  area: 'semantics',
  severity: 'error',
  title: '`store` needs a record',
  message: ({ found }) => `A store writes records (one, or each element of a list), but this is '${found}'.`,
  explanation:
    '`store EXPR in cosmos(…)` upserts EXPR as a JSON document, so EXPR must be a record (a declared type, the result of `call http … returns T`, or a record literal `{ … }`), or a list of records, each stored as a document of its own.',
});

export const invalidTarget = define<{ reason: string; suggestion?: string }>({
  code: 'JIG2030',
  name: 'invalid-connector',
  area: 'semantics',
  severity: 'error',
  title: 'An unknown store, connector or HTTP method',
  message: ({ reason, suggestion }) => `${reason}${didYouMean(suggestion)}`,
  explanation:
    'Stores are `cosmos("DATABASE", "CONTAINER")`, `blob("ACCOUNT", "CONTAINER")` and `sql("SERVER", "DATABASE", "TABLE")` (whether the policy allows a store is a policy rule); messages go to `servicebus("NAMESPACE", "QUEUE")` or a Teams channel, `teams("TEAM_ID", "CHANNEL_ID")`, and a message trigger reads `servicebus("NAMESPACE", "QUEUE")` or `servicebus("NAMESPACE", "TOPIC", "SUBSCRIPTION")`; `sharepoint("https://TENANT.sharepoint.com/sites/SITE", "LIST")` is a store and a trigger, `eventgrid("RESOURCE_ID" [, "EVENT_TYPE"])` a trigger; mail uses the `office365` connector; HTTP methods are get, post, put, patch, delete and head. `call connector "KEY" METHOD "PATH"` names a connection by its `$connections` key (1 to 80 letters, digits, `_`, `-`, `.`, `#`), takes get, post, put, patch or delete, and a path that starts with `/`.',
});

export const invalidQuery = define<{ reason: string }>({
  code: 'JIG2031',
  name: 'invalid-query-or-aggregate',
  area: 'semantics',
  severity: 'error',
  title: 'A `query` or `aggregate` is malformed',
  message: ({ reason }) => reason,
  explanation:
    '`query cosmos(…) [where COND] returns T[]` reads documents of the record type T; `query blob("ACCOUNT", "CONTAINER") name EXPR returns T` reads one blob, by its name, as a T. `aggregate SOURCE by FIELD { OUT: count() | sum(FIELD) | avg(FIELD) | min(FIELD) | max(FIELD) }` groups an array of records by one of their fields: `sum` and `avg` need a numeric field, `min` and `max` a numeric or datetime field, and `count()` takes no field.',
});

export const invalidCall = define<{ reason: string }>({
  code: 'JIG2032',
  name: 'invalid-flow-call',
  area: 'semantics',
  severity: 'error',
  title: '`call flow` to a flow that cannot be called',
  message: ({ reason }) => reason,
  explanation:
    'A child workflow is called through its Request trigger, so the called flow must start with `trigger http post body TYPE`, and the `with` value is checked against TYPE.',
});

export const invalidTrigger = define<{ reason: string }>({
  code: 'JIG2033',
  name: 'invalid-trigger',
  area: 'semantics',
  severity: 'error',
  title: 'A trigger is missing or malformed',
  message: ({ reason }) => reason,
  explanation:
    'Each flow starts with one trigger: `trigger http post body TYPE`, `trigger schedule every N UNIT [on DAY, …] [at HH:MM, …] [in "TIME ZONE"]` (week days `monday` to `sunday`, hours 0–23, minutes 0–59) or `trigger mail office365 folder "NAME"`.',
});

// ---------------------------------------------------------------------------------------------
// Built-in functions

export const unknownFunction = define<{ name: string; suggestion?: string }>({
  code: 'JIG2040',
  name: 'unknown-function',
  area: 'semantics',
  severity: 'error',
  title: 'A function is not a Jig built-in',
  message: ({ name, suggestion }) => `'${name}' is not a built-in function.${didYouMean(suggestion)}`,
  explanation:
    'Jig has a fixed, typed set of built-in functions, each mapped onto a Workflow Definition Language function (`length`, `concat`, `toLower`, `contains`, `utcNow`, `addDays`, `formatDateTime`, `coalesce`, `string`, `int`, …). The editor lists them on completion with their signatures.',
});

export const wrongArity = define<{ name: string; expected: string; found: number }>({
  code: 'JIG2041',
  name: 'wrong-argument-count',
  area: 'semantics',
  severity: 'error',
  title: 'A function is called with the wrong number of arguments',
  message: ({ name, expected, found }) => `'${name}' takes ${expected} but is given ${found}.`,
  explanation: 'Each built-in function has a fixed signature; hover or signature help in the editor shows it.',
});

// ---------------------------------------------------------------------------------------------
// Secrets

export const secretLeak = define<{ sink: string }>({
  code: 'JIG2050',
  name: 'secret-leak',
  area: 'semantics',
  severity: 'error',
  title: 'A secret is written or inlined',
  message: ({ sink }) => `A secret may not be used in ${sink}; secrets may only be passed in HTTP headers or call bodies.`,
  explanation:
    'A `param NAME: secret` becomes a securestring parameter. It may be passed as an HTTP header or inside the body of a `call http` or `call connector`, where the service keeps it out of run history, but it must never be stored, sent by mail, returned in a response, put in a failure message, joined into a string, given to a function or passed to a child flow (which reads it as data, in its own run history, and may do any of those; the child names the parameter itself): any of those would write the secret where people or logs can read it.',
});

export const secretDefault = define({
  code: 'JIG2051',
  name: 'secret-default',
  area: 'semantics',
  severity: 'error',
  title: 'A secret param has a default value',
  message: () => 'A secret param cannot have a default value: the value would be written in the source and the workflow.',
  explanation:
    'A secret is supplied at deployment (from a key vault or the deploy command), never written in the file: a default would put it into source control and into the emitted workflow definition.',
});

// ---------------------------------------------------------------------------------------------
// Annotations (their shape; the policy checks what they name)

export const unknownAnnotation = define<{ name: string; suggestion?: string }>({
  code: 'JIG2060',
  name: 'unknown-annotation',
  area: 'semantics',
  severity: 'error',
  title: 'An annotation is not one Jig knows',
  message: ({ name, suggestion }) => `'@${name}' is not an annotation.${didYouMean(suggestion && `@${suggestion}`)}`,
  explanation:
    'A flow takes `@purpose(PURPOSE, "reason")`, `@data(CATEGORY, …)`, `@retain(N UNIT)` and `@allow(RULE, "reason")`; a step takes `@share(PROCESSOR, "reason")`, `@allow(RULE, "reason")` and, on a `store`, `@retain(N UNIT)`.',
});

export const misplacedAnnotation = define<{ name: string; place: string; allowed: string }>({
  code: 'JIG2061',
  name: 'misplaced-annotation',
  area: 'semantics',
  severity: 'error',
  title: 'An annotation stands where it has no meaning',
  message: ({ name, place, allowed }) => `'@${name}' cannot be written on ${place}; it belongs on ${allowed}.`,
  explanation:
    '`@purpose` and `@data` describe a whole flow and stand above `flow`. `@share` describes one step that sends data out and stands after it. `@retain` stands above a flow (the default for everything it stores) or after a `store` (that store\'s own retention). `@allow` stands on a flow or a step.',
});

export const annotationArguments = define<{ name: string; expected: string }>({
  code: 'JIG2062',
  name: 'annotation-arguments',
  area: 'semantics',
  severity: 'error',
  title: 'An annotation has the wrong arguments',
  message: ({ name, expected }) => `'@${name}' takes ${expected}.`,
  explanation:
    'Annotation arguments: `@purpose(PURPOSE, "reason")`, `@data(CATEGORY, CATEGORY, …)` (at least one), `@retain(N UNIT)`, `@share(PROCESSOR, "reason")`, `@allow(RULE, "reason")`. Reasons are plain strings without `${…}`: they are printed in reports and the data map.',
});

export const duplicateAnnotation = define<{ name: string }>({
  code: 'JIG2063',
  name: 'duplicate-annotation',
  area: 'semantics',
  severity: 'error',
  title: 'An annotation is written twice',
  message: ({ name }) => `'@${name}' is written twice here; merge them into one.`,
  explanation: '`@purpose`, `@data`, `@retain` and `@share` are written at most once on a flow or a step (a `@data` lists every category at once). `@allow` may be repeated for different rules.',
});

export const rawAction = define<{ name: string }>({
  code: 'JIG2064',
  name: 'raw-action',
  area: 'semantics',
  severity: 'warning',
  title: 'A raw action is not checked',
  message: ({ name }) => `The raw action '${name}' is kept as its JSON: Jig does not check what it reads or where it sends it. Write it in Jig when you can.`,
  explanation:
    '`jig import` keeps an action Jig has no words for as `raw action "NAME" { JSON }`, which compiles to that JSON unchanged. Its expressions are not read: the policy checker does not see what data it uses or where it goes, so each one is reported until it is rewritten in Jig.',
});

export const invalidRawAction = define<{ reason: string }>({
  code: 'JIG2065',
  name: 'invalid-raw-action',
  area: 'semantics',
  severity: 'error',
  title: 'A raw action is not a workflow action',
  message: ({ reason }) => reason,
  explanation:
    'A raw action is the JSON of one Workflow Definition Language action: an object with a `type`, under a name unique in the workflow. Its strings are kept as they are, so they may not interpolate `${…}` (write `\\$` for a `$`).',
});

export const rawTrigger = define<{ name: string }>({
  code: 'JIG2066',
  name: 'raw-trigger',
  area: 'semantics',
  severity: 'warning',
  title: 'A raw trigger is not checked',
  message: ({ name }) => `The raw trigger '${name}' is kept as its JSON: Jig does not know what it brings in. Write it in Jig when you can.`,
  explanation:
    '`jig import` keeps a trigger Jig has no words for (a connector\'s, a sliding window) as `trigger raw "NAME" { JSON }`, which compiles to that JSON unchanged. What it brings in is unknown to the policy checker: `trigger.body` may hold any category the flow declares.',
});

export const duplicateParameterName = define<{ name: string; other: string }>({
  code: 'JIG2069',
  name: 'duplicate-parameter-name',
  area: 'semantics',
  severity: 'error',
  title: 'Two params become one workflow parameter',
  message: ({ name, other }) => `This param becomes the workflow parameter '${name}', as '${other}' does; give it another @name("…").`,
  explanation:
    'A param becomes the workflow parameter of its own name, or of the name its `@name("NAME")` gives (what `jig import` writes for a parameter whose name is not a Jig name, such as a Standard template\'s `FolderName_#workflowname#`). `parameters(\'NAME\')` reads a parameter ignoring case, so two params whose workflow names differ only in case would be one parameter with two values. Rename one, or change its `@name`.',
});

export const duplicateActionName = define<{ name: string }>({
  code: 'JIG2067',
  name: 'duplicate-action-name',
  area: 'semantics',
  severity: 'error',
  title: 'Two steps give their actions one name',
  message: ({ name }) => `Another step of this flow names its action '${name}'; action names are unique in a workflow.`,
  explanation:
    '`@action("NAME")` names the action a step becomes, as `raw action "NAME"` does (what `jig import` writes, so that the workflow keeps the names its run history and other workflows know). The service requires every action name of a workflow to be unique, in every scope and ignoring case; the actions Jig names itself avoid these names.',
});

export const invalidActionName = define<{ name: string; what: string; allowed: string }>({
  code: 'JIG2068',
  name: 'invalid-action-name',
  area: 'semantics',
  severity: 'error',
  title: 'A name Jig cannot give an action or a trigger',
  message: ({ name, what, allowed }) => `'${name}' cannot name ${what}: such a name holds ${allowed}, at most 80 characters.`,
  explanation:
    'The names of a workflow\'s actions and triggers are keys of its definition, and expressions quote them (`body(\'Get_rows\')`, `runAfter`). Jig writes only names seen in real Logic Apps workflows, 1 to 80 characters of letters, digits, spaces, `_`, `.`, `(`, `)`, `-`, `"`, `\'`, `[`, `]` and `=` (`For Each - SHA`, `Get_RG\'s`); expressions quote them as WDL string literals, a `\'` doubled (`body(\'Get_RG\'\'s\')`). The service\'s acceptance of other characters (`@`, `{`, `#`, `/`, accented letters…) is not documented, so Jig does not write them. The quick fix proposes the name with the other characters replaced by `_`; rename what refers to it (another raw action\'s `runAfter`) with it.',
});

export const invalidChunkOption = define<{ reason: string }>({
  code: 'JIG2072',
  name: 'invalid-chunk-option',
  area: 'semantics',
  severity: 'error',
  title: 'A `chunk text` option the service refuses',
  message: ({ reason }) => reason,
  explanation:
    'A Chunk text action splits text into chunks of at most `by N tokens` (a whole number from 1 to 8000; 5000 when left out), two chunks sharing `overlap N` characters (a whole number, 0 or more; 0 when left out), counted by the tokenizer `encoding "MODEL"`, one of `r50k_base`, `p50k_base`, `p50k_edit`, `cl100k_base` (when left out) and `cl200k_base`, as the designer offers them.',
});

export const numberOutOfRange = define<{ text: string }>({
  code: 'JIG2073',
  name: 'number-out-of-range',
  area: 'semantics',
  severity: 'error',
  title: 'A number the workflow\'s integers and floats cannot hold',
  message: ({ text }) => `${text} is beyond what the service's numbers hold: an integer is at most 9223372036854775807 (64 bits), a number at most about 1.8e308.`,
  explanation:
    'Logic Apps computes with 64-bit integers and double-precision floats (`jig eval` and the engine do so too). How the service reads a literal beyond them, or what `add`, `sub` and `mul` give past 9223372036854775807, is not documented (it could fail, wrap around or turn to a float), so Jig does not write such a literal, nor integer arithmetic whose operands are known when the flow is compiled (literals, and lets of such arithmetic) and whose exact result leaves 64 bits (`9223372036854775807 + 1`); the engine stops a run whose other integer arithmetic leaves them rather than guess. Write a smaller value, or a string where the value is an identifier (an account number, an id).',
});

export const actionOutsideTrackedProperty = define<Record<string, never>>({
  code: 'JIG2079',
  name: 'action-outside-tracked-property',
  area: 'semantics',
  severity: 'error',
  title: '`action()` outside a tracked property',
  message: () => "action() reads the run of the action whose tracked property it is: Logic Apps allows it only there. Read the step's result by its name instead.",
  explanation:
    "`action()` is the action's own run, its `inputs`, `outputs`, `status` and times (Microsoft's functions reference, \"action\"), which the service evaluates only in the action's `trackedProperties`, in a webhook's `unsubscribe` and in an Until's condition. Jig writes it in `@tracked(\"NAME\", EXPR)` alone, where it is the action of the step the annotation is on; elsewhere a step reads another's result by the name its `let` binds.",
});

export const trackedPropertyReadsStep = define<{ name: string; kind: string }>({
  code: 'JIG2078',
  name: 'tracked-property-reads-step',
  area: 'semantics',
  severity: 'error',
  title: 'A tracked property reads what another action computed',
  message: ({ name, kind }) =>
    `A tracked property may read only the trigger, params and app settings: '${name}' is a ${kind}, another action's output that Logic Apps does not let a tracked property reference.`,
  explanation:
    "`@tracked(\"NAME\", EXPR)` becomes the action's `trackedProperties`, which the service computes when the action has run and sends to the diagnostic logs. Logic Apps lets a tracked property reference only the workflow's parameters and the inputs and outputs of its own trigger or action (learn.microsoft.com/azure/logic-apps/monitor-workflows-collect-diagnostic-data, \"Tracked properties\"): a `let`, a `var`, a loop variable or `item` is another action's output (a Compose, a variable, a For each's item). Track a field of the trigger (`trigger.body.id`) or a param, or write the value to a store.",
});

export const invalidAgent = define<{ reason: string }>({
  code: 'JIG2086',
  name: 'invalid-agent',
  area: 'semantics',
  severity: 'error',
  title: 'An agent Logic Apps would not run as written',
  message: ({ reason }) => reason,
  explanation:
    "`agent \"CONNECTION\" model \"DEPLOYMENT\" messages EXPR [options { JSON }] [tools { tool NAME \"DESCRIPTION\" [schema { JSON }] { … } }]` is an Agent action (learn.microsoft.com/azure/logic-apps/agent-workflows-concepts): CONNECTION names an agent connection of the app's connections.json, DEPLOYMENT the model's deployment, EXPR the list of messages (`{ role, content }`). Its options are the model's other parameters, written as they are: no expression (`@…`) hides there, nor the deployment or the messages. Each tool has a name unique in the agent, a description the model reads, and a schema (an object's JSON schema) of what the model passes it, which its steps read with `agentParameters(\"NAME\")`, and only there.",
});
