/**
 * One-pass reader for the common shape of a #TRANS record — unquoted account, object list of
 * (digit dimension, code) pairs, unquoted amount, optional unquoted or empty ("") date — that
 * tokenizes, validates and interns in a single scan of the bytes, hashing codes as it reads
 * them. It accepts only what the general path (Tokenizer + SieParser.transRecord) accepts with
 * the same result; on anything else (quotes in odd places, escapes, non-ASCII codes, bad
 * values, missing fields) it returns false having changed nothing, and the caller runs the
 * general path, which gives the same result or the precise error.
 */
import { type Interner, PACK_MAX } from './intern.ts';
import { BACKSLASH, CLOSE, countFields, CR, OPEN, QUOTE, SP, TAB } from './tokenizer.ts';
import { isValidYmd, MAX_ORE } from './values.ts';

const MINUS = 0x2d;
const DOT = 0x2e;

/** Tests switch the fast path off to compare it with the general path. */
export const transFastPath = { enabled: true };

/** Most dimension matches on one line the fast path handles (unit, activity, project). */
const MAX_MATCHES = 3;

export class TransScanner {
  // results of the last successful `scan`
  account = 0;
  unit = 0;
  activity = 0;
  project = 0;
  amount = 0;
  /** yyyymm of the transaction date, or -1 when the record has none. */
  ym = -1;
  /** The record has more fields than the spec defines. */
  extra = false;

  private readonly unitDim: number;
  private readonly activityDim: number;
  private readonly projectDim: number;
  private lastDate = -1;
  // dimension matches in list order (interned in that order, as the general path does)
  private readonly mDim = new Int32Array(MAX_MATCHES);
  private readonly mStart = new Int32Array(MAX_MATCHES);
  private readonly mEnd = new Int32Array(MAX_MATCHES);
  /** Bytes base 256 (exact for up to PACK_MAX bytes) for Interner.internPacked. */
  private readonly mPacked = new Float64Array(MAX_MATCHES);

  constructor(
    private readonly strings: Interner,
    unitDim: number,
    activityDim: number | null,
    projectDim: number | null,
  ) {
    this.unitDim = unitDim;
    this.activityDim = activityDim ?? -1;
    this.projectDim = projectDim ?? -1;
  }

  /** Read the fields of a #TRANS record from `buf[i, e)` (`i` just after the label). */
  scan(buf: Uint8Array, i: number, e: number): boolean {
    let b = 0;
    // account: 1–20 digits, then a separator
    while (i < e && ((b = buf[i]!) === SP || b === TAB)) i++;
    const as = i;
    let ap = 0;
    while (i < e) {
      b = buf[i]!;
      if (b < 0x30 || b > 0x39) break;
      ap = ap * 256 + b;
      i++;
    }
    const ae = i;
    if (ae === as || ae - as > 20 || i >= e || (b !== SP && b !== TAB)) return false;
    while (i < e && ((b = buf[i]!) === SP || b === TAB)) i++;
    if (i >= e || b !== OPEN) return false;
    i++;

    // object list: pairs of (1–2 digit dimension, quoted or plain code)
    const ud = this.unitDim;
    const ad = this.activityDim;
    const pd = this.projectDim;
    let matches = 0;
    let hi = 0;
    for (;;) {
      while (i < e && ((b = buf[i]!) === SP || b === TAB || b === CR)) i++;
      if (i >= e) return false;
      if (b === CLOSE) {
        i++;
        break;
      }
      let dim = b - 0x30;
      if (dim < 0 || dim > 9) return false;
      i++;
      if (i < e) {
        b = buf[i]!;
        const d = b - 0x30;
        if (d >= 0 && d <= 9) {
          dim = dim * 10 + d;
          i++;
          if (i < e) b = buf[i]!;
        }
      }
      if (i >= e || (b !== SP && b !== TAB)) return false;
      while (i < e && ((b = buf[i]!) === SP || b === TAB || b === CR)) i++;
      if (i >= e || b === CLOSE || b === OPEN) return false;
      let cs: number;
      let ce: number;
      let p = 0;
      if (b === QUOTE) {
        cs = ++i;
        for (;;) {
          if (i >= e) return false;
          b = buf[i]!;
          if (b === QUOTE) break;
          if (b === BACKSLASH) return false;
          hi |= b;
          p = p * 256 + b;
          i++;
        }
        ce = i++;
        if (i < e) {
          b = buf[i]!;
          if (b !== SP && b !== TAB && b !== CR && b !== CLOSE) return false;
        }
      } else {
        cs = i;
        while (i < e) {
          b = buf[i]!;
          if (b === SP || b === TAB || b === CR || b === CLOSE) break;
          if (b === QUOTE || b === OPEN) return false;
          hi |= b;
          p = p * 256 + b;
          i++;
        }
        ce = i;
      }
      if (dim === ud || dim === ad || dim === pd) {
        if (matches === MAX_MATCHES) return false;
        this.mDim[matches] = dim;
        this.mStart[matches] = cs;
        this.mEnd[matches] = ce;
        this.mPacked[matches] = p;
        matches++;
      }
    }
    // non-ASCII codes: the general path feeds them to the encoding detector
    if (hi & 0x80) return false;

    // amount: -?\d{1,14}(\.\d{1,2})? — the subset of parseAmount's syntax with the same value
    while (i < e && ((b = buf[i]!) === SP || b === TAB || b === CR)) i++;
    if (i >= e) return false;
    let neg = false;
    if (b === MINUS) {
      neg = true;
      i++;
    }
    let ip = 0;
    const ds = i;
    while (i < e) {
      b = buf[i]!;
      if (b < 0x30 || b > 0x39) break;
      ip = ip * 10 + (b - 0x30);
      i++;
    }
    if (i === ds || i - ds > 14) return false;
    let frac = 0;
    if (i < e && b === DOT) {
      i++;
      if (i >= e) return false;
      b = buf[i]!;
      if (b < 0x30 || b > 0x39) return false;
      frac = (b - 0x30) * 10;
      i++;
      if (i < e) {
        b = buf[i]!;
        if (b >= 0x30 && b <= 0x39) {
          frac += b - 0x30;
          i++;
          if (i < e) b = buf[i]!;
        }
      }
    }
    if (i < e && b !== SP && b !== TAB && b !== CR) return false;
    const ore = ip * 100 + frac;
    if (ore > MAX_ORE) return false;

    // transaction date: 8 digits, "" or absent
    let ym = -1;
    let rest = 0;
    while (i < e && ((b = buf[i]!) === SP || b === TAB || b === CR)) i++;
    if (i < e) {
      if (b === QUOTE) {
        if (i + 1 >= e || buf[i + 1] !== QUOTE) return false;
        i += 2;
      } else {
        if (i + 8 > e) return false;
        let v = 0;
        for (let k = 0; k < 8; k++) {
          const d = buf[i + k]! - 0x30;
          if (d < 0 || d > 9) return false;
          v = v * 10 + d;
        }
        i += 8;
        if (i < e && (b = buf[i]!) !== SP && b !== TAB && b !== CR) return false;
        if (v !== this.lastDate) {
          if (!isValidYmd(v)) return false;
          this.lastDate = v;
        }
        ym = (v / 100) | 0;
      }
      // text, quantity, sign: only counted (a fourth is an extra field)
      if (i < e) {
        rest = countFields(buf, i, e, 4);
        if (rest < 0) return false;
      }
    }

    // all read: intern in the order the general path does (account, then list order)
    const strings = this.strings;
    this.account = ae - as <= PACK_MAX ? strings.internPacked(buf, as, ae, ap * 8 + (ae - as)) : strings.intern(buf, as, ae);
    let unit = 0;
    let activity = 0;
    let project = 0;
    for (let m = 0; m < matches; m++) {
      const ms = this.mStart[m]!;
      const me = this.mEnd[m]!;
      const id = me - ms <= PACK_MAX && me > ms ? strings.internPacked(buf, ms, me, this.mPacked[m]! * 8 + (me - ms)) : strings.intern(buf, ms, me);
      const dim = this.mDim[m]!;
      if (dim === ud) unit = id;
      else if (dim === ad) activity = id;
      else project = id;
    }
    this.unit = unit;
    this.activity = activity;
    this.project = project;
    this.amount = neg ? 0 - ore : ore;
    this.ym = ym;
    this.extra = rest >= 4;
    return true;
  }
}
