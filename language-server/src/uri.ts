/**
 * `file:` URIs ↔ the absolute `/`-separated paths the compiler's file system uses (project/paths.ts).
 * Written without node:url so that the server core also runs in a browser worker. URIs of other
 * schemes (`untitled:`) have no path: their files get the embedded policy and no project.
 */

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file://')) return undefined;
  let path = decodeURIComponent(uri.slice('file://'.length).replace(/^[^/]*/, ''));
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
