/**
 * Every feature, in process, on mangled examples at arbitrary positions: no input may make a
 * feature throw (the server would log it and answer nothing; here it fails the property).
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeActions } from '../../language-server/src/code-actions.js';
import { completion } from '../../language-server/src/completion.js';
import { definition, references } from '../../language-server/src/definition.js';
import { Compilations, diagnosticsOf } from '../../language-server/src/documents.js';
import { foldingRanges } from '../../language-server/src/folding.js';
import { formatting } from '../../language-server/src/formatting.js';
import { hover } from '../../language-server/src/hover.js';
import { ProjectFlows } from '../../language-server/src/project-flows.js';
import { ProjectPolicies } from '../../language-server/src/project.js';
import { compiledJson } from '../../language-server/src/reports.js';
import { prepareRename } from '../../language-server/src/rename.js';
import { semanticTokens } from '../../language-server/src/semantic-tokens.js';
import { signatureHelp } from '../../language-server/src/signature-help.js';
import { documentSymbols } from '../../language-server/src/symbols.js';
import { repoRoot } from './harness.js';

const examples = readdirSync(join(repoRoot, 'examples'))
  .filter((name) => name.endsWith('.jig'))
  .map((name) => readFileSync(join(repoRoot, 'examples', name), 'utf8'));

/** Pieces a user types or deletes: keywords, punctuation, quotes, braces, annotations. */
const fragment = fc.constantFrom(
  '{', '}', '(', ')', '"', '${', '.', '@', '@data(', ',', ':', '=', 'flow ', 'let x = ', 'call ', '\n', '//', '/*', '[', ']', '?',
  'trigger.', ' ', 'é', '\t', 'aggregate ', 'query cosmos(', 'switch ', 'case ', 'for each ', '@share(', '@allow(', 'select {',
  ' where ', '[0]', '"${', '@retain(1 day)', 'type ', 'param ', '///', 'else ', 'until ', 'try {', 'returns ', 'with ',
);

const mangled = fc
  .tuple(fc.constantFrom(...examples), fc.array(fc.tuple(fc.nat(), fc.nat(12), fragment), { minLength: 1, maxLength: 4 }))
  .map(([text, edits]) =>
    edits.reduce((current, [at, deleted, inserted]) => {
      const offset = at % (current.length + 1);
      return current.slice(0, offset) + inserted + current.slice(offset + deleted);
    }, text),
  );

describe('the features on text being typed', () => {
  const compilations = new Compilations(new ProjectPolicies(undefined, () => undefined, () => ''), new ProjectFlows(undefined, () => undefined));

  it('never throw, wherever the cursor is', async () => {
    let version = 0;
    await fc.assert(
      fc.asyncProperty(mangled, fc.nat(), async (text, at) => {
        const document = await compilations.getText('file:///fuzz/flows.jig', ++version, text);
        const offset = at % (text.length + 1);
        const position = document.compilation.source.positionAt(offset);
        const range = { start: position, end: position };
        const features: Record<string, () => unknown> = {
          diagnostics: () => diagnosticsOf(document),
          hover: () => hover(document, position),
          completion: () => completion(document, position, { snippets: true }),
          signatureHelp: () => signatureHelp(document, position),
          definition: () => definition(document, position),
          references: () => references(document, position, true),
          prepareRename: () => prepareRename(document, position),
          documentSymbols: () => documentSymbols(document),
          foldingRanges: () => foldingRanges(document),
          semanticTokens: () => semanticTokens(document),
          formatting: () => formatting(document),
          codeActions: () => codeActions(document, range, { diagnostics: [] }),
          compiledJson: () => compiledJson(document),
        };
        const failures = Object.entries(features).flatMap(([name, run]) => {
          try {
            run();
            return [];
          } catch (error) {
            return [`${name}: ${error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 4).join(' | ') : String(error)}`];
          }
        });
        expect(failures).toEqual([]);
      }),
      // A fixed seed keeps CI repeatable; JIG_FUZZ_SEED and JIG_FUZZ_RUNS explore further.
      { numRuns: Number(process.env.JIG_FUZZ_RUNS ?? 300), seed: Number(process.env.JIG_FUZZ_SEED ?? 20261125) },
    );
  }, 120_000);
});
