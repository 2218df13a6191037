/**
 * The ARM target: one `<flow>.json` deployment template a workflow, with the `Microsoft.Web/connections`
 * resource of each managed connector it uses, the `$connections` value wired to them, and a template
 * parameter for the location, for each workflow parameter and for each connection secret (connectors.md
 * §2–§3). Nothing secret is ever written: secure parameters get no default.
 *
 * Resource Manager evaluates any string (or property name) that starts with `[` and ends with `]` as a
 * template expression, so every literal of that form in the definition is escaped as `[[…]`.
 */
import { jsonHash } from '../../deploy/hash.js';
import type { ManagedApi, WdlParameter, WdlParameterType } from '../builders.js';
import { runtimeConfiguration } from '../run-history.js';
import { jsonFile } from '../serialize.js';
import { childWorkflowParameter } from '../steps-connectors.js';
import type { RenderableWorkflow } from '../workflow.js';
import { CONNECTION_PARAMETERS, connectionName } from './managed-apis.js';
import type { OutputFile, TargetOptions } from './options.js';

export const DEPLOYMENT_TEMPLATE_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
export const WORKFLOW_API_VERSION = '2019-05-01';
export const CONNECTION_API_VERSION = '2016-06-01';

type ArmParameterType = 'string' | 'securestring' | 'int' | 'bool' | 'array' | 'object' | 'secureObject';

interface ArmParameter {
  readonly type: ArmParameterType;
  readonly defaultValue?: unknown;
  readonly metadata?: { readonly description: string };
}

/** ARM has no floating-point parameter type: a Float travels as a string and `json()` turns it back. */
const ARM_TYPE: Record<WdlParameterType | 'SecureObject', ArmParameterType> = {
  String: 'string',
  SecureString: 'securestring',
  Int: 'int',
  Float: 'string',
  Bool: 'bool',
  Array: 'array',
  Object: 'object',
  SecureObject: 'secureObject',
};

const isSecure = (type: string) => type === 'SecureString' || type === 'SecureObject';

/** A literal as ARM must see it: `[x]` would be evaluated, `[[x]` is the text `[x]`. */
export function escapeArmLiterals(value: unknown): unknown {
  if (typeof value === 'string') return escapeArmString(value);
  if (Array.isArray(value)) return value.map(escapeArmLiterals);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [escapeArmString(key), escapeArmLiterals(item)]),
    );
  }
  return value;
}

function escapeArmString(text: string): string {
  return text.startsWith('[') && text.endsWith(']') ? '[' + text : text;
}

/** The inverse of `escapeArmLiterals`: the value as Resource Manager hands it to Logic Apps. */
export function unescapeArmLiterals(value: unknown): unknown {
  const unescape = (text: string) => (text.startsWith('[[') && text.endsWith(']') ? text.slice(1) : text);
  if (typeof value === 'string') return unescape(value);
  if (Array.isArray(value)) return value.map(unescapeArmLiterals);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [unescape(key), unescapeArmLiterals(item)]));
  }
  return value;
}

/** A string literal inside an ARM expression. */
const armString = (text: string) => `'${text.replace(/'/g, "''")}'`;
const parameterRef = (name: string) => `parameters(${armString(name)})`;
const managedApiId = (api: ManagedApi) =>
  `[subscriptionResourceId('Microsoft.Web/locations/managedApis', ${parameterRef('location')}, ${armString(api)})]`;
const connectionId = (name: string) => `[resourceId('Microsoft.Web/connections', ${armString(name)})]`;

export function renderArm(workflows: readonly RenderableWorkflow[], options: TargetOptions): OutputFile[] {
  return workflows.map((workflow) => jsonFile(`${workflow.name}.json`, armTemplate(workflow, options), 'armTemplate'));
}

export function armTemplate(workflow: RenderableWorkflow, options: TargetOptions): Record<string, unknown> {
  const parameters = new TemplateParameters();
  parameters.add('location', {
    type: 'string',
    defaultValue: options.location !== undefined ? escapeArmString(options.location) : '[resourceGroup().location]',
    metadata: { description: 'The Azure region of the workflow and its connections.' },
  });

  const connections = workflow.connections.map((api) => connectionResource(api, options, parameters));

  const workflowParameters: Record<string, unknown> = {};
  if (connections.length > 0) {
    workflowParameters.$connections = {
      value: Object.fromEntries(
        workflow.connections.map((api) => {
          const name = connectionName(api, options);
          return [api, { connectionId: connectionId(name), connectionName: escapeArmString(name), id: managedApiId(api) }];
        }),
      ),
    };
  }
  for (const [name, declaration] of Object.entries(workflow.definition.parameters)) {
    if (name === '$connections') continue;
    const templateName = parameters.add(name, workflowParameterToArm(name, declaration, workflow));
    const reference = parameterRef(templateName);
    workflowParameters[escapeArmString(name)] = {
      value: declaration.type === 'Float' ? `[json(${reference})]` : `[${reference}]`,
    };
  }

  const stamp = workflow.definition.metadata.jig.policy;
  const workflowResource = {
    type: 'Microsoft.Logic/workflows',
    apiVersion: WORKFLOW_API_VERSION,
    name: escapeArmString(workflow.name),
    location: `[${parameterRef('location')}]`,
    tags: {
      'jig-policy-id': escapeArmString(stamp.id),
      'jig-policy-version': escapeArmString(stamp.version),
      'jig-policy-hash': escapeArmString(stamp.hash),
      'jig-definition-hash': jsonHash(workflow.definition),
    },
    properties: {
      state: 'Enabled',
      definition: escapeArmLiterals(workflow.definition),
      parameters: workflowParameters,
      // Microsoft's ARM form of the workflow setting "Run history retention in days" (run-history.ts).
      ...(workflow.runHistoryDays !== undefined && { runtimeConfiguration: runtimeConfiguration(workflow.runHistoryDays) }),
    },
    ...(connections.length > 0 ? { dependsOn: connections.map((resource) => connectionId(resource.connection)) } : {}),
  };

  return {
    $schema: DEPLOYMENT_TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: parameters.toJson(),
    resources: [...connections.map((resource) => resource.json), workflowResource],
  };
}

function workflowParameterToArm(name: string, declaration: WdlParameter, workflow: RenderableWorkflow): ArmParameter {
  const type = ARM_TYPE[declaration.type];
  // The emitter's placeholder for a child workflow's id becomes the real id, in the same resource group.
  const child = workflow.childFlows.find((flow) => childWorkflowParameter(flow) === name);
  if (child !== undefined) return { type, defaultValue: `[resourceId('Microsoft.Logic/workflows', ${armString(child)})]` };
  // A value the emitter supplies beside the definition wins over the declared default.
  const supplied = workflow.parameterValues[name]?.value;
  const fallback = supplied ?? declaration.defaultValue;
  const defaultValue =
    isSecure(declaration.type) || fallback === undefined
      ? undefined
      : declaration.type === 'Float'
        ? String(fallback)
        : escapeArmLiterals(fallback);
  return {
    type,
    ...(defaultValue !== undefined ? { defaultValue } : {}),
    ...(declaration.metadata ? { metadata: { description: declaration.metadata.description } } : {}),
  };
}

function connectionResource(
  api: ManagedApi,
  options: TargetOptions,
  parameters: TemplateParameters,
): { connection: string; json: Record<string, unknown> } {
  const name = connectionName(api, options);
  const parameterValues = Object.fromEntries(
    CONNECTION_PARAMETERS[api].map((parameter) => {
      const templateName = parameters.add(`${api}_${parameter.name}`, {
        type: parameter.secret ? 'securestring' : 'string',
        metadata: { description: `${parameter.name} of the ${api} connection '${name}'.` },
      });
      return [parameter.name, `[${parameterRef(templateName)}]`];
    }),
  );
  return {
    connection: name,
    json: {
      type: 'Microsoft.Web/connections',
      apiVersion: CONNECTION_API_VERSION,
      name: escapeArmString(name),
      location: `[${parameterRef('location')}]`,
      properties: {
        displayName: escapeArmString(name),
        api: { id: managedApiId(api) },
        ...(Object.keys(parameterValues).length > 0 ? { parameterValues } : {}),
      },
    },
  };
}

/** Template parameters with unique names: a workflow parameter may be called `location` too. */
class TemplateParameters {
  /** By lower-cased name (ARM compares parameter names case-insensitively), in insertion order. */
  private readonly byName = new Map<string, { readonly name: string; readonly parameter: ArmParameter }>();

  /** Adds the parameter and returns the name it got. */
  add(wanted: string, parameter: ArmParameter): string {
    // A workflow parameter's name may hold what a template's may not (`@name("Folder_#workflowname#")`).
    const base = wanted.replace(/[^A-Za-z0-9_]/g, '_');
    let name = base;
    for (let n = 2; this.byName.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    this.byName.set(name.toLowerCase(), { name, parameter });
    return name;
  }

  toJson(): Record<string, ArmParameter> {
    return Object.fromEntries([...this.byName.values()].map(({ name, parameter }) => [name, parameter]));
  }
}
