/**
 * The data map as one self-contained HTML page (no script, no external resource): a diagram of
 * which flow writes which data where, drawn as inline SVG, then the flows and the containers.
 * Edges are coloured by the most sensitive data they carry: minors' data, personal data, the rest.
 */
import { keptFor, RETENTION_PREMISE, RIGHT_LABELS, type DataMap, type FlowEntry } from './datamap.js';

const ROW = 60;
const BOX_HEIGHT = 40;
const LEFT_X = 20;
const BOX_WIDTH = 280;
const RIGHT_X = 640;
const WIDTH = RIGHT_X + BOX_WIDTH + 20;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

type Sensitivity = 'minor' | 'personal' | 'other';

function sensitivity(categories: readonly string[]): Sensitivity {
  if (categories.some((c) => c === 'personal.minor' || c.startsWith('personal.minor.'))) return 'minor';
  if (categories.some((c) => c === 'personal' || c.startsWith('personal.'))) return 'personal';
  return 'other';
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly categories: readonly string[];
}

/** Flows on the left; containers and recipients on the right; one edge a store or send. */
export function renderDiagram(map: DataMap): string {
  const targets: string[] = [];
  const edges: Edge[] = [];
  const target = (name: string) => {
    if (!targets.includes(name)) targets.push(name);
    return name;
  };
  for (const flow of map.flows) {
    for (const store of flow.stores) {
      edges.push({ from: flow.name, to: target(`${store.store} ${store.location}`), label: `stores, ${keptFor(store)}`, categories: store.categories });
    }
    for (const send of flow.sends) {
      if (send.categories.length === 0) continue;
      const name = send.kind === 'flow' ? `flow ${send.destination}` : send.kind === 'respond' ? `the caller of ${flow.name}` : send.processor ? `${send.processor} (${send.destination})` : send.destination;
      edges.push({ from: flow.name, to: target(name), label: `${send.kind}${send.platform ? '' : ', third party'}`, categories: send.categories });
    }
  }
  const targetY = (index: number) => 20 + index * ROW;
  const flowY = placeFlows(map.flows.map((flow) => flow.name), edges, targets, targetY);
  const height = Math.max(...[...flowY.values()].map((v) => v + ROW), targetY(targets.length), ROW) + 20;
  const box = (x: number, top: number, text: string, kind: string) =>
    `<g class="node ${kind}"><rect x="${x}" y="${top}" width="${BOX_WIDTH}" height="${BOX_HEIGHT}" rx="6"/>` +
    `<text x="${x + 10}" y="${top + 25}">${escapeHtml(truncate(text, 38))}</text><title>${escapeHtml(text)}</title></g>`;

  const incoming = new Map<string, number>();
  const paths = edges.map((edge) => {
    const stacked = incoming.get(edge.to) ?? 0;
    incoming.set(edge.to, stacked + 1);
    const y1 = flowY.get(edge.from)! + BOX_HEIGHT / 2;
    const y2 = targetY(targets.indexOf(edge.to)) + BOX_HEIGHT / 2;
    const x1 = LEFT_X + BOX_WIDTH;
    const x2 = RIGHT_X;
    const mid = (x1 + x2) / 2;
    // Labels sit just before the target, stacked when several edges arrive there.
    const labelY = y2 - 6 - stacked * 11;
    return (
      `<g class="edge ${sensitivity(edge.categories)}"><path d="M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}" marker-end="url(#arrow)"/>` +
      `<text x="${x2 - 14}" y="${labelY}" text-anchor="end">${escapeHtml(truncate(edge.categories.join(', '), 48))}</text>` +
      `<title>${escapeHtml(`${edge.from} → ${edge.to} (${edge.label}): ${edge.categories.join(', ')}`)}</title></g>`
    );
  });
  return [
    `<svg class="diagram" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="Which flow writes which data where">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ...paths,
    ...[...flowY].map(([name, top]) => box(LEFT_X, top, name, 'flow')),
    ...targets.map((name, index) => box(RIGHT_X, targetY(index), name, 'target')),
    '</svg>',
  ].join('\n');
}

/**
 * Each flow sits level with the middle of what it writes to, so that edges stay short and rarely
 * cross; flows are then pushed down where they would overlap.
 */
function placeFlows(names: readonly string[], edges: readonly Edge[], targets: readonly string[], targetY: (index: number) => number): Map<string, number> {
  const desired = names.map((name, order) => {
    const ys = edges.filter((edge) => edge.from === name).map((edge) => targetY(targets.indexOf(edge.to)));
    return { name, order, y: ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : Infinity };
  });
  desired.sort((a, b) => a.y - b.y || a.order - b.order);
  const placed = new Map<string, number>();
  let next = 20;
  for (const { name, y } of desired) {
    const top = Number.isFinite(y) ? Math.max(next, y) : next;
    placed.set(name, top);
    next = top + ROW;
  }
  return placed;
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

const STYLE = `
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1b1f24; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #d0d7de; } h3 { margin-bottom: .3rem; }
.muted { color: #57606a; } code { background: #f3f4f6; padding: 0 .25em; border-radius: 3px; font-size: .92em; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1.2rem; } th, td { border: 1px solid #d0d7de; padding: .35rem .6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } .error { color: #b42318; font-weight: 600; } .tag { display: inline-block; padding: 0 .45em; border-radius: 9px; font-size: .8em; background: #eef2ff; }
.diagram { max-width: 100%; height: auto; border: 1px solid #d0d7de; border-radius: 6px; background: #fbfcfd; }
.node rect { stroke-width: 1.5; } .flow rect { fill: #e8f1ff; stroke: #1f6feb; } .target rect { fill: #f6f8fa; stroke: #57606a; }
.node text { font-size: 13px; fill: #1b1f24; }
.edge path { fill: none; stroke-width: 2; } .edge text { font-size: 10px; fill: #57606a; }
.edge.other path { stroke: #6e7781; } .edge.personal path { stroke: #d97706; } .edge.minor path { stroke: #b42318; stroke-dasharray: 6 3; }
marker path { fill: #6e7781; }
.legend span { margin-right: 1.2rem; } .swatch { display: inline-block; width: 1.6em; height: .25em; vertical-align: middle; margin-right: .3em; }
`;

export function renderHtml(map: DataMap): string {
  const policies = map.policies.map((p) => `<code>${escapeHtml(p.id)}</code> ${escapeHtml(p.version)} <span class="muted">(${escapeHtml(p.hash)})</span>`).join(', ');
  const body = [
    '<h1>Data map</h1>',
    `<p class="muted">${map.flows.length} flow(s) checked against ${policies || 'no policy'}.</p>`,
    '<h2>Where data goes</h2>',
    '<p class="legend"><span><i class="swatch" style="background:#6e7781"></i>business and other data</span><span><i class="swatch" style="background:#d97706"></i>personal data</span><span><i class="swatch" style="background:#b42318"></i>minors’ data</span></p>',
    renderDiagram(map),
    '<h2>Flows</h2>',
    ...map.flows.map((flow) => flowHtml(flow)),
    '<h2>Containers</h2>',
    `<p>What an access, correction or deletion request (policy §6) must reach. ${escapeHtml(RETENTION_PREMISE)}</p>`,
    containersHtml(map),
    '<h2>Data subjects</h2>',
    '<p>Whose personal data the project keeps (<code>@subject</code>), and the flows that serve their requests (<code>jig rights</code>).</p>',
    subjectsHtml(map),
    '<h2>Platform and processors</h2>',
    "<p>What the checks count as the client's own (the platform), and the outside parties data may go to.</p>",
    trustHtml(map),
  ].join('\n');
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>Jig data map</title>\n<style>${STYLE}</style>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

const codes = (items: readonly string[]) => (items.length ? items.map((item) => `<code>${escapeHtml(item)}</code>`).join(' ') : '—');

function flowHtml(flow: FlowEntry): string {
  const rows: [string, string][] = [
    [
      'Purpose',
      flow.purpose
        ? `<code>${escapeHtml(flow.purpose.id)}</code>${flow.purpose.kind ? ` <span class="tag">${flow.purpose.kind}</span>` : ''} ${escapeHtml(flow.purpose.reason)}`
        : '—',
    ],
    ['Data that reaches it', codes(flow.categories)],
    ['Declared (@data)', codes(flow.declared)],
    ['Retention', escapeHtml(flow.retention ?? '—')],
    ['Stores', flow.stores.map((s) => `${escapeHtml(s.store)} <code>${escapeHtml(s.location)}</code>: ${codes(s.categories)}, kept ${escapeHtml(keptFor(s))}`).join('<br>') || '—'],
    ['Reads', flow.reads.map((r) => `${escapeHtml(r.store)} <code>${escapeHtml(r.location)}</code>: ${codes(r.categories)}`).join('<br>') || '—'],
    [
      'Sends',
      flow.sends
        .map((s) => `${escapeHtml(s.kind)} to ${escapeHtml(s.destination)}${s.platform ? ' (platform)' : ''}${s.processor ? `, shared with <code>${escapeHtml(s.processor)}</code>` : ''}: ${codes(s.categories)}`)
        .join('<br>') || '—',
    ],
    ['Processors', codes(flow.processors)],
    ['Hidden from run history', flow.secureData.categories.length ? `${codes(flow.secureData.categories)}${flow.secureData.trigger ? ' (trigger included)' : ''}` : 'nothing'],
    [
      'Declassifications',
      flow.declassifications
        .map((d) => `<code>${escapeHtml(d.category)}</code>, line ${d.line}: “${escapeHtml(d.reason)}”${d.allowed ? '' : ' — <span class="error">refused</span>'}`)
        .join('<br>') || '—',
    ],
    [
      'Waivers',
      flow.waivers
        .map((w) => `<code>${escapeHtml(w.rule)}</code>${w.section ? ` (§${escapeHtml(w.section)})` : ''}, line ${w.line}: “${escapeHtml(w.reason)}” — ${w.valid ? escapeHtml(w.waives.length ? `waives ${w.waives.join(', ')}` : 'waives nothing') : '<span class="error">refused</span>'}`)
        .join('<br>') || '—',
    ],
  ];
  const status = flow.errors ? ` <span class="error">${flow.errors} error(s): not deployable</span>` : '';
  return (
    `<h3 id="flow-${escapeHtml(flow.name)}">${escapeHtml(flow.name)}</h3>\n<p class="muted">${escapeHtml(flow.file)}:${flow.line}${status}</p>\n` +
    `<table>${rows.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${v}</td></tr>`).join('')}</table>`
  );
}

function containersHtml(map: DataMap): string {
  if (map.containers.length === 0) return '<p>No flow stores data.</p>';
  const rows = map.containers.map(
    (c) =>
      `<tr><td>${escapeHtml(c.store)}</td><td><code>${escapeHtml(c.location)}</code></td><td>${codes(c.categories)}</td><td>${c.personal ? 'yes' : 'no'}</td>` +
      `<td>${c.subjects.map((key) => `${escapeHtml(key.kind)} (<code>${escapeHtml(key.field)}</code>)`).join('<br>') || '—'}</td>` +
      `<td>${c.writers.map((w) => `${escapeHtml(w.flow)} (${escapeHtml(keptFor({ ...w, store: c.store, enforced: c.enforced }))})`).join('<br>') || '—'}</td>` +
      `<td>${c.readers.map(escapeHtml).join('<br>') || '—'}</td></tr>`,
  );
  return `<table><tr><th>Store</th><th>Container</th><th>Categories</th><th>Personal data</th><th>Data subjects (key)</th><th>Written by (retention)</th><th>Read by</th></tr>${rows.join('')}</table>`;
}

/** Per kind of data subject: where their data lives, for how long, who receives it, which flow serves each right. */
function subjectsHtml(map: DataMap): string {
  if (map.subjects.length === 0) return '<p>No store marks a data subject.</p>';
  return map.subjects
    .map((subject) => {
      const containers = subject.containers
        .map(
          (c) =>
            `<tr><td>${escapeHtml(c.store)}</td><td><code>${escapeHtml(c.location)}</code></td><td>${codes(c.keys)}</td><td>${codes(c.categories)}</td><td>${escapeHtml(c.longestRetention ?? '—')}</td></tr>`,
        )
        .join('');
      const recipients =
        subject.recipients
          .map((r) => `${escapeHtml(r.flow)}: ${escapeHtml(r.kind)} to ${escapeHtml(r.destination)}${r.processor ? ` (<code>${escapeHtml(r.processor)}</code>)` : ''}, ${codes(r.categories)}`)
          .join('<br>') || 'no one outside the containers';
      const rights = Object.entries(RIGHT_LABELS)
        .map(([right, name]) => {
          const served = subject.rights.filter((entry) => entry.right === right);
          const flows = served.length
            ? served.map((entry) => `<a href="#flow-${escapeHtml(entry.flow)}"><code>${escapeHtml(entry.flow)}</code></a> <span class="muted">${escapeHtml(entry.file)}</span>`).join('<br>')
            : '<span class="error">no flow</span> (run <code>jig rights</code>)';
          return `<tr><th scope="row">${name}</th><td>${flows}</td></tr>`;
        })
        .join('');
      return (
        `<h3 id="subject-${escapeHtml(subject.kind)}">${escapeHtml(subject.kind)}</h3>\n` +
        `<table><tr><th>Store</th><th>Container</th><th>Identified by</th><th>Categories</th><th>Kept up to</th></tr>${containers}</table>\n` +
        `<p><strong>Who receives their data:</strong> ${recipients}</p>\n` +
        `<table><tr><th>Right</th><th>Served by</th></tr>${rights}</table>`
      );
    })
    .join('\n');
}

function trustHtml(map: DataMap): string {
  return map.trust
    .map((trust) => {
      const processors = trust.processors.length
        ? `<table><tr><th>Processor</th><th>Reached at</th><th>May receive</th><th>Flows that share with it</th></tr>${trust.processors
            .map((p) => `<tr><td><code>${escapeHtml(p.id)}</code></td><td>${codes(p.hosts)}</td><td>${codes(p.categories)}</td><td>${p.flows.map(escapeHtml).join('<br>') || '—'}</td></tr>`)
            .join('')}</table>`
        : '<p>No processor.</p>';
      return (
        `<p><strong>Policy <code>${escapeHtml(trust.policy)}</code>:</strong> hosts ${codes(trust.platform.hosts)}; connectors ${codes(trust.platform.connectors)}; mail domains ${codes(trust.platform.mailDomains)}<br>` +
        `<strong>The project (jig.yaml <code>resources</code>):</strong> hosts ${codes(trust.project.hosts)}; mail domains ${codes(trust.project.mailDomains)}; Teams teams ${codes(trust.project.teams)}; Azure subscriptions ${codes(trust.project.subscriptions)}</p>\n${processors}`
      );
    })
    .join('\n');
}
