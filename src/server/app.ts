/**
 * The web application's HTTP API (Hono). `createApp` is runtime-independent: it returns the
 * Hono app, whose `fetch` any runtime can serve (`node.ts` for Node) and whose `request` the
 * tests call in-process.
 *
 * Every request passes, in order: security headers (CSP `default-src 'self'`, no framing),
 * a body size limit, the origin check for state changes (a foreign `Origin` or a cross-site
 * `Sec-Fetch-Site` is refused), a JSON body without its content type is 415 (`/api`), Hono's `csrf()` refuses cross-site form posts, the session
 * (cookie → SHA-256 → live session), and for every state change of a logged-in session the
 * per-session CSRF token in the `x-csrf-token` header (the UI's plain form posts send it in
 * the `_csrf` field instead). Errors leave as one JSON shape — as an HTML page for a browser on
 * a page of the UI (`src/web`), which is mounted on the same app.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import { PrognosError } from '../core/errors/index.ts';
import { renderReport, type ReportRenderer } from '../report/render.ts';
import type { Store } from '../store/index.ts';
import { findSessionUser, touchSession } from '../store/users.ts';
import type { AppEnv, Ctx, Deps, ResolvedOptions } from './context.ts';
import { PublishedRenders } from './published-renders.ts';
import { Notifier } from './notify/index.ts';
import { errorBody, forbidden, HTTP_STATUS, toApiError } from './errors.ts';
import { configuredHosts, hostCheck } from './hosts.ts';
import { rejectControlCharacters } from './input-limits.ts';
import { CSRF_HEADER, parseSessionCookie, presentedToken, sameSecret } from './session.ts';
import { registerAuth } from './routes/auth.ts';
import { endSessionUrl, OidcClients, registerOidc } from './oidc/index.ts';
import { registerUsers } from './routes/users.ts';
import { registerRounds } from './routes/rounds.ts';
import { registerTodo } from './routes/todo.ts';
import { registerReview, registerUserEmail } from './routes/review.ts';
import { registerForecast } from './routes/forecast.ts';
import { registerContent } from './routes/content.ts';
import { registerObservations } from './routes/observations.ts';
import { registerRollforward } from './routes/rollforward.ts';
import { registerGrids } from './routes/grids.ts';
import { registerDashboards } from './routes/dashboards.ts';
import { registerReports } from './routes/reports.ts';
import { registerMeta } from './routes/meta.ts';
import { registerTemplates } from './routes/templates.ts';
import { registerReportDocument } from './routes/report-document.ts';
import { isUiPath, registerWeb, type WebUi } from '../web/index.ts';

export interface AppOptions {
  store: Store;
  /** `Secure` on the session cookie: always, never, or `auto` (when the request is HTTPS). Default `auto`. */
  secureCookies?: boolean | 'auto';
  /** Trust `X-Forwarded-For` / `X-Forwarded-Proto` / `X-Forwarded-Host` from a reverse proxy. Default false. */
  trustProxy?: boolean;
  /** Origins allowed to make state changes besides the server's own, e.g. `https://prognos.kommun.se`. */
  allowedOrigins?: readonly string[];
  /** The server's address as browsers see it, e.g. `https://prognos.kommun.se`: its host name is answered, single sign-on's redirect and the e-mails' links are derived from it. */
  publicUrl?: string;
  /**
   * Host names answered besides localhost, 127.0.0.1, [::1], the hosts of `publicUrl` and
   * `allowedOrigins` and the organisations' host names; `['*']` answers any (no DNS-rebinding
   * protection). Others get 421.
   */
  allowedHosts?: readonly string[];
  /** Absolute session lifetime (default 8 hours). */
  sessionTtlMinutes?: number;
  /** A session unused this long ends (default 30 minutes). */
  sessionIdleMinutes?: number;
  /** Failed log-ins are counted over this window (default 15 minutes) … */
  loginWindowMinutes?: number;
  /** … and backed off from this many failures per user name and address (default 5) … */
  maxFailuresPerUsername?: number;
  /** … per user name from all addresses (default 20; not for an address the user logged in from before) … */
  maxFailuresPerAccount?: number;
  /** … or per client address across user names (default 20; likewise). */
  maxFailuresPerIp?: number;
  /** The first back-off once a limit is reached (seconds, default 60); it doubles with every further failure up to the window. */
  loginBackoffSeconds?: number;
  /** The client's address as the runtime knows it (node.ts supplies the socket's). */
  clientIp?: (c: Ctx) => string | undefined;
  log?: (message: string, err?: unknown) => void;
  /** The report renderer (default: every format of `report/render.ts`). */
  renderReport?: ReportRenderer;
  /** The e-mail notifications (default: none are sent). */
  notifier?: Notifier;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a user who must change the password may still do. */
const MAY_BEFORE_PASSWORD_CHANGE = new Set(['/api/me', '/api/me/password', '/api/auth/logout', '/api/auth/login', '/api/health', '/api/auth/organisations']);
const JSON_TYPE = /^application\/([\w.+-]*\+)?json\s*(;|$)/i;
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\s*(;|$)/i;

function unsupportedBody(sent: string): PrognosError {
  const named = sent.split(';')[0]!.trim().slice(0, 80);
  return new PrognosError(
    'UNSUPPORTED',
    `förfrågan ska skickas som JSON med huvudet Content-Type: application/json (${named ? `den skickades som ${named}` : 'huvudet saknas'})`,
  );
}

function resolve(o: AppOptions): ResolvedOptions {
  return {
    secureCookies: o.secureCookies ?? 'auto',
    trustProxy: o.trustProxy ?? false,
    allowedOrigins: o.allowedOrigins ?? [],
    allowedHosts: o.allowedHosts?.includes('*') ? ['*'] : configuredHosts(o),
    sessionTtlSeconds: (o.sessionTtlMinutes ?? 8 * 60) * 60,
    sessionIdleSeconds: (o.sessionIdleMinutes ?? 30) * 60,
    loginWindowSeconds: (o.loginWindowMinutes ?? 15) * 60,
    maxFailuresPerUsername: o.maxFailuresPerUsername ?? 5,
    maxFailuresPerAccount: o.maxFailuresPerAccount ?? 20,
    maxFailuresPerIp: o.maxFailuresPerIp ?? 20,
    loginBackoffSeconds: o.loginBackoffSeconds ?? 60,
    clientIp: o.clientIp ?? (() => undefined),
    log: o.log ?? ((m, e) => process.stderr.write(`${m}${e instanceof Error ? `: ${e.stack ?? e.message}` : ''}\n`)),
    publicUrl: o.publicUrl,
  };
}

/** The origins a state change may come from: the request's own (as the proxy saw it, when trusted) and the configured ones. */
function allowedOrigin(c: Ctx, opts: ResolvedOptions, origin: string): boolean {
  const url = new URL(c.req.url);
  if (origin === url.origin) return true;
  if (opts.trustProxy) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    const host = (c.req.header('x-forwarded-host') ?? c.req.header('host'))?.split(',')[0]?.trim();
    if (proto && host && origin === `${proto}://${host}`) return true;
  }
  return opts.allowedOrigins.includes(origin);
}

export function createApp(options: AppOptions): Hono<AppEnv> {
  const opts = resolve(options);
  const render = options.renderReport ?? renderReport;
  const notify = options.notifier ?? new Notifier(options.store, undefined, { baseUrl: options.publicUrl ?? 'http://localhost:8080', log: opts.log });
  const d: Deps = { store: options.store, opts, render, renders: new PublishedRenders(options.store, render, opts.log), notify };
  const oidcClients = new OidcClients();
  d.endSessionUrl = (c, orgId, tokenHash) => endSessionUrl(c, d, orgId, tokenHash, oidcClients);
  const app = new Hono<AppEnv>();
  let web: WebUi | undefined;

  app.onError((err, c) => {
    const e = toApiError(err);
    if (e.code === 'INTERNAL' || e.code === 'STORE') opts.log(`fel vid ${c.req.method} ${c.req.path}`, err);
    const body = errorBody(e);
    return web?.htmlError(c, HTTP_STATUS[e.code], body.error.message) ?? c.json(body, HTTP_STATUS[e.code]);
  });
  app.notFound((c) => {
    const message = `adressen ${c.req.path} finns inte`;
    return web?.htmlError(c, 404, message) ?? c.json(errorBody(new PrognosError('NOT_FOUND', message)), 404);
  });

  // DNS rebinding: only the server's own host names are answered.
  app.use('*', hostCheck(d));
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
      },
      xFrameOptions: 'DENY',
      // A handler may set a stricter header of its own (the rendered report's CSP).
      overwrite: false,
      referrerPolicy: 'same-origin',
      // HSTS only where the cookies are Secure (HTTPS is known to be in use).
      strictTransportSecurity: opts.secureCookies === true ? 'max-age=31536000; includeSubDomains' : false,
    }),
  );
  app.use('/api/*', bodyLimit({ maxSize: 2 * 1024 * 1024 }));
  app.use('*', async (c, next) => (SAFE_METHODS.has(c.req.method) || !isUiPath(c.req.path) ? next() : bodyLimit({ maxSize: 1024 * 1024 })(c, next)));
  app.use('*', rejectControlCharacters);
  app.use('/api/*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });

  // Origin check for every state change (any content type), then Hono's check for form posts.
  app.use('*', async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin');
      if (origin !== undefined && !allowedOrigin(c, opts, origin)) {
        throw forbidden(`förfrågan kommer från en annan webbplats (${origin}) och stoppades av skyddet mot förfalskade förfrågningar (CSRF)`);
      }
      if (c.req.header('sec-fetch-site') === 'cross-site') {
        throw forbidden('förfrågan kommer från en annan webbplats och stoppades av skyddet mot förfalskade förfrågningar (CSRF)');
      }
    }
    await next();
  });
  // The API reads JSON only. A JSON body sent without its content type (or with another), or a
  // body of a type no form sends, is 415 — before Hono's CSRF check, which would take a JSON
  // body without a content type for a cross-site form post (403). A form's own body still goes
  // to that check.
  app.use('/api/*', async (c, next) => {
    const type = c.req.header('content-type') ?? '';
    // (An appendix upload is the PDF itself: routes/report-document.ts.)
    const pdfUpload = type === 'application/pdf' && /^\/api\/rounds\/\d+\/appendices$/.test(c.req.path);
    if (!SAFE_METHODS.has(c.req.method) && !JSON_TYPE.test(type) && !pdfUpload) {
      const text = (await c.req.text()).trim();
      if (text !== '' && (/^[[{]/.test(text) || (type !== '' && !FORM_TYPE.test(type)))) throw unsupportedBody(type);
    }
    await next();
  });
  app.use('*', csrf({ origin: (origin, c) => allowedOrigin(c as Ctx, opts, origin) }));

  // The session: cookie → hash → live session → user. Touched at most once a minute.
  app.use('*', async (c, next) => {
    c.set('user', undefined);
    c.set('session', undefined);
    const cookie = presentedToken(c, opts);
    const key = cookie === undefined ? undefined : parseSessionCookie(cookie);
    if (key) {
      // One query for the session, its user and the user's units: every request pays for it.
      const found = await findSessionUser(d.store.db, key.orgId, key.tokenHash, opts.sessionIdleSeconds);
      if (found) {
        const { session, user: u } = found;
        c.set('session', session);
        c.set('user', { id: u.id, orgId: u.orgId, username: u.username, displayName: u.displayName, role: u.role, units: u.units, mustChangePassword: u.mustChangePassword });
        // Recorded at most once a minute (a write per request would cost every request), and
        // often enough that a short idle timeout still counts the activity.
        if (session.idleSeconds > Math.min(60, opts.sessionIdleSeconds / 4)) await touchSession(d.store.db, session.orgId, session.tokenHash);
      }
    }
    await next();
  });

  // The per-session CSRF token on every state change of a logged-in session (log-in itself
  // excepted): the header, or for a form post to a page of the UI its `_csrf` field.
  app.use('*', async (c, next) => {
    const session = c.get('session');
    if (session && !SAFE_METHODS.has(c.req.method) && c.req.path !== '/api/auth/login' && c.req.path !== '/login') {
      let sent = c.req.header(CSRF_HEADER);
      if (!sent && isUiPath(c.req.path) && /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(c.req.header('content-type') ?? '')) {
        const field = (await c.req.parseBody())['_csrf'];
        sent = typeof field === 'string' ? field : undefined;
      }
      if (!sent || !sameSecret(sent, session.csrfToken)) {
        if (isUiPath(c.req.path)) throw forbidden('formuläret har gått ut eller kommer inte från Prognos (skydd mot förfalskade förfrågningar); gå tillbaka, ladda om sidan och försök igen');
        throw forbidden(`CSRF-token saknas eller är fel: skicka huvudet ${CSRF_HEADER} med värdet från GET /api/me`);
      }
    }
    await next();
  });

  // After an administrator's reset the user chooses a new password before anything else.
  app.use('/api/*', async (c, next) => {
    const u = c.get('user');
    if (u?.mustChangePassword && !MAY_BEFORE_PASSWORD_CHANGE.has(c.req.path)) {
      throw forbidden('du måste byta lösenord innan du fortsätter: POST /api/me/password');
    }
    await next();
  });

  registerMeta(app, d);
  registerAuth(app, d);
  registerOidc(app, d, oidcClients);
  registerUsers(app, d);
  registerRounds(app, d);
  registerReview(app, d);
  registerUserEmail(app, d);
  registerTodo(app, d);
  registerForecast(app, d);
  registerContent(app, d);
  registerObservations(app, d);
  registerRollforward(app, d);
  registerGrids(app, d);
  registerDashboards(app, d);
  registerReports(app, d);
  registerTemplates(app, d);
  registerReportDocument(app, d);
  web = registerWeb(app, d);
  return app;
}
