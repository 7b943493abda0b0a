/**
 * Database failures as PrognosError (code STORE) with a Swedish message that says what happened
 * and what it means for the user's data. Used by both adapters for what a transaction throws;
 * anything that is not a database failure (a PrognosError from the work itself, a bug) keeps the
 * meaning `toPrognosError` gives it.
 */
import { PrognosError, toPrognosError } from '../../core/errors/index.ts';

/** Node's socket errors for a lost or refused connection. */
const CONNECTION_ERRNO = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export type TransactionOutcome =
  /** Failed before COMMIT was sent: the server rolls back, nothing of the transaction is stored. */
  | 'rolled-back'
  /** Failed during COMMIT: whether it was stored cannot be known. */
  | 'unknown';

function codeOf(err: unknown): string {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : '';
}

export function isConnectionLoss(err: unknown): boolean {
  const code = codeOf(err);
  const message = err instanceof Error ? err.message : String(err);
  return (
    CONNECTION_ERRNO.has(code) ||
    /^08/.test(code) || // connection exception
    /^57P0[1-3]$/.test(code) || // admin shutdown, crash shutdown, cannot connect now
    // pg: the socket closed; pg-pool: no connection within connectionTimeoutMillis
    /Connection terminated|not queryable|connection error|timeout exceeded when trying to connect|timeout expired/i.test(message)
  );
}

export function storeError(err: unknown, outcome?: TransactionOutcome): PrognosError {
  if (err instanceof PrognosError) return err;
  const code = codeOf(err);
  const message = err instanceof Error ? err.message : String(err);
  const detail = code && !message.startsWith(code) ? `${code}: ${message}` : message;
  const tail =
    outcome === 'rolled-back'
      ? '; inget av ändringen sparades'
      : outcome === 'unknown'
        ? '; felet kom under COMMIT, så det går inte att veta om ändringen sparades – kontrollera innan du gör om den'
        : '';
  if (isConnectionLoss(err)) {
    return new PrognosError('STORE', `förbindelsen med databasservern bröts eller kunde inte öppnas (${detail})${tail}`, {}, { cause: err });
  }
  if (code === '53100' || code === 'ENOSPC' || /No space left on device/i.test(message)) {
    return new PrognosError('STORE', `disken där databasen ligger är full (${detail}); frigör utrymme och försök igen${tail}`, {}, { cause: err });
  }
  const p = toPrognosError(err);
  return p.code === 'STORE' && tail ? new PrognosError('STORE', `${p.reason}${tail}`, p.location, { cause: err }) : p;
}
