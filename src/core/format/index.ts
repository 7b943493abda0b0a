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
  if (key === 'consumption_pct') return 'percent';
  if (key === 'change_pct') return 'percent1';
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
