/**
 * The round-open rule, checked where the write happens. Every write whose meaning depends on the
 * round being open (a forecast, a comment, a text, a unit's step) takes the round row shared in
 * its own transaction and checks the status there; publishing takes it exclusively. So a write
 * either commits before the publish sees the round (and is in the published report) or waits
 * and is refused — never answered 200 and missing from the locked report.
 */
import { getRound, type RoundRecord, type RoundRef } from '../store/rounds.ts';
import type { SqlClient } from '../store/index.ts';
import { conflict } from './errors.ts';

export function requireOpen(round: RoundRecord): void {
  if (round.status === 'published') throw conflict(`omgången ${round.name} ${round.year} är publicerad och låst för ändringar`);
}

/** The round as the transaction sees it, held shared until the transaction ends; refused when published. */
export async function lockOpenRound(tx: SqlClient, round: RoundRef): Promise<RoundRecord> {
  const r = await getRound(tx, round.orgId, round.id, 'share');
  requireOpen(r);
  return r;
}

/** The round held exclusively (publishing, changing its settings); refused when published. */
export async function lockRoundForChange(tx: SqlClient, round: RoundRef): Promise<RoundRecord> {
  const r = await getRound(tx, round.orgId, round.id, 'update');
  requireOpen(r);
  return r;
}
