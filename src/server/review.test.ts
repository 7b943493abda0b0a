import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { Client, demoWorld, loggedIn, openDemoRound, type World } from '../../test/support/server.ts';

describe.each(testBackends())('review in one place and rounds that can be corrected (%s)', (backend) => {
  let w: World;
  let round: number;
  let controller: Client;
  let editor: Client;
  let reader: Client;
  beforeAll(async () => {
    w = await demoWorld(backend);
    controller = await loggedIn(w.app, 'controller');
    editor = await loggedIn(w.app, 'editor');
    reader = await loggedIn(w.app, 'reader');
    // P5: a round the demo has no imported forecasts for, so nothing is entered yet.
    round = await openDemoRound(controller, { name: 'P5' });
  });
  afterAll(() => w?.close());

  const unitPath = (code: string, rest: string) => `/api/rounds/${round}/units/${encodeURIComponent(code)}/${rest}`;

  it('lists every unit with budget, forecast not entered as null, variance, comment and status', async () => {
    const r = await controller.get(`/api/rounds/${round}/review`);
    expect(r.status).toBe(200);
    expect(r.body.rows).toHaveLength(14);
    const kaa = r.body.rows.find((x: { code: string }) => x.code === 'KAA');
    expect(kaa).toMatchObject({ status: 'open', forecastTkr: null, varianceTkr: null, entered: 0 });
    expect(typeof kaa.budgetTkr).toBe('number');
    await editor.put(unitPath('KAA', 'forecast'), { group: '5', activity: '', amountOre: -100_000_000, version: 0 });
    const after = (await controller.get(`/api/rounds/${round}/review`)).body.rows.find((x: { code: string }) => x.code === 'KAA');
    expect(after.entered).toBe(1);
    expect(after.forecastTkr).toBe(-1000);
    expect(after.varianceTkr).toBe(-1000 - after.budgetTkr);
    // A unit editor sees only its own units.
    expect((await editor.get(`/api/rounds/${round}/review`)).body.rows.map((x: { code: string }) => x.code)).toEqual(['KAA']);
  });

  it('approves every submitted unit in one action, with one audit entry per unit', async () => {
    for (const code of ['KHR', 'KIT', 'KEK']) {
      await controller.put(unitPath(code, 'comment'), { text: 'Prognosen följer budget.', version: 0 });
      expect((await controller.post(unitPath(code, 'submit'), { allowMissing: true })).status).toBe(200);
    }
    expect((await editor.post(`/api/rounds/${round}/approve-submitted`)).status).toBe(403);
    const r = await controller.post(`/api/rounds/${round}/approve-submitted`);
    expect(r.status).toBe(200);
    expect(r.body.approved.sort()).toEqual(['KEK', 'KHR', 'KIT']);
    const units = (await controller.get(`/api/rounds/${round}`)).body.round.units;
    expect(units.filter((u: { status: string }) => u.status === 'approved').map((u: { code: string }) => u.code).sort()).toEqual(['KEK', 'KHR', 'KIT']);
    const audit = (await controller.get(`/api/rounds/${round}/audit`)).body.entries.filter((e: { action: string }) => e.action === 'unit.approve');
    expect(audit).toHaveLength(3);
    expect((await controller.post(`/api/rounds/${round}/approve-submitted`)).body.count).toBe(0);
  });

  it('refuses a reopening without a reason and keeps the reason in the audit log and on the unit', async () => {
    const none = await controller.post(unitPath('KHR', 'reopen'), {});
    expect(none.status).toBe(400);
    expect(none.body.error).toMatchObject({ field: 'reason', message: 'skriv varför enheten återöppnas' });
    const blank = await controller.post(unitPath('KHR', 'reopen'), { reason: '   ' });
    expect(blank.status).toBe(400);
    const ok = await controller.post(unitPath('KHR', 'reopen'), { reason: 'Personalkostnaderna saknar semesterlöneskulden.' });
    expect(ok.status).toBe(200);
    expect(ok.body.unit).toMatchObject({ status: 'open', reopened: { reason: 'Personalkostnaderna saknar semesterlöneskulden.', by: 'controller' } });
    const entry = (await controller.get(unitPath('KHR', 'audit'))).body.entries.find((e: { action: string }) => e.action === 'unit.reopen');
    expect(entry.new).toMatchObject({ status: 'open', reason: 'Personalkostnaderna saknar semesterlöneskulden.' });
    // Submitting again clears the reason.
    await controller.post(unitPath('KHR', 'submit'), { allowMissing: true });
    expect((await controller.get(`/api/rounds/${round}`)).body.round.units.find((u: { code: string }) => u.code === 'KHR').reopened.reason).toBe('');
  });

  it('keeps review comments on a unit and on one account group, and refuses them from a reader', async () => {
    expect((await controller.post(unitPath('KAA', 'notes'), { text: 'Varför så låga personalkostnader?', group: '5' })).status).toBe(201);
    expect((await editor.post(unitPath('KAA', 'notes'), { text: 'Två vakanser till hösten.' })).status).toBe(201);
    expect((await reader.post(unitPath('KAA', 'notes'), { text: 'x' })).status).toBe(403);
    const bad = await controller.post(unitPath('KAA', 'notes'), { text: 'x', group: '99' });
    expect(bad.body.error).toMatchObject({ field: 'group', message: 'kontogruppen 99 finns inte' });
    expect((await controller.post(unitPath('KAA', 'notes'), { text: '  ' })).body.error).toMatchObject({ field: 'text', message: 'skriv en kommentar' });
    const notes = (await reader.get(unitPath('KAA', 'notes'))).body.notes;
    expect(notes.map((n: { group: string | null; author: string }) => [n.group, n.author])).toEqual([
      ['5', 'controller'],
      [null, 'editor'],
    ]);
    expect((await controller.get(`/api/rounds/${round}/review`)).body.rows.find((x: { code: string }) => x.code === 'KAA').notes).toBe(2);
  });

  it('refuses to delete a round that is used, deletes an unused one, and archives an old one', async () => {
    const used = await controller.delete(`/api/rounds/${round}`, {});
    expect(used.status).toBe(409);
    expect(used.body.error.message).toMatch(/^omgången P5 2024 används och kan inte tas bort: den har 1 prognosbelopp, \d+ kommentarer, 2 granskningskommentarer, \d+ inskickade eller godkända enheter\. Arkivera den i stället$/);
    const spare = await openDemoRound(controller, { name: 'P9' });
    expect((await editor.delete(`/api/rounds/${spare}`, {})).status).toBe(403);
    expect((await controller.delete(`/api/rounds/${spare}`, {})).body).toEqual({ deleted: spare });
    expect((await controller.get(`/api/rounds/${spare}`)).status).toBe(404);
    expect((await controller.get(`/api/rounds/${round}/audit`)).status).toBe(200);

    const old = await openDemoRound(controller, { name: 'P8' });
    expect((await controller.post(`/api/rounds/${old}/archive`, { archived: true })).body.round.archived).toBe(true);
    expect((await controller.get('/api/rounds')).body.rounds.map((r: { id: number }) => r.id)).not.toContain(old);
    expect((await controller.get('/api/rounds?archived=1')).body.rounds.map((r: { id: number }) => r.id)).toContain(old);
    expect((await reader.get(`/api/rounds/${old}`)).body.round).toMatchObject({ id: old, archived: true });
    expect((await controller.post(`/api/rounds/${old}/archive`, { archived: false })).body.round.archived).toBe(false);
    await controller.delete(`/api/rounds/${old}`, {});
  });

  it('says a duplicate round already exists (not a name-format error)', async () => {
    const dup = await controller.post('/api/rounds', { board: 'KS', year: 2024, period: 3, name: 'P5', level: 'RN3' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ field: 'name', message: 'det finns redan en omgång P5 2024 för KS' });
  });

  it('proposes the board next round, the last booked month and the previous round level, levels sorted', async () => {
    const r = await controller.get('/api/rounds/defaults?board=KS');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ board: 'KS', name: 'P6', level: 'RN3', previous: { name: 'P5', level: 'RN3' } });
    expect(r.body.levels).toEqual([...r.body.levels].sort((a: string, b: string) => a.localeCompare(b, 'sv', { numeric: true })));
    expect(r.body.year).toBe(2024);
    expect(r.body.period).toBeGreaterThanOrEqual(1);
    expect((await editor.get('/api/rounds/defaults')).status).toBe(403);
  });
});
