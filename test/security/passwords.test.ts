/**
 * Passwords: the rules on every path that sets one (an admin creating or resetting a user, a
 * user changing their own, the CLI), the scrypt parameters and salts of what is stored, and
 * that no password and no hash ever leaves the server — in an API answer, an audit entry or a
 * log line (also when a request carrying a password fails inside).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../support/store.ts';
import { createApp } from '../../src/server/app.ts';
import { PASSWORD_MIN_LENGTH, verifyPassword } from '../../src/server/password.ts';
import { Client, demoWorld, loggedIn, PASSWORD, type Res, type World } from '../support/server.ts';

/** OWASP's minimum for scrypt (r=8): N=2^17 with p=1, or the same strength with less memory — 2^16/p=2, 2^15/p=3, 2^14/p=5, 2^13/p=10. */
const OWASP_MINIMA: Array<[log2N: number, p: number]> = [
  [17, 1],
  [16, 2],
  [15, 3],
  [14, 5],
  [13, 10],
];
const meetsOwasp = (N: number, r: number, p: number): boolean => r >= 8 && OWASP_MINIMA.some(([n, minP]) => N >= 2 ** n && p >= minP);

describe.each(testBackends())('passwords (%s)', (backend) => {
  let w: World;
  let admin: Client;
  const responses: Res[] = [];
  const logged: string[] = [];
  const secrets = new Set<string>();
  const dir = mkdtempSync(join(tmpdir(), 'prognos-passwords-'));

  /** Every answer of these tests is kept and searched at the end. */
  const keep = (r: Res): Res => (responses.push(r), r);

  beforeAll(async () => {
    w = await demoWorld(backend, { log: (m, e) => void logged.push(`${m} ${e instanceof Error ? `${e.message}\n${e.stack}` : String(e ?? '')}`) });
    admin = await loggedIn(w.app, 'admin');
    secrets.add(PASSWORD);
  });
  afterAll(async () => {
    await w?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const hashOf = async (username: string): Promise<string> => (await w.store.db.query<{ h: string }>('SELECT password_hash AS h FROM app_user WHERE username = $1', [username]))[0]!.h;

  it('refuses passwords shorter than 12 characters, longer than 1024 or equal to the user name, wherever a password is set', async () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    const create = (username: string, password: string) => admin.post('/api/users', { username, role: 'reader', password }).then(keep);
    for (const [username, password, why] of [
      ['kort1', 'elva-tecken', 'minst 12 tecken'],
      ['lang1', 'x'.repeat(1025), 'högst 1 024 tecken'],
      ['sammanamn-abc', 'sammanamn-abc', 'detsamma som användarnamnet'],
      ['Skiftlage-123', ' skiftlage-123 ', 'detsamma som användarnamnet'],
    ] as const) {
      secrets.add(password);
      const r = await create(username, password);
      expect(r.status, username).toBe(400);
      expect(r.body.error.message).toContain(why);
      expect(r.body.error.field).toBe('password');
    }
    // 12 characters are enough — counted as characters, not bytes.
    secrets.add('åäöåäöåäöåäö');
    expect((await create('tolv-tecken', 'åäöåäöåäöåäö')).status).toBe(201);
    expect((await new Client(w.app).login('tolv-tecken', 'åäöåäöåäöåäö')).status).toBe(200);

    // An admin's reset: refused, and the old password still works.
    const user = (await admin.get('/api/users').then(keep)).body.users.find((u: { username: string }) => u.username === 'tolv-tecken');
    const before = await hashOf('tolv-tecken');
    const reset = await admin.patch(`/api/users/${user.id}`, { version: user.version, password: 'tolv-tecken' }).then(keep);
    expect(reset.status).toBe(400);
    expect(await hashOf('tolv-tecken')).toBe(before);

    // One's own change.
    const self = new Client(w.app);
    expect((await self.login('tolv-tecken', 'åäöåäöåäöåäö').then(keep)).status).toBe(200);
    for (const bad of ['kort', 'TOLV-TECKEN']) {
      const r = await self.post('/api/me/password', { currentPassword: 'åäöåäöåäöåäö', newPassword: bad }).then(keep);
      expect(r.status, bad).toBe(400);
      expect(r.body.error.field).toBe('newPassword');
    }
    expect(await hashOf('tolv-tecken')).toBe(before);

    // The CLI.
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--data', dir, '--org', 'x', 'user', 'add', '--role', 'reader', 'cliuser'], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', PROGNOS_PASSWORD: 'cliuser' },
    });
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/minst 12 tecken|detsamma som användarnamnet/);
    expect(cli.stderr + cli.stdout).not.toContain('PROGNOS_PASSWORD=');
  }, 60_000);

  it('stores scrypt hashes at OWASP’s minimum cost or above, with a 16-byte salt of their own and a 64-byte key', async () => {
    const a = await admin.post('/api/users', { username: 'salt-a', role: 'reader', password: PASSWORD }).then(keep);
    const b = await admin.post('/api/users', { username: 'salt-b', role: 'reader', password: PASSWORD }).then(keep);
    expect([a.status, b.status]).toEqual([201, 201]);
    const [ha, hb] = [await hashOf('salt-a'), await hashOf('salt-b')];
    for (const h of [ha, hb]) {
      const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+=*)\$([A-Za-z0-9+/]+=*)$/.exec(h);
      expect(m, h).not.toBeNull();
      const [N, r, p] = [Number(m![1]), Number(m![2]), Number(m![3])];
      expect(Math.log2(N) % 1).toBe(0);
      expect(r).toBeGreaterThanOrEqual(8);
      expect(meetsOwasp(N, r, p), `N=${N} r=${r} p=${p}`).toBe(true);
      expect(Buffer.from(m![4]!, 'base64')).toHaveLength(16);
      expect(Buffer.from(m![5]!, 'base64')).toHaveLength(64);
      secrets.add(m![4]!);
      secrets.add(m![5]!);
    }
    expect(ha.split('$')[4]).not.toBe(hb.split('$')[4]);
    expect(ha).not.toBe(hb);
    expect(await verifyPassword(PASSWORD, ha)).toBe(true);
    expect(await verifyPassword(`${PASSWORD}x`, ha)).toBe(false);
  });

  it('keeps a hash of the old, weaker cost working, and re-hashes it at the current cost at the next log-in', async () => {
    await admin.post('/api/users', { username: 'gammal-hash', role: 'reader', password: PASSWORD }).then(keep);
    // A hash as written before the cost was raised: N=2^15, r=8, p=1.
    const { scrypt, randomBytes } = await import('node:crypto');
    const salt = randomBytes(16);
    const key = await new Promise<Buffer>((res, rej) => scrypt(PASSWORD, salt, 64, { N: 2 ** 15, r: 8, p: 1, maxmem: 2 ** 26 }, (e, k) => (e ? rej(e) : res(k))));
    const old = `scrypt$32768$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    await w.store.db.query("UPDATE app_user SET password_hash = $1 WHERE username = 'gammal-hash'", [old]);
    expect((await new Client(w.app).login('gammal-hash').then(keep)).status).toBe(200);
    const now = await hashOf('gammal-hash');
    expect(now).not.toBe(old);
    const [N, r, p] = now.split('$').slice(1, 4).map(Number) as [number, number, number];
    expect(meetsOwasp(N, r, p), `N=${N} r=${r} p=${p}`).toBe(true);
    expect((await new Client(w.app).login('gammal-hash').then(keep)).status).toBe(200);
  });

  it('sends no password and no hash in any answer, stores none in the audit log and logs none — also when a request with a password fails inside', async () => {
    const pw1 = 'forsta-hemliga-losenordet';
    const pw2 = 'andra-hemliga-losenordet';
    const pw3 = 'tredje-hemliga-losenordet';
    for (const p of [pw1, pw2, pw3]) secrets.add(p);
    const created = await admin.post('/api/users', { username: 'hemlis', displayName: 'Hemlis', role: 'reader', password: pw1 }).then(keep);
    expect(created.status).toBe(201);
    const u = new Client(w.app);
    keep(await u.login('hemlis', pw1));
    keep(await u.get('/api/me'));
    keep(await u.post('/api/me/password', { currentPassword: pw1, newPassword: pw2 }));
    keep(await admin.patch(`/api/users/${created.body.user.id}`, { version: (await admin.get('/api/users').then(keep)).body.users.find((x: { username: string }) => x.username === 'hemlis').version, password: pw3 }));
    keep(await new Client(w.app).login('hemlis', pw1));
    keep(await new Client(w.app).login('hemlis', pw3));
    keep(await admin.get('/api/users'));
    keep(await new Client(w.app).login('hemlis', 'x'.repeat(2000)));

    // Failures inside requests that carry a password: the database refuses, the error is logged.
    const failing = createApp({
      store: new Proxy(w.store, {
        get(target, prop, receiver) {
          if (prop === 'listOrganisations') return () => Promise.reject(Object.assign(new Error('simulerat databasfel'), { code: '57P01' }));
          return Reflect.get(target, prop, receiver) as unknown;
        },
      }),
      trustProxy: true,
      log: (m, e) => void logged.push(`${m} ${e instanceof Error ? `${e.message}\n${e.stack}` : String(e ?? '')}`),
    });
    const f = new Client(failing);
    const loginFail = keep(await f.login('hemlis', pw3));
    expect(loginFail.status).toBe(500);
    expect(loginFail.body.error).toEqual({ code: 'STORE', message: 'databasen kunde inte utföra åtgärden; försök igen' });
    expect(logged.length).toBeGreaterThan(0);

    for (const h of (await w.store.db.query<{ h: string }>('SELECT password_hash AS h FROM app_user')).map((r) => r.h)) {
      secrets.add(h);
      secrets.add(h.split('$')[4]!);
      secrets.add(h.split('$')[5]!);
    }
    const audit = JSON.stringify(await w.store.db.query('SELECT old_value, new_value FROM audit_log'));
    const answers = responses.map((r) => `${r.text}\n${[...r.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n')}`);
    for (const s of secrets) {
      for (const a of answers) expect(a.includes(s), `an answer contains ${s.slice(0, 12)}…`).toBe(false);
      expect(audit.includes(s), `the audit log contains ${s.slice(0, 12)}…`).toBe(false);
      for (const l of logged) expect(l.includes(s), `a log line contains ${s.slice(0, 12)}…`).toBe(false);
    }
    for (const a of [...answers, audit, ...logged]) expect(a).not.toMatch(/scrypt\$|password_hash|passwordHash/);
    expect(audit).toContain('ändrat');
  });
});
