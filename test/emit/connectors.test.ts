/**
 * What the emitter reads from and writes to a connector is what the connector's own definition
 * says: the Office 365 operations and message shapes are checked against an excerpt of the
 * connector's swagger (test/fixtures/connectors/, taken from Azure/LogicAppsUX, whose source it
 * names), through workflows the compiler really emits.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { mailType } from '../../compiler/src/semantics/builtin-types.js';
import { typeToString } from '../../compiler/src/semantics/types.js';
import { actionNamed, emitFlow, expectAllEmittedValid, policy } from './helpers.js';

interface SwaggerProperty {
  readonly type: string;
  readonly format?: string;
}
interface SwaggerOperation {
  readonly path: string;
  readonly method: string;
  readonly operationId: string;
  readonly 'x-ms-trigger'?: string;
  readonly 'x-ms-notification'?: { operationId: string };
  readonly parameters: readonly { name: string; in: string; schema?: { $ref: string } }[];
  readonly responses: Record<string, { schema: { $ref: string } }>;
}
interface SwaggerExcerpt {
  readonly operations: readonly SwaggerOperation[];
  readonly definitions: Record<string, { required?: string[]; properties: Record<string, SwaggerProperty & { items?: { $ref: string } }> }>;
}

const swagger = JSON.parse(
  readFileSync(new URL('../fixtures/connectors/office365.swagger-excerpt.json', import.meta.url), 'utf8'),
) as SwaggerExcerpt;
const operation = (id: string) => swagger.operations.find((candidate) => candidate.operationId === id)!;
const definition = (ref: string) => swagger.definitions[ref.replace('#/definitions/', '')]!;
/** An operation's path as a Logic Apps workflow writes it: without the `/{connectionId}` prefix. */
const workflowPath = (op: SwaggerOperation) => op.path.replace('/{connectionId}', '');

const trigger = operation('OnNewEmailV3');
const batch = definition(trigger.responses['200']!.schema.$ref);
const [batchProperty] = Object.keys(batch.properties);
const message = definition(batch.properties[batchProperty!]!.items!.$ref);

afterAll(() => expectAllEmittedValid());

describe('the Office 365 mail trigger and Mail', () => {
  it('Mail has a field for every property of the V3 trigger\'s message, of its type', () => {
    const fields = mailType(policy).fields;
    // Attachments: the trigger is emitted with includeAttachments false, so it brings none.
    const expected = Object.keys(message.properties).filter((name) => name !== 'attachments');
    expect([...fields.keys()].sort()).toEqual(expected.sort());
    for (const [name, field] of fields) {
      const property = message.properties[name]!;
      const jig = property.type === 'boolean' ? 'boolean' : property.format === 'date-time' ? 'datetime' : 'string';
      expect(typeToString(field.type).replace(/\?$/, ''), name).toBe(jig);
    }
  });

  it('reading each field of the mail reads that property of the message the trigger splits on', () => {
    const names = [...mailType(policy).fields.keys()];
    const workflow = emitFlow(`  store { ${names.map((name) => `${name}: trigger.body.${name}`).join(', ')} } in cosmos("db", "mails") @subject(sender, from)`, {
      trigger: 'trigger mail office365 folder "Invoices"',
      data: 'business, personal, system.operational',
    });
    const emitted = workflow.definition.triggers.When_a_new_email_arrives!;
    expect(emitted.splitOn).toBe(`@triggerBody()?['${batchProperty}']`);
    const body = (actionNamed(workflow, 'Store_from_in_mails').inputs as { body: Record<string, string> }).body;
    for (const name of names) expect(body[name]).toBe(`@triggerBody()?['${name}']`);
  });

  it('the trigger is the V3 operation, a notification trigger with its subscription, and sets only its parameters', () => {
    const workflow = emitFlow('  store { id: trigger.body.id } in cosmos("db", "mails")', {
      trigger: 'trigger mail office365 folder "Invoices"',
      data: 'business, personal, system.operational',
    });
    const inputs = workflow.definition.triggers.When_a_new_email_arrives!.inputs as {
      fetch: { method: string; pathTemplate: { template: string }; queries: Record<string, unknown> };
      subscribe: { method: string; pathTemplate: { template: string }; queries: Record<string, unknown> };
    };
    expect(trigger['x-ms-trigger']).toBe('batch');
    expect(inputs.fetch.method).toBe(trigger.method);
    expect(inputs.fetch.pathTemplate.template).toBe(workflowPath(trigger));
    const subscription = operation(trigger['x-ms-notification']!.operationId);
    expect(inputs.subscribe.method).toBe(subscription.method);
    expect(inputs.subscribe.pathTemplate.template).toBe(workflowPath(subscription));
    const queryNames = (op: SwaggerOperation) => op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
    for (const name of Object.keys(inputs.fetch.queries)) expect(queryNames(trigger)).toContain(name);
    for (const name of Object.keys(inputs.subscribe.queries)) expect(queryNames(subscription)).toContain(name);
    expect(inputs.fetch.queries.folderPath).toBe('Invoices');
  });
});

describe('send mail', () => {
  it('posts the V2 send operation a body with its property names, every required one included', () => {
    const send = operation('SendEmailV2');
    const workflow = emitFlow('  send mail office365 to trigger.body.from subject "Re: ${trigger.body.subject}" body "Thanks"', {
      trigger: 'trigger mail office365 folder "Invoices"',
      data: 'business, personal, system.operational',
    });
    const action = actionNamed(workflow, 'Send_mail_to_from');
    const inputs = action.inputs as { method: string; path: string; body: Record<string, unknown> };
    expect(inputs.method).toBe(send.method);
    expect(inputs.path).toBe(workflowPath(send));
    const schema = definition(send.parameters.find((p) => p.in === 'body')!.schema!.$ref);
    for (const name of Object.keys(inputs.body)) expect(Object.keys(schema.properties)).toContain(name);
    for (const name of schema.required ?? []) expect(Object.keys(inputs.body)).toContain(name);
    expect(inputs.body).toMatchObject({ To: "@triggerBody()?['from']", Subject: "Re: @{triggerBody()?['subject']}", Body: 'Thanks' });
  });
});
