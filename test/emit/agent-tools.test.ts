/**
 * What an agent's tool may hold (JIG4121). The model runs a tool as often as it picks it, or never
 * (Microsoft, agent-workflows-concepts), and Microsoft's guide lists what a tool may hold
 * (create-autonomous-agent-workflows, "Limitations and known issues"): only actions, at least one,
 * and no control flow actions. The check reads the emitted workflow, so every step that becomes
 * control flow is refused, whatever it is written as: the steps below are each a different way to
 * get an If, Switch, For each, Until, Scope or Terminate (or a Response) into a tool.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { actionNamed, emitText, expectAllEmittedValid, flowFile } from './helpers.js';
import { runJig } from './run-helpers.js';
import { readTestFile } from '../../compiler/src/testing/test-file.js';
import { mocksOf } from '../../compiler/src/testing/mocks.js';

afterAll(() => expectAllEmittedValid());

const OPERATIONAL = { trigger: 'trigger http post', data: 'system.operational' };

/** A flow whose agent has one tool `work` holding `steps` (and a `var seen` it may append to). */
function agentWith(steps: string): string {
  return flowFile(
    `  var seen: string[] = []
  let reply = agent "agent" model "gpt-4o"
    messages [{ role: "user", content: "Check the run." }]
    tools {
      tool work "Do the work" schema { "type": "object", "properties": { "id": { "type": "string" } } } {
${steps}
      }
    }
  respond 200 body reply.lastAssistantMessage`,
    OPERATIONAL,
  );
}

const REFUSED: [string, string, string][] = [
  ['if', 'Condition', '        if agentParameters("id") == "x" {\n          append "x" to seen\n        }'],
  ['switch', 'Switch', '        switch agentParameters("id") {\n          case "a" { append "a" to seen }\n          default { append "b" to seen }\n        }'],
  ['for each', 'For_each', '        for each part in split(agentParameters("id"), ",") {\n          append part to seen\n        }'],
  ['until', 'Until', '        until length(seen) > 2 {\n          append "u" to seen\n        }'],
  ['try', 'Try', '        try {\n          call http get "https://status.azurewebsites.net/runs"\n        } catch {\n          append "failed" to seen\n        }'],
  ['scope', 'Scope', '        scope {\n          append "s" to seen\n        }'],
  ['fail', 'Fail', '        fail "no such run"'],
  ['stop', 'Stop', '        stop succeeded'],
  ['a list stored whole (a For each Jig builds)', 'For_each', '        store [{ id: guid() }, { id: guid() }] in cosmos("jigajob", "runs") @retain(1 day)'],
  ['after a plain action', 'Condition', '        append "a" to seen\n        if length(seen) > 1 {\n          append "b" to seen\n        }'],
];

describe('JIG4121: an agent tool holds no control flow and no Response', () => {
  it.each(REFUSED)('%s in a tool is refused, at the step', (_what, prefix, steps) => {
    const text = agentWith(steps);
    const { diagnostics } = emitText(text);
    const found = diagnostics.filter((d) => d.code === 'JIG4121');
    // One finding for the tool's control flow (a try's Try and Catch are one step).
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain(`in the tool 'work' of the agent 'Agent_reply'`);
    expect(found[0]!.message).toContain('control flow');
    expect(found[0]!.message).toMatch(new RegExp(`action '${prefix}`));
    // The finding stands on a step of the tool, not on the agent or the flow.
    const line = text.slice(0, found[0]!.range.start).split('\n').length;
    const toolLine = text.split('\n').findIndex((l) => l.includes('tool work')) + 1;
    expect(line).toBeGreaterThan(toolLine);
  });

  it('a respond in a tool is refused: the tool may run twice, or never, and a run answers once', () => {
    const { diagnostics } = emitText(agentWith('        respond 202 body "working"'));
    const found = diagnostics.filter((d) => d.code === 'JIG4121');
    expect(found.map((d) => d.message)).toEqual([expect.stringContaining("became the Response action 'Respond_202' in the tool 'work'")]);
  });

  it('a tool of plain actions (calls, variables, a let, a store of one document) is built, and valid', () => {
    const text = agentWith(`        let id = agentParameters("id")
        append id to seen
        call http post "https://status.azurewebsites.net/runs" body { id: id }
        store { id: id, at: utcNow() } in cosmos("jigajob", "runs") @retain(1 day)`);
    const { workflows, diagnostics } = emitText(text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const agent = actionNamed(workflows[0]!, 'Agent_reply') as unknown as { tools: Record<string, { actions: Record<string, { type: string }> }> };
    expect(Object.values(agent.tools['work']!.actions).map((a) => a.type)).toEqual(['Compose', 'AppendToArrayVariable', 'Http', 'ApiConnection']);
  });

  it('a raw Agent action whose tool holds an If is refused as well (the check reads the workflow)', () => {
    const raw = JSON.stringify({
      type: 'Agent',
      inputs: { parameters: { deploymentId: 'gpt-4o', messages: [] }, modelConfigurations: { model1: { referenceName: 'agent' } } },
      tools: { decide: { description: 'Decide', actions: { Check: { type: 'If', expression: '@true', actions: {}, runAfter: {} } } } },
      runAfter: {},
    });
    const { diagnostics } = emitText(flowFile(`  raw action "Agent_raw" ${raw}`, OPERATIONAL));
    expect(diagnostics.filter((d) => d.code === 'JIG4121').map((d) => d.message)).toEqual([expect.stringContaining("the If action 'Check' in the tool 'decide' of the agent 'Agent_raw'")]);
  });

  it('a tool whose steps become no action is refused (a let Jig writes where it is read)', () => {
    const { diagnostics } = emitText(agentWith('        let request = trigger.body'));
    expect(diagnostics.filter((d) => d.code === 'JIG4121').map((d) => d.message)).toEqual([expect.stringContaining("The tool 'work' of the agent 'Agent_reply' became no action")]);
  });

  it('a tool that holds no action is refused; a tool of another kind (an MCP server) holds none and is not', () => {
    const mcp = JSON.stringify({
      type: 'Agent',
      inputs: { parameters: { deploymentId: 'gpt-4o', messages: [] }, modelConfigurations: { model1: { referenceName: 'agent' } } },
      tools: { Server: { type: 'McpClientTool', kind: 'BuiltIn', inputs: {} } },
      runAfter: {},
    });
    expect(emitText(flowFile(`  raw action "Agent_mcp" ${mcp}`, OPERATIONAL)).diagnostics.filter((d) => d.code === 'JIG4121')).toEqual([]);
    const raw = JSON.stringify({
      type: 'Agent',
      inputs: { parameters: { deploymentId: 'gpt-4o', messages: [] }, modelConfigurations: { model1: { referenceName: 'agent' } } },
      tools: { nothing: { description: 'Nothing', actions: {} } },
      runAfter: {},
    });
    const { diagnostics } = emitText(flowFile(`  raw action "Agent_raw" ${raw}`, OPERATIONAL));
    expect(diagnostics.filter((d) => d.code === 'JIG4121').map((d) => d.message)).toEqual([expect.stringContaining("The tool 'nothing' of the agent 'Agent_raw' became no action")]);
  });

  it('the control flow that Microsoft allows around an agent stays allowed: an agent inside an if, its answer tested after it', () => {
    const text = flowFile(
      `  if length("a") > 0 {
    let reply = agent "agent" model "gpt-4o"
      messages [{ role: "user", content: "Hello" }]
      tools {
        tool ping "Ping" {
          call http get "https://status.azurewebsites.net/ping"
        }
      }
    if reply.lastAssistantMessage == "ok" {
      respond 200 body "ok"
    }
  }`,
      OPERATIONAL,
    );
    const { diagnostics } = emitText(text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // And it runs: the agent answers through its mock, the If after it reads that answer.
    const record = runJig(text, { mocks: { actions: { Agent_reply: { responses: [{ status: 200, body: { lastAssistantMessage: "ok" } }] } } } });
    expect(record.status).toBe('Succeeded');
    expect(record.response?.statusCode).toBe(200);
  });
});

/**
 * The agent's tools run in the engine as the model calls them: the mock of the Agent lists its
 * tool calls (`toolCalls`, each a tool and the arguments the model passes), which run one after
 * another before the Agent answers, each call's `agentParameters()` its own arguments. A call of a
 * tool the Agent lacks is a mock no model could give (InvalidMock); what the agent does after a
 * tool's action failed, or with an argument the model left out, is not documented: the run stops.
 */
describe("an agent's tools, as the model calls them, run in the engine", () => {
  const FLOW = flowFile(
    `  var asked: string[] = []
  let reply = agent "agent" model "gpt-4o"
    messages [{ role: "user", content: "Look the runs up." }]
    tools {
      tool get_run "Get a run by its id" schema { "type": "object", "properties": { "id": { "type": "string" } }, "required": ["id"] } {
        append agentParameters("id") to asked
        let run = call http get "https://status.azurewebsites.net/runs/\${agentParameters("id")}"
      }
      tool ping "Check that the service answers" {
        call http get "https://status.azurewebsites.net/ping"
      }
    }
    @count(10)
  respond 200 body { answer: reply.lastAssistantMessage, asked: asked }`,
    OPERATIONAL,
  );
  const answer = (toolCalls: unknown[]) => ({ actions: { Agent_reply: { responses: [{ status: 200, body: { lastAssistantMessage: 'two runs' }, toolCalls }] } } });

  it('each call runs its tool with its own arguments, in the order the model called them, before the answer', () => {
    const record = runJig(FLOW, {
      mocks: answer([
        { tool: 'get_run', arguments: { id: 'r-7' } },
        { tool: 'ping' },
        { tool: 'get_run', arguments: { id: 'r-9' } },
      ]) as never,
    });
    expect(record.status).toBe('Succeeded');
    expect(record.response?.body).toEqual({ answer: 'two runs', asked: ['r-7', 'r-9'] });
    expect(record.effects.requests.map((r) => r.uri)).toEqual([
      'https://status.azurewebsites.net/runs/r-7',
      'https://status.azurewebsites.net/ping',
      'https://status.azurewebsites.net/runs/r-9',
    ]);
    // The tools' actions are in the run's history, inside the Agent, and end before it does.
    const agent = record.actions.find((a) => a.name === 'Agent_reply')!;
    const calls = record.actions.filter((a) => a.scope.includes('Agent_reply'));
    expect(calls.map((a) => a.name)).toEqual(['Append_to_asked', 'Call_run', 'Call_status', 'Append_to_asked', 'Call_run']);
    for (const call of calls) expect(Date.parse(call.endTime!)).toBeLessThanOrEqual(Date.parse(agent.endTime!));
  });

  it("the Agent's timeout bounds its tools too: a call past it does not run, and the Agent times out", () => {
    const timed = FLOW.replace('    @count(10)', '    @count(10) @timeout(1 minute)');
    const slow = { 'http:GET https://status.azurewebsites.net/ping': { responses: [{ status: 200, delayMs: 40_000 }] } };
    const calls = [{ tool: 'ping' }, { tool: 'ping' }, { tool: 'ping' }];
    const record = runJig(timed, { mocks: { ...answer(calls), operations: slow } as never });
    // Two pings (40 s each) pass the minute: the third never starts.
    expect(record.effects.requests).toHaveLength(2);
    const agent = record.actions.find((a) => a.name === 'Agent_reply')!;
    expect(agent).toMatchObject({ status: 'TimedOut', code: 'ActionTimedOut', endTime: '2025-01-01T00:01:00.0000000Z' });
    expect(record.actions.find((a) => a.name === 'Respond_200')?.status).toBe('Skipped');
    expect(record.status).toBe('Failed');
    // Within it, the answer comes: one ping.
    const within = runJig(timed, { mocks: { ...answer([{ tool: 'ping' }]), operations: slow } as never });
    expect(within.status).toBe('Succeeded');
    // The answer itself counts: a ping of 40 s and an answer of 30 s pass the minute.
    const late = runJig(timed, {
      mocks: { actions: { Agent_reply: { responses: [{ status: 200, body: { lastAssistantMessage: 'late' }, toolCalls: [{ tool: 'ping' }], delayMs: 30_000 }] } }, operations: slow } as never,
    });
    expect(late.actions.find((a) => a.name === 'Agent_reply')).toMatchObject({ status: 'TimedOut', endTime: '2025-01-01T00:01:00.0000000Z' });
  });

  it('without tool calls no tool runs', () => {
    const record = runJig(FLOW, { mocks: answer([]) as never });
    expect(record.response?.body).toEqual({ answer: 'two runs', asked: [] });
    expect(record.effects.requests).toEqual([]);
  });

  it('a call of a tool the agent lacks is a mock no model could give', () => {
    const record = runJig(FLOW, { mocks: answer([{ tool: 'delete_run', arguments: { id: 'r-7' } }]) as never });
    expect(record.status).toBe('Failed');
    expect(record.error).toMatchObject({ code: 'InvalidMock', message: expect.stringContaining("calls the tool 'delete_run', which the agent does not have (its tools: get_run, ping)") });
  });

  it('an argument the model left out, and a tool whose action failed, stop the run: what the service does is not documented', () => {
    const missing = runJig(FLOW, { mocks: answer([{ tool: 'get_run', arguments: {} }]) as never });
    expect(missing.status).toBe('NotSupported');
    expect(missing.notSupported).toMatch(/agentParameters\('id'\) of an argument the model did not pass/);
    const failed = runJig(FLOW, {
      mocks: { ...answer([{ tool: 'ping' }]), operations: { 'http:GET https://status.azurewebsites.net/ping': { responses: [{ status: 404 }] } } } as never,
    });
    expect(failed.status).toBe('NotSupported');
    expect(failed.notSupported).toMatch(/An action of the tool 'ping' of the Agent 'Agent_reply' failed/);
  });
});

describe('a test file gives an agent its tool calls', () => {
  it('toolCalls in a mock (and in a sequence) is read, checked and handed to the engine', () => {
    const yaml = `flow: test.jig:test_flow
tests:
  - name: the model looks one run up
    mocks:
      Agent_reply:
        body: { lastAssistantMessage: done }
        toolCalls: [{ tool: get_run, arguments: { id: r-7 } }, { tool: ping }]
`;
    const { file, diagnostics } = readTestFile('agent.test.yaml', yaml);
    expect(diagnostics).toEqual([]);
    const mocks = mocksOf(file!.tests[0]!.mocks);
    expect(mocks.actions?.['Agent_reply']?.responses[0]?.toolCalls).toEqual([{ tool: 'get_run', arguments: { id: 'r-7' } }, { tool: 'ping' }]);
    // A call without its tool's name is no tool call.
    const wrong = readTestFile('agent.test.yaml', yaml.replace('{ tool: ping }', '{ name: ping }'));
    expect(wrong.diagnostics.length).toBeGreaterThan(0);
  });
});
