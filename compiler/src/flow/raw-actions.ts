/**
 * What a raw action may send. Its JSON is not read (`jig import` keeps what Jig has no words for):
 * it may read any of the flow's data, and what the project keeps in any container or queue, and
 * send it anywhere, so it counts as sending every category the flow declares and the project keeps
 * (rules 1 and 2), to a place Jig cannot know. The sharing rule (s03-sharing.ts) and the data map
 * (report/datamap.ts) both count it so.
 */
import type { SemanticModel } from '../semantics/model.js';
import { isPlaceholder, restPlaceholder, makeOrigin } from '../semantics/categories.js';
import { EVERY_CELL } from '../semantics/store-reads.js';
import type { FlowDecl, RawActionStep } from '../syntax/tree.js';
import { forEachStep } from '../syntax/visit.js';
import type { DataResolver } from './project-data.js';

export function rawActionsOf(flow: FlowDecl): RawActionStep[] {
  const raw: RawActionStep[] = [];
  // A raw action is a step: the steps alone are visited, not every expression of the flow.
  forEachStep(flow.body, (step) => {
    if (step.kind === 'RawAction') raw.push(step);
  });
  return raw;
}

/**
 * The categories a raw action of `flow` may send: those the flow declares, then those the project
 * keeps anywhere, then, where its JSON may read the mailbox (a connection Jig cannot identify, a
 * request to Graph: a mail forwarded is read and sent by one action), the mailbox's.
 */
export function rawActionCategories(model: SemanticModel, flow: FlowDecl, resolver: DataResolver, step: RawActionStep): string[] {
  const declared = model.annotationsOf(flow).data?.categories.map((category) => category.id) ?? [];
  const kept = resolver.resolve(new Map(EVERY_CELL.map((cell) => [restPlaceholder(`${cell}*`, []), makeOrigin(flow.name.range, '')])));
  const mailbox = model.mixedSourceReadBy(step)?.categories ?? [];
  return [...new Set([...declared, ...kept.keys(), ...mailbox])].filter((id) => !isPlaceholder(id));
}
