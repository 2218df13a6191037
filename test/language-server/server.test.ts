import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  FileChangeType,
  FoldingRangeRequest,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  SemanticTokensRequest,
  SignatureHelpRequest,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type Location,
  type MarkupContent,
  type Position,
  type Range,
  type SemanticTokens,
  type SignatureHelp,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, ensureBuilt, fileUri, positionOf, repoRoot } from './harness.js';
import { referenceSchemaErrors } from '../validate/reference-checks.js';
import type { RunRecord } from '../../compiler/src/index.js';
import type { RunResult, RunnableFlowsResult } from '../../language-server/src/protocol.js';

let project: string;
let client: LspClient;
let invoiceUri: string;
let invoiceText: string;
let tokenLegend: string[];

beforeAll(async () => {
  ensureBuilt();
  project = mkdtempSync(join(tmpdir(), 'jig-ls-'));
  cpSync(join(repoRoot, 'examples'), project, { recursive: true });
  invoiceUri = fileUri(join(project, 'invoice_intake.jig'));
  invoiceText = readFileSync(join(project, 'invoice_intake.jig'), 'utf8');
  const started = await LspClient.start({ rootPath: project });
  client = started.client;
  tokenLegend = started.initialize.capabilities.semanticTokensProvider!.legend.tokenTypes;
});

afterAll(async () => {
  expect(await client.stop()).toBe(0);
  rmSync(project, { recursive: true, force: true });
});

function hoverText(hover: Hover | null): string {
  return hover ? (hover.contents as MarkupContent).value : '';
}

function labels(result: CompletionItem[] | CompletionList | null): string[] {
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  return items.map((item) => item.label);
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.jig', 'jig', 1, text), [...edits]);
}

function messageText(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

/**
 * The errors of a document but JIG5004: a scratch copy of an examples file declares that file's flow
 * again, which is a duplicate of the project (project-checks.test.ts tests it) and not what these
 * tests are about.
 */
function errorsOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.severity === 1 && diagnostic.code !== 'JIG5004');
}

/** Opens `text` as a new document of the project and returns its URI and first diagnostics. */
let untitledCount = 0;
async function openScratch(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = fileUri(join(project, `scratch_${untitledCount++}.jig`));
  const published = await client.open(uri, text);
  return { uri, diagnostics: published.diagnostics };
}

describe('the language server over stdio', () => {
  it('announces its capabilities', async () => {
    const { client: other, initialize } = await LspClient.start();
    expect(initialize.serverInfo?.name).toBe('jig-language-server');
    const capabilities = initialize.capabilities;
    expect(capabilities.hoverProvider).toBe(true);
    expect(capabilities.completionProvider?.triggerCharacters).toContain('.');
    expect(capabilities.renameProvider).toEqual({ prepareProvider: true });
    expect(capabilities.semanticTokensProvider?.legend.tokenTypes).toContain('keyword');
    expect(await other.stop()).toBe(0);
  });

  it('publishes no errors for a correct example, and errors once it is broken', async () => {
    const opened = await client.open(invoiceUri, invoiceText);
    expect(errorsOf(opened.diagnostics)).toEqual([]);

    const broken = invoiceText.replace('store invoice in', 'store invoise in');
    const changed = await client.change(invoiceUri, broken);
    const unknown = changed.diagnostics.find((diagnostic) => messageText(diagnostic).includes('invoise'));
    expect(unknown).toMatchObject({ severity: 1, source: 'jig', code: expect.stringMatching(/^JIG2\d{3}$/) });
    expect(unknown!.range.start).toEqual(positionOf(broken, 'invoise'));

    const fixed = await client.change(invoiceUri, invoiceText);
    expect(errorsOf(fixed.diagnostics)).toEqual([]);
  });

  it('marks a category declared but never touched as unnecessary', async () => {
    const text = invoiceText.replace('@data(business.transaction,', '@data(business.document, business.transaction,');
    const { diagnostics } = await openScratch(text);
    const unused = diagnostics.find((diagnostic) => messageText(diagnostic).includes("'business.document'"));
    expect(unused).toMatchObject({ severity: 2, tags: [1], range: { start: positionOf(text, 'business.document') } });
  });

  it("sees what the project's other files store: a query carries it, whatever type it declares", async () => {
    // invoice_intake.jig stores invoices with their contacts' names; approvals_inc may receive transactions only.
    const text = `type Figure {
  number: string @business.transaction
}

@purpose(automation, "Send invoice numbers for approval")
@data(business.transaction, personal.name)
@retain(30 days)
flow send_numbers {
  trigger schedule every 1 day
  let figures = query cosmos("jigajob", "invoices") returns Figure[]
  call http post "https://approvals.example.com/api/requests"
    body figures
    @share(approvals_inc, "Approvals see invoice numbers")
}
`;
    const { diagnostics } = await openScratch(text);
    const shared = diagnostics.find((diagnostic) => diagnostic.code === 'JIG3302');
    expect(messageText(shared!)).toContain("'personal.name'");
    expect(JSON.stringify(shared!.relatedInformation)).toContain('flow invoice_intake stores it there');
  });

  it('drops the diagnostics of a closed document', async () => {
    const { uri } = await openScratch('flow x {');
    const cleared = client.nextDiagnostics(uri);
    await client.close(uri);
    expect((await cleared).diagnostics).toEqual([]);
  });
});

describe('hover', () => {
  it('shows the type, categories and doc comment of a name', async () => {
    const hover = await client.request<Hover>(HoverRequest.method, {
      textDocument: { uri: invoiceUri },
      position: positionOf(invoiceText, 'store invoice', 'store '.length + 2),
    });
    const text = hoverText(hover);
    expect(text).toContain('invoice: Invoice');
    expect(text).toContain('business.transaction');
    expect(text).toContain('personal.name');
    expect(hover.range).toEqual({
      start: positionOf(invoiceText, 'store invoice', 'store '.length),
      end: positionOf(invoiceText, 'store invoice', 'store invoice'.length),
    });
  });

  it('shows a type declaration with its doc comment and fields', async () => {
    const text = hoverText(
      await client.request<Hover>(HoverRequest.method, { textDocument: { uri: invoiceUri }, position: positionOf(invoiceText, 'type Invoice ', 6) }),
    );
    expect(text).toContain("An invoice as the client's accounting system posts it.");
    expect(text).toContain('vendorEmail: string');
  });

  it('shows the policy rule and sentence an annotation enforces', async () => {
    const text = hoverText(
      await client.request<Hover>(HoverRequest.method, { textDocument: { uri: invoiceUri }, position: positionOf(invoiceText, '@share', 2) }),
    );
    expect(text).toContain('s03-sharing');
    expect(text).toContain("We do not share your data with any third parties beyond what's necessary");
  });

  it('describes categories and processors from the active policy', async () => {
    const category = hoverText(
      await client.request<Hover>(HoverRequest.method, { textDocument: { uri: invoiceUri }, position: positionOf(invoiceText, '@personal.name', 3) }),
    );
    expect(category).toContain('**personal.name**');
    expect(category).toMatch(/kept at most 1 year/);
    const processor = hoverText(
      await client.request<Hover>(HoverRequest.method, { textDocument: { uri: invoiceUri }, position: positionOf(invoiceText, 'approvals_inc', 2) }),
    );
    // The processor comes from the project's policy (examples/policy), found through jig.yaml.
    expect(processor).toContain('approvals service');
  });

  it('shows what jig explain says of a diagnostic under the cursor', async () => {
    const text = invoiceText.replace('store invoice in', 'store invoise in');
    const { uri, diagnostics } = await openScratch(text);
    const code = diagnostics.find((diagnostic) => messageText(diagnostic).includes('invoise'))!.code as string;
    const hover = hoverText(await client.request<Hover>(HoverRequest.method, { textDocument: { uri }, position: positionOf(text, 'invoise', 2) }));
    expect(hover).toContain(`\`jig explain ${code}\``);
    expect(hover.length).toBeGreaterThan(200);
  });

  it('shows the doc comment at the top of a file on the declaration it documents, the policy pin', async () => {
    const text = '/// Orders posted by the shop.\npolicy jigajob >= 2023-08-27\n';
    const { uri } = await openScratch(text);
    const hover = hoverText(await client.request<Hover>(HoverRequest.method, { textDocument: { uri }, position: positionOf(text, 'jigajob', 2) }));
    expect(hover).toContain('Checked against');
    expect(hover).toContain('Orders posted by the shop.');
  });

  describe('of every expression: its type, its data categories and where each comes from', () => {
    const text = `type Lead {
  /// Where to write back.
  email: string @personal.contact
  budget: number @business.transaction
}

@purpose(automation, "Count leads")
@data(personal.contact, business.transaction)
@retain(30 days)
flow count_leads {
  trigger http post body Lead[]
  var total: number = 0
  for each lead in trigger.body {
    set total = total + lead.budget
  }
  let first = trigger.body[0].email
  respond 200 body { total: total, first: first }
}
`;
    let uri: string;
    const hoverAt = async (needle: string, offset = 0) => {
      const hover = await client.request<Hover>(HoverRequest.method, { textDocument: { uri }, position: positionOf(text, needle, offset) });
      return { text: hoverText(hover), range: hover?.range };
    };
    const lineOf = (needle: string) => positionOf(text, needle).line + 1;

    beforeAll(async () => {
      const opened = await openScratch(text);
      uri = opened.uri;
      expect(errorsOf(opened.diagnostics)).toEqual([]);
    });

    it('a field access, whole, with the doc of the field', async () => {
      const { text: hover, range } = await hoverAt('lead.budget', 'lead.'.length + 1);
      expect(hover).toContain('lead.budget: number');
      expect(hover).toContain(`- \`business.transaction\` from \`lead.budget\` (line ${lineOf('lead.budget')})`);
      expect(hover).not.toContain('personal.contact');
      expect(range).toEqual({ start: positionOf(text, 'lead.budget'), end: positionOf(text, 'lead.budget', 'lead.budget'.length) });
      expect((await hoverAt('[0].email', 5)).text).toContain('Where to write back.');
    });

    it('trigger.body.x and trigger.body', async () => {
      const field = (await hoverAt('trigger.body[0].email', 'trigger.body[0].'.length + 1)).text;
      expect(field).toContain('trigger.body[0].email: string');
      expect(field).toMatch(/- `personal\.contact` from `trigger\.body\[…\]\.email` \(line 16\)/);
      expect(field).not.toContain('business.transaction');
      const body = (await hoverAt('in trigger.body', 'in trigger.'.length + 1)).text;
      expect(body).toContain('trigger.body: Lead[]');
      expect(body).toContain('`personal.contact`');
      expect(body).toContain('`business.transaction`');
    });

    it('a let where it is declared and where it is read', async () => {
      const declared = (await hoverAt('let first', 'let '.length + 1)).text;
      expect(declared).toContain('let first: string');
      expect(declared).toMatch(/- `personal\.contact` from `trigger\.body\[…\]\.email` \(line 16\)/);
      const read = (await hoverAt('first: first', 'first: '.length + 1)).text;
      expect(read).toContain('first: string');
      expect(read).toContain('`personal.contact`');
    });

    it('a var, with what was set into it', async () => {
      const declared = (await hoverAt('var total', 'var '.length + 1)).text;
      expect(declared).toContain('var total: number');
      expect(declared).toMatch(/- `business\.transaction` from `lead\.budget` \(line 14\)/);
      const read = (await hoverAt('total: total', 'total: '.length + 1)).text;
      expect(read).toContain('`business.transaction`');
      // The loop over the leads runs the sum: the total tells of their contacts without holding them.
      expect(read).toMatch(/- `personal\.contact` from `trigger\.body\[\]\.email, through the for each it runs under` \(line 13\), only through a condition/);
    });

    it('a loop variable', async () => {
      const hover = (await hoverAt('each lead', 'each '.length + 1)).text;
      expect(hover).toContain('for each lead: Lead');
      expect(hover).toContain('`personal.contact`');
      expect(hover).toContain('`business.transaction`');
    });

    it('a value without data says so', async () => {
      const hover = (await hoverAt('var total', 'var '.length + 1)).text;
      expect(hover).not.toContain('Data: none');
      const constant = `flow k {\n  trigger http post body X\n  let n = 1\n  respond 200 body n\n}\n`;
      const { uri: other } = await openScratch(constant);
      const hovered = await client.request<Hover>(HoverRequest.method, { textDocument: { uri: other }, position: positionOf(constant, 'body n', 'body '.length) });
      expect(hoverText(hovered)).toContain('n: integer');
      expect(hoverText(hovered)).toContain('Data: none');
    });
  });

  it('shows a built-in function signature', async () => {
    const text = 'flow f {\n  trigger http post body X\n  let a = toLower("A")\n}\n';
    const { uri } = await openScratch(text);
    const hover = await client.request<Hover>(HoverRequest.method, { textDocument: { uri }, position: positionOf(text, 'toLower', 2) });
    expect(hoverText(hover)).toContain('toLower(text: string): string');
  });
});

describe('completion', () => {
  const complete = async (uri: string, position: Position) =>
    labels(await client.request<CompletionItem[] | CompletionList>(CompletionRequest.method, { textDocument: { uri }, position }));

  it('offers the fields of a record after a dot', async () => {
    const text = invoiceText.replace('  respond 202', '  let n = invoice.\n  respond 202');
    const { uri } = await openScratch(text);
    const items = await complete(uri, positionOf(text, 'invoice.\n', 'invoice.'.length));
    expect(items).toEqual(expect.arrayContaining(['number', 'amount', 'vendorEmail', 'contactName', 'lines']));
    expect(items).not.toContain('let');
  });

  it('offers the fields of the trigger body, through a chain of dots', async () => {
    const text = invoiceText.replace('  respond 202', '  let v = trigger.body.lines\n  respond 202');
    const { uri } = await openScratch(text.replace('trigger.body.lines', 'trigger.body.'));
    const broken = text.replace('trigger.body.lines', 'trigger.body.');
    expect(await complete(uri, positionOf(broken, 'trigger.body.\n', 'trigger.body.'.length))).toEqual(
      expect.arrayContaining(['number', 'vendorEmail', 'lines']),
    );
    expect(await complete(uri, positionOf(broken, 'let v = trigger.', 'let v = trigger.'.length))).toEqual(['body', 'headers', 'outputs']);
  });

  it('offers categories in @data, purposes in @purpose and processors in @share', async () => {
    const text = invoiceText;
    expect(await complete(invoiceUri, positionOf(text, '@data(', '@data('.length))).toEqual(
      expect.arrayContaining(['business.transaction', 'personal.minor', 'aggregate.anonymized']),
    );
    expect(await complete(invoiceUri, positionOf(text, '@purpose(', '@purpose('.length))).toEqual(
      expect.arrayContaining(['automation', 'marketing', 'analytics', 'research']),
    );
    expect(await complete(invoiceUri, positionOf(text, '@share(', '@share('.length))).toEqual(['approvals_inc', 'client_vendors']);
  });

  it('replaces a dotted category being typed as a whole', async () => {
    const text = invoiceText.replace('@data(business.transaction,', '@data(business.tr');
    const { uri } = await openScratch(text);
    const position = positionOf(text, '@data(business.tr', '@data(business.tr'.length);
    const items = await client.request<CompletionItem[]>(CompletionRequest.method, { textDocument: { uri }, position });
    const transaction = items.find((item) => item.label === 'business.transaction');
    expect(transaction?.textEdit).toEqual({
      range: { start: { line: position.line, character: position.character - 'business.tr'.length }, end: position },
      newText: 'business.transaction',
    });
  });

  it('offers step keywords and names in scope at the start of a step, declarations at the top', async () => {
    const text = invoiceText.replace('  respond 202', '  \n  respond 202');
    const { uri } = await openScratch(text);
    const inFlow = await complete(uri, positionOf(text, '  \n  respond', 2));
    expect(inFlow).toEqual(expect.arrayContaining(['let', 'store', 'for each', 'invoice', 'approvalsUrl']));
    expect(inFlow).toContain('foreach'); // the snippet
    const top = await complete(uri, { line: text.split('\n').length - 1, character: 0 });
    expect(top).toEqual(expect.arrayContaining(['flow', 'type', 'param', '@purpose']));
    expect(top).not.toContain('store');
  });

  it("offers @name above a param, with what it is for, and shows it on hover", async () => {
    const text = 'param a: string\n\n';
    const { uri } = await openScratch(text);
    const items = await client.request<CompletionItem[]>(CompletionRequest.method, { textDocument: { uri }, position: { line: 1, character: 0 } });
    const name = items.find((item) => item.label === '@name');
    expect([name?.insertText, (name?.documentation as MarkupContent | undefined)?.value]).toEqual(['name("${1:Name}")', expect.stringContaining('workflow parameter')]);
    const named = '@name("A#b")\nparam a: string\n';
    const opened = await openScratch(named);
    const hover = hoverText(await client.request<Hover>(HoverRequest.method, { textDocument: { uri: opened.uri }, position: positionOf(named, '@name', 2) }));
    expect(hover).toContain('the name of the workflow parameter or variable it becomes');
  });

  it('offers types after a colon and built-in functions in expressions', async () => {
    const text = 'type T {\n  a: \n  b?: \n}\n';
    const { uri } = await openScratch(text);
    expect(await complete(uri, { line: 1, character: 5 })).toEqual(expect.arrayContaining(['string', 'datetime', 'T']));
    // A field that may be left out (`b?: T`) takes a type alike.
    expect(await complete(uri, { line: 2, character: 6 })).toEqual(expect.arrayContaining(['string', 'datetime', 'T']));
    const expression = invoiceText.replace('  respond 202', '  let n = \n  respond 202');
    const opened = await openScratch(expression);
    const items = await client.request<CompletionItem[]>(CompletionRequest.method, {
      textDocument: { uri: opened.uri },
      position: positionOf(expression, 'let n = ', 'let n = '.length),
    });
    const toLower = items.find((item) => item.label === 'toLower');
    expect(toLower?.detail).toBe('toLower(text: string): string');
    expect(labels(items)).toContain('invoice');
  });

  it.each([
    ['after trigger', '  trigger ', ['http', 'schedule', 'mail', 'servicebus', 'sharepoint', 'eventgrid']],
    ['after trigger sharepoint(…)', '  trigger sharepoint("https://contoso.sharepoint.com/sites/s", "l") ', ['body']],
    ['after trigger servicebus(…)', '  trigger servicebus("ns", "q") ', ['body']],
    ['after trigger http METHOD', '  trigger http post ', ['body', 'schema']],
    ['after send … to', '  send invoice to ', ['servicebus', 'teams']],
    ['after call', '  call ', ['http', 'connector', 'service', 'workflow', 'flow']],
    ['after call http', '  call http ', ['get', 'post', 'put', 'patch', 'delete']],
    ['after call connector "KEY"', '  call connector "azuretables_1" ', ['get', 'post', 'put', 'patch', 'delete']],
    ['after wait N', '  wait 5 ', ['seconds', 'minutes', 'hours', 'days', 'weeks', 'months', 'years']],
    ['after store … in', '  store invoice in ', ['cosmos', 'sharepoint']],
    ['after @ on a step', '  @', ['@share', '@allow', '@retain', '@declassify', '@retry', '@timeout', '@identity', '@chunked', '@outputs', '@synchronous', '@paginate', '@concurrent', '@action', '@code', '@after', '@name', '@tracked', '@dependencies']],
  ])('offers what may follow %s', async (_name, line, expected) => {
    const text = invoiceText.replace('  respond 202', `${line}\n  respond 202`);
    const { uri } = await openScratch(text);
    const position = positionOf(text, `${line}\n`, line.length);
    expect(await complete(uri, position)).toEqual(expected);
  });

  it('offers nothing inside a comment', async () => {
    expect(await complete(invoiceUri, positionOf(invoiceText, 'Vendor invoices', 3))).toEqual([]);
  });

  it('gives signature help inside a call', async () => {
    const text = 'flow f {\n  trigger http post body X\n  let a = replace("A", \n}\n';
    const { uri } = await openScratch(text);
    const help = await client.request<SignatureHelp>(SignatureHelpRequest.method, {
      textDocument: { uri },
      position: positionOf(text, 'replace("A", ', 'replace("A", '.length),
    });
    expect(help.signatures[0]!.label).toBe('replace(text: string, old: string, new: string): string');
    expect(help.activeParameter).toBe(1);
  });
});

describe('navigation', () => {
  const at = (marker: string, delta: number, occurrence = 0) => ({
    textDocument: { uri: invoiceUri },
    position: positionOf(invoiceText, marker, delta, occurrence),
  });

  it('goes to the definition of a name and of a field', async () => {
    const definition = await client.request<Location[]>(DefinitionRequest.method, at('store invoice', 'store '.length + 1));
    expect(definition).toEqual([{ uri: invoiceUri, range: rangeOf('invoice', positionOf(invoiceText, 'let invoice', 4)) }]);
    const field = await client.request<Location[]>(DefinitionRequest.method, at('invoice.amount >', 'invoice.'.length + 1));
    expect(field[0]!.range.start).toEqual(positionOf(invoiceText, 'amount:'));
  });

  it('resolves a flow of another file of the project, and goes to it', async () => {
    const callerText = readFileSync(join(project, 'payment_retry.jig'), 'utf8');
    const callerUri = fileUri(join(project, 'payment_retry.jig'));
    const opened = await client.open(callerUri, callerText);
    expect(opened.diagnostics.filter((diagnostic) => messageText(diagnostic).includes('Cannot find the flow'))).toEqual([]);
    const definition = await client.request<Location[]>(DefinitionRequest.method, {
      textDocument: { uri: callerUri },
      position: positionOf(callerText, 'call flow notify_accounting', 'call flow '.length + 2),
    });
    const calleeText = readFileSync(join(project, 'notify_accounting.jig'), 'utf8');
    expect(definition).toEqual([
      { uri: fileUri(join(project, 'notify_accounting.jig')), range: rangeOf('notify_accounting', positionOf(calleeText, '\nflow notify_accounting', 6)) },
    ]);
    const hover = await client.request<Hover>(HoverRequest.method, {
      textDocument: { uri: callerUri },
      position: positionOf(callerText, 'call flow notify_accounting', 'call flow '.length + 2),
    });
    expect(hoverText(hover)).toContain('Declared in `notify_accounting.jig`');
    await client.close(callerUri);
  });

  it("checks a caller again when the flow it calls changes in another open file", async () => {
    const callerUri = fileUri(join(project, 'payment_retry.jig'));
    const calleeUri = fileUri(join(project, 'notify_accounting.jig'));
    const calleeText = readFileSync(join(project, 'notify_accounting.jig'), 'utf8');
    const missing = (diagnostics: readonly Diagnostic[]) => diagnostics.some((d) => messageText(d).includes("Cannot find the flow 'notify_accounting'"));
    expect(missing((await client.open(callerUri, readFileSync(join(project, 'payment_retry.jig'), 'utf8'))).diagnostics)).toBe(false);
    await client.open(calleeUri, calleeText);

    let caller = client.nextDiagnostics(callerUri);
    await client.change(calleeUri, calleeText.replace('\nflow notify_accounting', '\nflow notify_accounts'));
    expect(missing((await caller).diagnostics)).toBe(true);

    caller = client.nextDiagnostics(callerUri);
    await client.change(calleeUri, calleeText);
    expect(missing((await caller).diagnostics)).toBe(false);
    await client.close(calleeUri);
    await client.close(callerUri);
  });

  it('finds every reference', async () => {
    const references = await client.request<Location[]>(ReferencesRequest.method, {
      ...at('let invoice', 5),
      context: { includeDeclaration: true },
    });
    const count = invoiceText.match(/\binvoice\b(?!_)/g)!.length - invoiceText.match(/"[^"]*\binvoice\b[^"$]*"/g)!.length;
    expect(references.length).toBeGreaterThanOrEqual(count);
    expect(references.every((location) => location.uri === invoiceUri)).toBe(true);
  });

  it('renames a name and its references, and refuses keywords', async () => {
    const prepared = await client.request<{ range: Range; placeholder: string }>(PrepareRenameRequest.method, at('let invoice', 5));
    expect(prepared.placeholder).toBe('invoice');
    const edit = await client.request<WorkspaceEdit>(RenameRequest.method, { ...at('let invoice', 5), newName: 'bill' });
    const renamed = applyEdits(invoiceText, edit.changes![invoiceUri]!);
    expect(renamed).toContain('let bill = trigger.body');
    expect(renamed).toContain('store bill in cosmos');
    expect(renamed).toContain('${bill.number}');
    await expect(client.request(RenameRequest.method, { ...at('let invoice', 5), newName: 'flow' })).rejects.toThrow(/not a valid Jig name/);
    expect(await client.request(PrepareRenameRequest.method, at('trigger.body', 2))).toBeNull();
  });

  it('lists the outline', async () => {
    const symbols = await client.request<DocumentSymbol[]>(DocumentSymbolRequest.method, { textDocument: { uri: invoiceUri } });
    expect(symbols.map((symbol) => symbol.name)).toEqual(['jigajob', 'approvalsUrl', 'approvalsKey', 'InvoiceLine', 'Invoice', 'invoice_intake']);
    const invoice = symbols.find((symbol) => symbol.name === 'Invoice')!;
    expect(invoice.children!.map((field) => field.name)).toContain('vendorEmail');
    const flow = symbols.find((symbol) => symbol.name === 'invoice_intake')!;
    expect(flow.detail).toBe('http post');
    expect(flow.children!.map((child) => child.name)).toEqual(['invoice', 'line']);
  });

  it('folds types, flows, blocks and comment runs', async () => {
    const ranges = await client.request<FoldingRange[]>(FoldingRangeRequest.method, { textDocument: { uri: invoiceUri } });
    const line = (marker: string) => positionOf(invoiceText, marker).line;
    expect(ranges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ startLine: line('type Invoice {') }),
        expect.objectContaining({ startLine: line('flow invoice_intake') }),
        expect.objectContaining({ startLine: line('for each line') }),
      ]),
    );
  });

  it('gives semantic tokens from the compiler lexer', async () => {
    const tokens = await client.request<SemanticTokens>(SemanticTokensRequest.method, { textDocument: { uri: invoiceUri } });
    expect(tokens.data.length % 5).toBe(0);
    // The first token is the doc comment on line 0, of type `comment` with the documentation modifier.
    expect(tokens.data.slice(0, 5)).toEqual([0, 0, invoiceText.indexOf('\n'), 8, 1]);
    // Names are typed by what they stand for: the parameter read by the HTTP call is a parameter.
    const decoded: { line: number; character: number; type: string }[] = [];
    for (let i = 0, line = 0, character = 0; i < tokens.data.length; i += 5) {
      line += tokens.data[i]!;
      character = tokens.data[i]! === 0 ? character + tokens.data[i + 1]! : tokens.data[i + 1]!;
      decoded.push({ line, character, type: tokenLegend[tokens.data[i + 3]!]! });
    }
    const at = positionOf(invoiceText, 'call http post approvalsUrl', 'call http post '.length);
    expect(decoded.find((token) => token.line === at.line && token.character === at.character)?.type).toBe('parameter');
  });
});

function rangeOf(word: string, start: Position): Range {
  return { start, end: { line: start.line, character: start.character + word.length } };
}

describe('formatting', () => {
  it('formats with the formatter of jig fmt, and leaves a formatted file alone', async () => {
    const messy = invoiceText.replace('  let invoice = trigger.body', 'let    invoice=trigger.body');
    const { uri } = await openScratch(messy);
    const edits = await client.request<TextEdit[]>(DocumentFormattingRequest.method, {
      textDocument: { uri },
      options: { tabSize: 4, insertSpaces: true },
    });
    expect(edits).toHaveLength(1);
    const formatted = applyEdits(messy, edits);
    expect(formatted).toContain('\n  let invoice = trigger.body\n');
    await client.change(uri, formatted);
    expect(
      await client.request<TextEdit[]>(DocumentFormattingRequest.method, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }),
    ).toEqual([]);
  });
});

describe('code actions', () => {
  async function actionsFor(text: string, marker: string, delta = 0): Promise<{ uri: string; actions: CodeAction[]; diagnostics: Diagnostic[] }> {
    const { uri, diagnostics } = await openScratch(text);
    const position = positionOf(text, marker, delta);
    const actions = await client.request<CodeAction[]>(CodeActionRequest.method, {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics },
    });
    return { uri, actions, diagnostics };
  }

  function applyAction(text: string, uri: string, action: CodeAction): string {
    return applyEdits(text, action.edit!.changes![uri]!);
  }

  it('replaces an unknown name by the suggestion', async () => {
    const text = invoiceText.replace('store invoice in', 'store invoise in');
    const { uri, actions } = await actionsFor(text, 'invoise');
    const action = actions.find((candidate) => candidate.title.includes("'invoice'"));
    expect(action?.kind).toBe('quickfix');
    expect(action?.diagnostics?.[0]?.message).toContain('invoise');
    expect(applyAction(text, uri, action!)).toBe(invoiceText);
  });

  it('reports undeclared categories once per place that brings them in, and offers their fix once', async () => {
    const mailbox = readFileSync(join(repoRoot, 'test/fixtures/policy/violations/s01-mailbox-brings-personal-data.jig'), 'utf8');
    const { diagnostics: fromMail } = await actionsFor(mailbox, 'trigger mail', 'trigger '.length);
    const undeclared = fromMail.filter((diagnostic) => diagnostic.code === 'JIG3004');
    expect(undeclared).toHaveLength(1);
    expect(String(undeclared[0]!.message).split('\n')[0]).toBe(
      "Categories 'personal.name', 'personal.contact', 'personal.identifier', 'personal.financial', 'personal.other', 'personal.minor' reach this flow through trigger.body.from, but the flow's @data does not declare them.",
    );
    // Two places (the trigger, a query) bring undeclared data into one flow: one fix declares both.
    const text = `type Person {
  name: string @personal.name
}

type Contact {
  mail: string @personal.contact
}

@purpose(automation, "Keep the client's contacts")
@data(personal.contact)
@retain(30 days)
flow save_contact {
  trigger http post body Contact
  store trigger.body in cosmos("jigajob", "contacts") @subject(person, mail)
  respond 201
}

@purpose(automation, "Answer with the contacts")
@data(business.other)
@retain(30 days)
flow list_contacts {
  trigger http post body Person
  let contacts = query cosmos("jigajob", "contacts") returns Contact[]
  respond 200 body { who: trigger.body.name, contacts: contacts }
}
`;
    const { uri, diagnostics } = await openScratch(text);
    expect(diagnostics.filter((diagnostic) => diagnostic.code === 'JIG3004').map((diagnostic) => diagnostic.range.start.line)).toEqual([21, 22]);
    const actions = await client.request<CodeAction[]>(CodeActionRequest.method, {
      textDocument: { uri },
      range: { start: positionOf(text, 'trigger http post body Person'), end: positionOf(text, 'respond 200') },
      context: { diagnostics },
    });
    const keys = actions.map((action) => JSON.stringify([action.title, action.edit]));
    expect(new Set(keys).size).toBe(keys.length);
    const declare = actions.filter((action) => action.title.startsWith('Declare personal.name'));
    expect(declare).toHaveLength(1);
    expect(declare[0]!.diagnostics!.filter((diagnostic) => diagnostic.code === 'JIG3004')).toHaveLength(2);
    expect(applyAction(text, uri, declare[0]!)).toContain('@data(business.other, personal.name, personal.contact)');
  });

  it("adds what a call passes to the child flow's @data in the child's own file (JIG3013)", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'jig-ls-child-'));
    try {
      const childText = `type Note {
  text: string @business.other
}

@purpose(automation, "Log notes for the client's hiring team")
@data(business.other)
@retain(30 days)
flow log_note {
  trigger http post body Note
  respond 201
}
`;
      const callerText = `type Applicant {
  name: string @personal.name
}

@purpose(automation, "Take job applications for the client's hiring team")
@data(personal.name, business.other)
@retain(30 days)
flow take_application {
  trigger http post body Applicant
  call flow log_note with { text: trigger.body.name }
  respond 202
}
`;
      writeFileSync(join(folder, 'jig.yaml'), 'target: consumption\n');
      writeFileSync(join(folder, 'child.jig'), childText);
      const callerUri = fileUri(join(folder, 'caller.jig'));
      const { diagnostics } = await client.open(callerUri, callerText);
      const finding = diagnostics.find((diagnostic) => diagnostic.code === 'JIG3013');
      expect(messageText(finding!).split('\n')[0]).toBe(
        "This call passes trigger.body.name, which carries 'personal.name', to flow 'log_note' as its 'text'; declare it in log_note's @data, or pass only what it declares.",
      );
      const actions = await client.request<CodeAction[]>(CodeActionRequest.method, {
        textDocument: { uri: callerUri },
        range: finding!.range,
        context: { diagnostics: [finding!] },
      });
      const declare = actions.find((action) => action.title === "Declare personal.name in log_note's @data");
      expect(declare?.isPreferred).toBe(true);
      const childUri = fileUri(join(folder, 'child.jig'));
      expect(Object.keys(declare!.edit!.changes!)).toEqual([childUri]);
      const fixedChild = applyEdits(childText, declare!.edit!.changes![childUri]!);
      expect(fixedChild).toContain('@data(business.other, personal.name)\n');
      // Applied in the editor, the child's change reaches the caller, which checks clean of it.
      await client.open(childUri, childText);
      const rechecked = client.nextDiagnostics(callerUri);
      await client.change(childUri, fixedChild);
      expect((await rechecked).diagnostics.filter((diagnostic) => diagnostic.code === 'JIG3013')).toEqual([]);
      await client.close(childUri);
      await client.close(callerUri);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('removes a waiver that waives nothing (JIG3012) and shortens a rewrite that refreshes retention (JIG3806)', async () => {
    const waivers = readFileSync(join(repoRoot, 'test/fixtures/policy/violations/general-waivers.jig'), 'utf8');
    const unused = await actionsFor(waivers, '@allow(s06-opt-out', 1);
    const remove = unused.actions.find((action) => action.title === 'Remove this @allow');
    expect(remove?.diagnostics?.map((diagnostic) => diagnostic.code)).toEqual(['JIG3012']);
    expect(applyAction(waivers, unused.uri, remove!)).toBe(waivers.replace('\n    @allow(s06-opt-out, "Nothing to filter here")', ''));
    const rewrite = readFileSync(join(repoRoot, 'test/fixtures/policy/violations/s08-rewrite-refreshes.jig'), 'utf8').replaceAll('"tickets"', '"tickets_lsp"');
    const refreshed = await actionsFor(rewrite, '@retain(90 days)\nflow mark', '@retain('.length);
    const shorten = refreshed.actions.find((action) => action.title === 'Keep the rewritten documents 89 days');
    expect(shorten?.diagnostics?.map((diagnostic) => diagnostic.code)).toEqual(['JIG3806']);
    expect(applyAction(rewrite, refreshed.uri, shorten!)).toContain('in cosmos("jigajob", "tickets_lsp") @retain(89 days)\n');
  });

  it('adds one of the categories a field without one is told to add (JIG2009)', async () => {
    const text = 'type Note {\n  text: string\n  kind: string @business.other\n}\n';
    const { uri, actions, diagnostics } = await actionsFor(text, 'text: string', 1);
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toContain('JIG2009');
    expect(actions.map((action) => action.title)).toContain('Add @business.other');
    const fixed = applyAction(text, uri, actions.find((action) => action.title === 'Add @business.other')!);
    expect(fixed).toBe('type Note {\n  text: string @business.other\n  kind: string @business.other\n}\n');
  });

  it('adds a missing @purpose', async () => {
    const text = invoiceText.replace(/@purpose\([^\n]*\n/, '');
    const { uri, actions } = await actionsFor(text, 'invoice_intake {');
    const action = actions.find((candidate) => /@purpose/.test(candidate.title));
    expect(action).toBeDefined();
    expect(applyAction(text, uri, action!)).toMatch(/@purpose\(/);
  });

  it('adds a missing @retain', async () => {
    const text = invoiceText.replace('@retain(1 year)\n', '');
    const { uri, actions } = await actionsFor(text, 'invoice_intake {');
    const action = actions.find((candidate) => /@retain/.test(candidate.title));
    expect(action).toBeDefined();
    expect(applyAction(text, uri, action!)).toMatch(/@retain\(/);
  });

  it('adds a missing @data', async () => {
    const text = invoiceText.replace(/@data\([^\n]*\n/, '');
    const { uri, actions } = await actionsFor(text, 'invoice_intake {');
    const action = actions.find((candidate) => /@data/.test(candidate.title));
    expect(action).toBeDefined();
    expect(applyAction(text, uri, action!)).toMatch(/@data\([^)]*business\.transaction/);
  });

  it('adds the categories that flow to @data', async () => {
    const text = invoiceText.replace('@data(business.transaction, business.email, personal.name, personal.contact)', '@data(business.transaction)');
    // The finding stands where the category enters the flow: the trigger.
    const { uri, actions, diagnostics } = await actionsFor(text, 'trigger http post');
    expect(diagnostics.some((diagnostic) => messageText(diagnostic).includes('personal.name'))).toBe(true);
    const action = actions.find((candidate) => /personal\.name/.test(candidate.title));
    expect(action).toBeDefined();
    const fixed = applyAction(text, uri, action!);
    expect(fixed).toMatch(/@data\([^)]*personal\.name/);
  });

  it('adds @share with a listed processor', async () => {
    const text = invoiceText.replace(/\n\s*@share\(approvals_inc[^\n]*/, '');
    const { uri, actions } = await actionsFor(text, 'call http post approvalsUrl', 'call http post '.length);
    const action = actions.find((candidate) => applyAction(text, uri, candidate).includes('@share(approvals_inc'));
    expect(action?.kind).toBe('quickfix');
    const fixed = applyAction(text, uri, action!);
    expect(fixed).toContain('@share(approvals_inc');
    const rechecked = await openScratch(fixed);
    expect(errorsOf(rechecked.diagnostics)).toEqual([]);
  });
});

describe('related information and the policy', () => {
  it('points from a finding to the step it concerns', async () => {
    // personal.name may be kept a year (§8): a store of the invoice for five years is too long.
    const text = invoiceText.replace('@retain(1 year)', '@retain(5 years)');
    const { uri, diagnostics } = await openScratch(text);
    const retention = diagnostics.find((diagnostic) => messageText(diagnostic).includes('personal.name'));
    expect(retention?.relatedInformation?.[0]).toMatchObject({
      message: "'personal.name' is stored here",
      location: { uri, range: { start: positionOf(text, 'store invoice') } },
    });
  });

  it('re-checks open documents when the policy file changes', async () => {
    const policyFile = join(project, 'policy', 'jigajob-examples.policy.yaml');
    const original = readFileSync(policyFile, 'utf8');
    const { uri, diagnostics } = await openScratch(invoiceText);
    expect(errorsOf(diagnostics)).toEqual([]);
    writeFileSync(policyFile, original.replace('approvals_inc:', 'approvals_co:'));
    try {
      const rechecked = client.nextDiagnostics(uri);
      await client.filesChanged([{ uri: fileUri(policyFile), type: FileChangeType.Changed }]);
      const after = await rechecked;
      expect(errorsOf(after.diagnostics).some((diagnostic) => messageText(diagnostic).includes('approvals_inc'))).toBe(true);
    } finally {
      writeFileSync(policyFile, original);
      const restored = client.nextDiagnostics(uri);
      await client.filesChanged([{ uri: fileUri(policyFile), type: FileChangeType.Changed }]);
      expect(errorsOf((await restored).diagnostics)).toEqual([]);
    }
  });

  it('checks against the policy the jig.policyPath setting names, and says when it cannot be read', async () => {
    const { uri } = await openScratch(invoiceText);
    // The embedded JigAjob policy lists no processor: the @share of the example names an unknown one.
    writeFileSync(join(project, 'plain.policy.yaml'), 'id: plain\nversion: 2023-08-27\ntitle: Plain\nextends: jigajob\n');
    let rechecked = client.nextDiagnostics(uri);
    await client.configure({ jig: { policyPath: 'plain.policy.yaml' } });
    expect(errorsOf((await rechecked).diagnostics).some((diagnostic) => messageText(diagnostic).includes('approvals_inc'))).toBe(true);

    rechecked = client.nextDiagnostics(uri);
    await client.configure({ jig: { policyPath: 'missing.policy.yaml' } });
    await rechecked;
    expect(client.messages).toContainEqual(expect.stringContaining("'missing.policy.yaml'"));

    rechecked = client.nextDiagnostics(uri);
    await client.configure({ jig: { policyPath: '' } });
    expect(errorsOf((await rechecked).diagnostics)).toEqual([]);
  });

  it('refuses a policy file that is a FIFO or leads outside the project, on jig.yaml, without waiting', async () => {
    const configFile = join(project, 'jig.yaml');
    const original = readFileSync(configFile, 'utf8');
    execFileSync('mkfifo', [join(project, 'pipe.policy.yaml')]);
    symlinkSync('/etc/passwd', join(project, 'passwd.policy.yaml'));
    const { uri } = await openScratch(invoiceText);
    try {
      for (const [policy, code] of [
        ['pipe.policy.yaml', 'JIG5005'],
        ['passwd.policy.yaml', 'JIG5008'],
      ] as const) {
        writeFileSync(configFile, original.replace(/^policy: .*$/m, `policy: ${policy}`));
        const published = client.nextDiagnostics(fileUri(configFile));
        const document = client.nextDiagnostics(uri);
        await client.filesChanged([{ uri: fileUri(configFile), type: FileChangeType.Changed }]);
        const config = await published;
        expect(config.diagnostics.map((diagnostic) => diagnostic.code)).toEqual([code]);
        expect(config.diagnostics[0]!.range.start).toEqual({ line: 1, character: 8 });
        expect(config.diagnostics[0]!.message).not.toContain('root:');
        // The document is checked against no policy rather than another one: no policy findings.
        expect((await document).diagnostics.filter((diagnostic) => String(diagnostic.code).startsWith('JIG3'))).toEqual([]);
      }
      const rechecked = client.nextDiagnostics(uri);
      await client.configure({ jig: { policyPath: 'pipe.policy.yaml' } });
      await rechecked;
      expect(client.messages).toContainEqual(expect.stringContaining("The policy file 'pipe.policy.yaml' is a FIFO"));
    } finally {
      await client.configure({ jig: { policyPath: '' } });
      writeFileSync(configFile, original);
      const cleared = client.nextDiagnostics(fileUri(configFile));
      await client.filesChanged([{ uri: fileUri(configFile), type: FileChangeType.Changed }]);
      expect((await cleared).diagnostics).toEqual([]);
      rmSync(join(project, 'pipe.policy.yaml'));
      rmSync(join(project, 'passwd.policy.yaml'));
    }
  });

  it('reports a broken jig.yaml on jig.yaml', async () => {
    const configFile = join(project, 'jig.yaml');
    const original = readFileSync(configFile, 'utf8');
    writeFileSync(configFile, `${original}\nunknownKey: 1\n`);
    try {
      const published = client.nextDiagnostics(fileUri(configFile));
      await client.filesChanged([{ uri: fileUri(configFile), type: FileChangeType.Changed }]);
      const config = await published;
      expect(config.diagnostics[0]?.message).toContain('unknownKey');
    } finally {
      writeFileSync(configFile, original);
      const cleared = client.nextDiagnostics(fileUri(configFile));
      await client.filesChanged([{ uri: fileUri(configFile), type: FileChangeType.Changed }]);
      expect((await cleared).diagnostics).toEqual([]);
    }
  });
});

describe("the extension's requests", () => {
  it('returns the compiled workflow JSON', async () => {
    const result = await client.request<{ json?: string; error?: string }>('jig/compiledJson', { uri: invoiceUri });
    expect(result.error).toBeUndefined();
    const workflow = JSON.parse(result.json!) as { definition: { triggers: object; actions: object } };
    expect(Object.keys(workflow.definition.triggers)).toHaveLength(1);
    // What the editor shows is what `jig build` writes: a workflow the reference schema accepts.
    expect(referenceSchemaErrors(workflow.definition)).toEqual([]);
  });

  it('returns the JSON of the target asked for', async () => {
    const arm = await client.request<{ json?: string }>('jig/compiledJson', { uri: invoiceUri, target: 'arm' });
    const template = JSON.parse(arm.json!) as { $schema: string; resources: { type: string; properties?: { definition?: object } }[] };
    expect(template.$schema).toContain('deploymentTemplate.json');
    const workflow = template.resources.find((resource) => resource.type === 'Microsoft.Logic/workflows')!;
    expect(referenceSchemaErrors(workflow.properties!.definition)).toEqual([]);
    // Standard: the workflow's folder and the project's own files, each under a comment naming it.
    const standard = await client.request<{ json?: string }>('jig/compiledJson', { uri: invoiceUri, target: 'standard' });
    expect(standard.json!.match(/^\/\/ .*$/gm)).toEqual(expect.arrayContaining(['// invoice_intake/workflow.json', '// host.json']));
    const unknown = await client.request<{ json?: string; error?: string }>('jig/compiledJson', { uri: invoiceUri, target: 'logic' });
    expect(unknown).toEqual({ error: "There is no target 'logic'; the targets are consumption, arm, standard." });
  });

  it('refuses to compile a file with errors, saying why', async () => {
    const { uri } = await openScratch('flow broken {');
    const result = await client.request<{ json?: string; error?: string }>('jig/compiledJson', { uri });
    expect(result.json).toBeUndefined();
    expect(result.error).toMatch(/error/);
  });

  it('returns the data map', async () => {
    const result = await client.request<{ markdown: string }>('jig/dataMap', { uri: invoiceUri });
    // The data map of `jig report`, for the one file.
    expect(result.markdown).toContain('### invoice_intake');
    expect(result.markdown).toContain('cosmos `jigajob/invoices`');
    expect(result.markdown).toContain('shared with `approvals_inc`');
  });

  it('lists the flows a file can run, with inputs of their types', async () => {
    const uri = fileUri(join(project, 'order_sync.jig'));
    await client.open(uri, readFileSync(join(project, 'order_sync.jig'), 'utf8'));
    const result = await client.request<RunnableFlowsResult>('jig/runnableFlows', { uri });
    expect(result).toEqual({
      flows: [
        {
          name: 'order_sync',
          trigger: 'HTTP POST request',
          takesBody: true,
          sampleBody: { id: 'text', customer: 'text', total: 1.5, items: [{ sku: 'text', quantity: 1 }] },
          // The secret has no default; the URL has one.
          sampleParameters: { erpToken: 'sample' },
          // `call http … returns ErpReceipt`: an answer of that type.
          sampleMocks: { Call_receipt: { status: 200, body: { erpId: 'text', status: 'text' } } },
        },
      ],
    });
    const schedule = fileUri(join(project, 'nightly_reminders.jig'));
    await client.open(schedule, readFileSync(join(project, 'nightly_reminders.jig'), 'utf8'));
    expect((await client.request<RunnableFlowsResult>('jig/runnableFlows', { uri: schedule })).flows).toMatchObject([
      { name: 'nightly_reminders', trigger: 'schedule (every 1 Day)', takesBody: false },
    ]);
  });

  it('runs a flow on the local engine, hiding what run history hides', async () => {
    const uri = fileUri(join(project, 'order_sync.jig'));
    const { flows } = await client.request<RunnableFlowsResult>('jig/runnableFlows', { uri });
    const [flow] = flows!;
    const result = await client.request<RunResult>('jig/run', {
      uri,
      flow: flow!.name,
      body: { ...(flow!.sampleBody as object), id: 'ORD-7' },
      parameters: flow!.sampleParameters,
      mocks: flow!.sampleMocks,
    });
    if (!('run' in result)) throw new Error(result.error);
    const { run } = result;
    expect(run.status).toBe('Succeeded');
    expect(run.response).toMatchObject({ statusCode: 200, body: { orderId: 'ORD-7', erpId: 'text' } });
    // The call sends the secret: its inputs are hidden, as in Azure, and do not reach the client.
    const call = run.actions.find((action) => action.name === 'Call_receipt')!;
    expect(call).toMatchObject({ status: 'Succeeded', mocked: 'mock', secured: { inputs: true, outputs: true } });
    expect(call.inputs).toBeUndefined();
    expect(JSON.stringify(result)).not.toContain('"sample"');

    // Without the mock, the call gets the engine's empty success and the typed parse fails.
    const unmocked = await client.request<RunResult>('jig/run', { uri, flow: 'order_sync', body: flow!.sampleBody, parameters: flow!.sampleParameters });
    expect(unmocked).toMatchObject({ run: { status: 'Failed' } });
    expect((unmocked as { run: RunRecord }).run.actions.find((action) => action.name === 'Call_receipt')!.mocked).toBe('empty');
  });

  it("runs a mail flow with a message of the connector's shape", async () => {
    const uri = fileUri(join(project, 'mail_invoices.jig'));
    await client.open(uri, readFileSync(join(project, 'mail_invoices.jig'), 'utf8'));
    const { flows } = await client.request<RunnableFlowsResult>('jig/runnableFlows', { uri });
    expect(flows).toMatchObject([{ name: 'mail_invoices', trigger: 'Office 365 new mail', takesBody: true, sampleBody: { subject: 'text', hasAttachments: true } }]);
    const result = await client.request<RunResult>('jig/run', { uri, flow: 'mail_invoices', body: flows![0]!.sampleBody });
    if (!('run' in result)) throw new Error(result.error);
    expect(result.run.status).toBe('Succeeded');
    // The mail is a person's: the trigger, the store and the answer are hidden in run history.
    expect(result.run.trigger).toMatchObject({ secured: { outputs: true } });
    expect(result.run.trigger.outputs).toBeUndefined();
    expect(JSON.stringify(result.run.effects)).not.toContain('"text"');
  });

  it('runs the flows a flow calls from their own files', async () => {
    const uri = fileUri(join(project, 'payment_retry.jig'));
    await client.open(uri, readFileSync(join(project, 'payment_retry.jig'), 'utf8'));
    const result = await client.request<RunResult>('jig/run', {
      uri,
      flow: 'payment_retry',
      body: { id: 'PAY-2', invoiceNo: '2024-011', amount: 99, iban: 'NL00BANK0123456789' },
      mocks: { Call_payments: { status: 400 } },
    });
    if (!('run' in result)) throw new Error(result.error);
    expect(result.run.status).toBe('Succeeded');
    expect(result.run.effects.childRuns).toMatchObject([{ workflow: 'notify_accounting', run: { status: 'Succeeded' } }]);
  });

  it('says why a run cannot start', async () => {
    const uri = fileUri(join(project, 'order_sync.jig'));
    expect(await client.request<RunResult>('jig/run', { uri, flow: 'order_sink' })).toEqual({ error: "The file has no flow 'order_sink'; it has 'order_sync'." });
    expect(await client.request<RunResult>('jig/run', { uri, flow: 'order_sync', now: 'tomorrow' })).toEqual({
      error: "The start time must be an ISO 8601 timestamp (2025-01-01T00:00:00Z), not 'tomorrow'.",
    });
    expect(await client.request<RunResult>('jig/run', { uri, flow: 'order_sync', mocks: { Call_receipt: 200 } })).toMatchObject({ error: expect.stringMatching(/^The mocks must be a JSON object/) });
    expect(await client.request<RunResult>('jig/run', { uri, flow: 'order_sync', containers: { 'jigajob/order-sync': {} } })).toMatchObject({
      error: expect.stringMatching(/^The Cosmos DB documents must be a JSON object of lists/),
    });
    const { uri: broken } = await openScratch('flow broken {');
    expect(await client.request<RunResult>('jig/run', { uri: broken, flow: 'broken' })).toMatchObject({ error: expect.stringMatching(/error/) });
  });

  it('checks files that are not open and publishes their diagnostics', async () => {
    const uri = fileUri(join(project, 'not_open.jig'));
    const published = client.nextDiagnostics(uri);
    const result = await client.request<{ files: number; errors: number }>('jig/checkDocuments', {
      documents: [{ uri, text: 'flow broken {' }],
    });
    expect(result).toMatchObject({ files: 1 });
    expect(result.errors).toBeGreaterThan(0);
    expect((await published).diagnostics.length).toBe(result.errors + (await published).diagnostics.filter((d) => d.severity !== 1).length);
  });
});
