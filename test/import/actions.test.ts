/**
 * jig import writes actions in Jig: each construct both ways, a JSON fragment → the .jig steps it
 * becomes, and that source built again → the same JSON (parity identical). What has no faithful
 * Jig form stays a raw action.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importSources } from '../../compiler/src/import/index.js';
import { jigExpression, type Bindings } from '../../compiler/src/import/expressions.js';
import { parseTemplate } from '../../compiler/src/engine/index.js';
import { after, connections, imported, policy, reasons } from './helpers.js';

describe('actions written in Jig, identical when built again', () => {
  it.each([
    [
      'Compose → let',
      { Compose_total: { type: 'Compose', inputs: "@add(triggerBody()?['price'], 5)", runAfter: {} } },
      '  let composeTotal = trigger.body.price + 5\n    @action("Compose_total")\n',
    ],
    [
      'InitializeVariable, SetVariable, IncrementVariable, AppendToStringVariable → var, set, append',
      {
        Initialize_count: { type: 'InitializeVariable', inputs: { variables: [{ name: 'count', type: 'integer', value: 0 }] }, runAfter: {} },
        Initialize_log: { type: 'InitializeVariable', inputs: { variables: [{ name: 'log', type: 'string', value: '' }] }, runAfter: after('Initialize_count') },
        Set_count: { type: 'SetVariable', inputs: { name: 'count', value: "@length(triggerBody()?['lines'])" }, runAfter: after('Initialize_log') },
        Increment_count: { type: 'IncrementVariable', inputs: { name: 'count', value: 2 }, runAfter: after('Set_count') },
        Append_to_log: { type: 'AppendToStringVariable', inputs: { name: 'log', value: "count @{variables('count')}; " }, runAfter: after('Increment_count') },
      },
      `  var count: integer = 0
    @action("Initialize_count")
  var log: string = ""
    @action("Initialize_log")
  set count = length(trigger.body.lines)
    @action("Set_count")
  set count = count + 2
    @action("Increment_count")
  append "count \${count}; " to log
    @action("Append_to_log")
`,
    ],
    [
      'InitializeVariable without a value, of an array, after another action and reading it → var in place',
      {
        Compose_total: { type: 'Compose', inputs: "@mul(triggerBody()?['amount'], 2)", runAfter: {} },
        Initialize_note: { type: 'InitializeVariable', inputs: { variables: [{ name: 'note', type: 'string' }] }, runAfter: after('Compose_total') },
        Initialize_skus: { type: 'InitializeVariable', inputs: { variables: [{ name: 'skus', type: 'array' }] }, runAfter: after('Initialize_note') },
        Initialize_sizes: { type: 'InitializeVariable', inputs: { variables: [{ name: 'sizes', type: 'Array', value: [1, 2] }] }, runAfter: after('Initialize_skus') },
        Initialize_doubled: { type: 'InitializeVariable', inputs: { variables: [{ name: 'doubled', type: 'float', value: "@outputs('Compose_total')" }] }, runAfter: after('Initialize_sizes') },
        Append_to_skus: { type: 'AppendToArrayVariable', inputs: { name: 'skus', value: "@variables('note')" }, runAfter: after('Initialize_doubled') },
      },
      `  let composeTotal = trigger.body.amount * 2
    @action("Compose_total")
  var note: string
    @action("Initialize_note")
  var skus: string[]
    @action("Initialize_skus")
  var sizes: integer[] = [1, 2]
    @action("Initialize_sizes")
  var doubled: number = composeTotal
    @action("Initialize_doubled")
  append note to skus
    @action("Append_to_skus")
`,
    ],
    [
      "InitializeVariable that runs after the action before it on other statuses (the designer's run after) → var … @after(…) on the first of its vars",
      {
        Get_vm: { type: 'Http', inputs: { method: 'GET', uri: 'https://vms-contoso.azurewebsites.net/api/vm' }, runAfter: {} },
        Initialize_state: {
          type: 'InitializeVariable',
          inputs: { variables: [{ name: 'state', type: 'string', value: 'checked' }, { name: 'tries', type: 'integer', value: 1 }] },
          runAfter: { Get_vm: ['Succeeded', 'Failed'] },
        },
        Initialize_note: { type: 'InitializeVariable', inputs: { variables: [{ name: 'note', type: 'string', value: "@variables('state')" }] }, runAfter: { Initialize_state: ['Succeeded', 'TimedOut', 'Skipped', 'Failed'] } },
      },
      `  let getVm = call http get "https://vms-contoso.azurewebsites.net/api/vm"
    @action("Get_vm")
  var state: string = "checked"
    @action("Initialize_state")
    @after(succeeded, failed)
  var tries: integer = 1
    @action("Initialize_state")
  var note: string = state
    @action("Initialize_note")
    @after(succeeded, failed, skipped, timedout)
`,
    ],
    [
      "tracked properties that read the action's own run (action()['inputs'], ['outputs']) → @tracked(\"NAME\", action().inputs…)",
      {
        Parse_order: {
          type: 'ParseJson',
          inputs: { content: "@triggerBody()", schema: { type: 'object' } },
          runAfter: {},
          trackedProperties: { item: "@action()['inputs']['content']['ItemId']", area: "@action()['outputs']?['body']?['DataAreaId']", kind: 'Upsert' },
        },
      },
      `  let parseOrder = parse json trigger.body schema {
    "type": "object"
  }
    @action("Parse_order")
    @tracked("item", action().inputs.content.ItemId)
    @tracked("area", action().outputs.body.DataAreaId)
    @tracked("kind", "Upsert")
`,
    ],
    [
      "body('A') of a Compose (its outputs' body, the functions reference's actions('A').outputs.body), in any case → NAME.body",
      {
        Compose: { type: 'compose', inputs: "@triggerBody()", runAfter: {} },
        Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: { value: "@body('compose')" } }, runAfter: after('Compose') },
      },
      `  let compose = trigger.body
    @action("Compose")
  respond 200 body { value: compose.body }
    @action("Response")
`,
    ],
    [
      "trigger().outputs (the functions reference's triggerOutputs(), its shorthand) → trigger.outputs",
      {
        Compose_number: { type: 'Compose', inputs: "@trigger().outputs.body.OrderNumber", runAfter: {}, trackedProperties: { order: "@trigger()['outputs']?['body']?['OrderNumber']" } },
      },
      `  let composeNumber = trigger.outputs.body.OrderNumber
    @action("Compose_number")
    @tracked("order", trigger.outputs.body.OrderNumber)
`,
    ],
    [
      'Query and Select → let … where …, let … select { … }; a computed index; the functions Jig has',
      {
        Filter_lines: { type: 'Query', inputs: { from: "@triggerBody()?['lines']", where: "@and(greater(item()?['qty'], 0), equals(item()?['kind'], 'sale'))" }, runAfter: {} },
        Select_skus: {
          type: 'Select',
          inputs: { from: "@range(0, length(body('Filter_lines')))", select: { sku: "@body('Filter_lines')[item()]?['sku']" } },
          runAfter: after('Filter_lines'),
        },
        Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: "@encodeUriComponent(string(take(body('Select_skus'), 10)))" }, runAfter: after('Select_skus') },
      },
      `  let filterLines = trigger.body.lines where item.qty > 0 and item.kind == "sale"
    @action("Filter_lines")
  let selectSkus = range(0, length(filterLines)) select { sku: filterLines[item].sku }
    @action("Select_skus")
  respond 200 body encodeUriComponent(string(take(selectSkus, 10)))
    @action("Response")
`,
    ],
    [
      'Response → respond',
      { Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 201, body: { id: "@triggerBody()?['id']", ok: true } }, runAfter: {} } },
      '  respond 201 body { id: trigger.body.id, ok: true }\n    @action("Response")\n',
    ],
    [
      'If (the designer\'s condition object) → if/else',
      {
        Condition: {
          type: 'If',
          expression: { and: [{ greater: ["@triggerBody()?['amount']", 100] }, { not: { equals: ["@triggerBody()?['kind']", 'gift'] } }] },
          actions: { Large: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: 'large' }, runAfter: {} } },
          else: { actions: { Small: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: 'small' }, runAfter: {} } } },
          runAfter: {},
        },
      },
      `  if trigger.body.amount > 100 and trigger.body.kind != "gift" {
    respond 200 body "large"
      @action("Large")
  } else {
    respond 200 body "small"
      @action("Small")
  }
    @action("Condition")
`,
    ],
    [
      "The designer's condition of one row, and(x) → x",
      {
        Condition: {
          type: 'If',
          expression: { and: [{ equals: ["@triggerBody()?['size']", 0] }] },
          actions: { Empty: { type: 'Response', kind: 'Http', inputs: { statusCode: 204 }, runAfter: {} } },
          runAfter: {},
        },
      },
      `  if trigger.body.size == 0 {
    respond 204
      @action("Empty")
  }
    @action("Condition")
`,
    ],
    [
      "a designer condition's operand that is a string template (`@{x}`, `Order @{x} of @{y}`) → Jig's interpolation, which builds the same text (a null part: nothing)",
      {
        Get_entity: { type: 'Http', inputs: { method: 'GET', uri: 'https://api-contoso.azurewebsites.net/entities' }, runAfter: {} },
        Check_status: {
          type: 'If',
          expression: {
            and: [
              { equals: ["@{outputs('Get_entity')['statusCode']}", '404'] },
              { equals: ["Order @{triggerBody()?['n']} of @{triggerBody()?['m']}", 'Order 1 of 2'] },
            ],
          },
          actions: { Missing: { type: 'Response', kind: 'Http', inputs: { statusCode: 404 }, runAfter: {} } },
          runAfter: { Get_entity: ['Succeeded', 'Failed'] },
        },
      },
      `  let getEntity = call http get "https://api-contoso.azurewebsites.net/entities"
    @outputs
    @action("Get_entity")
  if "\${getEntity.statusCode}" == "404"
    and "Order \${trigger.body.n} of \${trigger.body.m}" == "Order 1 of 2" {
    respond 404
      @action("Missing")
  }
    @action("Check_status")
    @after(succeeded, failed)
`,
    ],
    [
      'ParseJson whose schema has properties but no "type": "object" (it accepts any value, an object\'s fields checked) → parse json … schema { … } as written, no record',
      {
        Parse_order: {
          type: 'ParseJson',
          inputs: { content: '@triggerBody()', schema: { properties: { number: { type: 'integer' }, address: { properties: { city: { type: 'string' } } } } } },
          runAfter: {},
        },
        Reply: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: "@body('Parse_order')?['number']" }, runAfter: after('Parse_order') },
      },
      `  let parseOrder = parse json trigger.body schema {
    "properties": {
      "number": {
        "type": "integer"
      },
      "address": {
        "properties": {
          "city": {
            "type": "string"
          }
        }
      }
    }
  }
    @action("Parse_order")
  respond 200 body parseOrder.number
    @action("Reply")
`,
    ],
    [
      "createArray() of nothing inside an expression → [], which Jig writes json('[]')",
      {
        Get_group: { type: 'Http', inputs: { method: 'GET', uri: 'https://api-contoso.azurewebsites.net/groups/1' }, runAfter: {} },
        Compose_addresses: { type: 'Compose', inputs: "@coalesce(body('Get_group')?['addresses'], createArray())", runAfter: after('Get_group') },
      },
      `  let getGroup = call http get "https://api-contoso.azurewebsites.net/groups/1"
    @action("Get_group")
  let composeAddresses = coalesce(getGroup.addresses, [])
    @action("Compose_addresses")
`,
    ],
    [
      'A literal written as an expression (@false, @-1) → the literal',
      {
        Initialize_done: { type: 'InitializeVariable', inputs: { variables: [{ name: 'done', type: 'boolean', value: '@false' }] }, runAfter: {} },
        Initialize_offset: { type: 'InitializeVariable', inputs: { variables: [{ name: 'offset', type: 'integer', value: -1 }] }, runAfter: after('Initialize_done') },
      },
      `  var done: boolean = false
    @action("Initialize_done")
  var offset: integer = -1
    @action("Initialize_offset")
`,
    ],
    [
      'Switch → switch',
      {
        Switch: {
          type: 'Switch',
          expression: "@triggerBody()?['priority']",
          cases: {
            Case: { case: 'urgent', actions: { Urgent: { type: 'Response', kind: 'Http', inputs: { statusCode: 202 }, runAfter: {} } } },
            Case_2: { case: 3, actions: { Three: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: 3 }, runAfter: {} } } },
          },
          default: { actions: { Other: { type: 'Response', kind: 'Http', inputs: { statusCode: 200 }, runAfter: {} } } },
          runAfter: {},
        },
      },
      `  switch trigger.body.priority {
    case "urgent" {
      respond 202
        @action("Urgent")
    }
    case 3 {
      respond 200 body 3
        @action("Three")
    }
    default {
      respond 200
        @action("Other")
    }
  }
    @action("Switch")
`,
    ],
    [
      'Foreach → for each, items() → the loop variable',
      {
        Initialize_skus: { type: 'InitializeVariable', inputs: { variables: [{ name: 'skus', type: 'string', value: '' }] }, runAfter: {} },
        For_each: {
          type: 'Foreach',
          foreach: "@triggerBody()?['lines']",
          actions: { Append_sku: { type: 'AppendToStringVariable', inputs: { name: 'skus', value: "@{items('For_each')?['sku']}," }, runAfter: {} } },
          runAfter: after('Initialize_skus'),
          runtimeConfiguration: { concurrency: { repetitions: 1 } },
        },
      },
      `  var skus: string = ""
    @action("Initialize_skus")
  for each forEachItem in trigger.body.lines {
    append "\${forEachItem.sku}," to skus
      @action("Append_sku")
  }
    @action("For_each")
`,
    ],
    [
      'Foreach over a JSON array of literals → for each over the list (Jig writes it @createArray(…), the same array)',
      {
        Initialize_count: { type: 'InitializeVariable', inputs: { variables: [{ name: 'count', type: 'integer', value: 0 }] }, runAfter: {} },
        For_each: {
          type: 'Foreach',
          foreach: ['1', '2'],
          actions: { Increment: { type: 'IncrementVariable', inputs: { name: 'count', value: 1 }, runAfter: {} } },
          runAfter: after('Initialize_count'),
          runtimeConfiguration: { concurrency: { repetitions: 1 } },
        },
      },
      `  var count: integer = 0
    @action("Initialize_count")
  for each forEachItem in ["1", "2"] {
    set count = count + 1
      @action("Increment")
  }
    @action("For_each")
`,
    ],
    [
      'Foreach running its iterations at once, or at most N at once, over an array that may be left out → for each … @concurrent[(N)]',
      {
        Parse_batch: {
          type: 'ParseJson',
          inputs: { content: '@triggerBody()', schema: { type: 'object', properties: { skus: { type: 'array', items: { type: 'string' } } } } },
          runAfter: {},
        },
        Initialize_last: { type: 'InitializeVariable', inputs: { variables: [{ name: 'last', type: 'string', value: '' }] }, runAfter: after('Parse_batch') },
        For_each: {
          type: 'Foreach',
          foreach: "@body('Parse_batch')?['skus']",
          actions: { Set_last: { type: 'SetVariable', inputs: { name: 'last', value: '@item()' }, runAfter: {} } },
          runAfter: after('Initialize_last'),
        },
        For_each_2: {
          type: 'Foreach',
          foreach: "@body('Parse_batch')?['skus']",
          actions: { Post: { type: 'Http', inputs: { method: 'POST', uri: 'https://skus-contoso.azurewebsites.net/api', body: '@item()' }, runAfter: {} } },
          runAfter: after('For_each'),
          runtimeConfiguration: { concurrency: { repetitions: 10 } },
        },
      },
      `  let parseBatch = parse json trigger.body as ParseBatchBody
    @action("Parse_batch")
  var last: string = ""
    @action("Initialize_last")
  for each forEachItem in parseBatch.skus {
    set last = forEachItem
      @action("Set_last")
  }
    @concurrent
    @action("For_each")
  for each forEach2Item in parseBatch.skus {
    let post = call http post "https://skus-contoso.azurewebsites.net/api" body forEach2Item
      @action("Post")
  }
    @concurrent(10)
    @action("For_each_2")
`,
    ],
    [
      'Scope → scope; Http moving its message in chunks → @chunked; ParseJson with a schema Jig types cannot say → parse json … schema { … }',
      {
        Group: {
          type: 'Scope',
          actions: {
            HTTP: {
              type: 'Http',
              inputs: { method: 'POST', uri: 'https://files-contoso.azurewebsites.net/api', body: '@triggerBody()' },
              runtimeConfiguration: { contentTransfer: { transferMode: 'Chunked' } },
              runAfter: {},
            },
          },
          runAfter: {},
        },
        Parse_site: {
          type: 'ParseJson',
          inputs: { content: "@body('HTTP')", schema: { type: 'object', properties: { 'Site Country': { type: 'string' } } } },
          runAfter: after('Group'),
        },
        Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: "@body('Parse_site')" }, runAfter: after('Parse_site') },
      },
      `  scope {
    let http_ = call http post "https://files-contoso.azurewebsites.net/api" body trigger.body
      @chunked
      @action("HTTP")
  }
    @action("Group")
  let parseSite = parse json http_ schema {
    "type": "object",
    "properties": {
      "Site Country": {
        "type": "string"
      }
    }
  }
    @action("Parse_site")
  respond 200 body parseSite
    @action("Response")
`,
    ],
    [
      'A schema whose type is stricter than what the workflow does with the value (a field it may leave out, lowered) → every schema written out, untyped',
      {
        Parse_order: {
          type: 'ParseJson',
          inputs: { content: '@triggerBody()', schema: { type: 'object', properties: { name: { type: 'string' } } } },
          runAfter: {},
        },
        Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: "@toLower(body('Parse_order')?['name'])" }, runAfter: after('Parse_order') },
      },
      `  let parseOrder = parse json trigger.body schema {
    "type": "object",
    "properties": {
      "name": {
        "type": "string"
      }
    }
  }
    @action("Parse_order")
  respond 200 body toLower(parseOrder.name)
    @action("Response")
`,
    ],
    [
      'A Scope and the Scope that runs when it failed or timed out → try { … } catch { … } @action("TRY", "CATCH")',
      {
        Try: { type: 'Scope', actions: { Delay: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Minute' } }, runAfter: {} } }, runAfter: {} },
        Catch: {
          type: 'Scope',
          actions: { Failed: { type: 'Response', kind: 'Http', inputs: { statusCode: 500 }, runAfter: {} } },
          runAfter: { Try: ['FAILED', 'TIMEDOUT'] },
        },
        Done: { type: 'Wait', inputs: { interval: { count: 2, unit: 'Minute' } }, runAfter: { Catch: ['Succeeded', 'Skipped'] } },
      },
      `  try {
    wait 1 minutes
      @action("Delay")
  } catch {
    respond 500
      @action("Failed")
  }
    @action("Try", "Catch")
  wait 2 minutes
    @action("Done")
`,
    ],
    [
      'Until and Wait → until, wait',
      {
        Initialize_done: { type: 'InitializeVariable', inputs: { variables: [{ name: 'done', type: 'boolean', value: false }] }, runAfter: {} },
        Until: {
          type: 'Until',
          expression: "@equals(variables('done'), true)",
          limit: { count: 60, timeout: 'PT1H' },
          actions: {
            Delay: { type: 'Wait', inputs: { interval: { count: 5, unit: 'Minute' } }, runAfter: {} },
            Set_done: { type: 'SetVariable', inputs: { name: 'done', value: true }, runAfter: after('Delay') },
          },
          runAfter: after('Initialize_done'),
        },
      },
      `  var done: boolean = false
    @action("Initialize_done")
  until done == true {
    wait 5 minutes
      @action("Delay")
    set done = true
      @action("Set_done")
  }
    @action("Until")
`,
    ],
    [
      'trackedProperties of plain text → @tracked, on any step (a variable, a loop)',
      {
        Initialize_count: { type: 'InitializeVariable', inputs: { variables: [{ name: 'count', type: 'integer', value: 0 }] }, runAfter: {}, trackedProperties: { aa: 'aa' } },
        For_each: {
          type: 'Foreach',
          foreach: "@triggerBody()?['lines']",
          actions: { Increment: { type: 'IncrementVariable', inputs: { name: 'count', value: 1 }, runAfter: {} } },
          runAfter: after('Initialize_count'),
          trackedProperties: { recordType: 'line', source: 'batch' },
        },
        Done: { type: 'Compose', inputs: "@equals(null, null)", runAfter: after('For_each') },
      },
      `  var count: integer = 0
    @action("Initialize_count")
    @tracked("aa", "aa")
  for each forEachItem in trigger.body.lines {
    set count = count + 1
      @action("Increment")
  }
    @concurrent
    @action("For_each")
    @tracked("recordType", "line")
    @tracked("source", "batch")
  let done = null == null
    @action("Done")
`,
    ],
    [
      'the Date Time actions (Expression of each kind) → current time, future time, past time, add time, subtract time, convert time; body() → their names',
      {
        Current_time: { type: 'Expression', kind: 'CurrentTime', inputs: {}, runAfter: {} },
        Get_future_time: { type: 'Expression', kind: 'GetFutureTime', inputs: { interval: 3, timeUnit: 'Week' }, runAfter: after('Current_time') },
        Get_past_time: { type: 'Expression', kind: 'GetPastTime', inputs: { interval: 1, timeUnit: 'Day' }, runAfter: after('Get_future_time') },
        Add_to_time: { type: 'Expression', kind: 'AddToTime', inputs: { baseTime: "@body('Current_time')", interval: "@triggerBody()?['days']", timeUnit: 'Day' }, runAfter: after('Get_past_time') },
        Subtract_from_time: { type: 'Expression', kind: 'SubtractFromTime', inputs: { baseTime: "@body('Add_to_time')", interval: "@add(triggerBody()?['days'], 1)", timeUnit: 'Hour' }, runAfter: after('Add_to_time') },
        Convert_time_zone: { type: 'Expression', kind: 'ConvertTimeZone', inputs: { baseTime: "@body('Get_past_time')", destinationTimeZone: 'UTC', formatString: 'd', sourceTimeZone: 'UTC' }, runAfter: after('Subtract_from_time') },
      },
      `  let currentTime = current time
    @action("Current_time")
  let getFutureTime = future time 3 weeks
    @action("Get_future_time")
  let getPastTime = past time 1 day
    @action("Get_past_time")
  let addToTime = add time trigger.body.days days to currentTime
    @action("Add_to_time")
  let subtractFromTime = subtract time (trigger.body.days + 1) hours from addToTime
    @action("Subtract_from_time")
  let convertTimeZone = convert time getPastTime from "UTC" to "UTC" format "d"
    @action("Convert_time_zone")
`,
    ],
    [
      "an Until whose expression reads its own actions, and an action after it reading the last pass → until on the body's let, read after",
      {
        Until_ready: {
          type: 'Until',
          expression: "@equals(outputs('Compose_state'), 'ready')",
          limit: { count: 60, timeout: 'PT1H' },
          actions: {
            Delay: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Minute' } }, runAfter: {} },
            Compose_state: { type: 'Compose', inputs: "@triggerBody()?['state']", runAfter: after('Delay') },
          },
          runAfter: {},
        },
        Compose_last: { type: 'Compose', inputs: "@outputs('Compose_state')", runAfter: after('Until_ready') },
      },
      `  until composeState == "ready" {
    wait 1 minutes
      @action("Delay")
    let composeState = trigger.body.state
      @action("Compose_state")
  }
    @action("Until_ready")
  let composeLast = composeState
    @action("Compose_last")
`,
    ],
    [
      'Http (its managed identity, retry policy and timeout) and ParseJson → call http, @identity, @retry, @timeout, parse json; body() → the names they were bound to',
      {
        HTTP: {
          type: 'Http',
          inputs: {
            method: 'GET',
            uri: "https://api-contoso.azurewebsites.net/orders/@{triggerBody()?['id']}",
            // A token for the app it is sent to (one for Resource Manager would be refused there: JIG3306).
            authentication: { type: 'ManagedServiceIdentity', audience: 'https://api-contoso.azurewebsites.net' },
            retryPolicy: { type: 'fixed', count: 3, interval: 'PT10S' },
          },
          limit: { timeout: 'PT2M' },
          runAfter: {},
        },
        Parse_JSON: {
          type: 'ParseJson',
          inputs: { content: "@body('HTTP')", schema: { type: 'object', properties: { status: { type: 'string' } }, required: ['status'] } },
          runAfter: after('HTTP'),
        },
        Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: "@body('Parse_JSON')?['status']" }, runAfter: after('Parse_JSON') },
      },
      `  let http_ = call http get "https://api-contoso.azurewebsites.net/orders/\${trigger.body.id}"
    @identity("https://api-contoso.azurewebsites.net")
    @retry(fixed, 3 times, 10 seconds)
    @timeout(2 minutes)
    @action("HTTP")
  let parseJson = parse json http_ as ParseJsonBody
    @action("Parse_JSON")
  respond 200 body parseJson.status
    @action("Response")
`,
    ],
    [
      "A raw action's result → let NAME = raw action; body('A'), outputs('A') and outputs('A')?['body'] → NAME.body, NAME",
      {
        Get_token: {
          type: 'Http',
          inputs: { method: 'POST', uri: 'https://login-contoso.azurewebsites.net/token' },
          operationOptions: 'SuppressWorkflowHeaders',
          runAfter: {},
        },
        For_each: {
          type: 'Foreach',
          foreach: "@body('Get_token')?['scopes']",
          actions: { Post: { type: 'Http', inputs: { method: 'POST', uri: "@items('For_each')?['url']", body: "@outputs('Get_token')?['body']?['id']" }, runAfter: {} } },
          runAfter: after('Get_token'),
        },
        Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: "@outputs('Get_token')?['headers']" }, runAfter: after('For_each') },
      },
      `  let getToken = raw action "Get_token" {
    "type": "Http",
    "inputs": {
      "method": "POST",
      "uri": "https://login-contoso.azurewebsites.net/token"
    },
    "operationOptions": "SuppressWorkflowHeaders",
    "runAfter": {}
  }
  for each forEachItem in getToken.body.scopes {
    let post = call http post forEachItem.url body getToken.body.id
      @action("Post")
  }
    @action("For_each")
  respond 200 body getToken.headers
    @action("Response")
`,
      ['Get_token'],
    ],
    [
      'Office 365 Send an email (V2) and a Teams channel post, as Jig writes them → send mail office365, send … to teams(…)',
      {
        Send_an_email_V2: {
          type: 'ApiConnection',
          inputs: {
            host: { connection: { name: "@parameters('$connections')['office365']['connectionId']" } },
            method: 'post',
            path: '/v2/Mail',
            body: { To: 'orders@contoso.com', Subject: "Order @{triggerBody()?['id']}", Body: '<p>New order</p>', Importance: 'Normal' },
            retryPolicy: { type: 'none' },
          },
          runAfter: {},
        },
        Post_message_in_a_chat_or_channel: {
          type: 'ApiConnection',
          inputs: {
            host: { connection: { name: "@parameters('$connections')['teams']['connectionId']" } },
            method: 'post',
            path: "/beta/teams/conversation/message/poster/Flow bot/location/@{encodeURIComponent('Channel')}",
            body: { recipient: { groupId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', channelId: '19:orders@thread.tacv2' }, messageBody: "<p>Order @{triggerBody()?['id']}</p>" },
          },
          runAfter: after('Send_an_email_V2'),
        },
      },
      `  send mail office365
    to "orders@contoso.com"
    subject "Order \${trigger.body.id}"
    body "<p>New order</p>"
    @retry(none)
    @action("Send_an_email_V2")
  send "<p>Order \${trigger.body.id}</p>"
    to teams("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "19:orders@thread.tacv2")
    @action("Post_message_in_a_chat_or_channel")
`,
    ],
    [
      'any other ApiConnection operation, through its $connections key or a Standard referenceName → call connector; its answer read, through a connection Jig cannot identify → the hole @declassify(secret, "jig import\'s assumption, to confirm: …") (JIG3017)',
      {
        Get_entities: {
          type: 'ApiConnection',
          inputs: {
            host: { connection: { name: "@parameters('$connections')['azuretables_1']['connectionId']" } },
            method: 'get',
            path: "/Tables/@{encodeURIComponent('readings')}/entities",
            queries: { $filter: "PartitionKey eq '@{triggerBody()?['device']}'", $top: 1 },
          },
          runAfter: {},
        },
        Send_message: {
          type: 'ApiConnection',
          inputs: {
            host: { connection: { referenceName: 'servicebus-2' } },
            method: 'post',
            path: "/@{encodeURIComponent(encodeURIComponent('orders'))}/messages",
            queries: { systemProperties: 'None' },
            headers: { 'x-ms-trace': 'on' },
            body: { ContentData: "@{base64(string(body('Get_entities')?['value']))}", ContentType: 'application/json' },
            retryPolicy: { type: 'none' },
          },
          runAfter: after('Get_entities'),
        },
      },
      `  let getEntities = call connector "azuretables_1" get "/Tables/\${encodeUriComponent("readings")}/entities"
    queries { "\\\$filter": "PartitionKey eq '\${trigger.body.device}'", "\\\$top": 1 }
    @declassify(
      secret,
      "jig import's assumption, to confirm: its connection is one Jig cannot identify"
    )
    @outputs
    @action("Get_entities")
  call connector "servicebus-2" post "/\${encodeUriComponent(encodeUriComponent("orders"))}/messages"
    queries { "systemProperties": "None" }
    headers { "x-ms-trace": "on" }
    body {
      ContentData: "\${base64(string(getEntities.body.value))}",
      ContentType: "application/json"
    }
    @retry(none)
    @action("Send_message")
`,
    ],
    [
      'Terminate of a failed run with a message → fail, its code as @code (none: @code(none); JigFail, Jig\'s own: nothing)',
      {
        Check: {
          type: 'If',
          expression: "@greater(triggerBody()?['amount'], 100)",
          actions: {
            Reject: { type: 'Terminate', inputs: { runStatus: 'Failed', runError: { code: 'OverLimit', message: "Order @{triggerBody()?['id']} is over the limit" } }, runAfter: {} },
          },
          else: {
            actions: {
              Refuse: { type: 'Terminate', inputs: { runStatus: 'Failed', runError: { message: 'No amount' } }, runAfter: {} },
            },
          },
          runAfter: {},
        },
        Stop: { type: 'Terminate', inputs: { runStatus: 'Failed', runError: { code: 'JigFail', message: 'Stopped' } }, runAfter: after('Check') },
      },
      `  if trigger.body.amount > 100 {
    fail "Order \${trigger.body.id} is over the limit"
      @code("OverLimit")
      @action("Reject")
  } else {
    fail "No amount"
      @code(none)
      @action("Refuse")
  }
    @action("Check")
  fail "Stopped"
    @action("Stop")
`,
    ],
    [
      'setProperty, union, rand and convertToUtc → the built-ins of the same names',
      {
        Compose_tags: { type: 'Compose', inputs: "@setProperty(triggerBody(), 'tags', union(createArray('a'), createArray(string(rand(1, 9)))))", runAfter: {} },
        Compose_start: { type: 'Compose', inputs: "@convertToUtc(utcNow(), 'W. Europe Standard Time')", runAfter: after('Compose_tags') },
      },
      `  let composeTags = setProperty(trigger.body, "tags", union(["a"], [string(rand(1, 9))]))
    @action("Compose_tags")
  let composeStart = convertToUtc(utcNow(), "W. Europe Standard Time")
    @action("Compose_start")
`,
    ],
    [
      "an Until's limits other than the designer's → @count, @timeout",
      {
        Init_done: { type: 'InitializeVariable', inputs: { variables: [{ name: 'done', type: 'boolean', value: false }] }, runAfter: {} },
        Poll: {
          type: 'Until',
          expression: "@equals(variables('done'), true)",
          limit: { count: 120, timeout: 'PT15M' },
          actions: { Set_done: { type: 'SetVariable', inputs: { name: 'done', value: true }, runAfter: {} } },
          runAfter: after('Init_done'),
        },
        Poll_again: {
          type: 'Until',
          expression: "@equals(variables('done'), true)",
          limit: { count: 7, timeout: 'PT1H' },
          actions: { Set_done_again: { type: 'SetVariable', inputs: { name: 'done', value: true }, runAfter: {} } },
          runAfter: after('Poll'),
        },
      },
      `  var done: boolean = false
    @action("Init_done")
  until done == true {
    set done = true
      @action("Set_done")
  }
    @count(120)
    @timeout(15 minutes)
    @action("Poll")
  until done == true {
    set done = true
      @action("Set_done_again")
  }
    @count(7)
    @action("Poll_again")
`,
    ],
    [
      'an action after the one before it on other statuses than its success → @after(…): a catch that also runs when its try was skipped',
      {
        Try: { type: 'Scope', actions: { Compose_a: { type: 'Compose', inputs: "@int(triggerBody()?['n'])", runAfter: {} } }, runAfter: {} },
        Catch: { type: 'Scope', actions: { Compose_b: { type: 'Compose', inputs: 'failed', runAfter: {} } }, runAfter: { Try: ['FAILED', 'SKIPPED', 'TIMEDOUT'] } },
        Compose_c: { type: 'Compose', inputs: 'done', runAfter: { Catch: ['Succeeded', 'Skipped'] } },
        Compose_d: { type: 'Compose', inputs: 'ended', runAfter: { Compose_c: ['Succeeded', 'Failed', 'TimedOut', 'Skipped'] } },
      },
      `  scope {
    let composeA = int(trigger.body.n)
      @action("Compose_a")
  }
    @action("Try")
  scope {
    let composeB = "failed"
      @action("Compose_b")
  }
    @action("Catch")
    @after(failed, skipped, timedout)
  let composeC = "done"
    @action("Compose_c")
    @after(succeeded, skipped)
  let composeD = "ended"
    @action("Compose_d")
    @after(succeeded, failed, skipped, timedout)
`,
    ],
    [
      'Response with headers → respond … headers { … } body …',
      {
        Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, headers: { 'Content-Type': 'text/plain', 'X-Id': "@triggerBody()?['id']" }, body: 'ok' }, runAfter: {} },
      },
      `  respond 200 headers { "Content-Type": "text/plain", "X-Id": trigger.body.id } body "ok"
    @action("Response")
`,
    ],
    [
      'keys that are no Jig names → "NAME": in a record, ["NAME"] when read',
      {
        Compose_row: { type: 'Compose', inputs: { 'Site Country': "@triggerBody()?['site']?['Country Code']", id: 1 }, runAfter: {} },
        Compose_code: { type: 'Compose', inputs: "@outputs('Compose_row')?['Site Country']", runAfter: after('Compose_row') },
      },
      `  let composeRow = { "Site Country": trigger.body.site["Country Code"], id: 1 }
    @action("Compose_row")
  let composeCode = composeRow["Site Country"]
    @action("Compose_code")
`,
    ],
    [
      'an Object variable → var NAME: any, an array of objects → any[]',
      {
        Init_bag: { type: 'InitializeVariable', inputs: { variables: [{ name: 'bag', type: 'object', value: { tag: "@triggerBody()?['tag']" } }] }, runAfter: {} },
        Init_rows: { type: 'InitializeVariable', inputs: { variables: [{ name: 'rows', type: 'array', value: [{ n: 1 }] }] }, runAfter: after('Init_bag') },
        Append_bag: { type: 'AppendToArrayVariable', inputs: { name: 'rows', value: "@variables('bag')" }, runAfter: after('Init_rows') },
        Compose_tag: { type: 'Compose', inputs: "@variables('rows')[1]?['tag']", runAfter: after('Append_bag') },
      },
      `  var bag: any = { tag: trigger.body.tag }
    @action("Init_bag")
  var rows: any[] = [{ n: 1 }]
    @action("Init_rows")
  append bag to rows
    @action("Append_bag")
  let composeTag = rows[1].tag
    @action("Compose_tag")
`,
    ],
    [
      'Http with a user-assigned managed identity → @identity(AUDIENCE or none, "IDENTITY")',
      {
        List_groups: {
          type: 'Http',
          inputs: { method: 'GET', uri: 'https://management.azure.com/resourcegroups', authentication: { type: 'ManagedServiceIdentity', identity: '/subscriptions/0000/identities/jobs' } },
          runAfter: {},
        },
        List_sites: {
          type: 'Http',
          inputs: { method: 'GET', uri: 'https://management.azure.com/sites', authentication: { type: 'ManagedServiceIdentity', identity: '', audience: 'https://management.azure.com' } },
          runAfter: after('List_groups'),
        },
      },
      `  let listGroups = call http get "https://management.azure.com/resourcegroups"
    @identity(none, "/subscriptions/0000/identities/jobs")
    @action("List_groups")
  let listSites = call http get "https://management.azure.com/sites"
    @identity("https://management.azure.com", "")
    @action("List_sites")
`,
    ],
    [
      'an InitializeVariable of several variables → consecutive vars one @action names',
      {
        Initialize_variables: {
          type: 'InitializeVariable',
          inputs: { variables: [{ name: 'passes', type: 'integer', value: 0 }, { name: 'done', type: 'boolean', value: false }, { name: 'letters', type: 'array', value: ['a', 'b'] }] },
          runAfter: {},
        },
        Compose_passes: { type: 'Compose', inputs: "@variables('passes')", runAfter: after('Initialize_variables') },
      },
      `  var passes: integer = 0
    @action("Initialize_variables")
  var done: boolean = false
    @action("Initialize_variables")
  var letters: string[] = ["a", "b"]
    @action("Initialize_variables")
  let composePasses = passes
    @action("Compose_passes")
`,
    ],
    [
      'concat() of a number or a boolean, which the service writes as text → concat',
      { Compose_label: { type: 'Compose', inputs: "@concat('Order ', 12, ' paid: ', true)", runAfter: {} } },
      `  let composeLabel = concat("Order ", 12, " paid: ", true)
    @action("Compose_label")
`,
    ],
    [
      'actions that start together and are joined after → parallel, a chain a branch, a branch step kept raw inside it',
      {
        Compose_id: { type: 'Compose', inputs: "@triggerBody()?['id']", runAfter: {} },
        Check_vat: { type: 'Http', inputs: { method: 'GET', uri: 'https://vat-contoso.azurewebsites.net/api/check' }, runAfter: after('Compose_id') },
        Compose_vat: { type: 'Compose', inputs: "@body('Check_vat')?['ok']", runAfter: after('Check_vat') },
        Check_credit: { type: 'Http', inputs: { method: 'GET', uri: 'https://credit-contoso.azurewebsites.net/api/check' }, runAfter: after('Compose_id') },
        Log: { type: 'Compose', inputs: "@dataUri('<a/>')", runAfter: after('Compose_id') },
        Response: { type: 'Response', inputs: { statusCode: 200, body: "@outputs('Compose_vat')" }, runAfter: { Compose_vat: ['Succeeded'], Check_credit: ['Succeeded'], Log: ['Succeeded'] } },
      },
      `  let composeId = trigger.body.id
    @action("Compose_id")
  parallel {
    let checkVat = call http get "https://vat-contoso.azurewebsites.net/api/check"
      @action("Check_vat")
    let composeVat = checkVat.ok
      @action("Compose_vat")
  } and {
    let checkCredit = call http get "https://credit-contoso.azurewebsites.net/api/check"
      @action("Check_credit")
  } and {
    raw action "Log" {
      "type": "Compose",
      "inputs": "@dataUri('<a/>')",
      "runAfter": {
        "Compose_id": [
          "Succeeded"
        ]
      }
    }
  }
  respond 200 body composeVat
    @action("Response")
`,
      ['Log'],
    ],
    [
      "a step's success and failure branches (runAfter the one step before on other statuses) → parallel, @after on a branch's first step",
      {
        Save: { type: 'Http', inputs: { method: 'POST', uri: 'https://orders-contoso.azurewebsites.net/api/orders', body: "@triggerBody()" }, runAfter: {} },
        Compose_ok: { type: 'Compose', inputs: 'stored', runAfter: after('Save') },
        Response_ok: { type: 'Response', inputs: { statusCode: 200, body: "@outputs('Compose_ok')" }, runAfter: after('Compose_ok') },
        Response_failed: { type: 'Response', inputs: { statusCode: 502 }, runAfter: { Save: ['Failed', 'TimedOut'] } },
      },
      `  let save = call http post "https://orders-contoso.azurewebsites.net/api/orders" body trigger.body
    @action("Save")
  parallel {
    let composeOk = "stored"
      @action("Compose_ok")
    respond 200 body composeOk
      @action("Response_ok")
  } and {
    respond 502
      @action("Response_failed")
      @after(failed, timedout)
  }
`,
    ],
    [
      "a call whose status code or headers are read → let NAME = call … @outputs, its body NAME.body",
      {
        Probe: { type: 'Http', inputs: { method: 'GET', uri: 'https://status-contoso.azurewebsites.net/api/health' }, runAfter: {} },
        Compose_health: {
          type: 'Compose',
          inputs: { status: "@outputs('Probe')?['statusCode']", type: "@outputs('Probe')['headers']?['Content-Type']", up: "@body('Probe')?['up']", all: "@outputs('Probe')?['body']" },
          runAfter: after('Probe'),
        },
      },
      `  let probe = call http get "https://status-contoso.azurewebsites.net/api/health"
    @outputs
    @action("Probe")
  let composeHealth = {
    status: probe.statusCode,
    type: probe.headers["Content-Type"],
    up: probe.body.up,
    all: probe.body
  }
    @action("Compose_health")
`,
    ],
    [
      "a designer condition's lone '@' operand is the character; an increment without a value is by 1",
      {
        Init_n: { type: 'InitializeVariable', inputs: { variables: [{ name: 'n', type: 'integer', value: 0 }] }, runAfter: {} },
        Check_address: {
          type: 'If',
          expression: { and: [{ contains: ["@triggerBody()?['caller']", '@'] }, { not: { equals: ["@triggerBody()?['caller']", ''] } }] },
          actions: { Count_address: { type: 'IncrementVariable', inputs: { name: 'n' }, runAfter: {} } },
          runAfter: after('Init_n'),
        },
      },
      `  var n: integer = 0
    @action("Init_n")
  if contains(trigger.body.caller, "@") and trigger.body.caller != "" {
    set n = n + 1
      @action("Count_address")
  }
    @action("Check_address")
`,
    ],
    [
      "a designer's comparison with null and with '' → == null and == \"\", rebuilt without asking equals() of null beside '' (parity tolerates the difference)",
      {
        Check_code: {
          type: 'If',
          expression: { or: [{ equals: ["@triggerBody()?['code']", '@null'] }, { equals: ["@triggerBody()?['code']", ''] }] },
          actions: { Ask_again: { type: 'Response', kind: 'Http', inputs: { statusCode: 400 }, runAfter: {} } },
          runAfter: {},
        },
      },
      `  if trigger.body.code == null or trigger.body.code == "" {
    respond 400
      @action("Ask_again")
  }
    @action("Check_code")
`,
    ],
    [
      'a call that does not follow the asynchronous pattern → @synchronous; a connector upload in chunks (a boolean header) → call connector … @chunked; its pages → @paginate(N)',
      {
        Start_export: { type: 'Http', inputs: { method: 'POST', uri: 'https://exports-contoso.azurewebsites.net/api/start' }, operationOptions: 'DisableAsyncPattern', runAfter: {} },
        Create_blob: {
          type: 'ApiConnection',
          inputs: { host: { connection: { name: "@parameters('$connections')['azureblob']['connectionId']" } }, method: 'post', path: '/v2/datasets/default/files', headers: { ReadFileMetadataFromServer: true }, body: "@body('Start_export')" },
          runtimeConfiguration: { contentTransfer: { transferMode: 'Chunked' } },
          runAfter: after('Start_export'),
        },
        List_files: {
          type: 'ApiConnection',
          inputs: { host: { connection: { name: "@parameters('$connections')['onedrive']['connectionId']" } }, method: 'get', path: '/datasets/default/folders' },
          runtimeConfiguration: { paginationPolicy: { minimumItemCount: 100000 } },
          runAfter: after('Create_blob'),
        },
        Run_child: {
          type: 'Workflow',
          inputs: { host: { triggerName: 'manual', workflow: { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Logic/workflows/child' } } },
          operationOptions: 'DisableAsyncPattern',
          runAfter: after('List_files'),
        },
      },
      `  let startExport = call http post "https://exports-contoso.azurewebsites.net/api/start"
    @synchronous
    @action("Start_export")
  call connector "azureblob" post "/v2/datasets/default/files"
    headers { "ReadFileMetadataFromServer": true }
    body startExport
    @chunked
    @action("Create_blob")
  call connector "onedrive" get "/datasets/default/folders"
    @paginate(100000)
    @action("List_files")
  call workflow "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Logic/workflows/child" trigger "manual"
    @synchronous
    @action("Run_child")
`,
    ],
    [
      'branches that fork again, not joined (a success branch with its own success and failure branches, a failure branch) → nested parallels',
      {
        List_runs: { type: 'Http', inputs: { method: 'GET', uri: 'https://runs-contoso.azurewebsites.net/api/runs' }, runAfter: {} },
        For_each_run: {
          type: 'Foreach',
          foreach: "@body('List_runs')?['value']",
          actions: { Cancel: { type: 'Http', inputs: { method: 'POST', uri: "https://runs-contoso.azurewebsites.net/api/cancel/@{items('For_each_run')?['id']}" }, runAfter: {} } },
          runAfter: after('List_runs'),
        },
        Success_response: { type: 'Response', inputs: { statusCode: 200 }, runAfter: after('For_each_run') },
        Error_response: { type: 'Response', inputs: { statusCode: 500 }, runAfter: { For_each_run: ['Failed', 'TimedOut'] } },
        Not_found: { type: 'Response', inputs: { statusCode: 404 }, runAfter: { List_runs: ['Failed', 'TimedOut'] } },
      },
      `  let listRuns = call http get "https://runs-contoso.azurewebsites.net/api/runs"
    @action("List_runs")
  parallel {
    for each forEachRunItem in listRuns.value {
      let cancel = call http post "https://runs-contoso.azurewebsites.net/api/cancel/\${forEachRunItem.id}"
        @action("Cancel")
    }
      @action("For_each_run")
    parallel {
      respond 200
        @action("Success_response")
    } and {
      respond 500
        @action("Error_response")
        @after(failed, timedout)
    }
  } and {
    respond 404
      @action("Not_found")
      @after(failed, timedout)
  }
`,
    ],
    [
      'a branch that forks and joins again, each branch ending in one action, joined after → nested parallel, the step after the outer one',
      {
        A: { type: 'Compose', inputs: 'a', runAfter: {} },
        B: { type: 'Compose', inputs: 'b', runAfter: after('A') },
        C: { type: 'Compose', inputs: 'c', runAfter: after('B') },
        D: { type: 'Compose', inputs: 'd', runAfter: after('B') },
        E: { type: 'Compose', inputs: 'e', runAfter: { C: ['Succeeded'], D: ['Succeeded'] } },
        F: { type: 'Compose', inputs: 'f', runAfter: after('A') },
        G: { type: 'Compose', inputs: 'g', runAfter: { E: ['Succeeded'], F: ['Succeeded'] } },
      },
      `  let a = "a"
    @action("A")
  parallel {
    let b = "b"
      @action("B")
    parallel {
      let c = "c"
        @action("C")
    } and {
      let d = "d"
        @action("D")
    }
    let e = "e"
      @action("E")
  } and {
    let f = "f"
      @action("F")
  }
  let g = "g"
    @action("G")
`,
    ],
    [
      "a join after branches on other statuses than their success alone (a session's: completed, then renewed beside drained and marked whatever happened; abandoned on failure) → @after after the parallel",
      {
        Start: { type: 'Compose', inputs: 'start', runAfter: {} },
        Complete: { type: 'Compose', inputs: 'complete', runAfter: after('Start') },
        Renew: { type: 'Wait', inputs: { interval: { count: 25, unit: 'Second' } }, runAfter: after('Complete') },
        Drain: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Minute' } }, runAfter: after('Complete') },
        Mark: { type: 'Compose', inputs: 'mark', runAfter: { Drain: ['Succeeded', 'Failed', 'Skipped', 'TimedOut'] } },
        Abandon: { type: 'Compose', inputs: 'abandon', runAfter: { Start: ['Failed', 'Skipped', 'TimedOut'] } },
        Close: { type: 'Compose', inputs: 'close', runAfter: { Abandon: ['Succeeded', 'Skipped'], Renew: ['Skipped', 'Succeeded'], Mark: ['Succeeded', 'Skipped'] } },
      },
      `  let start = "start"
    @action("Start")
  parallel {
    let complete = "complete"
      @action("Complete")
    parallel {
      wait 25 seconds
        @action("Renew")
    } and {
      wait 1 minutes
        @action("Drain")
      let mark = "mark"
        @action("Mark")
        @after(succeeded, failed, skipped, timedout)
    }
  } and {
    let abandon = "abandon"
      @action("Abandon")
      @after(failed, skipped, timedout)
  }
  let close = "close"
    @action("Close")
    @after(succeeded, skipped)
`,
    ],
    [
      "a JavaScriptCode given actions' outputs and the trigger's (explicitDependencies) → javascript … @dependencies(trigger, \"NAME\")",
      {
        Get_order: { type: 'Http', inputs: { method: 'GET', uri: 'https://orders-contoso.azurewebsites.net/api/orders' }, runAfter: {} },
        Summarise: {
          type: 'JavaScriptCode',
          inputs: { code: "return workflowContext.actions['Get_order'].outputs.body.length;", explicitDependencies: { actions: ['Get_order'], includeTrigger: true } },
          runAfter: after('Get_order'),
        },
        Stamp: { type: 'JavaScriptCode', inputs: { code: 'return workflowContext.trigger.startTime;', explicitDependencies: { includeTrigger: true } }, runAfter: after('Summarise') },
      },
      `  let getOrder = call http get "https://orders-contoso.azurewebsites.net/api/orders"
    @action("Get_order")
  let summarise = javascript "return workflowContext.actions['Get_order'].outputs.body.length;"
    @dependencies(trigger, "Get_order")
    @action("Summarise")
  let stamp = javascript "return workflowContext.trigger.startTime;"
    @dependencies(trigger)
    @action("Stamp")
`,
    ],
    [
      "a JavaScriptCode whose outputs are read whole or by a member (a Standard template's reading) → javascript … @outputs; one read as body('A') stays plain",
      {
        Transform: { type: 'JavaScriptCode', inputs: { code: "return { xml: '<a/>' };" }, runAfter: {} },
        Prompt: { type: 'JavaScriptCode', inputs: { code: 'return [];' }, runAfter: after('Transform') },
        Count: { type: 'JavaScriptCode', inputs: { code: 'return 1;' }, runAfter: after('Prompt') },
        Response: {
          type: 'Response',
          kind: 'Http',
          inputs: { statusCode: 200, body: { xml: "@{outputs('Transform')['xml']}", messages: "@outputs('Prompt')", count: "@body('Count')", wrapped: "@outputs('Prompt')?['body']" } },
          runAfter: after('Count'),
        },
      },
      `  let transform = javascript "return { xml: '<a/>' };"
    @outputs
    @action("Transform")
  let prompt = javascript "return [];"
    @outputs
    @action("Prompt")
  let count = javascript "return 1;"
    @action("Count")
  respond 200 body { xml: "\${transform.xml}", messages: prompt, count: count, wrapped: prompt.body }
    @action("Response")
`,
    ],
    [
      'a Response whose status one expression computes (the call answered it) → respond EXPR',
      {
        Call_service: { type: 'Http', inputs: { method: 'GET', uri: 'https://orders-contoso.azurewebsites.net/api/orders' }, runAfter: {} },
        Response_ok: { type: 'Response', kind: 'Http', inputs: { statusCode: "@outputs('Call_service')?['statusCode']", body: "@body('Call_service')" }, runAfter: after('Call_service') },
        Response_failed: { type: 'Response', kind: 'Http', inputs: { statusCode: "@coalesce(outputs('Call_service')?['statusCode'], 500)" }, runAfter: { Call_service: ['Failed', 'TimedOut'] } },
      },
      `  let callService = call http get "https://orders-contoso.azurewebsites.net/api/orders"
    @outputs
    @action("Call_service")
  parallel {
    respond callService.statusCode body callService.body
      @action("Response_ok")
  } and {
    respond coalesce(callService.statusCode, 500)
      @action("Response_failed")
      @after(failed, timedout)
  }
`,
    ],
    [
      'branches at the start of a map, not joined: parallel at the end of the block',
      {
        Loop: {
          type: 'Foreach',
          foreach: "@triggerBody()?['lines']",
          actions: {
            Compose_a: { type: 'Compose', inputs: "@items('Loop')?['a']", runAfter: {} },
            Compose_b: { type: 'Compose', inputs: "@items('Loop')?['b']", runAfter: {} },
          },
          runAfter: {},
        },
      },
      `  for each loopItem in trigger.body.lines {
    parallel {
      let composeA = loopItem.a
        @action("Compose_a")
    } and {
      let composeB = loopItem.b
        @action("Compose_b")
    }
  }
    @action("Loop")
`,
    ],
    [
      'a Standard built-in operation (ServiceProvider) → call service, its parameters the body, let-bound when read',
      {
        Get_entity: {
          type: 'ServiceProvider',
          inputs: {
            parameters: { tableName: 'runs', partitionKey: "@triggerBody()?['device']", rowKey: 'last' },
            serviceProviderConfiguration: { connectionName: 'AISearch_#workflowname#', operationId: 'getEntity', serviceProviderId: '/serviceProviders/azureTables' },
            retryPolicy: { type: 'fixed', count: 3, interval: 'PT5S' },
          },
          runAfter: {},
        },
        List_queues: {
          type: 'ServiceProvider',
          inputs: { serviceProviderConfiguration: { connectionName: 'queues', operationId: 'listQueues', serviceProviderId: '/serviceProviders/azurequeues' } },
          runAfter: after('Get_entity'),
        },
        Compose_seen: { type: 'Compose', inputs: "@body('Get_entity')?['seen']", runAfter: after('List_queues') },
      },
      `  let getEntity = call service "AISearch_#workflowname#" "azureTables" "getEntity"
    body { tableName: "runs", partitionKey: trigger.body.device, rowKey: "last" }
    @retry(fixed, 3 times, 5 seconds)
    @outputs
    @action("Get_entity")
  call service "queues" "azurequeues" "listQueues"
    @action("List_queues")
  let composeSeen = getEntity.body.seen
    @action("Compose_seen")
`,
    ],
    [
      "names designers write, with spaces, brackets and '=' → @action as they are, quoted so in expressions",
      {
        'For Each - SHA': {
          type: 'Foreach',
          foreach: "@triggerBody()?['shas']",
          actions: { '[Git] Compose sha': { type: 'Compose', inputs: "@items('For Each - SHA')?['id']", runAfter: {} } },
          runAfter: {},
        },
        'Set_isDone_=_true': { type: 'Compose', inputs: true, runAfter: after('For Each - SHA') },
      },
      `  for each forEachShaItem in trigger.body.shas {
    let gitComposeSha = forEachShaItem.id
      @action("[Git] Compose sha")
  }
    @action("For Each - SHA")
  let setIsdoneTrue = true
    @action("Set_isDone_=_true")
`,
    ],
    [
      'a variable started or set as null → an optional var; an array set whole from an expression → any[]; concat() of an optional value',
      {
        Initialize_owner: { type: 'InitializeVariable', inputs: { variables: [{ name: 'owner', type: 'string', value: '@null' }] }, runAfter: {} },
        Initialize_rows: { type: 'InitializeVariable', inputs: { variables: [{ name: 'rows', type: 'array', value: [] }] }, runAfter: after('Initialize_owner') },
        Set_rows: { type: 'SetVariable', inputs: { name: 'rows', value: "@triggerBody()?['rows']" }, runAfter: after('Initialize_rows') },
        Compose_first: { type: 'Compose', inputs: "@variables('rows')[0]?['id']", runAfter: after('Set_rows') },
        Compose_owner: { type: 'Compose', inputs: "@concat('owner: ', variables('owner'))", runAfter: after('Compose_first') },
      },
      `  var owner: string? = null
    @action("Initialize_owner")
  var rows: any[] = []
    @action("Initialize_rows")
  set rows = trigger.body.rows
    @action("Set_rows")
  let composeFirst = rows[0].id
    @action("Compose_first")
  let composeOwner = concat("owner: ", owner)
    @action("Compose_owner")
`,
    ],
    [
      "a variable whose name is no Jig name, or one taken → a var named otherwise (@name), which raw actions still set by its name",
      {
        Initialize_output: { type: 'InitializeVariable', inputs: { variables: [{ name: 'Output of POST', type: 'string', value: '' }] }, runAfter: {} },
        Count: { type: 'Compose', inputs: 2, runAfter: after('Initialize_output') },
        Initialize_count: { type: 'InitializeVariable', inputs: { variables: [{ name: 'count', type: 'integer', value: 1 }] }, runAfter: after('Count') },
        Set_output: { type: 'SetVariable', inputs: { name: 'Output of POST', value: "@{variables('count')} rows" }, runAfter: after('Initialize_count') },
        Set_raw: { type: 'SetVariable', inputs: { name: 'Output of POST', value: "@{dataUri(triggerBody())}" }, runAfter: after('Set_output') },
        Compose_output: { type: 'Compose', inputs: "@variables('Output of POST')", runAfter: after('Set_raw') },
      },
      `  var outputOfPost: string = ""
    @name("Output of POST")
    @action("Initialize_output")
  let count = 2
    @action("Count")
  var count2: integer = 1
    @name("count")
    @action("Initialize_count")
  set outputOfPost = "\${count2} rows"
    @action("Set_output")
  raw action "Set_raw" {
    "type": "SetVariable",
    "inputs": {
      "name": "Output of POST",
      "value": "@{dataUri(triggerBody())}"
    },
    "runAfter": {
      "Set_output": [
        "Succeeded"
      ]
    }
  }
  let composeOutput = outputOfPost
    @action("Compose_output")
`,
      ['Set_raw'],
    ],
    [
      "names read in another case than they are written (items('For_Each') of For_each, variables('CSVpayload')) → the same step, identical: the service finds them ignoring case",
      {
        Initialize_payload: { type: 'InitializeVariable', inputs: { variables: [{ name: 'CSVPayload', type: 'string', value: '' }] }, runAfter: {} },
        For_each: {
          type: 'Foreach',
          foreach: "@triggerBody()?['rows']",
          actions: { Append_row: { type: 'AppendToStringVariable', inputs: { name: 'CSVpayload', value: "@items('For_Each')?['id']" }, runAfter: {} } },
          runAfter: after('Initialize_payload'),
        },
      },
      `  var CSVPayload: string = ""
    @action("Initialize_payload")
  for each forEachItem in trigger.body.rows {
    append forEachItem.id to CSVPayload
      @action("Append_row")
  }
    @concurrent
    @action("For_each")
`,
    ],
    [
      'ParseDocument, ChunkText (options at their defaults left out, spelled with a capital as the designer once wrote them) → parse document, chunk text',
      {
        Parse_a_document: { type: 'ParseDocument', inputs: { content: "@triggerBody()?['file']" }, runAfter: {} },
        Chunk_text: {
          type: 'ChunkText',
          inputs: { chunkingStrategy: 'TokenSize', text: "@body('Parse_a_document')?['text']", encodingModel: 'cl100k_base', tokenSize: 512, pageOverlapLength: 100 },
          runAfter: after('Parse_a_document'),
        },
        Chunk_whole: {
          type: 'ChunkText',
          inputs: { chunkingStrategy: 'TokenSize', text: "@body('Parse_a_document')?['text']", EncodingModel: 'cl100k_base', TokenSize: 5000, PageOverlapLength: 0 },
          runAfter: after('Chunk_text'),
        },
        Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: "@body('Chunk_text')?['value']" }, runAfter: after('Chunk_whole') },
      },
      `  let parseADocument = parse document trigger.body.file
    @action("Parse_a_document")
  let chunkText = chunk text parseADocument.text by 512 tokens overlap 100
    @action("Chunk_text")
  let chunkWhole = chunk text parseADocument.text
    @action("Chunk_whole")
  respond 200 body chunkText.value
    @action("Response")
`,
    ],
    [
      'Workflow by resource id or name, with or without a trigger, headers, a retry policy → call workflow',
      {
        Enrich: {
          type: 'Workflow',
          inputs: {
            host: { triggerName: 'manual', workflow: { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Logic/workflows/enricher' } },
            headers: { 'Content-Type': "@triggerOutputs()?['headers']?['Content-Type']" },
            body: "@triggerBody()?['content']",
            retryPolicy: { type: 'none' },
          },
          runAfter: {},
        },
        Process: { type: 'Workflow', inputs: { host: { workflow: { id: 'eventprocessor' } }, body: 'demo content' }, runAfter: after('Enrich') },
        Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: "@body('Enrich')" }, runAfter: after('Process') },
      },
      `  let enrich = call workflow "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Logic/workflows/enricher" trigger "manual"
    headers { "Content-Type": trigger.headers["Content-Type"] }
    body trigger.body.content
    @retry(none)
    @action("Enrich")
  call workflow "eventprocessor" body "demo content"
    @action("Process")
  respond 200 body enrich
    @action("Response")
`,
    ],
    [
      'Terminate without a message, Succeeded, Cancelled or Failed (with a code) → stop',
      {
        Done: { type: 'Terminate', inputs: { runStatus: 'Succeeded' }, runAfter: {} },
        Cancel: { type: 'Terminate', inputs: { runStatus: 'Cancelled' }, runAfter: after('Done') },
        Failed: { type: 'Terminate', inputs: { runStatus: 'Failed' }, runAfter: after('Cancel') },
        Coded: { type: 'Terminate', inputs: { runStatus: 'Failed', runError: { code: 'CreateFailed' } }, runAfter: after('Failed') },
      },
      `  stop succeeded
    @action("Done")
  stop cancelled
    @action("Cancel")
  stop failed
    @action("Failed")
  stop failed
    @code("CreateFailed")
    @action("Coded")
`,
    ],
    [
      'JavaScriptCode with its code alone (a template literal in it) → javascript; with explicitDependencies, raw',
      {
        Run_code: { type: 'JavaScriptCode', inputs: { code: 'const n = workflowContext.trigger.outputs.body.n;\r\nreturn `${n} items`;' }, runAfter: {} },
        Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: "@body('Run_code')" }, runAfter: after('Run_code') },
      },
      `  let runCode = javascript "const n = workflowContext.trigger.outputs.body.n;\\u{D}\\nreturn \`\\\${n} items\`;"
    @action("Run_code")
  respond 200 body runCode
    @action("Response")
`,
    ],
    [
      "an Until without a limit, or with its timeout alone → until with the service's default count (60 passes, one hour)",
      {
        Initialize_done: { type: 'InitializeVariable', inputs: { variables: [{ name: 'done', type: 'boolean', value: false }] }, runAfter: {} },
        Until_ready: {
          type: 'Until',
          expression: "@equals(variables('done'), true)",
          actions: { Set_done: { type: 'SetVariable', inputs: { name: 'done', value: true }, runAfter: {} } },
          runAfter: after('Initialize_done'),
        },
        Until_long: {
          type: 'Until',
          expression: "@equals(variables('done'), true)",
          limit: { timeout: 'PT2H' },
          actions: { Set_again: { type: 'SetVariable', inputs: { name: 'done', value: true }, runAfter: {} } },
          runAfter: after('Until_ready'),
        },
      },
      `  var done: boolean = false
    @action("Initialize_done")
  until done == true {
    set done = true
      @action("Set_done")
  }
    @action("Until_ready")
  until done == true {
    set done = true
      @action("Set_again")
  }
    @timeout(2 hours)
    @action("Until_long")
`,
    ],
    [
      'Table of the rows\' own columns, HTML or CSV → html table, csv table; body() → their names',
      {
        Create_HTML_table: { type: 'Table', inputs: { format: 'HTML', from: "@triggerBody()?['lines']" }, runAfter: {} },
        Create_CSV_table: { type: 'Table', inputs: { from: "@triggerBody()?['lines']", format: 'CSV' }, runAfter: after('Create_HTML_table') },
        Custom_columns: {
          type: 'Table',
          inputs: { from: "@triggerBody()?['lines']", format: 'HTML', columns: [{ header: 'SKU', value: "@item()?['sku']" }, { header: 'Line total', value: "@mul(item()?['qty'], 2)" }, { header: 'Kind', value: 'line' }] },
          runAfter: after('Create_CSV_table'),
        },
        Response: { type: 'Response', inputs: { statusCode: 200, body: "@{body('Create_HTML_table')}@{body('Create_CSV_table')}@{body('Custom_columns')}" }, runAfter: after('Custom_columns') },
      },
      `  let createHtmlTable = html table trigger.body.lines
    @action("Create_HTML_table")
  let createCsvTable = csv table trigger.body.lines
    @action("Create_CSV_table")
  let customColumns = html table trigger.body.lines columns {
    SKU: item.sku,
    "Line total": item.qty * 2,
    Kind: "line"
  }
    @action("Custom_columns")
  respond 200 body "\${createHtmlTable}\${createCsvTable}\${customColumns}"
    @action("Response")
`,
    ],
    [
      'Wait until a timestamp → wait until',
      { Delay_until: { type: 'Wait', inputs: { until: { timestamp: "@triggerBody()?['startTime']" } }, runAfter: {} } },
      '  wait until trigger.body.startTime\n    @action("Delay_until")\n',
    ],
    [
      'an array of objects of different keys (a chat prompt) → a list of records of different fields',
      {
        Compose_messages: {
          type: 'Compose',
          inputs: [
            { role: 'system', content: 'Answer briefly.' },
            { role: 'user', content: "@triggerBody()?['question']", user: "@triggerBody()?['user']" },
          ],
          runAfter: {},
        },
      },
      `  let composeMessages = [
    { role: "system", content: "Answer briefly." },
    { role: "user", content: trigger.body.question, user: trigger.body.user }
  ]
    @action("Compose_messages")
`,
    ],
  ])('%s', (_name, actions, expected, raw: string[] = []) => {
    // A workflow that uses a connector declares $connections.
    const usesConnections = JSON.stringify(actions).includes("'$connections'");
    const { body, result } = imported(actions, usesConnections ? connections : {});
    expect(body).toBe(expected);
    expect(result.rawActions).toEqual(raw);
    expect(result.parity?.differences).toEqual([]);
    expect(result.parity?.identical).toBe(true);
  });
});

describe('holes the rebuild finds', () => {
  it("a URL the policy refuses (a template's placeholder) is written as it is, and the author must write a real one: JIG3305 in jig check, a hole in the report", () => {
    const { body, result } = imported({
      Call_service: { type: 'Http', inputs: { method: 'POST', uri: '###httpUri###', body: "@triggerBody()" }, runAfter: {} },
      Call_again: { type: 'Http', inputs: { method: 'POST', uri: '###httpUri###', body: 'again' }, runAfter: after('Call_service') },
    });
    expect(result.rawActions).toEqual([]);
    expect(body).toContain('call http post "###httpUri###" body trigger.body');
    expect(result.holes).toContain("a real destination: The URL '###httpUri###' is refused: it is not a URL the runtime can read (JIG3305, 2 steps)");
    expect(result.text).toContain("// To write: the flow's @purpose, @data and @retain; a real destination: The URL '###httpUri###' is refused");
    expect(result.parity).toEqual({ identical: true, differences: [] });
  });

  it("a managed identity's token sent to a host computed at run time is written as it is: JIG3306 in jig check, a hole in the report", () => {
    const { body, result } = imported({
      Get_resource: {
        type: 'Http',
        inputs: { method: 'GET', uri: "https://management.azure.com@{triggerBody()?['id']}", authentication: { type: 'ManagedServiceIdentity', audience: 'https://management.azure.com/' } },
        runAfter: {},
      },
    });
    expect(result.rawActions).toEqual([]);
    expect(body).toContain('call http get "https://management.azure.com${trigger.body.id}"');
    expect(result.holes.some((hole) => hole.startsWith("a real destination: This call sends a token of the workflow's managed identity") && hole.endsWith('(JIG3306)'))).toBe(true);
    expect(result.parity).toEqual({ identical: true, differences: [] });
  });
});

describe("what the JSON cannot say of a service's answer: whether it holds a secret", () => {
  const resourceCall = (uri: string, authentication: unknown = { type: 'ManagedServiceIdentity' }) => ({
    Init_name: { type: 'InitializeVariable', inputs: { variables: [{ name: 'name', type: 'string', value: '' }] }, runAfter: {} },
    Get_resource: { type: 'Http', inputs: { method: 'GET', uri, ...(authentication !== null && { authentication }) }, runAfter: after('Init_name') },
    Set_name: { type: 'SetVariable', inputs: { name: 'name', value: "@{body('Get_resource')?['name']}" }, runAfter: after('Get_resource') },
  });
  const assumption = `@declassify(secret, "jig import's assumption, to confirm: its URL is known only at run time")`;

  it("an authenticated call to a host or a Resource Manager path known only at run time → @declassify(secret, …) on its let, the importer's assumption: a hole (JIG3017), filled as confirmed by the parity check; identical when built again", () => {
    for (const uri of ["https://management.azure.com@{triggerBody()?['id']}", "https://management.azure.com/@{triggerBody()?['id']}?api-version=2019-12-01"]) {
      const { body, result } = imported(resourceCall(uri));
      expect(result.rawActions).toEqual([]);
      expect(body).toContain(`    @identity\n    ${assumption}\n    @action("Get_resource")`);
      expect(body).toContain('set name = "${getResource.name}"');
      expect(result.holes).toContain("whether the answer of 'Get_resource' holds a secret, which the JSON cannot say (JIG3017, @declassify(secret, …) to confirm)");
      expect(result.text).toContain("// To write: the flow's @purpose, @data and @retain; ");
      expect(result.parity?.differences).toEqual([]);
      expect(result.parity?.identical).toBe(true);
    }
  });

  it('none where the JSON says: a call without credentials, an answer nothing reads; and Key Vault, whose answer is a secret that a variable may not hold (raw)', () => {
    const plain = imported(resourceCall("https://management.azure.com@{triggerBody()?['id']}", null));
    expect(plain.result.text).not.toContain('@declassify');
    expect(plain.result.rawActions).toEqual([]);
    const unread = imported({ Patch_resource: { type: 'Http', inputs: { method: 'PATCH', uri: "https://management.azure.com@{triggerBody()?['id']}", body: { a: 1 }, authentication: { type: 'ManagedServiceIdentity' } }, runAfter: {} } });
    expect(unread.result.text).not.toContain('@declassify');
    expect(unread.result.holes.some((hole) => hole.includes('JIG3017'))).toBe(false);
    expect(unread.result.parity?.identical).toBe(true);
    const vault = imported(resourceCall("https://contoso.vault.azure.net/secrets/@{triggerBody()?['name']}?api-version=7.4"));
    expect(vault.result.text).not.toContain('@declassify');
    expect(reasons(vault.result)['Set_name']).toMatch(/^its Jig is refused: JIG3016 /);
  });
});

describe("what the JSON cannot say of a connection's answer, or of a raw trigger's", () => {
  const connectorRead = (key: string) => ({
    Init_name: { type: 'InitializeVariable', inputs: { variables: [{ name: 'name', type: 'string', value: '' }] }, runAfter: {} },
    Get_job: {
      type: 'ApiConnection',
      inputs: { host: { connection: { name: `@parameters('$connections')['${key}']['connectionId']` } }, method: 'get', path: "/jobs/@{encodeURIComponent(triggerBody()?['id'])}" },
      runAfter: after('Init_name'),
    },
    Set_name: { type: 'SetVariable', inputs: { name: 'name', value: "@{body('Get_job')?['name']}" }, runAfter: after('Get_job') },
  });

  it("an operation through a connection Jig cannot identify, its answer read → @declassify(secret, …) on its let, the importer's assumption: a hole (JIG3017); identical when built again", () => {
    const { body, result } = imported(connectorRead('azureautomation'), connections);
    expect(result.rawActions).toEqual([]);
    expect(body).toContain(`@declassify(\n      secret,\n      "jig import's assumption, to confirm: its connection is one Jig cannot identify"\n    )\n    @outputs\n    @action("Get_job")`);
    expect(body).toContain('set name = "${getJob.body.name}"');
    expect(result.holes).toContain("whether the answer of 'Get_job' holds a secret, which the JSON cannot say (JIG3017, @declassify(secret, …) to confirm)");
    expect(result.parity?.differences).toEqual([]);
    expect(result.parity?.identical).toBe(true);
  });

  it("none through Key Vault's connection, whose answer is a secret that a variable may not hold (raw); nor through a managed API Jig's deploy wires (no hole)", () => {
    const vault = imported(connectorRead('keyvault'), connections);
    expect(vault.result.text).not.toContain('@declassify');
    expect(reasons(vault.result)['Set_name']).toMatch(/^its Jig is refused: JIG3016 /);
    const blob = imported(connectorRead('azureblob'), connections);
    expect(blob.result.text).not.toContain('@declassify');
    expect(blob.result.rawActions).toEqual([]);
  });

  const triggered = (key: string, actions: Record<string, unknown>) => {
    const definition = {
      parameters: connections,
      triggers: {
        When_an_alert_is_created: {
          type: 'ApiConnectionWebhook',
          inputs: { body: { callback_url: '@{listCallbackUrl()}' }, host: { connection: { name: `@parameters('$connections')['${key}']['connectionId']` } }, path: '/Microsoft.Security/Alert/subscribe' },
        },
      },
      actions,
    };
    return importSources([{ path: 'w.json', text: JSON.stringify(definition) }], { policy, check: true })[0]!;
  };
  // A run that may read a credential (an authenticated call to a Resource Manager path computed whole).
  const alertThenResource = {
    Init_id: { type: 'InitializeVariable', inputs: { variables: [{ name: 'id', type: 'string', value: "@{triggerBody()?['Entities']?[0]?['AzureID']}" }] }, runAfter: {} },
    Get_resource: { type: 'Http', inputs: { method: 'GET', uri: "https://management.azure.com@{variables('id')}?api-version=2021-04-01", authentication: { type: 'ManagedServiceIdentity' } }, runAfter: after('Init_id') },
  };

  it("Defender for Cloud's alert trigger (ascalert) answers an alert, made before the run's actions read a credential: what it brings goes into a variable, written in Jig; identical when built again", () => {
    const result = triggered('ascalert', alertThenResource);
    expect(result.rawActions).toEqual([]);
    expect(result.text).toContain('var id: string = "${trigger.body.Entities[0].AzureID}"');
    expect(result.parity?.differences).toEqual([]);
    expect(result.parity?.identical).toBe(true);
  });

  it("a raw trigger through a connection Jig cannot identify may answer a credential (a custom connector's): what it brings stays out of a variable (raw)", () => {
    const result = triggered('customalerts', alertThenResource);
    expect(reasons(result)['Init_id']).toMatch(/^its Jig is refused: JIG3016 .*raw trigger When_an_alert_is_created, whose connection may answer a credential/);
  });
});

describe('an action the rebuild adds for a step written in Jig', () => {
  it("is that step's to answer for: a loop over a storage account's keys (a secret, which Jig reads through a hidden Filter array) stays raw alone, not the condition around it", () => {
    const { body, result } = imported({
      Get_keys: {
        type: 'Http',
        inputs: { method: 'POST', uri: 'https://management.azure.com/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/logs/listKeys?api-version=2018-11-01', authentication: { type: 'ManagedServiceIdentity' } },
        runAfter: {},
      },
      Parse_keys: {
        type: 'ParseJson',
        inputs: { content: "@body('Get_keys')", schema: { type: 'object', properties: { keys: { type: 'array', items: { type: 'object', properties: { keyName: { type: 'string' } } } } } } },
        runAfter: after('Get_keys'),
      },
      Check: {
        type: 'If',
        expression: { and: [{ equals: ["@triggerBody()?['enable']", true] }] },
        actions: {
          Note: { type: 'Compose', inputs: 'enabling', runAfter: {} },
          For_each_key: { type: 'Foreach', foreach: "@body('Parse_keys')?['keys']", actions: { Key_name: { type: 'Compose', inputs: "@items('For_each_key')?['keyName']", runAfter: {} } }, runAfter: after('Note') },
        },
        else: { actions: {} },
        runAfter: after('Parse_keys'),
      },
    });
    expect(result.raw.map((raw) => [raw.action, raw.reason])).toEqual([['Check/For_each_key', `its Jig builds different JSON at /foreach/@: "body('parse_keys')?['keys']" → "body('hide_keys')"`]]);
    expect(body).toContain('if trigger.body.enable == true {');
    expect(result.parity?.identical).toBe(true);
  });
});

describe('what stays raw', () => {
  it('an action whose tracked properties are empty or computed whole, or that reads action() outside them', () => {
    const { result } = imported({
      Get_customer: { type: 'Http', inputs: { method: 'GET', uri: 'https://api-contoso.azurewebsites.net/customers' }, runAfter: {}, trackedProperties: "@json(action()['inputs']['body'])" },
      Empty: { type: 'Compose', inputs: 'x', runAfter: after('Get_customer'), trackedProperties: {} },
      Own_run: { type: 'Compose', inputs: "@action()['inputs']", runAfter: after('Empty') },
    });
    expect(result.rawActions).toEqual(['Get_customer', 'Empty', 'Own_run']);
    expect(reasons(result).Empty).toBe('its trackedProperties, which Jig does not write (a tracked property Jig writes is a map of values Jig expresses)');
    expect(reasons(result).Own_run).toMatch(/JIG2079/);
    expect(result.parity?.differences).toEqual([]);
  });

  it("a JavaScriptCode's explicitDependencies other than actions by name and the trigger stay raw", () => {
    const { result } = imported({
      Not_trigger: { type: 'JavaScriptCode', inputs: { code: 'return 1;', explicitDependencies: { includeTrigger: false } }, runAfter: {} },
      Computed: { type: 'JavaScriptCode', inputs: { code: 'return 2;', explicitDependencies: { actions: ["@{triggerBody()?['step']}"] } }, runAfter: after('Not_trigger') },
      Empty: { type: 'JavaScriptCode', inputs: { code: 'return 3;', explicitDependencies: {} }, runAfter: after('Computed') },
    });
    expect(result.rawActions).toEqual(['Not_trigger', 'Computed', 'Empty']);
    expect(new Set(Object.values(reasons(result)))).toEqual(new Set(['explicitDependencies of this JavaScriptCode that Jig does not write (other than actions by name and includeTrigger true)']));
    expect(result.parity?.differences).toEqual([]);
  });

  it("a designer condition's string template of a value a schema says is there: typed, Jig writes string(x), whose null Microsoft's reference leaves open, so the source is written untyped (the schema written out), where the template is the value's own", () => {
    const definition = {
      triggers: { manual: { type: 'Request', kind: 'Http', inputs: { method: 'POST', schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } } } },
      actions: {
        Check_n: { type: 'If', expression: { and: [{ equals: ["@{triggerBody()?['n']}", '4'] }] }, actions: { Four: { type: 'Compose', inputs: 'four', runAfter: {} } }, runAfter: {} },
      },
    };
    const [result] = importSources([{ path: 'w.json', text: JSON.stringify(definition) }], { policy, check: true });
    expect(result!.rawActions).toEqual([]);
    expect(result!.text).toContain('  trigger http post schema {\n');
    expect(result!.text).toContain('  if "${trigger.body.n}" == "4" {\n');
    expect(result!.parity).toEqual({ identical: true, differences: [] });
  });

  it('a Response whose status is text with an expression in it stays raw', () => {
    const { result } = imported({ Response_text: { type: 'Response', inputs: { statusCode: "@{triggerBody()?['status']}" }, runAfter: {} } });
    expect(reasons(result)).toEqual({ Response_text: 'its status, neither a whole number nor one expression' });
    expect(result.parity?.differences).toEqual([]);
  });

  it('a branch that ends in a parallel of its own, what follows joining its last actions with the others → nested parallels, the step after the outer one', () => {
    const compose = (inputs: string, runAfter: Record<string, string[]>) => ({ type: 'Compose', inputs, runAfter });
    const { body, result } = imported({
      A: compose('a', {}),
      B: compose('b', after('A')),
      C: compose('c', after('B')),
      D: compose('d', after('B')),
      F: compose('f', after('A')),
      G: compose('g', { C: ['Succeeded'], D: ['Succeeded'], F: ['Succeeded'] }),
    });
    expect(body.match(/parallel/g)).toHaveLength(2);
    expect(result.rawActions).toEqual([]);
    expect(result.parity?.identical).toBe(true);
  });

  it('a join after branches on statuses that differ between them stays raw', () => {
    const compose = (inputs: string, runAfter: Record<string, string[]>) => ({ type: 'Compose', inputs, runAfter });
    const { result } = imported({
      A: compose('a', {}),
      B: compose('b', after('A')),
      C: compose('c', after('A')),
      D: compose('d', { B: ['Succeeded', 'Failed'], C: ['Succeeded'] }),
    });
    // Not a parallel: C then runs after A, not after the step before it.
    expect(result.rawActions).toEqual(['C', 'D']);
    expect(reasons(result).D).toMatch(/^runAfter 'B' \(Succeeded, Failed\), 'C' \(Succeeded\)/);
    expect(result.parity?.differences).toEqual([]);
  });

  it('branches that a parallel does not write: an action after some of them only', () => {
    const compose = (inputs: string, runAfter: Record<string, string[]>) => ({ type: 'Compose', inputs, runAfter });
    const { body, result } = imported({
      A: compose('a', {}),
      B: compose('b', {}),
      C: compose('c', {}),
      After_a_and_b: compose('d', { A: ['Succeeded'], B: ['Succeeded'] }),
    });
    expect(body).not.toContain('parallel');
    expect(result.rawActions).toEqual(['B', 'C', 'After_a_and_b']);
    expect(reasons(result)).toEqual({
      B: "runAfter nothing: not the step before it ('A')",
      C: "runAfter nothing: not the step before it ('B')",
      After_a_and_b: "runAfter 'A' (Succeeded), 'B' (Succeeded): not the step before it ('C')",
    });
    expect(result.parity?.differences).toEqual([]);
  });

  it('a built-in operation whose parameters or configuration Jig cannot write', () => {
    const configuration = { connectionName: 'tables', operationId: 'getEntity', serviceProviderId: '/serviceProviders/azureTables' };
    const { result } = imported({
      // A parameter name holding an '@' (JIG2071), a provider outside /serviceProviders/.
      Spaced: { type: 'ServiceProvider', inputs: { parameters: { '@table': 'runs' }, serviceProviderConfiguration: configuration }, runAfter: {} },
      Elsewhere: { type: 'ServiceProvider', inputs: { serviceProviderConfiguration: { ...configuration, serviceProviderId: '/providers/azureTables' } }, runAfter: after('Spaced') },
    });
    expect(result.rawActions).toEqual(['Spaced', 'Elsewhere']);
    expect(reasons(result)).toEqual({
      Spaced: 'a built-in operation whose configuration or parameters Jig does not write',
      Elsewhere: 'a built-in operation whose configuration or parameters Jig does not write',
    });
    expect(result.parity?.differences).toEqual([]);
  });

  it('a connector operation whose connection, path or options Jig cannot write', () => {
    const { result } = imported({
      // The connection chosen at run time.
      Send_message: {
        type: 'ApiConnection',
        inputs: { host: { connection: { name: "@parameters('$connections')[concat('servicebus_', rand(1, 3))]['connectionId']" } }, method: 'post', path: '/orders/messages' },
        runAfter: {},
      },
      // A path computed whole (by an expression), and an input Jig does not write.
      Deploy: {
        type: 'ApiConnection',
        inputs: { host: { connection: { name: "@parameters('$connections')['arm']['connectionId']" } }, method: 'put', path: "@concat('/subscriptions/', 'x')" },
        runAfter: after('Send_message'),
      },
      Authenticated: {
        type: 'ApiConnection',
        inputs: { host: { connection: { name: "@parameters('$connections')['arm']['connectionId']" } }, method: 'get', path: '/subscriptions', authentication: "@parameters('$authentication')" },
        runAfter: after('Deploy'),
      },
    }, connections);
    expect(result.rawActions).toEqual(['Send_message', 'Deploy', 'Authenticated']);
    expect(reasons(result)).toEqual({
      Send_message: 'a connection Jig cannot name (computed, or not a $connections key)',
      Deploy: 'a connector path computed whole',
      Authenticated: "a connector operation's authentication, which Jig does not write",
    });
    expect(result.parity?.differences).toEqual([]);
  });

  it('an action that runs after the failure of an action other than the one before it, or uses a function Jig lacks; one that reads a raw action does not', () => {
    const { body, result } = imported({
      Get_rows: { type: 'Http', inputs: { method: 'GET', uri: 'https://rows-contoso.azurewebsites.net/rows' }, operationOptions: 'SuppressWorkflowHeaders', runAfter: {} },
      Compose_rows: { type: 'Compose', inputs: "@body('Get_rows')?['value']", runAfter: after('Get_rows') },
      On_failure: { type: 'Compose', inputs: 'failed', runAfter: { Get_rows: ['Failed'], Compose_rows: ['Skipped'] } },
      Compose_xml: { type: 'Compose', inputs: "@dataUri(triggerBody())", runAfter: after('On_failure') },
    });
    expect(result.rawActions).toEqual(['Get_rows', 'On_failure', 'Compose_xml']);
    expect(reasons(result)).toEqual({
      Get_rows: 'its operationOptions, which Jig does not write',
      On_failure: "runAfter 'Get_rows' (Failed), 'Compose_rows' (Skipped): not the step before it ('Compose_rows')",
      Compose_xml: 'no Jig function for dataUri()',
    });
    expect(result.expressedCount).toBe(1);
    expect(body).toContain('  let getRows = raw action "Get_rows" {');
    expect(body).toContain('  let composeRows = getRows.body.value\n    @action("Compose_rows")');
    // A raw action whose result no step in Jig reads names none.
    expect(body).toContain('  raw action "On_failure" {');
  });

  it('an action whose Jig would not build back into it: a SetVariable that Jig would write as an increment', () => {
    const { body, result } = imported({
      Initialize_n: { type: 'InitializeVariable', inputs: { variables: [{ name: 'n', type: 'integer', value: 1 }] }, runAfter: {} },
      Set_n: { type: 'SetVariable', inputs: { name: 'n', value: "@add(variables('n'), 1)" }, runAfter: after('Initialize_n') },
    });
    expect(result.rawActions).toEqual(['Set_n']);
    expect(reasons(result)).toEqual({ Set_n: 'its Jig builds different JSON at /type: "setvariable" → "incrementvariable"' });
    expect(body).toContain('var n: integer = 1\n    @action("Initialize_n")');
    expect(result.parity?.identical).toBe(true);
  });
});

describe("a Select's rows as values, and result() in a catch", () => {
  it('→ select VALUE (one operand, else in parentheses) and result("Try"); identical when built again', () => {
    const { body, result } = imported({
      Try: { type: 'Scope', actions: { Call: { type: 'Http', inputs: { method: 'GET', uri: 'https://status.example.com/api' }, runAfter: {} } }, runAfter: {} },
      Catch: {
        type: 'Scope',
        actions: {
          Filter_errors: { type: 'Query', inputs: { from: "@result('Try')", where: "@equals(item()?['status'], 'Failed')" }, runAfter: {} },
          Remove_inputs: { type: 'Select', inputs: { from: "@body('Filter_errors')", select: "@removeProperty(item(), 'inputs')" }, runAfter: after('Filter_errors') },
          Names: { type: 'Select', inputs: { from: "@body('Filter_errors')", select: "@item()?['name']" }, runAfter: after('Remove_inputs') },
          By_index: { type: 'Select', inputs: { from: "@range(0, length(body('Names')))", select: "@{body('Names')[item()]}" }, runAfter: after('Names') },
          Doubled: { type: 'Select', inputs: { from: '@range(0, 3)', select: '@mul(item(), 2)' }, runAfter: after('By_index') },
          Response: { type: 'Response', inputs: { statusCode: 500, body: { errors: "@body('Remove_inputs')", names: "@body('By_index')", doubled: "@body('Doubled')" } }, runAfter: after('Doubled') },
        },
        runAfter: { Try: ['Failed', 'TimedOut'] },
      },
    });
    expect(body).toContain('let filterErrors = result("Try") where item.status == "Failed"');
    expect(body).toContain('let removeInputs = filterErrors select removeProperty(item, "inputs")');
    expect(body).toContain('let names = filterErrors select item.name');
    expect(body).toContain('let byIndex = range(0, length(names)) select "${names[item]}"');
    expect(body).toContain('let doubled = range(0, 3) select (item * 2)');
    expect(result.rawActions).toEqual([]);
    expect(result.parity?.differences).toEqual([]);
    expect(result.parity?.identical).toBe(true);
  });
});

describe('counts an expression computes', () => {
  it("an Until's count and a Wait's count from parameters (declared, or a Standard app's, guessed integer) or rand() → @count(EXPR), wait (EXPR) UNIT; identical when built again", () => {
    const definition = {
      parameters: { loopLimit: { type: 'Int', defaultValue: 10 } },
      triggers: { manual: { type: 'Request', kind: 'Http', inputs: { method: 'POST' } } },
      actions: {
        Init_done: { type: 'InitializeVariable', inputs: { variables: [{ name: 'done', type: 'boolean', value: false }] }, runAfter: {} },
        Until: {
          type: 'Until',
          expression: "@equals(variables('done'), true)",
          limit: { count: "@parameters('loopLimit')", timeout: 'PT1H' },
          actions: {
            Delay: { type: 'Wait', inputs: { interval: { count: "@parameters('delayInMinutes_#workflowname#')", unit: 'Minute' } }, runAfter: {} },
            Jitter: { type: 'Wait', inputs: { interval: { count: '@rand(1,10)', unit: 'Second' } }, runAfter: after('Delay') },
            Set_done: { type: 'SetVariable', inputs: { name: 'done', value: true }, runAfter: after('Jitter') },
          },
          runAfter: after('Init_done'),
        },
        Twice: {
          type: 'Until',
          expression: "@equals(variables('done'), true)",
          limit: { count: "@mul(2, parameters('loopLimit'))" },
          actions: { Set_done_again: { type: 'SetVariable', inputs: { name: 'done', value: true }, runAfter: {} } },
          runAfter: after('Until'),
        },
      },
    };
    const [result] = importSources([{ path: 'workflow.json', text: JSON.stringify(definition) }], { policy, check: true });
    expect(result!.text).toContain('@name("delayInMinutes_#workflowname#")\nparam delayInMinutes: integer\n');
    expect(result!.text).toContain(`  until done == true {
    wait delayInMinutes minutes
      @action("Delay")
    wait rand(1, 10) seconds
      @action("Jitter")
    set done = true
      @action("Set_done")
  }
    @count(loopLimit)
    @action("Until")
  until done == true {
    set done = true
      @action("Set_done_again")
  }
    @count((2 * loopLimit))
    @action("Twice")
`);
    expect(result!.rawActions).toEqual([]);
    expect(result!.parity?.differences).toEqual([]);
    expect(result!.parity?.identical).toBe(true);
  });

  it('a count that is no expression (an interpolation, text) stays raw', () => {
    const { result } = imported({
      Interpolated: { type: 'Wait', inputs: { interval: { count: "@{triggerBody()?['n']}", unit: 'Minute' } }, runAfter: {} },
      Text: { type: 'Wait', inputs: { interval: { count: '5', unit: 'Minute' } }, runAfter: after('Interpolated') },
    });
    expect(result.rawActions).toEqual(['Interpolated', 'Text']);
  });
});

describe('a Table Jig does not write', () => {
  it('stays raw: a header written twice or computed, or a format spelled otherwise', () => {
    const { result } = imported({
      Twice: { type: 'Table', inputs: { from: "@triggerBody()?['lines']", format: 'HTML', columns: [{ header: 'SKU', value: "@item()?['sku']" }, { header: 'SKU', value: "@item()?['qty']" }] }, runAfter: {} },
      Computed: { type: 'Table', inputs: { from: "@triggerBody()?['lines']", format: 'CSV', columns: [{ header: "@{triggerBody()?['title']}", value: "@item()?['sku']" }] }, runAfter: after('Twice') },
      Lower_case: { type: 'Table', inputs: { from: "@triggerBody()?['lines']", format: 'html' }, runAfter: after('Computed') },
    });
    expect(result.rawActions).toEqual(['Twice', 'Computed', 'Lower_case']);
    expect(reasons(result).Twice).toMatch(/^columns of this Table that Jig does not write/);
    expect(reasons(result).Lower_case).toMatch(/^inputs of this Table that Jig does not write/);
    expect(result.parity?.identical).toBe(true);
  });
});

describe('parameters a Standard workflow reads without declaring them', () => {
  it('are params without a default (a string, a guess), @name where the name is not a Jig name (or is a keyword); identical when built again', () => {
    const definition = {
      triggers: { manual: { type: 'Request', kind: 'Http', inputs: { method: 'POST' } } },
      actions: {
        Compose_path: { type: 'Compose', inputs: "@{parameters('BlobPath_#workflowname#')}/@{parameters('folder')}", runAfter: {} },
      },
    };
    const [result] = importSources([{ path: 'workflow.json', text: JSON.stringify(definition) }], { policy, check: true });
    expect(result!.text).toContain(`/// Read by the workflow and declared by its app (a Standard app's parameters.json): its type is a guess.
@name("BlobPath_#workflowname#")
param blobPath: string
/// Read by the workflow and declared by its app (a Standard app's parameters.json): its type is a guess.
@name("folder")
param folder_: string
`);
    expect(result!.text).toContain('let composePath = "${blobPath}/${folder_}"');
    expect(result!.rawActions).toEqual([]);
    expect(result!.parity?.identical).toBe(true);
  });

  it('are integers where the workflow counts or compares with them (arithmetic, an integer variable, an Until count)', () => {
    const definition = {
      triggers: { manual: { type: 'Request', kind: 'Http', inputs: { method: 'POST' } } },
      actions: {
        Initialize_top: { type: 'InitializeVariable', inputs: { variables: [{ name: 'top', type: 'integer', value: "@parameters('topDefault')" }] }, runAfter: {} },
        Check_limit: { type: 'Compose', inputs: "@greater(add(variables('top'), 1), parameters('loopLimit'))", runAfter: after('Initialize_top') },
      },
    };
    const [result] = importSources([{ path: 'workflow.json', text: JSON.stringify(definition) }], { policy, check: true });
    expect(result!.text).toContain('param topDefault: integer\n');
    expect(result!.text).toContain('param loopLimit: integer\n');
    expect(result!.text).toContain('var top: integer = topDefault');
    expect(result!.rawActions).toEqual([]);
    expect(result!.parity?.identical).toBe(true);
  });
});

describe("a chat's trigger (a conversational agent's)", () => {
  const agent = (runAfter: Record<string, string[]>) => ({
    type: 'Agent',
    inputs: { parameters: { deploymentId: 'gpt-4o', messages: [{ role: 'system', content: 'You repair work orders.' }] }, modelConfigurations: { model1: { referenceName: 'agent' } } },
    runAfter,
  });
  const importOne = (trigger: Record<string, unknown>, actions: Record<string, unknown>) => {
    const definition = { triggers: { When_a_new_chat_session_started: trigger }, actions };
    return importSources([{ path: 'w.json', text: JSON.stringify(definition) }], { policy, check: true })[0]!;
  };

  it('→ trigger chat, and the agent that runs after it (the designer writes its runAfter; Jig writes it under its own name of the trigger); identical when built again', () => {
    const result = importOne({ type: 'Request', kind: 'Agent', metadata: { undeletable: true } }, { Repair_agent: agent({ When_a_new_chat_session_started: ['Succeeded'] }) });
    expect(result.text).toContain(`flow w {
  trigger chat
  agent "agent" model "gpt-4o"
`);
    expect(result.rawActions).toEqual([]);
    expect(result.parity).toEqual({ identical: true, differences: [] });
  });

  it("one that names the agent for its callers (inputs Jig does not write) stays raw; what runs after it is written in Jig, and is given the chat all the same", () => {
    const result = importOne(
      { type: 'Request', kind: 'Agent', inputs: { agentName: 'RepairAgent', agentDescription: 'Repairs work orders' } },
      { Repair_agent: agent({ When_a_new_chat_session_started: ['Succeeded'] }), Compose_done: { type: 'Compose', inputs: 'done', runAfter: { Repair_agent: ['Succeeded'] } } },
    );
    expect(result.text).toContain('  trigger raw "When_a_new_chat_session_started" {');
    expect(result.rawActions).toEqual([]);
    expect(result.parity).toEqual({ identical: true, differences: [] });
  });
});

describe('a managed identity a workflow parameter names', () => {
  it("→ @identity(…, PARAM), the parameter's param; identical when built again", () => {
    const identity = "@parameters('Identity-Id')";
    const { body, result } = imported(
      {
        List_groups: { type: 'Http', inputs: { method: 'GET', uri: 'https://management.azure.com/resourcegroups', authentication: { type: 'ManagedServiceIdentity', identity } }, runAfter: {} },
        List_sites: {
          type: 'Http',
          inputs: { method: 'GET', uri: 'https://management.azure.com/sites', authentication: { type: 'ManagedServiceIdentity', identity, audience: 'https://management.azure.com' } },
          runAfter: after('List_groups'),
        },
      },
      { 'Identity-Id': { type: 'String' } },
    );
    expect(result.text).toContain('@name("Identity-Id")\nparam identityId: string\n');
    expect(body).toBe(`  let listGroups = call http get "https://management.azure.com/resourcegroups"
    @identity(none, identityId)
    @action("List_groups")
  let listSites = call http get "https://management.azure.com/sites"
    @identity("https://management.azure.com", identityId)
    @action("List_sites")
`);
    expect(result.rawActions).toEqual([]);
    expect(result.parity).toEqual({ identical: true, differences: [] });
  });

  it('stays raw when the identity is computed otherwise, or the parameter is a secure one (a secret param is no identity)', () => {
    const { result } = imported(
      {
        List_groups: { type: 'Http', inputs: { method: 'GET', uri: 'https://management.azure.com/a', authentication: { type: 'ManagedServiceIdentity', identity: "@{parameters('Identity')}x" } }, runAfter: {} },
        List_sites: { type: 'Http', inputs: { method: 'GET', uri: 'https://management.azure.com/b', authentication: { type: 'ManagedServiceIdentity', identity: "@parameters('Key')" } }, runAfter: after('List_groups') },
      },
      { Identity: { type: 'String' }, Key: { type: 'SecureString' } },
    );
    expect(result.rawActions).toEqual(['List_groups', 'List_sites']);
    expect(reasons(result)).toEqual({ List_groups: 'its authentication, which Jig does not write', List_sites: expect.stringMatching(/^its Jig is refused: JIG2062 /) });
  });
});

describe('Array and Object parameters', () => {
  it('are params of any[] and any: an ARM template expression as no default (the deployment gives it), a plain JSON default as its literal; identical when built again', () => {
    const definition = {
      parameters: {
        storageAccounts: { type: 'Array', defaultValue: "[parameters('storageAccounts')]" },
        owners: { type: 'Array', defaultValue: [{ name: 'front desk' }] },
        securityRules: { type: 'Object', defaultValue: { allow: ['443'], note: 'web' } },
        computed: { type: 'Object', defaultValue: { note: "@{utcNow()}" } },
      },
      triggers: { manual: { type: 'Request', kind: 'Http', inputs: { method: 'POST' } } },
      actions: {
        For_each: {
          type: 'Foreach',
          foreach: "@parameters('storageAccounts')",
          actions: { Compose_name: { type: 'Compose', inputs: "@{items('For_each')}: @{parameters('securityRules')?['note']} @{first(parameters('owners'))?['name']}", runAfter: {} } },
          runAfter: {},
        },
      },
    };
    const [result] = importSources([{ path: 'w.json', text: JSON.stringify(definition) }], { policy, check: true });
    expect(result!.text).toContain(`/// In its ARM template: [parameters('storageAccounts')].
param storageAccounts: any[]
param owners: any[] = [{ "name": "front desk" }]
param securityRules: any = { "allow": ["443"], "note": "web" }
param computed: any
`);
    // A default the service would evaluate has no literal: the param has none (unread here; read, the parity check tells the difference).
    expect(result!.text).toContain('let composeName = "${forEachItem}: ${securityRules.note} ${first(owners).name}"');
    expect(result!.rawActions).toEqual([]);
    expect(result!.parity?.identical).toBe(true);
  });
});

describe('WDL expressions → Jig expressions', () => {
  const bindings: Bindings = {
    variable: (name) => (name === 'total' ? 'total' : undefined),
    action: (read, name) => (read === 'outputs' && name === 'Compose' ? 'compose' : read === 'body' && name === 'Get_order' ? 'order' : undefined),
    loopItem: (loop) => (loop === undefined || loop === 'For_each' ? 'line' : undefined),
    parameter: (name) => (name === 'apiBase' ? 'apiBase' : undefined),
    unexpressed: () => {},
  };
  const jig = (text: string): string | undefined => {
    const template = parseTemplate(text);
    return template.kind === 'expression' ? jigExpression(template.node, bindings) : undefined;
  };

  it.each([
    ["@triggerBody()?['order']?['id']", 'trigger.body.order.id'],
    ["@triggerOutputs()?['body']", 'trigger.body'],
    ["@triggerOutputs()['headers']?['lang']", 'trigger.headers.lang'],
    ["@triggerOutputs()?['sequenceNumber']", 'trigger.outputs.sequenceNumber'],
    ["@variables('total')", 'total'],
    ["@outputs('Compose')?['lines'][0]", 'compose.lines[0]'],
    ["@outputs('Get_order')?['body']?['id']", 'order.id'],
    ["@outputs('Compose')?['body']", 'compose.body'],
    ["@item()?['sku']", 'line.sku'],
    ["@items('For_each')?['qty']", 'line.qty'],
    ["@parameters('apiBase')", 'apiBase'],
    ["@sub(10, mul(2, add(variables('total'), 1)))", '10 - 2 * (total + 1)'],
    ["@sub(sub(10, 2), 1)", '10 - 2 - 1'],
    ["@and(equals(item()?['a'], 1), or(less(variables('total'), 3), not(empty(item()?['b']))))", 'line.a == 1 and (total < 3 or not empty(line.b))'],
    ["@not(equals(variables('total'), null))", 'total != null'],
    ["@if(greater(variables('total'), 10), 'big', 'small')", 'if total > 10 then "big" else "small"'],
    ["@concat('a', toUpper(trim('b')), string(variables('total')))", 'concat("a", toUpper(trim("b")), string(total))'],
    ["@createArray(1, 2)", '[1, 2]'],
    ["@triggerBody()?['a b']", 'trigger.body["a b"]'],
    ["@triggerOutputs()?['headers']?['x-api-key']", 'trigger.headers["x-api-key"]'],
    ["@coalesce(triggerBody()?['note'], 'none')", 'coalesce(trigger.body.note, "none")'],
    // Jig's own interpolation in an expression (emit/wdl-strings.ts), read back as one.
    ["@string(coalesce(variables('total'), ''))", '"${total}"'],
    ["@concat('n = ', string(coalesce(variables('total'), '')), '.')", '"n = ${total}."'],
    ["@string(coalesce(variables('total'), 0))", 'string(coalesce(total, 0))'],
  ])('%s → %s', (wdl, expected) => {
    expect(jig(wdl)).toBe(expected);
  });

  it.each([
    ["@variables('unknown')"],
    ["@body('Raw_action')"],
    ["@dataUri(triggerBody(), '/a')"],
    ["@add(1, 2, 3)"],
  ])('%s has no Jig form', (wdl) => {
    expect(jig(wdl)).toBeUndefined();
  });
});

describe("the README's before and after", () => {
  it('is what jig import writes, identical when built again', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const section = readme.slice(readme.indexOf('Before, a definition:'));
    const before = /```json\n([\s\S]*?)```/.exec(section)![1]!;
    const after = /`jig import orders\.json --out flows`:\n\n```jig\n([\s\S]*?)```/.exec(section)![1]!;
    const [result] = importSources([{ path: 'orders.json', text: before }], { policy, check: true });
    expect(result!.text).toBe(after);
    expect(result!.parity?.identical).toBe(true);
  });
});
