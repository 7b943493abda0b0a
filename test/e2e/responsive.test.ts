// The HTML report on a phone (390 px) and a laptop (1 366 px) in Debian's Chromium: the page never
// scrolls sideways; a wide table scrolls inside its own box (a named, focusable region) with its
// row labels fixed — for the demo report and for a published report's stable address.
// Screenshots in test-artifacts/e2e/ (prefix responsive-).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildDemo } from '../../src/demo/index.ts';
import { renderHtml } from '../../src/report/html/index.ts';
import { closePdfRenderer } from '../../src/report/pdf/index.ts';
import { DEMO_ROUND } from '../support/server.ts';
import { openTestStore } from '../support/store.ts';
import { axeViolations, describeViolations, haveChromium, logIn, newUser, screenshots, skipReason, BROWSER_TEST_TIMEOUT, startE2e, type E2e } from './support.ts';
import { writeRequiredTexts } from '../support/required-texts.ts';

const WIDTHS = [390, 1366] as const;

/** Page width against the viewport, and how the widest table box behaves when scrolled. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const boxes = [...document.querySelectorAll<HTMLElement>('.table-scroll')];
    const wide = boxes.sort((a, b) => b.scrollWidth - b.clientWidth - (a.scrollWidth - a.clientWidth))[0];
    let labelMoved: number | null = null;
    if (wide && wide.scrollWidth > wide.clientWidth) {
      const label = wide.querySelector<HTMLElement>('tbody th')!;
      const before = label.getBoundingClientRect().left;
      wide.scrollLeft = wide.scrollWidth;
      labelMoved = label.getBoundingClientRect().left - before;
      wide.scrollLeft = 0;
    }
    return {
      scrollWidth: doc.scrollWidth,
      clientWidth: doc.clientWidth,
      // a wide grid reflowed into one two-column block per row (table.record) is narrow by design
      tables: document.querySelectorAll('table:not(.record)').length,
      boxed: document.querySelectorAll('.table-scroll > table').length,
      scrollingBoxes: boxes.filter((b) => b.scrollWidth > b.clientWidth).length,
      labelMoved,
    };
  });
}

async function checkWidths(e: E2e, name: string, open: (page: Page) => Promise<void>, shot: (page: Page, name: string) => Promise<string>) {
  for (const width of WIDTHS) {
    const { page, context } = await newUser(e);
    await page.setViewportSize({ width, height: 844 });
    await open(page);
    const l = await layout(page);
    await shot(page, `${name}-${width}`);
    expect(l.scrollWidth, `${name} at ${width} px: the page is ${l.scrollWidth} px wide`).toBeLessThanOrEqual(l.clientWidth);
    expect(l.boxed, `${name}: every table (but the reflowed blocks) in a scroll box`).toBe(l.tables);
    if (width === 390) {
      expect(l.scrollingBoxes, `${name} at 390 px: wide tables scroll in their box`).toBeGreaterThan(0);
      expect(l.labelMoved, `${name} at 390 px: row labels stay in place`).toBe(0);
    }
    // axe in full: scrollable-region-focusable and landmark-unique among its rules.
    const found = await axeViolations(page);
    expect(found, describeViolations(found)).toEqual([]);
    await context.close();
  }
}

describe.skipIf(!haveChromium)(`the HTML report on a phone and a laptop${haveChromium ? '' : ` — ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let e: E2e;
  const shot = screenshots('responsive');
  beforeAll(async () => {
    e = await startE2e();
  });
  afterAll(async () => {
    await closePdfRenderer();
    await e?.close();
  });

  it('does not scroll the demo report sideways at 390 px or 1 366 px; its wide tables scroll in their own box', async () => {
    const store = await openTestStore('embedded');
    const html = renderHtml((await buildDemo(store)).report);
    await store.close();
    await checkWidths(e, 'demo', (page) => page.setContent(html, { waitUntil: 'load' }), shot);
  });

  it('does not scroll a published report sideways at 390 px or 1 366 px', async () => {
    const { page, context } = await newUser(e);
    await logIn(page, 'controller');
    const me = await (await page.request.get('/api/me')).json();
    const headers = { 'x-csrf-token': me.csrfToken as string, origin: e.url };
    const created = await (await page.request.post('/api/rounds', { headers, data: { ...DEMO_ROUND, name: 'P9', thresholdTkr: 1_000_000 } })).json();
    const id = created.round.id as number;
    for (const u of created.round.units as Array<{ code: string }>) {
      for (const step of ['submit', 'approve']) expect((await page.request.post(`/api/rounds/${id}/units/${encodeURIComponent(u.code)}/${step}`, { headers, data: { allowMissing: true } })).status()).toBe(200);
    }
    await writeRequiredTexts(async (path, body) => (await page.request.put(path, { headers, data: body })).status(), id);
    expect((await page.request.post(`/api/rounds/${id}/publish`, { headers, data: { allowMissing: true, acknowledgeWarnings: true } })).status()).toBe(200);
    const state = await context.storageState();
    await context.close();
    await checkWidths(
      e,
      'published',
      async (p) => {
        await p.context().addCookies(state.cookies);
        const res = await p.goto(`/published/${id}/report.html`);
        expect(res?.headers()['x-prognos-report']).toBe('published');
      },
      shot,
    );
  });
});
