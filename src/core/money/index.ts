/**
 * Money is an integer number of öre. Parsing is exact (no floating point); rounding happens
 * once, at presentation, half away from zero.
 */
import { badInput, type InputLocation } from '../errors/index.ts';

export type Ore = number;

/** Largest amount we accept in one value: keeps every sum within Number's exact integer range. */
const MAX_ORE = 10n ** 15n; // 10 000 000 000 000 kr

/**
 * Parse a decimal amount in kronor into öre. Accepts `-`, U+2212 minus, `+`, `.` or `,` as
 * decimal separator, spaces/U+00A0/U+202F as thousands separators, at most two decimals.
 */
export function parseKronor(text: string, where: InputLocation = {}): Ore {
  const s = text.replace(/[\s\u00a0\u202f]/g, '').replace(/\u2212/g, '-');
  const m = /^([+-]?)(\d+)(?:[.,](\d{1,2}))?$/.exec(s);
  if (!m) throw badInput(`"${text}" är inget belopp (kronor med högst två decimaler)`, where);
  const ore = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  if (ore > MAX_ORE) throw badInput(`beloppet "${text}" är orimligt stort`, where);
  const n = Number(ore);
  return m[1] === '-' ? -n : n;
}

/** Integer division rounded half away from zero; both arguments exact integers. */
export function divRoundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let q = n / d;
  if ((n % d) * 2n >= d) q += 1n;
  return negative ? -q : q;
}

/** An exact amount in öre as a fraction `num / den` (den > 0): lets periodised budgets stay exact. */
export interface Exact {
  num: bigint;
  den: bigint;
}

export const exact = (ore: number | bigint, den: bigint = 1n): Exact => ({ num: BigInt(ore), den });

export function addExact(a: Exact, b: Exact): Exact {
  if (a.den === b.den) return { num: a.num + b.num, den: a.den };
  return { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

export function subExact(a: Exact, b: Exact): Exact {
  return addExact(a, { num: -b.num, den: b.den });
}

export function negExact(a: Exact): Exact {
  return { num: -a.num, den: a.den };
}

export const isZero = (a: Exact): boolean => a.num === 0n;

/** Presentation units: tkr (thousands of kronor) and mnkr (millions), one decimal for mnkr. */
export type AmountUnit = 'tkr' | 'mnkr';

/**
 * Round an exact öre amount to the unit as printed: tkr → whole tkr, mnkr → one decimal.
 * Returns a JS number equal to the printed value (e.g. -12.4 for "-12,4 mnkr").
 */
export function toUnit(a: Exact, unit: AmountUnit = 'tkr'): number {
  if (unit === 'tkr') return Number(divRoundHalfAwayFromZero(a.num, a.den * 100_000n));
  // mnkr with one decimal = tenths of mnkr = 100 000 kr = 10 000 000 öre
  return Number(divRoundHalfAwayFromZero(a.num, a.den * 10_000_000n)) / 10;
}

/**
 * 100 · a / b rounded half away from zero to `decimals` decimals, from the exact values.
 * A zero base gives null (shown empty, never an error string).
 */
export function percent(a: Exact, b: Exact, decimals: 0 | 1 = 0): number | null {
  if (b.num === 0n) return null;
  const scale = decimals === 0 ? 100n : 1000n;
  // (a.num/a.den) / (b.num/b.den) = a.num·b.den / (a.den·b.num)
  const q = divRoundHalfAwayFromZero(scale * a.num * b.den, a.den * b.num);
  return decimals === 0 ? Number(q) : Number(q) / 10;
}
