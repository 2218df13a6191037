/**
 * What a workflow's trigger and action names may be. Jig writes only names real Logic Apps
 * workflows carry (its own schema of what it writes, validate/workflow.schema.json, holds it to
 * them); a name an author or `jig import` gives must be one too, or `check` would pass what `build`
 * then refuses.
 */

/** The service's limit on action and trigger names. */
export const MAX_ACTION_NAME_LENGTH = 80;

/**
 * A name an action or trigger of Jig's may have: the letters, digits, spaces, brackets, `=`, `"` and
 * `'` that designer-made workflows carry (`For Each - SHA`, `[BAPI]_Commit_transaction`,
 * `Set_isDone_=_true`, `Get_RG's`; seen in ../shared/wdl/corpus). Expressions quote it through
 * emit/wdl-strings refer (`body('Get_RG''s')`), a `'` doubled as WDL string literals escape it.
 * Other characters (`@`, `{`, `#`, `/`, unicode…) are not seen in real workflows and the service's
 * acceptance of them is not documented, so Jig does not write them. The names Jig makes itself are
 * sanitizeName's.
 */
export const ACTION_NAME = /^[A-Za-z0-9_.()\-' "[\]=]+$/;

/** Whether Jig writes the name as it is: a step's action name, the trigger a `call workflow` starts. */
export const isWrittenName = (name: string): boolean => name.length <= MAX_ACTION_NAME_LENGTH && ACTION_NAME.test(name);

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
