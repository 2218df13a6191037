/**
 * The manifest `jig build` keeps in each output folder (`.jig-manifest`: JSON, without a `.json`
 * ending so that no `*.json` glob over the outputs picks it up): every file it wrote there, the
 * source file it came from (relative to the folder; `''` for a project's own files, such as
 * Standard's host.json) and a SHA-256 of what it wrote. The next build into the folder removes what
 * an earlier build wrote for flows that no longer exist, so a renamed or deleted flow does not leave
 * its old workflow behind to be deployed; it never removes a file it did not write, nor one changed
 * since it wrote it. Pure: the build command reads and writes the files (node-host.ts).
 */

export const MANIFEST_NAME = '.jig-manifest';

export interface ManifestEntry {
  readonly source: string;
  readonly sha256: string;
}

/** By path in the output folder, `/`-separated. */
export type ManifestFiles = Readonly<Record<string, ManifestEntry>>;

/** A manifest's files; an absent, unreadable or foreign manifest is an empty one (nothing is removed). */
export function readManifest(text: string | undefined): ManifestFiles {
  if (text === undefined) return {};
  try {
    const parsed = JSON.parse(text) as { version?: unknown; files?: unknown };
    if (parsed?.version !== 1 || parsed.files === null || typeof parsed.files !== 'object') return {};
    const files: Record<string, ManifestEntry> = {};
    for (const [path, entry] of Object.entries(parsed.files as Record<string, unknown>)) {
      const { source, sha256 } = (entry ?? {}) as { source?: unknown; sha256?: unknown };
      if (typeof source === 'string' && typeof sha256 === 'string' && isInside(path)) files[path] = { source, sha256 };
    }
    return files;
  } catch {
    return {};
  }
}

/** A path the manifest may name: inside the folder, never up and out of it or absolute. */
function isInside(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !/^[A-Za-z]:/.test(path) && !path.split(/[\\/]/).some((part) => part === '..' || part === '');
}

export function manifestText(files: ManifestFiles): string {
  const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ version: 1, generator: 'jig build', files: sorted }, null, 2)}\n`;
}

export interface Cleanup {
  /** Files an earlier build wrote that this one replaces by nothing: removed if still as written. */
  readonly stale: readonly { readonly path: string; readonly sha256: string }[];
  /** What the folder holds from Jig once the stale files are gone. */
  readonly files: ManifestFiles;
}

/**
 * `rebuilt(source)` says whether this build stands for everything `source` produces in the folder
 * (the source was compiled without errors, or no longer exists; `''`, the project's own files, are
 * always the build's). An earlier file of such a source that this build did not write again is
 * stale; the files of other sources (not named this time, or with errors) are kept.
 */
export function planCleanup(previous: ManifestFiles, written: ManifestFiles, rebuilt: (source: string) => boolean): Cleanup {
  const files: Record<string, ManifestEntry> = { ...written };
  const stale: { path: string; sha256: string }[] = [];
  // On a file system that ignores case, `Orders.json` of the last build is `orders.json` of this one.
  const writtenIgnoringCase = new Set(Object.keys(written).map((path) => path.toLowerCase()));
  for (const [path, entry] of Object.entries(previous)) {
    if (writtenIgnoringCase.has(path.toLowerCase())) continue;
    if (rebuilt(entry.source)) stale.push({ path, sha256: entry.sha256 });
    else files[path] = entry;
  }
  return { stale, files };
}
