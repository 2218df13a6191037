/**
 * The language server reports what `jig check` reports about the rights flows' reach (§6): a
 * document that stores a data subject's personal data in a container the project's `@rights`
 * flows (in another file) do not serve gets JIG3603 as it is typed, not only in CI.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, ensureBuilt, fileUri, repoRoot } from './harness.js';

const contactLog = (container: string) => `type Contact {
  id:    string @business.other
  email: string @personal.contact @subject(contact)
}

@purpose(automation, "Keep the contacts vendors name")
@data(business.other, personal.contact)
@retain(90 days)
flow contact_log {
  trigger http post body Contact
  store trigger.body in cosmos("jigajob", "${container}")
  respond 201
}
`;

let project: string;
let client: LspClient;

beforeAll(async () => {
  ensureBuilt();
  project = mkdtempSync(join(tmpdir(), 'jig-ls-rights-'));
  cpSync(join(repoRoot, 'examples'), project, { recursive: true });
  client = (await LspClient.start({ rootPath: project })).client;
});

afterAll(async () => {
  expect(await client.stop()).toBe(0);
  rmSync(project, { recursive: true, force: true });
});

describe('the rights flows of the project, in the editor', () => {
  it('a store of contacts in a container they do not serve is JIG3603; one they serve is not', async () => {
    const uri = fileUri(join(project, 'contact_log.jig'));
    const published = await client.open(uri, contactLog('leads'));
    const uncovered = published.diagnostics.filter((diagnostic) => diagnostic.code === 'JIG3603');
    expect(uncovered).toMatchObject([
      {
        severity: 1,
        range: { start: { line: 10, character: 2 } },
        message: expect.stringContaining(
          "This store keeps a contact's personal data in cosmos(\"jigajob\", \"leads\"), which the rights flows 'contact_access', 'contact_erasure', 'contact_correction', 'contact_opt_out' do not reach",
        ),
      },
    ]);
    const served = await client.change(uri, contactLog('invoices'));
    expect(served.diagnostics.filter((diagnostic) => diagnostic.code === 'JIG3603')).toEqual([]);
  });
});
