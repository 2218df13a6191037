/**
 * When the server checks: at once, with its default settings (no pause after an edit), and never
 * showing the result of a version the user has typed past, however the checks of a burst of edits
 * interleave.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CheckScheduler } from '../../language-server/src/scheduler.js';
import { LspClient, ensureBuilt, fileUri, positionOf } from './harness.js';

let folder: string;
let client: LspClient;

beforeAll(async () => {
  ensureBuilt();
  folder = mkdtempSync(join(tmpdir(), 'jig-ls-schedule-'));
  ({ client } = await LspClient.start({ rootPath: folder }));
});

afterAll(async () => {
  expect(await client.stop()).toBe(0);
  rmSync(folder, { recursive: true, force: true });
});

/** Two flows: an edit inside one of them gets the quick answer first, then the complete check. */
function twoFlows(): string {
  const flow = (name: string) => `
@purpose(automation, "Keep notes")
@data(business.document)
@retain(30 days)
flow ${name} {
  trigger http post body Note
  store trigger.body in cosmos("jigajob", "notes")
}
`;
  return `type Note {\n  id: string @business.document\n  text: string @business.document\n}\n${flow('first')}${flow('second')}`;
}

it('publishes only ever newer versions after a burst of edits, ending with the last', async () => {
  const path = join(folder, 'two.jig');
  const text = twoFlows();
  writeFileSync(path, text);
  const uri = fileUri(path);
  expect((await client.open(uri, text)).diagnostics).toEqual([]);
  const published = client.published(uri).length;

  // Twelve edits sent back to back: a name typed a letter at a time inside the first flow's body,
  // which leaves it unknown (JIG2001) at the end.
  const at = positionOf(text, 'trigger http post');
  const line = { line: at.line + 1, character: 0 };
  let version = 1;
  const word = 'store nosuchname in cosmos("jigajob", "notes")\n';
  const finalVersion = 1 + word.length;
  const last = client.nextDiagnostics(uri, finalVersion);
  for (let i = 0; i < word.length; i++) {
    const position = i === 0 ? line : { line: line.line, character: i };
    version = await client.edit(uri, { start: position, end: position }, word[i]!);
  }
  expect(version).toBe(finalVersion);
  await last;
  // Give any check still running the time to (wrongly) publish.
  await new Promise((resolve) => setTimeout(resolve, 500));

  const versions = client.published(uri).slice(published).map((params) => params.version!);
  expect(versions.length).toBeGreaterThan(0);
  expect(versions).toEqual([...versions].sort((a, b) => a - b));
  expect(versions.at(-1)).toBe(finalVersion);
  const final = client.published(uri).at(-1)!.diagnostics;
  expect(final.map((d) => d.code)).toContain('JIG2001');
  expect(final.find((d) => d.code === 'JIG2001')!.range.start.line).toBe(line.line);
});

describe('the check scheduler', () => {
  /** A document whose version the test moves on, and the versions each check was given. */
  function setup(pause = 0) {
    let version = 1;
    const document = () => TextDocument.create('file:///a.jig', 'jig', version, '');
    const checked: number[] = [];
    const finishers: (() => void)[] = [];
    const scheduler = new CheckScheduler(
      () => document(),
      (doc) => {
        checked.push(doc.version);
        return new Promise<void>((resolve) => finishers.push(resolve));
      },
      () => pause,
    );
    return {
      scheduler,
      checked,
      edit: () => {
        version++;
        scheduler.schedule(document());
      },
      finishCheck: async () => {
        finishers.shift()!();
        await vi.advanceTimersByTimeAsync(0);
      },
    };
  }

  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('checks an edit at once, without a pause, when nothing else runs', async () => {
    const { checked, edit } = setup();
    edit();
    await vi.advanceTimersByTimeAsync(0);
    expect(checked).toEqual([2]);
  });

  it('checks the edits made during a check once, at their latest version, when it ends', async () => {
    const { checked, edit, finishCheck } = setup();
    edit();
    await vi.advanceTimersByTimeAsync(0);
    edit();
    edit();
    edit();
    await vi.advanceTimersByTimeAsync(50);
    expect(checked).toEqual([2]);
    await finishCheck();
    await vi.advanceTimersByTimeAsync(0);
    expect(checked).toEqual([2, 5]);
  });

  it('waits for the pause a client asks for, from the last edit', async () => {
    const { checked, edit } = setup(100);
    edit();
    await vi.advanceTimersByTimeAsync(60);
    edit();
    await vi.advanceTimersByTimeAsync(60);
    expect(checked).toEqual([]);
    await vi.advanceTimersByTimeAsync(41);
    expect(checked).toEqual([3]);
  });

  it('runs nothing pending for a closed document', async () => {
    const { scheduler, checked, edit, finishCheck } = setup();
    edit();
    await vi.advanceTimersByTimeAsync(0);
    edit();
    scheduler.cancel('file:///a.jig');
    await finishCheck();
    await vi.advanceTimersByTimeAsync(10);
    expect(checked).toEqual([2]);
  });
});
