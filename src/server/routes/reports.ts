/**
 * A round's report: a live preview while the round is open, the frozen model once it is
 * published. `/published/:roundId/report.<format>` is the stable address of a published report
 * for every logged-in user of the organisation.
 */
import { buildReport, type ReportModel } from '../../report/index.ts';
import { getRound, getSnapshot, roundUnits, type RoundRecord } from '../../store/rounds.ts';
import { authorize, currentUser, pathOf, roundId, type App, type Ctx, type Deps } from '../context.ts';
import { notFound } from '../errors.ts';
import { MEDIA_TYPES, renderReport, type ReportFormat } from '../../report/render.ts';
import { loadRound } from './rounds.ts';

/** The report of a round as it is now: the standard chapters, the round's level and sign. */
export async function buildRoundReport(d: Deps, round: RoundRecord): Promise<ReportModel> {
  const org = (await d.store.listOrganisations()).find((o) => o.id === round.orgId);
  // The units' variance comments of the round go into the report after the units table.
  const narratives = new Map(
    (await roundUnits(d.store.db, round.id)).filter((u) => u.comment.trim() !== '').map((u) => [`comment:unit:${u.unitCode}`, { title: '', text: u.comment }] as const),
  );
  return buildReport(d.store, {
    narratives,
    orgId: round.orgId,
    scope: round.board,
    year: round.year,
    period: round.period,
    round: round.name,
    sign: round.reportOptions.sign,
    level: round.level,
    ...(round.reportOptions.prevPeriod !== undefined ? { prevPeriod: round.reportOptions.prevPeriod } : {}),
    ...(round.reportOptions.groupLevel ? { groupLevel: round.reportOptions.groupLevel } : {}),
    template: 'standard',
    ...(org && org.name !== org.id ? { organisationName: org.name } : {}),
  });
}

/**
 * The last path segment, `report.<format>`, as one parameter with a pattern. Not
 * `report.:format{…}`: a parameter inside a segment works only with Hono's RegExpRouter, and the
 * app falls back to its TrieRouter as soon as some other route is one RegExpRouter cannot take
 * (the UI's `/rounds/new` next to `/rounds/:id`) — then every report address answered 404.
 */
const FORMAT_ROUTE = ':format{report\\.(?:json|html|pdf|docx|xlsx)}';

/** File name of a download: ASCII, e.g. `delarsrapport-P1-2024-KS.pdf`. */
function fileName(round: RoundRecord, format: string): string {
  const ascii = `${round.period === 12 ? 'arsberattelse' : 'delarsrapport'}-${round.name}-${round.year}-${round.board}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]/g, '_');
  return `${ascii}.${format}`;
}

async function respond(c: Ctx, round: RoundRecord, model: ReportModel, frozen: boolean): Promise<Response> {
  const format = (c.req.param('format') ?? '').slice('report.'.length) as ReportFormat;
  const body = await renderReport(model, format);
  const attachment = c.req.query('download') !== undefined || !['html', 'json'].includes(format);
  c.header('Content-Type', MEDIA_TYPES[format]);
  c.header('Content-Disposition', `${attachment ? 'attachment' : 'inline'}; filename="${fileName(round, format)}"`);
  c.header('X-Prognos-Report', frozen ? 'published' : 'preview');
  // The rendered report has inline styles and data: images and never any script.
  if (format === 'html') c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  c.header('X-Content-Type-Options', 'nosniff');
  return c.body(typeof body === 'string' ? body : new Uint8Array(body));
}

export function registerReports(app: App, d: Deps): void {
  app.get(`/api/rounds/:id{[0-9]+}/${FORMAT_ROUTE}`, async (c) => {
    const { u, round, tree } = await loadRound(d, c);
    if (round.status === 'published') {
      authorize(u, 'report.published');
      const snap = await getSnapshot(d.store.db, u.orgId, round.id);
      if (!snap) throw notFound(`den publicerade rapporten för omgång ${round.id} saknas`);
      return respond(c, round, snap.model as ReportModel, true);
    }
    authorize(u, 'report.preview', pathOf(tree, round.board), `nämnden ${round.board}`);
    return respond(c, round, await buildRoundReport(d, round), false);
  });

  app.get(`/published/:id{[0-9]+}/${FORMAT_ROUTE}`, async (c) => {
    const u = currentUser(c);
    authorize(u, 'report.published');
    const round = await getRound(d.store.db, u.orgId, roundId(c));
    const snap = round.status === 'published' ? await getSnapshot(d.store.db, u.orgId, round.id) : undefined;
    if (!snap) throw notFound(`omgång ${round.id} är inte publicerad`);
    return respond(c, round, snap.model as ReportModel, true);
  });
}
