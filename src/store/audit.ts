/**
 * The audit log: every change made through the application — forecasts, comments, statuses,
 * texts, workflow steps, users — with who, when, the entity and its old and new value.
 * Written in the same transaction as the change, so a change without its entry cannot exist.
 */
import type { SqlClient } from './adapters/types.ts';
import { iso } from './users.ts';

export interface AuditActor {
  userId: number | null;
  username: string;
}

export interface AuditEntry {
  orgId: string;
  actor: AuditActor;
  /** What happened, e.g. `forecast.save`, `unit.submit`, `round.publish`, `user.create`. */
  action: string;
  /** The kind of thing changed, e.g. `forecast_cell`, `round_unit`, `goal_status`, `user`. */
  entity: string;
  /** Which one, e.g. `KAA/5/` or a goal code. */
  entityKey: string;
  roundId?: number | null;
  unitCode?: string | null;
  old?: unknown;
  new?: unknown;
}

export interface AuditRecord {
  id: number;
  at: string;
  userId: number | null;
  username: string;
  action: string;
  entity: string;
  entityKey: string;
  roundId: number | null;
  unitCode: string | null;
  old: unknown;
  new: unknown;
}

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)));

export async function writeAudit(tx: SqlClient, e: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (org_id, user_id, username, action, entity, entity_key, round_id, unit_code, old_value, new_value)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb)`,
    [e.orgId, e.actor.userId, e.actor.username, e.action, e.entity, e.entityKey, e.roundId ?? null, e.unitCode ?? null, json(e.old), json(e.new)],
  );
}

const parse = (v: unknown): unknown => (typeof v === 'string' ? (JSON.parse(v) as unknown) : (v ?? null));

export interface AuditQuery {
  orgId: string;
  roundId?: number;
  /** Only entries about this unit. */
  unitCode?: string;
  /** Only entries not tied to a round (users …). */
  withoutRound?: boolean;
  /** Only entries about this kind of thing (and this one of them), e.g. `user` and a user name. */
  entity?: string;
  entityKey?: string;
  limit?: number;
  /** Entries with an id below this (paging backwards). */
  before?: number;
}

/** Newest first. */
export async function listAudit(db: SqlClient, q: AuditQuery): Promise<AuditRecord[]> {
  const where = ['org_id = $1'];
  const params: unknown[] = [q.orgId];
  const add = (sql: string, v: unknown): void => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (q.roundId !== undefined) add('round_id = ?', q.roundId);
  if (q.unitCode !== undefined) add('unit_code = ?', q.unitCode);
  if (q.withoutRound) where.push('round_id IS NULL');
  if (q.entity !== undefined) add('entity = ?', q.entity);
  if (q.entityKey !== undefined) add('entity_key = ?', q.entityKey);
  if (q.before !== undefined) add('id < ?', q.before);
  params.push(Math.min(Math.max(q.limit ?? 200, 1), 1000));
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, at, user_id, username, action, entity, entity_key, round_id, unit_code, old_value, new_value
     FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: iso(r.at),
    userId: r.user_id === null ? null : Number(r.user_id),
    username: String(r.username),
    action: String(r.action),
    entity: String(r.entity),
    entityKey: String(r.entity_key),
    roundId: r.round_id === null ? null : Number(r.round_id),
    unitCode: r.unit_code === null ? null : String(r.unit_code),
    old: parse(r.old_value),
    new: parse(r.new_value),
  }));
}
