/** Embedded PostgreSQL (PGlite, WASM) in a data directory: no server to install. */
import { statfsSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, SqlClient, TransactionOptions } from './types.ts';
import { PrognosError } from '../../core/errors/index.ts';
import { storeError } from './errors.ts';

type Queryable = Pick<Transaction, 'query' | 'exec'>;

// PGlite holds a COPY payload in memory; load in slices so memory stays bounded.
const COPY_SLICE_BYTES = 16 * 1024 * 1024;

function client(q: Queryable): SqlClient {
  return {
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      const r = await q.query<T>(sql, params);
      return r.rows;
    },
    async exec(sql: string): Promise<void> {
      await q.exec(sql);
    },
    async copyCsv(table, columns, chunks): Promise<number> {
      const sql = `COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`;
      let parts: string[] = [];
      let size = 0;
      let total = 0;
      const flush = async (): Promise<void> => {
        if (parts.length === 0) return;
        const r = await q.query(sql, [], { blob: new Blob(parts) });
        total += r.affectedRows ?? 0;
        parts = [];
        size = 0;
      };
      for await (const chunk of chunks) {
        parts.push(chunk);
        size += chunk.length;
        if (size >= COPY_SLICE_BYTES) await flush();
      }
      await flush();
      return total;
    },
  };
}

const NONE = Symbol('none');

/** Free bytes on the file system of `dir`, or null when unknown. */
function freeBytes(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

/** PostgreSQL needs room for a new WAL segment (16 MB) to start; less than this is the likely cause. */
const LOW_DISK_BYTES = 32 * 1024 * 1024;

export async function openEmbedded(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database & { pglite: PGlite }> {
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir, loadDataDir ? { loadDataDir } : {});
  } catch (err) {
    // On a full disk PGlite only says "failed to initialize properly": name the likely cause.
    const free = dataDir === undefined ? null : freeBytes(dataDir);
    if (free !== null && free < LOW_DISK_BYTES && err instanceof Error) {
      throw new Error(`${err.message}; disken där datakatalogen ligger har bara ${Math.floor(free / (1024 * 1024))} MB ledigt – frigör utrymme och försök igen`, { cause: err });
    }
    throw err;
  }
  /**
   * Set when a ROLLBACK fails after an error. PGlite's session is then out of step (after a COPY
   * that fails on a full disk, `SELECT 1` answers no rows and a count answers 0): refuse every
   * further statement instead of returning wrong answers. The data on disk is intact; reopening
   * the database (a new process) recovers it.
   */
  let broken: PrognosError | null = null;
  const usable = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => (...a: A): Promise<R> => (broken ? Promise.reject(broken) : f(...a));
  const base = client(pglite);
  return {
    kind: 'embedded',
    pglite,
    query: usable(base.query) as SqlClient['query'],
    exec: usable(base.exec),
    copyCsv: usable(base.copyCsv),
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
      if (broken) throw broken;
      // PGlite rolls back when fn throws; if the ROLLBACK fails too, its error would replace the
      // real one (a full disk showed as "cannot drop active portal"): keep the first.
      let failure: unknown = NONE;
      try {
        return await pglite.transaction(async (tx) => {
          try {
            const result = await fn(client(tx));
            if (opts.rollback) await tx.rollback(); // PGlite then skips its COMMIT
            return result;
          } catch (err) {
            failure = err;
            throw err;
          }
        });
      } catch (err) {
        if (failure === NONE) throw storeError(err); // BEGIN or COMMIT failed
        const e = storeError(failure, 'rolled-back');
        if (err !== failure) {
          broken = new PrognosError(
            'STORE',
            `den inbyggda databasen kan inte användas mer i den här körningen efter felet (${e.reason}); starta om – det som sparats tidigare finns kvar`,
            {},
            { cause: err },
          );
        }
        throw e;
      }
    },
    close: () => pglite.close(),
  };
}
