/** JIG7001–JIG7099: test files of `jig test` and the inputs of `jig run`. */
import { define } from '../definition.js';

export const testYamlSyntax = define<{ detail: string }>({
  code: 'JIG7001',
  name: 'test-yaml-syntax',
  area: 'test',
  severity: 'error',
  title: 'A test file is not valid YAML',
  message: ({ detail }) => `The test file is not valid YAML: ${detail}`,
  explanation:
    'A test file (`*.test.yaml`) could not be read as YAML, so none of its tests ran. Fix the YAML at the position shown: usually an indentation that does not line up, or a value with a `:` that needs quotes.',
});

export const testInvalid = define<{ problem: string }>({
  code: 'JIG7002',
  name: 'test-invalid',
  area: 'test',
  severity: 'error',
  title: 'A test file has a key or value the format does not allow',
  message: ({ problem }) => `Test file: ${problem}`,
  explanation:
    'Test files are checked against their JSON Schema (`jig test --schema` prints it; add `# yaml-language-server: $schema=…` for completion in editors), and unknown keys are refused so that a misspelt expectation is not silently ignored. The keys are `flow`, `source`, `parameters`, `now`, `containers`, `mocks` and `tests`; each test has a `name` and may have `trigger`, `mocks`, `containers`, `parameters`, `now`, `action` with `upstream` and `variables`, and `expect` (`status`, `error`, `actions`, `response`, `noResponse`, `stored`, `mails`, `requests`, `categories`, `hidden`). See the README, "Running and testing flows".',
});

export const testSourceMissing = define<{ problem: string }>({
  code: 'JIG7003',
  name: 'test-source-missing',
  area: 'test',
  severity: 'error',
  title: 'The flow or workflow a test file runs cannot be found or built',
  message: ({ problem }) => problem,
  explanation:
    "A test file runs one flow of the .jig file beside it (named like the test file without `.test.yaml`, or the file `source` names), or one workflow of a JSON file. The file must exist and compile without errors (its errors are reported too), and `flow` must name one of its flows when it has several.",
});

export const testMockUnknownAction = define<{ name: string; workflow: string }>({
  code: 'JIG7004',
  name: 'test-mock-unknown-action',
  area: 'test',
  severity: 'error',
  title: 'A mock names an action the workflow does not have',
  message: ({ name, workflow }) => `The mock '${name}' names no action of '${workflow}' and no connector operation ('connector.Operation', 'connector:method path', 'http:METHOD url').`,
  explanation:
    'A mock answers the call of one action (by its name in the workflow JSON, such as `Call_approvals`) or of a connector operation. A mock that matches neither would never be used, which usually means the action was renamed: the test would then run against an empty success instead of the mock.',
});
