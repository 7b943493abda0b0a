/**
 * The intrapreneurships' accumulated results (intraprenader) of a round's board and year, entered
 * and edited on the web per unit: the same versions, locking (a closed round refuses), audit and
 * 409 on a stale version as observations. The roll-forward is the board's year, shared by its
 * rounds; it is edited through an open round of that year.
 */
import { PrognosError } from '../../core/errors/index.ts';
import { can } from '../../core/permissions/index.ts';
import { writeAudit } from '../../store/audit.ts';
import { deleteRollforward, loadRollforward, saveRollforward, type RollforwardEntry, type RollforwardKey } from '../../store/rollforward-edit.ts';
import { actor, readBody, type App, type Ctx, type Deps } from '../context.ts';
import { conflict } from '../errors.ts';
import { DeleteBody, RollforwardBody } from '../schemas.ts';
import { boardRound } from './board-round.ts';
import { lockOpenRound } from '../round-lock.ts';

function unitOf(c: Ctx): string {
  const t = c.req.param('unit') ?? '';
  if (!/^[\p{L}\p{N} _.:-]{1,40}$/u.test(t)) throw new PrognosError('BAD_INPUT', 'enhetskoden får vara högst 40 tecken: bokstäver, siffror, mellanslag och _ . : -', { field: 'unit' });
  return t;
}

function stale(current: RollforwardEntry | null): PrognosError {
  return conflict(
    current
      ? `intraprenadens resultat har ändrats${current.updatedBy ? ` av ${current.updatedBy}` : ''}${current.updatedAt ? ` ${current.updatedAt}` : ''}; läs det nya värdet och spara igen`
      : 'intraprenaden finns inte längre eller har aldrig sparats; spara med version 0',
    'version',
    { current },
  );
}

const view = (r: RollforwardEntry | null) => (r ? { openingOre: r.openingOre, usedOre: r.usedOre, resultOre: r.resultOre } : null);

export function registerRollforward(app: App, d: Deps): void {
  const db = d.store.db;
  const keyOf = (round: { orgId: string; board: string; year: number }): RollforwardKey => ({ orgId: round.orgId, board: round.board, year: round.year });

  app.get('/api/rounds/:id{[0-9]+}/rollforward', async (c) => {
    const { u, round, boardPath, tree } = await boardRound(d, c, false);
    const rows = await loadRollforward(db, keyOf(round));
    return c.json({
      board: round.board,
      year: round.year,
      editable: round.status === 'open' && can(u, 'content.write', boardPath),
      rollforward: rows.map((r) => ({ ...r, name: tree.get(r.unit)?.name ?? null, closingOre: r.openingOre + r.usedOre + r.resultOre })),
    });
  });

  app.put('/api/rounds/:id{[0-9]+}/rollforward/:unit', async (c) => {
    const { u, round, tree } = await boardRound(d, c, true);
    const unit = unitOf(c);
    // An intrapreneurship is a unit of the board (its figures are in the board's tables).
    if (!tree.path(unit).some((x) => x.code === round.board)) throw new PrognosError('BAD_INPUT', `enheten ${unit} finns inte under ${round.board} i organisationen`, { field: 'unit' });
    const { version, ...fields } = await readBody(c, RollforwardBody);
    const r = await db.transaction(async (tx) => {
      await lockOpenRound(tx, round);
      const s = await saveRollforward(tx, keyOf(round), unit, fields, version, u.username);
      if (s.ok) {
        await writeAudit(tx, { orgId: u.orgId, actor: actor(u), action: 'rollforward.save', entity: 'rollforward', entityKey: unit, roundId: round.id, unitCode: unit, old: view(s.before), new: view(s.after) });
      }
      return s;
    });
    if (!r.ok) throw stale(r.current);
    return c.json({ rollforward: r.after }, r.before ? 200 : 201);
  });

  app.delete('/api/rounds/:id{[0-9]+}/rollforward/:unit', async (c) => {
    const { u, round } = await boardRound(d, c, true);
    const unit = unitOf(c);
    const body = await readBody(c, DeleteBody);
    const r = await db.transaction(async (tx) => {
      await lockOpenRound(tx, round);
      const s = await deleteRollforward(tx, keyOf(round), unit, body.version);
      if (s.ok) await writeAudit(tx, { orgId: u.orgId, actor: actor(u), action: 'rollforward.delete', entity: 'rollforward', entityKey: unit, roundId: round.id, unitCode: unit, old: view(s.before), new: null });
      return s;
    });
    if (!r.ok) throw stale(r.current);
    return c.json({ ok: true });
  });
}
