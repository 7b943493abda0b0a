// Accessibility of the HTML report (and so of the PDF printed from it): axe-core in Debian's
// Chromium, WCAG 2.0/2.1 A and AA plus best practice, zero violations — for the demo report and
// for a report with chapters, goal grids, charts and a table of contents, on screen and in print.
// Also saves a screenshot of the first page in test-artifacts/ for a look at the layout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openTestStore } from './support/store.ts';
import { buildDemo } from '../src/demo/index.ts';
import { renderHtml } from '../src/report/html/index.ts';
import { withSampleChapters } from '../src/report/html/sample.ts';
import type { ReportModel } from '../src/report/index.ts';
import { chromiumPath } from '../src/report/pdf/index.ts';
import type { Store } from '../src/store/index.ts';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core');
const ARTIFACTS = join(import.meta.dirname, '..', 'test-artifacts');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

const haveChromium = existsSync(chromiumPath()) && !spawnSync(chromiumPath(), ['--version']).error;

interface AxeNode {
  target: string[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/** Violations as a reader wants them when the test fails: rule, impact, where, why. */
function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `    at ${n.target.join(' ')}\n      ${n.html.slice(0, 160)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : '';
      return `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n  ${v.helpUrl}\n${nodes}${more}`;
    })
    .join('\n\n');
}

describe.skipIf(!haveChromium)(`the HTML report's accessibility${haveChromium ? '' : ` — skipped: Chromium (${chromiumPath()}) not installed`}`, () => {
  let store: Store;
  let browser: Browser;
  let demo: ReportModel;

  beforeAll(async () => {
    store = await openTestStore('embedded');
    demo = (await buildDemo(store)).report;
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await store?.close();
  });

  async function open(model: ReportModel, media: 'screen' | 'print' = 'screen'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1024, height: 1400 } });
    await page.emulateMedia({ media });
    await page.setContent(renderHtml(model), { waitUntil: 'load' });
    await page.addScriptTag({ path: AXE });
    return page;
  }

  async function violations(page: Page): Promise<AxeViolation[]> {
    return page.evaluate(async (tags) => {
      const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })) }));
    }, TAGS);
  }

  async function expectNoViolations(model: ReportModel, media: 'screen' | 'print' = 'screen'): Promise<Page> {
    const page = await open(model, media);
    const found = await violations(page);
    expect(found, `axe found ${found.length} violation(s):\n\n${describeViolations(found)}`).toEqual([]);
    return page;
  }

  it('finds no WCAG 2.1 A/AA or best-practice violation in the demo report', async () => {
    const page = await expectNoViolations(demo);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: join(ARTIFACTS, 'html-demo-report-first-page.png') });
    await page.close();
  });

  it('finds no violation in a report with chapters, goal grids, charts and a table of contents', async () => {
    const model = withSampleChapters(demo);
    const page = await expectNoViolations(model);
    // the page really holds what the test claims to check
    expect(await page.locator('nav.toc a').count()).toBe(model.sections.length);
    expect(await page.locator('svg[role="img"][aria-label]').count()).toBe(3);
    expect(await page.locator('table.grid th[scope="rowgroup"]').count()).toBe(2);
    expect(await page.locator('h4').count()).toBeGreaterThan(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: join(ARTIFACTS, 'html-sample-chapters-first-page.png') });
    await page.close();
  });

  it('finds no violation in the print layout either', async () => {
    const page = await expectNoViolations(withSampleChapters(demo), 'print');
    await page.close();
  });

  it('reports a violation when the html has one, so a pass means something', async () => {
    const page = await open(demo);
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      document.querySelector('main')!.append(img);
    });
    const found = await violations(page);
    expect(found.map((v) => v.id)).toContain('image-alt');
    expect(describeViolations(found)).toMatch(/image-alt \(critical\): .*\n.*https:\/\/.*\n {4}at (?:main > )?img/);
    await page.close();
  });
});
