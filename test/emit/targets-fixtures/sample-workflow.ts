/**
 * A hand-built emitted workflow covering what the targets rewrite: a managed connection, a child
 * workflow call, parameters of every kind and a literal that ARM would take for an expression.
 */
import type { EmittedWorkflow } from '../../../compiler/src/emit/workflow.js';
import type { FlowCallStep, FlowDecl, Node } from '../../../compiler/src/syntax/tree.js';

const range = { start: 0, end: 0 };
const id = (name: string) => ({ kind: 'Identifier' as const, name, range });

export const flowCallStep: FlowCallStep = {
  kind: 'FlowCallStep',
  range: { start: 10, end: 30 },
  annotations: [],
  call: { kind: 'FlowCall', range: { start: 10, end: 30 }, flow: id('archive_invoice') },
};

export const flow: FlowDecl = {
  kind: 'Flow',
  range: { start: 0, end: 100 },
  name: id('invoice_intake'),
  annotations: [],
  body: { kind: 'Block', range, steps: [flowCallStep] },
};

export function sampleDefinition() {
  return {
    $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
    contentVersion: '1.0.0.0',
    parameters: {
      $connections: { type: 'Object', defaultValue: {} },
      approvalsUrl: { type: 'String', defaultValue: 'https://approvals.example.com' },
      approvalsKey: { type: 'SecureString' },
      threshold: { type: 'Float', defaultValue: 10000.5 },
      location: { type: 'String', defaultValue: '[not an expression]' },
      workflowId_archive_invoice: { type: 'String', defaultValue: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Logic/workflows/archive_invoice' },
    },
    triggers: {
      manual: { type: 'Request', kind: 'Http', inputs: { method: 'POST', schema: { type: 'object' } } },
    },
    actions: {
      Store_invoice: {
        type: 'ApiConnection',
        inputs: {
          host: { connection: { name: "@parameters('$connections')['documentdb']['connectionId']" } },
          method: 'post',
          path: "/v2/cosmosdb/@{encodeURIComponent('AccountNameFromSettings')}/dbs/@{encodeURIComponent('jigajob')}/colls/@{encodeURIComponent('invoices')}/docs",
          headers: { 'x-ms-documentdb-is-upsert': true },
          body: "@setProperty(triggerBody(), 'ttl', 31536000)",
        },
        runAfter: {},
      },
      Call_archive_invoice: {
        type: 'Workflow',
        inputs: {
          host: { triggerName: 'manual', workflow: { id: "@parameters('workflowId_archive_invoice')" } },
          body: '@triggerBody()',
        },
        runAfter: { Store_invoice: ['Succeeded'] },
      },
      Call_approvals: {
        type: 'Http',
        inputs: {
          method: 'POST',
          uri: "@parameters('approvalsUrl')",
          headers: { 'x-api-key': "@parameters('approvalsKey')", '[tag]': '[literal]' },
          body: { over: "@greater(triggerBody()?['amount'], parameters('threshold'))" },
        },
        runAfter: { Call_archive_invoice: ['Succeeded'] },
      },
      Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 202 }, runAfter: { Call_approvals: ['Succeeded'] } },
    },
    outputs: {},
    metadata: {
      jig: {
        policy: { id: 'jigajob', version: '2023-08-27', hash: 'sha256:' + 'a'.repeat(64) },
        source: 'invoice_intake.jig',
      },
    },
  };
}

export function sampleWorkflow(overrides: Partial<EmittedWorkflow> = {}): EmittedWorkflow {
  const definition = sampleDefinition();
  return {
    name: 'invoice_intake',
    flow,
    definition,
    parameterValues: {
      $connections: { value: {} },
      workflowId_archive_invoice: { value: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Logic/workflows/archive_invoice' },
    },
    connections: ['documentdb'],
    childFlows: ['archive_invoice'],
    childFlowActions: new Map([['/actions/Call_archive_invoice', 'archive_invoice']]),
    pointers: new Map<Node, string>([[flowCallStep, '/actions/Call_archive_invoice']]),
    ...overrides,
  } as unknown as EmittedWorkflow;
}
