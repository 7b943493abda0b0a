/**
 * End-to-end test support: the real server (`startServer`: createApp + @hono/node-server) on an
 * ephemeral loopback port with an embedded store seeded as `prognos serve --demo` seeds it,
 * Debian's Chromium through playwright-core (never a downloaded browser), log-in, screenshots in
 * test-artifacts/e2e/ and axe-core.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { chromiumPath } from '../../src/report/pdf/index.ts';
import { startServer, type NodeServerOptions, type RunningServer } from '../../src/server/node.ts';
import type { Store } from '../../src/store/index.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src/web/index.ts';
import { openTestStore } from '../support/store.ts';

export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'e2e');

export const haveChromium = existsSync(chromiumPath()) && !spawnSync(chromiumPath(), ['--version']).error;
export const skipReason = `skipped: Chromium (${chromiumPath()}) is not installed (CI installs Debian's chromium package)`;

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'];

/** `expect.poll` with room for a busy machine (two test files and Chromium on two cores). */
// A browser test walks through many full page loads (the round test alone ~70); on a loaded 2-core
// machine that takes minutes, not the 60 s given to a unit test. Speed is measured in bench/, not here.
export const BROWSER_TEST_TIMEOUT = 300_000;

export const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 50 });

export interface E2e {
  url: string;
  store: Store;
  server: RunningServer;
  browser: Browser;
  close(): Promise<void>;
}

/** `server`: options of the server under test, e.g. a short idle timeout, or an SMTP relay (then a fixed port, for the links in the messages). */
export async function startE2e(server_: Partial<Pick<NodeServerOptions, 'sessionIdleMinutes' | 'smtp' | 'publicUrl' | 'port'>> = {}): Promise<E2e> {
  const store = await openTestStore('embedded');
  await seedDemo(store);
  const server = await startServer({ store, port: 0, host: '127.0.0.1', log: process.env.PROGNOS_TEST_LOG ? undefined : () => undefined, ...server_ });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: LAUNCH_ARGS });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    url: server.url,
    store,
    server,
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      await server.close().catch(() => undefined);
      await store.close().catch(() => undefined);
    },
  };
}

export async function newUser(e: E2e): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e.browser.newContext({ baseURL: e.url, viewport: { width: 1366, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm', acceptDownloads: true });
  // Generous: a loaded machine hashes a password or renders a page in seconds, not milliseconds.
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  // A browser error on any page fails the test that looks at it (see `errors`).
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  // Console errors too (a CSP violation is one) — except the browser's note on every 4xx
  // answer, which the tests provoke on purpose (a refused submit, a 409 conflict).
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource: the server responded with a status of 4')) errors.push(m.text());
  });
  (page as Page & { errors?: string[] }).errors = errors;
  // Leaving a page with an unsaved draft asks (client/drafts.ts); a test that navigates away
  // means to leave. Other dialogs are dismissed, as Playwright does when nobody listens.
  page.on('dialog', (d) => void (d.type() === 'beforeunload' ? d.accept() : d.dismiss()));
  return { context, page };
}

export const pageErrors = (page: Page): string[] => (page as Page & { errors?: string[] }).errors ?? [];

export async function logIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/**
 * Full-page screenshots in test-artifacts/e2e/, named `<prefix>-NN-<name>.png` in the order
 * taken; the prefix's screenshots of an earlier run are removed first. A page too tall to capture
 * whole is kept as its visible part.
 */
export function screenshots(prefix: string): (page: Page, name: string) => Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const f of readdirSync(ARTIFACTS)) if (f.startsWith(`${prefix}-`) && f.endsWith('.png')) rmSync(join(ARTIFACTS, f));
  let n = 0;
  return async (page, name) => {
    n++;
    const file = join(ARTIFACTS, `${prefix}-${String(n).padStart(2, '0')}-${name}.png`);
    try {
      await page.screenshot({ path: file, fullPage: true });
    } catch (e) {
      // Chromium can fail to capture a very tall page on a loaded machine ("Unable to capture
      // screenshot"): a screenshot is evidence, not an assertion, so keep the visible part.
      if (!/Unable to capture screenshot/.test(String(e))) throw e;
      await page.screenshot({ path: file });
    }
    return file;
  };
}

// --- axe-core --------------------------------------------------------------------------------

const require = createRequire(import.meta.url);
export const AXE = require.resolve('axe-core');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; html: string; failureSummary?: string }>;
}

let axeSource: string | undefined;

export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (no inline scripts) does not apply to.
  axeSource ??= readFileSync(AXE, 'utf8');
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })) }));
  }, TAGS);
}

export function describeViolations(vs: AxeViolation[]): string {
  return vs
    .map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n${v.nodes.slice(0, 4).map((n) => `    at ${n.target.join(' ')}\n      ${n.html.slice(0, 200)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n')}`)
    .join('\n\n');
}
