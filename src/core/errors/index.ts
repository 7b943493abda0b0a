/**
 * One error type with a closed set of codes; `toPrognosError` is the one place that turns
 * anything thrown into it (CLI and, later, the HTTP server report only PrognosError).
 */
export const ERROR_CODES = [
  'BAD_INPUT', // a file or value the user supplied is wrong: names file, line, field, reason
  'NOT_FOUND', // a unit, scope or report that does not exist
  'CONFLICT', // concurrent edit or a state that forbids the operation
  'UNAUTHENTICATED', // no valid session, or wrong user name or password
  'FORBIDDEN', // the user's role or units do not allow the operation; a failed CSRF check
  'RATE_LIMITED', // too many failed log-ins: try again later
  'UNSUPPORTED', // a valid but unsupported format (e.g. SIE 5 XML)
  'STORE', // the database failed
  'INTERNAL', // a bug
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Where in an input file the problem is. All fields optional: fill what is known. */
export interface InputLocation {
  file?: string;
  line?: number;
  field?: string;
}

export class PrognosError extends Error {
  readonly code: ErrorCode;
  readonly location: InputLocation;
  readonly reason: string;
  /** Structured facts for a machine reader, e.g. the current value of a conflicting edit. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, reason: string, location: InputLocation = {}, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    reason = boundReason(reason);
    location = boundLocation(location);
    super(formatMessage(reason, location), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PrognosError';
    this.code = code;
    this.reason = reason;
    this.location = location;
    this.details = options?.details;
  }

  toJSON(): { code: ErrorCode; reason: string; file?: string; line?: number; field?: string; message: string } {
    return { code: this.code, message: this.message, reason: this.reason, ...this.location };
  }
}

/** At most this many characters of a quoted value (a field, a line) appear in an error; then "…". */
export const MAX_QUOTED_CHARS = 80;
/** At most this many characters of a whole reason, and of a location's file or field. */
export const MAX_REASON_CHARS = 2000;
const MAX_LOCATION_CHARS = 200;

/** Shortens `s` to `max` characters, the last one "…" (a surrogate pair is never split). */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max - 1;
  const c = s.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut -= 1;
  return `${s.slice(0, cut)}…`;
}

/**
 * Every error's text is bounded, whatever it quotes: a value in quotes ("…", “…”, «…») keeps its
 * first characters, and the whole reason is cut after MAX_REASON_CHARS. So a 50 MB field in a
 * file gives an error line of a few hundred characters, not 50 MB.
 */
function boundReason(reason: string): string {
  if (reason.length <= MAX_QUOTED_CHARS) return reason;
  const quoted = reason.replace(/"([^"]*)"|“([^”]*)”|«([^»]*)»/g, (m: string, a?: string, b?: string, c?: string) => {
    const inner = a ?? b ?? c ?? '';
    if (inner.length <= MAX_QUOTED_CHARS) return m;
    return `${m[0]}${truncate(inner, MAX_QUOTED_CHARS)}${m[m.length - 1]}`;
  });
  return truncate(quoted, MAX_REASON_CHARS);
}

function boundLocation(loc: InputLocation): InputLocation {
  const long = (s: string | undefined): boolean => s !== undefined && s.length > MAX_LOCATION_CHARS;
  if (!long(loc.file) && !long(loc.field)) return loc;
  return {
    ...loc,
    ...(loc.file !== undefined ? { file: truncate(loc.file, MAX_LOCATION_CHARS) } : {}),
    ...(loc.field !== undefined ? { field: truncate(loc.field, MAX_LOCATION_CHARS) } : {}),
  };
}

function formatMessage(reason: string, loc: InputLocation): string {
  const where = [
    loc.file !== undefined ? loc.file : undefined,
    loc.line !== undefined ? `rad ${loc.line}` : undefined,
    loc.field !== undefined ? `fält ${loc.field}` : undefined,
  ].filter((x): x is string => x !== undefined);
  return where.length > 0 ? `${where.join(', ')}: ${reason}` : reason;
}

/** Shorthand for the most common error: bad input at a known place. */
export function badInput(reason: string, location: InputLocation = {}): PrognosError {
  return new PrognosError('BAD_INPUT', reason, location);
}

export function toPrognosError(err: unknown): PrognosError {
  if (err instanceof PrognosError) return err;
  if (err instanceof Error) {
    // Errors raised by PostgreSQL (pg and PGlite both set `code` to a SQLSTATE string).
    const sqlState = (err as { code?: unknown }).code;
    if (typeof sqlState === 'string' && /^[0-9A-Z]{5}$/.test(sqlState)) {
      return new PrognosError('STORE', `databasfel ${sqlState}: ${err.message}`, {}, { cause: err });
    }
    return new PrognosError('INTERNAL', err.message, {}, { cause: err });
  }
  return new PrognosError('INTERNAL', String(err));
}
