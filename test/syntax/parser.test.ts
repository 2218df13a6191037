import { describe, expect, it } from 'vitest';
import { parseText, readFixture, slice } from './helpers.js';
import { parse } from '../../compiler/src/syntax/parser.js';
import { SourceFile } from '../../compiler/src/syntax/source.js';
import type * as Tree from '../../compiler/src/syntax/tree.js';

function onlyFlow(text: string): Tree.FlowDecl {
  const { file } = parseText(text);
  const flow = file.declarations.find((d): d is Tree.FlowDecl => d.kind === 'Flow');
  if (!flow) throw new Error('no flow');
  return flow;
}

describe('parse: the language.md example', () => {
  const text = readFixture('invoice-intake.jig');
  const result = parseText(text);

  it('has no diagnostics and every declaration', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.file.declarations.map((d) => d.kind)).toEqual(['PolicyPin', 'Param', 'Param', 'TypeDecl', 'TypeDecl', 'Flow']);
  });

  it('keeps exact ranges', () => {
    const [pin, url, , line, invoice, flow] = result.file.declarations as [
      Tree.PolicyPin, Tree.ParamDecl, Tree.ParamDecl, Tree.TypeDecl, Tree.TypeDecl, Tree.FlowDecl,
    ];
    expect(slice(text, pin.range)).toBe('policy jigajob >= 2023-08-27');
    expect(pin.minVersion?.text).toBe('2023-08-27');
    expect(slice(text, url.range)).toBe('param approvalsUrl: string = "https://approvals.example.com/api/requests"');
    expect(slice(text, line.fields[1]!.range)).toBe('qty:   integer @business.transaction');
    expect(slice(text, line.fields[1]!.categories[0]!.range)).toBe('business.transaction');
    expect(slice(text, invoice.fields[4]!.type.range)).toBe('InvoiceLine[]');
    expect(invoice.doc?.text).toBe("An invoice as the client's accounting system posts it.");
    expect(slice(text, flow.range).startsWith('@purpose(automation')).toBe(true);
    expect(slice(text, flow.range).endsWith('respond 202\n}')).toBe(true);
    const store = flow.body.steps[1] as Tree.StoreStep;
    expect(slice(text, store.range)).toBe('store invoice in cosmos("jigajob", "invoices")');
    const call = (flow.body.steps[2] as Tree.IfStep).then.steps[0] as Tree.HttpCallStep;
    expect(slice(text, call.range).endsWith('"The client asked for approval of large invoices")')).toBe(true);
    expect(call.annotations.map((a) => a.name.name)).toEqual(['share']);
  });
});

describe('parse: recovery', () => {
  it('reports three separate mistakes and keeps the later flows', () => {
    const text = [
      'flow first {',
      '  trigger http post body Order',
      '  let a = = 3',
      '  let b = 4',
      '}',
      'flow second {',
      '  store x in cosmos("db" "c")',
      '  respond 200',
      '}',
      'flow third {',
      '  if a > { respond 1 }',
      '  wait 1 day',
      '}',
      'flow fourth { respond 204 }',
    ].join('\n');
    const { file, diagnostics } = parseText(text);
    expect(diagnostics).toHaveLength(3);
    expect(diagnostics[0]!.message).toBe("Expected an expression after '=' but found '='.");
    const flows = file.declarations as Tree.FlowDecl[];
    expect(flows.map((f) => f.name.name)).toEqual(['first', 'second', 'third', 'fourth']);
    expect(flows[0]!.body.steps.map((s) => s.kind)).toEqual(['Let', 'Let']);
    expect(flows[2]!.body.steps.map((s) => s.kind)).toEqual(['If', 'Wait']);
  });

  it('uses a Missing expression where one is absent', () => {
    const { file, diagnostics } = parseText('flow f {\n  let a =\n  respond 200\n}');
    expect(diagnostics.map((d) => d.message)).toEqual(["Expected an expression after '=' but found 'respond'."]);
    const flow = file.declarations[0] as Tree.FlowDecl;
    const value = (flow.body.steps[0] as Tree.LetStep).value;
    expect(value.kind).toBe('Missing');
    expect(value.range.start).toBe(value.range.end);
    expect(flow.body.steps[1]!.kind).toBe('Respond');
  });
});

describe('parse: keywords as names', () => {
  it('allows keywords after a dot, as record fields, type fields and header names', () => {
    const text = [
      'type Mail2 { subject: string @personal.other\n body: string @personal.other\n to: string @personal.contact }',
      'flow f {',
      '  trigger mail office365 folder "Inbox"',
      '  let s = trigger.body.subject',
      '  call http post "https://x" headers { accept: "json", "x-key": "1" } body { to: s, in: 1 }',
      '}',
    ].join('\n');
    const { file, diagnostics } = parseText(text);
    expect(diagnostics).toEqual([]);
    const type = file.declarations[0] as Tree.TypeDecl;
    expect(type.fields.map((f) => f.name.name)).toEqual(['subject', 'body', 'to']);
    const flow = onlyFlow(text);
    const value = (flow.body.steps[0] as Tree.LetStep).value as Tree.MemberAccess;
    expect(value.member?.name).toBe('subject');
  });
});

describe('parse: header and query names are plain text', () => {
  // The service evaluates a JSON object's values, never its keys: a name with `${…}` was emitted as "".
  const text = [
    'flow f {',
    '  trigger http post',
    '  call http post "https://x" queries { "q${a}": "1" } headers { "x-${a}": "1", plain: "2" }',
    '  respond 200 headers { "y-${a}": "v" }',
    '}',
  ].join('\n');

  it('refuses a name with an interpolation, at the string, in both parsers', () => {
    for (const options of [{}, { grammarOnly: true }]) {
      const { diagnostics } = parse(new SourceFile('test.jig', text), options);
      const found = diagnostics.map((d) => [d.code, slice(text, d.range), d.message]);
      expect(found).toEqual(
        ['"q${a}"', '"x-${a}"', '"y-${a}"'].map((name) => [
          'JIG1001',
          name,
          "Expected a header or query name: a name, or a string without '${…}' but found a string with an interpolation.",
        ]),
      );
    }
  });
});
