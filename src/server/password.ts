/**
 * Local passwords: scrypt from node:crypto (async, explicit maxmem), a random salt per user,
 * constant-time comparison. Stored as `scrypt$N$r$p$salt$hash` (base64), so the cost can be
 * raised later without invalidating stored hashes.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { PrognosError } from '../core/errors/index.ts';

const KEY_LENGTH = 64;
/**
 * OWASP's minimum for scrypt is N=2^17, r=8, p=1 (128 MiB per hash) or an equal cost with less
 * memory; N=2^15, r=8, p=3 is that cost in 32 MiB, so concurrent log-ins cannot exhaust memory.
 * Hashes stored at a lower cost still verify and are re-hashed at the next log-in.
 */
const DEFAULT_COST = { N: 2 ** 15, r: 8, p: 3 };
// scrypt needs 128 · N · r bytes; the 32 MiB default is too small for N = 2^15, r = 8.
const maxmemFor = (N: number, r: number): number => 128 * N * r * 2;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  const opts: ScryptOptions = { N, r, p, maxmem: maxmemFor(N, r) };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_LENGTH, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = DEFAULT_COST;
  const key = await derive(password, salt, N, r, p);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Constant-time check of a password against a stored hash; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((x) => Number.isInteger(x) && x > 0) || N > 2 ** 20) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length !== KEY_LENGTH || password.length > PASSWORD_MAX_LENGTH) return false;
  const key = await derive(password, salt, N, r, p);
  return timingSafeEqual(key, expected);
}

/** Whether a stored hash costs less than the current parameters (it is replaced at the next log-in). */
export function needsRehash(stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return true;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  return N < DEFAULT_COST.N || r < DEFAULT_COST.r || p < DEFAULT_COST.p;
}

/** A hash of a random password: verifying against it costs as much as against a real one. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(18).toString('base64'));
  return dummy;
}

/** The password rules: at least 12 characters, at most 1024, not the user name. */
export function checkPasswordRules(password: string, username: string, field = 'password'): void {
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    throw new PrognosError('BAD_INPUT', `lösenordet måste ha minst ${PASSWORD_MIN_LENGTH} tecken`, { field });
  }
  if (password.length > PASSWORD_MAX_LENGTH) throw new PrognosError('BAD_INPUT', `lösenordet får ha högst ${PASSWORD_MAX_LENGTH} tecken`, { field });
  if (password.trim().toLowerCase() === username.trim().toLowerCase()) {
    throw new PrognosError('BAD_INPUT', 'lösenordet får inte vara detsamma som användarnamnet', { field });
  }
}
