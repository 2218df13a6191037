/**
 * `jig import`: existing Logic Apps workflows → `.jig` source. The stage's one entry point takes
 * the texts of JSON files (a bare definition, a `{definition, parameters}` export, an ARM
 * template, a Standard `workflow.json`; engine/runtime/document.ts reads every form) and returns,
 * per workflow, its `.jig` text or why it was not imported, its holes, its raw actions and, when
 * asked, the parity check: the imported source built again (holes filled by placeholders) and
 * compared with the original (parity.ts).
 */
import { compileText } from '../compilation.js';
import { SourceFile } from '../syntax/source.js';
import { formatSource } from '../syntax/printer.js';
import { DocumentError, workflowsOf } from '../engine/index.js';
import type { Policy } from '../policy/model.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { compareWorkflows, type Difference } from './parity.js';
import { credentialDifferences, moveCredentials, type MovedCredential } from './credentials.js';
import { translateWorkflow, type Translation } from './translate.js';
import type { KeepRaw } from './actions.js';
import type { JsonObject } from './wdl.js';
import { forEachStep } from '../syntax/visit.js';
import type { JigFile, Step } from '../syntax/tree.js';
import type { SemanticModel } from '../semantics/model.js';
import { credentialAnswerOf } from '../semantics/store-reads.js';
import { JsonTextError, parseJsonText } from '../util/json-text.js';
import { locatePointer } from '../validate/json-locations.js';
import { malformedPart } from './malformed.js';
import { readArmExpressions } from './arm.js';
import { isObject } from './wdl.js';

export interface ImportSource {
  readonly path: string;
  readonly text: string;
}

export interface ParityReport {
  readonly identical: boolean;
  /** Why the rebuilt source did not compile, when it did not. */
  readonly problem?: string;
  readonly differences: readonly Difference[];
}

/** A workflow imported (with its `.jig` text) or not (with why). */
export interface ImportedWorkflow extends Translation {
  /** The file it came from. */
  readonly source: string;
  /** Where in that file the problem is, when it is a place (the first error of text that is not JSON). */
  readonly at?: { readonly line: number; readonly column: number };
  /** The workflow's name in its file (an ARM resource's, a Standard folder's, else the file's). */
  readonly name: string;
  /** The `.jig` file name to write it to; undefined when not imported. */
  readonly fileName?: string;
  readonly parity?: ParityReport;
  /** The literal credentials moved into secure parameters (credentials.ts), which the parity check reports as differences. */
  readonly movedCredentials?: readonly MovedCredential[];
}

export interface ImportOptions {
  /** Build each imported source again and compare it with the original. */
  readonly check?: boolean;
  /** The policy the rebuilt sources are compiled against (their placeholders must pass it). */
  readonly policy: Policy;
}

export function importSources(sources: readonly ImportSource[], options: ImportOptions): ImportedWorkflow[] {
  const results: ImportedWorkflow[] = [];
  const fileNames = new Set<string>();
  for (const source of sources) {
    let documents;
    let json: unknown;
    try {
      json = parseJsonText(source.text);
      documents = workflowsOf(json, defaultName(source.path));
    } catch (error) {
      if (error instanceof JsonTextError) {
        results.push({ ...notImported(source.path, defaultName(source.path), `it is ${error.problem}`), at: { line: error.line, column: error.column } });
        continue;
      }
      results.push(notImported(source.path, defaultName(source.path), error instanceof DocumentError ? error.message : String(error)));
      continue;
    }
    for (const document of documents) {
      const malformed = malformedPart(document.definition);
      if (malformed) {
        const range = locatePointer(source.text, (document.pointer ?? '') + malformed.pointer);
        const position = range && new SourceFile(source.path, source.text).positionAt(range.start);
        results.push({ ...notImported(source.path, document.name, malformed.problem), ...(position && { at: { line: position.line + 1, column: position.character + 1 } }) });
        continue;
      }
      // A definition an ARM template deploys holds ARM's expressions, which ARM evaluates first (arm.ts).
      const arm = readArmExpressions(document.definition, document.pointer?.startsWith('/resources/') && isObject(json) ? { parameters: json.parameters, variables: json.variables, schema: json.$schema } : undefined);
      // A credential written as text goes into a secure parameter first: Jig writes none as text.
      const { definition, moved } = moveCredentials(arm.definition);
      const first = translateWorkflow(document.name, definition, { origin: baseName(source.path), keepRaw: { all: 'not translated' } });
      if (!first.text) {
        results.push({ ...first, source: source.path, name: document.name });
        continue;
      }
      const fileName = uniqueFileName(document.name, fileNames);
      const origin = baseName(source.path);
      const unread = arm.unread;
      let verified = verifiedTranslation(document.name, definition, fileName, options.policy, false, unread);
      let translation = translateWorkflow(document.name, definition, { origin, keepRaw: verified.keepRaw, holes: verified.holes, noSecretAssumed: verified.noSecretAssumed });
      // Types read from schemas may be stricter than what the workflow does with the values (a
      // field left out of `required` that it reads as a string, a number it concatenates), or make
      // Jig write more than the workflow does (a switch on an optional field gets a default, a
      // template of a value said to be there gets string()): where steps stayed raw, the source
      // with every schema written out, untyped, may say more (its values any: every category).
      if (verified.typeErrors || translation.raw.length > 0) {
        const untyped = verifiedTranslation(document.name, definition, fileName, options.policy, true, unread);
        const untypedTranslation = translateWorkflow(document.name, definition, { origin, keepRaw: untyped.keepRaw, untyped: true, holes: untyped.holes, noSecretAssumed: untyped.noSecretAssumed });
        if (untypedTranslation.expressedCount > translation.expressedCount) [verified, translation] = [untyped, untypedTranslation];
      }
      // The moved credentials are differences from the original, named so: the rest was compared with the definition that reads them.
      const parity = !options.check ? undefined : moved.length === 0 ? verified.parity : { ...verified.parity, identical: false, differences: [...verified.parity.differences, ...credentialDifferences(moved)] };
      // Laid out as jig fmt lays it out (aligned fields), so that a first jig fmt changes nothing.
      const written = translation.text ?? first.text;
      const text = formatSource(new SourceFile(fileName, written))?.text ?? written;
      results.push({ ...translation, text, source: source.path, name: document.name, fileName, ...(parity && { parity }), ...(moved.length > 0 && { movedCredentials: moved }) });
    }
  }
  return results;
}

/** Attempts at writing a workflow's actions in Jig before keeping them all raw. */
const MAX_ATTEMPTS = 8;

/**
 * Which actions may be written in Jig: the imported source, its holes filled by placeholders, is
 * built and compared with the original (parity.ts); an action written in Jig whose rebuilt JSON
 * differs from the original's, or whose step does not compile, is kept raw instead, and the source
 * is built again, until what Jig writes gives the original back. What differed already with every
 * action raw (parameters, the trigger) is not held against the actions. The last build is the
 * parity check's answer.
 */
function verifiedTranslation(
  name: string,
  original: JsonObject,
  fileName: string,
  policy: Policy,
  untyped: boolean,
  /** Actions kept raw whatever Jig could write (an ARM expression Jig does not read), with why. */
  unread: ReadonlyMap<string, string>,
): { keepRaw: KeepRaw; parity: ParityReport; typeErrors: boolean; holes: readonly string[]; noSecretAssumed: ReadonlySet<string> } {
  // The Http actions whose answer the JSON cannot say is no secret, as the attempts find them.
  const noSecretAssumed = new Set<string>();
  const baseline = rebuild(name, original, fileName, policy, { all: 'every action kept raw' }, untyped, noSecretAssumed);
  if (!baseline.parity.identical && baseline.parity.problem) {
    return { keepRaw: { all: `the workflow with every action raw is refused: ${baseline.parity.problem}` }, parity: baseline.parity, typeErrors: false, holes: baseline.holes, noSecretAssumed: new Set() };
  }
  const known = new Set(baseline.parity.differences.map(differenceKey));
  const keepRaw = new Map<string, string>(unread);
  let typeErrors = false;
  let unverified = `no source in Jig built back into it in ${MAX_ATTEMPTS} attempts`;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { parity, written, culprits, typeError, holes } = rebuild(name, original, fileName, policy, keepRaw, untyped, noSecretAssumed);
    typeErrors ||= typeError;
    // Nothing written in Jig: each action says why it is raw.
    if (written.size === 0) return { keepRaw, parity, typeErrors, holes, noSecretAssumed };
    const blamed = new Map<string, string>(culprits.map(([path, finding]) => [path, `its Jig is refused: ${finding}`]));
    let unattributed: string | undefined = parity.problem !== undefined && culprits.length === 0 ? `its Jig is refused outside any step: ${parity.problem}` : undefined;
    // An action the rebuild adds (a hidden Filter array before a loop over a secret, a hoisted
    // Select) is there for a step written in Jig that reads it, whose own difference blames it:
    // kept raw, it takes the addition away. Only an addition no such step explains blames the
    // step around it (which may be a whole loop or switch).
    const differences = parity.differences.filter((difference) => !known.has(differenceKey(difference)));
    const own = differences.filter((difference) => !isAddedAction(difference));
    const explained = own.some((difference) => writtenAncestor(difference.action, written) !== undefined);
    for (const difference of explained ? own : differences) {
      const path = writtenAncestor(difference.action, written);
      if (path) {
        if (!blamed.has(path)) blamed.set(path, `its Jig builds different JSON at ${difference.action.slice(path.length) || ''}${difference.at}: ${shortJson(difference.original)} → ${shortJson(difference.rebuilt)}`);
      } else unattributed ??= `its Jig builds different JSON outside any step (${difference.action || 'definition'} ${difference.at})`;
    }
    if (unattributed) {
      unverified = unattributed;
      break;
    }
    if (blamed.size === 0) return { keepRaw, parity, typeErrors, holes, noSecretAssumed };
    for (const [path, reason] of blamed) keepRaw.set(path, reason);
  }
  return { keepRaw: { all: unverified }, parity: baseline.parity, typeErrors, holes: baseline.holes, noSecretAssumed: new Set() };
}

/** A value of a difference, short enough for a reason. */
function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 70 ? `${text.slice(0, 67)}…` : text;
}

const differenceKey = (difference: Difference): string => `${difference.action}\u0000${difference.at}`;

/** An action of the rebuilt workflow that the original does not have (parity.ts reports it whole). */
const isAddedAction = (difference: Difference): boolean => difference.at === '' && difference.original === undefined && difference.rebuilt !== undefined;

/**
 * Findings on what the workflow says that stand for a hole the author must fill, not for a step Jig
 * wrote wrongly: a URL the policy refuses (a template's placeholder, `###httpUri###`), and a
 * credential sent where it is not for (a managed identity's token to a host computed at run time,
 * `https://management.azure.com@{variables('id')}`), which `jig check` reports where they stand.
 * The rebuild is built and compared despite them: keeping the step raw would hide the finding.
 */
const HOLES: ReadonlySet<string> = new Set(['JIG3305', 'JIG3306']);

/** The type errors (mismatch, operator, field, index, iteration, unknown field) that a schema read as a type may cause. */
const TYPE_ERRORS = new Set(['JIG2007', 'JIG2020', 'JIG2021', 'JIG2022', 'JIG2023', 'JIG2024']);

/** The deepest action of a path (`Loop/Set_x`) that was written in Jig, if any. */
function writtenAncestor(path: string, written: ReadonlyMap<string, string>): string | undefined {
  const names = path.split('/').filter((part) => part !== '');
  for (let i = names.length - 1; i >= 0; i--) {
    const found = written.get(names[i]!.toLowerCase());
    if (found) return found;
  }
  return undefined;
}

/**
 * The source with placeholders, built and compared with the original; the steps its errors stand
 * in. `noSecretAssumed` gains the Http actions written in Jig whose answer the JSON cannot say is
 * no secret (answersAssumedNoSecret): the stub says they hold none, as the author's confirmation
 * of the importer's hole would, and is built again where it found new ones.
 */
function rebuild(
  name: string,
  original: JsonObject,
  fileName: string,
  policy: Policy,
  keepRaw: KeepRaw,
  untyped: boolean,
  noSecretAssumed: Set<string>,
): { parity: ParityReport; written: ReadonlyMap<string, string>; culprits: [string, string][]; typeError: boolean; holes: string[] } {
  // The stub's data is about no one (its placeholder category), and parity does not judge the
  // policy: without the mailbox's mixed source, a raw or connector step through Office 365's
  // connection (which reads it, rule 2) is no finding that would keep every step raw.
  const compile = () => {
    const stub = translateWorkflow(name, original, { stub: true, keepRaw, untyped, noSecretAssumed });
    return { stub, compilation: compileText(fileName, stub.text ?? '', { policy: { ...policy, mixedSources: new Map() } }) };
  };
  let { stub, compilation } = compile();
  const written = stub.writtenActions ?? new Map<string, string>();
  const found = answersAssumedNoSecret(compilation.model, written).filter((action) => !noSecretAssumed.has(action));
  if (found.length > 0) {
    for (const action of found) noSecretAssumed.add(action);
    ({ stub, compilation } = compile());
  }
  const blocking = (d: Diagnostic) => d.severity === 'error' && !d.waived && !HOLES.has(d.code);
  const checked = compilation.diagnostics.filter(blocking);
  const emitted = checked.length === 0 ? compilation.emit(HOLES) : undefined;
  // Emission's own findings: in `diagnostics` already, unless a hole kept them out.
  const errors = [...checked, ...(emitted?.diagnostics.filter((d) => blocking(d) && !checked.includes(d)) ?? [])];
  const rebuilt = errors.length === 0 ? emitted?.workflows[0]?.definition : undefined;
  const holes = holesOf(compilation.diagnostics.filter((d) => d.severity === 'error' && HOLES.has(d.code)));
  if (!rebuilt) {
    const failures = errors;
    const first = failures[0];
    const culprits = failures.map((d) => [namedStepAt(compilation.syntax.file, d.range.start, written), `${d.code} ${d.message}`] as [string | undefined, string]);
    return {
      parity: { identical: false, problem: first ? `${first.code} ${first.message}` : 'it emitted no workflow', differences: [] },
      written,
      culprits: culprits.every((culprit): culprit is [string, string] => culprit[0] !== undefined) ? culprits : [],
      typeError: failures.some((d) => TYPE_ERRORS.has(d.code)),
      holes,
    };
  }
  const result = compareWorkflows(original, rebuilt as unknown as JsonObject);
  return { parity: { identical: result.differences.length === 0, differences: result.differences }, written, culprits: [], typeError: false, holes };
}

/**
 * The actions written in Jig (by name in lower case) whose answer the analysis takes for a possible
 * credential only because the JSON cannot say which service answers (semantics/store-reads.ts
 * credentialAnswerOf, `run time`): an Http call that authenticates to a URL known only at run time,
 * an operation through a connection Jig cannot identify (a key but the managed APIs deploy wires,
 * any of which may be Key Vault's or a custom connector's) or a provider computed at run time. One
 * that may reach a service that answers credentials (Key Vault's connection or URL, Resource
 * Manager's list…) is left a secret: the JSON says it.
 */
function answersAssumedNoSecret(model: SemanticModel, written: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const declaration of model.file.declarations) {
    if (declaration.kind !== 'Flow') continue;
    forEachStep(declaration.body, (step) => {
      if (step.kind !== 'Let' || step.value.kind !== 'HttpCall') return;
      const action = actionNameOf(step);
      if (action === undefined || !written.has(action)) return;
      const call = step.value;
      const authenticates = call.auth !== undefined || model.callOptionsOf(step).identity !== undefined;
      if (credentialAnswerOf(call, (url) => model.urlValuesOf(url), authenticates) === 'run time') found.push(action);
    });
  }
  return found;
}

/** The action a step written by jig import stands for (`@action("NAME")`), in lower case. */
function actionNameOf(step: Step): string | undefined {
  const arg = step.annotations.find((a) => a.name.name === 'action')?.args[0];
  return arg?.kind === 'String' && arg.value !== undefined ? arg.value.toLowerCase() : undefined;
}

/** What the author must write where the holes' findings stand (`jig check` reports each there): one a finding, with how many steps it stands in. */
function holesOf(findings: readonly Diagnostic[]): string[] {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    const text = `${finding.message.replace(/\.$/, '')} (${finding.code}`;
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return [...counts].map(([text, count]) => `a real destination: ${text}${count > 1 ? `, ${count} steps` : ''})`);
}

/** The path of the innermost step written in Jig (`@action`) around an offset of the rebuilt source. */
function namedStepAt(file: JigFile, offset: number, written: ReadonlyMap<string, string>): string | undefined {
  let found: { path: string; size: number } | undefined;
  for (const declaration of file.declarations) {
    if (declaration.kind !== 'Flow') continue;
    forEachStep(declaration.body, (step) => {
      if (offset < step.range.start || offset > step.range.end) return;
      const action = actionNameOf(step);
      const path = action !== undefined ? written.get(action) : undefined;
      const size = step.range.end - step.range.start;
      if (path && (!found || size < found.size)) found = { path, size };
    });
  }
  return found?.path;
}

function notImported(source: string, name: string, problem: string): ImportedWorkflow {
  return { source, name, problem, holes: [], rawActions: [], raw: [], actionCount: 0, expressedCount: 0, droppedParameters: [] };
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** A file's workflow is named after the file; a Standard `workflow.json` after its folder. */
function defaultName(path: string): string {
  const parts = path.split(/[\\/]/);
  const file = parts.pop() ?? path;
  if (/^workflow\.json$/i.test(file) && parts.length > 0) return parts.pop()!;
  return file.replace(/\.[^.]*$/, '');
}

function uniqueFileName(name: string, taken: Set<string>): string {
  const stem = name.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[._-]+/, '') || 'workflow';
  let fileName = `${stem}.jig`;
  for (let n = 2; taken.has(fileName.toLowerCase()); n++) fileName = `${stem}_${n}.jig`;
  taken.add(fileName.toLowerCase());
  return fileName;
}

