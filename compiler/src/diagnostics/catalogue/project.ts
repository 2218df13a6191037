/** JIG5001–JIG5999: the project file (jig.yaml) and the policy file. */
import { define } from '../definition.js';

export const configSyntax = define<{ detail: string }>({
  code: 'JIG5001',
  name: 'config-yaml-syntax',
  area: 'project',
  severity: 'error',
  title: 'jig.yaml is not valid YAML',
  message: ({ detail }) => `jig.yaml is not valid YAML: ${detail}`,
  explanation:
    'jig.yaml, the project file, could not be read as YAML. Until it can, no file of its project is compiled, because the project file chooses the policy every file is checked against. Fix the YAML at the position shown: usually an indentation that does not line up, a tab used for indentation, or a value with a `:` that needs quotes.',
});

export const configInvalid = define<{ problem: string }>({
  code: 'JIG5002',
  name: 'config-invalid',
  area: 'project',
  severity: 'error',
  title: 'jig.yaml has a key or value the project file does not allow',
  message: ({ problem }) => `jig.yaml: ${problem}`,
  explanation:
    'jig.yaml is checked against the project file\'s schema, and unknown keys are refused so that a misspelt key (`polcy:`) is not silently ignored. The keys are: `policy` (path of a policy YAML, relative to jig.yaml), `target` (`consumption`, `arm` or `standard`), `out` (output folder of `jig build`), `resources` (`hosts` and `mailDomains`: the client\'s own resources, which count as the platform) and `deploy` (`subscription`, `resourceGroup`, `location`, `endpoint`, `parameters`, `connections`). A deploy parameter is a value, `{env: NAME}` or `{keyVault: {vault, secret}}`. A resource is named exactly (`erp-contoso.azurewebsites.net`) or by a domain the client owns (`*.contoso.com`), never by a wildcard over a suffix anyone can rent (`*.azurewebsites.net`, `*.blob.core.windows.net`, `*.sharepoint.com`): that would make every customer\'s resources the client\'s.',
});

export const configPolicyNotFound = define<{ path: string }>({
  code: 'JIG5003',
  name: 'config-policy-not-found',
  area: 'project',
  severity: 'error',
  title: 'The policy file that jig.yaml names does not exist',
  message: ({ path }) => `The policy file '${path}' does not exist (the path is relative to jig.yaml).`,
  explanation:
    'The `policy` key of jig.yaml names the policy file that every .jig file of the project is checked against. The compiler does not fall back to the embedded policy when that file is missing, since checking against the wrong policy would be worse than not checking. Correct the path (it is relative to the folder of jig.yaml) or remove the key to use the embedded JigAjob policy.',
});

export const duplicateFlow = define<{ name: string; otherFile: string }>({
  code: 'JIG5004',
  name: 'duplicate-flow',
  area: 'project',
  severity: 'error',
  title: 'Two files of the project declare a flow of the same name',
  message: ({ name, otherFile }) =>
    `The flow '${name}' is also declared in ${otherFile}; flow names must be unique across the project.`,
  explanation:
    'Each flow becomes one workflow named after the flow, written to `<out>/<flow>.json` and deployed as a resource of that name, and `call flow NAME` finds a flow by its name. Two flows of one name in a project would overwrite each other. Rename one of them.',
});
