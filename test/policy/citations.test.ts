/**
 * Every finding about the policy cites the section it comes from (policy.md: "every diagnostic it
 * produces names that section"): the names of the policy's vocabulary (§1 taxonomy, §3 processors,
 * §4 purposes) and a retention that is not finite (§8), each reported once.
 */
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileText } from '../../compiler/src/compilation.js';
import type { Diagnostic } from '../../compiler/src/diagnostics/diagnostic.js';
import { applyEdits, fixtures, loadPolicyFile } from './helpers.js';

const policy = loadPolicyFile(join(fixtures, 'fixtures.policy.yaml')).policy!;
const compile = (text: string, with_ = policy) => compileText('test.jig', text, { policy: with_ });
const read = (path: string) => readFileSync(join(fixtures, path), 'utf8');
const cited = (d: Diagnostic) => `${d.code} ${d.policy ? `§${d.policy.section} ${d.policy.rule}` : 'uncited'}`;

const flowWith = (retain: string, store = 'store trigger.body in cosmos("jigajob", "invoices")') => `type Invoice {
  number: string @business.transaction
}

@purpose(automation, "Archive invoices")
@data(business.transaction)
${retain}
flow archive {
  trigger http post body Invoice
  ${store}
  respond 201
}
`;

describe('names the policy does not define are rules of the policy, citing their section', () => {
  test('a category cites §1, a purpose §4, a processor §3, each with the rule and its quote', () => {
    const diagnostics = compile(read('violations/general-unknown-names.jig')).diagnostics;
    expect(diagnostics.map(cited).sort()).toEqual([
      'JIG3004 §1 data-coverage',
      'JIG3006 §1 category-defined',
      'JIG3006 §1 category-defined',
      'JIG3007 §4 purpose-listed',
      'JIG3008 §3 processor-listed',
    ]);
    const purpose = diagnostics.find((d) => d.code === 'JIG3007')!;
    expect(purpose.policy).toEqual({
      id: 'jigajob-fixtures',
      version: '2023-08-27',
      section: '4',
      quote: policy.rules.get('purpose-listed')!.quote,
      rule: 'purpose-listed',
    });
    expect(purpose.policy!.quote).toContain('marketing, analytics, and research');
    expect(purpose.fixes?.[0]?.edits[0]?.newText).toBe('automation');
  });

  test('a @share anywhere names a processor the policy must list, not only on a step that sends data', () => {
    const text = flowWith('@retain(1 year)', 'store trigger.body in cosmos("jigajob", "invoices") @share(crm_inx, "x")');
    expect(compile(text).diagnostics.map((d) => `${cited(d)} ${d.message}`)).toEqual([
      "JIG3008 §3 processor-listed Unknown processor 'crm_inx'. Did you mean 'crm_inc'?",
    ]);
  });

  test('they may not be waived', () => {
    const text = read('violations/general-unknown-names.jig').replace('@retain(1 year)', '@retain(1 year)\n@allow("category-defined", "We know")');
    const diagnostics = compile(text).diagnostics;
    expect(diagnostics.filter((d) => d.code === 'JIG3006').every((d) => !d.waived)).toBe(true);
    expect(diagnostics.map((d) => d.code)).toContain('JIG3010');
  });

  test('a policy file that leaves them out still gets them, uncited: an unknown name cannot be checked at all', () => {
    const vocabulary = ['category-defined', 'purpose-listed', 'processor-listed'];
    const without = { ...policy, rules: new Map([...policy.rules].filter(([id]) => !vocabulary.includes(id))) };
    const codes = compile(read('violations/general-unknown-names.jig'), without).diagnostics.map(cited).sort();
    expect(codes).toEqual(['JIG3004 §1 data-coverage', 'JIG3006 uncited', 'JIG3006 uncited', 'JIG3007 uncited', 'JIG3008 uncited']);
  });
});

test("a waiver's own problems cite the rule it waives; an unknown rule has nothing to cite", () => {
  const diagnostics = compile(read('violations/general-waivers.jig')).diagnostics;
  expect(diagnostics.filter((d) => ['JIG3009', 'JIG3010', 'JIG3012'].includes(d.code)).map(cited)).toEqual([
    'JIG3010 §3 s03-sharing',
    'JIG3009 uncited',
    'JIG3012 §6 s06-opt-out',
  ]);
});

describe('@retain is mandatory and finite (§8): one finding each, citing §8', () => {
  test.each([
    ['@retain(forever)', 'forever'],
    ['@retain(infinite)', 'infinite'],
    ['@retain(permanent)', 'permanent'],
    ['@retain("forever")', '"forever"'],
  ])('%s', (retain, written) => {
    const diagnostics = compile(flowWith(retain)).diagnostics;
    expect(diagnostics.map(cited)).toEqual(['JIG3802 §8 retain-required']);
    expect(diagnostics[0]!.message).toBe(
      `@retain(${written}) is not a finite retention: state how long the data is kept, at most the provisional maximum of 7 years for 'business.transaction', which the flow stores.`,
    );
  });

  test('an amount too large to be a number is not finite either', () => {
    expect(compile(flowWith('@retain(1e999 years)')).diagnostics.map(cited)).toEqual(['JIG3802 §8 retain-required']);
  });

  test("on a store, whatever the flow's retention", () => {
    const text = flowWith('@retain(1 year)', 'store trigger.body in cosmos("jigajob", "invoices") @retain(forever)');
    const diagnostics = compile(text).diagnostics;
    expect(diagnostics.map(cited)).toEqual(['JIG3802 §8 retain-required']);
    expect(text.slice(diagnostics[0]!.range.start, diagnostics[0]!.range.end)).toBe('forever');
  });

  test('the fix writes the longest retention the stored categories allow, and the flow compiles', () => {
    const text = flowWith('@retain(forever)');
    const [diagnostic] = compile(text).diagnostics;
    const fixed = applyEdits(text, diagnostic!.fixes![0]!.edits);
    expect(fixed).toContain('@retain(7 years)\n');
    expect(compile(fixed).diagnostics).toEqual([]);
  });

  test('a flow that stores nothing gets an example period instead of a maximum', () => {
    const text = flowWith('@retain(forever)', 'wait 1 minute');
    expect(compile(text).diagnostics[0]?.message).toBe(
      '@retain(forever) is not a finite retention: state how long the data is kept, e.g. @retain(30 days).',
    );
  });

  test.each([
    ['@retain(0 days)', 'JIG2028'],
    ['@retain(3 hours)', 'JIG2028'],
    ['@retain("2 years")', 'JIG2062'],
    ['@retain(1 year, 2 years)', 'JIG2062'],
  ])('%s: the shape error alone, not also a missing @retain', (retain, code) => {
    expect(compile(flowWith(retain)).diagnostics.map(cited)).toEqual([`${code} uncited`]);
  });

  test('a second @retain is a duplicate, not a second retention to check', () => {
    expect(compile(flowWith('@retain(1 year)\n@retain(forever)')).diagnostics.map(cited)).toEqual(['JIG2063 uncited']);
  });

  test('a flow without any @retain is still reported as missing it, citing §8', () => {
    expect(compile(flowWith('')).diagnostics.map(cited)).toEqual(['JIG3003 §8 retain-required']);
  });
});

describe('run history is storage too: data it hides never goes into a fail message', () => {
  const applicant = (message: string) => `type Applicant {
  id:    string @system.operational
  name:  string @personal.name @subject(applicant)
  pupil: string @personal.minor
}

@purpose(automation, "File applications")
@data(personal.name, personal.minor, system.operational)
@retain(30 days)
flow file_applications {
  trigger http post body Applicant
  if trigger.body.id == "" {
    fail ${message}
  }
  store trigger.body in cosmos("jigajob", "applications")
  respond 201
}
`;

  test.each([
    ['"No id for ${trigger.body.name}"', ['JIG3803 §8 run-history']],
    ['"No id for ${trigger.body.pupil}"', ['JIG3803 §9 run-history']],
    ['"No id for ${trigger.body.name} and ${trigger.body.pupil}"', ['JIG3803 §9 run-history']],
    ['"Application ${trigger.body.id} has no id"', []],
    ['"Application has no id"', []],
  ])('fail %s', (message, expected) => {
    expect(compile(applicant(message)).diagnostics.map(cited)).toEqual(expected);
  });
});

describe('the provisional maxima (§8) hold up to the day, and each finding says they are provisional', () => {
  const clean = read('clean/retention-at-maximum.jig');

  test.each([
    ['@retain(30 days)', '@retain(31 days)', "Retention 31 days exceeds the provisional maximum of 30 days for 'personal.minor', which this store writes."],
    ['@retain(1 year)', '@retain(13 months)', "Retention 13 months exceeds the provisional maximum of 1 year for 'personal.name', which this store writes."],
  ])('%s → %s', (from, to, message) => {
    expect(compile(clean).diagnostics).toEqual([]);
    const diagnostics = compile(clean.replace(from, to)).diagnostics;
    expect(diagnostics.map((d) => `${cited(d)} ${d.message}`)).toEqual([`JIG3801 §8 s08-retention ${message}`]);
  });
});
