/**
 * `call http … auth { type: "Basic", username: "u", password: SECRET }`: the Http action's
 * `inputs.authentication` of the types Logic Apps documents besides a managed identity (which
 * `@identity` writes): connectors/http-authentication.ts. A credential (a password, a certificate,
 * a client secret, a raw Authorization value) is a `secret` param: Jig never writes one as plain
 * text in the definition, where anyone who reads the workflow reads it. What the clause holds goes
 * where the call goes (syntax/visit.ts requestParts): its secret is judged there as a secret
 * header's is (JIG3306), and the action is hidden from run history.
 */
import type { Expression, HttpCall, RecordLiteral } from '../syntax/tree.js';
import * as messages from '../diagnostics/catalogue/semantics.js';
import { STRING, typeToString } from './types.js';
import { isAssignable, isUnknown } from './relations.js';
import type { AnalysisContext } from './context.js';
import type { ExpressionChecker } from './expressions.js';
import { AUTHENTICATION_TYPES as AUTH_TYPES } from '../connectors/http-authentication.js';

/** Checks a `call http`'s `auth { … }`; reports what Logic Apps would not read or Jig would write in plain text. */
export function checkHttpAuth(call: HttpCall, auth: Expression, context: AnalysisContext, expressions: ExpressionChecker, managedIdentity: boolean): void {
  // Typed whole once: what it holds is sent (requestParts), its secrets judged as a header's.
  expressions.infer(auth);
  const refuse = (at: { readonly range: Expression['range'] }, reason: string) => context.report(messages.invalidTarget(at.range, { reason }));
  if (call.connector || call.service || call.workflow || call.azureFunction) {
    refuse(auth, "Only a 'call http' takes auth { … }: a connector's connection, a function's key and a workflow's trigger authenticate themselves.");
    return;
  }
  if (auth.kind !== 'Record') {
    refuse(auth, 'auth takes a record: { type: "Basic", username: "…", password: SECRET }.');
    return;
  }
  if (managedIdentity) refuse(auth, "A call authenticates one way: auth { … } or @identity (the managed identity's token), not both.");
  const fields = new Map((auth as RecordLiteral).fields.map((field) => [field.name.name, field]));
  const type = fields.get('type');
  const typeName = type?.value.kind === 'String' ? type.value.value : undefined;
  const shape = typeName === undefined ? undefined : AUTH_TYPES[typeName];
  if (!shape) {
    refuse(type ?? auth, `auth's type is one of ${Object.keys(AUTH_TYPES).map((name) => `"${name}"`).join(', ')}, in plain quotes (a managed identity is @identity).`);
    return;
  }
  for (const name of shape.required) if (!fields.has(name)) refuse(auth, `auth of type "${typeName}" needs ${name}.`);
  for (const [name, field] of fields) {
    if (name === 'type') continue;
    if (!shape.required.includes(name) && !shape.optional.includes(name)) {
      refuse(field.name, `auth of type "${typeName}" has no ${name}: it takes ${[...shape.required, ...shape.optional].join(', ')}.`);
      continue;
    }
    const found = context.typeOf(field.value);
    if (isUnknown(found)) continue;
    if (shape.credentials.has(name)) {
      // A credential is a secret param, which deployment gives and run history hides.
      if (found.kind !== 'secret') refuse(field.value, `auth's ${name} is a credential: a 'secret' param (param NAME: secret), never written in the workflow as text.`);
    } else if (!isAssignable(found, STRING)) {
      context.report(messages.typeMismatch(field.value.range, { found: `'${typeToString(found)}'`, expected: "'string'", context: `auth's ${name}` }));
    }
  }
}
