import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { Client, demoWorld, loggedIn, openDemoRound, type World } from '../../test/support/server.ts';

type Who = 'admin' | 'controller' | 'editor' | 'reader';
const WHO: Who[] = ['admin', 'controller', 'editor', 'reader'];

/**
 * Unit routes, called on KAA (inside the editor's units) and KEK (outside). Every request is
 * built so that an allowed call changes nothing (a stale version, an illegal step …): the
 * status alone tells whether the permission check let it through.
 */
const STALE = 999_999_999;
const unitRoutes: Array<{ route: string; call: (c: Client, round: number, unit: string) => Promise<{ status: number }>; expect: Record<Who, [number, number]> }> = [
  {
    route: 'GET forecast grid',
    call: (c, r, u) => c.get(`/api/rounds/${r}/units/${u}/forecast`),
    expect: { admin: [200, 200], controller: [200, 200], editor: [200, 403], reader: [200, 200] },
  },
  {
    route: 'PUT forecast cell',
    call: (c, r, u) => c.put(`/api/rounds/${r}/units/${u}/forecast`, { group: '5', amountOre: -100, version: STALE }),
    expect: { admin: [409, 409], controller: [409, 409], editor: [409, 403], reader: [403, 403] },
  },
  {
    route: 'PUT unit comment',
    call: (c, r, u) => c.put(`/api/rounds/${r}/units/${u}/comment`, { text: 'x', version: STALE }),
    expect: { admin: [409, 409], controller: [409, 409], editor: [409, 403], reader: [403, 403] },
  },
  {
    route: 'POST submit (a comment is required)',
    call: (c, r, u) => c.post(`/api/rounds/${r}/units/${u}/submit`),
    expect: { admin: [400, 400], controller: [400, 400], editor: [400, 403], reader: [403, 403] },
  },
  {
    route: 'POST approve (the unit is open)',
    call: (c, r, u) => c.post(`/api/rounds/${r}/units/${u}/approve`),
    expect: { admin: [409, 409], controller: [409, 409], editor: [403, 403], reader: [403, 403] },
  },
  {
    route: 'POST reopen (the unit is open)',
    call: (c, r, u) => c.post(`/api/rounds/${r}/units/${u}/reopen`),
    expect: { admin: [409, 409], controller: [409, 409], editor: [403, 403], reader: [403, 403] },
  },
  {
    route: 'GET unit audit',
    call: (c, r, u) => c.get(`/api/rounds/${r}/units/${u}/audit`),
    expect: { admin: [200, 200], controller: [200, 200], editor: [200, 403], reader: [200, 200] },
  },
];

const roundRoutes: Array<{ route: string; call: (c: Client, round: number) => Promise<{ status: number }>; expect: Record<Who, number> }> = [
  { route: 'GET /api/rounds', call: (c) => c.get('/api/rounds'), expect: { admin: 200, controller: 200, editor: 200, reader: 200 } },
  { route: 'GET round', call: (c, r) => c.get(`/api/rounds/${r}`), expect: { admin: 200, controller: 200, editor: 200, reader: 200 } },
  {
    route: 'POST round (already exists)',
    call: (c) => c.post('/api/rounds', { board: 'KS', year: 2024, period: 3, name: 'P1', level: 'RN3' }),
    expect: { admin: 409, controller: 409, editor: 403, reader: 403 },
  },
  { route: 'PATCH round (stale)', call: (c, r) => c.patch(`/api/rounds/${r}`, { version: STALE, thresholdTkr: 5 }), expect: { admin: 409, controller: 409, editor: 403, reader: 403 } },
  { route: 'POST publish (units not approved)', call: (c, r) => c.post(`/api/rounds/${r}/publish`), expect: { admin: 409, controller: 409, editor: 403, reader: 403 } },
  { route: 'GET round audit', call: (c, r) => c.get(`/api/rounds/${r}/audit`), expect: { admin: 200, controller: 200, editor: 403, reader: 200 } },
  { route: 'GET content of the board', call: (c, r) => c.get(`/api/rounds/${r}/content`), expect: { admin: 200, controller: 200, editor: 403, reader: 200 } },
  {
    route: 'PUT narrative (stale)',
    call: (c, r) => c.put(`/api/rounds/${r}/narratives/analysis`, { text: 'x', version: STALE }),
    expect: { admin: 409, controller: 409, editor: 403, reader: 403 },
  },
  {
    route: 'PUT goal status (stale)',
    call: (c, r) => c.put(`/api/rounds/${r}/goals/1.1/status`, { status: 'Uppfylls', version: STALE }),
    expect: { admin: 409, controller: 409, editor: 403, reader: 403 },
  },
  { route: 'GET variance dashboard', call: (c, r) => c.get(`/api/rounds/${r}/dashboard/variance`), expect: { admin: 200, controller: 200, editor: 200, reader: 200 } },
  { route: 'GET progress dashboard', call: (c, r) => c.get(`/api/rounds/${r}/dashboard/progress`), expect: { admin: 200, controller: 200, editor: 200, reader: 200 } },
  { route: 'GET report preview', call: (c, r) => c.get(`/api/rounds/${r}/report.json`), expect: { admin: 200, controller: 200, editor: 403, reader: 200 } },
  { route: 'GET /api/users', call: (c) => c.get('/api/users'), expect: { admin: 200, controller: 403, editor: 403, reader: 403 } },
  { route: 'POST /api/users (bad body)', call: (c) => c.post('/api/users', { username: 'x' }), expect: { admin: 400, controller: 403, editor: 403, reader: 403 } },
];

describe.each(testBackends())('access by role and unit (%s)', (backend) => {
  let w: World;
  let round: number;
  const clients = {} as Record<Who, Client>;
  beforeAll(async () => {
    w = await demoWorld(backend);
    for (const who of WHO) clients[who] = await loggedIn(w.app, who);
    round = await openDemoRound(clients.controller);
  });
  afterAll(() => w?.close());

  for (const r of unitRoutes) {
    for (const who of WHO) {
      const [inside, outside] = r.expect[who];
      it(`${who}: ${r.route} answers ${inside} inside the editor's unit and ${outside} outside it`, async () => {
        expect((await r.call(clients[who], round, 'KAA')).status).toBe(inside);
        expect((await r.call(clients[who], round, 'KEK')).status).toBe(outside);
      });
    }
  }

  for (const r of roundRoutes) {
    for (const who of WHO) {
      it(`${who}: ${r.route} answers ${r.expect[who]}`, async () => {
        expect((await r.call(clients[who], round)).status).toBe(r.expect[who]);
      });
    }
  }

  it('refuses every API route without a session with 401, except log-in, health and the API document', async () => {
    const anon = new Client(w.app);
    for (const path of ['/api/me', '/api/rounds', `/api/rounds/${round}`, `/api/rounds/${round}/units/KAA/forecast`, `/api/rounds/${round}/report.html`, `/published/${round}/report.html`, '/api/units']) {
      const r = await anon.get(path);
      expect(r.status, path).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHENTICATED');
    }
    expect((await anon.get('/api/openapi.json')).status).toBe(200);
    expect((await anon.get('/api/health')).status).toBe(200);
  });

  it('shows a unit editor only the units of its subtrees in rounds and dashboards', async () => {
    const detail = await clients.editor.get(`/api/rounds/${round}`);
    expect(detail.body.round.units.map((u: { code: string }) => u.code)).toEqual(['KAA']);
    expect(detail.body.round.progress.total).toBe(1);
    const variance = await clients.editor.get(`/api/rounds/${round}/dashboard/variance`);
    expect(variance.body.rows.map((u: { code: string }) => u.code)).toEqual(['KAA']);
    // The drill-down to a unit's account groups: its own unit, never another.
    const own = await clients.editor.get(`/api/rounds/${round}/dashboard/variance?unit=KAA`);
    expect(own.status).toBe(200);
    expect(own.body.drill.code).toBe('KAA');
    expect((await clients.editor.get(`/api/rounds/${round}/dashboard/variance?unit=KEK`)).status).toBe(404);
    const chief = await loggedIn(w.app, 'chief');
    const all = await chief.get(`/api/rounds/${round}/dashboard/progress`);
    expect(all.body.counts.total).toBe(14);
    expect((await clients.reader.get(`/api/rounds/${round}`)).body.round.units).toHaveLength(14);
  });

  it('names the missing permission in Swedish', async () => {
    const r = await clients.reader.put(`/api/rounds/${round}/units/KAA/forecast`, { group: '5', amountOre: 1, version: 0 });
    expect(r.body.error).toEqual({ code: 'FORBIDDEN', message: 'du saknar behörighet: ändra en enhets prognos och kommentar (enheten KAA)' });
  });
});
