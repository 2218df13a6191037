/**
 * The language server reports what `jig check` reports about a Standard app's params (JIG5011):
 * a document whose param another file before it declares differently, with that declaration as
 * related information.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, ensureBuilt, fileUri } from './harness.js';

const flow = (name: string, limit: string) => `param limit: ${limit}

type Notice {
  topic: string @business.document
}

@purpose(automation, "Tell accounting")
@data(business.document)
@retain(1 year)
flow ${name} {
  trigger http post body Notice
  respond 200 body { limit: limit }
}
`;

let project: string;
let client: LspClient;

beforeAll(async () => {
  ensureBuilt();
  project = mkdtempSync(join(tmpdir(), 'jig-ls-app-'));
  writeFileSync(join(project, 'jig.yaml'), 'target: standard\n');
  writeFileSync(join(project, 'a.jig'), flow('first', 'integer = 10'));
  client = (await LspClient.start({ rootPath: project })).client;
});

afterAll(async () => {
  expect(await client.stop()).toBe(0);
  rmSync(project, { recursive: true, force: true });
});

describe("a Standard app's params in the editor", () => {
  it('are an error where the document declares one otherwise than a file before it, pointing to that file', async () => {
    const uri = fileUri(join(project, 'b.jig'));
    const published = await client.open(uri, flow('second', 'integer = 20'));
    const clash = published.diagnostics.filter((diagnostic) => diagnostic.code === 'JIG5011');
    expect(clash).toHaveLength(1);
    expect(clash[0]).toMatchObject({
      severity: 1,
      range: { start: { line: 0, character: 6 }, end: { line: 0, character: 11 } },
      message: expect.stringContaining("The param 'limit' is 'integer = 20' here but 'integer = 10' in a.jig:1:7."),
      relatedInformation: [{ location: { uri: fileUri(join(project, 'a.jig')), range: { start: { line: 0, character: 6 } } } }],
    });

    const alike = await client.change(uri, flow('second', 'integer = 10'));
    expect(alike.diagnostics.filter((diagnostic) => diagnostic.code === 'JIG5011')).toEqual([]);
  });
});
