/**
 * Sessions as an auditor checks them: no fixation (a token chosen or held by someone else before
 * log-in never becomes the logged-in session), the cookie's flags, log-out ending the session on
 * the server (a copied cookie is useless afterwards), the absolute lifetime and the idle timeout
 * enforced by the server whatever the browser keeps, and sessions ending when the account changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../support/store.ts';
import { createApp } from '../../src/server/app.ts';
import { hashToken } from '../../src/server/session.ts';
import { Client, demoWorld, loggedIn, PASSWORD, type World } from '../support/server.ts';

/** The token part of the session cookie (`<organisation>.<token>`). */
const tokenOf = (c: Client): string => c.cookie!.split('=')[1]!.split('.')[1]!;

describe.each(testBackends())('sessions (%s)', (backend) => {
  let w: World;
  beforeAll(async () => {
    w = await demoWorld(backend);
  });
  afterAll(() => w?.close());

  const sessionRow = async (token: string) => (await w.store.db.query('SELECT user_id FROM app_session WHERE token_hash = $1', [hashToken(token)]))[0];

  it('never takes over a token planted in the browser before log-in (session fixation)', async () => {
    const planted = 'A'.repeat(43);
    const victim = new Client(w.app);
    victim.cookie = `prognos_session=demo.${planted}`;
    expect((await victim.get('/api/me')).status).toBe(401);
    const r = await victim.login('controller');
    expect(r.status).toBe(200);
    expect(tokenOf(victim)).not.toBe(planted);
    expect(tokenOf(victim)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const attacker = new Client(w.app);
    attacker.cookie = `prognos_session=demo.${planted}`;
    expect((await attacker.get('/api/me')).status).toBe(401);
    expect(await sessionRow(planted)).toBeUndefined();
  });

  it('ends the attacker’s own live session when it is presented with someone else’s log-in, so it never gains their rights', async () => {
    const attacker = await loggedIn(w.app, 'reader');
    const attackerToken = tokenOf(attacker);
    const victim = new Client(w.app);
    victim.cookie = attacker.cookie;
    await victim.login('controller');
    expect(tokenOf(victim)).not.toBe(attackerToken);
    expect((await attacker.get('/api/me')).status).toBe(401);
    expect(await sessionRow(attackerToken)).toBeUndefined();
    expect((await victim.get('/api/me')).body.user.username).toBe('controller');
  });

  it('gives a fresh 256-bit token and a fresh CSRF token at every log-in', async () => {
    const seen = new Set<string>();
    const csrf = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const c = await loggedIn(w.app, 'reader');
      seen.add(tokenOf(c));
      csrf.add(c.csrf!);
      expect(Buffer.from(tokenOf(c), 'base64url')).toHaveLength(32);
    }
    expect(seen.size).toBe(5);
    expect(csrf.size).toBe(5);
  });

  it('sets the cookie HttpOnly, SameSite=Lax, Path=/, for 8 hours and for no other domain', async () => {
    const r = await new Client(w.app).login('reader');
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^prognos_session=demo\.[A-Za-z0-9_-]{43}; /);
    expect(cookie).toMatch(/; HttpOnly(;|$)/);
    expect(cookie).toMatch(/; SameSite=Lax(;|$)/);
    expect(cookie).toMatch(/; Path=\/(;|$)/);
    expect(cookie).toMatch(/; Max-Age=28800(;|$)/);
    expect(cookie).not.toMatch(/Domain=/i);
  });

  it('sets Secure with the __Host- prefix when HTTPS is configured, also on a request that arrived as plain HTTP behind the proxy', async () => {
    const app = createApp({ store: w.store, secureCookies: true, publicUrl: 'https://prognos.example', log: () => undefined });
    const r = await app.request('http://prognos.example/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://prognos.example' },
      body: JSON.stringify({ username: 'reader', password: PASSWORD }),
    });
    expect(r.status).toBe(200);
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-prognos_session=demo\.[A-Za-z0-9_-]{43}; /);
    expect(cookie).toMatch(/; Secure(;|$)/);
    expect(cookie).toMatch(/; Path=\/(;|$)/);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(r.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
  });

  it('ends the session on the server at log-out: the copied cookie and its CSRF token are worthless afterwards', async () => {
    const c = await loggedIn(w.app, 'controller');
    const stolen = { cookie: c.cookie, csrf: c.csrf };
    expect((await c.post('/api/auth/logout')).status).toBe(200);
    expect(await sessionRow(stolen.cookie!.split('=')[1]!)).toBeUndefined();
    const replay = new Client(w.app);
    replay.cookie = stolen.cookie;
    replay.csrf = stolen.csrf;
    expect((await replay.get('/api/me')).status).toBe(401);
    const write = await replay.post('/api/rounds', { board: 'KS', year: 2031, period: 3, name: 'P1', level: 'RN3' });
    expect(write.status).toBe(401);
    expect((await w.store.db.query('SELECT 1 FROM followup_round WHERE year = 2031')).length).toBe(0);
  });

  it('rejects a session past its absolute lifetime even while it is in use, and deletes it', async () => {
    const c = await loggedIn(w.app, 'reader');
    const hash = hashToken(tokenOf(c));
    await w.store.db.query("UPDATE app_session SET expires_at = now() - interval '1 second', last_seen_at = now() WHERE token_hash = $1", [hash]);
    const r = await c.get('/api/me');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UNAUTHENTICATED');
    expect(await sessionRow(tokenOf(c))).toBeUndefined();
  });

  it('keeps the absolute lifetime fixed: using a session never moves its expiry', async () => {
    const c = await loggedIn(w.app, 'reader');
    const hash = hashToken(tokenOf(c));
    const expiry = async () => (await w.store.db.query<{ e: string }>('SELECT expires_at::text AS e FROM app_session WHERE token_hash = $1', [hash]))[0]!.e;
    const first = await expiry();
    await w.store.db.query("UPDATE app_session SET last_seen_at = now() - interval '5 minutes' WHERE token_hash = $1", [hash]);
    expect((await c.get('/api/me')).status).toBe(200);
    expect(await expiry()).toBe(first);
  });

  it('rejects an idle session and keeps one in use alive (the server’s clock, not the cookie’s)', async () => {
    const idle = await loggedIn(w.app, 'reader');
    const busy = await loggedIn(w.app, 'reader');
    await w.store.db.query("UPDATE app_session SET last_seen_at = now() - interval '31 minutes' WHERE token_hash = $1", [hashToken(tokenOf(idle))]);
    await w.store.db.query("UPDATE app_session SET last_seen_at = now() - interval '29 minutes' WHERE token_hash = $1", [hashToken(tokenOf(busy))]);
    expect((await idle.get('/api/me')).status).toBe(401);
    expect(await sessionRow(tokenOf(idle))).toBeUndefined();
    expect((await busy.get('/api/me')).status).toBe(200);
    const [seen] = await w.store.db.query<{ idle: number }>('SELECT extract(epoch FROM now() - last_seen_at)::float8 AS idle FROM app_session WHERE token_hash = $1', [hashToken(tokenOf(busy))]);
    expect(Number(seen!.idle)).toBeLessThan(60);
  });

  it('ends a user’s sessions when the account is disabled or its role changes', async () => {
    const admin = await loggedIn(w.app, 'admin');
    const created = await admin.post('/api/users', { username: 'tillfallig', role: 'controller', password: PASSWORD });
    expect(created.status).toBe(201);
    const u = await loggedIn(w.app, 'tillfallig');
    const patched = await admin.patch(`/api/users/${created.body.user.id}`, { version: created.body.user.version, role: 'reader' });
    expect(patched.status).toBe(200);
    expect((await u.get('/api/me')).status).toBe(401);
    const again = await loggedIn(w.app, 'tillfallig');
    expect((await again.get('/api/me')).body.user.role).toBe('reader');
    // Disabling takes effect at once, even for a session the PATCH did not delete.
    await w.store.db.query("UPDATE app_user SET disabled = true WHERE username = 'tillfallig'");
    expect((await again.get('/api/me')).status).toBe(401);
    expect((await new Client(w.app).login('tillfallig')).status).toBe(401);
  });

  it('answers a malformed or oversized session cookie as no session, never as an error', async () => {
    for (const value of ['', '%%%', 'x'.repeat(101), 'a'.repeat(5000), "' OR 1=1 --", '\u00e5\u00e4\u00f6', '.', 'demo.', '.x', `${'d'.repeat(400)}.x`, "demo'.x"]) {
      const c = new Client(w.app);
      c.cookie = `prognos_session=${encodeURIComponent(value)}`;
      const r = await c.get('/api/me');
      expect(r.status, value).toBe(401);
    }
  });
});
