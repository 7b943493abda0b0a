// Screens that fit (issue 11 item 7): every page of the demo at 1 366 × 768 and 390 × 844 in
// Debian's Chromium — the page never scrolls sideways, the forecast grid shows its first rows above
// the fold at 1 366 × 768 with its row labels and header fixed, chart text is never drawn smaller
// than 11 CSS px, and axe-core finds nothing. Screenshots in test-artifacts/screens/.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations, haveChromium, logIn, newUser, skipReason, BROWSER_TEST_TIMEOUT, startE2e, type E2e } from './support.ts';

const DIR = join(import.meta.dirname, '..', '..', 'test-artifacts', 'screens');
const SIZES = [
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
] as const;
/** Grid rows (account groups) that must be in view at 1 366 × 768 without scrolling. */
const ROWS_ABOVE_FOLD = 8;

/** What the test measures on a page, in the browser. */
function measure(page: Page) {
  return page.evaluate(() => {
    const doc = document.scrollingElement ?? document.documentElement;
    // Chart text as drawn: the SVG font size times the scale the SVG is shown at.
    const fonts: number[] = [];
    for (const svg of document.querySelectorAll<SVGSVGElement>('figure.chart svg')) {
      const box = svg.getBoundingClientRect();
      if (box.width === 0) continue; // the other layout of the chart, not shown at this width
      const natural = svg.width.baseVal.value || svg.viewBox.baseVal.width;
      const scale = natural ? box.width / natural : 1;
      for (const t of svg.querySelectorAll('text')) fonts.push(Number.parseFloat(getComputedStyle(t).fontSize) * scale);
    }
    const grid = document.querySelector<HTMLElement>('#forecast-grid');
    let rowsAboveFold = 0;
    let rows = 0;
    let labelSticky = false;
    let headerSticky = false;
    if (grid) {
      for (const tr of grid.querySelectorAll<HTMLElement>('tbody tr[data-row]')) { rows++; if (tr.getBoundingClientRect().bottom <= innerHeight) rowsAboveFold++; }
      const label = grid.querySelector<HTMLElement>('tbody th')!;
      const head = grid.querySelector<HTMLElement>('thead th')!;
      labelSticky = getComputedStyle(label).position === 'sticky';
      headerSticky = getComputedStyle(head).position === 'sticky';
    }
    // The outermost elements that reach past the right edge (outside a box that scrolls on its own), for the message.
    const wide: string[] = [];
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      if (wide.length >= 4 || el.parentElement?.closest('.table-scroll, .chart-scroll')) continue;
      if (el.getBoundingClientRect().right > innerWidth + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > innerWidth + 1)) wide.push(`${el.tagName.toLowerCase()}.${el.className}`);
    }
    return { wide, scrollWidth: doc.scrollWidth, innerWidth, minChartFont: fonts.length ? Math.min(...fonts) : null, charts: fonts.length, grid: Boolean(grid), rows, rowsAboveFold, labelSticky, headerSticky };
  });
}

describe.skipIf(!haveChromium)(`every page at 1 366 × 768 and 390 × 844${haveChromium ? '' : ` — ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT * 2 }, () => {
  let e: E2e;
  let round = 0;
  beforeAll(async () => {
    e = await startE2e();
    mkdirSync(DIR, { recursive: true });
    for (const f of readdirSync(DIR)) if (f.endsWith('.png')) rmSync(join(DIR, f));
  });
  afterAll(async () => {
    await e?.close();
  });

  async function visit(page: Page, name: string, path: string, size: (typeof SIZES)[number]): Promise<void> {
    await page.setViewportSize(size);
    const res = await page.goto(path);
    expect(res?.status(), `${name}: ${path}`).toBeLessThan(400);
    const m = await measure(page);
    await page.screenshot({ path: join(DIR, `${name}-${size.width}x${size.height}.png`), fullPage: true });
    expect.soft(m.scrollWidth, `${name} at ${size.width} px: the page is ${m.scrollWidth} px wide (${m.wide.join(', ')})`).toBeLessThanOrEqual(m.innerWidth);
    if (m.charts) expect.soft(m.minChartFont!, `${name} at ${size.width} px: chart text`).toBeGreaterThanOrEqual(10.5);
    if (m.grid) {
      expect.soft(m.labelSticky, `${name}: the grid's row labels stay in place`).toBe(true);
      expect.soft(m.headerSticky, `${name}: the grid's header stays in place`).toBe(true);
      if (size.width === 1366) expect.soft(m.rowsAboveFold, `${name}: grid rows above the fold`).toBeGreaterThanOrEqual(Math.min(ROWS_ABOVE_FOLD, m.rows));
    }
    const found = await axeViolations(page);
    expect.soft(found, `${name} at ${size.width} px:\n${describeViolations(found)}`).toEqual([]);
  }

  it('fits every page of the demo, for a controller and a unit editor, at both sizes', async () => {
    const { page, context } = await newUser(e);
    for (const size of SIZES) await visit(page, 'login', '/login', size);
    await logIn(page, 'controller');
    const me = await (await page.request.get('/api/me')).json();
    const headers = { 'x-csrf-token': me.csrfToken as string, origin: e.url };
    const r = await page.request.post('/api/rounds', { headers, data: { board: 'KS', year: 2024, period: 3, name: 'P1', level: 'RN3', within: 'ÖKA', deadline: '2024-04-20', prevPeriod: 8 } });
    expect(r.status()).toBe(201);
    round = (await r.json()).round.id;
    const pages: Array<[string, string]> = [
      ['todo', '/todo'],
      ['rounds', '/rounds'],
      ['round-new', '/rounds/new'],
      ['round', `/rounds/${round}`],
      ['forecast', `/rounds/${round}/units/KAA`],
      ['unit-audit', `/rounds/${round}/units/KAA/audit`],
      ['goals', `/rounds/${round}/goals`],
      ['observations', `/rounds/${round}/observations`],
      ['texts', `/rounds/${round}/texts`],
      ['grids', `/rounds/${round}/grids`],
      ['grid', `/rounds/${round}/grids/balance-measures`],
      ['rollforward', `/rounds/${round}/rollforward`],
      ['text-analysis', `/rounds/${round}/texts/analysis`],
      ['dashboards', `/rounds/${round}/dashboards`],
      ['dashboards-unit', `/rounds/${round}/dashboards?enhet=KAA`],
      ['report', `/rounds/${round}/report`],
      ['round-audit', `/rounds/${round}/audit`],
      ['templates', '/templates'],
      ['password', '/account/password'],
    ];
    for (const [name, path] of pages) for (const size of SIZES) await visit(page, name, path, size);
    await context.close();
    const editor = await newUser(e);
    await logIn(editor.page, 'staben');
    for (const size of SIZES) await visit(editor.page, 'editor-forecast', `/rounds/${round}/units/KAA`, size);
    await editor.context.close();
    const admin = await newUser(e);
    await logIn(admin.page, 'admin');
    for (const size of SIZES) await visit(admin.page, 'users', '/admin/users', size);
    for (const size of SIZES) await visit(admin.page, 'user', '/admin/users/1', size);
    await admin.context.close();
  });
});
