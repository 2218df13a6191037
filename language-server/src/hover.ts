/**
 * Hover: the type, data categories and doc comment of a name; for an annotation, the policy rules
 * it answers to with the sentences they enforce; for a category, purpose or processor, what the
 * active policy says of it; and the `jig explain` text of any diagnostic under the cursor.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import {
  BUILTINS,
  lookupCode,
  nodePathAt,
  signatureOf,
  typeToString,
  valueAt,
  type ExternalFlow,
  type JigSymbol,
  type Policy,
  type SemanticModel,
  type SourceFile,
  type tree,
  type ValueAt,
} from '../../compiler/src/index.js';
import { diagnosticsOf, type CheckedDocument } from './documents.js';
import {
  annotationSummaries,
  describeCategory,
  describeProcessor,
  describePurpose,
  describeRule,
  policyHeading,
  rulesFor,
} from './policy-text.js';
import { contains, toLspRange } from './positions.js';

export function hover(document: CheckedDocument, position: Position): Hover | null {
  const { compilation } = document;
  const offset = compilation.source.offsetAt(position);
  const path = nodePathAt(compilation.syntax.file, offset);
  const sections: string[] = [];
  const node = path.at(-1)!;
  let range: tree.Node['range'] | undefined;
  if (node.kind === 'Identifier') {
    const value = isSpecialName(node, path) ? undefined : valueAt(compilation.model, compilation.resolver, offset);
    const text = value ? hoverValue(value, compilation.source) : hoverIdentifier(node, path, compilation.model, compilation.policy);
    if (text) {
      sections.push(text);
      range = value?.range ?? rangeOfHovered(node, path);
    }
  }
  const explanations = diagnosticsOf(document)
    .filter((diagnostic) => contains(diagnostic.range, offset))
    .map((diagnostic) => diagnostic.code)
    .filter((code, index, codes) => codes.indexOf(code) === index)
    .flatMap((code) => {
      const entry = lookupCode(code);
      return entry ? [`**${code}** ${entry.title} (\`jig explain ${code}\`)\n\n${entry.explanation}`] : [];
    });
  sections.push(...explanations);
  if (sections.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
    ...(range && { range: toLspRange(compilation.source, range) }),
  };
}

/** A dotted name is hovered whole (`business.email`, not `email`). */
function rangeOfHovered(identifier: tree.Identifier, path: readonly tree.Node[]): tree.Node['range'] {
  const parent = path.at(-2);
  return parent?.kind === 'DottedName' ? parent.range : identifier.range;
}

/** Names that stand for no value: an annotation, a category, a function, a flow called, the policy pinned. */
function isSpecialName(identifier: tree.Identifier, path: readonly tree.Node[]): boolean {
  const parent = path.at(-2);
  return (
    (parent?.kind === 'Annotation' && parent.name === identifier) ||
    parent?.kind === 'DottedName' ||
    (parent?.kind === 'Call' && parent.callee === identifier) ||
    (parent?.kind === 'FlowCall' && parent.flow === identifier) ||
    (parent?.kind === 'PolicyPin' && parent.policyId === identifier)
  );
}

/** A value's type, then each data category it carries with the place it comes from. */
function hoverValue(value: ValueAt, source: SourceFile): string {
  const symbol = value.symbol;
  const declared = symbol && !value.expression ? `${symbolKeywords[symbol.kind] ?? symbol.kind} ` : '';
  const name = symbol?.name ?? source.text.slice(value.range.start, value.range.end).replace(/\s+/g, '');
  const parts = [code(`${declared}${name}: ${typeToString(value.type)}`)];
  if (value.categories.length === 0) parts.push('Data: none');
  else {
    const lines = value.categories.map(({ category, from, range, control }) => {
      const line = source.positionAt(range.start).line + 1;
      return `- \`${category}\` from \`${from}\` (line ${line})${control ? ', only through a condition' : ''}`;
    });
    parts.push(`Data:\n${lines.join('\n')}`);
  }
  if (value.doc) parts.push(value.doc);
  return parts.join('\n\n');
}

function hoverIdentifier(
  identifier: tree.Identifier,
  path: readonly tree.Node[],
  model: SemanticModel,
  policy: Policy,
): string | undefined {
  const parent = path.at(-2);
  const grandparent = path.at(-3);
  if (parent?.kind === 'Annotation' && parent.name === identifier) return hoverAnnotation(bare(identifier.name), policy);
  if (parent?.kind === 'DottedName') {
    if (grandparent?.kind === 'Field') return describeCategory(parent.text, policy) ?? unknownIn(parent.text, 'category', policy);
    if (grandparent?.kind === 'Annotation') return hoverAnnotationArgument(grandparent, parent, policy);
  }
  if (parent?.kind === 'Call' && parent.callee === identifier) {
    const builtin = BUILTINS.get(identifier.name);
    return builtin && `${code(signatureOf(builtin))}\n\n${builtin.doc}`;
  }
  if (parent?.kind === 'FlowCall' && parent.flow === identifier) {
    const called = model.calledFlow(identifier);
    if (called) return hoverCalledFlow(called, model);
  }
  if (parent?.kind === 'PolicyPin' && parent.policyId === identifier) {
    const checked = `${code(`policy ${identifier.name}`)}\n\nChecked against ${policyHeading(policy)}.`;
    return parent.doc ? `${checked}\n\n${parent.doc.text}` : checked;
  }
  const symbol = model.symbolOf(identifier);
  return symbol ? hoverSymbol(symbol) : undefined;
}

function bare(annotationName: string): string {
  return annotationName.replace(/^@/, '');
}

function code(text: string): string {
  return '```jig\n' + text + '\n```';
}

function unknownIn(id: string, what: string, policy: Policy): string {
  return `\`${id}\` is not a ${what} of ${policyHeading(policy)}.`;
}

function hoverAnnotation(name: string, policy: Policy): string | undefined {
  const summary = annotationSummaries[name];
  if (!summary) return undefined;
  const rules = rulesFor(name, policy);
  if (name === 'allow') {
    return `${summary}\n\nWaivable rules of ${policyHeading(policy)}: ${rules.map((rule) => `\`${rule.id}\``).join(', ') || 'none'}.`;
  }
  return [summary, ...rules.map((rule) => describeRule(rule, policy))].join('\n\n');
}

function hoverAnnotationArgument(annotation: tree.Annotation, argument: tree.DottedName, policy: Policy): string | undefined {
  const id = argument.text;
  switch (bare(annotation.name.name)) {
    case 'purpose':
      return describePurpose(id, policy) ?? unknownIn(id, 'purpose', policy);
    case 'data':
      return describeCategory(id, policy) ?? unknownIn(id, 'category', policy);
    case 'share':
      return describeProcessor(id, policy) ?? unknownIn(id, 'processor', policy);
    case 'allow': {
      const rule = policy.rules.get(id);
      return rule ? describeRule(rule, policy) : unknownIn(id, 'rule', policy);
    }
    default:
      return undefined;
  }
}

const symbolKeywords: Partial<Record<JigSymbol['kind'], string>> = {
  param: 'param',
  let: 'let',
  var: 'var',
  loop: 'for each',
  item: 'item',
  field: 'field',
  trigger: 'trigger',
};

function hoverSymbol(symbol: JigSymbol): string {
  let signature: string;
  if (symbol.kind === 'type') signature = `type ${symbol.name}`;
  else if (symbol.kind === 'flow') signature = `flow ${symbol.name}`;
  else if (symbol.kind === 'function') signature = symbol.name;
  else signature = `${symbolKeywords[symbol.kind] ?? symbol.kind} ${symbol.name}: ${typeToString(symbol.type)}`;
  const parts = [code(signature)];
  const categories = [...symbol.categories.keys()];
  if (categories.length > 0) parts.push(`Data: ${categories.map((c) => `\`${c}\``).join(', ')}`);
  if (symbol.kind === 'type' && symbol.type.kind === 'record') {
    parts.push(
      [...symbol.type.fields.values()]
        .map((field) => `- \`${field.name}: ${typeToString(field.type)}\`${field.categories.length > 0 ? ` ${field.categories.map((c) => `@${c}`).join(', ')}` : ''}`)
        .join('\n'),
    );
  }
  if (symbol.doc) parts.push(symbol.doc);
  return parts.join('\n\n');
}

/** The flow `call flow` starts: what it takes and the categories it declares. */
function hoverCalledFlow(called: tree.FlowDecl | ExternalFlow, model: SemanticModel): string {
  const local = 'kind' in called;
  const name = local ? called.name.name : called.name;
  const input = local ? model.triggerBodyType(called) : called.inputType;
  const categories = local ? (model.annotationsOf(called).data?.categories.map((c) => c.id) ?? []) : called.categories;
  const parts = [code(`flow ${name}${input ? `(body: ${typeToString(input)})` : ''}`)];
  if (!local) parts.push(`Declared in \`${called.fileName.split('/').pop()}\`.`);
  if (categories.length > 0) parts.push(`Data: ${categories.map((c) => `\`${c}\``).join(', ')}`);
  if (local && called.doc) parts.push(called.doc.text);
  return parts.join('\n\n');
}
