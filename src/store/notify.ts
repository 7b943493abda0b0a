/**
 * What the notifications read and record (migration 0012): users' e-mail addresses, who edits
 * which units, the controllers, and the notifications sent once (deadline reminders).
 */
import { PrognosError } from '../core/errors/index.ts';
import type { SqlClient } from './adapters/types.ts';

export interface Recipient {
  username: string;
  displayName: string;
  email: string;
  role: string;
  /** The roots of a unit editor's subtrees (empty for other roles). */
  units: string[];
}

/** Active users of the organisation that have an e-mail address, with their units. */
export async function mailRecipients(db: SqlClient, orgId: string): Promise<Recipient[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT u.username, u.display_name, u.email, u.role, coalesce(array_agg(uu.unit_code) FILTER (WHERE uu.unit_code IS NOT NULL), '{}') AS units
     FROM app_user u LEFT JOIN app_user_unit uu ON uu.user_id = u.id
     WHERE u.org_id = $1 AND NOT u.disabled AND u.email IS NOT NULL AND u.email <> ''
     GROUP BY u.org_id, u.id ORDER BY u.username`,
    [orgId],
  );
  return rows.map((r) => ({
    username: String(r.username),
    displayName: String(r.display_name),
    email: String(r.email),
    role: String(r.role),
    units: (Array.isArray(r.units) ? r.units : []).map(String),
  }));
}

/** A deliberately simple address check: one @, something on both sides, no spaces. */
export const isEmailAddress = (s: string): boolean => /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>".]+$/.test(s) && s.length <= 254;

/** Sets (or with null clears) a user's e-mail address; returns the old one. */
export async function setUserEmail(tx: SqlClient, orgId: string, username: string, email: string | null): Promise<{ id: number; before: string | null }> {
  if (email !== null && !isEmailAddress(email)) throw new PrognosError('BAD_INPUT', `${email} är ingen giltig e-postadress`, { field: 'email' });
  const [r] = await tx.query<Record<string, unknown>>('SELECT id, email FROM app_user WHERE org_id = $1 AND username = $2 FOR UPDATE', [orgId, username]);
  if (!r) throw new PrognosError('NOT_FOUND', `användaren ${username} finns inte`);
  await tx.query("UPDATE app_user SET email = $3, version = nextval('edit_version') WHERE org_id = $1 AND id = $2", [orgId, Number(r.id), email]);
  return { id: Number(r.id), before: r.email === null ? null : String(r.email) };
}

export async function getUserEmail(db: SqlClient, orgId: string, username: string): Promise<string | null> {
  const [r] = await db.query<{ email: string | null }>('SELECT email FROM app_user WHERE org_id = $1 AND username = $2', [orgId, username]);
  return r?.email ?? null;
}

/** Records a once-only notification; false when it was recorded before (then it is not sent again). */
export async function claimNotification(db: SqlClient, orgId: string, key: string, recipients: number): Promise<boolean> {
  const r = await db.query('INSERT INTO notification_sent (org_id, key, recipients) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key', [orgId, key, recipients]);
  return r.length > 0;
}

/** Takes a claim back (sending failed: the next run tries again). */
export async function releaseNotification(db: SqlClient, orgId: string, key: string): Promise<void> {
  await db.query('DELETE FROM notification_sent WHERE org_id = $1 AND key = $2', [orgId, key]);
}

export async function sentNotifications(db: SqlClient, orgId: string): Promise<string[]> {
  const rows = await db.query<{ key: string }>('SELECT key FROM notification_sent WHERE org_id = $1 ORDER BY key', [orgId]);
  return rows.map((r) => r.key);
}

/** Open, unarchived rounds with a deadline, of every organisation, with their units still open. */
export async function roundsWithDeadline(db: SqlClient): Promise<Array<{ orgId: string; roundId: number; deadline: string; openUnits: string[] }>> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT r.org_id, r.id, r.deadline::text AS deadline, coalesce(array_agg(ru.unit_code ORDER BY ru.sort_order) FILTER (WHERE ru.status = 'open'), '{}') AS open_units
     FROM followup_round r JOIN round_unit ru ON ru.round_id = r.id
     WHERE r.status = 'open' AND r.archived_at IS NULL AND r.deadline IS NOT NULL
     GROUP BY r.org_id, r.id, r.deadline ORDER BY r.id`,
  );
  return rows.map((r) => ({ orgId: String(r.org_id), roundId: Number(r.id), deadline: String(r.deadline), openUnits: (Array.isArray(r.open_units) ? r.open_units : []).map(String) }));
}
