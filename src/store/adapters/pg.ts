/** A PostgreSQL server reached through DATABASE_URL. */
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database, SqlClient, TransactionOptions } from './types.ts';
import { isConnectionLoss, storeError } from './errors.ts';

/**
 * A connection the server closes (restart, pg_terminate_backend, network loss) emits 'error' on
 * its client — also after the failing query has already rejected. Without a listener Node ends
 * the whole process with an uncaught exception, so every checked-out client gets one; the
 * failure itself reaches the caller through the query that failed.
 */
function guard(conn: pg.PoolClient): { broken: () => boolean; done: () => void } {
  let broken = false;
  const onError = (): void => {
    broken = true;
  };
  conn.on('error', onError);
  return { broken: () => broken, done: () => conn.off('error', onError) };
}

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
      const own = !('release' in q);
      const conn = own ? await (q as pg.Pool).connect() : (q as pg.PoolClient);
      const g = own ? guard(conn) : null;
      let failed = false;
      try {
        const stream = conn.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`));
        await pipeline(Readable.from(chunks as AsyncIterable<string>), stream);
        return stream.rowCount ?? 0;
      } catch (err) {
        failed = true;
        throw err;
      } finally {
        if (g) {
          g.done();
          conn.release(failed || g.broken()); // a connection that failed mid-COPY is not reused
        }
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
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    // A database that does not answer (a network partition drops packets) must not hold a
    // request forever: opening a connection gives up after 10 s with a STORE error.
    connectionTimeoutMillis: 10_000,
    // Notice a connection the network lost while it sat in the pool.
    keepAlive: true,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle pooled connection that the server closes is dropped by the pool, which then emits
  // 'error': without a listener that would end the process. The next query opens a new one.
  pool.on('error', () => undefined);
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
    // Outside a transaction too, a lost or refused connection is a STORE error in Swedish: pg's
    // "Connection terminated unexpectedly" and ECONNREFUSED carry no SQLSTATE and would otherwise
    // reach the caller as an internal error.
    async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
      try {
        return await base.query<T>(sql, params);
      } catch (err) {
        throw storeError(err);
      }
    },
    async exec(sql: string): Promise<void> {
      try {
        await base.exec(sql);
      } catch (err) {
        throw storeError(err);
      }
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
      let conn: pg.PoolClient;
      try {
        conn = await pool.connect();
      } catch (err) {
        throw storeError(err, 'rolled-back');
      }
      const g = guard(conn);
      let committing = false;
      try {
        await conn.query('BEGIN');
        const result = await fn(client(conn));
        if (opts.rollback) {
          await conn.query('ROLLBACK');
          return result;
        }
        committing = true;
        await conn.query('COMMIT');
        return result;
      } catch (err) {
        if (!committing) await conn.query('ROLLBACK').catch(() => undefined);
        // Errors are PrognosError (code STORE, a Swedish message) saying whether anything was stored.
        // A COMMIT that fails with an SQL error is rolled back; one whose connection is lost may have been stored.
        throw storeError(err, committing && isConnectionLoss(err) ? 'unknown' : 'rolled-back');
      } finally {
        g.done();
        conn.release(g.broken()); // the pool also drops a client that is no longer queryable
      }
    },
    close: () => pool.end(),
  };
}
