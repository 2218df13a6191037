import { expect, test } from 'vitest';
import { compileText } from '../../compiler/src/compilation.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';

const text = `
type Order {
  number: string @business.transaction
  buyer:  string @personal.name
  email:  string @business.email
}

type Rate {
  currency: string @business.other
}

@purpose(automation, "Every sink and source")
@data(business, personal)
@retain(30 days)
flow everything {
  trigger http post body Order
  let order = trigger.body
  var note: string = ""
  set note = order.buyer
  let rates = call http get "https://rates.azurewebsites.net/api" returns Rate[]
  let past = query cosmos("db", "orders") where item.number == order.number returns Order[]
  let counts = aggregate past by number { n: count() }
  if order.number == "x" {
    store { number: order.number, who: note } in cosmos("db", "orders") @retain(7 days)
  } else {
    send mail office365 to order.email subject "Order" body "Thanks"
  }
  for each rate in rates {
    call http post "https://hooks.example.com/rates" body { currency: rate.currency }
  }
  call flow everything with order @retry(none)
  try {
    fail "Order \${order.number} failed"
  } catch {
    respond 500 body { counts: counts }
  }
}
`;

test('every sink of a flow, with the categories that reach it', () => {
  const compilation = compileText('flow.jig', text, { policy: loadEmbeddedPolicy() });
  const [data] = compilation.policyResult.flows;
  const sinks = data!.sinks.map((sink) => [sink.kind, [...sink.categories.keys()].sort()]);
  expect(sinks).toEqual([
    ['http', []],
    ['store', ['business.transaction', 'personal.name']],
    ['mail', ['business.email']],
    ['http', ['business.other']],
    ['flow', ['business.email', 'business.transaction', 'personal.name']],
    ['fail', ['business.transaction']],
    ['respond', ['aggregate.anonymized']],
  ]);
  const store = data!.sinks.find((sink) => sink.kind === 'store');
  expect(store?.kind === 'store' && store.retention?.seconds).toBe(7 * 86_400);
});

test('every source, and every category that reaches the flow with where it first does', () => {
  const compilation = compileText('flow.jig', text, { policy: loadEmbeddedPolicy() });
  const [data] = compilation.policyResult.flows;
  expect(data!.sources.map((source) => [source.kind, [...source.categories.keys()].sort()])).toEqual([
    ['http-trigger', ['business.email', 'business.transaction', 'personal.name']],
    ['http-response', ['business.other']],
    ['query', ['business.email', 'business.transaction', 'personal.name']],
  ]);
  expect(data!.aggregates.map((a) => a.operation.by.name)).toEqual(['number']);
  const touched = [...data!.touched].map(([category, { at }]) => [category, at.kind]);
  expect(touched).toEqual([
    ['business.transaction', 'HttpTrigger'],
    ['personal.name', 'HttpTrigger'],
    ['business.email', 'HttpTrigger'],
    ['business.other', 'Let'],
    ['aggregate.anonymized', 'Let'],
  ]);
});
