/**
 * The browser playground as a visitor uses it: `npm run playground`'s script builds and serves it,
 * headless Chromium opens the page, and the tests type, click and read what the page shows. The
 * language server runs in the page's web worker; nothing may be fetched from another origin.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/bundles.js';
import { launchChromium } from '../../scripts/chromium.mjs';
import { armSchemaErrors, definitionsOfArmTemplate, referenceSchemaErrors, saveRuleFindings } from '../validate/reference-checks.js';

let server: ChildProcess;
let url: string;
let browser: Browser;
let outDir: string;
const foreignRequests: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'jig-playground-'));
  server = spawn(process.execPath, [join(repoRoot, 'scripts', 'playground.mjs'), '--port', '0', '--out', outDir], { cwd: repoRoot });
  url = await new Promise<string>((resolve, reject) => {
    let output = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const printed = /Jig playground: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (printed) resolve(printed[1]!);
    });
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.once('exit', (code) => reject(new Error(`npm run playground exited (${code}) before printing its URL:\n${output}`)));
  });
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  server?.kill();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

afterEach(() => {
  expect(foreignRequests, 'requests to another origin').toEqual([]);
  expect(pageErrors, 'errors in the page').toEqual([]);
});

/** The page has checked its first document (it records when, for the bench). */
const firstCheckDone = (page: Page) => page.locator('body[data-first-diagnostics-ms]').waitFor({ state: 'attached' });

/** A new tab on the playground (at `fragment`), once its first document has been checked. */
async function openPlayground(fragment = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('request', (request) => {
    if (!request.url().startsWith(url) && !request.url().startsWith('data:')) foreignRequests.push(request.url());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url + fragment);
  await firstCheckDone(page);
  return page;
}

/**
 * Waits for what the page shows to match. The page answers in tens of milliseconds on an idle
 * machine; the wait is long because CI's two cores may be busy with the rest of the suite.
 */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 50 });

/**
 * The hover tooltip's text over `target`, or '' while none shows: the mouse moves away and back at
 * each try, since a hover made before the worker has checked the document gets no tooltip, ever.
 */
async function hoverText(page: Page, target: Locator): Promise<string> {
  await page.mouse.move(0, 0);
  await target.hover();
  return (await page.locator('.cm-tooltip-hover').textContent({ timeout: 2_000 }).catch(() => '')) ?? '';
}

const status = (page: Page) => page.locator('#status');
const json = (page: Page) => page.locator('#json');
/** The editor's text, as its lines show it (CodeMirror draws every line of a document this short). */
const editorText = (page: Page) => page.locator('.cm-line').evaluateAll((lines) => lines.map((line) => line.textContent).join('\n'));

/** Replaces the whole source, as a paste does, then types `typed` at the end key by key. */
async function replaceSource(page: Page, text: string, typed = ''): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
  if (typed) await page.keyboard.type(typed);
}

const greeting = `type Visitor {
  email: string @personal.contact
}

@purpose(automation, "Answer visitors who write to us")
@data(personal.contact)
flow greeting {
  trigger http post body Visitor
  respond 200 body { to: trigger.body.email }
}`;

// Each test waits for several things the page shows, each up to the poll's 20 s: on a loaded
// machine their sum passes vitest's 30 s per test, which is load, not a defect of the page.
describe('the playground page', { timeout: 120_000 }, () => {
  // One tab for the tests that each set their own source; the first test sees it as it opens.
  let page: Page;
  beforeAll(async () => {
    page = await openPlayground();
  }, 120_000);
  afterAll(() => page?.close());

  it('opens on an example, checked, with its workflow JSON and its data map', async () => {
    await poll(() => status(page).textContent()).toBe('No problems');
    expect(await page.locator('#example').inputValue()).toBe('order_sync.jig');
    await poll(() => json(page).textContent()).toContain('"$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#"');
    // Highlighting comes from the server's semantic tokens.
    await poll(() => page.locator('.cm-jig-keyword').count()).toBeGreaterThan(10);
    await page.getByRole('tab', { name: 'Data map' }).click();
    await poll(() => page.locator('#data-map').textContent()).toContain('order_sync');
    expect(await page.locator('#data-map table').count()).toBeGreaterThan(0);
    await page.getByRole('tab', { name: 'Logic Apps JSON' }).click();
  });

  it('checks a flow as it is typed, citing the policy, and updates the JSON; a quick fix makes it compile', async () => {
    await replaceSource(page, greeting.slice(0, -1), '}');
    await poll(() => status(page).textContent()).toBe('1 error · 0 warnings');
    const problem = page.locator('#problems .finding');
    await poll(() => problem.textContent()).toContain('JIG3003');
    // The finding cites the policy section it enforces.
    expect(await problem.locator('.message').textContent()).toMatch(/has no @retain[\s\S]*policy §8: "we are committed to storing data only for as long as necessary\."/);
    await poll(() => json(page).getAttribute('data-state')).toBe('refused');
    expect(await json(page).textContent()).toContain('1 error');

    await problem.locator('button.fix').first().click();
    await poll(() => status(page).textContent()).toBe('No problems');
    expect(await editorText(page)).toMatch(/^@retain\(\d+ \w+\)$/m);
    await poll(() => json(page).getAttribute('data-state')).toBe('emitted');
    const workflow = JSON.parse((await json(page).textContent())!) as { definition: { triggers: { manual: { inputs: { schema: { properties: object } } } } } };
    expect(workflow.definition.triggers.manual.inputs.schema.properties).toHaveProperty('email');
    expect(referenceSchemaErrors(workflow.definition)).toEqual([]);
    expect(saveRuleFindings([{ name: 'greeting', json: workflow }])).toEqual([]);

    // Another target: the same workflow as an ARM deployment template.
    await page.locator('#target').selectOption('arm');
    await poll(() => json(page).textContent()).toContain('deploymentTemplate.json#');
    const template: unknown = JSON.parse((await json(page).textContent())!);
    expect(armSchemaErrors(template)).toEqual([]);
    expect(definitionsOfArmTemplate(template).flatMap(referenceSchemaErrors)).toEqual([]);
    await page.locator('#target').selectOption('consumption');
  });

  it('offers completion and hover from the server', async () => {
    await replaceSource(page, greeting);
    await poll(() => status(page).textContent()).toBe('1 error · 0 warnings');
    // Completion of a category after `@personal.`.
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('  name: string @personal.');
    await poll(() => page.locator('.cm-tooltip-autocomplete').textContent()).toContain('personal.name');
    await page.keyboard.press('Escape');
    // Hover over the purpose: what the policy says of it.
    await poll(() => hoverText(page, page.locator('.cm-line', { hasText: '@purpose(automation' }).locator('text=automation'))).toContain('automation');
    await page.mouse.move(0, 0);
  });

  it("shows a document's own Markdown (a shared link is someone else's) without its HTML, scripts or foreign images", async () => {
    // The images point at another origin on this machine's loopback (nothing listens there).
    const hostile = greeting
      .replace('@purpose(', '/// Greets. <img src="http://127.0.0.2:9/x.png" onerror="document.title=\'run\'"> [more](javascript:document.title=\'run\')\n@purpose(')
      .replace('flow greeting', '@retain(30 days)\nflow greeting')
      .replace('"Answer visitors who write to us"', '"<img src=http://127.0.0.2:9/y.png> <b onmouseover=document.title=1>purpose</b>"');
    await replaceSource(page, hostile);
    await poll(() => status(page).textContent()).toBe('No problems');
    await poll(() => hoverText(page, page.locator('.cm-line', { hasText: 'flow greeting' }).locator('text=greeting'))).toContain('Greets.');
    const tooltip = page.locator('.cm-tooltip-hover');
    await page.getByRole('tab', { name: 'Data map' }).click();
    await poll(() => page.locator('#data-map').textContent()).toContain('purpose');
    for (const shown of [tooltip, page.locator('#data-map')]) {
      expect(await shown.locator('img, [onerror], [onmouseover], a[href^="javascript"]').count()).toBe(0);
    }
    expect(await page.title()).toBe('Jig playground');
    await page.mouse.move(0, 0);
    await page.getByRole('tab', { name: 'Logic Apps JSON' }).click();
  });

  it('opens an example from the picker, with the other examples beside it for call flow', async () => {
    await page.locator('#example').selectOption('payment_retry.jig');
    await poll(() => editorText(page)).toContain('call flow notify_accounting');
    await poll(() => status(page).textContent()).toBe('No problems');
    // The child workflow the call names, found in the other file.
    await poll(() => json(page).textContent()).toContain('notify_accounting');
  });
});

describe('the Run panel', { timeout: 120_000 }, () => {
  let page: Page;
  beforeAll(async () => {
    page = await openPlayground();
    await page.getByRole('tab', { name: 'Run' }).click();
  }, 120_000);
  afterAll(() => page?.close());

  const runButton = () => page.locator('#run-button');
  const history = () => page.locator('#run-history');
  const actionLine = (name: string) => history().locator('.run-action', { has: page.locator('.run-name', { hasText: new RegExp(`^${name}$`) }) }).first();

  it("runs the example with a sample of its trigger's type, showing the run history and the response", async () => {
    await poll(() => runButton().isEnabled()).toBe(true);
    expect(await page.locator('#run-trigger').textContent()).toBe('Trigger: HTTP POST request');
    // The body is a sample of the trigger's type, the call's answer one of the type it returns.
    const sample = JSON.parse(await page.locator('#run-body').inputValue()) as Record<string, unknown>;
    expect(sample).toEqual({ id: 'text', customer: 'text', total: 1.5, items: [{ sku: 'text', quantity: 1 }] });
    expect(JSON.parse(await page.locator('#run-mocks').inputValue())).toEqual({ Call_receipt: { status: 200, body: { erpId: 'text', status: 'text' } } });
    await page.locator('#run-body').fill(JSON.stringify({ ...sample, id: 'ORD-42' }));
    await runButton().click();
    await poll(() => history().locator('.run-summary').textContent()).toBe('Succeeded Run of order_sync');
    expect(await history().locator('.run-name').allTextContents()).toEqual(['manual', 'Call_receipt', 'Parse_receipt', 'Store_id_in_order-sync', 'Respond_200']);
    // The call sends the secret: hidden, as Azure's run history hides it; the others show theirs.
    expect(await actionLine('Call_receipt').locator('.run-secured').allTextContents()).toEqual([
      'Inputs: hidden by secureData, as in Azure',
      'Outputs: hidden by secureData, as in Azure',
    ]);
    expect(await actionLine('Call_receipt').locator('.run-source').textContent()).toBe('mock');
    // The Parse JSON reads the call's hidden outputs: Azure hides its inputs and outputs too.
    expect(await actionLine('Parse_receipt').locator('.run-secured').allTextContents()).toEqual([
      'Inputs: hidden by secureData, as in Azure',
      'Outputs: hidden by secureData, as in Azure',
    ]);
    const response = page.locator('#run-response');
    expect(await response.locator('h3').textContent()).toBe('Response 200');
    expect(JSON.parse((await response.locator('pre').textContent())!)).toEqual({ orderId: 'ORD-42', erpId: 'text' });
    expect(await history().textContent()).toContain('Stored in jigajob/order-sync');
    // Offline: the panel says what answers the calls.
    expect(await page.locator('.run-about').textContent()).toContain('without a mock gets an empty success');
  });

  it('says clearly when the trigger body is not JSON, and runs nothing', async () => {
    await page.locator('#run-body').fill('{\n  "id": "ORD-1",\n  total: 3\n}');
    await runButton().click();
    await poll(() => page.locator('#run-error').textContent()).toMatch(/^The trigger body is not JSON: .*line 3 column 3/);
    expect(await history().textContent()).toBe('');
    // A body the trigger's schema refuses runs, and the trigger answers 400 as in Azure.
    await page.locator('#run-body').fill('{"id": 7}');
    await runButton().click();
    await poll(() => history().locator('.run-summary').textContent()).toContain('TriggerInputSchemaMismatch');
    expect(await page.locator('#run-error').isHidden()).toBe(true);
    expect(await page.locator('#run-response h3').textContent()).toBe('Response 400');
  });

  it('runs a flow typed in, with the input given', async () => {
    await replaceSource(page, greeting.replace('flow greeting', '@retain(30 days)\nflow greeting'));
    await poll(() => page.locator('#run-flow').inputValue()).toBe('greeting');
    // Another flow: its own sample replaces the last one.
    await poll(() => page.locator('#run-body').inputValue()).toBe(JSON.stringify({ email: 'text' }, null, 2));
    await page.locator('#run-body').fill('{"email": "ada@example.org"}');
    await runButton().click();
    await poll(() => history().locator('.run-summary').textContent()).toBe('Succeeded Run of greeting');
    // The trigger carries personal data: hidden in run history; the caller gets the response.
    expect(await actionLine('manual').locator('.run-secured').allTextContents()).toEqual([
      'Inputs: hidden by secureData, as in Azure',
      'Outputs: hidden by secureData, as in Azure',
    ]);
    expect(JSON.parse((await page.locator('#run-response pre').textContent())!)).toEqual({ to: 'ada@example.org' });
  });

  it("runs a scheduled flow, which takes no body, and a flow that calls another file's flow", async () => {
    await page.locator('#example').selectOption('nightly_reminders.jig');
    await poll(() => page.locator('#run-flow').inputValue()).toBe('nightly_reminders');
    await poll(() => page.locator('#run-trigger').textContent()).toMatch(/^Trigger: schedule \(every 1 Day\); it takes no body/);
    expect(await page.locator('#run-body').isDisabled()).toBe(true);
    // What the simulated Cosmos DB holds, and when the run starts: an invoice overdue by then.
    await page.locator('.run-more summary').click();
    await page.locator('#run-containers').fill(JSON.stringify({
      'jigajob/invoices': [{ id: 'I-1', number: '2025-001', amount: 120, dueDate: '2025-02-01T00:00:00Z', vendorEmail: 'a@vendor.example', reminded: false }],
    }));
    await page.locator('#run-now').fill('2025-03-01T07:00:00Z');
    await runButton().click();
    await poll(() => history().locator('.run-summary').textContent()).toBe('Succeeded Run of nightly_reminders');
    expect(await actionLine('Recurrence').locator('.run-type').textContent()).toBe('Recurrence trigger');
    expect(await history().locator('.run-effects').textContent()).toContain('Stored in jigajob/invoices');
    await page.locator('#run-containers').fill('[]');
    await runButton().click();
    await poll(() => page.locator('#run-error').textContent()).toMatch(/^The Cosmos DB documents must be a JSON object/);
    await page.locator('#run-containers').fill('{}');

    await page.locator('#example').selectOption('payment_retry.jig');
    await poll(() => page.locator('#run-flow').inputValue()).toBe('payment_retry');
    await page.locator('#run-mocks').fill('{"Call_payments": {"status": 400}}');
    await runButton().click();
    await poll(() => history().locator('.run-summary').first().textContent()).toBe('Succeeded Run of payment_retry');
    expect(await history().locator('.run-child > summary').textContent()).toBe('Child run of notify_accounting (Call_notify_accounting): Succeeded');
  });
});

describe('the shared link', { timeout: 120_000 }, () => {
  it('carries the source, and opens it again, also after a reload', async () => {
    const page = await openPlayground();
    await replaceSource(page, greeting);
    await poll(() => status(page).textContent()).toBe('1 error · 0 warnings');
    await page.locator('#share').click();
    const link = page.locator('#share-link');
    await poll(() => link.inputValue()).toMatch(/#file=order_sync\.jig&code=[A-Za-z0-9_-]+$/);
    const shared = await link.inputValue();
    expect(page.url()).toBe(shared);
    // Opened in the same tab (pasted into the address bar), then reloaded.
    await page.goto(url);
    await poll(() => editorText(page)).toContain('flow order_sync');
    await page.goto(shared);
    await poll(() => editorText(page)).toBe(greeting);
    await poll(() => status(page).textContent()).toBe('1 error · 0 warnings');
    await page.reload();
    await firstCheckDone(page);
    expect(await editorText(page)).toBe(greeting);
    await page.close();
  });

  it('says so when it was cut short, and opens the default example', async () => {
    const page = await openPlayground('#file=order_sync.jig&code=q1YqSy0qzszPU7JSMtQzMNBRSsvMS');
    await poll(() => page.locator('#notice').textContent()).toContain('could not be read');
    expect(await editorText(page)).toContain('flow order_sync');
    await page.close();
  });
});
