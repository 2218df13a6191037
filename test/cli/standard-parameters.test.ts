/**
 * A Standard app's one parameters.json, through the real CLI: two files of the app that declare a
 * param of one name must declare it alike (JIG5011), or the flows of one file would run with the
 * other's value; declared alike, the param is one app parameter.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { referenceSchemaErrors, saveRuleFindings } from '../validate/reference-checks.js';
import { ensureBuilt, runJig, scratchProject } from './run-cli.js';

beforeAll(() => ensureBuilt());

const RATES = 'https://erp-contoso.azurewebsites.net/api/rates';

function rateFlow(name: string, params: { url?: string; key?: string; threshold?: string } = {}): string {
  return `param ratesUrl: string = "${params.url ?? RATES}"
param ratesKey: ${params.key ?? 'secret'}
param threshold: number = ${params.threshold ?? '1.5'}

type RateQuery {
  currency: string @business.transaction
}

@purpose(automation, "Look up exchange rates for the client's invoices")
@data(business.transaction)
@retain(1 day)
flow ${name} {
  trigger http post body RateQuery
  let rate = call http post ratesUrl
    headers { "x-api-key": ratesKey }
    body { currency: trigger.body.currency, above: threshold }
    @declassify(secret, "The rates service answers a rate, never the key it was sent")
  respond 200 body { rate: rate }
}
`;
}

const project = (target: string) => `target: ${target}\nout: build\nresources:\n  hosts: [erp-contoso.azurewebsites.net]\n`;

interface JsonReport {
  diagnostics: { file: string; line: number; column: number; code: string; message: string }[];
}

function clashes(root: string, args: readonly string[] = []): JsonReport['diagnostics'] {
  const run = runJig(['check', '.', '--format', 'json', ...args], { cwd: root });
  return (JSON.parse(run.stdout) as JsonReport).diagnostics.filter((diagnostic) => diagnostic.code === 'JIG5011');
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('the params of a Standard app', () => {
  it('are an error where a later file declares one differently, naming the first; check and build agree, and the app is not built with one value for both', () => {
    const root = scratchProject({
      'jig.yaml': project('standard'),
      'a.jig': rateFlow('rates_a'),
      'b.jig': rateFlow('rates_b', { url: 'https://erp-contoso.azurewebsites.net/api/other' }),
    });
    const check = runJig(['check', '.'], { cwd: root });
    expect(check.status).toBe(1);
    expect(check.stdout).toContain(
      `b.jig:1:7: error JIG5011 The param 'ratesUrl' is 'string = "https://erp-contoso.azurewebsites.net/api/other"' here but 'string = "${RATES}"' in a.jig:1:7.`,
    );
    expect(clashes(root).map(({ file, line, column }) => ({ file, line, column }))).toEqual([{ file: 'b.jig', line: 1, column: 7 }]);

    const build = runJig(['build', '.'], { cwd: root });
    expect(build.status).toBe(1);
    expect(build.stdout).toContain('b.jig:1:7: error JIG5011');
    // b's flows are not built: the app's one entry is a's, which only a's flows read.
    expect(readdirSync(join(root, 'build')).sort()).toEqual(['.jig-manifest', 'host.json', 'parameters.json', 'rates_a']);
    expect(readJson(join(root, 'build', 'parameters.json')).ratesUrl).toEqual({ type: 'String', value: RATES });
  });

  it('are an error where one file makes a secret what another declares a string, which that file could send anywhere', () => {
    const root = scratchProject({ 'jig.yaml': project('standard'), 'a.jig': rateFlow('rates_a', { key: 'string' }), 'b.jig': rateFlow('rates_b') });
    expect(clashes(root).map(({ file, line, message }) => [file, line, message.split('.')[0]])).toEqual([
      ['b.jig', 2, "The param 'ratesKey' is 'secret' here but 'string' in a"],
    ]);
  });

  it('declared alike, are one app parameter: a secret is an app setting reference, never a value', () => {
    // `1.50` and `1.5` are one number, written two ways.
    const root = scratchProject({ 'jig.yaml': project('standard'), 'a.jig': rateFlow('rates_a'), 'b.jig': rateFlow('rates_b', { threshold: '1.50' }) });
    const build = runJig(['build', '.'], { cwd: root });
    // No error nor warning: each file's declassification of the rates' answer (it holds no secret) is information.
    expect(build.stdout).toContain('0 errors, 0 warnings, 2 infos in 2 files.');
    expect(build.status).toBe(0);
    expect(readJson(join(root, 'build', 'parameters.json'))).toEqual({
      ratesUrl: { type: 'String', value: RATES },
      ratesKey: { type: 'String', value: "@appsetting('ratesKey')" },
      threshold: { type: 'Float', value: 1.5 },
    });
    for (const flow of ['rates_a', 'rates_b']) {
      const workflow = readJson(join(root, 'build', flow, 'workflow.json'));
      expect(workflow.definition.parameters).toEqual({});
      expect(workflow.definition.actions.Call_rate.inputs).toMatchObject({ uri: "@parameters('ratesUrl')", headers: { 'x-api-key': "@parameters('ratesKey')" } });
      expect(workflow.definition.actions.Call_rate.runtimeConfiguration).toEqual({ secureData: { properties: ['inputs', 'outputs'] } });
      expect(referenceSchemaErrors(workflow.definition)).toEqual([]);
      expect(saveRuleFindings([{ name: flow, json: workflow }])).toEqual([]);
    }
  });

  it('are checked together only for a Standard app: jig.yaml says so, or build --target standard', () => {
    const files = { 'a.jig': rateFlow('rates_a'), 'b.jig': rateFlow('rates_b', { threshold: '2' }) };
    const root = scratchProject({ 'jig.yaml': project('consumption'), ...files });
    expect(clashes(root)).toEqual([]);
    expect(runJig(['build', '.'], { cwd: root }).status).toBe(0);
    const standard = runJig(['build', '.', '--target', 'standard', '--out', 'app'], { cwd: root });
    expect(standard.status).toBe(1);
    expect(standard.stdout).toContain("b.jig:3:7: error JIG5011 The param 'threshold' is 'number = 2' here but 'number = 1.5' in a.jig:3:7.");
  });

  it('of two projects built into one folder would be one parameters.json: a usage error, and nothing is written', () => {
    const root = scratchProject({
      'one/jig.yaml': project('standard'),
      'one/a.jig': rateFlow('rates_a'),
      'two/jig.yaml': project('standard'),
      'two/b.jig': rateFlow('rates_b', { url: 'https://erp-contoso.azurewebsites.net/api/other' }),
    });
    const build = runJig(['build', 'one', 'two', '--out', 'app'], { cwd: root });
    expect(build.status).toBe(2);
    expect(build.stderr).toContain(
      "jig build: 'app/host.json' would be written for the project of one/jig.yaml and for the project of two/jig.yaml: build each project into a folder of its own",
    );
    expect(existsSync(join(root, 'app'))).toBe(false);
    // Each into its own folder (jig.yaml's `out`), each is an app of its own.
    expect(runJig(['build', 'one', 'two'], { cwd: root }).status).toBe(0);
    expect(readJson(join(root, 'two', 'build', 'parameters.json')).ratesUrl.value).toBe('https://erp-contoso.azurewebsites.net/api/other');
  });
});
