/**
 * A chapter structure around a model's tables, with every kind of block (paragraphs, lists,
 * goal and assignment grids, bar and line charts, a three-level heading tree, an unnumbered
 * appendix). For the PDF and accessibility tests and for previews of the layout; the texts are
 * examples, not derived from the numbers except where a chart shows a table's column.
 */
import type { Chart, Grid, ReportModel, Section, Table } from '../model.ts';

function varianceChart(t: Table): Chart {
  const rows = t.rows.filter((r) => !r.kind).slice(0, 8);
  return {
    id: `chart-variance-${t.id}`,
    title: `Prognostiserad avvikelse mot budget – ${t.title}`,
    description: `Stapeldiagram över prognostiserad avvikelse mot budget för helåret per enhet i ${t.title}, i tkr. Negativa staplar är underskott.`,
    kind: 'bar',
    unit: 'tkr',
    categories: rows.map((r) => r.name),
    series: [{ name: 'Avvikelse', values: rows.map((r) => r.values.variance ?? null) }],
  };
}

const COST_CHART: Chart = {
  id: 'chart-costs',
  title: 'Nettokostnad 2020–2024',
  description: 'Linjediagram över nettokostnaden 2020–2024 i mnkr: budgeten har ökat från 780 till 875 mnkr och utfallet från 772 till 924 mnkr (prognos för 2024).',
  kind: 'line',
  unit: 'mnkr',
  categories: ['2020', '2021', '2022', '2023', '2024'],
  series: [
    { name: 'Budget', values: [780.2, 801.5, 828, 856.6, 875.4] },
    { name: 'Utfall (2024: prognos)', values: [772.1, 809.9, 841.3, 856.6, 924.4] },
  ],
};

const INDICATOR_CHART: Chart = {
  id: 'chart-indicator',
  title: 'Andel ärenden som handläggs inom 30 dagar',
  description: 'Linjediagram: andelen ärenden som handläggs inom 30 dagar har ökat från 71 % 2020 till 86 % 2024. Målet är 90 %.',
  kind: 'line',
  unit: '%',
  categories: ['2020', '2021', '2022', '2023', '2024'],
  series: [{ name: 'Andel inom 30 dagar', values: [71, 74, null, 82, 86] }],
  target: 90,
};

const GOALS: Grid = {
  id: 'grid-goals',
  title: 'Nämndens mål och bedömning',
  columns: [
    { key: 'goal', label: 'Mål' },
    { key: 'indicator', label: 'Indikator' },
    { key: 'outcome', label: 'Utfall', kind: 'number', decimals: 1 },
    { key: 'target', label: 'Målvärde', kind: 'number', decimals: 1 },
    { key: 'status', label: 'Bedömning', kind: 'status' },
  ],
  rows: [
    { kind: 'heading', cells: { goal: 'Strategiskt mål 1: Hållbar ekonomi', indicator: null, outcome: null, target: null, status: null } },
    { cells: { goal: 'Budgeten hålls', indicator: 'Avvikelse mot budget, %', outcome: -5.6, target: 0, status: 'Uppfylls ej' } },
    { cells: { goal: 'Effektiv lokalanvändning', indicator: 'Kvadratmeter per anställd', outcome: 21.4, target: 20, status: 'Uppfylls delvis' } },
    { kind: 'heading', cells: { goal: 'Strategiskt mål 2: Service i världsklass', indicator: null, outcome: null, target: null, status: null } },
    { cells: { goal: 'Snabb handläggning', indicator: 'Andel ärenden inom 30 dagar, %', outcome: 86, target: 90, status: 'Uppfylls delvis' } },
    { cells: { goal: 'Nöjda invånare', indicator: 'Nöjd-Inflytande-Index', outcome: 62.5, target: 60, status: 'Uppfylls' } },
  ],
};

const ASSIGNMENTS: Grid = {
  id: 'grid-assignments',
  title: 'Uppdrag från kommunfullmäktige',
  columns: [
    { key: 'assignment', label: 'Uppdrag' },
    { key: 'comment', label: 'Kommentar' },
    { key: 'status', label: 'Status', kind: 'status' },
  ],
  rows: [
    { cells: { assignment: 'Ta fram en lokalförsörjningsplan', comment: 'Planen beslutas i juni.', status: 'Påbörjat' } },
    { cells: { assignment: 'Införa e-tjänst för bygglov', comment: 'I drift sedan februari.', status: 'Genomfört' } },
    { cells: { assignment: 'Utreda gemensam växel med grannkommunerna', comment: 'Avvaktar grannkommunernas beslut.', status: 'Ej påbörjat' } },
  ],
};

/** The model with example chapters around its tables (the tables are not changed). */
export function withSampleChapters(model: ReportModel): ReportModel {
  const byKind = (kind: Table['kind']): Table[] => model.tables.filter((t) => t.kind === kind);
  const first = model.tables[0];
  const units = byKind('units')[0];
  const rest = model.tables.filter((t) => t !== first && t !== units && t.kind !== 'investments');
  const investments = byKind('investments');
  const sections: Section[] = [
    {
      id: 'sammanfattning',
      number: '1',
      title: 'Sammanfattning',
      level: 1,
      blocks: [
        { type: 'paragraph', text: `${model.report.periodText}. Nämnden prognostiserar ett underskott mot budget för helåret, främst inom kommungemensam verksamhet.` },
        { type: 'list', items: ['Högre kostnader för fastigheter än budgeterat.', 'Vakanser ger ett överskott inom förvaltningen.', 'Investeringarna följer plan.'] },
      ],
    },
    { id: 'mal', number: '2', title: 'Mål och uppdrag', level: 1, blocks: [{ type: 'paragraph', text: 'Bedömningen av måluppfyllelsen görs utifrån indikatorerna nedan.' }] },
    { id: 'mal-namnd', number: '2.1', title: 'Nämndens mål', level: 2, blocks: [{ type: 'grid', grid: GOALS }] },
    { id: 'mal-indikator', number: '2.1.1', title: 'Handläggningstider', level: 3, blocks: [{ type: 'chart', chart: INDICATOR_CHART }] },
    { id: 'uppdrag', number: '2.2', title: 'Uppdrag', level: 2, blocks: [{ type: 'grid', grid: ASSIGNMENTS }] },
    {
      id: 'ekonomi',
      number: '3',
      title: 'Ekonomi',
      level: 1,
      blocks: [
        { type: 'paragraph', text: 'Belopp i tusentals kronor (tkr). Intäkter är positiva och kostnader negativa; en positiv avvikelse är bättre än budget.' },
        ...(first ? [{ type: 'table' as const, tableId: first.id }] : []),
        { type: 'chart', chart: COST_CHART },
      ],
    },
    {
      id: 'ekonomi-enheter',
      number: '3.1',
      title: 'Resultat per enhet',
      level: 2,
      blocks: units ? [{ type: 'table', tableId: units.id }, { type: 'chart', chart: varianceChart(units) }] : [],
    },
    { id: 'ekonomi-ovrigt', number: '3.2', title: 'Kontogrupper och verksamheter', level: 2, blocks: rest.map((t) => ({ type: 'table' as const, tableId: t.id })) },
    { id: 'bilaga-investeringar', number: null, title: 'Bilaga 1 Investeringar', level: 1, blocks: investments.map((t) => ({ type: 'table' as const, tableId: t.id })) },
  ];
  return { ...model, sections };
}
