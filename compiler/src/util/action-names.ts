/**
 * What a workflow's trigger and action names may be. Jig writes only names every Logic Apps host
 * accepts and expressions can quote without escaping (its own schema of what it writes,
 * validate/workflow.schema.json, holds it to them); a name an author or `jig import` gives must be
 * one too, or `check` would pass what `build` then refuses.
 */

/** The service's limit on action and trigger names. */
export const MAX_ACTION_NAME_LENGTH = 80;

/**
 * A name a step's `@action` gives: expressions quote it as it is (`body('NAME')`), so it holds no
 * apostrophe; it may hold the spaces, brackets, `=` and `"` that designer-made workflows carry
 * (`For Each - SHA`, `[BAPI]_Commit_transaction`, `Set_isDone_=_true`; seen in ../shared/wdl/corpus),
 * which a quoted name holds as they are. The names Jig makes itself are sanitizeName's.
 */
export const ACTION_NAME = /^[A-Za-z0-9_.()\-" [\]=]+$/;

/** Whether Jig writes the name as it is: a step's action name, the trigger a `call workflow` starts. */
export const isWrittenName = (name: string): boolean => name.length <= MAX_ACTION_NAME_LENGTH && ACTION_NAME.test(name);

/**
 * A name a raw action or trigger may keep: also apostrophes (`Get_RG's`). Jig only writes it as a
 * key (the action's, a `runAfter`'s), never inside an expression; the schema of what Jig writes
 * (validate/workflow.schema.json, `name`) allows them.
 */
export const RAW_ACTION_NAME = /^[A-Za-z0-9_.()\-' "[\]=]+$/;

/** A name sanitizeName would leave as it is: most are, and Unicode normalization is not cheap. */
const CLEAN_NAME = /^[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)*$/;

/** Reduces text to the characters every Logic Apps host accepts in a name: `[A-Za-z0-9_-]`. */
export function sanitizeName(text: string): string {
  if (CLEAN_NAME.test(text)) return text;
  const cleaned = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '');
  return cleaned || 'Action';
}
