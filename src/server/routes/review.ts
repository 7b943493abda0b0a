/**
 * Reviewing a round in one place and correcting rounds: the unit list with each unit's budget,
 * forecast, variance, comment and status; approving every submitted unit at once (one
 * transaction, one audit entry per unit); review notes on a unit or one of its rows; deleting
 * an unused round, archiving an old one; what the new-round form proposes.
 */
import { z } from 'zod';
import { SIGNS } from '../../core/compute/index.ts';
import { isAccountGroup, svCollator } from '../../core/domain/index.ts';
import { PrognosError } from '../../core/errors/index.ts';
import { toUnit } from '../../core/money/index.ts';
import { can } from '../../core/permissions/index.ts';
import { writeAudit } from '../../store/audit.ts';
import { setUserEmail } from '../../store/notify.ts';
import { addNote, deleteRound, lastBookedMonth, listNotes, roundUsage, setArchived, type ReviewNote } from '../../store/review.ts';
import { getRound, listRounds, roundUnits, transitionUnit, type RoundRecord } from '../../store/rounds.ts';
import { actor, authorize, check, currentUser, orgTree, pathOf, readBody, type App, type Deps } from '../context.ts';
import { conflict } from '../errors.ts';
import { linesByUnit, type GridLine } from '../forecast.ts';
import { loadRound, loadRoundUnit, roundSummary, unitJson, visibleUnits } from './rounds.ts';
import { lockOpenRound, requireOpen } from '../round-lock.ts';

export const NoteBody = z.strictObject({
  group: z.string().max(10).default(''),
  activity: z.string().max(50).default(''),
  text: z.string().trim().min(1, { message: 'skriv en kommentar' }).max(4000, { message: 'kommentaren får vara högst 4 000 tecken' }),
});
export const ArchiveBody = z.strictObject({ archived: z.boolean() });

const tkr = (x: bigint): number => toUnit({ num: x, den: 1n });

/**
 * A unit's operating figures in the round's sign: budget, forecast and variance (tkr as
 * printed). The forecast is null when no row has one entered (not entered is not zero); rows
 * without a forecast do not count in it.
 */
export function unitFigures(round: RoundRecord, lines: readonly GridLine[]): { budgetTkr: number; forecastTkr: number | null; varianceTkr: number | null; entered: number; rows: number } {
  const s = SIGNS[round.reportOptions.sign];
  let budget = 0n;
  let forecast = 0n;
  let entered = 0;
  let rows = 0;
  for (const l of lines) {
    if (l.figures.group === 'I') continue;
    rows++;
    budget += l.figures.current.budget;
    if (l.forecast !== null) {
      entered++;
      forecast += l.forecast;
    }
  }
  if (entered === 0) return { budgetTkr: tkr(s.present(budget)), forecastTkr: null, varianceTkr: null, entered, rows };
  return { budgetTkr: tkr(s.present(budget)), forecastTkr: tkr(s.present(forecast)), varianceTkr: tkr(s.variance(s.present(forecast), s.present(budget))), entered, rows };
}

const noteJson = (n: ReviewNote) => ({ id: n.id, group: n.group || null, activity: n.activity || null, text: n.text, author: n.author, createdAt: n.createdAt });

/** The next round's name after `last`: P1 → P2, Delår9 → Delår10; nothing before → P1. */
export function nextRoundName(last: string | undefined): string {
  if (!last) return 'P1';
  const m = /^(.*?)(\d+)$/.exec(last);
  return m ? `${m[1]}${Number(m[2]) + 1}` : `${last}2`;
}

/** Levels in their natural order (RN1, RN2 … RN10), Swedish collation for the rest. */
export const sortLevels = (levels: Iterable<string>): string[] => [...new Set(levels)].sort(svCollator.compare);

export function registerReview(app: App, d: Deps): void {
  const db = d.store.db;

  app.get('/api/rounds/:id{[0-9]+}/review', async (c) => {
    const { u, round, tree } = await loadRound(d, c);
    const units = visibleUnits(u, tree, await roundUnits(db, round));
    const [lines, notes] = await Promise.all([linesByUnit(db, round, tree, units.map((x) => x.unitCode)), listNotes(db, u.orgId, round.id)]);
    const rows = units.map((x) => {
      const f = unitFigures(round, lines.get(x.unitCode) ?? []);
      const abs = f.varianceTkr === null ? 0 : Math.abs(f.varianceTkr);
      return {
        ...unitJson(u, round, tree, x),
        ...f,
        commentRequired: f.varianceTkr !== null && abs * 100_000 > Number(round.thresholdOre),
        notes: notes.filter((n) => n.unitCode === x.unitCode).length,
      };
    });
    const canReview = round.status === 'open' && units.some((x) => can(u, 'units.review', pathOf(tree, x.unitCode)));
    return c.json({
      round: roundSummary(round, tree, units),
      unit: 'tkr',
      sign: round.reportOptions.sign,
      rows,
      permissions: { approveSubmitted: canReview && rows.some((r) => r.permissions.approve) },
    });
  });

  app.post('/api/rounds/:id{[0-9]+}/approve-submitted', async (c) => {
    const { u, round, tree } = await loadRound(d, c);
    authorize(u, 'units.review', [round.board], `omgången ${round.name} ${round.year}`);
    requireOpen(round);
    const approved = await db.transaction(async (tx) => {
      const r = await getRound(tx, u.orgId, round.id, true);
      requireOpen(r);
      const done: string[] = [];
      for (const x of await roundUnits(tx, round)) {
        if (x.status !== 'submitted' || !can(u, 'units.review', pathOf(tree, x.unitCode))) continue;
        const t = await transitionUnit(tx, round, x.unitCode, ['submitted'], 'approved', u.username);
        if (!t.ok) continue;
        await writeAudit(tx, {
          orgId: u.orgId,
          actor: actor(u),
          action: 'unit.approve',
          entity: 'round_unit',
          entityKey: x.unitCode,
          roundId: round.id,
          unitCode: x.unitCode,
          old: { status: t.before.status },
          new: { status: t.after.status, bulk: true },
        });
        done.push(x.unitCode);
      }
      return done;
    });
    for (const code of approved) d.notify.emit({ kind: 'unit.approved', orgId: u.orgId, roundId: round.id, unitCode: code, by: u.username });
    return c.json({ approved, count: approved.length });
  });

  app.get('/api/rounds/:id{[0-9]+}/units/:code/notes', async (c) => {
    const { u, round, unit, path } = await loadRoundUnit(d, c);
    authorize(u, 'forecast.read', path);
    return c.json({ notes: (await listNotes(db, u.orgId, round.id, unit.unitCode)).map(noteJson) });
  });

  app.post('/api/rounds/:id{[0-9]+}/units/:code/notes', async (c) => {
    const { u, round, unit, path } = await loadRoundUnit(d, c);
    if (!can(u, 'units.review', path)) authorize(u, 'forecast.write', path);
    requireOpen(round);
    const body = await readBody(c, NoteBody);
    if (body.group !== '' && !isAccountGroup(body.group)) throw new PrognosError('BAD_INPUT', `kontogruppen ${body.group} finns inte`, { field: 'group' });
    if (body.group === '' && body.activity !== '') throw new PrognosError('BAD_INPUT', 'välj kontogrupp för en kommentar om en verksamhet', { field: 'group' });
    const note = await db.transaction(async (tx) => {
      await lockOpenRound(tx, round);
      const n = await addNote(tx, { orgId: u.orgId, roundId: round.id, unitCode: unit.unitCode, group: body.group, activity: body.activity, text: body.text, author: u.username });
      await writeAudit(tx, {
        orgId: u.orgId,
        actor: actor(u),
        action: 'note.add',
        entity: 'review_note',
        entityKey: `${unit.unitCode}/${body.group}/${body.activity}`,
        roundId: round.id,
        unitCode: unit.unitCode,
        new: { group: body.group || null, activity: body.activity || null, text: body.text },
      });
      return n;
    });
    return c.json({ note: noteJson(note) }, 201);
  });

  app.delete('/api/rounds/:id{[0-9]+}', async (c) => {
    const { u, round } = await loadRound(d, c);
    authorize(u, 'rounds.manage');
    const label = `${round.name} ${round.year}`;
    if (round.status === 'published') throw conflict(`omgången ${label} är publicerad och kan inte tas bort; arkivera den i stället`);
    await db.transaction(async (tx) => {
      const r = await getRound(tx, u.orgId, round.id, true);
      const used = await roundUsage(tx, r);
      const what = [
        used.forecasts ? `${used.forecasts} prognosbelopp` : '',
        used.comments ? `${used.comments} kommentarer` : '',
        used.notes ? `${used.notes} granskningskommentarer` : '',
        used.moved ? `${used.moved} inskickade eller godkända enheter` : '',
        used.content ? `${used.content} ändrade mål, uppdrag, åtgärder eller texter` : '',
      ].filter(Boolean);
      if (what.length > 0) throw conflict(`omgången ${label} används och kan inte tas bort: den har ${what.join(', ')}. Arkivera den i stället`, undefined, { usage: used });
      await deleteRound(tx, r);
      await writeAudit(tx, { orgId: u.orgId, actor: actor(u), action: 'round.delete', entity: 'round', entityKey: `${r.board}/${r.year}/${r.name}`, roundId: r.id, old: { board: r.board, year: r.year, name: r.name, period: r.period, level: r.level } });
    });
    return c.json({ deleted: round.id });
  });

  app.post('/api/rounds/:id{[0-9]+}/archive', async (c) => {
    const { u, round, tree } = await loadRound(d, c);
    authorize(u, 'rounds.manage');
    const body = await readBody(c, ArchiveBody);
    const after = await db.transaction(async (tx) => {
      const r = await getRound(tx, u.orgId, round.id, true);
      await setArchived(tx, u.orgId, r.id, body.archived, u.username);
      await writeAudit(tx, { orgId: u.orgId, actor: actor(u), action: body.archived ? 'round.archive' : 'round.unarchive', entity: 'round', entityKey: `${r.board}/${r.year}/${r.name}`, roundId: r.id, old: { archived: r.archivedAt !== null }, new: { archived: body.archived } });
      return getRound(tx, u.orgId, r.id);
    });
    return c.json({ round: { ...roundSummary(after, tree, await roundUnits(db, after)), archived: after.archivedAt !== null } });
  });

  /** What the new-round form proposes for a board: the next round, the last booked month, the previous round's level. */
  app.get('/api/rounds/defaults', async (c) => {
    const u = currentUser(c);
    authorize(u, 'rounds.manage');
    const tree = await orgTree(d, u.orgId);
    const board = check(z.string().max(50).optional(), c.req.query('board'));
    const rounds = await listRounds(db, u.orgId);
    const boards = tree.units.filter((x) => x.parent === null || x.level === 'board');
    const chosen = board ?? rounds[0]?.board ?? boards[0]?.code ?? '';
    if (board !== undefined && !tree.get(board)) throw new PrognosError('BAD_INPUT', `enheten ${board} finns inte`, { field: 'board' });
    const booked = await lastBookedMonth(db, u.orgId);
    const year = booked?.year ?? new Date().getFullYear();
    const ofBoard = rounds.filter((r) => r.board === chosen).sort((a, b) => b.year - a.year || b.period - a.period || b.id - a.id);
    const sameYear = ofBoard.filter((r) => r.year === year);
    const boardLevels = new Set(boards.map((b) => b.level));
    const levels = sortLevels(tree.subtree(chosen).map((x) => x.level).filter((l) => !boardLevels.has(l)));
    return c.json({
      board: chosen,
      year,
      period: booked?.period ?? Math.max(1, new Date().getMonth()),
      name: nextRoundName(sameYear[0]?.name),
      level: ofBoard[0]?.level ?? levels[0] ?? null,
      deadline: null,
      levels,
      previous: ofBoard[0] ? { id: ofBoard[0].id, name: ofBoard[0].name, year: ofBoard[0].year, level: ofBoard[0].level, period: ofBoard[0].period } : null,
    });
  });
}

export const EmailBody = z.strictObject({ email: z.string().trim().max(254).nullable() });

/** An admin sets where a user's notifications go (`PUT /api/users/:username/email`). */
export function registerUserEmail(app: App, d: Deps): void {
  app.put('/api/users/:username/email', async (c) => {
    const u = currentUser(c);
    authorize(u, 'users.manage');
    const body = await readBody(c, EmailBody);
    const username = c.req.param('username');
    const email = body.email ? body.email : null;
    await d.store.db.transaction(async (tx) => {
      const r = await setUserEmail(tx, u.orgId, username, email);
      await writeAudit(tx, { orgId: u.orgId, actor: actor(u), action: 'user.email', entity: 'user', entityKey: username, old: { email: r.before }, new: { email } });
    });
    return c.json({ username, email });
  });
}
