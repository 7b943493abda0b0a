/**
 * Reading back what a round's forecast saves left in the store, for the load benchmark and the
 * fault tests. A save is one transaction of four parts: the cell (`forecast_cell`), its mirror
 * in `amount` (one row on the unit and `PROGNOS-<group>`, the subtree's other forecast rows of
 * the group deleted), the account-group summary (`amount_summary`) and one audit entry. So:
 *
 * - consistency (no half-written save): for every saved cell, `amount` holds exactly one
 *   forecast row for (unit, group) with the cell's amount, the summary the same sum, and the
 *   newest audit entry of the cell names the cell's version and amount; no `PROGNOS-` row exists
 *   without its cell; no two audit entries share a version.
 * - acknowledged writes: every save answered 200 has exactly one audit entry (its version and
 *   amount); each cell holds its last acknowledged save — or, when some saves got no answer
 *   (the server was killed), possibly a later one of those, never anything else.
 *
 * Amounts compared here are in the round's sign (as the API shows them); the store keeps ledger
 * sign and `present` converts.
 */
import { SIGNS, type SignName } from '../src/core/compute/index.ts';
import type { SqlClient } from '../src/store/index.ts';
import { roundScenario } from '../src/store/rounds.ts';

/** A save the server answered 200: the cell, the amount sent (round sign, öre) and the version returned. */
export interface AckedSave {
  unit: string;
  group: string;
  activity: string;
  amountOre: number;
  version: number;
}

/** A save sent without an answer (connection lost, server killed): it may or may not be stored. */
export interface UnansweredSave {
  unit: string;
  group: string;
  activity: string;
  amountOre: number;
}

export interface ReadBack {
  problems: string[];
  cells: number;
  acked: number;
  auditEntries: number;
  forecastAmountRows: number;
  /** Saves that got no answer and turned out to be stored whole (never half). */
  unansweredStored: number;
}

const cellKey = (unit: string, group: string, activity: string): string => `${unit}/${group}/${activity}`;

export async function readBack(
  db: SqlClient,
  q: { orgId: string; roundId: number; roundName: string; year: number; sign: SignName },
  acked: readonly AckedSave[],
  unanswered: readonly UnansweredSave[] = [],
): Promise<ReadBack> {
  const problems: string[] = [];
  const present = (ledger: bigint | null): number | null => (ledger === null ? null : Number(SIGNS[q.sign].present(ledger)));
  // A round's forecasts are stored under its own scenario, keyed by its id (never by its name).
  const scenario = roundScenario(q.roundId);

  const cells = new Map<string, { amount: number | null; version: number }>();
  for (const r of await db.query<{ unit_code: string; account_group: string; activity: string; amount_ore: string | null; version: string }>(
    'SELECT unit_code, account_group, activity, amount_ore::text, version::text FROM forecast_cell WHERE org_id = $1 AND round_id = $2',
    [q.orgId, q.roundId],
  )) {
    cells.set(cellKey(r.unit_code, r.account_group, r.activity), { amount: present(r.amount_ore === null ? null : BigInt(r.amount_ore)), version: Number(r.version) });
  }

  // The forecast amounts of the round's scenario per (unit, group): rows, sum, how many on the PROGNOS- account.
  const amounts = new Map<string, { rows: number; sum: number; onForecastAccount: number }>();
  let forecastAmountRows = 0;
  for (const r of await db.query<{ unit: string; grp: string; n: string; s: string; p: string }>(
    `SELECT a.unit, acc.account_group AS grp, count(*)::text AS n, sum(a.amount_ore)::text AS s,
            count(*) FILTER (WHERE a.account = 'PROGNOS-' || acc.account_group)::text AS p
     FROM amount a JOIN account acc ON acc.org_id = a.org_id AND acc.account = a.account
     WHERE a.org_id = $1 AND a.scenario = $2 AND a.year = $3
     GROUP BY a.unit, acc.account_group`,
    [q.orgId, scenario, q.year],
  )) {
    amounts.set(cellKey(r.unit, r.grp, ''), { rows: Number(r.n), sum: present(BigInt(r.s))!, onForecastAccount: Number(r.p) });
    forecastAmountRows += Number(r.p);
  }
  const summary = new Map<string, number>();
  for (const r of await db.query<{ unit: string; account_group: string; s: string }>(
    'SELECT unit, account_group, sum(amount_ore)::text AS s FROM amount_summary WHERE org_id = $1 AND scenario = $2 AND year = $3 GROUP BY unit, account_group',
    [q.orgId, scenario, q.year],
  )) {
    summary.set(cellKey(r.unit, r.account_group, ''), present(BigInt(r.s))!);
  }

  const audit = new Map<string, Array<{ id: number; version: number; amount: number | null }>>();
  let auditEntries = 0;
  for (const r of await db.query<{ id: string; entity_key: string; new_value: unknown }>(
    // (ORDER BY the column, not the text output column of the same name)
    "SELECT id::text AS id, entity_key, new_value FROM audit_log WHERE org_id = $1 AND round_id = $2 AND action = 'forecast.save' ORDER BY audit_log.id",
    [q.orgId, q.roundId],
  )) {
    const v = (typeof r.new_value === 'string' ? JSON.parse(r.new_value) : r.new_value) as { amountOre: number | null; version: number };
    const list = audit.get(r.entity_key) ?? [];
    list.push({ id: Number(r.id), version: Number(v.version), amount: v.amountOre });
    audit.set(r.entity_key, list);
    auditEntries++;
  }

  // Consistency of every stored cell: all four parts or none.
  for (const [key, cell] of cells) {
    const [unit, group] = key.split('/') as [string, string];
    const a = amounts.get(cellKey(unit, group, ''));
    const expectRows = cell.amount === null || cell.amount === 0 ? 0 : 1;
    if ((a?.rows ?? 0) !== expectRows || (a?.onForecastAccount ?? 0) !== expectRows || (expectRows === 1 && a!.sum !== cell.amount)) {
      problems.push(`${key}: the cell holds ${cell.amount} but amount has ${a?.rows ?? 0} forecast rows (${a?.onForecastAccount ?? 0} on PROGNOS-${group}) summing to ${a?.sum ?? 0}`);
    }
    const s = summary.get(cellKey(unit, group, '')) ?? 0;
    if (s !== (cell.amount ?? 0)) problems.push(`${key}: the cell holds ${cell.amount} but amount_summary sums to ${s}`);
    const entries = audit.get(key) ?? [];
    const last = entries[entries.length - 1];
    if (!last || last.version !== cell.version || last.amount !== cell.amount) {
      problems.push(`${key}: the cell is at version ${cell.version} (${cell.amount}) but its newest audit entry says ${last ? `version ${last.version} (${last.amount})` : 'nothing'}`);
    }
    const versions = new Set(entries.map((e) => e.version));
    if (versions.size !== entries.length) problems.push(`${key}: two audit entries share a version`);
  }
  for (const [key, a] of amounts) {
    if (a.onForecastAccount > 0 && !cells.has(key)) problems.push(`${key}: ${a.onForecastAccount} PROGNOS- amount rows without a saved cell`);
  }
  for (const key of audit.keys()) if (!cells.has(key)) problems.push(`${key}: audit entries for a cell that does not exist`);

  // Acknowledged saves: each exactly once; the cell holds the last one (or a later unanswered one).
  const ackedBy = new Map<string, AckedSave[]>();
  for (const s of acked) {
    const k = cellKey(s.unit, s.group, s.activity);
    ackedBy.set(k, [...(ackedBy.get(k) ?? []), s]);
  }
  const unansweredBy = new Map<string, Set<number>>();
  for (const s of unanswered) {
    const k = cellKey(s.unit, s.group, s.activity);
    unansweredBy.set(k, (unansweredBy.get(k) ?? new Set()).add(s.amountOre));
  }
  let unansweredStored = 0;
  for (const [key, saves] of ackedBy) {
    const entries = audit.get(key) ?? [];
    for (const s of saves) {
      const n = entries.filter((e) => e.version === s.version).length;
      if (n !== 1) problems.push(`${key}: the acknowledged save of version ${s.version} has ${n} audit entries`);
      else if (entries.find((e) => e.version === s.version)!.amount !== s.amountOre) problems.push(`${key}: the audit entry of version ${s.version} has another amount than was acknowledged`);
    }
    const last = saves.reduce((x, y) => (y.version > x.version ? y : x));
    const cell = cells.get(key);
    if (!cell) {
      problems.push(`${key}: acknowledged saves but no cell`);
      continue;
    }
    if (cell.version === last.version) {
      if (cell.amount !== last.amountOre) problems.push(`${key}: holds ${cell.amount}, the last acknowledged save was ${last.amountOre}`);
    } else if (!(cell.version > last.version && cell.amount !== null && unansweredBy.get(key)?.has(cell.amount))) {
      problems.push(`${key}: holds version ${cell.version} (${cell.amount}); the last acknowledged save was version ${last.version} (${last.amountOre})`);
    }
  }
  // Every audit entry is an acknowledged save or one that got no answer: nothing doubled or invented.
  for (const [key, entries] of audit) {
    const ackedVersions = new Set((ackedBy.get(key) ?? []).map((s) => s.version));
    for (const e of entries) {
      if (ackedVersions.has(e.version)) continue;
      if (e.amount !== null && unansweredBy.get(key)?.has(e.amount)) unansweredStored++;
      else problems.push(`${key}: audit entry ${e.id} (version ${e.version}, ${e.amount}) matches no save that was sent`);
    }
  }
  return { problems, cells: cells.size, acked: acked.length, auditEntries, forecastAmountRows, unansweredStored };
}
