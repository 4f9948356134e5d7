import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (npm test installs it when missing), never a downloaded browser. */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface TestBrowser {
  page: Page;
  close(): Promise<void>;
}

/** A fresh Chromium profile per call: no cookie or cache of another test leaks in. */
export async function openBrowser(options: { javaScript?: boolean } = {}): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'townhall-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    // axe-core is injected as an inline script, which the apps' Content-Security-Policy forbids.
    bypassCSP: true,
    javaScriptEnabled: options.javaScript ?? true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.1 A/AA violations of the page as it is now ([] when none). */
export async function axeViolations(page: Page): Promise<{ id: string; help: string; nodes: number }[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (o: unknown) => Promise<{ violations: { id: string; help: string; nodes: unknown[] }[] }> };
      }
    ).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.length }));
  });
}

/** Keeps a screenshot of the page, at the current width, as a test artifact (not in git). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join('test', 'browser', 'screenshots', `${name}.png`), fullPage: true });
}

/**
 * axe-core finds nothing on the page (WCAG 2.0/2.1 A and AA) at a desktop and a phone width
 * (1280 and 320 pixels); a screenshot of each is kept. The page is left at 1280.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: 900 });
    expect({ name, width, violations: await axeViolations(page) }).toEqual({ name, width, violations: [] });
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * Logs an official in to the office through the sandbox's staff provider: opens `path` at
 * `origin`, follows its login link, picks the persona at level "substantial" and comes back.
 */
export async function logInToOffice(page: Page, origin: string, persona: RegExp, path: string): Promise<void> {
  await page.goto(`${origin}${path}`);
  await page.getByRole('link', { name: 'Log in with your work account' }).click();
  await page.waitForURL(/\/staff\/interaction\//);
  await page.getByLabel(persona).check();
  await page.getByLabel('substantial', { exact: true }).check();
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForURL(`${origin}${path}`);
}

/** Logs the official out of the office and of the staff provider (which asks to confirm). */
export async function logOutOfOffice(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/office/cases`);
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/staff\/session\/end/);
  await page.getByRole('button', { name: /yes/i }).click();
  await page.waitForURL(/\/office\/login\?ended=logged-out/);
}
