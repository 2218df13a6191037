/**
 * §10 Policy updates: "Any changes to this Privacy Policy will be updated on our website."
 *
 * The policy changes; a file's `policy ID >= VERSION` says which policy, and which version of it
 * at least, its flows were written for. The policy checked against must be that one (or extend it)
 * at that version or later. (Every emitted workflow records the policy id, version and hash.)
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import { suggest } from '../../util/suggest.js';
import { compareVersions } from '../versions.js';
import type { PolicyRule } from './rule.js';

export const pin: PolicyRule = {
  id: 's10-pin',
  check(context) {
    const lineage = context.policy.lineage;
    for (const declaration of context.model.file.declarations) {
      if (declaration.kind !== 'PolicyPin') continue;
      const pinned = declaration.policyId.name;
      const match = lineage.find((entry) => entry.id === pinned);
      if (!match) {
        const suggestion = suggest(pinned, lineage.map((entry) => entry.id));
        context.report(messages.policyPinMismatch, declaration.policyId.range, {
          pinned,
          actual: context.policy.id,
          ...(suggestion && { suggestion }),
        });
        continue;
      }
      const minimum = declaration.minVersion;
      if (minimum && compareVersions(match.version, minimum.text) < 0) {
        context.report(messages.policyVersionTooOld, minimum.range, { id: match.id, version: match.version, minimum: minimum.text });
      }
    }
  },
};
