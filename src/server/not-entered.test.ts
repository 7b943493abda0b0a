/**
 * Issue 11, item 1: not entered is not zero. A freshly opened round showed every unit with
 * "Prognos 0", 100 % and the whole budget as "better than budget", and a unit with no forecast
 * was published like that. Cells never entered are null in the grid, its totals, the dashboards,
 * the report and `check`; submitting or publishing with them needs an explicit decision; a new
 * round starts from the previous round's forecasts and goal statuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { TWO, twoBoardsWorld } from '../../test/support/two-boards.ts';
import { checkReport } from '../check/index.ts';
import { loggedIn, type Client, type World } from '../../test/support/server.ts';
import { writeRequiredTexts } from '../../test/support/required-texts.ts';

describe.each(testBackends())('forecasts not entered (%s)', (backend) => {
  let w: World;
  let c: Client;
  let p1: number;
  const row = (body: { rows: Array<{ group: string }> }, group: string) => body.rows.find((r) => r.group === group) as any;
  beforeAll(async () => {
    w = await twoBoardsWorld(backend);
    c = await loggedIn(w.app, 'two-controller');
    const r = await c.post('/api/rounds', { board: 'B', year: 2024, period: 4, name: 'P1', level: 'RN1' });
    expect(r.status).toBe(201);
    p1 = r.body.round.id;
  });
  afterAll(() => w?.close());

  it('regression: a freshly opened round shows no forecast, not 0, and its total says how many cells are missing', async () => {
    const g = await c.get(`/api/rounds/${p1}/units/U1/forecast`);
    expect(row(g.body, '5')).toMatchObject({ source: 'none', missing: true, ore: { forecast: null, variance: null } });
    // A group with nothing booked, budgeted or closed last year expects no forecast.
    expect(row(g.body, '4')).toMatchObject({ missing: false, ore: { forecast: null } });
    expect(g.body.total).toMatchObject({ complete: false, missing: 2, ore: { forecast: null, variance: null } });
  });

  it('regression: the variance dashboard no longer shows an empty unit as the whole budget better than budget', async () => {
    const d = await c.get(`/api/rounds/${p1}/dashboard/variance`);
    const u1 = d.body.rows.find((r: { code: string }) => r.code === 'U1');
    expect(u1).toMatchObject({ forecastTkr: null, varianceTkr: null, variancePct: null, missingCells: 2 });
    expect(d.body.total).toMatchObject({ forecastTkr: null, varianceTkr: null, missingCells: 3 });
  });

  it('prints a missing forecast as an empty cell with a note in the report, and check reports the unit', async () => {
    await c.put(`/api/rounds/${p1}/units/S1/forecast`, { group: '5', amountOre: -60_000_000, version: 0 });
    const r = await c.get(`/api/rounds/${p1}/report.json`);
    const units = r.body.tables.find((t: { id: string }) => t.id === 'units');
    expect(units.rows.find((x: { code: string }) => x.code === 'U1').values).toMatchObject({ forecast: null, variance: null });
    expect(units.rows.find((x: { code: string }) => x.code === 'S1').values).toMatchObject({ forecast: -600, variance: 0 });
    expect(units.total.values.forecast).toBeNull();
    expect(units.note).toMatch(/Prognos ej angiven för U1 Enhet 1/);
    const html = await c.get(`/api/rounds/${p1}/report.html`);
    expect(html.text).toContain('class="table-note"');
    const findings = checkReport(r.body).filter((f) => f.code === 'forecast-not-entered');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/U1 Enhet 1: 2 celler saknar prognos/);
  });

  it('refuses to submit a unit with cells not entered unless the decision is explicit, and logs that decision', async () => {
    const no = await c.post(`/api/rounds/${p1}/units/U1/submit`);
    expect(no.status).toBe(409);
    expect(no.body.error).toMatchObject({ code: 'CONFLICT', field: 'allowMissing', missingCells: 2 });
    expect(no.body.error.message).toMatch(/2 celler saknar prognos \(ej angivna\): 3 Intäkter/);
    const yes = await c.post(`/api/rounds/${p1}/units/U1/submit`, { allowMissing: true });
    expect(yes.status).toBe(200);
    const log = await c.get(`/api/rounds/${p1}/units/U1/audit`);
    expect(log.body.entries.find((e: { action: string }) => e.action === 'unit.submit').newValue ?? log.body.entries.find((e: { action: string }) => e.action === 'unit.submit').new).toMatchObject({ status: 'submitted', missingCells: 2, allowMissing: true });
  });

  it('counts an entered 0 as entered: the unit then submits without a decision', async () => {
    const g = await c.get(`/api/rounds/${p1}/units/S1/forecast`);
    expect(g.body.total).toMatchObject({ complete: true, missing: 0 });
    const zero = await c.put(`/api/rounds/${p1}/units/S1/forecast`, { group: '3', amountOre: 0, version: 0 });
    expect(zero.status).toBe(200);
    expect(row((await c.get(`/api/rounds/${p1}/units/S1/forecast`)).body, '3')).toMatchObject({ source: 'entered', ore: { forecast: 0 } });
    expect((await c.post(`/api/rounds/${p1}/units/S1/submit`)).status).toBe(200);
  });

  it('refuses to publish a round with forecasts not entered unless the decision is explicit, and logs it', async () => {
    for (const u of ['U1', 'S1']) expect((await c.post(`/api/rounds/${p1}/units/${u}/approve`)).status).toBe(200);
    const no = await c.post(`/api/rounds/${p1}/publish`);
    expect(no.status).toBe(409);
    expect(no.body.error).toMatchObject({ field: 'allowMissing', missingCells: 2 });
    expect(no.body.error.message).toMatch(/saknar prognos \(ej angivna\): U1 Enhet 1/);
    await writeRequiredTexts(async (path, body) => (await c.put(path, body)).status, p1);
    const yes = await c.post(`/api/rounds/${p1}/publish`, { allowMissing: true, acknowledgeWarnings: true });
    expect(yes.status).toBe(200);
    const rows = await w.store.db.query<{ new_value: unknown }>("SELECT new_value FROM audit_log WHERE org_id = $1 AND action = 'round.publish'", [TWO]);
    const v = rows[0]!.new_value;
    expect(typeof v === 'string' ? JSON.parse(v) : v).toMatchObject({ status: 'published', missingCells: 2, allowMissing: true });
  });

  it('starts P2 from P1: each cell from P1’s forecast, shown as its own column with the change against it', async () => {
    await w.store.db.query("INSERT INTO goal (org_id, board, year, code, goal_area, kind, text, sort_order) VALUES ($1, 'B', 2024, 'M1', 'Ekonomi', 'board', 'Ekonomi i balans', 0)", [TWO]);
    await w.store.db.query("INSERT INTO goal_status (org_id, board, year, round, code, status, comment) VALUES ($1, 'B', 2024, 'P1', 'M1', 'Uppfylls delvis', 'Halvvägs')", [TWO]);
    const r = await c.post('/api/rounds', { board: 'B', year: 2024, period: 8, name: 'P2', level: 'RN1' });
    expect(r.status).toBe(201);
    const p2 = r.body.round.id;
    const g = await c.get(`/api/rounds/${p2}/units/S1/forecast`);
    expect(row(g.body, '5')).toMatchObject({ source: 'carried', missing: false, ore: { forecast: -60_000_000, prevForecast: -60_000_000, change: 0 } });
    expect(row(g.body, '3')).toMatchObject({ source: 'carried', ore: { forecast: 0, prevForecast: 0 } });
    // What P1 lacked, P2 lacks too.
    expect(row((await c.get(`/api/rounds/${p2}/units/U1/forecast`)).body, '5')).toMatchObject({ missing: true, ore: { forecast: null, prevForecast: null } });
    const saved = await c.put(`/api/rounds/${p2}/units/S1/forecast`, { group: '5', amountOre: -62_000_000, version: 0 });
    expect(saved.status).toBe(200);
    const after = await c.get(`/api/rounds/${p2}/units/S1/forecast`);
    expect(row(after.body, '5')).toMatchObject({ source: 'entered', ore: { forecast: -62_000_000, prevForecast: -60_000_000, change: -2_000_000 } });
    // P1's figures stay P1's.
    expect(row((await c.get(`/api/rounds/${p1}/units/S1/forecast`)).body, '5').ore.forecast).toBe(-60_000_000);
    // Goal statuses start from P1's, marked as carried from it.
    const content = await c.get(`/api/rounds/${p2}/content`);
    expect(content.status).toBe(200);
    expect(JSON.stringify(content.body)).toMatch(/"carriedFrom":"P1"/);
  });
});
