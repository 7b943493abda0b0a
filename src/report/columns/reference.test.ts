// Column sets against the reference tables: the programme board's table of operating boards
// (004-04) with its own columns and headings, from the demo's ledger (both stores).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTestStore, testBackends } from '../../../test/support/store.ts';
import { buildDemo, DEMO_PROGRAMME_REQUEST } from '../../demo/index.ts';
import type { Store } from '../../store/index.ts';
import { buildReport, type ReportModel, type ReportTemplate } from '../index.ts';
import { parseTemplate } from '../template-schema.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'reference-tables');

interface Fixture {
  columns: Array<{ key: string; label: string }>;
  rows: Array<{ name: string; values: Record<string, number | null> }>;
  total: { values: Record<string, number | null> };
}

/** 004-04 as a board template table: the fixture's columns in its order, with its headings. */
const TEMPLATE_004: ReportTemplate = parseTemplate(
  {
    id: 'pnsv-004',
    chapters: [
      {
        id: 'driftsnamnder',
        number: '5.4',
        title: 'Driftsnämnder',
        level: 2,
        blocks: [
          {
            table: {
              id: 'units:PNSV',
              kind: 'units',
              scope: 'PNSV',
              title: 'Programområde social välfärd',
              columns: [
                { key: 'actual', label: 'Utfall jan-{monthShort} {year}' },
                { key: 'budget_to_date', label: 'Budget jan-{monthShort} {year}' },
                { key: 'variance_to_date', label: 'Budget-Utfall jan-{monthShort} {year}' },
                { key: 'consumption_pct', label: 'Förbrukn %' },
                { key: 'forecast', label: 'Prognos {roundNumber} Helår' },
                { key: 'budget', label: 'Budget Helår {year}' },
                { key: 'variance', label: 'Prognos {roundNumber} Budget-Utfall' },
                { key: 'variance_to_date_prev', label: 'Budget-Utfall jan-{prevMonthShort} {prevYear}' },
                { key: 'variance_prev', label: 'Budget-Utfall Helår {prevYear}' },
              ],
            },
          },
        ],
      },
    ],
  },
  'test',
);

const KEYS: Record<string, string> = {
  utfall_ack: 'actual',
  budget_ack: 'budget_to_date',
  avv_ack: 'variance_to_date',
  forb_pct: 'consumption_pct',
  prognos: 'forecast',
  budget: 'budget',
  avv_prognos_budget: 'variance',
  avv_ack_prev: 'variance_to_date_prev',
  avv_prev: 'variance_prev',
};

const fixture = (name: string): Fixture | undefined =>
  existsSync(join(FIXTURES, name)) ? (JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Fixture) : undefined;

describe.each(testBackends())('column sets against the reference tables on %s', (backend) => {
  let store: Store;
  let report: ReportModel;
  beforeAll(async () => {
    store = await openTestStore(backend);
    await buildDemo(store);
    report = await buildReport(store, { ...DEMO_PROGRAMME_REQUEST, template: TEMPLATE_004 });
  });
  afterAll(async () => {
    await store?.close();
  });

  it('prints 004-04’s own headings, "Budget-Utfall jan-aug 2022" and "Budget-Utfall Helår 2021" among them, in its order', () => {
    const fx = fixture('004-04-driftsnamnder.json');
    const t = report.tables.find((x) => x.id === 'units:PNSV')!;
    expect(t.columns.map((c) => c.key)).toEqual(fx ? fx.columns.map((c) => KEYS[c.key]) : Object.values(KEYS));
    expect(t.columns.map((c) => c.label)).toEqual([
      'Utfall jan-aug 2022',
      'Budget jan-aug 2022',
      'Budget-Utfall jan-aug 2022',
      'Förbrukn %',
      'Prognos 2 Helår',
      'Budget Helår 2022',
      'Prognos 2 Budget-Utfall',
      'Budget-Utfall jan-aug 2021',
      'Budget-Utfall Helår 2021',
    ]);
  });

  it('reproduces every cell of 004-04, the previous year’s variance to date and for the full year included', () => {
    const fx = fixture('004-04-driftsnamnder.json');
    if (!fx) return;
    const t = report.tables.find((x) => x.id === 'units:PNSV')!;
    expect(t.rows.map((r) => r.name)).toEqual(fx.rows.map((r) => r.name));
    const differences: string[] = [];
    fx.rows.forEach((r, i) => {
      for (const [k, ours] of Object.entries(KEYS)) if (t.rows[i]!.values[ours] !== r.values[k]) differences.push(`${r.name} ${k}: ${r.values[k]} ≠ ${t.rows[i]!.values[ours]}`);
    });
    for (const [k, ours] of Object.entries(KEYS)) if (t.total.values[ours] !== fx.total.values[k]) differences.push(`total ${k}: ${fx.total.values[k]} ≠ ${t.total.values[ours]}`);
    expect(differences).toEqual([]);
    // Two figures read off the fixture, so the test cannot pass on an empty column.
    expect(t.rows[0]!.values.variance_to_date_prev).toBe(-5713);
    expect(t.total.values.variance_prev).toBe(-2049);
  });
});
