/**
 * What the report model tells `check` about the data behind it, read from the store: the last
 * month with booked actuals, and what kind of round the report's texts belong to.
 */
import type { Store } from '../store/index.ts';

/** The last month (1–12; closing periods 13–18 count as 12) with booked actuals in `year` for `units`, or null. */
export async function lastActualPeriod(store: Store, orgId: string, year: number, units: readonly string[]): Promise<number | null> {
  if (units.length === 0) return null;
  const [r] = await store.db.query<{ p: number | string | null }>(
    `SELECT max(LEAST(a.period, 12)) AS p
       FROM amount_summary a
       JOIN unnest($3::text[]) AS scope_unit(code) ON scope_unit.code = a.unit
      WHERE a.org_id = $1 AND a.scenario = 'actual' AND a.year = $2 AND a.period IS NOT NULL AND a.amount_ore <> 0`,
    [orgId, year, units],
  );
  return r?.p === null || r?.p === undefined ? null : Number(r.p);
}

/**
 * Interim or year-end: a stored round of the board and year by that name decides by its cut-off
 * (December = year-end); otherwise a forecast round's name (P1, P2 …) is interim; else unknown.
 */
export async function roundKind(store: Store, orgId: string, board: string, year: number, round: string): Promise<'interim' | 'year-end' | null> {
  const [r] = await store.db.query<{ period: number | string }>(
    'SELECT period FROM followup_round WHERE org_id = $1 AND board = $2 AND year = $3 AND name = $4',
    [orgId, board, year, round],
  );
  if (r) return Number(r.period) === 12 ? 'year-end' : 'interim';
  return /^P\d+$/i.test(round) ? 'interim' : null;
}

/**
 * The scenario a report of a board's round reads its forecasts from: a stored round of the board
 * and year by that name keeps its own (`forecast:round:<id>`, keyed by the round, never by its
 * name); otherwise imported forecasts of that name (`forecast:<name>`).
 */
export async function forecastScenario(store: Store, orgId: string, board: string, year: number, round: string): Promise<string> {
  const [r] = await store.db.query<{ id: number | string }>(
    'SELECT id FROM followup_round WHERE org_id = $1 AND board = $2 AND year = $3 AND name = $4',
    [orgId, board, year, round],
  );
  return r ? `forecast:round:${r.id}` : `forecast:${round}`;
}

/**
 * The scenario of the forecast round before the report's (what `prev_round_forecast`,
 * `forecast_change` and `closing_vs_last_forecast` compare with), or null when there is none:
 * a stored round's own predecessor (the round it was carried from, else the board's latest
 * earlier round of the year); else, for an imported round Pn, the imported or stored P(n−1)
 * when it has amounts.
 */
export async function previousForecastScenario(store: Store, orgId: string, board: string, year: number, round: string): Promise<string | null> {
  const rounds = await store.db.query<{ id: number | string; name: string; period: number | string; carried_from: number | string | null }>(
    'SELECT id, name, period, carried_from FROM followup_round WHERE org_id = $1 AND board = $2 AND year = $3 ORDER BY period, id',
    [orgId, board, year],
  );
  const own = rounds.find((r) => r.name === round);
  if (own) {
    if (own.carried_from !== null && own.carried_from !== undefined) return `forecast:round:${own.carried_from}`;
    const earlier = rounds.filter((r) => Number(r.period) < Number(own.period)).at(-1);
    if (earlier) return `forecast:round:${earlier.id}`;
  }
  const n = /^P(\d+)$/i.exec(round)?.[1];
  if (own || !n || Number(n) < 2) return null;
  const prevName = `P${Number(n) - 1}`;
  const stored = rounds.find((r) => r.name === prevName);
  const scenario = stored ? `forecast:round:${stored.id}` : `forecast:${prevName}`;
  const [hit] = await store.db.query<{ n: number }>('SELECT 1 AS n FROM amount_summary WHERE org_id = $1 AND scenario = $2 AND year = $3 LIMIT 1', [orgId, scenario, year]);
  return hit ? scenario : null;
}
