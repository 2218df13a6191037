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

export interface ReadOptions {
  /**
   * Read no more than this many bytes: a larger file rejects with `FileTooLarge`, and anything but a
   * regular file (a FIFO, a device) with `NotARegularFile`, before anything is read.
   */
  readonly maxBytes?: number;
}

/** `readFile` refused a file larger than its `maxBytes`. */
export class FileTooLarge extends Error {
  constructor(
    readonly path: string,
    readonly size: number,
  ) {
    super(`'${path}' is larger than the limit`);
  }
}

/** `readFile` with `maxBytes` refused a FIFO, a device or a folder. */
export class NotARegularFile extends Error {
  constructor(readonly path: string) {
    super(`'${path}' is not a regular file`);
  }
}

export interface FileSystem {
  /** The file's bytes; rejects when the file cannot be read. */
  readFile(path: string, options?: ReadOptions): Promise<Uint8Array>;
  /** Undefined when nothing exists at the path. Follows symbolic links. */
  stat(path: string): Promise<FileStat | undefined>;
  /** The path with every symbolic link followed (absolute, `/`-separated); rejects when nothing is there. */
  realPath(path: string): Promise<string>;
  readDirectory(path: string): Promise<readonly DirectoryEntry[]>;
  exists(path: string): Promise<boolean>;
  /** Absolute paths of the files a glob pattern (relative to `cwd`) matches, sorted. */
  glob(pattern: string, cwd: string): Promise<readonly string[]>;
}
