// User administration in Debian's Chromium: an admin opens a user's page, changes the role and
// units, sets a temporary password that must be changed and sees the change in the history;
// the user is then sent to the password page at log-in. axe-core (WCAG 2.x A/AA and best
// practice) finds nothing on the list and on the user's page, also with an error shown.
// Screenshots go to test-artifacts/e2e/ (prefix users-).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations, haveChromium, logIn, newUser, pageErrors, screenshots, skipReason, BROWSER_TEST_TIMEOUT, startE2e, type E2e } from './support.ts';

describe.skipIf(!haveChromium)(`user administration in the browser${haveChromium ? '' : ` — ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let e: E2e;
  const shot = screenshots('users');

  async function check(page: Page, name: string): Promise<void> {
    const found = await axeViolations(page);
    await shot(page, name);
    expect(found, `axe: ${found.length} violation(s) on ${name} (${page.url()}):\n\n${describeViolations(found)}`).toEqual([]);
    expect(pageErrors(page), `browser errors on ${name}`).toEqual([]);
    expect(await page.locator('h1').count()).toBe(1);
  }

  beforeAll(async () => {
    e = await startE2e();
  });
  afterAll(async () => {
    await e?.close();
  });

  it('changes a user’s role and units, resets the password with a forced change, and shows it in the history, with no axe violations', async () => {
    const { page, context } = await newUser(e);
    await logIn(page, 'admin');
    await page.goto('/admin/users');
    await check(page, 'list');
    await page.getByRole('link', { name: 'lasare', exact: true }).click();
    await page.waitForURL(/\/admin\/users\/\d+$/);
    await check(page, 'user');
    expect(await page.locator('h1').textContent()).toBe('Användaren lasare');

    // An editor needs units: the error is shown on the page.
    await page.getByLabel('Roll', { exact: true }).selectOption('unit_editor');
    await page.getByLabel('Enheter', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Spara ändringarna' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').textContent()).toMatch(/Rollen Enhetsredigerare behöver minst en enhet/i);
    await check(page, 'user-error');

    await page.getByLabel('Enheter', { exact: true }).fill('KAA');
    await page.getByRole('button', { name: 'Spara ändringarna' }).click();
    await page.waitForURL(/ok=user-saved/);
    expect(await page.locator('.notice').first().textContent()).toContain('Ändringarna av lasare är sparade.');

    await page.getByLabel('Tillfälligt lösenord').fill('ett-tillfalligt-losenord');
    await page.getByRole('button', { name: 'Sätt lösenordet' }).click();
    await page.waitForURL(/ok=user-password/);
    const history = await page.locator('table').last().textContent();
    expect(history).toContain('Nytt lösenord av administratör');
    expect(history).toContain('roll: Läsare → Enhetsredigerare');
    expect(history).toContain('enheter: alla → KAA');
    expect(await page.locator('.facts').textContent()).toContain('måste byta lösenord vid nästa inloggning');
    await check(page, 'user-after');
    await context.close();

    // The user logs in with the temporary password and is asked for a new one first.
    const u = await newUser(e);
    await u.page.goto('/login');
    await u.page.getByLabel('Användarnamn').fill('lasare');
    await u.page.getByLabel('Lösenord', { exact: true }).fill('ett-tillfalligt-losenord');
    await u.page.getByRole('button', { name: 'Logga in' }).click();
    await u.page.waitForURL(/\/account\/password$/);
    expect(await u.page.locator('.notice').first().textContent()).toContain('Välj ett eget lösenord innan du fortsätter');
    await u.page.goto('/rounds');
    expect(new URL(u.page.url()).pathname).toBe('/account/password');
    await check(u.page, 'must-change');
    await u.context.close();
  });
});
