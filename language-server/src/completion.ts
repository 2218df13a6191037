/**
 * Completion. The context comes from the text just before the cursor (a file being typed rarely
 * parses to where the cursor is) and the meaning from the model: the names in scope, the fields of
 * the value before a `.`, and the categories, purposes, processors and rules of the active policy.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Position,
} from 'vscode-languageserver';
import {
  BUILTINS,
  PRIMITIVES,
  nodePathAt,
  signatureOf,
  stripOptional,
  tokenize,
  typeToString,
  type JigSymbol,
  type Policy,
  type RecordType,
  type SemanticModel,
  type SourceFile,
  type Type,
  type tree,
} from '../../compiler/src/index.js';
import type { CheckedDocument } from './documents.js';
import {
  annotationNames,
  annotationSummaries,
  paramAnnotationNames,
  stepAnnotationNames,
  describeCategory,
  describeProcessor,
  describePurpose,
  describeRule,
} from './policy-text.js';
import { snippets, type Snippet } from './snippets.js';

export const completionTriggerCharacters = ['.', '@', '(', ','];

export interface CompletionOptions {
  readonly snippets: boolean;
}

const declarationKeywords = ['policy', 'param', 'type', 'flow'];
const stepKeywords = ['let', 'var', 'set', 'append', 'store', 'delete', 'call', 'send', 'if', 'else', 'for each', 'switch', 'until', 'try', 'catch', 'scope', 'parallel', 'wait', 'respond', 'fail', 'agent'];
const expressionKeywords = ['true', 'false', 'null', 'not', 'and', 'or', 'if', 'then', 'else', 'trigger', 'query', 'aggregate', 'call', 'parse json', 'current time', 'future time', 'past time', 'add time', 'subtract time', 'convert time', 'html table', 'csv table'];
const httpMethods = ['get', 'post', 'put', 'patch', 'delete'];
const durationUnits = ['seconds', 'minutes', 'hours', 'days', 'weeks', 'months', 'years'];
const retentionUnits = ['days', 'weeks', 'months', 'years'];

/** Arguments of annotations: how each is filled in when chosen from the list. */
const annotationTemplates: Readonly<Record<string, string>> = {
  purpose: 'purpose(${1:automation}, "${2:reason}")',
  data: 'data(${1:category})',
  retain: 'retain(${1:1} ${2|days,weeks,months,years|})',
  share: 'share(${1:processor}, "${2:reason}")',
  allow: 'allow(${1:rule}, "${2:reason}")',
  declassify: 'declassify(${1:category}, "${2:reason}")',
  retry: 'retry(${1|none,fixed,exponential|}, ${2:3} times, ${3:10} ${4|seconds,minutes,hours|})',
  timeout: 'timeout(${1:2} ${2|seconds,minutes,hours,days|})',
  identity: 'identity("${1:https://management.azure.com}")',
  concurrent: 'concurrent(${1:20})',
  action: 'action("${1:Name}")',
  code: 'code("${1:Code}")',
  after: 'after(${1|failed,skipped,timedout,succeeded|})',
  name: 'name("${1:Name}")',
};

export function completion(document: CheckedDocument, position: Position, options: CompletionOptions): CompletionItem[] {
  const { compilation } = document;
  const source = compilation.source;
  const offset = source.offsetAt(position);
  if (inCommentOrStringText(source, offset)) return [];
  const linePrefix = source.lineText(position.line).slice(0, position.character);
  const policy = compilation.policy;

  // A dotted name being typed (`business.tr`) is replaced whole, whatever the client takes for a word.
  const dotted = /[\w.]*$/.exec(linePrefix)![0];
  const dottedRange = { start: { line: position.line, character: position.character - dotted.length }, end: position };
  const replacingDotted = (items: CompletionItem[]): CompletionItem[] =>
    items.map((item) => ({ ...item, textEdit: { range: dottedRange, newText: item.label } }));

  const annotationArgument = /@(\w+)\s*\(([^()]*)$/.exec(linePrefix);
  if (annotationArgument) return replacingDotted(annotationArgumentItems(annotationArgument[1]!, annotationArgument[2]!, policy));

  const atName = /@([\w.]*)$/.exec(linePrefix);
  if (atName) {
    const declaration = declarationAt(compilation.syntax.file, offset);
    if (declaration?.kind === 'TypeDecl' || /^\s*\w+\s*:/.test(linePrefix)) return replacingDotted(categoryItems(policy));
    return annotationItems(inFlowBody(declaration, offset));
  }

  const member = /([\w\]\)]+)\s*\.\s*(\w*)$/.exec(linePrefix);
  if (member) {
    const dot = offset - member[2]!.length - (linePrefix.length - linePrefix.trimEnd().length) - 1;
    return memberItems(compilation.model, source, linePrefix, offset, dot);
  }

  const word = /\w*$/.exec(linePrefix)![0];
  const before = linePrefix.slice(0, linePrefix.length - word.length);
  const keywordsAfter = keywordContext(before, compilation.model, compilation.syntax.file, offset);
  if (keywordsAfter) return keywordsAfter;

  const declaration = declarationAt(compilation.syntax.file, offset);
  if (isTypePosition(before, declaration)) return typeItems(compilation.model);
  if (/^\s*$/.test(before)) {
    if (!inFlowBody(declaration, offset)) {
      if (declaration?.kind === 'TypeDecl' && offset > declaration.name.range.end) return [];
      return [
        ...keywordItems(declarationKeywords),
        ...annotationItems(false),
        ...(options.snippets ? snippetItems('declaration') : []),
      ];
    }
    return [
      ...keywordItems(stepKeywords),
      ...symbolItems(compilation.model, offset),
      ...(options.snippets ? snippetItems('step') : []),
    ];
  }
  return [...symbolItems(compilation.model, offset), ...functionItems(), ...keywordItems(expressionKeywords)];
}

/** Inside a comment, or inside a string's text (not an interpolation), nothing is offered. */
function inCommentOrStringText(source: SourceFile, offset: number): boolean {
  // Only the text up to the cursor's line end decides (offsets stay those of the whole text).
  const lineEnd = source.offsetAt({ line: source.positionAt(offset).line + 1, character: 0 });
  for (const token of tokenize(source.text.slice(0, lineEnd))) {
    if (token.range.start >= offset) break;
    if (offset > token.range.end || (offset === token.range.end && token.tokenClass !== 'comment' && token.tokenClass !== 'docComment')) continue;
    if (token.tokenClass === 'comment' || token.tokenClass === 'docComment') return true;
    if (token.tokenClass === 'string') {
      // Open interpolations between the string's start and the cursor put the cursor in code.
      const text = source.text.slice(token.range.start, offset);
      const opened = text.split('${').length - 1;
      const closed = (text.match(/}/g) ?? []).length;
      return opened <= closed;
    }
  }
  return false;
}

/** Inside the braces of a flow (where steps go), as opposed to its annotations or the top level. */
function inFlowBody(declaration: tree.Declaration | undefined, offset: number): boolean {
  if (declaration?.kind !== 'Flow') return false;
  const body = declaration.body.range;
  return body.end > body.start && offset > body.start;
}

function declarationAt(file: tree.JigFile, offset: number): tree.Declaration | undefined {
  return file.declarations.find((declaration) => declaration.range.start <= offset && offset <= declaration.range.end);
}

function isTypePosition(before: string, declaration: tree.Declaration | undefined): boolean {
  if (/\breturns\s+$/.test(before) || /\btrigger\s+(http\s+\w+|(servicebus|sharepoint|eventgrid)\s*\(.*\))\s+body\s+$/.test(before)) return true;
  if (!/:\s*$/.test(before)) return false;
  return declaration?.kind === 'TypeDecl' || /^\s*(param|var)\b/.test(before);
}

function keywordContext(before: string, model: SemanticModel, file: tree.JigFile, offset: number): CompletionItem[] | undefined {
  if (/\btrigger\s+$/.test(before)) return [...keywordItems(['http', 'schedule', 'mail']), SERVICEBUS_QUEUE, SHAREPOINT_LIST, EVENTGRID_SOURCE];
  if (/\btrigger\s+(servicebus|sharepoint|eventgrid)\s*\(.*\)\s+$/.test(before)) return keywordItems(['body']);
  if (/\b(trigger|call)\s+http\s+$/.test(before) || /\bcall\s+connector\s+"[^"]*"\s+$/.test(before)) return keywordItems(httpMethods);
  if (/\btrigger\s+http\s+\w+\s+$/.test(before)) return keywordItems(['body', 'schema']);
  if (/\btrigger\s+schedule\s+$/.test(before)) return keywordItems(['every']);
  if (/\b(every|wait)\s+\d+\s+$/.test(before)) return keywordItems(durationUnits);
  if (/\bcall\s+$/.test(before)) return keywordItems(['http', 'connector', 'service', 'workflow', 'flow']);
  if (/\bcall\s+flow\s+$/.test(before)) return flowItems(model, file, offset);
  if (/\b(send|trigger)\s+mail\s+$/.test(before) || /\bsend\s+$/.test(before)) {
    return keywordItems(/\bmail\s+$/.test(before) ? ['office365'] : ['mail']);
  }
  if (/^\s*send\b.*\bto\s+$/.test(before) && !/\bmail\b/.test(before)) return [SERVICEBUS_QUEUE, TEAMS_CHANNEL];
  if (/^\s*store\b.*\bin\s+$/.test(before) || /^\s*delete\b.*\bfrom\s+$/.test(before) || /\bquery\s+$/.test(before)) {
    const cosmos: CompletionItem = {
      label: 'cosmos',
      kind: CompletionItemKind.Function,
      detail: 'cosmos("DATABASE", "CONTAINER")',
      insertText: 'cosmos("${1:database}", "${2:container}")',
      insertTextFormat: InsertTextFormat.Snippet,
    };
    // A SharePoint list takes new items (Create item), but is neither queried nor deleted from.
    return /^\s*store\b/.test(before) ? [cosmos, SHAREPOINT_LIST] : [cosmos];
  }
  if (/^\s*for\s+$/.test(before)) return keywordItems(['each']);
  return undefined;
}

/** A Service Bus queue (or topic), where `send … to` sends and `trigger` receives. */
const SERVICEBUS_QUEUE: CompletionItem = {
  label: 'servicebus',
  kind: CompletionItemKind.Function,
  detail: 'servicebus("NAMESPACE", "QUEUE")',
  insertText: 'servicebus("${1:namespace}", "${2:queue}")',
  insertTextFormat: InsertTextFormat.Snippet,
};

/** A SharePoint list, which `store … in` adds items to and `trigger` watches for new ones. */
const SHAREPOINT_LIST: CompletionItem = {
  label: 'sharepoint',
  kind: CompletionItemKind.Function,
  detail: 'sharepoint("https://TENANT.sharepoint.com/sites/SITE", "LIST")',
  insertText: 'sharepoint("https://${1:tenant}.sharepoint.com/sites/${2:site}", "${3:list}")',
  insertTextFormat: InsertTextFormat.Snippet,
};

/** An Azure resource whose Event Grid events `trigger` receives. */
const EVENTGRID_SOURCE: CompletionItem = {
  label: 'eventgrid',
  kind: CompletionItemKind.Function,
  detail: 'eventgrid("RESOURCE_ID", "EVENT_TYPE")',
  insertText: 'eventgrid("/subscriptions/${1:subscription}/resourceGroups/${2:group}", "${3:event type}")',
  insertTextFormat: InsertTextFormat.Snippet,
};

/** A channel of a Microsoft Teams team, where `send … to` posts. */
const TEAMS_CHANNEL: CompletionItem = {
  label: 'teams',
  kind: CompletionItemKind.Function,
  detail: 'teams("TEAM_GROUP_ID", "CHANNEL_ID")',
  insertText: 'teams("${1:team group id}", "${2:channel id}")',
  insertTextFormat: InsertTextFormat.Snippet,
};

function keywordItems(keywords: readonly string[]): CompletionItem[] {
  return keywords.map((keyword) => ({ label: keyword, kind: CompletionItemKind.Keyword }));
}

function snippetItems(place: Snippet['place']): CompletionItem[] {
  return snippets
    .filter((snippet) => snippet.place === place)
    .map((snippet) => ({
      label: snippet.prefix,
      kind: CompletionItemKind.Snippet,
      detail: snippet.label,
      documentation: snippet.description,
      insertText: snippet.body,
      insertTextFormat: InsertTextFormat.Snippet,
      // After the keyword of the same name in the list.
      sortText: `~${snippet.prefix}`,
    }));
}

function annotationItems(onStep: boolean): CompletionItem[] {
  // At the top level, annotations go above a flow or a param.
  const names = onStep ? stepAnnotationNames : [...annotationNames, ...paramAnnotationNames];
  return names.map((name) => ({
    label: `@${name}`,
    filterText: name,
    kind: CompletionItemKind.Keyword,
    documentation: { kind: MarkupKind.Markdown, value: annotationSummaries[name]! },
    insertText: annotationTemplates[name],
    insertTextFormat: InsertTextFormat.Snippet,
  }));
}

function annotationArgumentItems(annotation: string, argsSoFar: string, policy: Policy): CompletionItem[] {
  const index = argsSoFar.replace(/"(?:[^"\\]|\\.)*"?/g, '""').split(',').length - 1;
  switch (annotation) {
    case 'purpose':
      return index > 0 ? [] : [...policy.purposes.keys()].map((id) => policyItem(id, CompletionItemKind.Value, describePurpose(id, policy)));
    case 'data':
      return categoryItems(policy);
    case 'share':
      return index > 0 ? [] : [...policy.processors.keys()].map((id) => policyItem(id, CompletionItemKind.Module, describeProcessor(id, policy)));
    case 'allow':
      return index > 0
        ? []
        : [...policy.rules.values()].filter((rule) => rule.waivable).map((rule) => policyItem(rule.id, CompletionItemKind.Property, describeRule(rule, policy)));
    case 'retain':
      return /\d+\s+\w*$/.test(argsSoFar) ? keywordItems(retentionUnits) : [];
    default:
      return [];
  }
}

function categoryItems(policy: Policy): CompletionItem[] {
  return [...policy.categories.keys()].map((id) => policyItem(id, CompletionItemKind.EnumMember, describeCategory(id, policy)));
}

function policyItem(id: string, kind: CompletionItemKind, documentation: string | undefined): CompletionItem {
  return {
    label: id,
    kind,
    ...(documentation && { documentation: { kind: MarkupKind.Markdown, value: documentation } }),
  };
}

function typeItems(model: SemanticModel): CompletionItem[] {
  const primitives = [...PRIMITIVES.keys(), 'secret', 'any'].filter((name, index, all) => all.indexOf(name) === index);
  return [
    ...primitives.map((name) => ({ label: name, kind: CompletionItemKind.TypeParameter, detail: 'primitive type' })),
    ...[...model.types.values()].filter((type) => type.name).map((type) => ({
      label: type.name!,
      kind: CompletionItemKind.Struct,
      detail: 'record type',
      ...(type.declaration?.doc && { documentation: type.declaration.doc.text }),
    })),
  ];
}

const symbolKinds: Record<JigSymbol['kind'], CompletionItemKind> = {
  type: CompletionItemKind.Struct,
  param: CompletionItemKind.Constant,
  let: CompletionItemKind.Variable,
  var: CompletionItemKind.Variable,
  loop: CompletionItemKind.Variable,
  item: CompletionItemKind.Variable,
  flow: CompletionItemKind.Module,
  trigger: CompletionItemKind.Variable,
  field: CompletionItemKind.Field,
  function: CompletionItemKind.Function,
};

function symbolItems(model: SemanticModel, offset: number): CompletionItem[] {
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const symbol of model.symbolsInScopeAt(offset)) {
    // Innermost first: an outer name of the same spelling is shadowed.
    if (seen.has(symbol.name) || symbol.kind === 'type' || symbol.kind === 'flow' || symbol.kind === 'function') continue;
    seen.add(symbol.name);
    items.push({
      label: symbol.name,
      kind: symbolKinds[symbol.kind],
      detail: typeToString(symbol.type),
      ...(symbol.doc && { documentation: symbol.doc }),
    });
  }
  return items;
}

function functionItems(): CompletionItem[] {
  return [...BUILTINS.values()].map((fn) => ({
    label: fn.name,
    kind: CompletionItemKind.Function,
    detail: signatureOf(fn),
    documentation: fn.doc,
    insertText: fn.parameters.length === 0 ? `${fn.name}()` : `${fn.name}($0)`,
    insertTextFormat: InsertTextFormat.Snippet,
    command: { title: 'Signature help', command: 'editor.action.triggerParameterHints' },
  }));
}

function flowItems(model: SemanticModel, file: tree.JigFile, offset: number): CompletionItem[] {
  const current = model.flowAt(offset);
  return file.declarations
    .filter((declaration): declaration is tree.FlowDecl => declaration.kind === 'Flow' && declaration !== current && !!declaration.name.name)
    .map((flow) => ({ label: flow.name.name, kind: CompletionItemKind.Module, detail: 'flow' }));
}

/** The fields of the value before the `.` at `dot`: from the tree when it parsed, else from the text. */
function memberItems(model: SemanticModel, source: SourceFile, linePrefix: string, offset: number, dot: number): CompletionItem[] {
  const type = memberObjectType(model, offset, dot) ?? chainType(model, linePrefix, offset);
  const record = type && recordOf(type);
  if (!record) return [];
  return [...record.fields.values()].map((field) => ({
    label: field.name,
    kind: CompletionItemKind.Field,
    detail: `${typeToString(field.type)}${field.categories.length > 0 ? ` ${field.categories.map((c) => `@${c}`).join(' ')}` : ''}`,
    ...(field.doc && { documentation: field.doc }),
  }));
}

function recordOf(type: Type): RecordType | undefined {
  const bare = stripOptional(type);
  return bare.kind === 'record' ? bare : undefined;
}

function memberObjectType(model: SemanticModel, offset: number, dot: number): Type | undefined {
  const path = nodePathAt(model.file, offset);
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i]!;
    if (node.kind === 'Member' && node.object.range.end <= dot && (!node.member || node.member.range.start > dot)) {
      const type = model.typeOf(node.object);
      if (type.kind !== 'error') return type;
    }
  }
  return undefined;
}

/** `a.b.c.` read from the text: the first name from the scope, each further one a field. */
function chainType(model: SemanticModel, linePrefix: string, offset: number): Type | undefined {
  const chain = /([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*\.\s*\w*$/.exec(linePrefix);
  if (!chain) return undefined;
  const [first, ...rest] = chain[1]!.split('.').map((part) => part.trim());
  let type = model.symbolsInScopeAt(offset).find((symbol) => symbol.name === first)?.type;
  for (const name of rest) {
    type = type && recordOf(type)?.fields.get(name)?.type;
  }
  return type;
}
