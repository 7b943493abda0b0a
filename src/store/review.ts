/**
 * Reviewing and correcting rounds (migration 0012): review notes on a unit or one of its rows,
 * archiving, deleting an unused round, and what the new-round form proposes (the board's
 * previous round and the last booked month). Functions take a SqlClient.
 */
import { PrognosError } from '../core/errors/index.ts';
import type { SqlClient } from './adapters/types.ts';
import { iso } from './users.ts';
import type { RoundRecord } from './rounds.ts';

export interface ReviewNote {
  id: number;
  unitCode: string;
  /** '' = the whole unit. */
  group: string;
  activity: string;
  text: string;
  author: string;
  createdAt: string;
}

const toNote = (r: Record<string, unknown>): ReviewNote => ({
  id: Number(r.id),
  unitCode: String(r.unit_code),
  group: String(r.account_group),
  activity: String(r.activity),
  text: String(r.text),
  author: String(r.author),
  createdAt: iso(r.created_at),
});

export async function listNotes(db: SqlClient, orgId: string, roundId: number, unitCode?: string): Promise<ReviewNote[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT * FROM review_note WHERE org_id = $1 AND round_id = $2${unitCode !== undefined ? ' AND unit_code = $3' : ''} ORDER BY unit_code, created_at, id`,
    unitCode !== undefined ? [orgId, roundId, unitCode] : [orgId, roundId],
  );
  return rows.map(toNote);
}

export async function addNote(
  tx: SqlClient,
  n: { orgId: string; roundId: number; unitCode: string; group: string; activity: string; text: string; author: string },
): Promise<ReviewNote> {
  const [r] = await tx.query<Record<string, unknown>>(
    'INSERT INTO review_note (org_id, round_id, unit_code, account_group, activity, text, author) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
    [n.orgId, n.roundId, n.unitCode, n.group, n.activity, n.text, n.author],
  );
  return toNote(r!);
}

/** Archives (or brings back) a round. */
export async function setArchived(tx: SqlClient, orgId: string, id: number, archived: boolean, by: string): Promise<void> {
  await tx.query(
    archived
      ? "UPDATE followup_round SET archived_at = now(), archived_by = $3, version = nextval('edit_version') WHERE org_id = $1 AND id = $2"
      : "UPDATE followup_round SET archived_at = NULL, archived_by = NULL, version = nextval('edit_version') WHERE org_id = $1 AND id = $2",
    archived ? [orgId, id, by] : [orgId, id],
  );
}

/** What has been entered in a round: anything here makes it "used" (it cannot be deleted). */
export interface RoundUsage {
  forecasts: number;
  comments: number;
  notes: number;
  /** Units submitted or approved. */
  moved: number;
  /** Goal and assignment statuses, measures and texts saved in the application for the round. */
  content: number;
}

export async function roundUsage(db: SqlClient, round: RoundRecord): Promise<RoundUsage> {
  const [r] = await db.query<Record<string, unknown>>(
    `SELECT
       (SELECT count(*) FROM forecast_cell WHERE round_id = $2 AND amount_ore IS NOT NULL) AS forecasts,
       (SELECT count(*) FROM round_unit WHERE round_id = $2 AND comment <> '') AS comments,
       (SELECT count(*) FROM review_note WHERE org_id = $1 AND round_id = $2) AS notes,
       (SELECT count(*) FROM round_unit WHERE round_id = $2 AND status <> 'open') AS moved,
       (SELECT count(*) FROM goal_status WHERE org_id = $1 AND board = $3 AND year = $4 AND round = $5 AND updated_by IS NOT NULL)
       + (SELECT count(*) FROM assignment_status WHERE org_id = $1 AND board = $3 AND year = $4 AND round = $5 AND updated_by IS NOT NULL)
       + (SELECT count(*) FROM measure WHERE org_id = $1 AND board = $3 AND year = $4 AND round = $5 AND updated_by IS NOT NULL)
       + (SELECT count(*) FROM narrative WHERE org_id = $1 AND board = $3 AND year = $4 AND round = $5 AND updated_by IS NOT NULL) AS content`,
    [round.orgId, round.id, round.board, round.year, round.name],
  );
  const n = (k: string): number => Number(r?.[k] ?? 0);
  return { forecasts: n('forecasts'), comments: n('comments'), notes: n('notes'), moved: n('moved'), content: n('content') };
}

/** Deletes a round nothing was entered in (the caller checks `roundUsage` in the same transaction). */
export async function deleteRound(tx: SqlClient, round: RoundRecord): Promise<void> {
  // Cells that were saved empty leave no amounts; the round's own (empty) rows go with it.
  await tx.query('DELETE FROM forecast_cell WHERE org_id = $1 AND round_id = $2', [round.orgId, round.id]);
  await tx.query('DELETE FROM round_unit WHERE org_id = $1 AND round_id = $2', [round.orgId, round.id]);
  await tx.query('DELETE FROM review_note WHERE org_id = $1 AND round_id = $2', [round.orgId, round.id]);
  const deleted = await tx.query('DELETE FROM followup_round WHERE org_id = $1 AND id = $2 RETURNING id', [round.orgId, round.id]);
  if (deleted.length === 0) throw new PrognosError('NOT_FOUND', `omgången ${round.id} finns inte`);
  await tx.query("DELETE FROM import_batch WHERE org_id = $1 AND id = $2 AND kind = 'web-forecast' AND NOT EXISTS (SELECT 1 FROM amount WHERE batch_id = $2)", [round.orgId, round.batchId]);
}

/** The last booked month: the latest (year, period) with actual amounts, or undefined. */
export async function lastBookedMonth(db: SqlClient, orgId: string): Promise<{ year: number; period: number } | undefined> {
  const [r] = await db.query<Record<string, unknown>>(
    "SELECT year, max(period) AS period FROM amount_summary WHERE org_id = $1 AND scenario = 'actual' AND period IS NOT NULL GROUP BY year ORDER BY year DESC LIMIT 1",
    [orgId],
  );
  return r ? { year: Number(r.year), period: Number(r.period) } : undefined;
}
