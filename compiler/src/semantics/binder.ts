/**
 * Scopes and symbols. The checker walks each flow in source order and asks the binder to declare
 * and resolve names as it meets them, so that a name is visible exactly from the step after its
 * declaration to the end of its block (steps run in order: nothing exists before the step that
 * computes it). File-level names — params, types, flows — are visible everywhere.
 *
 * The binder records what every identifier stands for and every reference to every symbol, which
 * is what go-to-definition, find-references and rename read.
 */
import type { Block, FlowDecl, Identifier, Step } from '../syntax/tree.js';
import type { TextRange } from '../syntax/source.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import * as messages from '../diagnostics/catalogue/semantics.js';
import { suggest } from '../util/suggest.js';
import type { CategoryOrigin, JigSymbol } from './model.js';

/** A symbol while analysis still fills in its type and categories. */
export type MutableSymbol = { -readonly [K in keyof JigSymbol]: JigSymbol[K] } & { categories: Map<string, CategoryOrigin> };

type Report = (diagnostic: Diagnostic) => void;

interface ScopeEntry {
  readonly symbol: MutableSymbol;
  /** Offset from which the name is visible (the end of its declaring step, for a let or var). */
  readonly visibleFrom: number;
}

interface Scope {
  readonly range: TextRange;
  readonly parent?: Scope;
  readonly entries: Map<string, ScopeEntry>;
}

const contains = (range: TextRange, offset: number) => range.start <= offset && offset <= range.end;

/** Blocks nested directly in a step (the branches of an if, the body of a loop…). */
export function childBlocks(step: Step): readonly Block[] {
  switch (step.kind) {
    case 'If':
      return [step.then, ...(step.else ? (step.else.kind === 'Block' ? [step.else] : [{ kind: 'Block' as const, range: step.else.range, steps: [step.else] }]) : [])];
    case 'ForEach':
    case 'Until':
      return [step.body];
    case 'Switch':
      return [...step.cases.map((c) => c.body), ...(step.default ? [step.default] : [])];
    case 'Try':
      return [step.body, ...(step.catch ? [step.catch] : [])];
    case 'Parallel':
      return step.branches;
    case 'Agent':
      return step.tools.map((tool) => tool.body);
    default:
      return [];
  }
}

/** Every let and var a flow declares, at any depth, by name (the first one of each name). */
function declarationsIn(block: Block, into = new Map<string, Identifier>()): Map<string, Identifier> {
  for (const step of block.steps) {
    if ((step.kind === 'Let' || step.kind === 'Var') && !into.has(step.name.name)) into.set(step.name.name, step.name);
    if ((step.kind === 'RawAction' || step.kind === 'Agent') && step.result && !into.has(step.result.name)) into.set(step.result.name, step.result);
    if (step.kind === 'ForEach' && !into.has(step.variable.name)) into.set(step.variable.name, step.variable);
    for (const child of childBlocks(step)) declarationsIn(child, into);
  }
  return into;
}

export class Binder {
  readonly globals = new Map<string, MutableSymbol>();
  private readonly symbolByIdentifier = new Map<Identifier, MutableSymbol>();
  private referencesBySymbol: Map<JigSymbol, Identifier[]> | undefined;
  private readonly scopes: Scope[] = [];
  private current: Scope | undefined;
  /** The names the current flow declares anywhere, to tell "used too early" from "unknown". */
  private flowDeclarations = new Map<string, Identifier>();

  constructor(private readonly report: Report) {}

  /**
   * Makes `init` (a fresh literal, which the symbol takes over) a symbol. Completing it in place
   * rather than spreading it into a copy: a spread of literals of so many shapes is slow, and
   * every let, var and loop variable makes one.
   */
  static symbol(init: Omit<MutableSymbol, 'categories'> & { categories?: Map<string, CategoryOrigin> }): MutableSymbol {
    init.categories ??= new Map();
    return init as MutableSymbol;
  }

  /** Declares a param, type or flow; file-level names share one namespace. */
  declareGlobal(symbol: MutableSymbol): void {
    const existing = this.globals.get(symbol.name);
    if (existing) {
      this.reportDuplicate(symbol, existing);
      if (symbol.declaration) this.link(symbol.declaration, symbol);
      return;
    }
    this.globals.set(symbol.name, symbol);
    if (symbol.declaration) this.link(symbol.declaration, symbol);
  }

  enterFlow(flow: FlowDecl): void {
    this.flowDeclarations = declarationsIn(flow.body);
    this.enterScope(flow.range);
  }

  enterScope(range: TextRange): void {
    const scope: Scope = { range, parent: this.current, entries: new Map() };
    this.scopes.push(scope);
    this.current = scope;
  }

  exitScope(): void {
    this.current = this.current?.parent;
  }

  /**
   * Declares a name of the current scope, visible from `visibleFrom`. A name may not hide one
   * that is visible where it is declared: Logic Apps variables and actions are global to a
   * workflow, so two values of one name would be ambiguous. Only `item` may hide an outer
   * `item` (`mayHide`), as nested list operators need.
   */
  declareLocal(symbol: MutableSymbol, visibleFrom: number, mayHide = false): void {
    if (symbol.declaration) this.link(symbol.declaration, symbol);
    const existing = mayHide ? undefined : this.lookup(symbol.name);
    if (existing) {
      this.reportDuplicate(symbol, existing);
      return;
    }
    this.current?.entries.set(symbol.name, { symbol, visibleFrom });
  }

  /** The lets and vars the innermost scope declares, in order. */
  declaredInCurrentScope(): MutableSymbol[] {
    return [...(this.current?.entries.values() ?? [])].map((entry) => entry.symbol);
  }

  private reportDuplicate(symbol: JigSymbol, existing: JigSymbol): void {
    const range = symbol.declaration?.range;
    if (!range) return;
    this.report(
      messages.duplicateDeclaration(
        range,
        { name: symbol.name, kind: existing.kind === 'loop' ? 'loop variable' : existing.kind },
        existing.declaration ? { related: [{ message: `'${existing.name}' is first declared here`, range: existing.declaration.range }] } : {},
      ),
    );
  }

  /** The value symbol a name stands for at the current point, without reporting. */
  lookup(name: string): MutableSymbol | undefined {
    for (let scope = this.current; scope; scope = scope.parent) {
      const entry = scope.entries.get(name);
      if (entry) return entry.symbol;
    }
    const global = this.globals.get(name);
    return global && global.kind === 'param' ? global : undefined;
  }

  /** Resolves a name in an expression, reporting an unknown name (with did-you-mean) or an early use. */
  resolve(identifier: Identifier): MutableSymbol | undefined {
    const symbol = this.lookup(identifier.name);
    if (symbol) {
      this.link(identifier, symbol);
      return symbol;
    }
    const later = this.flowDeclarations.get(identifier.name);
    if (later && later.range.start > identifier.range.start) {
      this.report(
        messages.usedBeforeDeclaration(identifier.range, { name: identifier.name }, { related: [{ message: `'${identifier.name}' is declared here`, range: later.range }] }),
      );
      return undefined;
    }
    this.reportUnknown(identifier, this.visibleNames(), messages.unknownName);
    return undefined;
  }

  /** Reports an unknown name with the closest candidate and a fix that replaces it. */
  reportUnknown(
    identifier: Identifier,
    candidates: Iterable<string>,
    builder: (range: TextRange, args: { name: string; suggestion?: string }, extras?: { fixes?: Diagnostic['fixes'] }) => Diagnostic,
  ): void {
    // An empty name is one the parser could not read; it has reported that already.
    if (identifier.name === '') return;
    const suggestion = suggest(identifier.name, candidates);
    const fixes = suggestion
      ? [{ title: `Change to '${suggestion}'`, edits: [{ range: identifier.range, newText: suggestion }], isPreferred: true }]
      : [];
    this.report(builder(identifier.range, { name: identifier.name, suggestion }, { fixes }));
  }

  private visibleNames(): string[] {
    const names: string[] = [];
    for (let scope = this.current; scope; scope = scope.parent) names.push(...scope.entries.keys());
    for (const symbol of this.globals.values()) if (symbol.kind === 'param') names.push(symbol.name);
    return names;
  }

  /** Records that an identifier (a declaration or a reference) stands for a symbol. */
  link(identifier: Identifier, symbol: MutableSymbol): void {
    if (this.symbolByIdentifier.has(identifier)) return;
    this.symbolByIdentifier.set(identifier, symbol);
    this.referencesBySymbol = undefined;
  }

  symbolOf(identifier: Identifier): JigSymbol | undefined {
    return this.symbolByIdentifier.get(identifier);
  }

  /** References in source order, the declaration included. */
  referencesOf(symbol: JigSymbol): readonly Identifier[] {
    return [...(this.referenceIndex().get(symbol) ?? [])].sort((a, b) => a.range.start - b.range.start);
  }

  /** Made on the first question: a check asks none, and a second map per link would cost it. */
  private referenceIndex(): Map<JigSymbol, Identifier[]> {
    if (!this.referencesBySymbol) {
      this.referencesBySymbol = new Map();
      for (const [identifier, symbol] of this.symbolByIdentifier) {
        const references = this.referencesBySymbol.get(symbol);
        if (references) references.push(identifier);
        else this.referencesBySymbol.set(symbol, [identifier]);
      }
    }
    return this.referencesBySymbol;
  }

  /** Symbols visible at an offset, innermost first, then the file-level ones; each name once. */
  symbolsInScopeAt(offset: number): JigSymbol[] {
    const enclosing = this.scopes
      .filter((scope) => contains(scope.range, offset))
      .sort((a, b) => a.range.end - a.range.start - (b.range.end - b.range.start));
    const byName = new Map<string, JigSymbol>();
    for (const scope of enclosing) {
      // Later declarations first: they are the nearer ones.
      for (const [name, entry] of [...scope.entries].reverse()) {
        if (entry.visibleFrom <= offset && !byName.has(name)) byName.set(name, entry.symbol);
      }
    }
    for (const [name, symbol] of this.globals) if (!byName.has(name)) byName.set(name, symbol);
    return [...byName.values()];
  }
}
