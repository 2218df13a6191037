/** An in-memory FileSystem for tests of the project model: paths are absolute and `/`-separated. */
import type { DirectoryEntry, FileSystem } from '../../compiler/src/project/host.js';
import { normalizePath } from '../../compiler/src/project/paths.js';

export function memoryFileSystem(files: Record<string, string | Uint8Array>): FileSystem & { reads: string[] } {
  const contents = new Map<string, Uint8Array>();
  for (const [path, content] of Object.entries(files)) {
    contents.set(normalizePath(path), typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }
  const isDirectory = (path: string) => {
    const prefix = path === '/' ? '/' : `${path}/`;
    return [...contents.keys()].some((file) => file.startsWith(prefix));
  };
  const reads: string[] = [];
  return {
    reads,
    async readFile(path) {
      const content = contents.get(path);
      if (!content) throw new Error(`ENOENT: ${path}`);
      reads.push(path);
      return content;
    },
    async stat(path) {
      const content = contents.get(path);
      if (content) return { kind: 'file', size: content.length };
      return isDirectory(path) ? { kind: 'directory', size: 0 } : undefined;
    },
    async readDirectory(path) {
      const prefix = path === '/' ? '/' : `${path}/`;
      const entries = new Map<string, DirectoryEntry>();
      for (const file of contents.keys()) {
        if (!file.startsWith(prefix)) continue;
        const [name, ...rest] = file.slice(prefix.length).split('/');
        entries.set(name!, { name: name!, kind: rest.length > 0 ? 'directory' : 'file' });
      }
      return [...entries.values()];
    },
    async exists(path) {
      return contents.has(path) || isDirectory(path);
    },
    async glob(pattern, cwd) {
      // Enough for tests: `*` within one path segment, `**/` across folders.
      const absolute = normalizePath(pattern.startsWith('/') ? pattern : `${cwd}/${pattern}`);
      const regex = new RegExp(
        `^${absolute
          .replace(/[.+^${}()|\\]/g, '\\$&')
          .replace(/\*\*\//g, '\u0000')
          .replace(/\*/g, '[^/]*')
          .replace(/\u0000/g, '(?:.*/)?')}$`,
      );
      return [...contents.keys()].filter((file) => regex.test(file)).sort();
    },
  };
}

