// Headless Debian Chromium driven by playwright-core, launched the same way by every browser test.
// playwright-core's launch() gives each browser a fresh temporary profile (user-data dir) and
// removes it on close.
import { chromium, type Browser } from 'playwright-core';

// scripts/provision-test-tools.sh (run by npm test) names the browser it found; Debian's path otherwise.
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, timeout: 30_000 });
}
