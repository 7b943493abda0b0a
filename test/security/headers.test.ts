/**
 * Security headers on every response: every GET route the app registers (API, published
 * reports, the UI's pages and assets), as a logged-in user and without a session, and the error
 * answers (401, 403, 404, 400, a refused CSRF check, a too large body) — in-process and through
 * the Node adapter on a real socket. Each must carry a CSP with `default-src 'self'` (or the
 * stricter `'none'` of a rendered report) and `frame-ancestors 'none'`, `X-Content-Type-Options:
 * nosniff`, a Referrer-Policy, and no `X-Powered-By`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../support/store.ts';
import { startServer, type RunningServer } from '../../src/server/node.ts';
import { Client, loggedIn, type Res } from '../support/server.ts';
import { twoOrgs, type TwoOrgs } from './support.ts';

const STRICT_REFERRER = new Set(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin']);

function checkHeaders(h: Headers, where: string): void {
  const csp = h.get('content-security-policy');
  expect(csp, `${where}: Content-Security-Policy`).toBeTruthy();
  const directives = new Map(csp!.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k!.toLowerCase(), v]));
  expect(directives.get('default-src'), `${where}: ${csp}`).toEqual(expect.arrayContaining([expect.stringMatching(/^'(self|none)'$/)]));
  expect(directives.get('default-src')!.length, `${where}: default-src is one source: ${csp}`).toBe(1);
  expect(directives.get('frame-ancestors'), `${where}: ${csp}`).toEqual(["'none'"]);
  for (const [k, v] of directives) {
    if (k === 'script-src' || k === 'default-src') expect(v, `${where}: ${k} ${v.join(' ')}`).not.toEqual(expect.arrayContaining(["'unsafe-inline'", "'unsafe-eval'", '*', 'data:']));
  }
  expect(h.get('x-content-type-options'), `${where}: nosniff`).toBe('nosniff');
  expect(STRICT_REFERRER.has(h.get('referrer-policy') ?? ''), `${where}: Referrer-Policy ${h.get('referrer-policy')}`).toBe(true);
  expect(h.get('x-powered-by'), `${where}: X-Powered-By`).toBeNull();
  expect(h.get('server'), `${where}: Server`).toBeNull();
}

describe.each(testBackends())('security headers on every response (%s)', (backend) => {
  let w: TwoOrgs;
  let paths: string[];
  beforeAll(async () => {
    w = await twoOrgs(backend);
    const asset = (await w.clients.admin.get('/rounds')).text.match(/\/assets\/[^"' )]+/)?.[0];
    paths = [
      ...new Set(
        w.app.routes
          .filter((r) => r.method === 'GET')
          .map((r) =>
            r.path
              .replace(/:id(\{[^}]*\})?/g, String(w.own.round))
              .replace(/:uid(\{[^}]*\})?/g, String(w.own.readerId))
              .replace(/:code(\{[^}]*\})?/g, 'KAA')
              .replace(/:key(\{[^}]*\})?/g, 'analysis')
              .replace(/:format\{report[^}]*\}/g, 'report.json')
              .replace(/report\.:format(\{[^}]*\})?/g, 'report.json')
              .replace(/:name(\{[^}]*\})?/g, asset?.slice('/assets/'.length) ?? 'app.css'),
          )
          .filter((p) => !p.includes(':') && !p.includes('*')),
      ),
      `/published/${w.own.published}/report.html`,
      `/api/rounds/${w.own.round}/report.html`,
      `/api/rounds/${w.own.round}/report.xlsx`,
    ];
  }, 180_000);
  afterAll(() => w?.close());

  it('sends them on every GET route, logged in and not, whatever the status', async () => {
    expect(paths.length).toBeGreaterThan(25);
    const statuses = new Set<number>();
    for (const path of paths) {
      for (const who of ['admin', 'editor', 'anonymous'] as const) {
        const r = await w.clients[who].get(path);
        statuses.add(r.status);
        checkHeaders(r.headers, `${who} GET ${path} (${r.status})`);
      }
    }
    // Successes, redirects to the log-in and refusals were all among them.
    expect([...statuses]).toEqual(expect.arrayContaining([200, 401, 403]));
  });

  it('sends them on error answers and state changes', async () => {
    const c = await loggedIn(w.app, 'controller');
    const answers: Array<[string, Res]> = [
      ['unknown address', await c.get('/api/finns-inte')],
      ['unknown page', await c.get('/finns-inte')],
      ['bad JSON', await c.request('POST', '/api/auth/login', undefined, { 'content-type': 'application/json' })],
      ['foreign Origin', await c.post('/api/rounds', {}, { origin: 'https://evil.example' })],
      ['missing CSRF token', await c.post('/api/rounds', {}, { 'x-csrf-token': '' })],
      ['too large', await c.put(`/api/rounds/${w.own.round}/narratives/analysis`, { text: 'x'.repeat(3 * 1024 * 1024), version: 0 })],
      ['conflict', await c.put(`/api/rounds/${w.own.round}/units/KAA/forecast`, { group: '5', amountOre: -1, version: 999_999 })],
      ['log-in', await new Client(w.app).login('reader')],
      ['failed log-in', await Object.assign(new Client(w.app), { ip: '10.55.0.1' }).login('reader', 'fel-losenord-som-ar-langt')],
      ['log-out', await c.post('/api/auth/logout')],
      ['HEAD', await w.clients.reader.request('HEAD', '/api/health')],
      ['OPTIONS', await w.clients.reader.request('OPTIONS', '/api/rounds')],
    ];
    for (const [what, r] of answers) checkHeaders(r.headers, `${what} (${r.status})`);
    expect(answers.map(([, r]) => r.status)).toEqual(expect.arrayContaining([404, 400, 403, 409, 200, 401]));
  });

  it('gives the rendered report HTML the strictest policy: nothing but inline styles and data: images', async () => {
    const r = await w.clients.reader.get(`/published/${w.own.published}/report.html`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  });

  it('marks API answers not to be cached', async () => {
    for (const path of paths.filter((p) => p.startsWith('/api/'))) {
      const r = await w.clients.admin.get(path);
      expect(r.headers.get('cache-control'), path).toMatch(/no-store/);
    }
  });

  describe('through the Node adapter on a real socket', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer({ store: w.store, port: 0, host: '127.0.0.1', log: () => undefined });
    });
    afterAll(() => server?.close());

    it('sends the same headers and nothing that names the software', async () => {
      for (const path of ['/api/health', '/api/me', '/finns-inte', '/api/openapi.json', ...paths.filter((p) => p.startsWith('/assets/'))]) {
        const r = await fetch(`${server.url}${path}`);
        await r.arrayBuffer();
        checkHeaders(r.headers, `socket GET ${path} (${r.status})`);
      }
      const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: '{"username":"x","password":"y"}' });
      await login.arrayBuffer();
      checkHeaders(login.headers, `socket POST /api/auth/login (${login.status})`);
    });
  });
});
