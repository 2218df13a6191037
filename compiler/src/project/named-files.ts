/**
 * Policy and project files are read as carefully as sources (README, "Policy", rule 9). jig.yaml, the
 * policy it names and every file a policy `extends` come from the repository, which a pull request
 * controls, and are read on CI machines that hold secrets. So a file named as one of them is read
 * only if it is a regular file (not a FIFO, a device, a folder), within the size limit of sources
 * (judged before reading, and no read goes past it), named `.yaml` or `.yml` (and so is the file a
 * link leads to), and, links followed, inside the project's folder or its repository but not in
 * `.git`. Then it must be UTF-8 text. A refused file is never shown: the caller reports the refusal
 * where the file was named (the `policy:` of jig.yaml, an `extends:`), or at the start of an empty
 * jig.yaml, so no code frame ever holds its text.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import * as project from '../diagnostics/catalogue/project.js';
import { decodeUtf8Text, MAX_SOURCE_BYTES } from '../syntax/decode.js';
import type { TextRange } from '../syntax/source.js';
import { FileTooLarge, NotARegularFile, type FileSystem } from './host.js';
import { basename, dirname, resolvePath } from './paths.js';

/** Policy and project files share the limit of sources. */
export const MAX_NAMED_FILE_BYTES = MAX_SOURCE_BYTES;

export type NamedFileKind = 'project file' | 'policy file' | 'test file';

export type NamedFile =
  | { readonly status: 'read'; readonly text: string }
  | { readonly status: 'missing' }
  /** Not read, or not shown: the diagnostic, at the place that named the file. */
  | { readonly status: 'refused'; readonly problem: (range: TextRange) => Diagnostic };

export interface NamedFileOptions {
  readonly what: NamedFileKind;
  /** How the file was named, for messages (the `policy:` value as written, `jig.yaml`). */
  readonly written: string;
  /** Real paths of the folders the file must lie in (`projectRoots`). */
  readonly roots: readonly string[];
}

/**
 * The folders a project's files may lie in, as real paths: the project's folder and the root of the
 * repository holding it (the nearest folder at or above it with a `.git` entry), if any.
 */
export async function projectRoots(fs: FileSystem, directory: string): Promise<string[]> {
  const roots = new Set<string>();
  const real = await fs.realPath(directory).catch(() => undefined);
  if (real !== undefined) roots.add(real);
  for (let folder = directory; ; folder = dirname(folder)) {
    if (await fs.exists(resolvePath(folder, '.git'))) {
      const repository = await fs.realPath(folder).catch(() => undefined);
      if (repository !== undefined) roots.add(repository);
      break;
    }
    if (dirname(folder) === folder) break;
  }
  return [...roots];
}

/** Reads the file at `path` (absolute) if it passes every check above. */
export async function readNamedFile(fs: FileSystem, path: string, options: NamedFileOptions): Promise<NamedFile> {
  const { what, written, roots } = options;
  const refuse = (problem: (range: TextRange) => Diagnostic): NamedFile => ({ status: 'refused', problem });
  if (!isYamlName(path)) return refuse((range) => project.namedFileNotYaml(range, { what, path: written, name: written }));

  const stat = await fs.stat(path);
  if (!stat) return { status: 'missing' };
  if (stat.kind !== 'file') {
    const kind = stat.kind === 'directory' ? 'a folder' : 'a FIFO, a device or a socket';
    return refuse((range) => project.namedFileNotRegular(range, { what, path: written, kind }));
  }
  let realPath: string;
  try {
    realPath = await fs.realPath(path);
  } catch (error) {
    return refuse((range) => project.namedFileUnreadable(range, { what, path: written, reason: reasonOf(error) }));
  }
  if (!isYamlName(realPath)) return refuse((range) => project.namedFileNotYaml(range, { what, path: written, name: realPath }));
  const where = placeIn(realPath, roots);
  if (where !== undefined) {
    return refuse((range) => project.namedFileOutsideProject(range, { what, path: written, realPath: realPath === path ? written : realPath, where }));
  }
  const tooLarge = (size: number) =>
    refuse((range) => project.namedFileTooLarge(range, { what, path: written, size, limit: MAX_NAMED_FILE_BYTES }));
  if (stat.size > MAX_NAMED_FILE_BYTES) return tooLarge(stat.size);

  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path, { maxBytes: MAX_NAMED_FILE_BYTES });
  } catch (error) {
    if (error instanceof FileTooLarge) return tooLarge(error.size);
    if (error instanceof NotARegularFile) {
      return refuse((range) => project.namedFileNotRegular(range, { what, path: written, kind: 'not a regular file once opened' }));
    }
    return refuse((range) => project.namedFileUnreadable(range, { what, path: written, reason: reasonOf(error) }));
  }
  const decoded = decodeUtf8Text(bytes);
  if ('text' in decoded) return { status: 'read', text: decoded.text };
  const problem = 'binary' in decoded ? 'it holds NUL bytes' : `the first byte that is not UTF-8 is at offset ${decoded.invalidAt}`;
  return refuse((range) => project.namedFileNotText(range, { what, path: written, problem }));
}

/**
 * Where the output folder jig.yaml names (`out`) lies when that is outside the project's folder and
 * its repository, or in `.git`; undefined when it lies inside. jig.yaml comes from the repository, so
 * a pull request could otherwise have `jig build` on a CI machine write workflows (`config.json`,
 * the folder's manifest) into any folder the build may write, `~/.docker` as readily as its own
 * `build/`: its links are followed as far as they exist, as a write would follow them.
 */
export async function outputFolderOutside(fs: FileSystem, folder: string, roots: readonly string[]): Promise<string | undefined> {
  let existing = folder;
  const rest: string[] = [];
  while (!(await fs.exists(existing)) && dirname(existing) !== existing) {
    rest.unshift(basename(existing));
    existing = dirname(existing);
  }
  const real = await fs.realPath(existing).catch(() => undefined);
  if (real === undefined) return 'where it cannot be resolved';
  const path = [real === '/' ? '' : real, ...rest].join('/') || '/';
  return roots.includes(path) ? undefined : placeIn(path, roots);
}

/**
 * Why the file at `path`, which a project file names (a test file's `source`), may not be read, or
 * undefined: it must be a regular file within the size limit of sources, whose name, links followed,
 * `names` accepts, inside `roots` and not in `.git`. A FIFO or a device would hang the read, and a
 * file elsewhere on the machine would reach a message (as a code frame, or as JSON's complaint).
 */
export async function namedSourceProblem(fs: FileSystem, path: string, roots: readonly string[], names: { readonly pattern: RegExp; readonly text: string }): Promise<string | undefined> {
  const stat = await fs.stat(path);
  if (!stat) return undefined;
  if (stat.kind !== 'file') return `is ${stat.kind === 'directory' ? 'a folder' : 'a FIFO, a device or a socket'}, not a regular file`;
  const realPath = await fs.realPath(path).catch(() => undefined);
  if (realPath === undefined) return 'cannot be read';
  if (!names.pattern.test(basename(realPath))) return `${realPath === path ? 'is' : `leads to '${realPath}', which is`} not ${names.text}`;
  const where = placeIn(realPath, roots);
  if (where !== undefined) return `${realPath === path ? 'lies' : `leads to '${realPath}', which lies`} ${where}`;
  if (stat.size > MAX_NAMED_FILE_BYTES) return `is ${(stat.size / 1048576).toFixed(1)} MB, larger than a source may be`;
  return undefined;
}

/** The message of a refusal, for a file named where no diagnostic can point (the command line, a setting). */
export function refusalMessage(problem: (range: TextRange) => Diagnostic): string {
  return problem({ start: 0, end: 0 }).message;
}

export function isYamlName(path: string): boolean {
  return /\.ya?ml$/i.test(basename(path));
}

/** Undefined when `realPath` lies inside one of `roots` and not in a `.git` folder; else where it lies, for the message. */
function placeIn(realPath: string, roots: readonly string[]): string | undefined {
  const root = roots.find((candidate) => realPath.startsWith(candidate === '/' ? '/' : `${candidate}/`));
  if (root === undefined) return 'outside the project and its repository';
  const inside = realPath.slice(root.length).split('/');
  return inside.includes('.git') ? "inside the repository's .git folder" : undefined;
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'it disappeared while it was read';
  if (code === 'ELOOP') return 'its symbolic links loop';
  return typeof code === 'string' ? code : 'the file system refused it';
}
