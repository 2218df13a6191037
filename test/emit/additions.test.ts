/** Emission of the constructs added for real workflows. */
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import schemaOptions from '../../compiler/src/validate/schema-options.json' with { type: 'json' };
import writtenSchema from '../../compiler/src/validate/workflow.schema.json' with { type: 'json' };
import { actionNamed, emitFlow, emitText, expectAllEmittedValid, flowFile, policy } from './helpers.js';
import { compileText } from '../../compiler/src/compilation.js';
import { renderTarget } from '../../compiler/src/emit/targets/index.js';

describe('schedules on week days and at several times', () => {
  it('→ schedule.weekDays, hours and minutes', () => {
    const workflow = emitFlow('  wait 1 minute', { trigger: 'trigger schedule every 1 week on monday, friday at 09:00, 17:00 in "UTC"' });
    expect(workflow.definition.triggers.Recurrence).toEqual({
      type: 'Recurrence',
      recurrence: { frequency: 'Week', interval: 1, schedule: { weekDays: ['Monday', 'Friday'], hours: [9, 17], minutes: [0] }, timeZone: 'UTC' },
    });
  });

  it('times that are every combination of their hours and minutes', () => {
    const workflow = emitFlow('  wait 1 minute', { trigger: 'trigger schedule every 1 day at 17:30, 09:00, 09:30, 17:00' });
    expect(workflow.definition.triggers.Recurrence!.recurrence).toMatchObject({ schedule: { hours: [9, 17], minutes: [0, 30] } });
  });

  it('refuses times the service would run at other combinations too', () => {
    const text = flowFile('  wait 1 minute', { trigger: 'trigger schedule every 1 day at 09:00, 17:30' });
    const { diagnostics } = emitText(text);
    expect(diagnostics.map((d) => [d.code, text.slice(d.range.start, d.range.end), d.message])).toEqual([
      [
        'JIG4007',
        '09:00, 17:30',
        'Logic Apps runs a schedule at every combination of its hours and minutes, so these times would also run it at 09:30, 17:00. List those times too, or split the flow.',
      ],
    ]);
  });

  it('week days on a daily schedule are a warning', () => {
    const text = flowFile('  wait 1 minute', { trigger: 'trigger schedule every 1 day on monday' });
    const { diagnostics, workflows } = emitText(text);
    expect(diagnostics.map((d) => [d.code, text.slice(d.range.start, d.range.end)])).toEqual([['JIG4008', 'monday']]);
    expect(workflows[0]!.definition.triggers.Recurrence!.recurrence).toEqual({ frequency: 'Day', interval: 1 });
  });
});

describe('if … then … else', () => {
  it('→ if()', () => {
    const workflow = emitFlow('  respond 200 body { size: if trigger.body.amount > 1000 then "large" else "small" }');
    expect(actionNamed(workflow, 'Respond_200').inputs).toEqual({
      statusCode: 200,
      body: { size: "@if(greater(triggerBody()?['amount'], 1000), 'large', 'small')" },
    });
  });
});

describe('typed let and parse json', () => {
  it('a typed let emits as an untyped one', () => {
    const workflow = emitFlow('  let total: number = trigger.body.amount * 2\n  respond 200 body total');
    expect(actionNamed(workflow, 'Compose_total').inputs).toBe("@mul(triggerBody()?['amount'], 2)");
  });

  it('parse json → ParseJson with the schema of the type; the let reads its body', () => {
    const workflow = emitFlow('  let raw = call http get "https://lines.azurewebsites.net/api"\n  let lines = parse json raw as Line[]\n  store lines[0] in cosmos(\"jigajob\", \"lines\")', {
      trigger: 'trigger schedule every 1 day',
      data: 'business.transaction',
    });
    expect(actionNamed(workflow, 'Parse_lines')).toEqual({
      type: 'ParseJson',
      inputs: {
        content: "@body('Call_raw')",
        schema: {
          type: 'array',
          items: {
            type: 'object',
            properties: { sku: { type: 'string' }, qty: { type: 'integer' }, price: { type: 'number' } },
            required: ['sku', 'qty', 'price'],
          },
        },
      },
      runAfter: { Call_raw: ['Succeeded'] },
    });
    expect((actionNamed(workflow, 'Store_lines_in_lines').inputs as { body: string }).body).toContain("body('Parse_lines')[0]");
  });
});

describe('parallel', () => {
  it('→ branches that share the runAfter before them; the next step runs after every branch', () => {
    const workflow = emitFlow(`  let a = trigger.body.amount * 2
  parallel {
    call http post "https://a.azurewebsites.net/api" body { n: a }
    wait 1 second
  } and {
    call http post "https://b.azurewebsites.net/api" body { n: a }
  }
  respond 200`);
    const runAfter = (name: string) => actionNamed(workflow, name).runAfter;
    expect(runAfter('Call_a')).toEqual({ Compose_a: ['Succeeded'] });
    expect(runAfter('Wait_1_second')).toEqual({ Call_a: ['Succeeded'] });
    expect(runAfter('Call_b')).toEqual({ Compose_a: ['Succeeded'] });
    expect(runAfter('Respond_200')).toEqual({ Wait_1_second: ['Succeeded'], Call_b: ['Succeeded'] });
  });

  it('at the start of a flow, the branches start at once', () => {
    const workflow = emitFlow('  parallel {\n    wait 1 second\n  } and {\n    wait 2 seconds\n  }');
    expect(actionNamed(workflow, 'Wait_1_second').runAfter).toEqual({});
    expect(actionNamed(workflow, 'Wait_2_seconds').runAfter).toEqual({});
  });

  it('after a variable, inside a scope and in a loop', () => {
    const workflow = emitFlow(`  var n: integer = 0
  for each line in trigger.body.lines {
    parallel {
      set n = n + 1
    } and {
      wait 1 second
    }
  }`);
    expect(actionNamed(workflow, 'Increment_n').runAfter).toEqual({});
    expect(actionNamed(workflow, 'Wait_1_second').runAfter).toEqual({});
    expect(actionNamed(workflow, 'For_each_line').runAfter).toEqual({ Initialize_n: ['Succeeded'] });
  });
});

describe('@retry and @timeout', () => {
  it('→ inputs.retryPolicy and limit.timeout of the call', () => {
    const workflow = emitFlow(`  call http get "https://a.azurewebsites.net/api" @retry(none) @timeout(30 seconds)
  let b = call http get "https://b.azurewebsites.net/api" returns Line @retry(fixed, 3 times, 10 seconds)
  store trigger.body in cosmos("jigajob", "orders") @retry(exponential, 4 times, 7 seconds, 5 seconds, 1 hour)
  send mail office365 to "ops@contoso.com" subject "x" body "y" @timeout(2 minutes)`);
    const a = actionNamed(workflow, 'Call_a');
    expect(a.inputs).toMatchObject({ retryPolicy: { type: 'none' } });
    expect(a.limit).toEqual({ timeout: 'PT30S' });
    expect(actionNamed(workflow, 'Call_b').inputs).toMatchObject({ retryPolicy: { type: 'fixed', count: 3, interval: 'PT10S' } });
    expect(actionNamed(workflow, 'Parse_b').inputs).not.toHaveProperty('retryPolicy');
    expect(actionNamed(workflow, 'Store_body_in_orders').inputs).toMatchObject({
      retryPolicy: { type: 'exponential', count: 4, interval: 'PT7S', minimumInterval: 'PT5S', maximumInterval: 'PT1H' },
    });
    expect(actionNamed(workflow, 'Send_mail_to_ops_contoso_com').limit).toEqual({ timeout: 'PT2M' });
  });

  it('@timeout on until → its limit.timeout', () => {
    const workflow = emitFlow('  var done: boolean = false\n  until done {\n    set done = true\n  } @timeout(3 days)');
    expect(actionNamed(workflow, 'Until_done').limit).toEqual({ count: 60, timeout: 'P3D' });
  });

  it('@count on until → its limit.count; elsewhere, or out of 1 to 5000, an error', () => {
    const workflow = emitFlow('  var done: boolean = false\n  until done {\n    set done = true\n  } @count(10) @timeout(15 minutes)');
    expect(actionNamed(workflow, 'Until_done').limit).toEqual({ count: 10, timeout: 'PT15M' });
    expect(() => emitFlow('  wait 1 minute @count(3)')).toThrow(/JIG2061 '@count' cannot be written on this step; it belongs on an 'until'/);
    expect(() => emitFlow('  var done: boolean = false\n  until done {\n    set done = true\n  } @count(5001)')).toThrow(/JIG2062 .*from 1 to 5000/);
  });
});

describe('@identity', () => {
  it('→ inputs.authentication of a call http: the managed identity, with the audience given', () => {
    const workflow = emitFlow(`  call http get "https://a.azurewebsites.net/api" @identity @retry(none)
  let b = call http get "https://b.azurewebsites.net/api" returns Line @identity("https://management.azure.com")`);
    expect(actionNamed(workflow, 'Call_a').inputs).toEqual({
      method: 'GET',
      uri: 'https://a.azurewebsites.net/api',
      authentication: { type: 'ManagedServiceIdentity' },
      retryPolicy: { type: 'none' },
    });
    expect(actionNamed(workflow, 'Call_b').inputs).toMatchObject({ authentication: { type: 'ManagedServiceIdentity', audience: 'https://management.azure.com' } });
    expect(actionNamed(workflow, 'Parse_b').inputs).not.toHaveProperty('authentication');
  });

  it('with a user-assigned identity, after the audience or none: its resource id in authentication.identity', () => {
    const id = '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/jobs';
    const workflow = emitFlow(`  call http get "https://a.azurewebsites.net/api" @identity(none, "${id}")
  call http get "https://b.azurewebsites.net/api" @identity("https://management.azure.com", "${id}")`);
    expect(actionNamed(workflow, 'Call_a').inputs).toMatchObject({ authentication: { type: 'ManagedServiceIdentity', identity: id } });
    expect(actionNamed(workflow, 'Call_b').inputs).toMatchObject({ authentication: { type: 'ManagedServiceIdentity', identity: id, audience: 'https://management.azure.com' } });
    expect(() => emitFlow('  call http get "https://a.azurewebsites.net/api" @identity(none)')).toThrow(/JIG2062/);
    expect(() => emitFlow('  call http get "https://a.azurewebsites.net/api" @identity("a", "b", "c")')).toThrow(/JIG2062/);
  });

  it("with a user-assigned identity a string param holds: the param's parameters(…), which the definition declares", () => {
    const header = '@name("Identity-Id")\nparam identityId: string\nparam other: string = "x"\nparam key: secret\n';
    const workflow = emitFlow(`  call http get "https://management.azure.com/subscriptions" @identity(none, identityId)
  call http get "https://b.azurewebsites.net/api" @identity("https://management.azure.com", identityId)`, { header });
    expect(actionNamed(workflow, 'Call_management').inputs).toMatchObject({ authentication: { type: 'ManagedServiceIdentity', identity: "@parameters('Identity-Id')" } });
    expect(actionNamed(workflow, 'Call_b').inputs).toMatchObject({ authentication: { type: 'ManagedServiceIdentity', identity: "@parameters('Identity-Id')", audience: 'https://management.azure.com' } });
    expect(Object.keys(workflow.definition.parameters ?? {})).toEqual(['Identity-Id']);
    // Only a string param: not a secret (the inputs show it), not a let, not a name nothing declares.
    expect(() => emitFlow('  call http get "https://a.azurewebsites.net/api" @identity(none, key)', { header })).toThrow(/JIG2062 .*as a string param/);
    expect(() => emitFlow('  let id = "x"\n  call http get "https://a.azurewebsites.net/api" @identity(none, id)', { header })).toThrow(/JIG2062/);
    expect(() => emitFlow('  call http get "https://a.azurewebsites.net/api" @identity(none, nothing)', { header })).toThrow(/JIG2001 Cannot find the name 'nothing'/);
  });

  it('belongs on a call http, with nothing or an audience', () => {
    expect(() => emitFlow('  store trigger.body in cosmos("jigajob", "orders") @identity')).toThrow(/JIG2061 '@identity' cannot be written on a store; it belongs on a 'call http'/);
    expect(() => emitFlow('  call http get "https://a.azurewebsites.net/api" @identity("")')).toThrow(/@identity\("https:\/\/management.azure.com"\)/);
  });
});

describe('@concurrent', () => {
  it('→ a For each without runtimeConfiguration, or with at most N iterations at once, even when it writes a var', () => {
    const workflow = emitFlow(`  var skus: string = ""
  for each line in trigger.body.lines {
    append line.sku to skus
  } @concurrent
  for each line in trigger.body.lines {
    append line.sku to skus
  } @concurrent(5) @action("Five_at_a_time")
  for each line in trigger.body.lines {
    append line.sku to skus
  }`);
    expect(actionNamed(workflow, 'For_each_line')).not.toHaveProperty('runtimeConfiguration');
    expect(actionNamed(workflow, 'Five_at_a_time').runtimeConfiguration).toEqual({ concurrency: { repetitions: 5 } });
    expect(actionNamed(workflow, 'For_each_line_2').runtimeConfiguration).toEqual({ concurrency: { repetitions: 1 } });
  });

  it('belongs on a for each, with nothing or a number from 1 to 50', () => {
    expect(() => emitFlow('  wait 1 minute @concurrent')).toThrow(/JIG2061 '@concurrent' cannot be written on this step; it belongs on a 'for each'/);
    expect(() => emitFlow('  for each line in trigger.body.lines {\n    wait 1 minute\n  } @concurrent(51)')).toThrow(/from 1 to 50/);
    expect(() => emitFlow('  for each line in trigger.body.lines {\n    wait 1 minute\n  } @concurrent("5")')).toThrow(/JIG2062/);
  });
});

describe('scope', () => {
  it('→ a Scope of its own, what follows it running once it succeeded; scope is a plain name elsewhere', () => {
    const workflow = emitFlow(`  let scope = 1
  scope {
    wait 1 minute
  } @action("Group")
  respond 200 body scope`, { trigger: 'trigger http post' });
    expect(actionNamed(workflow, 'Group')).toEqual({ type: 'Scope', actions: { Wait_1_minute: expect.objectContaining({ type: 'Wait', runAfter: {} }) }, runAfter: { Compose_scope: ['Succeeded'] } });
    expect(actionNamed(workflow, 'Respond_200').runAfter).toEqual({ Group: ['Succeeded'] });
  });

  it('what a scope computes is there after it', () => {
    const workflow = emitFlow(`  scope {
    let total = trigger.body.amount * 2
  }
  respond 200 body total`, { trigger: 'trigger http post body Order' });
    expect(actionNamed(workflow, 'Respond_200').inputs).toMatchObject({ body: "@outputs('Compose_total')" });
  });

  it('after a trigger without a method, a scope is the first step', () => {
    const workflow = emitFlow('  scope {\n    respond 202\n  }', { trigger: 'trigger http' });
    expect(actionNamed(workflow, 'Scope').type).toBe('Scope');
  });
});

describe('@action on a try with a catch', () => {
  it('names the catch too; two names belong on a try with a catch only', () => {
    const workflow = emitFlow(`  try {
    wait 1 minute
  } catch {
    wait 2 minutes
  } @action("Attempt", "Recover")`);
    expect(actionNamed(workflow, 'Attempt').type).toBe('Scope');
    expect(actionNamed(workflow, 'Recover')).toMatchObject({ type: 'Scope', runAfter: { Attempt: ['Failed', 'TimedOut'] } });
    expect(() => emitFlow('  wait 1 minute @action("A", "B")')).toThrow(/JIG2062/);
    expect(() => emitFlow('  try {\n    wait 1 minute\n  } catch {\n    wait 2 minutes\n  } @action("Same", "Same")')).toThrow(/JIG2067/);
  });
});

describe('@chunked', () => {
  it('→ runtimeConfiguration.contentTransfer of a call http', () => {
    const workflow = emitFlow('  call http post "https://a.azurewebsites.net/api" body trigger.body @chunked @retry(none)');
    expect(actionNamed(workflow, 'Call_a')).toMatchObject({ runtimeConfiguration: { contentTransfer: { transferMode: 'Chunked' } }, inputs: { retryPolicy: { type: 'none' } } });
    expect(() => emitFlow('  wait 1 minute @chunked')).toThrow(/JIG2061 '@chunked' cannot be written on this step; it belongs on a 'call http'/);
  });
});

describe('parse json … schema { … }', () => {
  it('→ a Parse JSON action with the schema as written; the value is untyped', () => {
    const workflow = emitFlow(`  let parts = parse json "{}" schema { "type": "object", "properties": { "Site Country": { "type": "string", "enum": ["NL"] } } }
  respond 200 body parts.anything`);
    expect(actionNamed(workflow, 'Parse_parts')).toMatchObject({
      type: 'ParseJson',
      inputs: { content: '{}', schema: { type: 'object', properties: { 'Site Country': { type: 'string', enum: ['NL'] } } } },
    });
    expect(actionNamed(workflow, 'Respond_200').inputs).toMatchObject({ body: "@body('Parse_parts')?['anything']" });
  });
});

describe('for each over an optional array', () => {
  it('is built as written, with the warning JIG2034 (the service fails the loop when it is null)', () => {
    const text = flowFile(`  let lines: Line[]? = null
  for each line in lines {
    wait 1 minute
  }`);
    const compilation = compileText('test.jig', text, { policy });
    const warnings = compilation.diagnostics.filter((d) => d.code === 'JIG2034');
    expect(warnings.map((d) => [d.severity, text.slice(d.range.start, d.range.end)])).toEqual([['warning', 'lines']]);
    expect(compilation.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(() => emitFlow('  let lines: Line[]? = null\n  let skus = lines select { sku: item.sku }')).toThrow(/JIG2024/);
  });
});

describe('delete', () => {
  const cosmos = "/v2/cosmosdb/@{encodeURIComponent('AccountNameFromSettings')}/dbs/@{encodeURIComponent('jigajob')}/colls/@{encodeURIComponent('orders')}/docs";

  it('→ Cosmos DB Delete a document (V2): DELETE on the document, its id as the partition key by default', () => {
    const workflow = emitFlow('  delete trigger.body.number from cosmos("jigajob", "orders") @retry(fixed, 2 times, 5 seconds)');
    expect(actionNamed(workflow, 'Delete_number_from_orders').inputs).toEqual({
      host: { connection: { name: "@parameters('$connections')['documentdb']['connectionId']" } },
      method: 'delete',
      path: `${cosmos}/@{encodeURIComponent(triggerBody()?['number'])}`,
      headers: { 'x-ms-documentdb-raw-partitionkey': `"@{replace(replace(triggerBody()?['number'], '\\', '\\\\'), '"', '\\"')}"` },
      retryPolicy: { type: 'fixed', count: 2, interval: 'PT5S' },
    });
    expect(workflow.connections).toContain('documentdb');
  });

  it('a partition key: a string quoted as JSON, a number bare', () => {
    const workflow = emitFlow(`  delete trigger.body.number from cosmos("jigajob", "orders") partition trigger.body.email
  delete trigger.body.number from cosmos("jigajob", "orders") partition trigger.body.amount`);
    expect(actionNamed(workflow, 'Delete_number_from_orders').inputs).toMatchObject({ headers: { 'x-ms-documentdb-raw-partitionkey': `"@{replace(replace(triggerBody()?['email'], '\\', '\\\\'), '"', '\\"')}"` } });
    expect(actionNamed(workflow, 'Delete_number_from_orders_2').inputs).toMatchObject({ headers: { 'x-ms-documentdb-raw-partitionkey': "@{triggerBody()?['amount']}" } });
  });
});

describe('store a list', () => {
  it('→ a For each over the list around the store, each element one document with its id and ttl', () => {
    const workflow = emitFlow('  store trigger.body.lines in cosmos("jigajob", "lines") @retain(30 days)');
    const loop = actionNamed(workflow, 'For_each_lines');
    expect(loop).toMatchObject({ type: 'Foreach', foreach: "@triggerBody()?['lines']" });
    expect(Object.keys(loop.actions!)).toEqual(['Store_lines_in_lines']);
    expect(actionNamed(workflow, 'Store_lines_in_lines').inputs).toMatchObject({
      body: "@setProperty(setProperty(items('For_each_lines'), 'id', guid()), 'ttl', 2592000)",
    });
  });
});

describe('raw action', () => {
  it('→ its JSON unchanged under its name; it runs where it stands unless it brings a runAfter', () => {
    const workflow = emitFlow(`  raw action "Wait_a_bit" { "type": "Wait", "inputs": { "interval": { "count": 1, "unit": "Minute" } } }
  raw action "Compose_total" { "type": "Compose", "inputs": { "n": -1.5, "list": [true, null, "@{triggerBody()?['number']}"] }, "runAfter": { "Wait_a_bit": ["Succeeded", "Failed"] } }
  let total = 21 * 2
  store { total: total } in cosmos("jigajob", "totals")`, { data: 'system.operational', trigger: 'trigger schedule every 1 day' });
    expect(actionNamed(workflow, 'Wait_a_bit')).toEqual({ type: 'Wait', inputs: { interval: { count: 1, unit: 'Minute' } }, runAfter: {} });
    expect(actionNamed(workflow, 'Compose_total')).toEqual({
      type: 'Compose',
      inputs: { n: -1.5, list: [true, null, "@{triggerBody()?['number']}"] },
      runAfter: { Wait_a_bit: ['Succeeded', 'Failed'] },
    });
    // The name a raw action holds is not handed out to Jig's own actions.
    expect(actionNamed(workflow, 'Compose_total_2').runAfter).toEqual({ Compose_total: ['Succeeded'] });
  });

  it('let NAME = raw action …: NAME reads its outputs, NAME.body its body, as body() reads it', () => {
    const workflow = emitFlow(`  let rows = raw action "Get_rows" { "type": "Http", "inputs": { "method": "GET", "uri": "https://rows-contoso.azurewebsites.net/rows" }, "operationOptions": "DisableAsyncPattern" }
  for each row in rows.body.value {
    call http post "https://rows-contoso.azurewebsites.net/seen" body { sku: row.sku, status: rows.statusCode }
  }
  respond 200 body rows.headers`, { data: 'system.operational', trigger: 'trigger http post' });
    expect(actionNamed(workflow, 'Get_rows')).toEqual({
      type: 'Http',
      inputs: { method: 'GET', uri: 'https://rows-contoso.azurewebsites.net/rows' },
      operationOptions: 'DisableAsyncPattern',
      runAfter: {},
    });
    const loop = Object.values(workflow.definition.actions).find((action) => action.type === 'Foreach')!;
    expect(loop.foreach).toBe("@body('Get_rows')?['value']");
    expect(JSON.stringify(loop.actions)).toContain("outputs('Get_rows')?['statusCode']");
    expect(actionNamed(workflow, 'Respond_200').inputs).toEqual({ statusCode: 200, body: "@outputs('Get_rows')?['headers']" });
  });
});

describe('a named where or select', () => {
  it('→ a Query or Select under the let\'s @action name; the functions added for imported workflows keep their WDL names', () => {
    const workflow = emitFlow(`  let big = trigger.body.lines where item.qty > 2 @action("Filter_array")
  let skus = range(0, length(big)) select { sku: big[item].sku, day: dayOfWeek(startOfDay(utcNow())) } @action("Select")
  respond 200 body { skus: take(skip(skus, 1), 5), parsed: json("[1]"), code: encodeUriComponent(base64("a")) }`);
    expect(actionNamed(workflow, 'Filter_array')).toMatchObject({ type: 'Query', inputs: { from: "@triggerBody()?['lines']", where: "@greater(item()?['qty'], 2)" } });
    expect(actionNamed(workflow, 'Select')).toMatchObject({
      type: 'Select',
      inputs: { from: "@range(0, length(body('Filter_array')))", select: { sku: "@body('Filter_array')[item()]?['sku']", day: '@dayOfWeek(startOfDay(utcNow()))' } },
    });
    expect(actionNamed(workflow, 'Respond_200').inputs).toMatchObject({
      body: { skus: "@take(skip(body('Select'), 1), 5)", parsed: "@json('[1]')", code: "@encodeUriComponent(base64('a'))" },
    });
  });
});

describe('var without a value', () => {
  it('→ InitializeVariable without a value (the type\'s empty value); a named one keeps its place and may read an action', () => {
    const workflow = emitFlow(`  let total = trigger.body.amount * 2 @action("Compose_total")
  var note: string @action("Initialize_note")
  var skus: string[]
  var doubled: number = total @action("Initialize_doubled")
  for each line in trigger.body.lines {
    append line.sku to skus
  }
  set note = "\${length(skus)} lines"
  respond 200 body { note: note, doubled: doubled }`);
    expect(Object.keys(workflow.definition.actions).slice(0, 4)).toEqual(['Initialize_skus', 'Compose_total', 'Initialize_note', 'Initialize_doubled']);
    expect(actionNamed(workflow, 'Initialize_skus')).toEqual({ type: 'InitializeVariable', inputs: { variables: [{ name: 'skus', type: 'Array' }] }, runAfter: {} });
    expect(actionNamed(workflow, 'Initialize_note')).toEqual({
      type: 'InitializeVariable',
      inputs: { variables: [{ name: 'note', type: 'String' }] },
      runAfter: { Compose_total: ['Succeeded'] },
    });
    expect(actionNamed(workflow, 'Initialize_doubled').inputs).toEqual({ variables: [{ name: 'doubled', type: 'Float', value: "@outputs('Compose_total')" }] });
  });
});

describe('raw trigger', () => {
  it('→ its JSON unchanged under its name; the parameters it reads are declared', () => {
    // Data about no one: a raw action counts as sending anything the flow declares (JIG3301).
    const workflow = emitFlow('  raw action "Wait" { "type": "Wait", "inputs": { "interval": { "count": 1, "unit": "Minute" } } }', {
      data: 'system.operational',
      trigger: 'trigger raw "When_a_blob_is_added" { "type": "ApiConnection", "inputs": { "host": { "connection": { "name": "@parameters(\'$connections\')[\'azureblob\'][\'connectionId\']" } }, "method": "get", "path": "/datasets/default/triggers/batch/onupdatedfile" }, "recurrence": { "frequency": "Minute", "interval": 3 } }',
    });
    expect(workflow.definition.triggers).toEqual({
      When_a_blob_is_added: {
        type: 'ApiConnection',
        inputs: { host: { connection: { name: "@parameters('$connections')['azureblob']['connectionId']" } }, method: 'get', path: '/datasets/default/triggers/batch/onupdatedfile' },
        recurrence: { frequency: 'Minute', interval: 3 },
      },
    });
    expect(workflow.definition.parameters).toEqual({ $connections: { type: 'Object', defaultValue: {} } });
  });
});

describe('@action', () => {
  it('names the action a step becomes; the names Jig makes avoid it; a named let is a Compose even when it could be inlined; a named var stays where it stands', () => {
    const workflow = emitFlow(`  var total: number = 0 @action("Initialize_variable")
  let number = trigger.body.number @action("Compose")
  let other = trigger.body.amount * 2
  if trigger.body.amount > 100 {
    set total = total + trigger.body.amount @action("Add_amount")
  } @action("Condition")
  for each line in trigger.body.lines {
    append line.sku to skus @action("Append_sku")
  } @action("Apply_to_each")
  store trigger.body.lines in cosmos("jigajob", "lines") @action("Keep_lines")
  call http post "https://a.azurewebsites.net/api" body { n: number } @action("HTTP")
  respond 200 body { n: number, total: total, other: other } @action("Response")`.replace('  for each', '  var skus: string[] = []\n  for each'));
    const actions = workflow.definition.actions;
    expect(Object.keys(actions)).toEqual(['Initialize_skus', 'Initialize_variable', 'Compose', 'Compose_other', 'Condition', 'Apply_to_each', 'Keep_lines', 'HTTP', 'Response']);
    expect(actionNamed(workflow, 'Initialize_variable').runAfter).toEqual({ Initialize_skus: ['Succeeded'] });
    expect(actionNamed(workflow, 'Compose')).toMatchObject({ type: 'Compose', inputs: "@triggerBody()?['number']" });
    expect(actionNamed(workflow, 'Add_amount')).toMatchObject({ type: 'IncrementVariable' });
    expect(Object.keys(actionNamed(workflow, 'Apply_to_each').actions!)).toEqual(['Append_sku']);
    expect(Object.keys(actionNamed(workflow, 'Keep_lines').actions!)).toEqual(['Store_lines_in_lines']);
    expect(actionNamed(workflow, 'HTTP').inputs).toMatchObject({ body: { n: "@outputs('Compose')" } });
    expect(actionNamed(workflow, 'Response').runAfter).toEqual({ HTTP: ['Succeeded'] });
  });

  it('consecutive top-level vars one name names are one InitializeVariable; apart, or nested, the name is given twice (JIG2067)', () => {
    const workflow = emitFlow('  var n: integer = 0 @action("Initialize_variables")\n  var done: boolean = false @action("Initialize_variables")\n  var tags: string[] @action("Initialize_variables")\n  set n = 1', { data: 'system.operational', trigger: 'trigger http post' });
    expect(actionNamed(workflow, 'Initialize_variables').inputs).toEqual({
      variables: [
        { name: 'n', type: 'Integer', value: 0 },
        { name: 'done', type: 'Boolean', value: false },
        { name: 'tags', type: 'Array' },
      ],
    });
    expect(() => emitFlow('  var n: integer = 0 @action("Init")\n  wait 1 minute\n  var m: integer = 0 @action("Init")')).toThrow(/JIG2067/);
    expect(() => emitFlow('  scope {\n    var n: integer = 0 @action("Init")\n    var m: integer = 0 @action("Init")\n  }')).toThrow(/JIG2067/);
  });

  it('a name given twice, by two steps or a step and a raw action, is JIG2067; on a parallel it is misplaced', () => {
    const text = flowFile(`  let a = 1 @action("Same")
  let b = 2 @action("same")
  parallel {
    wait 1 second
  } and {
    wait 2 seconds
  } @action("Both")
  let c = "" @action("")`);
    expect(() => emitText(text)).toThrow(/JIG2067 Another step of this flow names its action 'same'/);
    expect(() => emitText(text)).toThrow(/JIG2061 .*@action/);
    expect(() => emitText(text)).toThrow(/JIG2062 .*@action\("Send_approval"\)/);
  });
});

describe('names an author gives (@action, raw action, trigger raw)', () => {
  const written = new Ajv(schemaOptions.workflow).compile(writtenSchema);
  // A flow whose data is about no one: raw actions build there (JIG3301 elsewhere).
  const plain = { data: 'system.operational', trigger: 'trigger http post' };
  const steps = (literal: string) => [
    `  let a = 1 @action(${literal})\n  respond 200`,
    `  raw action ${literal} {\n    "type": "Wait",\n    "inputs": { "interval": { "count": 1, "unit": "Second" } }\n  }\n  respond 200`,
  ];

  it('refuses a name Jig could not write (JIG2068), with the name made writable as the fix', () => {
    const cases = [
      { text: flowFile(steps('"it\'s: a bit"')[0]!, plain), fixed: '"it_s_a_bit"' },
      { text: flowFile(steps('"Wait: a bit"')[1]!, plain), fixed: '"Wait_a_bit"' },
      { text: flowFile('  respond 200', { ...plain, trigger: 'trigger raw "On a new file?" { "type": "Request", "kind": "Http" }' }), fixed: '"On_a_new_file"' },
    ];
    for (const { text, fixed } of cases) {
      const diagnostics = compileText('test.jig', text, { policy }).diagnostics.filter((d) => d.code === 'JIG2068');
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]!.fixes?.[0]?.edits[0]?.newText).toBe(fixed);
    }
    // What designers write is kept, on a raw action and on a step: a name with spaces, an apostrophe, brackets.
    for (const body of steps('"[SAP] Wait for it\'s turn = 1"')) {
      const kept = compileText('test.jig', flowFile(body, plain), { policy });
      expect(kept.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(written(kept.emit().workflows[0]!.definition)).toBe(true);
    }
  });

  it('a file whose names check is one whose workflow Jig writes: any string as a name', () => {
    let built = 0;
    fc.assert(
      fc.property(fc.string({ maxLength: 90, unit: fc.constantFrom('a', 'Z', '0', '_', '-', '.', '(', ')', ' ', "'", '"', '[', '=', ':', '/', '\u00e9', '#') }), (name) => {
        // A step's name, which expressions quote (a ' doubled), and a raw action's may be what designers write.
        for (const [body, writable] of steps(JSON.stringify(name)).map((body) => [body, /^[A-Za-z0-9_.()\-' "[\]=]{1,80}$/] as const)) {
          const compilation = compileText('test.jig', flowFile(body, plain), { policy });
          const errors = compilation.diagnostics.filter((d) => d.severity === 'error');
          if (errors.length === 0) built++;
          if (errors.length === 0) for (const workflow of compilation.emit().workflows) expect(written(workflow.definition), `${name}: ${JSON.stringify(written.errors)}`).toBe(true);
          else if (writable.test(name)) expect(errors.map((d) => d.code)).not.toContain('JIG2068');
          else expect(errors.map((d) => d.code)).toEqual(expect.arrayContaining([expect.stringMatching(/^JIG20(68|62|65)$/)]));
        }
      }),
      { numRuns: 150 },
    );
    // The property says something only if names that check were met.
    expect(built).toBeGreaterThan(20);
  });
});

describe('@name on a param', () => {
  const header = `/// Where the files are.
@name("FolderName_#workflowname#")
param folderName: string = "inbox"
`;
  const body = `  raw action "Read_folder" {
    "type": "Compose",
    "inputs": "@parameters('FolderName_#workflowname#')"
  }
  respond 200 body folderName`;
  // Data about no one, which a raw action may send anywhere.
  const operational = { data: 'system.operational', trigger: 'trigger http post' };

  it("names the workflow parameter it becomes: declared and read under that name, by Jig's steps and a raw action alike", () => {
    const workflow = emitFlow(body, { header, ...operational });
    expect(workflow.definition.parameters).toEqual({
      'FolderName_#workflowname#': { type: 'String', defaultValue: 'inbox', metadata: { description: 'Where the files are.' } },
    });
    expect(actionNamed(workflow, 'Respond_200').inputs).toMatchObject({ body: "@parameters('FolderName_#workflowname#')" });
  });

  it('as an ARM template parameter, a name ARM takes; in a Standard app, its own name in parameters.json', () => {
    const { workflows } = emitText(flowFile(body, { header, ...operational }));
    const [template] = renderTarget('arm', workflows, { location: 'eastus', connections: {} });
    const arm = JSON.parse(template!.content);
    expect(arm.parameters.FolderName__workflowname_).toMatchObject({ type: 'string', defaultValue: 'inbox' });
    expect(arm.resources.at(-1).properties.parameters).toEqual({ 'FolderName_#workflowname#': { value: "[parameters('FolderName__workflowname_')]" } });
    const standard = renderTarget('standard', workflows, { connections: {} });
    expect(JSON.parse(standard.find((f) => f.path === 'parameters.json')!.content)).toEqual({ 'FolderName_#workflowname#': { type: 'String', value: 'inbox' } });
  });

  it('two params that become one workflow parameter are JIG2069; @name is a param\'s alone, one string not starting with $', () => {
    const clash = flowFile('  respond 200 body a + b', { header: '@name("B")\nparam a: string\nparam b: string\n' });
    expect(() => emitText(clash)).toThrow(/JIG2069 This param becomes the workflow parameter 'b', as 'a' does/);
    const misplaced = flowFile('  wait 1 second', { header: '@name("$connections")\nparam a: string\n' }).replace('@purpose', '@name("x")\n@purpose');
    expect(() => emitText(misplaced)).toThrow(/JIG2062 '@name' takes the workflow parameter's name/);
    expect(() => emitText(misplaced)).toThrow(/JIG2061 '@name' cannot be written on a flow; it belongs on a param/);
  });
});

describe('trigger http … schema { JSON }', () => {
  it('→ the Request trigger with that schema, validated; the body untyped, holding every category the flow declares', () => {
    const schema = '{ "type": "object", "properties": { "Site Country": { "type": "string", "maxLength": 2 } } }';
    const text = flowFile('  respond 200 body trigger.body', { trigger: `trigger http post schema ${schema}`, data: 'business.transaction, personal.name' });
    const { workflows } = emitText(text);
    expect(workflows[0]!.definition.triggers.manual).toMatchObject({
      type: 'Request',
      inputs: { method: 'POST', schema: JSON.parse(schema) },
      operationOptions: 'EnableSchemaValidation',
      runtimeConfiguration: { secureData: { properties: ['inputs', 'outputs'] } },
    });
    // What it answers with may hold personal.name: hidden from run history too.
    expect(actionNamed(workflows[0]!, 'Respond_200').runtimeConfiguration).toEqual({ secureData: { properties: ['inputs'] } });
  });
});

describe('respond … headers { … }', () => {
  it("→ the Response's inputs.headers, before its body", () => {
    const workflow = emitFlow('  respond 202 headers { "Content-Type": "application/json", "X-Order": trigger.body.number } body trigger.body @action("Answer")');
    expect(actionNamed(workflow, 'Answer')).toMatchObject({
      type: 'Response',
      inputs: { statusCode: 202, headers: { 'Content-Type': 'application/json', 'X-Order': "@triggerBody()?['number']" }, body: '@triggerBody()' },
    });
  });
});

describe('@after', () => {
  it("sets the statuses of the step before in the step's runAfter; what follows runs after it on success", () => {
    const workflow = emitFlow(
      '  scope {\n    wait 1 minute\n  } @action("Try")\n  scope {\n    wait 2 minutes\n  } @action("Catch") @after(failed, skipped, timedout)\n  let note = "done" @action("Note") @after(succeeded, skipped)\n  respond 200 body note @action("Answer")',
      { trigger: 'trigger http post', data: 'system.operational' },
    );
    expect(actionNamed(workflow, 'Catch')!.runAfter).toEqual({ Try: ['Failed', 'Skipped', 'TimedOut'] });
    expect(actionNamed(workflow, 'Note')!.runAfter).toEqual({ Catch: ['Succeeded', 'Skipped'] });
    expect(actionNamed(workflow, 'Answer')!.runAfter).toEqual({ Note: ['Succeeded'] });
  });

  it('applies to the first action of a step that becomes several', () => {
    const workflow = emitFlow('  wait 1 minute @action("First")\n  let got = call http get "https://orders-contoso.azurewebsites.net/api/orders" returns Report @after(failed) @action("Get")', {
      trigger: 'trigger http post',
      data: 'business.transaction, business.industry',
    });
    expect(actionNamed(workflow, 'Get')!.runAfter).toEqual({ First: ['Failed'] });
  });

  it("on a parallel branch's first step sets the statuses of the step before the parallel: branches for its success and its failure", () => {
    const workflow = emitFlow(
      '  wait 1 minute @action("Hold")\n  parallel {\n    let note = "held" @action("Note")\n    respond 200 body note @action("Ok")\n  } and {\n    respond 502 @action("Failed") @after(failed, timedout)\n  }',
      { trigger: 'trigger http post', data: 'system.operational' },
    );
    expect(actionNamed(workflow, 'Note')!.runAfter).toEqual({ Hold: ['Succeeded'] });
    expect(actionNamed(workflow, 'Ok')!.runAfter).toEqual({ Note: ['Succeeded'] });
    expect(actionNamed(workflow, 'Failed')!.runAfter).toEqual({ Hold: ['Failed', 'TimedOut'] });
  });

  it("after a parallel sets the statuses of every branch's last step, a nested parallel's branches and a chain's actions included", () => {
    const workflow = emitFlow(
      [
        '  parallel {',
        '    let got = call http get "https://orders-contoso.azurewebsites.net/api/orders" returns Report @action("Get")',
        '  } and {',
        '    wait 1 minute @action("Hold")',
        '    parallel {',
        '      wait 2 minutes @action("Left")',
        '    } and {',
        '      wait 3 minutes @action("Right")',
        '    }',
        '  }',
        '  respond 200 @action("Done") @after(succeeded, skipped)',
        '  wait 5 minutes @action("Then") @after(failed)',
      ].join('\n'),
      { trigger: 'trigger http post', data: 'business.transaction, business.industry' },
    );
    // The call is an Http and a Parse JSON: skipped, both were; succeeded, both did.
    expect(actionNamed(workflow, 'Done')!.runAfter).toEqual({ Get: ['Succeeded', 'Skipped'], Parse_got: ['Succeeded', 'Skipped'], Left: ['Succeeded', 'Skipped'], Right: ['Succeeded', 'Skipped'] });
    expect(actionNamed(workflow, 'Then')!.runAfter).toEqual({ Done: ['Failed'] });
    expectAllEmittedValid();
  });

  it.each([
    ['  parallel {\n    wait 1 minute\n  } and {\n    wait 2 minutes\n    let n = trigger.body\n  }\n  wait 3 minutes @after(failed)', 'branch 2 ends in a step that cannot be waited for so: its last step becomes no action'],
    ['  parallel {\n    wait 1 minute\n  } and {\n    try {\n      wait 2 minutes\n    } catch {\n      wait 3 minutes\n    }\n  }\n  wait 4 minutes @after(failed)', "branch 2 ends in a step that cannot be waited for so: its last step is a 'try'"],
    ['  parallel {\n    parallel {\n      let n = trigger.body\n    } and {\n      wait 1 minute\n    }\n  } and {\n    wait 2 minutes\n  }\n  wait 3 minutes @after(failed)', "branch 1 ends in a step that cannot be waited for so: a 'parallel' whose branch 1 ends in a step that cannot be waited for so: its last step becomes no action"],
    ['  parallel {\n    wait 1 minute @after(failed)\n  } and {\n    wait 2 minutes\n  }', 'it is the first step of its block'],
    ['  try {\n    wait 1 minute\n  } catch {\n    wait 2 minutes\n  }\n  parallel {\n    wait 3 minutes @after(failed)\n  } and {\n    wait 4 minutes\n  }', "the step before it is a 'try'"],
    ['  try {\n    wait 1 minute\n  } catch {\n    wait 2 minutes\n  }\n  wait 3 minutes @after(failed)', "the step before it is a 'try'"],
    ['  wait 1 minute\n  let n = trigger.body\n  wait 2 minutes @after(failed)', 'the step before it becomes no action in its place'],
    ['  wait 1 minute\n  if trigger.body.tag == "a" {\n    wait 2 minutes\n    var n: string = "x" @action("Init_n") @after(failed)\n  }', "this var is initialized at the workflow's start"],
    ['  wait 1 minute\n  var a: string = "x" @action("Init")\n  var b: string = "y" @action("Init") @after(failed)', 'this var shares the action of the var before it'],
  ])('%s is JIG4113: no single action before it', (steps, reason) => {
    const text = flowFile(steps, { trigger: 'trigger http post', data: 'system.operational' });
    const { diagnostics } = emitText(text);
    expect(diagnostics.map((d) => [d.code, text.slice(d.range.start, d.range.end)])).toEqual([['JIG4113', '@after(failed)']]);
    expect(diagnostics[0]!.message).toContain(reason);
  });
});

describe('@after on a named var', () => {
  it("→ its InitializeVariable's runAfter, where it stands (several sharing it: the first's); what follows runs after it on success", () => {
    const workflow = emitFlow(
      [
        '  wait 1 minute @action("Hold")',
        '  var status: string = "late" @action("Init_status") @after(failed, timedout)',
        '  wait 2 minutes @action("Then")',
        '  var a: string = "x" @action("Init_both") @after(succeeded, skipped)',
        '  var b: integer = 1 @action("Init_both")',
        '  respond 200 body "${status}${a}${b}" @action("Answer")',
      ].join('\n'),
      { trigger: 'trigger http post', data: 'system.operational' },
    );
    expect(actionNamed(workflow, 'Init_status')!.runAfter).toEqual({ Hold: ['Failed', 'TimedOut'] });
    expect(actionNamed(workflow, 'Then')!.runAfter).toEqual({ Init_status: ['Succeeded'] });
    expect(actionNamed(workflow, 'Init_both')!.runAfter).toEqual({ Then: ['Succeeded', 'Skipped'] });
    expect(actionNamed(workflow, 'Init_both')!.inputs).toEqual({ variables: [{ name: 'a', type: 'String', value: 'x' }, { name: 'b', type: 'Integer', value: 1 }] });
    expectAllEmittedValid();
  });
});

describe('@dependencies on a javascript', () => {
  it("→ the action's explicitDependencies: the actions named, then includeTrigger for trigger", () => {
    const workflow = emitFlow(
      [
        '  let kept = trigger.body.tag @action("Keep_tag")',
        '  let both = javascript "return 1;" @dependencies(trigger, "Keep_tag") @action("Both")',
        '  let onlyTrigger = javascript "return 2;" @dependencies(trigger) @action("Only_trigger")',
        '  let plain = javascript "return 3;" @action("Plain")',
        '  respond 200 body [both, onlyTrigger, plain]',
      ].join('\n'),
      { trigger: 'trigger http post', data: 'system.operational' },
    );
    expect(actionNamed(workflow, 'Both')!.inputs).toEqual({ code: 'return 1;', explicitDependencies: { actions: ['Keep_tag'], includeTrigger: true } });
    expect(actionNamed(workflow, 'Only_trigger')!.inputs).toEqual({ code: 'return 2;', explicitDependencies: { includeTrigger: true } });
    expect(actionNamed(workflow, 'Plain')!.inputs).toEqual({ code: 'return 3;' });
    expectAllEmittedValid();
  });

  it.each([
    ['  let code = javascript "return 1;" @dependencies("Nowhere")', "names 'Nowhere', which is no action of the workflow"],
    ['  var n: integer = 0 @action("Init_n")\n  let code = javascript "return 1;" @dependencies("Init_n")', "names 'Init_n', an action of type InitializeVariable, which Logic Apps does not give code as a dependency"],
    ['  let code = javascript "return 1;" @dependencies("Later")\n  let later = trigger.body.tag @action("Later")\n  respond 200 body [code, later]', "names 'Later', which has not run when 'Run_code' runs"],
  ])('%s is JIG4117', (steps, problem) => {
    const text = flowFile(steps, { trigger: 'trigger http post', data: 'system.operational' });
    const { diagnostics } = emitText(text);
    expect(diagnostics.map((d) => d.code)).toEqual(['JIG4117']);
    expect(diagnostics[0]!.message).toContain(problem);
    expect(text.slice(diagnostics[0]!.range.start, diagnostics[0]!.range.end)).toContain('@dependencies');
  });
});

describe('action() in a tracked property', () => {
  it("→ action(), the action's own run, in its trackedProperties", () => {
    const workflow = emitFlow('  let parsed = parse json trigger.body schema { "type": "object" } @action("Parse") @tracked("item", action().inputs.content.id) @tracked("kind", "order")\n  respond 200 body parsed', {
      trigger: 'trigger http post',
      data: 'system.operational',
    });
    expect(actionNamed(workflow, 'Parse')!.trackedProperties).toEqual({ item: "@action()?['inputs']?['content']?['id']", kind: 'order' });
    expectAllEmittedValid();
  });
});

describe('@outputs on a javascript', () => {
  it("→ NAME reads the code action's outputs('A'), NAME.body its body('A'); without it NAME is body('A')", () => {
    const workflow = emitFlow(
      [
        '  let whole = javascript "return { xml: 1 };" @outputs @action("Whole")',
        '  let plain = javascript "return 2;" @action("Plain")',
        '  respond 200 body { xml: whole.xml, all: whole, body: whole.body, plain: plain } @action("Respond")',
      ].join('\n'),
      { trigger: 'trigger http post', data: 'system.operational' },
    );
    expect(actionNamed(workflow, 'Whole')!.inputs).toEqual({ code: 'return { xml: 1 };' });
    expect(actionNamed(workflow, 'Respond')!.inputs).toEqual({
      statusCode: 200,
      body: { xml: "@outputs('Whole')?['xml']", all: "@outputs('Whole')", body: "@body('Whole')", plain: "@body('Plain')" },
    });
    expectAllEmittedValid();
  });
});

describe('quoted field names', () => {
  it('a record literal\'s "NAME" is its JSON key, a ["NAME"] read is ?[\'NAME\']', () => {
    const workflow = emitFlow('  let row: any = { "Site Country": trigger.body.tag, id: 1 } @action("Compose_row")\n  respond 200 body { "Country code": row["Site Country"] } @action("Respond")', {
      trigger: 'trigger http post',
      data: 'system.operational',
    });
    expect(actionNamed(workflow, 'Compose_row')).toMatchObject({ inputs: { 'Site Country': "@triggerBody()?['tag']", id: 1 } });
    expect(actionNamed(workflow, 'Respond')).toMatchObject({ inputs: { body: { 'Country code': "@outputs('Compose_row')?['Site Country']" } } });
  });
});

describe('any', () => {
  it('a var of type any is an Object variable, any[] an Array', () => {
    const workflow = emitFlow('  var bag: any = { tag: trigger.body.tag } @action("Init_bag")\n  var rows: any[] @action("Init_rows")\n  append bag to rows\n  respond 200 body rows', {
      trigger: 'trigger http post',
      data: 'system.operational',
    });
    expect(actionNamed(workflow, 'Init_bag')).toMatchObject({ inputs: { variables: [{ name: 'bag', type: 'Object', value: { tag: "@triggerBody()?['tag']" } }] } });
    expect(actionNamed(workflow, 'Init_rows')).toMatchObject({ inputs: { variables: [{ name: 'rows', type: 'Array' }] } });
  });
});

describe('trigger.headers and trigger.outputs', () => {
  it("read triggerOutputs(): a request's headers, a raw trigger's outputs", () => {
    const request = emitFlow('  respond 200 body { lang: trigger.headers.lang, id: trigger.outputs.queries.id }', { trigger: 'trigger http post', data: 'system.operational' });
    expect(actionNamed(request, 'Respond_200')).toMatchObject({ inputs: { body: { lang: "@triggerOutputs()?['headers']?['lang']", id: "@triggerOutputs()?['queries']?['id']" } } });
    const window = emitFlow('  let late = trigger.outputs.windowEndTime @action("Compose_late")', {
      trigger: 'trigger raw "Sliding_window" {\n    "type": "SlidingWindow",\n    "recurrence": { "frequency": "Hour", "interval": 1 }\n  }',
      data: 'system.operational',
    });
    expect(actionNamed(window, 'Compose_late')).toMatchObject({ type: 'Compose', inputs: "@triggerOutputs()?['windowEndTime']" });
  });
});

describe('@outputs', () => {
  it("binds a call's outputs: NAME.statusCode and NAME.headers read outputs('A'), NAME.body reads body('A')", () => {
    const workflow = emitFlow(
      '  let probe = call connector "arm" get "/subscriptions" @outputs @action("Probe") @declassify(secret, "The subscriptions list holds no key")\n  respond 200 body { status: probe.statusCode, type: probe.headers["Content-Type"], list: probe.body.value } @action("Answer")',
      { trigger: 'trigger http post', data: 'system.operational' },
    );
    expect(actionNamed(workflow, 'Answer')).toMatchObject({
      inputs: { body: { status: "@outputs('Probe')?['statusCode']", type: "@outputs('Probe')?['headers']?['Content-Type']", list: "@body('Probe')?['value']" } },
    });
  });

  it.each([
    ['  let probe = call http get "https://status-contoso.azurewebsites.net/api/health" returns Report @outputs'],
    ['  call http get "https://status-contoso.azurewebsites.net/api/health" @outputs'],
  ])('%s is JIG2061: only on a let of a call without returns', (steps) => {
    const text = flowFile(steps, { trigger: 'trigger http post', data: 'business.transaction, business.industry' });
    expect(() => emitText(text)).toThrow(/JIG2061 '@outputs' .*a 'let' of a call without 'returns'/);
  });
});

describe('@synchronous and @chunked on a connector', () => {
  it('@synchronous is operationOptions DisableAsyncPattern; @chunked on a call connector its runtimeConfiguration', () => {
    const workflow = emitFlow(
      '  call http post "https://exports-contoso.azurewebsites.net/api/start" @synchronous @action("Start")\n  call connector "azureblob" post "/v2/datasets/default/files" body "x" @chunked @action("Upload")',
      { trigger: 'trigger http post', data: 'system.operational' },
    );
    expect(actionNamed(workflow, 'Start')).toMatchObject({ type: 'Http', operationOptions: 'DisableAsyncPattern' });
    expect(actionNamed(workflow, 'Upload')).toMatchObject({ type: 'ApiConnection', runtimeConfiguration: { contentTransfer: { transferMode: 'Chunked' } } });
  });

  it('@paginate(N) on a call connector is its runtimeConfiguration.paginationPolicy, beside @chunked', () => {
    const workflow = emitFlow('  let files = call connector "onedrive" get "/datasets/default/folders" @chunked @paginate(5000) @action("List_files") @declassify(secret, "A folder listing holds no key")\n  respond 200 body files', {
      trigger: 'trigger http post',
      data: 'system.operational',
    });
    expect(actionNamed(workflow, 'List_files')).toMatchObject({ runtimeConfiguration: { contentTransfer: { transferMode: 'Chunked' }, paginationPolicy: { minimumItemCount: 5000 } } });
  });

  it.each([
    ['  call http get "https://status-contoso.azurewebsites.net/api/health" @paginate(10)', "JIG2061 '@paginate' .*a 'call connector'"],
    ['  call connector "onedrive" get "/x" @paginate(0)', 'JIG2062 .*from 1 to 100000'],
  ])('%s is refused', (steps, message) => {
    const text = flowFile(steps, { trigger: 'trigger http post', data: 'system.operational' });
    expect(() => emitText(text)).toThrow(new RegExp(message));
  });

  it('@synchronous on a call service is JIG2061', () => {
    const text = flowFile('  call service "tables" "azureTables" "getEntity" body { tableName: "runs" } @synchronous', { trigger: 'trigger http post', data: 'system.operational' });
    expect(() => emitText(text)).toThrow(/JIG2061 '@synchronous' .*a 'call http', 'call connector' or 'call workflow'/);
  });
});

describe('call service', () => {
  it('is a ServiceProvider action: the connection, the provider and the operation, the body its parameters, @retry in its inputs', () => {
    const workflow = emitFlow(`  call service "runsTable" "azureTables" "upsertEntity"
    body { tableName: "runs", entity: { PartitionKey: "runs", RowKey: trigger.body.id } }
    @retry(fixed, 3 times, 5 seconds) @timeout(1 minute) @action("Upsert_run")
  let run = call service "runsTable" "azureTables" "getEntity" body { tableName: "runs", rowKey: trigger.body.id }
  call service "queue_1" "azurequeues" "listQueues"
  respond 200 body run.status`, { trigger: 'trigger http post', data: 'system.operational' });
    expect(actionNamed(workflow, 'Upsert_run')).toEqual({
      type: 'ServiceProvider',
      runAfter: {},
      inputs: {
        parameters: { tableName: 'runs', entity: { PartitionKey: 'runs', RowKey: "@triggerBody()?['id']" } },
        serviceProviderConfiguration: { connectionName: 'runsTable', operationId: 'upsertEntity', serviceProviderId: '/serviceProviders/azureTables' },
        retryPolicy: { type: 'fixed', count: 3, interval: 'PT5S' },
      },
      limit: { timeout: 'PT1M' },
    });
    expect(actionNamed(workflow, 'Call_run')).toMatchObject({ inputs: { parameters: { rowKey: "@triggerBody()?['id']" } } });
    expect(actionNamed(workflow, 'Call_queue_1')).toEqual({
      type: 'ServiceProvider',
      runAfter: { Whole_run: ['Succeeded'] },
      inputs: { serviceProviderConfiguration: { connectionName: 'queue_1', operationId: 'listQueues', serviceProviderId: '/serviceProviders/azurequeues' } },
    });
    // The answer read whole (a next-page link fails the read) right after the call, once.
    expect(actionNamed(workflow, 'Whole_run')).toMatchObject({ type: 'Compose', runAfter: { Call_run: ['Succeeded'] } });
    expect(String(actionNamed(workflow, 'Whole_run').inputs)).toMatch(/^@outputs\('Call_run'\)\[if\(or\(contains\(/);
    expect(actionNamed(workflow, 'Respond_200')).toMatchObject({ inputs: { body: "@outputs('Whole_run')?['status']" } });
  });
});

describe('respond after a raw trigger', () => {
  const raw = (type: string) => `trigger raw "T" {\n    "type": "${type}",\n    "kind": "Http",\n    "inputs": {},\n    "splitOn": "@triggerBody()?['orders']"\n  }`;

  it("answers the caller of a raw Request trigger (jig import's, for options trigger http does not write)", () => {
    const workflow = emitFlow('  respond 202', { trigger: raw('Request'), data: 'system.operational' });
    expect(actionNamed(workflow, 'Respond_202')).toMatchObject({ type: 'Response', inputs: { statusCode: 202 } });
  });

  it('is JIG4002 after any other raw trigger, which it names', () => {
    const text = flowFile('  respond 202', { trigger: raw('Recurrence').replace('"kind": "Http",', '"recurrence": { "frequency": "Day", "interval": 1 },').replace(/,\n    "inputs": \{\},\n    "splitOn": .*/, ''), data: 'system.operational' });
    const { diagnostics } = emitText(text);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([['JIG4002', "'respond' needs a flow started by 'trigger http'; this flow starts with the raw trigger 'T', and nobody waits for its answer."]]);
  });
});

describe('parse document and chunk text', () => {
  it('→ ParseDocument { content } and ChunkText with every input, the options left out at the designer\'s defaults', () => {
    const workflow = emitFlow(
      '  let document = parse document trigger.body.number @action("Parse_a_document")\n  let chunks = chunk text document.text @action("Chunk_text")\n  let small = chunk text document.text by 512 tokens overlap 100 encoding "cl200k_base"\n  respond 200 body { first: chunks.value[0], count: length(small.value) }',
    );
    expect(actionNamed(workflow, 'Parse_a_document')).toEqual({ type: 'ParseDocument', inputs: { content: "@triggerBody()?['number']" }, runAfter: {} });
    expect(actionNamed(workflow, 'Chunk_text')).toEqual({
      type: 'ChunkText',
      inputs: { chunkingStrategy: 'TokenSize', text: "@body('Parse_a_document')?['text']", encodingModel: 'cl100k_base', tokenSize: 5000, pageOverlapLength: 0 },
      runAfter: { Parse_a_document: ['Succeeded'] },
    });
    expect(actionNamed(workflow, 'Chunk_small').inputs).toEqual({
      chunkingStrategy: 'TokenSize',
      text: "@body('Parse_a_document')?['text']",
      encodingModel: 'cl200k_base',
      tokenSize: 512,
      pageOverlapLength: 100,
    });
    expect(actionNamed(workflow, 'Respond_200').inputs).toMatchObject({ body: { first: "@body('Chunk_text')?['value'][0]", count: "@length(body('Chunk_small')?['value'])" } });
  });

  it('hides a document holding personal data from run history, inputs and outputs', () => {
    const workflow = emitFlow('  let document = parse document trigger.body.name\n  let chunks = chunk text document.text\n  respond 200 body length(chunks.value)');
    expect(actionNamed(workflow, 'Parse_document').runtimeConfiguration).toEqual({ secureData: { properties: ['inputs', 'outputs'] } });
    expect(actionNamed(workflow, 'Chunk_chunks').runtimeConfiguration).toEqual({ secureData: { properties: ['inputs', 'outputs'] } });
  });

  it('refuses options the service refuses (JIG2072)', () => {
    const text = flowFile('  let document = parse document trigger.body\n  let chunks = chunk text document.text by 9000 tokens overlap 1.5 encoding "utf8"\n  respond 200 body length(chunks.value)');
    const { diagnostics } = compileText('test.jig', text, { policy });
    expect(diagnostics.map((d) => [d.code, text.slice(d.range.start, d.range.end)])).toEqual([
      ['JIG2072', '9000'],
      ['JIG2072', '1.5'],
      ['JIG2072', '"utf8"'],
    ]);
  });
});

describe('call workflow', () => {
  it('→ a Workflow action: host.workflow.id, the trigger when named, headers and body as written', () => {
    const workflow = emitFlow(
      '  let answer = call workflow "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Logic/workflows/enricher" trigger "manual" headers { "X-Source": "jig" } body { id: trigger.body.number } @action("Enrich")\n  call workflow "eventprocessor" body "demo" @retry(fixed, 2 times, 10 seconds)\n  respond 200 body answer',
      { data: 'system.operational', trigger: 'trigger http post' },
    );
    expect(actionNamed(workflow, 'Enrich')).toEqual({
      type: 'Workflow',
      inputs: {
        host: { triggerName: 'manual', workflow: { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Logic/workflows/enricher' } },
        headers: { 'X-Source': 'jig' },
        body: { id: "@triggerBody()?['number']" },
      },
      runAfter: {},
    });
    expect(actionNamed(workflow, 'Call_workflow').inputs).toEqual({
      host: { workflow: { id: 'eventprocessor' } },
      body: 'demo',
      retryPolicy: { type: 'fixed', count: 2, interval: 'PT10S' },
    });
    expect(actionNamed(workflow, 'Respond_200').inputs).toMatchObject({ body: "@body('Enrich')" });
  });

  it('refuses a trigger name Jig would not write, and queries', () => {
    const text = flowFile('  call workflow "w" trigger "a/b" queries { x: 1 }', { data: 'system.operational', trigger: 'trigger http post' });
    const { diagnostics } = compileText('test.jig', text, { policy });
    expect(diagnostics.map((d) => [d.code, text.slice(d.range.start, d.range.end)])).toEqual([
      ['JIG2030', '"a/b"'],
      ['JIG2030', 'x: 1'],
    ]);
  });
});

describe('stop', () => {
  it('→ a Terminate with the status and no message; a failed one with its @code', () => {
    const workflow = emitFlow('  if trigger.body.amount == 0 {\n    stop cancelled\n  }\n  if trigger.body.amount < 0 {\n    stop failed @code("Negative")\n  }\n  stop failed @action("Give_up")\n  stop succeeded');
    expect(actionNamed(workflow, 'Stop_cancelled')).toEqual({ type: 'Terminate', inputs: { runStatus: 'Cancelled' }, runAfter: {} });
    expect(actionNamed(workflow, 'Stop_failed').inputs).toEqual({ runStatus: 'Failed', runError: { code: 'Negative' } });
    expect(actionNamed(workflow, 'Give_up').inputs).toEqual({ runStatus: 'Failed' });
    expect(actionNamed(workflow, 'Stop_succeeded')).toMatchObject({ inputs: { runStatus: 'Succeeded' }, runAfter: { Give_up: ['Succeeded'] } });
  });

  it('is JIG4001 in a loop, @code only on stop failed (JIG2061), and its status one of three (JIG1001)', () => {
    const inLoop = flowFile('  for each line in trigger.body.lines {\n    stop succeeded\n  }');
    expect(emitText(inLoop).diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['JIG4001', "'stop succeeded' cannot stand inside a 'for each' loop: Logic Apps refuses a Terminate action inside For each and Until. Stop after the loop."],
    ]);
    const text = flowFile('  stop cancelled @code("X")\n  stop paused');
    expect(compileText('test.jig', text, { policy }).diagnostics.map((d) => [d.code, text.slice(d.range.start, d.range.end)])).toEqual([
      ['JIG2061', '@code("X")'],
      ['JIG1001', 'paused'],
    ]);
  });
});

describe('javascript', () => {
  it('→ JavaScriptCode { code } as written (a leading @ escaped), its result the body', () => {
    const workflow = emitFlow(
      '  let skus = javascript "var skus = workflowContext.trigger.outputs.body.lines;\\nreturn `\\${skus.length}`;" @action("Count_skus")\n  let sign = javascript "@ is not an expression here"\n  respond 200 body { count: skus, sign: sign }',
      { data: 'system.operational', trigger: 'trigger http post' },
    );
    expect(actionNamed(workflow, 'Count_skus')).toEqual({
      type: 'JavaScriptCode',
      inputs: { code: 'var skus = workflowContext.trigger.outputs.body.lines;\nreturn `${skus.length}`;' },
      runAfter: {},
    });
    expect(actionNamed(workflow, 'Run_sign').inputs).toEqual({ code: '@@ is not an expression here' });
    expect(actionNamed(workflow, 'Respond_200').inputs).toMatchObject({ body: { count: "@body('Count_skus')", sign: "@body('Run_sign')" } });
  });

  it('refuses code with ${…} (JIG2030), and its result holds whatever the flow declares', () => {
    const text = flowFile('  let a = javascript "return ${trigger.body.number};"');
    expect(compileText('test.jig', text, { policy }).diagnostics.map((d) => [d.code, text.slice(d.range.start, d.range.end)])).toEqual([['JIG2030', '"return ${trigger.body.number};"']]);
    const workflow = emitFlow('  let a = javascript "return 1;"\n  respond 200 body a');
    expect(actionNamed(workflow, 'Run_a').runtimeConfiguration).toEqual({ secureData: { properties: ['inputs', 'outputs'] } });
  });
});

describe('wait until', () => {
  it('→ a Wait until a timestamp, hidden from run history as what it reads is', () => {
    const workflow = emitFlow('  wait until trigger.body.number @action("Wait_for_it")\n  wait until "2030-01-01T00:00:00Z"');
    expect(actionNamed(workflow, 'Wait_for_it')).toEqual({ type: 'Wait', inputs: { until: { timestamp: "@triggerBody()?['number']" } }, runAfter: {} });
    expect(actionNamed(workflow, 'Wait_until').inputs).toEqual({ until: { timestamp: '2030-01-01T00:00:00Z' } });
  });
});

describe('Date Time actions', () => {
  it('→ an Expression action of each kind, its inputs as the designer writes them, read as body()', () => {
    const workflow = emitFlow(`  let now = current time
  let soon = future time 3 weeks @action("Get_future_time")
  let since = past time 1 day
  let later = add time length(trigger.body.lines) days to trigger.body.number
  let earlier = subtract time (length(trigger.body.lines) + 1) hours from now
  let shown = convert time later from "UTC" to "W. Europe Standard Time" format "d"
  let plain = convert time since from "UTC" to "UTC"
  respond 200 body { now: now, soon: soon, earlier: earlier, shown: shown, plain: plain }`);
    expect(actionNamed(workflow, 'Time_now')).toEqual({ type: 'Expression', kind: 'CurrentTime', inputs: {}, runAfter: {} });
    expect(actionNamed(workflow, 'Get_future_time')).toMatchObject({ type: 'Expression', kind: 'GetFutureTime', inputs: { interval: 3, timeUnit: 'Week' } });
    expect(actionNamed(workflow, 'Time_since')).toMatchObject({ kind: 'GetPastTime', inputs: { interval: 1, timeUnit: 'Day' } });
    expect(actionNamed(workflow, 'Time_later')).toMatchObject({ kind: 'AddToTime', inputs: { baseTime: "@triggerBody()?['number']", interval: "@length(triggerBody()?['lines'])", timeUnit: 'Day' } });
    expect(actionNamed(workflow, 'Time_earlier')).toMatchObject({ kind: 'SubtractFromTime', inputs: { baseTime: "@body('Time_now')", interval: "@add(length(triggerBody()?['lines']), 1)", timeUnit: 'Hour' } });
    expect(actionNamed(workflow, 'Time_shown').inputs).toEqual({ baseTime: "@body('Time_later')", sourceTimeZone: 'UTC', destinationTimeZone: 'W. Europe Standard Time', formatString: 'd' });
    expect(actionNamed(workflow, 'Time_plain').inputs).toEqual({ baseTime: "@body('Time_since')", sourceTimeZone: 'UTC', destinationTimeZone: 'UTC' });
    expect((actionNamed(workflow, 'Respond_200').inputs as { body: unknown }).body).toMatchObject({ now: "@body('Time_now')", shown: "@body('Time_shown')" });
  });

  it('refuses a unit the designer does not offer, an amount that is no whole number, a base that is no time, and a shape its word does not take', () => {
    expect(() => emitFlow('  let t = future time 1 year')).toThrow(/JIG2028 'year' is not a unit for 'future time'; use one of seconds, minutes, hours, days, weeks, months\./);
    expect(() => emitFlow('  let t = past time trigger.body.number days')).toThrow(/JIG2020 The amount of 'past time' expects 'integer'/);
    expect(() => emitFlow('  let t = add time 1 day to trigger.body.amount')).toThrow(/JIG2020 .*'datetime' or the text of one/);
    expect(() => emitFlow('  let t = add time 1 day')).toThrow(/'add time N UNIT to TIME'/);
    expect(() => emitFlow('  let t = future time 1 day to trigger.body.number')).toThrow(/'future time N UNIT'/);
    expect(() => emitFlow('  let t = current time 3 days')).toThrow(/JIG1/);
  });

  it('leaves current, add, … plain names elsewhere', () => {
    const workflow = emitFlow('  let add = 1\n  let current = add + 1\n  respond 200 body { n: current }');
    expect((actionNamed(workflow, 'Respond_200').inputs as { body: unknown }).body).toEqual({ n: "@outputs('Compose_current')" });
  });
});

describe('html table, csv table', () => {
  it('→ a Table action of the rows, HTML or CSV, its columns the rows\' fields, read as body()', () => {
    const workflow = emitFlow('  let page = html table trigger.body.lines\n  let sheet = csv table trigger.body.lines @action("Create_CSV_table")\n  respond 200 body { page: page, sheet: sheet }');
    expect(actionNamed(workflow, 'Table_page')).toEqual({ type: 'Table', inputs: { from: "@triggerBody()?['lines']", format: 'HTML' }, runAfter: {} });
    expect(actionNamed(workflow, 'Create_CSV_table')).toMatchObject({ type: 'Table', inputs: { from: "@triggerBody()?['lines']", format: 'CSV' } });
    expect((actionNamed(workflow, 'Respond_200').inputs as { body: unknown }).body).toEqual({ page: "@body('Table_page')", sheet: "@body('Create_CSV_table')" });
  });

  it('with columns → inputs.columns in order, each value read from the row as item()', () => {
    const workflow = emitFlow('  let page = html table trigger.body.lines columns { SKU: item.sku, "Line total": item.qty * item.price, Order: trigger.body.number }\n  respond 200 body page');
    expect(actionNamed(workflow, 'Table_page').inputs).toEqual({
      from: "@triggerBody()?['lines']",
      format: 'HTML',
      columns: [
        { header: 'SKU', value: "@item()?['sku']" },
        { header: 'Line total', value: "@mul(item()?['qty'], item()?['price'])" },
        { header: 'Order', value: "@triggerBody()?['number']" },
      ],
    });
  });

  it('leaves html, csv and table plain names elsewhere', () => {
    const workflow = emitFlow('  let table = 1\n  let html = table + 1\n  respond 200 body { n: html }');
    expect((actionNamed(workflow, 'Respond_200').inputs as { body: unknown }).body).toEqual({ n: "@outputs('Compose_html')" });
  });
});

describe('@tracked', () => {
  it("→ the trackedProperties of the step's first action, plain text (an @ written as text)", () => {
    const workflow = emitFlow(`  let order = call http get "https://api.azurewebsites.net/orders" returns Order
    @tracked("recordType", "order") @tracked("source", "@orders")
  for each line in order.lines {
    wait 1 second
  } @tracked("loop", "lines")
  var seen: integer = 0 @tracked("kind", "counter")
  let same = order @tracked("kind", "copy")`);
    expect(actionNamed(workflow, 'Call_order').trackedProperties).toEqual({ recordType: 'order', source: '@@orders' });
    expect(actionNamed(workflow, 'Parse_order').trackedProperties).toBeUndefined();
    expect(actionNamed(workflow, 'For_each_line').trackedProperties).toEqual({ loop: 'lines' });
    expect(actionNamed(workflow, 'Initialize_seen').trackedProperties).toEqual({ kind: 'counter' });
    // A let that would be no action of its own is one, so that its tracked property is not dropped.
    expect(actionNamed(workflow, 'Compose_same').trackedProperties).toEqual({ kind: 'copy' });
  });

  it('refuses a name that is no plain string, a name given twice, and a parallel or a raw action', () => {
    expect(() => emitFlow('  wait 1 second @tracked(id, trigger.body.number)')).toThrow(/JIG2062 '@tracked' takes a name in plain quotes and a value/);
    expect(() => emitFlow('  wait 1 second @tracked("${trigger.body.number}", "a")')).toThrow(/JIG2062/);
    expect(() => emitFlow('  wait 1 second @tracked("id", "a") @tracked("id", "b")')).toThrow(/JIG2063 '@tracked\("id", …\)'/);
    expect(() => emitFlow('  parallel {\n    wait 1 second\n  } and {\n    wait 2 seconds\n  } @tracked("id", "a")')).toThrow(/JIG2060|JIG2061/);
  });
});

describe('counts an expression computes', () => {
  it("wait (EXPR) UNIT → a Wait whose interval.count is the expression; @count(EXPR) → the Until's limit.count, read outside its body", () => {
    const workflow = emitFlow(`  wait pause minutes
  wait (length(trigger.body.lines) + 1) seconds
  var done: boolean = false
  until done {
    set done = true
  } @count(passes)`, { header: 'param pause: integer = 5\nparam passes: integer = 3' });
    expect(actionNamed(workflow, 'Wait_minutes').inputs).toEqual({ interval: { count: "@parameters('pause')", unit: 'Minute' } });
    expect(actionNamed(workflow, 'Wait_seconds').inputs).toEqual({ interval: { count: "@add(length(triggerBody()?['lines']), 1)", unit: 'Second' } });
    expect(actionNamed(workflow, 'Until_done').limit).toEqual({ count: "@parameters('passes')", timeout: 'PT1H' });
  });
});

describe('a status a response computes', () => {
  it("respond (EXPR) → a Response whose statusCode is the expression, valid for the schema and save rules", () => {
    const workflow = emitFlow(`  let probe = call http get "https://crm.azurewebsites.net/health" @outputs
  respond probe.statusCode body probe.body`);
    expect(actionNamed(workflow, 'Respond_status_statusCode').inputs).toEqual({ statusCode: "@outputs('Call_probe')?['statusCode']", body: "@body('Call_probe')" });
  });
});

describe("a Select's rows as values, and result()", () => {
  it('select VALUE → "select": "@…"; result("Try") in the catch → @result(\'Try\')', () => {
    const workflow = emitFlow(`  try {
    call http post "https://crm.azurewebsites.net/orders" body { id: trigger.body.number }
  } catch {
    let failed = result("Try") where item.status == "Failed"
    let names = failed select item.name
    let totals = trigger.body.lines select (item.qty * 2)
    respond 500 body { names: names, totals: totals }
  } @action("Try", "Catch")`);
    const actions = JSON.stringify(workflow.definition.actions);
    expect(actions).toContain(`"from":"@result('Try')"`);
    expect(actions).toContain(`"select":"@item()?['name']"`);
    expect(actions).toContain(`"select":"@mul(item()?['qty'], 2)"`);
  });

  it("refuses result() of an action that holds none, of one that has not run, or of none (JIG4114)", () => {
    for (const [name, problem] of [
      ['Catch', "names 'Catch', which has not run when"],
      ['Nope', "names 'Nope', which is no action of the workflow"],
      ['Call_crm', "names 'Call_crm', a Http action, which holds no actions"],
    ] as const) {
      const text = flowFile(`  try {
    call http post "https://crm.azurewebsites.net/orders" body { id: trigger.body.number } @action("Call_crm")
  } catch {
    let failed = result("${name}") where item.status == "Failed"
    respond 500 body failed
  } @action("Try", "Catch")`);
      const { diagnostics } = emitText(text);
      expect(diagnostics.map((d) => d.code)).toEqual(['JIG4114']);
      expect(diagnostics[0]!.message).toContain(problem);
    }
  });
});

describe('reference checks', () => {
  it('every workflow emitted above passes the WDL schema and save_rules.py', () => {
    expectAllEmittedValid();
  });
});

describe("a var's workflow variable named otherwise (@name)", () => {
  it('names the InitializeVariable, SetVariable and variables(…) it becomes, which a raw action sets by that name', () => {
    const workflow = emitFlow(`  var runs: integer = 0 @name("Run count")
  var note: string = "" @name("email-body") @action("Initialize_note")
  for each line in trigger.body.lines {
    set note = "\${note}\${line.sku};"
  }
  raw action "Reset" {
    "type": "SetVariable",
    "inputs": { "name": "Run count", "value": 0 }
  }
  set runs = runs + 1
  respond 200 body { runs: runs, note: note }`, { data: 'system.operational', trigger: 'trigger http post' });
    expectAllEmittedValid();
    expect(actionNamed(workflow, 'Initialize_Run_count').inputs).toEqual({ variables: [{ name: 'Run count', type: 'Integer', value: 0 }] });
    expect(actionNamed(workflow, 'Initialize_note').inputs).toEqual({ variables: [{ name: 'email-body', type: 'String', value: '' }] });
    expect(JSON.stringify(workflow.definition.actions)).toContain("@variables('Run count')");
    expect(JSON.stringify(workflow.definition.actions)).toContain("@{variables('email-body')}");
  });

  it('belongs on a var only, and takes a name expressions quote, a quote doubled', () => {
    const codes = (body: string) => compileText('test.jig', flowFile(body, { data: 'system.operational' }), { policy }).diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(codes('  let x = 1 @name("X")\n  respond 200')).toEqual(expect.arrayContaining([expect.stringMatching(/^JIG\d{4} .*@name.*a param or a 'var'/)]));
    expect(codes(`  var x: integer = 0 @name("")\n  respond 200`)).toEqual(expect.arrayContaining([expect.stringMatching(/1 to 80 characters, neither starting with @ nor holding @\{, e\.g\. @name\("Output of POST"\)/)]));
    expect(codes(`  var x: integer = 0 @name("it's")\n  respond 200`).filter((d) => d.startsWith('JIG2'))).toEqual([]);
    expect(JSON.stringify(emitFlow(`  var x: integer = 0 @name("it's")\n  set x = x * 2\n  respond 200 body { x: x }`).definition)).toContain("variables('it''s')");
  });
});
