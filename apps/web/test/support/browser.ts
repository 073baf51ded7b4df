import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

// Debian's Chromium driven by playwright-core (never a browser download: `.ci/run` installs the package).
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** What a browser suite passes as `skip`: false when Chromium is there (or on CI, which must fail instead). */
export function skipUnlessChromium(env: NodeJS.ProcessEnv = process.env): string | false {
  if (existsSync(CHROMIUM)) return false;
  if (env.CI === 'true' || env.CI === '1') return false;
  return `needs Chromium at ${CHROMIUM}: not installed (apt-get install chromium, or set CHROMIUM_PATH)`;
}

export interface TestBrowser {
  browser: Browser;
  /** A fresh context: its own storage, so a shopper and an admin do not share a session. */
  context(options?: { width?: number; height?: number }): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<TestBrowser> {
  // Playwright gives each launch a new, empty profile (its own --user-data-dir) and removes it on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // No background traffic: this machine's network is closed, and a test needs none.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    context: ({ width = 1280, height = 900 } = {}) =>
      browser.newContext({ viewport: { width, height }, reducedMotion: 'reduce' }),
    close: () => browser.close(),
  };
}

/** No serious or critical axe-core violation on the page as it is now (WCAG 2.x A and AA rules). */
export async function assertAccessible(page: Page, what: string): Promise<void> {
  // Evaluated through the DevTools protocol, which the page's content security policy does not govern.
  await page.evaluate(axe.source);
  const violations = (await page.evaluate(
    "axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'], resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) })))",
  )) as { id: string; impact: string | null; nodes: string[] }[];
  const serious = violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  assert.deepEqual(
    serious.map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.join(', ')}`),
    [],
    `accessibility of ${what}`,
  );
}

/** Screenshots for the README, written only when SCREENSHOTS names a folder (docs/screenshots). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env.SCREENSHOTS;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
}
