/**
 * Single sign-on with OpenID Connect (tables of migration 0009): an organisation's provider
 * configuration and claim-to-role mapping, the link from a provider's subject to a user, log-ins
 * under way and the ID tokens of sessions made by single sign-on. The client secret is never
 * stored: only where the server reads it (`env:NAME` or `file:/path`).
 */
import { PrognosError } from '../core/errors/index.ts';
import { isRole, type Role } from '../core/permissions/index.ts';
import type { SqlClient } from './adapters/types.ts';
import { iso } from './users.ts';

export interface OidcRoleMapping {
  /** A value of the role claim: a group's id or name, an app role. */
  value: string;
  role: Role;
  /** The units a scoped role (unit_editor) gets; empty for the others. */
  units: string[];
}

export interface OidcConfig {
  orgId: string;
  /** The provider's name on the log-in page's button, e.g. "Microsoft Entra ID". */
  displayName: string;
  issuer: string;
  clientId: string;
  /** Where the server reads the client secret: `env:NAME` or `file:/path`; null for a public client. */
  clientSecretRef: string | null;
  scopes: string;
  roleClaim: string;
  usernameClaim: string;
  createUsers: boolean;
  localPasswords: boolean;
  updatedAt: string;
  mappings: OidcRoleMapping[];
}

export type OidcConfigInput = Partial<Omit<OidcConfig, 'orgId' | 'updatedAt' | 'mappings'>>;

type ConfigRow = {
  org_id: string;
  display_name: string;
  issuer: string;
  client_id: string;
  client_secret_ref: string | null;
  scopes: string;
  role_claim: string;
  username_claim: string;
  create_users: boolean;
  local_passwords: boolean;
  updated_at: unknown;
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An issuer must be HTTPS; plain HTTP only on this machine (a provider started by a test). */
export function checkIssuer(issuer: string): string {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new PrognosError('BAD_INPUT', `utfärdaren ${issuer} är ingen adress; ange t.ex. https://login.microsoftonline.com/<katalog-id>/v2.0`, { field: 'issuer' });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new PrognosError('BAD_INPUT', 'utfärdarens adress ska börja med https://', { field: 'issuer' });
  }
  if (url.search || url.hash) throw new PrognosError('BAD_INPUT', 'utfärdarens adress får inte ha frågeparametrar', { field: 'issuer' });
  // Kept exactly as given: it must equal the `iss` the provider's discovery document names.
  return issuer;
}

const SECRET_REF = /^(env:[A-Za-z_][A-Za-z0-9_]*|file:\/.+)$/;
const CLAIM = /^[A-Za-z0-9_:.\-/]{1,100}$/;

function checkInput(c: OidcConfigInput): void {
  if (c.displayName !== undefined && c.displayName.trim() === '') throw new PrognosError('BAD_INPUT', 'leverantörens namn får inte vara tomt', { field: 'name' });
  if (c.clientId !== undefined && c.clientId.trim() === '') throw new PrognosError('BAD_INPUT', 'klient-id får inte vara tomt', { field: 'clientId' });
  if (c.clientSecretRef !== undefined && c.clientSecretRef !== null && !SECRET_REF.test(c.clientSecretRef)) {
    throw new PrognosError('BAD_INPUT', 'klienthemligheten anges som env:NAMN (en miljövariabel) eller file:/sökväg (en fil)', { field: 'clientSecret' });
  }
  if (c.scopes !== undefined && !c.scopes.split(/\s+/).includes('openid')) throw new PrognosError('BAD_INPUT', 'omfattningarna (scopes) måste innehålla openid', { field: 'scopes' });
  for (const [field, v] of [['roleClaim', c.roleClaim], ['usernameClaim', c.usernameClaim]] as const) {
    if (v !== undefined && !CLAIM.test(v)) throw new PrognosError('BAD_INPUT', `anspråkets namn ${v} är inte giltigt`, { field });
  }
}

export async function getOidcConfig(db: SqlClient, orgId: string): Promise<OidcConfig | undefined> {
  const [r] = await db.query<ConfigRow>('SELECT * FROM oidc_config WHERE org_id = $1', [orgId]);
  if (!r) return undefined;
  const maps = await db.query<{ claim_value: string; role: Role; units: string[] }>(
    'SELECT claim_value, role, units FROM oidc_role_mapping WHERE org_id = $1 ORDER BY claim_value',
    [orgId],
  );
  return {
    orgId: r.org_id,
    displayName: r.display_name,
    issuer: r.issuer,
    clientId: r.client_id,
    clientSecretRef: r.client_secret_ref,
    scopes: r.scopes,
    roleClaim: r.role_claim,
    usernameClaim: r.username_claim,
    createUsers: r.create_users,
    localPasswords: r.local_passwords,
    updatedAt: iso(r.updated_at),
    mappings: maps.map((m) => ({ value: m.claim_value, role: m.role, units: [...m.units] })),
  };
}

/** The providers the log-in page offers, with each organisation's name. */
export async function listOidcProviders(db: SqlClient): Promise<Array<{ orgId: string; orgName: string; displayName: string; localPasswords: boolean }>> {
  const rows = await db.query<{ org_id: string; name: string; display_name: string; local_passwords: boolean }>(
    'SELECT c.org_id, o.name, c.display_name, c.local_passwords FROM oidc_config c JOIN organisation o ON o.id = c.org_id ORDER BY o.name, c.org_id',
  );
  return rows.map((r) => ({ orgId: r.org_id, orgName: r.name, displayName: r.display_name, localPasswords: r.local_passwords }));
}

/** Whether the organisation's users may log in with a local password (true without single sign-on). */
export async function localPasswordsAllowed(db: SqlClient, orgId: string): Promise<boolean> {
  const [r] = await db.query<{ local_passwords: boolean }>('SELECT local_passwords FROM oidc_config WHERE org_id = $1', [orgId]);
  return r?.local_passwords ?? true;
}

/** Creates or changes an organisation's configuration; a new one needs issuer, client id and name. */
export async function setOidcConfig(db: SqlClient, orgId: string, c: OidcConfigInput): Promise<OidcConfig> {
  checkInput(c);
  const issuer = c.issuer !== undefined ? checkIssuer(c.issuer) : undefined;
  const existing = await getOidcConfig(db, orgId);
  if (!existing) {
    if (issuer === undefined || c.clientId === undefined) throw new PrognosError('BAD_INPUT', 'ange utfärdare (--issuer) och klient-id (--client-id) första gången', { field: 'issuer' });
    await db.query('INSERT INTO organisation (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING', [orgId]);
    await db.query('INSERT INTO oidc_config (org_id, display_name, issuer, client_id) VALUES ($1, $2, $3, $4)', [orgId, c.displayName?.trim() ?? 'organisationens inloggning', issuer, c.clientId.trim()]);
  }
  const cols: Array<[string, unknown]> = [
    ['display_name', c.displayName?.trim()],
    ['issuer', issuer],
    ['client_id', c.clientId?.trim()],
    ['client_secret_ref', c.clientSecretRef],
    ['scopes', c.scopes?.trim().split(/\s+/).join(' ')],
    ['role_claim', c.roleClaim],
    ['username_claim', c.usernameClaim],
    ['create_users', c.createUsers],
    ['local_passwords', c.localPasswords],
  ];
  const set = cols.filter(([, v]) => v !== undefined);
  const params: unknown[] = [orgId, ...set.map(([, v]) => v)];
  await db.query(`UPDATE oidc_config SET ${[...set.map(([k], i) => `${k} = $${i + 2}`), 'updated_at = now()'].join(', ')} WHERE org_id = $1`, params);
  return (await getOidcConfig(db, orgId))!;
}

export async function removeOidcConfig(db: SqlClient, orgId: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM oidc_config WHERE org_id = $1 RETURNING org_id', [orgId]);
  return rows.length > 0;
}

/** Maps a claim value to a role (and units for a unit editor); the units must exist. */
export async function setRoleMapping(db: SqlClient, orgId: string, m: OidcRoleMapping): Promise<void> {
  if (!(await getOidcConfig(db, orgId))) throw new PrognosError('NOT_FOUND', `organisationen ${orgId} har ingen inloggning med OpenID Connect; skapa den först`);
  if (m.value.trim() === '') throw new PrognosError('BAD_INPUT', 'ange anspråkets värde (t.ex. gruppens id)', { field: 'value' });
  if (!isRole(m.role)) throw new PrognosError('BAD_INPUT', `rollen ${m.role} finns inte`, { field: 'role' });
  const units = [...new Set(m.units)];
  if (m.role === 'unit_editor' && units.length === 0) throw new PrognosError('BAD_INPUT', 'en enhetsredigerare behöver minst en enhet (--units)', { field: 'units' });
  if (m.role !== 'unit_editor' && units.length > 0) throw new PrognosError('BAD_INPUT', 'bara enhetsredigerare har enheter', { field: 'units' });
  if (units.length > 0) {
    const found = new Set((await db.query<{ code: string }>('SELECT code FROM unit WHERE org_id = $1 AND code = ANY($2::text[])', [orgId, units])).map((r) => r.code));
    const missing = units.filter((u) => !found.has(u));
    if (missing.length > 0) throw new PrognosError('BAD_INPUT', `enheten ${missing.join(', ')} finns inte i organisationen`, { field: 'units' });
  }
  await db.query(
    `INSERT INTO oidc_role_mapping (org_id, claim_value, role, units) VALUES ($1, $2, $3, $4::text[])
     ON CONFLICT (org_id, claim_value) DO UPDATE SET role = excluded.role, units = excluded.units`,
    [orgId, m.value, m.role, units],
  );
  await db.query('UPDATE oidc_config SET updated_at = now() WHERE org_id = $1', [orgId]);
}

export async function removeRoleMapping(db: SqlClient, orgId: string, value: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM oidc_role_mapping WHERE org_id = $1 AND claim_value = $2 RETURNING claim_value', [orgId, value]);
  return rows.length > 0;
}

// --- log-ins under way ------------------------------------------------------------------------

export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  nextPath: string | null;
}

export async function savePendingLogin(db: SqlClient, orgId: string, keyHash: string, p: PendingLogin, maxAgeSeconds: number): Promise<void> {
  await db.query('DELETE FROM oidc_login WHERE org_id = $1 AND created_at < now() - make_interval(secs => $2)', [orgId, maxAgeSeconds]);
  await db.query('INSERT INTO oidc_login (org_id, key_hash, state, nonce, code_verifier, next_path) VALUES ($1, $2, $3, $4, $5, $6)', [
    orgId,
    keyHash,
    p.state,
    p.nonce,
    p.codeVerifier,
    p.nextPath,
  ]);
}

/** The pending log-in of a key, removed as it is read (used once); undefined when unknown or too old. */
export async function takePendingLogin(db: SqlClient, orgId: string, keyHash: string, maxAgeSeconds: number): Promise<PendingLogin | undefined> {
  const [r] = await db.query<{ state: string; nonce: string; code_verifier: string; next_path: string | null; fresh: boolean }>(
    `DELETE FROM oidc_login WHERE org_id = $1 AND key_hash = $2
     RETURNING state, nonce, code_verifier, next_path, created_at > now() - make_interval(secs => $3) AS fresh`,
    [orgId, keyHash, maxAgeSeconds],
  );
  if (!r || !r.fresh) return undefined;
  return { state: r.state, nonce: r.nonce, codeVerifier: r.code_verifier, nextPath: r.next_path };
}

// --- identities and users ---------------------------------------------------------------------

/** The user a subject is linked to (in the same organisation), if any. */
export async function findIdentityUser(db: SqlClient, orgId: string, subject: string): Promise<number | undefined> {
  const [r] = await db.query<{ user_id: string | number }>(
    'SELECT i.user_id FROM oidc_identity i JOIN app_user u ON u.id = i.user_id AND u.org_id = i.org_id WHERE i.org_id = $1 AND i.subject = $2',
    [orgId, subject],
  );
  return r ? Number(r.user_id) : undefined;
}

export async function linkIdentity(db: SqlClient, orgId: string, subject: string, userId: number): Promise<void> {
  await db.query(
    `INSERT INTO oidc_identity (org_id, subject, user_id) VALUES ($1, $2, $3)
     ON CONFLICT (org_id, subject) DO UPDATE SET user_id = excluded.user_id, last_login_at = now()`,
    [orgId, subject, userId],
  );
}

/** A user of the organisation by user name (normalised), for linking a first single sign-on log-in. */
export async function findUserIdByName(db: SqlClient, orgId: string, username: string): Promise<number | undefined> {
  const [r] = await db.query<{ id: string | number }>('SELECT id FROM app_user WHERE org_id = $1 AND username = $2', [orgId, username]);
  return r ? Number(r.id) : undefined;
}

// --- sessions made by single sign-on ----------------------------------------------------------

export async function saveOidcSession(db: SqlClient, orgId: string, tokenHash: string, idToken: string): Promise<void> {
  // Rows of sessions that ended without a log-out go with the next log-in.
  await db.query('DELETE FROM oidc_session s WHERE s.org_id = $1 AND NOT EXISTS (SELECT 1 FROM app_session a WHERE a.token_hash = s.token_hash)', [orgId]);
  await db.query('INSERT INTO oidc_session (org_id, token_hash, id_token) VALUES ($1, $2, $3) ON CONFLICT (org_id, token_hash) DO NOTHING', [orgId, tokenHash, idToken]);
}

/** The ID token of a session made by single sign-on, removed as it is read (at log-out). */
export async function takeOidcSession(db: SqlClient, orgId: string, tokenHash: string): Promise<string | undefined> {
  const [r] = await db.query<{ id_token: string }>('DELETE FROM oidc_session WHERE org_id = $1 AND token_hash = $2 RETURNING id_token', [orgId, tokenHash]);
  return r?.id_token;
}
