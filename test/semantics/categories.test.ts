import { describe, expect, test } from 'vitest';
import { analyseClean, flowOf, MAIL_CATEGORIES } from './helpers.js';

describe('categories of expressions', () => {
  test('a field read carries that field\'s categories, with where it came from', () => {
    const r = analyseClean(flowOf(`
  let invoice = trigger.body
  let n = invoice.contactName`));
    expect(r.categories('invoice.contactName')).toEqual(['personal.name']);
    const origin = r.origins('invoice.contactName').get('personal.name')!;
    expect(origin.description).toBe('invoice.contactName');
    expect(r.text(origin.range)).toBe('invoice.contactName');
  });

  test('a whole record carries every field\'s categories, through record and array fields', () => {
    const r = analyseClean(flowOf('  let invoice = trigger.body\n  let lines = trigger.body.lines'));
    expect(r.categories('trigger.body')).toEqual(['business.email', 'business.transaction', 'personal.contact', 'personal.name']);
    const origins = r.origins('trigger.body');
    expect(origins.get('personal.contact')!.description).toBe('trigger.body.contact.phone');
    expect(r.categories('trigger.body.lines')).toEqual(['business.transaction']);
  });

  test('literals and params carry none; operators and calls carry the union of their operands', () => {
    const r = analyseClean(flowOf(`
  let a = "x" + url
  let b = concat(trigger.body.number, coalesce(trigger.body.contactName, ""))
  let c = "Dear \${trigger.body.contactName}"
  let d = { who: trigger.body.vendorEmail, n: 1 }`));
    expect(r.categories('"x" + url')).toEqual([]);
    expect(r.categories('concat(trigger.body.number, coalesce(trigger.body.contactName, ""))')).toEqual(['business.transaction', 'personal.name']);
    expect(r.categories('"Dear ${trigger.body.contactName}"')).toEqual(['personal.name']);
    expect(r.categories('{ who: trigger.body.vendorEmail, n: 1 }')).toEqual(['business.email']);
  });

  test('a let carries what it was bound to, and a field of a record literal carries what was put in that field', () => {
    const r = analyseClean(flowOf(`
  let d = { who: trigger.body.vendorEmail, n: trigger.body.number }
  let e = d.n`));
    expect(r.categories('d.n')).toEqual(['business.transaction']);
    expect(r.origins('d.n').get('business.transaction')!.description).toBe('trigger.body.number');
  });

  test('a var carries the union of its initialiser and every set and append, even those after a read', () => {
    const r = analyseClean(flowOf(`
  var names: string[] = []
  var note: string = "none"
  store { id: "1", note: note } in cosmos("db", "c")
  set note = trigger.body.vendorEmail
  for each line in trigger.body.lines {
    append line.sku to names
  }
  let all = names`));
    expect(r.categories('{ id: "1", note: note }')).toEqual(['business.email']);
    expect(r.categories('names')).toEqual(['business.transaction']);
  });

  test('a fixpoint through vars that feed each other', () => {
    const r = analyseClean(flowOf(`
  var a: string = ""
  var b: string = ""
  var c: string = ""
  set c = b
  set b = a
  set a = trigger.body.vendorEmail`));
    expect(r.categories('b')).toEqual(['business.email']);
    expect(r.symbolCategories(r.id('c', 0))).toEqual(['business.email']);
  });

  test('a loop variable carries its array\'s categories; a field of it only that field\'s', () => {
    const r = analyseClean(flowOf(`
  for each line in trigger.body.lines {
    let q = line.qty
    let l = line
  }`));
    expect(r.categories('line.qty')).toEqual(['business.transaction']);
    expect(r.categories('line', 1)).toEqual(['business.transaction']);
  });

  test('where and select carry what they read; item reads the source', () => {
    const r = analyseClean(flowOf(`
  let contacts = [trigger.body.contact]
  let named = contacts where item.name == "x"
  let phones = contacts select { phone: item.phone }`));
    expect(r.categories('contacts where item.name == "x"')).toEqual(['personal.contact', 'personal.name']);
    expect(r.categories('contacts select { phone: item.phone }')).toEqual(['personal.contact']);
  });

  test('a query carries its element type\'s categories, an HTTP response its returns type\'s and what it was sent, an untyped one every declared category', () => {
    const r = analyseClean(flowOf(`
  let q = query cosmos("db", "c") where item.qty > 1 returns Line[]
  let h = call http get url returns Contact
  let u = call http get url`));
    expect(r.categories('query cosmos("db", "c") where item.qty > 1 returns Line[]')).toEqual(['business.transaction']);
    expect(r.symbolCategories(r.id('q'))).toEqual(['business.transaction']);
    expect(r.origins('query cosmos("db", "c") where item.qty > 1 returns Line[]').get('business.transaction')!.description).toBe(
      'query cosmos("db", "c")[].sku',
    );
    expect(r.categories('call http get url returns Contact')).toEqual(['personal.contact', 'personal.name']);
    // Unknown is not safe: @data(business) and every business category below it.
    expect(r.categories('call http get url')).toEqual([
      'business', 'business.contact', 'business.document', 'business.email', 'business.industry', 'business.other', 'business.transaction',
    ]);
    expect(r.origins('call http get url').get('business.email')!.description).toMatch(/unknown to Jig/);
  });

  test('an HTTP response carries what its request sent, whatever type it declares', () => {
    const r = analyseClean(flowOf(`
  let h = call http post url body { who: trigger.body.contactName } returns Line
  let s = h.sku`));
    expect(r.categories('call http post url body { who: trigger.body.contactName } returns Line')).toEqual(['business.transaction', 'personal.name']);
    expect(r.categories('h.sku')).toEqual(['business.transaction', 'personal.name']);
  });

  test('an aggregate carries only aggregate.anonymized, and so does everything read from it', () => {
    const r = analyseClean(flowOf(`
  let stats = aggregate trigger.body.lines by sku { n: count(), total: sum(price) }
  for each row in stats {
    let t = row.total
  }`));
    expect(r.categories('aggregate trigger.body.lines by sku { n: count(), total: sum(price) }')).toEqual(['aggregate.anonymized']);
    expect(r.categories('row.total')).toEqual(['aggregate.anonymized']);
  });

  test('Mail fields carry a business category and the mixed source\'s, marked as coming from it', () => {
    const r = analyseClean(`
flow m {
  trigger mail office365 folder "Inbox"
  let s = trigger.body.subject
  let t = trigger.body.receivedDateTime
}`);
    expect(r.categories('trigger.body.subject')).toEqual(['business.document', ...MAIL_CATEGORIES].sort());
    const origins = r.origins('trigger.body.subject');
    expect(origins.get('personal.minor')).toMatchObject({ description: 'trigger.body.subject', mixedSource: 'office365.mail' });
    expect(origins.get('business.document')!.mixedSource).toBeUndefined();
    expect(r.categories('trigger.body.receivedDateTime')).toEqual(['system.operational']);
  });

  test('a schedule trigger carries only system.operational', () => {
    const r = analyseClean(`
flow s {
  trigger schedule every 1 hour
  let t = trigger.scheduledTime
}`);
    expect(r.categories('trigger.scheduledTime')).toEqual(['system.operational']);
  });

  test('recursive types do not loop', () => {
    const r = analyseClean(`
type Node { name: string @personal.name  next: Node? }
flow f {
  trigger http post body Node
  let n = trigger.body
}`);
    expect(r.categories('trigger.body')).toEqual(['personal.name']);
  });

  test('a child flow\'s result carries the categories its @data declares', () => {
    const r = analyseClean(flowOf(`
  let answer = call flow g with { id: "1" }`) + `
@data(personal.contact, business.other)
flow g {
  trigger http post body G
}
type G { id: string @business.other }`);
    expect(r.categories('call flow g with { id: "1" }')).toEqual(['business.other', 'personal.contact']);
    expect(r.origins('call flow g with { id: "1" }').get('personal.contact')!.description).toBe('the result of flow g');
  });

  test('a record literal of a declared type also carries the categories of the fields it fills', () => {
    const r = analyseClean(flowOf(`
  var c: Contact? = { name: "Ann", phone: trigger.body.number }`));
    const origins = r.origins('{ name: "Ann", phone: trigger.body.number }');
    expect([...origins.keys()].sort()).toEqual(['business.transaction', 'personal.contact', 'personal.name']);
    expect(origins.get('personal.name')).toMatchObject({ description: 'Contact.name' });
    expect(r.text(origins.get('personal.name')!.range)).toBe('"Ann"');
  });
});
