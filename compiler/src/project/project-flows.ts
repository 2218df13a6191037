/**
 * Flows across the files of a project: `call flow NAME` into another file, and a flow name that
 * two files declare. Only what a lookup needs is parsed: a file is a candidate for NAME only if
 * its text could declare it, so a call parses the few files that could, not all of them.
 */
import { TRIGGER_PATH } from '../connectors/logic-apps.js';
import type { Compilation } from '../compilation.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { duplicateFlow } from '../diagnostics/catalogue/project.js';
import type { ExternalFlow, FlowResolver } from '../semantics/model.js';
import { parse, type ParseResult } from '../syntax/parser.js';
import type { TextRange } from '../syntax/source.js';
import type { FlowDecl, JigFile } from '../syntax/tree.js';
import { relativePath } from './paths.js';
import { flowNameKey } from '../semantics/flow-names.js';
import { dataListEnd } from '../semantics/annotations.js';
import { mayFail } from '../semantics/control.js';
import { cellsReadBy } from '../semantics/store-reads.js';
import type { Project, WorkspaceFile } from './workspace.js';
import { extend } from '../util/objects.js';

/** A flow's name as its file declares it: all the duplicate check needs, and what `call flow` looks up. */
export interface DeclaredFlow {
  readonly name: string;
  readonly range: TextRange;
}

export function flowDeclarations(file: JigFile): FlowDecl[] {
  return file.declarations.filter((declaration): declaration is FlowDecl => declaration.kind === 'Flow');
}

export function declaredFlows(file: JigFile): DeclaredFlow[] {
  return flowDeclarations(file).map((flow) => ({ name: flow.name.name, range: flow.name.range }));
}

/**
 * The names a file's text could declare as flows: `flow` then a name, with only blanks and
 * comments between, the `flow` not that of a `call flow` on the same line. Cheap, and it misses
 * only a declaration that the parser's error recovery makes out of a broken file (`flow 1 NAME`,
 * a `call flow NAME` at the top level): `FlowCatalog.missedDeclaration` tells when that happened.
 */
const FLOW_THEN_NAME = /flow(?:\s|\/\/[^\r\n]*|\/\*[\s\S]*?\*\/)+([A-Za-z_]\w*)/g;

export function declarationLikeNames(text: string): Set<string> {
  // The pattern starts with a literal, which the regular expression engine finds fast; what may
  // stand before `flow` is checked here (a pattern starting with a lookbehind was tried at every
  // character of every text).
  const names = new Set<string>();
  FLOW_THEN_NAME.lastIndex = 0;
  for (let match = FLOW_THEN_NAME.exec(text); match; match = FLOW_THEN_NAME.exec(text)) {
    if (partOfWord(text, match.index) || afterCall(text, match.index)) {
      FLOW_THEN_NAME.lastIndex = match.index + 1;
      continue;
    }
    names.add(match[1]!);
  }
  return names;
}

/**
 * Every name that stands after the keyword `flow` in a text, declarations and `call flow` alike,
 * with how often. A flow whose name stands after `flow` only once in a project (its declaration)
 * is called by no other flow.
 */
export function flowKeywordNames(text: string, into = new Map<string, number>()): Map<string, number> {
  FLOW_THEN_NAME.lastIndex = 0;
  for (let match = FLOW_THEN_NAME.exec(text); match; match = FLOW_THEN_NAME.exec(text)) {
    if (partOfWord(text, match.index)) {
      FLOW_THEN_NAME.lastIndex = match.index + 1;
      continue;
    }
    into.set(match[1]!, (into.get(match[1]!) ?? 0) + 1);
  }
  return into;
}

const isWordOrAt = (ch: string | undefined) => ch !== undefined && /[\w@]/.test(ch);

const CALL_FLOW = /(?<![\w@])call[ \t]+flow[ \t]+([A-Za-z_]\w*)/g;

/**
 * Of files in the order a workspace is checked, those whose text calls a flow (`call flow NAME`)
 * that a file after them could declare (ignoring case, as the project's cells name flows). What
 * such a call answers holds what the child's answers hold (its answer cell, flow/project-data.ts),
 * which the project knows only once the child's file was added: a check of the caller before then
 * reads the cell while it is still empty, and has to be made again at the end. A guess from the
 * texts alone, which only decides when a file is checked, never what is found.
 */
export function callersOfLaterFlows<T extends { readonly source: { readonly text: string } }>(ordered: readonly T[]): Set<T> {
  const lastDeclaring = new Map<string, number>();
  ordered.forEach((file, index) => {
    for (const name of declarationLikeNames(file.source.text)) lastDeclaring.set(name.toLowerCase(), index);
  });
  const callers = new Set<T>();
  ordered.forEach((file, index) => {
    CALL_FLOW.lastIndex = 0;
    for (let match = CALL_FLOW.exec(file.source.text); match; match = CALL_FLOW.exec(file.source.text)) {
      if ((lastDeclaring.get(match[1]!.toLowerCase()) ?? -1) > index) {
        callers.add(file);
        break;
      }
    }
  });
  return callers;
}

/** `xflow`, `@flow`: not the keyword. */
function partOfWord(text: string, at: number): boolean {
  return isWordOrAt(text[at - 1]);
}

/** `call flow NAME` calls a flow: `call`, blanks, then this `flow`. */
function afterCall(text: string, at: number): boolean {
  let i = at;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i < at && i >= 4 && text.startsWith('call', i - 4) && !isWordOrAt(text[i - 5]);
}

/**
 * The flows each file of a workspace declares, found once. With `keepTrees`, a file is parsed
 * through its own compilation, which keeps the tree for later stages (the language server, which
 * asks again and again); without, the tree is dropped and only the names stay, and a file whose
 * text shows no declaration of a name is not parsed to look for one (see `declarationLikeNames`).
 */
export class FlowCatalog {
  private readonly declared = new Map<WorkspaceFile, readonly DeclaredFlow[]>();
  /** Files parsed with a syntax error: only there can recovery declare what the text does not show. */
  private readonly broken = new Set<WorkspaceFile>();
  private readonly textNames = new Map<WorkspaceFile, Set<string>>();

  constructor(private readonly keepTrees: boolean) {}

  /** Whether the file could declare flow NAME, without parsing it. */
  mayDeclare(file: WorkspaceFile, name: string): boolean {
    const known = this.declared.get(file);
    if (known) return known.some((flow) => flow.name === name);
    // A text without the name cannot declare it; looking for it is far cheaper than the pattern.
    return this.keepTrees || (file.source.text.includes(name) && this.declarationLike(file).has(name));
  }

  declares(file: WorkspaceFile, name: string): boolean {
    return this.declaredBy(file).some((flow) => flow.name === name);
  }

  /**
   * Whether a flow of these files escaped `declarationLikeNames`, so that a lookup may have passed
   * over it: then the results of this catalog's lookups cannot be trusted.
   */
  missedDeclaration(files: readonly WorkspaceFile[]): boolean {
    if (this.keepTrees) return false;
    return files.some(
      (file) => this.broken.has(file) && this.declaredBy(file).some((flow) => !this.declarationLike(file).has(flow.name)),
    );
  }

  private declarationLike(file: WorkspaceFile): Set<string> {
    let names = this.textNames.get(file);
    if (!names) {
      names = declarationLikeNames(file.source.text);
      this.textNames.set(file, names);
    }
    return names;
  }

  /** What the caller found parsing the file itself. */
  record(file: WorkspaceFile, parsed: ParseResult): void {
    this.declared.set(file, declaredFlows(parsed.file));
    if (hasErrors(parsed.diagnostics)) this.broken.add(file);
  }

  /** What another thread found parsing the file (`declaredBy` and `isBroken` there). */
  adopt(file: WorkspaceFile, declared: readonly DeclaredFlow[], broken: boolean): void {
    this.declared.set(file, declared);
    if (broken) this.broken.add(file);
  }

  /** Whether the file, parsed, had a syntax error (`declaredBy` parses it if it has not been). */
  isBroken(file: WorkspaceFile): boolean {
    this.declaredBy(file);
    return this.broken.has(file);
  }

  declaredBy(file: WorkspaceFile): readonly DeclaredFlow[] {
    if (!this.declared.has(file)) {
      const compilation = file.compilation;
      if (compilation) this.record(file, this.keepTrees ? compilation.syntax : parse(file.source));
      else this.declared.set(file, []);
    }
    return this.declared.get(file)!;
  }
}

/** `call flow NAME` across the files of one project. */
export class ProjectFlows {
  /** Filled while the workspace loads; read only once compilations run. */
  readonly members: WorkspaceFile[] = [];
  private readonly candidatesByName = new Map<string, WorkspaceFile[]>();

  constructor(private readonly catalog: FlowCatalog) {}

  excluding(fileName: string): FlowResolver {
    const declaring = (name: string) =>
      this.candidates(name).find((file) => file.fileName !== fileName && this.catalog.declares(file, name));
    // The names after `flow` in this file: its own calls are seen in its tree, with their `@retry`.
    let own: Map<string, number> | undefined;
    const ownCount = (name: string) => {
      own ??= flowKeywordNames(this.members.find((file) => file.fileName === fileName)?.source.text ?? '');
      return own.get(name) ?? 0;
    };
    return {
      // A request to a trigger's URL (`…/api/WORKFLOW/triggers/…`) may start any flow too. Another
      // file names a flow after `flow` only to call it (or to declare its twin, an error).
      mayBeCalledElsewhere: (name) => {
        const all = this.flowKeywordNames().get(name) ?? 0;
        return (all > 1 && all - ownCount(name) > 0) || this.namesTriggerPath();
      },
      // Only for a name that resolves nowhere (to suggest one): every file is parsed.
      names: () => {
        const all = new Set(this.members.flatMap((file) => this.catalog.declaredBy(file).map((flow) => flow.name)));
        return [...all].filter((name) => declaring(name) !== undefined);
      },
      resolve: (name) => {
        const file = declaring(name);
        const flow = file && flowDeclarations(file.compilation!.syntax.file).find((declaration) => declaration.name.name === name);
        return file && flow && describeFlow(file.compilation!, flow);
      },
    };
  }

  private namesAfterFlow: Map<string, number> | undefined;
  private triggerPathNamed: boolean | undefined;

  /** Whether a text of the project names a trigger's path, where a request may start any of its flows (semantics/checker.ts `mayBeCalled`). */
  private namesTriggerPath(): boolean {
    return (this.triggerPathNamed ??= this.members.some((file) => TRIGGER_PATH.test(file.source.text)));
  }

  /** How often each name stands after `flow` in the project's texts. */
  private flowKeywordNames(): Map<string, number> {
    if (!this.namesAfterFlow) {
      this.namesAfterFlow = new Map();
      for (const file of this.members) flowKeywordNames(file.source.text, this.namesAfterFlow);
    }
    return this.namesAfterFlow;
  }

  /** The files, in member order, that could declare a flow NAME. */
  private candidates(name: string): WorkspaceFile[] {
    let files = this.candidatesByName.get(name);
    if (!files) {
      files = this.members.filter((file) => this.catalog.mayDeclare(file, name));
      this.candidatesByName.set(name, files);
    }
    return files;
  }
}

/**
 * Another file's flow as a caller sees it: its request body type, the categories its `@data`
 * declares and where that list ends (for a fix that adds to it). Its types need that file's
 * semantic model; a cycle of files calling each other's flows is cut by answering from the syntax
 * alone while a model is being built.
 */
const analyzing = new Set<Compilation>();

export function describeFlow(compilation: Compilation, flow: FlowDecl): ExternalFlow {
  const hasRequestTrigger = flow.trigger?.kind === 'HttpTrigger';
  const dataList = dataListEnd(flow);
  const base = {
    name: flow.name.name,
    fileName: compilation.source.fileName,
    range: flow.name.range,
    hasRequestTrigger,
    mayFail: mayFail(flow),
    ...(dataList && { dataListEnd: dataList }),
  };
  if (analyzing.has(compilation)) {
    const data = flow.annotations.find((annotation) => annotation.name.name === 'data');
    const categories = (data?.args ?? []).flatMap((arg) => (arg.kind === 'DottedName' ? [arg.text] : []));
    return { ...base, categories };
  }
  analyzing.add(compilation);
  try {
    const model = compilation.model;
    const inputType = hasRequestTrigger ? model.triggerBodyType(flow) : undefined;
    const categories = (model.annotationsOf(flow).data?.categories ?? []).map((category) => category.id);
    // Its requests' URLs read through its own names (a let, a parameter's values), as its file's check reads them.
    const fails = base.mayFail || mayFail(flow, (call) => cellsReadBy(call, (url) => model.urlValuesOf(url)) !== undefined);
    return extend(base, { mayFail: fails, ...(inputType && { inputType }), categories });
  } finally {
    analyzing.delete(compilation);
  }
}

/**
 * A flow name declared by two files of one project, in any case, is an error in every file but the
 * first (in file-name order). Files must be added in that order; each gets its own duplicates back.
 */
export class DuplicateFlows {
  private readonly firstFileOf = new Map<Project, Map<string, { file: WorkspaceFile; name: string }>>();

  constructor(private readonly cwd: string) {}

  add(file: WorkspaceFile, flows: readonly DeclaredFlow[]): Diagnostic[] {
    const seen = this.firstFileOf.get(file.project) ?? new Map<string, { file: WorkspaceFile; name: string }>();
    this.firstFileOf.set(file.project, seen);
    const ownNames = new Set<string>();
    const duplicates: Diagnostic[] = [];
    for (const flow of flows) {
      // Names that differ only in case collide (flow-names.ts).
      const key = flowNameKey(flow.name);
      if (ownNames.has(key)) continue; // a duplicate within one file is the semantics' to report
      ownNames.add(key);
      const first = seen.get(key);
      if (!first) {
        seen.set(key, { file, name: flow.name });
        continue;
      }
      duplicates.push(duplicateFlow(flow.range, { name: flow.name, otherFile: otherFileOf(flow.name, first.name, relativePath(this.cwd, first.file.fileName)) }));
    }
    return duplicates;
  }
}

/**
 * The flows of one file that a file before it in file-name order already declares, as DuplicateFlows
 * finds them in a check of the whole project: for the language server, which checks one document at
 * a time. Another file is parsed only when its text holds one of the file's flow names.
 */
export function duplicatesAgainst(
  fileName: string,
  own: readonly DeclaredFlow[],
  others: readonly { readonly fileName: string; readonly text: string; readonly declared: () => readonly DeclaredFlow[] }[],
  relative: (fileName: string) => string,
): Diagnostic[] {
  const keys = new Set(own.map((flow) => flowNameKey(flow.name)));
  const first = new Map<string, { fileName: string; name: string }>();
  for (const other of byFileName(others)) {
    if (other.fileName >= fileName) break;
    const text = other.text.toLowerCase();
    if (![...keys].some((key) => text.includes(key))) continue;
    for (const flow of other.declared()) {
      const key = flowNameKey(flow.name);
      if (keys.has(key) && !first.has(key)) first.set(key, { fileName: other.fileName, name: flow.name });
    }
  }
  const reported = new Set<string>();
  return own.flatMap((flow) => {
    const key = flowNameKey(flow.name);
    const earlier = first.get(key);
    // A duplicate within one file is the semantics' to report.
    if (!earlier || reported.has(key)) return [];
    reported.add(key);
    return [duplicateFlow(flow.range, { name: flow.name, otherFile: otherFileOf(flow.name, earlier.name, relative(earlier.fileName)) })];
  });
}

/** How a duplicate's message names the file that declares the flow first. */
function otherFileOf(name: string, firstName: string, file: string): string {
  return firstName === name ? file : `${file} as '${firstName}'`;
}

/** The order in which files are checked for duplicates. */
export function byFileName<T extends { readonly fileName: string }>(files: readonly T[]): T[] {
  return [...files].sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
}

export function withFileDiagnostics(file: WorkspaceFile, diagnostics: readonly Diagnostic[]): WorkspaceFile {
  return diagnostics.length === 0 ? file : { ...file, fileDiagnostics: [...file.fileDiagnostics, ...diagnostics] };
}
