/**
 * The report model: what every output format renders. Built from the store and the pure
 * computation; the JSON output is this model as it is (the documented contract).
 */
import { computeTable, type ReportParams, type SignName, type TableSpec } from '../core/compute/index.ts';
import { DEFAULT_PERCENT_RULE } from '../core/format/index.ts';
import { OrgTree, type AccountGroup } from '../core/domain/index.ts';
import { PrognosError } from '../core/errors/index.ts';
import { monthName } from '../core/compute/labels.ts';
import { listUnitMappings, renameNote, type Store } from '../store/index.ts';
import type { Appendix, ReportModel } from './model.ts';
import { documentDecision, type DocumentSpec } from './document-meta.ts';
import { forecastScenario, lastActualPeriod, previousForecastScenario, roundKind } from './facts.ts';
import { comparisonFacts, fillComparisons, hasComparison } from './comparisons.ts';
import { checkRowUnits } from './columns/validate.ts';
import { configuredKeys, PREV_ROUND_KEYS, withProposals } from './columns/proposals.ts';
import { intrapreneurshipUnits, varianceKey } from './reconciliation.ts';
import { buildSections, fillTitle, standardTemplate, templateTables, type OmittedChapter, type ReportTemplate } from './template.ts';

export { parseTemplate, templateProblems, type TemplateProblem } from './template-schema.ts';
export { standardTemplate, type ReportTemplate, type TemplateChapter, type TemplateBlock } from './template.ts';

export * from './model.ts';

export interface ReportRequest {
  orgId: string;
  scope: string;
  year: number;
  period: number;
  /** Months of the previous year in the net summary's comparison column; default = period. */
  prevPeriod?: number;
  round: string;
  sign?: SignName;
  /** Row level of the units and investments tables (e.g. RN3). */
  level?: string;
  groupLevel?: string;
  /** Explicit table list without chapters (tables only). */
  tables?: TableSpec[];
  /** Chapter structure; `standard` = the built-in Delårsrapport/Årsberättelse. */
  template?: ReportTemplate | 'standard';
  title?: string;
  /** Display name of the municipality; default: the organisation's settings (`prognos org set`). */
  organisationName?: string;
  /** The decision on the report, when known (printed on the cover). */
  decision?: ReportModel['report']['decision'];
  /** The round's own document metadata (title, decided by, date, §, diary number): overrides the template's `document` field by field. */
  document?: DocumentSpec;
  /** Appendix documents attached to the report. */
  appendices?: Appendix[];
  /** A round's preview: a chapter whose content is missing shows "Innehåll saknas: …" instead of being left out. */
  placeholders?: boolean;
  /** Narrative pieces that override the stored ones (e.g. the units' comments of a round). */
  narratives?: ReadonlyMap<string, { title: string; text: string }>;
  /**
   * Where the forecasts are stored: a round's report names its own scenario (`forecast:round:<id>`);
   * default: the board's round of that name, else imported forecasts `forecast:<round>`.
   */
  forecastScenario?: string;
  /**
   * The round's cells whose forecast was not entered (unit, account group, activity): the rows and
   * sums over them print Prognos and Avvikelse empty with a note, and `check` reports the units.
   */
  missingForecasts?: ReadonlyArray<{ unit: string; group: AccountGroup; activity: string }>;
}

export function standardTables(scope: string, level?: string, groupLevel?: string): TableSpec[] {
  const g = groupLevel ? { groupLevel } : {};
  return [
    { id: 'net-summary', kind: 'net-summary', scope },
    { id: 'units', kind: 'units', scope, ...(level ? { level } : {}), ...g },
    { id: 'account-groups', kind: 'account-groups', scope, ...g },
    { id: 'activities', kind: 'activities', scope, ...g },
    { id: 'investments', kind: 'investments', scope, ...(level ? { level } : {}), ...g },
  ];
}

/** The forecast round as readers know it: "1" for P1 (the code P1 is internal), else the round as given. */
export function roundNumber(round: string): string {
  return /^P(\d+)$/i.exec(round)?.[1] ?? round;
}

export function reportTitle(year: number, period: number, round: string, scopeName: string): string {
  if (period === 12) return `Årsberättelse ${year} – ${scopeName}`;
  return `Delårsrapport med prognos ${roundNumber(round)} ${year} – ${scopeName}`;
}

export function validateRequest(r: ReportRequest): void {
  if (!Number.isInteger(r.year) || r.year < 1900 || r.year > 2200) throw new PrognosError('BAD_INPUT', `ogiltigt år ${r.year}`, { field: 'year' });
  if (!Number.isInteger(r.period) || r.period < 1 || r.period > 12) throw new PrognosError('BAD_INPUT', `ogiltig period ${r.period} (1–12)`, { field: 'period' });
  const pp = r.prevPeriod ?? r.period;
  if (!Number.isInteger(pp) || pp < 1 || pp > 12) throw new PrognosError('BAD_INPUT', `ogiltig jämförelseperiod ${pp} (1–12)`, { field: 'prev-period' });
  if (!/^[A-Za-z0-9_-]{1,20}$/.test(r.round)) throw new PrognosError('BAD_INPUT', `ogiltig prognosomgång "${r.round}"`, { field: 'round' });
}

/** Columns that show an earlier year's amounts. */
const PREV_YEAR_COLUMN = /prev|^change_pct$/;

/** A table with previous-year figures over a unit renamed this year says so under it (the figures are read under the new code). */
async function noteUnitRenames(store: Store, orgId: string, year: number, tables: ReportModel['tables'], tree: OrgTree): Promise<void> {
  const maps = (await listUnitMappings(store.db, orgId, year)).filter((m) => m.year === year);
  if (maps.length === 0) return;
  for (const t of tables) {
    if (!t.columns.some((c) => PREV_YEAR_COLUMN.test(c.key))) continue;
    const note = renameNote(maps, year, new Set(tree.subtree(t.scope).map((u) => u.code)));
    if (note) t.note = t.note ? `${t.note} ${note}` : note;
  }
}

export async function buildReport(store: Store, req: ReportRequest): Promise<ReportModel> {
  validateRequest(req);
  const [units, activities, projects, settings] = await Promise.all([
    store.listUnits(req.orgId),
    store.listCodeNames(req.orgId, 'activity'),
    store.listCodeNames(req.orgId, 'project'),
    store.organisationSettings(req.orgId),
  ]);
  const organisationName = req.organisationName ?? settings.name;
  const tree = new OrgTree(units);
  const scope = tree.get(req.scope);
  if (!scope) throw new PrognosError('NOT_FOUND', `enheten ${req.scope} finns inte i organisationen ${req.orgId}`, { field: 'scope' });
  const template = req.template === 'standard' ? standardTemplate(req.scope, req.period === 12, req.level, req.groupLevel) : req.template;
  const specs = template ? templateTables(template) : (req.tables ?? standardTables(req.scope, req.level, req.groupLevel));
  const scopeUnits = new Set<string>();
  for (const s of specs) {
    if (!tree.get(s.scope)) throw new PrognosError('NOT_FOUND', `enheten ${s.scope} (tabell ${s.id}) finns inte`, { field: 'scope' });
    checkRowUnits(s, tree);
    for (const u of tree.subtree(s.scope)) scopeUnits.add(u.code);
  }
  const params: ReportParams = {
    year: req.year,
    period: req.period,
    prevPeriod: req.prevPeriod ?? req.period,
    round: req.round,
    sign: req.sign ?? 'net',
    unit: 'tkr',
    percent: { ...DEFAULT_PERCENT_RULE, ...template?.percentages },
  };
  const scenario = req.forecastScenario ?? (await forecastScenario(store, req.orgId, req.scope, params.year, params.round));
  // A board template's columns may compare with the previous round or print a system forecast.
  const keys = configuredKeys(specs);
  const prevScenario = PREV_ROUND_KEYS.some((k) => keys.has(k)) ? await previousForecastScenario(store, req.orgId, req.scope, params.year, params.round) : null;
  if (prevScenario) params.hasPrevRound = true;
  const [read, lastActual, kind] = await Promise.all([
    store.ledgerFacts(req.orgId, { year: params.year, period: params.period, prevPeriod: params.prevPeriod, scenario, units: [...scopeUnits], prevScenario }),
    lastActualPeriod(store, req.orgId, params.year, [...scopeUnits]),
    roundKind(store, req.orgId, req.scope, params.year, params.round),
  ]);
  const facts = keys.has('system_forecast') ? withProposals(read, params.period) : read;
  const ctx = { tree, activities, projects };
  // A cell not entered is a fact of no amount that marks the forecast of every row over it as missing.
  const missing = req.missingForecasts ?? [];
  for (const m of missing) {
    facts.push({
      unit: m.unit, group: m.group, activity: m.activity, project: '',
      closingPrev: 0n, actualPrev: 0n, actual: 0n, budgetMonthlyToDate: 0n, budgetAnnual: 0n, budget: 0n, budgetOsb: 0n, forecast: 0n, carryover: 0n,
      forecastMissing: true,
    });
  }
  const missingByUnit = new Map<string, number>();
  for (const m of missing) missingByUnit.set(m.unit, (missingByUnit.get(m.unit) ?? 0) + 1);
  // A table filtered by account ranges reads its own facts from the ledger rows.
  const byAccounts = new Map<TableSpec, typeof facts>();
  for (const s of specs.filter((x) => x.filter?.accounts)) {
    const own = await store.ledgerFacts(req.orgId, { year: params.year, period: params.period, prevPeriod: params.prevPeriod, scenario, units: [...scopeUnits], prevScenario, accounts: s.filter!.accounts! });
    byAccounts.set(s, [...(keys.has('system_forecast') ? withProposals(own, params.period) : own), ...facts.filter((f) => f.forecastMissing)]);
  }
  const tables = specs.map((s) => computeTable(s, byAccounts.get(s) ?? facts, ctx, params));
  await noteUnitRenames(store, req.orgId, params.year, tables, tree);
  let sections: ReportModel['sections'] = [];
  const omittedChapters: OmittedChapter[] = [];
  // Texts the report computes into the narrative (comparisons): figures `prognos check` need not find in a table.
  const computedTexts: string[] = [];
  if (template) {
    const content = await store.loadFollowUp({ orgId: req.orgId, board: req.scope, year: req.year, round: req.round });
    for (const [key, n] of req.narratives ?? []) content.narratives.set(key, n);
    // Comparisons between rounds typed as tokens ({jämförelse:P1} …) print as facts.
    const texts = [...content.narratives.values()].map((n) => n.text).filter(hasComparison);
    if (texts.length) {
      const comparisons = await comparisonFacts(store.db, { orgId: req.orgId, board: req.scope, year: req.year, round: req.round, yearEnd: kind === 'year-end', scenario, units: tree.subtree(req.scope).map((u) => u.code) }, texts);
      for (const [key, n] of content.narratives) if (hasComparison(n.text)) content.narratives.set(key, { ...n, text: fillComparisons(n.text, comparisons) });
      computedTexts.push(...comparisons.values());
    }
    const net = tables.find((t) => t.kind === 'net-summary' && t.scope === req.scope);
    // The intrapreneurships' part of a reconciled table's variance: the same table over their units only.
    const reconciliations = new Map<string, number | null>();
    const intra = intrapreneurshipUnits(content);
    for (const b of template.chapters.flatMap((c) => c.blocks)) {
      const spec = 'reconciliation' in b ? specs.find((s) => s.id === b.of) : undefined;
      if (!spec || intra.length === 0) continue;
      const label = '\u0000intraprenader';
      const t = computeTable({ ...spec, rows: { ...spec.rows, memo: [...(spec.rows?.memo ?? []), { label, units: intra }] } }, byAccounts.get(spec) ?? facts, ctx, params);
      const key = varianceKey(t);
      reconciliations.set(spec.id, key ? (t.afterTotal?.find((r) => r.name === label)?.values[key] ?? null) : null);
    }
    sections = buildSections({
      template,
      tables,
      content,
      context: {
        year: req.year,
        round: req.round,
        boardName: scope.name,
        ...(kind === 'year-end' ? { yearEnd: true } : {}),
        ...(net ? { netTotal: { variance: net.total.values.variance ?? net.total.values.variance_to_date ?? null, budget: net.total.values.budget ?? null } } : {}),
      },
      unitName: (code) => tree.get(code)?.name ?? code,
      reconciliations,
      appendices: req.appendices?.length ?? 0,
      ...(req.placeholders ? { placeholders: true } : {}),
    }, omittedChapters);
  }
  const doc = documentDecision(template?.document, req.document, req.decision, (t) => fillTitle(t, { year: req.year, round: req.round, boardName: scope.name }));
  return {
    report: {
      organisation: req.orgId,
      ...(organisationName ? { organisationName } : {}),
      ...(settings.logo ? { logo: settings.logo } : {}),
      ...(doc.decision ? { decision: doc.decision } : {}),
      ...(req.appendices?.length ? { appendices: req.appendices } : {}),
      scope: { code: scope.code, name: scope.name },
      title: req.title ?? doc.title ?? reportTitle(req.year, req.period, req.round, scope.name),
      year: params.year,
      period: params.period,
      prevPeriod: params.prevPeriod,
      round: params.round,
      sign: params.sign,
      unit: 'tkr',
      percentages: params.percent!,
      lastActualPeriod: lastActual,
      roundKind: kind,
      omittedChapters,
      ...(computedTexts.length > 0 ? { computedTexts } : {}),
      ...(req.missingForecasts ? { missingForecasts: [...missingByUnit].map(([unit, cells]) => ({ unit, name: tree.get(unit)?.name ?? unit, cells })) } : {}),
      periodText: `Utfall januari–${monthName(params.period).toLowerCase()} ${params.year}${params.period === 12 ? '' : `, prognos ${roundNumber(params.round)} för helåret`}`,
    },
    tables,
    sections,
  };
}
