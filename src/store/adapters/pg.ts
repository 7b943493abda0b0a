/** A PostgreSQL server reached through DATABASE_URL. */
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database, SqlClient } from './types.ts';

// bigint (int8) and numeric come back as strings: keep them exact and convert explicitly.
function client(q: pg.Pool | pg.PoolClient): SqlClient {
  return {
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      const r = await q.query(sql, params);
      return r.rows as T[];
    },
    async exec(sql: string): Promise<void> {
      await q.query(sql);
    },
    async copyCsv(table, columns, chunks): Promise<number> {
      const conn = 'release' in q ? q : await (q as pg.Pool).connect();
      try {
        const stream = conn.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`));
        await pipeline(Readable.from(chunks as AsyncIterable<string>), stream);
        return stream.rowCount ?? 0;
      } finally {
        if (conn !== q) (conn as pg.PoolClient).release();
      }
    },
  };
}

/**
 * `schema` (optional) isolates one store in its own PostgreSQL schema: used by tests so that
 * parallel test files never see each other's tables.
 */
export async function openPostgres(url: string, schema?: string): Promise<Database> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  const pool = new pg.Pool({ connectionString: url, max: 4, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  await pool.query('SELECT 1');
  const base = client(pool);
  return {
    kind: 'postgres',
    ...base,
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      const conn = await pool.connect();
      try {
        await conn.query('BEGIN');
        const result = await fn(client(conn));
        await conn.query('COMMIT');
        return result;
      } catch (err) {
        await conn.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        conn.release();
      }
    },
    close: () => pool.end(),
  };
}
