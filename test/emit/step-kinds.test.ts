/** Emission of step kinds real workflows use: a connector's webhook, app settings. */
import { describe, expect, it } from 'vitest';
import { actionNamed, emitFixtureProject, emitFlow, emitText, expectAllEmittedValid, flowFile, policy } from './helpers.js';
import { compileText } from '../../compiler/src/compilation.js';

/** A flow of operational data, with an untyped body: what it sends to a connector or a URL Jig cannot know is no finding. */
const OPERATIONAL = { trigger: 'trigger http post', data: 'system.operational' };

describe('call connector … webhook', () => {
  it('→ an ApiConnectionWebhook: host, path, body, no method; @timeout and @retry as on any call; its answer is its body, read as it came', () => {
    // Not Office 365's connection: what it answers holds the mailbox's categories (rule 2), which an
    // operational flow does not declare; the JSON is the same for any connection. A connection Jig
    // cannot identify may be Key Vault's, so the let says its answer holds no secret.
    const workflow = emitFlow(`  let answer = call connector "approvals" webhook "/approvalmail/$subscriptions"
    body { NotificationUrl: listCallbackUrl(), Message: { To: "boss@contoso.example", Subject: "Order \${trigger.body.number}", Options: "Approve, Reject" } }
    @timeout(2 days) @retry(none) @declassify(secret, "The approver's choice holds no key")
  respond 200 body { choice: answer.SelectedOption }`, OPERATIONAL);
    expect(actionNamed(workflow, 'Call_answer')).toEqual({
      type: 'ApiConnectionWebhook',
      runAfter: {},
      inputs: {
        host: { connection: { name: "@parameters('$connections')['approvals']['connectionId']" } },
        path: '/approvalmail/$subscriptions',
        body: { NotificationUrl: '@listCallbackUrl()', Message: { To: 'boss@contoso.example', Subject: "Order @{triggerBody()?['number']}", Options: 'Approve, Reject' } },
        retryPolicy: { type: 'none' },
      },
      limit: { timeout: 'P2D' },
      // A connection Jig cannot identify may be Key Vault's: its answer is hidden as a secret's.
      runtimeConfiguration: { secureData: { properties: ['inputs', 'outputs'] } },
    });
    // No Compose that checks for a next page: a callback's body is no list operation's page.
    expect(Object.keys(workflow.definition.actions)).toEqual(['Call_answer', 'Respond_200']);
    expect(actionNamed(workflow, 'Respond_200').inputs).toEqual({ statusCode: 200, body: { choice: "@body('Call_answer')?['SelectedOption']" } });
  });

  it("hides its inputs and outputs from run history where its answer may hold what the flow hides (rule 1: any declared category)", () => {
    const workflow = emitFlow(`  call connector "office365" webhook "/approvalmail/$subscriptions" body { NotificationUrl: listCallbackUrl(), Message: { To: "boss@contoso.example" } }
    @action("Ask")`, { trigger: 'trigger http post', data: 'system.operational, personal.name' });
    expect(actionNamed(workflow, 'Ask').runtimeConfiguration).toEqual({ secureData: { properties: ['inputs', 'outputs'] } });
  });

  it('refuses listCallbackUrl() outside a webhook (JIG4115): the service has no callback URL to give', () => {
    const text = flowFile('  call connector "office365" post "/approvalmail" body { NotificationUrl: listCallbackUrl() }', OPERATIONAL);
    const { diagnostics } = emitText(text);
    expect(diagnostics.map((d) => [d.code, text.slice(d.range.start, d.range.end)])).toEqual([['JIG4115', 'call connector "office365" post "/approvalmail" body { NotificationUrl: listCallbackUrl() }']]);
    expect(diagnostics[0]!.message).toBe("listCallbackUrl() in 'Call_office365', a ApiConnection action, has no callback URL to give: only a webhook has one, and Logic Apps refuses to save this workflow.");
  });
});

describe('appsetting()', () => {
  it('→ @appsetting(\'NAME\'), in a URL too', () => {
    const workflow = emitFlow('  call http get "${appsetting("Service-Url")}/orders/${trigger.body.number}" headers { "x-key": appsetting("Service-Key") }', OPERATIONAL);
    expect(actionNamed(workflow, 'Call_orders').inputs).toMatchObject({
      uri: "@{appsetting('Service-Url')}/orders/@{triggerBody()?['number']}",
      headers: { 'x-key': "@appsetting('Service-Key')" },
    });
  });
});

describe('call function METHOD ID', () => {
  it('→ a Function action: its id, the method in capitals, queries, headers and body; named after the function', () => {
    const workflow = emitFlow(`  let converted = call function post "/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/convert-app/functions/ConvertXml"
    queries { format: "json" } headers { "Content-Type": "application/xml" } body trigger.body
    @retry(fixed, 2 times, 5 seconds)
  respond 200 body converted`, OPERATIONAL);
    expect(actionNamed(workflow, 'Call_converted')).toEqual({
      type: 'Function',
      runAfter: {},
      inputs: {
        function: { id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/convert-app/functions/ConvertXml' },
        method: 'POST',
        queries: { format: 'json' },
        headers: { 'Content-Type': 'application/xml' },
        body: '@triggerBody()',
        retryPolicy: { type: 'fixed', count: 2, interval: 'PT5S' },
      },
    });
    const unnamed = emitFlow('  call function get "/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/convert-app/functions/Ping"', OPERATIONAL);
    expect(Object.keys(unnamed.definition.actions)).toEqual(['Call_Ping']);
  });
});

describe('transform xml', () => {
  it("→ an Xslt action: an integration account's map with xsltParameters, a Standard app's map, a Data Mapper map (kind DataMapper); its result is its body", () => {
    const workflow = emitFlow(`  let invoice = transform xml trigger.body.xml with map "OrderToInvoice" parameters { number: trigger.body.number, "max-lines": 10 }
  let stamped = transform xml invoice with app map "Stamp.xslt"
  let mapped = transform xml stamped with data map "Invoice.xslt"
  respond 200 body mapped`, { trigger: 'trigger http post body XmlOrder', header: 'type XmlOrder {\n  number: string @business.transaction\n  xml: string @business.transaction\n}', data: 'business.transaction' });
    expect(actionNamed(workflow, 'Transform_invoice')).toEqual({
      type: 'Xslt',
      runAfter: {},
      inputs: { content: "@triggerBody()?['xml']", integrationAccount: { map: { name: 'OrderToInvoice' } }, xsltParameters: { number: "@triggerBody()?['number']", 'max-lines': 10 } },
    });
    expect(actionNamed(workflow, 'Transform_stamped')).toMatchObject({ type: 'Xslt', inputs: { content: "@body('Transform_invoice')", map: { source: 'LogicApp', name: 'Stamp.xslt' } } });
    expect(actionNamed(workflow, 'Transform_stamped').kind).toBeUndefined();
    expect(actionNamed(workflow, 'Transform_mapped')).toMatchObject({ type: 'Xslt', kind: 'DataMapper', inputs: { content: "@body('Transform_stamped')", map: { source: 'LogicApp', name: 'Invoice.xslt' } } });
    expect(actionNamed(workflow, 'Respond_200').inputs).toEqual({ statusCode: 200, body: "@body('Transform_mapped')" });
  });
});

describe('transform liquid', () => {
  it("→ a Liquid action of the kind given: an integration account's map, a Standard app's map; its result is its body, text for a …ToText kind", () => {
    const workflow = emitFlow(`  let notice = transform liquid "JsonToJson" trigger.body with map "OrderToNotice"
  let text = transform liquid "XmlToText" trigger.body.xml with app map "Order.liquid"
  respond 200 body { notice: notice, length: length(text) }`, { trigger: 'trigger http post body XmlOrder', header: 'type XmlOrder {\n  number: string @business.transaction\n  xml: string @business.transaction\n}', data: 'business.transaction' });
    expect(actionNamed(workflow, 'Transform_notice')).toEqual({
      type: 'Liquid',
      kind: 'JsonToJson',
      runAfter: {},
      inputs: { content: '@triggerBody()', integrationAccount: { map: { name: 'OrderToNotice' } } },
    });
    expect(actionNamed(workflow, 'Transform_text')).toMatchObject({ type: 'Liquid', kind: 'XmlToText', inputs: { content: "@triggerBody()?['xml']", map: { source: 'LogicApp', name: 'Order.liquid' } } });
    expect(actionNamed(workflow, 'Respond_200').inputs).toEqual({ statusCode: 200, body: { notice: "@body('Transform_notice')", length: "@length(body('Transform_text'))" } });
  });

  it('refuses a kind the designer does not write, a Data Mapper map, parameters', () => {
    const text = flowFile(`  let a = transform liquid "JsonToXml" trigger.body with map "M"
  let b = transform liquid "JsonToJson" trigger.body with data map "M"
  let c = transform liquid "JsonToJson" trigger.body with map "M" parameters { n: 1 }`);
    const { diagnostics } = compileText('t.jig', text, { policy, project: emitFixtureProject });
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, text.slice(d.range.start, d.range.end)])).toEqual([
      ['JIG2030', '"JsonToXml"'],
      ['JIG2030', '"M"'],
      ['JIG2030', 'n: 1'],
    ]);
  });
});

describe('reference checks', () => {
  it('every workflow emitted above passes the WDL schema and save_rules.py', () => {
    expectAllEmittedValid();
  });
});

describe('@tracked("NAME", EXPR): a tracked property the service computes', () => {
  it('→ trackedProperties beside plain text: a field of the trigger, an interpolation, a param, a function of them', () => {
    const workflow = emitFlow(
      `  respond 200 body { ok: true }
    @tracked("run", trigger.body.runId) @tracked("label", "run \${trigger.body.runId}") @tracked("region", region)
    @tracked("size", length(trigger.body.runId)) @tracked("kind", "ping")`,
      { ...OPERATIONAL, header: 'param region: string = "west"' },
    );
    expect(actionNamed(workflow, 'Respond_200').trackedProperties).toEqual({
      run: "@triggerBody()?['runId']",
      label: "run @{triggerBody()?['runId']}",
      region: "@parameters('region')",
      size: "@length(triggerBody()?['runId'])",
      kind: 'ping',
    });
    expectAllEmittedValid();
  });

  // Logic Apps refuses tracked properties on an action or trigger with secure inputs or outputs, and
  // ones that reference them (monitor-workflows-collect-diagnostic-data, "Tracked properties").
  const PING = {
    header: 'type Ping {\n  runId: string @system.operational\n  who:   string @personal.name @subject(customer)\n}',
    trigger: 'trigger http post body Ping',
    data: 'system.operational, personal.name',
  };
  it('refuses one on an action Jig hides from run history (JIG4118), plain text too', () => {
    const { diagnostics } = emitText(flowFile('  let who = "Dear ${trigger.body.who}" @tracked("kind", "greeting")\n  respond 200 body who', PING));
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['JIG4118', "'Compose_who' has a tracked property whose inputs or outputs are hidden from run history: Logic Apps does not allow it there."],
    ]);
  });

  it('refuses one that reads a trigger Jig hides from run history (JIG4118), though what it reads is about no one', () => {
    const { diagnostics } = emitText(flowFile('  respond 200 body { ok: true } @tracked("run", trigger.body.runId)', PING));
    expect(diagnostics.map((d) => d.code)).toEqual(['JIG4118']);
    expect(diagnostics[0]!.message).toContain('that reads the trigger');
  });
});

describe('call http … auth { … }', () => {
  it('→ inputs.authentication, its credentials secure parameters, the action hidden from run history (it sends a secret)', () => {
    const workflow = emitFlow(
      `  call http post "https://crm.azurewebsites.net/api/scan"
    auth { type: "ActiveDirectoryOAuth", tenant: "contoso.com", audience: "https://crm.azurewebsites.net", clientId: clientId, secret: clientSecret }
    body trigger.body
    @action("Scan")
  call http get "https://crm.azurewebsites.net/api/health"
    auth { type: "Basic", username: "robot", password: robotPassword }
    @action("Health")`,
      { ...OPERATIONAL, header: 'param clientId: string = "c1"\nparam clientSecret: secret\nparam robotPassword: secret' },
    );
    expect(actionNamed(workflow, 'Scan')).toEqual({
      type: 'Http',
      runAfter: {},
      inputs: {
        method: 'POST',
        uri: 'https://crm.azurewebsites.net/api/scan',
        body: '@triggerBody()',
        authentication: {
          type: 'ActiveDirectoryOAuth',
          tenant: 'contoso.com',
          audience: 'https://crm.azurewebsites.net',
          clientId: "@parameters('clientId')",
          secret: "@parameters('clientSecret')",
        },
      },
      runtimeConfiguration: { secureData: { properties: ['inputs', 'outputs'] } },
    });
    expect((actionNamed(workflow, 'Health').inputs as { authentication: unknown }).authentication).toEqual({ type: 'Basic', username: 'robot', password: "@parameters('robotPassword')" });
    expect(workflow.definition.parameters).toMatchObject({ clientSecret: { type: 'SecureString' }, robotPassword: { type: 'SecureString' } });
    expectAllEmittedValid();
  });
});

describe('call api METHOD ID "PATH" [key SECRET]', () => {
  it('→ an ApiManagement action: api.id, method, pathTemplate without parameters, the key a secure parameter, hidden from run history', () => {
    const workflow = emitFlow(
      `  let order = call api post "/subscriptions/5e1f0a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b/resourceGroups/crm/providers/Microsoft.ApiManagement/service/contoso-apim/apis/orders" "/api/v1/orders"
    key apimKey
    headers { "x-source": "jig" }
    body trigger.body
    @retry(none)
    @declassify(secret, "The orders API answers the order it made, never the key it was sent")
  respond 200 body order`,
      { ...OPERATIONAL, header: 'param apimKey: secret' },
    );
    expect(actionNamed(workflow, 'Call_order')).toEqual({
      type: 'ApiManagement',
      runAfter: {},
      inputs: {
        api: { id: '/subscriptions/5e1f0a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b/resourceGroups/crm/providers/Microsoft.ApiManagement/service/contoso-apim/apis/orders' },
        method: 'post',
        pathTemplate: { template: '/api/v1/orders', parameters: {} },
        subscriptionKey: "@parameters('apimKey')",
        headers: { 'x-source': 'jig' },
        body: '@triggerBody()',
        retryPolicy: { type: 'none' },
      },
      runtimeConfiguration: { secureData: { properties: ['inputs', 'outputs'] } },
    });
    expectAllEmittedValid();
  });
});

describe('agent "CONNECTION" model "DEPLOYMENT" messages EXPR [options] [tools]', () => {
  const AGENT = `  let reply = agent "agent" model "gpt-4o"
    messages [{ role: "system", content: "You answer about runs." }, { role: "user", content: trigger.body.question }]
    options { "agentModelType": "AzureOpenAI", "agentModelSettings": { "deploymentModelProperties": { "name": "gpt-4o" } } }
    tools {
      tool get_run "Get a run by its id" schema { "type": "object", "properties": { "runId": { "type": "string", "description": "The run's id" } }, "required": ["runId"] } {
        let run = call http get "https://runs.contoso.example/runs/\${agentParameters("runId")}"
      }
      tool ping "Check that the service answers" {
        call http get "https://runs.contoso.example/ping"
      }
    }
    @count(10) @timeout(1 hour)
  respond 200 body reply.lastAssistantMessage`;

  it("→ an Agent action: deployment, messages and options in inputs.parameters, the connection in modelConfigurations, each tool's actions, description and schema, the limit; its result the action's outputs", () => {
    const workflow = emitFlow(AGENT, OPERATIONAL);
    expect(actionNamed(workflow, 'Agent_reply')).toEqual({
      type: 'Agent',
      runAfter: {},
      inputs: {
        parameters: {
          deploymentId: 'gpt-4o',
          messages: [{ role: 'system', content: 'You answer about runs.' }, { role: 'user', content: "@triggerBody()?['question']" }],
          agentModelType: 'AzureOpenAI',
          agentModelSettings: { deploymentModelProperties: { name: 'gpt-4o' } },
        },
        modelConfigurations: { model1: { referenceName: 'agent' } },
      },
      tools: {
        get_run: {
          actions: { Call_run: { type: 'Http', runAfter: {}, inputs: { method: 'GET', uri: "https://runs.contoso.example/runs/@{agentParameters('runId')}" } } },
          description: 'Get a run by its id',
          agentParameterSchema: { type: 'object', properties: { runId: { type: 'string', description: "The run's id" } }, required: ['runId'] },
        },
        ping: { actions: { Call_runs: { type: 'Http', runAfter: {}, inputs: { method: 'GET', uri: 'https://runs.contoso.example/ping' } } }, description: 'Check that the service answers' },
      },
      limit: { count: 10, timeout: 'PT1H' },
    });
    expect(actionNamed(workflow, 'Respond_200').inputs).toEqual({ statusCode: 200, body: "@outputs('Agent_reply')?['lastAssistantMessage']" });
    expectAllEmittedValid();
  });

  it('after trigger chat: a Request trigger of kind Agent, which the actions that start the workflow run after', () => {
    const workflow = emitFlow(
      `  var turns: integer = 0
  agent "agent" model "gpt-4o" messages [{ role: "system", content: "You answer about runs." }] @action("Run_agent")
  set turns = 1`,
      { ...OPERATIONAL, trigger: 'trigger chat' },
    );
    expect(workflow.definition.triggers).toEqual({ When_a_new_chat_session_starts: { type: 'Request', kind: 'Agent' } });
    // The action that starts the workflow (the hoisted variable's) runs after the trigger, the others in order.
    expect(actionNamed(workflow, 'Initialize_turns').runAfter).toEqual({ When_a_new_chat_session_starts: ['Succeeded'] });
    expect(actionNamed(workflow, 'Run_agent').runAfter).toEqual({ Initialize_turns: ['Succeeded'] });
    // So does the first action after a raw trigger of kind Agent (as jig import keeps one with inputs Jig does not write), under its own name.
    const raw = emitFlow('  agent "agent" model "gpt-4o" messages [{ role: "system", content: "Hello." }] @action("Hello")', {
      ...OPERATIONAL,
      trigger: 'trigger raw "When_a_new_chat_session_started" { "type": "Request", "kind": "Agent", "inputs": {} }',
    });
    expect(actionNamed(raw, 'Hello').runAfter).toEqual({ When_a_new_chat_session_started: ['Succeeded'] });
    // A chat is answered by its agents: a Response has no request to answer.
    expect(emitText(flowFile('  respond 200', { ...OPERATIONAL, trigger: 'trigger chat' })).diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['JIG4002', expect.stringContaining('a chat')],
    ]);
    expectAllEmittedValid();
  });

  it("a data-subject request flow, which may answer only that the request came, does not start with a chat, which its agents answer", () => {
    const text = `@purpose(automation, "Give a pupil their data")
@data(personal.identifier)
@retain(1 day)
@rights(access, pupil)
flow pupil_chat {
  trigger chat
}
`;
    const { diagnostics } = compileText('t.jig', text, { policy, project: emitFixtureProject });
    expect(diagnostics.filter((d) => d.code === 'JIG2033').map((d) => [text.slice(d.range.start, d.range.end), d.message])).toEqual([
      ['trigger chat', expect.stringContaining('a flow with @rights, which may answer only that the request came, cannot start with a chat')],
    ]);
  });

  it('without tools or a limit: no tools, no limit', () => {
    const workflow = emitFlow('  agent "agent" model "gpt-4o" messages [{ role: "user", content: "Say hello." }] @action("Hello")', OPERATIONAL);
    expect(actionNamed(workflow, 'Hello')).toEqual({
      type: 'Agent',
      runAfter: {},
      inputs: { parameters: { deploymentId: 'gpt-4o', messages: [{ role: 'user', content: 'Say hello.' }] }, modelConfigurations: { model1: { referenceName: 'agent' } } },
    });
    expectAllEmittedValid();
  });
});
