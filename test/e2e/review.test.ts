// The review page in Debian's Chromium: the controller sorts and filters the unit list, approves
// every submitted unit with one button, reopens one with a reason on its page, and sees the
// to-do page; axe-core finds nothing on any of them. Screenshots: test-artifacts/e2e/review-*.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, BROWSER_TEST_TIMEOUT, describeViolations, haveChromium, logIn, newUser, pageErrors, screenshots, skipReason, startE2e, type E2e } from './support.ts';

describe.skipIf(!haveChromium)(`the review page${haveChromium ? '' : ` — ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let e: E2e;
  let page: Page;
  let round = 0;
  const shot = screenshots('review');

  async function accessible(name: string): Promise<void> {
    const found = await axeViolations(page);
    await shot(page, name);
    expect(found, `axe: ${found.length} violation(s) on ${name}:\n\n${describeViolations(found)}`).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
  }

  beforeAll(async () => {
    e = await startE2e();
    ({ page } = await newUser(e));
    await page.goto('/login');
    await logIn(page, 'controller');
    const me = await (await page.request.get('/api/me')).json();
    const headers = { 'x-csrf-token': me.csrfToken as string, origin: e.url };
    const opened = await page.request.post('/api/rounds', { headers, data: { board: 'KS', year: 2024, period: 3, name: 'P7', level: 'RN3', within: 'ÖKA', deadline: '2024-04-20' } });
    expect(opened.status()).toBe(201);
    round = (await opened.json()).round.id;
    for (const code of ['KAA', 'KEK', 'KHR']) {
      await page.request.put(`/api/rounds/${round}/units/${code}/comment`, { headers, data: { text: `Avvikelsen för ${code} beror på vakanser.`, version: 0 } });
      expect((await page.request.post(`/api/rounds/${round}/units/${code}/submit`, { headers, data: { allowMissing: true } })).status()).toBe(200);
    }
  });

  afterAll(async () => {
    await e?.close();
  });

  it('sorts and filters the unit list without JavaScript-only controls, then approves all submitted with one button', async () => {
    await page.goto(`/rounds/${round}`);
    await accessible('unit-list');
    await page.getByRole('link', { name: /^Avvikelse/ }).click();
    await page.waitForURL(/sort=variance/);
    expect(await page.getAttribute('th[aria-sort]', 'aria-sort')).toBe('ascending');
    await page.locator('#filter-status').selectOption('submitted');
    await page.getByRole('button', { name: 'Filtrera' }).click();
    await page.waitForURL(/status=submitted/);
    expect(await page.locator('#units-table tbody tr').count()).toBe(3);
    await accessible('unit-list-filtered');
    await page.getByRole('button', { name: 'Godkänn alla inskickade (3)' }).click();
    await page.waitForURL(/ok=bulk-approved/);
    expect(await page.locator('.notice--success').innerText()).toContain('3 inskickade enheter är godkända.');
    await accessible('unit-list-approved');
  });

  it('reopens a unit on its page only with a reason, and shows the reason there', async () => {
    await page.goto(`/rounds/${round}`);
    await page.getByRole('link', { name: 'Återöppna KEK Ekonomiavdelningen' }).click();
    await page.getByRole('button', { name: 'Återöppna prognosen' }).click();
    await page.locator('.error-summary').waitFor();
    await accessible('unit-reopen-error');
    await page.getByLabel('Skäl till återöppning').fill('Lönerevisionen saknas i personalkostnaderna.');
    await page.getByRole('button', { name: 'Återöppna prognosen' }).click();
    await page.waitForURL(/ok=reopened/);
    expect(await page.locator('#review-heading + .notice').innerText()).toContain('Skäl: Lönerevisionen saknas i personalkostnaderna.');
    await page.getByLabel('Gäller').selectOption('5');
    await page.getByLabel('Granskningskommentar').fill('Stämmer vakanserna med bemanningsplanen?');
    await page.getByRole('button', { name: 'Lägg till kommentaren' }).click();
    await page.waitForURL(/ok=note/);
    await accessible('unit-review');
  });

  it('lists the controller to-do on the start page', async () => {
    await page.goto('/');
    await page.waitForURL(/\/todo$/);
    expect(await page.locator('h1').innerText()).toBe('Att göra');
    await accessible('todo');
  });
});
