// Each new measure and row kind of a template's column set, on a small ledger whose figures are
// worked out by hand in the comments (cost-positive sign, tkr), on both stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore, testBackends } from '../../../test/support/store.ts';
import { rejection } from '../../../test/support/errors.ts';
import type { TableSpec } from '../../core/compute/index.ts';
import type { Store } from '../../store/index.ts';
import { importTabular } from '../../store/ingest.ts';
import { createRound } from '../../store/rounds.ts';
import { buildReport, type ReportRequest, type Table } from '../index.ts';

const dir = mkdtempSync(join(tmpdir(), 'prognos-columns-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const tkr = (n: number): string => String(n * 1000); // kronor in the file
const AMOUNTS = [
  'scenario,year,period,unit,account,activity,project,amount',
  // A: last year 250 to April, 1 000 for the year, budget 1 200 (annual row); this year 300 to
  // April (800 more in November), budget 1 100, forecast P1 1 050, P2 1 150.
  `actual,2023,2,A,5010,,,${tkr(250)}`,
  `actual,2023,10,A,5010,,,${tkr(750)}`,
  `budget,2023,,A,5010,,,${tkr(1200)}`,
  `actual,2024,3,A,5010,,,${tkr(300)}`,
  `actual,2024,11,A,5010,,,${tkr(800)}`,
  `budget,2024,,A,5010,,,${tkr(1100)}`,
  `forecast:P1,2024,,A,5010,,,${tkr(1050)}`,
  `forecast:P2,2024,,A,5010,,,${tkr(1150)}`,
  // B: no budget at all; forecast P2 200.
  `actual,2024,2,B,5010,,,${tkr(100)}`,
  `forecast:P2,2024,,B,5010,,,${tkr(200)}`,
  // C (Stadsrevisionen): shown, kept out of the total.
  `actual,2024,2,C,5010,,,${tkr(50)}`,
  `budget,2024,,C,5010,,,${tkr(120)}`,
  `forecast:P2,2024,,C,5010,,,${tkr(120)}`,
  // Investments of B: two projects of one kind (INV…), one of another.
  `actual,2024,2,B,1210,,INV1,${tkr(40)}`,
  `actual,2024,2,B,1210,,INV2,${tkr(60)}`,
  `actual,2024,2,B,1210,,NB1,${tkr(500)}`,
  `actual,2024,2,B,1225,,NB1,${tkr(70)}`,
  `budget,2024,,B,1225,,NB1,${tkr(100)}`,
].join('\n');

const units = (extra: Partial<TableSpec> = {}): TableSpec => ({ id: 'u', kind: 'units', scope: 'N', ...extra });
const template = (...tables: TableSpec[]): ReportRequest['template'] => ({
  id: 't',
  chapters: [{ id: 'c', number: '1', title: 'Ekonomi', level: 1, blocks: tables.map((table) => ({ table })) }],
});

describe.each(testBackends())('column set measures on %s', (backend) => {
  let store: Store;
  const report = async (tables: TableSpec[], extra: Partial<ReportRequest> = {}): Promise<Table[]> =>
    (await buildReport(store, { orgId: 'm', scope: 'N', year: 2024, period: 4, round: 'P2', sign: 'cost-positive', template: template(...tables), ...extra })).tables;
  const row = (t: Table, code: string) => t.rows.find((r) => r.code === code && !r.kind)!.values;

  beforeAll(async () => {
    store = await openTestStore(backend);
    await importTabular(store, 'm', 'org', file('org.csv', 'code,name,parent,level\nN,Nämnden,,board\nA,Avd A,N,RN1\nB,Avd B,N,RN1\nC,Stadsrevisionen,N,RN1\n'));
    await importTabular(store, 'm', 'accounts', file('accounts.csv', 'account,name,group\n5010,Löner,5\n1210,Inventarier,I\n1225,Datorer,I\n'));
    await importTabular(store, 'm', 'amounts', file('amounts.csv', AMOUNTS));
  });
  afterAll(async () => {
    await store?.close();
  });

  it('gives the previous year’s variance to date (budget 400 to April − actual 250 = 150) and for the full year (1 200 − 1 000 = 200)', async () => {
    const [t] = await report([units({ columns: [{ key: 'budget_to_date_prev' }, { key: 'variance_to_date_prev' }, { key: 'budget_prev' }, { key: 'variance_prev' }] })]);
    expect(row(t!, 'A')).toEqual({ budget_to_date_prev: 400, variance_to_date_prev: 150, budget_prev: 1200, variance_prev: 200 });
  });

  it('gives the system-computed forecast of each proposal method: profile 300 + 750·1 100/1 000 = 1 125, remaining budget 1 033, run rate 900', async () => {
    const spec = (method: string): TableSpec => units({ id: method, columns: [{ key: 'system_forecast', method }] });
    const tables = await report([units({ columns: [{ key: 'system_forecast' }] }), spec('remaining_budget'), spec('run_rate'), spec('budget')]);
    expect(tables.map((t) => row(t, 'A').system_forecast)).toEqual([1125, 1033, 900, 1100]);
    expect(tables[0]!.columns[0]!.label).toBe('Ber prognos Helår');
  });

  it('gives the previous round’s forecast (P1 1 050) and the change against it (1 050 − 1 150 = −100, a deterioration)', async () => {
    const [t] = await report([units({ columns: [{ key: 'prev_round_forecast' }, { key: 'forecast' }, { key: 'forecast_change' }] })]);
    expect(row(t!, 'A')).toEqual({ prev_round_forecast: 1050, forecast: 1150, forecast_change: -100 });
    // B had no forecast in P1: its previous forecast is 0, its change −200.
    expect(row(t!, 'B')).toEqual({ prev_round_forecast: 0, forecast: 200, forecast_change: -200 });
  });

  it('leaves the previous round’s columns empty when the report has no previous round (P1)', async () => {
    const [t] = await report([units({ columns: [{ key: 'prev_round_forecast' }, { key: 'forecast_change' }, { key: 'closing_vs_last_forecast' }] })], { round: 'P1' });
    expect(row(t!, 'A')).toEqual({ prev_round_forecast: null, forecast_change: null, closing_vs_last_forecast: null });
  });

  it('compares the closing with the last forecast at the year’s end: P2 1 150 − closing 1 100 = 50 better than forecast', async () => {
    const [t] = await report([units({ columns: [{ key: 'actual' }, { key: 'prev_round_forecast', label: 'Prognos 2' }, { key: 'closing_vs_last_forecast' }] })], { period: 12, round: 'P3' });
    expect(row(t!, 'A')).toEqual({ actual: 1100, prev_round_forecast: 1150, closing_vs_last_forecast: 50 });
  });

  it('gives forecast / budget (1 150 / 1 100 = 105 %) and the variance as a per cent of budget (−50 / 1 100 = −4,5 %), empty without a budget', async () => {
    const [t] = await report([units({ columns: [{ key: 'forecast_budget_pct' }, { key: 'variance_budget_pct' }] })]);
    expect(row(t!, 'A')).toEqual({ forecast_budget_pct: 105, variance_budget_pct: -4.5 });
    expect(row(t!, 'B')).toEqual({ forecast_budget_pct: null, variance_budget_pct: null });
  });

  it('keeps forecasts not entered as not entered: every measure over them is empty, never a figure counting them as 0', async () => {
    const cols = ['forecast', 'forecast_change', 'forecast_budget_pct', 'variance_budget_pct', 'prev_round_forecast'].map((key) => ({ key }));
    const [t] = await report([units({ columns: cols })], { missingForecasts: [{ unit: 'A', group: '5', activity: '' }] });
    expect(row(t!, 'A')).toEqual({ forecast: null, forecast_change: null, forecast_budget_pct: null, variance_budget_pct: null, prev_round_forecast: 1050 });
    expect(t!.total.values.forecast).toBeNull();
  });

  it('prints a memo row ("varav") after a named row or after the total, outside every sum', async () => {
    const [t] = await report([
      units({ columns: [{ key: 'actual' }], rows: { memo: [{ label: 'varav Avd A', units: ['A'], after: 'A' }, { label: 'varav Avd B', units: ['B'] }] } }),
    ]);
    expect(t!.rows.map((r) => [r.name, r.kind ?? null, r.values.actual])).toEqual([
      ['Avd A', null, 300],
      ['varav Avd A', 'memo', 300],
      ['Avd B', null, 100],
      ['Stadsrevisionen', null, 50],
    ]);
    expect(t!.total.values.actual).toBe(450);
    expect(t!.afterTotal).toEqual([{ code: '', name: 'varav Avd B', kind: 'memo', values: { actual: 100 } }]);
  });

  it('prints a total excluding named units after the total (450 − Avd B 100 = 350)', async () => {
    const [t] = await report([units({ columns: [{ key: 'actual' }, { key: 'budget' }], rows: { excluding: [{ label: 'Summa exkl. Avd B', units: ['B'] }] } })]);
    expect(t!.afterTotal).toEqual([{ code: '', name: 'Summa exkl. Avd B', kind: 'excluding', values: { actual: 350, budget: 1220 } }]);
  });

  it('shows a unit kept out of the net summary as a row, but leaves it out of the total (Stadsrevisionen)', async () => {
    const [t] = await report([{ id: 'n', kind: 'net-summary', scope: 'N', columns: [{ key: 'actual' }, { key: 'budget' }], rows: { outsideTotal: ['C'] } }]);
    expect(t!.rows.find((r) => r.code === 'C')).toMatchObject({ kind: 'outside-total', values: { actual: 50, budget: 120 } });
    expect(t!.total.values).toEqual({ actual: 400, budget: 1100 });
  });

  it('leaves an omitted unit out of the table altogether: no row, not in the total (Stadsrevisionen in a table of its own)', async () => {
    const [t] = await report([units({ columns: [{ key: 'actual' }], rows: { omit: ['C'] } })]);
    expect(t!.rows.map((r) => r.code)).toEqual(['A', 'B']);
    expect(t!.total.values.actual).toBe(400);
  });

  it('prints the rows in the order the template names them, the rows it does not name after them by code', async () => {
    const [t] = await report([units({ columns: [{ key: 'actual' }], rows: { order: ['C', 'A'] } })]);
    expect(t!.rows.map((r) => r.code)).toEqual(['C', 'A', 'B']);
    expect(t!.total.values.actual).toBe(450);
  });

  it('takes a unit already outside the total out of a total excluding it only once (400 − Avd B 100 = 300, Stadsrevisionen outside)', async () => {
    const [t] = await report([units({ columns: [{ key: 'actual' }], rows: { outsideTotal: ['C'], excluding: [{ label: 'Summa exkl. B och C', units: ['B', 'C'] }] } })]);
    expect(t!.total.values.actual).toBe(400);
    expect(t!.afterTotal?.[0]?.values.actual).toBe(300);
  });

  it('filters an investment table by project code (INV*: 40 + 60 = 100, the NB1 project left out)', async () => {
    const [all, inv] = await report([
      { id: 'i', kind: 'investments', scope: 'N', columns: [{ key: 'actual' }] },
      { id: 'inv', kind: 'investments', scope: 'N', columns: [{ key: 'actual' }], filter: { projects: ['INV*'] } },
    ]);
    expect(all!.total.values.actual).toBe(670);
    expect(inv!.total.values.actual).toBe(100);
  });

  it('filters an investment table by account range (1220–1229: 70 of 670, budget 100, to date 33 so Förbrukat 210 %)', async () => {
    const [t] = await report([
      { id: 'dat', kind: 'investments', scope: 'N', columns: [{ key: 'actual' }, { key: 'budget' }, { key: 'consumption_pct' }], filter: { accounts: [{ from: '1220', to: '1229' }] } },
    ]);
    expect(t!.total.values).toEqual({ actual: 70, budget: 100, consumption_pct: 210 });
    expect(t!.rows.map((r) => [r.code, r.values.actual])).toEqual([['B', 70]]);
  });

  it('leaves Budget ÖSB and Förändring Budget empty, not 0 and the whole budget, when the table has no ÖSB budget', async () => {
    const [t] = await report([{ id: 'n', kind: 'net-summary', scope: 'N' }]);
    expect(t!.columns.map((c) => c.key)).toContain('budget_osb');
    expect(t!.total.values.budget_osb).toBeNull();
    expect(t!.total.values.budget_change).toBeNull();
    expect(t!.total.values.budget).toBe(1220);
  });

  it('compares a stored year-end round with the round it was carried from: closing 1 100 against D8’s forecast 1 150 is 50 better', async () => {
    await importTabular(store, 'y', 'org', file('org.csv', 'code,name,parent,level\nN,Nämnden,,board\nA,Avd A,N,RN1\nB,Avd B,N,RN1\nC,Stadsrevisionen,N,RN1\n'));
    await importTabular(store, 'y', 'accounts', file('accounts.csv', 'account,name,group\n5010,Löner,5\n1210,Inventarier,I\n1225,Datorer,I\n'));
    await importTabular(store, 'y', 'amounts', file('amounts-y.csv', [AMOUNTS, `forecast:D8,2024,,A,5010,,,${tkr(1150)}`].join('\n')));
    const round = (name: string, period: number) =>
      store.db.transaction((tx) =>
        createRound(tx, { orgId: 'y', board: 'N', year: 2024, period, name, deadline: null, level: 'RN1', byActivity: false, method: 'budget', thresholdOre: 0n, reportOptions: { sign: 'cost-positive' }, units: ['A'], createdBy: 'test' }),
      );
    const d8 = await round('D8', 8);
    const yearEnd = await round('Bokslut', 12);
    expect(yearEnd.carriedFrom).toBe(d8.id);
    const [t] = (
      await buildReport(store, {
        orgId: 'y', scope: 'N', year: 2024, period: 12, round: 'Bokslut', sign: 'cost-positive',
        template: template(units({ columns: [{ key: 'actual' }, { key: 'prev_round_forecast' }, { key: 'closing_vs_last_forecast' }] })),
      })
    ).tables;
    expect(row(t!, 'A')).toEqual({ actual: 1100, prev_round_forecast: 1150, closing_vs_last_forecast: 50 });
  });

  it('refuses a memo row of a unit outside the table, naming the table and the field', async () => {
    const err = await rejection(report([units({ rows: { memo: [{ label: 'varav X', units: ['X'] }] } })]));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toMatch(/tabellen u: enheten X i rows\.memo\[0\]\.units finns inte under N/);
  });
});
