/**
 * The formatter's line breaking: a small Wadler-style document language. A printer builds a `Doc`
 * from the tree; `layout` lays it out for a width. A group is printed on one line when it fits
 * (with the text after it, up to the next line break) and otherwise has every one of its own `line`s
 * broken; groups inside a broken group are judged again on their own. Marks carry source offsets
 * through the layout, so each laid-out line knows where its content starts and ends in the source
 * (the printer hangs comments on lines by these offsets).
 */

export type Doc = string | readonly Doc[] | Line | Indent | Group | Flat | Mark;

/** A place to break: `flat` is printed instead when its group is on one line; a hard line always breaks. */
interface Line {
  readonly kind: 'line';
  readonly flat: string | undefined;
}
interface Indent {
  readonly kind: 'indent';
  readonly doc: Doc;
}
interface Group {
  readonly kind: 'group';
  readonly doc: Doc;
  /** Broken whatever the width (it holds a hard line or a comment that ends its line). */
  readonly broken: boolean;
}
/** Printed on one line whatever the width (except groups inside it that must break). */
interface Flat {
  readonly kind: 'flat';
  readonly doc: Doc;
}
interface Mark {
  readonly kind: 'mark';
  readonly start: number | undefined;
  readonly end: number | undefined;
}

/** A space on one line, a line break otherwise. */
export const line: Doc = { kind: 'line', flat: ' ' };
/** Nothing on one line, a line break otherwise. */
export const softLine: Doc = { kind: 'line', flat: '' };
export const hardLine: Doc = { kind: 'line', flat: undefined };

export function indent(doc: Doc): Doc {
  return { kind: 'indent', doc };
}

export function group(doc: Doc, broken = false): Doc {
  return { kind: 'group', doc, broken: broken || mustBreak(doc) };
}

export function flat(doc: Doc): Doc {
  return { kind: 'flat', doc };
}

/** The source offset where the content that follows starts, or where the content before it ends. */
export function mark(start: number | undefined, end: number | undefined): Doc {
  return { kind: 'mark', start, end };
}

export function join(separator: Doc, docs: readonly Doc[]): Doc[] {
  return docs.flatMap((doc, i) => (i === 0 ? [doc] : [separator, doc]));
}

/** A hard line anywhere inside breaks every group around it. */
function mustBreak(doc: Doc): boolean {
  if (typeof doc === 'string') return false;
  if (isList(doc)) return doc.some(mustBreak);
  switch (doc.kind) {
    case 'line':
      return doc.flat === undefined;
    case 'group':
      return doc.broken;
    case 'indent':
      return mustBreak(doc.doc);
    case 'flat':
    case 'mark':
      return false;
  }
}

function isList(doc: Doc): doc is readonly Doc[] {
  return Array.isArray(doc);
}

export interface LaidOutLine {
  readonly text: string;
  /** Indentation levels relative to the document's first line. */
  readonly indent: number;
  /** Source offset of the first marked content on the line (undefined on the first line if unmarked). */
  readonly start: number | undefined;
  /** Source offset the line's content ends at (the furthest mark so far). */
  readonly end: number;
}

type Command = readonly [indent: number, flat: boolean, doc: Doc];

/** Lays `doc` out in `width` columns, starting at column 0 with `indentWidth` columns a level. */
export function layout(doc: Doc, width: number, indentWidth: number): LaidOutLine[] {
  const lines: LaidOutLine[] = [];
  let text = '';
  let lineIndent = 0;
  let start: number | undefined;
  let end = 0;
  const stack: Command[] = [[0, false, doc]];
  while (stack.length > 0) {
    const [level, isFlat, current] = stack.pop()!;
    if (typeof current === 'string') {
      text += current;
      continue;
    }
    if (isList(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([level, isFlat, current[i]!]);
      continue;
    }
    switch (current.kind) {
      case 'mark':
        if (start === undefined) start = current.start;
        end = Math.max(end, current.end ?? 0);
        break;
      case 'indent':
        stack.push([level + 1, isFlat, current.doc]);
        break;
      case 'flat':
        stack.push([level, true, current.doc]);
        break;
      case 'line':
        if (isFlat && current.flat !== undefined) {
          text += current.flat;
          break;
        }
        lines.push({ text: text.trimEnd(), indent: lineIndent, start, end });
        text = '';
        lineIndent = level;
        start = undefined;
        break;
      case 'group': {
        const column = lineIndent * indentWidth + text.length;
        const onOneLine = !current.broken && (isFlat || fits(current.doc, stack, width - column));
        stack.push([level, onOneLine, current.doc]);
        break;
      }
    }
  }
  lines.push({ text, indent: lineIndent, start, end });
  return lines;
}

/** Whether `doc` on one line, and what follows it up to the next line break, fit in `remaining` columns. */
function fits(doc: Doc, rest: readonly Command[], remaining: number): boolean {
  const todo: Command[] = [[0, true, doc]];
  let restIndex = rest.length;
  while (remaining >= 0) {
    if (todo.length === 0) {
      if (restIndex === 0) return true;
      todo.push(rest[--restIndex]!);
      continue;
    }
    const [level, isFlat, current] = todo.pop()!;
    if (typeof current === 'string') {
      remaining -= current.length;
      continue;
    }
    if (isList(current)) {
      for (let i = current.length - 1; i >= 0; i--) todo.push([level, isFlat, current[i]!]);
      continue;
    }
    switch (current.kind) {
      case 'mark':
        break;
      case 'indent':
        todo.push([level, isFlat, current.doc]);
        break;
      case 'flat':
        todo.push([level, true, current.doc]);
        break;
      case 'line':
        if (!isFlat || current.flat === undefined) return true;
        remaining -= current.flat.length;
        break;
      case 'group':
        // A later group is assumed to stay on one line unless it must break.
        todo.push([level, !current.broken, current.doc]);
        break;
    }
  }
  return false;
}
