/** The small SQL surface both database adapters provide; everything else is plain SQL. */
export interface SqlClient {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
  /**
   * Bulk load with COPY … FROM in CSV format. `rows` yields CSV text chunks (whole lines).
   * Runs inside the current transaction when called on a transaction client.
   */
  copyCsv(table: string, columns: readonly string[], chunks: AsyncIterable<string> | Iterable<string>): Promise<number>;
}

export interface TransactionOptions {
  /** Roll back instead of committing when fn succeeds. */
  rollback?: boolean;
}

export interface Database extends SqlClient {
  readonly kind: 'embedded' | 'postgres';
  /**
   * Runs fn in one transaction: all of it is committed or none. With `rollback` the
   * transaction is rolled back after fn returns (a dry run: fn's result, nothing stored).
   */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}
