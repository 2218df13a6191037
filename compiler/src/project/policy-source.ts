/**
 * Policy files read through the project's FileSystem. The policy loader resolves `extends`
 * synchronously from texts it is handed, while files arrive asynchronously; so the chain is read
 * in rounds: load, read whatever base files it asked for and did not have, load again.
 */
import type { FileDiagnostics } from '../diagnostics/format/located.js';
import { loadEmbeddedPolicy, loadPolicy, type LoadPolicyResult } from '../policy/load.js';
import type { SourceFile } from '../syntax/source.js';
import type { FileSystem } from './host.js';
import { dirname, resolvePath } from './paths.js';
import { InputError, type PolicySource } from './workspace.js';

/** A chain of `extends` longer than this is a cycle the loader reports, or a mistake. */
const MAX_ROUNDS = 32;

export function fileSystemPolicySource(fs: FileSystem): PolicySource {
  return {
    embedded: loadEmbeddedPolicy,
    load: (path) => loadPolicyFile(fs, path),
  };
}

export async function loadPolicyFile(fs: FileSystem, path: string): ReturnType<PolicySource['load']> {
  const texts = new Map<string, string>();
  const unreadable = new Set<string>();
  const read = async (file: string) => {
    try {
      texts.set(file, new TextDecoder().decode(await fs.readFile(file)));
    } catch {
      unreadable.add(file);
    }
  };
  await read(path);
  const text = texts.get(path);
  if (text === undefined) throw new InputError(`cannot read the policy file '${path}'`);

  let result: LoadPolicyResult = { diagnostics: [] };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const missing = new Set<string>();
    result = loadPolicy(text, path, (reference, fromFileName) => {
      const target = resolvePath(dirname(fromFileName), reference);
      const found = texts.get(target);
      if (found === undefined && !unreadable.has(target)) missing.add(target);
      return found === undefined ? undefined : { text: found, fileName: target };
    });
    if (missing.size === 0) break;
    await Promise.all([...missing].map(read));
  }
  return { ...(result.policy && { policy: result.policy }), problems: byFile(result) };
}

function byFile(result: LoadPolicyResult): FileDiagnostics[] {
  const files = new Map<SourceFile, FileDiagnostics['diagnostics'][number][]>();
  for (const { file, ...diagnostic } of result.diagnostics) {
    const list = files.get(file) ?? [];
    list.push(diagnostic);
    files.set(file, list);
  }
  return [...files].map(([source, diagnostics]) => ({ source, diagnostics }));
}
