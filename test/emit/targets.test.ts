import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeArmLiterals, unescapeArmLiterals } from '../../compiler/src/emit/targets/arm.js';
import { renderTarget, targetOptionsOf, type OutputFile } from '../../compiler/src/emit/targets/index.js';
import { jsonHash } from '../../compiler/src/deploy/hash.js';
import { sampleDefinition, sampleWorkflow } from './targets-fixtures/sample-workflow.js';
import {
  armSchemaErrors,
  definitionsOfArmTemplate,
  referenceSchemaErrors,
  saveRuleFindings,
} from '../validate/reference-checks.js';

const options = { location: 'eastus', connections: { documentdb: { connectionName: 'cosmos-jigajob' } } };

function file(files: OutputFile[], path: string): any {
  const found = files.find((candidate) => candidate.path === path);
  expect(found, `no ${path} among ${files.map((f) => f.path).join(', ')}`).toBeDefined();
  return JSON.parse(found!.content);
}

describe('consumption target', () => {
  const files = renderTarget('consumption', [sampleWorkflow()], options);

  it('writes <flow>.json with the definition and its parameter values', () => {
    expect(files.map((f) => f.path)).toEqual(['invoice_intake.json']);
    const json = file(files, 'invoice_intake.json');
    expect(Object.keys(json)).toEqual(['definition', 'parameters']);
    expect(json.definition).toEqual(sampleDefinition());
    expect(json.parameters.$connections).toEqual({ value: {} });
  });

  it('passes the reference schema and the save rules', () => {
    const json = file(files, 'invoice_intake.json');
    expect(referenceSchemaErrors(json.definition)).toEqual([]);
    expect(saveRuleFindings([{ name: 'consumption', json }])).toEqual([]);
  });

  it('gives the same bytes for the same workflow', () => {
    expect(renderTarget('consumption', [sampleWorkflow()], options)).toEqual(files);
  });
});

describe('arm target', () => {
  const files = renderTarget('arm', [sampleWorkflow()], options);
  const template = file(files, 'invoice_intake.json');
  const [connection, workflow] = template.resources;

  it('is a deployment template with the connection and the workflow resources', () => {
    expect(template.$schema).toBe('https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#');
    expect(template.contentVersion).toBe('1.0.0.0');
    expect(connection).toMatchObject({
      type: 'Microsoft.Web/connections',
      apiVersion: '2016-06-01',
      name: 'cosmos-jigajob',
      location: "[parameters('location')]",
      properties: {
        displayName: 'cosmos-jigajob',
        api: { id: "[subscriptionResourceId('Microsoft.Web/locations/managedApis', parameters('location'), 'documentdb')]" },
        parameterValues: {
          databaseAccount: "[parameters('documentdb_databaseAccount')]",
          accessKey: "[parameters('documentdb_accessKey')]",
        },
      },
    });
    expect(workflow).toMatchObject({
      type: 'Microsoft.Logic/workflows',
      apiVersion: '2019-05-01',
      name: 'invoice_intake',
      properties: { state: 'Enabled' },
      dependsOn: ["[resourceId('Microsoft.Web/connections', 'cosmos-jigajob')]"],
    });
  });

  it('wires $connections to the connection resource', () => {
    expect(workflow.properties.parameters.$connections).toEqual({
      value: {
        documentdb: {
          connectionId: "[resourceId('Microsoft.Web/connections', 'cosmos-jigajob')]",
          connectionName: 'cosmos-jigajob',
          id: "[subscriptionResourceId('Microsoft.Web/locations/managedApis', parameters('location'), 'documentdb')]",
        },
      },
    });
  });

  it('makes a template parameter of the location and of every workflow parameter, secrets without default', () => {
    expect(template.parameters.location).toMatchObject({ type: 'string', defaultValue: 'eastus' });
    expect(template.parameters.approvalsUrl).toEqual({ type: 'string', defaultValue: 'https://approvals.example.com' });
    expect(template.parameters.approvalsKey).toEqual({ type: 'securestring' });
    expect(template.parameters.documentdb_accessKey.type).toBe('securestring');
    expect(template.parameters.documentdb_accessKey.defaultValue).toBeUndefined();
    // A Float travels as a string; the workflow gets the number back through json().
    expect(template.parameters.threshold).toEqual({ type: 'string', defaultValue: '10000.5' });
    expect(workflow.properties.parameters.threshold).toEqual({ value: "[json(parameters('threshold'))]" });
    // The workflow parameter named like the template's own location parameter gets another name.
    expect(template.parameters.location_2).toEqual({ type: 'string', defaultValue: '[[not an expression]' });
    expect(workflow.properties.parameters.location).toEqual({ value: "[parameters('location_2')]" });
  });

  it('points a child workflow parameter at the child workflow of the same resource group', () => {
    expect(template.parameters.workflowId_archive_invoice).toEqual({
      type: 'string',
      defaultValue: "[resourceId('Microsoft.Logic/workflows', 'archive_invoice')]",
    });
  });

  it('defaults the location to the resource group when the project names none', () => {
    const [only] = renderTarget('arm', [sampleWorkflow()], {});
    expect(JSON.parse(only!.content).parameters.location.defaultValue).toBe('[resourceGroup().location]');
  });

  it('escapes definition literals that ARM would evaluate, and nothing else', () => {
    const headers = workflow.properties.definition.actions.Call_approvals.inputs.headers;
    expect(headers).toEqual({ 'x-api-key': "@parameters('approvalsKey')", '[[tag]': '[[literal]' });
    expect(definitionsOfArmTemplate(template)).toEqual([sampleDefinition()]);
  });

  it('tags the workflow with the policy stamp and the definition hash', () => {
    expect(workflow.tags).toEqual({
      'jig-policy-id': 'jigajob',
      'jig-policy-version': '2023-08-27',
      'jig-policy-hash': 'sha256:' + 'a'.repeat(64),
      'jig-definition-hash': jsonHash(sampleDefinition()),
    });
  });

  it('has no connection resource, dependsOn or $connections value for a workflow without connectors', () => {
    const [only] = renderTarget('arm', [sampleWorkflow({ connections: [] })], options);
    const bare = JSON.parse(only!.content);
    expect(bare.resources).toHaveLength(1);
    expect(bare.resources[0].dependsOn).toBeUndefined();
    expect(bare.resources[0].properties.parameters.$connections).toBeUndefined();
  });

  it('passes the official ARM schemas, the reference schema and the save rules', () => {
    expect(armSchemaErrors(template)).toEqual([]);
    for (const definition of definitionsOfArmTemplate(template)) expect(referenceSchemaErrors(definition)).toEqual([]);
    expect(saveRuleFindings([{ name: 'arm', json: template }])).toEqual([]);
  });

  it('is caught by the ARM schema check when a resource is malformed', () => {
    const broken = structuredClone(template);
    broken.resources[1].properties.state = 'Sleeping';
    expect(armSchemaErrors(broken)).not.toEqual([]);
  });
});

describe('standard target', () => {
  const files = renderTarget('standard', [sampleWorkflow()], options);

  it('writes a Logic App project', () => {
    expect(files.map((f) => f.path)).toEqual([
      'invoice_intake/workflow.json',
      'host.json',
      'connections.json',
      'parameters.json',
    ]);
    expect(file(files, 'host.json')).toEqual({
      version: '2.0',
      extensionBundle: { id: 'Microsoft.Azure.Functions.ExtensionBundle.Workflows', version: '[1.*, 2.0.0)' },
    });
  });

  it('writes a Stateful workflow whose connections are references and whose child call is by name', () => {
    const json = file(files, 'invoice_intake/workflow.json');
    expect(json.kind).toBe('Stateful');
    expect(json.definition.actions.Store_invoice.inputs.host).toEqual({ connection: { referenceName: 'documentdb' } });
    expect(json.definition.actions.Call_archive_invoice.inputs.host).toEqual({ workflow: { id: 'archive_invoice' } });
    expect(json.definition.parameters).toEqual({});
    expect(JSON.stringify(json)).not.toContain('$connections');
  });

  it('lists the managed connections the workflows use', () => {
    const { managedApiConnections } = file(files, 'connections.json');
    expect(Object.keys(managedApiConnections)).toEqual(['documentdb']);
    expect(managedApiConnections.documentdb).toEqual({
      api: {
        id: "/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/providers/Microsoft.Web/locations/@{appsetting('WORKFLOWS_LOCATION_NAME')}/managedApis/documentdb",
      },
      connection: {
        id: "/subscriptions/@{appsetting('WORKFLOWS_SUBSCRIPTION_ID')}/resourceGroups/@{appsetting('WORKFLOWS_RESOURCE_GROUP_NAME')}/providers/Microsoft.Web/connections/cosmos-jigajob",
      },
      connectionRuntimeUrl: "@appsetting('documentdb-ConnectionRuntimeUrl')",
      authentication: { type: 'ManagedServiceIdentity' },
    });
  });

  it('writes parameters with secrets as app-setting references, never values', () => {
    const parameters = file(files, 'parameters.json');
    expect(parameters.approvalsKey).toEqual({ type: 'String', value: "@appsetting('approvalsKey')" });
    expect(parameters.approvalsUrl).toEqual({ type: 'String', value: 'https://approvals.example.com' });
    expect(parameters.threshold).toEqual({ type: 'Float', value: 10000.5 });
    expect(parameters.$connections).toBeUndefined();
    // The child workflow is called by name: its id parameter has no use in a Standard app.
    expect(parameters.workflowId_archive_invoice).toBeUndefined();
  });

  it('passes the reference schema and the save rules (as Standard, with parameters.json)', () => {
    const json = file(files, 'invoice_intake/workflow.json');
    expect(referenceSchemaErrors(json.definition)).toEqual([]);
    expect(saveRuleFindings([{ name: 'standard', json }])).toEqual([]);
  });

  it('writes no connections.json when no workflow uses a managed connector', () => {
    const paths = renderTarget('standard', [sampleWorkflow({ connections: [] })], options).map((f) => f.path);
    expect(paths).not.toContain('connections.json');
  });
});

describe('targetOptionsOf', () => {
  it('reads the location and the connection names of a deploy block', () => {
    expect(
      targetOptionsOf({
        location: 'westeurope',
        connections: { documentdb: { connectionName: 'cosmos-x' }, office365: { other: 1 } },
      }),
    ).toEqual({ location: 'westeurope', connections: { documentdb: { connectionName: 'cosmos-x' } } });
    expect(targetOptionsOf(undefined)).toEqual({ connections: {} });
  });
});

describe('ARM literal escaping', () => {
  it('round-trips any JSON value and leaves no string ARM would evaluate', () => {
    const bracketed = fc.oneof(fc.string(), fc.string().map((text) => `[${text}]`), fc.string().map((text) => `[[${text}]`));
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(bracketed, bracketed), (value, record) => {
        for (const input of [value, record]) {
          const escaped = escapeArmLiterals(input);
          expect(unescapeArmLiterals(escaped)).toEqual(input);
          JSON.stringify(escaped, (key, item) => {
            for (const text of [key, item]) {
              if (typeof text === 'string' && text.startsWith('[') && text.endsWith(']')) expect(text.startsWith('[[')).toBe(true);
            }
            return item;
          });
        }
      }),
    );
  });
});
