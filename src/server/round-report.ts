/**
 * A round's report: built from the ledger while the round is open; at publishing, frozen and
 * rendered once in every format (`renderForPublishing`), the renderings stored with the model.
 */
import { buildReport, type ReportModel } from '../report/index.ts';
import { REPORT_FORMATS, type ReportFormat } from '../report/render.ts';
import { roundUnits, type RoundRecord } from '../store/rounds.ts';
import type { Deps } from './context.ts';

/** The report of a round as it is now: the standard chapters, the round's level and sign. */
export async function buildRoundReport(d: Pick<Deps, 'store'>, round: RoundRecord): Promise<ReportModel> {
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

export interface PublishedRendering {
  /** The model as it is stored: what every rendering was made from. */
  frozen: ReportModel;
  renders: Array<{ format: ReportFormat; body: string | Buffer }>;
}

/**
 * Every format of the report, rendered from the model exactly as it will be stored (its JSON
 * read back), one format after the other. A format that fails (no Chromium on the server) is
 * logged and left out: it is rendered, and stored, at its first download instead.
 */
export async function renderForPublishing(d: Pick<Deps, 'render' | 'opts'>, model: ReportModel): Promise<PublishedRendering> {
  const frozen = JSON.parse(JSON.stringify(model)) as ReportModel;
  const renders: PublishedRendering['renders'] = [];
  for (const format of REPORT_FORMATS) {
    try {
      renders.push({ format, body: await d.render(frozen, format) });
    } catch (err) {
      d.opts.log(`publicering: formatet ${format} kunde inte skapas nu; det skapas vid första nedladdningen`, err);
    }
  }
  return { frozen, renders };
}
