/**
 * Cross-site request forgery against every state-changing route the app registers (the JSON API
 * and the UI's form posts, enumerated from the router so a new route is tried without a row
 * here), with a live session: each forged variant below must be refused with 403 before any
 * handler runs, and afterwards every table holds exactly what it held before. The log-in routes
 * (no session yet) get the origin variants: a forged log-in would log the victim into the
 * attacker's account. The counts are stated in SECURITY.md and checked there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../support/store.ts';
import { Client, demoWorld, loggedIn, openDemoRound, type World } from '../support/server.ts';
import { expectDocCount } from './doc-counts.ts';

interface Forged {
  what: string;
  /** Applies to a request made with a session (a token is part of the variant) or to every request. */
  needsSession: boolean;
  headers: (csrf: string, otherCsrf: string) => Record<string, string>;
}

const FORGED: Forged[] = [
  { what: 'no CSRF token', needsSession: true, headers: () => ({ 'x-csrf-token': '' }) },
  { what: 'a made-up CSRF token', needsSession: true, headers: () => ({ 'x-csrf-token': 'A'.repeat(43) }) },
  { what: 'the CSRF token of another live session', needsSession: true, headers: (_, other) => ({ 'x-csrf-token': other }) },
  { what: 'a truncated CSRF token', needsSession: true, headers: (csrf) => ({ 'x-csrf-token': csrf.slice(0, 42) }) },
  { what: 'the CSRF token in the query string instead of the header', needsSession: true, headers: () => ({ 'x-csrf-token': '' }) },
  { what: 'the right token from a foreign Origin', needsSession: false, headers: (csrf) => ({ 'x-csrf-token': csrf, origin: 'https://evil.example' }) },
  { what: 'the right token from Origin null (a sandboxed frame)', needsSession: false, headers: (csrf) => ({ 'x-csrf-token': csrf, origin: 'null' }) },
  { what: 'the right token from a look-alike Origin', needsSession: false, headers: (csrf) => ({ 'x-csrf-token': csrf, origin: 'http://localhost.evil.example' }) },
  { what: 'the right token from the same host over another scheme', needsSession: false, headers: (csrf) => ({ 'x-csrf-token': csrf, origin: 'https://localhost' }) },
  { what: 'the right token from the same host on another port', needsSession: false, headers: (csrf) => ({ 'x-csrf-token': csrf, origin: 'http://localhost:8080' }) },
  { what: 'the right token with Sec-Fetch-Site: cross-site and no Origin', needsSession: false, headers: (csrf) => ({ 'x-csrf-token': csrf, origin: '', 'sec-fetch-site': 'cross-site' }) },
  { what: 'a plain HTML form post from another site (no Origin, no token)', needsSession: false, headers: () => ({ 'x-csrf-token': '', origin: '', 'content-type': 'application/x-www-form-urlencoded' }) },
];

/** A value for each path parameter: the session's own round and unit, so only the CSRF check can refuse. */
const fill = (path: string, round: number): string =>
  path.replace(/:([a-z]+)(\{[^}]*\})?/gi, (_, name: string) => (name === 'id' ? String(round) : name === 'code' ? 'KAA' : name === 'uid' ? '1' : name === 'username' ? 'reader' : name === 'nr' ? '1' : 'x'));

async function fingerprint(w: World): Promise<Record<string, string>> {
  const tables = (await w.store.db.query<{ t: string }>('SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1')).map((r) => r.t);
  const out: Record<string, string> = {};
  for (const t of tables) {
    // A session's last-use time may be touched by any request; its existence may not change.
    const rows = t === 'app_session' ? 'SELECT token_hash FROM app_session' : `SELECT * FROM ${t}`;
    const [r] = await w.store.db.query<{ h: string | null; n: string }>(`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h, count(*)::text AS n FROM (${rows}) x`);
    out[t] = `${r!.n}:${r!.h}`;
  }
  return out;
}

describe.each(testBackends())('forged cross-site requests to every state-changing route (%s)', (backend) => {
  let w: World;
  let admin: Client;
  let controller: Client;
  let round: number;
  beforeAll(async () => {
    w = await demoWorld(backend);
    admin = await loggedIn(w.app, 'admin');
    controller = await loggedIn(w.app, 'controller');
    round = await openDemoRound(controller);
  });
  afterAll(() => w?.close());

  const stateChanging = (): Array<{ method: string; path: string }> => {
    const seen = new Set<string>();
    return w.app.routes
      .filter((r) => !['GET', 'HEAD', 'OPTIONS', 'ALL'].includes(r.method))
      .filter((r) => (seen.has(`${r.method} ${r.path}`) ? false : (seen.add(`${r.method} ${r.path}`), true)));
  };
  const isLogin = (path: string): boolean => path === '/api/auth/login' || path === '/login';

  it('refuses every forged variant on every state-changing route with 403, and changes nothing in any table', async () => {
    const before = await fingerprint(w);
    const routes = stateChanging();
    const tried: string[] = [];
    const wrong: string[] = [];
    for (const r of routes) {
      const path = fill(r.path, round);
      const ui = !path.startsWith('/api/');
      for (const f of FORGED) {
        if (f.needsSession && isLogin(path)) continue;
        const headers: Record<string, string> = { 'x-forwarded-for': '10.0.0.1', origin: 'http://localhost', cookie: isLogin(path) ? '' : admin.cookie!, ...f.headers(admin.csrf!, controller.csrf!) };
        const form = ui || headers['content-type'] !== undefined;
        if (form) headers['content-type'] ??= 'application/x-www-form-urlencoded';
        else headers['content-type'] = 'application/json';
        const body = form ? 'username=admin&password=x&text=forged&version=0' : JSON.stringify({ username: 'admin', password: 'x', text: 'forged', version: 0 });
        for (const [k, v] of Object.entries(headers)) if (v === '') delete headers[k];
        const url = f.what.includes('query string') ? `${path}?_csrf=${admin.csrf!}&x-csrf-token=${admin.csrf!}` : path;
        const res = await w.app.request(url, { method: r.method, headers, body });
        tried.push(`${r.method} ${r.path}: ${f.what}`);
        if (res.status !== 403) wrong.push(`${r.method} ${r.path}: ${f.what} → ${res.status} ${(await res.text()).slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await fingerprint(w)).toEqual(before);
    // The sessions used are still live and their real requests still pass.
    expect((await admin.get('/api/me')).status).toBe(200);
    expectDocCount('csrf.routes', routes.length);
    expectDocCount('csrf.variants', FORGED.length);
    expectDocCount('csrf.requests', tried.length);
    process.stdout.write(`csrf (${backend}): ${tried.length} forged requests over ${routes.length} routes × ${FORGED.length} variants, all 403\n`);
  });

  it('shows a browser’s forged form post a Swedish page naming the forgery protection, not a missing permission', async () => {
    const res = await w.app.request('/rounds', {
      method: 'POST',
      headers: { accept: 'text/html', cookie: admin.cookie!, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=P5',
    });
    expect(res.status).toBe(403);
    const page = await res.text();
    expect(page).toContain('<h1>Åtgärden stoppades</h1>');
    expect(page).toMatch(/förfalskade förfrågningar/);
    expect(page).not.toContain('Du saknar behörighet');
  });

  it('still lets the session’s own request through with its token (the refusals above are the forgery’s doing)', async () => {
    const r = await admin.put(`/api/rounds/${round}/units/KAA/comment`, { text: 'Egen kommentar', version: 0 });
    expect(r.status).toBe(200);
  });
});
