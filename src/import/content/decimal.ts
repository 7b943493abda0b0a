/**
 * Exact decimals for numbers that are not kronor: indicator values, target values, effects in
 * mnkr, numbers in free grids. Money in kronor stays integer öre (`core/money`); these numbers
 * have no fixed scale (4,4 % sick leave, 153 317 inhabitants, 0,125 mnkr), so they are kept as
 * canonical decimal text and stored in PostgreSQL `numeric`, which is exact and keeps the scale.
 *
 * Canonical form (`Decimal`): optional `-` (never for zero), integer digits without leading zeros,
 * then `.` and the decimals as written — the scale is kept, so "4,40" is "4.40" and prints as it
 * was written. No thousands separators, no `+`, no exponent. `decimalFraction` gives the exact
 * value as an integer fraction for comparisons and arithmetic (same shape as `core/money`'s Exact).
 */
import { badInput, type InputLocation } from '../../core/errors/index.ts';

/** Canonical decimal text, e.g. "-12.30", "153317", "0.5". */
export type Decimal = string;

const CANONICAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

export function isDecimal(s: string): s is Decimal {
  return CANONICAL.test(s) && !/^-0(\.0+)?$/.test(s);
}

/** Build the canonical form from sign, integer digits and decimal digits. */
function canonical(negative: boolean, intDigits: string, fracDigits: string): Decimal {
  const int = intDigits.replace(/^0+(?=\d)/, '') || '0';
  const zero = /^0*$/.test(int + fracDigits);
  return `${negative && !zero ? '-' : ''}${int}${fracDigits === '' ? '' : '.' + fracDigits}`;
}

/**
 * Match decimal text written the Swedish or the plain way: `-`, U+2212 or `+` sign; `,` or `.` as
 * decimal separator; any number of decimals; a space, no-break space or narrow no-break space
 * as thousands separator, only between groups of three digits ("153 317", "1 234,5"), so that
 * text such as "2023, 2024" or "12 34" is not taken for a number. Returns null for anything else.
 */
export function tryParseDecimal(text: string): Decimal | null {
  const s = text.trim().replace(/\u2212/g, '-');
  const m = /^([+-]?)(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d+))?$/.exec(s);
  if (!m) return null;
  return canonical(m[1] === '-', m[2]!.replace(/[ \u00a0\u202f]/g, ''), m[3] ?? '');
}

/** Like `tryParseDecimal`, but text that is not a number is an error at `where`. */
export function parseDecimal(text: string, where: InputLocation = {}): Decimal {
  const d = tryParseDecimal(text);
  if (d === null) {
    throw badInput(`"${text}" är inget tal (t.ex. 12, -3,5 eller 1 234,56; decimalkomma eller decimalpunkt)`, where);
  }
  return d;
}

/** Expand a number's exponent form ("1.5e-7", "1e+21") into plain decimal digits. */
function plainDigits(s: string): Decimal {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(s);
  if (!m) throw new RangeError(`not a finite number: ${s}`);
  const [, sign, int, frac = '', expText] = m;
  const exp = Number(expText ?? 0);
  const digits = int! + frac;
  const point = int!.length + exp; // position of the decimal point in `digits`
  let intPart: string;
  let fracPart: string;
  if (point <= 0) {
    intPart = '0';
    fracPart = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    intPart = digits + '0'.repeat(point - digits.length);
    fracPart = '';
  } else {
    intPart = digits.slice(0, point);
    fracPart = digits.slice(point);
  }
  return canonical(sign === '-', intPart, fracPart.replace(/0+$/, ''));
}

/**
 * The decimal a JSON number stands for: JavaScript's shortest round-trip text of the double, so
 * the literal 12.3 gives "12.3" (not 12.300000000000000710…). Exact for every literal with at
 * most 15 significant digits — all values Kolada publishes.
 */
export function decimalFromJsonNumber(value: number, where: InputLocation = {}): Decimal {
  if (!Number.isFinite(value)) throw badInput('värdet är inget ändligt tal', where);
  return plainDigits(String(value));
}

/**
 * The decimal a spreadsheet cell means. A cell holds a binary double and Excel works with 15
 * significant digits, so the value is rounded to 15 significant digits first: float noise from
 * formulas (=0,1+0,2 is 0.30000000000000004) disappears, and every number a user can type comes
 * back as typed (trailing zeros of the cell's display format are not part of the value).
 */
export function decimalFromSpreadsheetNumber(value: number, where: InputLocation = {}): Decimal {
  if (!Number.isFinite(value)) throw badInput('cellen innehåller inget ändligt tal', where);
  return plainDigits(value.toPrecision(15));
}

/** The exact value as `num / den` with `den` = 10^scale. */
export function decimalFraction(d: Decimal): { num: bigint; den: bigint } {
  if (!isDecimal(d)) throw new RangeError(`not a canonical decimal: ${d}`);
  const [int, frac = ''] = d.replace('-', '').split('.');
  const num = BigInt(int! + frac);
  return { num: d.startsWith('-') ? -num : num, den: 10n ** BigInt(frac.length) };
}

/** Compare two decimals by value (-1, 0, 1); "5.8" and "5.80" are equal. */
export function compareDecimals(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const x = decimalFraction(a);
  const y = decimalFraction(b);
  const l = x.num * y.den;
  const r = y.num * x.den;
  return l < r ? -1 : l > r ? 1 : 0;
}
