// Single sign-on in Chromium against a real OpenID provider (oidc-provider) started by the test:
// the log-in page's "Logga in med …" button → the provider's log-in form → its consent page →
// back in Prognos with the role and units the groups map to. A controller sees every unit of the
// round; a unit editor whose group maps to KAA sees only KAA and logs out at the provider too;
// a user whose groups map to nothing gets the Swedish refusal. Screenshots in test-artifacts/e2e/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_ORG } from '../../src/demo/index.ts';
import { SSO_ERRORS } from '../../src/server/oidc/index.ts';
import { DEMO_ROUND } from '../support/server.ts';
import { setOidcConfig, setRoleMapping } from '../../src/store/oidc.ts';
import { DEMO_PASSWORD } from '../../src/web/index.ts';
import { startOidcProvider, type TestProvider } from '../support/oidc-provider.ts';
import { axeViolations, BROWSER_TEST_TIMEOUT, describeViolations, haveChromium, newUser, screenshots, skipReason, startE2e, type E2e } from './support.ts';

async function noAxeViolations(page: Page): Promise<void> {
  const v = await axeViolations(page);
  expect(v, describeViolations(v)).toEqual([]);
}

const PROVIDER = 'Kommunens inloggning';
const TITLE = 'Delårsrapport med prognos 1 2024 – Kommunstyrelsen';
const SECRET_ENV = 'PROGNOS_E2E_OIDC_SECRET';
const text = async (page: Page, selector: string): Promise<string> => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** Opens the demo round as the demo's controller, with a password, over HTTP. */
async function openRound(url: string): Promise<void> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ username: 'controller', password: DEMO_PASSWORD }) });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const r = await fetch(`${url}/api/rounds`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url, cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify(DEMO_ROUND) });
  if (r.status !== 201) throw new Error(`opening the round failed: ${r.status} ${await r.text()}`);
}

/** From Prognos's log-in page through the provider's log-in form and consent. */
async function ssoLogIn(page: Page, login: string, shot: (p: Page, n: string) => Promise<string>): Promise<void> {
  await page.goto('/login');
  await page.getByRole('link', { name: `Logga in med ${PROVIDER}` }).click();
  await page.waitForURL((u) => u.pathname.startsWith('/interaction/'));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('hos-leverantoren');
  await shot(page, `${login}-provider-login`);
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).waitFor();
  await shot(page, `${login}-provider-consent`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/interaction/') && !u.pathname.startsWith('/auth/'));
}

describe.skipIf(!haveChromium)(`single sign-on in the browser${haveChromium ? '' : ` — ${skipReason}`}`, { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let e: E2e;
  let op: TestProvider;
  const shot = screenshots('sso');

  beforeAll(async () => {
    e = await startE2e();
    op = await startOidcProvider({
      accounts: {
        karin: { name: 'Karin Kontroll', preferred_username: 'karin@kommun.test', groups: ['g-ekonomer', 'g-alla'] },
        erik: { name: 'Erik Enhetschef', preferred_username: 'erik@kommun.test', groups: ['g-staben', 'g-alla'] },
        olle: { name: 'Olle Obehörig', preferred_username: 'olle@kommun.test', groups: ['g-alla'] },
      },
      redirectUris: [`${e.url}/auth/oidc/callback`],
      postLogoutRedirectUris: [`${e.url}/login?utloggad`],
    });
    process.env[SECRET_ENV] = op.clientSecret;
    await setOidcConfig(e.store.db, DEMO_ORG, { displayName: PROVIDER, issuer: op.issuer, clientId: op.clientId, clientSecretRef: `env:${SECRET_ENV}`, scopes: 'openid profile email groups', createUsers: true });
    await setRoleMapping(e.store.db, DEMO_ORG, { value: 'g-ekonomer', role: 'controller', units: [] });
    await setRoleMapping(e.store.db, DEMO_ORG, { value: 'g-staben', role: 'unit_editor', units: ['KAA'] });
    await openRound(e.url);
  });

  afterAll(async () => {
    await e?.close();
    await op?.close();
  });

  it('a controller logs in at the provider (log-in form, consent) and is back in Prognos as controller, seeing every unit of the round', async () => {
    const { context, page } = await newUser(e);
    await page.goto('/login');
    expect(await page.getByRole('link', { name: `Logga in med ${PROVIDER}` }).count()).toBe(1);
    await shot(page, 'login-page');
    await noAxeViolations(page);
    await ssoLogIn(page, 'karin', shot);
    expect(new URL(page.url()).pathname).toBe('/rounds');
    expect(await text(page, '.user-menu__who')).toBe('Karin Kontroll Controller (ekonom)');
    await page.getByRole('link', { name: TITLE }).click();
    expect(await page.locator('#units-table tbody tr').count()).toBe(14);
    await shot(page, 'karin-round');
    await context.close();
  });

  it('a user whose group maps to unit editor for KAA sees only KAA, and logging out ends the session here and at the provider', async () => {
    const { context, page } = await newUser(e);
    await ssoLogIn(page, 'erik', shot);
    expect(await text(page, '.user-menu__who')).toBe('Erik Enhetschef Enhetsredigerare KAA');
    await page.getByRole('link', { name: TITLE }).click();
    expect(await page.locator('#units-table tbody tr').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Ange prognos för KAA Staben' }).count()).toBe(1);
    await shot(page, 'erik-round');
    // Log-out: Prognos's session ends, the browser goes on to the provider's log-out.
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click({ timeout: 15_000 });
    await page.waitForURL((u) => u.pathname === '/login');
    expect(await text(page, '.notice')).toContain('Du är utloggad.');
    await shot(page, 'erik-logged-out');
    await page.goto('/rounds');
    expect(new URL(page.url()).pathname).toBe('/login');
    // The provider's session ended too: the next log-in asks for the provider's log-in form again.
    await page.getByRole('link', { name: `Logga in med ${PROVIDER}` }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/interaction/'));
    expect(await page.locator('input[name="login"]').count()).toBe(1);
    await context.close();
  });

  it('a user whose groups map to no role gets the Swedish refusal and no session', async () => {
    const { context, page } = await newUser(e);
    await ssoLogIn(page, 'olle', shot);
    expect(new URL(page.url()).pathname).toBe('/login/sso-fel');
    expect(await text(page, 'h1')).toBe('Inloggningen misslyckades');
    expect(await text(page, '.notice')).toBe(SSO_ERRORS['no-role']);
    await shot(page, 'olle-refused');
    await noAxeViolations(page);
    await page.goto('/rounds');
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });
});
