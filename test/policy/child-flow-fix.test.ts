/**
 * JIG3013's quick fix adds what a call passes to the child flow's `@data`: an edit of the caller's
 * file when the child is there, of the child's own file (the edit names it) when it is another one.
 * Applying it checks clean.
 */
import { describe, expect, test } from 'vitest';
import { Compilation, compileText } from '../../compiler/src/compilation.js';
import type { Diagnostic } from '../../compiler/src/diagnostics/diagnostic.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';
import { describeFlow } from '../../compiler/src/project/project-flows.js';
import type { FlowResolver } from '../../compiler/src/semantics/model.js';
import { SourceFile } from '../../compiler/src/syntax/source.js';
import { applyEdits } from './helpers.js';

const policy = loadEmbeddedPolicy();

const child = `type Note {
  text: string @business.other
  contact: string @business.other
}

@purpose(automation, "Log notes for the client's hiring team")
@data(business.other)
@retain(30 days)
flow log_note {
  trigger http post body Note
  respond 201
}
`;

const caller = `type Applicant {
  name: string @personal.name
  email: string @personal.contact
}

@purpose(automation, "Take job applications for the client's hiring team")
@data(personal.name, personal.contact, business.other)
@retain(30 days)
flow take_application {
  trigger http post body Applicant
  call flow log_note with { text: trigger.body.name, contact: trigger.body.email }
  respond 202
}
`;

const childFlowFindings = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.code === 'JIG3013');

/** The caller compiled in a project where the child is another file, as the CLI and the server resolve it. */
function compileAcrossFiles(callerText: string, childText: string): { caller: Compilation } {
  const childCompilation = new Compilation(new SourceFile('/project/child.jig', childText), { policy });
  const flows: FlowResolver = {
    resolve: (name) => {
      const flow = childCompilation.syntax.file.declarations.find((d) => d.kind === 'Flow' && d.name.name === name);
      return flow?.kind === 'Flow' ? describeFlow(childCompilation, flow) : undefined;
    },
    names: () => ['log_note'],
    mayBeCalledElsewhere: () => false,
  };
  return { caller: new Compilation(new SourceFile('/project/caller.jig', callerText), { policy, flows }) };
}

describe("JIG3013's fix declares what the call passes in the child's @data", () => {
  test('in the same file: one fix, offered by each finding, that checks clean', () => {
    const text = `${child}\n${caller}`;
    const findings = childFlowFindings(compileText('notes.jig', text, { policy }).diagnostics);
    expect(findings).toHaveLength(2);
    const [fix] = findings[0]!.fixes!;
    expect(findings[1]!.fixes).toEqual([fix]);
    expect(fix!.title).toBe("Declare personal.name, personal.contact in log_note's @data");
    expect(fix!.edits.every((edit) => edit.fileName === undefined)).toBe(true);
    const fixed = applyEdits(text, fix!.edits);
    expect(fixed).toContain('@data(business.other, personal.name, personal.contact)\n@retain(30 days)\nflow log_note');
    expect(compileText('notes.jig', fixed, { policy }).diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  test("in another file: the edit names the child's file, and applying it there checks clean", () => {
    const { caller: compiled } = compileAcrossFiles(caller, child);
    const findings = childFlowFindings(compiled.diagnostics);
    expect(findings.map((d) => d.message)).toEqual([
      "This call passes trigger.body.name, which carries 'personal.name', to flow 'log_note' as its 'text'; declare it in log_note's @data, or pass only what it declares.",
      "This call passes trigger.body.email, which carries 'personal.contact', to flow 'log_note' as its 'contact'; declare it in log_note's @data, or pass only what it declares.",
    ]);
    const [fix] = findings[0]!.fixes!;
    expect(fix!.edits).toEqual([
      { range: { start: child.indexOf('business.other)') + 'business.other'.length, end: child.indexOf('business.other)') + 'business.other'.length }, newText: ', personal.name, personal.contact', fileName: '/project/child.jig' },
    ]);
    const fixedChild = applyEdits(child, fix!.edits);
    const after = compileAcrossFiles(caller, fixedChild);
    // The child alone does not see what its callers pass (the project's facts do): only the caller is checked again.
    expect(after.caller.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  test('a child with an empty @data() gets the categories without a comma', () => {
    const { caller: compiled } = compileAcrossFiles(caller, child.replace('@data(business.other)', '@data()'));
    const edit = childFlowFindings(compiled.diagnostics)[0]!.fixes![0]!.edits[0]!;
    expect(edit.newText).toBe('personal.name, personal.contact');
  });
});
