/**
 * "Att göra": what the logged-in user must do, in every role, across the open rounds
 * (archived rounds left out):
 * - unit editor: units to enter and submit, with deadlines; reopened units with the reason;
 * - controller (and admin): units submitted awaiting approval, rounds ready to publish, units
 *   past their deadline;
 * - everyone: reports published in the last 30 days.
 */
import { can } from '../../core/permissions/index.ts';
import { listRounds, roundUnits } from '../../store/rounds.ts';
import { authorize, currentUser, orgTree, pathOf, type App, type Deps } from '../context.ts';
import { swedishDate } from '../notify/index.ts';
import { roundSummary, visibleUnits } from './rounds.ts';

const RECENT_DAYS = 30;

export function registerTodo(app: App, d: Deps, clock: () => Date = () => new Date()): void {
  const db = d.store.db;

  app.get('/api/todo', async (c) => {
    const u = currentUser(c);
    authorize(u, 'rounds.read');
    const tree = await orgTree(d, u.orgId);
    const now = clock();
    const today = swedishDate(now);
    const rounds = (await listRounds(db, u.orgId)).filter((r) => r.archivedAt === null);
    const enter = [];
    const reopened = [];
    const approve = [];
    const publish = [];
    const overdue = [];
    const published = [];
    for (const r of rounds) {
      const units = visibleUnits(u, tree, await roundUnits(db, r));
      const summary = roundSummary(r, tree, units);
      const ref = { id: r.id, name: r.name, year: r.year, title: summary.title, deadline: r.deadline };
      if (r.status === 'published') {
        if (r.publishedAt && now.getTime() - Date.parse(r.publishedAt) <= RECENT_DAYS * 86_400_000) {
          published.push({ round: ref, publishedAt: r.publishedAt, publishedBy: r.publishedBy, link: `/rounds/${r.id}/report` });
        }
        continue;
      }
      const late = r.deadline !== null && r.deadline < today;
      for (const x of units) {
        const path = pathOf(tree, x.unitCode);
        const item = { round: ref, unit: { code: x.unitCode, name: tree.get(x.unitCode)?.name ?? x.unitCode }, status: x.status, link: `/rounds/${r.id}/units/${encodeURIComponent(x.unitCode)}` };
        const reviewer = can(u, 'units.review', path);
        if (u.role === 'unit_editor' && x.status === 'open' && can(u, 'forecast.write', path)) {
          if (x.reopenReason) reopened.push({ ...item, reason: x.reopenReason, reopenedBy: x.reopenedBy, reopenedAt: x.reopenedAt, overdue: late });
          else enter.push({ ...item, overdue: late });
        }
        if (reviewer && x.status === 'submitted') approve.push({ ...item, submittedBy: x.submittedBy, submittedAt: x.submittedAt });
        if (reviewer && late && x.status === 'open') overdue.push(item);
      }
      if (can(u, 'rounds.manage') && units.length > 0 && units.every((x) => x.status === 'approved')) publish.push({ round: ref, link: `/rounds/${r.id}#publish-heading` });
    }
    return c.json({ today, enter, reopened, approve, publish, overdue, published });
  });
}
