/** Shared helpers of the emitter tests: compile .jig text end to end and look into the definition. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../../compiler/src/project/config.js';
import { projectSettings } from '../../compiler/src/project/workspace.js';
import { compileText } from '../../compiler/src/compilation.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';
import type { Policy } from '../../compiler/src/policy/model.js';
import type { Diagnostic } from '../../compiler/src/diagnostics/diagnostic.js';
import type { WdlAction } from '../../compiler/src/emit/builders.js';
import type { EmittedWorkflow } from '../../compiler/src/emit/workflow.js';
import { expect } from 'vitest';
import { referenceSchemaErrors, saveRuleFindings } from '../validate/reference-checks.js';
import { validateEmitted } from '../../compiler/src/validate/validate-emitted.js';

export const policy: Policy = loadEmbeddedPolicy();

export const TYPES = `
type Line {
  sku:   string  @business.transaction
  qty:   integer @business.transaction
  price: number  @business.transaction
}

type Sale {
  region: string  @business.industry
  sku:    string  @business.transaction
  units:  integer @business.transaction
  amount: number  @business.transaction
}

type Report {
  sales: Sale[]
}

type Order {
  number: string         @business.transaction
  amount: number         @business.transaction
  email:  string         @business.email
  name:   string?        @personal.name @subject(customer)
  lines:  Line[]
}
`;

export interface FlowOptions {
  readonly trigger?: string;
  readonly purpose?: string;
  readonly data?: string;
  readonly retain?: string;
  readonly name?: string;
  readonly header?: string;
}

/** A file with the test types and one flow around `body` (its steps). */
export function flowFile(body: string, options: FlowOptions = {}): string {
  return `${options.header ?? ''}
${TYPES}
@purpose(${options.purpose ?? 'automation'}, "Testing the emitter")
@data(${options.data ?? 'business.transaction, business.email, personal.name'})
@retain(${options.retain ?? '30 days'})
flow ${options.name ?? 'test_flow'} {
  ${options.trigger ?? 'trigger http post body Order'}
${body}
}
`;
}

/** The emit fixtures' jig.yaml: the client's own mail domain and apps, the platform in these tests (§3). */
const configPath = fileURLToPath(new URL('../fixtures/emit/jig.yaml', import.meta.url));
export const emitFixtureProject = projectSettings(parseConfig(configPath, readFileSync(configPath, 'utf8')).config);

/** Every workflow emitted so far in this test file, for `expectAllEmittedValid`. */
const emittedSoFar: EmittedWorkflow[] = [];

/** Compiles a file; fails with the messages when it has errors, so a fixture mistake reads clearly. */
export function emitText(text: string, fileName = 'test.jig'): { workflows: readonly EmittedWorkflow[]; diagnostics: readonly Diagnostic[] } {
  const compilation = compileText(fileName, text, { policy, project: emitFixtureProject });
  const emitted = compilation.emit();
  // The findings before emission: emission's own are what the emitter tests look at.
  const fromEmission = new Set(emitted.diagnostics);
  const errors = compilation.diagnostics.filter((d) => d.severity === 'error' && !d.waived && !fromEmission.has(d));
  if (errors.length > 0) {
    throw new Error(errors.map((d) => `${d.code} ${d.message} [${text.slice(d.range.start, d.range.end)}]`).join('\n'));
  }
  if (!emitted.diagnostics.some((d) => d.severity === 'error')) emittedSoFar.push(...emitted.workflows);
  return emitted;
}

/** Checks every workflow this test file emitted without errors against the WDL schema, save_rules.py and Jig's own schema of what it writes. */
export function expectAllEmittedValid(): void {
  expect(emittedSoFar.length).toBeGreaterThan(0);
  for (const workflow of emittedSoFar) {
    expect(referenceSchemaErrors(workflow.definition), workflow.name).toEqual([]);
  }
  // And `jig build`'s own last gate (JIG4150), which refuses what Jig does not mean to write.
  const built = emittedSoFar.map((w) => ({ path: `${w.name}.json`, content: JSON.stringify({ definition: w.definition }), json: { definition: w.definition } }));
  expect(validateEmitted(built).map((d) => d.message)).toEqual([]);
  const files = emittedSoFar.map((w) => ({ name: w.name, json: { definition: w.definition, parameters: w.parameterValues } }));
  expect(saveRuleFindings(files)).toEqual([]);
}

/** The one workflow of a single-flow text. */
export function emitFlow(body: string, options: FlowOptions = {}): EmittedWorkflow {
  const { workflows } = emitText(flowFile(body, options));
  return workflows[0]!;
}

type Actions = Record<string, WdlAction>;

/** Every action of a definition at any depth, by name. */
export function allActions(actions: Actions): Map<string, WdlAction> {
  const found = new Map<string, WdlAction>();
  const visit = (map: Actions | undefined) => {
    for (const [name, action] of Object.entries(map ?? {})) {
      found.set(name, action);
      visit(action.actions);
      visit(action.else?.actions);
      visit(action.default?.actions);
      for (const c of Object.values(action.cases ?? {})) visit(c.actions);
    }
  };
  visit(actions);
  return found;
}

export function actionNamed(workflow: EmittedWorkflow, name: string): WdlAction {
  const action = allActions(workflow.definition.actions).get(name);
  if (!action) throw new Error(`No action ${name}; there are ${[...allActions(workflow.definition.actions).keys()].join(', ')}`);
  return action;
}

export function actionsOfType(workflow: EmittedWorkflow, type: string): [string, WdlAction][] {
  return [...allActions(workflow.definition.actions)].filter(([, action]) => action.type === type);
}

/** The value at a JSON Pointer of a definition. */
export function atPointer(root: unknown, pointer: string): unknown {
  let value: unknown = root;
  for (const part of pointer.split('/').slice(1)) {
    value = (value as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

/** A store's value with the opt-out mark it keeps (steps-connectors.ts optOutMarkOf): what its read `R` found, or the value's own. */
export const withOptOutMark = (document: string, read: string): string =>
  `setProperty(${document}, 'optOut', or(not(empty(body('${read}')[if(empty(body('${read}')?['ContinuationToken']), 'value', '${read} answered one page of several: Jig reads whole results only')])), not(equals(coalesce(${document}?['optOut'], false), false))))`;
