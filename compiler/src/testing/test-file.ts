/**
 * Test files (`*.test.yaml`, beside the flows they test): YAML checked against
 * test-file.schema.json, every problem a diagnostic at its line and column.
 */
import { Ajv } from 'ajv';
import { parseYamlText, yamlValue } from '../util/yaml-text.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { testInvalid, testYamlSyntax } from '../diagnostics/catalogue/test.js';
import { SourceFile } from '../syntax/source.js';
import { describeSchemaError, rangeOfSchemaError } from '../util/yaml-locations.js';
import type { Expectations } from './expectations.js';
import schema from './test-file.schema.json' with { type: 'json' };

export interface TestCase {
  readonly name: string;
  /** `caller: flow`: the request of a parent flow, which waits for the Response as long as the run takes (an outside caller waits 2 minutes). */
  readonly trigger?: { body?: unknown; headers?: Record<string, unknown>; queries?: Record<string, unknown>; scheduledTime?: string; caller?: 'http' | 'flow' };
  readonly parameters?: Record<string, unknown>;
  readonly now?: string;
  readonly containers?: Record<string, unknown[]>;
  readonly mocks?: Record<string, unknown>;
  readonly action?: string;
  readonly upstream?: Record<string, { status?: string; outputs?: unknown; inputs?: unknown }>;
  readonly variables?: Record<string, unknown>;
  readonly expect?: Expectations;
}

export interface TestFile {
  readonly flow?: string;
  readonly source?: string;
  readonly parameters?: Record<string, unknown>;
  readonly now?: string;
  readonly containers?: Record<string, unknown[]>;
  readonly mocks?: Record<string, unknown>;
  readonly tests: readonly TestCase[];
}

export { schema as testFileSchema };

const ajv = new Ajv({ strict: false, allErrors: true });
const validate = ajv.compile(schema);

export function readTestFile(fileName: string, text: string): { source: SourceFile; file?: TestFile; diagnostics: Diagnostic[] } {
  const source = new SourceFile(fileName, text);
  const { document, errors } = parseYamlText(text);
  const read = errors.length === 0 ? yamlValue(document) : { problem: errors[0]! };
  if ('problem' in read) {
    const { range, detail } = read.problem;
    return { source, diagnostics: [testYamlSyntax({ start: range.start, end: Math.max(range.end, range.start + 1) }, { detail })] };
  }
  const value = read.value;
  if (!validate(value)) {
    // The deepest findings say most; `allOf`/`if` wrappers repeat them.
    const errors = (validate.errors ?? []).filter((error) => error.keyword !== 'allOf' && error.keyword !== 'if');
    const diagnostics = errors.slice(0, 10).map((error) =>
      testInvalid(rangeOfSchemaError(document, error, text.length), { problem: describeSchemaError(error) }),
    );
    return { source, diagnostics };
  }
  return { source, file: value as unknown as TestFile, diagnostics: [] };
}
