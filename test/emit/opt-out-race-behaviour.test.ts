/**
 * The §6 opt-out keep is a read, then a write: a store of personal data asks the container whether
 * a document of the same id or subject carries the mark, then upserts the document with it. Two
 * such stores that run at once (the passes of a For each, which the service runs up to 20 at once
 * by default: logic-apps-control-flow-loops) may both read before either writes, and a mark one of
 * them writes (a value that brings its own, a copy of a marked document) is lost by the other:
 * the person is back in every analysis, though Jig's meaning of the loop (each pass after the one
 * before) marks them. The engine runs a concurrent window's passes so (World.concurrently), and
 * every loop that holds such a store runs one pass at a time.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { World } from '../../compiler/src/engine/index.js';
import { runCosmosQuery } from '../../compiler/src/engine/connectors/cosmos-sql.js';
import { fromJson } from '../../compiler/src/engine/values.js';
import { allActions, emitText, expectAllEmittedValid } from './helpers.js';
import { compileJig } from './run-helpers.js';
import { VISIT_TYPES } from './visits.js';

afterAll(() => expectAllEmittedValid());

const TYPES = VISIT_TYPES;

/** A flow of the file, started by a request whose body is `trigger`. */
const flowOf = (name: string, purpose: string, trigger: string, body: string) => `
@purpose(automation, "${purpose}")
@data(business.other, personal.contact)
@retain(1 year)
flow ${name} {
  trigger http post body ${trigger}
${body}
}
`;

const flow = (body: string) => TYPES + flowOf('keep_visits', 'Keep visits', 'Batch', body);

/** The forms a loop of stores takes: the list stored whole, a for each, a store under an if, in a nested loop. */
const FORMS: Record<string, string> = {
  'a list stored whole': `  store trigger.body.visits in cosmos("jigajob", "visits")`,
  'a for each': `  for each visit in trigger.body.visits {\n    store visit in cosmos("jigajob", "visits")\n  }`,
  'a store under an if in a for each': `  for each visit in trigger.body.visits {\n    if visit.city != "" {\n      store visit in cosmos("jigajob", "visits")\n    }\n  }`,
  'a record literal of the element': `  for each visit in trigger.body.visits {\n    store { id: visit.id, email: visit.email, city: visit.city, optOut: visit.optOut } in cosmos("jigajob", "visits") @subject(contact, email)\n  }`,
  'a nested loop': `  for each visit in trigger.body.visits {\n    for each again in [visit] {\n      store again in cosmos("jigajob", "visits")\n    }\n  }`,
};

const kept = (world: World) => runCosmosQuery('SELECT * FROM c WHERE (NOT IS_DEFINED(c.optOut) OR c.optOut = false)', (world.snapshot()['jigajob/visits'] ?? []).map(fromJson)) as { id: string; email: string }[];

/** What Jig's meaning keeps unmarked: each visit stored after the ones before, marked when it brings a mark or any earlier document of its id or email has one. */
function meaning(initial: readonly Record<string, unknown>[], visits: readonly Record<string, unknown>[]): string[] {
  const documents = initial.map((d) => ({ ...d }));
  for (const visit of visits) {
    const marked = visit['optOut'] === true || documents.some((d) => d['optOut'] === true && (d['id'] === visit['id'] || d['email'] === visit['email']));
    const document = { ...visit, optOut: marked };
    const index = documents.findIndex((d) => d['id'] === visit['id']);
    if (index >= 0) documents[index] = document;
    else documents.push(document);
  }
  return documents.filter((d) => d['optOut'] !== true).map((d) => String(d['id'])).sort();
}

describe('a loop of stores that keep the opt-out mark', () => {
  for (const [form, body] of Object.entries(FORMS)) {
    it(`runs one pass at a time, so a mark one pass writes reaches the next: ${form}`, () => {
      const run = compileJig(flow(body));
      // Ann's first visit brings her mark (a sync from a system that recorded her opt-out); her second, the same person, does not.
      const visits = [
        { id: 'V1', email: 'ann@x.example', city: 'Delft', optOut: true },
        { id: 'V2', email: 'ann@x.example', city: 'Delft' },
        { id: 'V3', email: 'bo@x.example', city: 'Delft' },
      ];
      const world = new World();
      expect(run({ trigger: { body: { visits } }, world }).status).toBe('Succeeded');
      expect(kept(world).map((d) => d.id)).toEqual(['V3']);
      // The same id written twice: the second write keeps the mark the first wrote.
      const again = new World();
      expect(run({ trigger: { body: { visits: [visits[0], { ...visits[1], id: 'V1' }] } }, world: again }).status).toBe('Succeeded');
      expect(kept(again)).toEqual([]);
    });
  }

  it('a loop that calls a flow of the file keeping the mark runs one pass at a time too: the child runs race as the passes would', () => {
    const child = flowOf('keep_one', 'Keep one visit', 'Visit', '  store trigger.body in cosmos("jigajob", "visits")');
    const text = flow(`  for each visit in trigger.body.visits {\n    call flow keep_one with visit\n  }`) + child;
    const loops = [...allActions(emitText(text).workflows.find((w) => w.name === 'keep_visits')!.definition.actions)].filter(([, action]) => action.type === 'Foreach');
    expect(loops.map(([, loop]) => loop.runtimeConfiguration)).toEqual([{ concurrency: { repetitions: 1 } }]);
    const world = new World();
    const visits = [
      { id: 'V1', email: 'ann@x.example', city: 'Delft', optOut: true },
      { id: 'V2', email: 'ann@x.example', city: 'Delft' },
      { id: 'V3', email: 'bo@x.example', city: 'Delft' },
    ];
    expect(compileJig(text, 'keep_visits')({ trigger: { body: { visits } }, world }).status).toBe('Succeeded');
    expect(kept(world).map((d) => d.id)).toEqual(['V3']);
    // Two branches, one storing and one calling the child that stores into the same container.
    const parallel = flow(`  let visit = trigger.body.visits[0]\n  parallel {\n    store visit in cosmos("jigajob", "visits")\n  } and {\n    call flow keep_one with visit\n  }`) + child;
    expect(emitText(parallel).diagnostics.map((d) => d.code)).toEqual(['JIG4116']);
  });

  it('emits repetitions 1 on every such loop, and leaves a loop of stores of no personal data as it was', () => {
    for (const body of Object.values(FORMS)) {
      const { workflows } = emitText(flow(body));
      const loops = [...allActions(workflows[0]!.definition.actions)].filter(([, action]) => action.type === 'Foreach');
      expect(loops.length).toBeGreaterThan(0);
      for (const [name, loop] of loops) expect([name, loop.runtimeConfiguration]).toEqual([name, { concurrency: { repetitions: 1 } }]);
    }
    const plain = flow(`  for each visit in trigger.body.visits {\n    store { id: visit.id, city: visit.city } in cosmos("jigajob", "cities")\n  }`);
    const { workflows } = emitText(plain);
    const loops = [...allActions(workflows[0]!.definition.actions)].filter(([, action]) => action.type === 'Foreach');
    expect(loops.map(([, loop]) => loop.runtimeConfiguration)).toEqual([undefined]);
  });

  it('refuses @concurrent on such a loop (JIG4116), and keeps it on a loop that keeps no mark', () => {
    for (const annotation of ['@concurrent', '@concurrent(5)']) {
      const body = `  for each visit in trigger.body.visits {\n    if visit.city != "" {\n      store visit in cosmos("jigajob", "visits")\n    }\n  } ${annotation}`;
      const { diagnostics } = emitText(flow(body));
      expect(diagnostics.map((d) => d.code)).toEqual(['JIG4116']);
      expect(diagnostics[0]!.message).toContain("Remove '@concurrent'");
    }
    // One at a time is what Jig writes anyway; a loop of stores of no personal data may run at once.
    expect(emitText(flow(`  for each visit in trigger.body.visits {\n    store visit in cosmos("jigajob", "visits")\n  } @concurrent(1)`)).diagnostics).toEqual([]);
    const plain = emitText(flow(`  for each visit in trigger.body.visits {\n    store { id: visit.id, city: visit.city } in cosmos("jigajob", "cities")\n  } @concurrent(5)`));
    expect(plain.diagnostics).toEqual([]);
    const loops = [...allActions(plain.workflows[0]!.definition.actions)].filter(([, action]) => action.type === 'Foreach');
    expect(loops.map(([, loop]) => loop.runtimeConfiguration)).toEqual([{ concurrency: { repetitions: 5 } }]);
  });

  it('refuses two branches of a parallel that keep the mark of one container (JIG4116), at any depth; other containers, or one branch, are fine', () => {
    const branches = (first: string, second: string) => `  let visit = trigger.body.visits[0]\n  parallel {\n${first}\n  } and {\n${second}\n  }`;
    const store = (container: string) => `    store visit in cosmos("jigajob", "${container}")`;
    const nested = `    for each again in trigger.body.visits {\n      if again.city != "" {\n        store again in cosmos("jigajob", "visits")\n      }\n    }`;
    for (const [first, second] of [[store('visits'), store('visits')], [store('visits'), nested]]) {
      const { diagnostics } = emitText(flow(branches(first!, second!)));
      expect(diagnostics.map((d) => d.code)).toEqual(['JIG4116']);
      expect(diagnostics[0]!.message).toContain("'jigajob/visits'");
    }
    expect(emitText(flow(branches(store('visits'), store('contacts')))).diagnostics).toEqual([]);
    expect(emitText(flow(branches(`${store('visits')}\n${store('visits')}`, `    let n = length(trigger.body.visits)`))).diagnostics).toEqual([]);
    // A store of no personal data keeps no mark: it reads nothing first.
    const plain = `    store { id: visit.id, city: visit.city } in cosmos("jigajob", "cities")`;
    expect(emitText(flow(branches(plain, plain))).diagnostics).toEqual([]);
  });

  it('differential: random batches, over random documents already kept, leave unmarked what the sequential meaning leaves', () => {
    const runs = Object.values(FORMS).map((body) => compileJig(flow(body)));
    const id = fc.constantFrom('V1', 'V2', 'V3', 'V4');
    const email = fc.constantFrom('ann@x.example', 'bo@x.example', 'cy@x.example');
    const visit = fc.record({ id, email, city: fc.constant('Delft'), optOut: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: ['id', 'email', 'city'] });
    fc.assert(
      fc.property(fc.array(visit, { maxLength: 3 }), fc.array(visit, { minLength: 1, maxLength: 6 }), fc.nat(runs.length - 1), (initial, visits, form) => {
        const unique = JSON.parse(JSON.stringify([...new Map(initial.map((d) => [d.id, d])).values()])) as Record<string, unknown>[];
        const world = new World({ 'jigajob/visits': unique });
        expect(runs[form]!({ trigger: { body: { visits } }, world }).status).toBe('Succeeded');
        expect(kept(world).map((d) => d.id).sort()).toEqual(meaning(unique, visits));
      }),
      { numRuns: 150 },
    );
  });
});
