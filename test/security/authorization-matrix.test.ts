/**
 * The authorization matrix an auditor asks for: every route of the JSON API (and the published
 * report addresses) × every role (and no session) × a unit inside the unit editor's subtree
 * (KAA) and one outside it (KEK) × the ids of another organisation on the same server.
 *
 * The routes are enumerated from the app's router, so a route added without a row here fails
 * the first test. Every call is built so that when it is allowed it changes nothing (a stale
 * version, an illegal workflow step, a body the validation refuses …): the status alone shows
 * what the permission check decided. Another organisation's round, unit or user is always
 * answered as if it did not exist (404) — never 200, never 403 that would confirm it exists —
 * except where the role alone already forbids the action (403 before any lookup).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../support/store.ts';
import { ROLES as APP_ROLES } from '../../src/core/permissions/index.ts';
import { toOpenApiPath } from '../../src/server/openapi.ts';
import { Client, loggedIn, type Res } from '../support/server.ts';
import { ROLES, twoOrgs, WHO, type TwoOrgs, type Who } from './support.ts';
import { expectDocCount } from './doc-counts.ts';

const STALE = 999_999_999;

interface Target {
  round: number;
  unit: string;
  uid: number;
}

type Expect = number | [inside: number, outside: number];

interface Case {
  /** The route as the OpenAPI document writes it: `get /api/rounds/{id}`. */
  route: string;
  /** What the call does, for the test name. */
  does: string;
  call: (c: Client, t: Target) => Promise<Res>;
  /** Which round the ids are: the open one (default) or the published one. */
  round?: 'open' | 'published';
  /** The call ends the session it is made with: make it with a fresh log-in. */
  fresh?: boolean;
  expect: Record<Who, Expect>;
  /** The same call with the other organisation's ids; null: the route takes no ids. */
  other: Record<Who, number> | null;
}

const same = (n: number): Record<Who, Expect> => ({ anonymous: n, admin: n, controller: n, editor: n, reader: n });
/** No session: 401; every role the same status. */
const loggedInAll = (n: Expect): Record<Who, Expect> => ({ anonymous: 401, admin: n, controller: n, editor: n, reader: n });
const other404: Record<Who, number> = { anonymous: 401, admin: 404, controller: 404, editor: 404, reader: 404 };

/** Unit routes: [KAA inside the editor's units, KEK outside]. */
const unitRead = { anonymous: 401, admin: 200, controller: 200, editor: [200, 403], reader: 200 } satisfies Record<Who, Expect>;
const unitWrite = (allowed: number) => ({ anonymous: 401, admin: allowed, controller: allowed, editor: [allowed, 403], reader: 403 }) satisfies Record<Who, Expect>;
const finance = (allowed: number) => ({ anonymous: 401, admin: allowed, controller: allowed, editor: 403, reader: 403 }) satisfies Record<Who, Expect>;
/** Board content and the report preview: the board KS is outside the editor's subtree. */
const boardRead = { anonymous: 401, admin: 200, controller: 200, editor: 403, reader: 200 } satisfies Record<Who, Expect>;
const boardWrite = (allowed: number) => finance(allowed);

const u = (t: Target): string => encodeURIComponent(t.unit);

export const MATRIX: Case[] = [
  // --- meta and authentication ---
  { route: 'get /api/openapi.json', does: 'reads the API document', call: (c) => c.get('/api/openapi.json'), expect: same(200), other: null },
  { route: 'get /api/health', does: 'checks health', call: (c) => c.get('/api/health'), expect: same(200), other: null },
  { route: 'get /api/auth/organisations', does: 'reads the organisations to choose at log-in', call: (c) => c.get('/api/auth/organisations'), expect: same(200), other: null },
  { route: 'post /api/auth/login', does: 'logs in with an empty body', call: (c) => c.post('/api/auth/login', {}), expect: same(400), other: null },
  { route: 'post /api/auth/logout', does: 'logs out', fresh: true, call: (c) => c.post('/api/auth/logout'), expect: same(200), other: null },
  { route: 'get /api/auth/providers', does: 'lists the single sign-on providers of the log-in page', call: (c) => c.get('/api/auth/providers'), expect: same(200), other: null },
  { route: 'get /api/me', does: 'reads the current user', call: (c) => c.get('/api/me'), expect: loggedInAll(200), other: null },
  {
    route: 'post /api/me/password',
    does: 'changes the password with a wrong current one',
    call: (c) => c.post('/api/me/password', { currentPassword: 'inte-det-ratta-losenordet', newPassword: 'ett-nytt-langt-losenord' }),
    expect: loggedInAll(400),
    other: null,
  },
  { route: 'get /api/units', does: 'lists the units', call: (c) => c.get('/api/units'), expect: loggedInAll(200), other: null },
  { route: 'get /api/forecast-methods', does: 'lists the forecast methods', call: (c) => c.get('/api/forecast-methods'), expect: loggedInAll(200), other: null },
  // --- users ---
  { route: 'get /api/users', does: 'lists the users', call: (c) => c.get('/api/users'), expect: { anonymous: 401, admin: 200, controller: 403, editor: 403, reader: 403 }, other: null },
  { route: 'post /api/users', does: 'creates a user with an incomplete body', call: (c) => c.post('/api/users', { username: 'x' }), expect: { anonymous: 401, admin: 400, controller: 403, editor: 403, reader: 403 }, other: null },
  {
    route: 'get /api/users/{uid}',
    does: 'reads a user and its history',
    call: (c, t) => c.get(`/api/users/${t.uid}`),
    expect: { anonymous: 401, admin: 200, controller: 403, editor: 403, reader: 403 },
    other: { anonymous: 401, admin: 404, controller: 403, editor: 403, reader: 403 },
  },
  {
    route: 'patch /api/users/{uid}',
    does: 'changes a user with a stale version',
    call: (c, t) => c.patch(`/api/users/${t.uid}`, { version: STALE, displayName: 'x' }),
    expect: { anonymous: 401, admin: 409, controller: 403, editor: 403, reader: 403 },
    other: { anonymous: 401, admin: 404, controller: 403, editor: 403, reader: 403 },
  },
  // --- rounds ---
  { route: 'get /api/rounds', does: 'lists the rounds', call: (c) => c.get('/api/rounds'), expect: loggedInAll(200), other: null },
  {
    route: 'post /api/rounds',
    does: 'opens a round that exists',
    call: (c) => c.post('/api/rounds', { board: 'KS', year: 2024, period: 3, name: 'P1', level: 'RN3' }),
    expect: finance(409),
    other: null,
  },
  { route: 'get /api/rounds/{id}', does: 'reads the round', call: (c, t) => c.get(`/api/rounds/${t.round}`), expect: loggedInAll(200), other: other404 },
  { route: 'patch /api/rounds/{id}', does: 'changes the round with a stale version', call: (c, t) => c.patch(`/api/rounds/${t.round}`, { version: STALE, thresholdTkr: 5 }), expect: finance(409), other: other404 },
  { route: 'post /api/rounds/{id}/publish', does: 'publishes with units not approved', call: (c, t) => c.post(`/api/rounds/${t.round}/publish`), expect: finance(409), other: other404 },
  // --- workflow ---
  {
    route: 'post /api/rounds/{id}/units/{code}/submit',
    does: 'submits a unit whose variance needs a comment',
    call: (c, t) => c.post(`/api/rounds/${t.round}/units/${u(t)}/submit`),
    expect: unitWrite(400),
    other: other404,
  },
  { route: 'post /api/rounds/{id}/units/{code}/approve', does: 'approves an open unit', call: (c, t) => c.post(`/api/rounds/${t.round}/units/${u(t)}/approve`), expect: finance(409), other: other404 },
  { route: 'post /api/rounds/{id}/units/{code}/reopen', does: 'reopens an open unit', call: (c, t) => c.post(`/api/rounds/${t.round}/units/${u(t)}/reopen`), expect: finance(409), other: other404 },
  // --- review and correcting rounds ---
  { route: 'get /api/rounds/{id}/review', does: 'reads the review list', call: (c, t) => c.get(`/api/rounds/${t.round}/review`), expect: loggedInAll(200), other: other404 },
  { route: 'post /api/rounds/{id}/approve-submitted', does: 'approves all submitted when none is', call: (c, t) => c.post(`/api/rounds/${t.round}/approve-submitted`), expect: finance(200), other: other404 },
  { route: 'get /api/rounds/{id}/units/{code}/notes', does: 'reads the review comments', call: (c, t) => c.get(`/api/rounds/${t.round}/units/${u(t)}/notes`), expect: unitRead, other: other404 },
  { route: 'post /api/rounds/{id}/units/{code}/notes', does: 'adds an empty review comment', call: (c, t) => c.post(`/api/rounds/${t.round}/units/${u(t)}/notes`, { text: '' }), expect: unitWrite(400), other: other404 },
  { route: 'delete /api/rounds/{id}', does: 'deletes a published round', round: 'published', call: (c, t) => c.delete(`/api/rounds/${t.round}`, {}), expect: finance(409), other: other404 },
  { route: 'post /api/rounds/{id}/archive', does: 'archives with an invalid body', call: (c, t) => c.post(`/api/rounds/${t.round}/archive`, {}), expect: finance(400), other: other404 },
  { route: 'get /api/rounds/defaults', does: 'reads the new-round proposal', call: (c) => c.get('/api/rounds/defaults'), expect: finance(200), other: null },
  { route: 'get /api/templates', does: 'lists the stored report templates', call: (c) => c.get('/api/templates'), expect: loggedInAll(200), other: null },
  { route: 'get /api/templates/builtin', does: "reads a board's built-in template", call: (c) => c.get('/api/templates/builtin?board=KS'), expect: loggedInAll(200), other: null },
  { route: 'get /api/templates/{board}/{tid}', does: 'reads a template that is not stored', call: (c) => c.get('/api/templates/KS/ingen'), expect: loggedInAll(404), other: null },
  { route: 'get /api/templates/{board}/{tid}/{version}', does: 'reads a template version that is not stored', call: (c) => c.get('/api/templates/KS/ingen/1'), expect: loggedInAll(404), other: null },
  { route: 'post /api/templates/{board}', does: 'stores a template with an empty body', call: (c) => c.post('/api/templates/KS', {}), expect: finance(400), other: null },
  { route: 'get /api/rounds/{id}/template', does: "reads the round's template", call: (c, t) => c.get(`/api/rounds/${t.round}/template`), expect: loggedInAll(200), other: other404 },
  { route: 'get /api/rounds/{id}/document', does: "reads the round's document metadata", call: (c, t) => c.get(`/api/rounds/${t.round}/document`), expect: loggedInAll(200), other: other404 },
  { route: 'put /api/rounds/{id}/document', does: 'sets document metadata with an unknown field', call: (c, t) => c.put(`/api/rounds/${t.round}/document`, { nope: 'x' }), expect: finance(400), other: other404 },
  { route: 'get /api/rounds/{id}/appendices', does: "lists the round's appendices", call: (c, t) => c.get(`/api/rounds/${t.round}/appendices`), expect: loggedInAll(200), other: other404 },
  { route: 'post /api/rounds/{id}/appendices', does: 'attaches a file that is not a PDF', call: (c, t) => c.post(`/api/rounds/${t.round}/appendices`, { not: 'a pdf' }), expect: finance(400), other: other404 },
  { route: 'get /api/rounds/{id}/appendices/{aid}', does: 'reads an appendix that is not there', call: (c, t) => c.get(`/api/rounds/${t.round}/appendices/999`), expect: loggedInAll(404), other: other404 },
  { route: 'delete /api/rounds/{id}/appendices/{aid}', does: 'deletes an appendix that is not there', call: (c, t) => c.delete(`/api/rounds/${t.round}/appendices/999`, {}), expect: finance(404), other: other404 },
  { route: 'get /api/todo', does: 'reads the to-do list', call: (c) => c.get('/api/todo'), expect: loggedInAll(200), other: null },
  { route: 'put /api/users/{username}/email', does: 'sets an e-mail address with an invalid body', call: (c) => c.put('/api/users/reader/email', {}), expect: { anonymous: 401, admin: 400, controller: 403, editor: 403, reader: 403 }, other: null },
  // --- forecast ---
  { route: 'get /api/rounds/{id}/units/{code}/forecast', does: 'reads the forecast grid', call: (c, t) => c.get(`/api/rounds/${t.round}/units/${u(t)}/forecast`), expect: unitRead, other: other404 },
  {
    route: 'put /api/rounds/{id}/units/{code}/forecast',
    does: 'saves a cell with a stale version',
    call: (c, t) => c.put(`/api/rounds/${t.round}/units/${u(t)}/forecast`, { group: '5', amountOre: -100, version: STALE }),
    expect: unitWrite(409),
    other: other404,
  },
  {
    route: 'put /api/rounds/{id}/units/{code}/comment',
    does: 'saves the comment with a stale version',
    call: (c, t) => c.put(`/api/rounds/${t.round}/units/${u(t)}/comment`, { text: 'x', version: STALE }),
    expect: unitWrite(409),
    other: other404,
  },
  { route: 'get /api/rounds/{id}/units/{code}/audit', does: "reads the unit's audit log", call: (c, t) => c.get(`/api/rounds/${t.round}/units/${u(t)}/audit`), expect: unitRead, other: other404 },
  {
    route: 'get /api/rounds/{id}/audit',
    does: "reads the round's audit log",
    call: (c, t) => c.get(`/api/rounds/${t.round}/audit`),
    expect: { anonymous: 401, admin: 200, controller: 200, editor: 403, reader: 200 },
    other: other404,
  },
  // --- board content ---
  { route: 'get /api/rounds/{id}/content', does: "reads the board's content", call: (c, t) => c.get(`/api/rounds/${t.round}/content`), expect: boardRead, other: other404 },
  {
    route: 'put /api/rounds/{id}/goals/{code}/status',
    does: "sets a goal's status with a stale version",
    call: (c, t) => c.put(`/api/rounds/${t.round}/goals/1.1/status`, { status: 'Uppfylls', version: STALE }),
    expect: boardWrite(409),
    other: other404,
  },
  {
    route: 'put /api/rounds/{id}/assignments/{code}/status',
    does: "sets an assignment's status with a stale version",
    call: (c, t) => c.put(`/api/rounds/${t.round}/assignments/U1/status`, { status: 'Påbörjat', version: STALE }),
    expect: boardWrite(409),
    other: other404,
  },
  {
    route: 'put /api/rounds/{id}/measures/{nr}',
    does: 'saves a measure with a stale version',
    call: (c, t) => c.put(`/api/rounds/${t.round}/measures/1`, { text: 'x', version: STALE }),
    expect: boardWrite(409),
    other: other404,
  },
  {
    route: 'delete /api/rounds/{id}/measures/{nr}',
    does: 'deletes a measure with a stale version',
    call: (c, t) => c.delete(`/api/rounds/${t.round}/measures/1`, { version: STALE }),
    expect: boardWrite(409),
    other: other404,
  },
  { route: 'get /api/rounds/{id}/observations', does: "reads the board's observations", call: (c, t) => c.get(`/api/rounds/${t.round}/observations`), expect: boardRead, other: other404 },
  {
    route: 'put /api/rounds/{id}/observations/{nr}',
    does: 'saves an observation with a stale version',
    call: (c, t) => c.put(`/api/rounds/${t.round}/observations/1`, { goalArea: 'A', kind: 'positive', text: 'x', version: STALE }),
    expect: boardWrite(409),
    other: other404,
  },
  {
    route: 'delete /api/rounds/{id}/observations/{nr}',
    does: 'deletes an observation with a stale version',
    call: (c, t) => c.delete(`/api/rounds/${t.round}/observations/1`, { version: STALE }),
    expect: boardWrite(409),
    other: other404,
  },
  { route: 'get /api/rounds/{id}/rollforward', does: "reads the board's intrapreneurship results", call: (c, t) => c.get(`/api/rounds/${t.round}/rollforward`), expect: boardRead, other: other404 },
  {
    route: 'put /api/rounds/{id}/rollforward/{unit}',
    does: "saves an intrapreneurship's result with a stale version",
    call: (c, t) => c.put(`/api/rounds/${t.round}/rollforward/${u(t)}`, { openingOre: 0, usedOre: 0, resultOre: 0, version: STALE }),
    expect: boardWrite(409),
    other: other404,
  },
  {
    route: 'delete /api/rounds/{id}/rollforward/{unit}',
    does: "deletes an intrapreneurship's result with a stale version",
    call: (c, t) => c.delete(`/api/rounds/${t.round}/rollforward/${u(t)}`, { version: STALE }),
    expect: boardWrite(409),
    other: other404,
  },
  { route: 'get /api/rounds/{id}/grids', does: "reads the board's free tables", call: (c, t) => c.get(`/api/rounds/${t.round}/grids`), expect: boardRead, other: other404 },
  { route: 'get /api/rounds/{id}/grids/{gridId}', does: 'reads one free table', call: (c, t) => c.get(`/api/rounds/${t.round}/grids/balance-measures`), expect: boardRead, other: other404 },
  {
    route: 'put /api/rounds/{id}/grids/{gridId}',
    does: 'saves a free table with a stale version',
    call: (c, t) => c.put(`/api/rounds/${t.round}/grids/balance-measures`, { rows: [], version: STALE }),
    expect: boardWrite(409),
    other: other404,
  },
  {
    route: 'put /api/rounds/{id}/narratives/{key}',
    does: 'saves a text with a stale version',
    call: (c, t) => c.put(`/api/rounds/${t.round}/narratives/analysis`, { text: 'x', version: STALE }),
    expect: boardWrite(409),
    other: other404,
  },
  // --- dashboards (a unit editor gets its own rows only; tested in access.test.ts) ---
  { route: 'get /api/rounds/{id}/dashboard/variance', does: 'reads the variance dashboard', call: (c, t) => c.get(`/api/rounds/${t.round}/dashboard/variance`), expect: loggedInAll(200), other: other404 },
  { route: 'get /api/rounds/{id}/dashboard/forecasts', does: 'reads the forecasts dashboard', call: (c, t) => c.get(`/api/rounds/${t.round}/dashboard/forecasts`), expect: loggedInAll(200), other: other404 },
  { route: 'get /api/rounds/{id}/dashboard/accuracy', does: 'reads the accuracy dashboard', call: (c, t) => c.get(`/api/rounds/${t.round}/dashboard/accuracy`), expect: loggedInAll(200), other: other404 },
  { route: 'get /api/rounds/{id}/dashboard/progress', does: 'reads the progress dashboard', call: (c, t) => c.get(`/api/rounds/${t.round}/dashboard/progress`), expect: loggedInAll(200), other: other404 },
  // --- reports ---
  { route: 'get /api/rounds/{id}/report.{format}', does: 'previews the open round’s report', call: (c, t) => c.get(`/api/rounds/${t.round}/report.json`), expect: boardRead, other: other404 },
  { route: 'get /api/rounds/{id}/check', does: 'runs the check publishing runs on the open round’s report', call: (c, t) => c.get(`/api/rounds/${t.round}/check`), expect: boardRead, other: other404 },
  {
    route: 'get /api/rounds/{id}/report.{format}',
    does: 'reads the published round’s report',
    round: 'published',
    call: (c, t) => c.get(`/api/rounds/${t.round}/report.json`),
    expect: loggedInAll(200),
    other: other404,
  },
  {
    route: 'get /published/{id}/report.{format}',
    does: 'reads the published report at its stable address',
    round: 'published',
    call: (c, t) => c.get(`/published/${t.round}/report.json`),
    expect: loggedInAll(200),
    other: other404,
  },
  {
    route: 'get /published/{id}/report.{format}',
    does: 'reads an open round at the published address',
    call: (c, t) => c.get(`/published/${t.round}/report.json`),
    expect: loggedInAll(404),
    other: other404,
  },
];

const show = (e: Expect): string => (Array.isArray(e) ? (e[0] === e[1] ? String(e[0]) : `${e[0]} inside and ${e[1]} outside its units`) : String(e));

describe.each(testBackends())('the authorization matrix of every API route (%s)', (backend) => {
  let w: TwoOrgs;
  beforeAll(async () => {
    w = await twoOrgs(backend);
  }, 180_000);
  afterAll(() => w?.close());

  it('has a row for every API route the app registers, and no row for a route that does not exist', () => {
    const registered = [
      ...new Set(w.app.routes.filter((r) => r.method !== 'ALL' && (r.path.startsWith('/api/') || r.path.startsWith('/published/'))).map((r) => `${r.method.toLowerCase()} ${toOpenApiPath(r.path)}`)),
    ].sort();
    const covered = [...new Set(MATRIX.map((c) => c.route))].sort();
    expect(registered.length).toBeGreaterThan(30);
    expect(covered).toEqual(registered);
  });

  const client = async (who: Who, fresh: boolean): Promise<Client> => (fresh && who !== 'anonymous' ? loggedIn(w.app, who) : w.clients[who]);
  const targets = (c: Case) => {
    const own = c.round === 'published' ? w.own.published : w.own.round;
    const other = c.round === 'published' ? w.other.published : w.other.round;
    return {
      inside: { round: own, unit: 'KAA', uid: w.own.readerId },
      outside: { round: own, unit: 'KEK', uid: w.own.readerId },
      other: { round: other, unit: 'KAA', uid: w.other.readerId },
    };
  };

  for (const c of MATRIX) {
    for (const who of WHO) {
      const e = c.expect[who];
      const [inside, outside] = Array.isArray(e) ? e : [e, e];
      const otherIds = c.other ? `, and ${c.other[who]} with another organisation's ids` : '';
      it(`${who}: ${c.route} (${c.does}) answers ${show(e)}${otherIds}`, async () => {
        const t = targets(c);
        const a = await c.call(await client(who, c.fresh ?? false), t.inside);
        expect(a.status, `${c.route} inside (KAA): ${a.text}`).toBe(inside);
        const b = await c.call(await client(who, c.fresh ?? false), t.outside);
        expect(b.status, `${c.route} outside (KEK): ${b.text}`).toBe(outside);
        if (c.other) {
          const x = await c.call(await client(who, c.fresh ?? false), t.other);
          expect(x.status, `${c.route} with the other organisation's ids: ${x.text}`).toBe(c.other[who]);
          // Nothing of the other organisation leaks in the answer.
          expect(x.text).not.toMatch(/annan-/);
          if (x.status === 404) expect(x.body.error.code).toBe('NOT_FOUND');
        }
      });
    }
  }

  it('leaves the other organisation’s open round exactly as it was after every call of the matrix', async () => {
    const r = await w.otherController.get(`/api/rounds/${w.other.round}`);
    expect(r.body.round.progress).toEqual({ total: 14, open: 14, submitted: 0, approved: 0 });
    const audit = await w.otherController.get(`/api/rounds/${w.other.round}/audit`);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['round.create']);
    const cells = await w.store.db.query("SELECT 1 FROM forecast_cell WHERE org_id = 'annan'");
    expect(cells).toHaveLength(0);
  });

  it('is as large as SECURITY.md says: routes, rows, callers, units and the other organisation’s ids', () => {
    // Every row is called by each caller inside (KAA) and outside (KEK) the unit editor's units, and with the other organisation's ids when it takes ids.
    const units = Object.keys(targets(MATRIX[0]!)).filter((k) => k !== 'other').length;
    expectDocCount('matrix.routes', new Set(MATRIX.map((c) => c.route)).size);
    expectDocCount('matrix.rows', MATRIX.length);
    expectDocCount('matrix.callers', WHO.length);
    expectDocCount('matrix.units', units);
    expectDocCount('matrix.rows-with-ids', MATRIX.filter((c) => c.other).length);
    expectDocCount('matrix.tests', MATRIX.length * WHO.length);
    expectDocCount('matrix.requests', MATRIX.reduce((n, c) => n + WHO.length * (units + (c.other ? 1 : 0)), 0));
    expectDocCount('matrix.other-org-requests', MATRIX.filter((c) => c.other).length * WHO.length);
  });

  it('has a column for every role of the permission table', () => {
    expect(new Set(ROLES.map((r) => (r === 'editor' ? 'unit_editor' : r)))).toEqual(new Set(APP_ROLES));
  });
});
