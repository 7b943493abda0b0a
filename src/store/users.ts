/**
 * Users and sessions of the web application (tables of migrations 0003 and 0008; the log-in
 * rate limit is in login-throttle.ts).
 * Functions take a SqlClient (`store.db` or a transaction). Only hashes are stored: the
 * password's scrypt hash and the session token's SHA-256.
 */
import type { Role } from '../core/permissions/index.ts';
import { PrognosError } from '../core/errors/index.ts';
import type { SqlClient } from './adapters/types.ts';

export interface UserRecord {
  id: number;
  orgId: string;
  username: string;
  displayName: string;
  role: Role;
  /** Roots of the unit subtrees of a scoped role; empty for the others. */
  units: string[];
  disabled: boolean;
  /** A new password must be chosen at the next log-in (after an administrator's reset). */
  mustChangePassword: boolean;
  /** The last successful log-in; null when never. */
  lastLoginAt: string | null;
  createdAt: string;
  version: number;
}

export const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
export const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

type UserDbRow = {
  id: string | number;
  org_id: string;
  username: string;
  display_name: string;
  role: Role;
  disabled: boolean;
  must_change_password: boolean;
  last_login_at: unknown;
  created_at: unknown;
  version: string | number;
  password_hash?: string;
};

/** `rows` are users of one organisation. */
async function withUnits(db: SqlClient, rows: UserDbRow[]): Promise<UserRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const units = await db.query<{ user_id: string | number; unit_code: string }>(
    'SELECT user_id, unit_code FROM app_user_unit WHERE org_id = $1 AND user_id = ANY($2::bigint[]) ORDER BY unit_code',
    [rows[0]!.org_id, ids],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    orgId: r.org_id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    units: units.filter((u) => Number(u.user_id) === Number(r.id)).map((u) => u.unit_code),
    disabled: r.disabled,
    mustChangePassword: Boolean(r.must_change_password),
    lastLoginAt: isoOrNull(r.last_login_at),
    createdAt: iso(r.created_at),
    version: Number(r.version),
  }));
}

const USER_COLUMNS = 'id, org_id, username, display_name, role, disabled, must_change_password, last_login_at, created_at, version';

export function normaliseUsername(s: string): string {
  return s.trim().toLowerCase();
}

/** The user of a name in an organisation, with the password hash (user names are unique per organisation). */
export async function findUserForLogin(db: SqlClient, orgId: string, username: string): Promise<(UserRecord & { passwordHash: string }) | undefined> {
  const rows = await db.query<UserDbRow>(`SELECT ${USER_COLUMNS}, password_hash FROM app_user WHERE org_id = $1 AND username = $2`, [orgId, normaliseUsername(username)]);
  const r = rows[0];
  if (!r) return undefined;
  const [u] = await withUnits(db, [r]);
  return { ...u!, passwordHash: r.password_hash! };
}

/** The organisations that have a user of this name (for a log-in that names no organisation). */
export async function organisationsOfUsername(db: SqlClient, username: string): Promise<string[]> {
  return (await db.query<{ org_id: string }>('SELECT org_id FROM app_user WHERE username = $1 ORDER BY org_id', [normaliseUsername(username)])).map((r) => r.org_id);
}

/** Notes a successful log-in. */
export async function recordLogin(db: SqlClient, orgId: string, id: number): Promise<void> {
  await db.query('UPDATE app_user SET last_login_at = now() WHERE org_id = $1 AND id = $2', [orgId, id]);
}

/** A user by name in an organisation. */
export async function getUserByName(db: SqlClient, orgId: string, username: string): Promise<UserRecord> {
  const rows = await db.query<UserDbRow>(`SELECT ${USER_COLUMNS} FROM app_user WHERE org_id = $1 AND username = $2`, [orgId, normaliseUsername(username)]);
  if (!rows[0]) throw new PrognosError('NOT_FOUND', `användaren ${normaliseUsername(username)} finns inte i organisationen`);
  return (await withUnits(db, rows))[0]!;
}

export async function getUser(db: SqlClient, orgId: string, id: number): Promise<UserRecord> {
  const rows = await db.query<UserDbRow>(`SELECT ${USER_COLUMNS} FROM app_user WHERE org_id = $1 AND id = $2`, [orgId, id]);
  if (!rows[0]) throw new PrognosError('NOT_FOUND', `användaren ${id} finns inte`);
  return (await withUnits(db, rows))[0]!;
}

export async function getPasswordHash(db: SqlClient, orgId: string, id: number): Promise<string> {
  const [r] = await db.query<{ password_hash: string }>('SELECT password_hash FROM app_user WHERE org_id = $1 AND id = $2', [orgId, id]);
  if (!r) throw new PrognosError('NOT_FOUND', `användaren ${id} finns inte`);
  return r.password_hash;
}

export async function listUsers(db: SqlClient, orgId: string): Promise<UserRecord[]> {
  return withUnits(db, await db.query<UserDbRow>(`SELECT ${USER_COLUMNS} FROM app_user WHERE org_id = $1 ORDER BY username`, [orgId]));
}

async function checkUnits(db: SqlClient, orgId: string, units: readonly string[]): Promise<void> {
  if (units.length === 0) return;
  const found = new Set(
    (await db.query<{ code: string }>('SELECT code FROM unit WHERE org_id = $1 AND code = ANY($2::text[])', [orgId, [...units]])).map((r) => r.code),
  );
  const missing = units.filter((u) => !found.has(u));
  if (missing.length > 0) throw new PrognosError('BAD_INPUT', `enheten ${missing.join(', ')} finns inte i organisationen`, { field: 'units' });
}

export interface NewUser {
  orgId: string;
  username: string;
  displayName: string;
  role: Role;
  units: readonly string[];
  passwordHash: string;
  mustChangePassword?: boolean;
}

export async function createUser(tx: SqlClient, u: NewUser): Promise<UserRecord> {
  const username = normaliseUsername(u.username);
  // Unique per organisation: another organisation's names are neither checked nor revealed.
  const [exists] = await tx.query('SELECT 1 FROM app_user WHERE org_id = $1 AND username = $2', [u.orgId, username]);
  if (exists) throw new PrognosError('CONFLICT', `användarnamnet ${username} är upptaget`, { field: 'username' });
  await checkUnits(tx, u.orgId, u.units);
  const [r] = await tx.query<{ id: string }>(
    'INSERT INTO app_user (org_id, username, display_name, role, password_hash, must_change_password) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [u.orgId, username, u.displayName, u.role, u.passwordHash, u.mustChangePassword ?? false],
  );
  const id = Number(r!.id);
  await setUserUnits(tx, u.orgId, id, u.units);
  return getUser(tx, u.orgId, id);
}

async function setUserUnits(tx: SqlClient, orgId: string, id: number, units: readonly string[]): Promise<void> {
  await checkUnits(tx, orgId, units);
  await tx.query('DELETE FROM app_user_unit WHERE org_id = $1 AND user_id = $2', [orgId, id]);
  for (const code of new Set(units)) {
    await tx.query('INSERT INTO app_user_unit (user_id, org_id, unit_code) VALUES ($1, $2, $3)', [id, orgId, code]);
  }
}

export interface UserPatch {
  displayName?: string;
  role?: Role;
  units?: readonly string[];
  disabled?: boolean;
  passwordHash?: string;
  mustChangePassword?: boolean;
}

/** Updates a user; a stale `version` is a CONFLICT. Returns the user before and after. */
export async function updateUser(tx: SqlClient, orgId: string, id: number, version: number, patch: UserPatch): Promise<{ before: UserRecord; after: UserRecord }> {
  const before = await getUser(tx, orgId, id);
  if (before.version !== version) {
    throw new PrognosError('CONFLICT', 'användaren har ändrats av någon annan; läs in den igen', { field: 'version' }, { details: { current: before } });
  }
  const sets: string[] = [];
  const params: unknown[] = [orgId, id];
  const set = (col: string, v: unknown): void => {
    params.push(v);
    sets.push(`${col} = $${params.length}`);
  };
  if (patch.displayName !== undefined) set('display_name', patch.displayName);
  if (patch.role !== undefined) set('role', patch.role);
  if (patch.disabled !== undefined) set('disabled', patch.disabled);
  if (patch.passwordHash !== undefined) set('password_hash', patch.passwordHash);
  if (patch.mustChangePassword !== undefined) set('must_change_password', patch.mustChangePassword);
  sets.push("version = nextval('edit_version')");
  await tx.query(`UPDATE app_user SET ${sets.join(', ')} WHERE org_id = $1 AND id = $2`, params);
  if (patch.units !== undefined) await setUserUnits(tx, orgId, id, patch.units);
  return { before, after: await getUser(tx, orgId, id) };
}

export async function setPasswordHash(tx: SqlClient, orgId: string, id: number, passwordHash: string): Promise<void> {
  await tx.query("UPDATE app_user SET password_hash = $3, must_change_password = false, version = nextval('edit_version') WHERE org_id = $1 AND id = $2", [orgId, id, passwordHash]);
}

/** Replaces a password hash by one of the same password at a higher cost, unless it was changed meanwhile (no new version: nothing the user sees changed). */
export async function upgradePasswordHash(db: SqlClient, orgId: string, id: number, from: string, to: string): Promise<void> {
  await db.query('UPDATE app_user SET password_hash = $4 WHERE org_id = $1 AND id = $2 AND password_hash = $3', [orgId, id, from, to]);
}

// --- sessions ---------------------------------------------------------------------------------

export interface SessionRecord {
  tokenHash: string;
  userId: number;
  orgId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  /** Seconds since the session was last used (database clock). */
  idleSeconds: number;
}

export async function createSession(
  db: SqlClient,
  s: { tokenHash: string; userId: number; orgId: string; csrfToken: string; ttlSeconds: number },
): Promise<void> {
  await db.query(
    `INSERT INTO app_session (token_hash, user_id, org_id, csrf_token, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
    [s.tokenHash, s.userId, s.orgId, s.csrfToken, s.ttlSeconds],
  );
}

/**
 * The live session of a token hash: not expired, not idle longer than `idleSeconds`, user not
 * disabled. A dead session is deleted and undefined returned.
 */
export async function findSession(db: SqlClient, orgId: string, tokenHash: string, idleSeconds: number): Promise<SessionRecord | undefined> {
  const [r] = await db.query<Record<string, unknown>>(
    `SELECT s.token_hash, s.user_id, s.org_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at,
            extract(epoch FROM now() - s.last_seen_at)::float8 AS idle, s.expires_at > now() AS alive, u.disabled
     FROM app_session s JOIN app_user u ON u.org_id = s.org_id AND u.id = s.user_id WHERE s.org_id = $1 AND s.token_hash = $2`,
    [orgId, tokenHash],
  );
  if (!r) return undefined;
  if (!r.alive || Number(r.idle) > idleSeconds || r.disabled) {
    await deleteSession(db, orgId, tokenHash);
    return undefined;
  }
  return {
    tokenHash: String(r.token_hash),
    userId: Number(r.user_id),
    orgId: String(r.org_id),
    csrfToken: String(r.csrf_token),
    createdAt: iso(r.created_at),
    lastSeenAt: iso(r.last_seen_at),
    expiresAt: iso(r.expires_at),
    idleSeconds: Number(r.idle),
  };
}

/**
 * The live session of a token hash together with its user (and the user's units), in one query:
 * what every request needs. A dead session (expired, idle too long, user disabled) is deleted
 * and undefined returned; so is a session whose user belongs to another organisation.
 */
export async function findSessionUser(db: SqlClient, orgId: string, tokenHash: string, idleSeconds: number): Promise<{ session: SessionRecord; user: UserRecord } | undefined> {
  const [r] = await db.query<Record<string, unknown>>(
    `SELECT s.token_hash, s.user_id, s.org_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at,
            extract(epoch FROM now() - s.last_seen_at)::float8 AS idle, s.expires_at > now() AS alive,
            u.username, u.display_name, u.role, u.disabled, u.must_change_password, u.last_login_at, u.created_at AS user_created_at, u.version,
            ARRAY(SELECT uu.unit_code FROM app_user_unit uu WHERE uu.user_id = u.id AND uu.org_id = u.org_id ORDER BY uu.unit_code) AS units
     FROM app_session s JOIN app_user u ON u.id = s.user_id AND u.org_id = s.org_id WHERE s.org_id = $1 AND s.token_hash = $2`,
    [orgId, tokenHash],
  );
  if (!r) return undefined;
  if (!r.alive || Number(r.idle) > idleSeconds || r.disabled) {
    await deleteSession(db, orgId, tokenHash);
    return undefined;
  }
  const session: SessionRecord = {
    tokenHash: String(r.token_hash),
    userId: Number(r.user_id),
    orgId: String(r.org_id),
    csrfToken: String(r.csrf_token),
    createdAt: iso(r.created_at),
    lastSeenAt: iso(r.last_seen_at),
    expiresAt: iso(r.expires_at),
    idleSeconds: Number(r.idle),
  };
  const user: UserRecord = {
    id: session.userId,
    orgId: session.orgId,
    username: String(r.username),
    displayName: String(r.display_name),
    role: r.role as Role,
    units: (r.units as string[]).map(String),
    disabled: Boolean(r.disabled),
    mustChangePassword: Boolean(r.must_change_password),
    lastLoginAt: isoOrNull(r.last_login_at),
    createdAt: iso(r.user_created_at),
    version: Number(r.version),
  };
  return { session, user };
}

export async function touchSession(db: SqlClient, orgId: string, tokenHash: string): Promise<void> {
  await db.query('UPDATE app_session SET last_seen_at = now() WHERE org_id = $1 AND token_hash = $2', [orgId, tokenHash]);
}

export async function deleteSession(db: SqlClient, orgId: string, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM app_session WHERE org_id = $1 AND token_hash = $2', [orgId, tokenHash]);
}

export async function deleteUserSessions(db: SqlClient, orgId: string, userId: number, except?: string): Promise<void> {
  await db.query('DELETE FROM app_session WHERE org_id = $1 AND user_id = $2 AND token_hash <> $3', [orgId, userId, except ?? '']);
}

export async function deleteExpired(db: SqlClient, idleSeconds: number): Promise<void> {
  await db.query('DELETE FROM app_session WHERE expires_at <= now() OR last_seen_at < now() - make_interval(secs => $1)', [idleSeconds]);
}
