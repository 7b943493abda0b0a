/** A unit's forecast entry: the grid, proposals, the comment and submitting. */
import type { Ctx } from '../../server/context.ts';
import { ApiError } from '../api.ts';
import { type FieldError } from '../layout.ts';
import { formatTkr, oreToTkr, parseTkr } from '../format.ts';
import { forecastBody, rowLabel, type ConflictInfo, type EntryQuestionInfo } from '../pages/forecast.ts';
import type { CellJson, ForecastGrid, ReviewNoteJson } from '../types.ts';
import { reviewPanel } from '../pages/review.ts';
import { type Kit, type View, enc, readForm, apiError, fieldError, statusOf, int, okMessage } from './kit.ts';

/** What the unit page's review section shows after a failed action: the error and what was typed. */
export interface ReviewDraft {
  error?: FieldError;
  reasonDraft?: string;
  noteDraft?: string;
}

export type ForecastView = (c: Ctx, v: View, extra?: { error?: FieldError; conflict?: ConflictInfo; question?: EntryQuestionInfo; commentDraft?: string; review?: ReviewDraft }, status?: number) => Promise<Response>;

export function registerForecastPages(k: Kit): { forecastView: ForecastView } {
  const { app, page, loadRound, roundPage } = k;

  const gridPath = (id: string, code: string, method?: string) => `/api/rounds/${enc(id)}/units/${enc(code)}/forecast${method ? `?method=${enc(method)}` : ''}`;

  const forecastView: ForecastView = async (c, v, extra = {}, status = 200) => {
    const id = c.req.param('id')!;
    const code = c.req.param('code')!;
    const method = c.req.query('method');
    const [grid, round, { notes }] = await Promise.all([
      v.api.get<ForecastGrid>(gridPath(id, code, method)),
      loadRound(v, id),
      v.api.get<{ notes: ReviewNoteJson[] }>(`/api/rounds/${enc(id)}/units/${enc(code)}/notes`),
    ]);
    const { review: draft, ...rest } = extra;
    const groups = [...new Map(grid.rows.map((r) => [r.group, `${r.group} ${r.groupName}`])).entries()].map(([group, label]) => ({ group, label }));
    const canNote = round.status === 'open' && (v.me.permissions.includes('units.review') || grid.unit.permissions.edit);
    const review = reviewPanel({ base: `/rounds/${id}/units/${enc(code)}`, csrf: v.me.csrfToken, unit: grid.unit, notes, groups, canNote, error: draft?.error, reasonDraft: draft?.reasonDraft, noteDraft: draft?.noteDraft });
    const body = forecastBody({ me: v.me, grid, methodParam: method, message: okMessage(c), ...rest, review });
    return roundPage(c, v, round, 'units', `Prognos ${grid.unit.code} ${grid.unit.name}`, body, [{ label: `Prognos ${grid.unit.code} ${grid.unit.name}` }], status, true);
  };

  app.get('/rounds/:id{[0-9]+}/units/:code', page((c, v) => forecastView(c, v)));

  app.post(
    '/rounds/:id{[0-9]+}/units/:code/forecast',
    page(async (c, v) => {
      const id = c.req.param('id')!;
      const code = c.req.param('code')!;
      const f = await readForm(c);
      const group = f.group ?? '';
      const activity = f.activity ?? '';
      let amountOre: number | null = null;
      const back = `/rounds/${id}/units/${enc(code)}?${f.method ? `method=${enc(f.method)}&` : ''}`;
      if (f.action === 'proposal') {
        const grid = await v.api.get<ForecastGrid>(gridPath(id, code, f.method));
        const row = grid.rows.find((r) => r.group === group && r.activity === activity);
        if (!row) throw new ApiError(404, { code: 'NOT_FOUND', message: `raden ${group} finns inte` });
        amountOre = row.ore.proposal ?? 0;
      } else {
        const parsed = parseTkr(f.amount ?? '');
        if (parsed.ok) amountOre = parsed.ore === null ? null : Number(parsed.ore);
      }
      // A typed amount goes as typed: the server reads it and asks what it cannot be sure of.
      const amount = f.action === 'proposal' ? { amountOre } : { amountText: f.amount ?? '' };
      // A computed proposal is no slip of the hand: it asks nothing. A typed one the person confirmed.
      const confirm = f.action === 'proposal' ? ['sign', 'plausibility'] : (f.confirm ?? '').split(',').filter((x) => x === 'sign' || x === 'plausibility');
      try {
        await v.api.send('PUT', `/api/rounds/${id}/units/${enc(code)}/forecast`, { group, activity, ...amount, ...(confirm.length > 0 ? { confirm } : {}), version: int(f.version) ?? 0 });
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 401 || e.status === 403 || e.status === 404) throw e;
        const asks = (e.error as { needsConfirmation?: string[] }).needsConfirmation;
        if (e.status === 400 && asks && asks.length > 0) {
          const kinds = [...new Set([...confirm, ...asks])];
          return forecastView(c, v, { question: { group, activity, version: int(f.version) ?? 0, amountText: (f.amount ?? '').trim(), kinds, message: e.error.message } }, 400);
        }
        const current = (e.error as { current?: CellJson }).current;
        if (e.status === 409 && e.error.field === 'version' && current) {
          const grid = await v.api.get<ForecastGrid>(gridPath(id, code));
          const row = grid.rows.find((r) => r.group === group && r.activity === activity);
          return forecastView(
            c,
            v,
            {
              conflict: {
                group,
                activity,
                label: row ? rowLabel(row) : `kontogrupp ${group}`,
                mineText: f.action === 'proposal' ? formatTkr(amountOre === null ? null : oreToTkr(BigInt(amountOre))) : (f.amount ?? '').trim(),
                mineOre: amountOre,
                current: { amountTkr: current.amountTkr, version: current.version, updatedBy: current.updatedBy, updatedAt: current.updatedAt },
              },
            },
            409,
          );
        }
        return forecastView(c, v, { error: fieldError(e.error) }, statusOf(e));
      }
      return c.redirect(`${back}ok=saved`, 303);
    }),
  );

  app.post(
    '/rounds/:id{[0-9]+}/units/:code/forecast/proposals',
    page(async (c, v) => {
      const id = c.req.param('id')!;
      const code = c.req.param('code')!;
      const f = await readForm(c);
      const grid = await v.api.get<ForecastGrid>(gridPath(id, code, f.method));
      let skipped = 0;
      for (const row of grid.rows) {
        const proposal = row.ore.proposal ?? 0;
        if (row.ore.forecast === proposal || (row.ore.forecast === null && proposal === 0)) continue;
        try {
          await v.api.send('PUT', `/api/rounds/${id}/units/${enc(code)}/forecast`, { group: row.group, activity: row.activity, amountOre: proposal, confirm: ['sign', 'plausibility'], version: row.version });
        } catch (e) {
          if (e instanceof ApiError && e.status === 409 && e.error.field === 'version') skipped++;
          else return forecastView(c, v, { error: fieldError(apiError(e)) }, statusOf(e));
        }
      }
      return c.redirect(`/rounds/${id}/units/${enc(code)}?${f.method ? `method=${enc(f.method)}&` : ''}ok=proposals&n=${skipped}`, 303);
    }),
  );

  app.post(
    '/rounds/:id{[0-9]+}/units/:code/comment',
    page(async (c, v) => {
      const id = c.req.param('id')!;
      const code = c.req.param('code')!;
      const f = await readForm(c);
      const text = f.text ?? '';
      try {
        await v.api.send('PUT', `/api/rounds/${id}/units/${enc(code)}/comment`, { text, version: int(f.version) ?? 0 });
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 401 || e.status === 403 || e.status === 404) throw e;
        const current = (e.error as { current?: { text: string; updatedBy: string | null } }).current;
        const message = current ? `${e.error.message}. Deras text: "${current.text}"` : e.error.message;
        return forecastView(c, v, { error: { field: 'comment', message }, commentDraft: text }, statusOf(e));
      }
      return c.redirect(`/rounds/${id}/units/${enc(code)}?ok=comment#comment-heading`, 303);
    }),
  );

  app.post(
    '/rounds/:id{[0-9]+}/units/:code/submit',
    page(async (c, v) => {
      const id = c.req.param('id')!;
      const code = c.req.param('code')!;
      try {
        // Submitting with forecasts not entered is an explicit decision ("Skicka in ändå"), logged by the API.
        const f = await readForm(c);
        await v.api.send('POST', `/api/rounds/${id}/units/${enc(code)}/submit`, f.allowMissing === 'yes' ? { allowMissing: true } : undefined);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 401 || e.status === 404) throw e;
        const { varianceTkr, thresholdTkr } = e.error as { varianceTkr?: number; thresholdTkr?: number };
        const error =
          e.error.field === 'comment' && typeof varianceTkr === 'number' && typeof thresholdTkr === 'number'
            ? { field: 'comment', message: `en kommentar krävs: avvikelsen ${formatTkr(varianceTkr)} tkr är större än gränsen ±${formatTkr(thresholdTkr)} tkr` }
            : fieldError(e.error);
        return forecastView(c, v, { error }, statusOf(e));
      }
      return c.redirect(`/rounds/${id}/units/${enc(code)}?ok=submitted`, 303);
    }),
  );
  return { forecastView };
}
