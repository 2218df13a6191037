/**
 * The bundles (the CLI, the playground's worker) carry the Windows time-zone table computed at build
 * time in place of windows-iana: it must answer what the library answers, name for name, and the
 * bundled CLI must use it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { windowsZone } from '../../compiler/src/engine/functions/windows-zones.js';
import { windowsZoneTable } from '../../scripts/build-time-modules.mjs';
import { ensureBuilt, repoRoot, runJig } from '../cli/run-cli.js';

describe('the Windows time-zone table of the bundles', () => {
  it('answers what windows-iana answers for every name it knows', () => {
    const table = windowsZoneTable();
    expect(Object.keys(table).length).toBeGreaterThan(100);
    for (const [name, zone] of Object.entries(table)) expect(zone, name).toBe(windowsZone(name));
    expect(table['W. Europe Standard Time']).toBe('Europe/Berlin');
    expect(windowsZone('Mars Standard Time')).toBeUndefined();
  });

  it('is what the bundled CLI converts with, without the library', () => {
    ensureBuilt();
    // A zone of the library's territory table that no Windows name means first.
    expect(readFileSync(join(repoRoot, 'compiler', 'dist', 'cli.cjs'), 'utf8')).not.toContain('America/Indiana/Knox');
    const run = runJig(['eval', "@convertTimeZone('2025-01-01T12:00:00Z', 'UTC', 'Tokyo Standard Time', 'HH:mm')"]);
    expect(run.stdout.trim()).toBe('"21:00"');
  });
});
