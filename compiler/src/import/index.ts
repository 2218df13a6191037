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
import { compareWorkflows, type Difference } from './parity.js';
import { translateWorkflow, type Translation } from './translate.js';
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
  /** The workflow's name in its file (an ARM resource's, a Standard folder's, else the file's). */
  readonly name: string;
  /** The `.jig` file name to write it to; undefined when not imported. */
  readonly fileName?: string;
  readonly parity?: ParityReport;
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
    try {
      documents = workflowsOf(JSON.parse(source.text) as unknown, defaultName(source.path));
    } catch (error) {
      const problem = error instanceof SyntaxError ? `it is not JSON: ${error.message}` : error instanceof DocumentError ? error.message : String(error);
      results.push(notImported(source.path, defaultName(source.path), problem));
      continue;
    }
    for (const document of documents) {
      const translation = translateWorkflow(document.name, document.definition, { origin: baseName(source.path) });
      if (!translation.text) {
        results.push({ ...translation, source: source.path, name: document.name });
        continue;
      }
      const fileName = uniqueFileName(document.name, fileNames);
      const parity = options.check ? checkParity(document.name, document.definition, fileName, options.policy) : undefined;
      // Laid out as jig fmt lays it out (aligned fields), so that a first jig fmt changes nothing.
      const text = formatSource(new SourceFile(fileName, translation.text))?.text ?? translation.text;
      results.push({ ...translation, text, source: source.path, name: document.name, fileName, ...(parity && { parity }) });
    }
  }
  return results;
}

/** The imported source with its holes filled by placeholders, built, and compared with the original. */
function checkParity(name: string, original: Record<string, unknown>, fileName: string, policy: Policy): ParityReport {
  const stub = translateWorkflow(name, original, { stub: true });
  const compilation = compileText(fileName, stub.text ?? '', { policy });
  const errors = compilation.diagnostics.filter((d) => d.severity === 'error' && !d.waived);
  const emitted = errors.length === 0 ? compilation.emit() : undefined;
  const rebuilt = emitted?.workflows[0]?.definition;
  if (!rebuilt) {
    const first = errors[0] ?? emitted?.diagnostics.find((d) => d.severity === 'error');
    return { identical: false, problem: first ? `${first.code} ${first.message}` : 'it emitted no workflow', differences: [] };
  }
  const result = compareWorkflows(original, rebuilt as unknown as Record<string, unknown>);
  return { identical: result.differences.length === 0, differences: result.differences };
}

function notImported(source: string, name: string, problem: string): ImportedWorkflow {
  return { source, name, problem, holes: [], rawActions: [], actionCount: 0, expressedCount: 0, droppedParameters: [] };
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

