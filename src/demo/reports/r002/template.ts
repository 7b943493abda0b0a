/**
 * Kommunstyrelsen's own Årsberättelse template (reference report 002, 2020): chapter 5.1's
 * tables per budget area (units), 5.2's per account group, each with the report's own columns and headings.
 */
import type { TableSpec } from '../../../core/compute/index.ts';
import type { ReportTemplate } from '../../../report/index.ts';

/** 002-02 … 002-06's column set: Bokslut 2019, Utfall Ack dec, Budget, Avvikelse, Förändring %. */
export const UNIT_COLUMNS_002: NonNullable<TableSpec['columns']> = [
  { key: 'actual_prev', label: '{prevYear} Bokslut' },
  { key: 'actual', label: '{year} Utfall Ack {monthShort}' },
  { key: 'budget', label: '{year} Budget' },
  { key: 'variance_to_date', label: 'Avv Budg o Utf' },
  { key: 'change_pct', label: 'Förändr% {prevYear} o {year}' },
];

/** The budget areas of 5.1 in the report's order: scope, level of the rows, heading. */
/** Kommunfullmäktige's six goal areas of 2020 (chapter 5.1 … 5.6). */
export const GOAL_AREAS_002 = [
  'Örebro i sin fulla kraft',
  'Lärande, utbildning och arbete genom hela livet i Örebro',
  'Ett tryggt och gott liv för alla i Örebro',
  'Örebro skapar livsmiljöer för god livskvalitet',
  'Ett klimatpositivt Örebro med friska ekosystem och god biologisk mångfald',
  'Hållbara och resurseffektiva Örebro',
] as const;

export const AREAS_002 = [
  { scope: 'ÖKL', level: 'RN3', title: 'Kommunledning' },
  // 002 prints KG (Ianspråktagande av eget kapital) where its earlier code KGI sorted, after KGHR.
  { scope: 'ÖKG', level: 'RN5', title: 'Kommungemensamt', order: ['KGAMT', 'KGBR', 'KGEM', 'KGFA', 'KGFC', 'KGFL', 'KGFO', 'KGHR', 'KG', 'KGIT', 'KGK', 'KGMM', 'KGOMS', 'KGOS', 'KGST', 'KGU', 'KGÖK'] },
  { scope: 'ÖKA', level: 'RN3', title: 'Kommunstyrelseförvaltningen' },
  { scope: 'ÖRN', level: 'RN3', title: 'Stadsrevisionen' },
  { scope: 'ÖVN', level: 'RN3', title: 'Valnämnden' },
] as const;

/** 002-01's column set (Nettoredovisning per budgetnivå). */
export const NET_COLUMNS_002: NonNullable<TableSpec['columns']> = [
  { key: 'actual_prev', label: 'Bokslut {prevYear}' },
  { key: 'actual', label: 'Bokslut {year}' },
  { key: 'budget', label: 'Budget {year}' },
  { key: 'variance_to_date', label: 'Avvikelse' },
];

export const TEMPLATE_002: ReportTemplate = {
  id: 'ks-arsberattelse-002',
  chapters: [
    { id: 'sammanfattande-iakttagelser', number: '3', title: 'Sammanfattande iakttagelser', level: 1, blocks: [{ observations: true, labels: { area: 'Målområden' } }] },
    { id: 'bidrag-till-mal', number: '5', title: 'Nämndens bidrag till utveckling inom Kommunfullmäktiges mål', level: 1, blocks: [] },
    ...GOAL_AREAS_002.map((area, n) => ({
      id: `malomrade-${n + 1}`,
      number: `5.${n + 1}`,
      title: `Målområde ${n + 1} ${area}`,
      level: 2 as const,
      blocks: [{ grid: `observations:${n + 1}` }],
    })),
    { id: 'anstallningsmyndighet', number: '7', title: 'Kommunstyrelsens ansvar som anställningsmyndighet', level: 1, blocks: [{ grid: 'hr-indicators' }] },
    {
      id: 'analysunderlag-ekonomi',
      number: '8',
      title: 'Analysunderlag – ekonomi',
      level: 1,
      blocks: [
        {
          table: {
            id: 'net-summary:KS',
            kind: 'net-summary',
            scope: 'KS',
            title: 'Nettoredovisning per budgetnivå',
            columns: NET_COLUMNS_002,
            // Stadsrevisionen and Valnämnden are reported by KS in tables of their own, not in its net cost.
            rows: {
              memo: [{ label: 'varav Myndighetsavdelningen samt centralt skolstöd', units: ['KMY', 'KCS'] }],
              omit: ['ÖRN', 'ÖVN'],
              order: ['Kommungemensamt', 'KGST', 'ÖKL', 'ÖKA'],
            },
          },
        },
      ],
    },
    { id: 'enheter', number: '5.1', title: 'Enheternas resultat', level: 2, blocks: [] },
    ...AREAS_002.map((a) => ({
      id: `enheter-${a.scope.toLowerCase()}`,
      number: null,
      title: a.title,
      level: 3 as const,
      blocks: [
        {
          table: {
            id: `units:${a.scope}`, kind: 'units' as const, scope: a.scope, level: a.level, title: `${a.title} per enhet`, columns: UNIT_COLUMNS_002,
            ...('order' in a ? { rows: { order: [...a.order] } } : {}),
          },
        },
      ],
    })),
    { id: 'kontogrupper', number: '5.2', title: 'Intäkt- och kostnadsutveckling', level: 2, blocks: [] },
    ...AREAS_002.map((a) => ({
      id: `kontogrupper-${a.scope.toLowerCase()}`,
      number: null,
      title: a.title,
      level: 3 as const,
      blocks: [{ table: { id: `account-groups:${a.scope}`, kind: 'account-groups' as const, scope: a.scope, title: `${a.title} per kontogrupp`, columns: UNIT_COLUMNS_002 } }],
    })),
    {
      id: 'investeringar',
      number: '5.3',
      title: 'Investeringar',
      level: 2,
      blocks: [{ table: { id: 'investments:ÖKA', kind: 'investments', scope: 'ÖKA', level: 'RN3', title: 'Investeringar per avdelning', columns: UNIT_COLUMNS_002 } }],
    },
  ],
};
