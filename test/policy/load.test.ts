import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import {
  compareCategoryIds,
  EMBEDDED_POLICY_NAME,
  embeddedPolicyText,
  loadEmbeddedPolicy,
  loadPolicy,
} from '../../compiler/src/policy/load.js';
import { RULE_DIAGNOSTICS, RULE_IDS } from '../../compiler/src/policy/rule-catalogue.js';
import { sha256Hex } from '../../compiler/src/util/sha256.js';
import schema from '../../compiler/src/policy/policy.schema.json' with { type: 'json' };
import { fixtures, loadPolicyFile, repoRoot, where } from './helpers.js';

const loader = (name: string) => join(fixtures, 'loader', name);

describe('the embedded JigAjob policy', () => {
  const policy = loadEmbeddedPolicy();

  test('has every section of the policy text, quoted', () => {
    expect([...policy.sections.keys()]).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    const original = readFileSync(join(repoRoot, '../shared/seed/jigajob-privacy-policy.txt'), 'utf8').replace(/\s+/g, ' ');
    for (const section of policy.sections.values()) {
      expect(original).toContain(`${section.number}. ${section.title} ${section.text}`);
    }
  });

  test('quotes only sentences of the section each rule cites', () => {
    for (const rule of policy.rules.values()) {
      expect(policy.sections.get(rule.section)?.text, rule.id).toContain(rule.quote);
    }
  });

  test('applies every rule the compiler implements', () => {
    expect([...policy.rules.keys()].sort()).toEqual([...RULE_IDS].sort());
  });

  test('inherits category properties from the parent', () => {
    expect(policy.categories.get('personal.name')).toMatchObject({
      parent: 'personal',
      identifying: true,
      secureInRunHistory: true,
      maxRetention: { amount: 1, unit: 'years', days: 365, provisional: true },
    });
    expect(policy.categories.get('personal.minor')?.maxRetention).toEqual({ amount: 30, unit: 'days', days: 30, provisional: true });
    expect(policy.categories.get('business.email')?.identifying).toBe(true);
    expect(policy.categories.get('business.transaction')).toMatchObject({ identifying: false, secureInRunHistory: false });
    expect(policy.categories.get('aggregate.anonymized')?.maxRetention?.days).toBe(3650);
  });

  test('has the purposes, stores, platform, mixed source and parameters the design names', () => {
    expect(Object.fromEntries([...policy.purposes].map(([id, p]) => [id, p.kind]))).toEqual({
      automation: 'primary',
      marketing: 'secondary',
      analytics: 'secondary',
      research: 'secondary',
    });
    expect(policy.allowedStores).toEqual(['cosmos']);
    expect(policy.platform.hosts).toEqual(['graph.microsoft.com', 'management.azure.com', 'login.microsoftonline.com']);
    expect(policy.platform.connectors).toEqual(expect.arrayContaining(['documentdb', 'office365', 'azureblob', 'sql']));
    expect(policy.platform.mailDomains).toEqual([]);
    expect(policy.processors.size).toBe(0);
    expect(policy.mixedSources.get('office365.mail')?.categories).toEqual(expect.arrayContaining(['personal.name', 'personal.minor']));
    expect(policy.regions).toEqual(expect.arrayContaining(['eastus', 'eastus2']));
    expect(policy).toMatchObject({ id: 'jigajob', version: '2023-08-27', optOutField: 'optOut', minimumGroupSize: 5 });
    expect(policy.sourceName).toBe(EMBEDDED_POLICY_NAME);
  });

  test('is hashed with SHA-256 of its text', () => {
    expect(policy.hash).toBe(`sha256:${sha256Hex(`${embeddedPolicyText.length}:${embeddedPolicyText}`)}`);
  });

  test('the schema names exactly the rules the compiler implements', () => {
    expect([...schema.properties.rules.propertyNames.enum].sort()).toEqual([...RULE_IDS].sort());
  });
});

describe('sha256', () => {
  test.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
    ['é', '4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c'],
  ])('of %j', (text, digest) => expect(sha256Hex(text)).toBe(digest));

  test('of a text longer than one block', () => {
    expect(sha256Hex('a'.repeat(1000))).toBe('41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3');
  });
});

describe('extends', () => {
  test('the examples policy adds its processor to JigAjob', () => {
    const { policy, diagnostics } = loadPolicyFile(join(repoRoot, 'examples/policy/jigajob-examples.policy.yaml'));
    expect(diagnostics).toEqual([]);
    expect(policy?.processors.get('approvals_inc')).toMatchObject({
      hosts: ['approvals.example.com', '*.approvals.example.com'],
      categories: ['business.transaction'],
    });
    expect(policy?.categories.size).toBe(loadEmbeddedPolicy().categories.size);
    expect(policy?.lineage).toEqual([
      { id: 'jigajob-examples', version: '2023-08-27' },
      { id: 'jigajob', version: '2023-08-27' },
    ]);
    expect(policy?.extends).toBe('jigajob');
    expect(policy?.hash).not.toBe(loadEmbeddedPolicy().hash);
  });

  test('a chain of files merges maps by key and replaces other fields', () => {
    const { policy, diagnostics } = loadPolicyFile(loader('company.policy.yaml'));
    expect(diagnostics).toEqual([]);
    expect(policy?.regions).toEqual(['eastus2']);
    expect(policy?.rules.get('s07-regions')).toMatchObject({ section: '7', severity: 'error', quote: 'We operate in East US 2 only.' });
    expect(policy?.rules.get('s03-sharing')?.quote).toContain('third parties');
    expect(policy?.processors.has('approvals_inc')).toBe(true);
    expect(policy?.categories.get('personal.health')).toMatchObject({
      identifying: true,
      secureInRunHistory: true,
      maxRetention: { days: 90, provisional: false },
    });
    expect(policy?.lineage.map((entry) => entry.id)).toEqual(['acme', 'jigajob-examples', 'jigajob']);
  });
});

describe('broken policy files are refused at file:line:col', () => {
  test.each([
    ['syntax-error.policy.yaml', ['JIG3950 4:8']],
    ['unknown-key.policy.yaml', ['JIG3953 5:3', 'JIG3951 9:5']],
    ['wrong-type.policy.yaml', ['JIG3952 4:19', 'JIG3952 5:10']],
        ['not-found.policy.yaml', ['JIG3955 3:10']],
    ['missing-parent.policy.yaml', ['JIG3956 5:3']],
    ['alias-bomb.policy.yaml', ['JIG3957 5:8']],
    ['unknown-category-reference.policy.yaml', ['JIG3958 8:18']],
    ['incomplete.policy.yaml', ['JIG3953 1:1']],
  ])('%s', (name, expected) => {
    const { policy, diagnostics } = loadPolicyFile(loader(name));
    expect(policy).toBeUndefined();
    expect(diagnostics.map(where).filter((d, i, all) => all.indexOf(d) === i)).toEqual(expected);
    for (const diagnostic of diagnostics) expect(diagnostic.file.fileName).toBe(loader(name));
  });

  test('an unknown key gets a did-you-mean', () => {
    const [, diagnostic] = loadPolicyFile(loader('unknown-key.policy.yaml')).diagnostics;
    expect(diagnostic?.message).toBe("Unknown key 'waiveable' in rules.s07-regions. Did you mean 'waivable'?");
  });

  test('a missing key names what is needed', () => {
    const messages = loadPolicyFile(loader('incomplete.policy.yaml')).diagnostics.map((d) => d.message);
    expect(messages).toContain("the policy needs 'categories'.");
  });

  test('a cycle is reported where it closes, and names its files', () => {
    const { policy, diagnostics } = loadPolicyFile(loader('cycle-a.policy.yaml'));
    expect(policy).toBeUndefined();
    expect(diagnostics.map(where)).toEqual(['JIG3954 3:10']);
    const [diagnostic] = diagnostics;
    expect(diagnostic?.file.fileName).toBe(loader('cycle-b.policy.yaml'));
    expect(diagnostic?.message).toMatch(/cycle-a\.policy\.yaml → .*cycle-b\.policy\.yaml → .*cycle-a\.policy\.yaml/);
  });

  test.each([
    ['', 'JIG3960'],
    ['- a list\n- not a mapping\n', 'JIG3960'],
    ['id: x\nversion: 1\nextends: jigajob\n', 'JIG3952'],
    ['id: x\nid: y\n', 'JIG3950'],
    ['id: x\n---\nid: y\n', 'JIG3950'],
    ['\t- tab\n', 'JIG3950'],
    // A number that is infinite or no number passes a schema's `integer`: the minimum group size
    // would then hold of no group, and the emitted workflow compare with `Infinity`.
    ['id: x\nversion: "1"\nextends: jigajob\nminimumGroupSize: .inf\n', 'JIG3950'],
    ['id: x\nversion: "1"\nextends: jigajob\nminimumGroupSize: 1e400\n', 'JIG3950'],
    ['id: x\nversion: "1"\nextends: jigajob\nminimumGroupSize: .nan\n', 'JIG3950'],
  ])('%j is refused with %s', (text, code) => {
    const { policy, diagnostics } = loadPolicy(text, 'inline.policy.yaml');
    expect(policy).toBeUndefined();
    expect(diagnostics[0]?.code).toBe(code);
  });

  test('a base file that is broken is reported in the base file', () => {
    const base = 'id: base\nversion: "1"\nextends: jigajob\nregions: [West Europe]\n';
    const { diagnostics } = loadPolicy('id: child\nversion: "1"\nextends: base.yaml\n', 'child.yaml', (reference) =>
      reference === 'base.yaml' ? { text: base, fileName: 'base.yaml' } : undefined,
    );
    expect(diagnostics.map((d) => `${d.file.fileName} ${where(d)}`)).toEqual(['base.yaml JIG3952 4:11']);
  });
});

describe('a policy that extends another may only strengthen it (JIG3961)', () => {
  const extending = (yaml: string) => loadPolicy(`id: acme\nversion: "1"\nextends: jigajob\n${yaml}`, 'acme.policy.yaml');

  test.each([
    ['platform:\n  hosts: [graph.microsoft.com, api.acme.example]\n  connectors: [office365]\n  mailDomains: []\n', "platform.hosts[1] adds 'api.acme.example' to the platform's hosts", '5:32'],
    ['platform:\n  hosts: []\n  connectors: [office365, twitter]\n  mailDomains: [acme.example]\n', "platform.connectors[1] adds the connector 'twitter' to the platform", '6:27'],
    ['allowedStores: [cosmos, blob]\n', "allowedStores[1] allows storing data in 'blob'", '4:25'],
    ['regions: [eastus, westeurope]\n', "regions[1] allows the region 'westeurope'", '4:19'],
    ['categories:\n  personal:\n    description: People.\n    identifying: false\n', "categories.personal makes 'personal' no longer identifying", '5:3'],
    ['categories:\n  personal.minor:\n    description: Minors.\n    secureInRunHistory: false\n', "categories[personal.minor] no longer hides 'personal.minor' in run history", '5:3'],
    ['categories:\n  personal.name:\n    description: Names.\n    aboutNoOne: true\n', "categories[personal.name] makes 'personal.name' data about no one", '5:3'],
    ['categories:\n  personal:\n    description: People.\n    maxRetention: { period: 10 years }\n', "categories.personal keeps 'personal' 10 years, longer than", '5:3'],
    ['purposes:\n  marketing:\n    kind: primary\n    description: Sales.\n', "purposes.marketing.kind makes the secondary purpose 'marketing' primary", '6:11'],
    // A new category below one of the base's is held to what the base promises of that one.
    ['categories:\n  personal.minor.grade:\n    description: Grades.\n    aboutNoOne: true\n', "categories[personal.minor.grade] makes 'personal.minor.grade' data about no one, unlike 'personal.minor' that it is below", '5:3'],
    ['categories:\n  personal.minor.grade:\n    description: Grades.\n    maxRetention: { period: 10 years }\n', "keeps 'personal.minor.grade' 10 years, longer than 30 days ('personal.minor', that it is below)", '5:3'],
    ['categories:\n  personal.minor.grade:\n    description: Grades.\n    secureInRunHistory: false\n', "does not hide 'personal.minor.grade' in run history, unlike 'personal.minor' that it is below", '5:3'],
    ['categories:\n  personal.health.notes:\n    description: Notes.\n  personal.health:\n    description: Health.\n    identifying: false\n', "categories[personal.health] makes 'personal.health' not identifying, unlike 'personal' that it is below", '7:3'],
    ['categories:\n  business.contact.phone:\n    description: Phones.\n    identifying: false\n', "makes 'business.contact.phone' not identifying, unlike 'business.contact' that it is below", '5:3'],
    // A purpose the base has not may only be secondary: a primary one would use raw data as the automation does.
    ['purposes:\n  advertising:\n    kind: primary\n    description: Ads.\n', "purposes.advertising.kind adds the primary purpose 'advertising', which may use raw data as the automation does", '6:11'],
    ['rules:\n  s03-sharing:\n    section: "3"\n    quote: Q.\n    severity: warning\n    waivable: true\n', "rules.s03-sharing.severity lowers 's03-sharing' from error to warning", '8:15'],
    ['rules:\n  s09-minors:\n    section: "9"\n    quote: Q.\n    severity: error\n    waivable: false\n    categories: [personal.name]\n', "rules.s09-minors.categories stops 's09-minors' protecting 'personal.minor'", '10:17'],
    ['rules:\n  s04-secondary-use:\n    section: "4"\n    quote: Q.\n    severity: error\n    waivable: false\n    categories: [aggregate.anonymized, personal.contact]\n', "lets 's04-secondary-use' allow 'personal.contact'", '10:17'],
    // What a rule applies is compared, not what its entry says: JigAjob's s06-rights-coverage names no
    // list and so covers all personal data, and an entry without a list lets every category be declassified.
    ['rules:\n  s06-rights-coverage:\n    section: "6"\n    quote: Q.\n    severity: error\n    waivable: false\n    categories: [personal.name]\n', "rules.s06-rights-coverage.categories stops 's06-rights-coverage' protecting 'personal'", '10:17'],
    ['rules:\n  declassification:\n    section: "1"\n    quote: Q.\n    severity: error\n    waivable: true\n', "rules.declassification.categories lets 'declassification' allow 'aggregate'", '6:5'],
    ['optOutField: doNotContact\n', "optOutField changes the opt-out field from 'optOut' to 'doNotContact'", '4:14'],
    ['minimumGroupSize: 2\n', 'minimumGroupSize lowers the minimum group size from 5 to 2', '4:19'],
  ])('%j is refused', (yaml, what, at) => {
    const { policy, diagnostics } = extending(yaml);
    expect(policy).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toContain('JIG3961');
    const diagnostic = diagnostics.find((d) => d.message.includes(what));
    expect(diagnostic, diagnostics.map((d) => d.message).join('\n')).toBeDefined();
    expect(diagnostic!.message).toMatch(/which weakens jigajob 2023-08-27: a policy may only strengthen the policy it extends\.$/);
    expect(where(diagnostic!)).toBe(`JIG3961 ${at}`);
  });

  test('it may add, narrow and tighten', () => {
    const { policy, diagnostics } = extending(
      [
        'regions: [eastus]',
        'minimumGroupSize: 10',
        'purposes:',
        '  advertising:',
        '    kind: secondary',
        '    description: Ads, from anonymized aggregates.',
        'categories:',
        '  personal.health:',
        '    description: Health.',
        '  personal.minor.grade:',
        '    description: Grades, kept for a week.',
        '    maxRetention: { period: 7 days }',
        '  business.transient:',
        '    description: Business data kept briefly.',
        '    maxRetention: { period: 1 year }',
        '  personal.name:',
        '    description: Names.',
        '    maxRetention: { period: 30 days }',
        'processors:',
        '  crm:',
        '    description: A CRM.',
        '    hosts: [crm.example.com]',
        '    categories: [business.contact]',
        'rules:',
        '  unused-category:',
        '    section: "1"',
        '    quote: Q.',
        '    severity: error',
        '    waivable: false',
        // A rule's own default written out, and widened where the rule protects.
        '  s06-rights-coverage:',
        '    section: "6"',
        '    quote: Q.',
        '    severity: error',
        '    waivable: false',
        '    categories: [personal, business.contact]',
        '  s09-minors:',
        '    section: "9"',
        '    quote: Q.',
        '    severity: error',
        '    waivable: false',
        '',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(policy?.minimumGroupSize).toBe(10);
  });

  test('is reported in the file of a chain that weakens, against the file it extends', () => {
    const base = 'id: base\nversion: "2"\nextends: jigajob\nminimumGroupSize: 8\n';
    const { diagnostics } = loadPolicy('id: child\nversion: "1"\nextends: base.yaml\nminimumGroupSize: 6\n', 'child.yaml', (reference) =>
      reference === 'base.yaml' ? { text: base, fileName: 'base.yaml' } : undefined,
    );
    expect(diagnostics.map((d) => `${d.file.fileName} ${where(d)}`)).toEqual(['child.yaml JIG3961 4:19']);
    expect(diagnostics[0]!.message).toContain('from 8 to 6, which weakens base 2');
  });
});

describe("a policy file may not take JigAjob's id, nor the id of a policy it extends (JIG3962)", () => {
  test("a loosened copy of JigAjob's policy named jigajob, at a later version, is refused: it would satisfy every `policy jigajob >= …` pin", () => {
    const copy = embeddedPolicyText.replace(/^version: .*$/m, 'version: 2099-01-01').replace(/^allowedStores: \[cosmos\]$/m, 'allowedStores: [cosmos, blob]');
    expect(copy).toContain('allowedStores: [cosmos, blob]');
    const { policy, diagnostics } = loadPolicy(copy, 'policy/jigajob.policy.yaml');
    expect(policy).toBeUndefined();
    expect(diagnostics.map((d) => `${d.file.fileName} ${where(d)}`)).toEqual([`policy/jigajob.policy.yaml JIG3962 ${copy.split('\n').findIndex((line) => line.startsWith('id:')) + 1}:5`]);
    expect(diagnostics[0]!.message).toBe(
      "This policy takes the id 'jigajob' of JigAjob's policy: give it an id of its own (and `extends: jigajob` to build on it), so that a `policy jigajob >= …` pin holds only where that policy's rules do.",
    );
    // Extending it, as a company's policy does, is refused for what it weakens (JIG3961), not for its id.
    expect(loadPolicy('id: jigajob\nversion: "2099"\nextends: jigajob\n', 'p.yaml').diagnostics.map((d) => d.code)).toEqual(['JIG3962']);
  });

  test('a byte-for-byte copy of the embedded policy is that policy', () => {
    const { policy, diagnostics } = loadPolicy(embeddedPolicyText, 'vendored/jigajob.policy.yaml');
    expect(diagnostics).toEqual([]);
    expect(policy?.id).toBe('jigajob');
  });

  test('a file that takes the id of a file it extends is refused, and a chain of distinct ids is not', () => {
    const base = 'id: acme\nversion: "1"\nextends: jigajob\n';
    const resolve = (reference: string) => (reference === 'base.yaml' ? { text: base, fileName: 'base.yaml' } : undefined);
    const taken = loadPolicy('id: acme\nversion: "2"\nextends: base.yaml\nallowedStores: [cosmos]\n', 'child.yaml', resolve);
    expect(taken.diagnostics.map((d) => `${d.file.fileName} ${where(d)}`)).toEqual(['child.yaml JIG3962 1:5']);
    expect(taken.diagnostics[0]!.message).toContain("takes the id 'acme' of a policy it extends");
    expect(loadPolicy('id: acme-eu\nversion: "2"\nextends: base.yaml\n', 'child.yaml', resolve).diagnostics).toEqual([]);
  });
});

test('the README documents every rule of the JigAjob policy with its section and codes', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Policy'), readme.indexOf('## Diagnostics'));
  for (const rule of loadEmbeddedPolicy().rules.values()) {
    const row = section.split('\n').find((line) => line.includes(`\`${rule.id}\``) && line.startsWith('|'));
    expect(row, rule.id).toBeDefined();
    expect(row!.startsWith(`| ${rule.section} |`), rule.id).toBe(true);
    const ranges = [...row!.matchAll(/JIG(\d{4})(?:–JIG(\d{4}))?/g)].map((m) => [Number(m[1]), Number(m[2] ?? m[1])]);
    for (const builder of RULE_DIAGNOSTICS[rule.id as keyof typeof RULE_DIAGNOSTICS]) {
      const code = Number(builder.code.slice(3));
      expect(ranges.some(([from, to]) => from! <= code && code <= to!), `${rule.id} ${builder.code}`).toBe(true);
    }
  }
});

describe('the order of category ids', () => {
  test('is the order localeCompare gives, for every id the policy schema allows', () => {
    const alphabet = 'ab_.z09';
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const id = () => {
      const parts = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        let part = 'abz'[Math.floor(random() * 3)]!;
        for (let i = Math.floor(random() * 4); i > 0; i--) part += alphabet.replace('.', '')[Math.floor(random() * 6)]!;
        return part;
      });
      return parts.join('.');
    };
    for (let i = 0; i < 20_000; i++) {
      const [a, b] = [id(), id()];
      expect(Math.sign(compareCategoryIds(a, b)), `${a} vs ${b}`).toBe(Math.sign(a.localeCompare(b)));
    }
  });
});
