// Reference report 001 in Debian's Chromium: Kommunstyrelsen's Årsberättelse 2021 as a year-end
// round of organisation demo-2021 with the board's own stored template. The controller opens the
// round on the web choosing that template, a unit manager writes a comment and submits without a
// forecast grid, the controller approves all and publishes; the published report has 001's
// headings, year-end wording and 001's printed figures. Screenshots: test-artifacts/e2e/arsberattelse-2021-*.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { REPORT_001 } from '../../src/demo/reports/r001/index.ts';
import { DEMO_PASSWORD } from '../../src/web/index.ts';
import { upsertUsers } from '../../src/web/seed.ts';
import { BROWSER_TEST_TIMEOUT, haveChromium, newUser, pageErrors, screenshots, skipReason, startE2e, type E2e } from './support.ts';

const ORG = REPORT_001.orgId;

async function logInTo(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  if ((await page.locator('#organisation').count()) > 0) await page.locator('#organisation').selectOption(ORG);
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

describe.skipIf(!haveChromium)(`Årsberättelse 2021 (reference report 001)${haveChromium ? '' : ` — ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let e: E2e;
  let controller: Page;
  let unit: Page;
  const shot = screenshots('arsberattelse-2021');

  beforeAll(async () => {
    e = await startE2e();
    await e.store.ensureOrganisation(ORG, REPORT_001.organisationName);
    await REPORT_001.load(e.store, ORG);
    await upsertUsers(e.store, ORG, [
      { username: 'controller', displayName: 'Karin Berg', role: 'controller', units: [], about: 'controller' },
      { username: 'valnamnd', displayName: 'Erik Holm', role: 'unit_editor', units: ['ÖVA'], about: 'enhetsredigerare för ÖVA Valnämnd' },
    ], DEMO_PASSWORD);
    ({ page: controller } = await newUser(e));
    ({ page: unit } = await newUser(e));
    await logInTo(controller, 'controller');
    await logInTo(unit, 'valnamnd');
  });
  afterAll(async () => {
    await e?.close();
  });

  it('runs the Årsberättelse 2021 as a year-end round with the board’s template and publishes 001’s headings and figures', async () => {
    const me0 = await (await controller.request.get('/api/me')).json();
    expect(me0.organisation?.id ?? me0.user?.orgId ?? ORG).toBe(ORG);
    const h0 = { 'x-csrf-token': me0.csrfToken as string, origin: e.url };
    const stored = await controller.request.post('/api/templates/KS', { headers: h0, data: REPORT_001.template });
    expect(stored.status()).toBe(201);
    const version = (await stored.json()).template.version as number;

    await controller.goto('/rounds/new');
    await controller.locator('#year').fill('2021');
    await controller.locator('#period').selectOption('12');
    await controller.locator('#kind').selectOption('year-end');
    await controller.locator('#name').fill('B');
    await controller.locator('#level').selectOption('RN1');
    await controller.locator('#template').selectOption(`${REPORT_001.template.id}@${version}`);
    await shot(controller, 'new-round');
    await controller.getByRole('button', { name: 'Öppna uppföljningstillfället' }).click();
    await controller.waitForURL(/\/rounds\/\d+\?ok=opened/);
    const id = Number(/\/rounds\/(\d+)/.exec(controller.url())![1]);
    const me = await (await controller.request.get('/api/me')).json();
    const headers = { 'x-csrf-token': me.csrfToken as string, origin: e.url };
    const round = (await (await controller.request.get(`/api/rounds/${id}`)).json()).round;
    expect(round).toMatchObject({ kind: 'year-end', kindName: 'Bokslut', template: { id: REPORT_001.template.id } });

    await unit.goto(`/rounds/${id}/units/${encodeURIComponent('ÖVA')}`);
    expect(await unit.locator('h1').innerText()).toBe('Bokslut för ÖVA Valnämnd');
    expect(await unit.locator('#forecast-grid').count()).toBe(0);
    await unit.locator('#comment').fill('Valnämnden höll sin budget.');
    await unit.getByRole('button', { name: 'Spara kommentaren' }).click();
    await unit.waitForURL(/ok=/);
    await shot(unit, 'unit');
    await unit.getByRole('button', { name: 'Skicka in bokslutet' }).click();
    await unit.waitForURL(/ok=/);
    expect(pageErrors(unit)).toEqual([]);

    for (const u of round.units as Array<{ code: string }>) {
      if (u.code !== 'ÖVA') expect((await controller.request.post(`/api/rounds/${id}/units/${encodeURIComponent(u.code)}/submit`, { headers })).status()).toBe(200);
      expect((await controller.request.post(`/api/rounds/${id}/units/${encodeURIComponent(u.code)}/approve`, { headers })).status()).toBe(200);
    }
    await controller.goto(`/rounds/${id}`);
    await controller.getByLabel('Jag har granskat rapporten och vill publicera den').check();
    await controller.getByRole('button', { name: 'Publicera', exact: true }).click();
    await controller.waitForLoadState();
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
    expect(headings.some((h) => /Kommundirektörens analys av verksamhetens resultat/.test(h))).toBe(true);
    expect(headings.some((h) => /Budgetavvikelse, intäkts- och kostnadsutveckling/.test(h))).toBe(true);
    expect(headings.some((h) => /Händelser av väsentlig betydelse/.test(h))).toBe(true);
    expect(headings.filter((h) => /prognos/i.test(h))).toEqual([]);
    const body = await controller.locator('body').innerText();
    expect(body).toContain('Valnämnden höll sin budget.');
    // 2.1's text as the report prints it (imported content of round B).
    expect(body).toContain('Kommunen har kunnat upprätthålla en fungerande verksamhet trots stora osäkerheter i omvärlden');
    // 001-01's total Utfall (−43 495 tkr) and 001-03's (−459 981 tkr), as the source prints them.
    expect(body).toMatch(/-43\s495/);
    expect(body).toMatch(/-459\s981/);
    expect(body).toContain('2021 Utfall Ack dec');
    await shot(controller, 'report');
  });
});
