import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore, testBackends } from '../../test/support/store.ts';
import { PrognosError } from '../core/errors/index.ts';
import type { Store } from '../store/index.ts';
import { importTabular } from '../store/ingest.ts';
import { createRound } from '../store/rounds.ts';
import { buildReport, reportTitle } from './index.ts';
import { renderHtml } from './html/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'prognos-report-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe.each(testBackends())('report on %s', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(backend);
    await importTabular(store, 'k', 'org', file('org.csv', 'code,name,parent,level\nN,Nämnden,,board\nA,Avd <A> & co,N,RN1\nB,Avd B,N,RN1\n'));
    await importTabular(store, 'k', 'accounts', file('accounts.csv', 'account,name\n3010,Avgifter\n5010,Löner\n1210,Inventarier\n'));
    await importTabular(store, 'k', 'activities', file('activities.csv', 'code,name\n1000,Nämnd- och styrelseverksamhet\n'));
    await importTabular(
      store,
      'k',
      'amounts',
      file(
        'amounts.csv',
        [
          'scenario,year,period,unit,account,activity,project,amount',
          'actual,2023,1,A,5010,1000,,12417000',
          'actual,2024,1,A,5010,1000,,1000000',
          'actual,2024,2,A,3010,1000,,-250000',
          'actual,2024,4,A,5010,1000,,999999',
          'budget,2024,1,A,5010,1000,,500000',
          'budget,2024,2,A,5010,1000,,500000',
          'budget,2024,5,A,5010,1000,,4000000',
          'budget_osb,2024,,A,5010,1000,,4500000',
          'forecast:P1,2024,,A,5010,1000,,5500000',
          'actual,2024,1,B,1210,,,300000',
        ].join('\n'),
      ),
    );
  });
  afterAll(async () => {
    await store?.close();
  });

  it('follows the documented JSON contract: report, tables with id, scope, title, columns, rows, total, and sections', async () => {
    const m = await buildReport(store, { orgId: 'k', scope: 'N', year: 2024, period: 3, round: 'P1' });
    expect(Object.keys(m)).toEqual(['report', 'tables', 'sections']);
    expect(m.tables.map((t) => t.id)).toEqual(['net-summary', 'units', 'account-groups', 'activities', 'investments']);
    for (const t of m.tables) {
      expect(Object.keys(t)).toEqual(['id', 'kind', 'scope', 'scopeName', 'title', 'columns', 'rows', 'total']);
      for (const r of t.rows) for (const c of t.columns) expect(r.values[c.key] === null || Number.isFinite(r.values[c.key])).toBe(true);
    }
    expect(m.report).toMatchObject({ organisation: 'k', scope: { code: 'N', name: 'Nämnden' }, year: 2024, period: 3, prevPeriod: 3, round: 'P1', sign: 'net', unit: 'tkr' });
    // The round's code (P1) is internal: readers see "prognos 1" (regression: "prognos P1").
    expect(m.report.periodText).toBe('Utfall januari–mars 2024, prognos 1 för helåret');
    expect(m.report.percentages).toEqual({ limit: 999, emptyOnOppositeSigns: false });
  });

  it('computes the cut-off, the previous year and the forecast from the ledger in tkr', async () => {
    const m = await buildReport(store, { orgId: 'k', scope: 'N', year: 2024, period: 3, round: 'P1' });
    const units = m.tables.find((t) => t.id === 'units')!;
    const a = units.rows.find((r) => r.code === 'A')!;
    // actual Jan–Mar: −1 000 + 250 = −750 tkr; April is after the cut-off.
    expect(a.values).toEqual({
      closing_prev: -12417,
      actual: -750,
      budget_to_date: -1000,
      variance_to_date: 250,
      consumption_pct: 75,
      forecast: -5500,
      budget: -5000,
      variance: -500,
    });
    const net = m.tables.find((t) => t.id === 'net-summary')!;
    expect(net.total.values).toMatchObject({ budget_osb: -4500, budget: -5000, budget_change: -500 });
    const inv = m.tables.find((t) => t.id === 'investments')!;
    expect(inv.rows.map((r) => [r.code, r.values.actual])).toEqual([['B', -300]]);
  });

  it('uses the cost-positive sign on request: same variances, costs positive', async () => {
    const m = await buildReport(store, { orgId: 'k', scope: 'N', year: 2024, period: 3, round: 'P1', sign: 'cost-positive' });
    const a = m.tables.find((t) => t.id === 'units')!.rows.find((r) => r.code === 'A')!;
    expect(a.values).toMatchObject({ actual: 750, budget_to_date: 1000, variance_to_date: 250, variance: -500 });
  });

  it('renders HTML in Swedish with lang, real table headers, Swedish numbers and escaped names', async () => {
    const m = await buildReport(store, { orgId: 'k', scope: 'N', year: 2024, period: 3, round: 'P1' });
    const html = renderHtml(m);
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="sv">/);
    expect(html).toContain('<th scope="col">Ack Mars Utfall</th>');
    expect(html).toContain('<th scope="row">A Avd &lt;A&gt; &amp; co</th>');
    // Names, not codes: the net summary names its rows, totals name the scope.
    expect(html).toContain('<th scope="row">Avd &lt;A&gt; &amp; co</th>');
    expect(html).toContain('<th scope="row">Summa Nämnden</th>');
    expect(html).not.toContain('Summa N<');
    expect(html).toContain('<td>-12\u00a0417</td>');
    expect(html).toContain('<td>75%</td>');
    expect(html).toContain('<h1>Delårsrapport med prognos 1 2024 – Nämnden</h1>');
    expect(html).not.toMatch(/#DIVISION|#####|NaN|undefined/);
  });

  it('answers an unknown scope with NOT_FOUND, not a crash', async () => {
    const err = await buildReport(store, { orgId: 'k', scope: 'NOPE', year: 2024, period: 3, round: 'P1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrognosError);
    expect((err as PrognosError).code).toBe('NOT_FOUND');
  });

  it('tells check the last month with booked actuals, the kind of round and the template chapters nothing filled', async () => {
    // Actuals of 2024 are booked to April: a report cut off in August looks beyond them.
    const m = await buildReport(store, { orgId: 'k', scope: 'N', year: 2024, period: 8, round: 'P1', template: 'standard' });
    expect(m.report).toMatchObject({ lastActualPeriod: 4, roundKind: 'interim' });
    expect(m.report.omittedChapters!.map((c) => c.id)).toEqual(expect.arrayContaining(['handelser', 'atgarder']));
    const yearEnd = await buildReport(store, { orgId: 'k', scope: 'N', year: 2024, period: 12, round: 'B' });
    expect(yearEnd.report).toMatchObject({ lastActualPeriod: 4, roundKind: null, omittedChapters: [] });
    const none = await buildReport(store, { orgId: 'k', scope: 'N', year: 2025, period: 3, round: 'P1' });
    expect(none.report.lastActualPeriod).toBeNull();
  });

  it('takes the kind of a stored round from its cut-off month: December is year-end, earlier interim', async () => {
    const round = (name: string, period: number) =>
      store.db.transaction((tx) =>
        createRound(tx, { orgId: 'k', board: 'N', year: 2024, period, name, deadline: null, level: 'RN1', byActivity: false, method: 'budget', thresholdOre: 0n, reportOptions: { sign: 'net' }, units: ['A'], createdBy: 'test' }),
      );
    await round('Bokslut', 12);
    await round('D8', 8);
    const kind = async (r: string) => (await buildReport(store, { orgId: 'k', scope: 'N', year: 2024, period: 12, round: r })).report.roundKind;
    expect(await kind('Bokslut')).toBe('year-end');
    expect(await kind('D8')).toBe('interim');
  });

  it('rejects a cut-off month outside 1–12', async () => {
    await expect(buildReport(store, { orgId: 'k', scope: 'N', year: 2024, period: 13, round: 'P1' })).rejects.toThrow(/period 13/);
  });
});

describe('reportTitle', () => {
  it('names interim reports after the forecast round and the year-end report Årsberättelse', () => {
    expect(reportTitle(2024, 4, 'P1', 'Kommunstyrelsen')).toBe('Delårsrapport med prognos 1 2024 – Kommunstyrelsen');
    expect(reportTitle(2024, 8, 'P2', 'Kommunstyrelsen')).toBe('Delårsrapport med prognos 2 2024 – Kommunstyrelsen');
    expect(reportTitle(2024, 12, 'B', 'Kommunstyrelsen')).toBe('Årsberättelse 2024 – Kommunstyrelsen');
  });
});
