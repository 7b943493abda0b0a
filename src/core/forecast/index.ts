/**
 * Forecast proposals and forecast accuracy. Pure: no I/O, exact integer öre (bigint), rounding
 * half away from zero exactly once where a method divides.
 *
 * A proposal method (`ForecastMethod`) turns the figures of one forecast cell (a unit × account
 * group [× activity]) into a proposed full-year amount. Figures are in the ledger sign (cost
 * positive, revenue negative); every method is sign-neutral (a proposal for a revenue is
 * negative like the revenue), so the caller presents it in the report's sign afterwards.
 *
 * Methods (ids are stable, used by the API):
 *
 * - `profile` — actual to date + the rest of the year as last year, at this year's level:
 *     proposal = A + round(R · s)
 *     A = actual this year, months 1..cut-off
 *     R = closing_prev − actual_prev_ytd (last year's months after the cut-off)
 *     s = budget / closing_prev when both are non-zero and of the same sign, else 1
 *   e.g. A = 300, closing_prev = 1 000, actual_prev_ytd = 250, budget = 1 100:
 *   R = 750, s = 1.1, proposal = 300 + 825 = 1 125.
 * - `remaining_budget` — actual to date + the budget not yet used up by the calendar:
 *     proposal = A + budget − budget_to_date, budget_to_date = monthly budget rows 1..cut-off
 *     + annual budget rows · cut-off/12 (one rounding of the whole expression).
 * - `run_rate` — actual to date extrapolated linearly: proposal = round(A · 12 / cut-off).
 * - `budget` — the full-year budget: proposal = budget.
 *
 * How good a method was is measured by `backtest`: the same method applied to last year's data
 * at the same cut-off, compared with last year's closing.
 */
import { SIGNS, type SignName } from '../compute/index.ts';
import { svCollator } from '../domain/index.ts';
import { divRoundHalfAwayFromZero, percent, toUnit } from '../money/index.ts';

/** Figures of one cell (or of any sum of cells) for one year, ledger sign, exact öre. */
export interface Figures {
  /** Cut-off month 1–12 of the year being forecast. */
  period: number;
  /** Actual, months 1..period. */
  actualYtd: bigint;
  /** Current budget, full year (monthly and annual rows). */
  budget: bigint;
  /** Monthly budget rows of months 1..period. */
  budgetMonthlyYtd: bigint;
  /** Budget rows given for the whole year (period empty); they count period/12 to date. */
  budgetAnnual: bigint;
  /** Previous year's full-year actual. */
  closingPrev: bigint;
  /** Previous year's actual, months 1..period. */
  actualPrevYtd: bigint;
}

export const zeroFigures = (period: number): Figures => ({
  period,
  actualYtd: 0n,
  budget: 0n,
  budgetMonthlyYtd: 0n,
  budgetAnnual: 0n,
  closingPrev: 0n,
  actualPrevYtd: 0n,
});

export function addFigures(a: Figures, b: Figures): Figures {
  return {
    period: a.period,
    actualYtd: a.actualYtd + b.actualYtd,
    budget: a.budget + b.budget,
    budgetMonthlyYtd: a.budgetMonthlyYtd + b.budgetMonthlyYtd,
    budgetAnnual: a.budgetAnnual + b.budgetAnnual,
    closingPrev: a.closingPrev + b.closingPrev,
    actualPrevYtd: a.actualPrevYtd + b.actualPrevYtd,
  };
}

/** What a method needs besides this year's actual: the budget, last year's actual. */
export type MethodInput = 'budget' | 'prevYear';

export interface ForecastMethod {
  readonly id: MethodId;
  /** Swedish name for the UI. */
  readonly name: string;
  /** Swedish explanation of the computation, for the UI. */
  readonly description: string;
  readonly needs: readonly MethodInput[];
  /** Proposed full-year amount, ledger sign, whole öre. */
  propose(f: Figures): bigint;
}

export const METHOD_IDS = ['profile', 'remaining_budget', 'run_rate', 'budget'] as const;
export type MethodId = (typeof METHOD_IDS)[number];
export const DEFAULT_METHOD: MethodId = 'profile';

export function isMethodId(s: string): s is MethodId {
  return (METHOD_IDS as readonly string[]).includes(s);
}

const sameSign = (a: bigint, b: bigint): boolean => (a > 0n && b > 0n) || (a < 0n && b < 0n);

export const METHODS: Record<MethodId, ForecastMethod> = {
  profile: {
    id: 'profile',
    name: 'Utfall + fjolårets profil',
    description:
      'Utfallet hittills i år plus det som bokfördes under resten av förra året (bokslut minus utfall till och med samma månad), ' +
      'uppräknat med kvoten mellan årets budget och förra årets bokslut. Utan budget eller bokslut, eller när de har olika tecken, används fjolårets belopp som de är.',
    needs: ['prevYear'],
    propose(f) {
      const rest = f.closingPrev - f.actualPrevYtd;
      if (f.budget !== 0n && f.closingPrev !== 0n && sameSign(f.budget, f.closingPrev)) {
        return f.actualYtd + divRoundHalfAwayFromZero(rest * f.budget, f.closingPrev);
      }
      return f.actualYtd + rest;
    },
  },
  remaining_budget: {
    id: 'remaining_budget',
    name: 'Utfall + återstående budget',
    description:
      'Utfallet hittills i år plus den del av årsbudgeten som återstår efter brytmånaden (månadsbudget för resterande månader, helårsbudget utan månader i proportion till antalet återstående månader).',
    needs: ['budget'],
    propose(f) {
      const twelfths = 12n * (f.actualYtd + f.budget - f.budgetMonthlyYtd) - f.budgetAnnual * BigInt(f.period);
      return divRoundHalfAwayFromZero(twelfths, 12n);
    },
  },
  run_rate: {
    id: 'run_rate',
    name: 'Utfall i årstakt',
    description: 'Utfallet hittills i år uppräknat till tolv månader: utfall / antal månader × 12.',
    needs: [],
    propose(f) {
      return divRoundHalfAwayFromZero(f.actualYtd * 12n, BigInt(f.period));
    },
  },
  budget: {
    id: 'budget',
    name: 'Budget',
    description: 'Årets budget för helåret (prognos = budget, ingen avvikelse).',
    needs: ['budget'],
    propose(f) {
      return f.budget;
    },
  },
};

/** Sum of the proposals of several cells (each whole öre): the proposal of their total. */
export function proposeAll(method: ForecastMethod, cells: readonly Figures[]): bigint {
  return cells.reduce((s, f) => s + method.propose(f), 0n);
}

/** A forecast compared with the outcome, in the presented sign and tkr as printed. */
export interface ForecastError {
  forecastTkr: number;
  closingTkr: number;
  /** forecast − closing, tkr. */
  errorTkr: number;
  /** |forecast − closing|, tkr. */
  absErrorTkr: number;
  /** 100 · |forecast − closing| / |closing|, one decimal; null when the closing is zero. */
  errorPct: number | null;
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

/** Error of a forecast against the closing; both in öre, same sign (any). */
export function forecastError(forecastOre: bigint, closingOre: bigint, sign: SignName = 'net'): ForecastError {
  const p = SIGNS[sign].present;
  const err = forecastOre - closingOre;
  return {
    forecastTkr: toUnit({ num: p(forecastOre), den: 1n }),
    closingTkr: toUnit({ num: p(closingOre), den: 1n }),
    errorTkr: toUnit({ num: p(err), den: 1n }),
    absErrorTkr: toUnit({ num: abs(err), den: 1n }),
    errorPct: percent({ num: abs(err), den: 1n }, { num: abs(closingOre), den: 1n }, 1),
  };
}

export interface Backtest extends ForecastError {
  method: MethodId;
  /** Proposal for last year at the same cut-off, whole öre, ledger sign. */
  proposalOre: bigint;
  /** False when last year's data lacks what the method needs (its budget, or the year before). */
  reliable: boolean;
}

/** Which inputs exist for the year a backtest applies the method to. */
export interface Availability {
  budget: boolean;
  prevYear: boolean;
}

/**
 * The method applied to last year's cells (figures of last year at the same cut-off: its
 * actual to date, its budget, the year before's closing and actual to date) and compared with
 * last year's closing.
 */
export function backtest(
  method: ForecastMethod,
  lastYearCells: readonly Figures[],
  lastYearClosing: bigint,
  available: Availability,
  sign: SignName = 'net',
): Backtest {
  const proposalOre = proposeAll(method, lastYearCells);
  return {
    method: method.id,
    proposalOre,
    reliable: method.needs.every((n) => available[n]),
    ...forecastError(proposalOre, lastYearClosing, sign),
  };
}

/** One past forecast of a unit: a round's forecast of a year and that year's closing (öre). */
export interface PastForecast {
  year: number;
  round: string;
  forecastOre: bigint;
  closingOre: bigint;
}

export interface AccuracyRow extends ForecastError {
  year: number;
  round: string;
}

export interface AccuracySummary {
  round: string;
  years: number;
  /** Mean of |forecast − closing| over the years, tkr. */
  meanAbsErrorTkr: number;
  /** 100 · Σ|forecast − closing| / Σ|closing|, one decimal (weighted by the closings); null for zero closings. */
  weightedErrorPct: number | null;
}

/** Forecast accuracy over past years: one row per (year, round), and a summary per round. */
export function forecastAccuracy(points: readonly PastForecast[], sign: SignName = 'net'): { rows: AccuracyRow[]; summary: AccuracySummary[] } {
  const sorted = [...points].sort((a, b) => a.year - b.year || svCollator.compare(a.round, b.round));
  const rows = sorted.map((p) => ({ year: p.year, round: p.round, ...forecastError(p.forecastOre, p.closingOre, sign) }));
  const byRound = new Map<string, PastForecast[]>();
  for (const p of sorted) byRound.set(p.round, [...(byRound.get(p.round) ?? []), p]);
  const summary = [...byRound.entries()]
    .sort(([a], [b]) => svCollator.compare(a, b))
    .map(([round, ps]) => {
      const errSum = ps.reduce((s, p) => s + abs(p.forecastOre - p.closingOre), 0n);
      const closingSum = ps.reduce((s, p) => s + abs(p.closingOre), 0n);
      return {
        round,
        years: ps.length,
        meanAbsErrorTkr: toUnit({ num: errSum, den: BigInt(ps.length) }),
        weightedErrorPct: percent({ num: errSum, den: 1n }, { num: closingSum, den: 1n }, 1),
      };
    });
  return { rows, summary };
}

/** Forecasts of one year in round order (P1 → P2 → …), then the closing when the year is closed. */
export function forecastTrail(
  forecasts: ReadonlyArray<{ round: string; forecastOre: bigint }>,
  closingOre: bigint | null,
  sign: SignName = 'net',
): { rounds: Array<{ round: string; forecastTkr: number }>; closingTkr: number | null } {
  const p = SIGNS[sign].present;
  return {
    rounds: [...forecasts]
      .sort((a, b) => svCollator.compare(a.round, b.round))
      .map((f) => ({ round: f.round, forecastTkr: toUnit({ num: p(f.forecastOre), den: 1n }) })),
    closingTkr: closingOre === null ? null : toUnit({ num: p(closingOre), den: 1n }),
  };
}

/** Budget variance of a unit's forecast, in the presented sign; positive = better than budget. */
export interface UnitVariance {
  budgetTkr: number;
  forecastTkr: number;
  varianceTkr: number;
  /** 100 · variance / |budget|, one decimal; null for a zero budget. */
  variancePct: number | null;
  /** |variance| exceeds the threshold (exact öre): a comment is required. */
  commentRequired: boolean;
}

/** Variance = forecast − budget in the presented sign (the report's), from exact öre (ledger sign). */
export function varianceOre(budgetOre: bigint, forecastOre: bigint, sign: SignName = 'net'): bigint {
  const s = SIGNS[sign];
  return s.variance(s.present(forecastOre), s.present(budgetOre));
}

export function unitVariance(budgetOre: bigint, forecastOre: bigint, thresholdOre: bigint, sign: SignName = 'net'): UnitVariance {
  const s = SIGNS[sign];
  const v = varianceOre(budgetOre, forecastOre, sign);
  return {
    budgetTkr: toUnit({ num: s.present(budgetOre), den: 1n }),
    forecastTkr: toUnit({ num: s.present(forecastOre), den: 1n }),
    varianceTkr: toUnit({ num: v, den: 1n }),
    variancePct: percent({ num: v, den: 1n }, { num: abs(budgetOre), den: 1n }, 1),
    commentRequired: abs(v) > thresholdOre,
  };
}
