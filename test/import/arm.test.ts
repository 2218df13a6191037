/**
 * jig import of ARM template expressions inside a definition (import/arm.ts): what ARM puts there
 * at deployment is a value the deployment gives, so Jig reads it as a param without a default,
 * never as the text `[parameters('x')]`; what Jig does not read keeps its action raw.
 */
import { describe, expect, it } from 'vitest';
import { importSources } from '../../compiler/src/import/index.js';
import { readArmExpressions } from '../../compiler/src/import/arm.js';
import { compileText } from '../../compiler/src/compilation.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';
import { referenceSchemaErrors, saveRuleFindings } from '../validate/reference-checks.js';

const policy = loadEmbeddedPolicy();

const only = (document: unknown, path = 'template.json') => {
  const results = importSources([{ path, text: JSON.stringify(document) }], { policy, check: true });
  expect(results).toHaveLength(1);
  return results[0]!;
};

const arm = "@parameters('$connections')['arm']['connectionId']";
const automation = "@parameters('$connections')['azureautomation']['connectionId']";
const office = "@parameters('$connections')['office365']['connectionId']";

/** A definition taken out of its ARM template (as the corpus's are): the `[…]` left in it. */
const EXTRACTED = {
  parameters: { $connections: { type: 'Object', defaultValue: {} } },
  triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
  actions: {
    Create_job: {
      type: 'ApiConnection',
      inputs: {
        host: { connection: { name: automation } },
        method: 'put',
        path: "[format('/subscriptions/@{{encodeURIComponent(''{0}'')}}/resourceGroups/@{{encodeURIComponent(''{1}'')}}/jobs', parameters('subscriptionId'), parameters('group'))]",
      },
      runAfter: {},
    },
    Deploy: {
      type: 'ApiConnection',
      inputs: {
        host: { connection: { name: arm } },
        method: 'put',
        path: "[concat('/subscriptions/@{encodeURIComponent(split(triggerBody()?[''id''], ''/'')[2])}/deployments/@{encodeURIComponent(''', parameters('playbook'), ''')}')]",
      },
      runAfter: { Create_job: ['Succeeded'] },
    },
    Send_an_email: {
      type: 'ApiConnection',
      inputs: { host: { connection: { name: office } }, method: 'post', path: '/v2/Mail', body: { To: "[parameters('recipientAddress')]", Subject: '[Daily report]', Body: 'Done' } },
      runAfter: { Deploy: ['Succeeded'] },
    },
    Send_event: {
      type: 'ApiConnection',
      inputs: { host: { connection: { name: arm } }, method: 'post', path: "[reference(resourceId('Microsoft.EventHub/namespaces', parameters('hub'))).serviceBusEndpoint]" },
      runAfter: { Send_an_email: ['Succeeded'] },
    },
    Get_entity: {
      type: 'ApiConnection',
      inputs: { host: { connection: { name: arm } }, method: 'get', path: "[concat('/Tables/@{encodeURIComponent(''', variables('tablename'), ''')}/entities')]", body: { owner: "[variables('owner')]" } },
      runAfter: { Send_event: ['Succeeded'] },
    },
  },
};

describe('an ARM template expression inside a definition', () => {
  const result = only({ definition: EXTRACTED }, 'extracted.json');

  it('a parameter read whole or in concat/format is a param without a default, which the deployment gives (no constant for the policy)', () => {
    for (const name of ['subscriptionId', 'group', 'playbook', 'recipientAddress']) {
      expect(result.text).toContain(`/// In its ARM template: [parameters('${name}')].\nparam ${name}: string\n`);
    }
    expect(result.text).toContain('call connector "azureautomation" put "/subscriptions/${encodeUriComponent(subscriptionId)}/resourceGroups/${encodeUriComponent(group)}/jobs"');
    expect(result.text).toContain('/deployments/${encodeUriComponent(playbook)}"');
    expect(result.text).toContain('body { To: recipientAddress, Subject: "[Daily report]", Body: "Done" }');
    // Bracketed text that is no ARM expression stays text.
    expect(result.text).toContain('"[Daily report]"');
    expect(result.text).not.toMatch(/"\[parameters\(/);
  });

  it('an ARM expression Jig does not read (reference) keeps its action raw, its JSON verbatim', () => {
    expect(result.rawActions).toEqual(['Send_event']);
    expect(result.raw.map((r) => [r.action, r.reason])).toEqual([['Send_event', "an ARM template expression Jig does not read: [reference(resourceId('Microsoft.EventHub/namespaces', pa…"]]);
    expect(result.text).toContain(`"path": "[reference(resourceId('Microsoft.EventHub/namespaces', parameters('hub'))).serviceBusEndpoint]"`);
  });

  it("a template variable, its template not at hand, is what the deployment decides: a param without a default, as a parameter's", () => {
    for (const name of ['tablename', 'owner']) expect(result.text).toContain(`/// In its ARM template: [variables('${name}')].\nparam ${name}: string\n`);
    expect(result.text).toContain('call connector "arm" get "/Tables/${encodeUriComponent(tablename)}/entities"');
    expect(result.text).toContain('body { owner: owner }');
    expect(result.text).not.toMatch(/"\[variables\(/);
  });

  it('is identical when built again, against the definition as ARM deploys it', () => {
    expect(result.parity).toEqual({ identical: true, differences: [] });
    // Built as the parity stub is, about no one: its Office 365 step would read the mailbox (rule 2).
    const built = compileText('extracted.jig', result.text!.replace(/^flow /m, '@purpose(automation, "t")\n@data(system.operational)\n@retain(1 year)\nflow '), { policy: { ...policy, mixedSources: new Map() } }).emit();
    const parameters = built.workflows[0]!.definition.parameters as Record<string, { defaultValue?: unknown }>;
    // No default: jig deploy gives each its value from jig.yaml, as ARM's deployment did.
    for (const name of ['subscriptionId', 'group', 'playbook', 'recipientAddress', 'tablename', 'owner']) expect(parameters[name]).toBeDefined();
    for (const name of ['subscriptionId', 'group', 'playbook', 'recipientAddress', 'tablename', 'owner']) expect(parameters[name]!.defaultValue).toBeUndefined();
  });
});

describe('an integer variable whose value is an ARM parameter', () => {
  it('reads an integer param (the action takes a number), identical when built again', () => {
    const result = only({
      definition: {
        triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
        actions: {
          Initialize_days: { type: 'InitializeVariable', inputs: { variables: [{ name: 'days', type: 'integer', value: "[parameters('ExtendBy')]" }] }, runAfter: {} },
          Response: { type: 'Response', kind: 'Http', inputs: { statusCode: 200, body: "@variables('days')" }, runAfter: { Initialize_days: ['Succeeded'] } },
        },
      },
    });
    expect(result.text).toContain("/// In its ARM template: [parameters('ExtendBy')].\nparam ExtendBy: integer\n");
    expect(result.rawActions).toEqual([]);
    expect(result.parity).toEqual({ identical: true, differences: [] });
  });
});

describe('a definition in its ARM template', () => {
  const definition = {
    parameters: { emailTo: { type: 'String', defaultValue: "[parameters('notify')]" }, region: { type: 'String', defaultValue: 'west' } },
    triggers: { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1 } } },
    actions: {
      Same_value: { type: 'Compose', inputs: "[parameters('notify')]", runAfter: {} },
      Count: { type: 'Compose', inputs: "[parameters('retries')]", runAfter: { Same_value: ['Succeeded'] } },
      Undeclared: { type: 'Compose', inputs: "[parameters('missing')]", runAfter: { Count: ['Succeeded'] } },
      Clash: { type: 'Compose', inputs: "[parameters('region')]", runAfter: { Undeclared: ['Succeeded'] } },
      Not_an_expression: { type: 'Compose', inputs: '[Daily report]', runAfter: { Clash: ['Succeeded'] } },
    },
  };
  const template = {
    parameters: { notify: { type: 'string' }, retries: { type: 'int', defaultValue: 3 }, region: { type: 'string' } },
    resources: [{ type: 'Microsoft.Logic/workflows', name: 'reader', properties: { definition } }],
  };
  const result = only(template);

  it("reads a parameter as the definition parameter the template gives that value, else as its own param of the template's type", () => {
    expect(result.text).toContain('let sameValue = emailTo');
    expect(result.text).toContain("/// In its ARM template: [parameters('retries')].\nparam retries: integer\n");
    expect(result.parity).toEqual({ identical: true, differences: [] });
  });

  it('keeps raw a parameter the template does not declare, one whose name the definition uses for another value, and bracketed text ARM would refuse', () => {
    expect(Object.fromEntries(result.raw.map((r) => [r.action, r.reason]))).toEqual({
      Undeclared: "an ARM template expression Jig does not read: [parameters('missing')]",
      Clash: "an ARM template expression Jig does not read: [parameters('region')]",
      Not_an_expression: 'an ARM template expression Jig does not read: [Daily report]',
    });
  });
});

describe("a Workflow action that calls a logic app of the template by resourceId()", () => {
  it('is call workflow with the id ARM builds, its parts params the deployment gives; identical when built again', () => {
    const definition = {
      triggers: { Recurrence: { type: 'Recurrence', recurrence: { frequency: 'Day', interval: 1 } } },
      actions: {
        Run_job: {
          type: 'Workflow',
          inputs: { host: { triggerName: 'manual', workflow: { id: "[resourceId('Microsoft.Logic/workflows', parameters('names').job)]" } } },
          runAfter: {},
        },
      },
    };
    const result = only({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      parameters: { names: { type: 'object' } },
      resources: [{ type: 'Microsoft.Logic/workflows', name: 'scheduler', properties: { definition } }],
    });
    expect(result.rawActions).toEqual([]);
    expect(result.text).toContain('call workflow "/subscriptions/${deploymentSubscriptionId}/resourceGroups/${deploymentResourceGroup}/providers/Microsoft.Logic/workflows/${names_job}" trigger "manual"');
    for (const name of ['deploymentSubscriptionId', 'deploymentResourceGroup', 'names_job']) expect(result.text).toMatch(new RegExp(`\\nparam ${name}: string\\n`));
    expect(result.parity).toEqual({ identical: true, differences: [] });
    // Built with the holes filled: the id's parts are params without a default (jig deploy gives them), and the workflow validates.
    const compilation = compileText('scheduler.jig', result.text!.replace(/^flow /m, '@purpose(automation, "t")\n@data(system.operational)\n@retain(1 year)\nflow '), { policy });
    expect(compilation.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
    const workflow = compilation.emit().workflows[0]!;
    for (const name of ['deploymentSubscriptionId', 'deploymentResourceGroup', 'names_job']) expect((workflow.definition.parameters as Record<string, { defaultValue?: unknown }>)[name]!.defaultValue).toBeUndefined();
    expect(referenceSchemaErrors(workflow.definition)).toEqual([]);
    expect(saveRuleFindings([{ name: 'scheduler', json: { definition: workflow.definition, parameters: workflow.parameterValues } }])).toEqual([]);
    // A template deployed at a subscription's scope, where resourceId() builds an id without a resource group: not read.
    const atSubscription = only({
      $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
      parameters: { names: { type: 'object' } },
      resources: [{ type: 'Microsoft.Logic/workflows', name: 'scheduler', properties: { definition } }],
    });
    expect(atSubscription.rawActions).toEqual(['Run_job']);
  });
});

describe('readArmExpressions', () => {
  const read = (value: string) => {
    const reading = readArmExpressions({ actions: { A: { type: 'Compose', inputs: value } } }, undefined);
    const action = (reading.definition.actions as Record<string, { inputs: unknown }>).A!;
    return reading.unread.has('A') ? undefined : action.inputs;
  };

  it("puts each parameter's value where ARM puts its text: in text, in a quoted literal (whole or part), as the whole value", () => {
    expect(read("[concat('/a/', parameters('x'), '/b')]")).toBe("/a/@{parameters('x')}/b");
    expect(read("[concat('@{toLower(''', parameters('x'), ''')}')]")).toBe("@{toLower(parameters('x'))}");
    expect(read("[concat('@{toLower(''workflows/', parameters('x'), ''')}')]")).toBe("@{toLower(concat('workflows/', parameters('x')))}");
    expect(read("[concat('@equals(''', parameters('x'), ''', 1)')]")).toBe("@equals(parameters('x'), 1)");
    expect(read("[format('{0}-{{1}}-{1}', parameters('x'), 'y')]")).toBe("@{parameters('x')}-{1}-y");
    expect(read("[parameters('x')]")).toBe("@parameters('x')");
    expect(read("[concat('a', 'b')]")).toBe('ab');
    // What the deployment's scope gives is a param of its own, as a template parameter is.
    expect(read('[subscription().subscriptionId]')).toBe("@parameters('deploymentSubscriptionId')");
    expect(read("[concat('/s/', subscription().subscriptionId, '/g/', resourceGroup().name)]")).toBe("/s/@{parameters('deploymentSubscriptionId')}/g/@{parameters('deploymentResourceGroup')}");
    // Text ARM puts that holds `@{` is text for the service too.
    expect(read("[concat('a @@{x} ', parameters('x'))]")).toBe("a @@{x} @{parameters('x')}");
  });

  it("reads resourceId() as the id ARM builds at a resource group's scope: the deployment's subscription and group unless given, a name for each segment of the type", () => {
    const scope = "/subscriptions/@{parameters('deploymentSubscriptionId')}/resourceGroups/@{parameters('deploymentResourceGroup')}";
    expect(read("[resourceId('Microsoft.Logic/workflows', parameters('x'))]")).toBe(`${scope}/providers/Microsoft.Logic/workflows/@{parameters('x')}`);
    expect(read("[resourceId('Microsoft.Web/sites/functions', parameters('site'), 'Ping')]")).toBe(`${scope}/providers/Microsoft.Web/sites/@{parameters('site')}/functions/Ping`);
    expect(read("[resourceId('other', 'Microsoft.Storage/storageAccounts', 'files')]")).toBe("/subscriptions/@{parameters('deploymentSubscriptionId')}/resourceGroups/other/providers/Microsoft.Storage/storageAccounts/files");
    expect(read("[resourceId(parameters('sub'), parameters('group'), 'Microsoft.Logic/workflows', 'child')]")).toBe("/subscriptions/@{parameters('sub')}/resourceGroups/@{parameters('group')}/providers/Microsoft.Logic/workflows/child");
    // Inside a definition's expression, as the deployment puts its text there.
    expect(read("[concat('@{toLower(''', resourceId('Microsoft.Logic/workflows', 'child'), ''')}')]")).toBe(`@{toLower(concat('/subscriptions/', parameters('deploymentSubscriptionId'), '/resourceGroups/', parameters('deploymentResourceGroup'), '/providers/Microsoft.Logic/workflows/child'))}`);
  });

  it("reads a property of an object parameter as what the deployment gives: a param of its own, without a default", () => {
    const reading = readArmExpressions({ actions: { A: { type: 'Compose', inputs: "[resourceId('Microsoft.Logic/workflows', parameters('names').child)]" } } }, undefined);
    expect(reading.unread.size).toBe(0);
    expect((reading.definition.actions as Record<string, { inputs: unknown }>).A!.inputs).toBe(
      "/subscriptions/@{parameters('deploymentSubscriptionId')}/resourceGroups/@{parameters('deploymentResourceGroup')}/providers/Microsoft.Logic/workflows/@{parameters('names_child')}",
    );
    expect((reading.definition.parameters as Record<string, unknown>).names_child).toEqual({ type: 'String', defaultValue: "[parameters('names').child]" });
    // The template at hand: only an object parameter has properties.
    const template = (type: string) => ({ parameters: { names: { type } } });
    const inTemplate = (type: string) => readArmExpressions({ actions: { A: { type: 'Compose', inputs: "[parameters('names').child]" } } }, template(type));
    expect(inTemplate('object').unread.size).toBe(0);
    expect(inTemplate('string').unread.size).toBe(1);
  });

  it('does not read other functions, other property reads, format items with a format, or a value where an expression names a function', () => {
    for (const text of [
      // A resourceId() whose type is not written as text, or that names too few or too many segments; other id functions.
      "[resourceId(parameters('type'), parameters('x'))]",
      "[resourceId('Microsoft.Web/sites/functions', parameters('x'))]",
      "[resourceId('Microsoft.Logic/workflows', 'a', 'b')]",
      "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', parameters('x'))]",
      "[reference(resourceId('Microsoft.Logic/workflows', parameters('x'))).accessEndpoint]",
      "[parameters('x').a.b]",
      '[subscription().displayName]',
      "[concat('/s/', resourceGroup().id)]",
      "[format('{0:D}', parameters('x'))]",
      "[format('{1}', parameters('x'))]",
      "[concat('@{', parameters('x'), '()}')]",
      "[parameters('x')[0]]",
      // Escaped text first (`@@…`): the service reads nothing after it, a value there included.
      "[concat('@@{x} ', parameters('x'))]",
    ]) {
      expect(read(text), text).toBeUndefined();
    }
  });

  it('guesses, where the template is not at hand, a number where the action takes one whole (a variable of that type, a count, an interval) or a designer condition orders it, else text', () => {
    const reading = readArmExpressions(
      {
        actions: {
          Init: { type: 'InitializeVariable', inputs: { variables: [{ name: 'n', type: 'integer', value: "[parameters('days')]" }, { name: 's', type: 'string', value: "[parameters('label')]" }] } },
          Later: { type: 'Expression', kind: 'GetFutureTime', inputs: { interval: "[parameters('hours')]", timeUnit: 'Hour' } },
          Check: { type: 'If', expression: { or: [{ greaterOrEquals: ["@variables('n')", "[parameters('threshold')]"] }, { equals: ["@variables('s')", "[parameters('expected')]"] }] }, actions: {} },
        },
      },
      undefined,
    );
    expect(reading.definition.parameters).toEqual({
      days: { type: 'Int', defaultValue: "[parameters('days')]" },
      label: { type: 'String', defaultValue: "[parameters('label')]" },
      hours: { type: 'Int', defaultValue: "[parameters('hours')]" },
      // What a designer condition orders is a number; what it tests for equality, text.
      threshold: { type: 'Int', defaultValue: "[parameters('threshold')]" },
      expected: { type: 'String', defaultValue: "[parameters('expected')]" },
    });
  });

  it("reads a template variable, the template at hand, as ARM evaluates it: a constant's text, what concat or format builds, else a param the deployment gives", () => {
    const inputs = {
      constant: "[variables('host')]",
      text: "[concat('https://', variables('host'), '/api')]",
      built: "[variables('path')]",
      nested: "[variables('deep')]",
      decided: "[variables('workflowId')]",
      number: "[variables('retries')]",
      param: "[parameters('hub')]",
    };
    const template = {
      parameters: { hub: { type: 'string' }, workflowId: { type: 'string' } },
      variables: {
        host: 'orders-contoso.azurewebsites.net',
        path: "[concat('/hubs/@{encodeURIComponent(''', parameters('hub'), ''')}/events')]",
        deep: "[format('{0}/{1}', variables('host'), parameters('hub'))]",
        workflowId: "[reference(resourceId('Microsoft.Logic/workflows', parameters('hub'))).accessEndpoint]",
        retries: 3,
      },
    };
    const reading = readArmExpressions({ actions: { A: { type: 'Compose', inputs } } }, template);
    expect(reading.unread.size).toBe(0);
    expect((reading.definition.actions as Record<string, { inputs: unknown }>).A!.inputs).toEqual({
      constant: 'orders-contoso.azurewebsites.net',
      text: 'https://orders-contoso.azurewebsites.net/api',
      built: "/hubs/@{encodeURIComponent(parameters('hub'))}/events",
      nested: "orders-contoso.azurewebsites.net/@{parameters('hub')}",
      // What reference() gives is the deployment's: a param of its own, not the template parameter of that name.
      decided: "@parameters('workflowId')",
      number: "@parameters('retries')",
      param: "@parameters('hub')",
    });
    expect(reading.definition.parameters).toEqual({
      workflowId: { type: 'String', defaultValue: "[variables('workflowId')]" },
      retries: { type: 'Int', defaultValue: "[variables('retries')]" },
      hub: { type: 'String', defaultValue: "[parameters('hub')]" },
    });
    // A variable the template does not declare (ARM refuses it), or named as a parameter read already for another value, is not read.
    const unread = readArmExpressions({ actions: { A: { type: 'Compose', inputs: "[variables('missing')]" }, B: { type: 'Compose', inputs: { p: "[parameters('workflowId')]", v: "[variables('workflowId')]" } } } }, template);
    expect([...unread.unread.keys()]).toEqual(['A', 'B']);
  });

  it('leaves a definition with no ARM expression as it is', () => {
    const definition = { actions: { A: { type: 'Compose', inputs: '[not arm]' } } };
    expect(readArmExpressions(definition, undefined).definition).toBe(definition);
  });
});
