/**
 * Keeps the README's language reference true. Every ```jig block marked `<!-- compile -->` (or
 * `<!-- compile policy=PATH -->`, PATH relative to the repository) is a whole file that must compile
 * without a single diagnostic (but the findings its `@allow`s waive) and pass the WDL schema;
 * every ```json block marked `<!-- emits: NAME, … -->` after it shows parts of what that file
 * emits, and must match:
 * - the fragment is an object whose keys are the NAMEs: actions or triggers (at any depth) or
 *   top-level members of the definition (`parameters`, `metadata`); `FLOW/NAME` picks the workflow
 *   of one flow of a file with several;
 * - an object with the key `"…"` may have more keys than it shows; without it, exactly those;
 * - a string containing `…` matches any text in its place; the string `"…"` matches any value;
 * - an array ending in `"…"` may have more elements.
 * Snippets are checked in the examples project (examples/jig.yaml): the apps they call are its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileText } from '../../compiler/src/compilation.js';
import { loadEmbeddedPolicy, loadPolicy } from '../../compiler/src/policy/load.js';
import type { Policy } from '../../compiler/src/policy/model.js';
import { parseConfig } from '../../compiler/src/project/config.js';
import { projectSettings } from '../../compiler/src/project/workspace.js';
import { BUILTINS } from '../../compiler/src/semantics/builtins.js';
import { KEYWORDS } from '../../compiler/src/syntax/tree.js';
import { repoRoot } from '../cli/run-cli.js';
import { referenceSchemaErrors } from '../validate/reference-checks.js';

const ELISION = '…';
const SECTION_START = '## Language reference';

interface Snippet {
  readonly line: number;
  readonly text: string;
  readonly policyPath?: string;
  readonly fragments: { readonly line: number; readonly names: readonly string[]; readonly json: string }[];
}

/** The section from its heading to the next `## ` heading. */
function referenceSection(readme: string): { text: string; firstLine: number } {
  const start = readme.indexOf(`\n${SECTION_START}\n`);
  if (start < 0) throw new Error(`README.md has no "${SECTION_START}" section`);
  const end = readme.indexOf('\n## ', start + SECTION_START.length + 1);
  return { text: readme.slice(start + 1, end < 0 ? undefined : end), firstLine: readme.slice(0, start + 1).split('\n').length };
}

/** Marked code blocks in order; a fragment belongs to the compiled block before it. */
function snippetsOf(section: string, firstLine = 1): Snippet[] {
  const lines = section.split('\n');
  const snippets: { line: number; text: string; policyPath?: string; fragments: Snippet['fragments'][number][] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = /^<!--\s*(compile(?:\s+policy=(\S+))?|emits:\s*([^>]*?))\s*-->$/.exec(lines[i]!.trim());
    if (!marker) continue;
    const fence = lines[i + 1]?.trim();
    const close = lines.findIndex((line, index) => index > i + 1 && line.trim() === '```');
    const body = lines.slice(i + 2, close).join('\n');
    const line = firstLine + i + 1;
    if (marker[1]!.startsWith('compile')) {
      if (fence !== '```jig') throw new Error(`line ${line}: <!-- compile --> must precede a \`\`\`jig block`);
      snippets.push({ line, text: body, ...(marker[2] && { policyPath: marker[2] }), fragments: [] });
    } else {
      if (fence !== '```json') throw new Error(`line ${line}: <!-- emits --> must precede a \`\`\`json block`);
      const owner = snippets[snippets.length - 1];
      if (!owner) throw new Error(`line ${line}: an emitted fragment before any compiled snippet`);
      owner.fragments.push({ line, names: marker[3]!.split(',').map((name) => name.trim()).filter(Boolean), json: body });
    }
    i = close;
  }
  return snippets;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Where `actual` differs from the documented `shown`, as JSON paths with what differs; empty when it matches. */
function mismatches(shown: Json, actual: Json | undefined, path = '$'): string[] {
  if (shown === ELISION) return [];
  if (typeof shown === 'string' && shown.includes(ELISION)) {
    const pattern = new RegExp(`^${shown.split(ELISION).map(escapeRegExp).join('[\\s\\S]*')}$`);
    return typeof actual === 'string' && pattern.test(actual) ? [] : [`${path}: ${JSON.stringify(actual)} does not match ${JSON.stringify(shown)}`];
  }
  if (Array.isArray(shown)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, found ${JSON.stringify(actual)}`];
    const open = shown[shown.length - 1] === ELISION;
    const items = open ? shown.slice(0, -1) : shown;
    if (open ? actual.length < items.length : actual.length !== items.length) {
      return [`${path}: ${actual.length} elements, the reference shows ${items.length}${open ? ' or more' : ''}`];
    }
    return items.flatMap((item, index) => mismatches(item, actual[index], `${path}[${index}]`));
  }
  if (shown !== null && typeof shown === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: expected an object, found ${JSON.stringify(actual)}`];
    const keys = Object.keys(shown).filter((key) => key !== ELISION);
    const extra = ELISION in shown ? [] : Object.keys(actual).filter((key) => !(key in shown));
    return [
      ...extra.map((key) => `${path}: has "${key}", which the reference neither shows nor elides`),
      ...keys.flatMap((key) => (key in actual ? mismatches(shown[key]!, actual[key], `${path}.${key}`) : [`${path}: lacks "${key}"`])),
    ];
  }
  return shown === actual ? [] : [`${path}: ${JSON.stringify(actual)}, the reference shows ${JSON.stringify(shown)}`];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Actions and triggers of a definition by name, at any depth (If branches, cases, loops, scopes). */
function operationsOf(definition: Record<string, Json>): Map<string, Json> {
  const found = new Map<string, Json>(Object.entries((definition['triggers'] ?? {}) as Record<string, Json>));
  const visit = (actions: Json | undefined) => {
    for (const [name, action] of Object.entries((actions ?? {}) as Record<string, Record<string, Json>>)) {
      found.set(name, action);
      visit(action['actions']);
      visit((action['else'] as Record<string, Json> | undefined)?.['actions']);
      visit((action['default'] as Record<string, Json> | undefined)?.['actions']);
      for (const branch of Object.values((action['cases'] ?? {}) as Record<string, Record<string, Json>>)) visit(branch['actions']);
    }
  };
  visit(definition['actions']);
  return found;
}

function policyFor(snippet: Snippet): Policy {
  if (!snippet.policyPath) return loadEmbeddedPolicy();
  const path = join(repoRoot, snippet.policyPath);
  const loaded = loadPolicy(readFileSync(path, 'utf8'), path);
  if (!loaded.policy) throw new Error(`${snippet.policyPath}: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return loaded.policy;
}

const examplesConfig = join(repoRoot, 'examples/jig.yaml');
const project = projectSettings(parseConfig(examplesConfig, readFileSync(examplesConfig, 'utf8')).config);

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const { text: section, firstLine } = referenceSection(readme);
const snippets = snippetsOf(section, firstLine);

describe('the README language reference', () => {
  it('has compiled snippets and emitted fragments', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(15);
    expect(snippets.flatMap((snippet) => snippet.fragments).length).toBeGreaterThanOrEqual(15);
  });

  it('lists every built-in function with its WDL name, and exactly the reserved words', () => {
    // Cells split at the pipes that are not escaped (`string \\| T[]` is one cell).
    const rows = section.split('\n').filter((line) => line.startsWith('| `')).map((line) => line.split(/(?<!\\)\|/));
    for (const fn of BUILTINS.values()) {
      const row = rows.find((cells) => new RegExp(`\`${fn.name}\\(`).test(cells[1]!));
      expect(row, `no row for ${fn.name}`).toBeDefined();
      expect(row![3], `the WDL column of ${fn.name}`).toContain(`\`${fn.wdl}\``);
    }
    const reserved = /Reserved words[^:]*: `([^`]+)`/.exec(section);
    expect(reserved?.[1]?.split(/\s+/)).toEqual([...KEYWORDS]);
  });

  it.each(snippets.map((snippet) => [snippet.line, snippet] as const))('the snippet at README.md:%i compiles and emits what it shows', (_, snippet) => {
    const compilation = compileText(`README.md:${snippet.line}`, snippet.text, { policy: policyFor(snippet), project });
    const emitted = compilation.emit();
    // A finding an `@allow` waives, and a declassification it states (JIG3015, information), are
    // part of what a snippet shows; anything else is not clean.
    const said = compilation.diagnostics.filter((d) => !d.waived && d.code !== 'JIG3015').map((d) => `${d.code} ${d.message}`);
    expect(said).toEqual([]);
    expect(emitted.workflows.length).toBeGreaterThan(0);
    for (const workflow of emitted.workflows) expect(referenceSchemaErrors(workflow.definition)).toEqual([]);

    for (const fragment of snippet.fragments) {
      const shown = JSON.parse(fragment.json) as Record<string, Json>;
      expect(Object.keys(shown), `README.md:${fragment.line}: the fragment's keys are the names its marker lists`).toEqual(
        fragment.names.map((name) => name.split('/').pop()),
      );
      for (const qualified of fragment.names) {
        const [flow, name] = qualified.includes('/') ? qualified.split('/') : [undefined, qualified];
        const candidates = emitted.workflows.filter((workflow) => flow === undefined || workflow.name === flow);
        const actual = candidates
          .map((workflow) => workflow.definition as unknown as Record<string, Json>)
          .map((definition) => operationsOf(definition).get(name!) ?? definition[name!])
          .find((value) => value !== undefined);
        expect(actual, `README.md:${fragment.line}: nothing named ${qualified} was emitted`).toBeDefined();
        expect(mismatches(shown[name!]!, actual), `README.md:${fragment.line}: ${qualified}`).toEqual([]);
      }
    }
  });
});

describe('the fragment matcher', () => {
  it('ignores elided keys, text and array tails, and reports everything else', () => {
    expect(mismatches({ a: 1, '…': '…' }, { a: 1, b: 2 })).toEqual([]);
    expect(mismatches({ a: 1 }, { a: 1, b: 2 })).toEqual(['$: has "b", which the reference neither shows nor elides']);
    expect(mismatches({ p: '/v2/…/docs' }, { p: '/v2/x/y/docs' })).toEqual([]);
    expect(mismatches({ p: '/v2/…/docs' }, { p: '/v5/x/query' })).toHaveLength(1);
    expect(mismatches([1, '…'], [1, 2, 3])).toEqual([]);
    expect(mismatches([1], [1, 2])).toHaveLength(1);
    expect(mismatches({ a: { b: true } }, { a: { b: false } })).toEqual(['$.a.b: false, the reference shows true']);
    expect(mismatches({ a: '…' }, {})).toEqual(['$: lacks "a"']);
  });

  it('reads markers and binds fragments to the snippet before them', () => {
    const text = ['<!-- compile -->', '```jig', 'flow f {}', '```', 'prose', '<!-- emits: f/A, B -->', '```json', '{}', '```', '```jig', 'not marked', '```'].join('\n');
    const [only, ...rest] = snippetsOf(text);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ line: 2, text: 'flow f {}', fragments: [{ line: 7, names: ['f/A', 'B'], json: '{}' }] });
  });
});
