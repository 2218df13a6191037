/**
 * The Node implementation of the project's `FileSystem`, and atomic writes for the CLI. This is
 * the only file of the project model that touches `node:fs`.
 */
import {
  closeSync,
  lstatSync,
  readlinkSync,
  rmdirSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { glob } from 'tinyglobby';
import { FileTooLarge, NotARegularFile, type DirectoryEntry, type FileStat, type FileSystem } from './host.js';
import { normalizePath } from './paths.js';

function kindOf(entry: { isFile(): boolean; isDirectory(): boolean }): FileStat['kind'] {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'directory';
  return 'other';
}

// Reads, stats and folder listings are synchronous behind the asynchronous interface: a check
// reads a thousand small files, and each asynchronous read is four trips through libuv's thread
// pool (open, stat, read, close), which cost more than the reads themselves. Only regular files are
// read (the workspace stats first, and a read with `maxBytes` checks the open file), so no read can
// wait forever on a FIFO.
export const nodeFileSystem: FileSystem = {
  async readFile(path, options) {
    return options?.maxBytes === undefined ? readFileSync(path) : readAtMost(path, options.maxBytes);
  },
  async realPath(path) {
    return normalizePath(realpathSync.native(path));
  },
  async stat(path) {
    try {
      const stats = statSync(path, { throwIfNoEntry: false });
      return stats && { kind: kindOf(stats), size: stats.size };
    } catch {
      return undefined;
    }
  },
  async readDirectory(path) {
    const entries = readdirSync(path, { withFileTypes: true });
    return entries.map((entry): DirectoryEntry => ({ name: entry.name, kind: kindOf(entry) }));
  },
  async exists(path) {
    return (await this.stat(path)) !== undefined;
  },
  async glob(pattern, cwd) {
    const matches = await glob(pattern, { cwd, absolute: true, onlyFiles: true, ignore: ['**/node_modules/**'] });
    return matches.map(normalizePath).sort();
  },
};

/**
 * A regular file of at most `maxBytes`, judged on the open file itself, so that nothing swapped in
 * after an earlier stat is read either. Opened without blocking: opening a FIFO for reading would
 * otherwise wait for a writer. No more than the size the open file had is read, so a file that grows
 * meanwhile cannot push the read past the limit.
 */
function readAtMost(path: string, maxBytes: number): Uint8Array {
  const descriptor = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) throw new NotARegularFile(path);
    if (stats.size > maxBytes) throw new FileTooLarge(path, stats.size);
    const buffer = Buffer.allocUnsafe(stats.size);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(descriptor, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Writes a file so that no reader ever sees it half-written: the text goes to a temporary file
 * beside the target (same directory, so the same file system), which is then renamed over it.
 * A failure is an OutputError when it has a plain reason.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await writeFilesAtomic([{ path, content: text }]);
}

/**
 * Many files, each atomically. Synchronously: a build writes thousands of small files, and each
 * asynchronous write is five trips through libuv's four-thread pool, which left the process idle
 * most of the time it spent writing.
 */
export async function writeFilesAtomic(files: readonly { path: string; content: string }[]): Promise<void> {
  // Every folder first: a folder that cannot be made stops the build before any file is written.
  for (const directory of new Set(files.map((file) => dirname(file.path)))) {
    try {
      makeFolders(directory);
    } catch (error) {
      throw outputError(error, directory, directory);
    }
  }
  for (const file of files) {
    try {
      replaceFileSync(file.path, file.content);
    } catch (error) {
      throw outputError(error, file.path, dirname(file.path));
    }
  }
}

/**
 * `mkdir -p`, one folder at a time: Node's recursive mkdir loops for ever where a folder exists and
 * the one inside it cannot be made (`/proc/1/x`).
 */
function makeFolders(folder: string): void {
  const missing: string[] = [];
  for (let part = folder; !statSync(part, { throwIfNoEntry: false }); part = dirname(part)) {
    missing.unshift(part);
    if (dirname(part) === part) break;
  }
  for (const part of missing) {
    try {
      mkdirSync(part);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * An output folder or file that cannot be written, said plainly: a problem of the command line or
 * the machine (exit code 2), not of the compiler. `problem` reads after the quoted path.
 */
export class OutputError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`'${path}' ${problem}`);
    this.name = 'OutputError';
  }
}

const OUTPUT_PROBLEMS: Readonly<Record<string, string>> = {
  EACCES: 'cannot be written: permission denied',
  EPERM: 'cannot be written: permission denied',
  EROFS: 'cannot be written: the file system is read-only',
  ENOSPC: 'cannot be written: no space is left on the device',
  EDQUOT: 'cannot be written: the disk quota is exceeded',
  ENAMETOOLONG: 'cannot be written: the name is too long',
  EISDIR: 'is a folder, where a file must be written',
  ELOOP: 'cannot be written: its links form a loop',
  ENOENT: 'cannot be written: the file system does not allow it there',
};

/** The plain reason a write under `folder` failed, or the error itself when it is none of these. */
function outputError(error: unknown, path: string, folder: string): unknown {
  const blocked = blockingPart(folder);
  if (blocked) return blocked;
  const problem = OUTPUT_PROBLEMS[(error as NodeJS.ErrnoException).code ?? ''];
  return problem ? new OutputError(path, problem) : error;
}

/** From the root down to `folder`: the first part that exists but is no folder, or a link to nothing. */
function blockingPart(folder: string): OutputError | undefined {
  const parts: string[] = [];
  for (let part = folder; ; part = dirname(part)) {
    parts.unshift(part);
    if (dirname(part) === part) break;
  }
  for (const part of parts) {
    const own = lstatSync(part, { throwIfNoEntry: false });
    if (!own) return undefined;
    const target = own.isSymbolicLink() ? statSync(part, { throwIfNoEntry: false }) : own;
    if (!target) return new OutputError(part, `is a link to '${readlinkSync(part)}', which does not exist`);
    if (!target.isDirectory()) return new OutputError(part, own.isSymbolicLink() ? 'is a link to a file, not to a folder' : 'is a file, not a folder');
  }
  return undefined;
}

/** A file's text, or undefined when there is no such regular file. */
export function readTextIfPresent(path: string): string | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

export function fileExists(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false }) !== undefined;
}

/** Hex SHA-256 of a text; `node:crypto` is loaded only by the commands that ask. */
export async function textHasher(): Promise<(text: string) => string> {
  const { createHash } = await import('node:crypto');
  return (text) => createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Removes `path` if it still holds what was written there (its hash is `sha256`), then the folders
 * above it, up to `root`, that this left empty. A file changed since, or gone, is left as it is, and
 * so is one that a link inside the folder leads out of it to: the manifest that names it comes from
 * the repository (rule 9), and `build/link -> ~` with `link/.bashrc` would remove a file of known
 * content anywhere the build may write.
 */
export function removeIfUnchanged(root: string, path: string, sha256: string, hash: (text: string) => string): 'removed' | 'changed' | 'gone' {
  let real: string;
  let realRoot: string;
  try {
    real = normalizePath(realpathSync.native(path));
    realRoot = normalizePath(realpathSync.native(root));
  } catch {
    return 'gone';
  }
  if (!real.startsWith(`${realRoot}/`)) return 'changed';
  const text = readTextIfPresent(path);
  if (text === undefined) return 'gone';
  if (hash(text) !== sha256) return 'changed';
  rmSync(path);
  for (let folder = dirname(path); folder.length > root.length && folder.startsWith(root); folder = dirname(folder)) {
    try {
      rmdirSync(folder);
    } catch {
      break; // not empty
    }
  }
  return 'removed';
}

function replaceFileSync(path: string, text: string): void {
  const own = lstatSync(path, { throwIfNoEntry: false });
  const existing = own?.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : own;
  if (existing && !existing.isFile() && !existing.isDirectory()) {
    // A device or a pipe (`-o /dev/stdout`) is written to: renaming over it would replace it.
    writeFileSync(path, text, 'utf8');
    return;
  }
  if (own?.isSymbolicLink() && existing) {
    // The file a link names is rewritten (jig fmt of a linked source), not the link replaced by a copy.
    return replaceFileSync(realpathSync(path), text);
  }
  const temporary = temporaryPath(path);
  // A rewritten file (jig fmt) keeps its permissions; a new one gets the default.
  const mode = existing?.isFile() ? existing.mode & 0o7777 : undefined;
  try {
    writeFileSync(temporary, text, { encoding: 'utf8', flag: 'wx', ...(mode !== undefined && { mode }) });
    renameSync(temporary, path);
  } catch (error) {
    if (madeTemporary(error)) rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Unique to this process (no two running processes share a pid; the random part covers processes
 * of other machines writing to a shared folder); the counter makes it unique to each write. Not
 * `crypto`: loading it would cost every command, for names that need no secrecy.
 */
const temporaryPrefix = `.${process.pid.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
let temporaryCount = 0;

/** Written with `wx`, a temporary file never replaces another one: on EEXIST it is another writer's. */
function madeTemporary(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code !== 'EEXIST';
}

function temporaryPath(path: string): string {
  return join(dirname(path), `${temporaryPrefix}-${(temporaryCount++).toString(36)}.jig-tmp`);
}

