/**
 * Regressions of issue 12, defect 3: forecasts were stored under `forecast:<round name>` and any
 * unit was accepted as a round's board, so a second P1 on a sub-board overwrote round 1's figure
 * (round 1's grid kept the old value, its report showed the new one, its change log nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { TWO, twoBoardsWorld } from '../../test/support/two-boards.ts';
import { migrate } from '../store/migrate.ts';
import { loggedIn, type Client, type World } from '../../test/support/server.ts';

const P1 = { year: 2024, period: 4, name: 'P1', level: 'RN1' };

describe.each(testBackends())('rounds keep their forecasts by round, not by name (%s)', (backend) => {
  let w: World;
  let c: Client;
  let board: number;
  let sub: number;
  const staff = async (round: number) => {
    const g = await c.get(`/api/rounds/${round}/units/S1/forecast`);
    return g.body.rows.find((r: { group: string }) => r.group === '5');
  };
  const reported = async (round: number) => {
    const r = await c.get(`/api/rounds/${round}/report.json`);
    return r.body.tables.find((t: { id: string }) => t.id === 'units').rows.find((x: { code: string }) => x.code === 'S1').values.forecast;
  };

  beforeAll(async () => {
    w = await twoBoardsWorld(backend);
    c = await loggedIn(w.app, 'two-controller');
    const a = await c.post('/api/rounds', { board: 'B', ...P1 });
    expect(a.status).toBe(201);
    board = a.body.round.id;
    const b = await c.post('/api/rounds', { board: 'SB', ...P1 });
    expect(b.status).toBe(201);
    sub = b.body.round.id;
  });
  afterAll(() => w?.close());

  it('refuses a round whose board is a unit but no board, naming the field in Swedish (400)', async () => {
    const r = await c.post('/api/rounds', { board: 'U1', ...P1, name: 'P9' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'BAD_INPUT', field: 'board' });
    expect(r.body.error.message).toMatch(/ingen nämnd eller styrelse/);
  });

  it('refuses a second round of the same name, board and year with "finns redan" (409), not a name-format error', async () => {
    const r = await c.post('/api/rounds', { board: 'SB', ...P1 });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('CONFLICT');
    expect(r.body.error.message).toMatch(/finns redan/);
  });

  it('regression: a second P1 on a sub-board no longer overwrites round 1’s figure (grid, report and change log agree per round)', async () => {
    const first = await c.put(`/api/rounds/${board}/units/S1/forecast`, { group: '5', amountOre: -61_000_000, version: 0 });
    expect(first.status).toBe(200);
    const second = await c.put(`/api/rounds/${sub}/units/S1/forecast`, { group: '5', amountOre: -65_000_000, version: 0 });
    expect(second.status).toBe(200);
    expect((await staff(board)).ore.forecast).toBe(-61_000_000);
    expect((await staff(sub)).ore.forecast).toBe(-65_000_000);
    expect(await reported(board)).toBe(-610);
    expect(await reported(sub)).toBe(-650);
    const log = await c.get(`/api/rounds/${board}/units/S1/audit`);
    expect(log.body.entries.filter((e: { action: string }) => e.action === 'forecast.save')).toHaveLength(1);
  });

  it('migrates a store with data in the old keying (forecast:<name>) to the same figures per round', async () => {
    // The old keying, as the old code left it: both rounds' mirrors in forecast:P1, where the
    // second save had deleted round 1's row of S1 (the defect); the cells still hold both figures.
    const db = w.store.db;
    await db.query(`DELETE FROM amount WHERE org_id = $1 AND scenario = $2`, [TWO, `forecast:round:${board}`]);
    await db.query(`UPDATE amount SET scenario = 'forecast:P1' WHERE org_id = $1 AND scenario = $2`, [TWO, `forecast:round:${sub}`]);
    await db.query(`DELETE FROM amount_summary WHERE org_id = $1 AND scenario LIKE 'forecast:%'`, [TWO]);
    await db.query(
      `INSERT INTO amount_summary (org_id, scenario, year, period, unit, account_group, activity, project, amount_ore)
       SELECT a.org_id, a.scenario, a.year, a.period, a.unit, acc.account_group, a.activity, a.project, sum(a.amount_ore)
       FROM amount a JOIN account acc ON acc.org_id = a.org_id AND acc.account = a.account
       WHERE a.org_id = $1 AND a.scenario = 'forecast:P1' GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
      [TWO],
    );
    await db.query("DELETE FROM schema_migration WHERE version = '0007_forecast_by_round'");
    expect(await migrate(db)).toEqual(['0007_forecast_by_round']);
    expect((await staff(board)).ore.forecast).toBe(-61_000_000);
    expect((await staff(sub)).ore.forecast).toBe(-65_000_000);
    expect(await reported(board)).toBe(-610);
    expect(await reported(sub)).toBe(-650);
    const left = await db.query(`SELECT 1 FROM amount WHERE org_id = $1 AND scenario = 'forecast:P1'`, [TWO]);
    expect(left).toHaveLength(0);
  });
});
