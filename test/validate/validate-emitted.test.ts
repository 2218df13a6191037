import { describe, expect, it } from 'vitest';
import { renderTarget, TARGETS } from '../../compiler/src/emit/targets/index.js';
import { validateEmitted } from '../../compiler/src/validate/index.js';
import { sampleDefinition, sampleWorkflow } from '../emit/targets-fixtures/sample-workflow.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Definition = Record<string, any>;

function consumptionFile(edit: (definition: Definition) => void) {
  const definition: Definition = sampleDefinition();
  edit(definition);
  return renderTarget('consumption', [sampleWorkflow({ definition: definition as never })]);
}

describe('validateEmitted', () => {
  for (const target of TARGETS) {
    it(`accepts every file of the ${target} target`, () => {
      expect(validateEmitted(renderTarget(target, [sampleWorkflow()], { location: 'eastus' }))).toEqual([]);
    });
  }

  it('reports a misspelled operation property as an internal error, with the file and the place', () => {
    const files = consumptionFile((d) => (d.actions.Response.runafter = d.actions.Response.runAfter));
    const [diagnostic, ...rest] = validateEmitted(files);
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({ code: 'JIG4150', severity: 'error', pointer: '/actions/Response' });
    expect(diagnostic!.message).toContain("'invoice_intake.json'");
    expect(diagnostic!.message).toContain("unexpected property 'runafter'");
    // Shown at the offending action in the output file.
    const content = files[0]!.content;
    expect(content.slice(diagnostic!.range.start, diagnostic!.range.start + 30)).toMatch(/^\{\s+"type": "Response"/);
  });

  it('reports an operation type Jig never emits', () => {
    const [diagnostic] = validateEmitted(consumptionFile((d) => (d.actions.Response.type = 'Responze')));
    expect(diagnostic?.code).toBe('JIG4150');
    expect(diagnostic!.message).toContain('/definition/actions/Response/type');
  });

  it('checks definitions nested in actions maps and inside ARM templates', () => {
    const definition: Definition = sampleDefinition();
    definition.actions.Scope = { type: 'Scope', actions: { Wait: { type: 'Wait', inputs: { interval: { count: 0, unit: 'Minute' } } } } };
    const [file] = renderTarget('arm', [sampleWorkflow({ definition: definition as never })], {});
    const [diagnostic] = validateEmitted([file!]);
    expect(diagnostic!.message).toContain('/resources/1/properties/definition/actions/Scope/actions/Wait/inputs/interval/count');
  });

  it('judges the text written, not a member of the value that the text leaves out', () => {
    const files = consumptionFile((d) => (d.actions.Response.runafter = undefined));
    expect(files[0]!.content).not.toContain('runafter');
    expect(validateEmitted(files)).toEqual([]);
  });

  it('reports a file that is not JSON', () => {
    expect(validateEmitted([{ path: 'x.json', content: '{' }])[0]!.message).toContain('not JSON');
  });
});
