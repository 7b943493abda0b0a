/**
 * The partitioned mode of the PostgreSQL tests (PROGNOS_PG_PARTITIONED=1): after the migrations,
 * every table of the store's schema that carries `org_id` is rebuilt as a table
 * `PARTITION BY HASH (org_id)` with PARTITIONS partitions, keeping its columns, defaults, checks,
 * primary key, unique constraints, indexes and foreign keys — read from the catalog, so tables
 * that later migrations add are covered without a copy of the schema here.
 *
 * PostgreSQL refuses a primary key or unique constraint on a partitioned table that does not
 * contain the partition key, the same rule Citus applies to a table distributed by `org_id`; so
 * the rebuild itself fails on a key without `org_id`, and a foreign key that does not carry
 * `org_id` is refused here by name (native partitioning would allow it, Citus would not).
 * The suite then runs on these tables: every query, constraint and ON CONFLICT works on them.
 */
import type { Database } from '../../src/store/index.ts';

export const PARTITIONS = 4;

/** Tables without `org_id`: the organisation itself (a Citus reference table) and the migrations' bookkeeping (local). */
export const UNPARTITIONED = new Set(['organisation', 'schema_migration']);

export function partitionedMode(): boolean {
  return process.env.PROGNOS_PG_PARTITIONED === '1';
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

interface ForeignKey {
  name: string;
  table: string;
  definition: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
}

/** Rebuilds the tables of the current schema (search_path) as hash partitions by org_id; returns their names. */
export async function partitionByOrg(db: Database): Promise<string[]> {
  return db.transaction(async (tx) => {
    const tables = await tx.query<{ name: string; has_org: boolean; kind: string }>(
      `SELECT c.relname AS name, c.relkind::text AS kind,
              EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped) AS has_org
       FROM pg_class c
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
       ORDER BY c.relname`,
    );
    const missing = tables.filter((t) => !t.has_org && !UNPARTITIONED.has(t.name)).map((t) => t.name);
    if (missing.length > 0) throw new Error(`tables without org_id cannot be distributed by organisation: ${missing.join(', ')}`);
    const todo = tables.filter((t) => t.has_org && t.kind === 'r').map((t) => t.name);
    if (todo.length === 0) return [];

    const fks = (
      await tx.query<{ name: string; tbl: string; def: string; cols: string[]; ref_tbl: string; ref_cols: string[] }>(
        `SELECT k.conname AS name, c.relname AS tbl, pg_get_constraintdef(k.oid) AS def, r.relname AS ref_tbl,
                ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS u(n, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS cols,
                ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS u(n, i) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i) AS ref_cols
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
         WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace AND (c.relname = ANY($1::text[]) OR r.relname = ANY($1::text[]))
         ORDER BY k.conname`,
        [todo],
      )
    ).map((r): ForeignKey => ({ name: r.name, table: r.tbl, definition: r.def, columns: r.cols, refTable: r.ref_tbl, refColumns: r.ref_cols }));
    const withoutOrg = fks.filter((k) => !UNPARTITIONED.has(k.refTable) && !(k.columns.includes('org_id') && k.refColumns.includes('org_id')));
    if (withoutOrg.length > 0) {
      throw new Error(`foreign keys without org_id on both sides: ${withoutOrg.map((k) => `${k.table}.${k.name} (${k.definition})`).join('; ')}`);
    }
    for (const k of fks) await tx.exec(`ALTER TABLE ${ident(k.table)} DROP CONSTRAINT ${ident(k.name)}`);

    for (const t of todo) {
      const owned = await tx.query<{ seq: string; col: string }>(
        `SELECT s.relname AS seq, a.attname AS col
         FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
         JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
         WHERE d.refobjid = $1::regclass AND d.deptype = 'a'`,
        [t],
      );
      for (const o of owned) await tx.exec(`ALTER SEQUENCE ${ident(o.seq)} OWNED BY NONE`);
      const plain = `${t}__plain`;
      await tx.exec(`ALTER TABLE ${ident(t)} RENAME TO ${ident(plain)}`);
      try {
        await tx.exec(`CREATE TABLE ${ident(t)} (LIKE ${ident(plain)} INCLUDING ALL) PARTITION BY HASH (org_id)`);
      } catch (err) {
        throw new Error(`${t} cannot be partitioned by org_id: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      for (let i = 0; i < PARTITIONS; i++) {
        await tx.exec(`CREATE TABLE ${ident(`${t}_p${i}`)} PARTITION OF ${ident(t)} FOR VALUES WITH (MODULUS ${PARTITIONS}, REMAINDER ${i})`);
      }
      await tx.exec(`INSERT INTO ${ident(t)} SELECT * FROM ${ident(plain)}`);
      await tx.exec(`DROP TABLE ${ident(plain)}`);
      for (const o of owned) await tx.exec(`ALTER SEQUENCE ${ident(o.seq)} OWNED BY ${ident(t)}.${ident(o.col)}`);
    }
    for (const k of fks) await tx.exec(`ALTER TABLE ${ident(k.table)} ADD CONSTRAINT ${ident(k.name)} ${k.definition}`);
    return todo;
  });
}
