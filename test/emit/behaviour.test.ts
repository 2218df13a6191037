/**
 * Emitted workflows do what their source says, shown by running them in the engine: each case
 * is a divergence a newcomer could meet, between what the .jig says and what the workflow did.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { actionNamed, actionsOfType, emitText, expectAllEmittedValid } from './helpers.js';
import { World } from '../../compiler/src/engine/index.js';
import { actionsRun, compileJig, runJig } from './run-helpers.js';

const HEADER = `
@purpose(automation, "Testing what emitted workflows do")
@data(business.other)
@retain(1 day)`;

/** A file with one flow taking a body of type In (its fields given), around `steps`. */
function flowOf(fields: string, steps: string): string {
  return `type In {\n${fields}\n}\n${HEADER}\nflow behaviour {\n  trigger http post body In\n${steps}\n}\n`;
}

afterAll(() => expectAllEmittedValid());

describe('numbers', () => {
  it('a division Jig types as number does not truncate, though the JSON value is integral', () => {
    const text = flowOf(
      '  x: number @business.other\n  n: integer @business.other',
      `  let two = 2.0
  var total: number = 10
  set total = total / 4
  respond 200 body { x: trigger.body.x / 2, two: two / 4, total: total, mixed: trigger.body.n / trigger.body.x, whole: trigger.body.n / 2 }`,
    );
    const record = runJig(text, { trigger: { body: { x: 3, n: 3 } } });
    // x is a number (3 arrives as the JSON integer 3); n / 2 of two integers truncates, as the README says.
    expect(record.response?.body).toEqual({ x: 1.5, two: 0.5, total: 2.5, mixed: 1, whole: 1 });
  });

  it('numbers reach the workflow as written: an exponent, leading zeros, an integer beyond 2^53', () => {
    const text = flowOf(
      '  n: integer @business.other',
      `  let big = 9007199254740993
  respond 200 body { e: trigger.body.n + 1E3, z: trigger.body.n + 007, big: "\${big}", bigger: "\${trigger.body.n + 9007199254740993}" }`,
    );
    const record = runJig(text, { trigger: { body: { n: 0 } } });
    expect(record.status).toBe('Succeeded');
    // A JS number cannot tell 9007199254740993 from …992: the text can.
    expect(record.response?.body).toEqual({ e: 1000, z: 7, big: '9007199254740993', bigger: '9007199254740993' });
  });
});

describe('integers are 64-bit', () => {
  it('a run whose integer arithmetic leaves 64 bits stops (NotSupported) rather than give a value the service never would', () => {
    const text = flowOf(
      '  n: integer @business.other',
      `  var total: integer = 9223372036854775806
  set total = total + trigger.body.n
  respond 200 body { total: "\${total}", doubled: "\${trigger.body.n * 4611686018427387904}" }`,
    );
    const run = compileJig(text);
    // 1 fits: 9223372036854775807 is the largest integer, kept exact; so is -2 * 4611686018427387904, the smallest.
    const fits = run({ trigger: { body: { n: 1 } } });
    expect(fits.status).toBe('Succeeded');
    // (As text: a JS number cannot hold them.)
    expect(fits.response?.body).toEqual({ total: '9223372036854775807', doubled: '4611686018427387904' });
    expect(run({ trigger: { body: { n: -2 } } }).response?.body).toEqual({ total: '9223372036854775804', doubled: '-9223372036854775808' });
    const over = run({ trigger: { body: { n: 2 } } });
    expect(over.status).toBe('NotSupported');
    expect(over.notSupported).toMatch(/Incrementing 'total' \(9223372036854775806\) by 2 is 9223372036854775808/);
    const under = run({ trigger: { body: { n: -3 } } });
    expect(under.status).toBe('NotSupported');
    expect(under.notSupported).toMatch(/mul\(-3, 4611686018427387904\) is -13835058055282163712/);
  });

  it('a literal beyond what the service\'s numbers hold is JIG2073', () => {
    for (const literal of ['9223372036854775808', '99999999999999999999', '1e400']) {
      expect(() => compileJig(flowOf('  n: integer @business.other', `  respond 200 body { x: trigger.body.n + ${literal} }`))).toThrow(/JIG2073/);
    }
    expect(runJig(flowOf('  n: integer @business.other', '  respond 200 body { x: "${trigger.body.n + 9223372036854775807}" }'), { trigger: { body: { n: 0 } } }).response?.body).toEqual({ x: '9223372036854775807' });
  });
});

describe('fail in a loop', () => {
  const text = flowOf(
    '  notes: string[] @business.other',
    `  var seen: integer = 0
  for each note in trigger.body.notes {
    if note != "ok" {
      fail "\${note}"
    }
    set seen = seen + 1
  }
  respond 200 body { seen: seen }`,
  );

  it('fails the run even when its message is empty, and the rest of the pass does not run', () => {
    const record = runJig(text, { trigger: { body: { notes: ['', 'ok'] } } });
    expect(record.status).toBe('Failed');
    expect(record.error).toEqual({ code: 'JigFail', message: '' });
    expect(record.response).toBeUndefined();
    expect(actionsRun(record)).not.toContain('Increment_seen');
  });

  it('fails with the first message; the passes after it do nothing', () => {
    const record = runJig(text, { trigger: { body: { notes: ['ok', 'bad', 'worse'] } } });
    expect(record.error).toEqual({ code: 'JigFail', message: 'bad' });
    expect(record.actions.filter((a) => a.name === 'Increment_seen' && a.status === 'Succeeded')).toHaveLength(1);
  });

  it('succeeds when nothing fails', () => {
    const record = runJig(text, { trigger: { body: { notes: ['ok', 'ok'] } } });
    expect(record.status).toBe('Succeeded');
    expect(record.response?.body).toEqual({ seen: 2 });
  });
});

describe('until', () => {
  const text = flowOf(
    '  polls: integer @business.other',
    `  var n: integer = 0
  var answered: integer = 0
  until answered >= 2 {
    set n = n + 1
    let status = call http get "https://status.azurewebsites.net/api/status" @retry(none)
    set answered = answered + 1
  }
  respond 200 body { passes: n, answered: answered }`,
  );
  const answers = (...statuses: number[]) => ({ actions: { Call_status: { responses: statuses.map((status) => ({ status })) } } });

  it('runs its body before testing its condition, and stops when it holds', () => {
    const record = runJig(text, { trigger: { body: { polls: 0 } }, mocks: answers(200) });
    expect(record.response?.body).toEqual({ passes: 2, answered: 2 });
  });

  it('goes on after a pass whose call failed, as the README says the service runs an Until: the rest of that pass is skipped', () => {
    const record = runJig(text, { trigger: { body: { polls: 0 } }, mocks: answers(500, 200) });
    expect(record.status).toBe('Succeeded');
    expect(record.response?.body).toEqual({ passes: 3, answered: 2 });
  });

  it('fails, and what follows does not run, when its last pass failed', () => {
    const failingLast = flowOf(
      '  polls: integer @business.other',
      `  var n: integer = 0
  until n >= 2 {
    set n = n + 1
    call http get "https://status.azurewebsites.net/api/status" @retry(none)
  }
  respond 200 body { passes: n }`,
    );
    const record = runJig(failingLast, { trigger: { body: { polls: 0 } }, mocks: { actions: { Call_status: { responses: [{ status: 200 }, { status: 500 }] } } } });
    expect(record.status).toBe('Failed');
    expect(record.response).toBeUndefined();
  });
});

describe('until reading its own pass', () => {
  it("tests its condition on what the pass computed, and the steps after it read the last pass's values", () => {
    const text = flowOf(
      '  polls: integer @business.other',
      `  var n: integer = 0
  until next >= 3 {
    let next = n + 1
    set n = next
  }
  respond 200 body { passes: n, last: next }`,
    );
    const [[, loop]] = actionsOfType(emitText(text).workflows[0]!, 'Until');
    expect(loop!.expression).toMatch(/^@greaterOrEquals\(outputs\('/);
    const record = runJig(text, { trigger: { body: { polls: 0 } } });
    expect(record.response?.body).toEqual({ passes: 3, last: 3 });
  });
});

describe('aggregate over a list the flow holds (Query, Select and Foreach, not Cosmos DB SQL)', () => {
  const run = compileJig(`type Sale {
  region: string  @business.industry
  units:  integer @business.transaction
  amount: number  @business.transaction
}
type In {
  sales: Sale[]
}

@purpose(automation, "Sales by region")
@data(business.industry, business.transaction, aggregate.anonymized)
@retain(1 day)
flow sales_by_region {
  trigger http post body In
  let byRegion = aggregate trigger.body.sales by region {
    sales: count(), units: sum(units), averageUnits: avg(units), lowest: min(amount), highest: max(amount), total: sum(amount)
  }
  respond 200 body byRegion
}
`);
  const sale = fc.record({ region: fc.constantFrom('north', 'North', 'south', 'east'), units: fc.integer({ min: -5, max: 20 }), amount: fc.integer({ min: -40, max: 400 }).map((n) => n / 4) });

  it('answers each group of at least minimumGroupSize (5) records with its count, sum, average, minimum and maximum', () => {
    fc.assert(
      fc.property(fc.array(sale, { maxLength: 14 }), (sales) => {
        const record = run({ trigger: { body: { sales } } });
        expect(record.status).toBe('Succeeded');
        const groups = new Map<string, typeof sales>();
        for (const s of sales) groups.set(s.region, [...(groups.get(s.region) ?? []), s]);
        const expected = [...groups]
          .filter(([, members]) => members.length >= 5)
          .map(([region, members]) => {
            const units = members.reduce((sum, m) => sum + m.units, 0);
            const amounts = members.map((m) => m.amount);
            return { region, sales: members.length, units, averageUnits: units / members.length, lowest: Math.min(...amounts), highest: Math.max(...amounts), total: amounts.reduce((a, b) => a + b, 0) };
          });
        const byRegion = (a: { region: string }, b: { region: string }) => a.region.localeCompare(b.region);
        expect([...(record.response?.body as { region: string }[])].sort(byRegion)).toEqual(expected.sort(byRegion));
      }),
      { numRuns: 60 },
    );
  });
});

describe('an aggregate that runs more than once', () => {
  it('answers each pass with that pass\'s groups only, not those of the passes before it, one pass at a time', () => {
    const text = `type Sale {
  region: string  @business.industry
  units:  integer @business.transaction
}
type Batch {
  sales: Sale[]
}
type In {
  batches: Batch[]
}

@purpose(automation, "Sales by region, batch by batch")
@data(business.industry, business.transaction, aggregate.anonymized)
@retain(1 day)
flow batches_by_region {
  trigger http post body In
  for each batch in trigger.body.batches {
    let byRegion = aggregate batch.sales by region { units: sum(units) }
    call http post "https://status.azurewebsites.net/totals" body byRegion
  }
  respond 200
}
`;
    const run = compileJig(text);
    // Its groups are collected in a variable, so the loop around it runs its passes one at a time
    // (the service runs 20 at once unless told otherwise, and they would share the variable).
    const [[, loop]] = actionsOfType(emitText(text).workflows[0]!, 'Foreach').filter(([name]) => name === 'For_each_batch');
    expect(loop).toMatchObject({ runtimeConfiguration: { concurrency: { repetitions: 1 } } });
    const batch = (region: string) => ({ sales: [1, 2, 3, 4, 5].map((units) => ({ region, units })) });
    const record = run({ trigger: { body: { batches: [batch('north'), batch('south'), batch('east')] } } });
    expect(record.status).toBe('Succeeded');
    // One group a batch: the result variable kept every earlier pass's groups too (1, 2, 3 groups sent).
    expect(record.effects.requests.map((request) => request.body)).toEqual([[{ region: 'north', units: 15 }], [{ region: 'south', units: 15 }], [{ region: 'east', units: 15 }]]);
  });
});

describe('the opt-out filter (§6)', () => {
  const text = `type Visit {
  id:      string @business.other
  visitor: string? @business.contact @subject(client)
  region:  string @business.industry
}
type In {
  visits: Visit[]
}

@purpose(analytics, "Visits by region, anonymized")
@data(business.other, business.contact, business.industry, aggregate.anonymized)
@retain(1 year)
@allow(s06-opt-out, "The caller sends only clients who have not opted out")
flow visits {
  trigger http post body In
  let stored = query cosmos("jigajob", "visits") returns Visit[]
  let posted = aggregate trigger.body.visits by region { visits: count() }
  let kept = aggregate stored by region { visits: count() }
  respond 200 body { posted: posted, kept: kept }
}
`;
  it('keeps the same records from a query and from a list the flow holds: those without the field, or with it false', () => {
    const optOuts: unknown[] = [null, 'true', 1, 'yes', true, false, false, false, false, false];
    const visits = [...optOuts.map((optOut, i) => ({ id: `V${i}`, visitor: `c${i}@x.example`, region: 'west', optOut })), { id: 'V-absent', visitor: 'c@x.example', region: 'west' }];
    const record = runJig(text, { trigger: { body: { visits } }, world: new World({ 'jigajob/visits': visits }) });
    expect(record.status).toBe('Succeeded');
    const body = record.response?.body as { posted: unknown; kept: unknown };
    expect(body.posted).toEqual([{ region: 'west', visits: 6 }]);
    expect(body.kept).toEqual([{ region: 'west', visits: 6 }]);
  });

  it('keeps a group only when it holds five clients, not five visits (§5): one client in five spellings is one', () => {
    const spellings = ['ann@x.example', 'Ann@x.example', ' ann@x.example', 'ANN@X.EXAMPLE ', 'ann@x.example'];
    const one = spellings.map((visitor, i) => ({ id: `A${i}`, visitor, region: 'west' }));
    const unnamed = [1, 2, 3, 4, 5].map((i) => ({ id: `N${i}`, region: 'east' }));
    const visits = [...one, ...unnamed];
    const record = runJig(text, { trigger: { body: { visits } }, world: new World({ 'jigajob/visits': visits }) });
    expect(record.status).toBe('Succeeded');
    const body = record.response?.body as { posted: unknown; kept: unknown };
    expect(body.posted).toEqual([]);
    expect(body.kept).toEqual([]);
    // Five clients make a group, over a list and over a query alike.
    const five = spellings.map((_, i) => ({ id: `F${i}`, visitor: `c${i}@x.example`, region: 'west' }));
    const kept = runJig(text, { trigger: { body: { visits: five } }, world: new World({ 'jigajob/visits': five }) });
    expect(kept.response?.body).toEqual({ posted: [{ region: 'west', visits: 5 }], kept: [{ region: 'west', visits: 5 }] });
  });
});

describe('a query reads every document or fails', () => {
  // Cosmos DB answers a query a page at a time (Query documents V5: `value` and a ContinuationToken).
  const text = flowOf(
    '  owner: string @business.other',
    `  let notes = query cosmos("jigajob", "notes") where item.owner == trigger.body.owner returns Note[]
  for each note in notes {
    delete note.id from cosmos("jigajob", "notes")
  }
  respond 200 body { erased: length(notes) }`,
  ).replace('type In {', 'type Note {\n  id: string @business.other\n  owner: string @business.other\n}\ntype In {');
  const notes = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `N${i}`, owner: 'ann' }));

  it('an erasure over a result of several pages fails, rather than erase the first page and say it erased them all', () => {
    const world = new World({ 'jigajob/notes': [...notes(3), { id: 'other', owner: 'bob' }] }, 2);
    const record = runJig(text, { trigger: { body: { owner: 'ann' } }, world });
    expect(record.status).toBe('Failed');
    expect(record.response).toBeUndefined();
    expect(JSON.stringify(record.actions.find((a) => a.name === 'For_each_note')?.error)).toMatch(/Query_notes answered one page of several/);
  });

  it('a result of one page is read whole', () => {
    const world = new World({ 'jigajob/notes': [...notes(2), { id: 'other', owner: 'bob' }] }, 2);
    const record = runJig(text, { trigger: { body: { owner: 'ann' } }, world });
    expect(record.status).toBe('Succeeded');
    expect(record.response?.body).toEqual({ erased: 2 });
    expect(world.documents('jigajob', 'notes')).toEqual([{ id: 'other', owner: 'bob' }]);
  });
});

describe('try', () => {
  const failing = { operations: { 'http:POST https://status.azurewebsites.net/api/check': { responses: [{ status: 500 }] } } };

  it('what follows a try/catch does not run when a step before the try failed', () => {
    const text = flowOf(
      '  id: string @business.other',
      `  call http post "https://status.azurewebsites.net/api/check" @retry(none)
  try {
    wait 1 second
  } catch {
    wait 2 seconds
  }
  store trigger.body in cosmos("jigajob", "checked")`,
    );
    const record = runJig(text, { trigger: { body: { id: 'A' } }, mocks: failing });
    expect(record.status).toBe('Failed');
    expect(record.effects.stored).toEqual([]);
  });

  it('a try without catch, the last step of the flow, contains its failure: the run succeeds', () => {
    const text = flowOf('  id: string @business.other', '  try {\n    call http post "https://status.azurewebsites.net/api/check" @retry(none)\n  }');
    const record = runJig(text, { trigger: { body: { id: 'A' } }, mocks: failing });
    expect(record.actions.find((a) => a.name === 'Try')?.status).toBe('Failed');
    expect(record.status).toBe('Succeeded');
  });
});

describe('datetimes', () => {
  it('compare as instants, not as text', () => {
    const text = flowOf(
      '  a: datetime @business.other\n  b: datetime @business.other\n  c: datetime? @business.other',
      `  respond 200 body {
    before: trigger.body.a < trigger.body.b,
    same: trigger.body.a == trigger.body.b,
    differs: trigger.body.a != trigger.body.b,
    notAfter: trigger.body.a <= trigger.body.b,
    late: coalesce(trigger.body.c, trigger.body.a) > trigger.body.b,
    absent: trigger.body.c == null
  }`,
    );
    const run = compileJig(text);
    // 09:00 at UTC+1 is 08:00 UTC, before 08:30 UTC; as text, '…T09' sorts after '…T08'.
    expect(run({ trigger: { body: { a: '2025-01-01T09:00:00+01:00', b: '2025-01-01T08:30:00Z', c: '2025-01-01T08:31:00Z' } } }).response?.body).toEqual({
      before: true, same: false, differs: true, notAfter: true, late: true, absent: false,
    });
    // The same instant written with and without fractional digits.
    expect(run({ trigger: { body: { a: '2025-01-01T08:30:00.0000000Z', b: '2025-01-01T08:30:00Z' } } }).response?.body).toEqual({
      before: false, same: true, differs: false, notAfter: true, late: false, absent: true,
    });
  });

  it('compare as instants when one or both are optional, and null only with null', () => {
    const text = flowOf(
      '  a: datetime @business.other\n  c: datetime? @business.other\n  e: datetime? @business.other',
      '  respond 200 body { ac: trigger.body.a == trigger.body.c, ca: trigger.body.c != trigger.body.a, ce: trigger.body.c == trigger.body.e }',
    );
    const run = compileJig(text);
    const answer = (body: Record<string, unknown>) => run({ trigger: { body } }).response?.body;
    // One instant, three texts.
    expect(answer({ a: '2025-01-01T08:00:00Z', c: '2025-01-01T09:00:00+01:00', e: '2025-01-01T03:00:00-05:00' })).toEqual({ ac: true, ca: false, ce: true });
    expect(answer({ a: '2025-01-01T08:00:00Z', c: '2025-01-01T08:00:01Z', e: '2025-01-01T08:00:00Z' })).toEqual({ ac: false, ca: true, ce: false });
    // Null (or left out) is equal to null only; year 1, whose ticks stand in for null, is not null.
    expect(answer({ a: '0001-01-01T00:00:00Z', c: null })).toEqual({ ac: false, ca: true, ce: true });
    expect(answer({ a: '0001-01-01T00:00:00Z', e: '0001-01-01T00:00:00Z' })).toEqual({ ac: false, ca: true, ce: false });
  });
});

describe('set', () => {
  it('a value that reads the variable it sets is computed first, since the service refuses a SetVariable that reads itself', () => {
    const text = flowOf(
      '  words: string[] @business.other',
      `  var total: number = 10
  var text: string = "a"
  var words: string[] = []
  set total = total / 4
  set text = toUpper(text) + text
  append join(words, "+") to words
  respond 200 body { total: total, text: text, words: words }`,
    );
    const record = runJig(text, { trigger: { body: { words: [] } } });
    expect(record.status).toBe('Succeeded');
    expect(record.response?.body).toEqual({ total: 2.5, text: 'Aa', words: [''] });
    expect(actionsRun(record)).toContain('Compute_total');
  });
});

describe('respond', () => {
  it('answers once: the steps after it run on, and a second respond that runs fails the run', () => {
    const text = flowOf(
      '  early: boolean @business.other',
      `  if trigger.body.early {
    respond 200 body "early"
  }
  store trigger.body in cosmos("jigajob", "answered")
  respond 201 body "late"`,
    );
    const run = compileJig(text);
    const late = run({ trigger: { body: { early: false } } });
    expect([late.status, late.response?.statusCode]).toEqual(['Succeeded', 201]);
    const early = run({ trigger: { body: { early: true } } });
    expect([early.status, early.response?.statusCode, early.response?.body]).toEqual(['Failed', 200, 'early']);
    expect(early.effects.stored).toHaveLength(1);
  });
});

describe('store in Cosmos DB', () => {
  it('writes the id as a string, and a GUID for an optional id left out, since Cosmos DB takes only a string id', () => {
    const text = `type Counted {
  id:   integer @business.other
  name: string  @business.other
}
type Maybe {
  id:   string? @business.other
  name: string  @business.other
}
type In {
  counted: Counted
  maybe:   Maybe
}
${HEADER}
flow keep {
  trigger http post body In
  store trigger.body.counted in cosmos("jigajob", "counted")
  store trigger.body.maybe in cosmos("jigajob", "maybe")
  store { id: trigger.body.counted.id, name: "literal" } in cosmos("jigajob", "literal")
  store { id: trigger.body.maybe.id, name: "optional" } in cosmos("jigajob", "literal")
}
`;
    const run = compileJig(text);
    const record = run({ trigger: { body: { counted: { id: 5, name: 'a' }, maybe: { id: null, name: 'b' } } }, world: new World({}) });
    expect(record.status).toBe('Succeeded');
    const ids = record.effects.stored.map((stored) => (stored.document as { id: unknown }).id);
    expect(ids.slice(0, 1)).toEqual(['5']);
    expect(ids[2]).toBe('5');
    for (const generated of [ids[1], ids[3]]) expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    const given = run({ trigger: { body: { counted: { id: 6, name: 'a' }, maybe: { id: 'M-1', name: 'b' } } }, world: new World({}) });
    expect(given.effects.stored.map((stored) => (stored.document as { id: unknown }).id)).toEqual(['6', 'M-1', '6', 'M-1']);
  });

  it('a value of no known type keeps its own id, so that a document read and changed is rewritten, not copied', () => {
    const text = `type Note {
  id:   string @business.other
  text: string @business.other
}
${HEADER}
flow mark_notes {
  trigger http post body Note
  store trigger.body in cosmos("jigajob", "notes") @retain(30 days)
  let notes = query cosmos("jigajob", "notes") returns Note[]
  for each note in notes {
    store setProperty(note, "seen", true) in cosmos("jigajob", "notes") @retain(29 days)
  }
  store json("{\\"text\\": \\"b\\"}") in cosmos("jigajob", "blank")
}
`;
    const world = new World({ 'jigajob/notes': [{ id: 'N-1', text: 'a' }] });
    expect(runJig(text, { trigger: { body: { id: 'N-2', text: 'b' } }, world }).status).toBe('Succeeded');
    expect(world.snapshot()['jigajob/notes']).toMatchObject([{ id: 'N-1', text: 'a', seen: true }, { id: 'N-2', text: 'b', seen: true }]);
    // One that has none gets a new GUID, as a record without id does.
    expect(world.snapshot()['jigajob/blank']).toMatchObject([{ id: expect.stringMatching(/^[0-9a-f-]{36}$/), text: 'b' }]);
  });
});

describe('case', () => {
  it('toUpper and toLower change each character that has a one-character case, and keep the text its length', () => {
    const text = flowOf(
      '  s: string @business.other',
      `  respond 200 body { upper: toUpper(trigger.body.s), lower: toLower(trigger.body.s), length: length(toUpper(trigger.body.s)), starts: startsWith(trigger.body.s, "STRASSE") }`,
    );
    const record = runJig(text, { trigger: { body: { s: 'Straße ΣΟΦΟΣ İz' } } });
    // The reference: "if a character in the string doesn't have an uppercase version, that character
    // stays unchanged"; ß has none of one character (JavaScript writes SS), the final Σ lowers as any Σ.
    expect(record.response?.body).toEqual({ upper: 'STRAßE ΣΟΦΟΣ İZ', lower: 'straße σοφοσ İz', length: 15, starts: false });
  });

  it('length, substring and indexOf count UTF-16 units, as WDL does: an emoji is two', () => {
    const text = flowOf('  s: string @business.other', `  respond 200 body { length: length(trigger.body.s), at: indexOf(trigger.body.s, "x"), rest: substring(trigger.body.s, 2) }`);
    expect(runJig(text, { trigger: { body: { s: '😀x' } } }).response?.body).toEqual({ length: 3, at: 2, rest: 'x' });
  });
});

describe('child flows', () => {
  const text = `type Note {
  topic: string @business.other
  bad:   boolean @business.other
}
type In {
  topic: string @business.other
  bad:   boolean @business.other
}
${HEADER}
flow quiet_child {
  trigger http post body Note
  store { id: trigger.body.topic, topic: trigger.body.topic } in cosmos("jigajob", "notes")
  if trigger.body.bad {
    fail "quiet child failed"
  }
}
${HEADER}
flow answering_child {
  trigger http post body Note
  if trigger.body.bad {
    fail "answering child failed"
  }
  respond 201 body { seen: trigger.body.topic }
}
${HEADER}
flow caller {
  trigger http post body In
  call flow quiet_child with { topic: "q-\${trigger.body.topic}", bad: trigger.body.bad }
  let answer = call flow answering_child with { topic: trigger.body.topic, bad: trigger.body.bad }
  respond 200 body answer
}
`;
  const run = compileJig(text, 'caller');

  it('passes its argument, and reads the body the child answers', () => {
    const record = run({ trigger: { body: { topic: 'a', bad: false } }, world: new World({}) });
    expect(record.status).toBe('Succeeded');
    expect(record.response?.body).toEqual({ seen: 'a' });
    expect(record.effects.stored.map((s) => s.document)).toMatchObject([{ id: 'q-a', topic: 'q-a' }]);
  });

  it('a child without respond answers at once (202): its failure is not the caller\'s; a child that fails before it responds fails the call', () => {
    const record = run({ trigger: { body: { topic: 'b', bad: true } }, world: new World({}) });
    const status = (name: string) => record.actions.find((a) => a.name === name)?.status;
    // Microsoft: a workflow without a Response action answers 202 Accepted at once.
    expect(status('Call_quiet_child')).toBe('Succeeded');
    expect(record.effects.stored).toHaveLength(1);
    expect(status('Call_answer')).toBe('Failed');
    expect([record.status, record.response]).toEqual(['Failed', undefined]);
  });

  it('a mocked child is retried as the call\'s @retry says', () => {
    const retried = compileJig(
      text.replace('let answer = call flow answering_child with { topic: trigger.body.topic, bad: trigger.body.bad }', 'let answer = call flow answering_child with { topic: trigger.body.topic, bad: trigger.body.bad } @retry(fixed, 1 times, 5 seconds)'),
      'caller',
    );
    const record = retried({ trigger: { body: { topic: 'c', bad: false } }, world: new World({}), mocks: { actions: { Call_answer: { responses: [{ status: 503 }, { status: 503 }, { status: 201, body: { seen: 'mock' } }] } } } });
    const call = record.actions.find((a) => a.name === 'Call_answer');
    expect([call?.status, call?.retryHistory?.length]).toEqual(['Failed', 1]);
  });
});

describe('delete', () => {
  it('removes the document with that id, and fails (404) when there is none, as Cosmos DB answers', () => {
    const text = flowOf('  id: string @business.other', `  delete trigger.body.id from cosmos("jigajob", "orders")\n  respond 200 body "deleted"`);
    const run = compileJig(text);
    const world = new World({ 'jigajob/orders': [{ id: 'O-1' }, { id: 'O 2' }] });
    expect(run({ trigger: { body: { id: 'O 2' } }, world }).response?.body).toBe('deleted');
    expect(world.snapshot()['jigajob/orders']).toEqual([{ id: 'O-1' }]);
    const missing = run({ trigger: { body: { id: 'O 2' } }, world });
    expect([missing.status, missing.response]).toEqual(['Failed', undefined]);
  });
});

describe('parallel', () => {
  it('a branch that fails does not stop the others; what follows runs only when every branch succeeded', () => {
    const text = flowOf(
      '  id: string @business.other',
      `  var done: string[] = []
  parallel {
    call http post "https://status.azurewebsites.net/api/first" @retry(none)
    append "first" to done
  } and {
    wait 5 seconds
    append "second" to done
  }
  append "after" to done
  respond 200 body done`,
    );
    const run = compileJig(text);
    const fine = run({ trigger: { body: { id: 'A' } } });
    expect(fine.response?.body).toEqual(['first', 'second', 'after']);
    const failed = run({ trigger: { body: { id: 'A' } }, mocks: { operations: { 'http:POST https://status.azurewebsites.net/api/first': { responses: [{ status: 500 }] } } } });
    expect(failed.status).toBe('Failed');
    expect(actionsRun(failed)).toContain('Append_to_done_2');
    expect(actionsRun(failed)).not.toContain('Append_to_done_3');
    expect(failed.response).toBeUndefined();
  });
});

describe('store of a list', () => {
  it('stores each element as a document of its own, each with a string id (its own, or a new one) and the ttl', () => {
    const text = `type Line {
  id?: integer @business.other
  sku: string  @business.other
}
type In {
  lines: Line[]
}
${HEADER}
flow keep_lines {
  trigger http post body In
  store trigger.body.lines in cosmos("jigajob", "lines") @retain(2 days)
}
`;
    const world = new World({});
    const record = runJig(text, { trigger: { body: { lines: [{ id: 7, sku: 'A' }, { sku: 'B' }, { sku: 'C' }] } }, world });
    expect(record.status).toBe('Succeeded');
    const stored = world.snapshot()['jigajob/lines'] as { id: string; sku: string; ttl: number }[];
    expect(stored.map((d) => [typeof d.id, d.sku, d.ttl])).toEqual([['string', 'A', 172800], ['string', 'B', 172800], ['string', 'C', 172800]]);
    expect(stored[0]!.id).toBe('7');
    expect(new Set(stored.map((d) => d.id)).size).toBe(3);
  });
});

describe('for each over a list written out', () => {
  it('walks its elements: the Foreach takes createArray(…), an expression, not a JSON array', () => {
    const text = flowOf(
      '  s: string @business.other',
      `  var seen: string[] = []
  for each word in ["first", trigger.body.s, "@last"] {
    append word to seen
  }
  for each n in [1, 2] {
    append "n\${n}" to seen
  }
  respond 200 body seen`,
    );
    const run = compileJig(text);
    expect(run({ trigger: { body: { s: 'middle' } } }).response?.body).toEqual(['first', 'middle', '@last', 'n1', 'n2']);
  });
});

describe('switch and until', () => {
  it('a switch runs the case that equals its value, else its default, else nothing, and goes on', () => {
    const text = flowOf(
      '  mode: string @business.other\n  n: integer @business.other',
      `  var seen: string[] = []
  switch trigger.body.mode {
    case "a" { append "case a" to seen }
    default { append "default" to seen }
  }
  switch trigger.body.n {
    case 1 { append "one" to seen }
    case 2 { append "two" to seen }
  }
  respond 200 body seen`,
    );
    const run = compileJig(text);
    expect(run({ trigger: { body: { mode: 'a', n: 2 } } }).response?.body).toEqual(['case a', 'two']);
    expect(run({ trigger: { body: { mode: 'b', n: 3 } } }).response?.body).toEqual(['default']);
  });

  it('a switch over an optional value runs its default when the value is null or left out (the service fails a Switch on null)', () => {
    const text = flowOf(
      '  mode: string? @business.other\n  n: integer? @business.other',
      `  var seen: string[] = []
  switch trigger.body.mode {
    case "" { append "empty" to seen }
    case "a" { append "case a" to seen }
    default { append "default mode" to seen }
  }
  switch trigger.body.n {
    case -1 { append "minus one" to seen }
    default { append "default n" to seen }
  }
  respond 200 body seen`,
    );
    const run = compileJig(text);
    expect(run({ trigger: { body: { mode: null } } }).response?.body).toEqual(['default mode', 'default n']);
    expect(run({ trigger: { body: { mode: '', n: -1 } } }).response?.body).toEqual(['empty', 'minus one']);
    expect(run({ trigger: { body: { mode: 'a', n: -2 } } }).response?.body).toEqual(['case a', 'default n']);
  });

  it('an until whose condition never holds stops at 60 passes, and what follows runs', () => {
    const text = flowOf(
      '  never: boolean @business.other',
      `  var passes: integer = 0
  until trigger.body.never {
    set passes = passes + 1
  }
  respond 200 body passes`,
    );
    const record = runJig(text, { trigger: { body: { never: false } } });
    expect([record.status, record.response?.body]).toEqual(['Succeeded', 60]);
  });

  it('an until with @timeout stops once that long has passed, and what follows runs', () => {
    const text = flowOf(
      '  never: boolean @business.other',
      `  var passes: integer = 0
  until trigger.body.never {
    wait 20 seconds
    set passes = passes + 1
  } @timeout(1 minute)
  respond 200 body passes`,
    );
    const record = runJig(text, { trigger: { body: { never: false } } });
    expect([record.status, record.response?.body]).toEqual(['Succeeded', 3]);
  });
});

describe('@timeout', () => {
  it('a call that takes longer than its timeout times out, and a catch catches it', () => {
    const text = flowOf(
      '  id: string @business.other',
      `  try {
    call http post "https://status.azurewebsites.net/api/slow" @timeout(10 seconds) @retry(none)
    respond 200 body "in time"
  } catch {
    respond 504 body "too slow"
  }`,
    );
    const run = compileJig(text);
    const slow = (delayMs: number) => ({ operations: { 'http:POST https://status.azurewebsites.net/api/slow': { responses: [{ status: 200, delayMs }] } } });
    expect(run({ trigger: { body: { id: 'A' } }, mocks: slow(5_000) }).response?.body).toBe('in time');
    const record = run({ trigger: { body: { id: 'A' } }, mocks: slow(20_000) });
    expect(record.actions.find((a) => a.type === 'Http')?.status).toBe('TimedOut');
    expect([record.status, record.response?.statusCode]).toEqual(['Succeeded', 504]);
  });
});

describe('call connector and raw action', () => {
  it('a connector call sends its path and queries through its connection, and its let reads the body', () => {
    const text = flowOf(
      '  device: string @system.operational',
      `  let previous = call connector "azuretables_1" get "/Tables/readings/entities"
    queries { "$filter": "PartitionKey eq '\${trigger.body.device}'", "$top": 1 }
    @declassify(secret, "The readings table answers readings, never a key")
  respond 200 body previous`,
    ).replace('@data(business.other)', '@data(system.operational)');
    const record = runJig(text, { trigger: { body: { device: "d'1" } }, mocks: { operations: { 'azuretables_1:get /Tables/readings/entities': { responses: [{ status: 200, body: { value: [{ RowKey: 'r' }] } }] } } } });
    expect(record.status).toBe('Succeeded');
    expect(record.response?.body).toEqual({ value: [{ RowKey: 'r' }] });
    // A connection Jig cannot identify may be Key Vault's: run history hides the call's inputs and
    // outputs (what it may answer is a secret's), so its queries are read from the workflow.
    const call = record.actions.find((a) => a.name === 'Call_previous');
    expect(call?.secured).toMatchObject({ inputs: true, outputs: true });
    const emitted = actionNamed(emitText(text).workflows[0]!, 'Call_previous') as { inputs?: { queries?: unknown } };
    expect(emitted.inputs?.queries).toEqual({ $filter: "PartitionKey eq '@{triggerBody()?['device']}'", $top: 1 });
  });

  it('a raw action runs after the step before it, and a let reads its outputs', () => {
    const text = flowOf(
      '  id: string @system.operational',
      `  let first = "a"
  let shaped = raw action "Shape" {
    "type": "Compose",
    "inputs": { "seen": "@{outputs('Compose_first')}-@{triggerBody()?['id']}" }
  }
  respond 200 body shaped`,
    ).replace('@data(business.other)', '@data(system.operational)');
    const record = runJig(text, { trigger: { body: { id: 'X' } } });
    expect(record.status).toBe('Succeeded');
    expect(record.response?.body).toEqual({ seen: 'a-X' });
  });
});

describe('first and last', () => {
  it('are null for an empty list, as WDL gives them, and typed so: the source must say what then', () => {
    const text = flowOf(
      '  xs: string[] @business.other',
      `  respond 200 body { none: first(trigger.body.xs) == null, up: toUpper(coalesce(first(trigger.body.xs), "none")), last: coalesce(last(trigger.body.xs), "-") }`,
    );
    const run = compileJig(text);
    expect(run({ trigger: { body: { xs: [] } } }).response?.body).toEqual({ none: true, up: 'NONE', last: '-' });
    expect(run({ trigger: { body: { xs: ['a', 'b'] } } }).response?.body).toEqual({ none: false, up: 'A', last: 'b' });
    // Typed as the element, toUpper(first(…)) compiled and failed the run on an empty list.
    expect(() => compileJig(flowOf('  xs: string[] @business.other', '  respond 200 body toUpper(first(trigger.body.xs))'))).toThrow(/JIG2020/);
  });
});

describe('delete by a key with quotes', () => {
  it('writes the partition key as JSON, so that an id holding " or a key holding \\ still deletes its document', () => {
    const text = flowOf(
      '  id: string @business.other\n  region: string @business.other',
      `  delete trigger.body.id from cosmos("jigajob", "orders")
  delete trigger.body.id from cosmos("jigajob", "regional") partition trigger.body.region`,
    );
    const world = new World({ 'jigajob/orders': [{ id: 'say "hi"' }], 'jigajob/regional': [{ id: 'say "hi"', region: 'a\\b"c' }] });
    const record = runJig(text, { trigger: { body: { id: 'say "hi"', region: 'a\\b"c' } }, world });
    expect(record.status).toBe('Succeeded');
    expect(world.snapshot()).toEqual({ 'jigajob/orders': [], 'jigajob/regional': [] });
  });
});

describe('fail @code', () => {
  it('gives the run its error code and message, and nothing after it runs', () => {
    const text = flowOf(
      '  amount: number @business.other',
      `  if trigger.body.amount > 100 {
    fail "Amount \${trigger.body.amount} is over the limit" @code("OverLimit")
  }
  respond 200 body "ok"`,
    );
    const run = compileJig(text);
    const over = run({ trigger: { body: { amount: 150.5 } } });
    expect([over.status, over.error, over.response]).toEqual(['Failed', { code: 'OverLimit', message: 'Amount 150.5 is over the limit' }, undefined]);
    expect(run({ trigger: { body: { amount: 100 } } }).response?.body).toBe('ok');
  });
});

describe('a document written back into its container', () => {
  // 2025-01-01T00:00:00Z, the engine's default start, in seconds since 1970, as Cosmos DB writes `_ts`.
  const NOW = 1_735_689_600;
  const DAY = 86_400;
  const text = `type Ticket {
  id:     string @business.other
  status: string @business.other
}
@purpose(automation, "Keep tickets")
@data(business.other)
@retain(90 days)
flow keep_ticket {
  trigger http post body Ticket
  store trigger.body in cosmos("jigajob", "tickets")
}
${HEADER}
flow touch_tickets {
  trigger schedule every 1 day
  let tickets = query cosmos("jigajob", "tickets") returns Ticket[]
  for each ticket in tickets {
    store { id: ticket.id, status: "seen" } in cosmos("jigajob", "tickets") @retain(30 days)
  }
}
`;

  it('keeps the expiry it has when that comes before the store would end it, and is never kept longer by being written again', () => {
    const world = new World({
      'jigajob/tickets': [
        // Written 20 days ago to be kept 30: 10 days left, which the rewrite keeps.
        { id: 'old', status: 'open', _ts: NOW - 20 * DAY, ttl: 30 * DAY },
        // Written just now to be kept 90: the rewrite's own 30 days come first.
        { id: 'new', status: 'open', _ts: NOW, ttl: 90 * DAY },
        // Kept by the container's default or for ever: the rewrite keeps it its own 30 days.
        { id: 'kept', status: 'open', _ts: NOW - 400 * DAY },
      ],
    });
    const record = runJig(text, { world }, 'touch_tickets');
    expect(record.status).toBe('Succeeded');
    const ttls = Object.fromEntries((world.snapshot()['jigajob/tickets'] as { id: string; ttl: number }[]).map((d) => [d.id, d.ttl]));
    expect(ttls).toEqual({ old: 10 * DAY, new: 30 * DAY, kept: 30 * DAY });
  });

  it('a document whose life is over by the time it is written back gets a second, not a new life', () => {
    const world = new World({ 'jigajob/tickets': [{ id: 'due', status: 'open', _ts: NOW - 31 * DAY, ttl: 30 * DAY }] });
    runJig(text, { world }, 'touch_tickets');
    expect((world.snapshot()['jigajob/tickets'] as { ttl: number }[])[0]!.ttl).toBe(1);
  });
});
