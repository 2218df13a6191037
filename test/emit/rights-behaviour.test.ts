/**
 * The data-subject flows `jig rights` generates do what the README's table says, run in the
 * engine against a simulated Cosmos DB: access answers with the subject's documents in every
 * container and no one else's, correction rewrites the personal fields the request gives and keeps
 * the others, opt-out marks the documents so that the filter a secondary-purpose flow's query
 * gets (the README's privacy section) leaves them out, erasure deletes them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compileText } from '../../compiler/src/compilation.js';
import { World } from '../../compiler/src/engine/index.js';
import { runCosmosQuery } from '../../compiler/src/engine/connectors/cosmos-sql.js';
import { fromJson } from '../../compiler/src/engine/values.js';
import { generateRights } from '../../compiler/src/rights/generate.js';
import { subjectsOf } from '../../compiler/src/rights/subjects.js';
import { emitFixtureProject, expectAllEmittedValid, policy } from './helpers.js';
import { compileJig } from './run-helpers.js';

const PROJECT = `type Contact {
  id:    string  @business.other
  name:  string? @personal.name
  email: string  @personal.contact @subject(contact)
  city:  string  @business.other
  note?: string  @business.other
}

@purpose(automation, "Keep contacts")
@data(business.other, personal.name, personal.contact)
@retain(1 year)
flow keep_contact {
  trigger http post body Contact
  store trigger.body in cosmos("jigajob", "contacts")
  store { id: guid(), email: trigger.body.email, city: trigger.body.city } in cosmos("jigajob", "visits") @subject(contact, email)
}

`;

/** The client's own mailbox (the emit fixtures' mail domain), where an access request's export goes. */
const MAILBOX = 'privacy@example.com';

/** The project with the flows `jig rights` writes for it, as one file. */
function withRights(): string {
  const project = compileText('contacts.jig', PROJECT, { policy, project: emitFixtureProject });
  const [rights] = generateRights(subjectsOf([project]), policy, MAILBOX);
  return `${PROJECT}\n${rights!.text}`;
}

const text = withRights();
const CONTACTS = [
  { id: 'C1', name: 'Ann', email: 'ann@x.example', city: 'Delft' },
  { id: 'C2', name: 'Bo', email: 'bo@x.example', city: 'Delft' },
  ...['C3', 'C4', 'C5', 'C6', 'C7'].map((id) => ({ id, name: null, email: `${id}@x.example`, city: 'Delft' })),
];
const VISITS = [
  { id: 'V1', email: 'ann@x.example', city: 'Delft' },
  { id: 'V2', email: 'bo@x.example', city: 'Delft' },
];
const world = () => new World({ 'jigajob/contacts': CONTACTS, 'jigajob/visits': VISITS });
const ids = (documents: unknown) => (documents as { id: string }[]).map((d) => d.id);
type Run = ReturnType<ReturnType<typeof compileJig>>;
/** The export an access run mailed: to the client's own mailbox, and to no one else. */
function exported(record: Run): { contacts: unknown; visits: unknown } {
  expect(record.effects.mails.map((mail) => mail.to)).toEqual([MAILBOX]);
  return JSON.parse(record.effects.mails[0]!.body as string) as { contacts: unknown; visits: unknown };
}

afterAll(() => expectAllEmittedValid());

describe('the rights flows jig rights generates', () => {
  it('access mails the subject\'s documents in every container, and no one else\'s, to the client\'s own mailbox', () => {
    const record = compileJig(text, 'contact_access')({ trigger: { body: { key: 'ann@x.example' } }, world: world() });
    expect(record.status).toBe('Succeeded');
    const body = exported(record);
    expect([ids(body.contacts), ids(body.visits)]).toEqual([['C1'], ['V1']]);
  });

  it('every flow answers its caller, whoever asks, the same whether anything is kept under the key or not (JIG3307)', () => {
    for (const flow of ['contact_access', 'contact_erasure', 'contact_correction', 'contact_opt_out']) {
      const run = compileJig(text, flow);
      const answers = ['ann@x.example', 'nobody@x.example'].map((key) => run({ trigger: { body: { key } }, world: world() }).response);
      expect(answers[0]).toMatchObject({ statusCode: 202, body: null, headers: {} });
      expect(answers[1]).toEqual(answers[0]);
    }
  });

  it('correction rewrites the personal fields the request gives, and keeps the others', () => {
    const state = world();
    const record = compileJig(text, 'contact_correction')({ trigger: { body: { key: 'ann@x.example', name: 'Anne' } }, world: state });
    expect(record.status).toBe('Succeeded');
    const after = state.snapshot();
    expect(after['jigajob/contacts']![0]).toMatchObject({ id: 'C1', name: 'Anne', email: 'ann@x.example', city: 'Delft' });
    expect(after['jigajob/contacts']![1]).toEqual(CONTACTS[1]);
    expect(after['jigajob/visits']![0]).toMatchObject({ id: 'V1', email: 'ann@x.example', city: 'Delft' });
  });

  it('opt-out marks the subject\'s documents, which the opt-out filter of a secondary-purpose query then leaves out', () => {
    const state = world();
    const kept = () => ids(runCosmosQuery('SELECT * FROM c WHERE (NOT IS_DEFINED(c.optOut) OR c.optOut = false)', state.snapshot()['jigajob/contacts']!.map(fromJson)));
    expect(kept()).toEqual(CONTACTS.map((c) => c.id));
    const record = compileJig(text, 'contact_opt_out')({ trigger: { body: { key: 'ann@x.example' } }, world: state });
    expect(record.status).toBe('Succeeded');
    expect(state.snapshot()['jigajob/contacts']![0]).toMatchObject({ id: 'C1', name: 'Ann', city: 'Delft', optOut: true });
    expect(kept()).toEqual(CONTACTS.slice(1).map((c) => c.id));
  });

  it('an opt-out outlives every later write of the document: a correction, the next store of the contact, a body that says otherwise', () => {
    const state = world();
    const kept = () => ids(runCosmosQuery('SELECT * FROM c WHERE (NOT IS_DEFINED(c.optOut) OR c.optOut = false)', state.snapshot()['jigajob/contacts']!.map(fromJson)));
    expect(compileJig(text, 'contact_opt_out')({ trigger: { body: { key: 'ann@x.example' } }, world: state }).status).toBe('Succeeded');
    expect(compileJig(text, 'contact_correction')({ trigger: { body: { key: 'ann@x.example', name: 'Anne' } }, world: state }).status).toBe('Succeeded');
    expect(state.snapshot()['jigajob/contacts']![0]).toMatchObject({ id: 'C1', name: 'Anne', optOut: true });
    const keep = compileJig(text, 'keep_contact');
    expect(keep({ trigger: { body: { id: 'C1', name: 'Ann', email: 'ann@x.example', city: 'Leiden' } }, world: state }).status).toBe('Succeeded');
    expect(keep({ trigger: { body: { id: 'C1', name: 'Ann', email: 'ann@x.example', city: 'Leiden', optOut: false } }, world: state }).status).toBe('Succeeded');
    expect(state.snapshot()['jigajob/contacts']![0]).toMatchObject({ id: 'C1', city: 'Leiden', optOut: true });
    expect(kept()).toEqual(CONTACTS.slice(1).map((c) => c.id));
    // A contact who did not opt out is stored as before, and still read; a mark its body brings is kept.
    expect(keep({ trigger: { body: { id: 'C2', name: 'Bo', email: 'bo@x.example', city: 'Leiden' } }, world: state }).status).toBe('Succeeded');
    expect(keep({ trigger: { body: { id: 'C8', name: 'Cy', email: 'cy@x.example', city: 'Leiden', optOut: true } }, world: state }).status).toBe('Succeeded');
    expect(kept()).toEqual(CONTACTS.slice(1).map((c) => c.id));
  });

  it('a mark the opt-out filter reads, whatever its form ("true", 1, null: another system wrote it), outlives a correction, the next store of the document and a new document about the person', () => {
    // The filter keeps a document only where the field is missing or exactly false: these three are left out.
    const marks = [{ optOut: 'true' }, { optOut: 1 }, { optOut: null }];
    const state = new World({ 'jigajob/contacts': CONTACTS.map((contact, i) => ({ ...contact, ...marks[i] })), 'jigajob/visits': VISITS });
    const kept = () => ids(runCosmosQuery('SELECT * FROM c WHERE (NOT IS_DEFINED(c.optOut) OR c.optOut = false)', state.snapshot()['jigajob/contacts']!.map(fromJson)));
    const unmarked = CONTACTS.slice(3).map((c) => c.id);
    expect(kept()).toEqual(unmarked);
    const keep = compileJig(text, 'keep_contact');
    for (const contact of CONTACTS.slice(0, 3)) {
      expect(compileJig(text, 'contact_correction')({ trigger: { body: { key: contact.email, name: 'Anne' } }, world: state }).status).toBe('Succeeded');
      expect(keep({ trigger: { body: { ...contact, city: 'Leiden' } }, world: state }).status).toBe('Succeeded');
      // A new document about the same person (another id, their mail): the container's mark is theirs.
      expect(keep({ trigger: { body: { ...contact, id: `${contact.id}-2`, city: 'Leiden' } }, world: state }).status).toBe('Succeeded');
    }
    expect(kept()).toEqual(unmarked);
  });

  it('an opt-out is the person\'s: a new document about them (a new GUID, another id) is marked too', () => {
    const state = world();
    const visits = () => state.snapshot()['jigajob/visits']!.map(fromJson);
    const kept = () => runCosmosQuery('SELECT * FROM c WHERE (NOT IS_DEFINED(c.optOut) OR c.optOut = false)', visits()) as { email: string }[];
    expect(compileJig(text, 'contact_opt_out')({ trigger: { body: { key: 'ann@x.example' } }, world: state }).status).toBe('Succeeded');
    const keep = compileJig(text, 'keep_contact');
    expect(keep({ trigger: { body: { id: 'C1', name: 'Ann', email: 'ann@x.example', city: 'Leiden' } }, world: state }).status).toBe('Succeeded');
    expect(keep({ trigger: { body: { id: 'C9', name: 'Ann', email: 'ann@x.example', city: 'Leiden' } }, world: state }).status).toBe('Succeeded');
    // Visits of Ann with a new GUID each (V1 was marked by the opt-out): none is read by a secondary flow.
    expect(visits().filter((v) => (v as { email: string }).email === 'ann@x.example').length).toBeGreaterThan(1);
    expect(kept().map((v) => v.email)).toEqual(['bo@x.example']);
    // Her new contact document (another id, her mail) is marked too; Bo, who did not opt out, is not.
    expect(state.snapshot()['jigajob/contacts']!.find((c) => (c as { id: string }).id === 'C9')).toMatchObject({ optOut: true });
    expect(keep({ trigger: { body: { id: 'C2', name: 'Bo', email: 'bo@x.example', city: 'Leiden' } }, world: state }).status).toBe('Succeeded');
    expect(kept().map((v) => v.email)).toEqual(['bo@x.example', 'bo@x.example']);
  });

  it('a copy of a marked document into another container keeps its mark, though the person has no document there yet', () => {
    // Contacts kept 300 days, so that a copy kept 30 days more stays within the year (§8).
    const copying = `${PROJECT.replace('@retain(1 year)', '@retain(300 days)')}
@purpose(automation, "Copy the contacts of a city into the mailing list")
@data(business.other, personal.name, personal.contact)
@retain(30 days)
flow copy_to_mailing {
  trigger schedule every 1 day
  let contacts = query cosmos("jigajob", "contacts") where item.city == "Delft" returns Contact[]
  for each contact in contacts {
    store { id: contact.id, email: contact.email, city: contact.city } in cosmos("jigajob", "mailing") @subject(contact, email) @retain(30 days)
  }
}
`;
    const project = compileText('contacts.jig', copying, { policy, project: emitFixtureProject });
    const [rights] = generateRights(subjectsOf([project]), policy, MAILBOX);
    const all = `${copying}\n${rights!.text}`;
    const state = world();
    expect(compileJig(all, 'contact_opt_out')({ trigger: { body: { key: 'ann@x.example' } }, world: state }).status).toBe('Succeeded');
    expect(compileJig(all, 'copy_to_mailing')({ trigger: {}, world: state }).status).toBe('Succeeded');
    const mailing = state.snapshot()['jigajob/mailing']!.map(fromJson);
    expect(mailing).toHaveLength(CONTACTS.length);
    const kept = runCosmosQuery('SELECT * FROM c WHERE (NOT IS_DEFINED(c.optOut) OR c.optOut = false)', mailing) as { id: string }[];
    expect(kept.map((c) => c.id)).toEqual(CONTACTS.slice(1).map((c) => c.id));
  });

  it('the key is matched exactly as it is kept: another case reaches no one, so one person never gets or erases another\'s data', () => {
    const access = compileJig(text, 'contact_access')({ trigger: { body: { key: 'Ann@X.example' } }, world: world() });
    const body = exported(access);
    expect([ids(body.contacts), ids(body.visits)]).toEqual([[], []]);
    const state = world();
    expect(compileJig(text, 'contact_erasure')({ trigger: { body: { key: 'ANN@x.example' } }, world: state }).status).toBe('Succeeded');
    expect(state.snapshot()['jigajob/contacts']).toHaveLength(CONTACTS.length);
  });

  it('erasure deletes the subject\'s documents in every container, and only theirs', () => {
    const state = world();
    const record = compileJig(text, 'contact_erasure')({ trigger: { body: { key: 'bo@x.example' } }, world: state });
    expect(record.status).toBe('Succeeded');
    const after = state.snapshot();
    expect([ids(after['jigajob/contacts']), ids(after['jigajob/visits'])]).toEqual([['C1', 'C3', 'C4', 'C5', 'C6', 'C7'], ['V1']]);
  });
});
