/**
 * Reference report 000 (Delårsrapport med prognos 1 2019, Kommunstyrelsen, utfall t.o.m. 30 april):
 * its seven financial tables against the demo's report of REPORT_000, cell by cell, headings included.
 *
 * Our table ids are the ones of src/demo/reports/r000/template.ts. Column keys are the measure keys
 * (src/core/compute/measures.ts): `actual_prev` is Utfall 180430 (prevPeriod 4), `closing_prev` is
 * Bokslut 2018, `system_forecast` is "Ber prognos" (method `remaining_budget`: actual to date plus the
 * budget of May–December — every printed Ber prognos of 000-02/000-03 satisfies it), `forecast` and
 * `variance` are the units' forecast (Innev. Progn) and forecast − budget.
 */
import type { ReportModel } from '../../src/report/index.ts';
import { financialDifferences, loadFixture, tableById, type Allowed, type ReferenceComparison, type TableComparison } from './compare.ts';

const COMMON = { bokslut_prev: 'closing_prev', utfall_ack: 'actual', budget: 'budget', avv_prognos_budget: 'variance' };

const financial = (fixture: string, tableId: string, keys: Record<string, string>): TableComparison => ({
  fixture,
  differences: (model: ReportModel) => financialDifferences(tableById(model, tableId), loadFixture(fixture), { keys }),
});

const F01 = '000-01-nettoredovisning.json';
const nettokostnad = (column: string, printed: number, ours: number, why: string): Allowed => ({
  fixture: F01,
  row: 'total',
  column,
  printed,
  ours,
  reason: `Nettokostnad är inte summan av sina fyra rader (fixtures README §6.1): ${why}`,
});
const ksf90 = (column: string, printed: number, ours: number): Allowed => ({
  fixture: F01,
  row: 'Kommunstyrelseförvaltningen',
  column,
  printed,
  ours,
  reason:
    'Nettoredovisningens Kommunstyrelseförvaltningen har prognos −395 058 / avvikelse −12 434, avdelningstabellerna 000-03 och 000-06 ' +
    '(som stämmer med varandra) −394 968 / −12 344: 90 tkr (fixtures README §6.4, cross-check 000-B). Demot räknar från avdelningarnas prognoser.',
});

export const COMPARE_000: ReferenceComparison = {
  reference: '000',
  tables: [
    financial(F01, 'net-summary:KS', { ...COMMON, utfall_prev_period: 'actual_prev', prognos: 'forecast' }),
    financial('000-02-okg-kommungemensamt-rn5.json', 'units:ÖKG', { ...COMMON, prognos_ber: 'system_forecast' }),
    financial('000-03-oka-ksf-rn3.json', 'units:ÖKA', { ...COMMON, prognos_ber: 'system_forecast' }),
    financial('000-04-ore-revisionsnamnd.json', 'units:ÖRE', { ...COMMON, prognos: 'forecast' }),
    financial('000-05-ova-valnamnd.json', 'units:ÖVA', { ...COMMON, prognos: 'forecast' }),
    financial('000-06-oka-ksf-kontogrupp.json', 'account-groups:ÖKA', { ...COMMON, prognos: 'forecast' }),
    financial('000-07-investeringar.json', 'investments:ÖKA', {
      ...COMMON,
      overfort: 'carryover',
      budget_incl_overfort: 'budget_incl_carryover',
      prognos: 'forecast',
    }),
  ],
  allowed: [
    nettokostnad('utfall_prev_period', -154544, -118721, 'Utfall 180430 −154 544, raderna ger −118 721.'),
    nettokostnad('bokslut_prev', -512457, -521269, 'Bokslut 2018 −512 457, raderna ger −521 269.'),
    nettokostnad('budget', -541597, -524897, 'Budget 2019 −541 597, raderna ger −524 897.'),
    // With Kommunstyrelseförvaltningen's forecast from its departments (−394 968, not −395 058) the
    // total forecast is −589 216 and its deviation −589 216 − (−524 897) = −64 319.
    nettokostnad('prognos', -589306, -589216, 'Prognos 2019 −589 306 innehåller förvaltningens −395 058 i stället för −394 968 (§6.4).'),
    nettokostnad('avv_prognos_budget', -47709, -64319, 'Avvikelse −47 709 är prognos minus den felaktiga totalbudgeten −541 597 (§6.1, §6.4).'),
    ksf90('prognos', -395058, -394968),
    ksf90('avv_prognos_budget', -12434, -12344),
    {
      fixture: '000-07-investeringar.json',
      row: 'KMY',
      column: 'overfort',
      printed: null,
      ours: 0,
      reason:
        'Inte ett fel i källan: 000 lämnar cellen tom där inget överförts från 2018, vår kolumn carryover skriver 0 ' +
        '(summan av inga överföringar). Kvar tills kolumnen skiljer "inget överfört" från 0.',
    },
  ],
};
