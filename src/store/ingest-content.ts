/**
 * Importing follow-up content. Like the ledger: the whole file is validated, stored in one
 * transaction, and importing it again replaces what it stored instead of adding to it.
 * Per kind, what a file replaces:
 * - goals, assignments, rollforward: everything of the (board, year) pairs in the file;
 * - goal-status, assignment-status, measures, observations: the (board, year, round) triples;
 * - indicators: the boards' indicator definitions;
 * - indicator-values, narrative, grid, Kolada: upserted by their key (other keys stay).
 */
import { basename } from 'node:path';
import { badInput, PrognosError } from '../core/errors/index.ts';
import { readContentFile, type ContentKind, type GridOptions } from '../import/content/index.ts';
import { readKoladaFile } from '../import/content/kolada.ts';
import type { SqlClient, Store } from './index.ts';
import { changeFields, importTransaction, sha256File, type ImportOptions, type ImportSummary } from './ingest.ts';
import { keyedChanges, type ImportChanges } from './ingest-summary.ts';

/**
 * What a file of each kind covers (`scope`: its records' values of these columns) and what
 * identifies a row (`key`); `removes`: stored rows of the scope that the file lacks are deleted
 * (the kinds that replace), rather than kept (the kinds upserted by key).
 */
const COVERS: Record<ContentKind, { table: string; scope: readonly string[]; key: readonly string[]; removes: boolean }> = {
  goals: { table: 'goal', scope: ['board', 'year'], key: ['code'], removes: true },
  'goal-status': { table: 'goal_status', scope: ['board', 'year', 'round'], key: ['code'], removes: true },
  assignments: { table: 'assignment', scope: ['board', 'year'], key: ['code'], removes: true },
  'assignment-status': { table: 'assignment_status', scope: ['board', 'year', 'round'], key: ['code'], removes: true },
  measures: { table: 'measure', scope: ['board', 'year', 'round'], key: ['nr'], removes: true },
  indicators: { table: 'indicator', scope: ['board'], key: ['code'], removes: true },
  'indicator-values': { table: 'indicator_value', scope: ['board'], key: ['code', 'year', 'kind', 'breakdown'], removes: false },
  observations: { table: 'observation', scope: ['board', 'year', 'round'], key: ['sort_order'], removes: true },
  narrative: { table: 'narrative', scope: ['board', 'year', 'round'], key: ['key'], removes: false },
  rollforward: { table: 'rollforward', scope: ['board', 'year'], key: ['unit'], removes: true },
  grid: { table: 'grid', scope: ['board', 'year', 'round', 'id'], key: [], removes: false },
};

const FIELD: Record<string, string> = { sort_order: 'sortOrder' };

/**
 * Row-level changes of a content import, from the stored rows of what the file covers. Run in
 * the import's transaction before it writes. `records` are the file's (or, for Kolada, the
 * values to be stored), with the fields named by the columns (snake_case as camelCase).
 */
async function contentChanges(
  tx: SqlClient,
  orgId: string,
  cover: { table: string; scope: readonly string[]; key: readonly string[]; removes: boolean },
  records: ReadonlyArray<Record<string, unknown>>,
): Promise<ImportChanges> {
  const columns = [...cover.scope, ...cover.key];
  const keyOf = (values: unknown[]): string => JSON.stringify(values.map((v) => String(v)));
  const scopes = new Map<string, unknown[]>();
  for (const r of records) {
    const scope = cover.scope.map((c) => r[FIELD[c] ?? c]);
    scopes.set(keyOf(scope), scope);
  }
  const old: string[] = [];
  for (const scope of scopes.values()) {
    const rows = await tx.query<Record<string, unknown>>(
      `SELECT ${columns.join(', ')} FROM ${cover.table} WHERE org_id = $1 AND ${cover.scope.map((c, i) => `${c} = $${i + 2}`).join(' AND ')}`,
      [orgId, ...scope],
    );
    for (const row of rows) old.push(keyOf(columns.map((c) => row[c])));
  }
  return keyedChanges(old, records.map((r) => keyOf(columns.map((c) => r[FIELD[c] ?? c]))), cover.removes);
}

async function insertRows(tx: SqlClient, table: string, columns: readonly string[], rows: unknown[][], conflict = ''): Promise<void> {
  const per = Math.max(1, Math.floor(60_000 / (columns.length + 1)));
  for (let i = 0; i < rows.length; i += per) {
    const batch = rows.slice(i, i + per);
    const params: unknown[] = [];
    const values = batch.map((r) => {
      const ph = r.map((v) => {
        params.push(v);
        return `$${params.length}`;
      });
      return `(${ph.join(', ')})`;
    });
    await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')} ${conflict}`, params);
  }
}

async function deleteWhere(tx: SqlClient, table: string, orgId: string, keys: string[], tuples: unknown[][]): Promise<void> {
  const seen = new Set<string>();
  for (const t of tuples) {
    const k = JSON.stringify(t);
    if (seen.has(k)) continue;
    seen.add(k);
    await tx.query(`DELETE FROM ${table} WHERE org_id = $1 AND ${keys.map((c, i) => `${c} = $${i + 2}`).join(' AND ')}`, [orgId, ...t]);
  }
}

/** Boards must be units of the organisation: name the first line that refers to another. */
async function checkBoards(tx: SqlClient, orgId: string, file: string, records: ReadonlyArray<{ board: string; line?: number }>): Promise<void> {
  const units = new Set((await tx.query<{ code: string }>('SELECT code FROM unit WHERE org_id = $1', [orgId])).map((r) => r.code));
  for (const r of records) {
    if (!units.has(r.board)) throw badInput(`nämnden/enheten "${r.board}" finns inte — importera organisationen (org) först`, { file, ...(r.line ? { line: r.line } : {}), field: 'board' });
  }
}

/**
 * A grid number as a JS number only when that is exact (the decimal reads back the same);
 * otherwise the cell keeps the text as written, so no digit is silently lost.
 */
function gridNumber(value: string, text: string): number | string {
  const n = Number(value);
  if (!Number.isFinite(n)) return text;
  const [int = '', frac = ''] = value.replace(/^-/, '').split('.');
  const digits = (int.replace(/^0+/, '') + frac).replace(/0+$/, '').length;
  return digits <= 15 ? n : text;
}

export async function importContent(
  store: Store,
  orgId: string,
  kind: ContentKind,
  path: string,
  grid?: GridOptions,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  if (kind === 'grid' && !grid) throw new PrognosError('BAD_INPUT', 'en tabell (grid) behöver --id, --title, --board, --year och --round', { file: path });
  const parsed = kind === 'grid' ? await readContentFile('grid', path, grid!) : await readContentFile(kind as Exclude<ContentKind, 'grid'>, path);
  const sha256 = await sha256File(path);
  const changes = await importTransaction(store, opts, async (tx) => {
    await store.ensureOrganisation(orgId, orgId, tx);
    await checkBoards(tx, orgId, path, parsed.records as Array<{ board: string; line?: number }>);
    const changes = await contentChanges(tx, orgId, COVERS[kind], parsed.records as unknown as Array<Record<string, unknown>>);
    switch (parsed.kind) {
      case 'goals': {
        const rs = parsed.records;
        await deleteWhere(tx, 'goal', orgId, ['board', 'year'], rs.map((r) => [r.board, r.year]));
        await insertRows(tx, 'goal', ['org_id', 'board', 'year', 'code', 'parent_code', 'goal_area', 'kind', 'text', 'relation', 'target', 'rule', 'sort_order'],
          rs.map((r) => [orgId, r.board, r.year, r.code, r.parent, r.goalArea, r.kind, r.text, r.relation, r.target, r.rule, r.sortOrder]));
        break;
      }
      case 'goal-status':
      case 'assignment-status': {
        const table = parsed.kind === 'goal-status' ? 'goal_status' : 'assignment_status';
        const rs = parsed.records;
        await deleteWhere(tx, table, orgId, ['board', 'year', 'round'], rs.map((r) => [r.board, r.year, r.round]));
        await insertRows(tx, table, ['org_id', 'board', 'year', 'round', 'code', 'status', 'comment'], rs.map((r) => [orgId, r.board, r.year, r.round, r.code, r.status, r.comment]));
        break;
      }
      case 'assignments': {
        const rs = parsed.records;
        await deleteWhere(tx, 'assignment', orgId, ['board', 'year'], rs.map((r) => [r.board, r.year]));
        await insertRows(tx, 'assignment', ['org_id', 'board', 'year', 'code', 'goal_area', 'given_year', 'text', 'sort_order'],
          rs.map((r) => [orgId, r.board, r.year, r.code, r.goalArea, r.givenYear, r.text, r.sortOrder]));
        break;
      }
      case 'measures': {
        const rs = parsed.records;
        await deleteWhere(tx, 'measure', orgId, ['board', 'year', 'round'], rs.map((r) => [r.board, r.year, r.round]));
        await insertRows(
          tx,
          'measure',
          ['org_id', 'board', 'year', 'round', 'nr', 'text', 'decision_date', 'diary_number', 'forecast_effect_mnkr', 'total_effect_mnkr', 'achieved_mnkr', 'expected_effect', 'comment', 'sort_order'],
          rs.map((r) => [orgId, r.board, r.year, r.round, r.nr, r.text, r.decisionDate, r.diaryNumber, r.forecastEffectMnkr, r.totalEffectMnkr, r.achievedMnkr, r.expectedEffect, r.comment, r.sortOrder]),
        );
        break;
      }
      case 'indicators': {
        const rs = parsed.records;
        await deleteWhere(tx, 'indicator', orgId, ['board'], rs.map((r) => [r.board]));
        await insertRows(tx, 'indicator', ['org_id', 'board', 'code', 'name', 'unit', 'goal_code', 'target_type', 'target_value', 'source', 'sort_order'],
          rs.map((r) => [orgId, r.board, r.code, r.name, r.unit, r.goal, r.targetType, r.targetValue, r.source, r.sortOrder]));
        break;
      }
      case 'indicator-values':
        await insertRows(tx, 'indicator_value', ['org_id', 'board', 'code', 'year', 'kind', 'breakdown', 'value'],
          parsed.records.map((r) => [orgId, r.board, r.code, r.year, r.kind, r.breakdown, r.value]),
          'ON CONFLICT (org_id, board, code, year, kind, breakdown) DO UPDATE SET value = EXCLUDED.value');
        break;
      case 'observations': {
        const rs = parsed.records;
        await deleteWhere(tx, 'observation', orgId, ['board', 'year', 'round'], rs.map((r) => [r.board, r.year, r.round]));
        await insertRows(tx, 'observation', ['org_id', 'board', 'year', 'round', 'goal_area', 'kind', 'text', 'sort_order'],
          rs.map((r) => [orgId, r.board, r.year, r.round, r.goalArea, r.kind, r.text, r.sortOrder]));
        break;
      }
      case 'narrative':
        await insertRows(tx, 'narrative', ['org_id', 'board', 'year', 'round', 'key', 'title', 'text'],
          parsed.records.map((r) => [orgId, r.board, r.year, r.round, r.key, r.title, r.text]),
          'ON CONFLICT (org_id, board, year, round, key) DO UPDATE SET title = EXCLUDED.title, text = EXCLUDED.text');
        break;
      case 'rollforward': {
        const rs = parsed.records;
        await deleteWhere(tx, 'rollforward', orgId, ['board', 'year'], rs.map((r) => [r.board, r.year]));
        await insertRows(tx, 'rollforward', ['org_id', 'board', 'year', 'unit', 'opening_ore', 'used_ore', 'result_ore', 'sort_order'],
          rs.map((r) => [orgId, r.board, r.year, r.unit, r.openingOre, r.usedOre, r.resultOre, r.sortOrder]));
        break;
      }
      case 'grid': {
        const g = parsed.records[0]!;
        const columns = g.columns.map((c) => ({ key: c.key, label: c.label, kind: c.kind, ...(c.decimals !== undefined ? { decimals: c.decimals } : {}) }));
        const rows = g.rows.map((r) => ({
          cells: Object.fromEntries(Object.entries(r.cells).map(([k, v]) => [k, v === null ? null : v.kind === 'number' ? gridNumber(v.value, v.text) : v.text])),
        }));
        await insertRows(tx, 'grid', ['org_id', 'board', 'year', 'round', 'id', 'title', 'columns', 'rows'],
          [[orgId, g.board, g.year, g.round, g.id, g.title, JSON.stringify(columns), JSON.stringify(rows)]],
          'ON CONFLICT (org_id, board, year, round, id) DO UPDATE SET title = EXCLUDED.title, columns = EXCLUDED.columns, rows = EXCLUDED.rows');
        break;
      }
    }
    await store.recordBatch(tx, orgId, { kind, fileName: basename(path), sha256, summary: { records: parsed.records.length } });
    return changes;
  });
  return {
    kind,
    file: path,
    organisation: orgId,
    records: parsed.records.length,
    ...changeFields(changes, opts),
    counts: { [kind]: parsed.records.length },
    warnings: parsed.warnings,
  };
}

/**
 * Indicator values from Kolada's JSON: each value goes to the indicators whose source is its
 * KPI id (optionally of one board); values of unknown KPIs are counted and reported.
 */
export async function importKolada(store: Store, orgId: string, path: string, board?: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  const parsed = await readKoladaFile(path);
  const sha256 = await sha256File(path);
  const warnings = [...parsed.warnings];
  let stored = 0;
  const changes = await importTransaction(store, opts, async (tx) => {
    const inds = await tx.query<{ board: string; code: string; source: string }>(
      `SELECT board, code, source FROM indicator WHERE org_id = $1 AND source <> ''${board ? ' AND board = $2' : ''}`,
      board ? [orgId, board] : [orgId],
    );
    const byKpi = new Map<string, Array<{ board: string; code: string }>>();
    for (const i of inds) byKpi.set(i.source, [...(byKpi.get(i.source) ?? []), i]);
    const rows: unknown[][] = [];
    const unknown = new Set<string>();
    for (const r of parsed.records) {
      const targets = byKpi.get(r.kpi);
      if (!targets) {
        unknown.add(r.kpi);
        continue;
      }
      for (const t of targets) rows.push([orgId, t.board, t.code, r.year, 'actual', r.breakdown, r.value]);
    }
    if (unknown.size) warnings.push(`inga indikatorer har källan ${[...unknown].sort().join(', ')}; de värdena lästes inte in`);
    const values = rows.map(([, b, code, year, kind, breakdown]) => ({ board: b, code, year, kind, breakdown }));
    const changes = await contentChanges(tx, orgId, COVERS['indicator-values'], values);
    await insertRows(tx, 'indicator_value', ['org_id', 'board', 'code', 'year', 'kind', 'breakdown', 'value'], rows,
      'ON CONFLICT (org_id, board, code, year, kind, breakdown) DO UPDATE SET value = EXCLUDED.value');
    stored = rows.length;
    await store.recordBatch(tx, orgId, { kind: 'kolada', fileName: basename(path), sha256, summary: { values: stored, skipped: parsed.skipped } });
    return changes;
  });
  return {
    kind: 'kolada',
    file: path,
    organisation: orgId,
    records: parsed.records.length,
    ...changeFields(changes, opts),
    counts: { values: stored, skipped: parsed.skipped },
    warnings,
  };
}
