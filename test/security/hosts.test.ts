/**
 * Cookies and hosts (issue 12, defect 6). With Secure cookies only the `__Host-` cookie is a
 * session: a plain `prognos_session` cookie (which a sibling domain or plain HTTP can plant) is
 * ignored. Only the server's own host names are answered, so a page whose name is re-pointed at
 * the server (DNS rebinding) — e.g. at `serve --demo`, whose passwords are public — gets 421.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../support/store.ts';
import { createApp } from '../../src/server/app.ts';
import { startServer } from '../../src/server/node.ts';
import { setHostNames } from '../../src/store/organisation-settings.ts';
import { Client, demoWorld, loggedIn, PASSWORD, type World } from '../support/server.ts';

describe.each(testBackends())('cookies and hosts (%s)', (backend) => {
  let w: World;
  beforeAll(async () => {
    w = await demoWorld(backend);
  });
  afterAll(() => w?.close());

  it('regression: with --secure-cookies the plain prognos_session cookie was still accepted; now only the __Host- cookie is', async () => {
    const app = createApp({ store: w.store, secureCookies: true, trustProxy: true, log: () => undefined });
    const login = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost' },
      body: JSON.stringify({ username: 'reader', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const token = /^__Host-prognos_session=([^;]+)/.exec(login.headers.get('set-cookie')!)![1]!;
    const me = async (cookie: string) => (await app.request('/api/me', { headers: { cookie } })).status;
    expect(await me(`__Host-prognos_session=${token}`)).toBe(200);
    expect(await me(`prognos_session=${token}`)).toBe(401);
    // Without Secure cookies configured, the plain cookie is the session (plain HTTP on localhost).
    const plain = await loggedIn(w.app, 'reader');
    expect((await plain.get('/api/me')).status).toBe(200);
  });

  it('regression: no Host check let DNS rebinding reach the server; a foreign host name now gets 421', async () => {
    const r = await w.app.request('http://angripare.example/api/health');
    expect(r.status).toBe(421);
    expect(((await r.json()) as { error: { message: string } }).error.message).toBe('servern svarar inte på värdnamnet angripare.example; använd Prognos adress');
    const form = await w.app.request('http://angripare.example/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `username=admin&password=${PASSWORD}` });
    expect(form.status).toBe(421);
    expect(form.headers.get('set-cookie')).toBeNull();
    // Behind a trusted proxy the forwarded host is checked too.
    expect((await w.app.request('http://localhost/api/health', { headers: { 'x-forwarded-host': 'angripare.example' } })).status).toBe(421);
  });

  it('answers the loopback names, the configured public address and allowed hosts, and an organisation’s host names', async () => {
    for (const host of ['localhost', '127.0.0.1:8080', '[::1]:8080', 'LOCALHOST.']) {
      expect((await w.app.request(`http://${host}/api/health`)).status, host).toBe(200);
    }
    const app = createApp({ store: w.store, publicUrl: 'https://prognos.kommun.se', allowedHosts: ['intern.kommun.local'], log: () => undefined });
    expect((await app.request('https://prognos.kommun.se/api/health')).status).toBe(200);
    expect((await app.request('http://intern.kommun.local:8080/api/health')).status).toBe(200);
    expect((await app.request('http://prognos.kommun.se.angripare.example/api/health')).status).toBe(421);
    await w.store.db.transaction((tx) => setHostNames(tx, 'demo', ['prognos.demo.se']));
    expect((await app.request('https://prognos.demo.se/api/health')).status).toBe(200);
    const any = createApp({ store: w.store, allowedHosts: ['*'], log: () => undefined });
    expect((await any.request('http://vad-som-helst.example/api/health')).status).toBe(200);
    expect((await new Client(w.app).get('/api/health')).status).toBe(200);
  });

  it('refuses a rebound host name on the real server, as serve runs it', async () => {
    const server = await startServer({ store: w.store, port: 0, host: '127.0.0.1' });
    const get = (host: string) =>
      new Promise<number>((done, fail) => {
        const u = new URL(server.url);
        request({ host: u.hostname, port: u.port, path: '/api/health', headers: { host } }, (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        })
          .on('error', fail)
          .end();
      });
    try {
      expect(await get(`127.0.0.1:${new URL(server.url).port}`)).toBe(200);
      expect(await get(`localhost:${new URL(server.url).port}`)).toBe(200);
      expect(await get(`angripare.example:${new URL(server.url).port}`)).toBe(421);
    } finally {
      await server.close();
    }
  });
});
