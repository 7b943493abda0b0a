/**
 * Regression test for issue 12, defect 5 (500 instead of 400) and the 415 of defect 8: every
 * route that takes a string, a date or a number from a request is sent the inputs that broke
 * it — NUL and other control characters in every string field, path segment and query
 * parameter; an oversized `?before=`; impossible deadlines — and must answer 400 with a Swedish
 * message, never 500. A per-activity round whose cells at the allowed maximum would push a total
 * past 2^53 öre refuses the cell that would (400, naming it) and keeps answering 200.
 * In-process `app.request()` on both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../support/store.ts';
import { Client, demoWorld, loggedIn, openDemoRound, PASSWORD, type World } from '../support/server.ts';
import { OPERATING_GROUPS } from '../../src/core/domain/index.ts';
import { expectDocCount } from './doc-counts.ts';

/** The characters that gave 500: NUL, and other control characters beside it. */
const CONTROL_VALUES = ['\u0000', 'KA\u0000A', '\u0007', 'x\u001by', '\u007f'];

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** With `{s}` where a path segment or query value may be replaced. */
  path: string;
  /** A valid body; each string in it (recursively) is replaced in turn. */
  body?: Record<string, unknown>;
  as: 'admin' | 'controller' | 'anonymous';
}

/** Paths to every string of a body: ['a'], ['units', 0], … */
function stringPaths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof v === 'string') return [at];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringPaths(x, [...at, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringPaths(x, [...at, k]));
  return [];
}

function replaced(body: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: any = Array.isArray(body) ? [...body] : { ...(body as object) };
  copy[path[0]!] = replaced(copy[path[0]!], path.slice(1), value);
  return copy;
}

const SWEDISH = /[a-zåäö]/;
const ENGLISH = /\b(invalid|expected|must|required|received|too (big|small)|string|number)\b/i;

function expectSwedish400(r: { status: number; text: string; body: any }, what: string): void {
  expect(r.status, `${what}: ${r.text.slice(0, 300)}`).toBe(400);
  expect(r.body.error.code).toBe('BAD_INPUT');
  expect(r.body.error.message).toMatch(SWEDISH);
  expect(r.body.error.message, what).not.toMatch(ENGLISH);
}

describe.each(testBackends())('input limits: what gave 500 is 400 in Swedish, never 500 (%s)', (backend) => {
  let w: World;
  let admin: Client;
  let controller: Client;
  let round: number;
  let readerId: number;
  beforeAll(async () => {
    w = await demoWorld(backend);
    admin = await loggedIn(w.app, 'admin');
    controller = await loggedIn(w.app, 'controller');
    round = await openDemoRound(controller);
    const [r] = await w.store.db.query<{ id: string }>("SELECT id::text AS id FROM app_user WHERE username = 'reader'");
    readerId = Number(r!.id);
  });
  afterAll(() => w?.close());

  const routes = (): Route[] => [
    { as: 'anonymous', method: 'POST', path: '/api/auth/login', body: { username: 'reader', password: PASSWORD } },
    { as: 'admin', method: 'POST', path: '/api/me/password', body: { currentPassword: PASSWORD, newPassword: 'ett-annat-langt-losenord-2025' } },
    { as: 'admin', method: 'POST', path: '/api/users', body: { username: 'ny.person', displayName: 'Ny Person', role: 'unit_editor', units: ['KAA'], password: PASSWORD } },
    { as: 'admin', method: 'PATCH', path: `/api/users/${readerId}`, body: { version: 1, displayName: 'Läsare', role: 'reader', units: ['KAA'], password: PASSWORD } },
    { as: 'controller', method: 'POST', path: '/api/rounds', body: { board: 'KS', year: 2024, period: 3, name: 'P9', level: 'RN3', within: 'ÖKA', deadline: '2024-04-20', method: 'profile', sign: 'net', groupLevel: 'RN1' } },
    { as: 'controller', method: 'PATCH', path: `/api/rounds/${round}`, body: { version: 1, deadline: '2024-04-20', method: 'profile' } },
    { as: 'controller', method: 'PUT', path: `/api/rounds/${round}/units/{s}/forecast`, body: { group: '4', activity: '', amountOre: 100, version: 0 } },
    { as: 'controller', method: 'PUT', path: `/api/rounds/${round}/units/{s}/comment`, body: { text: 'En kommentar', version: 0 } },
    { as: 'controller', method: 'PUT', path: `/api/rounds/${round}/goals/{s}/status`, body: { status: null, comment: 'Kommentar', version: 0 } },
    { as: 'controller', method: 'PUT', path: `/api/rounds/${round}/assignments/{s}/status`, body: { status: null, comment: 'Kommentar', version: 0 } },
    { as: 'controller', method: 'PUT', path: `/api/rounds/${round}/measures/{s}`, body: { text: 'Åtgärd', decisionDate: '2024-03-01', diaryNumber: 'KS 2024/1', forecastEffectMnkr: '1.5', totalEffectMnkr: null, achievedMnkr: null, expectedEffect: 'Effekt', comment: 'Kommentar', version: 0 } },
    { as: 'controller', method: 'DELETE', path: `/api/rounds/${round}/measures/{s}`, body: { version: 1 } },
    { as: 'controller', method: 'PUT', path: `/api/rounds/${round}/narratives/{s}`, body: { title: 'Rubrik', text: 'Text', version: 0 } },
    ...(['submit', 'approve', 'reopen'] as const).map((s): Route => ({ as: 'controller', method: 'POST', path: `/api/rounds/${round}/units/{s}/${s}` })),
    { as: 'controller', method: 'GET', path: `/api/rounds/${round}/units/{s}/forecast?method={s}` },
    { as: 'controller', method: 'GET', path: `/api/rounds/${round}/units/{s}/audit?before={s}` },
    { as: 'controller', method: 'GET', path: `/api/rounds/${round}/audit?before={s}` },
    { as: 'controller', method: 'GET', path: `/api/rounds/${round}/dashboard/accuracy?years={s}` },
    { as: 'controller', method: 'GET', path: `/api/rounds/${round}/dashboard/variance?x={s}` },
    { as: 'controller', method: 'GET', path: `/api/rounds/${round}/report.html?download={s}` },
    { as: 'controller', method: 'GET', path: `/api/units?{s}=1` },
  ];

  const client = (r: Route): Client => (r.as === 'admin' ? admin : r.as === 'controller' ? controller : new Client(w.app));
  const count = { requests: 0 };

  it('regression: NUL and other control characters in every string of every body, every path segment and query parameter give 400 in Swedish, never 500', async () => {
    const seen: string[] = [];
    for (const r of routes()) {
      const c = client(r);
      const variants: { what: string; path: string; body?: unknown }[] = [];
      const slots = r.path.split('{s}').length - 1;
      for (const v of CONTROL_VALUES) {
        for (let slot = 0; slot < slots; slot++) {
          let i = 0;
          const path = r.path.replace(/\{s\}/g, () => (i++ === slot ? encodeURIComponent(v) : r.path.includes('units/{s}') && i === 1 ? 'KAA' : 'ok'));
          variants.push({ what: `${r.method} ${r.path} slot ${slot} ${JSON.stringify(v)}`, path, ...(r.body ? { body: r.body } : {}) });
        }
        for (const p of stringPaths(r.body ?? {})) {
          const path = r.path.replace(/\{s\}/g, r.path.includes('units/{s}') ? 'KAA' : 'x1');
          variants.push({ what: `${r.method} ${r.path} ${p.join('.')} ${JSON.stringify(v)}`, path, body: replaced(r.body, p, v) });
        }
        // A key with a NUL is refused as well.
        if (r.body) variants.push({ what: `${r.method} ${r.path} key ${JSON.stringify(v)}`, path: r.path.replace(/\{s\}/g, 'KAA'), body: { ...r.body, [`k${v}`]: 1 } });
      }
      for (const v of variants) {
        const res = await c.request(r.method, v.path, v.body);
        count.requests++;
        expectSwedish400(res, v.what);
        seen.push(v.what);
      }
    }
    // The inputs of defect 5 were among them: NUL in codes (a unit code in the path, board and group in a body), user names, units and groupLevel.
    for (const input of ['POST /api/auth/login username', 'POST /api/users username', 'POST /api/users units.0', 'POST /api/rounds groupLevel', 'POST /api/rounds board', `PUT /api/rounds/${round}/units/{s}/forecast slot 0`, `PUT /api/rounds/${round}/units/{s}/forecast group`]) {
      expect(seen.some((s) => s.startsWith(`${input} "\\u0000"`)), input).toBe(true);
    }
    // Every route of the list was tried, most with several fields: the counts SECURITY.md states.
    expectDocCount('input.control-values', CONTROL_VALUES.length);
    expectDocCount('input.control-routes', routes().length);
    expectDocCount('input.control-requests', seen.length);
    process.stdout.write(`input limits (${backend}): ${seen.length} control-character requests over ${routes().length} routes, all 400\n`);
  });

  it('regression: an oversized or malformed ?before= and ?years= give 400 naming the parameter, never 500', async () => {
    const values = ['99999999999999999999', '9007199254740993', '-1', '0', '1e3', '12abc', ' 5', '1'.repeat(5000)];
    let requests = 0;
    for (const path of [`/api/rounds/${round}/audit?before=`, `/api/rounds/${round}/units/KAA/audit?before=`, `/api/rounds/${round}/dashboard/accuracy?years=`]) {
      for (const v of values) {
        const r = await controller.get(path + encodeURIComponent(v));
        requests++;
        expectSwedish400(r, path + v.slice(0, 30));
        expect(r.body.error.field).toBe(path.includes('years') ? 'years' : 'before');
      }
      const ok = await controller.get(path + '3');
      expect(ok.status).toBe(200);
    }
    expect((await controller.get(`/api/users/99999999999999999999`)).status).not.toBe(500);
    const patch = await admin.patch('/api/users/99999999999999999999', { version: 1 });
    expect(patch.status).toBe(404);
    expectDocCount('input.query-values', values.length);
    expectDocCount('input.query-requests', requests);
  });

  it('regression: deadline 0000-01-01 and other impossible dates give 400 in Swedish on creating and changing a round', async () => {
    const dates = ['0000-01-01', '1899-12-31', '2201-01-01', '2024-02-30', '2023-02-29', '2024-13-01', '9999-12-31', '2024-4-20', '20240420'];
    let requests = 0;
    for (const deadline of dates) {
      const created = await controller.post('/api/rounds', { board: 'KS', year: 2024, period: 3, name: 'P8', level: 'RN3', within: 'ÖKA', deadline });
      expectSwedish400(created, `create ${deadline}`);
      expect(created.body.error.field).toBe('deadline');
      const changed = await controller.patch(`/api/rounds/${round}`, { version: (await controller.get(`/api/rounds/${round}`)).body.round.version, deadline });
      expectSwedish400(changed, `patch ${deadline}`);
      requests += 2;
    }
    expectDocCount('input.dates', dates.length);
    expectDocCount('input.date-requests', requests);
    const leap = await controller.patch(`/api/rounds/${round}`, { version: (await controller.get(`/api/rounds/${round}`)).body.round.version, deadline: '2024-02-29' });
    expect(leap.status).toBe(200);
  });

  it('regression: a per-activity round whose cells at the allowed maximum would push a total past 2^53 öre refuses the cell that would (400, naming it), and the grid still answers 200', async () => {
    const id = await openDemoRound(controller, { name: 'P7', byActivity: true, within: 'KAA' });
    const activities = [...(await w.store.listCodeNames('demo', 'activity')).keys()];
    const cells = OPERATING_GROUPS.flatMap((group) => activities.map((activity) => ({ group, activity }))).slice(0, 8);
    expect(cells.length).toBe(8);
    const statuses: number[] = [];
    for (const cell of cells) {
      const r = await controller.put(`/api/rounds/${id}/units/KAA/forecast`, { ...cell, amountOre: 10 ** 15, version: 0 });
      statuses.push(r.status);
      if (r.status === 400) {
        expectSwedish400(r, 'overflowing cell');
        expect(r.body.error.field).toBe('amountOre');
        expect(r.body.error.message).toContain(`KAA, kontogrupp ${cell.group}, verksamhet ${cell.activity}`);
      }
      const grid = await controller.get(`/api/rounds/${id}/units/KAA/forecast`);
      expect(grid.status).toBe(200);
    }
    // 4 × 10^15 öre fit under 2^52; the fifth and later cells would not.
    expect(statuses).toEqual([200, 200, 200, 200, 400, 400, 400, 400]);
    expectDocCount('input.overflow-cells', cells.length);
    for (const path of [`/api/rounds/${id}`, `/api/rounds/${id}/dashboard/variance`, `/api/rounds/${id}/dashboard/forecasts`, `/api/rounds/${id}/dashboard/progress`, `/api/rounds/${id}/report.json`]) {
      expect((await controller.get(path)).status, path).toBe(200);
    }
  });

  it('regression: a JSON body without a content type, or with a wrong one, gives 415 in Swedish (not 403 "CSRF"); a foreign origin is still 403', async () => {
    const body = JSON.stringify({ board: 'KS', year: 2024, period: 3, name: 'P6', level: 'RN3' });
    const headers = { origin: 'http://localhost', cookie: controller.cookie!, 'x-csrf-token': controller.csrf! };
    let requests = 0;
    for (const [method, path] of [['POST', '/api/rounds'], ['PATCH', `/api/rounds/${round}`], ['PUT', `/api/rounds/${round}/units/KAA/comment`], ['POST', '/api/auth/login']] as const) {
      for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'text/xml', 'application/octet-stream']) {
        for (const withOrigin of [true, false]) {
          const h: Record<string, string> = { ...headers };
          if (!withOrigin) delete h.origin;
          if (type) h['content-type'] = type;
          const res = await w.app.request(path, { method, headers: h, body });
          requests++;
          const json = (await res.json()) as { error: { code: string; message: string } };
          expect({ method, path, type, withOrigin, status: res.status }).toMatchObject({ status: 415 });
          expect(json.error.code).toBe('UNSUPPORTED');
          expect(json.error.message).toMatch(/^förfrågan ska skickas som JSON med huvudet Content-Type: application\/json/);
        }
      }
    }
    expectDocCount('input.content-type-requests', requests);
    const foreign = await w.app.request('/api/rounds', { method: 'POST', headers: { ...headers, origin: 'https://evil.example' }, body });
    expect(foreign.status).toBe(403);
    // A body-less POST needs no content type.
    expect((await w.app.request(`/api/rounds/${round}/units/KAA/submit`, { method: 'POST', headers })).status).not.toBe(415);
    expect((await controller.get('/api/rounds')).body.rounds.some((r: { name: string }) => r.name === 'P6')).toBe(false);
  });
});
