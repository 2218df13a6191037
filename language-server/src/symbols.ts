/** The outline: the file's declarations, a type's fields, and the names a flow's steps declare. */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { childrenOf, type SourceFile, type tree } from '../../compiler/src/index.js';
import type { CheckedDocument } from './documents.js';
import { toLspRange } from './positions.js';

export function documentSymbols(document: CheckedDocument): DocumentSymbol[] {
  const { source, syntax } = document.compilation;
  return syntax.file.declarations.flatMap((declaration) => declarationSymbol(declaration, source) ?? []);
}

function symbol(
  source: SourceFile,
  name: tree.Identifier,
  node: tree.Node,
  kind: SymbolKind,
  detail?: string,
  symbolChildren?: DocumentSymbol[],
): DocumentSymbol | undefined {
  // A declaration still being typed may have no name yet.
  if (!name.name) return undefined;
  return {
    name: name.name,
    kind,
    range: toLspRange(source, node.range),
    selectionRange: toLspRange(source, name.range),
    ...(detail !== undefined && { detail }),
    ...(symbolChildren && { children: symbolChildren }),
  };
}

function declarationSymbol(declaration: tree.Declaration, source: SourceFile): DocumentSymbol | undefined {
  switch (declaration.kind) {
    case 'PolicyPin':
      return symbol(source, declaration.policyId, declaration, SymbolKind.Namespace, declaration.minVersion ? `>= ${declaration.minVersion.text}` : 'policy');
    case 'Param':
      return symbol(source, declaration.name, declaration, SymbolKind.Constant, source.text.slice(declaration.type.range.start, declaration.type.range.end));
    case 'TypeDecl':
      return symbol(
        source,
        declaration.name,
        declaration,
        SymbolKind.Struct,
        'type',
        declaration.fields.flatMap(
          (field) =>
            symbol(source, field.name, field, SymbolKind.Field, field.categories.map((category) => `@${category.text}`).join(', ')) ?? [],
        ),
      );
    case 'Flow':
      return symbol(source, declaration.name, declaration, SymbolKind.Function, triggerDetail(declaration.trigger), stepSymbols(declaration.body, source));
  }
}

function triggerDetail(trigger: tree.Trigger | undefined): string {
  switch (trigger?.kind) {
    case 'HttpTrigger':
      return trigger.method ? `http ${trigger.method}` : 'http';
    case 'ScheduleTrigger':
      return `every ${trigger.every.amount} ${trigger.every.unit}`;
    case 'MailTrigger':
      return `mail ${trigger.connector.name}`;
    case 'ChatTrigger':
      return 'chat';
    case 'MessageTrigger':
      return `${trigger.source.store.name} ${trigger.source.args.map((arg) => arg.value ?? '').slice(1).join('/')}`;
    default:
      return 'flow';
  }
}

/** The lets, vars and loop variables of a flow's body, at any depth, in source order. */
function stepSymbols(node: tree.Node, source: SourceFile): DocumentSymbol[] {
  const found: DocumentSymbol[] = [];
  for (const child of childrenOf(node)) {
    let declared: DocumentSymbol | undefined;
    if (child.kind === 'Let') declared = symbol(source, child.name, child, SymbolKind.Variable, 'let');
    else if (child.kind === 'Var') declared = symbol(source, child.name, child, SymbolKind.Variable, 'var');
    else if (child.kind === 'ForEach') {
      const loop = symbol(source, child.variable, child, SymbolKind.Variable, 'for each', stepSymbols(child.body, source));
      if (loop) found.push(loop);
      continue;
    }
    if (declared) found.push(declared);
    if (!isExpression(child)) found.push(...stepSymbols(child, source));
  }
  return found;
}

const expressionKinds = new Set(['String', 'Number', 'Boolean', 'Null', 'Name', 'Member', 'Index', 'Call', 'Unary', 'Binary', 'Record', 'Array', 'Where', 'Select', 'Missing']);
function isExpression(node: tree.Node): boolean {
  return expressionKinds.has(node.kind);
}
