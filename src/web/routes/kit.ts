/** The page shell and helpers every UI route module shares. */
import type { Context } from 'hono';
import type { App, AppEnv, Ctx, Deps } from '../../server/context.ts';
import { Api, ApiError, type ApiErrorBody } from '../api.ts';
import { Assets } from '../assets.ts';
import { html, type Html } from '../html.ts';
import { notice, renderPage, type AssetUrls, type Crumb, type FieldError, type PageOptions, type RoundTab } from '../layout.ts';
import { sentence } from '../format.ts';
import type { Content, Me, RoundDetail, RoundSummary } from '../types.ts';

export interface View {
  api: Api;
  me: Me;
  urls: AssetUrls;
}

export type Form = Record<string, string>;

export const enc = encodeURIComponent;

/** A local path to return to after log-in: `/…` but never `//…` (another host). */
export function safeNext(next: string | undefined): string | undefined {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login') || /[\u0000-\u001f\u007f]/.test(next)) return undefined;
  return next;
}

export async function readForm(c: Ctx): Promise<Form> {
  const body = await c.req.parseBody();
  const out: Form = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

export const apiError = (e: unknown): ApiErrorBody => (e instanceof ApiError ? e.error : { code: 'INTERNAL', message: 'ett internt fel inträffade' });
export const fieldError = (e: ApiErrorBody): FieldError => ({ message: e.message, ...(e.field !== undefined ? { field: e.field } : {}) });
export const statusOf = (e: unknown): 400 | 403 | 404 | 409 | 429 | 500 => {
  const s = e instanceof ApiError ? e.status : 500;
  return ([400, 403, 404, 409, 429] as const).find((x) => x === s) ?? 500;
};

export const int = (s: string | undefined): number | undefined => (s !== undefined && /^\s*-?\d+\s*$/.test(s) ? Number(s.trim()) : undefined);

/** Success messages after a redirect (`?ok=…`): fixed texts, only a unit code or name filled in. */
export function okMessage(c: Ctx): Html | null {
  const ok = c.req.query('ok');
  if (!ok) return null;
  const unit = c.req.query('enhet') ?? '';
  const n = c.req.query('n') ?? '';
  const texts: Record<string, string> = {
    opened: 'Uppföljningstillfället är öppnat. Enheterna kan nu lämna sina prognoser.',
    approved: `${unit} är godkänd.`,
    reopened: `${unit} är återöppnad och kan ändras igen.`,
    submitted: 'Prognosen är inskickad till controllern.',
    published: 'Uppföljningstillfället är publicerat och låst. Rapporten har fått en fast adress.',
    saved: 'Prognosen är sparad.',
    proposals: n === '0' ? 'Förslagen är använda för alla rader.' : `Förslagen är använda. ${n} rader hade ändrats av någon annan och lämnades orörda; kontrollera dem.`,
    comment: 'Kommentaren är sparad.',
    'bulk-approved': n === '1' ? '1 inskickad enhet är godkänd.' : `${n} inskickade enheter är godkända.`,
    note: 'Granskningskommentaren är sparad.',
    deleted: 'Uppföljningstillfället är borttaget.',
    archived: 'Uppföljningstillfället är arkiverat. Det syns under "Visa arkiverade" och kan fortfarande läsas.',
    unarchived: 'Uppföljningstillfället är inte längre arkiverat.',
    settings: 'Inställningarna är sparade.',
    status: 'Statusen är sparad.',
    measure: 'Åtgärden är sparad.',
    'measure-deleted': 'Åtgärden är borttagen.',
    observation: 'Iakttagelsen är sparad.',
    'observation-deleted': 'Iakttagelsen är borttagen.',
    text: 'Texten är sparad.',
    grid: 'Tabellen är sparad.',
    rollforward: 'Intraprenadens resultat är sparat.',
    'rollforward-deleted': 'Intraprenaden är borttagen.',
    'template-saved': `Mallen är sparad för ${unit} som version ${n}.`,
    'user-created': `Användaren ${unit} är skapad.`,
    'user-disabled': `Användaren ${unit} är avstängd och utloggad.`,
    'user-enabled': `Användaren ${unit} är aktiverad.`,
    'user-saved': `Ändringarna av ${unit} är sparade.`,
    'user-password': `${unit} har fått ett nytt lösenord och är utloggad.`,
  };
  const t = texts[ok];
  return t ? notice('success', t) : null;
}

/** What every page module shares: the app, its dependencies and the page shell. */
/**
 * Form posts about one item of a page (a measure, an observation …): the post runs and redirects
 * (PRG); a refusal of the API shows the page again with the message at that item. 401/403/404 and
 * anything else go to the one error page.
 */
export function itemActions<E extends FieldError & { item: string }>(
  page: Kit['page'],
  view: (c: Ctx, v: View, error: E, status: number) => Promise<Response>,
): (item: (c: Ctx) => string, run: (c: Ctx, v: View, f: Form) => Promise<string>) => ReturnType<Kit['page']> {
  return (item, run) =>
    page(async (c, v) => {
      const f = await readForm(c);
      try {
        return c.redirect(await run(c, v, f), 303);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 401 || e.status === 403 || e.status === 404) throw e;
        return view(c, v, { item: item(c), ...fieldError(e.error) } as E, statusOf(e));
      }
    });
}

export interface Kit {
  app: App;
  d: Deps;
  assets: Assets;
  toLogin: (c: Ctx) => Response;
  send: (c: Ctx, o: Omit<PageOptions, 'assets'> & { assets: AssetUrls }, status?: number) => Response | Promise<Response>;
  page: (handler: (c: Ctx, v: View) => Promise<Response>) => (c: Context<AppEnv>) => Promise<Response>;
  loadRound: (v: View, id: string) => Promise<RoundDetail>;
  /** The UI's one error page (403, 404, 500 …) in the page shell; `forbiddenTitle` names a 403 that is no missing permission. */
  errorPage: (c: Ctx, status: number, message: string, urls: AssetUrls, o?: { me?: Me; forbiddenTitle?: string }) => Response | Promise<Response>;
  roundPage: (c: Ctx, v: View, round: RoundDetail | RoundSummary, tab: RoundTab | undefined, title: string, body: Html, crumbs?: Crumb[], status?: number, wide?: boolean, extra?: Pick<PageOptions, 'refresh'>) => Response | Promise<Response>;
}

export function makeKit(app: App, d: Deps): Kit {
  const assets = Assets.shared();
  // Start the bundle now, so the first page does not wait for it.
  assets.script().catch((err: unknown) => d.opts.log('webbklienten kunde inte byggas', err));

  app.get('/assets/:name', async (c) => {
    const a = await assets.get(c.req.param('name'));
    if (!a) return c.text('Filen finns inte.', 404);
    const versioned = c.req.query('v') === a.hash;
    c.header('Content-Type', a.type);
    c.header('Cache-Control', versioned ? 'public, max-age=31536000, immutable' : 'no-cache');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(a.body);
  });

  /** To the log-in page, and back here afterwards (after a post: to the page the form was on). */
  const toLogin = (c: Ctx) => {
    const u = new URL(c.req.url);
    let next = `${u.pathname}${u.search}`;
    if (c.req.method !== 'GET') {
      try {
        next = new URL(c.req.header('referer') ?? '/rounds', u).pathname;
      } catch {
        next = '/rounds';
      }
    }
    return c.redirect(`/login?next=${enc(next)}`, 303);
  };

  const send = (c: Ctx, o: Omit<PageOptions, 'assets'> & { assets: AssetUrls }, status = 200) => {
    c.header('Cache-Control', 'no-store');
    return c.html(renderPage(o.me ? { sessionIdleSeconds: d.opts.sessionIdleSeconds, ...o } : o), status as 200);
  };

  const errorPage: Kit['errorPage'] = (c, status, message, urls, o = {}) => {
    const title = status === 404 ? 'Sidan finns inte' : status === 403 ? (o.forbiddenTitle ?? 'Du saknar behörighet') : 'Något gick fel';
    const body = html`<h1>${title}</h1>
${notice(status >= 500 ? 'error' : 'warning', sentence(message))}
<p><a href="/rounds">Till uppföljningstillfällena</a></p>`;
    return send(c, { title, assets: urls, ...(o.me ? { me: o.me } : {}), body }, status);
  };

  /** A page whose API call failed: the error page, an internal error without its text. */
  const errorView = (c: Ctx, v: View | undefined, urls: AssetUrls, e: unknown) => {
    const status = statusOf(e);
    if (status === 500) d.opts.log(`fel på sidan ${c.req.path}`, e);
    return errorPage(c, status, status === 500 ? 'ett internt fel inträffade; försök igen om en stund' : apiError(e).message, urls, v ? { me: v.me } : {});
  };

  const page =
    (handler: (c: Ctx, v: View) => Promise<Response>) =>
    async (c: Context<AppEnv>): Promise<Response> => {
      if (!c.get('user')) return toLogin(c);
      const urls = await assets.urls();
      const api = new Api(app, c);
      let v: View | undefined;
      try {
        const me = await api.get<Me>('/api/me');
        v = { api, me, urls };
        // After an administrator's reset: a new password first.
        if (me.user.mustChangePassword && c.req.path !== '/account/password') return c.redirect('/account/password', 303);
        return await handler(c, v);
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return toLogin(c);
        return errorView(c, v, urls, e);
      }
    };

  /** A round with its permissions, for the round pages' tabs. */
  const loadRound = (v: View, id: string) => v.api.get<{ round: RoundDetail }>(`/api/rounds/${enc(id)}`).then((r) => r.round);

  const roundPage = (c: Ctx, v: View, round: RoundDetail | RoundSummary, tab: RoundTab | undefined, title: string, body: Html, crumbs: Crumb[] = [], status = 200, wide = false, extra: Pick<PageOptions, 'refresh'> = {}) =>
    send(
      c,
      {
        title: `${title} – ${round.name} ${round.year}`,
        assets: v.urls,
        me: v.me,
        section: 'rounds',
        breadcrumbs: [{ label: 'Uppföljningstillfällen', href: '/rounds' }, { label: `${round.name} ${round.year} ${round.board.name}`, href: `/rounds/${round.id}` }, ...crumbs],
        round: { round, ...('permissions' in round && 'units' in round ? { permissions: (round as RoundDetail).permissions } : {}), ...(tab ? { active: tab } : {}) },
        body,
        wide,
        ...extra,
      },
      status,
    );

  return { app, d, assets, toLogin, send, page, errorPage, loadRound, roundPage };
}
