/**
 * The browser UI: server-rendered pages (Swedish), each a client of the JSON API (`api.ts`),
 * with plain form posts for every change (POST → redirect → GET), so everything works without
 * JavaScript; the browser module adds live variance, per-cell saves and dialogs on top.
 *
 * Pages need a session (else → /login?next=…); form posts carry the session's CSRF token in the
 * `_csrf` field, checked by the app before any handler runs. Every page is `no-store`.
 */
import type { App, Ctx, Deps } from '../../server/context.ts';
import { html } from '../html.ts';
import { notice, renderPage } from '../layout.ts';
import { sentence } from '../format.ts';
import { makeKit } from './kit.ts';
import { registerAuthPages } from './auth.ts';
import { registerRoundPages } from './rounds.ts';
import { registerForecastPages } from './forecast.ts';
import { registerReviewPages } from './review.ts';
import { registerTodoPages } from './todo.ts';
import { registerAuditPages } from './audit.ts';
import { registerContentPages } from './content.ts';
import { registerObservationPages } from './observations.ts';
import { registerReportPages } from './report.ts';
import { registerUserPages } from './users.ts';
import { registerTemplatePages } from './templates.ts';

/** Paths of the UI (everything that is not the API, a published report or an asset). */
export function isUiPath(path: string): boolean {
  return !path.startsWith('/api/') && !path.startsWith('/published/') && !path.startsWith('/assets/');
}

export interface WebUi {
  /** An HTML error page for a browser on a UI path; undefined elsewhere (the API answers JSON). */
  htmlError(c: Ctx, status: number, message: string): Promise<Response> | undefined;
}

export function registerWeb(app: App, d: Deps): WebUi {
  const k = makeKit(app, d);
  const { assets, toLogin } = k;

  app.get('/assets/:name', async (c) => {
    const a = await assets.get(c.req.param('name'));
    if (!a) return c.text('Filen finns inte.', 404);
    const versioned = c.req.query('v') === a.hash;
    c.header('Content-Type', a.type);
    c.header('Cache-Control', versioned ? 'public, max-age=31536000, immutable' : 'no-cache');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(a.body);
  });

  registerAuthPages(k);
  registerRoundPages(k);
  const { forecastView } = registerForecastPages(k);
  registerReviewPages(k, forecastView);
  registerTodoPages(k);
  registerAuditPages(k);
  registerContentPages(k);
  registerObservationPages(k);
  registerReportPages(k);
  registerUserPages(k);
  registerTemplatePages(k);

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
