/**
 * The house style for numbers in reports, decided once: as the reference reports print them —
 * `-12 417`, `93%`, `-9,3`. Hyphen-minus, a no-break space (U+00A0) between thousands so a
 * number never wraps, decimal comma, `%` without a space. An empty value prints as ''.
 */
export const THOUSANDS_SEPARATOR = '\u00a0';

export function formatInteger(n: number): string {
  const neg = n < 0;
  const digits = String(Math.abs(Math.trunc(n)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, THOUSANDS_SEPARATOR);
  return neg && digits !== '0' ? `-${grouped}` : grouped;
}

export function formatDecimal(n: number, decimals: number): string {
  const neg = n < 0;
  const [int, frac = ''] = Math.abs(n).toFixed(decimals).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, THOUSANDS_SEPARATOR);
  const text = decimals > 0 ? `${grouped},${frac}` : grouped;
  return neg && /[1-9]/.test(text) ? `-${text}` : text;
}

/** How a column's values print. */
export type ValueStyle = 'amount' | 'percent' | 'percent1' | 'mnkr';

export function styleOf(key: string): ValueStyle {
  if (key === 'consumption_pct' || key === 'forecast_budget_pct') return 'percent';
  if (key === 'change_pct' || key === 'variance_budget_pct') return 'percent1';
  return 'amount';
}

export function formatValue(v: number | null, style: ValueStyle): string {
  if (v === null || !Number.isFinite(v)) return '';
  switch (style) {
    case 'amount':
      return formatInteger(v);
    case 'mnkr':
      return formatDecimal(v, 1);
    case 'percent':
      return `${formatInteger(v)}%`;
    case 'percent1':
      return formatDecimal(v, 1);
  }
}

/**
 * When a printed percentage means something, decided once (issue 10; the reference reports'
 * behaviour is the test, src/core/format/reference.test.ts). The references leave the cell empty
 * beside a base printed as 0 and for absurd magnitudes (KGOPS −6 224 / −350 = 1 778 %, KGFC2
 * 887 / −6 = −14 783 %), and print ratios of opposite signs (KAS 688 / −7 677 → "-9%").
 */
export interface PercentRule {
  /** Largest magnitude printed, in percent: beyond it the cell is empty (default 999). */
  limit: number;
  /**
   * Leave a ratio of like measures (consumption: outcome / budget) empty when value and base have
   * opposite signs. Default false: the reference reports print them ("-9%", "-143%"). A change
   * against the previous year is never affected: a decrease is a meaningful negative change.
   */
  emptyOnOppositeSigns: boolean;
  /**
   * Print a percentage whose base rounds to 0 in the table's unit (but is not exactly 0), as reference
   * report 001 does ("0 → 1 184: 477 317,7"). Default false: such a cell is empty.
   */
  printOnBaseRoundingToZero?: boolean;
}

export const DEFAULT_PERCENT_RULE: Readonly<PercentRule> = Object.freeze({ limit: 999, emptyOnOppositeSigns: false });

/** `ratio`: value and base are the same measure (consumption); `change`: value is a change of the base. */
export type PercentMeasure = 'ratio' | 'change';

/**
 * The percentage to print, or null for an empty cell. `pct` is the rounded percentage (null for
 * an exact zero base); `value` and `base` are the amounts as printed (rounded to the unit), so
 * "a base that rounds to 0 at the printed precision" is `base === 0`.
 */
export function printedPercent(
  pct: number | null,
  value: number,
  base: number,
  measure: PercentMeasure,
  rule: Readonly<PercentRule> = DEFAULT_PERCENT_RULE,
): number | null {
  if (pct === null || !Number.isFinite(pct) || (base === 0 && rule.printOnBaseRoundingToZero !== true)) return null;
  if (measure === 'ratio' && rule.emptyOnOppositeSigns && value !== 0 && Math.sign(value) !== Math.sign(base)) return null;
  if (Math.abs(pct) > rule.limit) return null;
  return pct;
}

/** Validates a template's `percentages` setting; returns the reason it is wrong, or null. */
export function percentRuleProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'percentages ska vara ett objekt';
  for (const [k, v] of Object.entries(value)) {
    if (k === 'limit') {
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return 'percentages.limit ska vara ett positivt tal (procent)';
    } else if (k === 'emptyOnOppositeSigns') {
      if (typeof v !== 'boolean') return 'percentages.emptyOnOppositeSigns ska vara true eller false';
    } else {
      return `okänd inställning percentages.${k} (tillåtna: limit, emptyOnOppositeSigns)`;
    }
  }
  return null;
}
