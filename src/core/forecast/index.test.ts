import { describe, expect, it } from 'vitest';
import { backtest, forecastAccuracy, forecastError, forecastTrail, METHODS, unitVariance, zeroFigures, type Figures } from './index.ts';

const T = 100_000n; // one tkr in öre

/** A hand-made cell: cut-off March; last year 1 000 tkr, 250 of it by March; budget 1 100; 300 booked by March. */
const cell: Figures = { period: 3, actualYtd: 300n * T, budget: 1100n * T, budgetMonthlyYtd: 270n * T, budgetAnnual: 0n, closingPrev: 1000n * T, actualPrevYtd: 250n * T };

describe('forecast proposal methods', () => {
  it('profile adds last year’s remaining months scaled by budget / last closing', () => {
    // 300 + (1000 − 250) · 1100/1000 = 300 + 825
    expect(METHODS.profile.propose(cell)).toBe(1125n * T);
  });

  it('profile rounds the scaled remainder once, half away from zero, to whole öre', () => {
    const f = { ...zeroFigures(3), closingPrev: 2n, actualPrevYtd: 1n, budget: 1n };
    expect(METHODS.profile.propose(f)).toBe(1n); // 1 · 1/2 = 0.5 → 1
    const neg = { ...zeroFigures(3), closingPrev: -2n, actualPrevYtd: -1n, budget: -1n };
    expect(METHODS.profile.propose(neg)).toBe(-1n); // −0.5 → −1
    const third = { ...zeroFigures(3), closingPrev: 3n, actualPrevYtd: 2n, budget: 2n, actualYtd: 10n };
    expect(METHODS.profile.propose(third)).toBe(11n); // 10 + 1 · 2/3 = 10.67 → 11
  });

  it('profile keeps last year’s remainder unscaled when budget and closing differ in sign or are zero', () => {
    expect(METHODS.profile.propose({ ...cell, budget: -1100n * T })).toBe(1050n * T);
    expect(METHODS.profile.propose({ ...cell, budget: 0n })).toBe(1050n * T);
  });

  it('remaining budget adds the monthly budget after the cut-off and the annual budget’s remaining twelfths', () => {
    expect(METHODS.remaining_budget.propose(cell)).toBe(1130n * T); // 300 + 1100 − 270
    const annual = { ...zeroFigures(5), actualYtd: 100n, budget: 1000n, budgetAnnual: 1000n };
    expect(METHODS.remaining_budget.propose(annual)).toBe(683n); // 100 + 1000 · 7/12 = 683.33
  });

  it('run rate extrapolates the actual to twelve months', () => {
    expect(METHODS.run_rate.propose(cell)).toBe(1200n * T);
    expect(METHODS.run_rate.propose({ ...zeroFigures(7), actualYtd: 100n })).toBe(171n); // 1200/7 = 171.4
  });

  it('budget proposes the full-year budget', () => {
    expect(METHODS.budget.propose(cell)).toBe(1100n * T);
  });

  it('every method explains itself in Swedish', () => {
    for (const m of Object.values(METHODS)) {
      expect(m.name.length).toBeGreaterThan(3);
      expect(m.description).toMatch(/utfall|budget/i);
    }
  });
});

describe('forecast errors and backtests', () => {
  it('an error is forecast − closing in tkr, and |error| / |closing| in percent with one decimal', () => {
    expect(forecastError(1125n * T, 1000n * T, 'cost-positive')).toEqual({ forecastTkr: 1125, closingTkr: 1000, errorTkr: 125, absErrorTkr: 125, errorPct: 12.5 });
    // net presentation: costs negative, the error's sign follows
    expect(forecastError(1125n * T, 1000n * T, 'net')).toMatchObject({ forecastTkr: -1125, errorTkr: -125, absErrorTkr: 125, errorPct: 12.5 });
    expect(forecastError(5n * T, 0n).errorPct).toBeNull();
  });

  it('a backtest applies the method to last year at the same cut-off and compares with last year’s closing', () => {
    // last year: 280 by March, budget 1 000, the year before 900 of which 200 by March; closing 1 050
    const lastYear: Figures = { period: 3, actualYtd: 280n * T, budget: 1000n * T, budgetMonthlyYtd: 250n * T, budgetAnnual: 0n, closingPrev: 900n * T, actualPrevYtd: 200n * T };
    const b = backtest(METHODS.profile, [lastYear], 1050n * T, { budget: true, prevYear: true }, 'cost-positive');
    // 280 + 700 · 1000/900 = 280 + 777.78 = 1057.78 tkr
    expect(b.proposalOre).toBe(280n * T + 77_777_778n);
    expect(b).toMatchObject({ reliable: true, forecastTkr: 1058, closingTkr: 1050, errorTkr: 8, absErrorTkr: 8, errorPct: 0.7 });
    expect(backtest(METHODS.profile, [lastYear], 1050n * T, { budget: true, prevYear: false }).reliable).toBe(false);
    expect(backtest(METHODS.run_rate, [lastYear], 1050n * T, { budget: false, prevYear: false }).reliable).toBe(true);
  });
});

describe('forecast accuracy over years', () => {
  it('gives |forecast − closing| per year and round and a summary per round', () => {
    const r = forecastAccuracy(
      [
        { year: 2023, round: 'P1', forecastOre: 1200n * T, closingOre: 1100n * T },
        { year: 2022, round: 'P2', forecastOre: 1050n * T, closingOre: 1000n * T },
        { year: 2022, round: 'P1', forecastOre: 900n * T, closingOre: 1000n * T },
      ],
      'cost-positive',
    );
    expect(r.rows.map((x) => [x.year, x.round, x.errorTkr, x.errorPct])).toEqual([
      [2022, 'P1', -100, 10],
      [2022, 'P2', 50, 5],
      [2023, 'P1', 100, 9.1],
    ]);
    expect(r.summary).toEqual([
      { round: 'P1', years: 2, meanAbsErrorTkr: 100, weightedErrorPct: 9.5 },
      { round: 'P2', years: 1, meanAbsErrorTkr: 50, weightedErrorPct: 5 },
    ]);
  });

  it('orders a year’s forecasts P1 → P2 → P10 and ends with the closing when there is one', () => {
    const t = forecastTrail(
      [
        { round: 'P10', forecastOre: 3n * T },
        { round: 'P2', forecastOre: 2n * T },
        { round: 'P1', forecastOre: 1n * T },
      ],
      null,
      'cost-positive',
    );
    expect(t).toEqual({ rounds: [{ round: 'P1', forecastTkr: 1 }, { round: 'P2', forecastTkr: 2 }, { round: 'P10', forecastTkr: 3 }], closingTkr: null });
    expect(forecastTrail([], 7n * T, 'net').closingTkr).toBe(-7);
  });

  it('a unit’s variance is forecast − budget in the presented sign and needs a comment above the threshold', () => {
    expect(unitVariance(1000n * T, 1100n * T, 50n * T, 'net')).toEqual({ budgetTkr: -1000, forecastTkr: -1100, varianceTkr: -100, variancePct: -10, commentRequired: true });
    expect(unitVariance(1000n * T, 1100n * T, 100n * T, 'net').commentRequired).toBe(false); // exactly at the threshold
  });
});
