/**
 * The .vsix as CI builds it: `vsce package`, offline, from the bundles. Its manifest must
 * contribute the language, grammar, snippets, commands and settings; the bundled server inside it
 * must start and answer over stdio; its grammar must be the one the grammar tests check.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, ensureBuilt, fileUri, repoRoot } from '../language-server/harness.js';
import { grammarPath } from './tokenize.js';
import { readZip } from './zip.js';

const extensionDir = join(repoRoot, 'vscode-extension');
let workDir: string;
let files: Map<string, Buffer>;

beforeAll(() => {
  ensureBuilt();
  workDir = mkdtempSync(join(tmpdir(), 'jig-vsix-'));
  const vsix = join(workDir, 'jig.vsix');
  execFileSync(
    process.execPath,
    [join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix],
    { cwd: extensionDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  files = readZip(readFileSync(vsix));
}, 120_000);

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe('the .vsix', () => {
  it('holds the bundles, the grammar, the snippets and the language configuration, and no sources', () => {
    const names = [...files.keys()];
    expect(names).toEqual(
      expect.arrayContaining([
        'extension.vsixmanifest',
        'extension/package.json',
        'extension/dist/extension.cjs',
        'extension/dist/server.cjs',
        'extension/syntaxes/jig.tmLanguage.json',
        'extension/snippets/jig.json',
        'extension/language-configuration.json',
      ]),
    );
    expect(names.filter((name) => name.endsWith('.ts') || name.endsWith('.map') || name.includes('node_modules'))).toEqual([]);
  });

  it('has a manifest that contributes the language, grammar, commands and settings', () => {
    const manifest = JSON.parse(files.get('extension/package.json')!.toString('utf8'));
    expect(manifest.main).toBe('./dist/extension.cjs');
    expect(manifest.contributes.languages[0]).toMatchObject({ id: 'jig', extensions: ['.jig'] });
    expect(manifest.contributes.grammars[0]).toMatchObject({ language: 'jig', scopeName: 'source.jig' });
    expect(manifest.contributes.commands.map((command: { command: string }) => command.command)).toEqual([
      'jig.showCompiledJson',
      'jig.checkWorkspace',
      'jig.showDataMap',
    ]);
    expect(Object.keys(manifest.contributes.configuration.properties)).toEqual(['jig.policyPath', 'jig.trace.server']);
    expect(files.get('extension.vsixmanifest')!.toString('utf8')).toContain('Id="jig"');
  });

  it('ships the grammar the grammar tests check', () => {
    expect(files.get('extension/syntaxes/jig.tmLanguage.json')!.toString('utf8')).toBe(readFileSync(grammarPath, 'utf8'));
  });

  it('ships a server that starts and checks a file over stdio', async () => {
    const serverPath = join(workDir, 'server.cjs');
    writeFileSync(serverPath, files.get('extension/dist/server.cjs')!);
    const { client, initialize } = await LspClient.start({ serverPath });
    expect(initialize.serverInfo?.name).toBe('jig-language-server');
    const published = await client.open(fileUri(join(workDir, 'broken.jig')), 'flow broken {');
    expect(published.diagnostics.length).toBeGreaterThan(0);
    expect(await client.stop()).toBe(0);
  });
});
