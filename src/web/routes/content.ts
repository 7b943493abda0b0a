/** Goals, assignments, measures and the narrative texts. */
import type { ReportTemplate } from '../../report/index.ts';
import type { Ctx } from '../../server/context.ts';
import { ApiError } from '../api.ts';
import { type FieldError } from '../layout.ts';
import { goalsBody, statusFieldName, textBody, textsBody, type ItemError, type StatusFormState, type TextSlot } from '../pages/content.ts';
import type { Content, NarrativeEntry, RoundSummary } from '../types.ts';
import { type Kit, type View, type Form, enc, itemActions, readForm, fieldError, statusOf, int, okMessage } from './kit.ts';

/** Where each narrative of the round's template goes, in report order, plus any other stored text. */
function textSlots(round: RoundSummary, template: ReportTemplate, stored: NarrativeEntry[]): TextSlot[] {
  const roundNumber = /^P(\d+)$/i.exec(round.name)?.[1] ?? round.name;
  // The same placeholders as the report template's titles.
  const fill = (t: string) =>
    t
      .replace(/\{year\}/g, String(round.year))
      .replace(/\{prevYear\}/g, String(round.year - 1))
      .replace(/\{nextYear\}/g, String(round.year + 1))
      .replace(/\{year \+ 3\}/g, String(round.year + 3))
      .replace(/\{round\}/g, round.name)
      .replace(/\{roundNumber\}/g, roundNumber)
      .replace(/\{board\}/g, round.board.name);
  const byKey = new Map(stored.map((n) => [n.key, n]));
  const slots: TextSlot[] = [];
  for (const ch of template.chapters) {
    const place = `${ch.number ? `${ch.number} ` : ''}${fill(ch.title)}`;
    for (const b of ch.blocks) {
      if ('narrative' in b) slots.push({ key: b.narrative, place, required: b.required ?? false, entry: byKey.get(b.narrative) });
      else if ('table' in b && typeof b.table === 'object') slots.push({ key: `comment:${b.table.id}`, place: `${place} – kommentar till tabellen`, required: false, entry: byKey.get(`comment:${b.table.id}`) });
    }
  }
  const known = new Set(slots.map((s) => s.key));
  for (const n of stored) {
    if (known.has(n.key)) continue;
    const unit = /^comment:unit:(.+)$/.exec(n.key)?.[1];
    const table = /^comment:(.+)$/.exec(n.key)?.[1];
    slots.push({ key: n.key, place: unit ? `Kommentar för enheten ${unit}` : table ? `Kommentar till tabellen ${table.replace(/:/g, ' ')}` : 'Övrig text, inte med i rapportmallen', required: false, entry: n });
  }
  return slots;
}

/** The template the round uses (its stored version, else the built-in one). */
const roundTemplate = async (v: View, id: string): Promise<ReportTemplate> => (await v.api.get<{ body: ReportTemplate }>(`/api/rounds/${id}/template`)).body;

export function registerContentPages(k: Kit): void {
  const { app, page, loadRound, roundPage } = k;

  const goalsView = async (c: Ctx, v: View, error?: ItemError, status = 200, state?: StatusFormState) => {
    const id = c.req.param('id')!;
    const [content, round] = await Promise.all([v.api.get<Content>(`/api/rounds/${id}/content`), loadRound(v, id)]);
    return roundPage(c, v, round, 'goals', 'Mål och uppdrag', goalsBody({ round, content, csrf: v.me.csrfToken, message: okMessage(c), ...(error ? { error } : {}), ...(state ? { state } : {}) }), [], status);
  };

  /**
   * The page's one status form: every goal and assignment whose status or comment differs from
   * what the page showed is saved (each with its own version, so a change made by someone else
   * meanwhile is a conflict of that item only). Items that fail come back with what was typed.
   */
  app.post(
    '/rounds/:id{[0-9]+}/statuses',
    page(async (c, v) => {
      const id = c.req.param('id')!;
      const f = await readForm(c);
      const typed = new Map<string, { status: string; comment: string }>();
      const errors = new Map<string, string>();
      let worst = 200;
      for (const key of Object.keys(f)) {
        const m = /^(goals|assignments):(.+):status$/.exec(key);
        if (!m) continue;
        const kind = m[1] as 'goals' | 'assignments';
        const code = m[2]!;
        const field = (name: Parameters<typeof statusFieldName>[2]) => f[statusFieldName(kind, code, name)] ?? '';
        const now = { status: field('status'), comment: field('comment') };
        if (now.status === field('was-status') && now.comment === field('was-comment')) continue;
        try {
          await v.api.send('PUT', `/api/rounds/${id}/${kind}/${enc(code)}/status`, { status: now.status ? now.status : null, comment: now.comment, version: int(field('version')) ?? 0 });
        } catch (e) {
          if (!(e instanceof ApiError) || e.status === 401 || e.status === 403 || e.status === 404) throw e;
          typed.set(`${kind}:${code}`, now);
          errors.set(`${kind}:${code}`, e.status === 409 && e.error.field === 'version' ? `${e.error.message}; det du skrev står kvar — spara igen för att ersätta den sparade bedömningen` : e.error.message);
          worst = Math.max(worst, statusOf(e));
        }
      }
      if (errors.size > 0) return goalsView(c, v, undefined, worst, { typed, errors });
      return c.redirect(`/rounds/${id}/goals?ok=status`, 303);
    }),
  );

  app.get('/rounds/:id{[0-9]+}/goals', page((c, v) => goalsView(c, v)));

  const contentAction = itemActions<ItemError>(page, (c, v, error, status) => goalsView(c, v, error, status));

  for (const kind of ['goals', 'assignments'] as const) {
    app.post(
      `/rounds/:id{[0-9]+}/${kind}/:code/status`,
      contentAction(
        (c) => `${kind}:${c.req.param('code')}`,
        async (c, v, f) => {
          const id = c.req.param('id')!;
          const code = c.req.param('code')!;
          await v.api.send('PUT', `/api/rounds/${id}/${kind}/${enc(code)}/status`, { status: f.status ? f.status : null, comment: f.comment ?? '', version: int(f.version) ?? 0 });
          const anchor = `${kind === 'goals' ? 'goal' : 'assignment'}-${code.replace(/[^A-Za-z0-9_-]/g, '_')}`;
          return `/rounds/${id}/goals?ok=status#${anchor}`;
        },
      ),
    );
  }

  const measureBody = (f: Form) => {
    const mnkr = (s: string | undefined) => {
      const t = (s ?? '').replace(/[\s\u00a0]/g, '').replace(',', '.').replace(/[\u2212]/g, '-');
      return t === '' ? null : t;
    };
    return {
      text: f.text ?? '',
      decisionDate: f.decisionDate ?? '',
      diaryNumber: f.diaryNumber ?? '',
      forecastEffectMnkr: mnkr(f.forecastEffectMnkr),
      totalEffectMnkr: mnkr(f.totalEffectMnkr),
      achievedMnkr: mnkr(f.achievedMnkr),
      expectedEffect: f.expectedEffect ?? '',
      comment: f.comment ?? '',
    };
  };

  app.post(
    '/rounds/:id{[0-9]+}/measures',
    contentAction(
      () => 'measures:new',
      async (c, v, f) => {
        const id = c.req.param('id')!;
        const nr = (f.nr ?? '').trim();
        if (nr === '') throw new ApiError(400, { code: 'BAD_INPUT', field: 'nr', message: 'ange åtgärdens nummer' });
        await v.api.send('PUT', `/api/rounds/${id}/measures/${enc(nr)}`, { ...measureBody(f), version: 0 });
        return `/rounds/${id}/goals?ok=measure#measure-${nr.replace(/[^A-Za-z0-9_-]/g, '_')}`;
      },
    ),
  );

  app.post(
    '/rounds/:id{[0-9]+}/measures/:nr',
    contentAction(
      (c) => `measures:${c.req.param('nr')}`,
      async (c, v, f) => {
        const id = c.req.param('id')!;
        const nr = c.req.param('nr')!;
        await v.api.send('PUT', `/api/rounds/${id}/measures/${enc(nr)}`, { ...measureBody(f), version: int(f.version) ?? 0 });
        return `/rounds/${id}/goals?ok=measure#measure-${nr.replace(/[^A-Za-z0-9_-]/g, '_')}`;
      },
    ),
  );

  app.post(
    '/rounds/:id{[0-9]+}/measures/:nr/delete',
    contentAction(
      (c) => `measures:${c.req.param('nr')}`,
      async (c, v, f) => {
        const id = c.req.param('id')!;
        await v.api.send('DELETE', `/api/rounds/${id}/measures/${enc(c.req.param('nr')!)}`, { version: int(f.version) ?? 0 });
        return `/rounds/${id}/goals?ok=measure-deleted#measures-heading`;
      },
    ),
  );

  // --- narrative texts -------------------------------------------------------------------------

  app.get(
    '/rounds/:id{[0-9]+}/texts',
    page(async (c, v) => {
      const id = c.req.param('id')!;
      const [content, round, template] = await Promise.all([v.api.get<Content>(`/api/rounds/${id}/content`), loadRound(v, id), roundTemplate(v, id)]);
      return roundPage(c, v, round, 'texts', 'Texter', textsBody({ round, slots: textSlots(round, template, content.narratives), editable: content.editable, message: okMessage(c) }));
    }),
  );

  const textView = async (c: Ctx, v: View, extra: { draft?: { title: string; text: string }; error?: FieldError; conflict?: NarrativeEntry | null } = {}, status = 200) => {
    const id = c.req.param('id')!;
    const key = c.req.param('key')!;
    const [content, round, template] = await Promise.all([v.api.get<Content>(`/api/rounds/${id}/content`), loadRound(v, id), roundTemplate(v, id)]);
    const slot = textSlots(round, template, content.narratives).find((s) => s.key === key) ?? { key, place: `Text ${key}`, required: false, entry: undefined };
    const body = textBody({ round, slot, editable: content.editable, csrf: v.me.csrfToken, message: okMessage(c), ...extra });
    return roundPage(c, v, round, 'texts', slot.place, body, [{ label: 'Texter', href: `/rounds/${id}/texts` }, { label: slot.place }], status);
  };

  app.get('/rounds/:id{[0-9]+}/texts/:key', page((c, v) => textView(c, v)));

  app.post(
    '/rounds/:id{[0-9]+}/texts/:key',
    page(async (c, v) => {
      const id = c.req.param('id')!;
      const key = c.req.param('key')!;
      const f = await readForm(c);
      const draft = { title: f.title ?? '', text: f.text ?? '' };
      try {
        await v.api.send('PUT', `/api/rounds/${id}/narratives/${enc(key)}`, { ...draft, version: int(f.version) ?? 0 });
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 401 || e.status === 403 || e.status === 404) throw e;
        if (e.status === 409 && e.error.field === 'version') {
          const current = (e.error as { current?: NarrativeEntry | null }).current ?? null;
          return textView(c, v, { draft, conflict: current }, 409);
        }
        return textView(c, v, { draft, error: fieldError(e.error) }, statusOf(e));
      }
      return c.redirect(`/rounds/${id}/texts/${enc(key)}?ok=text`, 303);
    }),
  );
}
