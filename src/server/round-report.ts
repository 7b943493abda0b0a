/** A round's report: built from the ledger while the round is open, frozen at publishing. */
import { buildReport, type ReportModel } from '../report/index.ts';
import { roundScenario, roundUnits, type RoundRecord } from '../store/rounds.ts';
import type { Deps } from './context.ts';
import { OrgTree } from '../core/domain/index.ts';
import { linesByUnit } from './forecast.ts';
import { roundTemplate } from './round-template.ts';
import { appendixHref, getRoundDocument, listAppendices } from '../store/report-document.ts';

/**
 * The report of a round as it is now: the round's template (the stored version it was opened
 * with, else the built-in one), level and sign. `placeholders`: a preview, where a chapter whose
 * content is missing shows "Innehåll saknas: …".
 */
export async function buildRoundReport(d: Pick<Deps, 'store'>, round: RoundRecord, opts: { placeholders?: boolean } = {}): Promise<ReportModel> {
  const org = (await d.store.listOrganisations()).find((o) => o.id === round.orgId);
  // The units' variance comments of the round go into the report after the units table.
  const units = await roundUnits(d.store.db, round);
  const tree = new OrgTree(await d.store.listUnits(round.orgId));
  // The cells not entered: empty in the report, never 0.
  const lines = await linesByUnit(d.store.db, round, tree, units.map((u) => u.unitCode));
  const missingForecasts = round.kind === 'year-end' ? [] : [...lines].flatMap(([unit, ls]) => ls.filter((l) => l.missing).map((l) => ({ unit, group: l.figures.group, activity: l.figures.activity })));
  const narratives = new Map(
    units.filter((u) => u.comment.trim() !== '').map((u) => [`comment:unit:${u.unitCode}`, { title: '', text: u.comment }] as const),
  );
  const [document, appendices] = await Promise.all([getRoundDocument(d.store.db, round.orgId, round.id), listAppendices(d.store.db, round.orgId, round.id)]);
  return buildReport(d.store, {
    narratives,
    document,
    appendices: appendices.map((a) => ({ id: a.id, title: a.title, fileName: a.fileName, bytes: a.bytes, href: appendixHref(round.id, a.id) })),
    orgId: round.orgId,
    scope: round.board,
    year: round.year,
    period: round.period,
    round: round.name,
    // The round's own forecasts, keyed by its id: never another round's of the same name.
    forecastScenario: roundScenario(round.id),
    missingForecasts,
    sign: round.reportOptions.sign,
    level: round.level,
    ...(round.reportOptions.prevPeriod !== undefined ? { prevPeriod: round.reportOptions.prevPeriod } : {}),
    ...(round.reportOptions.groupLevel ? { groupLevel: round.reportOptions.groupLevel } : {}),
    template: (await roundTemplate(d.store.db, round)).template,
    ...(opts.placeholders ? { placeholders: true } : {}),
    ...(org && org.name !== org.id ? { organisationName: org.name } : {}),
  });
}

/** The model as it is stored at publishing (its JSON read back): what every rendering is made from. */
export const freeze = (model: ReportModel): ReportModel => JSON.parse(JSON.stringify(model)) as ReportModel;
