/**
 * §7 Geographic operations: "While we primarily operate within the United States, focusing on New
 * York, South Carolina, and Delaware, our services are available to users outside of these regions
 * as well."
 *
 * A deployment region outside the policy's regions is a warning (the text allows operating
 * elsewhere). Regions are a deployment setting, not part of a .jig file, so `jig deploy` calls
 * `checkDeploymentRegion` with the region and where its setting is written.
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { TextRange } from '../../syntax/source.js';
import { suggest } from '../../util/suggest.js';
import type { Policy } from '../model.js';

/** Azure writes regions in several ways (`East US 2`, `eastus2`): compare them by their letters and digits. */
export function normalizeRegion(region: string): string {
  return region.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * The §7 finding for deploying to `region`, or undefined when the region is one of the policy's
 * (or the policy does not apply the rule). `range` locates the region's setting in its own file.
 */
export function checkDeploymentRegion(policy: Policy, region: string, range: TextRange = { start: 0, end: 0 }): Diagnostic | undefined {
  const rule = policy.rules.get('s07-regions');
  if (!rule) return undefined;
  const normalized = normalizeRegion(region);
  if (policy.regions.some((allowed) => normalizeRegion(allowed) === normalized)) return undefined;
  const suggestion = suggest(normalized, policy.regions);
  return messages.regionOutsidePolicy(
    range,
    { region, regions: policy.regions.join(', '), ...(suggestion && { suggestion }) },
    {
      severity: rule.severity,
      policy: { id: policy.id, version: policy.version, section: rule.section, quote: rule.quote, rule: rule.id },
    },
  );
}
