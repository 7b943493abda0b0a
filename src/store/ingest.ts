/**
 * Importing files into the store. Each file is validated completely and stored in one
 * transaction: a bad file leaves nothing behind, and importing the same data again replaces
 * what it stored before instead of doubling it. An import replaces only what its file covers
 * (an amounts file: its (scenario, year, period, unit) slices) and reports, row by row, what it
 * added, replaced and removed; a dry run does all of it and rolls the transaction back.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { defaultAccountGroup, type Scenario } from '../core/domain/index.ts';
import { badInput, PrognosError } from '../core/errors/index.ts';
import { checkOrgTree, readTabularFile, type TabularKind } from '../import/tabular/index.ts';
import { readSieFile, type SieOptions, type SieResult } from '../import/sie/index.ts';
import type { AmountRow, AmountSliceChange, ReplacePolicy, SqlClient, Store } from './index.ts';
import { keyedChanges, sumChanges, type ImportChanges, type ImportSummary } from './ingest-summary.ts';

export type { ImportChanges, ImportSummary } from './ingest-summary.ts';
export { formatImportSummary } from './ingest-summary.ts';

export interface ImportOptions {
  /**
   * Parse, validate and run the whole import in its transaction, then roll it back: the summary
   * says exactly what the import would add, replace and remove; nothing is stored.
   */
  dryRun?: boolean;
}

/** Runs the writes of one import in one transaction — rolled back at the end of a dry run. */
export function importTransaction<T>(store: Store, opts: ImportOptions, fn: (tx: SqlClient) => Promise<T>): Promise<T> {
  return store.db.transaction(fn, { rollback: opts.dryRun === true });
}

/** The summary's change fields from row-level changes (and slices for amounts). */
export function changeFields(changes: ImportChanges, opts: ImportOptions, slices?: AmountSliceChange[]): Pick<ImportSummary, 'replaced' | 'changes' | 'slices' | 'dryRun'> {
  return { replaced: changes.replaced + changes.removed, changes, ...(slices ? { slices } : {}), ...(opts.dryRun ? { dryRun: true } : {}) };
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

function slicesOf(rows: Iterable<{ scenario: Scenario; year: number }>): Array<{ scenario: Scenario; year: number }> {
  const seen = new Map<string, { scenario: Scenario; year: number }>();
  for (const r of rows) seen.set(`${r.scenario}\u0000${r.year}`, { scenario: r.scenario, year: r.year });
  return [...seen.values()];
}

/** The (scenario, year, period, unit) slices of amount rows; period null is the annual slice. */
function periodSlicesOf(rows: Iterable<AmountRow>): Array<{ scenario: Scenario; year: number; period: number | null; unit: string }> {
  const seen = new Map<string, { scenario: Scenario; year: number; period: number | null; unit: string }>();
  for (const r of rows) seen.set(JSON.stringify([r.scenario, r.year, r.period, r.unit]), { scenario: r.scenario, year: r.year, period: r.period, unit: r.unit });
  return [...seen.values()];
}

const storedCodes = async (tx: SqlClient, table: string, col: string, orgId: string): Promise<string[]> =>
  (await tx.query<{ c: string }>(`SELECT ${col} AS c FROM ${table} WHERE org_id = $1`, [orgId])).map((r) => r.c);

export async function importTabular(store: Store, orgId: string, kind: TabularKind, path: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  const [parsed, sha256] = await Promise.all([readTabularFile(kind, path), sha256File(path)]);
  const batch = { kind, fileName: basename(path), sha256, summary: { records: parsed.records.length } };
  const base = { kind, file: path, organisation: orgId, records: parsed.records.length, warnings: parsed.warnings };
  return importTransaction(store, opts, async (tx): Promise<ImportSummary> => {
    await store.ensureOrganisation(orgId, orgId, tx);
    switch (parsed.kind) {
      case 'org': {
        // Parents may be units stored earlier (a unit at a time): the tree is checked with them.
        const stored = await tx.query<{ code: string; parent: string | null }>('SELECT code, parent_code AS parent FROM unit WHERE org_id = $1', [orgId]);
        checkOrgTree(parsed.records, path, new Map(stored.map((u) => [u.code, u.parent])));
        const changes = keyedChanges(stored.map((u) => u.code), parsed.records.map((r) => r.code), false);
        await store.upsertUnits(tx, orgId, parsed.records);
        await store.recordBatch(tx, orgId, batch);
        return { ...base, ...changeFields(changes, opts), counts: { units: parsed.records.length } };
      }
      case 'accounts': {
        const changes = keyedChanges(await storedCodes(tx, 'account', 'account', orgId), parsed.records.map((r) => r.account), false);
        await store.upsertAccounts(tx, orgId, parsed.records, 'accounts-file');
        await store.recordBatch(tx, orgId, batch);
        return { ...base, ...changeFields(changes, opts), counts: { accounts: parsed.records.length } };
      }
      case 'activities': {
        const changes = keyedChanges(await storedCodes(tx, 'activity', 'code', orgId), parsed.records.map((r) => r.code), false);
        await store.upsertActivities(tx, orgId, parsed.records);
        await store.recordBatch(tx, orgId, batch);
        return { ...base, ...changeFields(changes, opts), counts: { activities: parsed.records.length } };
      }
      case 'amounts': {
        await checkReferences(tx, orgId, path, parsed.records);
        const projects = [...new Set(parsed.records.map((r) => r.project).filter((p) => p !== ''))];
        await store.upsertProjects(tx, orgId, projects.map((code) => ({ code, name: code })), false);
        // Exactly the slices the file has: a May correction for one unit leaves its other months alone.
        const slices = periodSlicesOf(parsed.records);
        const r = await store.replaceAmounts(tx, orgId, batch, { kind: 'periods', slices }, parsed.records);
        return { ...base, ...changeFields(sumChanges(r.slices), opts, r.slices), counts: { amounts: r.inserted, slices: slices.length } };
      }
    }
  });
}

/** Amounts must refer to units, accounts and activities the organisation has: name the first line that does not. */
async function checkReferences(
  tx: SqlClient,
  orgId: string,
  file: string,
  records: ReadonlyArray<AmountRow & { line: number }>,
): Promise<void> {
  const known = async (table: string, col: string): Promise<Set<string>> =>
    new Set((await tx.query<{ c: string }>(`SELECT ${col} AS c FROM ${table} WHERE org_id = $1`, [orgId])).map((r) => r.c));
  // One after the other: a transaction is one connection, and pg deprecates (pg 9 removes) concurrent queries on one client.
  const units = await known('unit', 'code');
  const accounts = await known('account', 'account');
  const activities = await known('activity', 'code');
  records.forEach((r) => {
    const line = r.line;
    if (!units.has(r.unit)) throw badInput(`enheten "${r.unit}" finns inte — importera organisationen (org) först`, { file, line, field: 'unit' });
    if (!accounts.has(r.account)) throw badInput(`kontot "${r.account}" finns inte — importera kontoplanen (accounts) först`, { file, line, field: 'account' });
    if (r.activity !== '' && !activities.has(r.activity)) {
      throw badInput(`verksamheten "${r.activity}" finns inte — importera verksamheterna (activities) först`, { file, line, field: 'activity' });
    }
  });
}

export interface SieImportOptions {
  unitDim?: number;
  activityDim?: number | null;
  projectDim?: number | null;
  /** Progress: bytes read of the file, then the check of what was read, then the rows being stored. */
  onProgress?: (p: SieImportProgress) => void;
}

export type SieImportProgress = { phase: 'read'; bytes: number; total: number } | { phase: 'validate' } | { phase: 'store'; rows: number };

export async function importSie(store: Store, orgId: string, path: string, opts: SieImportOptions & ImportOptions = {}): Promise<ImportSummary> {
  const sieOpts: SieOptions = {
    fileName: path,
    unitDim: opts.unitDim ?? 1,
    activityDim: opts.activityDim ?? null,
    projectDim: opts.projectDim === undefined ? 6 : opts.projectDim,
    projectDimChosen: opts.projectDim !== undefined,
  };
  const progress = opts.onProgress;
  const onRead =
    progress &&
    ((bytes: number, total: number): void => {
      progress({ phase: 'read', bytes, total });
      if (bytes >= total) progress({ phase: 'validate' });
    });
  const [sie, sha256] = await Promise.all([readSieFile(path, onRead ? { ...sieOpts, onProgress: onRead } : sieOpts), sha256File(path)]);
  progress?.({ phase: 'store', rows: sie.rows.length });
  return storeSie(store, orgId, sie, sha256, sieOpts, opts);
}

/** An incremental voucher file (SIE 4I) adds to the ledger; a full export replaces its years. */
export function sieReplacePolicy(sie: SieResult): ReplacePolicy {
  const c = sie.counts;
  const balances = (c.IB ?? 0) + (c.UB ?? 0) + (c.RES ?? 0) + (c.PSALDO ?? 0) + (c.PBUDGET ?? 0);
  if ((c.VER ?? 0) > 0 && balances === 0) return { kind: 'same-file' };
  return { kind: 'slices', slices: slicesOf(sie.rows) };
}

async function storeSie(store: Store, orgId: string, sie: SieResult, sha256: string, opts: SieOptions, run: ImportOptions): Promise<ImportSummary> {
  const warnings = [...sie.warnings];
  if (sie.encodingNote) warnings.unshift(sie.encodingNote);
  const objectsOf = (dim: number | null | undefined): Array<{ code: string; name: string }> =>
    dim == null ? [] : sie.objects.filter((o) => o.dim === dim).map((o) => ({ code: o.code, name: o.name }));

  const accounts = new Map(sie.accounts.map((a) => [a.account, a.name]));
  const units = new Map(objectsOf(opts.unitDim).map((o) => [o.code, o.name]));
  const activities = new Map(objectsOf(opts.activityDim).map((o) => [o.code, o.name]));
  const projects = new Map(objectsOf(opts.projectDim).map((o) => [o.code, o.name]));
  let missingAccounts = 0;
  for (const r of sie.rows) {
    if (!accounts.has(r.account)) {
      accounts.set(r.account, r.account);
      missingAccounts++;
    }
    if (!units.has(r.unit)) units.set(r.unit, r.unit === '' ? 'Utan enhet' : r.unit);
    if (r.activity !== '' && !activities.has(r.activity)) activities.set(r.activity, r.activity);
    if (r.project !== '' && !projects.has(r.project)) projects.set(r.project, r.project);
  }
  if (missingAccounts > 0) warnings.push(`${missingAccounts} konton saknar #KONTO och fick kontonumret som namn`);

  const policy = sieReplacePolicy(sie);
  const counts: Record<string, number> = { ...sie.counts, rows: sie.rows.length };
  const batch = {
    kind: 'sie',
    fileName: basename(sie.fileName),
    sha256,
    summary: { counts, encoding: sie.encoding, sieType: sie.sieType, program: sie.program, company: sie.company },
  };
  const result = await importTransaction(store, run, async (tx) => {
    await store.ensureOrganisation(orgId, orgId, tx);
    await store.upsertAccounts(
      tx,
      orgId,
      [...accounts].map(([account, name]) => ({ account, name, group: defaultAccountGroup(account), groupOverride: false })),
      'ledger',
    );
    // Units from SIE objects never overwrite the tree imported from an org file.
    await store.upsertUnits(
      tx,
      orgId,
      [...units].map(([code, name], i) => ({ code, name, parent: null, level: '', budgetLevel: null, sortOrder: 1_000_000 + i })),
      false,
    );
    await store.upsertActivities(tx, orgId, [...activities].map(([code, name]) => ({ code, name })), false);
    await store.upsertProjects(tx, orgId, [...projects].map(([code, name]) => ({ code, name })), false);
    return store.replaceAmounts(tx, orgId, batch, policy, sie.rows as AmountRow[]);
  });
  return {
    kind: 'sie',
    file: sie.fileName,
    organisation: orgId,
    records: sie.rows.length,
    ...changeFields(sumChanges(result.slices), run, result.slices),
    counts,
    encoding: sie.encoding,
    warnings,
  };
}

export function assertKind(kind: string): TabularKind | 'sie' {
  if (kind === 'org' || kind === 'accounts' || kind === 'activities' || kind === 'amounts' || kind === 'sie') return kind;
  throw new PrognosError('BAD_INPUT', `okänd importtyp "${kind}" (org, accounts, activities, amounts eller sie)`);
}
