// Accessibility of every page of the UI: axe-core (WCAG 2.0/2.1/2.2 A and AA plus best practice)
// in Debian's Chromium finds zero violations — for each role's view, with error messages shown,
// with the proposal explanation and the conflict dialog open, without a session, and after
// publishing. A screenshot of each page goes to test-artifacts/e2e/ (prefix a11y-).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations, haveChromium, logIn, newUser, pageErrors, screenshots, skipReason, BROWSER_TEST_TIMEOUT, startE2e, type E2e } from './support.ts';

describe.skipIf(!haveChromium)(`accessibility of every page${haveChromium ? '' : ` — ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let e: E2e;
  let round = 0;
  const shot = screenshots('a11y');
  const checked: string[] = [];

  async function check(page: Page, name: string, path?: string): Promise<void> {
    if (path !== undefined) await page.goto(path);
    const found = await axeViolations(page);
    await shot(page, name);
    expect(found, `axe: ${found.length} violation(s) on ${name} (${page.url()}):\n\n${describeViolations(found)}`).toEqual([]);
    expect(pageErrors(page), `browser errors on ${name}`).toEqual([]);
    // Every page: Swedish, one h1, a main landmark and a skip link to it.
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('main#main').count()).toBe(1);
    expect(await page.locator('a.skip-link[href="#main"]').count()).toBe(1);
    checked.push(name);
  }

  /** The API as a logged-in page's session (cookie and CSRF token). */
  async function apiOf(page: Page) {
    const me = await (await page.request.get('/api/me')).json();
    const headers = { 'x-csrf-token': me.csrfToken as string, origin: e.url };
    return {
      post: (path: string, data: unknown = {}) => page.request.post(path, { headers, data }),
      put: (path: string, data: unknown) => page.request.put(path, { headers, data }),
      get: async (path: string) => (await page.request.get(path)).json(),
    };
  }

  beforeAll(async () => {
    e = await startE2e();
  });

  afterAll(async () => {
    await e?.close();
  });

  it('has no violations on the log-in page, with an error, and on a page that does not exist', async () => {
    const { page, context } = await newUser(e);
    await check(page, 'login', '/login');
    await page.getByLabel('Användarnamn').fill('okand');
    await page.getByLabel('Lösenord').fill('fel-losenord-123');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.locator('.error-summary').waitFor();
    await check(page, 'login-error');
    const res = await page.goto('/finns-inte');
    expect(res?.status()).toBe(404);
    await check(page, 'not-found');
    await context.close();
  });

  it("has no violations on the controller's pages", async () => {
    const { page } = await newUser(e);
    await logIn(page, 'controller');
    await check(page, 'rounds-empty', '/rounds');
    await check(page, 'round-new', '/rounds/new');
    // The form comes filled with the board's next round: an empty name gives the error page.
    await page.getByLabel('Namn på prognosen').fill('');
    await page.getByRole('button', { name: 'Öppna uppföljningstillfället' }).click();
    await page.locator('.error-summary').waitFor();
    await check(page, 'round-new-error');

    const api = await apiOf(page);
    const r = await api.post('/api/rounds', { board: 'KS', year: 2024, period: 3, name: 'P1', level: 'RN3', within: 'ÖKA', deadline: '2024-04-20', prevPeriod: 8 });
    expect(r.status()).toBe(201);
    round = (await r.json()).round.id;
    await check(page, 'rounds', '/rounds');
    await check(page, 'round', `/rounds/${round}`);
    await page.getByText('Ändra sista dag, kommentarsgräns eller metod').click();
    await check(page, 'round-settings-open');

    await check(page, 'forecast-controller', `/rounds/${round}/units/KAA`);
    await page.getByText('Om förslagen:').click();
    await page.locator('tr[data-group="5"] summary').click();
    await check(page, 'forecast-explanations-open');
    // The conflict dialog, open (as after a 409).
    await page.evaluate(() => {
      const d = document.querySelector<HTMLDialogElement>('[data-conflict-dialog]')!;
      d.querySelector('[data-conflict-text]')!.textContent = 'Någon annan (staben, 2024-04-12 14:05) har ändrat värdet för 5 Personalkostnader till -12 000 tkr. Ditt värde är -12 500 tkr.';
      d.showModal();
    });
    await check(page, 'forecast-conflict-dialog');
    await page.keyboard.press('Escape');

    await check(page, 'goals', `/rounds/${round}/goals`);
    await check(page, 'texts', `/rounds/${round}/texts`);
    await check(page, 'text-analysis', `/rounds/${round}/texts/analysis`);
    await page.getByLabel('Text', { exact: true }).fill('Prognosen är **osäker**.\n\n<script>alert(1)</script>\n\n- personal\n- lokaler');
    await page.locator('#narrative-preview ul').waitFor();
    expect(await page.locator('#narrative-preview').innerHTML()).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    await check(page, 'text-analysis-preview');
    await check(page, 'dashboards', `/rounds/${round}/dashboards`);
    await check(page, 'report-preview', `/rounds/${round}/report`);
    await check(page, 'password', '/account/password');
    await page.getByRole('button', { name: 'Byt lösenord' }).click();
    await page.locator('.error-summary').waitFor();
    await check(page, 'password-error');
  });

  it("has no violations on a unit editor's pages: the grid, a refused submit, the read-only view, the change log", async () => {
    const { page } = await newUser(e);
    await logIn(page, 'staben');
    await check(page, 'editor-round', `/rounds/${round}`);
    await check(page, 'editor-forecast', `/rounds/${round}/units/KAA`);
    await page.getByRole('button', { name: 'Använd förslag för 5 Personalkostnader' }).click();
    await page.locator('#save-status').getByText('Sparat: 5 Personalkostnader').waitFor();
    // The imported forecast of KAA is more than 1 000 tkr off budget: a comment is required.
    await page.getByRole('button', { name: 'Skicka in prognosen' }).click();
    await page.locator('.error-summary').waitFor();
    await check(page, 'editor-forecast-comment-required');
    // The fallback without JavaScript: a row's form posted on a stale version shows the conflict on the page.
    const api = await apiOf(page);
    const grid = await api.get(`/api/rounds/${round}/units/KAA/forecast`);
    const row7 = grid.rows.find((x: { group: string }) => x.group === '7');
    expect((await api.put(`/api/rounds/${round}/units/KAA/forecast`, { group: '7', activity: '', amountOre: -6_000_000_000, version: row7.version })).status()).toBe(200);
    await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('tr[data-group="7"] input[data-forecast-input]')!;
      input.value = '-61 000';
      input.form!.submit();
    });
    await page.locator('#conflict-notice').waitFor();
    expect(((await page.locator('#conflict-notice').textContent()) ?? '').replace(/\s+/g, ' ')).toMatch(/Någon annan \(staben, .*\) har ändrat 7 Övriga kostnader till -60 000 tkr\. Ditt värde -61 000 är inte sparat\./);
    await check(page, 'editor-forecast-conflict-nojs');
    await page.goto(`/rounds/${round}/units/KAA`);
    await page.getByLabel('Kommentar', { exact: true }).fill('Högre personalkostnader än budgeterat.');
    await page.getByRole('button', { name: 'Skicka in prognosen' }).click();
    await page.waitForURL(/ok=submitted/);
    await check(page, 'editor-forecast-submitted');
    await check(page, 'editor-audit', `/rounds/${round}/units/KAA/audit`);
    await check(page, 'editor-dashboards', `/rounds/${round}/dashboards`);
    await check(page, 'editor-report', `/rounds/${round}/report`);
  });

  it('works without JavaScript: log-in, a row saved with its own button', async () => {
    const context = await e.browser.newContext({ baseURL: e.url, viewport: { width: 1366, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await logIn(page, 'ekonomi');
    await page.goto(`/rounds/${round}/units/KEK`);
    expect(await page.getAttribute('html', 'class')).toBe('no-js');
    await page.getByLabel('Prognos 2024 för 4 Inköp tillg o vhet samt bidrag, tkr').fill('-1 200');
    await page.getByRole('button', { name: 'Spara 4 Inköp tillg o vhet samt bidrag' }).click();
    await page.waitForURL(/ok=saved/);
    expect(await page.getByLabel('Prognos 2024 för 4 Inköp tillg o vhet samt bidrag, tkr').inputValue()).toBe('-1\u00a0200');
    expect(((await page.locator('tr[data-group="4"] [data-variance]').textContent()) ?? '').replace(/\s/g, ' ')).toBe('-1 200');
    await shot(page, 'forecast-without-javascript');
    await context.close();
  });

  it("has no violations on the admin's user page, with an error, nor on the audit log, observations, tables and intrapreneurships of the round", async () => {
    const { page } = await newUser(e);
    await logIn(page, 'admin');
    await check(page, 'users', '/admin/users');
    await page.getByLabel('Användarnamn').fill('ny användare');
    await page.getByRole('button', { name: 'Skapa användaren' }).click();
    await page.locator('.error-summary').waitFor();
    await check(page, 'users-error');
    await check(page, 'round-audit', `/rounds/${round}/audit`);
    await check(page, 'measures-goals-admin', `/rounds/${round}/goals#measures-heading`);
    await check(page, 'observations', `/rounds/${round}/observations`);
    await page.locator('#new-observation summary').click();
    await page.getByRole('button', { name: 'Lägg till iakttagelsen' }).click();
    await page.locator('.error-summary').waitFor();
    await check(page, 'observations-error');
    await check(page, 'grids', `/rounds/${round}/grids`);
    await check(page, 'grid-form', `/rounds/${round}/grids/balance-measures`);
    await page.getByLabel('Belopp, tkr, rad 1').fill('tolv');
    await page.getByRole('button', { name: 'Spara tabellen' }).click();
    await page.locator('.error-summary').waitFor();
    await check(page, 'grid-form-error');
    await check(page, 'rollforward', `/rounds/${round}/rollforward`);
    await page.locator('#new-intra summary').click();
    await page.getByLabel('Enhetskod').fill('KAA');
    await page.getByLabel('Ingående ackumulerat resultat, kr').fill('12.500');
    await page.getByRole('button', { name: 'Lägg till intraprenaden' }).click();
    await page.locator('.error-summary').waitFor();
    await check(page, 'rollforward-error');
  });

  it('has no violations once the round is published', async () => {
    const { page } = await newUser(e);
    await logIn(page, 'controller');
    const api = await apiOf(page);
    const detail = await api.get(`/api/rounds/${round}`);
    for (const u of detail.round.units as Array<{ code: string; status: string; comment: { text: string; version: number } }>) {
      const path = `/api/rounds/${round}/units/${encodeURIComponent(u.code)}`;
      if (u.status === 'open') {
        if (!u.comment.text) await api.put(`${path}/comment`, { text: 'Enligt budget.', version: u.comment.version });
        expect((await api.post(`${path}/submit`, { allowMissing: true })).status()).toBe(200);
      }
      expect((await api.post(`${path}/approve`)).status()).toBe(200);
    }
    await check(page, 'round-ready-to-publish', `/rounds/${round}`);
    expect((await api.post(`/api/rounds/${round}/publish`, { allowMissing: true, acknowledgeWarnings: true })).status()).toBe(200);
    await check(page, 'round-published', `/rounds/${round}`);
    // The report page reloads itself while the files are being made: check it once they are.
    await expect.poll(async () => (await api.get(`/api/rounds/${round}`)).round.renderings.pending, { timeout: 120_000, interval: 250 }).toEqual([]);
    await check(page, 'report-published', `/rounds/${round}/report`);
    await check(page, 'forecast-locked', `/rounds/${round}/units/KEK`);
    await check(page, 'goals-locked', `/rounds/${round}/goals`);
    await check(page, 'texts-locked', `/rounds/${round}/texts/proposal`);
    const reader = await newUser(e);
    await logIn(reader.page, 'lasare');
    await check(reader.page, 'reader-round', `/rounds/${round}`);
    expect(checked.length).toBeGreaterThanOrEqual(35);
  });

  it('has no violations on the templates page: empty, with an upload error and with a stored version', async () => {
    const { page } = await newUser(e);
    await logIn(page, 'controller');
    await check(page, 'templates-empty', '/templates');
    const upload = async (json: string) => {
      await page.setInputFiles('#template-file', { name: 'mall.json', mimeType: 'application/json', buffer: Buffer.from(json) });
      await page.getByRole('button', { name: 'Spara som ny version' }).click();
    };
    await upload(JSON.stringify({ id: 'ks', chapters: [{ id: 'a', number: '1', title: 'A', level: 4, blocks: [{ tabell: {} }] }] }));
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').innerText()).toContain('chapters[0].level');
    await check(page, 'templates-error');
    await upload(JSON.stringify({ id: 'ks', name: 'Delårsrapport KS', chapters: [{ id: 'a', number: '1', title: 'Förslag till beslut', level: 1, blocks: [{ narrative: 'proposal', required: true }] }] }));
    await page.locator('.notice--success').waitFor();
    await check(page, 'templates');
    await check(page, 'round-new-with-templates', '/rounds/new');
  });
});
