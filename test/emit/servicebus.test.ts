/** Service Bus: "Send message" and the auto-complete triggers, in the connector's JSON (connectors/servicebus.ts). */
import { describe, expect, it } from 'vitest';
import { actionNamed, emitFlow, emitText, expectAllEmittedValid, flowFile, withOptOutMark } from './helpers.js';
import { compileText } from '../../compiler/src/compilation.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';
import { renderTarget } from '../../compiler/src/emit/targets/index.js';

const host = { connection: { name: "@parameters('$connections')['servicebus']['connectionId']" } };
const content = "base64ToString(triggerBody()?['ContentData'])";

describe('send EXPR to servicebus(…)', () => {
  it('a record → Send message with its JSON in base64, the entity encoded twice', () => {
    const workflow = emitFlow('  send trigger.body to servicebus("contoso-orders", "picking") @retry(none)');
    expect(actionNamed(workflow, 'Send_body_to_picking')).toEqual({
      type: 'ApiConnection',
      runAfter: {},
      inputs: {
        host,
        method: 'post',
        path: "/@{encodeURIComponent(encodeURIComponent('picking'))}/messages",
        queries: { systemProperties: 'None' },
        // The flow's @retain (30 days) as the message's time to live, in ticks of 100 ns (§8).
        body: { ContentData: '@{base64(string(triggerBody()))}', ContentType: 'application/json', TimeToLive: '25920000000000' },
        retryPolicy: { type: 'none' },
      },
      // The order holds personal.name, which the policy keeps out of run history.
      runtimeConfiguration: { secureData: { properties: ['inputs', 'outputs'] } },
    });
    expect(workflow.connections).toEqual(['servicebus']);
  });

  it('a string → its text in base64', () => {
    const workflow = emitFlow('  send trigger.body.number to servicebus("contoso-orders", "numbers")');
    expect(actionNamed(workflow, 'Send_number_to_numbers').inputs).toMatchObject({
      body: { ContentData: "@{base64(triggerBody()?['number'])}", ContentType: 'text/plain' },
    });
  });

  it('refuses another kind, a wrong number of names and a computed name', () => {
    const text = flowFile(`  send trigger.body to cosmos("a", "b")
  send trigger.body to servicebus("contoso-orders")
  send trigger.body to servicebus("contoso-orders", "q-\${trigger.body.number}")`);
    const compilation = compileText('test.jig', text, { policy: loadEmbeddedPolicy() });
    expect(compilation.diagnostics.filter((d) => d.code === 'JIG2030').map((d) => [text.slice(d.range.start, d.range.end), d.message])).toEqual([
      ['cosmos', "'cosmos' is not a message queue, topic or Teams channel."],
      ['servicebus("contoso-orders")', 'servicebus(…) takes 2 strings (namespace, queue or topic); found 1.'],
      ['"q-${trigger.body.number}"', 'The servicebus names are fixed at deployment: write them as plain strings, without ${…}.'],
    ]);
  });
});

describe('trigger servicebus(…)', () => {
  it('a queue → When a message is received in a queue (auto-complete); trigger.body is the content read as JSON', () => {
    const workflow = emitFlow('  store trigger.body in cosmos("jigajob", "orders")\n  send trigger.body.number to servicebus("contoso-orders", "numbers")', {
      trigger: 'trigger servicebus("contoso-orders", "orders") body Order',
    });
    expect(workflow.definition.triggers).toEqual({
      When_a_message_is_received_in_a_queue: {
        type: 'ApiConnection',
        inputs: { host, method: 'get', path: "/@{encodeURIComponent(encodeURIComponent('orders'))}/messages/head", queries: { queueType: 'Main' } },
        recurrence: { frequency: 'Minute', interval: 3 },
        // It stores personal data keeping the opt-out mark: its runs start one after another (opt-out-runs-behaviour).
        runtimeConfiguration: { secureData: { properties: ['inputs', 'outputs'] }, concurrency: { runs: 1 } },
      },
    });
    expect(actionNamed(workflow, 'Store_body_in_orders').inputs).toMatchObject({ body: `@setProperty(setProperty(${withOptOutMark(`json(${content})`, 'Read_opt_out_of_Store_body_in_orders')}, 'id', guid()), 'ttl', 2592000)` });
    expect(actionNamed(workflow, 'Send_number_to_numbers').inputs).toMatchObject({ body: { ContentData: `@{base64(json(${content})?['number'])}` } });
  });

  it("a topic's subscription → When a message is received in a topic subscription (auto-complete); a string body is the text", () => {
    const workflow = emitFlow('  send trigger.body to servicebus("contoso-orders", "copies")', {
      trigger: 'trigger servicebus("contoso-orders", "orders", "warehouse") body string',
      data: 'system.operational',
    });
    expect(workflow.definition.triggers).toEqual({
      When_a_message_is_received_in_a_topic_subscription: {
        type: 'ApiConnection',
        inputs: {
          host,
          method: 'get',
          path: "/@{encodeURIComponent(encodeURIComponent('orders'))}/subscriptions/@{encodeURIComponent('warehouse')}/messages/head",
          queries: { subscriptionType: 'Main' },
        },
        recurrence: { frequency: 'Minute', interval: 3 },
      },
    });
    expect(actionNamed(workflow, 'Send_body_to_copies').inputs).toMatchObject({ body: { ContentData: `@{base64(${content})}`, ContentType: 'text/plain' } });
  });

  it('the ARM target creates its connection with the namespace connection string as a secure parameter', () => {
    const { workflows } = emitText(flowFile('  send trigger.body to servicebus("contoso-orders", "picking")'));
    const [file] = renderTarget('arm', workflows);
    const template = JSON.parse(file!.content) as { parameters: Record<string, { type: string }>; resources: { type: string; properties: Record<string, unknown> }[] };
    expect(template.parameters['servicebus_connectionString']?.type).toBe('securestring');
    const connection = template.resources.find((resource) => resource.type === 'Microsoft.Web/connections');
    expect(connection?.properties).toMatchObject({ parameterValues: { connectionString: "[parameters('servicebus_connectionString')]" } });
  });
});

describe('reference checks', () => {
  it('every workflow emitted above passes the WDL schema and save_rules.py', () => {
    expectAllEmittedValid();
  });
});
