/**
 * A Standard logic app keeps the parameters of all its workflows in one parameters.json (Microsoft,
 * "Create cross-environment parameters for workflow inputs in Azure Logic Apps"): a param that two
 * files of the app declare is one app parameter, read by the flows of both. Declared alike (the
 * same type, the same default) that is what both files mean. Declared differently, the flows of one
 * file would run with the other's type or value, so the later declaration in file-name order is an
 * error, which names the first.
 */
import { appParameterDiffers } from '../diagnostics/catalogue/project.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { TextRange } from '../syntax/source.js';
import type { Expression, ParamDecl } from '../syntax/tree.js';
import type { SemanticModel } from './model.js';
import { typeToString, type RecordType, type Type } from './types.js';
import { parameterName } from './annotations.js';

/** A param as its file declares it: what must agree across the app's files, and how it was written. */
export interface ParamDeclaration {
  readonly name: string;
  /** The param's name in its declaration. */
  readonly range: TextRange;
  /** The type (its records' fields and their categories included) and the default, in one key. */
  readonly signature: string;
  /** The declaration after the name as written (`string = "https://…"`), shortened, for messages. */
  readonly written: string;
}

/** A param of another file of the app. */
export interface SharedParameter extends ParamDeclaration {
  readonly fileName: string;
  /** Where it is declared, as a message names it (`orders.jig:3:7`). */
  readonly where: string;
}

/** The params of the files of a Standard app that come before a file, in file-name order. */
export interface AppParameters {
  /** The first declaration of NAME in those files. */
  earlier(name: string): SharedParameter | undefined;
}

const WRITTEN_LENGTH = 60;

const declarationsOf = new WeakMap<SemanticModel, ParamDeclaration[]>();

/** The file's params, in source order (the first of two of one name: a duplicate is the binder's error). */
export function paramDeclarations(model: SemanticModel, text: string): readonly ParamDeclaration[] {
  let found = declarationsOf.get(model);
  if (!found) {
    found = [];
    const seen = new Set<string>();
    for (const declaration of model.file.declarations) {
      if (declaration.kind !== 'Param' || seen.has(parameterName(declaration))) continue;
      seen.add(parameterName(declaration));
      found.push(describe(model, declaration, text));
    }
    declarationsOf.set(model, found);
  }
  return found;
}

/** A param declared otherwise by a file before this one: an error at this file's declaration. */
export function checkAppParameters(model: SemanticModel, text: string, app: AppParameters): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const declaration of paramDeclarations(model, text)) {
    const first = app.earlier(declaration.name);
    if (!first || first.signature === declaration.signature) continue;
    found.push(
      appParameterDiffers(
        declaration.range,
        { name: declaration.name, here: declaration.written, there: first.written, where: first.where },
        { related: [{ message: `'${first.name}' is first declared here, as '${first.written}'`, range: first.range, fileName: first.fileName }] },
      ),
    );
  }
  return found;
}

function describe(model: SemanticModel, declaration: ParamDecl, text: string): ParamDeclaration {
  const type = model.symbolOf(declaration.name)?.type ?? { kind: 'error' };
  const end = declaration.defaultValue?.range.end ?? declaration.type.range.end;
  const written = text.slice(declaration.type.range.start, end).replace(/\s+/g, ' ').trim();
  return {
    // The app parameter is the workflow parameter, which `@name("…")` may name otherwise.
    name: parameterName(declaration),
    range: declaration.name.range,
    signature: `${typeKey(type)}${declaration.defaultValue ? ` = ${expressionKey(declaration.defaultValue)}` : ''}`,
    written: written.length > WRITTEN_LENGTH ? `${written.slice(0, WRITTEN_LENGTH - 1)}…` : written,
  };
}

/**
 * A type as a key: records by their fields (names, types, categories and subjects, in name order),
 * not by their names, since each file declares its own record types.
 */
function typeKey(type: Type, enclosing: Set<RecordType> = new Set()): string {
  switch (type.kind) {
    case 'array':
      return `(${typeKey(type.element, enclosing)})[]`;
    case 'optional':
      return `(${typeKey(type.inner, enclosing)})?`;
    case 'record': {
      // A record type may contain itself: inside itself it is named.
      if (enclosing.has(type)) return `^${type.name ?? ''}`;
      enclosing.add(type);
      const fields = [...type.fields.values()]
        .map((field) => {
          const categories = [...field.categories].sort().map((category) => ` @${category}`).join('');
          return `${field.name}${field.neverNull ? '?' : ''}: ${typeKey(field.type, enclosing)}${categories}${field.subject ? ` @subject(${field.subject})` : ''}`;
        })
        .sort();
      enclosing.delete(type);
      return `{ ${fields.join(', ')} }`;
    }
    default:
      return typeToString(type);
  }
}

/** A default as a key: its tree without positions or spellings (`1.50` and `1.5` are one number). */
function expressionKey(expression: Expression): string {
  return JSON.stringify(expression, function (this: { kind?: string }, key: string, value: unknown) {
    if (key === 'range' || key === 'operatorRange' || key === 'unitRange') return undefined;
    if (key === 'text' && this.kind === 'Number') return undefined;
    return value;
  });
}
