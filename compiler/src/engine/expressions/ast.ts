/**
 * The tree of one template-language expression (the text after `@`, or inside `@{…}`). Offsets
 * are into that text, for messages that point at the part that failed.
 */
import type { Value } from '../values.js';

export type ExpressionNode = LiteralNode | CallNode | ArrayNode | AccessNode;

interface NodeBase {
  readonly start: number;
  readonly end: number;
}

export interface LiteralNode extends NodeBase {
  readonly kind: 'literal';
  readonly value: Value;
}

export interface CallNode extends NodeBase {
  readonly kind: 'call';
  /** As written (function names are matched ignoring case). */
  readonly name: string;
  readonly args: readonly ExpressionNode[];
}

/** `[a, b]`: an array literal. */
export interface ArrayNode extends NodeBase {
  readonly kind: 'array';
  readonly items: readonly ExpressionNode[];
}

/** `x.name`, `x?.name`, `x[expr]`, `x?[expr]`. */
export interface AccessNode extends NodeBase {
  readonly kind: 'access';
  readonly target: ExpressionNode;
  readonly key: ExpressionNode;
  /** `?`: a missing property or element gives null instead of an error. */
  readonly nullSafe: boolean;
  /** Written as `.name` (for messages). */
  readonly dotted: boolean;
}
