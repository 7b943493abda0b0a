/**
 * The system-computed forecast ("Ber prognos") of a report's facts: every proposal method of
 * core/forecast applied to each fact (unit × account group × activity × project), ledger sign.
 * A table's `system_forecast` column sums the proposals of its method over the row's facts.
 */
import type { LedgerFact, TableSpec } from '../../core/compute/index.ts';
import { METHOD_IDS, METHODS, type Figures } from '../../core/forecast/index.ts';

/** Keys that compare with the previous forecast round (the report then looks that round up). */
export const PREV_ROUND_KEYS: readonly string[] = ['prev_round_forecast', 'forecast_change', 'closing_vs_last_forecast'];

/** The column keys the tables configure (the built-in column sets need neither proposals nor a previous round). */
export function configuredKeys(specs: readonly TableSpec[]): Set<string> {
  return new Set(specs.flatMap((s) => s.columns?.map((c) => c.key) ?? []));
}

export function withProposals(facts: LedgerFact[], period: number): LedgerFact[] {
  return facts.map((f) => {
    if (f.forecastMissing) return f;
    const figures: Figures = {
      period,
      actualYtd: f.actual,
      budget: f.budget,
      budgetMonthlyYtd: f.budgetMonthlyToDate,
      budgetAnnual: f.budgetAnnual,
      closingPrev: f.closingPrev,
      actualPrevYtd: f.actualPrevAtPeriod ?? f.actualPrev,
    };
    return { ...f, proposals: Object.fromEntries(METHOD_IDS.map((id) => [id, METHODS[id].propose(figures)])) };
  });
}
