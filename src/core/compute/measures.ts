/**
 * The measure registry: every column key a financial table can print, behind one small interface
 * (key → how it is computed from a row's exact sums, how it prints, its default heading).
 *
 * Sums are exact (twelfths of öre, so an annual budget periodised by months stays exact); a cell
 * is rounded once, here. A measure whose base is missing is null (an empty cell), never NaN, a
 * division error or an absurd percentage; a measure over forecasts not entered is null too.
 */
import type { LedgerFact } from './fact.ts';
import { PrognosError } from '../errors/index.ts';
import type { PercentMeasure, ValueStyle } from '../format/index.ts';
import { detailLabel, monthName, summaryLabel, type LabelContext } from './labels.ts';
import type { SignConvention } from './sign.ts';

/** What a row's cells are computed from; `missing` counts the facts whose forecast was not entered. */
export const SUM_FIELDS = [
  'closingPrev', 'actualPrev', 'actual', 'budgetToDate', 'budgetOsb', 'budget', 'forecast', 'carryover', 'missing',
  'budgetPrev', 'budgetPrevToDate', 'prevForecast', 'proposal', 'proposalMissing',
] as const;
export type SumField = (typeof SUM_FIELDS)[number];
export type Sums = Record<SumField, bigint>;
export const DEN = 12n;

export const zeroSums = (): Sums => Object.fromEntries(SUM_FIELDS.map((k) => [k, 0n])) as Sums;

export interface SumOptions {
  period: number;
  prevPeriod: number;
  /** The proposal method whose system-computed forecast the table prints (`system_forecast`). */
  method?: string;
}

export function toSums(f: LedgerFact, o: SumOptions): Sums {
  const months = BigInt(Math.min(o.period, 12));
  const prevMonths = BigInt(Math.min(o.prevPeriod, 12));
  const proposal = o.method === undefined ? undefined : f.proposals?.[o.method];
  return {
    closingPrev: f.closingPrev * DEN,
    actualPrev: f.actualPrev * DEN,
    actual: f.actual * DEN,
    budgetToDate: f.budgetMonthlyToDate * DEN + f.budgetAnnual * months,
    budgetOsb: f.budgetOsb * DEN,
    budget: f.budget * DEN,
    forecast: f.forecast * DEN,
    carryover: f.carryover * DEN,
    missing: f.forecastMissing ? 1n : 0n,
    budgetPrev: (f.budgetPrev ?? 0n) * DEN,
    budgetPrevToDate: (f.budgetPrevMonthlyToDate ?? 0n) * DEN + (f.budgetPrevAnnual ?? 0n) * prevMonths,
    prevForecast: (f.prevForecast ?? 0n) * DEN,
    proposal: (proposal ?? 0n) * DEN,
    proposalMissing: o.method !== undefined && proposal === undefined && !f.forecastMissing ? 1n : 0n,
  };
}

export function addInto(acc: Sums, s: Sums): void {
  for (const k of SUM_FIELDS) acc[k] += s[k];
}

export function subtractFrom(acc: Sums, s: Sums): void {
  for (const k of SUM_FIELDS) acc[k] -= s[k];
}

/** What a measure needs besides the row's sums. */
export interface MeasureEnv {
  sign: SignConvention;
  /** Presented (report sign) amount → the printed unit (tkr), rounded once. */
  amount(presented: bigint): number;
  /** 100·a/b rounded to `decimals`, null when it means nothing (core/format `printedPercent`). */
  pct(a: bigint, b: bigint, decimals: 0 | 1, measure: PercentMeasure): number | null;
  /** The table's investments carry budget over from last year: the budget base includes it. */
  withCarryover: boolean;
  /** The table holds an ÖSB budget (some fact has one); without it, ÖSB cells are empty, not 0. */
  hasOsb: boolean;
  /** A previous forecast round exists (its forecast may be compared); without it, those cells are empty. */
  hasPrevRound: boolean;
}

export interface Measure {
  /** Presented value of the cell, or null for an empty cell. */
  compute(s: Sums, e: MeasureEnv): number | null;
  /** How the cell prints (core/format `styleOf` gives the same for the key). */
  format: ValueStyle;
  /** Default heading: the detail tables' and the net summary's. */
  label(c: LabelContext, netSummary: boolean): string;
}

const presented = (e: MeasureEnv, x: bigint): bigint => e.sign.present(x);
const amountOf = (f: SumField) => (s: Sums, e: MeasureEnv): number => e.amount(presented(e, s[f]));
/** A forecast over cells not entered is not complete: empty, never a sum counting them as 0. */
const forecastComplete = (s: Sums): boolean => s.missing === 0n;
const budgetBase = (s: Sums, e: MeasureEnv): bigint => (e.withCarryover ? s.budget + s.carryover : s.budget);
const abs = (x: bigint): bigint => (x < 0n ? -x : x);
const old = (key: string) => (c: LabelContext, net: boolean): string => (net ? summaryLabel(key, c) : detailLabel(key, c));

/** Every column key. The first block are the built-in table's keys; their headings and values are unchanged. */
export const MEASURES: Readonly<Record<string, Measure>> = {
  closing_prev: { compute: amountOf('closingPrev'), format: 'amount', label: old('closing_prev') },
  actual_prev: { compute: amountOf('actualPrev'), format: 'amount', label: old('actual_prev') },
  actual: { compute: amountOf('actual'), format: 'amount', label: old('actual') },
  budget_to_date: { compute: amountOf('budgetToDate'), format: 'amount', label: old('budget_to_date') },
  variance_to_date: {
    compute: (s, e) => e.amount(e.sign.variance(presented(e, s.actual), presented(e, s.budgetToDate))),
    format: 'amount',
    label: old('variance_to_date'),
  },
  consumption_pct: { compute: (s, e) => e.pct(presented(e, s.actual), presented(e, s.budgetToDate), 0, 'ratio'), format: 'percent', label: old('consumption_pct') },
  budget_osb: { compute: (s, e) => (e.hasOsb ? e.amount(presented(e, s.budgetOsb)) : null), format: 'amount', label: old('budget_osb') },
  budget: { compute: amountOf('budget'), format: 'amount', label: old('budget') },
  budget_change: {
    compute: (s, e) => (e.hasOsb ? e.amount(presented(e, s.budget) - presented(e, s.budgetOsb)) : null),
    format: 'amount',
    label: old('budget_change'),
  },
  forecast: { compute: (s, e) => (forecastComplete(s) ? e.amount(presented(e, s.forecast)) : null), format: 'amount', label: old('forecast') },
  variance: {
    compute: (s, e) => (forecastComplete(s) ? e.amount(e.sign.variance(presented(e, s.forecast), presented(e, budgetBase(s, e)))) : null),
    format: 'amount',
    label: old('variance'),
  },
  change_pct: { compute: (s, e) => e.pct(presented(e, s.actual) - presented(e, s.actualPrev), presented(e, s.actualPrev), 1, 'change'), format: 'percent1', label: old('change_pct') },
  carryover: { compute: amountOf('carryover'), format: 'amount', label: old('carryover') },
  budget_incl_carryover: { compute: (s, e) => e.amount(presented(e, s.budget + s.carryover)), format: 'amount', label: old('budget_incl_carryover') },

  // Added for board templates (issue 9): never in the built-in column sets.
  budget_prev: { compute: amountOf('budgetPrev'), format: 'amount', label: (c) => `Budget ${c.year - 1}` },
  budget_to_date_prev: { compute: amountOf('budgetPrevToDate'), format: 'amount', label: (c) => `Budget jan-${monthName(c.prevPeriod).slice(0, 3).toLowerCase()} ${c.year - 1}` },
  variance_to_date_prev: {
    compute: (s, e) => e.amount(e.sign.variance(presented(e, s.actualPrev), presented(e, s.budgetPrevToDate))),
    format: 'amount',
    label: (c) => `Avvikelse jan-${monthName(c.prevPeriod).slice(0, 3).toLowerCase()} ${c.year - 1}`,
  },
  variance_prev: {
    compute: (s, e) => e.amount(e.sign.variance(presented(e, s.closingPrev), presented(e, s.budgetPrev))),
    format: 'amount',
    label: (c) => `Avvikelse helår ${c.year - 1}`,
  },
  system_forecast: {
    compute: (s, e) => (s.proposalMissing === 0n ? e.amount(presented(e, s.proposal)) : null),
    format: 'amount',
    label: () => 'Ber prognos Helår',
  },
  prev_round_forecast: {
    compute: (s, e) => (e.hasPrevRound ? e.amount(presented(e, s.prevForecast)) : null),
    format: 'amount',
    label: () => 'Föregående prognos',
  },
  forecast_change: {
    compute: (s, e) => (e.hasPrevRound && forecastComplete(s) ? e.amount(e.sign.variance(presented(e, s.forecast), presented(e, s.prevForecast))) : null),
    format: 'amount',
    label: () => 'Förändring mot föregående prognos',
  },
  closing_vs_last_forecast: {
    compute: (s, e) => (e.hasPrevRound ? e.amount(e.sign.variance(presented(e, s.actual), presented(e, s.prevForecast))) : null),
    format: 'amount',
    label: () => 'Avvikelse mot senaste prognos',
  },
  forecast_budget_pct: {
    compute: (s, e) => (forecastComplete(s) ? e.pct(presented(e, s.forecast), presented(e, budgetBase(s, e)), 0, 'ratio') : null),
    format: 'percent',
    label: () => 'Förbrukat %',
  },
  variance_budget_pct: {
    compute: (s, e) =>
      forecastComplete(s) ? e.pct(e.sign.variance(presented(e, s.forecast), presented(e, budgetBase(s, e))), abs(budgetBase(s, e)), 1, 'change') : null,
    format: 'percent1',
    label: () => 'Avvikelse i % av budget',
  },
};

export const MEASURE_KEYS: readonly string[] = Object.keys(MEASURES);

/** The keys other parts of Prognos name in code (year-end comparisons use the last two). */
export const MEASURE = {
  prevRoundForecast: 'prev_round_forecast',
  forecastChange: 'forecast_change',
  closingVsLastForecast: 'closing_vs_last_forecast',
  systemForecast: 'system_forecast',
} as const;

export function measure(key: string): Measure {
  const m = MEASURES[key];
  if (!m) throw new PrognosError('INTERNAL', `unknown column ${key}`);
  return m;
}
