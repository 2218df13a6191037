/**
 * `file:` URIs ↔ the absolute `/`-separated paths the compiler's file system uses (project/paths.ts).
 * Written without node:url so that the server core also runs in a browser worker. URIs of other
 * schemes (`untitled:`) have no path: their files get the embedded policy and no project.
 */

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file://')) return undefined;
  let path = decodePercents(uri.slice('file://'.length).replace(/^[^/]*/, ''));
  // `file:///c%3A/x` (VS Code's form of a Windows path) → `c:/x`.
  if (/^\/[A-Za-z]:/.test(path)) path = path.slice(1);
  return path;
}

export function pathToUri(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  const absolute = slashed.startsWith('/') ? slashed : `/${slashed}`;
  return `file://${absolute.split('/').map(encodeSegment).join('/')}`;
}

function encodeSegment(segment: string): string {
  // Keep a drive letter's colon readable, as VS Code does not; both forms decode the same.
  return encodeURIComponent(segment).replace(/%3A/g, ':');
}

/**
 * `%XX` escapes decoded, each run of them as UTF-8; a run that is not UTF-8 (`%E0%A4%A`, which no
 * editor sends) is kept as written rather than failing every request about the file.
 */
function decodePercents(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (escapes) => {
    try {
      return decodeURIComponent(escapes);
    } catch {
      return escapes;
    }
  });
}
