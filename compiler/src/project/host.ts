/**
 * The file system as the compiler core sees it. The CLI hands it `node-host.ts`; the language
 * server may overlay open editor buffers; a browser worker can serve files from memory. Paths are
 * absolute and use `/` (see `paths.ts`); the host converts to and from the platform's own form.
 */
export interface FileStat {
  readonly kind: 'file' | 'directory' | 'other';
  readonly size: number;
}

export interface DirectoryEntry {
  readonly name: string;
  readonly kind: 'file' | 'directory' | 'other';
}

export interface FileSystem {
  /** The file's bytes; rejects when the file cannot be read. */
  readFile(path: string): Promise<Uint8Array>;
  /** Undefined when nothing exists at the path. */
  stat(path: string): Promise<FileStat | undefined>;
  readDirectory(path: string): Promise<readonly DirectoryEntry[]>;
  exists(path: string): Promise<boolean>;
  /** Absolute paths of the files a glob pattern (relative to `cwd`) matches, sorted. */
  glob(pattern: string, cwd: string): Promise<readonly string[]>;
}
