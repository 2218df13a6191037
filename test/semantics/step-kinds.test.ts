/** Step kinds and functions real workflows use: a connector's webhook, app settings. */
import { describe, expect, test } from 'vitest';
import { analyse, analyseClean, flowOf, only } from './helpers.js';

describe('appsetting()', () => {
  test("is a string that may hold every category the flow declares, whatever its name (rule 1)", () => {
    const r = analyseClean(flowOf('  let u = appsetting("Service-Url")\n  let n = length(appsetting("Other"))'));
    expect(r.typeText('appsetting("Service-Url")')).toBe('string');
    // The flow declares @data(business): every category under it, though the name says nothing.
    expect(r.categories('appsetting("Service-Url")')).toEqual(['business', 'business.contact', 'business.document', 'business.email', 'business.industry', 'business.other', 'business.transaction']);
    expect(r.categories('length(appsetting("Other"))')).toContain('business.transaction');
    expect(only(analyse(flowOf('  let x = appsetting(1)'))).code).toBe('JIG2020');
  });
});

describe('call connector … webhook', () => {
  const webhook = (options = '') =>
    flowOf(`  let answer = call connector "office365" webhook "/approvalmail/$subscriptions"\n    body { NotificationUrl: listCallbackUrl(), Message: { To: "boss@example.com" } }${options}`);

  test('is a connector call: its answer is untyped and unknown, listCallbackUrl() is text about no one', () => {
    const r = analyseClean(webhook());
    expect(r.typeText('listCallbackUrl()')).toBe('string');
    expect(r.categories('listCallbackUrl()')).toEqual([]);
    expect(r.symbolCategories(r.id('answer'))).toContain('business.transaction');
  });

  test('takes @retry and @timeout, not what a webhook has no use for', () => {
    analyseClean(webhook('\n    @timeout(2 days) @retry(none)'));
    for (const annotation of ['@chunked', '@paginate(10)', '@synchronous']) {
      expect(only(analyse(webhook(`\n    ${annotation}`))).code, annotation).toBe('JIG2061');
    }
  });

  test('is a method of call connector only', () => {
    const found = only(analyse(flowOf('  call http webhook "https://example.com/hook"')));
    expect([found.code, found.at]).toEqual(['JIG2030', 'webhook']);
    expect(only(analyse(flowOf('  call service "k" "azureTables" "op" body {}\n  call connector "k" hook "/x"'))).message).toContain("'hook' is not an HTTP method");
  });
});
