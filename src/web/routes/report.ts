/** Dashboards, the report page and the previews. */
import { dashboardsBody } from '../pages/dashboards.ts';
import { pendingFormats, preparingBody, REFRESH_SECONDS, reportBody, type SlowFormat } from '../pages/report.ts';
import type { AccuracyDashboard, ForecastsDashboard, ProgressDashboard, VarianceDashboard } from '../types.ts';
import { type Kit } from './kit.ts';

export function registerReportPages(k: Kit): void {
  const { app, page, loadRound, roundPage } = k;

  app.get(
    '/rounds/:id{[0-9]+}/dashboards',
    page(async (c, v) => {
      const id = c.req.param('id')!;
      const base = `/api/rounds/${id}/dashboard`;
      // `?enhet=CODE`: the drill-down to one unit (its account groups; its forecasts through the year).
      const chosen = c.req.query('enhet');
      const [round, variance, forecasts, accuracy, progress] = await Promise.all([
        loadRound(v, id),
        v.api.get<VarianceDashboard>(`${base}/variance${chosen ? `?unit=${encodeURIComponent(chosen)}` : ''}`),
        v.api.get<ForecastsDashboard>(`${base}/forecasts`),
        v.api.get<AccuracyDashboard>(`${base}/accuracy`),
        v.api.get<ProgressDashboard>(`${base}/progress`),
      ]);
      const selectedUnit = chosen || (forecasts.rows.length === 1 ? forecasts.rows[0]!.code : undefined);
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
}
