/**
 * The state one analysis shares between its parts (declarations, expressions, steps): where
 * diagnostics go, the binder, the type recorded for every expression, and the category bindings
 * collected for the fixpoint of `categories.ts`.
 */
import type { Expression, FlowDecl, LetValue, Node, Step } from '../syntax/tree.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Policy } from '../policy/model.js';
import type { ExternalFlow, FlowAnnotations, FlowResolver } from './model.js';
import type { RecordFieldType, RecordType, Type } from './types.js';
import { ERROR } from './types.js';
import { Binder, type MutableSymbol } from './binder.js';
import type { CategoryBinding } from './categories.js';
import type { StepAnnotations } from './annotations.js';
import { BUILTINS } from './builtins.js';

export class AnalysisContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly report = (diagnostic: Diagnostic): void => {
    this.diagnostics.push(diagnostic);
  };
  readonly binder = new Binder(this.report);
  /** Declared record types by name, and the built-in `Mail`. */
  readonly types = new Map<string, RecordType>();
  readonly typeSymbols = new Map<string, MutableSymbol>();
  readonly localFlows = new Map<string, FlowDecl>();
  readonly triggerBodyTypes = new Map<FlowDecl, Type | undefined>();
  readonly flowAnnotations = new Map<FlowDecl, FlowAnnotations>();
  readonly stepAnnotations = new Map<Step, StepAnnotations>();
  readonly calledFlows = new Map<Node, FlowDecl | ExternalFlow>();
  /** Each flow's `trigger`. */
  readonly triggerSymbols = new Map<FlowDecl, MutableSymbol>();
  readonly bindings: CategoryBinding[] = [];
  private readonly nodeTypes = new Map<Node, Type>();
  private readonly fieldSymbols = new Map<RecordFieldType, MutableSymbol>();
  private readonly functionSymbols = new Map<string, MutableSymbol>();
  /** The flow being checked. */
  flow: FlowDecl | undefined;
  /**
   * The agent tool whose steps are being checked, with the names its schema gives what the model
   * passes it (undefined: no schema, any name), where `agentParameters("NAME")` may stand.
   */
  agentTool: { readonly name: string; readonly parameters: ReadonlySet<string> | undefined; readonly model: MutableSymbol } | undefined;
  /** Each `agentParameters(…)` read, with what its agent's model may say (semantics/categories.ts). */
  readonly agentParameterReads = new Map<Expression, MutableSymbol>();

  constructor(
    readonly policy: Policy,
    readonly flows: FlowResolver | undefined,
  ) {}

  setType<T extends Type>(node: Expression | LetValue, type: T): T {
    this.nodeTypes.set(node, type);
    return type;
  }

  typeOf(node: Expression | LetValue): Type {
    return this.nodeTypes.get(node) ?? ERROR;
  }

  /** The symbol of a record field (created on first use for built-in and literal records). */
  fieldSymbol(field: RecordFieldType): MutableSymbol {
    let symbol = this.fieldSymbols.get(field);
    if (!symbol) {
      symbol = Binder.symbol({
        kind: 'field',
        name: field.name,
        declaration: field.declaration?.name,
        declaringNode: field.declaration,
        type: field.type,
        doc: field.doc,
      });
      this.fieldSymbols.set(field, symbol);
    }
    return symbol;
  }

  functionSymbol(name: string): MutableSymbol | undefined {
    const builtin = BUILTINS.get(name);
    if (!builtin) return undefined;
    let symbol = this.functionSymbols.get(name);
    if (!symbol) {
      symbol = Binder.symbol({ kind: 'function', name, type: ERROR, doc: builtin.doc });
      this.functionSymbols.set(name, symbol);
    }
    return symbol;
  }
}
