/**
 * The log-in rate limit's counters (table `login_throttle`, migration 0008). An attempt is
 * reserved with one atomic statement before the password is hashed, so parallel attempts see
 * each other: PostgreSQL's `INSERT … ON CONFLICT … DO UPDATE` locks the row and evaluates its
 * condition against the newest version. The policy (which counters, which limits) lives in
 * `server/login-limit.ts`.
 */
import type { SqlClient } from './adapters/types.ts';
import { iso, isoOrNull } from './users.ts';

export type ThrottleScope = 'user_addr' | 'user' | 'addr';

export interface ThrottleKey {
  orgId: string;
  scope: ThrottleScope;
  key: string;
}

export interface ThrottleRule {
  /** Failures allowed before the back-off starts. */
  limit: number;
  /** The first back-off (seconds); it doubles with every further failure … */
  backoffSeconds: number;
  /** … up to this (seconds). */
  maxBackoffSeconds: number;
  /** A counter quiet this long (seconds, after its back-off) starts again from zero. */
  resetSeconds: number;
}

export type Reservation = { ok: true; failures: number; goodAt: string | null } | { ok: false; retryAfterSeconds: number };

/** The number of failures after this update: 1 when the counter was quiet long enough, else one more. */
const NEXT = `CASE WHEN greatest(t.last_at, coalesce(t.blocked_until, t.last_at)) <= now() - make_interval(secs => $7) THEN 1 ELSE t.failures + 1 END`;
const BLOCK = (n: string) => `CASE WHEN ${n} >= $4 THEN now() + make_interval(secs => least($6::float8, $5::float8 * power(2::float8, ${n} - $4))) END`;

/**
 * Reserves one attempt on a counter: counts it as a failure and, when that reaches the limit,
 * starts the back-off. Refused (nothing counted) while the counter is backing off.
 */
export async function reserveAttempt(db: SqlClient, k: ThrottleKey, r: ThrottleRule): Promise<Reservation> {
  const params = [k.orgId, k.scope, k.key, r.limit, r.backoffSeconds, r.maxBackoffSeconds, r.resetSeconds];
  const [row] = await db.query<{ failures: number; good_at: unknown }>(
    `INSERT INTO login_throttle AS t (org_id, scope, key, failures, last_at, blocked_until)
     VALUES ($1, $2, $3, 1, now(), CASE WHEN 1 >= $4 THEN now() + make_interval(secs => least($6::float8, $5::float8)) END)
     ON CONFLICT (org_id, scope, key) DO UPDATE SET
       failures = ${NEXT},
       last_at = now(),
       blocked_until = ${BLOCK(NEXT)}
     WHERE t.blocked_until IS NULL OR t.blocked_until <= now()
     RETURNING failures, good_at`,
    params,
  );
  if (row) return { ok: true, failures: Number(row.failures), goodAt: isoOrNull(row.good_at) };
  const [blocked] = await db.query<{ wait: number }>(
    'SELECT extract(epoch FROM blocked_until - now())::float8 AS wait FROM login_throttle WHERE org_id = $1 AND scope = $2 AND key = $3',
    [k.orgId, k.scope, k.key],
  );
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(Number(blocked?.wait ?? 1))) };
}

/**
 * Gives back a reservation that turned out not to be a failure (the password was right, or
 * another counter refused the attempt): one failure less, and no back-off below the limit.
 */
export async function releaseAttempt(db: SqlClient, k: ThrottleKey, r: Pick<ThrottleRule, 'limit'>): Promise<void> {
  await db.query(
    `UPDATE login_throttle SET failures = greatest(failures - 1, 0),
       blocked_until = CASE WHEN failures - 1 >= $4 THEN blocked_until END
     WHERE org_id = $1 AND scope = $2 AND key = $3`,
    [k.orgId, k.scope, k.key, r.limit],
  );
}

/** A successful log-in from an address: its (user, address) counter starts again and the address is known good. */
export async function markGood(db: SqlClient, k: ThrottleKey): Promise<void> {
  await db.query(
    `INSERT INTO login_throttle (org_id, scope, key, failures, good_at) VALUES ($1, $2, $3, 0, now())
     ON CONFLICT (org_id, scope, key) DO UPDATE SET failures = 0, blocked_until = NULL, good_at = now()`,
    [k.orgId, k.scope, k.key],
  );
}

/** Counters nobody has touched for `seconds` (and no recent good log-in) go. */
export async function deleteStaleThrottles(db: SqlClient, seconds: number): Promise<void> {
  await db.query(
    `DELETE FROM login_throttle WHERE greatest(last_at, coalesce(blocked_until, last_at), coalesce(good_at, last_at)) < now() - make_interval(secs => $1)`,
    [seconds],
  );
}

export interface ThrottleRow {
  scope: ThrottleScope;
  key: string;
  failures: number;
  blockedUntil: string | null;
  goodAt: string | null;
  lastAt: string;
}

export async function listThrottles(db: SqlClient, orgId: string): Promise<ThrottleRow[]> {
  const rows = await db.query<Record<string, unknown>>('SELECT scope, key, failures, blocked_until, good_at, last_at FROM login_throttle WHERE org_id = $1 ORDER BY scope, key', [orgId]);
  return rows.map((r) => ({
    scope: r.scope as ThrottleScope,
    key: String(r.key),
    failures: Number(r.failures),
    blockedUntil: isoOrNull(r.blocked_until),
    goodAt: isoOrNull(r.good_at),
    lastAt: iso(r.last_at),
  }));
}
