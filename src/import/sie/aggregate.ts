/**
 * Sums amounts by a key of five small non-negative integers (a, b, c, d, e) in open-addressing
 * hash tables on typed arrays: no allocation per added amount, memory proportional to distinct
 * keys.
 *
 * One table per value of `a` (the month, for voucher rows): SIE files come roughly in date
 * order, so the rows of a stretch of the file hit one month's table, which stays in cache,
 * instead of random places in one table for the whole file (and tables grow while small).
 * Each slot holds [b·2^26 + c + 1, d·2^26 + e, sum] side by side; 0 in the first marks it empty.
 * Key parts b–e must be below 2^26, a below 2^31.
 *
 * Readers see one flat slot array (`raw`, `capacity`, `occupied`, `key`, `sum`) in the layout
 * [a + 1, b·2^26 + c, d·2^26 + e, sum], built once when first read.
 */
export const KEY_PART_LIMIT = 1 << 26;
const P = KEY_PART_LIMIT;
const STRIDE = 3;

class Table {
  slots: Float64Array;
  mask: number;
  size = 0;

  /** `capacity`: a power of two. */
  constructor(
    readonly a: number,
    capacity: number,
  ) {
    this.slots = new Float64Array(capacity * STRIDE);
    this.mask = capacity - 1;
  }

  /** Add; true when the key is new. */
  add(k1: number, k2: number, b: number, c: number, d: number, e: number, amount: number): boolean {
    let h = Math.imul(b ^ 0x9e3779b1, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 16) ^ c, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 13) ^ d, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 16) ^ e, 0xc2b2ae35);
    h ^= h >>> 15;
    const s = this.slots;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const o = i * STRIDE;
      const v = s[o]!;
      if (v === k1 && s[o + 1] === k2) {
        s[o + 2]! += amount;
        return false;
      }
      if (v === 0) {
        s[o] = k1;
        s[o + 1] = k2;
        s[o + 2] = amount;
        if (++this.size * 4 > mask * 3) this.grow();
        return true;
      }
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const oldCap = this.mask + 1;
    const cap = oldCap * 2;
    const s = new Float64Array(cap * STRIDE);
    const mask = cap - 1;
    for (let j = 0; j < oldCap; j++) {
      const o = j * STRIDE;
      const k1 = old[o]!;
      if (k1 === 0) continue;
      const k2 = old[o + 1]!;
      const bc = k1 - 1;
      const b = Math.floor(bc / P);
      const c = bc - b * P;
      const d = Math.floor(k2 / P);
      const e = k2 - d * P;
      let h = Math.imul(b ^ 0x9e3779b1, 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 16) ^ c, 0xc2b2ae35);
      h = Math.imul(h ^ (h >>> 13) ^ d, 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 16) ^ e, 0xc2b2ae35);
      h ^= h >>> 15;
      let i = h & mask;
      while (s[i * STRIDE] !== 0) i = (i + 1) & mask;
      const n = i * STRIDE;
      s[n] = k1;
      s[n + 1] = k2;
      s[n + 2] = old[o + 2]!;
    }
    this.slots = s;
    this.mask = mask;
  }
}

export class Aggregator {
  private readonly tables = new Map<number, Table>();
  private last: Table | null = null;
  /** Flat view for readers, built on first read; null while adding. */
  private flat: Float64Array | null = null;
  size = 0;

  /** Add `amount` to key (a, b, c, d, e). Exact while |sums| < 2^53 (checked by callers). */
  add(a: number, b: number, c: number, d: number, e: number, amount: number): void {
    let t = this.last;
    if (t === null || t.a !== a) {
      if (this.flat !== null) this.unflatten();
      t = this.tables.get(a) ?? null;
      if (t === null) {
        // the next month is likely as big as the last: skip growing through the small sizes
        t = new Table(a, this.last === null ? 256 : Math.min(this.last.mask + 1, 1 << 16));
        this.tables.set(a, t);
      }
      this.last = t;
    }
    if (t.add(b * P + c + 1, d * P + e, b, c, d, e, amount)) this.size++;
  }

  /** The slots as one array, [a + 1, b·2^26 + c, d·2^26 + e, sum] per slot, for fast iteration. */
  get raw(): Float64Array {
    return (this.flat ??= this.flatten());
  }

  /** Number of slots: iterate 0 … capacity − 1 and skip the empty ones. */
  get capacity(): number {
    return (this.flat ?? this.raw).length >>> 2;
  }

  occupied(i: number): boolean {
    return (this.flat ?? this.raw)[i * 4] !== 0;
  }

  /** Key part `part` (0–4) of slot `i`. */
  key(i: number, part: number): number {
    const r = this.flat ?? this.raw;
    const o = i * 4;
    switch (part) {
      case 0:
        return r[o]! - 1;
      case 1:
        return Math.floor(r[o + 1]! / P);
      case 2:
        return r[o + 1]! % P;
      case 3:
        return Math.floor(r[o + 2]! / P);
      default:
        return r[o + 2]! % P;
    }
  }

  sum(i: number): number {
    return (this.flat ?? this.raw)[i * 4 + 3]!;
  }

  /** Copy all tables into the flat layout (densely: no empty slots) and drop them. */
  private flatten(): Float64Array {
    const out = new Float64Array(Math.max(1, this.size) * 4);
    let n = 0;
    for (const t of this.tables.values()) {
      const s = t.slots;
      const k0 = t.a + 1;
      for (let o = 0; o < s.length; o += STRIDE) {
        const k1 = s[o]!;
        if (k1 === 0) continue;
        out[n] = k0;
        out[n + 1] = k1 - 1;
        out[n + 2] = s[o + 1]!;
        out[n + 3] = s[o + 2]!;
        n += 4;
      }
    }
    this.tables.clear();
    this.last = null;
    return out;
  }

  /** Adding after a read (not done by the parser, kept correct): back to the tables. */
  private unflatten(): void {
    const f = this.flat!;
    this.flat = null;
    this.size = 0;
    for (let o = 0; o < f.length; o += 4) {
      if (f[o] === 0) continue;
      const bc = f[o + 1]!;
      const k2 = f[o + 2]!;
      const b = Math.floor(bc / P);
      const d = Math.floor(k2 / P);
      this.add(f[o]! - 1, b, bc - b * P, d, k2 - d * P, f[o + 3]!);
    }
    this.last = null;
  }
}
