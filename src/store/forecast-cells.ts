/**
 * Forecast cells of a round and the sums read from them (tables of migration 0003): a cell
 * (round, unit, account group, activity) holds the entered amount and its version; every save
 * mirrors it into the `amount` table of the round's scenario (see rounds.ts for the storage rule).
 * An entered 0 is a row of 0: entered, unlike a cell never entered (no row, `null`).
 */
import type { AccountGroup } from '../core/domain/index.ts';
import type { SqlClient } from './adapters/types.ts';
import { forecastAccount, roundScenario, type RoundRecord, type RoundRef } from './rounds.ts';
import { iso } from './users.ts';
import { renamedUnitSql, sourceRenames } from './unit-renames.ts';

export interface CellRecord {
  unitCode: string;
  group: AccountGroup;
  activity: string;
  /** Ledger sign, öre; null = no forecast. */
  amountOre: bigint | null;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

function toCell(r: Record<string, unknown>): CellRecord {
  return {
    unitCode: String(r.unit_code),
    group: String(r.account_group) as AccountGroup,
    activity: String(r.activity),
    amountOre: r.amount_ore === null ? null : BigInt(String(r.amount_ore)),
    version: Number(r.version),
    updatedBy: String(r.updated_by),
    updatedAt: iso(r.updated_at),
  };
}

export async function listCells(db: SqlClient, round: RoundRef, unitCode?: string): Promise<CellRecord[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT * FROM forecast_cell WHERE org_id = $1 AND round_id = $2${unitCode !== undefined ? ' AND unit_code = $3' : ''} ORDER BY unit_code, account_group, activity`,
    unitCode !== undefined ? [round.orgId, round.id, unitCode] : [round.orgId, round.id],
  );
  return rows.map(toCell);
}

export interface CellSave {
  round: RoundRecord;
  unitCode: string;
  /** The unit and its descendants: their forecast amounts of the cell are replaced. */
  subtree: readonly string[];
  group: AccountGroup;
  activity: string;
  /** Ledger sign, öre; null clears the forecast. */
  amountOre: bigint | null;
  /** The version the edit was based on (0 = the cell was never saved). */
  version: number;
  by: string;
}

/** Saves a cell when its version is the one the edit was based on; else returns the current cell. */
export async function saveCell(
  tx: SqlClient,
  s: CellSave,
): Promise<{ ok: true; before: CellRecord | null; after: CellRecord } | { ok: false; current: CellRecord | null }> {
  const key = [s.round.orgId, s.round.id, s.unitCode, s.group, s.activity];
  const [row] = await tx.query<Record<string, unknown>>(
    'SELECT * FROM forecast_cell WHERE org_id = $1 AND round_id = $2 AND unit_code = $3 AND account_group = $4 AND activity = $5 FOR UPDATE',
    key,
  );
  const before = row ? toCell(row) : null;
  if ((before?.version ?? 0) !== s.version) return { ok: false, current: before };
  const amount = s.amountOre === null ? null : s.amountOre.toString();
  let after: Record<string, unknown> | undefined;
  if (before) {
    [after] = await tx.query<Record<string, unknown>>(
      `UPDATE forecast_cell SET amount_ore = $6, version = nextval('edit_version'), updated_by = $7, updated_at = now()
       WHERE org_id = $1 AND round_id = $2 AND unit_code = $3 AND account_group = $4 AND activity = $5 AND version = $8 RETURNING *`,
      [...key, amount, s.by, s.version],
    );
  } else {
    [after] = await tx.query<Record<string, unknown>>(
      `INSERT INTO forecast_cell (org_id, round_id, unit_code, account_group, activity, amount_ore, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING *`,
      [...key, amount, s.by],
    );
  }
  if (!after) {
    const [cur] = await tx.query<Record<string, unknown>>(
      'SELECT * FROM forecast_cell WHERE org_id = $1 AND round_id = $2 AND unit_code = $3 AND account_group = $4 AND activity = $5',
      key,
    );
    return { ok: false, current: cur ? toCell(cur) : null };
  }
  await mirrorCell(tx, s);
  return { ok: true, before, after: toCell(after) };
}

/** The cell's share of `amount` becomes one row on the group's forecast account. */
async function mirrorCell(tx: SqlClient, s: CellSave): Promise<void> {
  const scenario = roundScenario(s.round.id);
  const params: unknown[] = [s.round.orgId, scenario, s.round.year, [...s.subtree], s.group];
  let activityFilter = '';
  if (s.round.byActivity) {
    params.push(s.activity);
    activityFilter = ` AND activity = $${params.length}`;
  }
  await tx.query(
    `DELETE FROM amount WHERE org_id = $1 AND scenario = $2 AND year = $3 AND unit = ANY($4::text[])
       AND account IN (SELECT account FROM account WHERE org_id = $1 AND account_group = $5)${activityFilter}`,
    params,
  );
  if (s.amountOre !== null) {
    await tx.query(
      `INSERT INTO amount (org_id, scenario, year, period, unit, account, activity, project, amount_ore, batch_id)
       VALUES ($1, $2, $3, NULL, $4, $5, $6, '', $7, $8)`,
      [s.round.orgId, scenario, s.round.year, s.unitCode, forecastAccount(s.group), s.activity, s.amountOre.toString(), s.round.batchId],
    );
  }
  // Keep the account-group summary the reports read in step, for exactly the rows touched.
  await tx.query(
    `DELETE FROM amount_summary WHERE org_id = $1 AND scenario = $2 AND year = $3 AND unit = ANY($4::text[]) AND account_group = $5${activityFilter}`,
    params,
  );
  await tx.query(
    `INSERT INTO amount_summary (org_id, scenario, year, period, unit, account_group, activity, project, amount_ore)
     SELECT a.org_id, a.scenario, a.year, a.period, a.unit, acc.account_group, a.activity, a.project, sum(a.amount_ore)
     FROM amount a JOIN account acc ON acc.org_id = a.org_id AND acc.account = a.account
     WHERE a.org_id = $1 AND a.scenario = $2 AND a.year = $3 AND a.unit = ANY($4::text[]) AND acc.account_group = $5${activityFilter.replace('activity', 'a.activity')}
     GROUP BY a.org_id, a.scenario, a.year, a.period, a.unit, acc.account_group, a.activity, a.project`,
    params,
  );
}

// --- figures for the forecast grid and the dashboards ----------------------------------------

/** Sums of one (unit, account group, activity) over three years, ledger sign, öre. */
export interface ForecastFact {
  unit: string;
  group: AccountGroup;
  activity: string;
  /** Year Y (the round's). */
  actualYtd: bigint;
  budget: bigint;
  budgetMonthlyYtd: bigint;
  budgetAnnual: bigint;
  forecast: bigint;
  /** Rows of the round's scenario exist (a forecast is stored, possibly 0). */
  hasForecast: boolean;
  /** The previous round's forecast (its scenario), when the query names one. */
  prevForecast: bigint;
  hasPrevForecast: boolean;
  /** Year Y − 1. */
  closingPrev: bigint;
  actualPrevYtd: bigint;
  budgetPrev: bigint;
  budgetPrevMonthlyYtd: bigint;
  budgetPrevAnnual: bigint;
  /** Year Y − 2. */
  closingPrev2: bigint;
  actualPrev2Ytd: bigint;
}

const big = (v: unknown): bigint => (v === null || v === undefined ? 0n : BigInt(String(v)));

export async function forecastFacts(
  db: SqlClient,
  orgId: string,
  q: { year: number; period: number; scenario: string; prevScenario: string | null; units: readonly string[] },
): Promise<ForecastFact[]> {
  if (q.units.length === 0) return [];
  // Earlier years' amounts on a renamed or merged unit count under its code of this year.
  const ren = renamedUnitSql(await sourceRenames(db, orgId, q.year, [q.year - 1, q.year - 2]), 7);
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${ren.unit} AS unit, a.account_group AS grp, a.activity,
       sum(CASE WHEN a.scenario = 'actual' AND a.year = $2 AND a.period <= $3 THEN a.amount_ore END) AS actual_ytd,
       sum(CASE WHEN a.scenario = 'budget' AND a.year = $2 THEN a.amount_ore END) AS budget,
       sum(CASE WHEN a.scenario = 'budget' AND a.year = $2 AND a.period <= $3 THEN a.amount_ore END) AS budget_monthly_ytd,
       sum(CASE WHEN a.scenario = 'budget' AND a.year = $2 AND a.period IS NULL THEN a.amount_ore END) AS budget_annual,
       sum(CASE WHEN a.scenario = $4 AND a.year = $2 THEN a.amount_ore END) AS forecast,
       count(CASE WHEN a.scenario = $4 AND a.year = $2 THEN 1 END) AS forecast_rows,
       sum(CASE WHEN a.scenario = $6 AND a.year = $2 THEN a.amount_ore END) AS prev_forecast,
       count(CASE WHEN a.scenario = $6 AND a.year = $2 THEN 1 END) AS prev_forecast_rows,
       sum(CASE WHEN a.scenario = 'actual' AND a.year = $2 - 1 THEN a.amount_ore END) AS closing_prev,
       sum(CASE WHEN a.scenario = 'actual' AND a.year = $2 - 1 AND a.period <= $3 THEN a.amount_ore END) AS actual_prev_ytd,
       sum(CASE WHEN a.scenario = 'budget' AND a.year = $2 - 1 THEN a.amount_ore END) AS budget_prev,
       sum(CASE WHEN a.scenario = 'budget' AND a.year = $2 - 1 AND a.period <= $3 THEN a.amount_ore END) AS budget_prev_monthly_ytd,
       sum(CASE WHEN a.scenario = 'budget' AND a.year = $2 - 1 AND a.period IS NULL THEN a.amount_ore END) AS budget_prev_annual,
       sum(CASE WHEN a.scenario = 'actual' AND a.year = $2 - 2 THEN a.amount_ore END) AS closing_prev2,
       sum(CASE WHEN a.scenario = 'actual' AND a.year = $2 - 2 AND a.period <= $3 THEN a.amount_ore END) AS actual_prev2_ytd
     FROM amount_summary a${ren.join}
     WHERE a.org_id = $1 AND a.year BETWEEN $2 - 2 AND $2 AND ${ren.unit} = ANY($5::text[])
       AND (a.scenario IN ('actual', 'budget') OR a.scenario = $4 OR a.scenario = $6)
     GROUP BY ${ren.unit}, a.account_group, a.activity`,
    [orgId, q.year, q.period, q.scenario, [...q.units], q.prevScenario ?? '', ...ren.params],
  );
  return rows.map((r) => ({
    unit: String(r.unit),
    group: String(r.grp) as AccountGroup,
    activity: String(r.activity ?? ''),
    actualYtd: big(r.actual_ytd),
    budget: big(r.budget),
    budgetMonthlyYtd: big(r.budget_monthly_ytd),
    budgetAnnual: big(r.budget_annual),
    forecast: big(r.forecast),
    hasForecast: Number(r.forecast_rows) > 0,
    prevForecast: big(r.prev_forecast),
    hasPrevForecast: Number(r.prev_forecast_rows) > 0,
    closingPrev: big(r.closing_prev),
    actualPrevYtd: big(r.actual_prev_ytd),
    budgetPrev: big(r.budget_prev),
    budgetPrevMonthlyYtd: big(r.budget_prev_monthly_ytd),
    budgetPrevAnnual: big(r.budget_prev_annual),
    closingPrev2: big(r.closing_prev2),
    actualPrev2Ytd: big(r.actual_prev2_ytd),
  }));
}

/** Years whose December actual exists (the year is closed). */
export async function closedYears(db: SqlClient, orgId: string): Promise<Set<number>> {
  const rows = await db.query<{ year: number }>("SELECT DISTINCT year FROM amount_summary WHERE org_id = $1 AND scenario = 'actual' AND period = 12", [orgId]);
  return new Set(rows.map((r) => Number(r.year)));
}

/**
 * Operating (non-investment) sums per unit, scenario and year for actual and every forecast
 * scenario, over a range of years: the material of the forecast-accuracy dashboards.
 */
export async function scenarioSums(
  db: SqlClient,
  orgId: string,
  q: { fromYear: number; toYear: number; units: readonly string[] },
): Promise<Array<{ unit: string; scenario: string; year: number; amountOre: bigint }>> {
  if (q.units.length === 0) return [];
  // Read from the year after the range: a unit renamed since counts under its present code.
  const years = Array.from({ length: Math.max(0, q.toYear - q.fromYear + 1) }, (_, i) => q.fromYear + i);
  const ren = renamedUnitSql(await sourceRenames(db, orgId, q.toYear + 1, years), 5);
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${ren.unit} AS unit, a.scenario, a.year, sum(a.amount_ore) AS s
     FROM amount_summary a${ren.join}
     WHERE a.org_id = $1 AND a.year BETWEEN $2 AND $3 AND ${ren.unit} = ANY($4::text[]) AND a.account_group <> 'I'
       AND (a.scenario = 'actual' OR a.scenario LIKE 'forecast:%')
     GROUP BY ${ren.unit}, a.scenario, a.year`,
    [orgId, q.fromYear, q.toYear, [...q.units], ...ren.params],
  );
  return rows.map((r) => ({ unit: String(r.unit), scenario: String(r.scenario), year: Number(r.year), amountOre: big(r.s) }));
}
