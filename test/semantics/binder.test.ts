import { describe, expect, test } from 'vitest';
import { analyse, analyseClean, flowOf, only } from './helpers.js';
import type { ExternalFlow, FlowResolver } from '../../compiler/src/semantics/model.js';
import type { MemberAccess as Member } from '../../compiler/src/syntax/tree.js';
import { STRING, typeToString } from '../../compiler/src/semantics/types.js';

describe('resolution', () => {
  test('a reference resolves to its declaration, and references list every use', () => {
    const r = analyseClean(flowOf(`
  let invoice = trigger.body
  let total = invoice.amount + 1
  store { id: invoice.id, total: total } in cosmos("db", "c")`));
    const declaration = r.id('invoice', 0);
    const symbol = r.model.symbolOf(declaration)!;
    expect(symbol.kind).toBe('let');
    expect(typeToString(symbol.type)).toBe('Invoice');
    expect(r.model.symbolOf(r.id('invoice', 1))).toBe(symbol);
    expect(r.model.referencesOf(symbol).map((id) => id.range.start)).toEqual([0, 1, 2].map((i) => r.id('invoice', i).range.start));
  });

  test('params, types, fields and functions are symbols too', () => {
    const r = analyseClean(flowOf(`
  let n = toLower(trigger.body.number)
  call http post url body { n: n }`));
    expect(r.model.symbolOf(r.id('url', 1))?.kind).toBe('param');
    expect(r.model.symbolOf(r.id('Invoice', 1))?.kind).toBe('type');
    expect(r.model.symbolOf(r.id('toLower'))?.kind).toBe('function');
    const read = r.expr('trigger.body.number') as Member;
    const field = r.model.symbolOf(read.member!)!;
    expect(field.kind).toBe('field');
    expect(r.text(field.declaringNode!.range)).toBe('number: string @business.transaction');
    expect(r.model.referencesOf(field)).toHaveLength(2);
    expect(r.model.globals.get('Invoice')?.kind).toBe('type');
    expect(r.model.globals.get('f')?.kind).toBe('flow');
    expect(r.model.types.get('Mail')?.fields.has('subject')).toBe(true);
  });

  test('unknown names suggest the closest visible name with a fix that replaces it', () => {
    const r = analyse(flowOf(`
  let invoice = trigger.body
  store invoise in cosmos("db", "c")`));
    const { code, message, at, diagnostic } = only(r);
    expect(code).toBe('JIG2001');
    expect(message).toBe("Cannot find the name 'invoise'. Did you mean 'invoice'?");
    expect(at).toBe('invoise');
    expect(diagnostic.fixes?.[0]?.edits).toEqual([{ range: diagnostic.range, newText: 'invoice' }]);
  });

  test('an unknown name with nothing close has no suggestion and no fix', () => {
    const { message, diagnostic } = only(analyse(flowOf(`  store zzzqqq in cosmos("db", "c")`)));
    expect(message).toBe("Cannot find the name 'zzzqqq'.");
    expect(diagnostic.fixes).toEqual([]);
  });

  test('unknown types and fields suggest too', () => {
    const types = analyse(flowOf(`  var n: Invoce? = null`));
    expect(only(types).message).toBe("Cannot find the type 'Invoce'. Did you mean 'Invoice'?");
    const fields = only(analyse(flowOf(`  let n = trigger.body.amout`)));
    expect(fields.code).toBe('JIG2007');
    expect(fields.message).toBe("The type 'Invoice' has no field 'amout'. Did you mean 'amount'?");
    expect(fields.at).toBe('amout');
  });

  test('a name used before its declaration says so and points at the declaration', () => {
    const r = analyse(flowOf(`
  store total in cosmos("db", "c")
  let total = { id: "1" }`));
    const { code, at, diagnostic } = only(r);
    expect(code).toBe('JIG2003');
    expect(at).toBe('total');
    expect(diagnostic.related?.[0]?.range).toEqual(r.id('total', 1).range);
  });
});

describe('scopes', () => {
  test('a let inside a block is not visible after it', () => {
    const r = analyse(flowOf(`
  if trigger.body.amount > 1 {
    let big = trigger.body
  }
  store big in cosmos("db", "c")`));
    expect(only(r).code).toBe('JIG2001');
  });

  test("an until's condition, and the steps after the loop, see the lets of its body (its last pass)", () => {
    const r = analyseClean(flowOf(`
  until total > 10 {
    let total = trigger.body.amount + 1
    wait 1 minute
  }
  store { id: trigger.body.id, total: total } in cosmos("db", "c")`));
    const symbol = r.model.symbolOf(r.id('total', 0))!;
    expect(symbol.kind).toBe('let');
    expect(r.model.symbolOf(r.id('total', 1))).toBe(symbol);
    expect(r.model.symbolOf(r.id('total', 3))).toBe(symbol);
    // A block inside the body keeps its own: its steps may not have run in the last pass.
    const nested = analyse(flowOf(`
  until trigger.body.amount > 1 {
    if trigger.body.amount > 2 {
      let big = trigger.body
    }
  }
  store big in cosmos("db", "c")`));
    expect(only(nested).code).toBe('JIG2001');
  });

  test('a loop variable is visible in its body only', () => {
    const r = analyse(flowOf(`
  for each line in trigger.body.lines {
    store line in cosmos("db", "c")
  }
  store line in cosmos("db", "c")`));
    expect(r.codes).toEqual(['JIG2001']);
    expect(r.model.symbolOf(r.id('line', 1))?.kind).toBe('loop');
    expect(typeToString(r.model.symbolOf(r.id('line', 1))!.type)).toBe('Line');
  });

  test('item exists only inside where and select, and nested operators each have their own', () => {
    const r = analyseClean(flowOf(`
  let big = trigger.body.lines where item.qty > 1
  let skus = trigger.body.lines select { sku: item.sku, n: length(big where item.price > 2) }`));
    expect(r.typeText('big')).toBe('Line[]');
    expect(r.typeText('trigger.body.lines select { sku: item.sku, n: length(big where item.price > 2) }')).toBe('{ sku: string, n: integer }[]');
    expect(only(analyse(flowOf(`  let x = item`))).message).toBe("Cannot find the name 'item'.");
  });

  test('a var is visible after its declaration', () => {
    const r = analyse(flowOf(`
  set count = 1
  var count: integer = 0`));
    expect(only(r).code).toBe('JIG2003');
  });

  test('symbolsInScopeAt lists what is visible, innermost first', () => {
    const text = flowOf(`
  let a = 1
  for each line in trigger.body.lines {
    let b = line.qty
    wait 1 second
  }`);
    const r = analyseClean(text);
    const names = (offset: number) => r.model.symbolsInScopeAt(offset).map((s) => s.name);
    const inLoop = names(text.indexOf('wait'));
    expect(inLoop.slice(0, 4)).toEqual(['b', 'line', 'a', 'trigger']);
    expect(inLoop).toContain('url');
    expect(names(text.indexOf('let a'))).not.toContain('a');
    expect(names(text.indexOf('let a'))).toContain('trigger');
  });

  test('flowAt finds the flow around an offset', () => {
    const text = flowOf('  wait 1 day');
    const r = analyseClean(text);
    expect(r.model.flowAt(text.indexOf('wait'))?.name.name).toBe('f');
    expect(r.model.flowAt(text.indexOf('param'))).toBeUndefined();
  });
});

describe('declarations', () => {
  test('duplicate names at file level and in a flow', () => {
    const r = analyse(`
param a: string = "x"
type a { x: string @business.other }
flow f {
  trigger http post body a
  let b = 1
  let b = 2
}`);
    expect(r.codes).toEqual(['JIG2002', 'JIG2002']);
    expect(r.diagnostics[0]!.related?.[0]?.range).toEqual(r.id('a', 0).range);
  });

  test('a local may not hide a param or an outer name', () => {
    const r = analyse(flowOf(`
  let url = "x"
  for each line in trigger.body.lines {
    let line = 1
  }`));
    expect(r.codes).toEqual(['JIG2002', 'JIG2002']);
  });

  test('a type may not reuse a built-in name, and types may refer to later and recursive types', () => {
    expect(only(analyse('type Mail { x: string @business.other }')).code).toBe('JIG2002');
    analyseClean(`
type A { b: B? next: A? }
type B { x: string @business.other }`);
  });

  test('set and append need a var', () => {
    const r = analyse(flowOf(`
  let n = 1
  set n = 2
  set url = "y"
  for each line in trigger.body.lines {
    append line to line
  }`));
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "Cannot set 'n': it is a let, not a var. Declare it with 'var n: TYPE = …' to change it.",
      "Cannot set 'url': it is a param, not a var. Declare it with 'var url: TYPE = …' to change it.",
      "Cannot append to 'line': it is a loop variable, not a var. Declare it with 'var line: TYPE = …' to change it.",
    ]);
  });
});

describe('call flow', () => {
  const external: ExternalFlow = {
    name: 'notify',
    fileName: 'notify.jig',
    range: { start: 0, end: 1 },
    inputType: { kind: 'record', name: 'Note', fields: new Map([['topic', { name: 'topic', type: STRING, categories: ['business.other'] }]]) },
    hasRequestTrigger: true,
    categories: ['business.other'],
  };
  const resolver: FlowResolver = { resolve: (name) => (name === 'notify' ? external : undefined), names: () => ['notify'], mayBeCalledElsewhere: () => false };

  test('a flow of the file or of the project', () => {
    const r = analyseClean(flowOf(`
  call flow notify with { topic: "x" }
  call flow g with { id: "1" }`) + `
flow g {
  trigger http post body Line2
}
type Line2 { id: string @business.other }`, { flows: resolver });
    expect(r.model.calledFlow(r.id('notify'))).toBe(external);
    expect(r.model.calledFlow(r.id('g', 0))).toMatchObject({ kind: 'Flow' });
  });

  test('an unknown flow, a flow without a request trigger, a wrong body', () => {
    const r = analyse(flowOf(`
  call flow notfy with { topic: "x" }
  call flow g
  call flow notify with { topic: 1 }`) + `
flow g {
  trigger schedule every 1 day
}`, { flows: resolver });
    expect(r.diagnostics.map((d) => [d.code, r.text(d.range)])).toEqual([
      ['JIG2006', 'notfy'],
      ['JIG2032', 'g'],
      ['JIG2020', '1'],
    ]);
    expect(r.diagnostics[0]!.message).toContain("Did you mean 'notify'?");
  });
});

describe('flow names as workflow names', () => {
  const flowNamed = (name: string) => `@purpose(automation, "x")\n@data(system.operational)\n@retain(1 day)\nflow ${name} {\n  trigger schedule every 1 day\n  wait 1 minute\n}\n`;

  test('accepts a name of 43 characters and refuses one of 44 (Azure\'s limit on a workflow name)', () => {
    expect(analyse(flowNamed('a'.repeat(43))).codes).toEqual([]);
    const long = analyse(flowNamed('a'.repeat(44)));
    expect(long.codes).toEqual(['JIG4112']);
    expect(long.diagnostics[0]!.message).toContain('44 characters long, and Azure allows 43');
  });

  test.each(['CON', 'con', 'Prn', 'aux', 'NUL', 'COM1', 'com9', 'LPT1', 'lpt0', 'powershell', 'WorkflowDispatcher', 'workflownodeworker'])(
    'refuses %s, a name no file or Standard workflow can have',
    (name) => {
      expect(analyse(flowNamed(name)).codes).toEqual(['JIG4112']);
    },
  );

  test.each(['console', 'com10', 'lpt', 'conx', 'nullable'])('accepts %s', (name) => {
    expect(analyse(flowNamed(name)).codes).toEqual([]);
  });

  test('refuses a second flow of the file whose name differs only in case', () => {
    const result = analyse(`${flowNamed('Orders')}\n${flowNamed('orders')}`);
    expect(result.codes).toEqual(['JIG4112']);
    expect(result.text(result.diagnostics[0]!.range)).toBe('orders');
    expect(result.diagnostics[0]!.message).toContain("differs from the flow 'Orders' only in case");
  });
});
