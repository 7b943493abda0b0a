/**
 * The organisation in every key (migration 0011): every primary key, unique constraint and
 * foreign key contains org_id, so the schema can be distributed by organisation; and a store
 * with data from before the migration keeps all of it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbedded } from './adapters/pglite.ts';
import { openPostgres } from './adapters/pg.ts';
import type { Database } from './adapters/types.ts';
import { migrate, migrationFiles } from './migrate.ts';
import { findUserForLogin } from './users.ts';
import { listCells } from './forecast-cells.ts';
import { roundUnits } from './rounds.ts';
import { openTestStore, testBackends, type Backend } from '../../test/support/store.ts';
import { UNPARTITIONED } from '../../test/support/partition.ts';
import { sourceDir } from '../core/paths/index.ts';

const MIGRATIONS = join(sourceDir(import.meta.url), 'migrations');

interface KeyRow {
  tbl: string;
  name: string;
  type: string;
  cols: string[];
  ref_tbl: string | null;
  ref_cols: string[] | null;
}

async function keys(db: Database): Promise<KeyRow[]> {
  return db.query<KeyRow>(
    `SELECT c.relname AS tbl, k.conname AS name, k.contype::text AS type, r.relname AS ref_tbl,
            ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS u(n, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS cols,
            CASE WHEN k.contype = 'f' THEN ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS u(n, i) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i) END AS ref_cols
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid LEFT JOIN pg_class r ON r.oid = k.confrelid
     WHERE k.connamespace = current_schema()::regnamespace AND k.contype IN ('p', 'u', 'f') AND NOT c.relispartition
     ORDER BY 1, 2`,
  );
}

/** An embedded database migrated to 0006, made once per file (a fresh initdb is the slow part). */
let embedded0006: Blob | undefined;

/** A fresh database with the migrations up to 0006 applied, as migrate() records them. */
async function databaseAt0006(backend: Backend, cleanup: Array<() => Promise<void>>): Promise<Database> {
  if (backend === 'embedded') {
    if (!embedded0006) {
      const fresh = await openEmbedded(undefined);
      await migrateTo(fresh, '0006');
      embedded0006 = await fresh.pglite.dumpDataDir('none');
      await fresh.close();
    }
    const db = await openEmbedded(undefined, embedded0006);
    cleanup.push(() => db.close());
    return db;
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const db = await openPostgres(process.env.DATABASE_URL!, schema);
  cleanup.push(async () => {
    await db.exec(`DROP SCHEMA ${schema} CASCADE`);
    await db.close();
  });
  await migrateTo(db, '0006');
  return db;
}

/** Applies the migrations up to and including `last` (a four-digit prefix), as migrate() records them. */
async function migrateTo(db: Database, last: string): Promise<void> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migration (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  for (const file of migrationFiles().filter((f) => f.slice(0, 4) <= last)) {
    await db.transaction(async (tx) => {
      await tx.exec(readFileSync(join(MIGRATIONS, file), 'utf8'));
      await tx.query('INSERT INTO schema_migration (version) VALUES ($1)', [file.slice(0, -'.sql'.length)]);
    });
  }
}

/** Two organisations' users, sessions, rounds, cells, snapshots, renders, audit and failed log-ins, as the 0006 schema stores them. */
const DATA_0006 = `
INSERT INTO organisation (id, name) VALUES ('a', 'A kommun'), ('b', 'B kommun');
INSERT INTO unit (org_id, code, name, level, sort_order) VALUES ('a', 'KS', 'KS', 'board', 1), ('b', 'KS', 'KS', 'board', 1);
INSERT INTO import_batch (id, org_id, kind, file_name, sha256, summary) VALUES (1, 'a', 'sie', 'a.se', 'x', '{}'), (2, 'b', 'sie', 'b.se', 'y', '{}');
INSERT INTO app_user (id, org_id, username, role, password_hash) VALUES (10, 'a', 'anna', 'unit_editor', 'h1'), (11, 'b', 'bo', 'admin', 'h2');
INSERT INTO app_user_unit (user_id, org_id, unit_code) VALUES (10, 'a', 'KS');
INSERT INTO app_session (token_hash, user_id, org_id, csrf_token, expires_at) VALUES ('t1', 10, 'a', 'c1', now() + interval '1 hour');
INSERT INTO login_failure (org_id, kind, key) VALUES (NULL, 'username', 'okand'), ('b', 'username', 'bo'), (NULL, 'ip', '10.0.0.1');
INSERT INTO followup_round (id, org_id, board, year, period, name, level, method, threshold_ore, batch_id, created_by)
  VALUES (20, 'a', 'KS', 2025, 4, 'P1', 'board', 'manual', 0, 1, 'anna'), (21, 'b', 'KS', 2025, 4, 'P1', 'board', 'manual', 0, 2, 'bo');
INSERT INTO round_unit (round_id, org_id, unit_code, sort_order) VALUES (20, 'a', 'KS', 0), (21, 'b', 'KS', 0);
INSERT INTO forecast_cell (round_id, org_id, unit_code, account_group, amount_ore, updated_by) VALUES (20, 'a', 'KS', '5', 12300, 'anna'), (21, 'b', 'KS', '5', 45600, 'bo');
INSERT INTO report_snapshot (round_id, org_id, model, published_by) VALUES (21, 'b', '{"b": 1}', 'bo');
INSERT INTO published_render (round_id, org_id, format, body, sha256) VALUES (21, 'b', 'json', '\\x7b7d', 'z');
INSERT INTO audit_log (org_id, username, action, entity, entity_key) VALUES ('a', 'anna', 'cell.save', 'cell', 'KS'), ('b', 'bo', 'round.publish', 'round', 'P1');
`;

const COUNTED = ['organisation', 'unit', 'import_batch', 'app_user', 'app_user_unit', 'app_session', 'login_failure', 'followup_round', 'round_unit', 'forecast_cell', 'report_snapshot', 'published_render', 'audit_log'];

async function counts(db: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of COUNTED) out[t] = Number((await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${t}`))[0]!.n);
  return out;
}

describe.each(testBackends())('organisation keys (%s)', (backend) => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f();
  });

  it('has org_id in every primary key, unique constraint and foreign key, on both sides of every foreign key between organisation tables', async () => {
    const store = await openTestStore(backend);
    cleanup.push(() => store.close());
    const all = await keys(store.db);
    const tables = new Set(all.map((k) => k.tbl));
    expect(tables.has('app_session') && tables.has('login_failure') && tables.has('forecast_cell')).toBe(true);
    const offending = all
      .filter((k) => !UNPARTITIONED.has(k.tbl))
      .filter((k) => !k.cols.includes('org_id') || (k.type === 'f' && !UNPARTITIONED.has(k.ref_tbl!) && !k.ref_cols!.includes('org_id')))
      .map((k) => `${k.tbl}.${k.name}`);
    expect(offending).toEqual([]);
    // Every table but the organisation itself and the migrations' record has a primary key or
    // is an append-only fact table (amount, amount_summary), and its org_id is NOT NULL.
    const nullable = await store.db.query<{ tbl: string }>(
      `SELECT c.relname AS tbl FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND a.attname = 'org_id' AND NOT a.attnotnull`,
    );
    expect(nullable).toEqual([]);
  });

  it('keeps every row of a store migrated to 0006 when it is migrated to the end, with the new keys', async () => {
    const db = await databaseAt0006(backend, cleanup);
    await db.exec(DATA_0006);
    const before = await counts(db);
    const applied = await migrate(db);
    expect(applied).toContain('0011_org_keys');
    expect(await counts(db)).toEqual(before);
    // Failed log-ins are kept and counted as made without an organisation.
    expect((await db.query<{ org_id: string }>('SELECT DISTINCT org_id FROM login_failure')).map((r) => r.org_id)).toEqual(['']);
    // The rows are found by their organisation's keys.
    expect((await findUserForLogin(db, 'a', 'anna'))?.units).toEqual(['KS']);
    expect(await findUserForLogin(db, 'b', 'anna')).toBeUndefined();
    expect((await listCells(db, { orgId: 'b', id: 21 })).map((c) => c.amountOre)).toEqual([45600n]);
    expect(await listCells(db, { orgId: 'a', id: 21 })).toEqual([]);
    expect((await roundUnits(db, { orgId: 'a', id: 20 })).map((u) => u.unitCode)).toEqual(['KS']);
    // A row can no longer point at another organisation's row.
    await expect(db.exec("INSERT INTO round_unit (round_id, org_id, unit_code, sort_order) VALUES (21, 'a', 'KS', 0)")).rejects.toThrow();
    await expect(db.exec("INSERT INTO app_session (token_hash, user_id, org_id, csrf_token, expires_at) VALUES ('t2', 11, 'a', 'c', now())")).rejects.toThrow();
    // The same user name in two organisations is allowed; twice in one is not.
    await db.exec("INSERT INTO app_user (org_id, username, role, password_hash) VALUES ('b', 'anna', 'reader', 'h3')");
    await expect(db.exec("INSERT INTO app_user (org_id, username, role, password_hash) VALUES ('b', 'anna', 'reader', 'h4')")).rejects.toThrow();
    expect((await findUserForLogin(db, 'b', 'anna'))?.role).toBe('reader');
  });

  it('rebuilds a foreign key another migration made onto a round or user id alone with org_id on both sides, and keeps a per-organisation name rule another migration made', async () => {
    const db = await databaseAt0006(backend, cleanup);
    await db.exec(`${DATA_0006}
      CREATE TABLE round_note (org_id text NOT NULL, round_id bigint NOT NULL REFERENCES followup_round (id) ON DELETE CASCADE,
        user_id bigint REFERENCES app_user (id) ON DELETE SET NULL, note text NOT NULL, PRIMARY KEY (org_id, round_id, note));
      INSERT INTO round_note VALUES ('a', 20, 10, 'x');`);
    // The per-organisation name rule is made by 0008 (user names per organisation) before 0011 runs.
    await migrate(db);
    expect((await keys(db)).filter((k) => k.tbl === 'app_user' && k.type === 'u').map((k) => [k.name, k.cols])).toEqual([['app_user_org_username', ['org_id', 'username']]]);
    const fks = (await keys(db)).filter((k) => k.tbl === 'round_note' && k.type === 'f');
    expect(fks.map((k) => [k.cols, k.ref_tbl, k.ref_cols])).toEqual([
      [['org_id', 'round_id'], 'followup_round', ['org_id', 'id']],
      [['org_id', 'user_id'], 'app_user', ['org_id', 'id']],
    ]);
    await expect(db.exec("INSERT INTO round_note VALUES ('b', 20, NULL, 'y')")).rejects.toThrow();
    await db.exec("DELETE FROM app_user WHERE org_id = 'a' AND id = 10");
    expect(await db.query('SELECT org_id, round_id::int AS round_id, user_id FROM round_note')).toEqual([{ org_id: 'a', round_id: 20, user_id: null }]);
    await db.exec("DELETE FROM followup_round WHERE org_id = 'a' AND id = 20");
    expect(await db.query('SELECT * FROM round_note')).toEqual([]);
  });
});
