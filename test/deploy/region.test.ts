import { describe, expect, it } from 'vitest';
import { checkRegionFinding } from '../../compiler/src/deploy/compile.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';

describe('the deployment region against the policy (§7)', () => {
  const policy = loadEmbeddedPolicy();

  it('warns, citing §7, about a location outside the policy regions', () => {
    const [finding, ...rest] = checkRegionFinding('westeurope', policy);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'warning', policy: { id: policy.id, section: '7' } });
    expect(finding!.message).toContain('westeurope');
  });

  it('accepts the policy regions however Azure spells them', () => {
    expect(checkRegionFinding('eastus', policy)).toEqual([]);
    expect(checkRegionFinding('East US', policy)).toEqual([]);
  });
});
