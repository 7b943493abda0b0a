/** Log-in, log-out, the current user and changing one's own password. */
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { PrognosError } from '../../core/errors/index.ts';
import { actionsOf, ROLE_NAMES } from '../../core/permissions/index.ts';
import { writeAudit } from '../../store/audit.ts';
import { localPasswordsAllowed } from '../../store/oidc.ts';
import { deleteStaleThrottles } from '../../store/login-throttle.ts';
import {
  createSession,
  deleteExpired,
  deleteSession,
  deleteUserSessions,
  findUserForLogin,
  getPasswordHash,
  normaliseUsername,
  recordLogin,
  setPasswordHash,
  upgradePasswordHash,
} from '../../store/users.ts';
import { actor, currentUser, readBody, type App, type Ctx, type Deps, type SessionUser } from '../context.ts';
import { checkPasswordRules, dummyHash, hashPassword, needsRehash, verifyPassword } from '../password.ts';
import { LoginBody, PasswordChangeBody } from '../schemas.ts';
import { loginChoices, loginOrganisation } from '../hosts.ts';
import { KNOWN_ADDRESS_DAYS, reserveLogin, type Ticket } from '../login-limit.ts';
import { COOKIE_NAME, hashToken, newToken, parseSessionCookie, presentedToken, SECURE_COOKIE_NAME, sessionCookieValue } from '../session.ts';

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

/** Reserves a password attempt; a refusal answers 429 with Retry-After. */
async function limitedAttempt(c: Ctx, reserve: () => Promise<Ticket>): Promise<Ticket> {
  try {
    return await reserve();
  } catch (e) {
    const wait = e instanceof PrognosError ? e.details?.retryAfterSeconds : undefined;
    if (typeof wait === 'number') c.header('Retry-After', String(wait));
    throw e;
  }
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
      mustChangePassword: u.mustChangePassword,
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
  // A new session id at every log-in; a session presented with the log-in ends (no fixation).
  const presented = getCookie(c, SECURE_COOKIE_NAME) ?? getCookie(c, COOKIE_NAME);
  const presentedKey = presented === undefined ? undefined : parseSessionCookie(presented);
  if (presentedKey) await deleteSession(db, presentedKey.orgId, presentedKey.tokenHash);
  await deleteExpired(db, d.opts.sessionIdleSeconds);
  await deleteStaleThrottles(db, KNOWN_ADDRESS_DAYS * 86_400);
  const token = newToken();
  const csrfToken = newToken();
  const tokenHash = hashToken(token);
  await createSession(db, { tokenHash, userId: user.id, orgId: user.orgId, csrfToken, ttlSeconds: d.opts.sessionTtlSeconds });
  const secure = secureFor(c, d);
  setCookie(c, secure ? SECURE_COOKIE_NAME : COOKIE_NAME, sessionCookieValue(user.orgId, token), {
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

  app.get('/api/auth/organisations', async (c) => c.json(await loginChoices(d, c)));

  app.post('/api/auth/login', async (c) => {
    const body = await readBody(c, LoginBody);
    const username = normaliseUsername(body.username);
    const orgId = await loginOrganisation(d, c, body.organisation, username);
    // The attempt is counted before the password is hashed: parallel attempts see each other.
    const ticket = await limitedAttempt(c, () => reserveLogin(db, d.opts, { orgId, username, address: clientAddress(c, d), trustKnownAddress: true }));
    const user = await findUserForLogin(db, orgId, username);
    // Verify against a dummy hash for an unknown name: the answer takes as long either way.
    const ok = await verifyPassword(body.password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !ok || user.disabled) throw new PrognosError('UNAUTHENTICATED', 'fel användarnamn eller lösenord');
    if (!(await localPasswordsAllowed(db, user.orgId))) {
      throw new PrognosError('UNAUTHENTICATED', 'organisationen loggar in via sin identitetsleverantör, inte med lösenord i Prognos; använd knappen Logga in med … på inloggningssidan');
    }
    await ticket.succeeded();
    await recordLogin(db, user.orgId, user.id);
    // A hash from before the cost was raised is replaced now that the password is at hand.
    if (needsRehash(user.passwordHash)) await upgradePasswordHash(db, user.orgId, user.id, user.passwordHash, await hashPassword(body.password));
    const { csrfToken, expiresAt } = await startSession(c, d, user);
    return c.json(await meBody(d, user, csrfToken, expiresAt));
  });

  app.post('/api/auth/logout', async (c) => {
    const session = c.get('session');
    // A session made by single sign-on also ends at the provider when it has an end-session address.
    const endSessionUrl = session ? await d.endSessionUrl?.(c, session.orgId, session.tokenHash) : undefined;
    if (session) await deleteSession(db, session.orgId, session.tokenHash);
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
    // The current password is guessed no faster here than at log-in (the same counters).
    const ticket = await limitedAttempt(c, () =>
      reserveLogin(db, d.opts, { orgId: u.orgId, username: u.username, address: clientAddress(c, d), trustKnownAddress: false }, 'felaktiga lösenord'),
    );
    if (!(await verifyPassword(body.currentPassword, await getPasswordHash(db, u.orgId, u.id)))) {
      throw new PrognosError('BAD_INPUT', 'det nuvarande lösenordet är fel', { field: 'currentPassword' });
    }
    await ticket.succeeded();
    checkPasswordRules(body.newPassword, u.username, 'newPassword');
    const hash = await hashPassword(body.newPassword);
    await db.transaction(async (tx) => {
      await setPasswordHash(tx, u.orgId, u.id, hash);
      await writeAudit(tx, { orgId: u.orgId, actor: actor(u), action: 'user.password', entity: 'user', entityKey: u.username, new: { password: 'ändrat' } });
    });
    // Other sessions of the user end; this one stays.
    await deleteUserSessions(db, u.orgId, u.id, c.get('session')!.tokenHash);
    return c.json({ ok: true });
  });
}
