/**
 * Test helpers for the semantic stage: analyse .jig text against a small, fixed policy (so these
 * tests do not move when the JigAjob policy file is refined) and find nodes by their source text.
 */
import { expect } from 'vitest';
import { SourceFile } from '../../compiler/src/syntax/source.js';
import { parse } from '../../compiler/src/syntax/parser.js';
import { walk } from '../../compiler/src/syntax/visit.js';
import type { Expression, Identifier, LetValue, Node } from '../../compiler/src/syntax/tree.js';
import { analyze } from '../../compiler/src/semantics/checker.js';
import type { CategoryOrigin, FlowResolver, SemanticModel } from '../../compiler/src/semantics/model.js';
import { typeToString } from '../../compiler/src/semantics/types.js';
import type { Policy } from '../../compiler/src/policy/model.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';
import type { Diagnostic } from '../../compiler/src/diagnostics/diagnostic.js';
import { DataResolver, factsOfFile } from '../../compiler/src/flow/project-data.js';

export const MAIL_CATEGORIES = ['personal.name', 'personal.contact', 'personal.minor'];

/** The embedded policy with a fixed mixed source, so that Mail's categories stay what these tests expect. */
export function testPolicy(): Policy {
  return {
    ...loadEmbeddedPolicy(),
    mixedSources: new Map([['office365.mail', { id: 'office365.mail', description: 'the Office 365 mailbox', categories: MAIL_CATEGORIES }]]),
  };
}

export interface Analysed {
  readonly source: SourceFile;
  readonly model: SemanticModel;
  readonly diagnostics: readonly Diagnostic[];
  /** Codes of the semantic diagnostics, in order. */
  readonly codes: string[];
  /** The source text a range covers. */
  text(range: { start: number; end: number }): string;
  /** The expression (or let value) whose source text is `snippet` (the `occurrence`-th, from 0). */
  expr(snippet: string, occurrence?: number): Expression | LetValue;
  /** The identifier whose name is `name` (the `occurrence`-th, from 0). */
  id(name: string, occurrence?: number): Identifier;
  typeText(snippet: string, occurrence?: number): string;
  categories(snippet: string, occurrence?: number): string[];
  /** The categories of an expression with their origins, as the policy stage sees them. */
  origins(snippet: string, occurrence?: number): ReadonlyMap<string, CategoryOrigin>;
  /** The same for what a symbol holds. */
  symbolCategories(identifier: Identifier): string[];
}

const EXPRESSION_KINDS = new Set([
  'String', 'Number', 'Boolean', 'Null', 'Name', 'Member', 'Index', 'Call', 'Unary', 'Binary', 'Record', 'Array', 'Where', 'Select', 'Missing',
  'Query', 'Aggregate', 'HttpCall', 'FlowCall', 'Conditional', 'ParseJson', 'TimeOperation', 'TableOperation',
]);

export function analyse(text: string, options: { flows?: FlowResolver; allowSyntaxErrors?: boolean } = {}): Analysed {
  const source = new SourceFile('test.jig', text);
  const parsed = parse(source);
  if (!options.allowSyntaxErrors) expect(parsed.diagnostics.map((d) => d.message)).toEqual([]);
  const model = analyze(parsed.file, { policy: testPolicy(), flows: options.flows });
  const resolver = new DataResolver(factsOfFile(model));
  const nodes: Node[] = [];
  walk(parsed.file, (node) => {
    nodes.push(node);
  });
  const textOf = (range: { start: number; end: number }) => text.slice(range.start, range.end);
  const find = <T extends Node>(predicate: (node: Node) => boolean, what: string, occurrence: number): T => {
    const found = nodes.filter(predicate);
    const node = found[occurrence];
    if (!node) throw new Error(`No ${what} (occurrence ${occurrence}) in the test source`);
    return node as T;
  };
  const expr = (snippet: string, occurrence = 0) =>
    find<Expression | LetValue>((n) => EXPRESSION_KINDS.has(n.kind) && textOf(n.range) === snippet, `expression '${snippet}'`, occurrence);
  return {
    source,
    model,
    diagnostics: model.diagnostics,
    codes: model.diagnostics.map((d) => d.code),
    text: textOf,
    expr,
    id: (name, occurrence = 0) => find<Identifier>((n) => n.kind === 'Identifier' && n.name === name, `identifier '${name}'`, occurrence),
    typeText: (snippet, occurrence) => typeToString(model.typeOf(expr(snippet, occurrence))),
    // As the policy stage sees them: the project's data (here, the file's own) resolved.
    categories: (snippet, occurrence) => [...resolver.resolve(model.categoriesOf(expr(snippet, occurrence))).keys()].sort(),
    origins: (snippet, occurrence) => resolver.resolve(model.categoriesOf(expr(snippet, occurrence))),
    symbolCategories: (identifier) => [...resolver.resolve(model.symbolOf(identifier)!.categories).keys()].sort(),
  };
}

/** Analyses text that must have no semantic diagnostics; shows them when it has. */
export function analyseClean(text: string, options: { flows?: FlowResolver } = {}): Analysed {
  const result = analyse(text, options);
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return result;
}

/** The single diagnostic of a text, with the source text it points at. */
export function only(result: Analysed): { code: string; message: string; at: string; diagnostic: Diagnostic } {
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toHaveLength(1);
  const diagnostic = result.diagnostics[0]!;
  return { code: diagnostic.code, message: diagnostic.message, at: result.text(diagnostic.range), diagnostic };
}

/** A flow around some steps, with a Request trigger whose body is `Invoice` (declared by `INVOICE`). */
export function flowOf(steps: string, declarations = INVOICE): string {
  return `${declarations}
@purpose(automation, "test")
@data(business)
@retain(1 year)
flow f {
  trigger http post body Invoice
${steps}
}
`;
}

export const INVOICE = `
param url: string = "https://example.com/api"
param key: secret

type Line {
  sku: string @business.transaction
  qty: integer @business.transaction
  price: number @business.transaction
}

type Invoice {
  id: string @business.transaction
  number: string @business.transaction
  amount: number @business.transaction
  vendorEmail: string @business.email
  contactName: string? @personal.name
  issued: datetime @business.transaction
  lines: Line[]
  contact: Contact?
}

type Contact {
  name: string @personal.name
  phone: string @personal.contact
}
`;
