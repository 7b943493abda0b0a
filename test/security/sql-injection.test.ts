/**
 * SQL injection through every string the API and the import paths take. Each documented route
 * (from ROUTE_DOCS, so a new route without a valid call here fails) is called once validly and
 * then with an injection payload in each of its string path parameters, query parameters and
 * body fields (the body fields come from the zod schema the server validates with). Every
 * answer must be 2xx or 4xx — never a database error — and what a 2xx stored must come back
 * exactly as sent. Imports (CSV, SIE, content, and the CLI's --org) store the payloads as text.
 * Afterwards the database has the same tables and the same ledger as before.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../support/store.ts';
import { DEMO_ORG } from '../../src/demo/index.ts';
import { ROUTE_DOCS } from '../../src/server/openapi.ts';
import { Client, demoWorld, loggedIn, openDemoRound, PASSWORD, type Res, type World } from '../support/server.ts';
import { importContent } from '../../src/store/ingest-content.ts';
import { importSie, importTabular } from '../../src/store/ingest.ts';
import { openStore } from '../../src/store/index.ts';
import { expectDocCount } from './doc-counts.ts';

const PAYLOADS = ["'; DROP TABLE amount; --", "' OR 1=1 --", '"); DELETE FROM app_user; --', "x' UNION SELECT password_hash FROM app_user --"];

interface Ctx {
  w: World;
  c: Client;
  round: number;
  readerId: number;
  n: number;
}

interface RouteCall {
  /** Valid values of the path parameters. */
  path: Record<string, string>;
  /** Valid query parameters (documented ones). */
  query?: Record<string, string>;
  /** A valid body (read fresh before every call: versions move). */
  body?: (x: Ctx) => Promise<Record<string, unknown>>;
  /** Make the call as this client (default the admin; `anonymous` for log-in). */
  as?: 'anonymous';
}

const version = async (x: Ctx, kind: 'narratives' | 'goals' | 'assignments' | 'measures', key: string): Promise<number> => {
  const content = (await x.c.get(`/api/rounds/${x.round}/content`)).body;
  return content[kind].find((e: { key?: string; code?: string; nr?: string }) => (e.key ?? e.code ?? e.nr) === key)?.version ?? 0;
};

/** One valid call per documented route; the test fails for a route without one. */
const CALLS: Record<string, RouteCall> = {
  'get /api/openapi.json': { path: {} },
  'get /api/health': { path: {} },
  'post /api/auth/login': { path: {}, as: 'anonymous', body: async () => ({ username: 'chief', password: PASSWORD }) },
  'post /api/auth/logout': { path: {}, as: 'anonymous' },
  'get /api/auth/organisations': { path: {}, as: 'anonymous' },
  'get /api/me': { path: {} },
  'post /api/me/password': { path: {}, body: async () => ({ currentPassword: 'inte-det-ratta-losenordet', newPassword: 'ett-nytt-langt-losenord' }) },
  'get /api/users': { path: {} },
  'post /api/users': { path: {}, body: async (x) => ({ username: `sqli-${x.n}`, displayName: 'Ny', role: 'unit_editor', units: ['KAA'], password: `${PASSWORD}-${x.n}` }) },
  'get /api/users/{uid}': { path: { uid: 'READER' } },
  'patch /api/users/{uid}': {
    path: { uid: 'READER' },
    body: async (x) => ({ version: (await x.c.get('/api/users')).body.users.find((u: { id: number }) => u.id === x.readerId).version, displayName: 'Läsaren' }),
  },
  'get /api/units': { path: {} },
  'get /api/forecast-methods': { path: {} },
  'get /api/rounds': { path: {} },
  'post /api/rounds': { path: {}, body: async (x) => ({ board: 'KS', year: 2030, period: 3, name: `S${x.n}`, level: 'RN3', within: 'ÖKA', groupLevel: 'RN1', deadline: '2030-04-01' }) },
  'get /api/rounds/{id}': { path: { id: 'ROUND' } },
  'patch /api/rounds/{id}': { path: { id: 'ROUND' }, body: async (x) => ({ version: (await x.c.get(`/api/rounds/${x.round}`)).body.round.version, method: 'budget', deadline: '2024-05-01' }) },
  'post /api/rounds/{id}/publish': { path: { id: 'ROUND' }, body: async () => ({ allowMissing: true }) },
  'post /api/rounds/{id}/units/{code}/submit': { path: { id: 'ROUND', code: 'KEK' }, body: async () => ({ allowMissing: true }) },
  'post /api/rounds/{id}/units/{code}/approve': { path: { id: 'ROUND', code: 'KEK' } },
  'post /api/rounds/{id}/units/{code}/reopen': { path: { id: 'ROUND', code: 'KEK' }, body: async () => ({ reason: 'Siffrorna ska rättas' }) },
  'get /api/rounds/{id}/units/{code}/forecast': { path: { id: 'ROUND', code: 'KAA' }, query: { method: 'profile' } },
  'put /api/rounds/{id}/units/{code}/forecast': {
    path: { id: 'ROUND', code: 'KAA' },
    body: async (x) => ({ group: '5', activity: '', amountOre: -100_000 * x.n, version: (await x.c.get(`/api/rounds/${x.round}/units/KAA/forecast`)).body.rows.find((r: { group: string }) => r.group === '5').version }),
  },
  'put /api/rounds/{id}/units/{code}/comment': { path: { id: 'ROUND', code: 'KAA' }, body: async (x) => ({ text: 'Kommentar', version: (await x.c.get(`/api/rounds/${x.round}/units/KAA/forecast`)).body.unit.comment.version }) },
  'get /api/rounds/{id}/units/{code}/audit': { path: { id: 'ROUND', code: 'KAA' }, query: { before: '999999' } },
  'get /api/rounds/{id}/audit': { path: { id: 'ROUND' }, query: { before: '999999' } },
  'get /api/rounds/{id}/content': { path: { id: 'ROUND' } },
  'put /api/rounds/{id}/goals/{code}/status': { path: { id: 'ROUND', code: '2.1' }, body: async (x) => ({ status: 'Uppfylls', comment: 'Bra', version: await version(x, 'goals', '2.1') }) },
  'put /api/rounds/{id}/assignments/{code}/status': { path: { id: 'ROUND', code: 'U1' }, body: async (x) => ({ status: 'Påbörjat', comment: 'Pågår', version: await version(x, 'assignments', 'U1') }) },
  'put /api/rounds/{id}/measures/{nr}': { path: { id: 'ROUND', nr: '77' }, body: async (x) => ({ text: 'Åtgärd', decisionDate: '2024-01-01', diaryNumber: 'Ks 1/2024', forecastEffectMnkr: '1.5', expectedEffect: 'Effekt', comment: 'K', version: await version(x, 'measures', '77') }) },
  'delete /api/rounds/{id}/measures/{nr}': { path: { id: 'ROUND', nr: '78' }, body: async () => ({ version: 999_999_999 }) },
  'get /api/rounds/{id}/observations': { path: { id: 'ROUND' } },
  'put /api/rounds/{id}/observations/{nr}': {
    path: { id: 'ROUND', nr: '77' },
    body: async (x) => ({ goalArea: 'Område', kind: 'positive', text: 'Iakttagelse', version: (await x.c.get(`/api/rounds/${x.round}/observations`)).body.observations.find((o: { nr: number }) => o.nr === 77)?.version ?? 0 }),
  },
  'delete /api/rounds/{id}/observations/{nr}': { path: { id: 'ROUND', nr: '78' }, body: async () => ({ version: 999_999_999 }) },
  'get /api/rounds/{id}/rollforward': { path: { id: 'ROUND' } },
  'put /api/rounds/{id}/rollforward/{unit}': {
    path: { id: 'ROUND', unit: 'KAA' },
    body: async (x) => ({ openingOre: 100, usedOre: 0, resultOre: 0, version: ((await x.c.get(`/api/rounds/${x.round}/rollforward`)).body.rollforward as Array<{ unit: string; version: number }>).find((r) => r.unit === 'KAA')?.version ?? 0 }),
  },
  'delete /api/rounds/{id}/rollforward/{unit}': { path: { id: 'ROUND', unit: 'KAA' }, body: async () => ({ version: 999_999_999 }) },
  'get /api/rounds/{id}/grids': { path: { id: 'ROUND' } },
  'get /api/rounds/{id}/grids/{gridId}': { path: { id: 'ROUND', gridId: 'balance-measures' } },
  'put /api/rounds/{id}/grids/{gridId}': {
    path: { id: 'ROUND', gridId: 'balance-measures' },
    body: async (x) => {
      const grid = (await x.c.get(`/api/rounds/${x.round}/grids/balance-measures`)).body.grid as { version: number; rows: Array<{ cells: Record<string, unknown> }> };
      const rows = grid.rows.map((r) => ({ cells: Object.fromEntries(Object.entries(r.cells).map(([k, v]) => [k, v === null ? null : String(v)])) }));
      return { rows, version: grid.version };
    },
  },
  'put /api/rounds/{id}/narratives/{key}': { path: { id: 'ROUND', key: 'events' }, body: async (x) => ({ title: 'Händelser', text: 'Text', version: await version(x, 'narratives', 'events') }) },
  'get /api/rounds/{id}/dashboard/variance': { path: { id: 'ROUND' }, query: { unit: 'KAA' } },
  'get /api/rounds/{id}/dashboard/forecasts': { path: { id: 'ROUND' } },
  'get /api/rounds/{id}/dashboard/accuracy': { path: { id: 'ROUND' }, query: { years: '5' } },
  'get /api/rounds/{id}/dashboard/progress': { path: { id: 'ROUND' } },
  'get /api/rounds/{id}/report.{format}': { path: { id: 'ROUND', format: 'json' }, query: { download: '1' } },
  'get /published/{id}/report.{format}': { path: { id: 'ROUND', format: 'json' } },
  'get /api/auth/providers': { path: {}, as: 'anonymous' },
  'get /api/todo': { path: {} },
  'get /api/rounds/defaults': { path: {}, query: { board: 'KS' } },
  'delete /api/rounds/{id}': { path: { id: 'ROUND' } },
  'get /api/rounds/{id}/review': { path: { id: 'ROUND' } },
  'post /api/rounds/{id}/approve-submitted': { path: { id: 'ROUND' } },
  'post /api/rounds/{id}/archive': { path: { id: 'ROUND' }, body: async () => ({ archived: false }) },
  'get /api/rounds/{id}/units/{code}/notes': { path: { id: 'ROUND', code: 'KAA' } },
  'post /api/rounds/{id}/units/{code}/notes': { path: { id: 'ROUND', code: 'KAA' }, body: async () => ({ group: '5', text: 'Granskad' }) },
  'put /api/users/{username}/email': { path: { username: 'chief' }, body: async () => ({ email: 'chief@kommun.test' }) },
  'get /api/rounds/{id}/template': { path: { id: 'ROUND' } },
  'get /api/rounds/{id}/check': { path: { id: 'ROUND' } },
  'get /api/templates': { path: {} },
  'get /api/templates/builtin': { path: {}, query: { board: 'KS' } },
  'get /api/templates/{board}/{tid}': { path: { board: 'KS', tid: 'ingen' } },
  'get /api/templates/{board}/{tid}/{version}': { path: { board: 'KS', tid: 'ingen', version: '1' } },
  'post /api/templates/{board}': { path: { board: 'KS' }, body: async () => ({}) },
  'get /api/rounds/{id}/document': { path: { id: 'ROUND' } },
  'put /api/rounds/{id}/document': { path: { id: 'ROUND' }, body: async () => ({ title: 'Titel', decidedBy: 'Kommunstyrelsen', decidedOn: '2024-06-03', paragraph: '87', diaryNumber: 'Ks 1/2024' }) },
  'get /api/rounds/{id}/appendices': { path: { id: 'ROUND' } },
  'post /api/rounds/{id}/appendices': { path: { id: 'ROUND' }, body: async () => ({}) },
  'get /api/rounds/{id}/appendices/{aid}': { path: { id: 'ROUND', aid: '1' } },
  'delete /api/rounds/{id}/appendices/{aid}': { path: { id: 'ROUND', aid: '999' }, body: async () => ({}) },
};

/** The string fields of a request body schema (strings, nullable strings, arrays of strings). */
function stringFields(schema: z.ZodType): Array<{ name: string; array: boolean }> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, Record<string, unknown>> };
  const isString = (s: Record<string, unknown> | undefined): boolean =>
    !!s && (s.type === 'string' || (Array.isArray(s.anyOf) && (s.anyOf as Array<Record<string, unknown>>).some((x) => x.type === 'string')));
  return Object.entries(json.properties ?? {}).flatMap(([name, s]): Array<{ name: string; array: boolean }> =>
    isString(s) && !('enum' in s) ? [{ name, array: false }] : s.type === 'array' && isString(s.items as Record<string, unknown>) ? [{ name, array: true }] : [],
  );
}

async function fingerprint(w: World): Promise<Record<string, unknown>> {
  const tables = (await w.store.db.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")).map((r) => r.t);
  const [counts] = await w.store.db.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM amount WHERE scenario NOT LIKE 'forecast:%')::text AS ledger, (SELECT sum(amount_ore) FROM amount WHERE scenario NOT LIKE 'forecast:%')::text AS ledger_sum,
            (SELECT count(*) FROM unit)::text AS units, (SELECT count(*) FROM account)::text AS accounts, (SELECT count(*) FROM organisation)::text AS orgs,
            (SELECT count(*) FROM goal)::text AS goals`,
  );
  return { tables, ...counts };
}

describe.each(testBackends())('SQL injection through the API and the imports (%s)', (backend) => {
  let w: World;
  let x: Ctx;
  let before: Record<string, unknown>;
  const dir = mkdtempSync(join(tmpdir(), 'prognos-sqli-'));
  const results: Array<{ route: string; where: string; payload: string; status: number; stored?: boolean }> = [];

  beforeAll(async () => {
    w = await demoWorld(backend);
    const c = await loggedIn(w.app, 'admin');
    const round = await openDemoRound(c);
    const [r] = await w.store.db.query<{ id: string }>("SELECT id::text AS id FROM app_user WHERE username = 'reader'");
    x = { w, c, round, readerId: Number(r!.id), n: 0 };
    before = await fingerprint(w);
  }, 120_000);
  afterAll(async () => {
    await w?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has a valid call for every documented route', () => {
    expect(Object.keys(CALLS).sort()).toEqual(ROUTE_DOCS.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('answers every payload in every string parameter and body field with 2xx or 4xx, and echoes what it stored exactly', async () => {
    let anonymousIp = 0;
    for (const doc of ROUTE_DOCS) {
      const route = `${doc.method} ${doc.path}`;
      const spec = CALLS[route]!;
      const call = async (path: Record<string, string>, query: Record<string, string>, body: Record<string, unknown> | undefined): Promise<Res> => {
        const values: Record<string, string> = { ...path };
        for (const [k, v] of Object.entries(values)) if (v === 'ROUND') values[k] = String(x.round);
        for (const [k, v] of Object.entries(values)) if (v === 'READER') values[k] = String(x.readerId);
        const url = doc.path.replace(/\{([a-z]+)\}/gi, (_, name: string) => encodeURIComponent(values[name] ?? ''));
        const qs = new URLSearchParams(query).toString();
        const client = spec.as === 'anonymous' ? Object.assign(new Client(w.app), { ip: `10.77.${Math.floor(anonymousIp / 250)}.${anonymousIp++ % 250}` }) : x.c;
        x.n++;
        return client.request(doc.method.toUpperCase(), `${url}${qs ? `?${qs}` : ''}`, body ?? (doc.method === 'get' ? undefined : {}));
      };
      // The valid call works (so a 4xx below is the payload's doing).
      const valid = await call(spec.path, spec.query ?? {}, spec.body ? await spec.body(x) : undefined);
      expect(valid.status, `${route} valid: ${valid.text}`).toBeLessThan(500);
      for (const payload of PAYLOADS) {
        for (const name of Object.keys(spec.path)) {
          const r = await call({ ...spec.path, [name]: payload }, spec.query ?? {}, spec.body ? await spec.body(x) : undefined);
          results.push({ route, where: `path ${name}`, payload, status: r.status });
        }
        for (const name of doc.query?.map((q) => q.name) ?? []) {
          const r = await call(spec.path, { ...(spec.query ?? {}), [name]: payload }, spec.body ? await spec.body(x) : undefined);
          results.push({ route, where: `query ${name}`, payload, status: r.status });
        }
        for (const f of doc.body ? stringFields(doc.body) : []) {
          const body = { ...(await spec.body!(x)), [f.name]: f.array ? [payload] : payload };
          const r = await call(spec.path, spec.query ?? {}, body);
          const stored = r.status < 300 && !/password/i.test(f.name) ? JSON.stringify(r.body).includes(JSON.stringify(payload).slice(1, -1)) : undefined;
          results.push({ route, where: `body ${f.name}`, payload, status: r.status, ...(stored !== undefined ? { stored } : {}) });
        }
      }
    }
    const bad = results.filter((r) => r.status >= 500 || r.status < 200);
    expect(bad).toEqual([]);
    // Stored payloads come back exactly as sent.
    expect(results.filter((r) => r.stored === false)).toEqual([]);
    // The sweep did reach the database with payloads: texts were stored, codes refused.
    expect(results.filter((r) => r.stored === true).length).toBeGreaterThan(10);
    expect(results.filter((r) => r.status >= 400).length).toBeGreaterThan(50);
    // The sweep's size, as SECURITY.md states it.
    expectDocCount('sqli.payloads', PAYLOADS.length);
    expectDocCount('sqli.routes', ROUTE_DOCS.length);
    expectDocCount('sqli.probes', results.length);
    expectDocCount('sqli.stored', results.filter((r) => r.stored === true).length);
    process.stdout.write(`sql injection (${backend}): ${results.length} probes over ${ROUTE_DOCS.length} routes, ${results.filter((r) => r.stored === true).length} stored and echoed exactly\n`);
  }, 300_000);

  it('logs nobody in with a payload as user name or password', async () => {
    // (Fewer than five tries per name: the rate limit would answer 429 before the password is checked.)
    for (const payload of PAYLOADS) {
      const c = Object.assign(new Client(w.app), { ip: '10.78.0.1' });
      expect((await c.login(payload, payload)).status).toBe(401);
      expect((await c.login('controller', payload)).status).toBe(401);
      expect(c.cookie).toBeUndefined();
    }
    expect((await w.store.db.query('SELECT 1 FROM app_session s JOIN app_user u ON u.id = s.user_id WHERE u.username = $1', ['controller'])).length).toBe(0);
  });

  it('stores payloads in imported files (org, accounts, activities, amounts, SIE, content) as text', async () => {
    const [p1, p2] = PAYLOADS as [string, string];
    const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
    const org = 'sqli-org';
    await w.store.ensureOrganisation(org);
    writeFileSync(join(dir, 'org.csv'), `code,name,parent,level\n${q(p1)},${q(p2)},,board\nU2,${q(p1)},${q(p1)},RN1\n`);
    writeFileSync(join(dir, 'accounts.csv'), `account,name,group\n4010,${q(p2)},4\n`);
    writeFileSync(join(dir, 'activities.csv'), `code,name\n${q(p2)},${q(p1)}\n`);
    writeFileSync(join(dir, 'amounts.csv'), `scenario,year,period,unit,account,activity,project,amount\nbudget,2024,1,${q(p1)},4010,${q(p2)},${q(p1)},100\nbudget,2024,2,U2,4010,,,200\n`);
    for (const kind of ['org', 'accounts', 'activities', 'amounts'] as const) await importTabular(w.store, org, kind, join(dir, `${kind}.csv`));
    const sie = ['#FLAGGA 0', '#SIETYP 4', `#FNAMN "${p2}"`, '#RAR 0 20240101 20241231', `#KONTO 5010 "${p1}"`, '#DIM 1 "Ansvar"', `#OBJEKT 1 "U3" "${p2}"`, '#VER A 1 20240115 "x"', '{', '#TRANS 5010 {1 "U3"} 100.00', '#TRANS 4010 {1 "U3"} -100.00', '}'];
    writeFileSync(join(dir, 'l.se'), iconv.encode(`${sie.join('\r\n')}\r\n`, 'cp437'));
    await importSie(w.store, org, join(dir, 'l.se'));
    writeFileSync(join(dir, 'narrative.csv'), `board,year,round,key,text\n${q(p1)},2024,P1,analysis,${q(p2)}\n`);
    await importContent(w.store, org, 'narrative', join(dir, 'narrative.csv'));

    expect((await w.store.listUnits(org)).map((u) => [u.code, u.name]).sort()).toEqual(
      [
        [p1, p2],
        ['U2', p1],
        ['U3', p2],
      ].sort(),
    );
    expect((await w.store.listAccounts(org)).find((a) => a.account === '5010')?.name).toBe(p1);
    expect((await w.store.listCodeNames(org, 'activity')).get(p2)).toBe(p1);
    const [a] = await w.store.db.query<{ unit: string; activity: string; project: string }>("SELECT unit, activity, project FROM amount WHERE org_id = $1 AND period = 1 AND scenario = 'budget'", [org]);
    expect(a).toEqual({ unit: p1, activity: p2, project: p1 });
    const [n] = await w.store.db.query<{ board: string; text: string }>('SELECT board, text FROM narrative WHERE org_id = $1', [org]);
    expect(n).toEqual({ board: p1, text: p2 });
  });

  it('leaves every table and the ledger as they were', async () => {
    const after = await fingerprint(w);
    // The import test added its own organisation's rows; compare the demo's.
    const [demo] = await w.store.db.query<Record<string, string>>(
      "SELECT (SELECT count(*) FROM amount WHERE org_id = $1 AND scenario NOT LIKE 'forecast:%')::text AS ledger, (SELECT count(*) FROM unit WHERE org_id = $1)::text AS units",
      [DEMO_ORG],
    );
    expect(after.tables).toEqual(before.tables);
    expect(demo!.ledger).toBe(before.ledger);
    expect(demo!.units).toBe(before.units);
    expect(Number((await w.store.db.query<{ n: string }>('SELECT count(*)::text AS n FROM app_user'))[0]!.n)).toBeGreaterThan(4);
  });
});

describe('SQL injection through the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prognos-sqli-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes a payload as the CLI’s --org and stores it as the organisation’s id', async () => {
    const data = join(dir, 'cli-data');
    writeFileSync(join(dir, 'cli-org.csv'), 'code,name,parent,level\nKS,Styrelsen,,board\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--data', data, '--org', PAYLOADS[0]!, 'import', 'org', join(dir, 'cli-org.csv')], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '' },
    });
    expect(r.status, r.stderr).toBe(0);
    const store = await openStore({ dataDir: data });
    try {
      expect(await store.listOrganisations()).toEqual([{ id: PAYLOADS[0], name: PAYLOADS[0] }]);
      expect((await store.listUnits(PAYLOADS[0]!)).map((u) => u.code)).toEqual(['KS']);
      expect((await store.db.query<{ n: string }>('SELECT count(*)::text AS n FROM amount'))[0]!.n).toBe('0');
    } finally {
      await store.close();
    }
  }, 60_000);
});
