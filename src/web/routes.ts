/**
 * The browser UI: server-rendered pages (Swedish), each a client of the JSON API (`api.ts`),
 * with plain form posts for every change (POST → redirect → GET), so everything works without
 * JavaScript; the browser module adds live variance, per-cell saves and dialogs on top.
 *
 * Pages need a session (else → /login?next=…); form posts carry the session's CSRF token in the
 * `_csrf` field, checked by the app before any handler runs. Every page is `no-store`.
 */
import type { Context } from 'hono';
import { standardTemplate } from '../report/index.ts';
import type { App, AppEnv, Ctx, Deps } from '../server/context.ts';
import { Api, ApiError, type ApiErrorBody } from './api.ts';
import { Assets } from './assets.ts';
import { html, type Html } from './html.ts';
import { notice, renderPage, type AssetUrls, type Crumb, type FieldError, type PageOptions, type RoundTab } from './layout.ts';
import { formatTkr, oreToTkr, parseTkr, sentence } from './format.ts';
import { loginBody, passwordBody } from './pages/auth.ts';
import { newRoundBody, roundBody, roundsBody, type NewRoundValues } from './pages/rounds.ts';
import { forecastBody, rowLabel, type ConflictInfo } from './pages/forecast.ts';
import { AUDIT_PAGE_SIZE, auditBody } from './pages/audit.ts';
import { goalsBody, textBody, textsBody, type ItemError, type TextSlot } from './pages/content.ts';
import { dashboardsBody } from './pages/dashboards.ts';
import { pendingFormats, preparingBody, REFRESH_SECONDS, reportBody, type SlowFormat } from './pages/report.ts';
import { usersBody, type NewUserValues } from './pages/users.ts';
import type {
  AccuracyDashboard,
  AuditEntry,
  CellJson,
  Content,
  ForecastGrid,
  ForecastsDashboard,
  Me,
  NarrativeEntry,
  ProgressDashboard,
  RoundDetail,
  RoundSummary,
  UnitInfo,
  UserJson,
  VarianceDashboard,
} from './types.ts';

interface View {
  api: Api;
  me: Me;
  urls: AssetUrls;
}

type Form = Record<string, string>;

const enc = encodeURIComponent;

/** Paths of the UI (everything that is not the API, a published report or an asset). */
export function isUiPath(path: string): boolean {
  return !path.startsWith('/api/') && !path.startsWith('/published/') && !path.startsWith('/assets/');
}

/** A local path to return to after log-in: `/…` but never `//…` (another host). */
function safeNext(next: string | undefined): string | undefined {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login') || /[\u0000-\u001f\u007f]/.test(next)) return undefined;
  return next;
}

async function readForm(c: Ctx): Promise<Form> {
  const body = await c.req.parseBody();
  const out: Form = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

const apiError = (e: unknown): ApiErrorBody => (e instanceof ApiError ? e.error : { code: 'INTERNAL', message: 'ett internt fel inträffade' });
const fieldError = (e: ApiErrorBody): FieldError => ({ message: e.message, ...(e.field !== undefined ? { field: e.field } : {}) });
const statusOf = (e: unknown): 400 | 403 | 404 | 409 | 429 | 500 => {
  const s = e instanceof ApiError ? e.status : 500;
  return ([400, 403, 404, 409, 429] as const).find((x) => x === s) ?? 500;
};

const int = (s: string | undefined): number | undefined => (s !== undefined && /^\s*-?\d+\s*$/.test(s) ? Number(s.trim()) : undefined);

/** Success messages after a redirect (`?ok=…`): fixed texts, only a unit code or name filled in. */
function okMessage(c: Ctx): Html | null {
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
    settings: 'Inställningarna är sparade.',
    status: 'Statusen är sparad.',
    measure: 'Åtgärden är sparad.',
    'measure-deleted': 'Åtgärden är borttagen.',
    text: 'Texten är sparad.',
    'user-created': `Användaren ${unit} är skapad.`,
    'user-disabled': `Användaren ${unit} är avstängd och utloggad.`,
    'user-enabled': `Användaren ${unit} är aktiverad.`,
  };
  const t = texts[ok];
  return t ? notice('success', t) : null;
}

/** Where each narrative of the standard report goes, in report order, plus any other stored text. */
function textSlots(round: RoundSummary, stored: NarrativeEntry[]): TextSlot[] {
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
  const template = standardTemplate(round.board.code, round.period === 12, round.level);
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
    slots.push({ key: n.key, place: unit ? `Kommentar för enheten ${unit}` : table ? `Kommentar till tabellen ${table.replace(/:/g, ' ')}` : `Övrig text (${n.key})`, required: false, entry: n });
  }
  return slots;
}

export interface WebUi {
  /** An HTML error page for a browser on a UI path; undefined elsewhere (the API answers JSON). */
  htmlError(c: Ctx, status: number, message: string): Promise<Response> | undefined;
}

export function registerWeb(app: App, d: Deps): WebUi {
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
    return c.html(renderPage(o), status as 200);
  };

  /** An error page (403, 404, …) in the page shell. */
  const errorView = (c: Ctx, v: View | undefined, urls: AssetUrls, e: unknown) => {
    const status = statusOf(e);
    const err = apiError(e);
    if (status === 500) d.opts.log(`fel på sidan ${c.req.path}`, e);
    const title = status === 404 ? 'Sidan finns inte' : status === 403 ? 'Du saknar behörighet' : 'Något gick fel';
    const body = html`<h1>${title}</h1>
${notice(status === 500 ? 'error' : 'warning', sentence(status === 500 ? 'ett internt fel inträffade; försök igen om en stund' : err.message))}
<p><a href="/rounds">Till uppföljningstillfällena</a></p>`;
    return send(c, { title, assets: urls, ...(v ? { me: v.me } : {}), body }, status);
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

  // --- log-in, log-out, password ---------------------------------------------------------------

  app.get('/', (c) => c.redirect(c.get('user') ? '/rounds' : '/login', 303));

  app.get('/login', async (c) => {
    if (c.get('user')) return c.redirect(safeNext(c.req.query('next')) ?? '/rounds', 303);
    const info = c.req.query('utloggad') !== undefined ? 'Du är utloggad.' : c.req.query('next') ? 'Logga in för att fortsätta.' : undefined;
    const next = safeNext(c.req.query('next'));
    return send(c, { title: 'Logga in', assets: await assets.urls(), narrow: true, body: loginBody({ ...(next ? { next } : {}), ...(info ? { info } : {}) }) });
  });

  app.post('/login', async (c) => {
    const form = await readForm(c);
    const next = safeNext(form.next);
    const username = (form.username ?? '').trim();
    const password = form.password ?? '';
    const fail = async (error: FieldError, status: number) =>
      send(c, { title: 'Logga in', assets: await assets.urls(), narrow: true, body: loginBody({ username, ...(next ? { next } : {}), error }) }, status);
    if (username === '' || password === '') return fail({ field: username === '' ? 'username' : 'password', message: username === '' ? 'fyll i ditt användarnamn' : 'fyll i ditt lösenord' }, 400);
    const r = await new Api(app, c).call<{ error?: ApiErrorBody }>('POST', '/api/auth/login', { username, password });
    if (!r.ok) {
      const e = r.body.error ?? { code: 'INTERNAL', message: 'inloggningen misslyckades; försök igen' };
      if (r.status === 429) {
        const retry = r.headers.get('retry-after');
        if (retry) c.header('Retry-After', retry);
        return fail({ message: `${e.message}. Inloggningen är spärrad en stund för att skydda kontot` }, 429);
      }
      return fail({ message: r.status === 401 ? 'fel användarnamn eller lösenord' : e.message }, r.status);
    }
    for (const cookie of r.headers.getSetCookie()) c.header('Set-Cookie', cookie, { append: true });
    return c.redirect(next ?? '/rounds', 303);
  });

  app.post('/logout', async (c) => {
    const r = await new Api(app, c).call('POST', '/api/auth/logout', {});
    for (const cookie of r.headers.getSetCookie()) c.header('Set-Cookie', cookie, { append: true });
    return c.redirect('/login?utloggad', 303);
  });

  const passwordPage = (c: Ctx, v: View, o: { error?: FieldError; done?: boolean }, status = 200) =>
    send(c, { title: 'Byt lösenord', assets: v.urls, me: v.me, section: 'account', body: passwordBody({ csrf: v.me.csrfToken, ...o }) }, status);

  app.get('/account/password', page(async (c, v) => passwordPage(c, v, { done: c.req.query('ok') === 'password' })));

  app.post(
    '/account/password',
    page(async (c, v) => {
      const f = await readForm(c);
      if ((f.newPassword ?? '') !== (f.repeat ?? '')) return passwordPage(c, v, { error: { field: 'repeat', message: 'de två nya lösenorden är olika' } }, 400);
      try {
        await v.api.send('POST', '/api/me/password', { currentPassword: f.currentPassword ?? '', newPassword: f.newPassword ?? '' });
      } catch (e) {
        return passwordPage(c, v, { error: fieldError(apiError(e)) }, statusOf(e));
      }
      return c.redirect('/account/password?ok=password', 303);
    }),
  );

  // --- rounds ----------------------------------------------------------------------------------

  app.get(
    '/rounds',
    page(async (c, v) => {
      const { rounds } = await v.api.get<{ rounds: RoundSummary[] }>('/api/rounds');
      rounds.sort((a, b) => b.year - a.year || b.period - a.period || b.id - a.id);
      return send(c, { title: 'Uppföljningstillfällen', assets: v.urls, me: v.me, section: 'rounds', body: roundsBody({ me: v.me, rounds, message: okMessage(c) }) });
    }),
  );

  const newRoundPage = async (c: Ctx, v: View, values: NewRoundValues, error?: FieldError, status = 200) => {
    const [{ units, levels }, { methods }] = await Promise.all([
      v.api.get<{ units: UnitInfo[]; levels: string[] }>('/api/units'),
      v.api.get<{ methods: Array<{ id: string; name: string; description: string }> }>('/api/forecast-methods'),
    ]);
    return send(
      c,
      {
        title: 'Öppna nytt uppföljningstillfälle',
        assets: v.urls,
        me: v.me,
        section: 'rounds',
        breadcrumbs: [{ label: 'Uppföljningstillfällen', href: '/rounds' }, { label: 'Nytt' }],
        body: newRoundBody({ csrf: v.me.csrfToken, units, levels, methods, values, ...(error ? { error } : {}) }),
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
        };
        const r = await v.api.send<{ round: RoundDetail }>('POST', '/api/rounds', body);
        return c.redirect(`/rounds/${r.round.id}?ok=opened`, 303);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 403) throw e;
        // The API says "omgång"; the page says "prognos" and "uppföljningstillfälle".
        const error = e.error.field === 'name' ? { field: 'name', message: 'skriv prognosens namn, till exempel P1 (bokstäver, siffror, - och _)' } : fieldError(e.error);
        return newRoundPage(c, v, values, error, statusOf(e));
      }
    }),
  );

  const methodsOf = (v: View) => v.api.get<{ methods: Array<{ id: string; name: string }> }>('/api/forecast-methods').then((m) => m.methods);

  const roundView = async (c: Ctx, v: View, id: string, error?: FieldError, status = 200) => {
    const [round, methods] = await Promise.all([loadRound(v, id), methodsOf(v)]);
    const origin = new URL(c.req.url).origin;
    return roundPage(c, v, round, 'units', 'Enheter och status', roundBody({ me: v.me, round, origin, message: okMessage(c), methods, ...(error ? { error } : {}) }), [], status);
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
      await v.api.send('POST', `/api/rounds/${id}/publish`);
      return `/rounds/${id}?ok=published`;
    }),
  );

  for (const action of ['approve', 'reopen'] as const) {
    app.post(
      `/rounds/:id{[0-9]+}/units/:code/${action}`,
      roundAction(async (c, v) => {
        const id = c.req.param('id')!;
        const code = c.req.param('code')!;
        await v.api.send('POST', `/api/rounds/${id}/units/${enc(code)}/${action}`);
        return `/rounds/${id}?ok=${action === 'approve' ? 'approved' : 'reopened'}&enhet=${enc(code)}#units-heading`;
      }),
    );
  }

  // --- forecast entry --------------------------------------------------------------------------

  const gridPath = (id: string, code: string, method?: string) => `/api/rounds/${enc(id)}/units/${enc(code)}/forecast${method ? `?method=${enc(method)}` : ''}`;

  const forecastView = async (c: Ctx, v: View, extra: { error?: FieldError; conflict?: ConflictInfo; commentDraft?: string } = {}, status = 200) => {
    const id = c.req.param('id')!;
    const code = c.req.param('code')!;
    const method = c.req.query('method');
    const [grid, round] = await Promise.all([v.api.get<ForecastGrid>(gridPath(id, code, method)), loadRound(v, id)]);
    const body = forecastBody({ me: v.me, grid, methodParam: method, message: okMessage(c), ...extra });
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
      let amountOre: number | null;
      const back = `/rounds/${id}/units/${enc(code)}?${f.method ? `method=${enc(f.method)}&` : ''}`;
      if (f.action === 'proposal') {
        const grid = await v.api.get<ForecastGrid>(gridPath(id, code, f.method));
        const row = grid.rows.find((r) => r.group === group && r.activity === activity);
        if (!row) throw new ApiError(404, { code: 'NOT_FOUND', message: `raden ${group} finns inte` });
        amountOre = row.ore.proposal ?? 0;
      } else {
        const parsed = parseTkr(f.amount ?? '');
        if (!parsed.ok) return forecastView(c, v, { error: { field: 'amount', message: `${parsed.message} (kontogrupp ${group})` } }, 400);
        amountOre = parsed.ore === null ? null : Number(parsed.ore);
      }
      try {
        await v.api.send('PUT', `/api/rounds/${id}/units/${enc(code)}/forecast`, { group, activity, amountOre, version: int(f.version) ?? 0 });
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 401 || e.status === 403 || e.status === 404) throw e;
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
          await v.api.send('PUT', `/api/rounds/${id}/units/${enc(code)}/forecast`, { group: row.group, activity: row.activity, amountOre: proposal, version: row.version });
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
        await v.api.send('POST', `/api/rounds/${id}/units/${enc(code)}/submit`);
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

  // --- audit -----------------------------------------------------------------------------------

  const auditQuery = (c: Ctx) => {
    const before = int(c.req.query('fore'));
    return before !== undefined ? `?before=${before}` : '';
  };
  const older = (c: Ctx, entries: AuditEntry[]) => (entries.length >= AUDIT_PAGE_SIZE ? `${new URL(c.req.url).pathname}?fore=${entries[entries.length - 1]!.id}` : null);

  app.get(
    '/rounds/:id{[0-9]+}/units/:code/audit',
    page(async (c, v) => {
      const id = c.req.param('id')!;
      const code = c.req.param('code')!;
      const [{ entries }, round] = await Promise.all([v.api.get<{ entries: AuditEntry[] }>(`/api/rounds/${id}/units/${enc(code)}/audit${auditQuery(c)}`), loadRound(v, id)]);
      const unit = round.units.find((u) => u.code === code);
      const name = unit ? `${unit.code} ${unit.name}` : code;
      const body = auditBody({ heading: `Ändringslogg för ${name}`, intro: 'Varje ändring av enhetens prognos, kommentar och status: vem, när, före och efter. Nyast först.', entries, olderHref: older(c, entries) });
      return roundPage(c, v, round, 'units', `Ändringslogg ${name}`, body, [{ label: `Prognos ${name}`, href: `/rounds/${id}/units/${enc(code)}` }, { label: 'Ändringslogg' }]);
    }),
  );

  app.get(
    '/rounds/:id{[0-9]+}/audit',
    page(async (c, v) => {
      const id = c.req.param('id')!;
      const [{ entries }, round] = await Promise.all([v.api.get<{ entries: AuditEntry[] }>(`/api/rounds/${id}/audit${auditQuery(c)}`), loadRound(v, id)]);
      const body = auditBody({ heading: 'Ändringslogg', intro: 'Alla ändringar i uppföljningstillfället: prognoser, kommentarer, status, mål, åtgärder och texter. Nyast först.', entries, olderHref: older(c, entries) });
      return roundPage(c, v, round, 'audit', 'Ändringslogg', body);
    }),
  );

  // --- goals, assignments, measures ------------------------------------------------------------

  const goalsView = async (c: Ctx, v: View, error?: ItemError, status = 200) => {
    const id = c.req.param('id')!;
    const [content, round] = await Promise.all([v.api.get<Content>(`/api/rounds/${id}/content`), loadRound(v, id)]);
    return roundPage(c, v, round, 'goals', 'Mål och uppdrag', goalsBody({ round, content, csrf: v.me.csrfToken, message: okMessage(c), ...(error ? { error } : {}) }), [], status);
  };

  app.get('/rounds/:id{[0-9]+}/goals', page((c, v) => goalsView(c, v)));

  const contentAction = (item: (c: Ctx) => string, run: (c: Ctx, v: View, f: Form) => Promise<string>) =>
    page(async (c, v) => {
      const f = await readForm(c);
      try {
        return c.redirect(await run(c, v, f), 303);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 401 || e.status === 403 || e.status === 404) throw e;
        return goalsView(c, v, { item: item(c), ...fieldError(e.error) }, statusOf(e));
      }
    });

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
      const [content, round] = await Promise.all([v.api.get<Content>(`/api/rounds/${id}/content`), loadRound(v, id)]);
      return roundPage(c, v, round, 'texts', 'Texter', textsBody({ round, slots: textSlots(round, content.narratives), editable: content.editable, message: okMessage(c) }));
    }),
  );

  const textView = async (c: Ctx, v: View, extra: { draft?: { title: string; text: string }; error?: FieldError; conflict?: NarrativeEntry | null } = {}, status = 200) => {
    const id = c.req.param('id')!;
    const key = c.req.param('key')!;
    const [content, round] = await Promise.all([v.api.get<Content>(`/api/rounds/${id}/content`), loadRound(v, id)]);
    const slot = textSlots(round, content.narratives).find((s) => s.key === key) ?? { key, place: `Text ${key}`, required: false, entry: undefined };
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

  // --- dashboards and report -------------------------------------------------------------------

  app.get(
    '/rounds/:id{[0-9]+}/dashboards',
    page(async (c, v) => {
      const id = c.req.param('id')!;
      const base = `/api/rounds/${id}/dashboard`;
      const [round, variance, forecasts, accuracy, progress] = await Promise.all([
        loadRound(v, id),
        v.api.get<VarianceDashboard>(`${base}/variance`),
        v.api.get<ForecastsDashboard>(`${base}/forecasts`),
        v.api.get<AccuracyDashboard>(`${base}/accuracy`),
        v.api.get<ProgressDashboard>(`${base}/progress`),
      ]);
      const selectedUnit = c.req.query('enhet') || (forecasts.rows.length === 1 ? forecasts.rows[0]!.code : undefined);
      return roundPage(c, v, round, 'dashboards', 'Översikt', dashboardsBody({ round, variance, forecasts, accuracy, progress, selectedUnit }), [], 200, true);
    }),
  );

  app.get(
    '/rounds/:id{[0-9]+}/report',
    page(async (c, v) => {
      const round = await loadRound(v, c.req.param('id')!);
      const refresh = pendingFormats(round).length ? { refresh: { seconds: REFRESH_SECONDS } } : {};
      return roundPage(c, v, round, 'report', 'Rapport', reportBody({ round, origin: new URL(c.req.url).origin }), [], 200, false, refresh);
    }),
  );

  // A preview in PDF, Word or Excel: a page saying that it is being made, which then fetches it.
  app.get(
    '/rounds/:id{[0-9]+}/report/preview/:format{pdf|docx|xlsx}',
    page(async (c, v) => {
      const round = await loadRound(v, c.req.param('id')!);
      const format = c.req.param('format') as SlowFormat;
      const refresh = { refresh: { seconds: 1, url: `/api/rounds/${round.id}/report.${format}?download` } };
      return roundPage(c, v, round, 'report', 'Förhandsvisningen skapas', preparingBody({ round, format }), [{ label: 'Rapport', href: `/rounds/${round.id}/report` }], 200, false, refresh);
    }),
  );

  // --- users -----------------------------------------------------------------------------------

  const usersView = async (c: Ctx, v: View, values: NewUserValues = {}, error?: FieldError, status = 200) => {
    const [{ users }, { units }] = await Promise.all([v.api.get<{ users: UserJson[] }>('/api/users'), v.api.get<{ units: UnitInfo[] }>('/api/units')]);
    return send(
      c,
      { title: 'Användare', assets: v.urls, me: v.me, section: 'users', body: usersBody({ me: v.me, users, units, values, message: okMessage(c), ...(error ? { error } : {}) }) },
      status,
    );
  };

  app.get('/admin/users', page((c, v) => usersView(c, v)));

  app.post(
    '/admin/users',
    page(async (c, v) => {
      const f = await readForm(c);
      const values: NewUserValues = { username: f.username ?? '', displayName: f.displayName ?? '', role: f.role ?? '', units: f.units ?? '' };
      const units = (f.units ?? '').split(/[\s,;]+/).map((s) => s.trim()).filter((s) => s !== '');
      try {
        const r = await v.api.send<{ user: UserJson }>('POST', '/api/users', { username: (f.username ?? '').trim(), displayName: f.displayName ?? '', role: f.role ?? '', units, password: f.password ?? '' });
        return c.redirect(`/admin/users?ok=user-created&enhet=${enc(r.user.username)}`, 303);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 401 || e.status === 403) throw e;
        return usersView(c, v, values, fieldError(e.error), statusOf(e));
      }
    }),
  );

  for (const action of ['deactivate', 'activate'] as const) {
    app.post(
      `/admin/users/:uid{[0-9]+}/${action}`,
      page(async (c, v) => {
        const f = await readForm(c);
        try {
          const r = await v.api.send<{ user: UserJson }>('PATCH', `/api/users/${c.req.param('uid')}`, { version: int(f.version) ?? 0, disabled: action === 'deactivate' });
          return c.redirect(`/admin/users?ok=${action === 'deactivate' ? 'user-disabled' : 'user-enabled'}&enhet=${enc(r.user.username)}`, 303);
        } catch (e) {
          if (!(e instanceof ApiError) || e.status === 401 || e.status === 403) throw e;
          return usersView(c, v, {}, fieldError(e.error), statusOf(e));
        }
      }),
    );
  }

  // The UI's own "not found" and error pages (HTML) for UI paths; the API keeps its JSON.
  const uiErrorPage = async (c: Ctx, status: number, message: string) => {
    const urls = await assets.urls();
    const title = status === 404 ? 'Sidan finns inte' : status === 403 ? 'Åtgärden stoppades' : 'Något gick fel';
    const body = html`<h1>${title}</h1>
${notice(status >= 500 ? 'error' : 'warning', sentence(message))}
<p><a href="/rounds">Till uppföljningstillfällena</a></p>`;
    c.header('Cache-Control', 'no-store');
    return c.html(renderPage({ title, assets: urls, body }), status as 404);
  };
  return {
    htmlError(c, status, message) {
      if (!(c.req.header('accept') ?? '').includes('text/html')) return undefined;
      // A browser without a session on a page or on a published report's stable address: log in first.
      if (status === 401 && c.req.method === 'GET' && (isUiPath(c.req.path) || c.req.path.startsWith('/published/'))) return Promise.resolve(toLogin(c));
      if (!isUiPath(c.req.path)) return undefined;
      return uiErrorPage(c, status, message);
    },
  };
}
