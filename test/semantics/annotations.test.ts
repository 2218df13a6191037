import { describe, expect, test } from 'vitest';
import { analyse, analyseClean, INVOICE } from './helpers.js';
import type { FlowDecl, StoreStep } from '../../compiler/src/syntax/tree.js';

const flowWith = (annotations: string, steps = '  wait 1 day') => `${INVOICE}
${annotations}
flow f {
  trigger http post body Invoice
${steps}
}
`;

function flowOf(result: ReturnType<typeof analyse>): FlowDecl {
  return result.model.file.declarations.find((d): d is FlowDecl => d.kind === 'Flow')!;
}

describe('reading annotations', () => {
  test('a flow\'s purpose, data, retention and waivers', () => {
    const r = analyseClean(flowWith(`@purpose(automation, "File invoices")
@data(business.transaction, personal.name)
@retain(2 years)
@allow(s03-sharing, "Approved by the DPO")`));
    const annotations = r.model.annotationsOf(flowOf(r));
    expect(annotations.purpose).toMatchObject({ id: 'automation', reason: 'File invoices' });
    expect(r.text(annotations.purpose!.idRange)).toBe('automation');
    expect(annotations.data?.categories.map((c) => c.id)).toEqual(['business.transaction', 'personal.name']);
    expect(annotations.retain).toMatchObject({ amount: 2, unit: 'years', seconds: 2 * 365 * 86400 });
    expect(r.text(annotations.retain!.annotationRange)).toBe('@retain(2 years)');
    expect(annotations.waivers.map((w) => [w.rule, w.reason])).toEqual([['s03-sharing', 'Approved by the DPO']]);
  });

  test('a step\'s share, waivers and a store\'s own retention; a store without one inherits the flow\'s', () => {
    const r = analyseClean(
      flowWith(
        '@retain(3 months)',
        `  store trigger.body in cosmos("db", "a") @retain(1 week)
  store trigger.body in cosmos("db", "b")
  call http post url body trigger.body
    @share(approvals_inc, "Large invoices need approval")
    @allow(s09-minors, "never minors here")`,
      ),
    );
    const steps = flowOf(r).body.steps;
    expect(r.model.retentionOf(steps[0] as StoreStep)).toMatchObject({ amount: 1, unit: 'weeks', seconds: 7 * 86400 });
    expect(r.model.retentionOf(steps[1] as StoreStep)).toMatchObject({ amount: 3, unit: 'months' });
    expect(r.model.shareOf(steps[2]!)).toMatchObject({ processor: 'approvals_inc', reason: 'Large invoices need approval' });
    expect(r.model.waiversOf(steps[2]!).map((w) => [w.rule, w.step])).toEqual([['s09-minors', steps[2]]]);
    expect(r.model.shareOf(steps[0]!)).toBeUndefined();
  });

  test('a flow without annotations reads as empty, not as an error (the policy reports what is missing)', () => {
    const r = analyseClean(flowWith(''));
    expect(r.model.annotationsOf(flowOf(r))).toEqual({ waivers: [] });
  });
});

describe('shape errors', () => {
  test.each([
    ['@purpos(automation, "x")', 'JIG2060', 'purpos', "'@purpos' is not an annotation. Did you mean '@purpose'?"],
    ['@share(acme, "x")', 'JIG2061', '@share(acme, "x")', "'@share' cannot be written on a flow; it belongs on a step that sends data out."],
    ['@purpose(automation)', 'JIG2062', '@purpose(automation)', '\'@purpose\' takes a purpose and a reason in plain quotes, e.g. @purpose(automation, "why").'],
    ['@purpose("automation", "x")', 'JIG2062', '@purpose("automation", "x")', '\'@purpose\' takes a purpose and a reason in plain quotes, e.g. @purpose(automation, "why").'],
    ['@data()', 'JIG2062', '@data()', "'@data' takes one or more categories, e.g. @data(business.transaction, personal.name)."],
    ['@data(business, "x")', 'JIG2062', '@data(business, "x")', "'@data' takes one or more categories, e.g. @data(business.transaction, personal.name)."],
    ['@retain(3 hours)', 'JIG2028', 'hours', "'hours' is not a unit for a retention; use one of days, weeks, months, years."],
    ['@retain(0 days)', 'JIG2028', '0 days', 'The amount of a retention must be a positive whole number, not 0.'],
    ['@retain(1 year, 2 years)', 'JIG2062', '@retain(1 year, 2 years)', "'@retain' takes one duration, e.g. @retain(2 years)."],
    ['@retain(1 year)\n@retain(2 years)', 'JIG2063', '@retain(2 years)', "'@retain' is written twice here; merge them into one."],
    ['@allow(s03-sharing)', 'JIG2062', '@allow(s03-sharing)', '\'@allow\' takes a rule and a reason in plain quotes, e.g. @allow(RULE, "why").'],
  ])('%s', (annotations, code, at, message) => {
    const r = analyse(flowWith(annotations));
    expect(r.diagnostics.map((d) => [d.code, r.text(d.range), d.message])).toEqual([[code, at, message]]);
  });

  // A retention that states no finite period is the policy's finding (§8, JIG3802), not a shape error.
  test.each(['@retain(forever)', '@retain(indefinitely)', '@retain("forever")', '@retain(1e999 years)'])('%s is left to the policy', (annotation) => {
    const r = analyse(flowWith(annotation));
    expect(r.diagnostics).toEqual([]);
    expect(r.model.annotationsOf(flowOf(r)).retain).toBeUndefined();
  });

  test('@retain("2 years") is a shape error: a retention is not a string', () => {
    const r = analyse(flowWith('@retain("2 years")'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['JIG2062']);
  });

  test('the unknown-annotation fix replaces the name', () => {
    const r = analyse(flowWith('@retian(1 year)'));
    expect(r.diagnostics[0]!.fixes?.[0]?.edits[0]?.newText).toBe('retain');
  });

  test('@retain on a step other than a store, @purpose on a step', () => {
    const r = analyse(flowWith('', '  wait 1 day @retain(1 day)\n  call http post url @purpose(automation, "x")'));
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['JIG2061', "'@retain' cannot be written on this step; it belongs on a flow or a store."],
      ['JIG2061', "'@purpose' cannot be written on this step; it belongs on a flow."],
    ]);
  });

  test('@allow may repeat for different rules', () => {
    const r = analyseClean(flowWith('@allow(a, "x")\n@allow(b, "y")'));
    expect(r.model.annotationsOf(flowOf(r)).waivers.map((w) => w.rule)).toEqual(['a', 'b']);
  });
});

describe('@subject: the field that identifies the data subject (§6)', () => {
  const PERSON = `type Person {
  id:    string @business.other
  email: string @personal.contact @subject(customer)
  tags:  string[] @business.other
}
`;
  const stored = (steps: string, types = PERSON) => `${types}
@purpose(automation, "Keep people")
@data(personal.contact, business.other)
@retain(30 days)
flow f {
  trigger http post body Person
${steps}
}
`;
  const storeSteps = (r: ReturnType<typeof analyse>) => {
    const steps: StoreStep[] = [];
    for (const flow of r.model.file.declarations) if (flow.kind === 'Flow') for (const step of flow.body.steps) if (step.kind === 'Store') steps.push(step);
    return steps;
  };

  test("on a type's field, it keys every store of that type; on a store, the field it names", () => {
    const r = analyseClean(
      stored(`  store trigger.body in cosmos("db", "people")
  store { id: trigger.body.id, mail: trigger.body.email } in cosmos("db", "mail") @subject(contact, mail)
  store { id: trigger.body.id } in cosmos("db", "ids")`),
    );
    expect(storeSteps(r).map((step) => r.model.subjectKeysOf(step))).toEqual([
      [{ kind: 'customer', field: 'email' }],
      [{ kind: 'contact', field: 'mail' }],
      [],
    ]);
  });

  test.each([
    ['a field of the stored record that does not exist', '  store { id: trigger.body.id } in cosmos("db", "a") @subject(customer, idd)', 'JIG2', "'idd'"],
    ['a field holding a list', '  store { tags: trigger.body.tags } in cosmos("db", "a") @subject(customer, tags)', 'JIG2061', "'@subject' cannot be written on the field 'tags' of type 'string[]'"],
    ['a store without the field', '  store trigger.body in cosmos("db", "a") @subject(customer)', 'JIG2062', "'@subject' takes the kind of data subject and the field"],
    ['a step other than a store', '  wait 1 day @subject(customer, id)', 'JIG2061', "'@subject' cannot be written on this step; it belongs on a type's field, or a store of a record literal."],
  ])('%s is an error', (_, steps, code, message) => {
    const r = analyse(stored(steps));
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.code.startsWith(code)).toBe(true);
    expect(r.diagnostics[0]!.message).toContain(message);
  });

  test.each([
    ['a list', 'tags: string[] @business.other @subject(customer)', "a field holding one value, not a list"],
    ['a record', 'inner: Person @subject(customer)', 'a field of a primitive type'],
    ['without a kind', 'id: string @business.other @subject()', 'the kind of data subject the field identifies'],
    ['with a quoted kind', 'id: string @business.other @subject("customer")', 'the kind of data subject the field identifies'],
  ])("on a type's field holding %s is an error", (_, field, message) => {
    const r = analyse(stored('  wait 1 day', `${PERSON}type Other {\n  ${field}\n}\n`));
    expect(r.diagnostics.map((d) => d.message).join('\n')).toContain(message);
  });
});
