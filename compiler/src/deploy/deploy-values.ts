/**
 * A URL or mail parameter is checked at every value it can take (rule 3 of the analysis). The values
 * jig.yaml reads from the environment or Key Vault exist only when `jig deploy` runs, so deploy checks
 * them before it writes anything: each flow is checked again with them as destinations
 * (`Compilation.withDeployValues`), and every policy error the values add refuses the deployment.
 */
import type { Compilation } from '../compilation.js';
import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { deployValueBreaksPolicy } from '../diagnostics/catalogue/deploy.js';
import type { DeployFinding } from './finding.js';
import { noRange } from './finding.js';
import type { ResolvedParameter } from './parameters.js';
import { Secret } from './secret.js';

/** The policy errors a flow's deploy-time parameter values add, in its file. */
export type DeployValueCheck = (values: ReadonlyMap<string, string>) => readonly Diagnostic[];

/** The check of one flow of a compiled file (the workflow the flow becomes). */
export function deployValueCheck(compilation: Compilation, flowName: string): DeployValueCheck {
  return (values) => {
    if (values.size === 0) return [];
    const flow = compilation.model.file.declarations.find((declaration) => declaration.kind === 'Flow' && declaration.name.name === flowName);
    if (!flow) return [];
    const inFlow = (diagnostic: Diagnostic) => diagnostic.range.start >= flow.range.start && diagnostic.range.end <= flow.range.end;
    const key = (diagnostic: Diagnostic) => `${diagnostic.code} ${diagnostic.range.start} ${diagnostic.message}`;
    const before = new Set(compilation.policyResult.diagnostics.map(key));
    return rechecked(compilation, values)
      .policyResult.diagnostics.filter((diagnostic) => diagnostic.severity === 'error' && !diagnostic.waived && inFlow(diagnostic) && !before.has(key(diagnostic)))
      .sort(compareDiagnostics);
  };
}

/** A file checked again with some values, once for all its flows (each filters its own findings). */
const recheckedFiles = new WeakMap<Compilation, Map<string, Compilation>>();

function rechecked(compilation: Compilation, values: ReadonlyMap<string, string>): Compilation {
  let byValues = recheckedFiles.get(compilation);
  if (!byValues) recheckedFiles.set(compilation, (byValues = new Map()));
  const key = JSON.stringify([...values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  let result = byValues.get(key);
  if (!result) byValues.set(key, (result = compilation.withDeployValues(values)));
  return result;
}

/**
 * Checks the values a workflow's deploy-time parameters resolved to. A secure parameter's value is
 * compared, never shown: its findings quote only their code.
 */
export function deployValueFindings(
  workflow: string,
  check: DeployValueCheck,
  resolved: Readonly<Record<string, ResolvedParameter>>,
  locate: (diagnostic: Diagnostic) => string,
): DeployFinding[] {
  const values = new Map<string, string>();
  const sources: string[] = [];
  let secure = false;
  for (const [name, parameter] of Object.entries(resolved)) {
    // Plain values from jig.yaml were checked with the file (`jig check`).
    if (parameter.source === undefined || parameter.source === 'jig.yaml') continue;
    const value = parameter.value instanceof Secret ? parameter.value.reveal() : parameter.value;
    if (typeof value !== 'string') continue;
    values.set(name, value);
    sources.push(`'${name}' (the ${parameter.source})`);
    secure ||= parameter.value instanceof Secret;
  }
  return check(values).map((diagnostic) => ({
    workflow,
    diagnostic: deployValueBreaksPolicy(noRange, {
      parameters: sources.join(', '),
      where: locate(diagnostic),
      finding: secure ? diagnostic.code : `${diagnostic.code} ${diagnostic.message.replace(/\.$/, '')}`,
    }),
  }));
}
