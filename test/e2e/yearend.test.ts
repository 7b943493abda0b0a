// A year-end round (bokslut) in Debian's Chromium: the controller opens it with the built-in
// Årsberättelse, the unit manager writes the comment and submits without any forecast grid, the
// controller approves and publishes, and the published report says Bokslut/Utfall, has no
// Prognos heading and prints the comparison with P1. Screenshots: test-artifacts/e2e/yearend-*.
// The demo's ledger holds 2023–2024 (no 2021 yet), so the round is the demo's closed year 2023.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BROWSER_TEST_TIMEOUT, haveChromium, logIn, newUser, pageErrors, screenshots, skipReason, startE2e, type E2e } from './support.ts';

describe.skipIf(!haveChromium)(`the year-end round${haveChromium ? '' : ` — ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let e: E2e;
  let controller: Page;
  let unit: Page;
  const shot = screenshots('yearend');

  beforeAll(async () => {
    e = await startE2e();
    ({ page: controller } = await newUser(e));
    ({ page: unit } = await newUser(e));
    await logIn(controller, 'controller');
    await logIn(unit, 'staben');
  });
  afterAll(async () => {
    await e?.close();
  });

  it('opens a bokslut, takes text and comment without a forecast grid, publishes it with year-end wording and the comparison fact', async () => {
    // P1 of the same year, with one forecast: what the year-end text compares with.
    const me0 = await (await controller.request.get('/api/me')).json();
    const h0 = { 'x-csrf-token': me0.csrfToken as string, origin: e.url };
    const p1 = await controller.request.post('/api/rounds', { headers: h0, data: { board: 'KS', year: 2023, period: 3, name: 'P1', level: 'RN3', within: 'ÖKA' } });
    expect(p1.status()).toBe(201);
    const p1Id = (await p1.json()).round.id as number;
    expect((await controller.request.put(`/api/rounds/${p1Id}/units/KAA/forecast`, { headers: h0, data: { group: '4', activity: '', amountOre: -5_000_000_000, version: 0 } })).status()).toBe(200);
    await controller.goto('/rounds/new');
    await controller.locator('#year').fill('2023');
    await controller.locator('#period').selectOption('12');
    await controller.locator('#kind').selectOption('year-end');
    await controller.locator('#name').fill('B');
    await controller.locator('#level').selectOption('RN3');
    await controller.locator('#within').selectOption('ÖKA');
    await controller.locator('#template').selectOption('standard');
    await shot(controller, 'new-round');
    await controller.getByRole('button', { name: 'Öppna uppföljningstillfället' }).click();
    await controller.waitForURL(/\/rounds\/\d+\?ok=opened/);
    const id = Number(/\/rounds\/(\d+)/.exec(controller.url())![1]);

    const me = await (await controller.request.get('/api/me')).json();
    const headers = { 'x-csrf-token': me.csrfToken as string, origin: e.url };
    const round = (await (await controller.request.get(`/api/rounds/${id}`)).json()).round;
    expect(round).toMatchObject({ kind: 'year-end', kindName: 'Bokslut', template: null });
    const proposal = await controller.request.put(`/api/rounds/${id}/narratives/proposal`, { headers, data: { title: '', text: 'Nämndens resultat: {jämförelse:P1}.', version: 0 } });
    expect(proposal.status()).toBe(200);
    expect((await controller.request.put(`/api/rounds/${id}/narratives/analysis`, { headers, data: { title: '', text: 'Året slutade med ett överskott.', version: 0 } })).status()).toBe(200);

    // The unit manager: no forecast grid, a comment, submit.
    await unit.goto(`/rounds/${id}/units/KAA`);
    expect(await unit.locator('h1').innerText()).toBe('Bokslut för KAA Staben');
    expect(await unit.locator('#forecast-grid').count()).toBe(0);
    await unit.locator('#comment').fill('Staben höll budget tack vare vakanser.');
    await unit.getByRole('button', { name: 'Spara kommentaren' }).click();
    await unit.waitForURL(/ok=/);
    await shot(unit, 'unit');
    await unit.getByRole('button', { name: 'Skicka in bokslutet' }).click();
    await unit.waitForURL(/ok=/);
    expect(pageErrors(unit)).toEqual([]);

    // The other units, then the controller approves everything and publishes.
    for (const u of round.units as Array<{ code: string }>) {
      if (u.code !== 'KAA') expect((await controller.request.post(`/api/rounds/${id}/units/${u.code}/submit`, { headers })).status()).toBe(200);
      expect((await controller.request.post(`/api/rounds/${id}/units/${u.code}/approve`, { headers })).status()).toBe(200);
    }
    await controller.goto(`/rounds/${id}`);
    await controller.getByLabel('Jag har granskat rapporten och vill publicera den').check();
    await controller.getByRole('button', { name: 'Publicera', exact: true }).click();
    await controller.waitForLoadState();
    // The check's warnings (texts the demo leaves unwritten) are acknowledged, as a controller would.
    if (!/ok=published/.test(controller.url()) && (await controller.locator('#acknowledge-warnings').count()) > 0) {
      await shot(controller, 'publish-warnings');
      await controller.locator('#acknowledge-warnings').check();
      const reviewed = controller.getByLabel('Jag har granskat rapporten och vill publicera den');
      if ((await reviewed.count()) > 0) await reviewed.check();
      await controller.getByRole('button', { name: 'Publicera', exact: true }).click();
    }
    await controller.waitForURL(/ok=published/).catch(async (err: unknown) => {
      await shot(controller, 'publish-failed');
      throw err;
    });
    await shot(controller, 'published');

    await controller.goto(`/published/${id}/report.html`);
    const headings = await controller.locator('h1, h2, h3').allInnerTexts();
    expect(headings.some((h) => /Ekonomiskt resultat 2023/.test(h))).toBe(true);
    expect(headings.filter((h) => /prognos/i.test(h))).toEqual([]);
    const body = await controller.locator('body').innerText();
    expect(body).toContain('Bokslut 2023');
    expect(body).toMatch(/Nämndens resultat: (förbättring|försämring) \d+,\d mnkr sedan prognos 1\./);
    expect(body).toContain('Staben höll budget tack vare vakanser.');
    await shot(controller, 'report');
  });
});
