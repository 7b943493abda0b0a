/**
 * Kommunstyrelsen's own Årsberättelse template (reference report 001, 2021): chapter 6.1's tables
 * per budget area (units and account groups) with the report's own columns and headings.
 */
import type { TableSpec } from '../../../core/compute/index.ts';
import type { ReportTemplate } from '../../../report/index.ts';

const t = (spec: TableSpec): { table: TableSpec } => ({ table: spec });

/** 001's column set: Bokslut {prevYear}, Utfall Ack dec, Budget, Avvikelse, Förändring %. */
export const ARSBERATTELSE_COLUMNS: NonNullable<TableSpec['columns']> = [
  { key: 'closing_prev', label: '{prevYear} Bokslut' },
  { key: 'actual', label: '{year} Utfall Ack {monthShort}' },
  { key: 'budget_to_date', label: '{year} Budget' },
  // The source's heading, its double space included.
  { key: 'variance_to_date', label: 'Avv  Budg o Utf' },
  { key: 'change_pct', label: 'Förändr% {prevYear} o {year}' },
];

const area = (scope: string, title: string, level?: string): TableSpec[] => [
  ...(level ? [{ id: `units:${scope}`, kind: 'units', scope, level, title: `${title} per enhet`, columns: ARSBERATTELSE_COLUMNS } as TableSpec] : []),
  { id: `account-groups:${scope}`, kind: 'account-groups', scope, title: `${title} per kontogrupp`, columns: ARSBERATTELSE_COLUMNS },
];

export const TEMPLATE_001: ReportTemplate = {
  id: 'ks-arsberattelse-001',
  // The board prints every change %, however large, also on a base that rounds to 0 tkr (exact 0 stays empty).
  percentages: { limit: 10_000_000, printOnBaseRoundingToZero: true },
  chapters: [
    { id: 'analys', number: '2.1', title: 'Kommundirektörens analys av verksamhetens resultat', level: 2, blocks: [{ narrative: 'analysis' }] },
    { id: 'handelser', number: '2.2', title: 'Händelser av väsentlig betydelse', level: 2, blocks: [{ narrative: 'events' }] },
    { id: 'forvantad-utveckling', number: '2.3', title: 'Förväntad utveckling', level: 2, blocks: [{ narrative: 'outlook' }] },
    { id: 'sammanfattande-iakttagelser', number: '3', title: 'Sammanfattande iakttagelser', level: 1, blocks: [{ observations: true, labels: { area: 'Målområden' } }] },
    {
      id: 'budgetavvikelse',
      number: '6.1',
      title: 'Budgetavvikelse, intäkts- och kostnadsutveckling',
      level: 2,
      blocks: [
        ...area('KL', 'Kommunledning', 'RN3').map(t),
        ...area('KG', 'Kommungemensamt', 'RN5').map(t),
        ...area('KSF', 'Kommunstyrelseförvaltningen', 'RN3').map(t),
        ...area('SR', 'Stadsrevisionen').map(t),
        ...area('ÖVA', 'Valnämnden', 'RN1').map(t),
      ],
    },
    { id: 'anstallningsmyndighet', number: '7', title: 'Kommunstyrelsens ansvar som anställningsmyndighet', level: 1, blocks: [{ grid: 'hr-indicators' }] },
    // 001 lists its appendix, the plan with budget, as chapter 8.
    { id: 'bilagor', number: '8', title: 'Bilagor', level: 1, blocks: [{ appendices: true }] },
  ],
};
