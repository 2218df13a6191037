/**
 * Graph, Resource Manager and Entra ID's sign-in service serve every tenant at one host, so the
 * request decides whose tenant personal data reaches (policy/destinations.ts, rule 3). Property:
 * for any path, method and set of headers, a request carrying a contact's name there is shared
 * with a third party (JIG3301) exactly when it is not made as the workflow: an Authorization
 * header of its own (in any case), the sign-in service, or a write to Resource Manager; and a
 * write to Graph is the platform's only where Graph keeps it (a list's items, a drive's file).
 */
import { expect, test } from 'vitest';
import fc from 'fast-check';
import { compileText } from '../../compiler/src/compilation.js';
import { fixturePolicy, fixtureProject } from './helpers.js';

const policy = fixturePolicy();
const project = fixtureProject();

const HOSTS = ['graph.microsoft.com', 'GRAPH.Microsoft.com', 'management.azure.com', 'login.microsoftonline.com'] as const;
// Graph paths that keep what they are sent in the tenant, and others.
const PATHS = [
  '/v1.0/sites/contoso.sharepoint.com,1,2/lists/contacts/items',
  '/v1.0/users/robot@contoso.com/drive/root:/c.json:/content',
  '/v1.0/users/robot@contoso.com/sendMail',
  '/subscriptions/1/resourceGroups/rg/providers/Microsoft.Web/connections/office365/extensions/proxy/v2/Mail',
  '/contoso.example/oauth2/v2.0/token',
  '/v1.0/me',
] as const;
const HEADER_NAMES = ['Authorization', 'authorization', 'AUTHORIZATION', 'Accept', 'x-request-id'] as const;

test('a request to a service every tenant shares is the platform only when made as the workflow', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...HOSTS),
      fc.constantFrom(...PATHS),
      fc.constantFrom('get', 'post', 'put', 'patch'),
      fc.uniqueArray(fc.constantFrom(...HEADER_NAMES), { maxLength: 3, selector: (name) => name.toLowerCase() }),
      fc.boolean(),
      (host, path, method, headerNames, identity) => {
        const headers = headerNames.length > 0 ? ` headers { ${headerNames.map((name) => `"${name}": "x"`).join(', ')} }` : '';
        const text = `type Contact {
  name: string @personal.name @subject(contact)
}

@purpose(automation, "Pass a contact on")
@data(personal.name)
@retain(30 days)
flow pass_contact {
  trigger http post body Contact
  call http ${method} "https://${host}${path}?n=\${trigger.body.name}"${headers}${method === 'get' ? '' : ' body trigger.body'}${identity ? ' @identity("https://graph.microsoft.com")' : ''}
}
`;
        const shared = compileText('test.jig', text, { policy, project }).diagnostics.some((d) => d.code === 'JIG3301');
        const name = host.toLowerCase();
        const write = method !== 'get';
        const ownCredentials = headerNames.some((header) => header.toLowerCase() === 'authorization');
        const graphKeeps = /\/(lists|drive)\//.test(path) && !/sendMail/.test(path);
        const expected =
          name === 'login.microsoftonline.com' ||
          ownCredentials ||
          (name === 'management.azure.com' && write) ||
          (name === 'graph.microsoft.com' && write && !graphKeeps);
        expect(shared, text).toBe(expected);
      },
    ),
    { numRuns: 150 },
  );
});
