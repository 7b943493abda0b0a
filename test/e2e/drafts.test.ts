// Nothing typed is lost (issue 11): the goals page is one form, whose unsaved edits survive leaving
// the page, and a comment typed when the session has timed out comes back after
// logging in again. Regression tests for both, in Chromium with a short idle timeout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BROWSER_TEST_TIMEOUT, axeViolations, describeViolations, eventually, haveChromium, logIn, newUser, pageErrors, screenshots, skipReason, startE2e, type E2e } from './support.ts';

/** The idle timeout of the server under test: long enough to log in and type, short enough to wait for. */
const IDLE_MINUTES = 0.5;

async function openRound(e: E2e): Promise<number> {
  const { page, context } = await newUser(e);
  await logIn(page, 'controller');
  const r = await page.request.post('/api/rounds', {
    data: { board: 'KS', year: 2024, period: 3, name: 'P1', level: 'RN3', within: 'ÖKA', deadline: '2024-04-20', prevPeriod: 8 },
    headers: { 'x-csrf-token': (await page.locator('meta[name="csrf-token"]').getAttribute('content'))! },
  });
  expect(r.status()).toBe(201);
  const id = (await r.json()).round.id as number;
  await context.close();
  return id;
}

/** The goal and assignment items of the goals page, all in its one status form. */
const goalItems = (page: Page) => page.locator('#status-form .status-item__form');

describe.skipIf(!haveChromium)(`drafts in the browser${haveChromium ? '' : ` — ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let e: E2e;
  let round = 0;
  const shot = screenshots('drafts');

  beforeAll(async () => {
    e = await startE2e();
    round = await openRound(e);
  });

  afterAll(async () => {
    await e?.close();
  });

  it('keeps what is typed into the goals page through a reload, saves every change with its one button, and discards a draft on "Ångra"', async () => {
    const { page } = await newUser(e);
    await logIn(page, 'controller');
    await page.goto(`/rounds/${round}/goals`);
    expect(await page.locator('form[action$="/statuses"]').count()).toBe(1);
    await goalItems(page).nth(0).getByLabel('Kommentar').fill('Utkast till mål A, inte sparat.');
    await goalItems(page).nth(1).getByLabel('Status').selectOption({ index: 1 });
    const chosen = await goalItems(page).nth(1).getByLabel('Status').inputValue();
    // Leaving the page unsaved (here: a reload) keeps both edits, with a notice and a way to discard them.
    await page.reload();
    await expect.poll(() => goalItems(page).nth(0).getByLabel('Kommentar').inputValue()).toBe('Utkast till mål A, inte sparat.');
    expect(await goalItems(page).nth(1).getByLabel('Status').inputValue()).toBe(chosen);
    await expect(page.locator('.draft-notice').first().textContent()).resolves.toContain('Osparade ändringar');
    await shot(page, 'goal-draft-restored');
    const found = await axeViolations(page);
    expect(found, describeViolations(found)).toEqual([]);

    // One save stores both; the draft ends: a reload shows the saved values and no notice.
    await page.getByRole('button', { name: 'Spara ändringarna' }).click();
    await page.waitForURL(/ok=status/);
    await page.reload();
    expect(await goalItems(page).nth(0).getByLabel('Kommentar').inputValue()).toBe('Utkast till mål A, inte sparat.');
    expect(await goalItems(page).nth(1).getByLabel('Status').inputValue()).toBe(chosen);
    expect(await page.locator('.draft-notice').count()).toBe(0);

    // "Ångra" discards a draft and shows the saved values again.
    await goalItems(page).nth(0).getByLabel('Kommentar').fill('Ett annat utkast.');
    await page.reload();
    await page.getByRole('button', { name: 'Ångra de osparade ändringarna' }).click();
    expect(await goalItems(page).nth(0).getByLabel('Kommentar').inputValue()).toBe('Utkast till mål A, inte sparat.');
    await page.reload();
    expect(await page.locator('.draft-notice').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });

});

describe.skipIf(!haveChromium)(`the session timeout in the browser${haveChromium ? '' : ` — ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let e: E2e;
  let round = 0;
  const shot = screenshots('session-timeout');

  beforeAll(async () => {
    e = await startE2e({ sessionIdleMinutes: IDLE_MINUTES });
    round = await openRound(e);
  });

  afterAll(async () => {
    await e?.close();
  });

  it('warns before the session times out, and a comment typed after it comes back once logged in again', async () => {
    const { page } = await newUser(e);
    await logIn(page, 'staben');
    await page.goto(`/rounds/${round}/units/KAA`);
    // The warning comes two minutes before the end: with a 30-second timeout, at once.
    await eventually(() => page.locator('#session-warning').textContent()).toContain('Du loggas ut om');
    await shot(page, 'session-warning');
    await page.getByLabel('Kommentar', { exact: true }).fill('Personalkostnaderna ökar med två tjänster.');
    await expect.poll(() => page.locator('#session-warning').textContent(), { timeout: 90_000, interval: 500 }).toContain('Du har loggats ut');
    // The server has ended it too: its clock of the last activity is never later than the page's.
    await shot(page, 'session-ended');
    await page.getByRole('button', { name: 'Spara kommentaren' }).click();
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Användarnamn').fill('staben');
    await page.getByLabel('Lösenord').fill('prognos-demo-2024');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(new RegExp(`/rounds/${round}/units/KAA`));
    expect(await page.getByLabel('Kommentar', { exact: true }).inputValue()).toBe('Personalkostnaderna ökar med två tjänster.');
    await expect(page.locator('#comment-form .draft-notice').textContent()).resolves.toContain('Osparade ändringar');
    await shot(page, 'comment-restored-after-login');
    await page.getByRole('button', { name: 'Spara kommentaren' }).click();
    await page.waitForURL(/ok=comment/);
    expect(await page.getByLabel('Kommentar', { exact: true }).inputValue()).toBe('Personalkostnaderna ökar med två tjänster.');
    expect(await page.locator('.draft-notice').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });
});
