/**
 * Run history is storage (rule 6), and Logic Apps keeps it 90 days unless the workflow says less
 * (Microsoft, "Limits and configuration reference for Azure Logic Apps": Run history retention in
 * storage, 90 days, "If a run isn't immediately removed after reaching the retention limit, the run
 * is removed within 7 days"), secured inputs and outputs included: a flow of minors' data (30 days
 * at most) kept every pupil 90 to 97 days in its runs. Each workflow now sets its retention so that
 * a run, cleanup included, is kept no longer than the policy's maximum of any category its `@data`
 * covers: `runtimeConfiguration.lifetime` (Microsoft's ARM form of the workflow setting "Run history
 * retention in days"), a Standard app's host settings; and a flow whose stated waits outlast the
 * run's life that this sets (the same setting times a Consumption run out) is refused, JIG4119.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileText } from '../../compiler/src/compilation.js';
import { loadPolicy } from '../../compiler/src/policy/load.js';
import type { Policy } from '../../compiler/src/policy/model.js';
import { CLEANUP_DAYS, DEFAULT_RUN_HISTORY_DAYS } from '../../compiler/src/emit/run-history.js';
import { renderTarget } from '../../compiler/src/emit/targets/index.js';
import { renderable } from '../../compiler/src/emit/workflow.js';
import { emitFixtureProject, emitText, expectAllEmittedValid } from './helpers.js';
import { armSchemaErrors, referenceSchemaErrors, saveRuleFindings } from '../validate/reference-checks.js';

afterAll(() => expectAllEmittedValid());

const PUPIL = `type Pupil {
  id:   string  @business.other @subject(pupil)
  age:  integer @personal.minor
}
type Invoice {
  number: string @business.transaction
}
`;

/** A file of one flow with `data` and `body`, the trigger a pupil's record. */
function pupilFlow(data: string, body = 'store trigger.body in cosmos("school", "pupils")', retain = '20 days', trigger = 'trigger http post body Pupil'): string {
  return `${PUPIL}
@purpose(automation, "Keeping pupils")
@data(${data})
@retain(${retain})
flow keep_pupils {
  ${trigger}
  ${body}
}
`;
}

function only(text: string) {
  const { workflows, diagnostics } = emitText(text);
  return { workflow: workflows[0]!, diagnostics };
}

describe('the run history retention a workflow sets', () => {
  it("keeps a minors' flow's runs 23 days, so that with the 7-day cleanup they are gone within the 30 days minors' data may be kept", () => {
    const { workflow, diagnostics } = only(pupilFlow('business.other, personal.minor'));
    expect(diagnostics).toEqual([]);
    expect(workflow.runHistoryDays).toBe(30 - CLEANUP_DAYS);
  });

  it('takes the maximum of every category a parent in @data covers: @data(personal) holds minors too', () => {
    const { workflow } = only(pupilFlow('business, personal'));
    expect(workflow.runHistoryDays).toBe(23);
  });

  it("keeps Logic Apps' default when every category may be kept 97 days or more, whatever the flow's @retain", () => {
    const text = `${PUPIL}
@purpose(automation, "Invoices")
@data(business.transaction)
@retain(1 day)
flow keep_invoices {
  trigger http post body Invoice
  store trigger.body in cosmos("erp", "invoices")
}
`;
    const { workflow } = only(text);
    expect(workflow.runHistoryDays).toBeUndefined();
  });

  it('writes it where each target puts it: the Consumption file, the ARM resource, the Standard app', () => {
    const { workflow } = only(pupilFlow('business.other, personal.minor'));
    const lifetime = { lifetime: { unit: 'day', count: 23 } };

    const [consumption] = renderTarget('consumption', [renderable(workflow)]);
    const file = JSON.parse(consumption!.content);
    expect(Object.keys(file)).toEqual(['definition', 'parameters', 'runtimeConfiguration']);
    expect(file.runtimeConfiguration).toEqual(lifetime);
    expect(saveRuleFindings([{ name: 'consumption', json: file }])).toEqual([]);

    const [arm] = renderTarget('arm', [renderable(workflow)], { location: 'eastus' });
    const template = JSON.parse(arm!.content);
    const resource = template.resources.find((r: { type: string }) => r.type === 'Microsoft.Logic/workflows');
    expect(Object.keys(resource.properties)).toEqual(['state', 'definition', 'parameters', 'runtimeConfiguration']);
    expect(resource.properties.runtimeConfiguration).toEqual(lifetime);
    expect(armSchemaErrors(template)).toEqual([]);

    const standard = renderTarget('standard', [renderable(workflow)]);
    const host = JSON.parse(standard.find((f) => f.path === 'host.json')!.content);
    expect(host.extensions).toEqual({
      workflow: { settings: { 'Runtime.FlowRetentionThreshold': '23.00:00:00', 'Runtime.Backend.FlowRunTimeout': '23.00:00:00' } },
    });
    const definition = JSON.parse(standard.find((f) => f.path === 'keep_pupils/workflow.json')!.content).definition;
    expect(referenceSchemaErrors(definition)).toEqual([]);
  });

  it("sets a Standard app's host settings to the shortest of its workflows': they apply to every workflow of the app", () => {
    const pupils = only(pupilFlow('business.other, personal.minor')).workflow;
    const invoices = only(`${PUPIL}
@purpose(automation, "Invoices")
@data(business.transaction)
@retain(1 year)
flow keep_invoices {
  trigger http post body Invoice
  store trigger.body in cosmos("erp", "invoices")
}
`).workflow;
    const host = (workflows: typeof pupils[]) =>
      JSON.parse(renderTarget('standard', workflows.map(renderable)).find((f) => f.path === 'host.json')!.content);
    expect(host([invoices]).extensions).toBeUndefined();
    expect(host([invoices, pupils]).extensions.workflow.settings['Runtime.FlowRetentionThreshold']).toBe('23.00:00:00');
  });
});

describe('a run that would outlast its history (JIG4119)', () => {
  const waits = (body: string) => only(pupilFlow('business.other, personal.minor', body)).diagnostics.map((d) => d.code);

  it('refuses stated waits longer than the runs may be kept, and takes waits within it', () => {
    expect(waits('wait 23 days\n  call http post "https://crm.azurewebsites.net/pupils" body { id: trigger.body.id }')).toEqual([]);
    expect(waits('wait 24 days\n  call http post "https://crm.azurewebsites.net/pupils" body { id: trigger.body.id }')).toEqual(['JIG4119']);
    expect(waits('wait 3 weeks\n  wait 3 days\n  call http post "https://crm.azurewebsites.net/pupils" body { id: trigger.body.id }')).toEqual(['JIG4119']);
  });

  it('counts the longest branch, a try and its catch, one pass of a loop, a webhook and an until by their @timeout', () => {
    expect(waits('if trigger.body.age > 3 { wait 20 days } else { wait 2 days }')).toEqual([]);
    expect(waits('if trigger.body.age > 3 { wait 20 days } else { wait 24 days }')).toEqual(['JIG4119']);
    expect(waits('try { wait 12 days } catch { wait 12 days }')).toEqual(['JIG4119']);
    expect(waits('for each n in [1, 2] { wait 24 days }')).toEqual(['JIG4119']);
    expect(
      waits(`call connector "office365" webhook "/approvalmail/$subscriptions"
    body { NotificationUrl: listCallbackUrl(), Message: { To: "head@contoso.example", Subject: "A new pupil", Options: "Keep" } }
    @timeout(25 days)`),
    ).toEqual(['JIG4119']);
    expect(waits('until trigger.body.age > 3 { wait 1 hour } @timeout(30 days)')).toEqual(['JIG4119']);
  });

  it('leaves waits whose length the source leaves open to the run: they last at most its life', () => {
    expect(waits('wait until addDays(utcNow(), 40)')).toEqual([]);
  });
});

describe('a maximum no setting can keep (JIG4120)', () => {
  /** JigAjob's, with a category of business data kept `days` at most. */
  const strict = (days: number): Policy => {
    const { policy, diagnostics } = loadPolicy(
      `id: strict\nversion: "1"\nextends: jigajob\ncategories:\n  business.transient:\n    description: Business data kept briefly.\n    maxRetention: { period: ${days} days }\n`,
      'strict.policy.yaml',
    );
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return policy!;
  };
  const NOTE = `type Note {
  id:   string @business.other
  text: string @business.transient
}
@purpose(automation, "Passing notes on")
@data(business.other, business.transient)
@retain(1 day)
flow pass_note {
  trigger http post body Note
  call http post "https://crm.azurewebsites.net/notes" body trigger.body
}
`;
  const emitUnder = (policy: Policy) => {
    const compilation = compileText('strict.jig', NOTE, { policy, project: emitFixtureProject });
    const emitted = compilation.emit();
    const before = compilation.diagnostics.filter((d) => d.severity === 'error' && !emitted.diagnostics.includes(d));
    expect(before.map((d) => d.message)).toEqual([]);
    return emitted;
  };

  it('refuses a flow of a category the policy keeps 7 days or less: the cleanup alone may take 7', () => {
    expect(emitUnder(strict(7)).diagnostics.map((d) => d.code)).toEqual(['JIG4120']);
    const eight = emitUnder(strict(8));
    expect(eight.diagnostics).toEqual([]);
    expect(eight.workflows[0]!.runHistoryDays).toBe(1);
  });

  it('property: for any maximum, the runs plus the cleanup stay within it, or the flow is refused', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), (days) => {
        const { workflows, diagnostics } = emitUnder(strict(days));
        const kept = workflows[0]!.runHistoryDays ?? DEFAULT_RUN_HISTORY_DAYS;
        if (days <= CLEANUP_DAYS) return diagnostics.some((d) => d.code === 'JIG4120');
        // As long as the policy allows, less the cleanup, and never longer than Logic Apps' default.
        return diagnostics.length === 0 && kept + CLEANUP_DAYS <= days && kept === Math.min(days - CLEANUP_DAYS, DEFAULT_RUN_HISTORY_DAYS);
      }),
      { numRuns: 40 },
    );
  });
});
