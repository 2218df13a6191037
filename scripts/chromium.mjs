// Headless Chromium for what drives a page (the playground's tests, `npm run bench`): Debian's
// `chromium` package, installed with apt-get when it is missing (CI runs `.ci/run` as root on a
// clean machine), driven through playwright-core. Playwright never downloads a browser here.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps trying to reach Google's services, which
// a closed network answers with a flood of failures. Playwright gives each launch a fresh profile
// (`--user-data-dir` in a new temporary folder) and removes it on close.
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Installs Debian's Chromium if it is not there (under a minute on a clean machine). */
export function ensureChromium() {
  if (existsSync(chromiumPath)) return;
  const aptGet = (...args) =>
    spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  let install = aptGet('install', '-y', '--no-install-recommends', 'chromium');
  // A machine whose package lists were never fetched knows no chromium yet.
  if (install.status !== 0) {
    aptGet('update');
    install = aptGet('install', '-y', '--no-install-recommends', 'chromium');
  }
  if (install.status !== 0 || !existsSync(chromiumPath)) {
    const why = install.error?.message ?? install.stderr.trim().split('\n').slice(-3).join('\n');
    throw new Error(`Debian's chromium could not be installed with apt-get (exit ${install.status}): ${why}`);
  }
}

/** Debian's Chromium, headless, installed first when missing. */
export async function launchChromium() {
  ensureChromium();
  return chromium.launch({ executablePath: chromiumPath, args: chromiumFlags, headless: true });
}
