/**
 * Fiscal years (#RAR) and the mapping of a calendar month to Prognos' (year, period): `year` is
 * the start year of the fiscal year and `period` the 1-based month within it. Months outside
 * every #RAR go to twelve-month years aligned with the nearest one; without #RAR, the calendar.
 */
import { isoDate } from './values.ts';

export interface FiscalYear {
  index: number;
  start: number; // yyyymmdd
  end: number;
  startYm: number; // yyyymm
  endYm: number;
  line: number; // of its #RAR
}

/** Longest fiscal year (months) the store holds: period is 1–18, as Swedish law allows. */
export const MAX_PERIOD = 18;

/** Months from yyyymm `a` to yyyymm `b` (b − a). */
export function monthsBetween(a: number, b: number): number {
  return (Math.floor(b / 100) - Math.floor(a / 100)) * 12 + ((b % 100) - (a % 100));
}

export function addMonths(ym: number, n: number): number {
  const total = Math.floor(ym / 100) * 12 + (ym % 100) - 1 + n;
  return Math.floor(total / 12) * 100 + (total % 12) + 1;
}

export interface MonthMapping {
  year: number;
  period: number;
  /** The month lies outside every #RAR of a file that has some. */
  outside: boolean;
}

/** What an amount in a month the store cannot hold is reported as (by the parser, which knows the file). */
export interface OverlongPeriod {
  reason: string;
  line: number;
}

export class FiscalYears {
  private readonly years: FiscalYear[];
  private readonly byIndex: Map<number, FiscalYear>;

  constructor(years: readonly FiscalYear[]) {
    this.years = [...years].sort((a, b) => a.start - b.start);
    this.byIndex = new Map(this.years.map((y) => [y.index, y]));
  }

  get count(): number {
    return this.years.length;
  }

  /** The fiscal year with #RAR index `index` (0 = current, −1 = previous …). */
  byYearIndex(index: number): FiscalYear | undefined {
    return this.byIndex.get(index);
  }

  /** Fiscal year (start year) and 1-based period of month yyyymm. */
  map(ym: number): MonthMapping {
    const years = this.years;
    for (const y of years) {
      if (ym >= y.startYm && ym <= y.endYm) return { year: Math.floor(y.startYm / 100), period: monthsBetween(y.startYm, ym) + 1, outside: false };
    }
    // outside every #RAR (or no #RAR): twelve-month years aligned to the nearest fiscal year
    let anchor: number;
    if (years.length === 0) anchor = Math.floor(ym / 100) * 100 + 1;
    else if (ym < years[0]!.startYm) anchor = years[0]!.startYm;
    else {
      let last = years[0]!;
      for (const y of years) if (y.endYm < ym) last = y;
      anchor = addMonths(last.endYm, 1);
    }
    const diff = monthsBetween(anchor, ym);
    const k = Math.floor(diff / 12);
    const start = addMonths(anchor, 12 * k);
    return { year: Math.floor(start / 100), period: diff - 12 * k + 1, outside: years.length > 0 };
  }

  /**
   * An amount in month 19 or later of an over-long fiscal year cannot be stored: the reason
   * and the line of its #RAR, or null when the period is fine.
   */
  overlong(ym: number, period: number): OverlongPeriod | null {
    if (period <= MAX_PERIOD) return null;
    const fy = this.years.find((y) => ym >= y.startYm && ym <= y.endYm);
    return {
      reason: `räkenskapsåret ${isoDate(fy?.start ?? 0)}–${isoDate(fy?.end ?? 0)} är längre än ${MAX_PERIOD} månader och har belopp i dess månad ${period} (${Math.floor(ym / 100)}-${String(ym % 100).padStart(2, '0')}); ett räkenskapsår kan vara högst ${MAX_PERIOD} månader`,
      line: fy?.line ?? 0,
    };
  }
}
