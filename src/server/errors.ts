/**
 * The one shape of every API error, `{ error: { code, message, field?, … } }`, and the HTTP
 * status of each error code. Everything thrown goes through `toPrognosError` first.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { PrognosError, toPrognosError, type ErrorCode } from '../core/errors/index.ts';

export const HTTP_STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNSUPPORTED: 415,
  RATE_LIMITED: 429,
  STORE: 500,
  INTERNAL: 500,
};

export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string } & Record<string, unknown>;
}

/** Turns anything thrown (also Hono's own HTTP exceptions) into a PrognosError. */
export function toApiError(err: unknown): PrognosError {
  if (err instanceof HTTPException) {
    if (err.status === 403) return new PrognosError('FORBIDDEN', 'förfrågan stoppades av skyddet mot förfalskade förfrågningar (CSRF): den kommer från en annan webbplats');
    if (err.status === 413) return new PrognosError('BAD_INPUT', 'förfrågan är för stor');
    if (err.status === 401) return new PrognosError('UNAUTHENTICATED', 'du är inte inloggad');
    return new PrognosError(err.status >= 500 ? 'INTERNAL' : 'BAD_INPUT', err.message || `HTTP ${err.status}`);
  }
  if (err instanceof SyntaxError) return new PrognosError('BAD_INPUT', 'förfrågan är inte giltig JSON');
  return toPrognosError(err);
}

/** The response body of an error. Internal and database errors never show their details. */
export function errorBody(e: PrognosError): ErrorBody {
  const hidden = e.code === 'INTERNAL' || e.code === 'STORE';
  const message = hidden ? (e.code === 'STORE' ? 'databasen kunde inte utföra åtgärden; försök igen' : 'ett internt fel inträffade') : e.reason;
  return {
    error: {
      code: e.code,
      message,
      ...(e.location.field !== undefined && !hidden ? { field: e.location.field } : {}),
      ...(e.details && !hidden ? e.details : {}),
    },
  };
}

export const unauthenticated = (reason = 'du är inte inloggad'): PrognosError => new PrognosError('UNAUTHENTICATED', reason);
export const forbidden = (reason: string): PrognosError => new PrognosError('FORBIDDEN', reason);
export const notFound = (reason: string): PrognosError => new PrognosError('NOT_FOUND', reason);
export const conflict = (reason: string, field?: string, details?: Record<string, unknown>): PrognosError =>
  new PrognosError('CONFLICT', reason, field !== undefined ? { field } : {}, details ? { details } : undefined);
