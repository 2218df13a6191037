/**
 * Text a flow writes outside an expression (a table's column header, a `fail`'s or a `stop`'s
 * `@code`, a map's name, a token's audience, an agent's model and tool description) is a JSON string
 * value of the workflow, which the service reads as any other: a leading `@` makes it an expression
 * and an `@{` an interpolation (Workflow Definition Language, "Expressions"). Each run in the engine
 * from the emitted JSON must carry the text the source wrote; before, `@code("@Rejected")` failed
 * the Terminate instead of ending the run with that code, and a column `"@Sku"` failed the table.
 * A `var`'s `@name` is the `name` input of its variable actions, where an escape's reading is not
 * documented: a name that would need one is refused (JIG2062).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateString } from '../../compiler/src/engine/index.js';
import { actionNamed, emitText, expectAllEmittedValid } from './helpers.js';
import { runJig } from './run-helpers.js';

afterAll(() => expectAllEmittedValid());

/** Text made of what the service reads specially, in annotation strings (no `"`, `\` or `$`). */
const text = fc
  .array(fc.constantFrom('@', '@', '@', '{', '}', "'", 'a', ' ', '@{', '@@'), { minLength: 1, maxLength: 10 })
  .map((pieces) => pieces.join(''))
  .filter((value) => value.trim() !== '');

const flow = (steps: string) => `type Line {
  sku: string @business.transaction
}
type Order {
  id:    string @business.transaction
  xml:   string @business.transaction
  lines: Line[]
}

@purpose(automation, "Literal text in the emitted workflow")
@data(business.transaction)
@retain(1 day)
flow literal_text {
  trigger http post body Order
${steps}
}
`;

const order = { id: 'O-1', xml: '<a/>', lines: [{ sku: 'S-1' }] };

describe('text the source writes outside expressions', () => {
  it('heads the columns of an HTML and a CSV table as written', () => {
    fc.assert(
      fc.property(text.filter((value) => !/[,"<>&]/.test(value)), (header) => {
        const run = runJig(
          flow(`  let html = html table trigger.body.lines columns { ${JSON.stringify(header)}: item.sku }
  let csv = csv table trigger.body.lines columns { ${JSON.stringify(header)}: item.sku }
  respond 200 body { html: html, csv: csv }`),
          { trigger: { body: order } },
        );
        expect(run.status, run.error?.message).toBe('Succeeded');
        const body = run.response!.body as { html: string; csv: string };
        expect(body.csv).toBe(`${header}\r\nS-1`);
        expect(body.html).toContain(`<th>${header}</th>`);
      }),
      { numRuns: 40 },
    );
  });

  it("ends the run with the error code a fail's or a stop's @code gives", () => {
    fc.assert(
      fc.property(text, fc.boolean(), (code, viaStop) => {
        const step = viaStop ? `stop failed @code(${JSON.stringify(code)})` : `fail "Refused" @code(${JSON.stringify(code)})`;
        const run = runJig(flow(`  if trigger.body.id == "O-1" {\n    ${step}\n  }\n  respond 200`), { trigger: { body: order } });
        expect(run.status).toBe('Failed');
        expect(run.error?.code).toBe(code);
      }),
      { numRuns: 40 },
    );
  });

  it("names a map and a token's audience as written", () => {
    fc.assert(
      fc.property(text, (name) => {
        const source = flow(`  let out = transform xml trigger.body.xml with map ${JSON.stringify(name)} @action("Transform")
  call http get "https://crm.azurewebsites.net/api/orders" @identity(${JSON.stringify(name)}) @action("Fetch")
  respond 200 body out`);
        const run = runJig(source, { trigger: { body: order }, mocks: { actions: { Transform: { responses: [{ status: 200, body: '<b/>' }] } } } });
        expect(run.status, run.error?.message).toBe('Succeeded');
        const inputsOf = (action: string) => run.actions.find((a) => a.name === action)!.inputs as Record<string, unknown>;
        expect(inputsOf('Transform')).toMatchObject({ integrationAccount: { map: { name } } });
        expect(inputsOf('Fetch')).toMatchObject({ authentication: { audience: name } });
      }),
      { numRuns: 30 },
    );
  });

  it("writes an agent's model and a tool's description as written", () => {
    const written = "@gpt {x} @{y}";
    const { workflows } = emitText(
      flow(`  var seen: string[] = []
  let triage = agent "contosoModel" model ${JSON.stringify(written)}
    messages [{ role: "user", content: "Check the orders." }]
    tools {
      tool look_up ${JSON.stringify(written)} {
        append "looked" to seen
      }
    }
  respond 200 body triage.lastAssistantMessage`),
    );
    const agent = actionNamed(workflows[0]!, 'Agent_triage') as unknown as { inputs: { parameters: { deploymentId: string } }; tools: Record<string, { description: string }> };
    expect(evaluateString(agent.inputs.parameters.deploymentId)).toEqual({ value: written });
    expect(evaluateString(agent.tools["look_up"]!.description)).toEqual({ value: written });
  });

  it("reads a date action's result by its name, a quote in it doubled", () => {
    const run = runJig(flow(`  let later = add time 2 days to "2025-01-01T00:00:00Z" @action("Bob's time")\n  respond 200 body { later: later }`), {
      trigger: { body: order },
      mocks: { actions: { "Bob's time": { responses: [{ status: 200, body: '2025-01-03T00:00:00.0000000Z' }] } } },
    });
    expect(run.status, run.error?.message).toBe('Succeeded');
    expect(run.response?.body).toEqual({ later: '2025-01-03T00:00:00.0000000Z' });
  });

  it("refuses a var's @name that the variable actions' name input would read as an expression, and keeps the others", () => {
    for (const name of ['@total', 'sum @{x}', '@']) {
      expect(() => emitText(flow(`  var total: integer = 1 @name(${JSON.stringify(name)})\n  respond 200 body { total: total }`))).toThrow(/JIG2062/);
    }
    for (const name of ['a@b', "it's @ {x}", 'Output of POST']) {
      const run = runJig(flow(`  var total: integer = 1 @name(${JSON.stringify(name)})\n  set total = total + 2\n  respond 200 body { total: total }`), { trigger: { body: order } });
      expect(run.response?.body).toEqual({ total: 3 });
    }
  });
});
