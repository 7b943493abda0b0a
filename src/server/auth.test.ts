import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { createApp } from './app.ts';
import { hashToken } from './session.ts';
import { Client, demoWorld, loggedIn, PASSWORD, type World } from '../../test/support/server.ts';

describe.each(testBackends())('log-in and sessions (%s)', (backend) => {
  let w: World;
  beforeAll(async () => {
    w = await demoWorld(backend);
  });
  afterAll(() => w?.close());

  it('logs in with the right password and returns the user, its role, units and a CSRF token', async () => {
    const c = new Client(w.app);
    const r = await c.login('editor');
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ username: 'editor', role: 'unit_editor', units: ['KAA'], organisation: { id: 'demo' } });
    expect(r.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).toBe(r.body.csrfToken);
    expect(me.body.permissions).toContain('forecast.write');
    expect(me.body.permissions).not.toContain('rounds.manage');
  });

  it('refuses a wrong password and an unknown user with the same Swedish message', async () => {
    const c = new Client(w.app);
    c.ip = '10.9.0.1';
    const wrong = await c.login('reader', 'fel-losenord-som-ar-langt');
    const unknown = await c.login('ingen-sadan', 'fel-losenord-som-ar-langt');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'fel användarnamn eller lösenord' } });
    expect(unknown.body).toEqual(wrong.body);
    expect(c.cookie).toBeUndefined();
    expect((await c.get('/api/me')).status).toBe(401);
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, Path=/, without Secure over plain HTTP', async () => {
    const c = new Client(w.app);
    const r = await c.login('reader');
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^prognos_session=demo\.[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('marks the cookie Secure with the __Host- prefix over HTTPS', async () => {
    const app = createApp({ store: w.store, trustProxy: true, allowedHosts: ['prognos.example'], log: () => undefined });
    const res = await app.request('https://prognos.example/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://prognos.example' },
      body: JSON.stringify({ username: 'reader', password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^__Host-prognos_session=.*; Secure/);
  });

  it('stores only the SHA-256 of the session token', async () => {
    const c = new Client(w.app);
    await c.login('reader');
    const token = c.cookie!.split('=')[1]!.split('.')[1]!;
    const rows = await w.store.db.query<{ token_hash: string }>('SELECT token_hash FROM app_session');
    expect(rows.map((r) => r.token_hash)).toContain(hashToken(token));
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
  });

  it('gives a new session at log-in and ends the one presented with it (no fixation)', async () => {
    const c = new Client(w.app);
    await c.login('reader');
    const first = c.cookie;
    await c.login('reader');
    expect(c.cookie).not.toBe(first);
    const old = new Client(w.app);
    old.cookie = first;
    expect((await old.get('/api/me')).status).toBe(401);
    expect((await c.get('/api/me')).status).toBe(200);
  });

  it('logs out: the session ends and the cookie is cleared', async () => {
    const c = await loggedIn(w.app, 'reader');
    const cookie = c.cookie;
    const r = await c.post('/api/auth/logout');
    expect(r.status).toBe(200);
    expect(r.headers.get('set-cookie')).toMatch(/prognos_session=;.*Max-Age=0/);
    const again = new Client(w.app);
    again.cookie = cookie;
    expect((await again.get('/api/me')).status).toBe(401);
  });

  it('ends a session that has been idle longer than the idle timeout', async () => {
    const c = await loggedIn(w.app, 'reader');
    const hash = hashToken(c.cookie!.split('=')[1]!.split('.')[1]!);
    await w.store.db.query("UPDATE app_session SET last_seen_at = now() - interval '31 minutes' WHERE token_hash = $1", [hash]);
    const r = await c.get('/api/me');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a state change without the CSRF token, with a wrong one, and from a foreign Origin', async () => {
    const c = await loggedIn(w.app, 'controller');
    const body = { board: 'KS', year: 2030, period: 3, name: 'P1', level: 'RN3' };
    const none = await c.post('/api/rounds', body, { 'x-csrf-token': '' });
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe('FORBIDDEN');
    expect(none.body.error.message).toMatch(/CSRF/);
    const wrong = await c.post('/api/rounds', body, { 'x-csrf-token': 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    const foreign = await c.post('/api/rounds', body, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.message).toMatch(/annan webbplats/);
    const crossSite = await c.post('/api/rounds', body, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    // A cross-site form post without Origin is refused by Hono's check.
    const form = await w.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=reader' });
    expect(form.status).toBe(403);
    expect(((await form.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    const rounds = await c.get('/api/rounds');
    expect(rounds.body.rounds).toHaveLength(0);
    const ok = await c.post('/api/rounds', body);
    expect(ok.status).toBe(201);
  });

  it('sends the security headers: CSP default-src self, no framing, nosniff', async () => {
    const r = await new Client(w.app).get('/api/health');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(r.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('cache-control')).toBe('no-store');
  });

  it('changes one’s own password under the password rules', async () => {
    const c = await loggedIn(w.app, 'admin');
    const created = await c.post('/api/users', { username: 'byter', role: 'reader', password: PASSWORD });
    expect(created.status).toBe(201);
    const u = await loggedIn(w.app, 'byter');
    const short = await u.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'kort' });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatchObject({ code: 'BAD_INPUT', field: 'newPassword', message: 'lösenordet måste ha minst 12 tecken' });
    const asName = await c.post('/api/users', { username: 'langtnamn12345', role: 'reader', password: 'langtnamn12345' });
    expect(asName.body.error.message).toBe('lösenordet får inte vara detsamma som användarnamnet');
    const ok = await u.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'ett-helt-nytt-losenord' });
    expect(ok.status).toBe(200);
    expect((await new Client(w.app).login('byter', 'ett-helt-nytt-losenord')).status).toBe(200);
    const audit = await w.store.db.query<{ action: string }>("SELECT action FROM audit_log WHERE entity = 'user' AND entity_key = 'byter' ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(['user.create', 'user.password']);
  });

  it('answers unknown addresses and bad JSON with the one error shape', async () => {
    const c = await loggedIn(w.app, 'reader');
    const missing = await c.get('/api/finns-inte');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const bad = await c.request('POST', '/api/auth/login', undefined, { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_INPUT');
  });
});

describe.each(testBackends())('log-in rate limit (%s)', (backend) => {
  let w: World;
  beforeAll(async () => {
    w = await demoWorld(backend);
  });
  afterAll(() => w?.close());

  it('refuses a user name from an address after 5 failures there, even with the right password', async () => {
    const c = new Client(w.app);
    c.ip = '10.1.0.1';
    for (let i = 0; i < 5; i++) expect((await c.login('reader', `fel-losenord-nummer-${i}`)).status).toBe(401);
    const r = await c.login('reader');
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('RATE_LIMITED');
    expect(r.body.error.message).toMatch(/för många misslyckade inloggningar/);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another user is not affected, nor the user at another address.
    expect((await c.login('editor')).status).toBe(200);
    c.ip = '10.1.0.2';
    expect((await c.login('reader')).status).toBe(200);
  });

  it('keeps the count in the database: a new app on the same store still refuses', async () => {
    const app2 = createApp({ store: w.store, trustProxy: true, log: () => undefined });
    const c = new Client(app2);
    c.ip = '10.1.0.1';
    expect((await c.login('reader')).status).toBe(429);
  });

  it('refuses an address after too many failures across user names', async () => {
    const app = createApp({ store: w.store, trustProxy: true, maxFailuresPerIp: 3, log: () => undefined });
    const c = new Client(app);
    c.ip = '192.0.2.7';
    for (const name of ['a1', 'a2', 'a3']) expect((await c.login(name, 'fel-losenord-som-ar-langt')).status).toBe(401);
    expect((await c.login('controller')).status).toBe(429);
    c.ip = '192.0.2.8';
    expect((await c.login('controller')).status).toBe(200);
  });
});
