/** The service limits end to end: from .jig text through the real pipeline to located diagnostics. */
import { describe, expect, it } from 'vitest';
import { compileText } from '../../compiler/src/compilation.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';
import type { Diagnostic } from '../../compiler/src/diagnostics/diagnostic.js';

const policy = loadEmbeddedPolicy();

/** A scheduled flow with a counter variable and `steps` as its body. */
function flow(steps: string, declarations = ''): string {
  return `${declarations}
@purpose(automation, "Exercise the service limits")
@data(system.operational)
@retain(30 days)
flow limits {
  trigger schedule every 1 day
  var n: integer = 0
${steps}
}
`;
}

/**
 * Emission's findings, whose errors are also every error `jig check` and the editor report for the
 * file: those of a build's compilation and of one that emits for its diagnostics alone.
 */
function emitted(text: string) {
  const compilation = compileText('limits.jig', text, { policy });
  const { diagnostics } = compilation.emit();
  const errors = (found: readonly Diagnostic[]) => found.filter((d) => d.severity === 'error');
  expect(errors(compilation.diagnostics)).toEqual(errors(diagnostics));
  expect(compileText('limits.jig', text, { policy }).diagnostics).toEqual(compilation.diagnostics);
  return diagnostics.map((d) => ({ code: d.code, line: compilation.source.positionAt(d.range.start).line + 1, pointer: d.pointer }));
}

const nestedIfs = (levels: number): string => (levels === 0 ? 'set n = 1' : `if n > ${levels} {\n${nestedIfs(levels - 1)}\n}`);

describe('service limits from source', () => {
  it('accepts a step nested 8 deep (inside 7 conditions)', () => {
    expect(emitted(flow(nestedIfs(7)))).toEqual([]);
  });

  it('reports the step nested 9 deep, at its line', () => {
    const text = flow(nestedIfs(8));
    const innermost = text.split('\n').findIndex((line) => line === 'set n = 1') + 1;
    const [finding, ...rest] = emitted(text);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ code: 'JIG4102', line: innermost });
    expect(finding!.pointer).toMatch(/^\/actions\/Condition_n_gt_8\/.*\/actions\/Condition_n_gt_1\/actions\/Set_n$/);
  });

  it('reports a switch with 26 cases', () => {
    const cases = Array.from({ length: 26 }, (_, i) => `case ${i} { set n = ${i + 100} }`).join('\n');
    const text = flow(`switch n {\n${cases}\n}`);
    const switchLine = text.split('\n').findIndex((line) => line.startsWith('switch')) + 1;
    expect(emitted(text)).toEqual([expect.objectContaining({ code: 'JIG4103', line: switchLine })]);
  });

  it('reports a flow of more than 500 actions once, at the flow', () => {
    const steps = Array.from({ length: 500 }, (_, i) => `set n = ${i}`).join('\n');
    expect(emitted(flow(steps))).toEqual([expect.objectContaining({ code: 'JIG4101', pointer: '/actions' })]);
  });

  it('reports more than 250 variables', () => {
    const steps = Array.from({ length: 250 }, (_, i) => `var v${i}: integer = ${i}`).join('\n');
    expect(emitted(flow(steps)).map((d) => d.code)).toEqual(['JIG4106']);
  });
});
