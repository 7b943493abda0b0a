/** Embedded PostgreSQL (PGlite, WASM) in a data directory: no server to install. */
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, SqlClient } from './types.ts';

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

export async function openEmbedded(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database & { pglite: PGlite }> {
  const pglite = await PGlite.create(dataDir, loadDataDir ? { loadDataDir } : {});
  const base = client(pglite);
  return {
    kind: 'embedded',
    pglite,
    ...base,
    transaction: <T>(fn: (tx: SqlClient) => Promise<T>) => pglite.transaction((tx) => fn(client(tx))),
    close: () => pglite.close(),
  };
}
