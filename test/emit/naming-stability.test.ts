import { describe, expect, it } from 'vitest';
import { allActions, emitFlow } from './helpers.js';

const STEPS = [
  '  let order = trigger.body',
  '  store order in cosmos("db", "orders")',
  '  if order.amount > 10000 {',
  '    call http post "https://approvals.azurewebsites.net/api" body { n: order.number }',
  '  }',
  '  for each line in order.lines {',
  '    wait 1 second',
  '  }',
  '  respond 202',
];

const names = (steps: string[]) => [...allActions(emitFlow(steps.join('\n')).definition.actions).keys()].sort();

describe('action names are stable', () => {
  it('inserting an unrelated step leaves every other name unchanged', () => {
    const before = names(STEPS);
    const after = names([...STEPS.slice(0, 2), '  wait 5 minutes', ...STEPS.slice(2)]);
    expect(after.filter((n) => n !== 'Wait_5_minutes')).toEqual(before);
    expect(before).toEqual([
      'Call_approvals',
      'Condition_amount_gt_10000',
      'For_each_line',
      'Read_opt_out_of_Store_order_in_orders',
      'Respond_202',
      'Store_order_in_orders',
      'Wait_1_second',
    ]);
  });

  it('every name is unique, at most 80 characters and only [A-Za-z0-9_-]', () => {
    const all = names([...STEPS, '  wait 1 second', '  wait 1 second']);
    expect(new Set(all.map((n) => n.toLowerCase())).size).toBe(all.length);
    for (const name of all) expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });
});
