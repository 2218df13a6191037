/**
 * Which of the project's stores a request reads. A `query` reads its container, and carries what
 * the project stores there (semantics/categories.ts); a request reads stores too, by another door:
 * a `call connector` through a connection that may reach any of the project's containers and
 * queues (its key is a name anyone may give any connection), and a `call http` to a service that
 * keeps data (connectors/storage.ts: a blob account, Cosmos DB's REST API, a SharePoint site,
 * Graph's sites and drives, a Service Bus namespace), at any value its URL can take.
 */
import type { Expression, HttpCall } from '../syntax/tree.js';
import { cellsReadAt } from '../connectors/storage.js';
import { parseUrl } from '../util/url.js';
import type { UrlText } from './url-texts.js';

/** Every cell of the project, as prefixes: what a connector Jig cannot identify may read (a raw action or trigger too). */
export const EVERY_CELL: readonly string[] = ['store:', 'message:'];

/**
 * The prefixes of the project's cells a request may read (`store:blob/acct/`), an empty list for a
 * service that keeps data of no cell (Table or Queue storage), or undefined for a request that
 * reads no store.
 */
export function cellsReadBy(call: HttpCall, urlValuesOf: (url: Expression) => readonly UrlText[]): readonly string[] | undefined {
  if (call.connector) return EVERY_CELL;
  let cells: string[] | undefined;
  for (const { text, literal } of urlValuesOf(call.url)) {
    if (text === undefined) continue;
    const parsed = parseUrl(text);
    if (!('host' in parsed) || parsed.host === undefined) continue;
    const read = cellsReadAt(parsed.host, literal);
    if (read) (cells ??= []).push(...read.filter((cell) => !cells!.includes(cell)));
  }
  return cells;
}
