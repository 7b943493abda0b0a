// The measures forecast / budget ("Förbrukat %") and the variance against the reference tables of
// 004's investment tables (004-06..08): each row's printed forecast and budget as facts, every
// printed cell recomputed. Pure: no store.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OrgTree, type Unit } from '../domain/index.ts';
import { computeTable, type LedgerFact } from './index.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'reference-tables');
const FILES = ['004-06-investeringar-inventarier.json', '004-07-investeringar-myndighetskrav.json', '004-08-investeringar-nya-boenden.json'];
interface Fixture {
  table_id: string;
  columns: Array<{ key: string; label: string }>;
  rows: Array<{ name: string; values: Record<string, number> }>;
  total: { values: Record<string, number> };
}
const KEYS: Record<string, string> = { prognos: 'forecast', budget: 'budget', forb_pct: 'forecast_budget_pct', avv_prognos_budget: 'variance' };
const tkr = (n: number): bigint => BigInt(n) * 100_000n;

describe.each(FILES.filter((f) => existsSync(join(FIXTURES, f))))('the investment table %s', (name) => {
  const fx = JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Fixture;
  const units: Unit[] = [
    { code: 'PN', name: 'Programnämnd', parent: null, level: 'board', budgetLevel: null, sortOrder: 0 },
    ...fx.rows.map((r, i) => ({ code: `U${String(i + 1).padStart(2, '0')}`, name: r.name, parent: 'PN', level: 'RN1', budgetLevel: null, sortOrder: i + 1 })),
  ];
  const facts: LedgerFact[] = fx.rows.map((r, i) => ({
    unit: `U${String(i + 1).padStart(2, '0')}`, group: 'I', activity: '', project: '',
    closingPrev: 0n, actualPrev: 0n, actual: 0n, budgetMonthlyToDate: 0n, budgetAnnual: 0n,
    budget: tkr(r.values.budget!), budgetOsb: 0n, forecast: tkr(r.values.prognos!), carryover: 0n,
  }));
  const t = computeTable(
    {
      id: fx.table_id,
      kind: 'investments',
      scope: 'PN',
      columns: [
        { key: 'forecast', label: 'Prognos {roundNumber} {year}' },
        { key: 'budget', label: 'Budget {year}' },
        { key: 'forecast_budget_pct' },
        { key: 'variance', label: 'Avvikelse tkr' },
      ],
    },
    facts,
    { tree: new OrgTree(units), activities: new Map(), projects: new Map() },
    { year: 2022, period: 8, prevPeriod: 8, round: 'P2', sign: 'cost-positive', unit: 'tkr' },
  );

  it('prints the source’s headings "Prognos 2 2022", "Budget 2022", "Förbrukat %", "Avvikelse tkr"', () => {
    expect(t.columns.map((c) => c.label)).toEqual(fx.columns.map((c) => c.label));
  });

  it('gives Förbrukat % as round(100 × forecast / budget) and the variance as budget − forecast in every printed cell', () => {
    const ours = [...t.rows.map((r) => r.values), t.total.values];
    const printed = [...fx.rows.map((r) => r.values), fx.total.values];
    expect(ours).toEqual(printed.map((v) => Object.fromEntries(Object.entries(KEYS).map(([k, key]) => [key, v[k]]))));
  });
});

describe('forecast / budget', () => {
  it('is empty, never a division error or an absurd percentage, when the budget is 0 (Överförmyndarnämnd 0 / 56 prints 0 %, 56 / 0 prints nothing)', () => {
    const units: Unit[] = [
      { code: 'PN', name: 'P', parent: null, level: 'board', budgetLevel: null, sortOrder: 0 },
      { code: 'A', name: 'A', parent: 'PN', level: 'RN1', budgetLevel: null, sortOrder: 1 },
      { code: 'B', name: 'B', parent: 'PN', level: 'RN1', budgetLevel: null, sortOrder: 2 },
    ];
    const f = (unit: string, forecast: number, budget: number): LedgerFact => ({
      unit, group: 'I', activity: '', project: '', closingPrev: 0n, actualPrev: 0n, actual: 0n, budgetMonthlyToDate: 0n, budgetAnnual: 0n,
      budget: tkr(budget), budgetOsb: 0n, forecast: tkr(forecast), carryover: 0n,
    });
    const t = computeTable(
      { id: 'i', kind: 'investments', scope: 'PN', columns: [{ key: 'forecast_budget_pct' }, { key: 'variance_budget_pct' }] },
      [f('A', 0, 56), f('B', 56, 0)],
      { tree: new OrgTree(units), activities: new Map(), projects: new Map() },
      { year: 2022, period: 8, prevPeriod: 8, round: 'P2', sign: 'cost-positive', unit: 'tkr' },
    );
    expect(t.rows.map((r) => r.values)).toEqual([
      { forecast_budget_pct: 0, variance_budget_pct: 100 },
      { forecast_budget_pct: null, variance_budget_pct: null },
    ]);
  });
});
