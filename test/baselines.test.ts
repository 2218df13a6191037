/**
 * Baselines, as Bicep keeps them: every sample (.jig under examples/ and test/fixtures/) has a
 * folder test/baselines/<sample path>/ with what each stage made of it — `diagnostics.txt` (every
 * stage), `formatted.jig` (when it parses) and, per flow, `<flow>.json` (consumption) and
 * `<flow>.arm.json` (arm). A difference fails with a diff; `npm run baselines`
 * (JIG_UPDATE_BASELINES=1) rewrites them, and an unexplained baseline change is not merged.
 *
 * Every emitted workflow (consumption, arm and standard) must also pass Jig's own output schema and
 * the reference checks of ../shared/wdl: the definition schema, the save rules and, for ARM
 * templates, the official ARM schemas.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTwoFilesPatch } from 'diff';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../compiler/src/diagnostics/diagnostic.js';
import { renderTarget, targetOptionsOf } from '../compiler/src/emit/targets/index.js';
import { nodeFileSystem } from '../compiler/src/project/node-host.js';
import { fileSystemPolicySource } from '../compiler/src/project/policy-source.js';
import { diagnosticsOf, loadWorkspace, type Workspace, type WorkspaceFile } from '../compiler/src/project/workspace.js';
import type { SourceFile } from '../compiler/src/syntax/source.js';
import { validateEmitted } from '../compiler/src/validate/index.js';
import {
  armSchemaErrors,
  definitionsOfArmTemplate,
  referenceSchemaErrors,
  saveRuleFindings,
  type SaveRuleFile,
} from './validate/reference-checks.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const baselineRoot = join(repoRoot, 'test', 'baselines');
const SAMPLE_ROOTS = ['examples', 'test/fixtures'];
const updating = process.env.JIG_UPDATE_BASELINES === '1';

type Formatter = (source: SourceFile) => { text: string } | undefined;

function findSamples(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : findSamples(path);
      return entry.name.endsWith('.jig') ? [path] : [];
    })
    .sort();
}

const samples = SAMPLE_ROOTS.flatMap((root) => findSamples(join(repoRoot, root)));
const relativeName = (path: string) => relative(repoRoot, path).split(sep).join('/');

function line(file: SourceFile, diagnostic: Diagnostic): string {
  const { line, character } = file.positionAt(diagnostic.range.start);
  const where = file.fileName.endsWith('.jig') ? '' : `${relativeName(file.fileName)}:`;
  return `${diagnostic.code} ${where}${line + 1}:${character + 1} ${diagnostic.severity} ${diagnostic.message}`;
}

interface SampleOutput {
  /** File name in the baseline folder → expected content. */
  readonly files: Map<string, string>;
  readonly saveRuleFiles: SaveRuleFile[];
  readonly definitions: { name: string; definition: unknown }[];
  readonly armTemplates: { name: string; template: unknown }[];
  readonly internalErrors: Diagnostic[];
}

/** Everything each stage made of one sample. Never throws for bad input: that is what samples test. */
function outputOf(file: WorkspaceFile, workspace: Workspace, format: Formatter | undefined): SampleOutput {
  const name = relativeName(file.fileName);
  const files = new Map<string, string>();
  const lines: string[] = [];
  for (const problem of workspace.projectProblems) {
    if (problem.source.fileName !== file.project.configFile) continue;
    for (const diagnostic of problem.diagnostics) lines.push(line(problem.source, diagnostic));
  }
  const compilation = file.compilation;
  const emitted = compilation?.emit();
  for (const diagnostic of diagnosticsOf(file)) lines.push(line(file.source, diagnostic));
  if (!compilation) lines.push('(not compiled: the project or the file could not be loaded)');
  files.set('diagnostics.txt', lines.length > 0 ? lines.join('\n') + '\n' : '(no diagnostics)\n');

  if (format && compilation && compilation.syntax.diagnostics.length === 0) {
    const formatted = format(file.source);
    if (formatted) files.set('formatted.jig', formatted.text);
  }

  const output: SampleOutput = { files, saveRuleFiles: [], definitions: [], armTemplates: [], internalErrors: [] };
  const workflows = emitted?.workflows ?? [];
  const options = targetOptionsOf(file.project.config?.deploy);
  const consumption = renderTarget('consumption', workflows, options);
  const arm = renderTarget('arm', workflows, options);
  output.internalErrors.push(...validateEmitted(consumption), ...validateEmitted(arm));
  for (const rendered of consumption) {
    const json = JSON.parse(rendered.content) as { definition: unknown };
    files.set(rendered.path, rendered.content);
    output.saveRuleFiles.push({ name: `${name}:${rendered.path}`, json });
    output.definitions.push({ name: `${name}:${rendered.path}`, definition: json.definition });
  }
  // The Standard project is not kept as a baseline (its workflow.json files differ from the
  // consumption ones only in the connection and child-workflow references), but it is checked.
  const standard = renderTarget('standard', workflows, options);
  output.internalErrors.push(...validateEmitted(standard));
  for (const rendered of standard.filter((candidate) => candidate.path.endsWith('/workflow.json'))) {
    const json = JSON.parse(rendered.content) as { definition: unknown };
    output.saveRuleFiles.push({ name: `${name}:standard/${rendered.path}`, json });
    output.definitions.push({ name: `${name}:standard/${rendered.path}`, definition: json.definition });
  }
  for (const rendered of arm) {
    const template = JSON.parse(rendered.content) as unknown;
    const armName = rendered.path.replace(/\.json$/, '.arm.json');
    files.set(armName, rendered.content);
    output.saveRuleFiles.push({ name: `${name}:${armName}`, json: template });
    output.armTemplates.push({ name: `${name}:${armName}`, template });
  }
  return output;
}

function baselineFolder(sample: string): string {
  return join(baselineRoot, relativeName(sample).replace(/\.jig$/, ''));
}

/** The differences between a sample's output and its baseline folder, as unified diffs. */
function compareWithBaseline(folder: string, files: Map<string, string>): string[] {
  const problems: string[] = [];
  const existing = existsSync(folder) ? readdirSync(folder).filter((entry) => statSync(join(folder, entry)).isFile()) : [];
  for (const [fileName, actual] of files) {
    const path = join(folder, fileName);
    const expected = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (expected === actual) continue;
    problems.push(
      expected === undefined
        ? `${relativeName(path)} is missing`
        : createTwoFilesPatch(`baseline/${fileName}`, `actual/${fileName}`, expected, actual, '', '', { context: 2 }),
    );
  }
  for (const stale of existing.filter((fileName) => !files.has(fileName))) {
    problems.push(`${relativeName(join(folder, stale))} is no longer produced`);
  }
  return problems;
}

function writeBaseline(folder: string, files: Map<string, string>): void {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const [fileName, content] of files) writeFileSync(join(folder, fileName), content);
}

describe('baselines', () => {
  const outputs = new Map<string, SampleOutput>();
  /** Samples that made a stage throw: a compiler defect, never a baseline. */
  const crashes = new Map<string, unknown>();

  beforeAll(async () => {
    const printer = await import('../compiler/src/syntax/printer.js').catch(() => undefined);
    const format = printer?.formatSource as Formatter | undefined;
    const roots = SAMPLE_ROOTS.filter((root) => findSamples(join(repoRoot, root)).length > 0);
    const workspace = await loadWorkspace(roots, {
      fs: nodeFileSystem,
      cwd: repoRoot,
      policies: fileSystemPolicySource(nodeFileSystem),
    });
    for (const file of workspace.files) {
      try {
        outputs.set(resolve(file.fileName), outputOf(file, workspace, format));
      } catch (error) {
        crashes.set(resolve(file.fileName), error);
      }
    }
  });

  it('has samples', () => {
    expect(samples.length).toBeGreaterThan(0);
  });

  for (const sample of samples) {
    it(`${relativeName(sample)} matches its baseline`, () => {
      const crash = crashes.get(resolve(sample));
      if (crash) throw crash;
      const output = outputs.get(resolve(sample));
      expect(output, 'the workspace did not load the sample').toBeDefined();
      expect(output!.internalErrors.map((d) => d.message)).toEqual([]);
      const folder = baselineFolder(sample);
      if (updating) {
        writeBaseline(folder, output!.files);
        return;
      }
      const problems = compareWithBaseline(folder, output!.files);
      if (problems.length > 0) {
        throw new Error(`baseline differs; if the change is intended, run npm run baselines\n${problems.join('\n')}`);
      }
    });
  }

  it('has no baseline folder without a sample', () => {
    const expected = new Set(samples.map(baselineFolder));
    const orphans: string[] = [];
    const walk = (folder: string) => {
      if (!existsSync(folder)) return;
      const entries = readdirSync(folder, { withFileTypes: true });
      if (entries.some((entry) => entry.isFile()) && !expected.has(folder)) orphans.push(relativeName(folder));
      for (const entry of entries) if (entry.isDirectory()) walk(join(folder, entry.name));
    };
    walk(baselineRoot);
    if (updating) for (const orphan of orphans) rmSync(join(repoRoot, orphan), { recursive: true, force: true });
    else expect(orphans).toEqual([]);
  });

  it('emits definitions that pass the reference workflow definition schema', () => {
    const failures = [...outputs.values()]
      .flatMap((output) => [
        ...output.definitions,
        ...output.armTemplates.flatMap(({ name, template }) => definitionsOfArmTemplate(template).map((definition) => ({ name, definition }))),
      ])
      .flatMap(({ name, definition }) => referenceSchemaErrors(definition).map((error) => `${name}: ${error}`));
    expect(failures).toEqual([]);
  });

  it('emits ARM templates that pass the official ARM schemas', () => {
    const failures = [...outputs.values()]
      .flatMap((output) => output.armTemplates)
      .flatMap(({ name, template }) => armSchemaErrors(template).map((error) => `${name}: ${error}`));
    expect(failures).toEqual([]);
  });

  it('emits workflows that pass the save rules', () => {
    const files = [...outputs.values()].flatMap((output) => output.saveRuleFiles);
    const findings = saveRuleFindings(files).map((finding) => {
      const index = Number(finding.slice(0, finding.indexOf('-')));
      return `${files[index]?.name ?? '?'}: ${finding.slice(finding.indexOf(':') + 1)}`;
    });
    expect(findings).toEqual([]);
  });
});
