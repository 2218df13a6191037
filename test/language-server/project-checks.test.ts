/**
 * The language server reports what `jig check` finds by reading the whole project, as a document
 * is typed, not only in CI: a store of a data subject's personal data in a container the project's
 * `@rights` flows (in another file) do not serve (JIG3603, §6), and a flow another file declares
 * first (JIG5004: deployed, the two workflows would overwrite each other).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, ensureBuilt, fileUri, repoRoot } from './harness.js';

const contactLog = (container: string, key = 'email') => `type Contact {
  id:    string @business.other
  ${key}: string @personal.contact @subject(contact)
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

describe('what the project makes of a document, in the editor', () => {
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
    // The rights flows find the invoices by contactEmail: a contact kept there under another field is not found.
    const otherField = await client.change(uri, contactLog('invoices'));
    expect(otherField.diagnostics.filter((diagnostic) => diagnostic.code === 'JIG3603')).toMatchObject([{ range: { start: { line: 10, character: 2 } } }]);
    const served = await client.change(uri, contactLog('invoices', 'contactEmail'));
    expect(served.diagnostics.filter((diagnostic) => diagnostic.code === 'JIG3603')).toEqual([]);
  });

  it('a flow named as one of a file before it (ignoring case) is JIG5004, pointing to that file; in the earlier file it is not', async () => {
    const uri = fileUri(join(project, 'zz_log.jig'));
    const renamed = await client.open(uri, contactLog('invoices').replace('flow contact_log', 'flow Invoice_Intake'));
    expect(renamed.diagnostics.filter((diagnostic) => diagnostic.code === 'JIG5004')).toMatchObject([
      {
        severity: 1,
        range: { start: { line: 8, character: 5 }, end: { line: 8, character: 19 } },
        message: "The flow 'Invoice_Intake' is also declared in invoice_intake.jig as 'invoice_intake'; flow names must be unique across the project, ignoring case.",
      },
    ]);
    // The examples' own file comes first in file-name order: its flow is the one that stands.
    const earlier = join(project, 'invoice_intake.jig');
    const first = await client.open(fileUri(earlier), readFileSync(earlier, 'utf8'));
    expect(first.diagnostics.filter((diagnostic) => diagnostic.code === 'JIG5004')).toEqual([]);
    const unique = await client.change(uri, contactLog('invoices'));
    expect(unique.diagnostics.filter((diagnostic) => diagnostic.code === 'JIG5004')).toEqual([]);
  });
});
