import { describe, expect, it } from 'vitest';
import { parseText, readFixture, sexpr, slice } from './helpers.js';
import type * as Tree from '../../compiler/src/syntax/tree.js';

const text = readFixture('all-constructs.jig');
const { file, diagnostics, comments } = parseText(text);
const flows = file.declarations.filter((d): d is Tree.FlowDecl => d.kind === 'Flow');
const [sync, weekly, mailbox, additions] = flows as [Tree.FlowDecl, Tree.FlowDecl, Tree.FlowDecl, Tree.FlowDecl];

function step<K extends Tree.Step['kind']>(flow: Tree.FlowDecl, index: number, kind: K): Extract<Tree.Step, { kind: K }> {
  const found = flow.body.steps[index]!;
  expect(found.kind).toBe(kind);
  return found as Extract<Tree.Step, { kind: K }>;
}

describe('every construct', () => {
  it('parses without diagnostics', () => {
    expect(diagnostics).toEqual([]);
    expect(file.declarations.map((d) => d.kind)).toEqual(['PolicyPin', 'Param', 'Param', 'Param', 'TypeDecl', 'TypeDecl', 'Flow', 'Flow', 'Flow', 'Flow']);
  });

  it('reads params with and without defaults', () => {
    const params = file.declarations.filter((d): d is Tree.ParamDecl => d.kind === 'Param');
    expect(params.map((p) => [p.name.name, slice(text, p.type.range), p.defaultValue && sexpr(p.defaultValue)])).toEqual([
      ['apiUrl', 'string', '"https://api.example.com"'],
      ['apiKey', 'secret', undefined],
      ['threshold', 'number', '10.5'],
    ]);
  });

  it('reads type fields with optional, array and record types and several categories', () => {
    const customer = file.declarations[4] as Tree.TypeDecl;
    expect(customer.fields.map((f) => [f.name.name, f.type.kind, f.categories.map((c) => c.text)])).toEqual([
      ['id', 'NamedType', ['business.identifier']],
      ['name', 'OptionalType', ['personal.name', 'personal.contact']],
      ['tags', 'ArrayType', ['business.other']],
      ['orders', 'ArrayType', []],
    ]);
    expect(customer.doc?.text).toBe("A customer as the CRM sends it.\nTwo doc lines.");
    expect(customer.fields[0]!.doc?.text).toBe("The customer's id.");
    expect(customer.fields[1]!.doc).toBeUndefined();
  });

  it('reads a field that may be left out (`name?: T`), the mark apart from the name', () => {
    const source = 'type T {\n  nickname?: string @personal.name\n  age: integer?\n}\n';
    const parsed = parseText(source);
    expect(parsed.diagnostics).toEqual([]);
    const [nickname, age] = (parsed.file.declarations[0] as Tree.TypeDecl).fields;
    expect([nickname!.name.name, slice(source, nickname!.optionalMark!), slice(source, nickname!.type.range), nickname!.type.kind]).toEqual(['nickname', '?', 'string', 'NamedType']);
    expect([age!.name.name, age!.optionalMark, age!.type.kind]).toEqual(['age', undefined, 'OptionalType']);
    expect(parseText('type T {\n  a ?: string\n}\n').diagnostics).toEqual([]);
  });

  it('reads the annotations above a param, and tells them from those above a flow', () => {
    const source = '/// Doc.\n@name("Folder_#w#")\nparam folderName: string\n@purpose(automation, "x")\nflow f {\n  trigger http post\n}\n';
    const parsed = parseText(source);
    expect(parsed.diagnostics).toEqual([]);
    const [param, flow] = parsed.file.declarations as [Tree.ParamDecl, Tree.FlowDecl];
    expect([param.kind, param.annotations.map((a) => slice(source, a.range)), param.doc?.text, slice(source, param.range)]).toEqual(['Param', ['@name("Folder_#w#")'], 'Doc.', '@name("Folder_#w#")\nparam folderName: string']);
    expect(flow.annotations.map((a) => a.name.name)).toEqual(['purpose']);
  });

  it('reads a Request trigger with its schema written out, with and without a method', () => {
    const source = 'flow f {\n  trigger http post schema { "type": "object", "enum": [1] }\n  respond 200\n}\nflow g {\n  trigger http schema {}\n  raw action "R" { "type": "Compose" }\n}\n';
    const parsed = parseText(source);
    expect(parsed.diagnostics).toEqual([]);
    const [f, g] = parsed.file.declarations as [Tree.FlowDecl, Tree.FlowDecl];
    const [first, second] = [f.trigger as Tree.HttpTrigger, g.trigger as Tree.HttpTrigger];
    expect([first.method, first.bodyType, slice(source, first.schema!.range)]).toEqual(['post', undefined, '{ "type": "object", "enum": [1] }']);
    expect([second.method, slice(source, second.schema!.range), g.body.steps.map((s) => s.kind)]).toEqual(['', '{}', ['RawAction']]);
    // `schema` is a plain name elsewhere, and a method may be called so no more than `raw`.
    expect(parseText('flow f {\n  trigger http post\n  let schema = 1\n}\n').diagnostics).toEqual([]);
  });

  it('reads flow annotations, hyphenated rule names and durations', () => {
    expect(sync.annotations.map((a) => a.name.name)).toEqual(['purpose', 'data', 'retain', 'allow']);
    const allow = sync.annotations[3]!;
    expect(allow.args[0]).toMatchObject({ kind: 'DottedName', text: 's03-sharing' });
    expect(slice(text, allow.argsRange!)).toBe('(s03-sharing, "Waived for the pilot")');
    expect(sync.annotations[2]!.args[0]).toMatchObject({ kind: 'Duration', amount: 30, unit: 'days' });
    expect(slice(text, (sync.annotations[2]!.args[0] as Tree.Duration).unitRange)).toBe('days');
  });

  it('reads the three triggers', () => {
    expect(sync.trigger).toMatchObject({ kind: 'HttpTrigger', method: 'post', bodyType: { kind: 'NamedType' } });
    expect(weekly.trigger).toMatchObject({
      kind: 'ScheduleTrigger',
      every: { amount: 1, unit: 'week' },
      days: [],
      times: [{ hour: 6, minute: 30 }],
      timeZone: { value: 'W. Europe Standard Time' },
    });
    expect(additions.trigger).toMatchObject({
      kind: 'ScheduleTrigger',
      every: { amount: 2, unit: 'weeks' },
      days: [{ name: 'monday' }, { name: 'friday' }],
      times: [{ hour: 9, minute: 0 }, { hour: 17, minute: 0 }],
    });
    expect(mailbox.trigger).toMatchObject({ kind: 'MailTrigger', connector: { name: 'office365' }, folder: { value: 'Inbox' } });
    expect(slice(text, weekly.trigger!.range)).toBe('trigger schedule every 1 week at 06:30 in "W. Europe Standard Time"');
  });

  it('reads variables, set, append and stores with their own retention', () => {
    expect(step(sync, 1, 'Var')).toMatchObject({ name: { name: 'count' }, type: { name: { name: 'integer' } } });
    expect(sexpr(step(sync, 3, 'Set').value)).toBe('(+ count 1)');
    expect(step(sync, 4, 'Append').target.name).toBe('names');
    const store = step(sync, 5, 'Store');
    expect(store.target.store.name).toBe('cosmos');
    expect(store.target.args.map((a) => a.value)).toEqual(['crm', 'customers']);
    expect(store.annotations.map((a) => slice(text, a.range))).toEqual(['@retain(1 year)']);
    expect(step(sync, 7, 'Store').target.args).toHaveLength(3);
  });

  it('reads query, aggregate and calls as let values', () => {
    const query = step(sync, 8, 'Let').value as Tree.QueryOperation;
    expect(query.kind).toBe('Query');
    expect(sexpr(query.where!)).toBe('(== (. item id) (. customer id))');
    expect(slice(text, query.returns!.range)).toBe('Customer[]');
    const aggregate = step(sync, 9, 'Let').value as Tree.AggregateOperation;
    expect(aggregate.by.name).toBe('region');
    expect(aggregate.outputs.map((o) => [o.name.name, o.fn.name, o.field?.name])).toEqual([
      ['orders', 'count', undefined],
      ['total', 'sum', 'amount'],
      ['biggest', 'max', 'amount'],
    ]);
    const http = step(sync, 10, 'Let').value as Tree.HttpCall;
    expect(http.method?.name).toBe('get');
    expect(http.headers!.map((h) => [h.name.kind, slice(text, h.name.range)])).toEqual([
      ['String', '"x-api-key"'],
      ['Identifier', 'accept'],
    ]);
    expect(slice(text, http.returns!.range)).toBe('Customer');
    const flowCall = step(sync, 14, 'Let').value as Tree.FlowCall;
    expect(flowCall).toMatchObject({ kind: 'FlowCall', flow: { name: 'audit' } });
    expect(flowCall.argument).toBeUndefined();
  });

  it('reads call and send steps with trailing annotations', () => {
    const call = step(sync, 11, 'HttpCallStep');
    expect(call.annotations.map((a) => a.name.name)).toEqual(['share', 'allow']);
    expect(sexpr(call.call.body!)).toBe('{id: (. customer id), tags: ([] (. customer tags) 0), in: [1, 2, 3], none: null, ok: true}');
    const mail = step(sync, 12, 'SendMail');
    expect(mail.connector.name).toBe('office365');
    expect(sexpr(mail.subject)).toBe('(str "Synced " (. customer id))');
    expect((mail.body as Tree.StringLiteral).value).toBe('Done\tok "quoted" $5 \u{1F600}');
    expect(step(sync, 13, 'FlowCallStep').call.argument?.kind).toBe('Record');
  });

  it('reads if / else if / else chains', () => {
    const ifStep = step(sync, 15, 'If');
    expect(sexpr(ifStep.condition)).toBe(
      '(or (and (not (== ([] (. customer tags) 0) "vip")) (> count 1)) (< (- count) (% (* (- 2) (+ 3 4)) 5)))',
    );
    const elseIf = ifStep.else as Tree.IfStep;
    expect(elseIf.kind).toBe('If');
    expect(slice(text, elseIf.range).startsWith('if count != 2 {')).toBe(true);
    expect((elseIf.else as Tree.Block).steps[0]!.kind).toBe('Respond');
  });

  it('reads loops, switch and try', () => {
    const loop = step(sync, 16, 'ForEach');
    expect(loop.variable.name).toBe('order');
    expect(sexpr(loop.iterable)).toBe('(select (where (. customer orders) (>= (. item amount) 100)) {amount: (. item amount)})');
    const switchStep = step(sync, 17, 'Switch');
    expect(switchStep.cases.map((c) => [c.value.kind, slice(text, c.value.range)])).toEqual([
      ['String', '"a"'],
      ['Number', '42'],
      ['Number', '-1'],
      ['Boolean', 'true'],
    ]);
    expect((switchStep.cases[2]!.value as Tree.NumberLiteral).value).toBe(-1);
    expect(switchStep.default?.steps[0]!.kind).toBe('Respond');
    expect(step(sync, 18, 'Until').body.steps).toHaveLength(1);
    const tryStep = step(sync, 19, 'Try');
    expect(tryStep.catch?.steps[0]!.kind).toBe('Respond');
    expect(step(weekly, 0, 'Let').value.kind).toBe('Query');
  });

  it('reads wait, respond and fail', () => {
    const ifStep = step(sync, 15, 'If');
    expect((ifStep.then.steps[0] as Tree.FailStep).message).toMatchObject({ kind: 'String', value: 'bad' });
    const wait = (ifStep.else as Tree.IfStep).then.steps[0] as Tree.WaitStep;
    expect(wait.duration).toMatchObject({ amount: 5, unit: 'minutes' });
    const respond = (step(sync, 17, 'Switch').default!.steps[0]) as Tree.RespondStep;
    expect(respond.status).toMatchObject({ kind: 'Number', value: 500 });
    expect(respond.body?.kind).toBe('Record');
  });

  it('reads conditional expressions, typed lets, parse json and parallel branches', () => {
    const size = step(additions, 0, 'Let');
    expect(slice(text, size.type!.range)).toBe('string');
    expect(sexpr(size.value as Tree.Expression)).toBe('(if (> threshold 100) "large" (if (> threshold 10) "medium" "small"))');
    const parsed = step(additions, 1, 'Let').value as Tree.ParseJsonOperation;
    expect(parsed.kind).toBe('ParseJson');
    expect(sexpr(parsed.content)).toBe('"[]"');
    expect(slice(text, parsed.type!.range)).toBe('Order[]');
    const parallel = step(additions, 2, 'Parallel');
    expect(parallel.branches.map((branch) => branch.steps.map((s) => s.kind))).toEqual([['Let'], ['Wait'], ['Store']]);
    const rates = parallel.branches[0]!.steps[0]!;
    expect(rates.annotations.map((a) => slice(text, a.range))).toEqual(['@retry(fixed, 3 times, 10 seconds)', '@timeout(1 minute)']);
    expect(slice(text, parallel.range).split('\n').at(-1)).toBe('  }');
  });

  it('reads call connector, call service and queries', () => {
    const rows = step(additions, 3, 'Let').value as Tree.HttpCall;
    expect(rows.kind).toBe('HttpCall');
    expect(rows.connector?.value).toBe('azuretables_1');
    expect(rows.method?.name).toBe('get');
    expect(sexpr(rows.url)).toBe('(str "/Tables/" apiUrl "/entities")');
    expect(rows.queries?.map((q) => [slice(text, q.name.range), sexpr(q.value)])).toEqual([['"$top"', '1'], ['filter', '"x"']]);
    expect(rows.headers?.map((h) => slice(text, h.range))).toEqual(['accept: "application/json"']);
    const page = step(additions, 4, 'HttpCallStep').call;
    expect(page.connector).toBeUndefined();
    expect(page.queries?.map((q) => slice(text, q.range))).toEqual(['page: 2']);
    const entity = step(additions, 5, 'Let').value as Tree.HttpCall;
    expect([entity.connector?.value, entity.service?.value, entity.method, sexpr(entity.url)]).toEqual(['tables_1', 'azureTables', undefined, '"getEntity"']);
    expect(slice(text, entity.body!.range)).toBe('{ tableName: "runs", rowKey: apiUrl }');
    // `connector`, `service` and `queries` are plain names elsewhere.
    const names = parseText('flow f {\n  trigger http post\n  let connector = 1\n  let queries = { queries: connector }\n  let service = queries\n}');
    expect(names.diagnostics).toEqual([]);
  });

  it('reads parse document, chunk text, call workflow, javascript and stop, whose words are plain names elsewhere', () => {
    const document = step(additions, 6, 'Let').value as Tree.DocumentOperation;
    expect([document.kind, document.operation, sexpr(document.content)]).toEqual(['DocumentOperation', 'parse document', '(. entity file)']);
    const chunks = step(additions, 7, 'Let').value as Tree.DocumentOperation;
    expect([chunks.operation, sexpr(chunks.content), chunks.tokens?.value, chunks.overlap?.value, chunks.encoding?.value]).toEqual(['chunk text', '(. document text)', 512, 100, 'cl200k_base']);
    const whole = step(additions, 8, 'Let').value as Tree.DocumentOperation;
    expect([whole.tokens, whole.overlap, whole.encoding]).toEqual([undefined, undefined, undefined]);
    const names = parseText('flow f {\n  trigger http post\n  let chunk = 1\n  let text = { document: chunk, tokens: 2 }\n  let encoding = text.document\n  let stop = encoding\n}');
    expect(names.diagnostics).toEqual([]);
    const child = step(additions, 9, 'Let').value as Tree.HttpCall;
    expect([child.workflow, child.method, sexpr(child.url), child.triggerName?.value, child.headers?.length, sexpr(child.body!)]).toEqual([true, undefined, '"enricher"', 'manual', 1, '(. whole value)']);
    const untriggered = step(additions, 10, 'HttpCallStep').call;
    expect([untriggered.workflow, untriggered.triggerName, sexpr(untriggered.url)]).toEqual([true, undefined, 'apiUrl']);
    const code = step(additions, 11, 'Let').value as Tree.InlineCode;
    expect([code.kind, code.code.value]).toEqual(['InlineCode', 'return workflowContext.trigger.outputs.body;']);
    const until = step(additions, 12, 'Wait');
    expect([until.duration, sexpr(until.until!)]).toEqual([undefined, '(. code start)']);
    expect(step(additions, 13, 'Stop').status.name).toBe('cancelled');
    const misspelt = parseText('flow f {\n  trigger http post\n  let c = chunk text "a" by 5 words\n}');
    expect(misspelt.diagnostics.map((d) => d.message)).toEqual(["Expected 'tokens' but found 'words'."]);
  });

  it('returns every comment with its kind', () => {
    expect(comments.map((c) => c.kind)).toEqual(['block', 'doc', 'doc', 'doc', 'line', 'block']);
    expect(slice(text, comments[4]!.range)).toBe('// the posted customer');
  });
});

describe('ranges', () => {
  it('slices every step to its own text', () => {
    const firstLines = sync.body.steps.map((s) => slice(text, s.range).split('\n')[0]);
    expect(firstLines.slice(0, 6)).toEqual([
      'let customer = trigger.body',
      'var count: integer = 0',
      'var names: string = ""',
      'set count = count + 1',
      'append "${customer.name}, " to names',
      'store customer in cosmos("crm", "customers") @retain(1 year)',
    ]);
    const call = step(sync, 11, 'HttpCallStep');
    expect(slice(text, call.range).split('\n').at(-1)).toBe('    @allow(s09-minors, "No minors here")');
    expect(slice(text, call.call.range).split('\n').at(-1)).toBe(
      '    body { id: customer.id, tags: customer.tags[0], in: [1, 2, 3], none: null, ok: true }',
    );
  });

  it('gives every flow its annotations and closing brace', () => {
    const mailboxStart = text.indexOf('@purpose(automation, "Answer mail")');
    expect(slice(text, mailbox.range)).toBe(text.slice(mailboxStart, text.indexOf('\n}\n', mailboxStart) + 2));
    expect(slice(text, additions.range)).toBe(text.slice(text.indexOf('@purpose(automation, "Newer constructs")')).trimEnd());
    expect(slice(text, mailbox.body.range).startsWith('{')).toBe(true);
    expect(slice(text, mailbox.body.range).endsWith('}')).toBe(true);
  });

  it('gives the file the whole text', () => {
    expect(file.range).toEqual({ start: 0, end: text.length });
  });
});

describe('doc comments', () => {
  it('attach to the next declaration only when nothing but whitespace is between', () => {
    const source = '/// pin\npolicy p\n\n/// detached\n// plain\nparam a: string\n/// flow doc\n@purpose(x, "y")\nflow f { }\n';
    const { file: parsed } = parseText(source);
    const [pin, param, flow] = parsed.declarations as [Tree.PolicyPin, Tree.ParamDecl, Tree.FlowDecl];
    expect(pin.doc?.text).toBe('pin');
    expect(param.doc).toBeUndefined();
    expect(flow.doc?.text).toBe('flow doc');
    expect(slice(source, flow.doc!.range)).toBe('/// flow doc');
  });
});

describe('an empty file', () => {
  it('is an empty tree', () => {
    expect(parseText('')).toEqual({ file: { kind: 'File', declarations: [], range: { start: 0, end: 0 } }, diagnostics: [], comments: [] });
  });
});
