/**
 * The syntax nodes under a cursor, outermost first: the form every position-based request
 * (hover, definition, rename, completion) starts from, over the compiler's `findNodeAt`.
 */
import type { tree } from '../../compiler/src/index.js';
import { findNodeAt } from '../../compiler/src/syntax/visit.js';

export { childrenOf as children } from '../../compiler/src/syntax/visit.js';

/** The chain of nodes whose range holds `offset`, from the file down to the innermost. */
export function nodePathAt(file: tree.JigFile, offset: number): tree.Node[] {
  const { node, ancestors } = findNodeAt(file, offset);
  return [...ancestors, node];
}
