/**
 * The server's core (server.ts and everything it imports) must run in a browser worker: it
 * bundles for the browser platform, where Node's built-in modules do not exist.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './harness.js';

describe('the server core', () => {
  it('bundles for a browser without any Node built-in module', async () => {
    const result = await build({
      entryPoints: [join(repoRoot, 'language-server', 'src', 'server.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      loader: { '.yaml': 'text' },
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.endsWith('language-server/src/server.ts'))).toBe(true);
    expect(inputs.filter((input) => input.startsWith('node:') || input.includes('/node-host.'))).toEqual([]);
    expect(result.errors).toEqual([]);
  });
});
