/**
 * Values of SIE fields parsed straight from bytes. Each parser returns a sentinel on bad
 * input (the caller raises the error, since only it knows file, line and field) and never
 * uses floating point for money.
 */

/** Amounts above this (10^15 öre = 10 000 miljarder kr) are rejected: sums stay exact in a Number. */
export const MAX_ORE = 1e15;

export const AMOUNT_EMPTY = 1;
export const AMOUNT_BAD = 2;
export const AMOUNT_DECIMALS = 3;
export const AMOUNT_COMMA = 4;
export const AMOUNT_TOO_LARGE = 5;

/** Result slot of `parseAmount`: the error kind when it returns NaN. */
export const amountError = { kind: 0 };

/**
 * Parse a SIE amount: optional leading `-`, digits, optionally `.` and one or two decimals.
 * The integer part may be left out (`.20`, `-.5`): the SIE 4B spec has no leading-digit rule
 * and other programs write and read such amounts. Returns integer öre, or NaN with
 * `amountError.kind` set.
 */
export function parseAmount(buf: Uint8Array, start: number, end: number): number {
  if (start >= end) {
    amountError.kind = AMOUNT_EMPTY;
    return NaN;
  }
  let i = start;
  let neg = false;
  if (buf[i] === 0x2d) {
    neg = true;
    i++;
  }
  let intPart = 0;
  let digits = 0;
  while (i < end) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) break;
    intPart = intPart * 10 + d;
    digits++;
    i++;
  }
  let frac = 0;
  if (digits === 0 && (i >= end || buf[i] !== 0x2e)) {
    amountError.kind = AMOUNT_BAD;
    return NaN;
  }
  if (i < end) {
    const sep = buf[i];
    if (sep !== 0x2e) {
      amountError.kind = sep === 0x2c ? AMOUNT_COMMA : AMOUNT_BAD;
      return NaN;
    }
    i++;
    let fd = 0;
    while (i < end) {
      const d = buf[i]! - 0x30;
      if (d < 0 || d > 9) {
        amountError.kind = AMOUNT_BAD;
        return NaN;
      }
      if (fd === 2) {
        amountError.kind = AMOUNT_DECIMALS;
        return NaN;
      }
      frac = frac * 10 + d;
      fd++;
      i++;
    }
    if (fd === 0) {
      amountError.kind = AMOUNT_BAD;
      return NaN;
    }
    if (fd === 1) frac *= 10;
  }
  if (digits > 14) {
    amountError.kind = AMOUNT_TOO_LARGE;
    return NaN;
  }
  const ore = intPart * 100 + frac;
  if (ore > MAX_ORE) {
    amountError.kind = AMOUNT_TOO_LARGE;
    return NaN;
  }
  return neg ? 0 - ore : ore;
}

/** Swedish reason for the last failed `parseAmount` on `text`. */
export function amountReason(text: string): string {
  switch (amountError.kind) {
    case AMOUNT_EMPTY:
      return 'belopp saknas';
    case AMOUNT_DECIMALS:
      return `"${text}" har fler än två decimaler`;
    case AMOUNT_COMMA:
      return `"${text}" är inget giltigt belopp: decimaltecknet ska vara punkt`;
    case AMOUNT_TOO_LARGE:
      return `beloppet "${text}" är orimligt stort`;
    default:
      return `"${text}" är inget belopp (t.ex. -1234.50)`;
  }
}

/**
 * Parse a date YYYYMMDD; returns it as the integer yyyymmdd, or -1 when it is not a valid
 * calendar date (leap years included). Years 1000–9999.
 */
export function parseDate(buf: Uint8Array, start: number, end: number): number {
  if (end - start !== 8) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return isValidYmd(v) ? v : -1;
}

export function isValidYmd(v: number): boolean {
  const y = Math.floor(v / 10000);
  const m = Math.floor(v / 100) % 100;
  const d = v % 100;
  if (y < 1000 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Parse a period YYYYMM; returns yyyymm or -1. */
export function parseYearMonth(buf: Uint8Array, start: number, end: number): number {
  if (end - start !== 6) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  const m = v % 100;
  return v >= 100001 && m >= 1 && m <= 12 ? v : -1;
}

/** Parse a (possibly negative) small integer; returns NaN when the bytes are not one. */
export function parseIntField(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  let neg = false;
  if (i < end && (buf[i] === 0x2d || buf[i] === 0x2b)) {
    neg = buf[i] === 0x2d;
    i++;
  }
  if (i >= end || end - i > 9) return NaN;
  let v = 0;
  for (; i < end; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return neg ? -v : v;
}

/** True when the bytes are 1–20 ASCII digits: an account number as SIE defines it. */
export function isAccountNumber(buf: Uint8Array, start: number, end: number): boolean {
  if (start >= end || end - start > 20) return false;
  for (let i = start; i < end; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return false;
  }
  return true;
}

/** yyyymmdd → ISO date. */
export function isoDate(v: number): string {
  const y = Math.floor(v / 10000);
  const m = Math.floor(v / 100) % 100;
  const d = v % 100;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Parse an amount given as a JS string (tests). */
export function parseAmountText(text: string): number {
  const b = Buffer.from(text, 'latin1');
  return parseAmount(b, 0, b.length);
}
