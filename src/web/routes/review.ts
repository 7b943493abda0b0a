/** The controller's actions: approve all submitted (unit list); approve, reopen with a reason and review comments (unit page). */
import { ApiError } from '../api.ts';
import { type Kit, enc, readForm, fieldError, statusOf } from './kit.ts';
import type { ForecastView } from './forecast.ts';

export function registerReviewPages(k: Kit, forecastView: ForecastView): void {
  const { app, page } = k;

  app.post(
    '/rounds/:id{[0-9]+}/approve-submitted',
    page(async (c, v) => {
      const id = c.req.param('id')!;
      const r = await v.api.send<{ count: number }>('POST', `/api/rounds/${enc(id)}/approve-submitted`);
      return c.redirect(`/rounds/${id}?ok=bulk-approved&n=${r.count}#units-heading`, 303);
    }),
  );

  /** A unit action whose errors are shown in the unit page's review section. */
  const unitAction = (action: 'approve' | 'reopen' | 'notes') =>
    page(async (c, v) => {
      const id = c.req.param('id')!;
      const code = c.req.param('code')!;
      const f = await readForm(c);
      const unitPage = `/rounds/${id}/units/${enc(code)}`;
      try {
        if (action === 'notes') await v.api.send('POST', `/api/rounds/${enc(id)}/units/${enc(code)}/notes`, { group: f.group ?? '', text: f.text ?? '' });
        else await v.api.send('POST', `/api/rounds/${enc(id)}/units/${enc(code)}/${action}`, action === 'reopen' ? { reason: f.reason ?? '' } : {});
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 401 || e.status === 404) throw e;
        const error = fieldError(e.error);
        return forecastView(c, v, { error, review: { error, ...(action === 'reopen' ? { reasonDraft: f.reason ?? '' } : {}), ...(action === 'notes' ? { noteDraft: f.text ?? '' } : {}) } }, statusOf(e));
      }
      if (action === 'approve' && f.from !== 'unit') return c.redirect(`/rounds/${id}?ok=approved&enhet=${enc(code)}#units-heading`, 303);
      const ok = action === 'approve' ? 'approved' : action === 'reopen' ? 'reopened' : 'note';
      return c.redirect(`${unitPage}?ok=${ok}&enhet=${enc(code)}#review-heading`, 303);
    });

  app.post('/rounds/:id{[0-9]+}/units/:code/approve', unitAction('approve'));
  app.post('/rounds/:id{[0-9]+}/units/:code/reopen', unitAction('reopen'));
  app.post('/rounds/:id{[0-9]+}/units/:code/notes', unitAction('notes'));
}
