/** The compiler's in-memory FileSystem, recording the paths read so that tests can count reads. */
import type { FileSystem } from '../../compiler/src/project/host.js';
import { memoryFileSystem as compilerMemoryFileSystem } from '../../compiler/src/project/memory-host.js';

export function memoryFileSystem(files: Record<string, string | Uint8Array>): FileSystem & { reads: string[] } {
  const fs = compilerMemoryFileSystem(files);
  const reads: string[] = [];
  return {
    ...fs,
    async readFile(path, options) {
      const content = await fs.readFile(path, options);
      reads.push(path);
      return content;
    },
    reads,
  };
}
