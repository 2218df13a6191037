/** jig import: workflows in each form → .jig text with holes and raw actions, built again for parity. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSources } from '../../compiler/src/import/index.js';
import { compileText } from '../../compiler/src/compilation.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';
import { formatSource } from '../../compiler/src/syntax/printer.js';
import { SourceFile } from '../../compiler/src/syntax/source.js';
import { ensureBuilt, runJig } from '../cli/run-cli.js';
import { referenceSchemaErrors, saveRuleFindings } from '../validate/reference-checks.js';

const policy = loadEmbeddedPolicy();

const ORDERS = {
  $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
  contentVersion: '1.0.0.0',
  parameters: {
    apiBase: { type: 'String', defaultValue: 'https://orders.example.com' },
    apiKey: { type: 'SecureString' },
    'odd name': { type: 'String' },
  },
  triggers: {
    When_a_HTTP_request_is_received: {
      type: 'Request',
      kind: 'Http',
      inputs: {
        method: 'POST',
        schema: {
          type: 'object',
          properties: { number: { type: 'string' }, total: { type: 'number' }, lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] } } },
          required: ['number', 'total'],
        },
      },
    },
  },
  actions: {
    Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: "@body('Post_order')" }, runAfter: { Wait_for_the_hour: ['Succeeded'] } },
    Wait_for_the_hour: { type: 'Wait', inputs: { until: { timestamp: '@{startOfHour(addHours(utcNow(), 1))}' } }, runAfter: { Post_order: ['Succeeded'] } },
    Post_order: {
      type: 'Http',
      inputs: { method: 'POST', uri: "@{parameters('apiBase')}/orders", body: "@triggerBody()", headers: { 'x-cost': '${total} $5' } },
      runAfter: {},
    },
  },
  outputs: {},
};

const only = (definition: unknown, path = 'orders.json') => {
  const results = importSources([{ path, text: JSON.stringify(definition) }], { policy, check: true });
  expect(results).toHaveLength(1);
  return results[0]!;
};

describe('a definition', () => {
  const result = only(ORDERS);

  it('becomes readable Jig: params, types from the schema, the trigger, the actions in runAfter order, in Jig under their names or raw', () => {
    expect(result.text).toBe(`// Imported by jig import from orders.json.
param apiBase: string = "https://orders.example.com"
param apiKey: secret
@name("odd name")
param oddName: string

type Line {
  sku: string
}

type OrdersRequest {
  number: string
  total:  number
  lines?: Line[]
}

// To write: the data category of each field of Line; the data category of each field of OrdersRequest; the flow's @purpose, @data and @retain.
flow orders {
  trigger http post body OrdersRequest
  let postOrder = call http post "\${apiBase}/orders"
    headers { "x-cost": "\\\${total} \\$5" }
    body trigger.body
    @action("Post_order")
  raw action "Wait_for_the_hour" {
    "type": "Wait",
    "inputs": {
      "until": {
        "timestamp": "@{startOfHour(addHours(utcNow(), 1))}"
      }
    },
    "runAfter": {
      "Post_order": [
        "Succeeded"
      ]
    }
  }
  respond 200 body postOrder
    @action("Response")
}
`);
    expect(result.rawActions).toEqual(['Wait_for_the_hour']);
    expect([result.actionCount, result.expressedCount]).toEqual([3, 2]);
    expect(result.droppedParameters).toEqual([]);
  });

  it('fails jig check at each hole, with the diagnostics that say what to write, and warns at each raw action', () => {
    const compilation = compileText('orders.jig', result.text!, { policy });
    const found = compilation.diagnostics.map((d) => `${d.code} ${result.text!.slice(d.range.start, d.range.end).split('\n')[0]}`);
    // A field of a record type carries its fields' categories: only the others are holes.
    expect(found.filter((line) => line.startsWith('JIG2009'))).toEqual(['JIG2009 sku', 'JIG2009 number', 'JIG2009 total']);
    expect(new Set(compilation.diagnostics.map((d) => d.code))).toEqual(new Set(['JIG2009', 'JIG3001', 'JIG3002', 'JIG3003', 'JIG2064']));
    // Each category hole has quick fixes that write a category after the type.
    const hole = compilation.diagnostics.find((d) => d.code === 'JIG2009')!;
    expect(hole.fixes?.map((fix) => fix.title)).toEqual(['Add @business.transaction', 'Add @business.other']);
    const edit = hole.fixes![0]!.edits[0]!;
    const fixed = result.text!.slice(0, edit.range.start) + edit.newText + result.text!.slice(edit.range.end);
    expect(fixed).toContain('  sku: string @business.transaction\n');
    // As jig fmt lays it out: a first jig fmt changes nothing.
    expect(formatSource(new SourceFile('orders.jig', result.text!))?.text).toBe(result.text);
  });

  it('built again with placeholders in the holes, is identical to the original', () => {
    expect(result.parity).toEqual({ identical: true, differences: [] });
  });

  it('a field left out of required may be missing but not null (`name?: T`); one typed ["T", "null"] may be null too (`name: T?`)', () => {
    const schema = {
      type: 'object',
      properties: { id: { type: 'string' }, note: { type: 'string' }, reference: { type: ['string', 'null'] }, address: { type: 'object', properties: { city: { type: 'string' } } } },
      required: ['id'],
    };
    const optional = only({ triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema } } }, actions: {} }, 'optional.json');
    expect(optional.text).toContain('type OptionalRequest {\n  id:        string\n  note?:     string\n  reference: string?\n  address?:  Address\n}\n');
    expect(optional.text).toContain('type Address {\n  city?: string\n}\n');
    expect(optional.parity).toEqual({ identical: true, differences: [] });
  });
});

describe('what an import builds', () => {
  it('the rebuilt workflows pass the WDL schema and save_rules.py', () => {
    const weekly = { triggers: { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1, schedule: { hours: [6] } } } }, actions: {} };
    // What this round's import reads: a designer condition's string template, a schema without "type": "object", createArray() of nothing.
    const checks = {
      triggers: { manual: { type: 'Request', kind: 'Http', inputs: { method: 'POST' } } },
      actions: {
        Parse_probe: { type: 'ParseJson', inputs: { content: '@triggerBody()', schema: { properties: { code: { type: 'integer' } } } }, runAfter: {} },
        Check_code: {
          type: 'If',
          expression: { and: [{ equals: ["Code @{body('Parse_probe')?['code']}", 'Code 404'] }] },
          actions: { Empty: { type: 'Compose', inputs: "@coalesce(body('Parse_probe')?['list'], createArray())", runAfter: {} } },
          runAfter: { Parse_probe: ['Succeeded'] },
        },
      },
    };
    const files = [
      { name: 'orders', text: only(ORDERS).text! },
      { name: 'weekly', text: only(weekly, 'weekly.json').text! },
      { name: 'checks', text: only(checks, 'checks.json').text! },
    ].map(({ name, text }) => {
      if (name === 'checks') expect(text).not.toContain('raw action');
      // The holes filled as an author would, with data about no one: a raw action counts as
      // sending everything else a flow declares anywhere (JIG3301), until it is written in Jig.
      const fill = (category: string) =>
        text.replace(/^(  \w+\??: +(string|number|integer|boolean)\??)$/gm, `$1 @${category}`).replace(/^flow /m, `@purpose(automation, "t")\n@data(${category})\n@retain(1 year)\nflow `);
      if (/raw action/.test(text)) {
        expect(compileText(`${name}.jig`, fill('business.transaction'), { policy }).diagnostics.map((d) => d.code)).toContain('JIG3301');
      }
      const filled = fill('system.operational');
      const compilation = compileText(`${name}.jig`, filled, { policy });
      expect(compilation.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
      const workflow = compilation.emit().workflows[0]!;
      expect(referenceSchemaErrors(workflow.definition), name).toEqual([]);
      return { name, json: { definition: workflow.definition, parameters: workflow.parameterValues } };
    });
    expect(saveRuleFindings(files)).toEqual([]);
  });
});

describe('the forms a workflow comes in', () => {
  const bare = { triggers: { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Week', interval: 1, schedule: { weekDays: ['Monday', 'Friday'], hours: ['9'], minutes: [0, 30] }, timeZone: 'UTC' } } }, actions: { Wait: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Minute' } }, runAfter: {} } } };

  it('a schedule on week days at several times, identical when built again', () => {
    const result = only(bare, 'weekly.json');
    expect(result.text).toContain('  trigger schedule every 1 weeks on monday, friday at 09:00, 09:30 in "UTC"\n');
    expect(result.parity).toEqual({ identical: true, differences: [] });
  });

  it("times in another zone: written with 'at … in' from Jig's anchor only; without a start time the service reads them in UTC, so the trigger stays raw", () => {
    const zoned = (startTime?: string) => ({ ...bare, triggers: { Recurrence: { type: 'Recurrence', recurrence: { ...bare.triggers.Recurrence.recurrence, timeZone: 'W. Europe Standard Time', ...(startTime && { startTime }) } } } });
    const anchored = only(zoned('2024-01-01T00:00:00'), 'anchored.json');
    expect(anchored.text).toContain('  trigger schedule every 1 weeks on monday, friday at 09:00, 09:30 in "W. Europe Standard Time"\n');
    expect(anchored.parity).toEqual({ identical: true, differences: [] });
    for (const [file, definition] of [['unanchored.json', zoned()], ['elsewhere.json', zoned('2025-03-01T08:00:00')]] as const) {
      const result = only(definition, file);
      expect(result.rawTrigger).toBe('Recurrence');
      expect(result.parity).toEqual({ identical: true, differences: [] });
    }
  });

  it('an ARM template: every Microsoft.Logic/workflows resource, named by the resource', () => {
    const template = { resources: [{ type: 'Microsoft.Logic/workflows', name: 'first', properties: { definition: bare } }, { type: 'Microsoft.Web/connections', name: 'c' }, { type: 'Microsoft.Logic/workflows', name: 'second', properties: { definition: ORDERS } }] };
    const results = importSources([{ path: 'template.json', text: JSON.stringify(template) }], { policy });
    expect(results.map((r) => [r.name, r.fileName])).toEqual([['first', 'first.jig'], ['second', 'second.jig']]);
  });

  it('a Standard workflow.json is named after its folder; an export by its file', () => {
    const results = importSources(
      [
        { path: 'project/Orders/workflow.json', text: JSON.stringify({ definition: bare, kind: 'Stateful' }) },
        { path: 'export.json', text: JSON.stringify({ definition: bare, parameters: {} }) },
      ],
      { policy },
    );
    expect(results.map((r) => r.fileName)).toEqual(['Orders.jig', 'export.jig']);
  });

  it('a parameter whose name is not a Jig name: a param named after it, @name giving its own, identical when built again', () => {
    const template = {
      parameters: { 'FolderName_#workflowname#': { type: 'String', defaultValue: 'inbox' }, 'Service-Url': { type: 'String' } },
      triggers: { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1 } } },
      actions: { Read: { type: 'Compose', inputs: "@concat(parameters('FolderName_#workflowname#'), parameters('Service-Url'))", runAfter: {} } },
    };
    const result = only(template, 'standard-template.json');
    expect(result.text).toContain('@name("FolderName_#workflowname#")\nparam folderName: string = "inbox"\n@name("Service-Url")\nparam serviceUrl: string\n');
    expect(result.droppedParameters).toEqual([]);
    expect(result.parity).toEqual({ identical: true, differences: [] });
  });

  it("actions and variables named with a ' (11 actions of the corpus) are written in Jig under their names, identical when built again", () => {
    const definition = {
      triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
      actions: {
        "Initialize_variable_-_email_body_(user's_manager)": { type: 'InitializeVariable', inputs: { variables: [{ name: "manager's body", type: 'string', value: 'x' }] }, runAfter: {} },
        "Get_RG's": { type: 'Compose', inputs: "@concat('a', variables('manager''s body'))", runAfter: { "Initialize_variable_-_email_body_(user's_manager)": ['Succeeded'] } },
        "Find_failure_msg_from_'Try'_block": { type: 'Compose', inputs: "@outputs('Get_RG''s')", runAfter: { "Get_RG's": ['Succeeded'] } },
        Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: "@outputs('Find_failure_msg_from_''Try''_block')" }, runAfter: { "Find_failure_msg_from_'Try'_block": ['Succeeded'] } },
      },
    };
    const result = only(definition);
    expect(result.text).not.toContain('raw action');
    expect(result.text).toContain('@name("manager\'s body")');
    expect(result.text).toContain('@action("Get_RG\'s")');
    expect(result.text).toContain('@action("Find_failure_msg_from_\'Try\'_block")');
    expect(result.parity).toEqual({ identical: true, differences: [] });
  });

  it('a Request trigger with an option trigger http does not write (splitOn, correlation) stays raw; a respond after it still answers its caller', () => {
    const split = {
      triggers: { manual: { type: 'Request', kind: 'Http', inputs: { method: 'POST' }, splitOn: "@triggerBody()?['orders']", correlation: { clientTrackingId: "@triggerBody()?['id']" } } },
      actions: { Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 202 }, runAfter: {} } },
    };
    const result = only(split, 'split.json');
    expect([result.rawTrigger, result.rawActions]).toEqual(['manual', []]);
    expect(result.text).toContain('  respond 202\n    @action("Response")\n');
    expect(result.parity).toEqual({ identical: true, differences: [] });
  });

  it("a Request schema Jig's types cannot say is written out (`schema { … }`): the body untyped, identical when built again", () => {
    const schema = { type: 'object', properties: { 'Site Country': { type: 'string' }, channel: { type: 'string', enum: ['web', 'shop'] } }, required: ['channel'] };
    const result = only({ triggers: { manual: { type: 'Request', kind: 'Http', inputs: { method: 'POST', schema } } }, actions: {} }, 'enum.json');
    expect(result.text).toContain('  trigger http post schema {\n    "type": "object",\n');
    expect(result.text).not.toMatch(/^type /m);
    expect(result.parity).toEqual({ identical: true, differences: [] });
  });

  it("a parameter whose default is an ARM template expression: a param without a default, the expression in its doc comment, identical when built again", () => {
    const extracted = {
      parameters: { emailTo: { type: 'String', defaultValue: "[parameters('NotificationEmailAddress')]" } },
      triggers: { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1 } } },
      actions: { Mail_to: { type: 'Compose', inputs: "@parameters('emailTo')", runAfter: {} } },
    };
    const result = only(extracted, 'extracted.json');
    expect(result.text).toContain(`/// In its ARM template: [parameters('NotificationEmailAddress')].\nparam emailTo: string\n`);
    expect(result.parity).toEqual({ identical: true, differences: [] });
    // Built again, the param has no default: the deployment gives its value, as ARM's did.
    const built = compileText('extracted.jig', result.text!.replace(/^flow /m, '@purpose(automation, "t")\n@data(system.operational)\n@retain(1 year)\nflow '), { policy }).emit();
    expect(built.workflows[0]!.definition.parameters).toEqual({ emailTo: { type: 'String', metadata: { description: "In its ARM template: [parameters('NotificationEmailAddress')]." } } });
  });

  it('keeps a trigger Jig has no words for as a raw trigger under its own name, identical when built again', () => {
    const webhook = {
      triggers: { When_an_alert: { type: 'ApiConnectionWebhook', inputs: { host: { connection: { name: "@parameters('$connections')['ascalert']['connectionId']" } }, path: '/Microsoft.Security/Alert/subscribe' } } },
      actions: { Wait: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Minute' } }, runAfter: {} } },
      parameters: { $connections: { type: 'Object', defaultValue: {} } },
    };
    const result = only(webhook, 'alert.json');
    expect(result.rawTrigger).toBe('When_an_alert');
    expect(result.text).toContain('  trigger raw "When_an_alert" {\n    "type": "ApiConnectionWebhook",\n');
    expect(result.parity).toEqual({ identical: true, differences: [] });
    const started = only({ triggers: { R: { type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1, startTime: '2025-01-01T08:00:00' } } }, actions: {} }, 'started.json');
    expect(started.rawTrigger).toBe('R');
    // Hours without minutes leave the minute to the service: no `at HH:MM` says that.
    const hoursOnly = only({ triggers: { R: { type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1, schedule: { hours: ['8'] } } } }, actions: {} }, 'hours.json');
    expect([hoursOnly.rawTrigger, hoursOnly.parity?.identical]).toEqual(['R', true]);
  });

  it('says why a workflow is not imported, and goes on with the others', () => {
    const results = importSources(
      [
        { path: 'broken.json', text: '{ "triggers": ' },
        { path: 'two.json', text: JSON.stringify({ triggers: { A: bare.triggers.Recurrence, B: bare.triggers.Recurrence }, actions: { X: { type: 'Wait' } } }) },
        { path: 'list.json', text: '[1, 2]' },
        { path: 'weekly.json', text: JSON.stringify(bare) },
      ],
      { policy },
    );
    expect(results[0]!.at).toEqual({ line: 1, column: 15 });
    expect(results.map((r) => [r.source, r.problem])).toEqual([
      ['broken.json', 'it is not JSON: expected a value'],
      ['two.json', 'it has 2 triggers; a flow has one'],
      ['list.json', 'The document is not a JSON object, so it holds no workflow.'],
      ['weekly.json', undefined],
    ]);
    expect(results[1]!.actionCount).toBe(1);
  });

  it('does not import a trigger or an action that is not an object, at any depth, and says where it is', () => {
    // A raw action holds an action's JSON object, so such a definition could only become a .jig
    // that does not parse (Logic Apps refuses to save it too).
    const nested = { Check: { type: 'If', expression: true, actions: {}, else: { actions: { Deep: null } } } };
    const arm = { resources: [{ type: 'Microsoft.Logic/workflows', name: 'w', properties: { definition: { triggers: bare.triggers, actions: { Send: 'send it' } } } }] };
    const results = importSources(
      [
        { path: 'string.json', text: JSON.stringify({ definition: { triggers: bare.triggers, actions: { Send: "@body('X')" } } }, null, 2) },
        { path: 'nested.json', text: JSON.stringify({ triggers: bare.triggers, actions: nested }, null, 2) },
        { path: 'trigger.json', text: JSON.stringify({ triggers: { Manual: [1] }, actions: {} }) },
        { path: 'actions.json', text: JSON.stringify({ triggers: bare.triggers, actions: { Loop: { type: 'Foreach', foreach: '@createArray(1)', actions: 7 } } }) },
        { path: 'arm.json', text: JSON.stringify(arm, null, 2) },
      ],
      { policy },
    );
    expect(results.map((r) => [r.source, r.problem, r.text])).toEqual([
      ['string.json', "its action 'Send' is a string, not an object", undefined],
      ['nested.json', "its action 'Deep' is null, not an object", undefined],
      ['trigger.json', "its trigger 'Manual' is a list, not an object", undefined],
      ['actions.json', 'its actions are a number, not an object of actions', undefined],
      ['arm.json', "its action 'Send' is a string, not an object", undefined],
    ]);
    // Where the value stands in the file (1-based), for the editor and CI to point at.
    const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;
    expect(results[0]!.at).toEqual({ line: lineOf(JSON.stringify({ definition: { triggers: bare.triggers, actions: { Send: "@body('X')" } } }, null, 2), '"Send"'), column: 15 });
    expect(results[4]!.at?.line).toBe(lineOf(JSON.stringify(arm, null, 2), '"Send"'));
    expect(results[1]!.at?.line).toBe(lineOf(JSON.stringify({ triggers: bare.triggers, actions: nested }, null, 2), '"Deep"'));
  });
});

describe('jig import, as a user runs it', () => {
  let dir: string;
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'jig-import-'));
    mkdirSync(join(dir, 'in', 'Orders'), { recursive: true });
    writeFileSync(join(dir, 'in', 'Orders', 'workflow.json'), JSON.stringify({ definition: ORDERS, kind: 'Stateful' }));
    // An object parameter whose default the service evaluates has no Jig literal: its param has no default when built again.
    const settings = { parameters: { settings: { type: 'Object', defaultValue: { a: '@{utcNow()}' } } }, triggers: ORDERS.triggers, actions: { Read: { type: 'Compose', inputs: "@parameters('settings')", runAfter: {} } } };
    mkdirSync(join(dir, 'differs'));
    writeFileSync(join(dir, 'differs', 'settings.json'), JSON.stringify(settings));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one .jig a workflow and reports, per workflow, its holes and raw actions', () => {
    const run = runJig(['import', 'in', '--out', 'out', '--check', '--format', 'json'], { cwd: dir });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { name: string; imported: boolean; file: string; rawActions: string[]; raw: unknown[]; holes: string[]; parity: { identical: boolean } }[];
    expect(report.map((r) => [r.name, r.imported, r.file, r.rawActions, r.holes.length, r.parity.identical])).toEqual([
      ['Orders', true, join('out', 'Orders.jig'), ['Wait_for_the_hour'], 3, true],
    ]);
    // Each raw action with its type, the actions it holds and why it stays raw.
    expect(report[0]!.raw).toEqual([{ action: 'Wait_for_the_hour', type: 'Wait', actions: 1, reason: 'no Jig function for startOfHour()' }]);
    expect(run.status).toBe(0);
    expect(readFileSync(join(dir, 'out', 'Orders.jig'), 'utf8')).toContain('flow orders {');
    // A workflow that differs when built again makes the exit code 1.
    const differs = runJig(['import', 'differs', '--out', 'out4', '--check', '--format', 'json'], { cwd: dir });
    const [entry] = JSON.parse(differs.stdout) as { parity: { identical: boolean; differences: { at: string }[] } }[];
    expect([differs.status, entry!.parity.identical, entry!.parity.differences.map((d) => d.at)]).toEqual([1, false, ['/parameters/settings/defaultValue']]);
  });

  it('prints a summary; a missing --out or path is a usage error', () => {
    const run = runJig(['import', 'in', '--out', 'out2'], { cwd: dir });
    // Why actions stay raw, by how many actions each reason keeps raw.
    expect(run.stdout).toMatch(/1 of 1 workflow imported; 2 of 3 actions written in Jig, the others kept as raw actions\.\nKept raw, by reason \(actions\):\n {5}1 {2}no Jig function for startOfHour\(\)\n$/);
    expect(run.status).toBe(0);
    expect(runJig(['import', 'in'], { cwd: dir }).status).toBe(2);
    const missing = runJig(['import', 'nowhere', '--out', 'out3'], { cwd: dir });
    expect([missing.status, missing.stderr.trim()]).toEqual([2, "jig import: 'nowhere' does not exist"]);
    expect(existsSync(join(dir, 'out3'))).toBe(false);
  });

  it('says where a file is not JSON (line and column), imports the others and exits 1', () => {
    mkdirSync(join(dir, 'broken'));
    writeFileSync(join(dir, 'broken', 'a.json'), '{\n  "definition": {\n    "triggers": { "manual": 1, }\n  }\n}\n');
    writeFileSync(join(dir, 'broken', 'b.json'), JSON.stringify(ORDERS));
    const run = runJig(['import', 'broken', '--out', 'out5'], { cwd: dir });
    expect(run.stdout.split('\n')[0]).toBe(`${join('broken', 'a.json')}:3:32: a: not imported: it is not JSON: expected a property name in double quotes`);
    expect(run.stdout).toContain('1 of 2 workflows imported');
    expect(run.status).toBe(1);
    const json = JSON.parse(runJig(['import', 'broken', '--out', 'out6', '--format', 'json'], { cwd: dir }).stdout) as { line?: number; column?: number }[];
    expect(json.map((entry) => [entry.line, entry.column])).toEqual([[3, 32], [undefined, undefined]]);
  });
});
