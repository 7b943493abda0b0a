/**
 * The browser UI: server-rendered pages (Swedish), each a client of the JSON API (`api.ts`),
 * with plain form posts for every change (POST → redirect → GET), so everything works without
 * JavaScript; the browser module adds live variance, per-cell saves and dialogs on top.
 *
 * Pages need a session (else → /login?next=…); form posts carry the session's CSRF token in the
 * `_csrf` field, checked by the app before any handler runs. Every page is `no-store`.
 */
import type { App, Ctx, Deps } from '../../server/context.ts';
import { makeKit } from './kit.ts';
import { registerAuthPages } from './auth.ts';
import { registerRoundPages } from './rounds.ts';
import { registerForecastPages } from './forecast.ts';
import { registerReviewPages } from './review.ts';
import { registerTodoPages } from './todo.ts';
import { registerAuditPages } from './audit.ts';
import { registerContentPages } from './content.ts';
import { registerObservationPages } from './observations.ts';
import { registerGridPages } from './grids.ts';
import { registerRollforwardPages } from './rollforward.ts';
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
  // The assets (`/assets/:name`) are served by the kit.
  const { assets, toLogin } = k;

  registerAuthPages(k);
  registerRoundPages(k);
  const { forecastView } = registerForecastPages(k);
  registerReviewPages(k, forecastView);
  registerTodoPages(k);
  registerAuditPages(k);
  registerContentPages(k);
  registerObservationPages(k);
  registerGridPages(k);
  registerRollforwardPages(k);
  registerReportPages(k);
  registerUserPages(k);
  registerTemplatePages(k);

  // The UI's "not found" and error pages (HTML) for UI paths, outside any page (a 403 there is the
  // forgery check, not a missing permission); the API keeps its JSON.
  const uiErrorPage = async (c: Ctx, status: number, message: string) => k.errorPage(c, status, message, await assets.urls(), { forbiddenTitle: 'Åtgärden stoppades' });
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
