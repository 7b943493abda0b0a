/** The input of the computation: ledger sums of one cell, as the store reads them. */
import type { AccountGroup } from '../domain/index.ts';

/** Ledger sums for one (unit, account group, activity, project), ledger sign, exact öre. */
export interface LedgerFact {
  unit: string;
  group: AccountGroup;
  activity: string;
  project: string;
  closingPrev: bigint;
  actualPrev: bigint;
  actual: bigint;
  /** Monthly budget rows of periods 1..cut-off. */
  budgetMonthlyToDate: bigint;
  /** Budget given for the whole year (period empty); periodised evenly for the to-date budget. */
  budgetAnnual: bigint;
  budget: bigint;
  budgetOsb: bigint;
  forecast: bigint;
  carryover: bigint;
  /** A forecast is stored for the fact (even one of 0); absent in facts read before it existed. */
  hasForecast?: boolean;
  /** A forecast is expected here and was not entered: the row's forecast is not complete. */
  forecastMissing?: boolean;
  /** Previous year's budget: full year, monthly rows of months 1..comparison period, annual rows. */
  budgetPrev?: bigint;
  budgetPrevMonthlyToDate?: bigint;
  budgetPrevAnnual?: bigint;
  /** The previous forecast round's forecast (ledger sign), when the report has a previous round. */
  prevForecast?: bigint;
  /** Previous year's actual of months 1..cut-off (what proposal methods compare with). */
  actualPrevAtPeriod?: bigint;
  /** System-computed forecasts (core/forecast proposals) by method id, ledger sign, whole öre. */
  proposals?: Readonly<Record<string, bigint>>;
}
