/**
 * An emission for diagnostics alone (EmitOptions.forDiagnostics: `jig check`, the language server)
 * leaves out what only a written workflow shows. It must find what a build's emission finds: every
 * sample's diagnostics are those of its full emission, and each workflow is the full one but for
 * the parts left out, so every limit and save rule reads the same actions, names and strings.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Compilation, compileText } from '../../compiler/src/compilation.js';
import { checkLimits } from '../../compiler/src/emit/limits.js';
import { emitWorkflows } from '../../compiler/src/emit/workflow.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';
import { nodeFileSystem } from '../../compiler/src/project/node-host.js';
import { fileSystemPolicySource } from '../../compiler/src/project/policy-source.js';
import { loadWorkspace, type Workspace } from '../../compiler/src/project/workspace.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SAMPLE_ROOTS = ['examples', 'test/fixtures'];

function hasSamples(folder: string): boolean {
  if (!existsSync(folder)) return false;
  return readdirSync(folder, { withFileTypes: true }).some((entry) =>
    entry.isDirectory() ? !entry.name.startsWith('.') && hasSamples(join(folder, entry.name)) : entry.name.endsWith('.jig'),
  );
}

/**
 * The full definition with what an emission for diagnostics leaves out taken out as it does: a
 * schema Jig wrote (where the other has the empty one), the policy's hash, the parameters'
 * descriptions.
 */
function withoutUnwritten(full: unknown, forDiagnostics: unknown): unknown {
  if (Array.isArray(full)) return full.map((value, index) => withoutUnwritten(value, Array.isArray(forDiagnostics) ? forDiagnostics[index] : undefined));
  if (full === null || typeof full !== 'object') return full;
  const other = (forDiagnostics ?? {}) as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(full)) {
    const left = other[key];
    if (key === 'schema' && Object.isFrozen(left) && Object.keys(left as object).length === 0) result[key] = left;
    else result[key] = withoutUnwritten(value, left);
  }
  return result;
}

function definitionWithoutHashOrDescriptions(definition: unknown): unknown {
  const copy = structuredClone(definition) as {
    metadata?: { jig?: { policy?: { hash?: string } } };
    parameters?: Record<string, { metadata?: unknown }>;
  };
  if (copy.metadata?.jig?.policy) delete copy.metadata.jig.policy.hash;
  for (const parameter of Object.values(copy.parameters ?? {})) delete parameter.metadata;
  return copy;
}

describe('an emission for diagnostics', () => {
  let workspace: Workspace;
  beforeAll(async () => {
    workspace = await loadWorkspace(
      SAMPLE_ROOTS.filter((root) => hasSamples(join(repoRoot, root))),
      { fs: nodeFileSystem, cwd: repoRoot, policies: fileSystemPolicySource(nodeFileSystem) },
    );
  });

  it('finds in every sample what the full emission finds, in workflows that differ only by what it leaves out', () => {
    let compared = 0;
    let schemasLeftOut = 0;
    for (const file of workspace.files) {
      if (!file.compilation) continue;
      const name = relative(repoRoot, file.fileName).split(sep).join('/');
      const built = new Compilation(file.source, file.compilation.options);
      const emitted = built.emit();
      const checked = new Compilation(file.source, file.compilation.options);
      // The diagnostics of a check (an emission for them alone) are those of a build.
      expect(checked.diagnostics, name).toEqual(built.diagnostics);
      if (emitted.workflows.length === 0) continue;
      const light = emitWorkflows(checked.model, checked.policy, { sourceName: file.fileName, resolver: checked.resolver, forDiagnostics: true });
      expect(light.diagnostics, name).toEqual(emitWorkflows(built.model, built.policy, { sourceName: file.fileName, resolver: built.resolver }).diagnostics);
      expect(light.workflows.map((workflow) => workflow.name), name).toEqual(emitted.workflows.map((workflow) => workflow.name));
      for (const [index, workflow] of light.workflows.entries()) {
        const full = emitted.workflows[index]!;
        const forDiagnostics = definitionWithoutHashOrDescriptions(workflow.definition);
        const written = definitionWithoutHashOrDescriptions(withoutUnwritten(full.definition, workflow.definition));
        expect(forDiagnostics, `${name}: ${workflow.name}`).toEqual(written);
        expect(checkLimits(workflow), `${name}: ${workflow.name}`).toEqual(checkLimits(full));
        if (JSON.stringify(full.definition) !== JSON.stringify(workflow.definition)) schemasLeftOut++;
        compared++;
      }
    }
    // The samples emit many workflows, and what is left out is left out of some of them.
    expect(compared).toBeGreaterThan(50);
    expect(schemasLeftOut).toBeGreaterThan(10);
  });
});

describe('an emission for diagnostics of a flow with schemas', () => {
  const policy = loadEmbeddedPolicy();
  const longText = 'x'.repeat(9000);
  const text = `
type Order {
  id: string @business.other
  amount: number @business.transaction
  lines: Line[]
}

type Line {
  sku: string @business.other
  quantity: integer @business.other
}

/** The order service's base URL. */
param orders_url: string = "https://orders.example.com"

@purpose(automation, "Check orders")
@data(business.transaction, business.other)
@retain(30 days)
flow long_expression {
  trigger http post body Order
  let fetched = call http get "https://orders.example.com/orders" returns Order
  let parsed = parse json "{}" as Order
  let note = concat("${longText}", trigger.body.id, orders_url)
  respond 200 body { note: note, amount: parsed.amount, again: fetched.amount }
}
`;

  it('reports the expression over the limit as the full emission does, and leaves the schemas out', () => {
    const checked = compileText('orders.jig', text, { policy });
    const built = compileText('orders.jig', text, { policy });
    const emitted = built.emit();
    expect(checked.diagnostics.map((d) => d.code)).toContain('JIG4105');
    expect(checked.diagnostics).toEqual(built.diagnostics);
    const light = emitWorkflows(checked.model, policy, { sourceName: 'orders.jig', resolver: checked.resolver, forDiagnostics: true }).workflows[0]!;
    const full = emitted.workflows[0]!;
    expect(JSON.stringify(full.definition)).toContain('"required"');
    expect(JSON.stringify(light.definition)).not.toContain('"required"');
    expect(light.definition.metadata.jig.policy.hash).toBe('');
    expect(full.definition.metadata.jig.policy.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(checkLimits(light)).toEqual(checkLimits(full));
  });
});
