/**
 * The project's data (flow/project-data.ts) is gathered file by file: a workspace check asks about
 * a container after each file is added. Its answers must be those it gives once every file is in.
 */
import { describe, expect, test } from 'vitest';
import { compileText } from '../../compiler/src/compilation.js';
import { ProjectFacts } from '../../compiler/src/flow/project-data.js';
import { loadEmbeddedPolicy } from '../../compiler/src/policy/load.js';
import type { SemanticModel } from '../../compiler/src/semantics/model.js';

const policy = loadEmbeddedPolicy();
const TICKET = 'type Ticket {\n  id:     string @business.other\n  status: string @business.other\n}\n';
const flow = (name: string, body: string) =>
  `${TICKET}\n@purpose(automation, "Tickets")\n@data(business.other)\n@retain(90 days)\nflow ${name} {\n${body}\n}\n`;

// As the fixture s08-rewrite-through-another-flow: two flows store back into the container what
// another read there and passed them (a call, in one file; a message, from another file); a third
// stores first, for a shorter time.
const files: Record<string, string> = {
  keep:
    flow('keep_ticket_once', '  trigger http post body Ticket\n  store trigger.body in cosmos("jigajob", "tickets")') +
    flow(
      'mark_seen',
      '  trigger schedule every 1 day\n  let open = query cosmos("jigajob", "tickets") returns Ticket[]\n  for each ticket in open {\n    call flow keep_ticket_once with { id: ticket.id, status: "seen" }\n  }',
    ).replace(TICKET, ''),
  queued: flow('file_queued', '  trigger servicebus("contoso-orders", "tickets") body Ticket\n  store trigger.body in cosmos("jigajob", "tickets")'),
  queue: flow(
    'queue_open',
    '  trigger schedule every 1 day\n  let open = query cosmos("jigajob", "tickets") returns Ticket[]\n  for each ticket in open {\n    send { id: ticket.id, status: "review" } to servicebus("contoso-orders", "tickets")\n  }',
  ),
  first: flow('store_first', '  trigger http post body Ticket\n  store trigger.body in cosmos("jigajob", "tickets") @retain(30 days)'),
};
// Two hops: tickets are staged in another container, and the staged ones queued for file_queued.
const staging: Record<string, string> = {
  stage: flow(
    'stage_open',
    '  trigger schedule every 1 day\n  let open = query cosmos("jigajob", "tickets") returns Ticket[]\n  for each ticket in open {\n    store { id: ticket.id, status: "staged" } in cosmos("jigajob", "staging")\n  }',
  ),
  send: flow(
    'queue_staged',
    '  trigger schedule every 1 day\n  let staged = query cosmos("jigajob", "staging") returns Ticket[]\n  for each ticket in staged {\n    send { id: ticket.id, status: "review" } to servicebus("contoso-orders", "tickets")\n  }',
  ),
};
const modelsOf = (texts: Record<string, string>) => Object.entries(texts).map(([name, text]) => [`${name}.jig`, compileText(`${name}.jig`, text, { policy }).model] as const);
const models = modelsOf(files);
const TICKETS = 'store:cosmos/jigajob/tickets';

function answer(facts: ProjectFacts) {
  const sites = facts.sitesInto(TICKETS);
  const shortest = facts.shortestFirstWrite(TICKETS);
  // What a store asks of its own site (ProjectFacts.rewriteAt) is what the sites tell of it.
  for (const { site, rewrites } of sites) {
    expect(facts.rewriteAt(TICKETS, site.fileName, site.at)).toEqual({ rewrites, firstWrites: sites.some((each) => !each.rewrites), shortestFirstWrite: shortest });
  }
  expect(facts.rewriteAt(TICKETS, 'none.jig', 0).rewrites).toBe(false);
  return { sites: sites.map(({ site, rewrites }) => `${site.flow}${rewrites ? ' rewrites' : ''}`), shortest };
}

/** Adds the files one by one, then calls `visit` with those facts and with the same files' facts added at once. */
function asAdded(order: readonly (readonly [string, SemanticModel])[], visit: (growing: ProjectFacts, fresh: ProjectFacts) => void): void {
  const growing = new ProjectFacts();
  order.forEach(([fileName, model], index) => {
    growing.addFile(fileName, model);
    const fresh = new ProjectFacts();
    for (const [name, added] of order.slice(0, index + 1)) fresh.addFile(name, added);
    visit(growing, fresh);
  });
}

function* orders<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) yield [...items];
  else for (let i = 0; i < items.length; i++) for (const rest of orders([...items.slice(0, i), ...items.slice(i + 1)])) yield [items[i]!, ...rest];
}

describe('the sites into a container, asked as files are added', () => {
  test('are those of the same files added at once, in every order', () => {
    let orderings = 0;
    for (const order of [...orders(models), ...orders([models[1]!, ...modelsOf(staging)])]) {
      orderings++;
      asAdded(order, (growing, fresh) => expect(answer(growing)).toEqual(answer(fresh)));
    }
    expect(orderings).toBe(24 + 6);
  });

  test('a store that writes back what another file read there rewrites it, once that file is in', () => {
    const [keep, queued, queue, first] = models.map(([, model]) => model);
    const facts = new ProjectFacts();
    facts.addFile('queued.jig', queued!);
    expect(answer(facts)).toEqual({ sites: ['file_queued'], shortest: 90 * 86_400 });
    facts.addFile('keep.jig', keep!);
    expect(answer(facts)).toEqual({ sites: ['file_queued', 'keep_ticket_once rewrites'], shortest: 90 * 86_400 });
    facts.addFile('first.jig', first!);
    expect(answer(facts)).toEqual({ sites: ['file_queued', 'keep_ticket_once rewrites', 'store_first'], shortest: 30 * 86_400 });
    facts.addFile('queue.jig', queue!);
    expect(answer(facts)).toEqual({ sites: ['file_queued rewrites', 'keep_ticket_once rewrites', 'store_first'], shortest: 30 * 86_400 });
  });

  test('through two other cells, once the last link is in', () => {
    const [[, queued], [, stage], [, send]] = [models[1]!, ...modelsOf(staging)];
    const facts = new ProjectFacts();
    facts.addFile('queued.jig', queued);
    facts.addFile('send.jig', send);
    expect(answer(facts)).toEqual({ sites: ['file_queued'], shortest: 90 * 86_400 });
    facts.addFile('stage.jig', stage);
    expect(answer(facts)).toEqual({ sites: ['file_queued rewrites'], shortest: Infinity });
  });
});

// The flows that start a flow (ProjectFacts.startersOf) are kept by cell and extended as files add
// sites: asked after each file, they must be those of the same files added at once, whatever the
// order, also when a later file declares a flow of a name already seen (in another case) with
// another purpose.
const sender = (name: string, purpose: string) =>
  `${TICKET}\n@purpose(${purpose}, "Tickets")\n@data(business.other)\nflow ${name} {\n  trigger schedule every 1 day\n  send { id: "1", status: "new" } to servicebus("contoso-orders", "Tickets")\n}\n`;
const senders = modelsOf({
  queued: files.queued!,
  b: sender('b_sender', 'automation'),
  a: sender('a_sender', 'marketing'),
  again: sender('A_Sender', 'automation') + sender('c_sender', 'analytics').replace(TICKET, ''),
  twice: sender('b_sender', 'research'),
});
const QUEUE = 'message:servicebus/tickets';

describe('the flows that start a flow, asked as files are added', () => {
  test('are those of the same files added at once, in every order', () => {
    let orderings = 0;
    const answers = new Set<string>();
    for (const order of orders(senders)) {
      orderings++;
      asAdded(order, (growing, fresh) => {
        const asked = growing.startersOf(QUEUE);
        expect(asked).toEqual(fresh.startersOf(QUEUE));
        expect(growing.startersOf(QUEUE)).toBe(asked);
        answers.add(JSON.stringify(asked));
      });
    }
    expect(orderings).toBe(120);
    // Among them a_sender's purpose before and after a later file declares A_Sender.
    expect(answers).toContain(JSON.stringify([{ flow: 'a_sender', purpose: 'marketing' }, { flow: 'b_sender', purpose: 'automation' }]));
    expect(answers).toContain(
      JSON.stringify([
        { flow: 'A_Sender', purpose: 'automation' },
        { flow: 'a_sender', purpose: 'automation' },
        { flow: 'b_sender', purpose: 'automation' },
        { flow: 'c_sender', purpose: 'analytics' },
      ]),
    );
  });

  test('sorted by name, each flow once, with the purpose of its last declaration', () => {
    const facts = new ProjectFacts();
    for (const [fileName, model] of senders) facts.addFile(fileName, model);
    expect(facts.startersOf(QUEUE)).toEqual([
      { flow: 'A_Sender', purpose: 'automation' },
      { flow: 'a_sender', purpose: 'automation' },
      { flow: 'b_sender', purpose: 'research' },
      { flow: 'c_sender', purpose: 'analytics' },
    ]);
  });
});
