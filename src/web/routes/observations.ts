/** The observations page of a round: list, edit, add and delete over the JSON API. */
import type { Ctx } from '../../server/context.ts';
import { observationsBody, type ObservationsData } from '../pages/observations.ts';
import type { ItemError } from '../pages/content.ts';
import { type Kit, type View, type Form, itemActions, int, okMessage } from './kit.ts';

export function registerObservationPages(k: Kit): void {
  const { app, page, loadRound, roundPage } = k;

  const view = async (c: Ctx, v: View, error?: ItemError, status = 200) => {
    const id = c.req.param('id')!;
    const [data, round] = await Promise.all([v.api.get<ObservationsData>(`/api/rounds/${id}/observations`), loadRound(v, id)]);
    const body = observationsBody({ round, data, csrf: v.me.csrfToken, message: okMessage(c), ...(error ? { error } : {}) });
    return roundPage(c, v, round, 'goals', 'Iakttagelser', body, [{ label: 'Mål och uppdrag', href: `/rounds/${id}/goals` }, { label: 'Iakttagelser' }], status);
  };

  app.get('/rounds/:id{[0-9]+}/observations', page((c, v) => view(c, v)));

  const action = itemActions<ItemError>(page, (c, v, error, status) => view(c, v, error, status));

  const body = (f: Form) => ({ goalArea: f.goalArea ?? '', kind: f.kind ?? '', text: f.text ?? '' });

  app.post(
    '/rounds/:id{[0-9]+}/observations',
    action(
      () => 'observations:new',
      async (c, v, f) => {
        const id = c.req.param('id')!;
        const { next } = await v.api.get<ObservationsData>(`/api/rounds/${id}/observations`);
        await v.api.send('PUT', `/api/rounds/${id}/observations/${next}`, { ...body(f), version: 0 });
        return `/rounds/${id}/observations?ok=observation#observation-${next}`;
      },
    ),
  );

  app.post(
    '/rounds/:id{[0-9]+}/observations/:nr{[0-9]+}',
    action(
      (c) => `observations:${c.req.param('nr')}`,
      async (c, v, f) => {
        const id = c.req.param('id')!;
        const nr = c.req.param('nr')!;
        await v.api.send('PUT', `/api/rounds/${id}/observations/${nr}`, { ...body(f), version: int(f.version) ?? 0 });
        return `/rounds/${id}/observations?ok=observation#observation-${nr}`;
      },
    ),
  );

  app.post(
    '/rounds/:id{[0-9]+}/observations/:nr{[0-9]+}/delete',
    action(
      (c) => `observations:${c.req.param('nr')}`,
      async (c, v, f) => {
        const id = c.req.param('id')!;
        await v.api.send('DELETE', `/api/rounds/${id}/observations/${c.req.param('nr')!}`, { version: int(f.version) ?? 0 });
        return `/rounds/${id}/observations?ok=observation-deleted#observations-heading`;
      },
    ),
  );
}
