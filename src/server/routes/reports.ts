/**
 * A round's report: a live preview while the round is open, rendered at every request; once
 * published, the renderings made once at publishing (`published-renders.ts`), served as they are
 * (ETag, Content-Length) and never rendered again. `/published/:roundId/report.<format>` is the stable address of a
 * published report for every logged-in user of the organisation.
 */
import { getRound, type RoundRecord } from '../../store/rounds.ts';
import { authorize, currentUser, pathOf, roundId, type App, type Ctx, type Deps } from '../context.ts';
import { notFound } from '../errors.ts';
import { MEDIA_TYPES, type ReportFormat } from '../../report/render.ts';
import { buildRoundReport } from '../round-report.ts';
import { appendixContent } from '../../store/report-document.ts';
import { loadRound } from './rounds.ts';

/**
 * The last path segment, `report.<format>`, as one parameter with a pattern. Not
 * `report.:format{…}`: a parameter inside a segment works only with Hono's RegExpRouter, and the
 * app falls back to its TrieRouter as soon as some other route is one RegExpRouter cannot take
 * (the UI's `/rounds/new` next to `/rounds/:id`) — then every report address answered 404.
 */
const FORMAT_ROUTE = ':format{report\\.(?:json|html|pdf|docx|xlsx)}';

const formatOf = (c: Ctx): ReportFormat => (c.req.param('format') ?? '').slice('report.'.length) as ReportFormat;

/** File name of a download: ASCII, e.g. `delarsrapport-P1-2024-KS.pdf`. */
function fileName(round: RoundRecord, format: string): string {
  const ascii = `${round.period === 12 ? 'arsberattelse' : 'delarsrapport'}-${round.name}-${round.year}-${round.board}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]/g, '_');
  return `${ascii}.${format}`;
}

function headers(c: Ctx, round: RoundRecord, format: ReportFormat, frozen: boolean): void {
  const attachment = c.req.query('download') !== undefined || !['html', 'json'].includes(format);
  c.header('Content-Type', MEDIA_TYPES[format]);
  c.header('Content-Disposition', `${attachment ? 'attachment' : 'inline'}; filename="${fileName(round, format)}"`);
  c.header('X-Prognos-Report', frozen ? 'published' : 'preview');
  // The rendered report has inline styles and data: images and never any script.
  if (format === 'html') c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  c.header('X-Content-Type-Options', 'nosniff');
}

/** A preview: rendered now from the report as it is now. */
async function respondPreview(c: Ctx, d: Deps, round: RoundRecord): Promise<Response> {
  const format = formatOf(c);
  const body = await d.render(await buildRoundReport(d, round, { placeholders: true }), format, { appendixContent: appendixContent(d.store.db, round.orgId, round.id) });
  headers(c, round, format, false);
  return c.body(typeof body === 'string' ? body : new Uint8Array(body));
}

async function respondPublished(c: Ctx, d: Deps, round: RoundRecord): Promise<Response> {
  const format = formatOf(c);
  const r = await d.renders.get(round.orgId, round.id, format);
  const etag = `"${r.sha256}"`;
  headers(c, round, format, true);
  c.header('ETag', etag);
  if (c.req.path.startsWith('/published/')) c.header('Cache-Control', 'private, no-cache');
  const match = c.req.header('if-none-match');
  if (match && match.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`)) return c.body(null, 304);
  c.header('Content-Length', String(r.body.byteLength));
  return c.body(new Uint8Array(r.body));
}

export function registerReports(app: App, d: Deps): void {
  app.get(`/api/rounds/:id{[0-9]+}/${FORMAT_ROUTE}`, async (c) => {
    const { u, round, tree } = await loadRound(d, c);
    if (round.status === 'published') {
      authorize(u, 'report.published');
      return respondPublished(c, d, round);
    }
    authorize(u, 'report.preview', pathOf(tree, round.board), `nämnden ${round.board}`);
    return respondPreview(c, d, round);
  });

  app.get(`/published/:id{[0-9]+}/${FORMAT_ROUTE}`, async (c) => {
    const u = currentUser(c);
    authorize(u, 'report.published');
    const round = await getRound(d.store.db, u.orgId, roundId(c));
    if (round.status !== 'published') throw notFound(`omgång ${round.id} är inte publicerad`);
    return respondPublished(c, d, round);
  });
}
