/**
 * A file in the middle of being typed: every prefix of every example, cut at every line, is sent
 * to the real server as the text of one document. For each, the server must publish diagnostics
 * within the latency budget, answer every position-based request, and log no failure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  CompletionRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  SemanticTokensRequest,
  SignatureHelpRequest,
} from 'vscode-languageserver-protocol';
import { LspClient, ensureBuilt, fileUri, repoRoot } from './harness.js';

/**
 * From the change notification to the diagnostics (a 20 ms debounce included). The typical prefix
 * must stay within the budget; no prefix may come near a hang, even on a loaded machine.
 */
const MEDIAN_BUDGET_MS = 100;
const HANG_MS = 2000;

const examples = join(repoRoot, 'examples');
let client: LspClient;

beforeAll(async () => {
  ensureBuilt();
  ({ client } = await LspClient.start({ rootPath: examples }));
});

afterAll(async () => {
  expect(await client.stop()).toBe(0);
});

describe('every prefix of every example', () => {
  for (const name of readdirSync(examples).filter((file) => file.endsWith('.jig'))) {
    it(name, async () => {
      const text = readFileSync(join(examples, name), 'utf8');
      const lines = text.split('\n');
      const uri = fileUri(join(examples, `typing_${name}`));
      await client.open(uri, '');
      const latencies: number[] = [];
      for (let cut = 1; cut <= lines.length; cut++) {
        // Cut inside the line too: half of it, as if the user were typing it.
        const line = lines[cut - 1]!;
        for (const prefix of [lines.slice(0, cut - 1).join('\n') + '\n' + line.slice(0, Math.ceil(line.length / 2)), lines.slice(0, cut).join('\n')]) {
          const started = performance.now();
          await client.change(uri, prefix);
          latencies.push(performance.now() - started);
          const end = { line: cut - 1, character: prefix.length - prefix.lastIndexOf('\n') - 1 };
          const at = { textDocument: { uri }, position: end };
          await Promise.all([
            client.request(CompletionRequest.method, at),
            client.request(HoverRequest.method, at),
            client.request(SignatureHelpRequest.method, at),
            client.request(DocumentSymbolRequest.method, { textDocument: { uri } }),
            client.request(FoldingRangeRequest.method, { textDocument: { uri } }),
            client.request(SemanticTokensRequest.method, { textDocument: { uri } }),
            client.request(DocumentFormattingRequest.method, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }),
            client.request(CodeActionRequest.method, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end }, context: { diagnostics: [] } }),
          ]);
        }
      }
      await client.close(uri);
      expect(client.logs.filter((message) => message.includes('failed'))).toEqual([]);
      expect(client.child.exitCode).toBeNull();
      const sorted = [...latencies].sort((a, b) => a - b);
      expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(MEDIAN_BUDGET_MS);
      expect(sorted.at(-1)).toBeLessThan(HANG_MS);
    });
  }
});
