/**
 * Observations (iakttagelser) of a round's board, entered and edited on the web: the same
 * versions, locking (a closed round refuses), audit and 409 on a stale version as narratives.
 */
import { PrognosError } from '../../core/errors/index.ts';
import { can } from '../../core/permissions/index.ts';
import { writeAudit } from '../../store/audit.ts';
import { deleteObservation, loadObservations, nextObservationNr, saveObservation, type ObservationEntry } from '../../store/observation-edit.ts';
import { actor, readBody, type App, type Ctx, type Deps } from '../context.ts';
import { conflict } from '../errors.ts';
import { DeleteBody, ObservationBody } from '../schemas.ts';
import { boardRound } from './board-round.ts';
import { lockOpenRound } from '../round-lock.ts';

function nrOf(c: Ctx): number {
  const t = c.req.param('nr') ?? '';
  if (!/^[1-9][0-9]{0,5}$/.test(t)) throw new PrognosError('BAD_INPUT', 'iakttagelsens nummer ska vara ett heltal från 1', { field: 'nr' });
  return Number(t);
}

function stale(current: ObservationEntry | null): PrognosError {
  return conflict(
    current
      ? `iakttagelsen har ändrats${current.updatedBy ? ` av ${current.updatedBy}` : ''}${current.updatedAt ? ` ${current.updatedAt}` : ''}; läs det nya värdet och spara igen`
      : 'iakttagelsen finns inte längre eller har aldrig sparats; spara med version 0',
    'version',
    { current },
  );
}

const view = (o: ObservationEntry | null) => (o ? { goalArea: o.goalArea, kind: o.kind, text: o.text } : null);

export function registerObservations(app: App, d: Deps): void {
  const db = d.store.db;

  app.get('/api/rounds/:id{[0-9]+}/observations', async (c) => {
    const { u, round, key, boardPath } = await boardRound(d, c, false);
    const [observations, next] = await Promise.all([loadObservations(db, key), nextObservationNr(db, key)]);
    return c.json({ board: round.board, year: round.year, round: round.name, editable: round.status === 'open' && can(u, 'content.write', boardPath), next, observations });
  });

  app.put('/api/rounds/:id{[0-9]+}/observations/:nr', async (c) => {
    const { u, round, key } = await boardRound(d, c, true);
    const nr = nrOf(c);
    const { version, ...fields } = await readBody(c, ObservationBody);
    const r = await db.transaction(async (tx) => {
      await lockOpenRound(tx, round);
      const s = await saveObservation(tx, key, nr, fields, version, u.username);
      if (s.ok) {
        await writeAudit(tx, { orgId: u.orgId, actor: actor(u), action: 'observation.save', entity: 'observation', entityKey: String(nr), roundId: round.id, unitCode: round.board, old: view(s.before), new: view(s.after) });
      }
      return s;
    });
    if (!r.ok) throw stale(r.current);
    return c.json({ observation: r.after }, r.before ? 200 : 201);
  });

  app.delete('/api/rounds/:id{[0-9]+}/observations/:nr', async (c) => {
    const { u, round, key } = await boardRound(d, c, true);
    const nr = nrOf(c);
    const body = await readBody(c, DeleteBody);
    const r = await db.transaction(async (tx) => {
      await lockOpenRound(tx, round);
      const s = await deleteObservation(tx, key, nr, body.version);
      if (s.ok) await writeAudit(tx, { orgId: u.orgId, actor: actor(u), action: 'observation.delete', entity: 'observation', entityKey: String(nr), roundId: round.id, unitCode: round.board, old: view(s.before), new: null });
      return s;
    });
    if (!r.ok) throw stale(r.current);
    return c.json({ ok: true });
  });
}
