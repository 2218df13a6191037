/** The data map as Markdown: one section a flow, then the containers an access or deletion request must reach. */
import { keptFor, RETENTION_PREMISE, RIGHT_LABELS, type DataMap, type FlowEntry } from './datamap.js';

const list = (items: readonly string[]) => (items.length ? items.map((item) => `\`${item}\``).join(', ') : '—');
/** Table cells may not hold a `|` or a line break. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function renderMarkdown(map: DataMap): string {
  const out: string[] = ['# Data map', ''];
  for (const policy of map.policies) out.push(`Checked against policy \`${policy.id}\` ${policy.version} (${policy.source}, \`${policy.hash}\`).`);
  out.push('', `${map.flows.length} flow${map.flows.length === 1 ? '' : 's'}, ${map.containers.length} container${map.containers.length === 1 ? '' : 's'}.`, '');

  out.push('## Flows', '');
  for (const flow of map.flows) out.push(...flowSection(flow));

  out.push('## Containers', '', `What an access, correction or deletion request (policy §6) must reach. ${RETENTION_PREMISE}`, '');
  if (map.containers.length === 0) out.push('No flow stores data.', '');
  else {
    out.push('| store | container | categories | personal data | data subjects (key) | written by (retention) | read by |', '|---|---|---|---|---|---|---|');
    for (const container of map.containers) {
      const writers = container.writers.map((w) => `${w.flow} (${keptFor({ ...w, store: container.store, enforced: container.enforced })})`).join(', ') || '—';
      const readers = container.readers.join(', ') || '—';
      const subjects = container.subjects.map((key) => `${key.kind} (\`${key.field}\`)`).join(', ') || '—';
      out.push(
        `| ${container.store} | ${cell(container.location)} | ${list(container.categories)} | ${container.personal ? 'yes' : 'no'} | ${cell(subjects)} | ${cell(writers)} | ${cell(readers)} |`,
      );
    }
    out.push('');
  }
  out.push(...subjectsSection(map), ...trustSection(map));
  return `${out.join('\n')}\n`;
}

/** What the map's "platform" and "shared with" rest on: the client's own resources and the processors. */
function trustSection(map: DataMap): string[] {
  const out = ['## Platform and processors', '', "What the checks count as the client's own (the platform), and the outside parties data may go to.", ''];
  for (const trust of map.trust) {
    out.push(
      `- **Policy \`${trust.policy}\`:** hosts ${list(trust.platform.hosts)}; connectors ${list(trust.platform.connectors)}; mail domains ${list(trust.platform.mailDomains)}`,
      `- **The project (jig.yaml \`resources\`):** hosts ${list(trust.project.hosts)}; mail domains ${list(trust.project.mailDomains)}; Teams teams ${list(trust.project.teams)}; Azure subscriptions ${list(trust.project.subscriptions)}`,
      '',
    );
    if (trust.processors.length === 0) {
      out.push('No processor.', '');
      continue;
    }
    out.push('| processor | reached at | may receive | flows that share with it |', '|---|---|---|---|');
    for (const processor of trust.processors) out.push(`| \`${processor.id}\` | ${list(processor.hosts)} | ${list(processor.categories)} | ${cell(processor.flows.join(', ') || '—')} |`);
    out.push('');
  }
  return out;
}

/** Per kind of data subject: where their data lives, for how long, who receives it, which flow serves each right. */
function subjectsSection(map: DataMap): string[] {
  const out = ['## Data subjects', '', 'Whose personal data the project keeps (`@subject`), and the flows that serve their requests (`jig rights`).', ''];
  if (map.subjects.length === 0) return [...out, 'No store marks a data subject.', ''];
  for (const subject of map.subjects) {
    out.push(`### ${subject.kind}`, '', '| store | container | identified by | categories | kept up to |', '|---|---|---|---|---|');
    for (const container of subject.containers) {
      out.push(`| ${container.store} | ${cell(container.location)} | ${list(container.keys)} | ${list(container.categories)} | ${container.longestRetention ?? '—'} |`);
    }
    out.push('');
    const recipients = subject.recipients.map((r) => `${r.flow}: ${r.kind} to ${r.destination}${r.processor ? ` (\`${r.processor}\`)` : ''}, ${list(r.categories)}`);
    out.push(`- **Who receives their data:**${recipients.length ? '' : ' no one outside the containers'}`, ...recipients.map((line) => `  - ${line}`));
    const rights = Object.entries(RIGHT_LABELS).map(([right, label]) => {
      const served = subject.rights.filter((entry) => entry.right === right);
      return `  - ${label}: ${served.length ? served.map((entry) => `\`${entry.flow}\` (${entry.file})`).join(', ') : 'no flow (run `jig rights`)'}`;
    });
    out.push('- **Requests served by:**', ...rights, '');
  }
  return out;
}

function flowSection(flow: FlowEntry): string[] {
  const out = [`### ${flow.name}`, '', `${flow.file}:${flow.line}${flow.errors ? ` — **${flow.errors} error${flow.errors === 1 ? '' : 's'}: not deployable**` : ''}`, ''];
  out.push(
    `- **Purpose:** ${flow.purpose ? `\`${flow.purpose.id}\`${flow.purpose.kind ? ` (${flow.purpose.kind})` : ''} — ${flow.purpose.reason || '(no reason)'}` : '(none)'}`,
    `- **Declared data:** ${list(flow.declared)}`,
    `- **Data that reaches it:** ${list(flow.categories)}`,
    `- **Retention:** ${flow.retention ?? '(none)'}`,
    `- **Hidden from run history:** ${flow.secureData.categories.length ? `${list(flow.secureData.categories)}${flow.secureData.trigger ? ' (trigger included)' : ''}` : 'nothing'}`,
    `- **Processors:** ${list(flow.processors)}`,
  );
  if (flow.stores.length) {
    out.push('- **Stores:**');
    for (const store of flow.stores) out.push(`  - ${store.store} \`${store.location}\`: ${list(store.categories)}, kept ${keptFor(store)}`);
  }
  if (flow.reads.length) {
    out.push('- **Reads:**');
    for (const read of flow.reads) out.push(`  - ${read.store} \`${read.location}\`: ${list(read.categories)}`);
  }
  if (flow.sends.length) {
    out.push('- **Sends:**');
    for (const send of flow.sends) {
      const where = `${send.kind === 'read' ? 'the name a read asks for' : send.kind} to ${send.destination}${send.platform ? ' (platform)' : ''}${send.processor ? ` shared with \`${send.processor}\`` : ''}`;
      out.push(`  - ${where}: ${list(send.categories)}`);
    }
  }
  if (flow.declassifications.length) {
    out.push('- **Declassifications:**');
    for (const d of flow.declassifications) out.push(`  - \`${d.category}\` line ${d.line}: “${d.reason}”${d.allowed ? '' : ' — refused'}`);
  }
  if (flow.waivers.length) {
    out.push('- **Waivers:**');
    for (const waiver of flow.waivers) {
      const what = waiver.waives.length ? `waives ${waiver.waives.join(', ')}` : 'waives nothing';
      out.push(`  - \`${waiver.rule}\`${waiver.section ? ` (§${waiver.section})` : ''} line ${waiver.line}: “${waiver.reason}” — ${waiver.valid ? what : 'refused'}`);
    }
  }
  out.push('');
  return out;
}
