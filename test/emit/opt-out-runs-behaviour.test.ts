/**
 * The §6 opt-out keep across runs. A store of personal data reads the mark of its document's id and
 * subject, then upserts the document with it: a read, then a write. Runs of one workflow run at once
 * by default (Microsoft, limits reference: trigger concurrency is unlimited while concurrency
 * control is off), so two runs storing one id may both read before either writes, and the one that
 * read no mark overwrites the mark the other wrote: an outcome no order of the two runs gives, and
 * the person is back in every analysis. (Inside one run, a loop's passes: opt-out-race-behaviour.)
 * The trigger of every flow that keeps the mark now starts its runs one after another
 * (`runtimeConfiguration.concurrency.runs: 1`, Microsoft's "Trigger instances sequentially"), and
 * the engine runs a workflow's runs started together as its trigger's concurrency lets them
 * (runWorkflowsAtOnce): without the setting, all at once, each reading the container as they found it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runWorkflowsAtOnce, World } from '../../compiler/src/engine/index.js';
import { runCosmosQuery } from '../../compiler/src/engine/connectors/cosmos-sql.js';
import { fromJson } from '../../compiler/src/engine/values.js';
import { workflowDocuments, workflowSet } from '../../compiler/src/testing/workflows.js';
import { emitText, expectAllEmittedValid } from './helpers.js';
import { VISIT_TYPES } from './visits.js';

afterAll(() => expectAllEmittedValid());

const TYPES = VISIT_TYPES;

const flow = (name: string, trigger: string, body: string) => `${TYPES}
@purpose(automation, "Keep visits")
@data(business.other, personal.contact)
@retain(1 year)
flow ${name} {
  ${trigger}
${body}
}
`;

/** The forms a flow that keeps the mark takes: a store of the trigger's body, a store in a loop, through a child flow. */
const FLOWS: Record<string, string> = {
  'a store of the request': flow('keep_visit', 'trigger http post body Visit', '  store trigger.body in cosmos("jigajob", "visits")'),
  'a store under an if': flow('keep_visit', 'trigger http post body Visit', '  if trigger.body.city != "" {\n    store trigger.body in cosmos("jigajob", "visits")\n  }'),
  'a store of a record of the request': flow(
    'keep_visit',
    'trigger http post body Visit',
    '  store { id: trigger.body.id, email: trigger.body.email, city: trigger.body.city, optOut: trigger.body.optOut } in cosmos("jigajob", "visits") @subject(contact, email)',
  ),
};

/** The compiled workflow of a text's first flow, as `jig build` writes it. */
function workflowOf(text: string) {
  const { workflows, diagnostics } = emitText(text);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { emitted: workflows[0]!, document: workflowSet(workflows.flatMap(workflowDocuments), []).workflows.get(workflows[0]!.name)! };
}

const unmarked = (world: World) =>
  (runCosmosQuery('SELECT * FROM c WHERE (NOT IS_DEFINED(c.optOut) OR c.optOut = false)', (world.snapshot()['jigajob/visits'] ?? []).map(fromJson)) as { id: string }[])
    .map((d) => d.id)
    .sort();

/** Jig's meaning of one run storing `visit`: marked when it brings a mark, or a document of its id or email has one. */
function store(documents: Record<string, unknown>[], visit: Record<string, unknown>): Record<string, unknown>[] {
  const marked = visit['optOut'] === true || documents.some((d) => d['optOut'] === true && (d['id'] === visit['id'] || d['email'] === visit['email']));
  return [...documents.filter((d) => d['id'] !== visit['id']), { ...visit, optOut: marked }];
}

/** The unmarked ids each order of the runs leaves: runs that start together may end in any order, but each after the other. */
function meanings(initial: readonly Record<string, unknown>[], visits: readonly Record<string, unknown>[]): Set<string> {
  const outcomes = new Set<string>();
  const permute = (done: Record<string, unknown>[], rest: readonly Record<string, unknown>[]): void => {
    if (rest.length === 0) {
      outcomes.add(JSON.stringify(done.filter((d) => d['optOut'] !== true).map((d) => String(d['id'])).sort()));
      return;
    }
    rest.forEach((visit, index) => permute(store(done, visit), [...rest.slice(0, index), ...rest.slice(index + 1)]));
  };
  permute(initial.map((d) => ({ ...d })), visits);
  return outcomes;
}

describe('runs of a flow that keeps the opt-out mark', () => {
  for (const [form, text] of Object.entries(FLOWS)) {
    it(`start one after another, so the mark one run writes reaches the next: ${form}`, () => {
      const { emitted, document } = workflowOf(text);
      expect(emitted.definition.triggers['manual']!.runtimeConfiguration?.concurrency).toEqual({ runs: 1 });
      // Ann's record arrives twice at once: from a system that recorded her opt-out, and from one that did not.
      const world = new World();
      const records = runWorkflowsAtOnce(
        document,
        [
          { trigger: { body: { id: 'V1', email: 'ann@x.example', city: 'Delft', optOut: true } } },
          { trigger: { body: { id: 'V1', email: 'ann@x.example', city: 'Delft' } } },
        ],
        world,
      );
      expect(records.map((r) => r.status)).toEqual(['Succeeded', 'Succeeded']);
      expect(unmarked(world)).toEqual([]);
    });
  }

  it("the engine, Azure's oracle, runs them all at once without the setting: the mark is lost (what Jig's workflows no longer allow)", () => {
    const { document } = workflowOf(FLOWS['a store of the request']!);
    const triggers = document.definition['triggers'] as Record<string, Record<string, unknown>>;
    const unlimited = { ...document, definition: { ...document.definition, triggers: { manual: { ...triggers['manual'], runtimeConfiguration: undefined } } } };
    const world = new World();
    runWorkflowsAtOnce(
      unlimited,
      [{ trigger: { body: { id: 'V1', email: 'ann@x.example', city: 'Delft', optOut: true } } }, { trigger: { body: { id: 'V1', email: 'ann@x.example', city: 'Delft' } } }],
      world,
    );
    expect(unmarked(world)).toEqual(['V1']);
    expect(meanings([], [{ id: 'V1', email: 'a', optOut: true }, { id: 'V1', email: 'a' }])).toEqual(new Set(['[]']));
  });

  it('a schedule is serialised too; a flow that keeps no mark is left as it was', () => {
    const scheduled = flow('keep_daily', 'trigger schedule every 1 day', '  store { id: "V1", email: "ann@x.example", city: "Delft" } in cosmos("jigajob", "visits") @subject(contact, email)');
    expect(workflowOf(scheduled).emitted.definition.triggers['Recurrence']!.runtimeConfiguration).toEqual({ concurrency: { runs: 1 } });
    const plain = flow('keep_city', 'trigger http post body Visit', '  store { id: trigger.body.id, city: trigger.body.city } in cosmos("jigajob", "cities")');
    expect(workflowOf(plain).emitted.definition.triggers['manual']!.runtimeConfiguration?.concurrency).toBeUndefined();
  });

  it('differential: runs started together over random documents leave unmarked what some order of them leaves', () => {
    const documents = Object.values(FLOWS).map((text) => workflowOf(text).document);
    const id = fc.constantFrom('V1', 'V2', 'V3');
    const email = fc.constantFrom('ann@x.example', 'bo@x.example');
    const visit = fc.record({ id, email, city: fc.constant('Delft'), optOut: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: ['id', 'email', 'city'] });
    fc.assert(
      fc.property(fc.array(visit, { maxLength: 3 }), fc.array(visit, { minLength: 2, maxLength: 4 }), fc.nat(documents.length - 1), (initial, visits, form) => {
        const unique = JSON.parse(JSON.stringify([...new Map(initial.map((d) => [d.id, d])).values()])) as Record<string, unknown>[];
        const world = new World({ 'jigajob/visits': unique });
        const records = runWorkflowsAtOnce(documents[form]!, visits.map((body) => ({ trigger: { body: JSON.parse(JSON.stringify(body)) } })), world);
        expect(records.every((r) => r.status === 'Succeeded')).toBe(true);
        expect(meanings(unique, JSON.parse(JSON.stringify(visits)))).toContain(JSON.stringify(unmarked(world)));
      }),
      { numRuns: 120 },
    );
  });
});
