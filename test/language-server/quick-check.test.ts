import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Compilation, SourceFile, type Diagnostic } from '../../compiler/src/index.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';
import { mergeQuickCheck, planQuickCheck, type CompleteCheck } from '../../language-server/src/quick-check.js';
import { repoRoot } from './harness.js';

const policy = loadEmbeddedPolicy();
const example = readFileSync(join(repoRoot, 'examples', 'invoice_intake.jig'), 'utf8');
const flowStart = example.search(/^@purpose/m);
/** The example's declarations, then its flow three times under three names. */
const text = example.slice(0, flowStart) + [1, 2, 3].map((n) => example.slice(flowStart).replace('flow invoice_intake', `flow intake_${n}`)).join('\n');

function compile(source: string): Compilation {
  return new Compilation(new SourceFile('/p/flows.jig', source), { policy });
}

function complete(source: string): CompleteCheck {
  const compilation = compile(source);
  return { text: source, file: compilation.syntax.file, diagnostics: compilation.diagnostics };
}

function summary(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.range.start}-${d.range.end} ${d.message}`).sort();
}

function quick(previous: CompleteCheck, edited: string): Diagnostic[] | undefined {
  const plan = planQuickCheck(previous, edited);
  if (!plan) return undefined;
  expect(plan.masked).toHaveLength(edited.length);
  return mergeQuickCheck(plan, compile(plan.masked).diagnostics);
}

/** `text` with `marker`'s `occurrence`-th appearance replaced. */
function replaceNth(source: string, marker: string, replacement: string, occurrence: number): string {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) index = source.indexOf(marker, index + 1);
  return source.slice(0, index) + replacement + source.slice(index + marker.length);
}

describe('the quick check of an edit inside one flow', () => {
  const previous = complete(text);

  it.each([
    ['a misspelt name in the middle flow', 'store invoice in', 'store invoise in', 1],
    ['a misspelt name in the last flow', 'store invoice in', 'store invoise in', 2],
    ['a longer line in the first flow', 'respond 202', 'respond 202   ', 0],
    ['a deleted step in the middle flow', '  respond 202\n', '', 1],
    ['a new step with a type error', '  respond 202', '  let x = 1 + "a"\n  respond 202', 1],
  ])('finds what the complete check finds: %s', (_name, marker, replacement, occurrence) => {
    const edited = replaceNth(text, marker, replacement, occurrence);
    const answer = quick(previous, edited);
    expect(answer).toBeDefined();
    expect(summary(answer!)).toEqual(summary(compile(edited).diagnostics));
  });

  it('keeps the findings of the other flows, moved by the edit', () => {
    const broken = complete(replaceNth(text, 'store invoice in', 'store invoise in', 2));
    expect(broken.diagnostics.length).toBeGreaterThan(0);
    const edited = replaceNth(broken.text, 'respond 202', 'respond 202    ', 0);
    expect(summary(quick(broken, edited)!)).toEqual(summary(compile(edited).diagnostics));
  });

  it('declines an edit outside a flow body, or in a file of one flow', () => {
    expect(planQuickCheck(previous, text.replace('type InvoiceLine', 'type InvoiceLines'))).toBeUndefined();
    expect(planQuickCheck(previous, text.replace('@retain(1 year)', '@retain(2 years)'))).toBeUndefined();
    const single = complete(example);
    expect(planQuickCheck(single, example.replace('respond 202', 'respond 201'))).toBeUndefined();
  });
});
