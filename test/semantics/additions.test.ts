/** The constructs added for real workflows: conditional values, typed lets, parse json, parallel branches, schedules, call options. */
import { describe, expect, test } from 'vitest';
import { analyse, analyseClean, flowOf, only } from './helpers.js';

describe('if … then … else', () => {
  const r = analyseClean(flowOf(`
  let a = if trigger.body.amount > 10 then 1 else 2.5
  let b = if trigger.body.amount > 10 then trigger.body.contactName else "nobody"
  let c = if trigger.body.amount > 10 then null else trigger.body.number`));

  test('has the type both branches fit', () => {
    expect(r.typeText('if trigger.body.amount > 10 then 1 else 2.5')).toBe('number');
    expect(r.typeText('if trigger.body.amount > 10 then trigger.body.contactName else "nobody"')).toBe('string?');
    expect(r.typeText('if trigger.body.amount > 10 then null else trigger.body.number')).toBe('string?');
  });

  test('carries what its branches and its condition read', () => {
    expect(r.categories('if trigger.body.amount > 10 then trigger.body.contactName else "nobody"')).toEqual(['business.transaction', 'personal.name']);
  });

  test.each([
    ['let x = if 1 then 2 else 3', 'JIG2020', '1', "The condition of 'if … then … else' expects 'boolean' but this is 'integer'."],
    ['let x = if true then 2 else "a"', 'JIG2020', '"a"', "The 'else' value (it must fit the type of the 'then' value) expects 'integer' but this is 'string'."],
    ['var n: integer = if true then 1 else "a"', 'JIG2020', '"a"', "The var 'n' expects 'integer' but this is 'string'."],
  ])('%s', (steps, code, at, message) => {
    const found = only(analyse(flowOf(`  ${steps}`)));
    expect([found.code, found.at, found.message]).toEqual([code, at, message]);
  });
});

describe('typed let', () => {
  test('gives the name the declared type', () => {
    const r = analyseClean(flowOf('  let a: number = 1\n  let b: Line[] = call http get url\n  let c = b[0].sku'));
    expect(r.typeText('b[0].sku')).toBe('string');
    expect(r.model.symbolOf(r.id('a'))?.type).toMatchObject({ kind: 'primitive', name: 'number' });
  });

  test('never removes categories: the name holds what its value read, whatever the type says', () => {
    const r = analyseClean(flowOf('  let who: string? = trigger.body.contactName\n  let row: Contact? = trigger.body.contact\n  let copy = who\n  let phone = row.phone'));
    expect(r.symbolCategories(r.id('who'))).toEqual(['personal.name']);
    expect(r.categories('who')).toEqual(['personal.name']);
    expect(r.categories('row.phone')).toEqual(['personal.contact']);
  });

  test.each([
    ['let a: integer = 1.5', 'JIG2020', '1.5', "The let 'a' expects 'integer' but this is 'number'."],
    ['let a: Line = { sku: "x", qty: 1 }', 'JIG2025', '{ sku: "x", qty: 1 }', undefined],
    ['let a: string = query cosmos("d", "c") returns Line[]', 'JIG2020', 'query cosmos("d", "c") returns Line[]', "The let 'a' expects 'string' but this is 'Line[]'."],
    ['let a: Nope = 1', 'JIG2005', 'Nope', undefined],
  ])('%s', (steps, code, at, message) => {
    const found = only(analyse(flowOf(`  ${steps}`)));
    expect([found.code, found.at]).toEqual([code, at]);
    if (message) expect(found.message).toBe(message);
  });
});

describe('null', () => {
  test('compares with null: the literal is of its own type (a designer writes equals(null, null))', () => {
    const r = analyseClean(flowOf('  let same = null == null\n  let other = null != null'));
    expect(r.typeText('null == null')).toBe('boolean');
  });
});

describe('Date Time actions', () => {
  const r = analyseClean(
    flowOf(`  let now = current time
  let due = add time length(trigger.body.lines) days to trigger.body.issued
  let shown = convert time now from "UTC" to trigger.body.vendorEmail format "d"
  let soon = future time 2 weeks`),
  );

  test('are datetimes, and text once converted to a zone', () => {
    expect(r.typeText('current time')).toBe('datetime');
    expect(r.typeText('add time length(trigger.body.lines) days to trigger.body.issued')).toBe('datetime');
    expect(r.typeText('convert time now from "UTC" to trigger.body.vendorEmail format "d"')).toBe('string');
  });

  test('hold what their amount, base, zones and format hold, and nothing of the clock', () => {
    expect(r.categories('current time')).toEqual([]);
    expect(r.categories('future time 2 weeks')).toEqual([]);
    expect(r.categories('add time length(trigger.body.lines) days to trigger.body.issued')).toEqual(['business.transaction']);
    expect(r.categories('convert time now from "UTC" to trigger.body.vendorEmail format "d"')).toEqual(['business.email']);
  });
});

describe('html table, csv table', () => {
  test('are text holding every field of every row, and nothing else; rows that are no array of records are refused', () => {
    const r = analyseClean(flowOf('  let page = html table trigger.body.lines\n  let sheet = csv table [{ step: "received" }]\n  let table = 1\n  let html = table + 1'));
    expect(r.typeText('html table trigger.body.lines')).toBe('string');
    expect(r.categories('html table trigger.body.lines')).toEqual(['business.transaction']);
    expect(r.categories('csv table [{ step: "received" }]')).toEqual([]);
    expect(only(analyse(flowOf('  let t = csv table trigger.body.vendorEmail'))).code).toBe('JIG2020');
    expect(only(analyse(flowOf('  let t = html table [1, 2]'))).code).toBe('JIG2020');
    expect(analyse(flowOf('  let t = html table [key]')).codes).toContain('JIG2050');
  });

  test('with columns: item is a row in them, and the table holds what the rows and the columns read', () => {
    const r = analyseClean(flowOf('  let page = html table trigger.body.lines columns { SKU: item.sku, Mail: trigger.body.vendorEmail }'));
    expect(r.typeText('item.sku')).toBe('string');
    expect(r.categories('html table trigger.body.lines columns { SKU: item.sku, Mail: trigger.body.vendorEmail }')).toEqual(['business.email', 'business.transaction']);
    expect(only(analyse(flowOf('  let t = html table trigger.body.lines columns { Secret: key }'))).code).toBe('JIG2050');
  });
});

describe('parse json', () => {
  const r = analyseClean(flowOf('  let raw = call http get url\n  let lines = parse json raw as Line[]\n  let first = lines[0].qty\n  let literal = parse json "{}" as Line'));

  test('has the type it names', () => {
    expect(r.typeText('lines[0].qty')).toBe('integer');
  });

  test("carries its content's categories and the type's", () => {
    expect(r.categories('parse json "{}" as Line')).toEqual(['business.transaction']);
    expect(r.categories('parse json raw as Line[]')).toEqual(r.categories('raw'));
  });

  test('refuses a secret', () => {
    const found = only(analyse(flowOf('  let k = parse json key as Line')));
    expect([found.code, found.at]).toEqual(['JIG2050', 'key']);
  });
});

describe('parallel', () => {
  test('a branch sees what came before, not its siblings; the steps after see every branch', () => {
    const r = analyseClean(flowOf(`
  let before = 1
  parallel {
    let a = before + 1
  } and {
    let b = before + 2
  }
  let after = a + b`));
    expect(r.typeText('a + b')).toBe('integer');
  });

  test('what a branch reads reaches the steps after the parallel', () => {
    const r = analyseClean(flowOf(`
  parallel {
    let who = trigger.body.contactName
  } and {
    let total = trigger.body.amount
  }
  let both = "\${who} \${total}"`));
    expect(r.categories('"\${who} \${total}"')).toEqual(['business.transaction', 'personal.name']);
  });

  test('a fail in one branch is a control dependence of the steps after', () => {
    const r = analyseClean(flowOf(`
  parallel {
    if trigger.body.contactName == null {
      fail "no name"
    }
  } and {
    let x = 1
  }
  let after = 1`));
    expect(r.symbolCategories(r.id('after'))).toContain('personal.name');
  });

  test("a sibling's value is unknown in a branch", () => {
    const found = only(analyse(flowOf('  parallel {\n    let a = 1\n  } and {\n    let b = a\n  }')));
    expect([found.code, found.at]).toEqual(['JIG2001', 'a']);
  });

  test('two branches may not declare the same name', () => {
    const found = only(analyse(flowOf('  parallel {\n    let a = 1\n  } and {\n    let a = 2\n  }')));
    expect([found.code, found.at]).toEqual(['JIG2002', 'a']);
  });
});

describe('schedules', () => {
  const schedule = (trigger: string) => `@purpose(automation, "t")\n@data(business)\n@retain(1 year)\nflow f {\n  ${trigger}\n}\n`;

  test('accept week days', () => {
    expect(analyse(schedule('trigger schedule every 1 week on monday, sunday at 08:00')).codes).toEqual([]);
  });

  test('refuse an unknown or repeated day, with a fix', () => {
    const unknown = only(analyse(schedule('trigger schedule every 1 week on mondy')));
    expect([unknown.code, unknown.at, unknown.message]).toEqual(['JIG2033', 'mondy', "'mondy' is not a week day; write monday, tuesday, wednesday, thursday, friday, saturday or sunday."]);
    expect(unknown.diagnostic.fixes?.[0]?.edits[0]?.newText).toBe('monday');
    const twice = only(analyse(schedule('trigger schedule every 1 week on friday, friday')));
    expect([twice.code, twice.at]).toEqual(['JIG2033', 'friday']);
  });
});

describe('@retry and @timeout', () => {
  test('stand on calls and on until', () => {
    const r = analyse(flowOf(`
  call http get url @retry(none) @timeout(30 seconds)
  let a = call http get url @retry(fixed, 3 times, 10 seconds)
  store trigger.body in cosmos("d", "c") @retry(exponential, 4 times, 7 seconds, 5 seconds, 1 hour)
  let q = query cosmos("d", "c") returns Line[] @timeout(1 minute)
  var done: boolean = false
  until done {
    set done = true
  } @timeout(2 hours)`));
    expect(r.codes).toEqual([]);
    const store = r.model.file.declarations.find((d) => d.kind === 'Flow');
    expect(store).toBeDefined();
  });

  test.each([
    ['wait 1 second @retry(none)', 'JIG2061', '@retry(none)'],
    ['let a = 1 @timeout(1 second)', 'JIG2061', '@timeout(1 second)'],
    ['call http get url @retry(3 times)', 'JIG2062', '@retry(3 times)'],
    ['call http get url @retry(fixed, 3, 10 seconds)', 'JIG2062', '@retry(fixed, 3, 10 seconds)'],
    ['call http get url @retry(fixed, 3 times, 10 seconds, 1 hour)', 'JIG2062', '@retry(fixed, 3 times, 10 seconds, 1 hour)'],
    ['call http get url @retry(fixed, 91 times, 10 seconds)', 'JIG2062', '91 times'],
    // The service's interval is 5 seconds to 1 day (Microsoft, "Handle errors and exceptions", retryPolicy).
    ['call http get url @retry(fixed, 3 times, 1 second)', 'JIG2062', '1 second'],
    ['call http get url @retry(fixed, 3 times, 2 days)', 'JIG2062', '2 days'],
    ['call http get url @retry(exponential, 3 times, 4 seconds, 5 seconds, 1 hour)', 'JIG2062', '4 seconds'],
    ['call http get url @retry(exponential, 3 times, 10 seconds, 1 minute, 30 seconds)', 'JIG2062', '1 minute'],
    ['call http get url @retry(fixed, 3 times, 10 lightyears)', 'JIG2028', 'lightyears'],
    ['call http get url @timeout(soon)', 'JIG2062', '@timeout(soon)'],
    ['call http get url @timeout(1 second) @timeout(2 seconds)', 'JIG2063', '@timeout(2 seconds)'],
  ])('%s', (steps, code, at) => {
    const found = only(analyse(flowOf(`  ${steps}`)));
    expect([found.code, found.at]).toEqual([code, at]);
  });
});

describe('delete', () => {
  test('takes a string id, and a partition key that is a string or a number', () => {
    const r = analyseClean(flowOf(`
  delete trigger.body.id from cosmos("d", "c")
  delete trigger.body.id from cosmos("d", "c") partition trigger.body.amount @retry(fixed, 2 times, 5 seconds) @timeout(1 minute)
  call http delete url`));
    expect(r.model.file.declarations.some((d) => d.kind === 'Flow')).toBe(true);
  });

  test.each([
    ['delete trigger.body.id from blob("a", "c")', 'JIG2030', 'blob'],
    ['delete trigger.body.amount from cosmos("d", "c")', 'JIG2020', 'trigger.body.amount'],
    ['delete trigger.body.id from cosmos("d", "c") partition trigger.body.lines', 'JIG2020', 'trigger.body.lines'],
    ['delete key from cosmos("d", "c")', 'JIG2050', 'key'],
    ['delete trigger.body.id from cosmos("d")', 'JIG2030', 'cosmos("d")'],
    ['delete trigger.body.id from cosmos("d", "c") @retain(1 day)', 'JIG2061', '@retain(1 day)'],
  ])('%s', (steps, code, at) => {
    const found = only(analyse(flowOf(`  ${steps}`)));
    expect([found.code, found.at]).toEqual([code, at]);
  });
});

describe('store a list', () => {
  test('stores each element of a list of records', () => {
    expect(analyse(flowOf('  store trigger.body.lines in cosmos("d", "c")')).codes).toEqual([]);
  });

  test('a list of anything else is refused', () => {
    const found = only(analyse(flowOf('  store [1, 2] in cosmos("d", "c")')));
    expect([found.code, found.at]).toEqual(['JIG2029', '[1, 2]']);
  });
});

describe('raw action', () => {
  test('is reported as unchecked, whatever it holds', () => {
    const r = analyse(flowOf('  let raw = 1\n  raw action "Post" { "type": "Http", "inputs": { "uri": "@{triggerBody()}", "n": [-1, true, null] } }'));
    expect(r.codes).toEqual(['JIG2064']);
  });

  test.each([
    ['raw action "" { "type": "Wait" }', 'JIG2065', '""'],
    ['raw action "A" { "inputs": {} }', 'JIG2065', '{ "inputs": {} }'],
    ['raw action "A" { "type": "Compose", "inputs": "${url}" }', 'JIG2065', '"${url}"'],
  ])('%s', (steps, code, at) => {
    const r = analyse(flowOf(`  ${steps}`));
    const errors = r.diagnostics.filter((d) => d.code !== 'JIG2064');
    expect(errors.map((d) => [d.code, r.text(d.range)])).toEqual([[code, at]]);
  });

  test('two raw actions of a flow may not share a name', () => {
    const r = analyse(flowOf('  raw action "A" { "type": "Wait" }\n  raw action "a" { "type": "Wait" }'));
    expect(r.diagnostics.filter((d) => d.code === 'JIG2065').map((d) => r.text(d.range))).toEqual(['"a"']);
  });
});

describe('raw trigger', () => {
  const flow = (trigger: string) => `@purpose(automation, "t")\n@data(business)\n@retain(1 year)\nflow f {\n  ${trigger}\n  let b = trigger.body\n}\n`;

  test('is reported as unchecked; its body is unknown', () => {
    const r = analyse(flow('trigger raw "On_blob" { "type": "ApiConnection" }'));
    expect(r.codes).toEqual(['JIG2066']);
    expect(r.typeText('trigger.body')).toBe('any');
  });

  test('without a type is refused', () => {
    const r = analyse(flow('trigger raw "On_blob" { "inputs": {} }'));
    expect(r.codes).toEqual(['JIG2066', 'JIG2065']);
  });
});

describe('call connector and queries', () => {
  test('a connector call answers an untyped body, which may hold what the flow declares and what it was sent', () => {
    const r = analyseClean(flowOf('  let rows = call connector "azuretables_1" get "/Tables/${trigger.body.id}/entities" queries { "$top": 1, q: trigger.body.number }\n  let first = rows.value[0]'));
    expect(r.typeText('rows.value[0]')).toBe('any');
    // What it answers may hold every category the flow declares (business), and what it was sent.
    expect(r.categories('call connector "azuretables_1" get "/Tables/${trigger.body.id}/entities" queries { "$top": 1, q: trigger.body.number }')).toEqual(
      expect.arrayContaining(['business', 'business.transaction']),
    );
  });

  test.each([
    ['call connector "a b" get "/x"', 'JIG2030', '"a b"', "'a b' is not a connection's name: it is 1 to 80 letters, digits, '_', '-', '.' and '#'."],
    ['call connector "k" head "/x"', 'JIG2030', 'head', "A connector's operation is get, post, put, patch, delete or webhook."],
    ['call connector "k" get "x/${trigger.body.id}"', 'JIG2030', '"x/${trigger.body.id}"', "The path of call connector is a string that starts with '/' (the operation's path on the connector's API)."],
    ['call http get url queries { key: key }', 'JIG2020', 'key', "A query parameter expects 'string', 'number' or 'boolean' but this is 'secret'."],
    ['call http get url queries { a: 1, a: 2 }', 'JIG2008', 'a', "The field 'a' is written twice; remove one."],
    ['call http get url headers { "X-Flag": true }', 'JIG2020', 'true', "A header expects 'string' or 'secret' but this is 'boolean'."],
    ['call connector "k" get "/x" headers { "X-Flag": [1] }', 'JIG2020', '[1]', "A header expects 'string', 'number', 'boolean' or 'secret' but this is 'integer[]'."],
    ['call connector "k" get "/x" @identity', 'JIG2061', '@identity', "'@identity' cannot be written on this step; it belongs on a 'call http'."],
    ['call service "k" "azureTables" "getEntity" @chunked', 'JIG2061', '@chunked', "'@chunked' cannot be written on this step; it belongs on a 'call http' or a 'call connector'."],
  ])('%s', (steps, code, at, message) => {
    const found = only(analyse(flowOf(`  ${steps}`)));
    expect([found.code, found.at, found.message]).toEqual([code, at, message]);
  });
});

test("a call connector's or call workflow's header may be a number or a boolean, which the service sends as text", () => {
  const result = analyse(flowOf('  call connector "azureblob" post "/v2/datasets/default/files" headers { ReadFileMetadataFromServer: true, "X-Size": 3 } body "x"'));
  expect(result.diagnostics.map((d) => d.code)).toEqual([]);
});

describe('respond … headers { … }', () => {
  test.each([
    ['  respond 200 headers { "X-A": "1", "x-a": "2" }', 'JIG2008'],
    ['  respond 200 headers { "X-Count": 1 }', 'JIG2020'],
  ])('%s is %s', (steps, code) => {
    expect(only(analyse(flowOf(steps))).code).toBe(code);
  });
});

describe('@after', () => {
  test.each([
    ['  wait 1 minute\n  wait 2 minutes @after()', 'JIG2062'],
    ['  wait 1 minute\n  wait 2 minutes @after(failed, failed)', 'JIG2062'],
    ['  wait 1 minute\n  wait 2 minutes @after(crashed)', 'JIG2062'],
    ['  wait 1 minute\n  wait 2 minutes @after("failed")', 'JIG2062'],
    ['  wait 1 minute\n  var n: integer = 1 @after(failed)', 'JIG2061'],
  ])('%s is %s', (steps, code) => {
    expect(only(analyse(flowOf(steps))).code).toBe(code);
  });

  test('on a var with @action (an InitializeVariable where it stands)', () => {
    analyseClean(flowOf('  wait 1 minute\n  var n: integer = 1 @action("Init_n") @after(failed)'));
  });
});

describe('@dependencies', () => {
  test.each([
    ['  let code = javascript "return 1;" @dependencies()', 'JIG2062'],
    ['  let code = javascript "return 1;" @dependencies(trigger, trigger)', 'JIG2062'],
    ['  let code = javascript "return 1;" @dependencies("A", "A")', 'JIG2062'],
    ['  let code = javascript "return 1;" @dependencies(actions)', 'JIG2062'],
    ['  let code = javascript "return 1;" @dependencies("")', 'JIG2062'],
    ['  let n = "a" @dependencies(trigger)', 'JIG2061'],
    ['  wait 1 minute @dependencies(trigger)', 'JIG2061'],
  ])('%s is %s', (steps, code) => {
    expect(only(analyse(flowOf(steps))).code).toBe(code);
  });

  test('on a let of javascript: trigger and action names, each once', () => {
    analyseClean(flowOf('  let code = javascript "return 1;" @dependencies(trigger, "Get_order", "Get_lines")'));
  });
});

describe('action()', () => {
  test("in a @tracked value: its own action's run, of no known type", () => {
    analyseClean(flowOf('  respond 200 body { ok: true } @tracked("status", action().outputs.statusCode) @tracked("n", length(string(action().inputs)))'));
  });

  test.each([
    ['  let own = action()'],
    ['  respond 200 body action().inputs'],
    ['  until action().status == "Succeeded" {\n    wait 1 minute\n  }'],
  ])('%s elsewhere is JIG2079', (steps) => {
    expect(only(analyse(flowOf(steps))).code).toBe('JIG2079');
  });
});

describe('@outputs', () => {
  test.each([
    ['  let n = "a" @outputs', 'JIG2061'],
    ['  let code = javascript "return 1;" @outputs(1)', 'JIG2062'],
  ])('%s is %s', (steps, code) => {
    expect(only(analyse(flowOf(steps))).code).toBe(code);
  });

  test("on a let of javascript: NAME is the action's outputs, of no known type", () => {
    analyseClean(flowOf('  let code = javascript "return 1;" @outputs\n  let n = code.body.count'));
  });
});

describe('quoted field names', () => {
  test('a record literal\'s "NAME" is a field, read with ["NAME"] (its type and categories), as NAME is', () => {
    const r = analyseClean(flowOf('  let row = { "Who is it": trigger.body.contactName, n: 1 }\n  let who = row["Who is it"]\n  let n = row["n"]'));
    expect(r.typeText('row["Who is it"]')).toBe('string?');
    expect(r.categories('row["Who is it"]')).toEqual(['personal.name']);
    expect(r.categories('row["n"]')).toEqual([]);
  });

  test('a field name holding an @ is JIG2071 (Logic Apps reads it as an expression)', () => {
    const found = only(analyse(flowOf('  let row = { "@odata.type": "x" }')));
    expect([found.code, found.at]).toEqual(['JIG2071', '@odata.type']);
  });

  test('a string index that is no literal is no field name: an index, which needs an integer', () => {
    expect(analyse(flowOf('  let k = "a"\n  let row = { a: 1 }\n  let v = row[k]')).diagnostics.map((d) => d.code)).toEqual(['JIG2023', 'JIG2020']);
  });
});

describe('any', () => {
  test('types a var or a typed let whose values have no known type: it fits everywhere, its fields are any, it holds what is assigned', () => {
    const r = analyseClean(flowOf('  var bag: any = { who: trigger.body.contactName }\n  var rows: any[]\n  append trigger.body.lines[0] to rows\n  let first: any = rows[0]\n  let who = bag.who\n  set bag = 1'));
    expect(r.typeText('bag.who')).toBe('any');
    expect(r.typeText('rows[0]')).toBe('any');
    expect(r.categories('bag.who')).toEqual(expect.arrayContaining(['personal.name']));
  });

  test('types a param (an imported Array or Object parameter): a deploy-time value holds every declared category, a default none', () => {
    const r = analyseClean(`param bag: any\nparam rows: any[] = [{ note: "fixed" }]\n${flowOf('  let who = bag.who\n  let note = rows[0].note')}`);
    expect(r.typeText('bag.who')).toBe('any');
    expect(r.categories('bag.who')).toEqual(expect.arrayContaining(['business.contact', 'business.transaction']));
    expect(r.categories('rows[0].note')).toEqual([]);
  });

  test.each([
    ['type Bag {\n  x: any @business.other\n}', 'any'],
  ])('%s is JIG2070', (declaration, at) => {
    const found = only(analyse(`${declaration}\n${flowOf('  respond 200')}`));
    expect([found.code, found.at]).toEqual(['JIG2070', at]);
  });

  test.each([['  let x = parse json "{}" as any'], ['  let x = call http get url returns any']])('%s is JIG2070', (steps) => {
    expect(only(analyse(flowOf(steps))).code).toBe('JIG2070');
  });
});

describe('trigger.headers and trigger.outputs', () => {
  test('are untyped, and hold every category the flow declares: a caller sets them', () => {
    const r = analyseClean(flowOf('  let lang = trigger.headers.lang\n  let sequence = trigger.outputs.sequenceNumber'));
    expect(r.typeText('trigger.headers.lang')).toBe('any');
    expect(r.typeText('trigger.outputs.sequenceNumber')).toBe('any');
    expect(r.categories('trigger.headers.lang')).toEqual(expect.arrayContaining(['business']));
    expect(r.categories('trigger.outputs.sequenceNumber')).toEqual(expect.arrayContaining(['business']));
  });

  test('a schedule has neither', () => {
    const text = flowOf('  let lang = trigger.headers').replace('trigger http post body Invoice', 'trigger schedule every 1 day');
    expect(only(analyse(text)).code).toBe('JIG2007');
  });
});

describe('call service', () => {
  test('a built-in operation answers an untyped body, which may hold what the flow declares and what it was sent', () => {
    const r = analyseClean(flowOf('  let row = call service "tables_1" "azureTables" "getEntity" body { tableName: "runs", rowKey: trigger.body.number }\n  let first = row.value[0]'));
    expect(r.typeText('row.value[0]')).toBe('any');
    expect(r.categories('call service "tables_1" "azureTables" "getEntity" body { tableName: "runs", rowKey: trigger.body.number }')).toEqual(
      expect.arrayContaining(['business', 'business.transaction']),
    );
  });

  test.each([
    ['call service "a b" "azureTables" "getEntity"', 'JIG2030', '"a b"', "It is not a connection's name: 1 to 80 letters, digits, '_', '-', '.' and '#', written as a plain string."],
    ['call service "k" "/serviceProviders/azureTables" "getEntity"', 'JIG2030', '"/serviceProviders/azureTables"', "It is not a built-in service provider's name (azureTables for /serviceProviders/azureTables), written as a plain string."],
    ['call service "k" "azureTables" "get ${trigger.body.number}"', 'JIG2030', '"get ${trigger.body.number}"', "It is not an operation's id (as getEntity), written as a plain string."],
    ['call service "k" "azureTables" "getEntity" body "x"', 'JIG2030', '"x"', "The body of call service is the operation's parameters: a record."],
    ['call service "k" "azureTables" "getEntity" headers { a: "b" }', 'JIG2030', 'a: "b"', 'A call service sends its parameters as its body: it has no queries or headers.'],
    ['call service "k" "azureTables" "getEntity" @identity', 'JIG2061', '@identity', "'@identity' cannot be written on this step; it belongs on a 'call http'."],
  ])('%s', (steps, code, at, message) => {
    const found = only(analyse(flowOf(`  ${steps}`)));
    expect([found.code, found.at, found.message]).toEqual([code, at, message]);
  });
});

describe('@code on a fail', () => {
  test('gives the failure its code, or none', () => {
    const r = analyseClean(flowOf('  if trigger.body.amount > 10 {\n    fail "too much" @code("OverLimit")\n  }\n  fail "stopped" @code(none)'));
    expect(r.diagnostics).toEqual([]);
  });

  test.each([
    ['fail "x" @code("")', 'JIG2062', '@code("")'],
    ['fail "x" @code(OverLimit)', 'JIG2062', '@code(OverLimit)'],
    ['call http get url @code("X")', 'JIG2061', '@code("X")'],
    ['for each line in trigger.body.lines {\n    fail "bad line" @code("BadLine")\n  }', 'JIG2061', '@code("BadLine")'],
  ])('%s', (steps, code, at) => {
    const found = only(analyse(flowOf(`  ${steps}`)));
    expect([found.code, found.at]).toEqual([code, at]);
  });
});

describe('parse document and chunk text', () => {
  const r = analyseClean(flowOf('  let plain = chunk text "no one"\n  let document = parse document trigger.body.contactName\n  let chunks = chunk text document.text by 100 tokens\n  let first = chunks.value[0]\n  let after = chunk text "no one"'));

  test('give { text: string } and { value: string[] }', () => {
    expect(r.typeText('document.text')).toBe('string');
    expect(r.typeText('chunks.value')).toBe('string[]');
    expect(r.typeText('chunks.value[0]')).toBe('string');
  });

  test('carry every category of what they read, in each part', () => {
    expect(r.symbolCategories(r.id('document'))).toEqual(['personal.name']);
    expect(r.categories('chunks.value[0]')).toEqual(['personal.name']);
    expect(r.symbolCategories(r.id('plain'))).toEqual([]);
  });

  test('a Parse a document fails on content it cannot read: what follows runs because of that content', () => {
    expect(r.symbolCategories(r.id('after'))).toEqual(['personal.name']);
  });

  test.each([
    ['let c = chunk text 42', 'JIG2020', '42'],
    ['let c = chunk text "a" by 0 tokens', 'JIG2072', '0'],
    ['let c = chunk text "a" overlap 2.5', 'JIG2072', '2.5'],
  ])('%s', (steps, code, at) => {
    const found = only(analyse(flowOf(`  ${steps}`)));
    expect([found.code, found.at]).toEqual([code, at]);
  });
});

describe('counts an expression computes: wait (EXPR) UNIT, @count(EXPR)', () => {
  test('take whole numbers, in a Wait unit, the count read before the loop (not its lets) and no secret', () => {
    analyseClean(flowOf('  let n = length(trigger.body.lines)\n  wait n minutes\n  wait (n + 1) seconds\n  until n > 3 {\n    let m = 1\n  } @count(n)'));
    expect(only(analyse(flowOf('  wait trigger.body.number minutes'))).code).toBe('JIG2020');
    expect(only(analyse(flowOf('  wait (length(trigger.body.lines)) years'))).code).toBe('JIG2028');
    expect(only(analyse(flowOf('  until true {\n    let m = 1\n  } @count(trigger.body.number)'))).code).toBe('JIG2020');
    // The count is read as the loop starts: a let of its body is not there yet.
    expect(only(analyse(flowOf('  until true {\n    let m = 1\n  } @count(m)'))).code).toBe('JIG2001');
    expect(analyse(flowOf('  wait (length(key)) minutes')).codes).toContain('JIG2050');
  });
});

describe('a status a response computes: respond (EXPR)', () => {
  test('takes a whole number and no secret; a literal status stays 100-599', () => {
    analyseClean(flowOf('  let n = length(trigger.body.lines)\n  respond (if n > 0 then 200 else 404) body n'));
    expect(only(analyse(flowOf('  respond trigger.body.number'))).code).toBe('JIG2020');
    expect(only(analyse(flowOf('  respond ("200")'))).code).toBe('JIG2020');
    expect(analyse(flowOf('  respond (length(key))')).codes).toContain('JIG2050');
    expect(only(analyse(flowOf('  respond 99'))).code).toBe('JIG2027');
  });
});

describe("result() and a Select's rows as values", () => {
  test("result() is an untyped list holding every category the flow declares, whatever its argument; a select of values holds what they read", () => {
    const r = analyseClean(flowOf('  try {\n    wait 1 second\n  } catch {\n    let failed = result("Try")\n    let names = failed select item.name\n  } @action("Try", "Catch")\n  let skus = trigger.body.lines select item.sku'));
    expect(r.typeText('result("Try")')).toBe('any[]');
    // The flow declares @data(business): every category under it, though the try read nothing.
    expect(r.categories('result("Try")')).toEqual(['business', 'business.contact', 'business.document', 'business.email', 'business.industry', 'business.other', 'business.transaction']);
    expect(r.typeText('trigger.body.lines select item.sku')).toBe('string[]');
    expect(r.categories('trigger.body.lines select item.sku')).toEqual(['business.transaction']);
    expect(only(analyse(flowOf('  let x = result(1)'))).code).toBe('JIG2020');
  });
});
