/**
 * Many municipalities on one server (the embedded store, and one PostgreSQL server when
 * DATABASE_URL is set): two organisations side by side with the same unit codes, each with its
 * own users, an open and a published round. Nothing crosses: no data (a marker in B's texts,
 * unit names and figures never shows in anything A's users get), no user, no session, no report.
 * A user of A gets 404 for B's rounds, reports, units and published addresses. (The authorization
 * matrix checks every route with B's ids; this file follows B's data.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../support/store.ts';
import { DEMO_DATA_DIR } from '../../src/demo/index.ts';
import { hashToken } from '../../src/server/session.ts';
import { Client, loggedIn, PASSWORD } from '../support/server.ts';
import { importTabular } from '../../src/store/ingest.ts';
import { OTHER_ORG, publishedRound, twoOrgs, type TwoOrgs } from './support.ts';
import { expectDocCount } from './doc-counts.ts';

/** Everything that is B's own carries this marker. */
const MARK = 'B-HEMLIGT';

describe.each(testBackends())('two municipalities on one server (%s)', (backend) => {
  let w: TwoOrgs;
  let bAdmin: Client;
  let bPublished: number;
  const dir = mkdtempSync(join(tmpdir(), 'prognos-orgs-'));

  beforeAll(async () => {
    w = await twoOrgs(backend);
    // B's own unit names, a unit A does not have, texts and a forecast — then a round published with them.
    const org = readFileSync(join(DEMO_DATA_DIR, 'org.csv'), 'utf8').replace(/^KAA,Staben,/m, `KAA,Staben ${MARK},`).replace(/\n*$/, `\nBONLY,Enhet ${MARK},ÖKA,RN3,\n`);
    writeFileSync(join(dir, 'org.csv'), org);
    await importTabular(w.store, OTHER_ORG, 'org', join(dir, 'org.csv'));
    const b = w.otherController;
    const content = (await b.get(`/api/rounds/${w.other.round}/content`)).body;
    const v = content.narratives.find((n: { key: string }) => n.key === 'analysis').version;
    expect((await b.put(`/api/rounds/${w.other.round}/narratives/analysis`, { text: `Analys ${MARK}`, version: v })).status).toBe(200);
    const grid = (await b.get(`/api/rounds/${w.other.round}/units/KAA/forecast`)).body;
    expect((await b.put(`/api/rounds/${w.other.round}/units/KAA/comment`, { text: `Kommentar ${MARK}`, version: grid.unit.comment.version })).status).toBe(200);
    const row = grid.rows.find((r: { group: string }) => r.group === '5');
    expect((await b.put(`/api/rounds/${w.other.round}/units/KAA/forecast`, { group: '5', amountOre: -987_654_321_00, confirm: ['sign', 'plausibility'], version: row.version })).status).toBe(200);
    bPublished = await publishedRound(b, 'P3');
    bAdmin = await loggedIn(w.app, 'annan-admin');
  }, 180_000);
  afterAll(async () => {
    await w?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Everything a user of A can read, as text (binary renderings unpacked). */
  async function everythingAReads(c: Client): Promise<Array<[string, string]>> {
    const out: Array<[string, string]> = [];
    const paths = ['/api/me', '/api/units', '/api/rounds', '/api/forecast-methods'];
    for (const id of [w.own.round, w.own.published]) {
      paths.push(`/api/rounds/${id}`, `/api/rounds/${id}/content`, `/api/rounds/${id}/audit`, `/api/rounds/${id}/dashboard/variance`, `/api/rounds/${id}/dashboard/forecasts`);
      paths.push(`/api/rounds/${id}/dashboard/accuracy`, `/api/rounds/${id}/dashboard/progress`, `/api/rounds/${id}/units/KAA/forecast`, `/api/rounds/${id}/units/KAA/audit`);
      paths.push(`/api/rounds/${id}/report.json`, `/api/rounds/${id}/report.html`, `/api/rounds/${id}/report.docx`, `/api/rounds/${id}/report.xlsx`);
    }
    paths.push(`/published/${w.own.published}/report.json`, `/published/${w.own.published}/report.html`, '/api/users', '/rounds', `/rounds/${w.own.round}`, `/rounds/${w.own.round}/units/KAA`);
    for (const p of paths) {
      const r = await c.get(p);
      if (/officedocument/.test(r.headers.get('content-type') ?? '')) {
        const zip = await JSZip.loadAsync(r.body as Buffer);
        const texts = await Promise.all(Object.values(zip.files).filter((f) => f.name.endsWith('.xml')).map((f) => f.async('string')));
        out.push([p, texts.join('\n')]);
      } else out.push([p, r.text]);
    }
    return out;
  }

  it('shows A’s users nothing of B: no marker, no unit of B’s own, no B user, no B round', async () => {
    const roles = ['admin', 'controller', 'reader', 'editor'] as const;
    const read = new Set<string>();
    let reads = 0;
    for (const who of roles) {
      for (const [path, text] of await everythingAReads(w.clients[who])) {
        read.add(path);
        reads++;
        expect(text, `${who} ${path}`).not.toContain(MARK);
        expect(text, `${who} ${path}`).not.toContain('BONLY');
        expect(text, `${who} ${path}`).not.toMatch(/annan-/);
        expect(text, `${who} ${path}`).not.toContain('-98765432100');
      }
    }
    const rounds = (await w.clients.reader.get('/api/rounds')).body.rounds.map((r: { id: number }) => r.id).sort();
    expect(rounds).toEqual([w.own.round, w.own.published].sort());
    expectDocCount('orgs.read-addresses', read.size);
    expectDocCount('orgs.read-roles', roles.length);
    expectDocCount('orgs.reads', reads);
  });

  it('answers 404 to A for B’s rounds, reports in every format, units and published addresses', async () => {
    const a = w.clients.admin;
    const rounds = [w.other.round, w.other.published, bPublished];
    let requests = 0;
    for (const id of rounds) {
      for (const p of [`/api/rounds/${id}`, `/api/rounds/${id}/units/KAA/forecast`, `/api/rounds/${id}/units/BONLY/forecast`, `/api/rounds/${id}/content`]) {
        expect((await a.get(p)).status, p).toBe(404);
        requests++;
      }
      for (const f of ['json', 'html', 'docx', 'xlsx', 'pdf']) {
        expect((await a.get(`/api/rounds/${id}/report.${f}`)).status, `${id} ${f}`).toBe(404);
        expect((await a.get(`/published/${id}/report.${f}`)).status, `published ${id} ${f}`).toBe(404);
        requests += 2;
      }
    }
    expectDocCount('orgs.foreign-rounds', rounds.length);
    expectDocCount('orgs.foreign-round-requests', requests);
    // B's own unit is unknown to A everywhere, also in A's own round.
    expect((await a.get(`/api/rounds/${w.own.round}/units/BONLY/forecast`)).status).toBe(404);
    expect((await a.get('/api/units')).body.units.map((u: { code: string }) => u.code)).not.toContain('BONLY');
    const r = await a.post('/api/users', { username: 'ny-med-b-enhet', role: 'unit_editor', units: ['BONLY'], password: PASSWORD });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('units');
  });

  it('keeps users apart: A’s admin neither lists, changes nor disables B’s users', async () => {
    const a = w.clients.admin;
    const users = (await a.get('/api/users')).body.users.map((u: { username: string }) => u.username);
    expect(users.some((u: string) => u.startsWith('annan-'))).toBe(false);
    const bReader = (await bAdmin.get('/api/users')).body.users.find((u: { username: string }) => u.username === 'annan-reader');
    for (const body of [{ version: bReader.version, disabled: true }, { version: bReader.version, role: 'admin' }, { version: bReader.version, password: 'ett-overtaget-losenord' }]) {
      const r = await a.patch(`/api/users/${bReader.id}`, body);
      expect(r.status).toBe(404);
    }
    const after = (await bAdmin.get('/api/users')).body.users.find((u: { username: string }) => u.username === 'annan-reader');
    expect(after).toEqual(bReader);
    expect((await new Client(w.app).login('annan-reader')).status).toBe(200);
  });

  it('keeps sessions apart: a session belongs to its user’s organisation, and ending A’s sessions leaves B’s', async () => {
    const a = await loggedIn(w.app, 'reader');
    const b = await loggedIn(w.app, 'annan-reader');
    expect((await a.get('/api/me')).body.user.organisation.id).toBe('demo');
    expect((await b.get('/api/me')).body.user.organisation.id).toBe(OTHER_ORG);
    // The cookie is `<organisation>.<token>`; the session is found by both.
    const [aOrg, aToken] = a.cookie!.split('=')[1]!.split('.') as [string, string];
    const [bOrg, bToken] = b.cookie!.split('=')[1]!.split('.') as [string, string];
    expect([aOrg, bOrg]).toEqual(['demo', OTHER_ORG]);
    const rows = await w.store.db.query<{ token_hash: string; org_id: string }>('SELECT token_hash, org_id FROM app_session WHERE token_hash = ANY($1::text[])', [
      [hashToken(aToken), hashToken(bToken)],
    ]);
    expect(new Map(rows.map((r) => [r.token_hash, r.org_id])).get(hashToken(bToken))).toBe(OTHER_ORG);
    // A's token presented under B's organisation is no session.
    const swapped = new Client(w.app);
    swapped.cookie = `prognos_session=${OTHER_ORG}.${aToken}`;
    expect((await swapped.get('/api/me')).status).toBe(401);
    expect((await a.get('/api/me')).status).toBe(200);
    // A session row cannot claim another organisation than its user's: the key refuses it.
    await expect(w.store.db.query('UPDATE app_session SET org_id = $2 WHERE token_hash = $1', [hashToken(aToken), OTHER_ORG])).rejects.toThrow();
    expect((await a.get('/api/me')).status).toBe(200);
    // A's admin changing an A user ends that user's sessions, and only those.
    const admin = w.clients.admin;
    const created = (await admin.post('/api/users', { username: 'a-tillfallig', role: 'reader', password: PASSWORD })).body.user;
    const temp = await loggedIn(w.app, 'a-tillfallig');
    expect((await admin.patch(`/api/users/${created.id}`, { version: created.version, role: 'controller' })).status).toBe(200);
    expect((await temp.get('/api/me')).status).toBe(401);
    expect((await b.get('/api/me')).status).toBe(200);
  });

  it('keeps B’s figures and audit log out of A’s, and A’s saves out of B’s', async () => {
    const a = w.clients.controller;
    const grid = (await a.get(`/api/rounds/${w.own.round}/units/KAA/forecast`)).body;
    const row = grid.rows.find((r: { group: string }) => r.group === '5');
    expect(row.ore.forecast).not.toBe(98_765_432_100);
    expect((await a.put(`/api/rounds/${w.own.round}/units/KAA/forecast`, { group: '5', amountOre: -111_111_100, version: row.version })).status).toBe(200);
    const bGrid = (await w.otherController.get(`/api/rounds/${w.other.round}/units/KAA/forecast`)).body;
    expect(bGrid.rows.find((r: { group: string }) => r.group === '5').ore.forecast).toBe(-98_765_432_100);
    const aAudit = (await a.get(`/api/rounds/${w.own.round}/audit`)).body.entries;
    expect(aAudit.every((e: { username: string }) => !e.username.startsWith('annan-'))).toBe(true);
    const bAudit = (await w.otherController.get(`/api/rounds/${w.other.round}/audit`)).body.entries;
    expect(bAudit.every((e: { username: string }) => e.username.startsWith('annan-'))).toBe(true);
    // The published snapshot of A is A's model: its organisation and none of B's marks.
    const snap = (await a.get(`/published/${w.own.published}/report.json`)).body;
    expect(snap.report.organisation).toBe('demo');
    expect(JSON.stringify(snap)).not.toContain(MARK);
  });

  it('tells A’s admin nothing of B’s user names: a name B has is a new user of A (names are unique per organisation)', async () => {
    const r = await w.clients.admin.post('/api/users', { username: 'annan-reader', role: 'reader', password: PASSWORD });
    expect(r.status).toBe(201);
    expect(r.body.user).toMatchObject({ username: 'annan-reader', role: 'reader' });
  });
});
