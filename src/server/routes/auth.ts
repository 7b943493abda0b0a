/** Log-in, log-out, the current user and changing one's own password. */
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { PrognosError } from '../../core/errors/index.ts';
import { actionsOf, ROLE_NAMES } from '../../core/permissions/index.ts';
import { writeAudit } from '../../store/audit.ts';
import { localPasswordsAllowed } from '../../store/oidc.ts';
import {
  clearFailures,
  countFailures,
  createSession,
  deleteExpired,
  deleteSession,
  deleteUserSessions,
  findUserForLogin,
  getPasswordHash,
  normaliseUsername,
  recordFailure,
  setPasswordHash,
  upgradePasswordHash,
} from '../../store/users.ts';
import { actor, currentUser, readBody, type App, type Ctx, type Deps, type SessionUser } from '../context.ts';
import { checkPasswordRules, dummyHash, hashPassword, needsRehash, verifyPassword } from '../password.ts';
import { LoginBody, PasswordChangeBody } from '../schemas.ts';
import { COOKIE_NAME, hashToken, newToken, SECURE_COOKIE_NAME } from '../session.ts';

function isHttps(c: Ctx, d: Deps): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return d.opts.trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

export const secureFor = (c: Ctx, d: Deps): boolean => (d.opts.secureCookies === 'auto' ? isHttps(c, d) : d.opts.secureCookies);

/** The client address: behind a trusted proxy the last X-Forwarded-For entry (the one the proxy added). */
export function clientAddress(c: Ctx, d: Deps): string {
  if (d.opts.trustProxy) {
    const xff = c.req.header('x-forwarded-for');
    const last = xff?.split(',').map((s) => s.trim()).filter((s) => s !== '').pop();
    if (last) return last;
  }
  return d.opts.clientIp(c) ?? 'okänd';
}

export async function meBody(d: Deps, u: SessionUser, csrfToken: string, expiresAt: string) {
  const orgs = await d.store.listOrganisations();
  const org = orgs.find((o) => o.id === u.orgId);
  return {
    user: {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      roleName: ROLE_NAMES[u.role],
      units: u.units,
      organisation: { id: u.orgId, name: org?.name ?? u.orgId },
    },
    permissions: actionsOf(u.role),
    csrfToken,
    sessionExpiresAt: expiresAt,
  };
}

/**
 * Starts the session of a user who has just proved who they are (password or single sign-on):
 * a new session id at every log-in, a session presented with the log-in ends (no fixation).
 */
export async function startSession(c: Ctx, d: Deps, user: { id: number; orgId: string }): Promise<{ tokenHash: string; csrfToken: string; expiresAt: string }> {
  const db = d.store.db;
  const presented = getCookie(c, SECURE_COOKIE_NAME) ?? getCookie(c, COOKIE_NAME);
  if (presented) await deleteSession(db, hashToken(presented));
  await deleteExpired(db, d.opts.sessionIdleSeconds, d.opts.loginWindowSeconds);
  const token = newToken();
  const csrfToken = newToken();
  const tokenHash = hashToken(token);
  await createSession(db, { tokenHash, userId: user.id, orgId: user.orgId, csrfToken, ttlSeconds: d.opts.sessionTtlSeconds });
  const secure = secureFor(c, d);
  setCookie(c, secure ? SECURE_COOKIE_NAME : COOKIE_NAME, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure,
    maxAge: d.opts.sessionTtlSeconds,
  });
  return { tokenHash, csrfToken, expiresAt: new Date(Date.now() + d.opts.sessionTtlSeconds * 1000).toISOString() };
}

export function registerAuth(app: App, d: Deps): void {
  const db = d.store.db;

  app.post('/api/auth/login', async (c) => {
    const body = await readBody(c, LoginBody);
    const username = normaliseUsername(body.username);
    const ip = clientAddress(c, d);
    const w = d.opts.loginWindowSeconds;
    const [byName, byIp] = await Promise.all([countFailures(db, 'username', username, w), countFailures(db, 'ip', ip, w)]);
    const limited = [byName.count >= d.opts.maxFailuresPerUsername ? byName : undefined, byIp.count >= d.opts.maxFailuresPerIp ? byIp : undefined].filter(
      (x) => x !== undefined,
    );
    if (limited.length > 0) {
      const oldest = Math.min(...limited.map((l) => Date.parse(l.oldest ?? new Date().toISOString())));
      const wait = Math.max(1, Math.ceil((oldest + w * 1000 - Date.now()) / 1000));
      c.header('Retry-After', String(wait));
      throw new PrognosError('RATE_LIMITED', `för många misslyckade inloggningar; försök igen om ${Math.ceil(wait / 60)} minuter`, {}, { details: { retryAfterSeconds: wait } });
    }
    const user = await findUserForLogin(db, username);
    // Verify against a dummy hash for an unknown name: the answer takes as long either way.
    const ok = await verifyPassword(body.password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !ok || user.disabled) {
      await recordFailure(db, 'username', username, user?.orgId ?? null);
      await recordFailure(db, 'ip', ip, user?.orgId ?? null);
      throw new PrognosError('UNAUTHENTICATED', 'fel användarnamn eller lösenord');
    }
    if (!(await localPasswordsAllowed(db, user.orgId))) {
      throw new PrognosError('UNAUTHENTICATED', 'organisationen loggar in via sin identitetsleverantör, inte med lösenord i Prognos; använd knappen Logga in med … på inloggningssidan');
    }
    await clearFailures(db, 'username', username);
    // A hash from before the cost was raised is replaced now that the password is at hand.
    if (needsRehash(user.passwordHash)) await upgradePasswordHash(db, user.orgId, user.id, user.passwordHash, await hashPassword(body.password));
    const { csrfToken, expiresAt } = await startSession(c, d, user);
    return c.json(await meBody(d, user, csrfToken, expiresAt));
  });

  app.post('/api/auth/logout', async (c) => {
    const session = c.get('session');
    // A session made by single sign-on also ends at the provider when it has an end-session address.
    const endSessionUrl = session ? await d.endSessionUrl?.(c, session.orgId, session.tokenHash) : undefined;
    if (session) await deleteSession(db, session.tokenHash);
    for (const name of [COOKIE_NAME, SECURE_COOKIE_NAME]) {
      if (getCookie(c, name) !== undefined) deleteCookie(c, name, { path: '/', ...(name === SECURE_COOKIE_NAME ? { secure: true } : {}) });
    }
    return c.json({ ok: true, ...(endSessionUrl ? { endSessionUrl } : {}) });
  });

  app.get('/api/me', async (c) => {
    const u = currentUser(c);
    const s = c.get('session')!;
    return c.json(await meBody(d, u, s.csrfToken, s.expiresAt));
  });

  app.post('/api/me/password', async (c) => {
    const u = currentUser(c);
    const body = await readBody(c, PasswordChangeBody);
    if (!(await verifyPassword(body.currentPassword, await getPasswordHash(db, u.orgId, u.id)))) {
      throw new PrognosError('BAD_INPUT', 'det nuvarande lösenordet är fel', { field: 'currentPassword' });
    }
    checkPasswordRules(body.newPassword, u.username, 'newPassword');
    const hash = await hashPassword(body.newPassword);
    await db.transaction(async (tx) => {
      await setPasswordHash(tx, u.orgId, u.id, hash);
      await writeAudit(tx, { orgId: u.orgId, actor: actor(u), action: 'user.password', entity: 'user', entityKey: u.username, new: { password: 'ändrat' } });
    });
    // Other sessions of the user end; this one stays.
    await deleteUserSessions(db, u.id, c.get('session')!.tokenHash);
    return c.json({ ok: true });
  });
}
