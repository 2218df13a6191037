/**
 * A `FileSystem` held in memory: the browser playground's project (its jig.yaml, policy and
 * examples) and the tests of the project model. Paths are absolute and `/`-separated; the files
 * are fixed when it is made.
 */
import { FileTooLarge, type DirectoryEntry, type FileSystem } from './host.js';
import { normalizePath } from './paths.js';

export function memoryFileSystem(files: Readonly<Record<string, string | Uint8Array>>): FileSystem {
  const contents = new Map<string, Uint8Array>();
  for (const [path, content] of Object.entries(files)) {
    contents.set(normalizePath(path), typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }
  const isDirectory = (path: string) => {
    const prefix = path === '/' ? '/' : `${path}/`;
    return [...contents.keys()].some((file) => file.startsWith(prefix));
  };
  return {
    async readFile(path, options) {
      const content = contents.get(path);
      if (!content) throw new Error(`ENOENT: ${path}`);
      if (options?.maxBytes !== undefined && content.length > options.maxBytes) throw new FileTooLarge(path, content.length);
      return content;
    },
    async realPath(path) {
      // Memory holds no links: a path that names something is its own real path.
      if (!contents.has(path) && !isDirectory(path)) throw new Error(`ENOENT: ${path}`);
      return path;
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
      // `*` within one path segment and `**/` across folders: what jig.yaml and the CLI's
      // arguments use; no `?`, classes or braces.
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
