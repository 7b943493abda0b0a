/** The intrapreneurships page of a round: list, edit, add and delete over the JSON API. */
import type { Ctx } from '../../server/context.ts';
import { parseKronor } from '../../core/money/index.ts';
import { ApiError } from '../api.ts';
import { AMOUNTS, rollforwardBody, type RollforwardData, type TypedAmounts } from '../pages/rollforward.ts';
import type { ItemError } from '../pages/content.ts';
import { type Kit, type View, type Form, enc, readForm, fieldError, statusOf, int, okMessage } from './kit.ts';

/** A typed field the page refuses before the API is asked (an amount that is not one, no unit code). */
class TypedFieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** The form's kronor as öre, as the API takes them. */
export function amountsOf(f: Form): { openingOre: number; usedOre: number; resultOre: number } {
  const out: Record<string, number> = {};
  for (const a of AMOUNTS) {
    const typed = (f[a.name] ?? '').trim();
    if (typed === '') throw new TypedFieldError(a.name, `skriv ${a.label.replace(/, kr$/, '').toLowerCase()} i kronor (0 för inget)`);
    try {
      out[a.field] = parseKronor(typed);
    } catch {
      throw new TypedFieldError(a.name, `"${typed}" är inget belopp i kronor (t.ex. 23 900 000 eller -1 250,50)`);
    }
  }
  return out as { openingOre: number; usedOre: number; resultOre: number };
}

const typedOf = (f: Form): TypedAmounts => ({ unit: f.unit ?? '', opening: f.opening ?? '', used: f.used ?? '', result: f.result ?? '' });

export function registerRollforwardPages(k: Kit): void {
  const { app, page, loadRound, roundPage } = k;

  const view = async (c: Ctx, v: View, failed?: { error: ItemError; typed: TypedAmounts }, status = 200) => {
    const id = c.req.param('id')!;
    const [data, round] = await Promise.all([v.api.get<RollforwardData>(`/api/rounds/${id}/rollforward`), loadRound(v, id)]);
    const body = rollforwardBody({ round, data, csrf: v.me.csrfToken, message: okMessage(c), ...(failed ?? {}) });
    return roundPage(c, v, round, 'texts', 'Intraprenader', body, [{ label: 'Texter', href: `/rounds/${id}/texts` }, { label: 'Intraprenader' }], status);
  };

  app.get('/rounds/:id{[0-9]+}/rollforward', page((c, v) => view(c, v)));

  /** A form post about one intrapreneurship: runs and redirects, or shows the page again with the error at its field and what was typed. */
  const action = (item: (c: Ctx, f: Form) => string, run: (c: Ctx, v: View, f: Form) => Promise<string>) =>
    page(async (c, v) => {
      const f = await readForm(c);
      try {
        return c.redirect(await run(c, v, f), 303);
      } catch (e) {
        if (e instanceof TypedFieldError) return view(c, v, { error: { item: item(c, f), field: e.field, message: e.message }, typed: typedOf(f) }, 400);
        if (!(e instanceof ApiError) || e.status === 401 || e.status === 403 || e.status === 404) throw e;
        return view(c, v, { error: { item: item(c, f), ...fieldError(e.error) }, typed: typedOf(f) }, statusOf(e));
      }
    });

  app.post(
    '/rounds/:id{[0-9]+}/rollforward',
    action(
      () => 'rollforward:new',
      async (c, v, f) => {
        const id = c.req.param('id')!;
        const unit = (f.unit ?? '').trim();
        if (unit === '') throw new TypedFieldError('unit', 'skriv intraprenadens enhetskod');
        await v.api.send('PUT', `/api/rounds/${id}/rollforward/${enc(unit)}`, { ...amountsOf(f), version: 0 });
        return `/rounds/${id}/rollforward?ok=rollforward#rollforward-heading`;
      },
    ),
  );

  app.post(
    '/rounds/:id{[0-9]+}/rollforward/:unit',
    action(
      (c) => `rollforward:${c.req.param('unit')}`,
      async (c, v, f) => {
        const id = c.req.param('id')!;
        await v.api.send('PUT', `/api/rounds/${id}/rollforward/${enc(c.req.param('unit')!)}`, { ...amountsOf(f), version: int(f.version) ?? 0 });
        return `/rounds/${id}/rollforward?ok=rollforward#rollforward-heading`;
      },
    ),
  );

  app.post(
    '/rounds/:id{[0-9]+}/rollforward/:unit/delete',
    action(
      (c) => `rollforward:${c.req.param('unit')}`,
      async (c, v, f) => {
        const id = c.req.param('id')!;
        await v.api.send('DELETE', `/api/rounds/${id}/rollforward/${enc(c.req.param('unit')!)}`, { version: int(f.version) ?? 0 });
        return `/rounds/${id}/rollforward?ok=rollforward-deleted#rollforward-heading`;
      },
    ),
  );
}
