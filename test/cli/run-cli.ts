/** Runs the real, built CLI in a child process, with a timeout so that a hang fails the test. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { ensureBundle, repoRoot } from '../support/bundles.js';

export { repoRoot };

const jig = join(repoRoot, 'compiler', 'bin', 'jig.cjs');

/** Bundles the CLI (`npm run build`) unless the bundle is newer than every compiler source. */
export function ensureBuilt(): void {
  ensureBundle('compiler/dist/cli.cjs', ['compiler/src']);
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runJig(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; timeout?: number; input?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, [jig, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: '', ...options.env },
    encoding: 'utf8',
    timeout: options.timeout ?? 20_000,
    maxBuffer: 64 * 1024 * 1024,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    ...(options.input !== undefined && { input: options.input }),
  });
  if (result.error) throw result.error;
  // Never a stack trace, whatever the input.
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+/);
  expect(result.stdout).not.toMatch(/\n\s+at .+:\d+:\d+\)/);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh folder with the given files (paths relative to it). */
export function scratchProject(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'jig-cli-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

/** A flow that checks clean against the embedded policy. */
export const validFlow = `type Notice {
  topic: string @business.document
}

@purpose(automation, "Tell accounting")
@data(business.document)
@retain(1 year)
flow tell_accounting {
  trigger http post body Notice
  respond 200
}
`;
