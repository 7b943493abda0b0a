/**
 * The store: PostgreSQL (embedded PGlite by default, a server with DATABASE_URL), one schema,
 * versioned migrations. All SQL of the application lives here.
 */
import { mkdirSync } from 'node:fs';
import type { AccountGroup, Unit, Account, Activity } from '../core/domain/index.ts';
import { PrognosError } from '../core/errors/index.ts';
import type { LedgerFact } from '../core/compute/index.ts';
import type { Database, SqlClient } from './adapters/types.ts';
import { organisationSettings, setOrganisationSettings, type OrganisationSettings } from './organisation-settings.ts';
import { openEmbedded } from './adapters/pglite.ts';
import { migrate } from './migrate.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { loadFollowUp, type ContentKey } from './followup.ts';
import { renamedUnitSql, sourceRenames } from './unit-renames.ts';
import { loadAndReplace, type AmountRow, type AmountSliceChange, type ReplacePolicy } from './amounts.ts';
import type { FollowUpContent } from '../core/domain/followup.ts';

export type { Database, SqlClient, TransactionOptions } from './adapters/types.ts';
export { listUnitMappings, renameNote, type UnitMapping } from './unit-renames.ts';
export { logoDataUri, type OrganisationSettings } from './organisation-settings.ts';
export { lockDataDir } from './data-dir-lock.ts';

export interface StoreOptions {
  /** Data directory of the embedded database (ignored when databaseUrl is set). */
  dataDir?: string;
  /** postgres://… — use a PostgreSQL server instead of the embedded database. */
  databaseUrl?: string;
  /** PostgreSQL schema to use (tests). */
  schema?: string;
  /** Start the embedded database from a dump (tests: a migrated template). */
  loadDataDir?: Blob;
}

export type { AmountRow, AmountSliceChange, ReplacePolicy } from './amounts.ts';

export interface BatchInfo {
  kind: string;
  fileName: string;
  sha256: string;
  summary: Record<string, unknown>;
}

export interface FactQuery {
  year: number;
  period: number;
  prevPeriod: number;
  /** The forecast scenario: `forecast:round:<id>` for a round's, `forecast:<name>` for an imported one. */
  scenario: string;
  units: readonly string[];
  /** The previous forecast round's scenario, when the report compares with it (facts get `prevForecast`). */
  prevScenario?: string | null;
  /** Only the amounts of these account ranges (inclusive, as text): read from the ledger rows, not the summary. */
  accounts?: ReadonlyArray<{ from: string; to: string }>;
}

/** The ledger rows of some account ranges ($8 from, $9 to), shaped as amount_summary rows. */
const ACCOUNT_RANGE_SOURCE = `(SELECT x.org_id, x.scenario, x.year, x.period, x.unit, acc.account_group, x.activity, x.project, x.amount_ore
    FROM amount x JOIN account acc ON acc.org_id = x.org_id AND acc.account = x.account
   WHERE x.org_id = $1 AND x.year IN ($2 - 1, $2) AND acc.account_group IS NOT NULL
     AND EXISTS (SELECT 1 FROM unnest($8::text[], $9::text[]) AS r(lo, hi) WHERE x.account BETWEEN r.lo AND r.hi))`;

const big = (v: unknown): bigint => (v === null || v === undefined ? 0n : BigInt(v as string | number));

export class Store {
  constructor(readonly db: Database) {}

  close(): Promise<void> {
    return this.db.close();
  }

  /**
   * The same store seen through one transaction: everything read or written through it runs in
   * `tx` (a transaction inside it runs in `tx` too, its work committed or rolled back with
   * `tx`'s). So a report can be built from exactly what a transaction sees and holds locked.
   */
  within(tx: SqlClient): Store {
    const db: Database = {
      kind: this.db.kind,
      query: (sql, params) => tx.query(sql, params),
      exec: (sql) => tx.exec(sql),
      copyCsv: (table, columns, chunks) => tx.copyCsv(table, columns, chunks),
      transaction: (fn, opts) => {
        if (opts?.rollback) throw new Error('a dry run cannot run inside another transaction');
        return fn(tx);
      },
      close: async () => undefined,
    };
    return new Store(db);
  }

  async ensureOrganisation(orgId: string, name = orgId, tx: SqlClient = this.db): Promise<void> {
    await tx.query('INSERT INTO organisation (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [orgId, name]);
  }

  /** The municipality's display name and logo for the reports (`prognos org set`). */
  organisationSettings(orgId: string): Promise<OrganisationSettings> {
    return organisationSettings(this.db, orgId);
  }

  setOrganisationSettings(orgId: string, settings: { name?: string | null; logo?: string | null }): Promise<OrganisationSettings> {
    return setOrganisationSettings(this.db, orgId, settings);
  }

  loadFollowUp(key: ContentKey): Promise<FollowUpContent> {
    return loadFollowUp(this.db, key);
  }

  async listOrganisations(): Promise<Array<{ id: string; name: string }>> {
    return this.db.query('SELECT id, name FROM organisation ORDER BY id');
  }

  /** Units are upserted by code: importing the same tree again changes nothing. */
  async upsertUnits(tx: SqlClient, orgId: string, units: readonly Unit[], overwrite = true): Promise<number> {
    const conflict = overwrite
      ? 'DO UPDATE SET name = EXCLUDED.name, parent_code = EXCLUDED.parent_code, level = EXCLUDED.level, budget_level = EXCLUDED.budget_level, sort_order = EXCLUDED.sort_order'
      : 'DO NOTHING';
    for (const batch of chunk(units, 500)) {
      const params: unknown[] = [orgId];
      const values = batch.map((u) => {
        params.push(u.code, u.name, u.parent, u.level, u.budgetLevel, u.sortOrder);
        const i = params.length - 6;
        return `($1, $${i + 1}, $${i + 2}, $${i + 3}, $${i + 4}, $${i + 5}, $${i + 6})`;
      });
      await tx.query(
        `INSERT INTO unit (org_id, code, name, parent_code, level, budget_level, sort_order) VALUES ${values.join(', ')} ON CONFLICT (org_id, code) ${conflict}`,
        params,
      );
    }
    return units.length;
  }

  /**
   * Accounts are upserted. `overrideGroup` false (SIE #KONTO) keeps a group set earlier by an
   * accounts file; true (accounts file) sets it.
   */
  async upsertAccounts(
    tx: SqlClient,
    orgId: string,
    accounts: ReadonlyArray<Account & { groupOverride: boolean }>,
    mode: 'accounts-file' | 'ledger',
  ): Promise<number> {
    const conflict =
      mode === 'accounts-file'
        ? 'DO UPDATE SET name = EXCLUDED.name, account_group = EXCLUDED.account_group, group_override = EXCLUDED.group_override'
        : 'DO UPDATE SET name = EXCLUDED.name, account_group = CASE WHEN account.group_override THEN account.account_group ELSE EXCLUDED.account_group END';
    for (const batch of chunk(accounts, 500)) {
      const params: unknown[] = [orgId];
      const values = batch.map((a) => {
        params.push(a.account, a.name, a.group, a.groupOverride);
        const i = params.length - 4;
        return `($1, $${i + 1}, $${i + 2}, $${i + 3}, $${i + 4})`;
      });
      await tx.query(
        `INSERT INTO account (org_id, account, name, account_group, group_override) VALUES ${values.join(', ')} ON CONFLICT (org_id, account) ${conflict}`,
        params,
      );
    }
    // An accounts file may move accounts between groups: every summed slice may change.
    if (mode === 'accounts-file') await this.refreshSummary(tx, orgId);
    return accounts.length;
  }

  async upsertActivities(tx: SqlClient, orgId: string, activities: readonly Activity[], overwrite = true): Promise<number> {
    return this.upsertCodeNames(tx, 'activity', orgId, activities, overwrite);
  }

  async upsertProjects(tx: SqlClient, orgId: string, projects: readonly Activity[], overwrite = true): Promise<number> {
    return this.upsertCodeNames(tx, 'project', orgId, projects, overwrite);
  }

  private async upsertCodeNames(
    tx: SqlClient,
    table: 'activity' | 'project',
    orgId: string,
    items: readonly Activity[],
    overwrite: boolean,
  ): Promise<number> {
    for (const batch of chunk(items, 1000)) {
      const params: unknown[] = [orgId];
      const values = batch.map((a) => {
        params.push(a.code, a.name);
        return `($1, $${params.length - 1}, $${params.length})`;
      });
      await tx.query(
        `INSERT INTO ${table} (org_id, code, name) VALUES ${values.join(', ')} ON CONFLICT (org_id, code) ${overwrite ? 'DO UPDATE SET name = EXCLUDED.name' : 'DO NOTHING'}`,
        params,
      );
    }
    return items.length;
  }

  /**
   * Stores amounts of one file in the given transaction and removes what the file replaces, so
   * importing the same data twice never doubles it. Returns the batch id, the number of amount
   * rows removed (every old row of the covered slices) and inserted, and the changes per slice.
   */
  async replaceAmounts(
    tx: SqlClient,
    orgId: string,
    batch: BatchInfo,
    replace: ReplacePolicy,
    rows: Iterable<AmountRow> | AsyncIterable<AmountRow>,
  ): Promise<{ batchId: number; removed: number; inserted: number; slices: AmountSliceChange[] }> {
    const batchId = await this.recordBatch(tx, orgId, batch);
    const { inserted, removed, slices } = await loadAndReplace(tx, orgId, { id: batchId, sha256: batch.sha256, kind: batch.kind }, replace, rows);
    const touched = new Map<string, { scenario: string; year: number }>();
    for (const s of replace.kind === 'same-file' ? slices : replace.slices) touched.set(`${s.scenario}\u0000${s.year}`, { scenario: s.scenario, year: s.year });
    if (inserted > 10_000) await tx.exec('ANALYZE amount');
    await this.refreshSummary(tx, orgId, [...touched.values()]);
    return { batchId, removed, inserted, slices };
  }

  /**
   * Recomputes the account-group summary of the given (scenario, year) slices — or of every
   * slice of the organisation — from `amount`. Call in the transaction that changed them.
   */
  async refreshSummary(tx: SqlClient, orgId: string, slices?: ReadonlyArray<{ scenario: string; year: number }>): Promise<void> {
    const list =
      slices ??
      (await tx.query<{ scenario: string; year: number }>('SELECT DISTINCT scenario, year FROM amount WHERE org_id = $1', [orgId])).map((r) => ({
        scenario: r.scenario,
        year: Number(r.year),
      }));
    if (!slices) await tx.query('DELETE FROM amount_summary WHERE org_id = $1', [orgId]);
    for (const s of list) {
      if (slices) await tx.query('DELETE FROM amount_summary WHERE org_id = $1 AND scenario = $2 AND year = $3', [orgId, s.scenario, s.year]);
      await tx.query(
        `INSERT INTO amount_summary (org_id, scenario, year, period, unit, account_group, activity, project, amount_ore)
         SELECT a.org_id, a.scenario, a.year, a.period, a.unit, acc.account_group, a.activity, a.project, sum(a.amount_ore)
         FROM amount a JOIN account acc ON acc.org_id = a.org_id AND acc.account = a.account
         WHERE a.org_id = $1 AND a.scenario = $2 AND a.year = $3 AND acc.account_group IS NOT NULL
         GROUP BY a.org_id, a.scenario, a.year, a.period, a.unit, acc.account_group, a.activity, a.project`,
        [orgId, s.scenario, s.year],
      );
    }
    // Fresh statistics after a bulk change, so the planner does not take millions of rows for a few.
    await tx.exec('ANALYZE amount_summary');
  }

  async recordBatch(tx: SqlClient, orgId: string, batch: BatchInfo): Promise<number> {
    const [b] = await tx.query<{ id: string }>(
      'INSERT INTO import_batch (org_id, kind, file_name, sha256, summary) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [orgId, batch.kind, batch.fileName, batch.sha256, JSON.stringify(batch.summary)],
    );
    return Number(b!.id);
  }

  async listUnits(orgId: string): Promise<Unit[]> {
    // One row of JSON instead of a row per unit: every request of the web application reads the
    // tree, and the embedded database's cost grows with the number of rows and fields returned.
    const [r] = await this.db.query<{ units: string | null }>(
      'SELECT json_agg(json_build_array(code, name, parent_code, level, budget_level, sort_order))::text AS units FROM unit WHERE org_id = $1',
      [orgId],
    );
    const rows = JSON.parse(r?.units ?? '[]') as Array<[string, string, string | null, string, string | null, number]>;
    return rows.map(([code, name, parent, level, budgetLevel, sortOrder]) => ({ code, name, parent, level, budgetLevel, sortOrder: Number(sortOrder) }));
  }

  async listAccounts(orgId: string): Promise<Account[]> {
    const rows = await this.db.query<{ account: string; name: string; account_group: AccountGroup | null }>(
      'SELECT account, name, account_group FROM account WHERE org_id = $1 ORDER BY account',
      [orgId],
    );
    return rows.map((r) => ({ account: r.account, name: r.name, group: r.account_group }));
  }

  async listCodeNames(orgId: string, table: 'activity' | 'project'): Promise<Map<string, string>> {
    const rows = await this.db.query<{ code: string; name: string }>(`SELECT code, name FROM ${table} WHERE org_id = $1`, [orgId]);
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  async countAmounts(orgId: string): Promise<number> {
    const [r] = await this.db.query<{ n: string }>('SELECT count(*) AS n FROM amount WHERE org_id = $1', [orgId]);
    return Number(r?.n ?? 0);
  }

  /** Sum of all amounts per scenario and year: a cheap fingerprint used by tests and `status`. */
  async totals(orgId: string): Promise<Array<{ scenario: string; year: number; rows: number; sumOre: bigint }>> {
    const rows = await this.db.query<{ scenario: string; year: number; n: string; s: string }>(
      'SELECT scenario, year, count(*) AS n, sum(amount_ore) AS s FROM amount WHERE org_id = $1 GROUP BY scenario, year ORDER BY year, scenario',
      [orgId],
    );
    return rows.map((r) => ({ scenario: r.scenario, year: Number(r.year), rows: Number(r.n), sumOre: big(r.s) }));
  }

  /** Ledger sums for the report computation, one row per (unit, account group, activity, project). */
  async ledgerFacts(orgId: string, q: FactQuery): Promise<LedgerFact[]> {
    if (q.units.length === 0) return [];
    // The previous year's amounts on a renamed or merged unit count under its code of this year.
    const ren = renamedUnitSql(await sourceRenames(this.db, orgId, q.year, [q.year - 1]), q.accounts?.length ? 10 : 8);
    const rows = await this.db.query<Record<string, string | null>>(
      `SELECT ${ren.unit} AS unit, a.account_group AS grp, a.activity, a.project,
         sum(CASE WHEN a.scenario = 'actual' AND a.year = $2 - 1 THEN a.amount_ore END) AS closing_prev,
         sum(CASE WHEN a.scenario = 'actual' AND a.year = $2 - 1 AND a.period <= $4 THEN a.amount_ore END) AS actual_prev,
         sum(CASE WHEN a.scenario = 'actual' AND a.year = $2 AND a.period <= $3 THEN a.amount_ore END) AS actual,
         sum(CASE WHEN a.scenario = 'budget' AND a.year = $2 AND a.period <= $3 THEN a.amount_ore END) AS budget_monthly_to_date,
         sum(CASE WHEN a.scenario = 'budget' AND a.year = $2 AND a.period IS NULL THEN a.amount_ore END) AS budget_annual,
         sum(CASE WHEN a.scenario = 'budget' AND a.year = $2 THEN a.amount_ore END) AS budget,
         sum(CASE WHEN a.scenario = 'budget_osb' AND a.year = $2 THEN a.amount_ore END) AS budget_osb,
         sum(CASE WHEN a.scenario = $5 AND a.year = $2 THEN a.amount_ore END) AS forecast,
         sum(CASE WHEN a.scenario = 'carryover' AND a.year = $2 THEN a.amount_ore END) AS carryover,
         count(CASE WHEN a.scenario = $5 AND a.year = $2 THEN 1 END) AS forecast_rows,
         sum(CASE WHEN a.scenario = 'budget' AND a.year = $2 - 1 THEN a.amount_ore END) AS budget_prev,
         sum(CASE WHEN a.scenario = 'budget' AND a.year = $2 - 1 AND a.period <= $4 THEN a.amount_ore END) AS budget_prev_monthly_to_date,
         sum(CASE WHEN a.scenario = 'budget' AND a.year = $2 - 1 AND a.period IS NULL THEN a.amount_ore END) AS budget_prev_annual,
         sum(CASE WHEN a.scenario = 'actual' AND a.year = $2 - 1 AND a.period <= $3 THEN a.amount_ore END) AS actual_prev_at_period,
         sum(CASE WHEN a.scenario = $7 AND a.year = $2 THEN a.amount_ore END) AS prev_forecast
       FROM ${q.accounts?.length ? ACCOUNT_RANGE_SOURCE : 'amount_summary'} a${ren.join}
       -- A join (hashed) rather than unit = ANY(array), which is a linear search per row.
       JOIN unnest($6::text[]) AS scope_unit(code) ON scope_unit.code = ${ren.unit}
       WHERE a.org_id = $1 AND a.year IN ($2 - 1, $2)
       GROUP BY ${ren.unit}, a.account_group, a.activity, a.project`,
      [
        orgId, q.year, q.period, q.prevPeriod, q.scenario, q.units, q.prevScenario ?? '',
        ...(q.accounts?.length ? [q.accounts.map((r) => r.from), q.accounts.map((r) => r.to)] : []),
        ...ren.params,
      ],
    );
    return rows.map((r) => ({
      unit: r.unit!,
      group: r.grp as AccountGroup,
      activity: r.activity ?? '',
      project: r.project ?? '',
      closingPrev: big(r.closing_prev),
      actualPrev: big(r.actual_prev),
      actual: big(r.actual),
      budgetMonthlyToDate: big(r.budget_monthly_to_date),
      budgetAnnual: big(r.budget_annual),
      budget: big(r.budget),
      budgetOsb: big(r.budget_osb),
      forecast: big(r.forecast),
      carryover: big(r.carryover),
      budgetPrev: big(r.budget_prev),
      budgetPrevMonthlyToDate: big(r.budget_prev_monthly_to_date),
      budgetPrevAnnual: big(r.budget_prev_annual),
      actualPrevAtPeriod: big(r.actual_prev_at_period),
      ...(q.prevScenario ? { prevForecast: big(r.prev_forecast) } : {}),
      ...(Number(r.forecast_rows) > 0 ? { hasForecast: true } : {}),
    }));
  }
}

function* chunk<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Opens the store: PostgreSQL server when a URL is given, else the embedded database. Migrates. */
export async function openStore(opts: StoreOptions = {}): Promise<Store> {
  let db: Database;
  try {
    if (opts.databaseUrl) {
      const { openPostgres } = await import('./adapters/pg.ts'); // the embedded store does not load pg
      db = await openPostgres(opts.databaseUrl, opts.schema);
    } else {
      let release = (): void => undefined;
      if (opts.dataDir) {
        mkdirSync(opts.dataDir, { recursive: true });
        release = lockDataDir(opts.dataDir);
      }
      try {
        const embedded = await openEmbedded(opts.dataDir, opts.loadDataDir);
        const close = embedded.close;
        db = { ...embedded, close: () => close().finally(release) };
      } catch (err) {
        release();
        throw err;
      }
    }
  } catch (err) {
    if (err instanceof PrognosError) throw err;
    throw new PrognosError(
      'STORE',
      `kunde inte öppna databasen (${opts.databaseUrl ? 'DATABASE_URL' : (opts.dataDir ?? 'i minnet')}): ${(err as Error).message}`,
      {},
      { cause: err },
    );
  }
  await migrate(db);
  return new Store(db);
}
