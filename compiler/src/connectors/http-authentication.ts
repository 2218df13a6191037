import type { Expression, RecordLiteral } from '../syntax/tree.js';

/**
 * The `authentication` of an Http action, besides a managed identity (`@identity`): the types and
 * properties Microsoft documents (learn.microsoft.com/azure/logic-apps/logic-apps-securing-a-logic-app,
 * "Authentication types for connectors that support authentication": "Basic authentication"
 * `username`, `password`; "Client Certificate authentication" `pfx`, `password`; "Microsoft Entra
 * ID Open Authentication" `authority`, `tenant`, `audience`, `clientId`, `credentialType` and
 * `secret` (or `pfx` and `password` for a certificate); "Raw authentication" `value`). The corpus
 * writes them so (jeffhollan__LogicAppTemplateCreator's HTTP test files, azlogicapps templates'
 * blob-storage-to-dynamics-365-import, the quickstart logic-app-custom-api). A credential is what
 * opens the service: Jig writes it only as a secure parameter, never as text in the definition.
 */
export interface AuthenticationShape {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  /** The properties that hold a credential. */
  readonly credentials: ReadonlySet<string>;
}

export const AUTHENTICATION_TYPES: Readonly<Record<string, AuthenticationShape>> = {
  Basic: { required: ['username', 'password'], optional: [], credentials: new Set(['password']) },
  ClientCertificate: { required: ['pfx'], optional: ['password'], credentials: new Set(['pfx', 'password']) },
  ActiveDirectoryOAuth: {
    required: ['tenant', 'audience', 'clientId'],
    optional: ['authority', 'credentialType', 'secret', 'pfx', 'password'],
    credentials: new Set(['secret', 'pfx', 'password']),
  },
  Raw: { required: ['value'], optional: ['scheme'], credentials: new Set(['value']) },
};

/**
 * Where an `ActiveDirectoryOAuth` authentication asks for its token, when Logic Apps runs the Http
 * action: a POST to its `authority` (by default Entra ID's sign-in service) under its `tenant`,
 * sending the `clientId`, the `audience` and the credential (`secret`, or `pfx` and `password`);
 * only the token it gets back goes to the call's host. The other types send their credential to
 * the call's host itself.
 */
export const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com';

/** The record of an `auth { … }` whose type is `ActiveDirectoryOAuth` (a token request to its authority); undefined for any other. */
export function tokenRequestOf(auth: Expression | undefined): RecordLiteral | undefined {
  if (auth?.kind !== 'Record') return undefined;
  const type = auth.fields.find((field) => field.name.name === 'type')?.value;
  return type?.kind === 'String' && type.value === 'ActiveDirectoryOAuth' ? auth : undefined;
}

/** The `authority` a token request goes to, as written (undefined: the default, DEFAULT_AUTHORITY). */
export function authorityOf(request: RecordLiteral): Expression | undefined {
  return request.fields.find((field) => field.name.name === 'authority')?.value;
}
