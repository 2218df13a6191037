import { describe, expect, it } from 'vitest';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';
import type { Policy } from '../../compiler/src/policy/model.js';
import { fileSystemPolicySource } from '../../compiler/src/project/policy-source.js';
import {
  diagnosticsOf,
  expandPaths,
  InputError,
  loadWorkspace,
  type PolicySource,
} from '../../compiler/src/project/workspace.js';
import type { FileSystem } from '../../compiler/src/project/host.js';
import { memoryFileSystem } from './memory-fs.js';

const notice = 'type Notice {\n  topic: string @business.document\n}\n';
const flow = (name: string, body = '  respond 200') =>
  `@purpose(automation, "Tell accounting")\n@data(business.document)\n@retain(1 year)\nflow ${name} {\n  trigger http post body Notice\n${body}\n}\n`;

/** The embedded policy for every path of `fs` that exists, counting how often each path is loaded. */
function countingPolicies(fs?: FileSystem): PolicySource & { loads: string[] } {
  const loads: string[] = [];
  return {
    loads,
    embedded: loadEmbeddedPolicy,
    async load({ path }) {
      if (fs && !(await fs.exists(path))) return { missing: true };
      loads.push(path);
      return { policy: { ...loadEmbeddedPolicy(), sourceName: path } as Policy, problems: [] };
    },
  };
}

describe('expanding paths', () => {
  const fs = memoryFileSystem({
    '/w/a.jig': '',
    '/w/sub/b.jig': '',
    '/w/sub/notes.txt': '',
    '/w/.hidden/c.jig': '',
    '/w/node_modules/d.jig': '',
    '/w/empty/readme.md': '',
  });

  it('takes files as given, folders recursively, and globs, sorted and without repeats', async () => {
    expect(await expandPaths(fs, '/w', ['.'])).toEqual(['/w/a.jig', '/w/sub/b.jig']);
    expect(await expandPaths(fs, '/w', ['sub/notes.txt', 'a.jig', './a.jig'])).toEqual(['/w/a.jig', '/w/sub/notes.txt']);
    expect(await expandPaths(fs, '/w', ['**/*.jig'])).toContain('/w/sub/b.jig');
  });

  it('refuses a path that names nothing, a folder without sources and a glob without matches', async () => {
    await expect(expandPaths(fs, '/w', ['missing.jig'])).rejects.toThrow(new InputError("no such file or folder: 'missing.jig'"));
    await expect(expandPaths(fs, '/w', ['empty'])).rejects.toThrow("no .jig file in 'empty'");
    await expect(expandPaths(fs, '/w', ['*.nothing'])).rejects.toThrow("no file matches '*.nothing'");
  });
});

describe('loading a workspace', () => {
  it('groups files by their nearest jig.yaml and loads each policy once', async () => {
    const fs = memoryFileSystem({
      '/w/jig.yaml': 'policy: p.yaml\n',
      '/w/p.yaml': 'unused by the stub',
      '/w/a.jig': notice + flow('a'),
      '/w/b.jig': notice + flow('b'),
      '/w/other/jig.yaml': 'target: arm\n',
      '/w/other/c.jig': notice + flow('c'),
    });
    const policies = countingPolicies();
    const workspace = await loadWorkspace(['.'], { fs, cwd: '/w', policies });
    expect(policies.loads).toEqual(['/w/p.yaml']);
    const [a, b, c] = workspace.files;
    expect(a!.project).toBe(b!.project);
    expect(a!.project.policy?.sourceName).toBe('/w/p.yaml');
    expect(c!.project.config?.target).toBe('arm');
    expect(c!.project.policy?.id).toBe('jigajob');
    expect(workspace.projectProblems).toEqual([]);
  });

  it('uses the --policy file for every project', async () => {
    const fs = memoryFileSystem({ '/w/jig.yaml': 'policy: p.yaml\n', '/w/p.yaml': '', '/w/q.yaml': '', '/w/a.jig': notice + flow('a') });
    const policies = countingPolicies(fs);
    const workspace = await loadWorkspace(['a.jig'], { fs, cwd: '/w', policies, policyOverride: 'q.yaml' });
    expect(policies.loads).toEqual(['/w/q.yaml']);
    expect(workspace.files[0]!.project.policy?.sourceName).toBe('/w/q.yaml');
    await expect(loadWorkspace(['a.jig'], { fs, cwd: '/w', policies, policyOverride: 'nope.yaml' })).rejects.toThrow(
      "no such policy file: 'nope.yaml'",
    );
  });

  it('compiles nothing of a project whose jig.yaml is broken, and says where', async () => {
    const fs = memoryFileSystem({ '/w/jig.yaml': 'targt: arm\n', '/w/a.jig': notice + flow('a') });
    const workspace = await loadWorkspace(['a.jig'], { fs, cwd: '/w', policies: countingPolicies() });
    expect(workspace.files[0]!.compilation).toBeUndefined();
    expect(workspace.projectProblems.map((p) => [p.source.fileName, p.diagnostics.map((d) => d.code)])).toEqual([
      ['/w/jig.yaml', ['JIG5002']],
    ]);
  });

  it('reports a policy file that jig.yaml names and that does not exist', async () => {
    const fs = memoryFileSystem({ '/w/jig.yaml': 'policy: gone.yaml\n', '/w/a.jig': notice + flow('a') });
    const workspace = await loadWorkspace(['a.jig'], { fs, cwd: '/w', policies: countingPolicies(fs) });
    const [problem] = workspace.projectProblems;
    expect(problem!.diagnostics.map((d) => [d.code, problem!.source.text.slice(d.range.start, d.range.end)])).toEqual([
      ['JIG5003', 'gone.yaml'],
    ]);
    expect(workspace.files[0]!.compilation).toBeUndefined();
  });

  it('reports an undecodable file on the file and does not compile it', async () => {
    const fs = memoryFileSystem({ '/w/a.jig': new Uint8Array([0x66, 0xe9, 0x0a]) });
    const workspace = await loadWorkspace(['a.jig'], { fs, cwd: '/w', policies: countingPolicies() });
    expect(diagnosticsOf(workspace.files[0]!).map((d) => d.code)).toEqual(['JIG0001']);
    expect(workspace.files[0]!.compilation).toBeUndefined();
  });

  it('reports a flow name that two files of one project declare, on the later file', async () => {
    const fs = memoryFileSystem({ '/w/a.jig': notice + flow('same'), '/w/b.jig': notice + flow('same') });
    const workspace = await loadWorkspace(['.'], { fs, cwd: '/w', policies: countingPolicies() });
    expect(diagnosticsOf(workspace.files[0]!)).toEqual([]);
    const duplicate = diagnosticsOf(workspace.files[1]!);
    expect(duplicate.map((d) => [d.code, d.message])).toEqual([
      ['JIG5004', "The flow 'same' is also declared in a.jig; flow names must be unique across the project, ignoring case."],
    ]);
  });

  it('reports flow names of two files that differ only in case: one workflow would overwrite the other', async () => {
    const fs = memoryFileSystem({ '/w/a.jig': notice + flow('Orders'), '/w/b.jig': notice + flow('orders') });
    const workspace = await loadWorkspace(['.'], { fs, cwd: '/w', policies: countingPolicies() });
    expect(diagnosticsOf(workspace.files[0]!)).toEqual([]);
    expect(diagnosticsOf(workspace.files[1]!).map((d) => [d.code, d.message])).toEqual([
      ['JIG5004', "The flow 'orders' is also declared in a.jig as 'Orders'; flow names must be unique across the project, ignoring case."],
    ]);
  });

  it('lets a file call a flow that another file of the project declares', async () => {
    const fs = memoryFileSystem({
      '/w/child.jig': notice + flow('child'),
      '/w/parent.jig': notice + flow('parent', '  call flow child with trigger.body\n  respond 200'),
      '/w/lonely/jig.yaml': '',
      '/w/lonely/caller.jig': notice + flow('caller', '  call flow child with trigger.body\n  respond 200'),
    });
    const workspace = await loadWorkspace(['.'], { fs, cwd: '/w', policies: countingPolicies() });
    const byName = new Map(workspace.files.map((file) => [file.fileName, file]));
    expect(diagnosticsOf(byName.get('/w/parent.jig')!)).toEqual([]);
    // Another project's flows are out of reach.
    expect(diagnosticsOf(byName.get('/w/lonely/caller.jig')!).length).toBeGreaterThan(0);
  });

  it("reads a named file's project mates for call flow and duplicate names, reporting only the named file", async () => {
    const fs = memoryFileSystem({
      '/w/jig.yaml': '',
      '/w/a_child.jig': notice + flow('child'),
      '/w/b_parent.jig': notice + flow('parent', '  call flow child with trigger.body\n  respond 200'),
      '/w/c_copy.jig': notice + flow('child'),
      '/w/nested/jig.yaml': '',
      '/w/nested/d.jig': notice + flow('parent'),
    });
    const workspace = await loadWorkspace(['b_parent.jig', 'c_copy.jig'], { fs, cwd: '/w', policies: countingPolicies() });
    expect(workspace.files.map((file) => file.fileName)).toEqual(['/w/b_parent.jig', '/w/c_copy.jig']);
    expect(diagnosticsOf(workspace.files[0]!)).toEqual([]);
    expect(diagnosticsOf(workspace.files[1]!).map((d) => d.message)).toEqual([
      "The flow 'child' is also declared in a_child.jig; flow names must be unique across the project, ignoring case.",
    ]);
    // Files without a jig.yaml form no project beyond the files named.
    const loose = memoryFileSystem({ '/l/a.jig': notice + flow('child'), '/l/b.jig': notice + flow('child') });
    const alone = await loadWorkspace(['b.jig'], { fs: loose, cwd: '/l', policies: countingPolicies() });
    expect(diagnosticsOf(alone.files[0]!)).toEqual([]);
  });

  it('reads a policy file and the file it extends through the file system', async () => {
    const fs = memoryFileSystem({
      '/w/policies/base.yaml': 'id: base\nversion: 2024-01-01\ntitle: Base\nextends: jigajob\n',
      '/w/policies/ours.yaml': 'id: ours\nversion: 2024-02-01\ntitle: Ours\nextends: base.yaml\n',
      '/w/broken.yaml': 'id: [\n',
    });
    const load = (path: string) => fileSystemPolicySource(fs).load({ path, written: path, roots: ['/w'] });
    const loaded = await load('/w/policies/ours.yaml');
    expect(loaded).toMatchObject({ problems: [], policy: { id: 'ours' } });
    const broken = await load('/w/broken.yaml');
    if (!('problems' in broken)) throw new Error('read');
    expect(broken.policy).toBeUndefined();
    expect(broken.problems[0]!.source.fileName).toBe('/w/broken.yaml');
    expect(broken.problems[0]!.diagnostics.length).toBeGreaterThan(0);
    expect(await load('/w/none.yaml')).toEqual({ missing: true });
  });
});
