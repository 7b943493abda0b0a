/**
 * The log-in rate limit (see SECURITY.md, "Log-in and sessions"). Every password check — a
 * log-in, and the current password when changing it — first reserves an attempt on three
 * counters, each with one atomic statement, before the password is hashed:
 *
 * - (organisation, user name, address): `maxFailuresPerUsername` (5) failures, then a back-off
 *   of 1 minute (`loginBackoffSeconds`) that doubles with every further failure, up to the window (15 minutes);
 * - (organisation, user name) from every address: `maxFailuresPerAccount` (20), same back-off;
 * - (organisation, address) across user names: `maxFailuresPerIp` (20), same back-off.
 *
 * The last two do not apply to a log-in from an address the user has logged in from before
 * (within 90 days), so an attacker elsewhere cannot lock the real user out; a correct password
 * gives its reservation back.
 */
import { PrognosError } from '../core/errors/index.ts';
import type { SqlClient } from '../store/adapters/types.ts';
import { markGood, releaseAttempt, reserveAttempt, type ThrottleKey, type ThrottleRule } from '../store/login-throttle.ts';
import type { ResolvedOptions } from './context.ts';

export const KNOWN_ADDRESS_DAYS = 90;

export interface LoginAttempt {
  orgId: string;
  username: string;
  address: string;
  /** Whether a known good address exempts the attempt from the per-user and per-address counters (log-in: yes; changing a password: no). */
  trustKnownAddress: boolean;
}

/** A reserved attempt: `succeeded()` after a correct password; a wrong one leaves the failures counted. */
export interface Ticket {
  succeeded(): Promise<void>;
}

function rules(o: ResolvedOptions): Record<ThrottleKey['scope'], ThrottleRule> {
  const base = { backoffSeconds: Math.min(o.loginBackoffSeconds, o.loginWindowSeconds), maxBackoffSeconds: o.loginWindowSeconds, resetSeconds: o.loginWindowSeconds };
  return {
    user_addr: { ...base, limit: o.maxFailuresPerUsername },
    user: { ...base, limit: o.maxFailuresPerAccount },
    addr: { ...base, limit: o.maxFailuresPerIp },
  };
}

const waitText = (s: number): string => (s < 60 ? `${s} ${s === 1 ? 'sekund' : 'sekunder'}` : `${Math.ceil(s / 60)} ${Math.ceil(s / 60) === 1 ? 'minut' : 'minuter'}`);

export function rateLimited(retryAfterSeconds: number, what = 'misslyckade inloggningar'): PrognosError {
  return new PrognosError('RATE_LIMITED', `för många ${what}; försök igen om ${waitText(retryAfterSeconds)}`, {}, { details: { retryAfterSeconds } });
}

/**
 * Reserves an attempt on every counter that applies; throws RATE_LIMITED (with
 * `retryAfterSeconds`) when one is backing off, giving back what it had reserved.
 */
export async function reserveLogin(db: SqlClient, o: ResolvedOptions, a: LoginAttempt, what?: string): Promise<Ticket> {
  const r = rules(o);
  const pair: ThrottleKey = { orgId: a.orgId, scope: 'user_addr', key: JSON.stringify([a.username, a.address]) };
  const first = await reserveAttempt(db, pair, r.user_addr);
  if (!first.ok) throw rateLimited(first.retryAfterSeconds, what);
  const known = a.trustKnownAddress && first.goodAt !== null && Date.parse(first.goodAt) > Date.now() - KNOWN_ADDRESS_DAYS * 86_400_000;
  const held: ThrottleKey[] = [pair];
  const release = () => Promise.all(held.map((k) => releaseAttempt(db, k, r[k.scope])));
  if (!known) {
    for (const k of [
      { orgId: a.orgId, scope: 'user', key: a.username },
      { orgId: a.orgId, scope: 'addr', key: a.address },
    ] satisfies ThrottleKey[]) {
      const res = await reserveAttempt(db, k, r[k.scope]);
      if (!res.ok) {
        await release();
        throw rateLimited(res.retryAfterSeconds, what);
      }
      held.push(k);
    }
  }
  return {
    async succeeded() {
      await Promise.all(held.filter((k) => k.scope !== 'user_addr').map((k) => releaseAttempt(db, k, r[k.scope])));
      await markGood(db, pair);
    },
  };
}
