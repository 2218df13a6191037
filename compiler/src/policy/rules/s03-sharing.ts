/**
 * §3 Data sharing: "We do not share your data with any third parties beyond what's necessary for
 * the operations of our services."
 *
 * Data sent outside the platform (Azure and Microsoft 365 hosts and connectors) goes only to a
 * processor the policy lists, named with `@share(PROCESSOR, "reason")`, reached at one of its
 * hosts, only in categories it may receive, and with the reason it needs them. An unknown processor is reported by the name
 * checks; minors' data, which no processor may receive, is §9's finding.
 */
import * as messages from '../../diagnostics/catalogue/policy.js';
import { covers } from '../../flow/categories.js';
import { destinationOf, hostMatches } from '../destinations.js';
import { pointAt, type PolicyRule, type RuleContext } from './rule.js';
import type { ProcessorDefinition } from '../model.js';
import type { Fix } from '../../diagnostics/diagnostic.js';

export const sharing: PolicyRule = {
  id: 's03-sharing',
  check(context) {
    for (const { sinks } of context.flows) {
      for (const sink of sinks) {
        if ((sink.kind !== 'http' && sink.kind !== 'mail') || sink.categories.size === 0) continue;
        const destination = destinationOf(sink, context.model, context.policy);
        if (destination.platform) continue;
        const anchor = sink.kind === 'http' ? sink.call.url.range : sink.step.connector.range;
        if (!sink.share) {
          const candidate = processorAt(context, destination.host);
          context.report(
            messages.shareRequired,
            anchor,
            { destination: destination.description, categories: [...sink.categories.keys()].map((c) => `'${c}'`).join(', ') },
            candidate ? { fixes: [shareWith(candidate, sink.step.range.end)] } : {},
          );
          continue;
        }
        const processor = context.policy.processors.get(sink.share.processor);
        if (!processor) continue;
        if (sink.share.reason.trim() === '') {
          context.report(messages.shareWithoutReason, sink.share.range, { processor: processor.id });
        }
        if (destination.host !== undefined && !hostMatches(destination.host, processor.hosts)) {
          context.report(messages.processorHostMismatch, anchor, {
            processor: processor.id,
            host: destination.host,
            hosts: processor.hosts.join(', '),
          });
        }
        for (const [category, origin] of sink.categories) {
          if (processor.categories.some((allowed) => covers(allowed, category))) continue;
          const { range, related } = pointAt(sink.node.range, origin);
          context.report(messages.processorCategoryNotAllowed, range, { processor: processor.id, category }, related ? { related } : {});
        }
      }
    }
  },
};

/** Where a listed processor is reached at the host, naming it is the obvious fix. */
function processorAt(context: RuleContext, host: string | undefined): ProcessorDefinition | undefined {
  if (host === undefined) return undefined;
  return [...context.policy.processors.values()].find((processor) => hostMatches(host, processor.hosts));
}

function shareWith(processor: ProcessorDefinition, at: number): Fix {
  const text = ` @share(${processor.id}, "Describe why ${processor.id} needs this data")`;
  return { title: `Share with '${processor.id}'`, edits: [{ range: { start: at, end: at }, newText: text }], isPreferred: true };
}
