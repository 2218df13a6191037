/** Event Grid: "When a resource event occurs", in the connector's JSON (connectors/eventgrid.ts). */
import { describe, expect, it } from 'vitest';
import { actionNamed, emitFixtureProject, emitFlow, expectAllEmittedValid, flowFile, policy } from './helpers.js';
import { compileText } from '../../compiler/src/compilation.js';

const host = { connection: { name: "@parameters('$connections')['azureeventgrid']['connectionId']" } };
const account = '/subscriptions/0b1c2d3e-0000-4000-8000-000000000000/resourceGroups/shop/providers/Microsoft.Storage/storageAccounts/contosodocs';

describe('trigger eventgrid(…)', () => {
  it("a resource's events of one type → a webhook subscription, one run an event; trigger.body is the event's data", () => {
    const workflow = emitFlow('  store { number: trigger.body.number } in cosmos("jigajob", "orders")', {
      trigger: `trigger eventgrid("${account}", "Microsoft.Storage.BlobCreated") body Order`,
    });
    expect(workflow.definition.triggers).toEqual({
      When_a_resource_event_occurs: {
        type: 'ApiConnectionWebhook',
        inputs: {
          host,
          path: "/subscriptions/@{encodeURIComponent('0b1c2d3e-0000-4000-8000-000000000000')}/providers/@{encodeURIComponent('Microsoft.Storage.StorageAccounts')}/resource/eventSubscriptions",
          queries: { 'x-ms-api-version': '2017-09-15-preview' },
          body: {
            properties: {
              topic: account,
              destination: { endpointType: 'webhook', properties: { endpointUrl: '@{listCallbackUrl()}' } },
              filter: { includedEventTypes: ['Microsoft.Storage.BlobCreated'] },
            },
          },
        },
        splitOn: '@triggerBody()',
        runtimeConfiguration: { secureData: { properties: ['inputs', 'outputs'] } },
      },
    });
    expect(actionNamed(workflow, 'Store_number_in_orders').inputs).toMatchObject({ body: { number: "@triggerBody()?['data']?['number']" } });
    expect(workflow.connections).toEqual(['azureeventgrid', 'documentdb']);
  });

  it("a resource group's events of every type: no filter", () => {
    const workflow = emitFlow('  store { number: trigger.body.number } in cosmos("jigajob", "orders")', {
      trigger: 'trigger eventgrid("/subscriptions/0b1c2d3e-0000-4000-8000-000000000000/resourceGroups/shop") body Order',
    });
    const trigger = workflow.definition.triggers['When_a_resource_event_occurs'] as unknown as { inputs: { path: string; body: { properties: Record<string, unknown> } } };
    expect(trigger.inputs.path).toContain("@{encodeURIComponent('Microsoft.Resources.ResourceGroups')}");
    expect(trigger.inputs.body.properties['filter']).toBeUndefined();
  });

  it('refuses what is not the resource id of a kind the connector subscribes to', () => {
    const text = flowFile('  respond 202', { trigger: 'trigger eventgrid("/subscriptions/s/resourceGroups/shop/providers/Microsoft.Web/sites/app")' });
    const found = compileText('test.jig', text, { policy, project: emitFixtureProject }).diagnostics.filter((d) => d.code === 'JIG2030');
    expect(found.map((d) => d.message)).toEqual([
      "An Event Grid source is a resource id ('/subscriptions/ID/resourceGroups/GROUP[/providers/PROVIDER/TYPE/NAME]') of a resource group, Microsoft.EventGrid.Topics, Microsoft.Storage.StorageAccounts, Microsoft.KeyVault.vaults, Microsoft.MachineLearningServices.Workspaces.",
    ]);
  });

  it("an event without a type is unknown: it holds every category the flow declares, and a secondary flow cannot filter it (§6)", () => {
    const text = `
@purpose(analytics, "Count events")
@data(business.transaction, aggregate.anonymized)
@retain(1 year)
flow count_events {
  trigger eventgrid("${account}")
  store trigger.body in cosmos("jigajob", "events")
}
`;
    const codes = compileText('test.jig', text, { policy, project: emitFixtureProject }).diagnostics.map((d) => `${d.code} ${text.slice(d.range.start, d.range.end).slice(0, 16)}`);
    expect(codes).toEqual(['JIG3601 trigger eventgri', 'JIG3401 trigger.body']);
  });
});

describe('reference checks', () => {
  it('every workflow emitted above passes the WDL schema and save_rules.py', () => {
    expectAllEmittedValid();
  });
});
