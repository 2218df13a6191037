/**
 * Reads a policy file and the files it `extends` through the asynchronous FileSystem, for the
 * compiler's synchronous `loadPolicy` (which takes a resolver returning text). Each pass lets the
 * loader name the files it wanted that were not read yet; they are read and the load runs again.
 */
import {
  dirname,
  isAbsolutePath,
  loadEmbeddedPolicy,
  loadPolicy,
  resolvePath,
  type Diagnostic,
  type FileSystem,
  type Policy,
  type SourceFile,
} from '../../compiler/src/index.js';

export function embeddedPolicy(): Policy {
  return loadEmbeddedPolicy();
}

export interface PolicyFileResult {
  readonly policy?: Policy;
  /** Problems by the file they are in (the policy file, or a file it extends). */
  readonly problems: ReadonlyMap<string, { readonly source: SourceFile; readonly diagnostics: Diagnostic[] }>;
  /** The file itself could not be read (the caller reports it where the path was written). */
  readonly unreadable?: boolean;
}

/** `extends` chains longer than this are cut short by the loader's own cycle check anyway. */
const MAX_PASSES = 16;

export async function readPolicyFile(fs: FileSystem, path: string): Promise<PolicyFileResult> {
  const texts = new Map<string, string | undefined>();
  const read = async (file: string): Promise<void> => {
    try {
      texts.set(file, new TextDecoder().decode(await fs.readFile(file)));
    } catch {
      texts.set(file, undefined);
    }
  };
  await read(path);
  const text = texts.get(path);
  if (text === undefined) return { problems: new Map(), unreadable: true };
  for (let pass = 0; ; pass++) {
    const wanted: string[] = [];
    const result = loadPolicy(text, path, (reference, from) => {
      const file = isAbsolutePath(reference) ? reference : resolvePath(dirname(from), reference);
      if (!texts.has(file)) {
        wanted.push(file);
        return undefined;
      }
      const found = texts.get(file);
      return found === undefined ? undefined : { text: found, fileName: file };
    });
    if (wanted.length === 0 || pass >= MAX_PASSES) {
      const problems = new Map<string, { source: SourceFile; diagnostics: Diagnostic[] }>();
      for (const diagnostic of result.diagnostics) {
        const { file, ...plain } = diagnostic;
        const entry = problems.get(file.fileName) ?? { source: file, diagnostics: [] };
        entry.diagnostics.push(plain);
        problems.set(file.fileName, entry);
      }
      return { ...(result.policy && { policy: result.policy }), problems };
    }
    await Promise.all(wanted.map(read));
  }
}
