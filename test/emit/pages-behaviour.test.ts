/**
 * A connector's answer is read whole or not at all: a list operation past its page size answers
 * one page and a next-page link (SQL Server's "Get rows", SharePoint's "Get items", Blob's
 * listings, Cosmos DB's ContinuationToken), and a flow that went on with that page would do part
 * of what it says. Shown by running the emitted workflow in the engine with the answers mocked.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { NEXT_PAGE_PROPERTIES } from '../../compiler/src/emit/steps-connectors.js';
import { actionNamed, emitText, expectAllEmittedValid } from './helpers.js';
import { actionsRun, compileJig } from './run-helpers.js';

afterAll(() => expectAllEmittedValid());

const HEADER = `type In {
  table: string @system.operational
}
type Row {
  id: string @system.operational
}
type Rows {
  value: Row[]
}

@purpose(automation, "Clearing a table of old rows")
@data(system.operational)
@retain(1 day)`;

const ROWS = `"/v2/datasets/@{encodeURIComponent(encodeURIComponent('default'))},@{encodeURIComponent(encodeURIComponent('default'))}/tables/\${trigger.body.table}/items"`;

/** An erasure over SQL Server's "Get rows (V2)": every row it reads is deleted, and it says how many. */
const erasure = (options = '', returns = '') => `${HEADER}
flow clear {
  trigger http post body In
  let rows = call connector "sql" get ${ROWS}${returns}${options}
  for each row in rows.value {
    call connector "sql" delete "/v2/datasets/default,default/tables/\${trigger.body.table}/items/\${row.id}"
  }
  respond 200 body { erased: length(rows.value) }
}
`;

const answer = (body: unknown) => ({ mocks: { actions: { Call_rows: { responses: [{ status: 200, body }] } } }, trigger: { body: { table: 'old' } } });
const rows = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `R${i}` }));

describe('a list operation that answers one page of several', () => {
  it('is read once, right after the call, by a Compose that fails while a next-page property is there (golden)', () => {
    const workflow = emitText(erasure()).workflows[0]!;
    const asObject = "if(startsWith(string(body('Call_rows')), '{'), body('Call_rows'), json('{}'))";
    expect(actionNamed(workflow, 'Whole_rows')).toEqual({
      type: 'Compose',
      inputs: `@outputs('Call_rows')[if(or(${NEXT_PAGE_PROPERTIES.map((p) => `contains(${asObject}, '${p}')`).join(', ')}), 'Call_rows answered one page of several: Jig reads whole answers only', 'body')]`,
      runAfter: { Call_rows: ['Succeeded'] },
    });
    expect(actionNamed(workflow, 'For_each_row').foreach).toBe("@outputs('Whole_rows')?['value']");
  });

  const run = compileJig(erasure());
  const typed = compileJig(erasure('', ' returns Rows'));
  const paginated = compileJig(erasure(' @paginate(5000)'));

  it('fails the run before a row is erased, whatever the next-page property, rather than erase a page and say it erased them all', () => {
    for (const property of NEXT_PAGE_PROPERTIES) {
      for (const flow of [run, typed, paginated]) {
        const record = flow(answer({ value: rows(3), [property]: 'https://sql.example/next' }));
        expect(record.status).toBe('Failed');
        expect(record.response).toBeUndefined();
        expect(actionsRun(record)).not.toContain('Call_sql');
        expect(JSON.stringify(record.actions)).toMatch(/Call_rows answered one page of several/);
      }
    }
  });

  it('reads an answer of one page whole: every row erased, the count answered', () => {
    for (const flow of [run, typed, paginated]) {
      const record = flow(answer({ value: rows(3) }));
      expect(record.status).toBe('Succeeded');
      expect(record.response?.body).toEqual({ erased: 3 });
      expect(record.actions.filter((a) => a.name === 'Call_sql' && a.status === 'Succeeded')).toHaveLength(3);
    }
  });

  it('with @outputs, reads the answer as it came, next-page link and all, for a flow that follows the pages itself', () => {
    const raw = compileJig(`${HEADER}
flow clear {
  trigger http post body In
  let rows = call connector "sql" get ${ROWS} @outputs
  respond 200 body { first: length(rows.body.value), next: rows.body["@odata.nextLink"] }
}
`);
    const record = raw(answer({ value: rows(2), '@odata.nextLink': 'https://sql.example/next' }));
    expect(record.status).toBe('Succeeded');
    expect(record.response?.body).toEqual({ first: 2, next: 'https://sql.example/next' });
  });
});

describe('any answer, differentially: what Jig means (the body, or a failure while a page follows) and what the engine ran', () => {
  const echo = compileJig(`${HEADER}
flow echo {
  trigger http post body In
  let answer = call service "sqlBuiltIn" "sql" "executeQuery" body { query: trigger.body.table }
  respond 200 body { answer: answer }
}
`);
  const keys = fc.oneof(fc.constantFrom(...NEXT_PAGE_PROPERTIES), fc.constantFrom('value', 'id', 'next', 'link', 'nextPage', 'odata.count'), fc.string({ maxLength: 6 }));
  const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.integer(), fc.boolean(), fc.string({ maxLength: 12 }), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(keys, tie('value'), { maxKeys: 4 })),
  })).value;
  const bodies = fc.oneof(fc.dictionary(keys, json, { maxKeys: 5 }), json);

  it('succeeds with the body exactly when it is no object holding a next-page property (any case)', () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const record = echo({ mocks: { actions: { Call_answer: { responses: [{ status: 200, body }] } } }, trigger: { body: { table: 'q' } } });
        const paged = typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).some((key) => NEXT_PAGE_PROPERTIES.some((p) => p.toLowerCase() === key.toLowerCase()));
        // Text that starts with `{` is searched as text (a false alarm at worst): the generator's strings rarely do.
        if (typeof body === 'string' && body.startsWith('{')) return;
        expect(record.status).toBe(paged ? 'Failed' : 'Succeeded');
        if (!paged) expect(record.response?.body).toEqual({ answer: body });
      }),
      { numRuns: 300 },
    );
  });
});
