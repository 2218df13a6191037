/** SharePoint: "Create item" and "When an item is created", in the connector's JSON (connectors/sharepoint.ts). */
import { describe, expect, it } from 'vitest';
import { actionNamed, emitFixtureProject, emitFlow, expectAllEmittedValid, flowFile, policy } from './helpers.js';
import { compileText } from '../../compiler/src/compilation.js';
import { referenceSchemaErrors, saveRuleFindings } from '../validate/reference-checks.js';

const host = { connection: { name: "@parameters('$connections')['sharepointonline']['connectionId']" } };
const site = 'https://contoso.sharepoint.com/sites/sales';
const encodedSite = `@{encodeURIComponent(encodeURIComponent('${site}'))}`;

describe('store EXPR in sharepoint(…)', () => {
  // A policy that allows SharePoint lists; §8's JIG3805 (no expiry) is left out here, where the JSON is what is tested.
  const permissive = { ...policy, allowedStores: ['cosmos', 'sharepoint'], rules: new Map([...policy.rules].filter(([id]) => id !== 's08-retention')) };
  const compile = (body: string) => compileText('test.jig', flowFile(body), { policy: permissive, project: emitFixtureProject });

  it("→ Create item, the site and list encoded twice, the value's fields the item's columns", () => {
    const compilation = compile(`  store { Title: trigger.body.number, Amount: trigger.body.amount } in sharepoint("${site}", "Orders")`);
    expect(compilation.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const workflow = compilation.emit().workflows[0]!;
    expect(actionNamed(workflow, 'Store_Title_in_Orders')).toMatchObject({
      type: 'ApiConnection',
      inputs: {
        host,
        method: 'post',
        path: `/datasets/${encodedSite}/tables/@{encodeURIComponent(encodeURIComponent('Orders'))}/items`,
        body: { Title: "@triggerBody()?['number']", Amount: "@triggerBody()?['amount']" },
      },
    });
    expect(workflow.connections).toEqual(['sharepointonline']);
    expect(referenceSchemaErrors(workflow.definition)).toEqual([]);
    expect(saveRuleFindings([{ name: workflow.name, json: { definition: workflow.definition, parameters: workflow.parameterValues } }])).toEqual([]);
  });

  it("is a store §8 cannot expire, and a site of a tenant jig.yaml does not name is a third party (§3)", () => {
    const strict = { ...policy, allowedStores: ['cosmos', 'sharepoint'] };
    const text = flowFile(`  store { Title: trigger.body.number } in sharepoint("${site}", "Orders")
  store { Title: trigger.body.number } in sharepoint("https://fabrikam.sharepoint.com/sites/x", "Orders")`);
    const found = compileText('test.jig', text, { policy: strict, project: emitFixtureProject }).diagnostics.map((d) => `${d.code} ${text.slice(d.range.start, d.range.end).slice(0, 22)}`);
    expect(found).toEqual([
      'JIG3805 sharepoint("https://co',
      'JIG3301 sharepoint("https://fa',
      'JIG3805 sharepoint("https://fa',
    ]);
  });

  it('refuses a site that is not an https address, and a query or delete of a list', () => {
    const text = flowFile(`  store trigger.body in sharepoint("contoso/sales", "Orders")
  let items = query sharepoint("${site}", "Orders") returns Order[]`);
    const found = compileText('test.jig', text, { policy, project: emitFixtureProject }).diagnostics.filter((d) => d.code === 'JIG2030');
    expect(found.map((d) => d.message)).toEqual([
      "A SharePoint site is named by its address, 'https://TENANT.sharepoint.com/sites/NAME'.",
      "Only cosmos(…) can be queried, not 'sharepoint'. Did you mean 'cosmos'?",
    ]);
  });
});

describe('trigger sharepoint(…)', () => {
  it('→ When an item is created, polling every 3 minutes, split on the items; trigger.body is one item', () => {
    const workflow = emitFlow('  store { number: trigger.body.number } in cosmos("jigajob", "orders")', {
      trigger: `trigger sharepoint("${site}", "Orders") body Order`,
    });
    expect(workflow.definition.triggers).toEqual({
      When_an_item_is_created: {
        type: 'ApiConnection',
        inputs: { host, method: 'get', path: `/datasets/${encodedSite}/tables/@{encodeURIComponent(encodeURIComponent('Orders'))}/onnewitems` },
        recurrence: { frequency: 'Minute', interval: 3 },
        splitOn: "@triggerBody()?['value']",
        runtimeConfiguration: { secureData: { properties: ['inputs', 'outputs'] } },
      },
    });
    expect(actionNamed(workflow, 'Store_number_in_orders').inputs).toMatchObject({ body: { number: "@triggerBody()?['number']" } });
  });

  it("an item holds what the project's flows store in that list, whatever its type says", () => {
    // The list however its address and name are written: SharePoint's are not case-sensitive.
    for (const [written, list] of [[site, 'Leads'], ['HTTPS://Contoso.SharePoint.com/sites/Sales/', 'leads']]) {
      const text = `
type Lead {
  Title: string @business.transaction
  Owner: string @personal.name @subject(employee)
}
type Title {
  Title: string @business.transaction
}

@purpose(automation, "Keep leads")
@data(business.transaction, personal.name)
@retain(30 days)
flow keep_leads {
  trigger http post body Lead
  store trigger.body in sharepoint("${site}", "Leads") @allow(s02-allowed-stores, "fixture")
  respond 202
}

@purpose(automation, "Copy new leads")
@data(business.transaction)
@retain(30 days)
flow copy_leads {
  trigger sharepoint("${written}", "${list}") body Title
  store trigger.body in cosmos("jigajob", "leads")
}
`;
      const found = compileText('test.jig', text, { policy, project: emitFixtureProject }).diagnostics.filter((d) => d.code === 'JIG3004');
      expect(found.map((d) => d.message), written).toEqual([
        "Category 'personal.name' reaches this flow through trigger.body (flow keep_leads stores it there), but the flow's @data does not declare it.",
      ]);
    }
  });
});

describe('reference checks', () => {
  it('every workflow emitted above passes the WDL schema and save_rules.py', () => {
    expectAllEmittedValid();
  });
});
