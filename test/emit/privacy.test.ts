import { describe, expect, it } from 'vitest';
import { actionNamed, atPointer, emitFlow, policy, withOptOutMark } from './helpers.js';
import { expectAllEmittedValid } from './helpers.js';

describe('secureData', () => {
  it('hides the trigger and the actions that carry personal data; leaves business-only actions alone', () => {
    const workflow = emitFlow(`  let who = trigger.body.name
  let total = trigger.body.amount + 1
  respond 200 body who`);
    // The body type has a personal.name field, so the Request trigger hides its inputs and outputs.
    expect(workflow.definition.triggers.manual!.runtimeConfiguration).toEqual({ secureData: { properties: ['inputs', 'outputs'] } });
    // Compose and Response take secure inputs only (which hides their outputs too).
    expect(actionNamed(workflow, 'Respond_200').runtimeConfiguration).toEqual({ secureData: { properties: ['inputs'] } });
    expect(actionNamed(workflow, 'Compose_total').runtimeConfiguration).toBeUndefined();
  });

  it('hides an HTTP call that sends personal data, inputs and outputs', () => {
    const workflow = emitFlow('  call http post "https://crm.azurewebsites.net/x" body { who: trigger.body.name }');
    expect(actionNamed(workflow, 'Call_crm').runtimeConfiguration).toEqual({ secureData: { properties: ['inputs', 'outputs'] } });
  });

  it('hides a response that brings personal data back: the Http action and its Parse JSON', () => {
    const workflow = emitFlow('  let customer = call http get "https://crm.azurewebsites.net/c" returns Order\n  respond 200 body customer.number');
    expect(actionNamed(workflow, 'Call_customer').runtimeConfiguration).toEqual({ secureData: { properties: ['inputs', 'outputs'] } });
    expect(actionNamed(workflow, 'Parse_customer').runtimeConfiguration).toEqual({ secureData: { properties: ['inputs'] } });
  });

  it('never sets secureData where the service does not support it (variables, If, Foreach)', () => {
    const workflow = emitFlow(`  var who: string = ""
  if trigger.body.name != null {
    set who = "x"
  }`);
    expect(actionNamed(workflow, 'Set_who').runtimeConfiguration).toBeUndefined();
    expect(actionNamed(workflow, 'Condition_name_ne_null').runtimeConfiguration).toBeUndefined();
  });
});

describe('retention', () => {
  it('writes the flow retention as the Cosmos document ttl in seconds', () => {
    const workflow = emitFlow('  store trigger.body in cosmos("db", "orders")', { retain: '3 weeks' });
    expect(actionNamed(workflow, 'Store_body_in_orders').inputs).toMatchObject({
      body: `@setProperty(setProperty(${withOptOutMark('triggerBody()', 'Read_opt_out_of_Store_body_in_orders')}, 'id', guid()), 'ttl', ${21 * 86400})`,
    });
  });
});

describe('secondary purposes', () => {
  const analytics = {
    purpose: 'analytics',
    data: 'business.industry, business.transaction, aggregate.anonymized',
    retain: '1 year',
    trigger: 'trigger schedule every 1 day',
  };

  it('a query in a secondary flow excludes opted-out records in its SQL', () => {
    const workflow = emitFlow(
      `  let orders = query cosmos("db", "orders") where item.price > 10 returns Line[]
  for each o in orders { wait 1 second }`,
      analytics,
    );
    expect(actionNamed(workflow, 'Query_orders').inputs).toMatchObject({
      queries: { queryText: 'SELECT * FROM c WHERE (NOT IS_DEFINED(c.optOut) OR c.optOut = false) AND (c.price > 10)' },
    });
  });

  // Records that say whom each is about: a group counts the distinct clients, not the records (§5).
  const withClients = {
    ...analytics,
    data: `business.contact, ${analytics.data}`,
    header: `type ClientLine {
  client: string @business.contact @subject(client)
  sku:    string @business.transaction
  price:  number @business.transaction
}
type ClientSale {
  client: string @business.contact @subject(client)
  sku:    string @business.transaction
  units:  integer @business.transaction
  amount: number @business.transaction
}`,
  };

  it('an aggregate over a query is pushed into Cosmos SQL, and groups of too few clients are dropped', () => {
    const workflow = emitFlow(
      `  let lines = query cosmos("db", "lines") returns ClientLine[]
  let bySku = aggregate lines by sku { orders: count(), revenue: sum(price) }
  store { groups: bySku } in cosmos("db", "stats")`,
      withClients,
    );
    expect(actionNamed(workflow, 'Query_bySku').inputs).toMatchObject({
      queries: {
        queryText:
          'SELECT c.sku AS sku, COUNT(1) AS orders, SUM(c.price) AS revenue FROM c WHERE (NOT IS_DEFINED(c.optOut) OR c.optOut = false) GROUP BY c.sku',
      },
    });
    // One row for each client of each group, the client's text compared ignoring case and spaces.
    expect(actionNamed(workflow, 'Query_client_of_groups_of_bySku').inputs).toMatchObject({
      queries: {
        queryText:
          'SELECT c.sku AS k, LOWER(TRIM(c.client)) AS s FROM c WHERE (NOT IS_DEFINED(c.optOut) OR c.optOut = false) GROUP BY c.sku, LOWER(TRIM(c.client))',
      },
    });
    expect(actionNamed(workflow, 'Filter_client_of_group_of_bySku').inputs).toEqual({
      from: "@body('Query_client_of_groups_of_bySku')[if(empty(body('Query_client_of_groups_of_bySku')?['ContinuationToken']), 'value', 'Query_client_of_groups_of_bySku answered one page of several: Jig reads whole results only')]",
      // A blank subject (after LOWER(TRIM()), "") names no one, as null does.
      where: "@and(equals(item()?['k'], items('For_each_group_of_bySku')?['sku']), not(empty(trim(string(item()?['s'])))))",
    });
    expect(actionNamed(workflow, 'Condition_group_of_bySku_has_enough_subjects').expression).toBe(
      `@greaterOrEquals(length(body('Filter_client_of_group_of_bySku')), ${policy.minimumGroupSize})`,
    );
    // The query read only by the aggregate is not run twice.
    expect(() => actionNamed(workflow, 'Query_lines')).toThrow();
  });

  it('an automation flow over records that mark no subject drops groups of too few records', () => {
    const workflow = emitFlow(
      `  let lines = query cosmos("db", "lines") returns Line[]
  let bySku = aggregate lines by sku { orders: count(), revenue: sum(price) }
  store { groups: bySku } in cosmos("db", "stats")`,
      { ...analytics, purpose: 'automation', data: 'business.transaction, aggregate.anonymized' },
    );
    expect(actionNamed(workflow, 'Drop_small_groups_of_bySku').inputs).toEqual({
      from: "@body('Query_bySku')[if(empty(body('Query_bySku')?['ContinuationToken']), 'value', 'Query_bySku answered one page of several: Jig reads whole results only')]",
      where: `@greaterOrEquals(item()?['orders'], ${policy.minimumGroupSize})`,
    });
  });

  it('an aggregate over an array drops opted-out records and groups of too few clients', () => {
    const workflow = emitFlow(
      `  let sales = query cosmos("db", "sales") returns ClientSale[]
  let big = sales where item.units > 10
  let stats = aggregate big by sku { total: sum(units), lowest: min(amount) }
  store { groups: stats } in cosmos("db", "stats")`,
      withClients,
    );
    // The Filter array over records of a secondary flow drops opted-out records too.
    expect(actionNamed(workflow, 'Filter_big').inputs).toEqual({
      from: "@body('Query_sales')[if(empty(body('Query_sales')?['ContinuationToken']), 'value', 'Query_sales answered one page of several: Jig reads whole results only')]",
      where: "@and(greater(item()?['units'], 10), or(not(contains(item(), 'optOut')), equals(item()?['optOut'], false)))",
    });
    expect(actionNamed(workflow, 'Drop_opted_out_from_stats').inputs).toEqual({
      from: "@body('Filter_big')",
      where: "@or(not(contains(item(), 'optOut')), equals(item()?['optOut'], false))",
    });
    const check = actionNamed(workflow, 'Condition_group_of_stats_is_large_enough');
    // The group's distinct clients, neither null nor blank, ignoring case and surrounding spaces.
    expect(actionNamed(workflow, 'Filter_client_of_group_of_stats').inputs).toEqual({
      from: "@body('Filter_group_of_stats')",
      where: "@not(empty(trim(string(item()?['client']))))",
    });
    expect(atPointer(actionNamed(workflow, 'Select_client_of_group_of_stats'), '/inputs/select')).toBe("@toLower(trim(item()?['client']))");
    expect(check.expression).toBe(
      `@greaterOrEquals(length(union(body('Select_client_of_group_of_stats'), body('Select_client_of_group_of_stats'))), ${policy.minimumGroupSize})`,
    );
    expect(actionNamed(workflow, 'Append_group_to_stats').inputs).toMatchObject({
      name: 'stats',
      value: { sku: "@items('For_each_group_of_stats')", lowest: "@min(body('Select_amount_of_group_of_stats'))" },
    });
  });

  it('drops opted-out records before a projection that could leave the opt-out field out', () => {
    // A select's rows mark no subject, so a secondary flow may not aggregate them (JIG3504); the
    // projection is still emitted after the opted-out records are dropped.
    const workflow = emitFlow(
      `  let sales = query cosmos("db", "sales") returns Sale[]
  let names = sales select { sku: item.sku }`,
      analytics,
    );
    expect(actionNamed(workflow, 'Drop_opted_out_from_names').inputs).toEqual({
      from: "@body('Query_sales')[if(empty(body('Query_sales')?['ContinuationToken']), 'value', 'Query_sales answered one page of several: Jig reads whole results only')]",
      where: "@or(not(contains(item(), 'optOut')), equals(item()?['optOut'], false))",
    });
    expect(atPointer(actionNamed(workflow, 'Select_names'), '/inputs/from')).toBe("@body('Drop_opted_out_from_names')");
    expect(actionNamed(workflow, 'Select_names').runAfter).toEqual({ Drop_opted_out_from_names: ['Succeeded'] });
  });

  it('an automation flow filters without the opt-out condition, and still drops small groups', () => {
    const workflow = emitFlow(
      `  let big = trigger.body.sales where item.units > 10
  let stats = aggregate big by sku { n: count() }
  respond 200 body stats`,
      { data: 'business.industry, business.transaction, aggregate.anonymized', trigger: 'trigger http post body Report' },
    );
    expect(atPointer(actionNamed(workflow, 'Filter_big'), '/inputs/where')).toBe("@greater(item()?['units'], 10)");
    expect(() => actionNamed(workflow, 'Drop_opted_out_from_stats')).toThrow();
    expect(actionNamed(workflow, 'Condition_group_of_stats_is_large_enough').expression).toContain(`${policy.minimumGroupSize})`);
  });
});

describe('policy stamp', () => {
  it('records the policy id, version, hash and the source file name', () => {
    const workflow = emitFlow('  respond 200');
    expect(workflow.definition.metadata).toEqual({
      jig: { policy: { id: policy.id, version: policy.version, hash: policy.hash }, source: 'test.jig' },
    });
  });
});

describe('aggregate columns', () => {
  it('a column named like a Cosmos SQL keyword is aliased in the SQL and renamed back', () => {
    const workflow = emitFlow(
      `  let lines = query cosmos("db", "lines") returns Line[]
  let bySku = aggregate lines by sku { value: sum(price), n: count() }
  store { groups: bySku } in cosmos("db", "stats")`,
      { data: 'business.transaction, aggregate.anonymized', trigger: 'trigger schedule every 1 day' },
    );
    expect(atPointer(actionNamed(workflow, 'Query_bySku'), '/inputs/queries/queryText')).toBe(
      'SELECT c.sku AS sku, SUM(c.price) AS value_, COUNT(1) AS n FROM c GROUP BY c.sku',
    );
    expect(actionNamed(workflow, 'Select_bySku').inputs).toEqual({
      from: "@body('Drop_small_groups_of_bySku')",
      select: { sku: "@item()?['sku']", value: "@item()?['value_']", n: "@item()?['n']" },
    });
  });
});

describe('aggregate columns the compiler adds', () => {
  it('never take an author\'s name: a keyword\'s alias and the group size move aside', () => {
    const workflow = emitFlow(
      `  let lines = query cosmos("db", "lines") returns Line[]
  let bySku = aggregate lines by sku { value: sum(price), value_: max(price), jigGroupSize: min(price) }
  store { groups: bySku } in cosmos("db", "stats")`,
      { data: 'business.transaction, aggregate.anonymized', trigger: 'trigger schedule every 1 day' },
    );
    expect(atPointer(actionNamed(workflow, 'Query_bySku'), '/inputs/queries/queryText')).toBe(
      'SELECT c.sku AS sku, SUM(c.price) AS value__, MAX(c.price) AS value_, MIN(c.price) AS jigGroupSize, COUNT(1) AS jigGroupSize_ FROM c GROUP BY c.sku',
    );
    expect(atPointer(actionNamed(workflow, 'Drop_small_groups_of_bySku'), '/inputs/where')).toBe(
      `@greaterOrEquals(item()?['jigGroupSize_'], ${policy.minimumGroupSize})`,
    );
    expect(actionNamed(workflow, 'Select_bySku').inputs).toEqual({
      from: "@body('Drop_small_groups_of_bySku')",
      select: { sku: "@item()?['sku']", value: "@item()?['value__']", value_: "@item()?['value_']", jigGroupSize: "@item()?['jigGroupSize']" },
    });
  });
});

describe('reference checks', () => {
  it('every workflow emitted above passes the WDL schema and save_rules.py', () => {
    expectAllEmittedValid();
  });
});
