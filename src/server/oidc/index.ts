/**
 * Single sign-on with OpenID Connect (authorization code flow with PKCE, state and nonce), through
 * `openid-client`. Each organisation may have one provider (`prognos org oidc …`, store/oidc.ts).
 *
 * - `GET /auth/oidc/start?org=<id>&next=<path>`: discovery, then a pending log-in (state, nonce,
 *   PKCE verifier) stored in the database under the SHA-256 of a random key that only a
 *   short-lived HttpOnly cookie carries; the browser goes to the provider with the S256 challenge.
 * - `GET /auth/oidc/callback`: the pending log-in is taken (used once, ten minutes at most), the
 *   provider's answer is checked by openid-client (state, code, PKCE, ID token signature, issuer,
 *   audience, nonce), the claims (ID token and, when the provider has one, the userinfo endpoint)
 *   give the user name and, through the organisation's mapping, the role and units. The user is
 *   found by the provider's subject, else by user name in the organisation, else created when the
 *   organisation allows it; role and units follow the claims at every log-in; all of it is
 *   audited. The session is started exactly as a password log-in starts it.
 * - Every refusal goes to `/login/sso-fel?orsak=<code>`, whose page says in Swedish what
 *   happened (`SSO_ERRORS`); the library's text goes to the server log, never to the browser.
 * - Log-out: `endSessionUrl` gives the provider's end-session address (RP-initiated log-out)
 *   for a session made here, when the provider has one.
 */
import { readFileSync } from 'node:fs';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as client from 'openid-client';
import { PrognosError } from '../../core/errors/index.ts';
import { writeAudit } from '../../store/audit.ts';
import {
  findIdentityUser,
  findUserIdByName,
  getOidcConfig,
  linkIdentity,
  listOidcProviders,
  savePendingLogin,
  saveOidcSession,
  takeOidcSession,
  takePendingLogin,
  type OidcConfig,
} from '../../store/oidc.ts';
import { createUser, getUser, updateUser, type UserRecord } from '../../store/users.ts';
import type { App, Ctx, Deps } from '../context.ts';
import { secureFor, startSession } from '../routes/auth.ts';
import { hashToken, newToken } from '../session.ts';
import { displayNameOf, mapAccess, usernameOf, type Claims } from './claims.ts';

export { mapAccess, usernameOf, claimValues, displayNameOf } from './claims.ts';

/** Why a single sign-on log-in was refused: the code in the address and the Swedish text shown. */
export const SSO_ERRORS = {
  denied: 'Inloggningen avbröts hos identitetsleverantören, eller så gav du inte Prognos tillåtelse att läsa dina uppgifter. Försök igen om det var ett misstag.',
  state: 'Inloggningen kunde inte kopplas till den här webbläsaren, eller så tog den för lång tid. Börja om från inloggningssidan.',
  'unknown-user': 'Du har inget konto i Prognos, och organisationen skapar inte konton vid första inloggningen. Be administratören för Prognos i din kommun att lägga upp dig.',
  'no-role': 'Ditt konto hos identitetsleverantören ger ingen roll i Prognos (ingen av dina grupper är kopplad till en roll). Be administratören för Prognos i din kommun om behörighet.',
  disabled: 'Ditt konto i Prognos är avstängt. Kontakta administratören för Prognos i din kommun.',
  'no-username': 'Identitetsleverantören skickade inget användarnamn. Be administratören kontrollera inställningarna för inloggningen.',
  conflict: 'Användarnamnet används redan av ett konto i en annan organisation. Kontakta administratören för Prognos.',
  'not-configured': 'Organisationen har ingen inloggning via identitetsleverantör.',
  provider: 'Identitetsleverantören svarade inte som väntat, så inloggningen kunde inte slutföras. Försök igen om en stund; kvarstår felet, kontakta administratören för Prognos.',
} as const;

export type SsoErrorCode = keyof typeof SSO_ERRORS;
export const isSsoErrorCode = (s: string | undefined): s is SsoErrorCode => s !== undefined && Object.hasOwn(SSO_ERRORS, s);

/** A refusal with its code; the detail goes to the server log only. */
class SsoRefusal extends Error {
  constructor(
    readonly code: SsoErrorCode,
    readonly detail?: unknown,
  ) {
    super(code);
  }
}

const LOGIN_COOKIE = 'prognos_oidc';
const PENDING_SECONDS = 10 * 60;
/** A discovered provider is asked again after this long (keys rotate, endpoints move). */
const DISCOVERY_SECONDS = 15 * 60;
/** Marks a user created by single sign-on: never a valid password hash, so no password log-in. */
export const NO_PASSWORD = 'oidc:ingen-lösenordsinloggning';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The client secret from where the configuration says (environment variable or file); never stored, never shown. */
export function readClientSecret(ref: string | null): string | undefined {
  if (ref === null) return undefined;
  if (ref.startsWith('env:')) {
    const v = process.env[ref.slice(4)];
    if (v === undefined || v === '') throw new PrognosError('INTERNAL', `miljövariabeln ${ref.slice(4)} med klienthemligheten är inte satt`);
    return v;
  }
  if (ref.startsWith('file:')) {
    try {
      return readFileSync(ref.slice(5), 'utf8').trim();
    } catch {
      throw new PrognosError('INTERNAL', `filen med klienthemligheten (${ref.slice(5)}) kan inte läsas`);
    }
  }
  throw new PrognosError('INTERNAL', 'klienthemligheten är felaktigt angiven');
}

/** This server's address as the browser sees it: the configured public URL, else the request's (as the trusted proxy saw it). */
export function publicOrigin(c: Ctx, d: Deps): string {
  if (d.opts.publicUrl) return d.opts.publicUrl.replace(/\/+$/, '');
  const url = new URL(c.req.url);
  if (d.opts.trustProxy) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
    if (proto && host) return `${proto}://${host}`;
  }
  return url.origin;
}

export const callbackUrl = (c: Ctx, d: Deps): string => `${publicOrigin(c, d)}/auth/oidc/callback`;

/** openid-client configurations by organisation, discovered once per configuration version. */
export class OidcClients {
  private cache = new Map<string, { key: string; at: number; config: Promise<client.Configuration> }>();

  get(cfg: OidcConfig): Promise<client.Configuration> {
    const key = `${cfg.issuer}\n${cfg.clientId}\n${cfg.clientSecretRef}\n${cfg.updatedAt}`;
    const hit = this.cache.get(cfg.orgId);
    if (hit && hit.key === key && Date.now() - hit.at < DISCOVERY_SECONDS * 1000) return hit.config;
    const secret = readClientSecret(cfg.clientSecretRef);
    const issuer = new URL(cfg.issuer);
    const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
    const config = client.discovery(
      issuer,
      cfg.clientId,
      secret === undefined ? { token_endpoint_auth_method: 'none' } : secret,
      secret === undefined ? client.None() : client.ClientSecretPost(secret),
      insecure ? { execute: [client.allowInsecureRequests] } : undefined,
    );
    const entry = { key, at: Date.now(), config };
    this.cache.set(cfg.orgId, entry);
    // A failed discovery is not kept: the next log-in asks again.
    config.catch(() => {
      if (this.cache.get(cfg.orgId) === entry) this.cache.delete(cfg.orgId);
    });
    return config;
  }
}

const safeNext = (next: string | undefined): string | null =>
  next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') && !next.startsWith('/login') && !next.startsWith('/auth/') && !/[\u0000-\u001f\u007f]/.test(next) && next.length <= 2000 ? next : null;

const cookieValue = (key: string, orgId: string): string => `${key}.${Buffer.from(orgId, 'utf8').toString('base64url')}`;
function parseCookie(v: string | undefined): { key: string; orgId: string } | undefined {
  if (!v || v.length > 400) return undefined;
  const [key, org] = v.split('.');
  if (!key || !org) return undefined;
  return { key, orgId: Buffer.from(org, 'base64url').toString('utf8') };
}

export const errorPath = (code: SsoErrorCode): string => `/login/sso-fel?orsak=${code}`;

/** The provider's end-session address for the session of this token hash, when it was made by single sign-on and the provider has one. */
export async function endSessionUrl(c: Ctx, d: Deps, orgId: string, tokenHash: string, clients: OidcClients): Promise<string | undefined> {
  const idToken = await takeOidcSession(d.store.db, orgId, tokenHash);
  if (!idToken) return undefined;
  const cfg = await getOidcConfig(d.store.db, orgId);
  if (!cfg) return undefined;
  try {
    const config = await clients.get(cfg);
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: `${publicOrigin(c, d)}/login?utloggad` }).href;
  } catch (e) {
    d.opts.log('utloggning hos identitetsleverantören gick inte att förbereda', e);
    return undefined;
  }
}

export function registerOidc(app: App, d: Deps, clients: OidcClients): void {
  const db = d.store.db;

  /** The providers the log-in page offers (no session needed): organisation, button text, whether passwords are allowed. */
  app.get('/api/auth/providers', async (c) => {
    const providers = await listOidcProviders(db);
    const orgs = await d.store.listOrganisations();
    const org = c.req.query('org') ?? (orgs.length === 1 ? orgs[0]!.id : undefined);
    const own = providers.find((p) => p.orgId === org);
    return c.json({
      providers: providers.map((p) => ({ orgId: p.orgId, orgName: p.orgName, name: p.displayName, startUrl: `/auth/oidc/start?org=${encodeURIComponent(p.orgId)}` })),
      // Local passwords: the organisation's choice when it is known, else allowed (another organisation may use them).
      localPasswords: own ? own.localPasswords : true,
    });
  });

  app.get('/auth/oidc/start', async (c) => {
    const providers = await listOidcProviders(db);
    const orgId = c.req.query('org') ?? (providers.length === 1 ? providers[0]!.orgId : undefined);
    const cfg = orgId !== undefined && orgId.length <= 200 ? await getOidcConfig(db, orgId) : undefined;
    if (!cfg) return c.redirect(errorPath('not-configured'), 303);
    let config: client.Configuration;
    try {
      config = await clients.get(cfg);
    } catch (e) {
      d.opts.log(`identitetsleverantören för ${cfg.orgId} (${cfg.issuer}) svarar inte`, e);
      return c.redirect(errorPath('provider'), 303);
    }
    const pending = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier(), nextPath: safeNext(c.req.query('next')) };
    const key = newToken();
    await savePendingLogin(db, cfg.orgId, hashToken(key), pending, PENDING_SECONDS);
    setCookie(c, LOGIN_COOKIE, cookieValue(key, cfg.orgId), { httpOnly: true, sameSite: 'Lax', path: '/auth/oidc', secure: secureFor(c, d), maxAge: PENDING_SECONDS });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: callbackUrl(c, d),
      scope: cfg.scopes,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    c.header('Cache-Control', 'no-store');
    return c.redirect(url.href, 302);
  });

  app.get('/auth/oidc/callback', async (c) => {
    c.header('Cache-Control', 'no-store');
    const raw = getCookie(c, LOGIN_COOKIE);
    if (raw !== undefined) deleteCookie(c, LOGIN_COOKIE, { path: '/auth/oidc', secure: secureFor(c, d) });
    const cookie = parseCookie(raw);
    const pending = cookie ? await takePendingLogin(db, cookie.orgId, hashToken(cookie.key), PENDING_SECONDS) : undefined;
    const cfg = cookie && pending ? await getOidcConfig(db, cookie.orgId) : undefined;
    if (!cookie || !pending || !cfg) return c.redirect(errorPath('state'), 303);
    try {
      const claims = await exchange(c, cfg, pending);
      const user = await logInUser(d, cfg, claims.claims);
      const { tokenHash } = await startSession(c, d, user);
      if (claims.idToken) await saveOidcSession(db, cfg.orgId, tokenHash, claims.idToken);
      return c.redirect(pending.nextPath ?? '/rounds', 303);
    } catch (e) {
      const refusal = e instanceof SsoRefusal ? e : new SsoRefusal('provider', e);
      d.opts.log(`inloggning via ${cfg.issuer} för ${cfg.orgId} nekades (${refusal.code})`, refusal.detail ?? e);
      return c.redirect(errorPath(refusal.code), 303);
    }
  });

  async function exchange(c: Ctx, cfg: OidcConfig, pending: { state: string; nonce: string; codeVerifier: string }): Promise<{ claims: Claims; idToken: string | undefined }> {
    let config: client.Configuration;
    try {
      config = await clients.get(cfg);
    } catch (e) {
      throw new SsoRefusal('provider', e);
    }
    // The address the provider sent the browser to, as registered there (the public URL).
    const here = new URL(c.req.url);
    const current = new URL(`${callbackUrl(c, d)}${here.search}`);
    if (current.searchParams.get('state') !== pending.state) throw new SsoRefusal('state');
    const error = current.searchParams.get('error');
    if (error !== null) throw new SsoRefusal(error === 'access_denied' || error === 'consent_required' || error === 'login_required' ? 'denied' : 'provider', `${error}: ${current.searchParams.get('error_description') ?? ''}`);
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, current, { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
    } catch (e) {
      throw new SsoRefusal(e instanceof client.AuthorizationResponseError && e.error === 'access_denied' ? 'denied' : 'provider', e);
    }
    const idClaims = tokens.claims() as Claims | undefined;
    if (!idClaims) throw new SsoRefusal('provider', 'inget ID-token');
    let info: Claims = {};
    if (config.serverMetadata().userinfo_endpoint) {
      try {
        info = (await client.fetchUserInfo(config, tokens.access_token, String(idClaims.sub))) as Claims;
      } catch (e) {
        throw new SsoRefusal('provider', e);
      }
    }
    // The ID token's claims win over the userinfo endpoint's (both are the provider's, checked by openid-client).
    return { claims: { ...info, ...idClaims }, idToken: tokens.id_token };
  }
}

/**
 * The user of a checked set of claims: found by subject, else by user name, else created when
 * allowed; role and units set from the claims; audited. Throws SsoRefusal.
 */
export async function logInUser(d: Deps, cfg: OidcConfig, claims: Claims): Promise<UserRecord> {
  const subject = typeof claims.sub === 'string' ? claims.sub : undefined;
  const username = usernameOf(claims, cfg.usernameClaim);
  const audit = (tx: Parameters<typeof writeAudit>[0], action: string, o: { userId?: number | null; old?: unknown; new?: unknown }) =>
    writeAudit(tx, { orgId: cfg.orgId, actor: { userId: o.userId ?? null, username: username ?? subject ?? 'okänd' }, action, entity: 'user', entityKey: username ?? subject ?? 'okänd', old: o.old, new: o.new });
  if (!subject) throw new SsoRefusal('provider', 'sub saknas');
  if (!username) {
    await audit(d.store.db, 'user.sso-refused', { new: { orsak: 'inget användarnamn', issuer: cfg.issuer, subject } });
    throw new SsoRefusal('no-username');
  }
  const access = mapAccess(claims, cfg);
  if (!access) {
    await audit(d.store.db, 'user.sso-refused', { new: { orsak: 'ingen roll', issuer: cfg.issuer, subject } });
    throw new SsoRefusal('no-role');
  }
  // A refusal found inside the transaction is returned, not thrown: the store wraps what is thrown.
  let result: UserRecord | SsoErrorCode;
  try {
    result = await d.store.db.transaction(async (tx): Promise<UserRecord | SsoErrorCode> => {
      let id = (await findIdentityUser(tx, cfg.orgId, subject)) ?? (await findUserIdByName(tx, cfg.orgId, username));
      let created = false;
      if (id === undefined) {
        if (!cfg.createUsers) return 'unknown-user';
        const u = await createUser(tx, { orgId: cfg.orgId, username, displayName: displayNameOf(claims, username), role: access.role, units: access.units, passwordHash: NO_PASSWORD });
        await audit(tx, 'user.create', { userId: u.id, new: { username: u.username, displayName: u.displayName, role: u.role, units: u.units, via: cfg.displayName } });
        id = u.id;
        created = true;
      }
      let user = await getUser(tx, cfg.orgId, id);
      if (user.disabled) return 'disabled';
      const changed = user.role !== access.role || user.units.join('\n') !== access.units.join('\n');
      if (changed) {
        const { before, after } = await updateUser(tx, cfg.orgId, id, user.version, { role: access.role, units: access.units });
        await audit(tx, 'user.sso-access', { userId: id, old: { role: before.role, units: before.units }, new: { role: after.role, units: after.units, grupper: access.matched } });
        user = after;
      }
      await linkIdentity(tx, cfg.orgId, subject, id);
      await audit(tx, 'user.sso-login', { userId: id, new: { via: cfg.displayName, role: user.role, units: user.units, grupper: access.matched, ...(created ? { skapad: true } : {}) } });
      return user;
    });
  } catch (e) {
    if (e instanceof PrognosError && e.code === 'CONFLICT') throw new SsoRefusal('conflict', e);
    throw new SsoRefusal('provider', e);
  }
  if (typeof result === 'string') {
    await audit(d.store.db, 'user.sso-refused', { new: { orsak: result === 'unknown-user' ? 'okänd användare' : 'avstängd', issuer: cfg.issuer, subject } });
    throw new SsoRefusal(result);
  }
  return result;
}
