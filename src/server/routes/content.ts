/**
 * Status entry for the board of a round: goal and assignment statuses, measures and narrative
 * texts. Texts are stored as written (plain text with a small Markdown subset: paragraphs,
 * **bold**, *italic*, "- " lists); escaping is the renderers' job. Board-level content is
 * checked against the board with the unit-subtree rule.
 */
import { PrognosError } from '../../core/errors/index.ts';
import { writeAudit } from '../../store/audit.ts';
import {
  deleteMeasure,
  hasGoal,
  loadAssignments,
  loadGoals,
  loadMeasures,
  loadNarratives,
  saveMeasure,
  saveNarrative,
  setStatus,
  type ContentKey,
} from '../../store/content-edit.ts';
import type { RoundRecord } from '../../store/rounds.ts';
import { actor, authorize, pathOf, readBody, type App, type Ctx, type Deps, type SessionUser } from '../context.ts';
import { conflict } from '../errors.ts';
import { AssignmentStatusBody, DeleteBody, GoalStatusBody, MeasureBody, NARRATIVE_KEY, NarrativeBody } from '../schemas.ts';
import { loadRound } from './rounds.ts';
import { lockOpenRound, requireOpen } from '../round-lock.ts';
import { can } from '../../core/permissions/index.ts';

const keyOf = (r: RoundRecord): ContentKey => ({ orgId: r.orgId, board: r.board, year: r.year, round: r.name });

/** The round, checked for the content action on its board. */
async function boardRound(d: Deps, c: Ctx, write: boolean): Promise<{ u: SessionUser; round: RoundRecord; key: ContentKey; boardPath: string[] }> {
  const { u, round, tree } = await loadRound(d, c);
  const boardPath = pathOf(tree, round.board);
  authorize(u, write ? 'content.write' : 'content.read', boardPath, `nämnden ${round.board}`);
  if (write) requireOpen(round);
  return { u, round, key: keyOf(round), boardPath };
}

function stale(what: string, current: unknown): PrognosError {
  const by = (current as { updatedBy?: string | null } | null)?.updatedBy;
  const at = (current as { updatedAt?: string | null } | null)?.updatedAt;
  return conflict(
    current ? `${what} har ändrats${by ? ` av ${by}` : ''}${at ? ` ${at}` : ''}; läs det nya värdet och spara igen` : `${what} finns inte längre eller har aldrig sparats; spara med version 0`,
    'version',
    { current },
  );
}

export function registerContent(app: App, d: Deps): void {
  const db = d.store.db;

  app.get('/api/rounds/:id{[0-9]+}/content', async (c) => {
    const { u, round, key, boardPath } = await boardRound(d, c, false);
    const [goals, assignments, measures, narratives] = await Promise.all([loadGoals(db, key), loadAssignments(db, key), loadMeasures(db, key), loadNarratives(db, key)]);
    return c.json({
      board: round.board,
      year: round.year,
      round: round.name,
      editable: round.status === 'open' && can(u, 'content.write', boardPath),
      goals,
      assignments,
      measures,
      narratives,
    });
  });

  const status = (kind: 'goals' | 'assignments') =>
    app.put(`/api/rounds/:id{[0-9]+}/${kind}/:code/status`, async (c) => {
      const { u, round, key } = await boardRound(d, c, true);
      const code = c.req.param('code');
      const body = await readBody(c, kind === 'goals' ? GoalStatusBody : AssignmentStatusBody);
      const table = kind === 'goals' ? 'goal_status' : 'assignment_status';
      if (!(await hasGoal(db, key, kind === 'goals' ? 'goal' : 'assignment', code))) {
        throw new PrognosError('NOT_FOUND', `${kind === 'goals' ? 'målet' : 'uppdraget'} ${code} finns inte för ${round.board} ${round.year}`);
      }
      const r = await db.transaction(async (tx) => {
      await lockOpenRound(tx, round);
        const s = await setStatus(tx, table, key, code, { status: body.status, comment: body.comment }, body.version, u.username);
        if (s.ok) {
          await writeAudit(tx, {
            orgId: u.orgId,
            actor: actor(u),
            action: `${table}.save`,
            entity: table,
            entityKey: code,
            roundId: round.id,
            unitCode: round.board,
            old: s.before ? { status: s.before.status, comment: s.before.comment } : null,
            new: { status: s.after.status, comment: s.after.comment },
          });
        }
        return s;
      });
      if (!r.ok) throw stale(kind === 'goals' ? 'målets status' : 'uppdragets status', r.current);
      return c.json({ code, ...r.after });
    });
  status('goals');
  status('assignments');

  app.put('/api/rounds/:id{[0-9]+}/measures/:nr', async (c) => {
    const { u, round, key } = await boardRound(d, c, true);
    const nr = c.req.param('nr');
    if (!/^[A-Za-z0-9._-]{1,20}$/.test(nr)) throw new PrognosError('BAD_INPUT', 'åtgärdens nummer får innehålla bokstäver, siffror och . _ - (högst 20 tecken)', { field: 'nr' });
    const body = await readBody(c, MeasureBody);
    const { version, ...fields } = body;
    const r = await db.transaction(async (tx) => {
      await lockOpenRound(tx, round);
      const s = await saveMeasure(tx, key, nr, fields, version, u.username);
      if (s.ok) {
        const view = (m: typeof s.after | null) => (m ? { ...m, version: undefined, updatedBy: undefined, updatedAt: undefined } : null);
        await writeAudit(tx, { orgId: u.orgId, actor: actor(u), action: 'measure.save', entity: 'measure', entityKey: nr, roundId: round.id, unitCode: round.board, old: view(s.before), new: view(s.after) });
      }
      return s;
    });
    if (!r.ok) throw stale('åtgärden', r.current);
    return c.json({ measure: r.after }, r.before ? 200 : 201);
  });

  app.delete('/api/rounds/:id{[0-9]+}/measures/:nr', async (c) => {
    const { u, round, key } = await boardRound(d, c, true);
    const nr = c.req.param('nr');
    const body = await readBody(c, DeleteBody);
    const r = await db.transaction(async (tx) => {
      await lockOpenRound(tx, round);
      const s = await deleteMeasure(tx, key, nr, body.version);
      if (s.ok) await writeAudit(tx, { orgId: u.orgId, actor: actor(u), action: 'measure.delete', entity: 'measure', entityKey: nr, roundId: round.id, unitCode: round.board, old: s.before, new: null });
      return s;
    });
    if (!r.ok) throw stale('åtgärden', r.current);
    return c.json({ ok: true });
  });

  app.put('/api/rounds/:id{[0-9]+}/narratives/:key', async (c) => {
    const { u, round, key } = await boardRound(d, c, true);
    const k = c.req.param('key');
    if (!NARRATIVE_KEY.test(k)) throw new PrognosError('BAD_INPUT', 'textens nyckel får innehålla bokstäver, siffror och : _ . - (högst 100 tecken)', { field: 'key' });
    const body = await readBody(c, NarrativeBody);
    const r = await db.transaction(async (tx) => {
      await lockOpenRound(tx, round);
      const s = await saveNarrative(tx, key, k, { title: body.title, text: body.text }, body.version, u.username);
      if (s.ok) {
        await writeAudit(tx, {
          orgId: u.orgId,
          actor: actor(u),
          action: 'narrative.save',
          entity: 'narrative',
          entityKey: k,
          roundId: round.id,
          unitCode: round.board,
          old: s.before ? { title: s.before.title, text: s.before.text } : null,
          new: { title: s.after.title, text: s.after.text },
        });
      }
      return s;
    });
    if (!r.ok) throw stale('texten', r.current);
    return c.json({ narrative: r.after });
  });
}
