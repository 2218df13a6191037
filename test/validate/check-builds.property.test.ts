/**
 * A green `jig check` means a workflow that builds: for generated flows (nested control flow,
 * switches of up to 30 cases, loops, long expressions, many actions or variables, schedules of any
 * interval, names of any length, text full of `@` and braces), whatever `jig check` and the editor
 * accept (no error in `Compilation.diagnostics`) `jig build` writes, in every target, and what it
 * writes passes Jig's own output schema, the reference WDL schema and save_rules.py. The generator
 * reaches past every service limit, so refusals happen too; the test fails when either side of the
 * property is never exercised. The last test runs the real CLI: `check` and `build` agree file by
 * file.
 */
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileText } from '../../compiler/src/compilation.js';
import { hasErrors } from '../../compiler/src/diagnostics/diagnostic.js';
import { renderTarget, TARGETS } from '../../compiler/src/emit/targets/index.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';
import { validateEmitted } from '../../compiler/src/validate/index.js';
import { ensureBuilt, runJig, scratchProject } from '../cli/run-cli.js';
import { referenceSchemaErrors, saveRuleFindings, type SaveRuleFile } from './reference-checks.js';

const policy = loadEmbeddedPolicy();

type Step =
  | { kind: 'count' }
  | { kind: 'let'; text: string; long: boolean }
  | { kind: 'store'; text: string }
  | { kind: 'wait' }
  | { kind: 'fail'; text: string }
  | { kind: 'respond' }
  | { kind: 'many'; count: number }
  | { kind: 'vars'; count: number }
  | { kind: 'if'; then: Step[]; else: Step[] }
  | { kind: 'forEach'; body: Step[] }
  | { kind: 'until'; body: Step[] }
  | { kind: 'switch'; cases: string[]; bodies: Step[][]; default: Step[] }
  | { kind: 'try'; body: Step[]; catch: Step[] | undefined };

interface Program {
  readonly name: string;
  readonly trigger: { kind: 'http' } | { kind: 'schedule'; every: number; unit: string; at?: string };
  readonly steps: Step[];
}

const tricky = fc
  .array(fc.constantFrom('a', 'b', ' ', '@', '@', '{', '}', "'", '@{', 'x}'), { maxLength: 8 })
  .map((parts) => parts.join(''));

/** A rare large count, past a service limit; otherwise a small one. */
const mostlySmall = (large: number) => fc.oneof({ weight: 7, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.constant(large) });

const leaf: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Step>({ kind: 'count' }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('let' as const), text: tricky, long: fc.integer({ min: 0, max: 49 }).map((n) => n === 0) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('store' as const), text: tricky }) },
  { weight: 1, arbitrary: fc.constant<Step>({ kind: 'wait' }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fail' as const), text: tricky }) },
  { weight: 1, arbitrary: fc.constant<Step>({ kind: 'respond' }) },
  { weight: 1, arbitrary: mostlySmall(510).map((count): Step => ({ kind: 'many', count })) },
  { weight: 1, arbitrary: mostlySmall(251).map((count): Step => ({ kind: 'vars', count })) },
);

/**
 * A block nested up to `depth` levels: a few plain steps around at most one compound step, whose
 * main body nests one level less (an `else`, a `catch` and a switch's cases stay shallow), so a
 * flow can be deep without being enormous. Built once for each depth.
 */
const blocks: fc.Arbitrary<Step[]>[] = [];
const shallow = fc.array(leaf, { minLength: 1, maxLength: 2 });
blocks.push(shallow);
for (let depth = 1; depth <= 10; depth++) {
  const inner = blocks[depth - 1]!;
  const compound: fc.Arbitrary<Step> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('if' as const), then: inner, else: fc.oneof(fc.constant<Step[]>([]), shallow) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('forEach' as const), body: inner }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('until' as const), body: inner }) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1, max: 30 }).chain((count) =>
        fc.record({
          kind: fc.constant('switch' as const),
          cases: fc.uniqueArray(tricky, { minLength: count, maxLength: count }),
          bodies: fc.array(fc.array(leaf, { maxLength: 1 }), { minLength: count, maxLength: count }),
          default: inner,
        }),
      ),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('try' as const), body: inner, catch: fc.option(shallow, { nil: undefined }) }) },
  );
  blocks.push(
    fc
      .tuple(fc.array(leaf, { maxLength: 2 }), compound, fc.array(leaf, { maxLength: 1 }))
      .map(([before, step, after]) => [...before, step, ...after]),
  );
}

const program: fc.Arbitrary<Program> = fc.record({
  name: fc.oneof(
    { weight: 9, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/) },
    { weight: 1, arbitrary: fc.integer({ min: 40, max: 46 }).map((length) => 'f'.repeat(length)) },
  ),
  trigger: fc.oneof(
    fc.constant({ kind: 'http' as const }),
    fc.record({
      kind: fc.constant('schedule' as const),
      every: fc.constantFrom(1, 2, 16, 17, 71, 72, 500, 501, 12000, 12001),
      unit: fc.constantFrom('minutes', 'hours', 'days', 'weeks', 'months', 'years'),
      at: fc.option(fc.constantFrom('00:00', '06:30', '23:59'), { nil: undefined }),
    }),
  ),
  steps: fc.integer({ min: 0, max: 10 }).chain((depth) => blocks[depth]!),
});

/** Jig source text for a string literal. */
const jigString = (text: string) => `"${text.replace(/[\\"$]/g, (ch) => `\\${ch}`)}"`;

function render(p: Program): string {
  const lines: string[] = [];
  let names = 0;
  const http = p.trigger.kind === 'http';
  const emit = (steps: readonly Step[], indent: string): void => {
    for (const step of steps) {
      switch (step.kind) {
        case 'count':
          lines.push(`${indent}set n = n + 1`);
          break;
        case 'let': {
          const name = `v${names++}`;
          const text = step.long ? 'L'.repeat(8200) : step.text;
          lines.push(`${indent}let ${name} = concat(string(n), ${jigString(text)}, "\${n}@\${n}")`);
          break;
        }
        case 'store':
          lines.push(`${indent}store { id: guid(), n: n, s: ${jigString(step.text)} } in cosmos("db", "things")`);
          break;
        case 'wait':
          lines.push(`${indent}wait 1 minute`);
          break;
        case 'fail':
          lines.push(`${indent}fail ${jigString(step.text)}`);
          break;
        case 'respond':
          if (http) lines.push(`${indent}respond 200 body { n: n }`);
          break;
        case 'many':
          for (let i = 0; i < step.count; i++) lines.push(`${indent}set n = n + 1`);
          break;
        case 'vars':
          for (let i = 0; i < step.count; i++) lines.push(`${indent}var w${names++}: integer = ${i}`);
          break;
        case 'if':
          lines.push(`${indent}if n > ${names} {`);
          emit(step.then, `${indent}  `);
          if (step.else.length > 0) {
            lines.push(`${indent}} else {`);
            emit(step.else, `${indent}  `);
          }
          lines.push(`${indent}}`);
          break;
        case 'forEach':
          if (!http) {
            emit(step.body, indent);
            break;
          }
          lines.push(`${indent}for each x${names++} in trigger.body.lines {`);
          emit(step.body, `${indent}  `);
          lines.push(`${indent}}`);
          break;
        case 'until':
          lines.push(`${indent}until n > ${names + 3} {`);
          lines.push(`${indent}  set n = n + 1`);
          emit(step.body, `${indent}  `);
          lines.push(`${indent}}`);
          break;
        case 'switch':
          lines.push(`${indent}switch string(n) {`);
          step.cases.forEach((value, index) => {
            lines.push(`${indent}  case ${jigString(value)} {`);
            emit(step.bodies[index]!, `${indent}    `);
            lines.push(`${indent}  }`);
          });
          lines.push(`${indent}  default {`);
          emit(step.default, `${indent}    `);
          lines.push(`${indent}  }`);
          lines.push(`${indent}}`);
          break;
        case 'try':
          lines.push(`${indent}try {`);
          emit(step.body, `${indent}  `);
          if (step.catch) {
            lines.push(`${indent}} catch {`);
            emit(step.catch, `${indent}  `);
          }
          lines.push(`${indent}}`);
          break;
      }
    }
  };
  emit(p.steps, '  ');
  const trigger =
    p.trigger.kind === 'http'
      ? 'trigger http post body Order'
      : `trigger schedule every ${p.trigger.every} ${p.trigger.unit}${p.trigger.at ? ` at ${p.trigger.at}` : ''}`;
  return `type Line {
  sku: string @business.transaction
}
type Order {
  number: string @business.transaction
  lines:  Line[]
}

@purpose(automation, "A generated flow")
@data(business.transaction, system.operational)
@retain(30 days)
flow ${p.name} {
  ${trigger}
  var n: integer = 0
${lines.join('\n')}
}
`;
}

describe('what `jig check` accepts, `jig build` builds', () => {
  it('for generated flows: every target renders, and passes the output schema, the WDL schema and save_rules.py', { timeout: 300_000 }, () => {
    const built: SaveRuleFile[] = [];
    const refusedCodes = new Set<string>();
    let refused = 0;
    fc.assert(
      fc.property(program, (p) => {
        const text = render(p);
        const compilation = compileText('generated.jig', text, { policy });
        if (hasErrors(compilation.diagnostics)) {
          refused++;
          for (const d of compilation.diagnostics) if (d.severity === 'error') refusedCodes.add(d.code);
          return;
        }
        const { workflows } = compilation.emit();
        expect(workflows.map((w) => w.name)).toEqual([p.name]);
        for (const target of TARGETS) {
          expect(validateEmitted(renderTarget(target, workflows)), `${target}\n${text}`).toEqual([]);
        }
        for (const workflow of workflows) {
          expect(referenceSchemaErrors(workflow.definition), text).toEqual([]);
          built.push({ name: `${built.length}-${workflow.name}`, json: { definition: workflow.definition, parameters: workflow.parameterValues } });
        }
      }),
      // Seeded: the counts below are about this sample; unseeded, one run in many built only 29.
      { numRuns: 100, seed: 26 },
    );
    expect(saveRuleFindings(built)).toEqual([]);
    // Both sides of the property happen: flows that build, and flows refused for a service limit.
    expect(built.length).toBeGreaterThan(30);
    expect(refused).toBeGreaterThan(5);
    expect([...refusedCodes].filter((code) => code.startsWith('JIG41') || code.startsWith('JIG40')).length).toBeGreaterThan(2);
  });
});

describe('the CLI: check and build agree file by file', () => {
  beforeAll(() => ensureBuilt());

  it('build writes exactly the workflows of the files check finds no error in, with the same findings', { timeout: 300_000 }, () => {
    const samples = fc.sample(program, { numRuns: 40, seed: 11 }).map((p, index) => ({ ...p, name: `g${index}_${p.name}`.slice(0, 43) }));
    const files: Record<string, string> = {};
    samples.forEach((p, index) => (files[`f${index}.jig`] = render(p)));
    const root = scratchProject(files);
    const check = runJig(['check', '.', '--format', 'json'], { cwd: root, timeout: 120_000 });
    const build = runJig(['build', '.', '--out', 'out', '--format', 'json'], { cwd: root, timeout: 120_000 });
    type Report = { diagnostics: { file: string; code: string; line: number; column: number; severity: string }[] };
    const checked = JSON.parse(check.stdout) as Report;
    const builtReport = JSON.parse(build.stdout) as Report;
    expect(builtReport.diagnostics).toEqual(checked.diagnostics);
    const withErrors = new Set(checked.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
    const written = new Set(readdirSync(join(root, 'out')).filter((name) => name.endsWith('.json')));
    samples.forEach((p, index) => {
      expect(written.has(`${p.name}.json`), `f${index}.jig`).toBe(!withErrors.has(`f${index}.jig`));
    });
    expect(withErrors.size).toBeGreaterThan(0);
    expect(written.size).toBeGreaterThan(0);
    expect(check.status).toBe(1);
    expect(build.status).toBe(1);
    const outputs = [...written].map((name) => ({ name, json: JSON.parse(readFileSync(join(root, 'out', name), 'utf8')) as unknown }));
    for (const output of outputs) expect(referenceSchemaErrors((output.json as { definition: unknown }).definition), output.name).toEqual([]);
    expect(saveRuleFindings(outputs)).toEqual([]);
  });
});
