import { describe, expect, it } from 'vitest';
import { checkLimits, expressionLengths } from '../../compiler/src/emit/limits.js';
import type { Node } from '../../compiler/src/syntax/tree.js';
import { flow, sampleDefinition, sampleWorkflow } from '../emit/targets-fixtures/sample-workflow.js';
import { saveRuleFindings } from './reference-checks.js';

// Mutants are written freely; the checks under test take any JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Definition = Record<string, any>;

const stepNode = (start: number): Node => ({ kind: 'WaitStep', range: { start, end: start + 5 } }) as unknown as Node;

function withDefinition(edit: (definition: Definition) => void, pointers: [Node, string][] = []) {
  const definition: Definition = sampleDefinition();
  edit(definition);
  return sampleWorkflow({ definition: definition as never, pointers: new Map(pointers) });
}

const compose = (runAfter: Record<string, string[]> = {}) => ({ type: 'Compose', inputs: 'x', runAfter });
const codes = (workflow: ReturnType<typeof sampleWorkflow>) => checkLimits(workflow).map((d) => d.code);

/** Nests `levels` Scopes below the top level, with `leaf` innermost. */
function nested(levels: number, leaf: Record<string, unknown>): Record<string, unknown> {
  let actions: Record<string, unknown> = { Leaf: leaf };
  for (let level = levels; level >= 1; level--) actions = { [`Scope_${level}`]: { type: 'Scope', actions, runAfter: {} } };
  return actions;
}

const mutants: Record<string, { workflow: ReturnType<typeof sampleWorkflow>; code: string }> = {
  'too many actions': {
    code: 'JIG4101',
    workflow: withDefinition((d) => {
      d.actions = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`C_${i}`, compose(i ? { [`C_${i - 1}`]: ['Succeeded'] } : {})]));
    }),
  },
  'nesting deeper than 8': {
    code: 'JIG4102',
    workflow: withDefinition((d) => Object.assign(d.actions, nested(8, compose()))),
  },
  'more than 25 switch cases': {
    code: 'JIG4103',
    workflow: withDefinition((d) => {
      d.actions.Switch_kind = {
        type: 'Switch',
        expression: "@triggerBody()?['kind']",
        cases: Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`Case_${i}`, { case: i, actions: {} }])),
        runAfter: {},
      };
    }),
  },
  'an 81-character action name': {
    code: 'JIG4104',
    workflow: withDefinition((d) => (d.actions['N'.repeat(81)] = compose())),
  },
  'an expression of 8,193 characters': {
    code: 'JIG4105',
    workflow: withDefinition((d) => (d.actions.Long = { type: 'Compose', inputs: `@concat('${'a'.repeat(8183)}')`, runAfter: {} })),
  },
  'more than 250 variables': {
    code: 'JIG4106',
    workflow: withDefinition((d) => {
      d.actions.Initialize = {
        type: 'InitializeVariable',
        inputs: { variables: Array.from({ length: 251 }, (_, i) => ({ name: `v${i}`, type: 'Integer', value: 0 })) },
        runAfter: {},
      };
    }),
  },
  'more than 50 parameters': {
    code: 'JIG4107',
    workflow: withDefinition((d) => {
      for (let i = 0; i < 50; i++) d.parameters[`p${i}`] = { type: 'String', defaultValue: '' };
    }),
  },
  'Terminate inside a Foreach': {
    code: 'JIG4108',
    workflow: withDefinition((d) => {
      d.actions.For_each_line = {
        type: 'Foreach',
        foreach: "@triggerBody()?['lines']",
        actions: { Fail: { type: 'Terminate', inputs: { runStatus: 'Failed' }, runAfter: {} } },
        runAfter: {},
      };
    }),
  },
  'Response after a Recurrence trigger': {
    code: 'JIG4109',
    workflow: withDefinition((d) => (d.triggers = { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1 } } } as never)),
  },
  'InitializeVariable inside a Scope': {
    code: 'JIG4110',
    workflow: withDefinition((d) => {
      d.actions.Try = {
        type: 'Scope',
        actions: { Initialize_n: { type: 'InitializeVariable', inputs: { variables: [{ name: 'n', type: 'Integer', value: 0 }] }, runAfter: {} } },
        runAfter: {},
      };
    }),
  },
  'runAfter naming no action': {
    code: 'JIG4111',
    workflow: withDefinition((d) => (d.actions.Response.runAfter = { Nowhere: ['Succeeded'] } as never)),
  },
  'runAfter naming the trigger': {
    code: 'JIG4111',
    workflow: withDefinition((d) => (d.actions.After_trigger = compose({ manual: ['Succeeded'] }))),
  },
  'a runAfter cycle': {
    code: 'JIG4111',
    workflow: withDefinition((d) => (d.actions.Call_archive_invoice.runAfter = { Call_approvals: ['Succeeded'] } as never)),
  },
};

describe('checkLimits', () => {
  it('finds nothing in a workflow within every limit', () => {
    expect(checkLimits(sampleWorkflow())).toEqual([]);
  });

  for (const [name, { workflow, code }] of Object.entries(mutants)) {
    it(`reports ${name} as ${code}`, () => {
      expect(codes(workflow)).toEqual([code]);
    });
  }

  it('agrees with save_rules.py on every mutant the service would refuse', () => {
    // The switch-case and parameter counts are schema limits (workflowdefinition.json), not save rules.
    const saveRuleMutants = Object.entries(mutants).filter(([, { code }]) => !['JIG4103', 'JIG4104', 'JIG4107'].includes(code));
    const findings = saveRuleFindings(saveRuleMutants.map(([name, { workflow }]) => ({ name, json: workflow.definition })));
    for (const [index] of saveRuleMutants.entries()) {
      expect(findings.some((line) => line.startsWith(`${index}-`)), saveRuleMutants[index]![0]).toBe(true);
    }
  });

  // The string checks read every string of the definition in one walk (stringsHold): a reference or a
  // long expression is found wherever it stands, and in whatever case `result` is written.
  it('reports result() in any case, in an array of a nested action, as JIG4114', () => {
    const workflow = withDefinition((d) => {
      d.actions.Try = {
        type: 'Scope',
        actions: { Read: { type: 'Compose', inputs: ['first', { rows: "@RESULT('Nowhere')" }], runAfter: {} } },
        runAfter: {},
      };
    });
    expect(codes(workflow)).toEqual(['JIG4114']);
  });

  it('reports an expression over the limit outside the actions (a trigger input) as JIG4105', () => {
    const workflow = withDefinition((d) => {
      d.triggers = { manual: { type: 'Request', kind: 'Http', inputs: { schema: { description: `@concat('${'a'.repeat(8183)}')` } } } };
    });
    expect(codes(workflow)).toEqual(['JIG4105']);
  });

  it("accepts a top-level action that runs after a conversational agent's trigger by name, as Microsoft's agent workflows write it (and save_rules.py reads it)", () => {
    const workflow = withDefinition((d) => {
      d.triggers = { When_a_new_chat_session_starts: { type: 'Request', kind: 'Agent', inputs: {} } };
      d.actions = { Agent: compose({ When_a_new_chat_session_starts: ['Succeeded'] }), Nested: { type: 'Scope', actions: { Inner: compose({ When_a_new_chat_session_starts: ['Succeeded'] }) }, runAfter: { Agent: ['Succeeded'] } } };
    });
    // Inside a Scope the trigger is no sibling: refused there still.
    expect(codes(workflow)).toEqual(['JIG4111', 'JIG4111']);
    const findings = saveRuleFindings([{ name: 'agent', json: workflow.definition }]);
    expect(findings.filter((line) => line.includes('runafter')).length).toBeGreaterThan(0);
    const topLevelOnly = withDefinition((d) => {
      d.triggers = { When_a_new_chat_session_starts: { type: 'Request', kind: 'Agent', inputs: {} } };
      d.actions = { Agent: compose({ When_a_new_chat_session_starts: ['Succeeded'] }), After: compose({ Agent: ['Succeeded'] }) };
    });
    expect(codes(topLevelOnly)).toEqual([]);
    expect(saveRuleFindings([{ name: 'agent', json: topLevelOnly.definition }]).filter((line) => line.includes('runafter'))).toEqual([]);
  });

  it('reports at the source range of the step the action came from, with the pointer', () => {
    const scope = stepNode(40);
    const workflow = withDefinition((d) => Object.assign(d.actions, nested(8, compose())), [[scope, '/actions/Scope_1']]);
    const [diagnostic] = checkLimits(workflow);
    expect(diagnostic).toMatchObject({ code: 'JIG4102', range: { start: 40, end: 45 } });
    expect(diagnostic!.pointer).toBe(
      '/actions/Scope_1/actions/Scope_2/actions/Scope_3/actions/Scope_4/actions/Scope_5/actions/Scope_6/actions/Scope_7/actions/Scope_8/actions/Leaf',
    );
    expect(diagnostic!.message).toContain("'call flow'");
  });

  it('falls back to the flow name when no step maps to the action', () => {
    const [diagnostic] = checkLimits(mutants['runAfter naming no action']!.workflow);
    expect(diagnostic!.range).toBe(flow.name.range);
  });

  it('reports only the first level past the nesting limit', () => {
    const workflow = withDefinition((d) => Object.assign(d.actions, nested(12, compose())));
    expect(codes(workflow)).toEqual(['JIG4102']);
  });
});

describe('expressionLengths', () => {
  it('measures a whole expression and each interpolation, not literal text or @@', () => {
    const long = 'x'.repeat(9000);
    expect(expressionLengths(`@${long}`)).toEqual([9000]);
    expect(expressionLengths(`@@${long}`)).toEqual([]);
    expect(expressionLengths(`${long} @{concat('a}', '''')} and @{x}`)).toEqual(["concat('a}', '''')".length, 1]);
  });
});
