/**
 * Follow-up rounds, their units' workflow and the frozen (published) reports (tables of
 * migration 0003; the forecast cells are in forecast-cells.ts). Functions take a SqlClient (`store.db` or a transaction).
 *
 * Forecast storage: a cell (round, unit, account group, activity) holds the entered amount and
 * its version. Every save also rewrites the cell's share of the `amount` table, scenario
 * `forecast:round:<round id>` (keyed by the round, never by its name: two rounds called P1 of a
 * board and of a sub-board are two scenarios; migration 0007 moved the old keying), period NULL: the amounts of that scenario and year of the unit's
 * subtree in the group's accounts (and the cell's activity, when the round is entered per
 * activity) are deleted, and one row is written on the unit itself with the group's dedicated
 * forecast account `PROGNOS-<group>` (e.g. `PROGNOS-6A`). So the report (and every other
 * reader of `amount`) shows exactly what was entered. The dedicated accounts never collide
 * with a ledger account and keep their group (group_override). The account-group summary
 * (`amount_summary`, what the reports read) is updated for exactly the rows the save touched.
 * An entered 0 is a row of 0: entered, unlike a cell never entered (no row, `null`).
 *
 * A round starts from the previous round of its board and year (P2 from P1): at opening, that
 * round's forecast amounts are copied into the new round's scenario (`carriedFrom`), and its goal
 * and assignment statuses into the new round's name, marked `carried_from` until edited. The first
 * round of a year starts from the imported forecasts of its name (`forecast:<name>`) in the
 * board's subtree, if any — else from nothing.
 */
import type { AccountGroup } from '../core/domain/index.ts';
import { ACCOUNT_GROUPS } from '../core/domain/index.ts';
import { PrognosError } from '../core/errors/index.ts';
import type { SignName } from '../core/compute/index.ts';
import type { MethodId } from '../core/forecast/index.ts';
import type { SqlClient } from './adapters/types.ts';
import { iso, isoOrNull } from './users.ts';

export const FORECAST_ACCOUNT_PREFIX = 'PROGNOS-';
/** The scenario of a round's forecasts in `amount`: keyed by the round's id. */
export const roundScenario = (roundId: number): string => `forecast:round:${roundId}`;
export const forecastAccount = (group: AccountGroup): string => `${FORECAST_ACCOUNT_PREFIX}${group}`;

export type RoundStatus = 'open' | 'published';
/** A forecast round (P1, P2 …) or a year-end round (bokslut: no forecast entry, figures are the actual closing). */
export type RoundKind = 'forecast' | 'year-end';
export const ROUND_KINDS: readonly RoundKind[] = ['forecast', 'year-end'];
export type UnitStatus = 'open' | 'submitted' | 'approved';

export interface ReportOptions {
  /** How amounts are shown and entered: `cost-positive` enters costs as positive numbers. */
  sign: SignName;
  prevPeriod?: number;
  groupLevel?: string;
  /** A forecast beyond this many times |budget| and |last year| asks a question (default 3). */
  plausibilityMultiple?: number;
}

export interface RoundRecord {
  id: number;
  orgId: string;
  board: string;
  year: number;
  period: number;
  name: string;
  /** YYYY-MM-DD or null. */
  deadline: string | null;
  level: string;
  byActivity: boolean;
  method: MethodId;
  thresholdOre: bigint;
  reportOptions: ReportOptions;
  kind: RoundKind;
  /** The stored board template (and version) the round was opened with; null = the built-in one. */
  template: { id: string; version: number } | null;
  status: RoundStatus;
  batchId: number;
  createdBy: string;
  createdAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
  /** Archived: hidden from the default list, still readable. */
  archivedAt: string | null;
  archivedBy: string | null;
  version: number;
  /** The previous round of the board and year whose forecasts this one started from, or null. */
  carriedFrom: number | null;
}

export interface RoundUnitRecord {
  unitCode: string;
  sortOrder: number;
  status: UnitStatus;
  submittedBy: string | null;
  submittedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  comment: string;
  commentVersion: number;
  commentBy: string | null;
  commentAt: string | null;
  /** Why the controller last reopened the unit (cleared when it is submitted again). */
  reopenReason: string | null;
  reopenedBy: string | null;
  reopenedAt: string | null;
}

const ROUND_COLUMNS = `id, org_id, board, year, period, name, deadline::text AS deadline, level, by_activity, method, threshold_ore,
  report_options, kind, template_id, template_version, status, batch_id, created_by, created_at, published_by, published_at, archived_at, archived_by, version, carried_from`;

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

function toRound(r: Record<string, unknown>): RoundRecord {
  return {
    id: Number(r.id),
    orgId: String(r.org_id),
    board: String(r.board),
    year: Number(r.year),
    period: Number(r.period),
    name: String(r.name),
    deadline: r.deadline === null ? null : String(r.deadline),
    level: String(r.level),
    byActivity: Boolean(r.by_activity),
    method: String(r.method) as MethodId,
    thresholdOre: BigInt(String(r.threshold_ore)),
    reportOptions: json<ReportOptions>(r.report_options),
    kind: r.kind === 'year-end' ? 'year-end' : 'forecast',
    template: r.template_id === null || r.template_id === undefined ? null : { id: String(r.template_id), version: Number(r.template_version) },
    status: String(r.status) as RoundStatus,
    batchId: Number(r.batch_id),
    createdBy: String(r.created_by),
    createdAt: iso(r.created_at),
    publishedBy: r.published_by === null ? null : String(r.published_by),
    publishedAt: isoOrNull(r.published_at),
    archivedAt: isoOrNull(r.archived_at),
    archivedBy: r.archived_by === null || r.archived_by === undefined ? null : String(r.archived_by),
    version: Number(r.version),
    carriedFrom: r.carried_from === null || r.carried_from === undefined ? null : Number(r.carried_from),
  };
}

function toRoundUnit(r: Record<string, unknown>): RoundUnitRecord {
  const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return {
    unitCode: String(r.unit_code),
    sortOrder: Number(r.sort_order),
    status: String(r.status) as UnitStatus,
    submittedBy: s(r.submitted_by),
    submittedAt: isoOrNull(r.submitted_at),
    approvedBy: s(r.approved_by),
    approvedAt: isoOrNull(r.approved_at),
    comment: String(r.comment),
    commentVersion: Number(r.comment_version),
    commentBy: s(r.comment_by),
    commentAt: isoOrNull(r.comment_at),
    reopenReason: s(r.reopen_reason),
    reopenedBy: s(r.reopened_by),
    reopenedAt: isoOrNull(r.reopened_at),
  };
}

/** What opening a round needs: the round's settings as stored, its units and who opens it. */
export interface NewRound
  extends Pick<RoundRecord, 'orgId' | 'board' | 'year' | 'period' | 'name' | 'deadline' | 'level' | 'byActivity' | 'method' | 'thresholdOre' | 'reportOptions'> {
  /** Default: the built-in template. */
  template?: RoundRecord['template'];
  /** Default: a forecast round. */
  kind?: RoundKind;
  /** The round's units in order. */
  units: readonly string[];
  createdBy: string;
}

/** The dedicated forecast accounts of every group (created once per organisation). */
export async function ensureForecastAccounts(tx: SqlClient, orgId: string): Promise<void> {
  for (const [group, name] of Object.entries(ACCOUNT_GROUPS)) {
    await tx.query(
      `INSERT INTO account (org_id, account, name, account_group, group_override) VALUES ($1, $2, $3, $4, true)
       ON CONFLICT (org_id, account) DO UPDATE SET account_group = EXCLUDED.account_group, group_override = true`,
      [orgId, forecastAccount(group as AccountGroup), `Prognos (inmatad): ${name}`, group],
    );
  }
}

export async function createRound(tx: SqlClient, r: NewRound): Promise<RoundRecord> {
  const [dup] = await tx.query('SELECT id FROM followup_round WHERE org_id = $1 AND board = $2 AND year = $3 AND name = $4', [r.orgId, r.board, r.year, r.name]);
  if (dup) throw new PrognosError('CONFLICT', `det finns redan en omgång ${r.name} ${r.year} för ${r.board}`, { field: 'name' });
  await ensureForecastAccounts(tx, r.orgId);
  const previous = await previousRound(tx, r);
  const [b] = await tx.query<{ id: string }>(
    "INSERT INTO import_batch (org_id, kind, file_name, sha256, summary) VALUES ($1, 'web-forecast', $2, '', $3) RETURNING id",
    [r.orgId, `omgång ${r.board} ${r.year} ${r.name}`, JSON.stringify({ board: r.board, year: r.year, round: r.name })],
  );
  const [row] = await tx.query<Record<string, unknown>>(
    `INSERT INTO followup_round (org_id, board, year, period, name, deadline, level, by_activity, method, threshold_ore, report_options, batch_id, created_by, carried_from, template_id, template_version, kind)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $9, $10, $11::jsonb, $12, $13, $14, $15, $16, $17) RETURNING ${ROUND_COLUMNS}`,
    [
      ...[r.orgId, r.board, r.year, r.period, r.name, r.deadline, r.level, r.byActivity, r.method, r.thresholdOre.toString(), JSON.stringify(r.reportOptions), Number(b!.id), r.createdBy],
      previous?.id ?? null,
      r.template?.id ?? null,
      r.template?.version ?? null,
      r.kind ?? 'forecast',
    ],
  );
  const round = toRound(row!);
  let i = 0;
  for (const code of r.units) {
    await tx.query('INSERT INTO round_unit (round_id, org_id, unit_code, sort_order) VALUES ($1, $2, $3, $4)', [round.id, r.orgId, code, i++]);
  }
  // A year-end round has no forecasts: its figures are the year's actual closing.
  if (round.kind === 'forecast') await seedForecasts(tx, round, previous);
  if (previous) await carryStatuses(tx, round, previous);
  return round;
}

/** The latest round of the board and year up to the new round's cut-off (P1 for a new P2). */
async function previousRound(tx: SqlClient, r: NewRound): Promise<RoundRecord | undefined> {
  const [row] = await tx.query<Record<string, unknown>>(
    `SELECT ${ROUND_COLUMNS} FROM followup_round WHERE org_id = $1 AND board = $2 AND year = $3 AND period <= $4 ORDER BY period DESC, id DESC LIMIT 1`,
    [r.orgId, r.board, r.year, r.period],
  );
  return row ? toRound(row) : undefined;
}

/** The new round's scenario starts as the previous round's forecasts, or the imported ones of its name. */
async function seedForecasts(tx: SqlClient, round: RoundRecord, previous: RoundRecord | undefined): Promise<void> {
  const target = roundScenario(round.id);
  const source = previous ? roundScenario(previous.id) : `forecast:${round.name}`;
  await tx.query(
    `WITH RECURSIVE board_unit (code) AS (
       SELECT $6::text UNION SELECT u.code FROM unit u JOIN board_unit b ON u.org_id = $1 AND u.parent_code = b.code
     )
     INSERT INTO amount (org_id, scenario, year, period, unit, account, activity, project, amount_ore, batch_id)
     SELECT org_id, $2, year, period, unit, account, activity, project, amount_ore, $5
     FROM amount WHERE org_id = $1 AND scenario = $3 AND year = $4 AND unit IN (SELECT code FROM board_unit)`,
    [round.orgId, target, source, round.year, round.batchId, round.board],
  );
  await tx.query(
    `INSERT INTO amount_summary (org_id, scenario, year, period, unit, account_group, activity, project, amount_ore)
     SELECT a.org_id, a.scenario, a.year, a.period, a.unit, acc.account_group, a.activity, a.project, sum(a.amount_ore)
     FROM amount a JOIN account acc ON acc.org_id = a.org_id AND acc.account = a.account
     WHERE a.org_id = $1 AND a.scenario = $2 AND a.year = $3 AND acc.account_group IS NOT NULL
     GROUP BY a.org_id, a.scenario, a.year, a.period, a.unit, acc.account_group, a.activity, a.project`,
    [round.orgId, target, round.year],
  );
}

/** Goal and assignment statuses of the previous round become the new round's starting point, marked as carried. */
async function carryStatuses(tx: SqlClient, round: RoundRecord, previous: RoundRecord): Promise<void> {
  for (const table of ['goal_status', 'assignment_status']) {
    await tx.query(
      `INSERT INTO ${table} (org_id, board, year, round, code, status, comment, carried_from)
       SELECT org_id, board, year, $4, code, status, comment, $5 FROM ${table}
       WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $5
       ON CONFLICT DO NOTHING`,
      [round.orgId, round.board, round.year, round.name, previous.name],
    );
  }
}

/**
 * The round of the organisation; NOT_FOUND for another organisation's round. `lock`: in a
 * transaction, `true` or `'update'` takes the row exclusively (publishing, changing the round),
 * `'share'` lets other sharers in but waits for (and then sees) an exclusive holder's commit:
 * every write that depends on the round being open takes it shared, so a publish waits for
 * them and they, after it, see the round published.
 */
export async function getRound(db: SqlClient, orgId: string, id: number, lock: boolean | 'share' | 'update' = false): Promise<RoundRecord> {
  const clause = lock === 'share' ? ' FOR SHARE' : lock ? ' FOR UPDATE' : '';
  const [r] = await db.query<Record<string, unknown>>(`SELECT ${ROUND_COLUMNS} FROM followup_round WHERE org_id = $1 AND id = $2${clause}`, [orgId, id]);
  if (!r) throw new PrognosError('NOT_FOUND', `omgången ${id} finns inte`);
  return toRound(r);
}

export async function listRounds(db: SqlClient, orgId: string): Promise<RoundRecord[]> {
  const rows = await db.query<Record<string, unknown>>(`SELECT ${ROUND_COLUMNS} FROM followup_round WHERE org_id = $1 ORDER BY year DESC, board, name DESC`, [orgId]);
  return rows.map(toRound);
}

export interface RoundPatch {
  deadline?: string | null;
  thresholdOre?: bigint;
  method?: MethodId;
}

export async function updateRound(tx: SqlClient, orgId: string, id: number, version: number, patch: RoundPatch): Promise<{ before: RoundRecord; after: RoundRecord }> {
  const before = await getRound(tx, orgId, id, true);
  if (before.version !== version) throw new PrognosError('CONFLICT', 'omgången har ändrats av någon annan; läs in den igen', { field: 'version' }, { details: { currentVersion: before.version } });
  const sets: string[] = ["version = nextval('edit_version')"];
  const params: unknown[] = [orgId, id];
  const set = (sql: string, v: unknown): void => {
    params.push(v);
    sets.push(sql.replace('?', `$${params.length}`));
  };
  if (patch.deadline !== undefined) set('deadline = ?::date', patch.deadline);
  if (patch.thresholdOre !== undefined) set('threshold_ore = ?', patch.thresholdOre.toString());
  if (patch.method !== undefined) set('method = ?', patch.method);
  await tx.query(`UPDATE followup_round SET ${sets.join(', ')} WHERE org_id = $1 AND id = $2`, params);
  return { before, after: await getRound(tx, orgId, id) };
}

/** A round by its key: the organisation and the id (every query of a round's rows filters by both). */
export type RoundRef = Pick<RoundRecord, 'orgId' | 'id'>;

export async function roundUnits(db: SqlClient, round: RoundRef): Promise<RoundUnitRecord[]> {
  const rows = await db.query<Record<string, unknown>>('SELECT * FROM round_unit WHERE org_id = $1 AND round_id = $2 ORDER BY sort_order', [round.orgId, round.id]);
  return rows.map(toRoundUnit);
}

export async function getRoundUnit(db: SqlClient, round: RoundRef, code: string, lock = false): Promise<RoundUnitRecord> {
  const [r] = await db.query<Record<string, unknown>>(`SELECT * FROM round_unit WHERE org_id = $1 AND round_id = $2 AND unit_code = $3${lock ? ' FOR UPDATE' : ''}`, [
    round.orgId,
    round.id,
    code,
  ]);
  if (!r) throw new PrognosError('NOT_FOUND', `enheten ${code} ingår inte i omgången`);
  return toRoundUnit(r);
}

/** Moves a unit from one of `from` to `to`; returns the record before and after. */
export async function transitionUnit(
  tx: SqlClient,
  round: RoundRef,
  code: string,
  from: readonly UnitStatus[],
  to: UnitStatus,
  by: string,
  /** Why a unit is reopened (kept on the unit until it is submitted again). */
  reason?: string,
): Promise<{ ok: true; before: RoundUnitRecord; after: RoundUnitRecord } | { ok: false; current: RoundUnitRecord }> {
  const before = await getRoundUnit(tx, round, code, true);
  if (!from.includes(before.status)) return { ok: false, current: before };
  const set =
    to === 'submitted'
      ? "status = 'submitted', submitted_by = $4, submitted_at = now(), approved_by = NULL, approved_at = NULL, reopen_reason = NULL"
      : to === 'approved'
        ? "status = 'approved', approved_by = $4, approved_at = now()"
        : "status = 'open', submitted_by = NULL, submitted_at = NULL, approved_by = NULL, approved_at = NULL, reopened_by = $4, reopened_at = now(), reopen_reason = $5";
  const key = [round.orgId, round.id, code];
  await tx.query(`UPDATE round_unit SET ${set} WHERE org_id = $1 AND round_id = $2 AND unit_code = $3`, to === 'open' ? [...key, by, reason ?? null] : [...key, by]);
  return { ok: true, before, after: await getRoundUnit(tx, round, code) };
}

export async function saveComment(
  tx: SqlClient,
  round: RoundRef,
  code: string,
  text: string,
  version: number,
  by: string,
): Promise<{ ok: true; before: RoundUnitRecord; after: RoundUnitRecord } | { ok: false; current: RoundUnitRecord }> {
  const before = await getRoundUnit(tx, round, code, true);
  if (before.commentVersion !== version) return { ok: false, current: before };
  await tx.query(
    "UPDATE round_unit SET comment = $4, comment_version = nextval('edit_version'), comment_by = $5, comment_at = now() WHERE org_id = $1 AND round_id = $2 AND unit_code = $3",
    [round.orgId, round.id, code, text, by],
  );
  return { ok: true, before, after: await getRoundUnit(tx, round, code) };
}

// --- publishing -------------------------------------------------------------------------------

export async function publishRound(tx: SqlClient, round: RoundRecord, model: unknown, by: string): Promise<RoundRecord> {
  await tx.query(
    "UPDATE followup_round SET status = 'published', published_by = $3, published_at = now(), version = nextval('edit_version') WHERE org_id = $1 AND id = $2",
    [round.orgId, round.id, by],
  );
  await tx.query('INSERT INTO report_snapshot (round_id, org_id, model, published_by) VALUES ($1, $2, $3::json, $4)', [round.id, round.orgId, JSON.stringify(model), by]);
  return getRound(tx, round.orgId, round.id);
}

/** The frozen report model of a published round (as stored at publishing). */
export async function getSnapshot(db: SqlClient, orgId: string, roundId: number): Promise<{ model: unknown; publishedAt: string; publishedBy: string } | undefined> {
  const [r] = await db.query<Record<string, unknown>>('SELECT model, published_at, published_by FROM report_snapshot WHERE org_id = $1 AND round_id = $2', [orgId, roundId]);
  if (!r) return undefined;
  return { model: json<unknown>(r.model), publishedAt: iso(r.published_at), publishedBy: String(r.published_by) };
}
