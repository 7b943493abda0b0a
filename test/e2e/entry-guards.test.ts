// The entry guards in the grid (issue 11 item 2), in Chromium: "12.500" keeps the cursor on the
// cell with the question and the total unchanged; a personnel cost typed with the sign of an
// income asks in a dialog — "Nej, ändra" leaves it unsaved, "Ja, spara" saves it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST_TIMEOUT, axeViolations, describeViolations, eventually, haveChromium, logIn, newUser, pageErrors, screenshots, skipReason, startE2e, type E2e } from './support.ts';

describe.skipIf(!haveChromium)(`entry guards in the grid${haveChromium ? '' : ` — ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let e: E2e;
  let round = 0;
  const shot = screenshots('entry-guards');

  beforeAll(async () => {
    e = await startE2e();
    const { page, context } = await newUser(e);
    await logIn(page, 'controller');
    const r = await page.request.post('/api/rounds', {
      data: { board: 'KS', year: 2024, period: 3, name: 'P1', level: 'RN3', within: 'ÖKA', deadline: '2024-04-20', prevPeriod: 8 },
      headers: { 'x-csrf-token': (await page.locator('meta[name="csrf-token"]').getAttribute('content'))! },
    });
    expect(r.status()).toBe(201);
    round = (await r.json()).round.id as number;
    await context.close();
  });

  afterAll(async () => {
    await e?.close();
  });

  it('keeps the cursor on a cell typed as "12.500", says the question, and leaves the total as it was', async () => {
    const { page } = await newUser(e);
    await logIn(page, 'controller');
    await page.goto(`/rounds/${round}/units/KAA`);
    const staff = page.locator('tr[data-group="5"] input[data-forecast-input]');
    const total = page.locator('tr[data-total="operating"] [data-total-forecast]');
    const before = await total.textContent();
    await staff.fill('12.500');
    await staff.press('Enter');
    await eventually(() => page.locator('[data-save-status]').textContent()).toContain('Menar du 12 500 tkr eller 12,5 tkr?');
    expect(await staff.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await staff.getAttribute('aria-invalid')).toBe('true');
    expect(await total.textContent()).toBe(before);
    await shot(page, 'ambiguous-amount');
    const found = await axeViolations(page);
    expect(found, describeViolations(found)).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
  });

  it('asks in a dialog about a personnel cost typed with the sign of an income: "Nej" leaves it unsaved, "Ja" saves it', async () => {
    const { page } = await newUser(e);
    await logIn(page, 'controller');
    await page.goto(`/rounds/${round}/units/KAA`);
    const staff = page.locator('tr[data-group="5"] input[data-forecast-input]');
    const dialog = page.locator('dialog[data-question-dialog]');
    await staff.fill('45 000');
    await staff.press('Enter');
    await eventually(() => dialog.isVisible()).toBe(true);
    const asked = await dialog.locator('[data-question-text]').textContent();
    expect(asked, asked ?? '').toMatch(/^Personalkostnader \(5\) för KAA Staben: prognosen 45.000 tkr har motsatt tecken/);
    await shot(page, 'sign-question');
    await dialog.getByRole('button', { name: 'Nej, ändra' }).click();
    await eventually(() => staff.evaluate((el) => el === document.activeElement)).toBe(true);
    const grid = async () => (await (await page.request.get(`/api/rounds/${round}/units/KAA/forecast`)).json()).rows.find((r: { group: string }) => r.group === '5');
    expect((await grid()).updatedBy).toBeNull();
    await staff.press('Enter');
    await eventually(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Ja, spara' }).click();
    await eventually(async () => (await grid()).tkr.forecast).toBe(45000);
    expect(pageErrors(page)).toEqual([]);
  });
});
