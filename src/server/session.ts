/**
 * Session tokens: 32 random bytes in an HttpOnly, SameSite=Lax cookie on path /; the database
 * keeps only the token's SHA-256. With Secure cookies the name carries the `__Host-` prefix,
 * which browsers accept only from HTTPS, with path / and without a Domain.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';

export const COOKIE_NAME = 'prognos_session';
export const SECURE_COOKIE_NAME = '__Host-prognos_session';
export const CSRF_HEADER = 'x-csrf-token';

export const newToken = (): string => randomBytes(32).toString('base64url');
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Constant-time string equality (for the CSRF token). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The cookie's value: the organisation's id, a dot, the token (`demo.q3…`). The organisation is
 * not secret; it lets the session be found by `(org_id, token_hash)` — on a database distributed
 * by organisation a lookup on one shard instead of all. A token is base64url, so it has no dot.
 */
export const sessionCookieValue = (orgId: string, token: string): string => `${orgId}.${token}`;

/** The organisation and token hash of a cookie value; undefined when it is not one of ours. */
export function parseSessionCookie(value: string): { orgId: string; tokenHash: string } | undefined {
  const dot = value.lastIndexOf('.');
  if (dot <= 0 || dot === value.length - 1 || value.length > 400) return undefined;
  return { orgId: value.slice(0, dot), tokenHash: hashToken(value.slice(dot + 1)) };
}

/**
 * The session token a request presents. With Secure cookies only the `__Host-` cookie counts:
 * a plain `prognos_session` cookie can be planted by a sibling domain or over plain HTTP, and
 * accepting it would make the prefix protect nothing.
 */
export function presentedToken(c: Context, o: { secureCookies: boolean | 'auto' }): string | undefined {
  const secure = getCookie(c, SECURE_COOKIE_NAME);
  if (o.secureCookies === true) return secure;
  return secure ?? getCookie(c, COOKIE_NAME);
}
