// The browser playground's figures for `npm run bench`: the size of what a visitor downloads, the
// time from opening the page to its first diagnostics (the worker loads the compiler, the server
// starts, reads the examples' policy and checks the document), and the time from pressing Run in
// the Run panel to the run history shown, in headless Chromium.
// `node scripts/bench-playground.mjs` prints the section alone.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchChromium } from './chromium.mjs';
import { buildPlayground, servePlayground } from './playground.mjs';

const PAGE_LOADS = 5;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const KiB = 1024;

export const playgroundSection = {
  title: 'Browser playground (npm run playground; headless Chromium)',
  async run() {
    const outDir = mkdtempSync(join(tmpdir(), 'jig-bench-playground-'));
    try {
      const sizes = await buildPlayground(outDir);
      const size = (files) => {
        const raw = files.reduce((sum, file) => sum + sizes[file], 0);
        const gzip = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(outDir, file))).length, 0);
        return `${(raw / KiB).toFixed(0)} KiB, ${(gzip / KiB).toFixed(0)} KiB gzipped`;
      };
      const pageFiles = Object.keys(sizes).filter((file) => file !== 'worker.js');
      const rows = [
        { name: `download: the page (${pageFiles.join(', ')})`, seconds: NaN, note: size(pageFiles) },
        { name: 'download: worker.js (the language server and the compiler)', seconds: NaN, note: size(['worker.js']) },
      ];
      let browser;
      const { server, url } = await servePlayground(outDir, 0);
      try {
        browser = await launchChromium();
        const times = [];
        const serverReady = [];
        const runs = [];
        for (let load = 0; load < PAGE_LOADS; load++) {
          // A new context each time: nothing cached from the previous load.
          const context = await browser.newContext();
          const page = await context.newPage();
          await page.goto(url);
          await page.locator('body[data-first-diagnostics-ms]').waitFor({ state: 'attached', timeout: 60_000 });
          times.push(Number(await page.locator('body').getAttribute('data-first-diagnostics-ms')) / 1000);
          serverReady.push(Number(await page.locator('body').getAttribute('data-server-ready-ms')));
          // The default example with its sample input: the worker emits, runs, the page draws the history.
          await page.getByRole('tab', { name: 'Run' }).click();
          await page.locator('#run-button:enabled').waitFor({ timeout: 60_000 });
          const started = performance.now();
          await page.locator('#run-button').click();
          await page.locator('#run-history .run-summary').waitFor({ timeout: 60_000 });
          runs.push((performance.now() - started) / 1000);
          await context.close();
        }
        const sorted = [...times].sort((a, b) => a - b);
        rows.push({
          name: 'first diagnostics after opening the page',
          seconds: median(times),
          note:
            `from navigation start, median of ${PAGE_LOADS} loads from 127.0.0.1 (${(sorted[0] * 1000).toFixed(0)}–${(sorted.at(-1) * 1000).toFixed(0)} ms); ` +
            `the worker's server answered initialize at ${median(serverReady).toFixed(0)} ms`,
        });
        rows.push({
          name: 'a run from the Run panel (order_sync, sample input)',
          seconds: median(runs),
          note: `from the click to the run history shown, median of ${PAGE_LOADS} (${Math.min(...runs) * 1000 | 0}–${Math.max(...runs) * 1000 | 0} ms)`,
        });
      } catch (error) {
        rows.push({ name: 'first diagnostics after opening the page', seconds: NaN, note: `not measured: ${error.message.split('\n')[0]}` });
      } finally {
        await browser?.close();
        server.close();
      }
      return rows;
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  },
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const row of await playgroundSection.run()) {
    console.log(`${row.name}: ${Number.isFinite(row.seconds) ? `${(row.seconds * 1000).toFixed(0)} ms; ` : ''}${row.note}`);
  }
}
