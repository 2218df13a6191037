/**
 * Whether a store fills a field with a copy of what the flow read or with a value it computed
 * (flow/copies.ts, ProjectFacts.computedIn): a computed `@subject` value counts no one (§5).
 */
import { describe, expect, test } from 'vitest';
import { compileText } from '../../compiler/src/compilation.js';
import { ProjectFacts } from '../../compiler/src/flow/project-data.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';

const policy = loadEmbeddedPolicy();
const CELL = 'store:cosmos/jigajob/sales';

/** Whether `client` in the container may hold a computed value, when the flow's steps are `body`. */
function computed(body: string): boolean {
  const text = `type Sale {
  id:     string @business.transaction
  client: string @business.contact
  amount: number @business.transaction
}
type Batch { sales: Sale[] }
@purpose(automation, "Sales")
@data(business.transaction, business.contact)
@retain(90 days)
flow keep {
  trigger http post body Batch
  let sale = trigger.body.sales[0]
${body}
}
`;
  const compiled = compileText('copies.jig', text, { policy });
  expect(compiled.diagnostics.filter((d) => d.severity === 'error' && !d.code.startsWith('JIG3')), body).toEqual([]);
  const facts = new ProjectFacts();
  facts.addFile('copies.jig', compiled.model);
  return facts.computedIn(CELL, 'client');
}

const store = (value: string) => `  store ${value} in cosmos("jigajob", "sales")`;

describe('a stored field is a copy or computed', () => {
  test.each([
    ['the record read', store('sale')],
    ['a field read', store('{ id: sale.id, client: sale.client }')],
    ['made alike', store('{ id: sale.id, client: toLower(trim(sale.client)) }')],
    ['a conditional of copies and constants', store('{ id: sale.id, client: if sale.amount > 0 then sale.client else "refunds" }')],
    ['one interpolation alone', store('{ id: sale.id, client: "${sale.client}" }')],
    ['a let of a record', `  let row = { id: guid(), client: sale.client }\n${store('row')}`],
    ['a loop element', `  for each s in trigger.body.sales {\n  ${store('s')}\n  }`],
    ['a select of copies', store('trigger.body.sales select { id: item.id, client: item.client }')],
    ['setProperty of a constant', store('setProperty(sale, "status", "seen")')],
  ])('%s is a copy', (_, body) => {
    expect(computed(body)).toBe(false);
  });

  test.each([
    ['joined to a guid', store('{ id: guid(), client: "${sale.client}-${guid()}" }')],
    ['joined to another field', store('{ id: sale.id, client: concat(sale.client, sale.id) }')],
    ['an operator', store('{ id: sale.id, client: sale.client + "x" }')],
    ['text around it', store('{ id: sale.id, client: "client ${sale.client}" }')],
    ['a let of a computed record', `  let row = { id: guid(), client: "${'${sale.client}'}${'${utcNow()}'}" }\n${store('row')}`],
    ['a select computing it', store('trigger.body.sales select { id: item.id, client: item.client + item.id }')],
    ['setProperty of it', store('setProperty(sale, "client", concat(sale.client, guid()))')],
    ['a conditional with a computed side', store('{ id: sale.id, client: if sale.amount > 0 then sale.client else guid() }')],
    ['a var', `  var who: string = sale.client\n${store('{ id: sale.id, client: who }')}`],
  ])('%s is computed', (_, body) => {
    expect(computed(body)).toBe(true);
  });

  test('a copy of a computed field, through a child flow, is computed', () => {
    const text = (value: string) => `type Sale {
  id:     string @business.transaction
  client: string @business.contact
}
@purpose(automation, "Sales")
@data(business.transaction, business.contact)
@retain(90 days)
flow keep {
  trigger http post body Sale
  call flow keep_as_given with { id: trigger.body.id, client: ${value} }
}
@purpose(automation, "Sales")
@data(business.transaction, business.contact)
@retain(90 days)
flow keep_as_given {
  trigger http post body Sale
  store trigger.body in cosmos("jigajob", "sales")
}
`;
    const answer = (value: string) => {
      const facts = new ProjectFacts();
      facts.addFile('child.jig', compileText('child.jig', text(value), { policy }).model);
      return facts.computedIn(CELL, 'client');
    };
    expect(answer('trigger.body.client')).toBe(false);
    expect(answer('"${trigger.body.client}${guid()}"')).toBe(true);
  });
});
