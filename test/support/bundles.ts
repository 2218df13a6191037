/**
 * The bundles that end-to-end tests run (`compiler/dist/cli.cjs`, `language-server/dist/server.js`),
 * rebuilt with `scripts/build.mjs` when a source is newer. Test files run in parallel and the one
 * build script writes every bundle, so builds take turns through one lock: no test starts a bundle
 * that another is halfway through writing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');

const buildLock = join(repoRoot, 'node_modules', '.cache', 'jig-test-build.lock');
/** A lock this old is a crashed build's. */
const staleLockMs = 60_000;

function newestModification(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestModification(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Makes sure `bundle` (relative to the repository) is at least as new as every file under
 * `sourceDirectories`, building when it is not.
 */
export function ensureBundle(bundle: string, sourceDirectories: readonly string[]): void {
  const bundlePath = join(repoRoot, bundle);
  const sources = Math.max(...sourceDirectories.map((directory) => newestModification(join(repoRoot, directory))));
  const fresh = (): boolean => existsSync(bundlePath) && statSync(bundlePath).mtimeMs >= sources;
  if (fresh()) return;
  mkdirSync(dirname(buildLock), { recursive: true });
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(buildLock);
      break;
    } catch {
      if (waited > staleLockMs) rmSync(buildLock, { recursive: true, force: true });
      sleep(100);
    }
  }
  try {
    if (fresh()) return;
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'pipe' });
  } catch (error) {
    // The script builds every bundle; another one failing does not matter to a caller whose own is fresh.
    if (!fresh()) throw error;
  } finally {
    rmSync(buildLock, { recursive: true, force: true });
  }
}
