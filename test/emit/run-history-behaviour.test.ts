/**
 * Run history is storage (rule 6): a For each or a Switch takes no secureData, and Logic Apps
 * hides its inputs only where they explicitly read outputs that a trigger's or action's own
 * secureData hides; what reads a Compose or a Parse JSON (a `let`, a `parse json`), or a loop's
 * item, shows. So a loop over, or a switch on, data the policy keeps out of run history reads it
 * through a hidden Filter array. Shown by running the emitted workflow in the engine, which hides
 * what Microsoft documents that the service hides (engine/runtime/history-hiding.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { actionNamed, emitText, expectAllEmittedValid } from './helpers.js';
import { runJig } from './run-helpers.js';
import type { RunRecord } from '../../compiler/src/engine/index.js';

afterAll(() => expectAllEmittedValid());

const FLOWS = `type Kid {
  id:   string @business.transaction
  name: string @personal.name
}
type Parent {
  id:   string @business.transaction
  name: string @personal.name
  kids: Kid[]
}
type Family {
  parents: Parent[]
  name:    string @personal.name
}

@purpose(automation, "Greeting families")
@data(business.transaction, personal.name)
@retain(30 days)
flow greet {
  trigger http post body Family
  let everyone = if trigger.body.name == "x" then trigger.body.parents else []
  let greeting = "Dear \${trigger.body.name}"
  for each parent in everyone {
    for each kid in parent.kids {
      call http post "https://crm.azurewebsites.net/kids" body { id: kid.id }
    }
    switch parent.name {
      case "Ann Lee" { call http post "https://crm.azurewebsites.net/ann" body { id: parent.id } }
      default { call http post "https://crm.azurewebsites.net/other" body { id: parent.id } }
    }
  }
  switch greeting {
    case "Dear x" { respond 201 }
    default { respond 200 }
  }
}`;

const BODY = { name: 'x', parents: [{ id: 'P1', name: 'Ann Lee', kids: [{ id: 'K1', name: 'Bo Lee' }] }] };
const NAMES = ['Ann Lee', 'Bo Lee', 'Dear x'];

/** Everything run history shows of the run: the trigger's and each action's inputs and outputs. */
function shown(record: RunRecord): string {
  return JSON.stringify([record.trigger.inputs, record.trigger.outputs, ...record.actions.map((action) => [action.inputs, action.outputs])]);
}

describe('run history of loops and switches over hidden data', () => {
  it('shows no name the flow loops over or switches on', () => {
    const record = runJig(FLOWS, { trigger: { body: BODY } });
    expect(record.status, JSON.stringify(record.actions.filter((a) => a.status === 'Failed').map((a) => [a.name, a.error]))).toBe('Succeeded');
    // The run did what the source says: both loops and both switches ran their cases.
    expect(record.effects.requests.map((request) => request.uri)).toEqual(['https://crm.azurewebsites.net/kids', 'https://crm.azurewebsites.net/ann']);
    expect(record.response?.statusCode).toBe(201);
    for (const name of NAMES) expect(shown(record)).not.toContain(name);
  });

  it('reads such an operand through a Filter array whose inputs and outputs are hidden', () => {
    const { workflows } = emitText(FLOWS);
    const definition = workflows[0]!;
    const hide = actionNamed(definition, 'Hide_everyone');
    expect(hide).toMatchObject({ type: 'Query', inputs: { from: "@outputs('Compose_everyone')", where: '@true' }, runtimeConfiguration: { secureData: { properties: ['inputs', 'outputs'] } } });
    expect(actionNamed(definition, 'For_each_parent')?.foreach).toBe("@body('Hide_everyone')");
    expect(actionNamed(definition, 'For_each_kid')?.foreach).toBe("@body('Hide_kids')");
    expect(actionNamed(definition, 'Switch_on_name')?.expression).toBe("@first(body('Hide_name'))");
    expect(actionNamed(definition, 'Switch_on_greeting')?.expression).toBe("@first(body('Hide_greeting'))");
  });

  it('reads an operand in place where its source already hides what reads it, and one of no hidden data', () => {
    const { workflows } = emitText(FLOWS.replace('for each parent in everyone', 'for each parent in trigger.body.parents').replace('switch parent.name', 'switch parent.id'));
    const definition = workflows[0]!;
    expect(actionNamed(definition, 'For_each_parent')?.foreach).toBe("@triggerBody()?['parents']");
    expect(actionNamed(definition, 'Switch_on_id')?.expression).toBe("@items('For_each_parent')?['id']");
    const record = runJig(FLOWS.replace('for each parent in everyone', 'for each parent in trigger.body.parents'), { trigger: { body: BODY } });
    for (const name of NAMES) expect(shown(record)).not.toContain(name);
  });
});
