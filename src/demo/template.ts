/**
 * The chapter structure of reference report 003 (Kommunstyrelsen, Delårsrapport med prognos 1
 * 2024) as a Prognos template: the same chapters, tables and texts, with our figures.
 */
import type { TableSpec } from '../core/compute/index.ts';
import type { ReportTemplate, TemplateChapter } from '../report/index.ts';

const t = (spec: TableSpec): { table: TableSpec } => ({ table: spec });

/** The three budget areas of chapters 3.1–3.3, in the report's order. */
const AREAS = [
  { scope: 'ÖKL', title: 'Kommunledning' },
  { scope: 'KGN', title: 'Kommungemensamt', unitsTitle: 'Kommungemensam nivå' },
  { scope: 'ÖKA', title: 'Kommunledningsförvaltning' },
] as const;

function perArea(prefix: string, make: (a: (typeof AREAS)[number]) => TemplateChapter['blocks']): TemplateChapter[] {
  return AREAS.map((a) => ({
    id: `${prefix}-${a.scope.toLowerCase()}`,
    number: null,
    title: prefix === 'enheter' && 'unitsTitle' in a ? a.unitsTitle : a.title,
    level: 3 as const,
    blocks: make(a),
  }));
}

export const DEMO_TEMPLATE: ReportTemplate = {
  id: 'ks-delarsrapport-003',
  chapters: [
    { id: 'forslag-till-beslut', number: '1', title: 'Förslag till beslut', level: 1, blocks: [{ narrative: 'proposal', required: true }] },
    { id: 'bedomning-och-analys', number: '2', title: 'Kommundirektörens bedömning och analys', level: 1, blocks: [{ narrative: 'assessment' }] },
    { id: 'analys', number: '2.1', title: 'Analys av verksamhetens prognos', level: 2, blocks: [{ narrative: 'analysis', required: true }] },
    { id: 'handelser', number: '2.2', title: 'Händelser av väsentlig betydelse', level: 2, blocks: [{ narrative: 'events' }] },
    { id: 'forvantad-utveckling', number: '2.3', title: 'Förväntad utveckling {nextYear}–{year + 3}', level: 2, blocks: [{ narrative: 'outlook' }] },
    {
      id: 'delarsresultat',
      number: '3',
      title: 'Delårsresultat och prognos {roundNumber} för år {year}',
      level: 1,
      blocks: [
        t({ id: 'net-summary:KS', kind: 'net-summary', scope: 'KS', title: 'Nettoredovisning per budgetnivå' }),
        { narrative: 'budget-changes' },
        { narrative: 'result-and-forecast' },
        { narrative: 'balance' },
        { grid: 'balance-measures' },
        { narrative: 'balance-after' },
      ],
    },
    { id: 'enheter', number: '3.1', title: 'Enheternas delårsresultat och prognos', level: 2, blocks: [] },
    ...perArea('enheter', (a) => [
      t(
        a.scope === 'ÖKL'
          ? { id: 'units:ÖKL', kind: 'units', scope: 'ÖKL', level: 'RN3', groupLevel: 'RN2', title: 'Kommunledning per enhet' }
          : a.scope === 'KGN'
            ? { id: 'units:KGN', kind: 'units', scope: 'KGN', level: 'RN5', groupLevel: 'RN2', title: 'Kommungemensam nivå per enhet' }
            : { id: 'units:ÖKA', kind: 'units', scope: 'ÖKA', level: 'RN3', title: 'Kommunledningsförvaltning per enhet' },
      ),
      ...(a.scope === 'ÖKA' ? [{ chart: 'variance-by-row' as const, table: 'units:ÖKA' }] : []),
    ]),
    { id: 'kontogrupper', number: '3.2', title: 'Intäkts- och kostnadsutveckling', level: 2, blocks: [] },
    ...perArea('kontogrupper', (a) => [
      t({ id: `account-groups:${a.scope}`, kind: 'account-groups', scope: a.scope, ...(a.scope === 'KGN' ? { groupLevel: 'RN1' } : {}), title: `${a.title} per kontogrupp` }),
      ...(a.scope === 'ÖKA' ? [{ chart: 'cost-development' as const, table: 'account-groups:ÖKA' }] : []),
    ]),
    {
      id: 'verksamheter',
      number: '3.3',
      title: 'Ekonomiskt delårsresultat och prognos per verksamhet (verksamhetsindelning enligt SCB:s RS-kod)',
      level: 2,
      blocks: [],
    },
    ...perArea('verksamheter', (a) => [
      t({ id: `activities:${a.scope}`, kind: 'activities', scope: a.scope, ...(a.scope === 'KGN' ? { groupLevel: 'RN1' } : {}), title: `${a.title} per verksamhet` }),
    ]),
    {
      id: 'investeringar',
      number: '3.4',
      title: 'Investeringar',
      level: 2,
      blocks: [
        t({ id: 'investments:ÖKA', kind: 'investments', scope: 'ÖKA', level: 'RN3', title: 'Investeringar Kommunledningsförvaltningen' }),
        t({ id: 'investments:ÖKG', kind: 'investments', scope: 'ÖKG', level: 'RN2', title: 'Investeringar Kommungemensamt' }),
        { narrative: 'comment:investments' },
      ],
    },
    { id: 'bilaga-1', number: null, title: 'Bilaga 1: Planerade och vidtagna åtgärder', level: 1, blocks: [
        {
          measures: true,
          // 003's own headings ("Hitills" misprinted in two of its four blocks is not repeated).
          labels: {
            decision: 'Besluts-datum (om aktuellt)',
            diary: 'Diarie-nummer (om aktuellt)',
            achieved: 'Hittills uppnådd effekt, mnkr',
            expected: 'Beskriv förväntad effekt',
            comment: 'Kommentar:',
          },
        },
      ],
    },
    { id: 'bilaga-2', number: null, title: 'Bilaga 2: Uppföljning av strategiska mål och uppdrag', level: 1, blocks: [{ narrative: 'goals-intro' }, { goals: true }] },
  ],
};

/**
 * A programme board over operating boards (reference report 004, 5.4): the boards' results in
 * the cost-positive sign, with the intrapreneurships' accumulated results rolled forward.
 */
/** 004-04's own column set: its order and headings, with the previous year's variances. */
const PROGRAMME_COLUMNS: NonNullable<TableSpec['columns']> = [
  { key: 'actual', label: 'Utfall jan-{monthShort} {year}' },
  { key: 'budget_to_date', label: 'Budget jan-{monthShort} {year}' },
  { key: 'variance_to_date', label: 'Budget-Utfall jan-{monthShort} {year}' },
  { key: 'consumption_pct', label: 'Förbrukn %' },
  { key: 'forecast', label: 'Prognos {roundNumber} Helår' },
  { key: 'budget', label: 'Budget Helår {year}' },
  { key: 'variance', label: 'Prognos {roundNumber} Budget-Utfall' },
  { key: 'variance_to_date_prev', label: 'Budget-Utfall jan-{prevMonthShort} {prevYear}' },
  { key: 'variance_prev', label: 'Budget-Utfall Helår {prevYear}' },
];

/** 004-06..08: Prognos 2, budget, Förbrukat % (forecast / budget) and the deviation, per project of one account. */
const INVESTMENT_COLUMNS: NonNullable<TableSpec['columns']> = [
  { key: 'forecast', label: 'Prognos {roundNumber} {year}' },
  { key: 'budget', label: 'Budget {year}' },
  { key: 'forecast_budget_pct', label: 'Förbrukat %' },
  { key: 'variance', label: 'Avvikelse tkr' },
];
/** The programme's boards in the order 004 prints them (its investment rows are one project per board). */
const PNSV_BOARDS = ['Programnämnd', 'Social nämnd', 'Hemvårdsnämnd', 'Vårdboendenämnd', 'Fuktionsstödsnämnd', 'Överförmyndarnämnd', 'Vårdboenden', 'Grupp och servicebostäder'];

const investments = (id: string, account: string, title: string): TableSpec => ({
  id, kind: 'investments', scope: 'PNSV', by: 'project', title, columns: INVESTMENT_COLUMNS, filter: { accounts: [{ from: account, to: account }] },
  rows: { order: PNSV_BOARDS },
});

/** 004-01..03: the same columns; 004-01 heads the budget 'Prognos 2 Budget', 004-03 prints 'Budget - Utfall'. */
const relabel = (labels: Record<string, string>): NonNullable<TableSpec['columns']> => PROGRAMME_COLUMNS.map((c) => (labels[c.key] ? { ...c, label: labels[c.key] } : c));

/** 004's goal areas with indicators (chapter 4.n; the source prints none for goal area 5). */
const PNSV_GOAL_AREAS: Array<[number, string]> = [
  [1, 'Örebro i sin fulla kraft'],
  [2, 'Lärande, utbildning och arbete genom hela livet i Örebro'],
  [3, 'Ett tryggt och gott liv för alla i Örebro'],
  [4, 'Örebro skapar livsmiljöer för god livskvalitet'],
  [6, 'Hållbara och resurseffektiva Örebro'],
];

export const DEMO_PROGRAMME_TEMPLATE: ReportTemplate = {
  id: 'pnsv-delarsrapport-004',
  chapters: [
    {
      id: 'sammanfattande-iakttagelser',
      number: '3',
      title: 'Sammanfattande iakttagelser',
      level: 1,
      blocks: [{ observations: true, labels: { area: 'Målområden' }, bullets: false }],
    },
    // Chapter 4: each goal area with its indicators (typed grids; goal area 5 has none).
    ...PNSV_GOAL_AREAS.map(([n, title]) => ({
      id: `malomrade-${n}`,
      number: `4.${n}`,
      title: `Målområde ${n} ${title}`,
      level: 2 as const,
      blocks: n === 6 ? [{ grid: 'net-cost-deviation' }, { grid: `indicators:${n}` }] : [{ grid: `indicators:${n}` }],
    })),
    { id: 'resurser', number: '5', title: 'Programnämnd social välfärds resurser', level: 1, blocks: [] },
    { id: 'statsbidrag', number: null, title: 'Riktade statsbidrag', level: 2, blocks: [{ grid: 'state-grants' }] },
    {
      id: 'egen-verksamhet',
      number: '5.3',
      title: 'Programnämndens egen verksamhet',
      level: 2,
      blocks: [
        t({ id: 'units:SV6-PN', kind: 'units', scope: 'SV6-PN', level: 'RN2', title: 'Programnämnd social välfärd, egen verksamhet per verksamhet', columns: relabel({ budget: 'Prognos {roundNumber} Budget' }) }),
        t({ id: 'activities:SV6-PN-07', kind: 'activities', scope: 'SV6-PN-07', title: 'Köp av verksamhet, LoV', columns: PROGRAMME_COLUMNS }),
        t({ id: 'activities:SV6-PN-09', kind: 'activities', scope: 'SV6-PN-09', title: 'Köp av boende och personlig assistans', columns: relabel({ variance_to_date: 'Budget - Utfall jan-{monthShort} {year}' }) }),
      ],
    },
    {
      id: 'driftsnamnder',
      number: '5.4',
      title: 'Driftsnämndernas ekonomiska resultat',
      level: 2,
      blocks: [
        t({ id: 'units:PNSV', kind: 'units', scope: 'PNSV', level: 'RN1', title: 'Programområde social välfärd per nämnd', columns: PROGRAMME_COLUMNS }),
        // 004-05: the lines under the table, in the board's words (its typos kept)
        {
          reconciliation: 'intrapreneurships',
          of: 'units:PNSV',
          id: 'reconciliation:PNSV',
          title: 'Avstämning mot intraprenadernas ackumulerade resultat',
          labels: {
            part: 'Varav Intraprenader',
            excluding: 'Totalt exkl. Intraprenader',
            closing: 'Utgående ackumulerat resultat Intraprenader {year}',
            yearExcluding: 'Årets avvikelse exkl. Intraprendader',
            yearPart: 'Årets avvikelse Intraprenader (nya över/underskott {year}',
            adjusted: 'Justerad avvikelse inkl. Intraprenadernas över och underskott {year}',
          },
        },
        { chart: 'variance-by-row', table: 'units:PNSV' },
      ],
    },
    { id: 'intraprenader', number: null, title: 'Intraprenadernas ackumulerade resultat', level: 3, blocks: [{ narrative: 'rollforward' }, { rollforward: true }] },
    {
      // 004 numbers this chapter 5.4 too (its second 5.4); one table per kind of investment, the
      // kind being the investment account, one row per project (named as the report prints it).
      id: 'investeringar',
      number: '5.4',
      title: 'Investeringar',
      level: 2,
      blocks: [
        t(investments('investments:PNSV-INV', '1221', 'Investeringar – inventarier')),
        t(investments('investments:PNSV-MYN', '1222', 'Investeringar – inventarier (myndighetskrav)')),
        t(investments('investments:PNSV-NYA', '1223', 'Investeringar – inventarier (nya vård- och omsorgsboenden och gruppbostäder)')),
      ],
    },
    { id: 'fem-ar', number: '6', title: 'Fem år i sammandrag', level: 1, blocks: [{ grid: 'five-years' }] },
  ],
};
