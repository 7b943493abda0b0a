/**
 * Kommunstyrelsen's own template of reference report 000 (Delårsrapport med prognos 1 2019,
 * utfall t.o.m. 30 april): its chapters, its seven financial tables with their own column sets and
 * headings as 000 prints them. The tables' ids are the ones test/reference-tables/r000.ts compares.
 *
 * Organisation (as 000 prints it): board KS; RN1 ÖKG Kommungemensamt (RN5 units KGAMT … KGÖK,
 * KGST the state grants), ÖKP Politisk kommunledning, ÖKA Kommunstyrelseförvaltningen (RN3
 * departments KAA … KUU), ÖRE Revisionsnämnd, ÖVA Valnämnd.
 */
import type { TableSpec } from '../../../core/compute/index.ts';
import type { ReportTemplate } from '../../../report/index.ts';

const t = (spec: TableSpec): { table: TableSpec } => ({ table: spec });

/** 000-02/000-03: the system-computed forecast (actual to date + the budget of the remaining months) beside the budget. */
const BER_COLUMNS: TableSpec['columns'] = [
  { key: 'closing_prev', label: '{prevYear} Bokslut' },
  { key: 'actual', label: 'Ack {Month} Utfall' },
  { key: 'system_forecast', label: 'Ber prognos Helår', method: 'remaining_budget' },
  { key: 'budget', label: 'Helår Budget' },
  { key: 'variance', label: 'Helår Avv Progn-Budg' },
];

/** 000-04 … 000-06: the units' own forecast (Innev. Progn). */
const FORECAST_COLUMNS: TableSpec['columns'] = [
  { key: 'closing_prev', label: '{prevYear} Bokslut' },
  { key: 'actual', label: 'Ack {Month} Utfall' },
  { key: 'forecast', label: 'Helår Innev. Progn' },
  { key: 'budget', label: 'Helår Budget' },
  { key: 'variance', label: 'Helår Avv Progn-Budg' },
];

export const TEMPLATE_000: ReportTemplate = {
  id: 'ks-delarsrapport-000',
  name: 'Kommunstyrelsen, delårsrapport med prognos (2019)',
  chapters: [
    { id: 'forslag-till-beslut', number: '1', title: 'Förslag till beslut', level: 1, blocks: [{ narrative: 'proposal', required: true }] },
    { id: 'bedomning-och-analys', number: '2', title: 'Kommundirektörens bedömning och analys', level: 1, blocks: [] },
    { id: 'analys', number: '2.1', title: 'Kommundirektörens analys av verksamhetens prognos', level: 2, blocks: [{ narrative: 'analysis', required: true }] },
    { id: 'framatblick', number: '2.2', title: 'Framåtblick', level: 2, blocks: [{ narrative: 'outlook' }] },
    { id: 'kostnadsutveckling', number: '3', title: 'Kostnadsutveckling och budgetavvikelse', level: 1, blocks: [] },
    {
      id: 'budgetavvikelse',
      number: '3.1',
      title: 'Budgetavvikelse, intäkts- och kostnadsutveckling',
      level: 2,
      blocks: [
        { narrative: 'budget-deviation' },
        t({
          id: 'net-summary:KS',
          kind: 'net-summary',
          scope: 'KS',
          title: 'Kommunstyrelsens samlade ekonomi',
          columns: [
            { key: 'actual_prev', label: 'Utfall 180430' },
            { key: 'actual', label: 'Utfall 190430' },
            { key: 'closing_prev', label: 'Bokslut {prevYear}' },
            { key: 'budget', label: 'Budget {year}' },
            { key: 'forecast', label: 'Prognos {year}' },
            { key: 'variance', label: 'Avvikelse' },
          ],
          rows: { memo: [{ label: 'varav Myndighetsavdelningen samt centralt skolstöd', units: ['KMY', 'KCS'] }], omit: ['ÖRE', 'ÖVA'] },
        }),
        { narrative: 'net-summary' },
        t({ id: 'units:ÖKG', kind: 'units', scope: 'ÖKG', level: 'RN5', title: 'Kommungemensamt', columns: BER_COLUMNS }),
        { narrative: 'common' },
        t({ id: 'units:ÖKA', kind: 'units', scope: 'ÖKA', level: 'RN3', title: 'Kommunstyrelseförvaltningen', columns: BER_COLUMNS }),
        { narrative: 'administration' },
        t({ id: 'units:ÖRE', kind: 'units', scope: 'ÖRE', level: 'RN1', title: 'Revisionsnämnd', columns: FORECAST_COLUMNS }),
        { narrative: 'audit' },
        t({ id: 'units:ÖVA', kind: 'units', scope: 'ÖVA', level: 'RN1', title: 'Valnämnd', columns: FORECAST_COLUMNS }),
        { narrative: 'election' },
      ],
    },
    {
      id: 'sammanstallning',
      number: '3.1.1',
      title: 'Sammanställning intäkts- och kostnadsutveckling',
      level: 3,
      blocks: [
        { narrative: 'account-groups' },
        t({ id: 'account-groups:ÖKA', kind: 'account-groups', scope: 'ÖKA', title: 'Kommunstyrelseförvaltningen per kontogrupp', columns: FORECAST_COLUMNS }),
        { narrative: 'account-groups-after' },
      ],
    },
    { id: 'investeringar', number: '3.2', title: 'Investeringar', level: 2, blocks: [] },
    {
      id: 'investeringsbehov',
      number: '3.2.1',
      title: 'Investeringsbehov',
      level: 3,
      blocks: [
        t({
          id: 'investments:ÖKA',
          kind: 'investments',
          scope: 'ÖKA',
          level: 'RN3',
          title: 'Investeringar per avdelning',
          columns: [
            { key: 'closing_prev', label: '{prevYear} Bokslut' },
            { key: 'actual', label: 'Ack {Month} Utfall' },
            { key: 'budget', label: 'Budget {year}' },
            { key: 'carryover', label: 'Överfört från {prevYear}' },
            { key: 'budget_incl_carryover', label: 'Budget inkl. överfört' },
            { key: 'forecast', label: 'Helår Innev. Progn' },
            { key: 'variance', label: 'Helår Avv Progn-Budg' },
          ],
        }),
        { narrative: 'investments' },
      ],
    },
    { id: 'utvecklingsportfoljer', number: '3.3', title: 'Kommunstyrelsens utvecklingsportföljer och riktade satsningar', level: 2, blocks: [] },
    { id: 'digitalisering', number: '3.3.1', title: 'Digitaliseringssatsning', level: 3, blocks: [{ narrative: 'digitalisation' }] },
    { id: 'sociala-investeringar', number: '3.3.2', title: 'Sociala investeringar', level: 3, blocks: [{ narrative: 'social-investments' }] },
    { id: 'kompetensforsorjning', number: '3.3.3', title: 'Kompetensförsörjning', level: 3, blocks: [{ narrative: 'competence' }] },
    { id: 'vaxande-kommunen', number: '3.3.4', title: 'Den växande kommunen', level: 3, blocks: [{ narrative: 'growing' }] },
    { id: 'hemvarden', number: '3.3.5', title: 'Strukturförändringsprogram för hemvården', level: 3, blocks: [{ narrative: 'home-care' }] },
    { id: 'integration', number: '3.3.6', title: 'Örebro för integration', level: 3, blocks: [{ narrative: 'integration' }] },
  ],
};
