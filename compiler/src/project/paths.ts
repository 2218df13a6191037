/**
 * `/`-separated path arithmetic for the core, which cannot import `node:path` (it must run in a
 * browser worker too). Hosts hand the core absolute paths in this form.
 */

export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part !== '..' || !absolute) parts.push(part);
  }
  const joined = parts.join('/');
  // A Windows drive path (`C:/x`) is absolute without a leading slash.
  if (absolute) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);
}

/** `base` joined with `path`, unless `path` is already absolute. */
export function resolvePath(base: string, path: string): string {
  return normalizePath(isAbsolutePath(path) ? path : `${base}/${path}`);
}

export function dirname(path: string): string {
  const index = path.lastIndexOf('/');
  if (index < 0) return '.';
  if (index === 0) return '/';
  return path.slice(0, index);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `path` relative to `from` (both absolute), as a user would type it from `from`. */
export function relativePath(from: string, path: string): string {
  const fromParts = normalizePath(from).split('/').filter(Boolean);
  const toParts = normalizePath(path).split('/').filter(Boolean);
  let common = 0;
  while (common < fromParts.length && common < toParts.length && fromParts[common] === toParts[common]) common++;
  const up = fromParts.slice(common).map(() => '..');
  const relative = [...up, ...toParts.slice(common)].join('/');
  return relative === '' ? '.' : relative;
}
