/** The list of rounds, opening one, its unit list and the controller's actions on it. */
import type { Ctx } from '../../server/context.ts';
import { ApiError } from '../api.ts';
import { type FieldError } from '../layout.ts';
import { newRoundBody, roundBody, roundsBody, type NewRoundValues } from '../pages/rounds.ts';
import type { ReviewList, RoundCheck, RoundDetail, RoundSummary, UnitInfo } from '../types.ts';
import { readReviewQuery, reviewTable } from '../pages/review.ts';
import { manageRound, type RoundDefaults } from '../pages/round-manage.ts';
import type { TemplateInfo } from '../pages/templates.ts';
import { type Kit, type View, type Form, enc, readForm, fieldError, statusOf, int, okMessage } from './kit.ts';

/** The form's template choice: '' the board's latest stored one, `standard`, or `<id>@<version>`. */
function templateChoice(value: string | undefined): { template?: 'standard' | { id: string; version: number } } {
  if (!value) return {};
  if (value === 'standard') return { template: 'standard' };
  const m = /^(.+)@(\d+)$/.exec(value);
  return m ? { template: { id: m[1]!, version: Number(m[2]) } } : {};
}

export function registerRoundPages(k: Kit): void {
  const { app, assets, send, page, loadRound, roundPage } = k;

  app.get(
    '/rounds',
    page(async (c, v) => {
      const archived = c.req.query('arkiverade') === '1';
      const { rounds } = await v.api.get<{ rounds: RoundSummary[] }>(`/api/rounds${archived ? '?archived=1' : ''}`);
      rounds.sort((a, b) => b.year - a.year || b.period - a.period || b.id - a.id);
      return send(c, { title: 'Uppföljningstillfällen', assets: v.urls, me: v.me, section: 'rounds', body: roundsBody({ me: v.me, rounds, message: okMessage(c), archived }) });
    }),
  );

  const newRoundPage = async (c: Ctx, v: View, values: NewRoundValues, error?: FieldError, status = 200) => {
    const board = values.board ?? c.req.query('board');
    const [{ units, levels }, { methods }, defaults, { templates }] = await Promise.all([
      v.api.get<{ units: UnitInfo[]; levels: string[] }>('/api/units'),
      v.api.get<{ methods: Array<{ id: string; name: string; description: string }> }>('/api/forecast-methods'),
      v.api.get<RoundDefaults>(`/api/rounds/defaults${board ? `?board=${enc(board)}` : ''}`).catch(() => undefined),
      v.api.get<{ templates: TemplateInfo[] }>('/api/templates'),
    ]);
    return send(
      c,
      {
        title: 'Öppna nytt uppföljningstillfälle',
        assets: v.urls,
        me: v.me,
        section: 'rounds',
        breadcrumbs: [{ label: 'Uppföljningstillfällen', href: '/rounds' }, { label: 'Nytt' }],
        body: newRoundBody({ csrf: v.me.csrfToken, units, levels, methods, templates, values, ...(defaults ? { defaults } : {}), ...(error ? { error } : {}) }),
      },
      status,
    );
  };

  app.get(
    '/rounds/new',
    page(async (c, v) => {
      if (!v.me.permissions.includes('rounds.manage')) throw new ApiError(403, { code: 'FORBIDDEN', message: 'bara controller och administratör kan öppna uppföljningstillfällen' });
      return newRoundPage(c, v, {});
    }),
  );

  app.post(
    '/rounds',
    page(async (c, v) => {
      const f = await readForm(c);
      const values: NewRoundValues = { ...f, byActivity: f.byActivity !== undefined };
      const need = (name: string, value: number | undefined, message: string): number => {
        if (value === undefined) throw new ApiError(400, { code: 'BAD_INPUT', field: name, message });
        return value;
      };
      try {
        const body = {
          board: f.board ?? '',
          year: need('year', int(f.year), 'ange året med fyra siffror, t.ex. 2024'),
          period: need('period', int(f.period), 'välj brytmånad'),
          name: (f.name ?? '').trim(),
          deadline: f.deadline ? f.deadline : null,
          level: f.level ?? '',
          ...(f.within ? { within: f.within } : {}),
          byActivity: values.byActivity,
          method: f.method ?? 'profile',
          thresholdTkr: need('thresholdTkr', int((f.thresholdTkr ?? '').replace(/[\s\u00a0]/g, '')), 'ange kommentarsgränsen som ett heltal i tkr, t.ex. 1000'),
          ...(f.prevPeriod ? { prevPeriod: need('prevPeriod', int(f.prevPeriod), 'välj månad') } : {}),
          ...templateChoice(f.template),
        };
        const r = await v.api.send<{ round: RoundDetail }>('POST', '/api/rounds', body);
        return c.redirect(`/rounds/${r.round.id}?ok=opened`, 303);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 403) throw e;
        // The API's own message: a duplicate says it already exists, a bad name how to write one.
        return newRoundPage(c, v, values, fieldError(e.error), statusOf(e));
      }
    }),
  );

  const methodsOf = (v: View) => v.api.get<{ methods: Array<{ id: string; name: string }> }>('/api/forecast-methods').then((m) => m.methods);

  const roundView = async (c: Ctx, v: View, id: string, error?: FieldError, status = 200) => {
    const [round, methods, list] = await Promise.all([loadRound(v, id), methodsOf(v), v.api.get<ReviewList>(`/api/rounds/${enc(id)}/review`)]);
    const origin = new URL(c.req.url).origin;
    const query = readReviewQuery((key) => c.req.query(key));
    const review = reviewTable({ base: `/rounds/${round.id}`, csrf: v.me.csrfToken, list, query, thresholdTkr: round.thresholdTkr });
    const manage = manageRound({ round, csrf: v.me.csrfToken, ...(error ? { error } : {}) });
    // What publishing will check, shown before the controller decides (errors block, warnings need a yes).
    const check = round.permissions.publish ? await v.api.get<RoundCheck>(`/api/rounds/${enc(id)}/check`) : undefined;
    return roundPage(c, v, round, 'units', 'Enheter och status', roundBody({ me: v.me, round, origin, message: okMessage(c), methods, review, manage, ...(check ? { check } : {}), ...(error ? { error } : {}) }), [], status);
  };

  app.get('/rounds/:id{[0-9]+}', page((c, v) => roundView(c, v, c.req.param('id')!)));

  /** A change whose errors are shown on the round page. */
  const roundAction = (run: (c: Ctx, v: View, f: Form) => Promise<string>) =>
    page(async (c, v) => {
      const f = await readForm(c);
      try {
        return c.redirect(await run(c, v, f), 303);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 401 || e.status === 404) throw e;
        return roundView(c, v, c.req.param('id')!, fieldError(e.error), statusOf(e));
      }
    });

  app.post(
    '/rounds/:id{[0-9]+}/settings',
    roundAction(async (c, v, f) => {
      const id = c.req.param('id')!;
      await v.api.send('PATCH', `/api/rounds/${id}`, {
        version: int(f.version) ?? 0,
        deadline: f.deadline ? f.deadline : null,
        ...(f.method ? { method: f.method } : {}),
        thresholdTkr: int((f.thresholdTkr ?? '').replace(/[\s\u00a0]/g, '')) ?? -1,
      });
      return `/rounds/${id}?ok=settings`;
    }),
  );

  app.post(
    '/rounds/:id{[0-9]+}/publish',
    roundAction(async (c, v, f) => {
      const id = c.req.param('id')!;
      if (f.confirm !== 'yes') throw new ApiError(400, { code: 'BAD_INPUT', field: 'confirm', message: 'kryssa i att du har granskat rapporten innan du publicerar' });
      // Publishing with forecasts not entered is an explicit decision ("Publicera ändå"), logged by the API.
      // So are warnings of the check ("Publicera trots varningarna"), logged with the warnings.
      const body = { ...(f.allowMissing === 'yes' ? { allowMissing: true } : {}), ...(f.acknowledgeWarnings === 'yes' ? { acknowledgeWarnings: true } : {}) };
      await v.api.send('POST', `/api/rounds/${id}/publish`, Object.keys(body).length > 0 ? body : undefined);
      return `/rounds/${id}?ok=published`;
    }),
  );

  app.post(
    '/rounds/:id{[0-9]+}/delete',
    roundAction(async (c, v, f) => {
      const id = c.req.param('id')!;
      if (f.confirm !== 'yes') throw new ApiError(400, { code: 'BAD_INPUT', field: 'confirm-delete', message: 'kryssa i att du vill ta bort uppföljningstillfället' });
      await v.api.send('DELETE', `/api/rounds/${enc(id)}`);
      return '/rounds?ok=deleted';
    }),
  );

  app.post(
    '/rounds/:id{[0-9]+}/archive',
    roundAction(async (c, v, f) => {
      const id = c.req.param('id')!;
      const archived = f.archived !== 'no';
      await v.api.send('POST', `/api/rounds/${enc(id)}/archive`, { archived });
      return archived ? '/rounds?ok=archived' : `/rounds/${id}?ok=unarchived`;
    }),
  );
}
