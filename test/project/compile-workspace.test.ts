import { describe, expect, it, vi } from 'vitest';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';
import { Compilation } from '../../compiler/src/compilation.js';
import { compileWorkspace, fileOutcome } from '../../compiler/src/project/compile-workspace.js';
import { emitWorkspace } from '../../compiler/src/project/emission.js';
import { diagnosticsOf, loadWorkspace, type WorkspaceOptions } from '../../compiler/src/project/workspace.js';
import { memoryFileSystem } from './memory-fs.js';

const notice = 'type Notice {\n  topic: string @business.document\n}\n';
const flow = (name: string, body = '  respond 200', keyword = 'flow') =>
  `@purpose(automation, "Tell accounting")\n@data(business.document)\n@retain(1 year)\n${keyword} ${name} {\n  trigger http post body Notice\n${body}\n}\n`;
const calling = (name: string, callee: string) => flow(name, `  call flow ${callee} with trigger.body\n  respond 200`);

function options(files: Record<string, string>): WorkspaceOptions {
  return { fs: memoryFileSystem(files), cwd: '/w', policies: { embedded: loadEmbeddedPolicy, load: async () => ({ problems: [] }) } };
}

/** Each file's codes, as `jig check` reports them from the file-by-file compilation and from `loadWorkspace`. */
async function bothWays(files: Record<string, string>) {
  const compiled = await compileWorkspace(['.'], options(files), { emit: false });
  const loaded = await loadWorkspace(['.'], options(files));
  const codes = (diagnostics: readonly { code: string }[]) => diagnostics.map((diagnostic) => diagnostic.code);
  return {
    oneByOne: compiled.workspace.files.map((file, index) => codes(diagnosticsOf(file, compiled.outcomes[index]?.diagnostics ?? []))),
    loaded: loaded.files.map((file) => codes(diagnosticsOf(file))),
  };
}

describe('compiling a workspace file by file', () => {
  it('resolves call flow into a later file, reports duplicates on the later file, as loadWorkspace does', async () => {
    const { oneByOne, loaded } = await bothWays({
      '/w/a.jig': notice + calling('a', 'z_child'),
      '/w/b.jig': notice + calling('b', 'missing') + '/// call flow z_child is what a uses\n',
      '/w/c.jig': notice + flow('a'),
      '/w/z.jig': notice + flow('z_child'),
    });
    expect(oneByOne).toEqual(loaded);
    expect(oneByOne[0]).toEqual([]);
    expect(oneByOne[1]!.length).toBeGreaterThan(0); // the unknown flow
    expect(oneByOne[2]).toEqual(['JIG5004']);
  });

  it("compares a Standard app's params with the files before each, as loadWorkspace does, whichever files are named", async () => {
    const param = (name: string, declaration: string) => `param limit: ${declaration}\n` + notice + flow(name, '  respond 200 body { limit: limit }');
    const files = {
      '/w/jig.yaml': 'target: standard\n',
      '/w/a.jig': param('a', 'integer = 10'),
      '/w/b.jig': param('b', 'integer = 10'),
      '/w/c.jig': param('c', 'integer = 20'),
      '/w/d.jig': param('d', 'string'),
    };
    const { oneByOne, loaded } = await bothWays(files);
    expect(oneByOne).toEqual(loaded);
    expect(oneByOne).toEqual([[], [], ['JIG5011'], ['JIG5011']]);
    // Named alone, a file is still compared with the project's files before it, and only with those.
    const codes = async (path: string) => {
      const compiled = await compileWorkspace([path], options(files), { emit: false });
      return diagnosticsOf(compiled.workspace.files[0]!, compiled.outcomes[0]?.diagnostics ?? []).map((d) => d.code);
    };
    expect(await codes('/w/d.jig')).toEqual(['JIG5011']);
    expect(await codes('/w/a.jig')).toEqual([]);
  });

  it('finds a flow that error recovery declares where the text shows only a call', async () => {
    // `call flow child` at the top level parses, after an error, as the declaration of `child`.
    const { oneByOne, loaded } = await bothWays({
      '/w/a.jig': notice + calling('parent', 'child'),
      '/w/b.jig': notice + flow('child', '  respond 200', 'call flow'),
    });
    expect(oneByOne).toEqual(loaded);
    expect(oneByOne[0]).toEqual([]);
  });

  it('emits only the files without errors, the same workflows as from loadWorkspace', async () => {
    const files = { '/w/a.jig': notice + calling('a', 'child'), '/w/b.jig': notice + flow('child'), '/w/c.jig': notice + flow('child') };
    const compiled = await compileWorkspace(['.'], options(files), { emit: true });
    const oneByOne = emitWorkspace(compiled.workspace, compiled.outcomes);
    const loaded = emitWorkspace(await loadWorkspace(['.'], options(files)));
    const names = (emission: typeof loaded) => emission.projects.flatMap((project) => project.workflows.map((workflow) => workflow.name));
    expect(names(oneByOne)).toEqual(['a', 'child']);
    expect(names(oneByOne)).toEqual(names(loaded));
    expect(oneByOne.projects[0]!.workflows.map((workflow) => workflow.definition)).toEqual(
      loaded.projects[0]!.workflows.map((workflow) => workflow.definition),
    );
    expect(oneByOne.hasErrors).toBe(true);
  });

  it("checks a caller of a later file's flow once, after that file, with what the child answers", async () => {
    // The child's answer holds what it read (rule 2): the caller's findings come from the child's
    // file, which comes after it. Checked in its turn, the caller would read an empty answer and
    // be checked again at the end; it is analysed in its turn and checked once, at the end.
    const pupil = 'type Pupil {\n  id: string @business.other\n  name: string @personal.minor @subject(pupil)\n}\ntype Ask {\n  id: string @business.other\n}\n';
    const files = {
      '/w/a.jig':
        'type Ask {\n  id: string @business.other\n}\n@purpose(automation, "Tell the planner")\n@data(business.other)\n@retain(30 days)\nflow tell_planner {\n  trigger http post body Ask\n' +
        '  let r = call flow find_pupils with trigger.body\n  call http post "https://approvals.example.com/x" body r\n}\n',
      '/w/b.jig':
        pupil + '@purpose(automation, "Keep pupils")\n@data(personal.minor, business.other)\n@retain(30 days)\nflow register_pupil {\n  trigger http post body Pupil\n' +
        '  store trigger.body in cosmos("jigajob", "registered-pupils") @retain(30 days)\n}\n',
      '/w/c.jig':
        'type Ask {\n  id: string @business.other\n}\n@purpose(automation, "Look up")\n@data(business.other)\n@retain(30 days)\nflow find_pupils {\n  trigger http post body Ask\n' +
        '  let found = query cosmos("jigajob", "registered-pupils") returns Ask[]\n  respond 200 body found\n}\n',
    };
    const checked = new Map<string, Set<Compilation>>();
    const diagnostics = Object.getOwnPropertyDescriptor(Compilation.prototype, 'diagnostics')!.get!;
    const spy = vi.spyOn(Compilation.prototype, 'diagnostics', 'get').mockImplementation(function (this: Compilation) {
      const name = this.source.fileName.replace(/.*\//, '');
      checked.set(name, (checked.get(name) ?? new Set()).add(this));
      return diagnostics.call(this);
    });
    try {
      const { oneByOne, loaded } = await bothWays(files);
      expect(oneByOne).toEqual(loaded);
      // The minors' data the child answers reaches the caller's request to a third party.
      expect(oneByOne[0]).toEqual(expect.arrayContaining(['JIG3004', 'JIG3301', 'JIG3901']));
      // A check and a build alike.
      for (const emit of [false, true]) {
        checked.clear();
        await compileWorkspace(['.'], options(files), { emit });
        expect([...checked].map(([name, compilations]) => [name, compilations.size])).toEqual([['b.jig', 1], ['c.jig', 1], ['a.jig', 1]]);
      }
    } finally {
      spy.mockRestore();
    }
  });

  it("hands a sink a caller of a later file's flow after that file, once", async () => {
    const accepted: string[][] = [];
    const sink = {
      accept: (_file: unknown, workflows: readonly { name: string }[]) => accepted.push(workflows.map((workflow) => workflow.name)),
      withdraw: () => {
        throw new Error('the caller is emitted once, with the whole project');
      },
      reset: () => {},
    };
    const files = { '/w/a.jig': notice + calling('a', 'z_child'), '/w/m.jig': notice + flow('m'), '/w/z.jig': notice + flow('z_child') };
    await compileWorkspace(['.'], options(files), { emit: sink });
    expect(accepted).toEqual([['m'], ['z_child'], ['a']]);
  });

  it('hands a sink the workflows of each file without errors as it is emitted, and starts it over on a second pass', async () => {
    const accepted: string[][] = [];
    let resets = 0;
    const sink = {
      accept: (_file: unknown, workflows: readonly { name: string }[]) => accepted.push(workflows.map((workflow) => workflow.name)),
      withdraw: () => {
        throw new Error('no file here reads the project data another file writes later');
      },
      reset: () => {
        accepted.length = 0;
        resets++;
      },
    };
    // b.jig's recovered declaration of `child` forces the second pass.
    const files = { '/w/a.jig': notice + calling('parent', 'child'), '/w/b.jig': notice + flow('child', '  respond 200', 'call flow'), '/w/c.jig': notice + flow('other') };
    const compiled = await compileWorkspace(['.'], options(files), { emit: sink });
    expect(resets).toBe(1);
    expect(accepted).toEqual([['parent'], ['other']]);
    // The outcomes keep the findings only: the sink has the workflows.
    expect(compiled.outcomes.map((outcome) => outcome?.emitted?.workflows.length)).toEqual([0, undefined, 0]);
  });
});

describe('a file whose compilation throws', () => {
  // Every stage throws: a build asks for the workflows first, a check for the diagnostics.
  const throwing = (error: Error) =>
    ({
      get diagnostics(): never {
        throw error;
      },
      emit(): never {
        throw error;
      },
    }) as unknown as Compilation;

  it('becomes one finding of that file (JIG5090), whatever the error', async () => {
    const workspace = await loadWorkspace(['.'], options({ '/w/a.jig': notice + flow('a') }));
    const file = workspace.files[0]!;
    const overflow = fileOutcome(file, throwing(new RangeError('Maximum call stack size exceeded')), false);
    expect(overflow.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['JIG5090', 'Jig could not check this file: it nests too deeply for the compiler (a chain of thousands of steps or operators). The other files were checked as usual.'],
    ]);
    const defect = fileOutcome(file, throwing(new TypeError("Cannot read properties of undefined (reading 'kind')\n    at x")), true);
    expect(defect.diagnostics[0]!.message).toBe(
      "Jig could not check this file: internal error (Cannot read properties of undefined (reading 'kind')); please report it with this file. The other files were checked as usual.",
    );
    expect(defect.emitted).toBeUndefined();
  });
});
