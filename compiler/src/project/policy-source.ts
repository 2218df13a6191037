/**
 * Policy files read through the project's FileSystem, each as carefully as a source
 * (named-files.ts). The policy loader resolves `extends` synchronously from texts it is handed,
 * while files arrive asynchronously; so the chain is read in rounds: load, read whatever base files
 * it asked for and did not have, load again.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { FileDiagnostics } from '../diagnostics/format/located.js';
import { loadEmbeddedPolicy, loadPolicy, type LoadPolicyResult } from '../policy/load.js';
import type { SourceFile } from '../syntax/source.js';
import type { FileSystem } from './host.js';
import { readNamedFile, type NamedFile } from './named-files.js';
import { dirname, resolvePath } from './paths.js';
import type { PolicyLoad, PolicyRequest, PolicySource } from './workspace.js';

/** A chain of `extends` longer than this is a cycle the loader reports, or a mistake. */
const MAX_ROUNDS = 32;

export function fileSystemPolicySource(fs: FileSystem): PolicySource {
  return {
    embedded: loadEmbeddedPolicy,
    load: (request) => loadPolicyFile(fs, request),
  };
}

/**
 * The policy file `request.path` and the files it extends, each read only inside `request.roots`.
 * `missing` or `refused` when the file itself cannot be used: the caller reports that where the file
 * was named (jig.yaml's `policy:`, the command line).
 */
export async function loadPolicyFile(fs: FileSystem, request: PolicyRequest): Promise<PolicyLoad> {
  const reads = new Map<string, NamedFile>();
  const read = async (file: string, written: string) => {
    reads.set(file, await readNamedFile(fs, file, { what: 'policy file', written, roots: request.roots }));
  };
  await read(request.path, request.written);
  const first = reads.get(request.path)!;
  if (first.status === 'missing') return { missing: true };
  if (first.status === 'refused') return { refused: first.problem };

  let result: LoadPolicyResult = { diagnostics: [] };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const missing = new Map<string, string>();
    result = loadPolicy(first.text, request.path, (reference, fromFileName) => {
      const target = resolvePath(dirname(fromFileName), reference);
      const found = reads.get(target);
      if (found === undefined) missing.set(target, reference);
      if (found?.status === 'refused') return { refused: found.problem };
      return found?.status === 'read' ? { text: found.text, fileName: target } : undefined;
    });
    if (missing.size === 0) break;
    await Promise.all([...missing].map(([file, reference]) => read(file, reference)));
  }
  return { ...(result.policy && { policy: result.policy }), problems: byFile(result) };
}

function byFile(result: LoadPolicyResult): FileDiagnostics[] {
  const files = new Map<SourceFile, Diagnostic[]>();
  for (const { file, ...diagnostic } of result.diagnostics) {
    const list = files.get(file) ?? [];
    list.push(diagnostic);
    files.set(file, list);
  }
  return [...files].map(([source, diagnostics]) => ({ source, diagnostics }));
}
