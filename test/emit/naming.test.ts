import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from '../../compiler/src/syntax/parser.js';
import { SourceFile } from '../../compiler/src/syntax/source.js';
import type { Expression, FlowDecl, LetStep } from '../../compiler/src/syntax/tree.js';
import { describeExpression, NameAllocator } from '../../compiler/src/emit/naming.js';
import { MAX_ACTION_NAME_LENGTH, sanitizeName } from '../../compiler/src/util/action-names.js';

function expressionOf(text: string): Expression {
  const { file } = parse(new SourceFile('t.jig', `flow f {\n  let x = ${text}\n}\n`));
  return ((file.declarations.find((d) => d.kind === 'Flow') as FlowDecl).body.steps[0] as LetStep).value as Expression;
}

describe('action names', () => {
  it('keep only the characters every host accepts', () => {
    expect(sanitizeName('Store invoice in "invoices"')).toBe('Store_invoice_in_invoices');
    expect(sanitizeName('Crème brûlée/100%')).toBe('Creme_brulee_100');
    expect(sanitizeName('???')).toBe('Action');
    expect(sanitizeName('a--b__c')).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('are unique in a workflow, case-insensitively, the first keeping the plain name', () => {
    const names = new NameAllocator();
    expect(names.allocate('Call', 'approvals')).toBe('Call_approvals');
    expect(names.allocate('Call', 'approvals')).toBe('Call_approvals_2');
    expect(names.allocate('call', 'Approvals')).toBe('call_Approvals_3');
    expect(names.allocate('Call', 'other')).toBe('Call_other');
  });

  it('are at most 80 characters, suffix included', () => {
    const names = new NameAllocator();
    const long = 'word_'.repeat(40);
    const first = names.allocate(long);
    const second = names.allocate(long);
    expect(first.length).toBeLessThanOrEqual(MAX_ACTION_NAME_LENGTH);
    expect(second.length).toBeLessThanOrEqual(MAX_ACTION_NAME_LENGTH);
    expect(second).not.toBe(first);
  });

  it.each([
    ['invoice.amount > 10000', 'amount_gt_10000'],
    ['line.qty <= 0', 'qty_le_0'],
    ['not done', 'not_done'],
    ['a == "x" and b != 2', 'a_eq_x_and_b_ne_2'],
    ['toLower(message.subject)', 'toLower_subject'],
  ])('describe %s as %s', (source, expected) => {
    expect(describeExpression(expressionOf(source))).toBe(expected);
  });
});

describe('action names, for any words', () => {
  it('are always valid and unique', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ maxLength: 60 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 30 }), (calls) => {
        const names = new NameAllocator();
        const given = calls.map((words) => names.allocate(...words));
        for (const name of given) expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
        expect(new Set(given.map((n) => n.toLowerCase())).size).toBe(given.length);
      }),
    );
  });
});
