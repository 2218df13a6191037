/**
 * JIG3013 through the real CLI: data passed to a child flow that its @data does not declare is
 * told in the caller's terms (the argument, the child's parameter it becomes, the child), once for
 * each part of the argument, naming every category that part carries.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runJig, scratchProject } from './run-cli.js';

beforeAll(ensureBuilt, 60_000);

const child = `type Note {
  text: string @business.other
  contact: string @business.other
}

type Applicant {
  name: string @personal.name
  email: string @personal.contact
}

@purpose(automation, "Log notes for the client's hiring team")
@data(business.other)
@retain(30 days)
flow log_note {
  trigger http post body Note
  respond 201
}
`;

function childFlowFindings(file: string): { line: number; column: number; message: string }[] {
  const run = runJig(['check', '--format', 'json', file]);
  expect(run.status).toBe(1);
  const report = JSON.parse(run.stdout) as { diagnostics: { code: string; line: number; column: number; message: string }[] };
  return report.diagnostics.filter((d) => d.code === 'JIG3013').map(({ line, column, message }) => ({ line, column, message }));
}

describe('JIG3013 speaks in the caller\'s terms', () => {
  it('names the argument, the parameter it becomes and the child', () => {
    expect(childFlowFindings('test/fixtures/policy/violations/general-child-flow-data.jig')).toEqual([
      {
        line: 28,
        column: 35,
        message:
          "This call passes trigger.body.name, which carries 'personal.name', to flow 'log_note' as its 'text'; declare it in log_note's @data, or pass only what it declares.",
      },
    ]);
  });

  it('reports each field of a record argument once, with every category it carries', () => {
    const root = scratchProject({
      'notes.jig': `${child}
@purpose(automation, "Take job applications for the client's hiring team")
@data(personal.name, personal.contact)
@retain(30 days)
flow take_application {
  trigger http post body Applicant
  call flow log_note with { text: "\${trigger.body.name} <\${trigger.body.email}>", contact: trigger.body.email }
  respond 202
}
`,
    });
    expect(childFlowFindings(`${root}/notes.jig`)).toEqual([
      {
        line: 24,
        column: 35,
        message:
          "This call passes a value made from trigger.body.name and trigger.body.email, which carries 'personal.name', 'personal.contact', to flow 'log_note' as its 'text'; declare them in log_note's @data, or pass only what it declares.",
      },
      {
        line: 24,
        column: 92,
        message:
          "This call passes trigger.body.email, which carries 'personal.contact', to flow 'log_note' as its 'contact'; declare it in log_note's @data, or pass only what it declares.",
      },
    ]);
  });

  it('calls a whole value the trigger body it becomes, in a child of another file', () => {
    const root = scratchProject({
      'jig.yaml': 'target: consumption\n',
      'child.jig': child,
      'caller.jig': `type Applicant {
  name: string @personal.name
  email: string @personal.contact
}

@purpose(automation, "Take job applications for the client's hiring team")
@data(personal.name, personal.contact)
@retain(30 days)
flow take_application {
  trigger http post body Applicant
  let note = { text: trigger.body.name, contact: trigger.body.email }
  call flow log_note with note
  respond 202
}
`,
    });
    expect(childFlowFindings(`${root}/caller.jig`)).toEqual([
      {
        line: 12,
        column: 27,
        message:
          "This call passes note, which carries 'personal.name', 'personal.contact', to flow 'log_note' as its trigger body; declare them in log_note's @data, or pass only what it declares.",
      },
    ]);
  });
});

describe('its fix in --format json', () => {
  it("names the child's file when the child is another one, and applying it there checks clean", () => {
    const root = scratchProject({
      'jig.yaml': 'target: consumption\n',
      'child.jig': child,
      'caller.jig': `type Applicant {
  name: string @personal.name
}

@purpose(automation, "Take job applications for the client's hiring team")
@data(personal.name, business.other)
@retain(30 days)
flow take_application {
  trigger http post body Applicant
  call flow log_note with { text: trigger.body.name, contact: "none" }
  respond 202
}
`,
    });
    const run = runJig(['check', '--format', 'json', 'caller.jig'], { cwd: root });
    const report = JSON.parse(run.stdout) as { diagnostics: { code: string; file: string; fixes?: unknown[] }[] };
    const finding = report.diagnostics.find((d) => d.code === 'JIG3013');
    expect(finding?.file).toBe('caller.jig');
    expect(finding?.fixes).toEqual([
      {
        title: "Declare personal.name in log_note's @data",
        isPreferred: true,
        edits: [{ file: 'child.jig', line: 12, column: 21, endLine: 12, endColumn: 21, newText: ', personal.name' }],
      },
    ]);
    writeFileSync(join(root, 'child.jig'), child.replace('@data(business.other)', '@data(business.other, personal.name)'));
    const after = runJig(['check', '.'], { cwd: root });
    expect(after.stdout).not.toContain('JIG3013');
    expect(after.status).toBe(0);
  });
});
