// Single sign-on against a real OpenID provider (oidc-provider on loopback), through the app
// in-process: the start and callback routes, claim mapping, users created or linked, refusals
// with their Swedish pages, passwords switched off, log-out at the provider. Both stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../store/audit.ts';
import { getOidcConfig, setOidcConfig, setRoleMapping } from '../../store/oidc.ts';
import { listUsers, updateUser } from '../../store/users.ts';
import { DEMO_ORG } from '../../demo/index.ts';
import { testBackends } from '../../../test/support/store.ts';
import { logInAt, startOidcProvider, type TestAccount, type TestProvider } from '../../../test/support/oidc-provider.ts';
import { Client, demoWorld, PASSWORD, type TestApp, type World } from '../../../test/support/server.ts';
import { mapAccess, SSO_ERRORS, usernameOf } from './index.ts';

const BASE = 'http://localhost';
const SECRET_ENV = 'PROGNOS_TEST_OIDC_SECRET';

const ACCOUNTS: Record<string, TestAccount> = {
  anna: { name: 'Anna Andersson', preferred_username: 'anna@kommun.test', groups: ['prognos-controllers', 'alla-anstallda'] },
  erik: { name: 'Erik Enhetschef', preferred_username: 'erik@kommun.test', groups: ['prognos-kaa'] },
  olle: { name: 'Olle Obehörig', preferred_username: 'olle@kommun.test', groups: ['alla-anstallda'] },
  // the same name as the local test user `reader`: linked to it, role from the claims
  lasse: { name: 'Lasse Läsare', preferred_username: 'reader', groups: ['prognos-controllers'] },
  nisse: { name: 'Nisse Namnlös', groups: ['prognos-controllers'] },
};

interface SsoResult {
  /** The callback's answer. */
  status: number;
  location: string | null;
  /** The session cookie (name=value) when one was set. */
  session: string | undefined;
}

/** The whole flow without a browser: start → provider's log-in and consent → callback. */
async function ssoLogIn(app: TestApp, login: string, o: { deny?: boolean; tamperState?: boolean; keepCookie?: (c: string) => void } = {}): Promise<SsoResult> {
  const start = await app.request(`${BASE}/auth/oidc/start?org=${DEMO_ORG}`);
  expect(start.status).toBe(302);
  const loginCookie = start.headers.getSetCookie().find((c) => c.startsWith('prognos_oidc='))!.split(';')[0]!;
  o.keepCookie?.(loginCookie);
  let back = await logInAt(start.headers.get('location')!, login, o.deny ? { deny: true } : {});
  if (o.tamperState) back = back.replace(/state=[^&]+/, 'state=falskt');
  const cb = await app.request(back, { headers: { cookie: loginCookie } });
  const session = cb.headers
    .getSetCookie()
    .find((c) => c.startsWith('prognos_session=') && !/Max-Age=0/i.test(c))
    ?.split(';')[0];
  return { status: cb.status, location: cb.headers.get('location'), session };
}

async function me(app: TestApp, session: string) {
  const r = await app.request(`${BASE}/api/me`, { headers: { cookie: session } });
  return { status: r.status, body: (await r.json()) as any };
}

describe('claim mapping (pure)', () => {
  const cfg = {
    roleClaim: 'groups',
    mappings: [
      { value: 'g-reader', role: 'reader' as const, units: [] },
      { value: 'g-kaa', role: 'unit_editor' as const, units: ['KAA'] },
      { value: 'g-kab', role: 'unit_editor' as const, units: ['KAB'] },
      { value: 'g-ctrl', role: 'controller' as const, units: [] },
    ],
  };

  it('gives the first role in the order admin, controller, unit editor, reader among the matching groups', () => {
    expect(mapAccess({ groups: ['g-reader', 'g-ctrl', 'g-kaa'] }, cfg)).toEqual({ role: 'controller', units: [], matched: ['g-ctrl'] });
    expect(mapAccess({ groups: ['g-reader', 'g-kaa'] }, cfg)?.role).toBe('unit_editor');
  });

  it('gives a unit editor the units of every matching unit-editor group', () => {
    expect(mapAccess({ groups: ['g-kab', 'g-kaa', 'g-reader'] }, cfg)).toEqual({ role: 'unit_editor', units: ['KAA', 'KAB'], matched: ['g-kaa', 'g-kab'] });
  });

  it('gives nothing for groups without a mapping, a missing claim or a claim of another type', () => {
    expect(mapAccess({ groups: ['okänd'] }, cfg)).toBeUndefined();
    expect(mapAccess({}, cfg)).toBeUndefined();
    expect(mapAccess({ groups: { 'g-ctrl': true } }, cfg)).toBeUndefined();
    expect(mapAccess({ groups: 'g-ctrl' }, cfg)?.role).toBe('controller');
  });

  it('takes the user name from the configured claim, else from email, normalised, and refuses control characters', () => {
    expect(usernameOf({ preferred_username: ' Anna@Kommun.SE ' }, 'preferred_username')).toBe('anna@kommun.se');
    expect(usernameOf({ email: 'b@k.se' }, 'preferred_username')).toBe('b@k.se');
    expect(usernameOf({ preferred_username: 'a\u0000b' }, 'preferred_username')).toBeUndefined();
    expect(usernameOf({}, 'upn')).toBeUndefined();
  });
});

for (const backend of testBackends()) {
  describe(`single sign-on with OpenID Connect (${backend})`, () => {
    let w: World;
    let op: TestProvider;

    beforeAll(async () => {
      w = await demoWorld(backend, { publicUrl: BASE });
      op = await startOidcProvider({ accounts: ACCOUNTS, redirectUris: [`${BASE}/auth/oidc/callback`], postLogoutRedirectUris: [`${BASE}/login?utloggad`] });
      process.env[SECRET_ENV] = op.clientSecret;
      await setOidcConfig(w.store.db, DEMO_ORG, {
        displayName: 'Testkommunens inloggning',
        issuer: op.issuer,
        clientId: op.clientId,
        clientSecretRef: `env:${SECRET_ENV}`,
        scopes: 'openid profile email groups',
        createUsers: true,
      });
      await setRoleMapping(w.store.db, DEMO_ORG, { value: 'prognos-controllers', role: 'controller', units: [] });
      await setRoleMapping(w.store.db, DEMO_ORG, { value: 'prognos-kaa', role: 'unit_editor', units: ['KAA'] });
    });

    afterAll(async () => {
      await op?.close();
      await w?.close();
    });

    it('a user whose group maps to controller logs in, is created with that role on the first log-in, and both are audited', async () => {
      const r = await ssoLogIn(w.app, 'anna');
      expect(r.status).toBe(303);
      expect(r.location).toBe('/rounds');
      expect(r.session).toBeDefined();
      const m = await me(w.app, r.session!);
      expect(m.status).toBe(200);
      expect(m.body.user).toMatchObject({ username: 'anna@kommun.test', displayName: 'Anna Andersson', role: 'controller', units: [] });
      const audit = await listAudit(w.store.db, { orgId: DEMO_ORG, withoutRound: true });
      const mine = audit.filter((a) => a.entityKey === 'anna@kommun.test').map((a) => a.action);
      expect(mine).toEqual(expect.arrayContaining(['user.create', 'user.sso-login']));
    });

    it('a group mapped to unit editor for KAA gives that role for KAA only', async () => {
      const r = await ssoLogIn(w.app, 'erik');
      const m = await me(w.app, r.session!);
      expect(m.body.user).toMatchObject({ username: 'erik@kommun.test', role: 'unit_editor', units: ['KAA'] });
    });

    it('role and units follow the claims at every log-in: a local user of the same name is linked and gets the mapped role, audited with old and new', async () => {
      const before = (await listUsers(w.store.db, DEMO_ORG)).find((u) => u.username === 'reader')!;
      expect(before.role).toBe('reader');
      const r = await ssoLogIn(w.app, 'lasse');
      expect((await me(w.app, r.session!)).body.user).toMatchObject({ id: before.id, username: 'reader', role: 'controller' });
      const change = (await listAudit(w.store.db, { orgId: DEMO_ORG, withoutRound: true })).find((a) => a.action === 'user.sso-access' && a.entityKey === 'reader');
      expect(change?.old).toEqual({ role: 'reader', units: [] });
      expect(change?.new).toMatchObject({ role: 'controller', units: [] });
      // the mapping changes: the next log-in follows it
      await setRoleMapping(w.store.db, DEMO_ORG, { value: 'prognos-controllers', role: 'unit_editor', units: ['ÖKA'] });
      try {
        const again = await ssoLogIn(w.app, 'lasse');
        expect((await me(w.app, again.session!)).body.user).toMatchObject({ id: before.id, role: 'unit_editor', units: ['ÖKA'] });
      } finally {
        await setRoleMapping(w.store.db, DEMO_ORG, { value: 'prognos-controllers', role: 'controller', units: [] });
      }
    });

    it('a user with no mapped group is refused with the Swedish page and gets no session', async () => {
      const r = await ssoLogIn(w.app, 'olle');
      expect(r.status).toBe(303);
      expect(r.location).toBe('/login/sso-fel?orsak=no-role');
      expect(r.session).toBeUndefined();
      const page = await w.app.request(`${BASE}${r.location}`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(403);
      const text = await page.text();
      expect(text).toContain('Inloggningen misslyckades');
      expect(text).toContain(SSO_ERRORS['no-role']);
      expect(text).not.toMatch(/Error|at .*\.ts|oauth|invalid_/);
      expect((await listUsers(w.store.db, DEMO_ORG)).some((u) => u.username === 'olle@kommun.test')).toBe(false);
      const refused = (await listAudit(w.store.db, { orgId: DEMO_ORG, withoutRound: true })).find((a) => a.action === 'user.sso-refused' && a.entityKey === 'olle@kommun.test');
      expect(refused?.new).toMatchObject({ orsak: 'ingen roll' });
    });

    it('denied consent at the provider ends at the Swedish "avbröts" page', async () => {
      const r = await ssoLogIn(w.app, 'anna', { deny: true });
      expect(r.location).toBe('/login/sso-fel?orsak=denied');
      expect(r.session).toBeUndefined();
      const page = await w.app.request(`${BASE}${r.location}`, { headers: { accept: 'text/html' } });
      expect(await page.text()).toContain('Inloggningen avbröts hos identitetsleverantören');
    });

    it('a callback whose state does not match the pending log-in is refused', async () => {
      const r = await ssoLogIn(w.app, 'anna', { tamperState: true });
      expect(r.location).toBe('/login/sso-fel?orsak=state');
      expect(r.session).toBeUndefined();
    });

    it('a pending log-in is used once: replaying the callback with the same cookie is refused', async () => {
      let cookie = '';
      const start = await w.app.request(`${BASE}/auth/oidc/start?org=${DEMO_ORG}`);
      cookie = start.headers.getSetCookie().find((c) => c.startsWith('prognos_oidc='))!.split(';')[0]!;
      const back = await logInAt(start.headers.get('location')!, 'anna');
      const first = await w.app.request(back, { headers: { cookie } });
      expect(first.headers.get('location')).toBe('/rounds');
      const replay = await w.app.request(back, { headers: { cookie } });
      expect(replay.headers.get('location')).toBe('/login/sso-fel?orsak=state');
      // and a callback without the log-in cookie (another browser) is refused too
      const other = await w.app.request(back);
      expect(other.headers.get('location')).toBe('/login/sso-fel?orsak=state');
    });

    it('the state, nonce and PKCE verifier stay out of the address: the provider gets only the state and the S256 challenge', async () => {
      const start = await w.app.request(`${BASE}/auth/oidc/start?org=${DEMO_ORG}&next=/rounds/1`);
      const url = new URL(start.headers.get('location')!);
      expect(url.origin).toBe(op.issuer);
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('redirect_uri')).toBe(`${BASE}/auth/oidc/callback`);
      expect(url.searchParams.get('code_verifier')).toBeNull();
      const cookie = start.headers.getSetCookie().find((c) => c.startsWith('prognos_oidc='))!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).toMatch(/Path=\/auth\/oidc/i);
      // the `next` page is kept with the pending log-in and honoured after it
      const back = await logInAt(url.href, 'anna');
      const cb = await w.app.request(back, { headers: { cookie: cookie.split(';')[0]! } });
      expect(cb.headers.get('location')).toBe('/rounds/1');
    });

    it('a disabled user stays out even with a mapped group, and the refusal is audited', async () => {
      await ssoLogIn(w.app, 'erik');
      const erik = (await listUsers(w.store.db, DEMO_ORG)).find((u) => u.username === 'erik@kommun.test')!;
      await w.store.db.transaction((tx) => updateUser(tx, DEMO_ORG, erik.id, erik.version, { disabled: true }));
      try {
        const r = await ssoLogIn(w.app, 'erik');
        expect(r.location).toBe('/login/sso-fel?orsak=disabled');
        expect(r.session).toBeUndefined();
        const refused = (await listAudit(w.store.db, { orgId: DEMO_ORG, withoutRound: true })).find((a) => a.action === 'user.sso-refused' && a.entityKey === 'erik@kommun.test');
        expect(refused?.new).toMatchObject({ orsak: 'avstängd' });
      } finally {
        const now = (await listUsers(w.store.db, DEMO_ORG)).find((u) => u.id === erik.id)!;
        await w.store.db.transaction((tx) => updateUser(tx, DEMO_ORG, erik.id, now.version, { disabled: false }));
      }
    });

    it('a provider user without a user name claim is refused with its own Swedish reason', async () => {
      const r = await ssoLogIn(w.app, 'nisse');
      expect(r.location).toBe('/login/sso-fel?orsak=no-username');
    });

    it('an unknown user is refused when the organisation does not create users on first log-in', async () => {
      await setOidcConfig(w.store.db, DEMO_ORG, { createUsers: false });
      try {
        await setRoleMapping(w.store.db, DEMO_ORG, { value: 'alla-anstallda', role: 'reader', units: [] });
        const r = await ssoLogIn(w.app, 'olle');
        expect(r.location).toBe('/login/sso-fel?orsak=unknown-user');
        expect((await listUsers(w.store.db, DEMO_ORG)).some((u) => u.username === 'olle@kommun.test')).toBe(false);
        // a known one still gets in
        expect((await ssoLogIn(w.app, 'anna')).session).toBeDefined();
      } finally {
        await setOidcConfig(w.store.db, DEMO_ORG, { createUsers: true });
      }
    });

    it('the log-in page offers "Logga in med <provider>" and, with local passwords off, hides the password form and refuses password log-ins', async () => {
      const page = await (await w.app.request(`${BASE}/login`, { headers: { accept: 'text/html' } })).text();
      expect(page).toContain('Logga in med Testkommunens inloggning');
      expect(page).toContain('href="/auth/oidc/start?org=demo"');
      expect(page).toContain('name="password"');
      await setOidcConfig(w.store.db, DEMO_ORG, { localPasswords: false });
      try {
        const off = await (await w.app.request(`${BASE}/login`, { headers: { accept: 'text/html' } })).text();
        expect(off).toContain('Logga in med Testkommunens inloggning');
        expect(off).not.toContain('name="password"');
        const c = new Client(w.app);
        const r = await c.login('admin', PASSWORD);
        expect(r.status).toBe(401);
        expect(r.body.error.message).toContain('identitetsleverantör');
        // single sign-on still works
        expect((await ssoLogIn(w.app, 'anna')).session).toBeDefined();
      } finally {
        await setOidcConfig(w.store.db, DEMO_ORG, { localPasswords: true });
      }
      expect((await new Client(w.app).login('admin', PASSWORD)).status).toBe(200);
    });

    it('log-out ends the local session and gives the provider\'s end-session address with the ID token hint', async () => {
      const r = await ssoLogIn(w.app, 'erik');
      const m = await me(w.app, r.session!);
      const out = await w.app.request(`${BASE}/api/auth/logout`, { method: 'POST', headers: { cookie: r.session!, origin: BASE, 'x-csrf-token': m.body.csrfToken } });
      expect(out.status).toBe(200);
      const body = (await out.json()) as { endSessionUrl?: string };
      const end = new URL(body.endSessionUrl!);
      expect(end.origin).toBe(op.issuer);
      expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${BASE}/login?utloggad`);
      expect(end.searchParams.get('id_token_hint')).toBeTruthy();
      expect((await me(w.app, r.session!)).status).toBe(401);
      // a password session's log-out has no provider step
      const local = new Client(w.app);
      await local.login('admin');
      expect((await local.post('/api/auth/logout')).body).toEqual({ ok: true });
    });

    it('the configuration keeps where the secret is read, never the secret', async () => {
      const cfg = await getOidcConfig(w.store.db, DEMO_ORG);
      expect(cfg?.clientSecretRef).toBe(`env:${SECRET_ENV}`);
      expect(JSON.stringify(cfg)).not.toContain(op.clientSecret);
    });

    it('a provider that does not answer gives the Swedish "svarade inte" page, never the library\'s text', async () => {
      const cfg = (await getOidcConfig(w.store.db, DEMO_ORG))!;
      await setOidcConfig(w.store.db, DEMO_ORG, { issuer: 'http://127.0.0.1:9' });
      try {
        const start = await w.app.request(`${BASE}/auth/oidc/start?org=${DEMO_ORG}`);
        expect(start.headers.get('location')).toBe('/login/sso-fel?orsak=provider');
      } finally {
        await setOidcConfig(w.store.db, DEMO_ORG, { issuer: cfg.issuer });
      }
    });
  });
}
