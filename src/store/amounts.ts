/**
 * Replacing amounts: what an import removes before its rows count, and what changed, row by row.
 *
 * A policy names the stored rows an import covers. The new rows are loaded first (their own
 * batch), the changes are counted against the covered old rows by key (scenario, year, period,
 * unit, account, activity, project), and then the covered old rows are deleted — all in the
 * caller's transaction.
 */
import type { LedgerAmount, Scenario } from '../core/domain/index.ts';
import { PrognosError } from '../core/errors/index.ts';
import type { SqlClient } from './adapters/types.ts';

export type AmountRow = LedgerAmount;

/** Which existing amounts an import replaces. */
export type ReplacePolicy =
  /**
   * An amounts file: exactly the (scenario, year, period, unit) slices it contains; `period`
   * null is the annual slice (the amounts without a month). Other months and units stay.
   */
  | { kind: 'periods'; slices: ReadonlyArray<{ scenario: Scenario; year: number; period: number | null; unit: string }> }
  /**
   * A full export for these (scenario, year) slices replaces them — for the whole organisation,
   * or, when `units` is given, only those units' amounts (a file per board must not wipe another's).
   */
  | { kind: 'slices'; slices: ReadonlyArray<{ scenario: Scenario; year: number }>; units?: readonly string[] }
  /** An incremental file (SIE 4I): only an earlier import of the very same file is replaced. */
  | { kind: 'same-file' };

/**
 * Rows of one slice: `period` and `unit` are given when the policy replaces per month and unit
 * (amounts files); a SIE slice is a whole (scenario, year).
 */
export interface AmountSliceChange {
  scenario: string;
  year: number;
  /** 1–12, null for the annual amounts; absent when the slice is the whole year. */
  period?: number | null;
  /** Absent when the slice spans every unit. */
  unit?: string;
  /** Rows the import stores in the slice. */
  stored: number;
  /** Of those, rows under a key (account, activity, project …) the slice did not have. */
  added: number;
  /** Stored rows under a key the file also has: overwritten by the file's row. */
  replaced: number;
  /** Stored rows under a key the file does not have: deleted. */
  removed: number;
}

/** The covered old rows (alias `o`) of a policy: extra FROM items and conditions, parameters from $3. */
interface Covered {
  from: string;
  on: string;
  params: unknown[];
  /** The policy replaces per (scenario, year, period, unit) rather than per (scenario, year). */
  perPeriod: boolean;
}

function covered(policy: ReplacePolicy, batch: { sha256: string; kind: string }): Covered {
  switch (policy.kind) {
    case 'periods': {
      const seen = new Map(policy.slices.map((s) => [JSON.stringify([s.scenario, s.year, s.period, s.unit]), s]));
      const slices = [...seen.values()];
      return {
        from: 'unnest($3::text[], $4::int[], $5::int[], $6::text[]) AS s(scenario, year, p, unit)',
        on: 'o.scenario = s.scenario AND o.year = s.year AND coalesce(o.period, 0) = s.p AND o.unit = s.unit',
        params: [
          slices.map((s) => s.scenario),
          slices.map((s) => s.year),
          slices.map((s) => s.period ?? 0),
          slices.map((s) => s.unit),
        ],
        perPeriod: true,
      };
    }
    case 'slices':
      return {
        from: 'unnest($3::text[], $4::int[]) AS s(scenario, year)',
        on: `o.scenario = s.scenario AND o.year = s.year${policy.units ? ' AND o.unit = ANY($5::text[])' : ''}`,
        params: [policy.slices.map((s) => s.scenario), policy.slices.map((s) => s.year), ...(policy.units ? [policy.units] : [])],
        perPeriod: false,
      };
    case 'same-file':
      return {
        from: 'import_batch b',
        on: 'b.id = o.batch_id AND b.org_id = $1 AND b.sha256 = $3 AND b.kind = $4',
        params: [batch.sha256, batch.kind],
        perPeriod: false,
      };
  }
}

type Counted = { scenario: string; year: number; period: number | null; unit: string | null; stored: string; added: string; replaced: string; removed: string };

/**
 * Counts, per slice, the batch's rows and the covered old rows by key, in one pass (grouping,
 * no join: fast on a year of ledger rows too). Every row of the batch lies in the covered slices
 * (the slices are the rows' own). Run after the batch is loaded and before the old rows go.
 */
async function countChanges(tx: SqlClient, orgId: string, batchId: number, c: Covered): Promise<AmountSliceChange[]> {
  const group = c.perPeriod ? 'scenario, year, period, unit' : 'scenario, year, NULL::int AS period, NULL::text AS unit';
  const groupBy = c.perPeriod ? '1, 2, 3, 4' : '1, 2';
  const counted = await tx.query<Counted>(
    `WITH k AS (
       SELECT o.scenario, o.year, o.period, o.unit, count(*) FILTER (WHERE o.batch_id = $2) AS n, count(*) FILTER (WHERE o.batch_id <> $2) AS old
       FROM amount o, ${c.from} WHERE o.org_id = $1 AND ${c.on}
       GROUP BY o.scenario, o.year, o.period, o.unit, o.account, o.activity, o.project)
     SELECT ${group}, sum(n) AS stored, coalesce(sum(n) FILTER (WHERE old = 0), 0) AS added,
       coalesce(sum(old) FILTER (WHERE n > 0), 0) AS replaced, coalesce(sum(old) FILTER (WHERE n = 0), 0) AS removed
     FROM k GROUP BY ${groupBy}`,
    [orgId, batchId, ...c.params],
  );
  return counted
    .map((r) => ({
      scenario: r.scenario,
      year: Number(r.year),
      ...(c.perPeriod ? { period: r.period === null ? null : Number(r.period), unit: r.unit! } : {}),
      stored: Number(r.stored),
      added: Number(r.added),
      replaced: Number(r.replaced),
      removed: Number(r.removed),
    }))
    .sort(compareSlices);
}

function compareSlices(a: AmountSliceChange, b: AmountSliceChange): number {
  return (
    a.year - b.year ||
    a.scenario.localeCompare(b.scenario) ||
    (a.unit ?? '').localeCompare(b.unit ?? '') ||
    (a.period ?? 13) - (b.period ?? 13)
  );
}

/**
 * Loads `rows` as the batch (already recorded in import_batch), counts what changes, and deletes the covered old rows.
 * Returns the per-slice changes and the number of old rows deleted.
 */
export async function loadAndReplace(
  tx: SqlClient,
  orgId: string,
  batch: { id: number; sha256: string; kind: string },
  policy: ReplacePolicy,
  rows: Iterable<AmountRow> | AsyncIterable<AmountRow>,
): Promise<{ inserted: number; removed: number; slices: AmountSliceChange[] }> {
  const batchId = batch.id;
  const c = covered(policy, batch);
  const perSlice = new Map<string, AmountSliceChange>();
  const inserted = await tx.copyCsv(
    'amount',
    ['org_id', 'scenario', 'year', 'period', 'unit', 'account', 'activity', 'project', 'amount_ore', 'batch_id'],
    amountCsv(orgId, batchId, counting(rows, perSlice, c.perPeriod)),
  );
  // Nothing stored before in the covered slices (a first import): every row is new, no query needed.
  const [any] = await tx.query(`SELECT 1 AS x FROM amount o, ${c.from} WHERE o.org_id = $1 AND o.batch_id <> $2 AND ${c.on} LIMIT 1`, [orgId, batchId, ...c.params]);
  if (!any) return { inserted, removed: 0, slices: [...perSlice.values()].sort(compareSlices) };
  const slices = await countChanges(tx, orgId, batchId, c);
  const [d] = await tx.query<{ n: string }>(
    `WITH d AS (DELETE FROM amount o USING ${c.from} WHERE o.org_id = $1 AND o.batch_id <> $2 AND ${c.on} RETURNING 1) SELECT count(*) AS n FROM d`,
    [orgId, batchId, ...c.params],
  );
  return { inserted, removed: Number(d?.n ?? 0), slices };
}

/** Passes the rows on, counting them per slice as all new. */
async function* counting(
  rows: Iterable<AmountRow> | AsyncIterable<AmountRow>,
  perSlice: Map<string, AmountSliceChange>,
  perPeriod: boolean,
): AsyncGenerator<AmountRow> {
  for await (const r of rows) {
    const k = perPeriod ? `${r.scenario}\u0000${r.year}\u0000${r.period ?? ''}\u0000${r.unit}` : `${r.scenario}\u0000${r.year}`;
    let s = perSlice.get(k);
    if (!s) {
      s = { scenario: r.scenario, year: r.year, ...(perPeriod ? { period: r.period, unit: r.unit } : {}), stored: 0, added: 0, replaced: 0, removed: 0 };
      perSlice.set(k, s);
    }
    s.stored++;
    s.added++;
    yield r;
  }
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Amount rows as CSV text in slices of ~1 MB for COPY. */
async function* amountCsv(orgId: string, batchId: number, rows: Iterable<AmountRow> | AsyncIterable<AmountRow>): AsyncGenerator<string> {
  const org = csvField(orgId);
  let buf = '';
  for await (const r of rows) {
    if (!Number.isSafeInteger(r.amountOre)) throw new PrognosError('INTERNAL', `amount is not an exact integer: ${r.amountOre}`);
    buf += `${org},${csvField(r.scenario)},${r.year},${r.period ?? ''},${csvField(r.unit)},${csvField(r.account)},${csvField(r.activity)},${csvField(r.project)},${r.amountOre},${batchId}\n`;
    if (buf.length > 1 << 20) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}
