import { describe, expect, it } from 'vitest';
import { OrgTree, type AccountGroup, type Unit } from '../domain/index.ts';
import { computeTable, type LedgerFact, type ReportParams } from './index.ts';

const unit = (code: string, parent: string | null, level: string, sortOrder: number, budgetLevel: string | null = null): Unit => ({
  code,
  name: `Enhet ${code}`,
  parent,
  level,
  budgetLevel,
  sortOrder,
});

const tree = new OrgTree([
  unit('B', null, 'board', 0),
  unit('A1', 'B', 'RN1', 1),
  unit('X', 'A1', 'RN2', 2),
  unit('X1', 'X', 'RN3', 3),
  unit('X2', 'X', 'RN3', 4),
  unit('Y', 'A1', 'RN2', 5),
  unit('Y1', 'Y', 'RN3', 6),
]);
const ctx = { tree, activities: new Map([['1000', 'Nämnd']]), projects: new Map<string, string>() };

const TKR = 100_000n; // öre per tkr
const fact = (u: string, group: AccountGroup, m: Partial<LedgerFact>): LedgerFact => ({
  unit: u,
  group,
  activity: '1000',
  project: '',
  closingPrev: 0n,
  actualPrev: 0n,
  actual: 0n,
  budgetMonthlyToDate: 0n,
  budgetAnnual: 0n,
  budget: 0n,
  budgetOsb: 0n,
  forecast: 0n,
  carryover: 0n,
  ...m,
});

const params = (over: Partial<ReportParams> = {}): ReportParams => ({ year: 2024, period: 3, prevPeriod: 3, round: 'P1', sign: 'net', unit: 'tkr', ...over });

describe('computeTable', () => {
  // Costs are positive in the ledger: 1 200,4 tkr actual against 1 000 tkr budget to date.
  const facts = [
    fact('X1', '5', { actual: 12_004n * TKR / 10n, budgetMonthlyToDate: 1000n * TKR, budget: 4000n * TKR, forecast: 4500n * TKR }),
    fact('X2', '3', { actual: -200n * TKR, budgetMonthlyToDate: -150n * TKR, budget: -600n * TKR, forecast: -600n * TKR }),
  ];

  it('presents costs negative and revenue positive with the net sign, variance = value − budget', () => {
    const t = computeTable({ id: 'u', kind: 'units', scope: 'A1', level: 'RN3' }, facts, ctx, params());
    const x1 = t.rows.find((r) => r.code === 'X1')!;
    expect(x1.values).toMatchObject({ actual: -1200, budget_to_date: -1000, variance_to_date: -200, consumption_pct: 120, forecast: -4500, budget: -4000, variance: -500 });
    const x2 = t.rows.find((r) => r.code === 'X2')!;
    expect(x2.values).toMatchObject({ actual: 200, variance_to_date: 50 });
  });

  it('presents costs positive with the cost-positive sign and the same variances (budget − value)', () => {
    const t = computeTable({ id: 'u', kind: 'units', scope: 'A1', level: 'RN3' }, facts, ctx, params({ sign: 'cost-positive' }));
    const x1 = t.rows.find((r) => r.code === 'X1')!;
    expect(x1.values).toMatchObject({ actual: 1200, budget_to_date: 1000, variance_to_date: -200, consumption_pct: 120, variance: -500 });
  });

  it('lists every unit at the level in code order, including units with no amounts', () => {
    const t = computeTable({ id: 'u', kind: 'units', scope: 'A1', level: 'RN3' }, facts, ctx, params());
    expect(t.rows.map((r) => r.code)).toEqual(['X1', 'X2', 'Y1']);
    expect(t.rows[2]!.values).toMatchObject({ actual: 0, consumption_pct: null, variance: 0 });
  });

  it('rounds the total from the exact sum, not by adding rounded rows', () => {
    // Two rows of 0,4 tkr each: rows print 0, the total prints 1 (0,8 tkr).
    const f = [fact('X1', '5', { actual: -40_000n }), fact('X2', '5', { actual: -40_000n })];
    const t = computeTable({ id: 'u', kind: 'units', scope: 'A1', level: 'RN3' }, f, ctx, params());
    expect(t.rows.map((r) => r.values.actual)).toEqual([0, 0, 0]);
    expect(t.total.values.actual).toBe(1);
  });

  it('gives null, not an error string, for a percentage of a zero budget', () => {
    const t = computeTable({ id: 'u', kind: 'units', scope: 'A1', level: 'RN3' }, [fact('X1', '5', { actual: 5n * TKR })], ctx, params());
    expect(t.rows[0]!.values.consumption_pct).toBeNull();
  });

  it('leaves Förb i % empty beside a budget that prints as 0 tkr, not −112 282 % (regression: 003-03 KLÖS)', () => {
    // 22 tkr spent against a budget to date of 19,60 kr: 0,0196 tkr prints as 0.
    const t = computeTable({ id: 'u', kind: 'units', scope: 'A1', level: 'RN3' }, [fact('X1', '5', { actual: 22n * TKR, budgetMonthlyToDate: 1960n })], ctx, params());
    expect(t.rows[0]!.values).toMatchObject({ actual: -22, budget_to_date: 0, consumption_pct: null });
  });

  it('leaves a percentage beyond ±999 % empty, and follows the limit a template sets (regression: 003-04 KGOPS 1 778 %)', () => {
    const f = [fact('X1', '5', { actual: 6224n * TKR, budgetMonthlyToDate: 350n * TKR })];
    const spec = { id: 'u', kind: 'units', scope: 'A1', level: 'RN3' } as const;
    expect(computeTable(spec, f, ctx, params()).rows[0]!.values.consumption_pct).toBeNull();
    expect(computeTable(spec, f, ctx, params({ percent: { limit: 2000, emptyOnOppositeSigns: false } })).rows[0]!.values.consumption_pct).toBe(1778);
  });

  it('prints a consumption of opposite sign as the references do (-9 %), unless the rule empties it', () => {
    const f = [fact('X1', '5', { actual: -688n * TKR, budgetMonthlyToDate: 7677n * TKR })];
    const spec = { id: 'u', kind: 'units', scope: 'A1', level: 'RN3' } as const;
    expect(computeTable(spec, f, ctx, params()).rows[0]!.values.consumption_pct).toBe(-9);
    expect(computeTable(spec, f, ctx, params({ percent: { limit: 999, emptyOnOppositeSigns: true } })).rows[0]!.values.consumption_pct).toBeNull();
  });

  it('computes the change in percent with one decimal against a signed previous-year base', () => {
    const t = computeTable(
      { id: 'u', kind: 'units', scope: 'A1', level: 'RN3' },
      [fact('X1', '5', { actual: 3170n * TKR, actualPrev: 3495n * TKR, closingPrev: 3495n * TKR, budget: 3000n * TKR, budgetMonthlyToDate: 3000n * TKR })],
      ctx,
      params({ period: 12, prevPeriod: 12 }),
    );
    expect(t.columns.map((c) => c.key)).toEqual(['closing_prev', 'actual', 'budget', 'variance_to_date', 'change_pct']);
    expect(t.rows[0]!.values).toMatchObject({ actual: -3170, change_pct: -9.3, variance_to_date: -170 });
  });

  it('periodises an annual budget evenly over the months to the cut-off, exactly', () => {
    // 2 tkr a year, cut-off March: 0,5 tkr exactly → rounds to 1 (half away from zero).
    const t = computeTable({ id: 'u', kind: 'units', scope: 'A1', level: 'RN3' }, [fact('X1', '5', { budgetAnnual: 2n * TKR, budget: 2n * TKR })], ctx, params());
    expect(t.rows[0]!.values.budget_to_date).toBe(-1);
  });

  it('groups rows with subtotals per group level', () => {
    const t = computeTable({ id: 'u', kind: 'units', scope: 'A1', level: 'RN3', groupLevel: 'RN2' }, facts, ctx, params());
    expect(t.rows.map((r) => `${r.kind ?? 'row'}:${r.code}`)).toEqual(['row:X1', 'row:X2', 'subtotal:X', 'row:Y1', 'subtotal:Y']);
    expect(t.rows[2]!.values.actual).toBe(-1000);
  });

  it('shows amounts booked above the row level on a row of their own so rows add up to the total', () => {
    const t = computeTable({ id: 'u', kind: 'units', scope: 'A1', level: 'RN3' }, [fact('X', '5', { actual: 7n * TKR })], ctx, params());
    expect(t.rows.find((r) => r.code === 'X')?.name).toBe('Enhet X (ej fördelat)');
    expect(t.total.values.actual).toBe(-7);
  });

  it('makes the net summary rows the budget levels in file order when units carry them', () => {
    const t2 = new OrgTree([
      unit('B', null, 'board', 0),
      unit('K', 'B', 'RN1', 1, 'Kommungemensamt'),
      unit('KS', 'K', 'RN5', 2, 'Statsbidrag'),
      unit('P', 'B', 'RN1', 3, 'Politik'),
    ]);
    const f = [fact('K', '5', { forecast: 10n * TKR }), fact('KS', '3', { forecast: -4n * TKR }), fact('P', '5', { forecast: 1n * TKR })];
    const t = computeTable({ id: 'n', kind: 'net-summary', scope: 'B' }, f, { ...ctx, tree: t2 }, params());
    expect(t.rows.map((r) => [r.name, r.values.forecast])).toEqual([
      ['Kommungemensamt', -10],
      ['Statsbidrag', 4],
      ['Politik', -1],
    ]);
    expect(t.total).toMatchObject({ label: 'Nettokostnad', values: { forecast: -7 } });
  });

  it('keeps investment accounts out of the operating tables and in the investment table', () => {
    const f = [fact('X1', 'I', { actual: 9n * TKR }), fact('X1', '5', { actual: 1n * TKR })];
    expect(computeTable({ id: 'a', kind: 'account-groups', scope: 'A1' }, f, ctx, params()).total.values.actual).toBe(-1);
    expect(computeTable({ id: 'i', kind: 'investments', scope: 'A1', level: 'RN3' }, f, ctx, params()).total.values.actual).toBe(-9);
  });

  it('adds carried-over budget columns to investments when present and measures the variance against them', () => {
    const f = [fact('X1', 'I', { budget: 10n * TKR, carryover: 2n * TKR, forecast: 11n * TKR })];
    const t = computeTable({ id: 'i', kind: 'investments', scope: 'A1', level: 'RN3' }, f, ctx, params());
    expect(t.columns.map((c) => c.key)).toContain('budget_incl_carryover');
    expect(t.rows[0]!.values).toMatchObject({ budget: -10, carryover: -2, budget_incl_carryover: -12, variance: 1 });
  });

  it('names totals and default captions by the scope’s name, never its code or a level label (regression: "Summa KGN", "per RN3")', () => {
    const t = computeTable({ id: 'u', kind: 'units', scope: 'A1', level: 'RN3', groupLevel: 'RN2' }, [fact('X1', '5', { actual: TKR })], ctx, params());
    expect(t.title).toBe('Enhet A1 per enhet');
    expect(t.total.label).toBe('Summa Enhet A1');
    expect(t.scopeName).toBe('Enhet A1');
    expect(t.rows.find((r) => r.kind === 'subtotal')).toMatchObject({ code: 'X', name: 'Enhet X' });
    expect(`${t.title} ${t.total.label}`).not.toMatch(/RN\d/);
  });

  it('labels columns like the reference reports', () => {
    const t = computeTable({ id: 'u', kind: 'units', scope: 'A1', level: 'RN3' }, facts, ctx, params());
    expect(t.columns.map((c) => c.label)).toEqual([
      '2023 Bokslut', 'Ack Mars Utfall', 'Ack Mars Budget', 'Ack Mars Avv. i tkr', 'Ack Mars Förb i %', 'Helår Innev. Progn', 'Helår Budget', 'Helår Avv Progn-Budg',
    ]);
    const n = computeTable({ id: 'n', kind: 'net-summary', scope: 'B' }, facts, ctx, params({ prevPeriod: 8 }));
    expect(n.columns.map((c) => c.label)).toEqual([
      'Utfall 230831', 'Bokslut 2023', 'Utfall 240331', 'Budget ÖSB 2024', 'Budget 2024', 'Förändring Budget', 'Prognos 2024', 'Avvikelse',
    ]);
  });
});
