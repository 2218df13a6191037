/**
 * jig import of step kinds real workflows use, both ways: a connector's webhook (an approval mail,
 * an adaptive card that waits for an answer) and app settings; each built again to the same JSON.
 */
import { describe, expect, it } from 'vitest';
import { after, connections, imported, reasons } from './helpers.js';

describe('a connector webhook → call connector "KEY" webhook "PATH"', () => {
  it('an approval mail through $connections, its answer read; a Teams card through a Standard referenceName, with a limit; identical when built again', () => {
    const { body, result } = imported(
      {
        Send_approval_email: {
          type: 'ApiConnectionWebhook',
          inputs: {
            host: { connection: { name: "@parameters('$connections')['office365']['connectionId']" } },
            path: '/approvalmail/$subscriptions',
            body: { NotificationUrl: '@{listCallbackUrl()}', Message: { To: 'boss@contoso.example', Subject: "Approve @{triggerBody()?['name']}", Options: 'Approve, Reject' } },
          },
          runAfter: {},
        },
        Post_card: {
          type: 'ApiConnectionWebhook',
          inputs: {
            host: { connection: { referenceName: 'teams' } },
            path: "/v1.0/teams/conversation/gatherinput/poster/Flow bot/location/@{encodeURIComponent('Channel')}/$subscriptions",
            body: { notificationUrl: '@listCallbackUrl()', body: { messageBody: '{"type": "AdaptiveCard"}', recipient: { groupId: 'g', channelId: 'c' } } },
          },
          limit: { timeout: 'P1D' },
          runAfter: after('Send_approval_email'),
        },
        Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: "@body('Send_approval_email')?['SelectedOption']" }, runAfter: after('Post_card') },
      },
      connections,
    );
    expect(body).toContain('let sendApprovalEmail = call connector "office365" webhook "/approvalmail/\\$subscriptions"');
    expect(body).toContain('NotificationUrl: "${listCallbackUrl()}"');
    expect(body).toContain('call connector "teams" webhook "/v1.0/teams/conversation/gatherinput/poster/Flow bot/location/${encodeUriComponent("Channel")}/\\$subscriptions"');
    expect(body).toContain('@timeout(1 days)');
    expect(body).toContain('respond 200 body sendApprovalEmail.SelectedOption');
    expect(result.rawActions).toEqual([]);
    expect(result.parity?.differences).toEqual([]);
    expect(result.parity?.identical).toBe(true);
  });

  it('stays raw with a method, an unsubscribe request or options Jig does not write', () => {
    const hook = (inputs: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      type: 'ApiConnectionWebhook',
      inputs: { host: { connection: { name: "@parameters('$connections')['office365']['connectionId']" } }, path: '/approvalmail/$subscriptions', body: {}, ...inputs },
      runAfter: {},
      ...extra,
    });
    const { result } = imported(
      {
        With_method: hook({ method: 'post' }),
        With_unsubscribe: hook({ unsubscribe: { method: 'delete', uri: 'https://example.com' } }),
        With_options: hook({}, { operationOptions: 'DisableAsyncPattern' }),
      },
      connections,
    );
    expect(reasons(result)).toEqual({
      With_method: "a webhook's method, which Jig does not write",
      With_unsubscribe: "a connector operation's unsubscribe, which Jig does not write",
      With_options: 'its operationOptions, which Jig does not write',
    });
  });
});

describe('appsetting() → appsetting("NAME")', () => {
  it('in a URL, a header and a subject; identical when built again', () => {
    const { body, result } = imported({
      Get_customer: {
        type: 'Http',
        inputs: { method: 'GET', uri: "@{appsetting('ServiceOne-Url')}/customers/@{triggerBody()?['id']}", headers: { 'x-api-key': "ApiKey @{appsetting('ServiceOne-Key')}" } },
        runAfter: {},
      },
      Subject: { type: 'Compose', inputs: "@{appsetting('Outlook-SubjectPrefix')}: Customer", runAfter: after('Get_customer') },
    });
    expect(body).toContain('call http get "${appsetting("ServiceOne-Url")}/customers/${trigger.body.id}"');
    expect(body).toContain('headers { "x-api-key": "ApiKey ${appsetting("ServiceOne-Key")}" }');
    expect(body).toContain('let subject_ = "${appsetting("Outlook-SubjectPrefix")}: Customer"');
    expect(result.rawActions).toEqual([]);
    expect(result.parity?.identical).toBe(true);
  });
});

describe('a Function action → call function METHOD ID', () => {
  it('with a method or without one (POST, the service\'s default), queries, headers, a retry policy; its answer read; identical when built again', () => {
    const id = '/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/INT001FunctionApp/functions/INT001_XslTransform';
    const { body, result } = imported(
      {
        Transform: {
          type: 'Function',
          inputs: { function: { id }, method: 'POST', body: '@triggerBody()', headers: { 'Content-Type': 'application/xml', 'x-xslt-url': "@parameters('xsltUrl')" }, queries: { key: 'k' } },
          runAfter: {},
        },
        Update: { type: 'Function', inputs: { function: { id }, body: "@body('Transform')", retryPolicy: { type: 'none' } }, runAfter: after('Transform') },
      },
      { xsltUrl: { type: 'String', defaultValue: 'https://maps.example.com/x.xslt' } },
    );
    expect(body).toContain(`let transform = call function post "${id}"`);
    expect(body).toContain(`call function post "${id}"\n    body transform\n    @retry(none)`);
    expect(result.rawActions).toEqual([]);
    expect(result.parity?.differences).toEqual([]);
    expect(result.parity?.identical).toBe(true);
  });

  it('stays raw with inputs Jig does not write', () => {
    const { result } = imported({
      With_auth: { type: 'Function', inputs: { function: { id: '/x' }, method: 'POST', authentication: { type: 'Raw', value: 'k' } }, runAfter: {} },
    });
    expect(reasons(result)).toEqual({ With_auth: 'a function call whose id, method or inputs Jig does not write' });
  });
});

describe('an Xslt action → transform xml', () => {
  it("an integration account's map with parameters, a Standard app's map, a Data Mapper map; identical when built again", () => {
    const { body, result } = imported({
      Transform_XML: {
        type: 'Xslt',
        inputs: { content: "@{triggerBody()?['xml']}", integrationAccount: { map: { name: 'TEST_RehireLeaver' } }, xsltParameters: { city: "@triggerBody()?['city']", count: '1' } },
        runAfter: {},
      },
      Transform_using_Data_Mapper: { type: 'Xslt', kind: 'DataMapper', inputs: { content: "@body('Transform_XML')", map: { source: 'LogicApp', name: 'Customer.xslt' } }, runAfter: after('Transform_XML') },
      Transform_app: { type: 'Xslt', inputs: { content: "@body('Transform_using_Data_Mapper')", map: { source: 'LogicApp', name: 'Plain.xslt' } }, runAfter: after('Transform_using_Data_Mapper') },
      Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: "@body('Transform_app')" }, runAfter: after('Transform_app') },
    });
    expect(body).toContain('let transformXml = transform xml "${trigger.body.xml}" with map "TEST_RehireLeaver"\n    parameters { "city": trigger.body.city, "count": "1" }');
    expect(body).toContain('let transformUsingDataMapper = transform xml transformXml with data map "Customer.xslt"');
    expect(body).toContain('let transformApp = transform xml transformUsingDataMapper with app map "Plain.xslt"');
    expect(result.rawActions).toEqual([]);
    expect(result.parity?.differences).toEqual([]);
    expect(result.parity?.identical).toBe(true);
  });

  it('stays raw with a map Jig does not write: empty, computed, an Azure function\'s, another kind', () => {
    const { result } = imported({
      Empty: { type: 'Xslt', inputs: { content: '<a/>', function: { id: '' }, integrationAccount: { map: { name: '' } } }, runAfter: {} },
      Computed: { type: 'Xslt', inputs: { content: '<a/>', integrationAccount: { map: { name: "@parameters('map')" } } }, runAfter: after('Empty') },
      Other_kind: { type: 'Xslt', kind: 'Other', inputs: { content: '<a/>', map: { source: 'LogicApp', name: 'm' } }, runAfter: after('Computed') },
    }, { map: { type: 'String', defaultValue: 'm' } });
    const why = 'an Xslt whose map, kind or inputs Jig does not write';
    expect(reasons(result)).toEqual({ Empty: why, Computed: why, Other_kind: why });
  });
});

describe('a Liquid action → transform liquid', () => {
  it("an integration account's map, a Standard app's map, each of its kind; identical when built again", () => {
    const { body, result } = imported({
      Transform_JSON_to_JSON: { type: 'Liquid', kind: 'JsonToJson', inputs: { content: '@triggerBody()', integrationAccount: { map: { name: 'NotificationMap' } } }, runAfter: {} },
      Transform_to_text: {
        type: 'Liquid',
        kind: 'JsonToText',
        inputs: { content: "@body('Transform_JSON_to_JSON')", map: { source: 'LogicApp', name: 'notice.liquid' } },
        runAfter: after('Transform_JSON_to_JSON'),
      },
      Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: "@body('Transform_to_text')" }, runAfter: after('Transform_to_text') },
    });
    expect(body).toContain('let transformJsonToJson = transform liquid "JsonToJson" trigger.body with map "NotificationMap"');
    expect(body).toContain('let transformToText = transform liquid "JsonToText" transformJsonToJson with app map "notice.liquid"');
    expect(result.rawActions).toEqual([]);
    expect(result.parity).toEqual({ identical: true, differences: [] });
  });

  it('stays raw with a kind the designer does not write, a map Jig does not write, or more inputs', () => {
    const { result } = imported({
      Other_kind: { type: 'Liquid', kind: 'JsonToXml', inputs: { content: '{}', integrationAccount: { map: { name: 'm' } } }, runAfter: {} },
      Computed: { type: 'Liquid', kind: 'JsonToJson', inputs: { content: '{}', integrationAccount: { map: { name: "@parameters('map')" } } }, runAfter: after('Other_kind') },
      Schema: { type: 'Liquid', kind: 'JsonToJson', inputs: { content: '{}', integrationAccount: { map: { name: 'm' } }, transformedContentSchema: {} }, runAfter: after('Computed') },
    }, { map: { type: 'String', defaultValue: 'm' } });
    const why = 'a Liquid action whose map, kind or inputs Jig does not write';
    expect(reasons(result)).toEqual({ Other_kind: why, Computed: why, Schema: why });
  });
});

describe('computed tracked properties → @tracked("NAME", EXPR)', () => {
  it("a field of the trigger, interpolated or whole, beside plain text; identical when built again", () => {
    const { body, result } = imported({
      Get_customer: {
        type: 'Http',
        inputs: { method: 'GET', uri: 'https://api-contoso.azurewebsites.net/customers' },
        runAfter: {},
        trackedProperties: { recordType: 'customer', recordId: "@{triggerBody()?['customerId']}", correlationId: "@triggerBody()?['correlationId']" },
      },
    });
    expect(body).toContain('@tracked("recordType", "customer")');
    expect(body).toContain('@tracked("recordId", "${trigger.body.customerId}")');
    expect(body).toContain('@tracked("correlationId", trigger.body.correlationId)');
    expect(result.rawActions).toEqual([]);
    expect(result.parity).toEqual({ identical: true, differences: [] });
  });

  it("one that reads another action's output stays raw: Logic Apps does not allow it (JIG2078)", () => {
    const { result } = imported({
      Compose: { type: 'Compose', inputs: "@triggerBody()?['id']", runAfter: {} },
      Tracked: { type: 'Compose', inputs: 'x', runAfter: after('Compose'), trackedProperties: { id: "@outputs('Compose')" } },
    });
    expect(result.rawActions).toEqual(['Tracked']);
    expect(reasons(result).Tracked).toMatch(/JIG2078/);
  });
});

describe("an Http action's authentication → call http … auth { … }", () => {
  it('credentials read from secure parameters: written as they are, identical when built again', () => {
    const { body, result } = imported(
      {
        HTTP: {
          type: 'Http',
          inputs: { method: 'GET', uri: 'https://api-contoso.azurewebsites.net/x', authentication: { type: 'Basic', username: 'robot', password: "@parameters('password')" } },
          runAfter: {},
        },
        HTTP_2: {
          type: 'Http',
          inputs: { method: 'GET', uri: 'https://api-contoso.azurewebsites.net/y', authentication: { type: 'ActiveDirectoryOAuth', tenant: 'contoso.com', audience: 'https://api', clientId: 'c1', secret: "@parameters('secret')" } },
          runAfter: after('HTTP'),
        },
      },
      { password: { type: 'SecureString' }, secret: { type: 'SecureString' } },
    );
    expect(body).toContain('auth { type: "Basic", username: "robot", password: password }');
    expect(body.replace(/\s+/g, ' ')).toContain('auth { type: "ActiveDirectoryOAuth", tenant: "contoso.com", audience: "https://api", clientId: "c1", secret: secret }');
    expect(result.rawActions).toEqual([]);
    expect(result.parity).toEqual({ identical: true, differences: [] });
  });

  it('a credential written as text moves into a secure parameter of its own: a difference the report names, the text shown nowhere', () => {
    const { result } = imported({
      HTTP: { type: 'Http', inputs: { method: 'GET', uri: 'https://api-contoso.azurewebsites.net/x', authentication: { type: 'Raw', value: 'myauthheader' } }, runAfter: {} },
      Cert: { type: 'Http', inputs: { method: 'GET', uri: 'https://api-contoso.azurewebsites.net/y', authentication: { type: 'ClientCertificate', pfx: 'pfxcontent', password: '' } }, runAfter: after('HTTP') },
    });
    expect(result.text).toContain('param HTTP_value: secret');
    expect(result.text).toContain('auth { type: "Raw", value: HTTP_value }');
    expect(result.text).toContain('auth { type: "ClientCertificate", pfx: Cert_pfx, password: Cert_password }');
    expect(result.rawActions).toEqual([]);
    expect(result.movedCredentials).toEqual([
      { action: 'HTTP', at: 'inputs.authentication.value', parameter: 'HTTP_value' },
      { action: 'Cert', at: 'inputs.authentication.pfx', parameter: 'Cert_pfx' },
      { action: 'Cert', at: 'inputs.authentication.password', parameter: 'Cert_password' },
    ]);
    expect(result.parity?.identical).toBe(false);
    expect(result.parity?.differences.map((d) => [d.action, d.at, d.original])).toEqual([
      ['HTTP', 'inputs.authentication.value', 'a credential written as text (not shown)'],
      ['Cert', 'inputs.authentication.pfx', 'a credential written as text (not shown)'],
      ['Cert', 'inputs.authentication.password', 'a credential written as text (not shown)'],
    ]);
    expect(JSON.stringify(result)).not.toContain('myauthheader');
    expect(JSON.stringify(result)).not.toContain('pfxcontent');
  });
});

describe('an ApiManagement action → call api METHOD ID "PATH" [key KEY]', () => {
  const api = '/subscriptions/FAKE/resourceGroups/Api-Default/providers/Microsoft.ApiManagement/service/apiminstancename/apis/58985740990a990dd41e5392';
  const upload = (subscriptionKey: string) => ({
    type: 'ApiManagement',
    inputs: {
      api: { id: api },
      body: { attachment: { data: "@{triggerBody()['data']}" } },
      method: 'post',
      pathTemplate: { parameters: {}, template: '/api/v1/relacom/rest/UploadAttachment' },
      subscriptionKey,
    },
    runAfter: {},
  });

  it('a key read from a secure parameter: identical when built again', () => {
    const { body, result } = imported({ Upload: upload("@parameters('apimKey')") }, { apimKey: { type: 'SecureString' } });
    expect(body).toContain(`call api post "${api}" "/api/v1/relacom/rest/UploadAttachment"`);
    expect(body).toContain('key apimKey');
    expect(result.rawActions).toEqual([]);
    expect(result.parity).toEqual({ identical: true, differences: [] });
  });

  it('a key written as text (every corpus case) moves into a secure parameter: a difference the report names, the key shown nowhere', () => {
    const { result } = imported({ Upload: upload('8266eb865e6c440eb007067773e6890b') });
    expect(result.text).toContain('param Upload_subscriptionKey: secret');
    expect(result.text).toContain('key Upload_subscriptionKey');
    expect(result.rawActions).toEqual([]);
    expect(result.movedCredentials).toEqual([{ action: 'Upload', at: 'inputs.subscriptionKey', parameter: 'Upload_subscriptionKey' }]);
    expect(result.parity?.differences.map((d) => [d.action, d.at])).toEqual([['Upload', 'inputs.subscriptionKey']]);
    expect(JSON.stringify(result)).not.toContain('8266eb865e6c440e');
  });

  it('a path template with parameters stays raw', () => {
    const action = upload("@parameters('apimKey')");
    const { result } = imported({ Upload: { ...action, inputs: { ...action.inputs, pathTemplate: { template: '/orders/{id}', parameters: { id: '1' } } } } }, { apimKey: { type: 'SecureString' } });
    expect(reasons(result)).toEqual({ Upload: 'an API Management call whose API, path template or inputs Jig does not write' });
  });
});

describe('an Agent action → agent "CONNECTION" model "DEPLOYMENT" messages … [options] [tools]', () => {
  const agent = (extra: Record<string, unknown> = {}, inputs: Record<string, unknown> = {}) => ({
    type: 'Agent',
    inputs: {
      parameters: {
        deploymentId: 'gpt-5-mini',
        messages: [
          { role: 'system', content: 'You are a product return agent.' },
          { role: 'user', content: "This is the request - @{triggerBody()?['orderId']}" },
        ],
        agentModelType: 'AzureOpenAI',
        agentModelSettings: { deploymentModelProperties: { name: 'gpt-5-mini', format: 'OpenAI', version: '2025-08-07' } },
      },
      modelConfigurations: { model1: { referenceName: 'agent' } },
      ...inputs,
    },
    tools: {
      Get_order_details: {
        actions: {
          Call_GetOrderHistory_Workflow: { type: 'Workflow', inputs: { host: { workflow: { id: 'GetOrderHistory' } }, body: { orderId: "@agentParameters('orderId')" } } },
        },
        description: 'Get order details',
        agentParameterSchema: { type: 'object', properties: { orderId: { type: 'string', description: 'Order ID' } }, required: ['orderId'] },
      },
      Get_return_policy: { actions: { Return_Policy: { type: 'Compose', inputs: 'Returns within 30 days.' } }, description: 'Get the return policy' },
    },
    limit: { count: 100 },
    runAfter: {},
    ...extra,
  });

  it("its connection, deployment, messages, options, tools (their actions reading agentParameters) and limit; its answer read; identical when built again", () => {
    const { body, result } = imported({
      Product_Return_Agent: agent(),
      Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: "@outputs('Product_Return_Agent')?['lastAssistantMessage']" }, runAfter: after('Product_Return_Agent') },
    });
    expect(body).toContain('let productReturnAgent = agent "agent" model "gpt-5-mini"');
    expect(body).toContain('content: "This is the request - ${trigger.body.orderId}"');
    expect(body).toContain('tool Get_order_details "Get order details" schema {');
    expect(body).toContain('body { orderId: agentParameters("orderId") }');
    expect(body).toMatch(/\n {4}@count\(100\)\n {4}@action\("Product_Return_Agent"\)\n/);
    expect(body).toContain('respond 200 body productReturnAgent.lastAssistantMessage');
    // agentParameters('orderId') reads no parameter of the workflow.
    expect(result.text).not.toContain('param orderId');
    // The tools' actions count as actions, written in Jig.
    expect([result.actionCount, result.expressedCount]).toEqual([4, 4]);
    expect(result.rawActions).toEqual([]);
    expect(result.parity).toEqual({ identical: true, differences: [] });
  });

  it('stays raw with a model Jig cannot name, options that compute, a tool that is more than actions (an MCP server, a handoff)', () => {
    const { result } = imported({
      No_connection: agent({}, { modelConfigurations: { model1: { referenceName: '' } } }),
      Computed_options: agent({ runAfter: after('No_connection') }, { parameters: { deploymentId: 'gpt-4o', messages: [], agentModelType: "@parameters('modelType')" } }),
      Mcp: agent({ runAfter: after('Computed_options'), tools: { Server: { type: 'McpClientTool', kind: 'BuiltIn', inputs: {} } } }),
    }, { modelType: { type: 'String', defaultValue: 'AzureOpenAI' } });
    expect(reasons(result)).toEqual({
      No_connection: 'an agent whose model Jig cannot name (no agent connection of connections.json)',
      Computed_options: "an agent's options that compute (an expression), which Jig does not write",
      Mcp: "its tool 'Server', with more than actions, a description and a schema (an MCP server, a handoff), which Jig does not write",
    });
  });
});
