import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_DATA_DIR } from '../demo/index.ts';
import { openStore } from '../store/index.ts';
import { startServer } from './node.ts';

const dir = mkdtempSync(join(tmpdir(), 'prognos-serve-'));
const prognos = (args: string[], env: Record<string, string> = {}, input?: string) =>
  spawnSync(process.execPath, ['bin/prognos.js', '--data', dir, '--org', 'demo', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', ...env },
    ...(input !== undefined ? { input } : {}),
  });

describe('the prognos command: user add and serve (embedded)', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds the first admin with the password from PROGNOS_PASSWORD, and an editor with the password from standard input', () => {
    expect(prognos(['import', 'org', join(DEMO_DATA_DIR, 'org.csv')]).status).toBe(0);
    const admin = prognos(['user', 'add', '--admin', 'Chefen'], { PROGNOS_PASSWORD: 'ett-langt-losenord-2024' });
    expect(admin.stderr).toBe('');
    expect(admin.stdout).toBe('Användaren chefen (admin) finns nu i organisationen demo\n');
    const editor = prognos(['user', 'add', '--role', 'unit_editor', '--units', 'KAA,KEK', 'redaktor'], {}, 'ett-annat-langt-losenord\n');
    expect(editor.status).toBe(0);
    expect(editor.stdout).toMatch(/redaktor \(unit_editor: KAA, KEK\)/);
  });

  it('refuses a short password, a missing role and a taken name with a Swedish message', () => {
    const short = prognos(['user', 'add', '--role', 'reader', 'lasare'], { PROGNOS_PASSWORD: 'kort' });
    expect(short.status).toBe(2);
    expect(short.stderr).toBe('fel: fält password: lösenordet måste ha minst 12 tecken\n');
    expect(prognos(['user', 'add', 'lasare'], { PROGNOS_PASSWORD: 'ett-langt-losenord-2024' }).stderr).toMatch(/ange --admin eller --role/);
    expect(prognos(['user', 'add', '--admin', 'chefen'], { PROGNOS_PASSWORD: 'ett-langt-losenord-2024' }).stderr).toMatch(/användarnamnet chefen är upptaget/);
  });

  it('serves the API over HTTP with the Node adapter', async () => {
    const store = await openStore({ dataDir: dir });
    const server = await startServer({ store, port: 0, host: '127.0.0.1' });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${server.url}/api/health`);
      expect(await health.json()).toEqual({ ok: true, database: 'embedded' });
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({ username: 'chefen', password: 'ett-langt-losenord-2024' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const me = await fetch(`${server.url}/api/me`, { headers: { cookie } });
      expect(((await me.json()) as { user: { role: string } }).user.role).toBe('admin');
      const attempts = await store.db.query<{ key: string }>('SELECT key FROM login_throttle WHERE failures > 0');
      expect(attempts).toHaveLength(0);
      const wrong = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'chefen', password: 'fel-losenord-som-ar-langt' }),
      });
      expect(wrong.status).toBe(401);
      // The rate limit counts the socket's address.
      expect((await store.db.query<{ key: string }>('SELECT key FROM login_throttle WHERE failures > 0')).map((r) => r.key)).toEqual([JSON.stringify(['chefen', '127.0.0.1'])]);
    } finally {
      await server.close();
      await store.close();
    }
  });
});
