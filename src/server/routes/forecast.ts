/**
 * Forecast entry: a unit's grid (last year's closing, budget, actual to date, a proposal, the
 * entered forecast, variance), saving one cell with optimistic concurrency, the unit's variance
 * comment, and the audit log per unit and per round.
 */
import { SIGNS } from '../../core/compute/index.ts';
import { isAccountGroup } from '../../core/domain/index.ts';
import { PrognosError } from '../../core/errors/index.ts';
import { toUnit } from '../../core/money/index.ts';
import { listAudit, writeAudit } from '../../store/audit.ts';
import { saveCell, type CellRecord } from '../../store/forecast-cells.ts';
import { getRound, getRoundUnit, roundUnits, saveComment, type RoundRecord } from '../../store/rounds.ts';
import { actor, authorize, oreNumber, readBody, type App, type Deps } from '../context.ts';
import { MAX_ID, queryInt } from '../input-limits.ts';
import type { SqlClient } from '../../store/index.ts';
import { formatInteger } from '../../core/format/index.ts';
import { conflict } from '../errors.ts';
import { commentRequired, gridJson, methodOf, subtreeCodes, unitLines } from '../forecast.ts';
import { CellSaveBody, CommentBody } from '../schemas.ts';
import { amountOf, guardCell } from '../entry-guard.ts';
import { loadRound, loadRoundUnit, roundSummary, unitJson, visibleUnits } from './rounds.ts';
import { lockOpenRound, requireOpen } from '../round-lock.ts';

/** A cell as the API shows it: amount in the round's sign (öre and tkr), version, who and when. */
export function cellJson(round: RoundRecord, c: CellRecord | null) {
  const p = SIGNS[round.reportOptions.sign].present;
  const amount = c?.amountOre ?? null;
  return {
    group: c?.group ?? null,
    activity: c?.activity ?? null,
    amountOre: amount === null ? null : oreNumber(p(amount)),
    amountTkr: amount === null ? null : toUnit({ num: p(amount), den: 1n }),
    version: c?.version ?? 0,
    updatedBy: c?.updatedBy ?? null,
    updatedAt: c?.updatedAt ?? null,
  };
}

/**
 * The most the forecasts of one round may add up to, counted without sign (öre): 2^52, half of
 * what a JSON number holds exactly, so every total a view shows — a unit's, a board's, a forecast
 * less its budget — stays exact, with room for concurrent saves each checked alone.
 */
export const MAX_ROUND_FORECAST_ORE = 2n ** 52n;

/** Refuses (400, naming the cell) a save after which the round's forecasts could not be summed exactly. */
async function refuseUnrepresentableTotal(tx: SqlClient, round: { orgId: string; id: number }, cell: string): Promise<void> {
  const [t] = await tx.query<{ s: string | null }>('SELECT sum(abs(amount_ore)) AS s FROM forecast_cell WHERE org_id = $1 AND round_id = $2', [round.orgId, round.id]);
  if (BigInt(t?.s ?? 0) <= MAX_ROUND_FORECAST_ORE) return;
  throw new PrognosError(
    'BAD_INPUT',
    `prognosen för ${cell} sparades inte: omgångens prognoser blir tillsammans större än ${formatInteger(Number(MAX_ROUND_FORECAST_ORE / 100_000n))} tkr, mer än summorna kan visas exakt; kontrollera beloppet (amountOre anges i öre)`,
    { field: 'amountOre' },
  );
}

export function registerForecast(app: App, d: Deps): void {
  const db = d.store.db;

  app.get('/api/rounds/:id{[0-9]+}/units/:code/forecast', async (c) => {
    const { u, round, tree, unit, path } = await loadRoundUnit(d, c);
    authorize(u, 'forecast.read', path);
    const method = methodOf(c.req.query('method'), round.method);
    // Activity names show only in a round entered per activity.
    const [lines, activities] = await Promise.all([unitLines(db, round, tree, unit.unitCode), round.byActivity ? d.store.listCodeNames(u.orgId, 'activity') : new Map<string, string>()]);
    const need = commentRequired(round, lines);
    const previous = round.carriedFrom === null ? null : await getRound(db, u.orgId, round.carriedFrom).catch(() => null);
    return c.json({
      previousRound: previous ? { id: previous.id, name: previous.name } : null,
      round: roundSummary(round, tree, visibleUnits(u, tree, await roundUnits(db, round))),
      unit: unitJson(u, round, tree, unit),
      sign: round.reportOptions.sign,
      thresholdTkr: toUnit({ num: round.thresholdOre, den: 1n }),
      commentRequired: need.required,
      ...gridJson({ round, lines, method, activities }),
    });
  });

  app.put('/api/rounds/:id{[0-9]+}/units/:code/forecast', async (c) => {
    const { u, round, tree, unit, path } = await loadRoundUnit(d, c);
    authorize(u, 'forecast.write', path);
    requireOpen(round);
    if (round.kind === 'year-end') throw conflict(`${round.name} ${round.year} är ett bokslut: det har ingen prognos att fylla i (utfallet är bokslutet); skriv kommentar och text`, 'kind', { kind: round.kind });
    const body = await readBody(c, CellSaveBody);
    if (!isAccountGroup(body.group)) throw new PrognosError('BAD_INPUT', `okänd kontogrupp ${body.group}`, { field: 'group' });
    if (!round.byActivity && body.activity !== '') {
      throw new PrognosError('BAD_INPUT', 'omgången har prognos per kontogrupp, inte per verksamhet: lämna activity tom', { field: 'activity' });
    }
    if (round.byActivity && body.activity !== '' && !(await d.store.listCodeNames(u.orgId, 'activity')).has(body.activity)) {
      throw new PrognosError('BAD_INPUT', `verksamheten ${body.activity} finns inte`, { field: 'activity' });
    }
    // The amount comes in the round's sign; the ledger keeps cost positive. The guards ask before
    // an ambiguous, wrongly signed or implausible figure is saved (issue 11 item 2).
    const cell = { unitCode: unit.unitCode, unitName: tree.get(unit.unitCode)?.name ?? unit.unitCode, group: body.group, activity: body.activity };
    const entered = amountOf(cell, body);
    const ledger = entered === null ? null : SIGNS[round.reportOptions.sign].present(entered);
    await guardCell(db, round, tree, cell, ledger, body.confirm ?? []);
    const r = await db.transaction(async (tx) => {
      await lockOpenRound(tx, round);
      const cur = await getRoundUnit(tx, round, unit.unitCode, true);
      if (cur.status !== 'open') return { locked: cur.status } as const;
      const s = await saveCell(tx, {
        round,
        unitCode: unit.unitCode,
        subtree: subtreeCodes(tree, [unit.unitCode]),
        group: body.group,
        activity: body.activity,
        amountOre: ledger,
        version: body.version,
        by: u.username,
      });
      if (s.ok) {
        await refuseUnrepresentableTotal(tx, round, `${unit.unitCode}, kontogrupp ${body.group}${body.activity ? `, verksamhet ${body.activity}` : ''}`);
        await writeAudit(tx, {
          orgId: u.orgId,
          actor: actor(u),
          action: 'forecast.save',
          entity: 'forecast_cell',
          entityKey: `${unit.unitCode}/${body.group}/${body.activity}`,
          roundId: round.id,
          unitCode: unit.unitCode,
          old: s.before ? { amountOre: cellJson(round, s.before).amountOre, version: s.before.version } : null,
          new: { amountOre: cellJson(round, s.after).amountOre, version: s.after.version },
        });
      }
      return s;
    });
    if ('locked' in r) throw conflict(`enheten ${unit.unitCode} är ${r.locked === 'submitted' ? 'inlämnad' : 'godkänd'}; den måste återöppnas innan prognosen ändras`, 'status', { status: r.locked });
    if (!r.ok) {
      const cur = cellJson(round, r.current);
      throw conflict(
        r.current
          ? `prognosen har ändrats av ${r.current.updatedBy} ${r.current.updatedAt}; läs det nya värdet och spara igen`
          : 'prognosen har tagits bort eller aldrig sparats; spara med version 0',
        'version',
        { current: { ...cur, group: body.group, activity: body.activity } },
      );
    }
    return c.json({ cell: cellJson(round, r.after) });
  });

  app.put('/api/rounds/:id{[0-9]+}/units/:code/comment', async (c) => {
    const { u, round, tree, unit, path } = await loadRoundUnit(d, c);
    authorize(u, 'forecast.write', path);
    requireOpen(round);
    const body = await readBody(c, CommentBody);
    const r = await db.transaction(async (tx) => {
      await lockOpenRound(tx, round);
      const cur = await getRoundUnit(tx, round, unit.unitCode, true);
      if (cur.status !== 'open') return { locked: cur.status } as const;
      const s = await saveComment(tx, round, unit.unitCode, body.text, body.version, u.username);
      if (s.ok) {
        await writeAudit(tx, {
          orgId: u.orgId,
          actor: actor(u),
          action: 'comment.save',
          entity: 'unit_comment',
          entityKey: unit.unitCode,
          roundId: round.id,
          unitCode: unit.unitCode,
          old: { text: s.before.comment, version: s.before.commentVersion },
          new: { text: s.after.comment, version: s.after.commentVersion },
        });
      }
      return s;
    });
    if ('locked' in r) throw conflict(`enheten ${unit.unitCode} är ${r.locked === 'submitted' ? 'inlämnad' : 'godkänd'}; den måste återöppnas innan kommentaren ändras`, 'status', { status: r.locked });
    if (!r.ok) {
      throw conflict(`kommentaren har ändrats av ${r.current.commentBy ?? 'någon annan'} ${r.current.commentAt ?? ''}; läs den nya texten och spara igen`.trim(), 'version', {
        current: { text: r.current.comment, version: r.current.commentVersion, updatedBy: r.current.commentBy, updatedAt: r.current.commentAt },
      });
    }
    return c.json({ unit: unitJson(u, round, tree, r.after) });
  });

  app.get('/api/rounds/:id{[0-9]+}/units/:code/audit', async (c) => {
    const { u, round, unit, path } = await loadRoundUnit(d, c);
    authorize(u, 'audit.read', path);
    const before = queryInt(c, 'before', 1, MAX_ID);
    const entries = await listAudit(db, { orgId: u.orgId, roundId: round.id, unitCode: unit.unitCode, ...(before !== undefined ? { before } : {}) });
    return c.json({ entries });
  });

  app.get('/api/rounds/:id{[0-9]+}/audit', async (c) => {
    const { u, round } = await loadRound(d, c);
    authorize(u, 'audit.read');
    const before = queryInt(c, 'before', 1, MAX_ID);
    const entries = await listAudit(db, { orgId: u.orgId, roundId: round.id, ...(before !== undefined ? { before } : {}) });
    return c.json({ entries });
  });
}
