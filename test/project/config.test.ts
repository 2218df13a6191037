import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigLocator, parseConfig } from '../../compiler/src/project/config.js';
import { projectSettings } from '../../compiler/src/project/workspace.js';
import { memoryFileSystem } from './memory-fs.js';

function problems(text: string) {
  const result = parseConfig('/p/jig.yaml', text);
  return result.diagnostics.map((d) => {
    const start = result.source.positionAt(d.range.start);
    return `${start.line + 1}:${start.character + 1} ${d.code} ${d.message}`;
  });
}

describe('jig.yaml', () => {
  it('reads the examples project file, resolving paths against its folder', () => {
    const text = readFileSync(new URL('../../examples/jig.yaml', import.meta.url), 'utf8');
    const { config, diagnostics } = parseConfig('/repo/examples/jig.yaml', text);
    expect(diagnostics).toEqual([]);
    expect(config).toMatchObject({
      directory: '/repo/examples',
      policy: '/repo/examples/policy/jigajob-examples.policy.yaml',
      target: 'consumption',
      out: '/repo/examples/build',
      deploy: { location: 'eastus', parameters: { approvalsKey: { env: 'JIG_APPROVALS_KEY' } } },
      resources: {
        hosts: expect.arrayContaining(['erp-contoso.azurewebsites.net', 'oncall-contoso.azurewebsites.net']),
        mailDomains: ['contoso.example'],
      },
    });
  });

  it("reads the client's own resources, each list optional", () => {
    expect(parseConfig('/p/jig.yaml', 'resources:\n  hosts: [erp-contoso.azurewebsites.net, "*.contoso.com"]\n').config?.resources).toEqual({
      hosts: ['erp-contoso.azurewebsites.net', '*.contoso.com'],
      mailDomains: [],
    });
    expect(parseConfig('/p/jig.yaml', 'resources:\n  mailDomains: [contoso.com]\n').config?.resources).toEqual({ hosts: [], mailDomains: ['contoso.com'] });
    expect(parseConfig('/p/jig.yaml', 'target: arm\n').config?.resources).toBeUndefined();
  });

  it("reads the client's own Teams teams by group id, and refuses anything else there", () => {
    expect(parseConfig('/p/jig.yaml', 'resources:\n  teams: [0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D]\n').config?.resources).toEqual({
      hosts: [],
      mailDomains: [],
      teams: ['0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D'],
    });
    expect(problems('resources:\n  teams: ["Sales team"]\n')).toEqual([
      "2:11 JIG5002 jig.yaml: 'resources.teams.0' must be a team's Microsoft 365 group id (a GUID).",
    ]);
  });

  it("reads the client's own subscriptions by id, counts the one it deploys to, and refuses anything else there", () => {
    const text = 'resources:\n  subscriptions: [5E1F0A2B-3C4D-4E5F-8A6B-7C8D9E0F1A2B]\ndeploy:\n  subscription: 00000000-0000-0000-0000-000000000001\n';
    const config = parseConfig('/p/jig.yaml', text).config;
    expect(config?.resources?.subscriptions).toEqual(['5E1F0A2B-3C4D-4E5F-8A6B-7C8D9E0F1A2B']);
    expect(projectSettings(config).subscriptions).toEqual(['5e1f0a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b', '00000000-0000-0000-0000-000000000001']);
    expect(problems('resources:\n  subscriptions: [contoso]\n')).toEqual([
      "2:19 JIG5002 jig.yaml: 'resources.subscriptions.0' must be an Azure subscription's id (a GUID).",
    ]);
  });

  it('refuses a wildcard over a suffix anyone can rent, at the value', () => {
    const text = 'resources:\n  hosts:\n    - erp-contoso.azurewebsites.net\n    - "*.azurewebsites.net"\n    - "*.core.windows.net"\n  mailDomains: ["*.onmicrosoft.com", contoso.com]\n';
    const found = problems(text);
    expect(found.map((line) => line.split(' jig.yaml: ')[0])).toEqual(['4:7 JIG5002', '5:7 JIG5002', '6:17 JIG5002']);
    expect(found[0]).toContain("'resources.hosts[1]' ('*.azurewebsites.net') is a wildcard over azurewebsites.net, where anyone can rent a name");
    expect(found[1]).toContain('wildcard over windows.net');
    expect(parseConfig('/p/jig.yaml', text).config).toBeUndefined();
  });

  it("refuses a host every customer's resources share, even named exactly", () => {
    const text = 'resources:\n  hosts:\n    - erp-contoso.azurewebsites.net\n    - prod-27.eastus.logic.azure.com\n    - eastus-8.in.applicationinsights.azure.com\n    - outlook.office.com\n';
    const found = problems(text);
    expect(found.map((line) => line.split(' jig.yaml: ')[0])).toEqual(['4:7 JIG5002', '5:7 JIG5002', '6:7 JIG5002']);
    expect(found[0]).toContain("'resources.hosts[1]' ('prod-27.eastus.logic.azure.com') is a host of logic.azure.com, where every customer's resources sit at the same names");
    expect(found[1]).toContain('is a host of applicationinsights.azure.com');
    expect(found[2]).toContain('is a host of outlook.office.com');
    expect(parseConfig('/p/jig.yaml', text).config).toBeUndefined();
    // A name that only ends like one of them is another domain.
    expect(problems('resources:\n  hosts: [mylogic.azure.com.contoso.example, notoutlook.office.com]\n')).toEqual([]);
  });

  it("refuses Microsoft's other rented names and shared hosts: Dataverse, Health Data Services, DevOps, Power BI", () => {
    const text = 'resources:\n  hosts:\n    - contoso.crm.dynamics.com\n    - "*.crm.dynamics.com"\n    - "*.fhir.azurehealthcareapis.com"\n    - dev.azure.com\n    - api.powerbi.com\n';
    const found = problems(text);
    expect(found.map((line) => line.split(' jig.yaml: ')[0])).toEqual(['4:7 JIG5002', '5:7 JIG5002', '6:7 JIG5002', '7:7 JIG5002']);
    expect(found[0]).toContain('is a wildcard over dynamics.com');
    expect(found[2]).toContain('is a host of dev.azure.com');
  });

  it('refuses a mail domain where anyone can open a mailbox, a subdomain and a wildcard too', () => {
    const text = 'resources:\n  mailDomains:\n    - contoso.com\n    - gmail.com\n    - "*.outlook.com"\n    - Hotmail.co.uk\n';
    const found = problems(text);
    expect(found.map((line) => line.split(' jig.yaml: ')[0])).toEqual(['4:7 JIG5002', '5:7 JIG5002', '6:7 JIG5002']);
    expect(found[0]).toContain("'resources.mailDomains[1]' ('gmail.com') is a mail domain where anyone can open a mailbox (gmail.com): it would make every mailbox there the client's.");
    expect(found[2]).toContain('(hotmail.co.uk)');
    expect(parseConfig('/p/jig.yaml', text).config).toBeUndefined();
    // A domain that only ends like one is another's.
    expect(problems('resources:\n  mailDomains: [notgmail.com, gmail.com.contoso.example]\n')).toEqual([]);
  });

  it('refuses a resource that is not a host name', () => {
    expect(problems('resources:\n  hosts: ["https://erp.example.com/"]\n')).toEqual([
      "2:11 JIG5002 jig.yaml: 'resources.hosts.0' must be a host name, or *.domain.",
    ]);
  });

  it('accepts an empty file as a project with every default', () => {
    expect(parseConfig('/p/jig.yaml', '').config).toMatchObject({ directory: '/p' });
    expect(parseConfig('/p/jig.yaml', '# nothing yet\n').diagnostics).toEqual([]);
  });

  it('refuses an unknown key at the key itself', () => {
    expect(problems('target: arm\npolcy: p.yaml\n')).toEqual(["2:1 JIG5002 jig.yaml: unknown key 'polcy' in the file."]);
    expect(problems('deploy:\n  location: eastus\n  regoin: x\n')).toEqual([
      "3:3 JIG5002 jig.yaml: unknown key 'regoin' in 'deploy'.",
    ]);
  });

  it('says what a key must be in YAML terms: a list, a mapping', () => {
    expect(problems('resources:\n  hosts: api.example.com\n')).toEqual(["2:10 JIG5002 jig.yaml: 'resources.hosts' must be a list."]);
    expect(problems('deploy: eastus\n')).toEqual(["1:9 JIG5002 jig.yaml: 'deploy' must be a mapping."]);
  });

  it('refuses a target that does not exist, naming the ones that do', () => {
    expect(problems('out: build\ntarget: azure\n')).toEqual([
      "2:9 JIG5002 jig.yaml: 'target' must be one of 'consumption', 'arm', 'standard'.",
    ]);
  });

  it("says what the diagnostic logs' retention must be, not what a URL must", () => {
    expect(problems('diagnosticLogs:\n  retention: "0 days"\n')).toEqual([
      "2:14 JIG5002 jig.yaml: 'diagnosticLogs.retention' must be a period of whole days, weeks, months or years (90 days, 2 years).",
    ]);
  });

  it('checks the three forms of a deploy parameter', () => {
    const good = 'deploy:\n  parameters:\n    a: 1\n    b: {env: B}\n    c: {keyVault: {vault: v, secret: s}}\n';
    expect(problems(good)).toEqual([]);
    expect(problems('deploy:\n  parameters:\n    b: {envv: B}\n')).toEqual([
      "3:8 JIG5002 jig.yaml: 'deploy.parameters.b' must be a value, {env: NAME} or {keyVault: {vault, secret}}.",
    ]);
    expect(problems('deploy:\n  parameters:\n    c: {keyVault: {vault: v}}\n')).toHaveLength(1);
  });

  it('reports broken YAML with its position and no config', () => {
    const result = parseConfig('/p/jig.yaml', 'policy: [a, b\nout: x\n');
    expect(result.config).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toContain('JIG5001');
    expect(problems('a: 1\na: 2\n')[0]).toMatch(/^2:1 JIG5001 /);
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const name of 'bcdefghi') bomb.push(`${name}: &${name} [${Array(10).fill(`*${String.fromCharCode(name.charCodeAt(0) - 1)}`).join(', ')}]`);
    const result = parseConfig('/p/jig.yaml', `${bomb.join('\n')}\n`);
    expect(result.config).toBeUndefined();
    // At its first alias, not at the top of the file.
    expect(problems(`${bomb.join('\n')}\n`)).toEqual(['2:8 JIG5001 jig.yaml is not valid YAML: it expands YAML aliases more than 100 times, as a "billion laughs" file does, and is refused']);
  });

  it('says that YAML nested too deeply to be read is, instead of the parser running out of stack', () => {
    expect(problems(`resources: ${'['.repeat(5000)}${']'.repeat(5000)}\n`)[0]).toMatch(/^1:\d+ JIG5001 jig\.yaml is not valid YAML: it nests too deeply to be read$/);
  });

  it('refuses a mapping where a path belongs', () => {
    expect(problems('policy:\n  file: x\n')).toEqual(["2:3 JIG5002 jig.yaml: 'policy' must be a string."]);
  });
});

describe('finding jig.yaml', () => {
  it('takes the nearest one above a folder and reads each file once', async () => {
    const fs = memoryFileSystem({
      '/repo/jig.yaml': 'target: arm\n',
      '/repo/sub/jig.yaml': 'target: standard\n',
      '/repo/sub/deep/a.jig': '',
      '/repo/other/b.jig': '',
    });
    const locator = new ConfigLocator(fs);
    expect(await locator.find('/repo/sub/deep')).toBe('/repo/sub/jig.yaml');
    expect(await locator.find('/repo/other')).toBe('/repo/jig.yaml');
    expect(await locator.find('/elsewhere')).toBeUndefined();
    await locator.read('/repo/jig.yaml');
    const second = await locator.read('/repo/jig.yaml');
    expect(second.config?.target).toBe('arm');
    expect(fs.reads.filter((path) => path === '/repo/jig.yaml')).toHaveLength(1);
  });
});

describe('jig-config.schema.json', () => {
  it('offers exactly the build targets the compiler has', async () => {
    const schema = JSON.parse(readFileSync(new URL('../../compiler/src/project/jig-config.schema.json', import.meta.url), 'utf8'));
    const { TARGETS } = await import('../../compiler/src/emit/targets/options.js');
    expect(schema.properties.target.enum).toEqual([...TARGETS]);
  });
});

describe('a code frame of jig.yaml', () => {
  it('never shows a value that deploy.parameters gives (a secret written there), whatever else is wrong, offsets kept', () => {
    const text = 'deploy:\n  parameters:\n    erpKey: "hunter2"\n    erpUrl: { env: 3 }\n    token: { env: JIG_TOKEN }\nout: build\n';
    const result = parseConfig('/p/jig.yaml', text);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['JIG5002']);
    expect(result.source.text).not.toContain('hunter2');
    expect(result.source.text).toContain('erpKey: *********');
    expect(result.source.text).toContain('token: { env: JIG_TOKEN }');
    expect(result.source.text).toContain('out: build');
    expect(result.source.text.length).toBe(text.length);
    // A file YAML cannot read is masked alike.
    const broken = parseConfig('/p/jig.yaml', 'deploy:\n  parameters:\n    erpKey: "hunter2"\n    x: [\n');
    expect(broken.diagnostics.length).toBeGreaterThan(0);
    expect(broken.source.text).not.toContain('hunter2');
    // So is a flow mapping on the key's own line.
    const inline = parseConfig('/p/jig.yaml', 'deploy:\n  parameters: { erpKey: "hunter2", erpUrl: { env: 3 } }\n');
    expect(inline.source.text).not.toContain('hunter2');
  });
});
