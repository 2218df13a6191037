/** Microsoft Teams: "Post message in a chat or channel" in a channel, in the connector's JSON (connectors/teams.ts). */
import { describe, expect, it } from 'vitest';
import { actionNamed, emitFlow, emitText, expectAllEmittedValid, flowFile } from './helpers.js';
import { compileText } from '../../compiler/src/compilation.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';
import { renderTarget } from '../../compiler/src/emit/targets/index.js';
import { emitFixtureProject } from './helpers.js';

const host = { connection: { name: "@parameters('$connections')['teams']['connectionId']" } };
const ownTeam = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const path = "/beta/teams/conversation/message/poster/Flow bot/location/@{encodeURIComponent('Channel')}";

describe('send EXPR to teams(…)', () => {
  it("a string → Post message in a chat or channel, as the Flow bot, in the team's channel", () => {
    const workflow = emitFlow(`  send "Order \${trigger.body.number} from \${trigger.body.name}" to teams("${ownTeam}", "19:orders@thread.tacv2") @retry(none)`);
    expect(actionNamed(workflow, 'Post_message_in_a_chat_or_channel')).toEqual({
      type: 'ApiConnection',
      runAfter: {},
      inputs: {
        host,
        method: 'post',
        path,
        body: {
          recipient: { groupId: ownTeam, channelId: '19:orders@thread.tacv2' },
          messageBody: "Order @{triggerBody()?['number']} from @{triggerBody()?['name']}",
        },
        retryPolicy: { type: 'none' },
      },
      // The message holds personal.name, which the policy keeps out of run history.
      runtimeConfiguration: { secureData: { properties: ['inputs', 'outputs'] } },
    });
    expect(workflow.connections).toEqual(['teams']);
  });

  it('a string value is the message as it is; a second post is numbered; @action names the action', () => {
    const workflow = emitFlow(`  send trigger.body.number to teams("${ownTeam}", "19:orders@thread.tacv2")
  send "done" to teams("${ownTeam}", "19:orders@thread.tacv2") @action("Say_done")`);
    expect(actionNamed(workflow, 'Post_message_in_a_chat_or_channel').inputs).toMatchObject({ body: { messageBody: "@triggerBody()?['number']" } });
    expect(actionNamed(workflow, 'Say_done').inputs).toMatchObject({ body: { messageBody: 'done' } });
  });

  it('refuses a value that is not text, a wrong number of names and a computed name', () => {
    const text = flowFile(`  send trigger.body to teams("${ownTeam}", "19:orders@thread.tacv2")
  send trigger.body.number to teams("${ownTeam}")
  send trigger.body.number to teams("\${trigger.body.number}", "19:orders@thread.tacv2")`);
    const compilation = compileText('test.jig', text, { policy: loadEmbeddedPolicy(), project: emitFixtureProject });
    expect(compilation.diagnostics.filter((d) => d.code.startsWith('JIG20')).map((d) => [d.code, text.slice(d.range.start, d.range.end), d.message])).toEqual([
      ['JIG2020', 'trigger.body', "A Teams message expects 'string' but this is 'Order'."],
      ['JIG2030', `teams("${ownTeam}")`, 'teams(…) takes 2 strings (team, channel); found 1.'],
      ['JIG2030', '"${trigger.body.number}"', 'The teams names are fixed at deployment: write them as plain strings, without ${…}.'],
    ]);
  });

  it("a team jig.yaml does not name is a third party (§3); the client's own team is the platform", () => {
    const other = flowFile('  send trigger.body.number to teams("9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a6b", "19:orders@thread.tacv2")');
    const own = flowFile(`  send trigger.body.number to teams("${ownTeam.toUpperCase()}", "19:orders@thread.tacv2")`);
    const codes = (text: string) => compileText('test.jig', text, { policy: loadEmbeddedPolicy(), project: emitFixtureProject }).diagnostics.map((d) => d.code);
    expect(codes(other)).toContain('JIG3301');
    expect(codes(own)).toEqual([]);
  });

  it('the ARM target creates an OAuth connection with no parameter values', () => {
    const { workflows } = emitText(flowFile(`  send trigger.body.number to teams("${ownTeam}", "19:orders@thread.tacv2")`));
    const [file] = renderTarget('arm', workflows);
    const template = JSON.parse(file!.content) as { resources: { type: string; name: string; properties: Record<string, unknown> }[] };
    const connection = template.resources.find((resource) => resource.type === 'Microsoft.Web/connections');
    expect(connection?.properties['parameterValues']).toBeUndefined();
    expect(JSON.stringify(connection?.properties['api'])).toContain("managedApis', parameters('location'), 'teams')");
  });
});

describe('reference checks', () => {
  it('every workflow emitted above passes the WDL schema and save_rules.py', () => {
    expectAllEmittedValid();
  });
});
