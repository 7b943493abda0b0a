import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { buildDemo } from '../demo/index.ts';
import { addUsers, demoWorld, loggedIn, openDemoRound, TEST_USERS, type Client, type World } from '../../test/support/server.ts';

describe.each(testBackends())('two organisations side by side (%s)', (backend) => {
  let w: World;
  let demo: Client;
  let other: Client;
  let otherReader: Client;
  let demoRound: number;
  let otherRound: number;
  beforeAll(async () => {
    w = await demoWorld(backend);
    await buildDemo(w.store, 'annan');
    await addUsers(w.store, 'annan', TEST_USERS, 'annan-');
    demo = await loggedIn(w.app, 'controller');
    other = await loggedIn(w.app, 'annan-controller');
    otherReader = await loggedIn(w.app, 'annan-reader');
    demoRound = await openDemoRound(demo);
    otherRound = await openDemoRound(other);
  });
  afterAll(() => w?.close());

  it('lists only the own organisation’s rounds, users and identity', async () => {
    expect((await demo.get('/api/rounds')).body.rounds.map((r: { id: number }) => r.id)).toEqual([demoRound]);
    expect((await other.get('/api/rounds')).body.rounds.map((r: { id: number }) => r.id)).toEqual([otherRound]);
    expect((await other.get('/api/me')).body.user.organisation.id).toBe('annan');
    const admin = await loggedIn(w.app, 'annan-admin');
    const users = (await admin.get('/api/users')).body.users.map((u: { username: string }) => u.username);
    expect(users.every((u: string) => u.startsWith('annan-'))).toBe(true);
  });

  it('answers 404 for everything of the other organisation’s round, reading or writing', async () => {
    const r = demoRound;
    const calls = [
      other.get(`/api/rounds/${r}`),
      other.get(`/api/rounds/${r}/units/KAA/forecast`),
      other.put(`/api/rounds/${r}/units/KAA/forecast`, { group: '5', amountOre: -1, version: 0 }),
      other.put(`/api/rounds/${r}/units/KAA/comment`, { text: 'x', version: 0 }),
      other.post(`/api/rounds/${r}/units/KAA/submit`),
      other.get(`/api/rounds/${r}/units/KAA/audit`),
      other.get(`/api/rounds/${r}/audit`),
      other.get(`/api/rounds/${r}/content`),
      other.put(`/api/rounds/${r}/narratives/analysis`, { text: 'x', version: 0 }),
      other.get(`/api/rounds/${r}/dashboard/variance`),
      other.get(`/api/rounds/${r}/report.json`),
      other.post(`/api/rounds/${r}/publish`),
      otherReader.get(`/published/${r}/report.json`),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('keeps forecasts apart: a save in one organisation leaves the other’s figures as they were', async () => {
    const before = await other.get(`/api/rounds/${otherRound}/units/KAA/forecast`);
    const row = (b: { rows: Array<{ group: string; version: number; ore: { forecast: number } }> }) => b.rows.find((x) => x.group === '5')!;
    const saved = await demo.put(`/api/rounds/${demoRound}/units/KAA/forecast`, { group: '5', amountOre: -123_400_000, version: row((await demo.get(`/api/rounds/${demoRound}/units/KAA/forecast`)).body).version });
    expect(saved.status).toBe(200);
    const after = await other.get(`/api/rounds/${otherRound}/units/KAA/forecast`);
    expect(row(after.body).ore.forecast).toBe(row(before.body).ore.forecast);
    expect(row(after.body).ore.forecast).not.toBe(-123_400_000);
    const audit = await other.get(`/api/rounds/${otherRound}/units/KAA/audit`);
    expect(audit.body.entries).toHaveLength(0);
  });

  it('does not let an admin give a user a unit of another organisation', async () => {
    const admin = await loggedIn(w.app, 'admin');
    const r = await admin.post('/api/users', { username: 'ny', role: 'unit_editor', units: ['FINNS-EJ'], password: 'ett-langt-losenord-2024' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ field: 'units', message: 'enheten FINNS-EJ finns inte i organisationen' });
  });
});
