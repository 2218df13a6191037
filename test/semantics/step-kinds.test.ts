/** Step kinds and functions real workflows use: a connector's webhook, app settings. */
import { describe, expect, test } from 'vitest';
import { analyse, analyseClean, flowOf, only } from './helpers.js';

describe('appsetting()', () => {
  test("is a string that may hold every category the flow declares, whatever its name (rule 1)", () => {
    const r = analyseClean(flowOf('  let u = appsetting("Service-Url")\n  let n = length(appsetting("Other"))'));
    expect(r.typeText('appsetting("Service-Url")')).toBe('string');
    // The flow declares @data(business): every category under it, though the name says nothing.
    expect(r.categories('appsetting("Service-Url")')).toEqual(['business', 'business.contact', 'business.document', 'business.email', 'business.industry', 'business.other', 'business.transaction']);
    expect(r.categories('length(appsetting("Other"))')).toContain('business.transaction');
    expect(only(analyse(flowOf('  let x = appsetting(1)'))).code).toBe('JIG2020');
  });
});

describe('call connector … webhook', () => {
  const webhook = (options = '') =>
    flowOf(`  let answer = call connector "office365" webhook "/approvalmail/$subscriptions"\n    body { NotificationUrl: listCallbackUrl(), Message: { To: "boss@example.com" } }${options}`);

  test('is a connector call: its answer is untyped and unknown, listCallbackUrl() is text about no one', () => {
    const r = analyseClean(webhook());
    expect(r.typeText('listCallbackUrl()')).toBe('string');
    expect(r.categories('listCallbackUrl()')).toEqual([]);
    expect(r.symbolCategories(r.id('answer'))).toContain('business.transaction');
  });

  test('takes @retry and @timeout, not what a webhook has no use for', () => {
    analyseClean(webhook('\n    @timeout(2 days) @retry(none)'));
    for (const annotation of ['@chunked', '@paginate(10)', '@synchronous']) {
      expect(only(analyse(webhook(`\n    ${annotation}`))).code, annotation).toBe('JIG2061');
    }
  });

  test('is a method of call connector only', () => {
    const found = only(analyse(flowOf('  call http webhook "https://example.com/hook"')));
    expect([found.code, found.at]).toEqual(['JIG2030', 'webhook']);
    expect(only(analyse(flowOf('  call service "k" "azureTables" "op" body {}\n  call connector "k" hook "/x"'))).message).toContain("'hook' is not an HTTP method");
  });
});

describe('call function METHOD ID', () => {
  const id = '"/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/app/functions/Convert"';

  test('answers untyped, holding what it was sent and every category the flow declares; takes @retry and @timeout', () => {
    const r = analyseClean(flowOf(`  let converted = call function post ${id} body { n: trigger.body.number }\n    @retry(none) @timeout(1 minute)`));
    expect(r.typeText(`call function post ${id} body { n: trigger.body.number }`)).toBe('any');
    expect(r.symbolCategories(r.id('converted'))).toContain('business.email');
  });

  test("takes get, post, put, patch or delete, a text id, and none of @identity, @chunked, @synchronous", () => {
    expect(only(analyse(flowOf(`  call function head ${id}`))).message).toContain('An Azure function is called with get, post, put, patch or delete.');
    expect(only(analyse(flowOf('  call function post 12'))).code).toBe('JIG2020');
    for (const annotation of ['@identity', '@chunked', '@synchronous', '@paginate(5)']) {
      expect(only(analyse(flowOf(`  call function post ${id}\n    ${annotation}`))).code, annotation).toBe('JIG2061');
    }
  });
});

describe('transform xml', () => {
  test('is untyped and holds what its content and its parameters read, nothing else', () => {
    // (What follows a transform runs because its content was XML, rule 4: `a` comes first.)
    const r = analyseClean(flowOf('  let a = transform xml "<x/>" with app map "A.xslt"\n  let t = transform xml trigger.body.number with map "M" parameters { who: trigger.body.vendorEmail, max: 3 }\n  let d = transform xml t with data map "D.xslt"'));
    expect(r.model.symbolOf(r.id('d'))?.type).toEqual({ kind: 'any' });
    expect(r.symbolCategories(r.id('t'))).toEqual(['business.email', 'business.transaction']);
    expect(r.symbolCategories(r.id('d'))).toEqual(['business.email', 'business.transaction']);
    expect(r.symbolCategories(r.id('a'))).toEqual([]);
  });

  test.each([
    ['let t = transform xml "<x/>" with map "M${1}"', 'JIG2030'],
    ['let t = transform xml "<x/>" with map " "', 'JIG2030'],
    ['let t = transform xml "<x/>" with map "M" parameters { a: 1, a: 2 }', 'JIG2008'],
    ['let t = transform xml "<x/>" with map "M" parameters { a: trigger.body.lines }', 'JIG2020'],
    ['let t = transform xml "<x/>" with app map "M" parameters { k: key }', 'JIG2020'],
  ])('%s → %s', (steps, code) => {
    expect(only(analyse(flowOf(`  ${steps}`))).code).toBe(code);
  });
});

describe('@tracked("NAME", EXPR)', () => {
  test('reads the trigger and params, of any type', () => {
    analyseClean(flowOf('  respond 200 body { ok: true } @tracked("id", trigger.body.id) @tracked("n", trigger.body.amount * 2) @tracked("u", "${url}/x")'));
  });

  test("refuses what another action computed (JIG2078): a let, a var, a loop's item", () => {
    expect(only(analyse(flowOf('  let n = trigger.body.number\n  respond 200 body n @tracked("n", n)'))).code).toBe('JIG2078');
    expect(only(analyse(flowOf('  var n: string = "a"\n  respond 200 body n @tracked("n", "${n}!")'))).code).toBe('JIG2078');
    expect(only(analyse(flowOf('  for each line in trigger.body.lines {\n    wait 1 second @tracked("sku", line.sku)\n  }'))).code).toBe('JIG2078');
  });

  test('refuses a secret (JIG2050): the logs show what they receive', () => {
    expect(only(analyse(flowOf('  respond 200 body { ok: true } @tracked("k", key)'))).code).toBe('JIG2050');
  });
});

describe('call http … auth { … }', () => {
  const call = (auth: string, more = '') => flowOf(`  call http post url\n    auth ${auth}${more}`);

  test('the documented types, their credentials secret params, the rest text', () => {
    analyseClean(call('{ type: "Basic", username: "robot", password: key }'));
    analyseClean(call('{ type: "ClientCertificate", pfx: key }'));
    analyseClean(call('{ type: "ActiveDirectoryOAuth", tenant: "contoso.com", audience: "https://api.contoso.com", clientId: "c1", secret: key }'));
    analyseClean(call('{ type: "Raw", value: key }'));
  });

  test('refuses a credential written as text, a type or a property Logic Apps does not document, a missing one (JIG2030)', () => {
    expect(only(analyse(call('{ type: "Basic", username: "robot", password: "hunter2" }'))).message).toContain("auth's password is a credential: a 'secret' param");
    expect(only(analyse(call('{ type: "Digest", value: key }'))).message).toContain("auth's type is one of");
    expect(only(analyse(call('{ type: "Raw", value: key, realm: "x" }'))).message).toContain('has no realm');
    expect(only(analyse(call('{ type: "Basic", password: key }'))).message).toContain('needs username');
    expect(only(analyse(call('{ type: url, value: key }'))).message).toContain("auth's type is one of");
  });

  test('refuses a second way to authenticate (@identity), and auth on a call that is no call http', () => {
    expect(only(analyse(call('{ type: "Raw", value: key }', '\n    @identity'))).message).toContain('not both');
    expect(only(analyse(flowOf('  call connector "crm" post "/x"\n    auth { type: "Raw", value: key }'))).message).toContain("Only a 'call http' takes auth");
  });
});

describe('call api METHOD ID "PATH" [key SECRET]', () => {
  const API = '"/subscriptions/0000/resourceGroups/crm/providers/Microsoft.ApiManagement/service/contoso-apim/apis/orders"';
  test('an API by its resource id, a plain path, a secret key; its answer untyped and unknown', () => {
    const r = analyseClean(flowOf(`  let answer = call api post ${API} "/orders" key key body trigger.body\n    @retry(none) @timeout(1 minutes)`));
    expect(r.symbolCategories(r.id('answer'))).toContain('business.transaction');
  });

  test('refuses a path with template parameters or computed, a key written as text, options an API call has no use for', () => {
    expect(only(analyse(flowOf(`  call api get ${API} "/orders/{id}"`))).message).toContain("The path of call api is a plain string that starts with '/'");
    expect(only(analyse(flowOf(`  call api get ${API} "orders"`))).message).toContain("starts with '/'");
    expect(only(analyse(flowOf(`  call api get ${API} "/orders" key "8266eb865e6c440e"`))).message).toContain("A call api's key is a credential");
    for (const annotation of ['@identity', '@chunked', '@synchronous', '@paginate(10)']) {
      expect(only(analyse(flowOf(`  call api get ${API} "/orders"\n    ${annotation}`))).code, annotation).toBe('JIG2061');
    }
  });
});

describe('agent "CONNECTION" model "DEPLOYMENT" messages EXPR [options] [tools]', () => {
  const TOOL = `tool lookup "Look an order up" schema { "type": "object", "properties": { "number": { "type": "string" } } } {
        let found = call http get "https://erp.contoso.com/orders/\${agentParameters("number")}"
      }`;
  const agent = (tools = TOOL, more = '') => flowOf(`  let reply = agent "agent" model "gpt-4o"\n    messages [{ role: "user", content: trigger.body.number }]${more}\n    tools {\n      ${tools}\n    }\n  respond 200 body reply.lastAssistantMessage`);

  test("its answer and what it passes a tool are untyped and unknown (rule 1): every category the flow declares", () => {
    const r = analyseClean(agent());
    expect(r.typeText('agentParameters("number")')).toBe('any');
    expect(r.categories('agentParameters("number")')).toContain('business.transaction');
    expect(r.symbolCategories(r.id('reply'))).toContain('business.transaction');
  });

  test('may follow a trigger without a method (`agent` is no method)', () => {
    analyseClean(flowOf('  agent "agent" model "gpt-4o" messages []').replace('trigger http post body Invoice', 'trigger http'));
  });

  test('takes @count and @timeout (its limit), and options written as they are', () => {
    analyseClean(agent(TOOL, '\n    options { "agentModelType": "AzureOpenAI" }'));
    analyseClean(flowOf('  agent "agent" model "gpt-4o" messages [] @count(10) @timeout(1 hour)'));
    expect(only(analyse(flowOf('  agent "agent" model "gpt-4o" messages [] @retry(none)'))).code).toBe('JIG2061');
  });

  test('refuses agentParameters outside a tool or by a name its schema does not give, options that hide an expression, messages that are no list, two tools of one name', () => {
    expect(only(analyse(flowOf('  let x = agentParameters("number")'))).message).toContain('it stands only in the steps of a tool');
    expect(only(analyse(agent(TOOL.replace('agentParameters("number")', 'agentParameters("numbr")')))).message).toBe("The tool 'lookup' has no parameter 'numbr' in its schema.");
    expect(only(analyse(agent(TOOL, '\n    options { "agentModelType": "@parameters(\'model\')" }'))).code).toBe('JIG2086');
    expect(only(analyse(flowOf('  agent "agent" model "gpt-4o" messages "hello"'))).message).toContain('a list of { role, content } records');
    expect(only(analyse(agent(`${TOOL}\n      ${TOOL.replace('found', 'again')}`))).message).toContain("Another tool of this agent is named 'lookup'");
    // Microsoft: "You can't add an agent inline as a tool in another agent."
    expect(only(analyse(agent('tool ask "Ask another model" {\n        agent "agent" model "gpt-4o" messages []\n      }'))).message).toContain("An agent cannot stand in a tool of another agent (here the tool 'ask')");
  });
});
