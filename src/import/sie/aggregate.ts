/**
 * Sums amounts by a key of five small non-negative integers, in an open-addressing hash table
 * on one typed array: no allocation per added amount, memory proportional to distinct keys.
 *
 * For cache locality each slot holds the key and its sum side by side in 32 bytes:
 * [a + 1, b·2^26 + c, d·2^26 + e, sum]. Slot 0 of a pair being 0 marks it empty. Key parts
 * b–e must be below 2^26, a below 2^31.
 */
export const KEY_PART_LIMIT = 1 << 26;
const P = KEY_PART_LIMIT;
const STRIDE = 4;

export class Aggregator {
  private slots = new Float64Array(4096 * STRIDE);
  private mask = 4095;
  size = 0;

  /** Add `amount` to key (a, b, c, d, e). Exact while |sums| < 2^53 (checked by callers). */
  add(a: number, b: number, c: number, d: number, e: number, amount: number): void {
    const k0 = a + 1;
    const k1 = b * P + c;
    const k2 = d * P + e;
    let h = Math.imul(k0 ^ 0x9e3779b1, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16) ^ c, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13) ^ d, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16) ^ e, 0x85ebca6b);
    h ^= h >>> 15;
    const s = this.slots;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const o = i * STRIDE;
      const v = s[o]!;
      if (v === 0) {
        s[o] = k0;
        s[o + 1] = k1;
        s[o + 2] = k2;
        s[o + 3] = amount;
        if (++this.size * 4 > mask * 3) this.grow();
        return;
      }
      if (v === k0 && s[o + 1] === k1 && s[o + 2] === k2) {
        s[o + 3]! += amount;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  /** The raw slot array ([a + 1, b·2^26 + c, d·2^26 + e, sum] per slot) for fast iteration. */
  get raw(): Float64Array {
    return this.slots;
  }

  /** Number of slots: iterate 0 … capacity − 1 and skip the empty ones. */
  get capacity(): number {
    return this.mask + 1;
  }

  occupied(i: number): boolean {
    return this.slots[i * STRIDE] !== 0;
  }

  /** Key part `part` (0–4) of slot `i`. */
  key(i: number, part: number): number {
    const o = i * STRIDE;
    switch (part) {
      case 0:
        return this.slots[o]! - 1;
      case 1:
        return Math.floor(this.slots[o + 1]! / P);
      case 2:
        return this.slots[o + 1]! % P;
      case 3:
        return Math.floor(this.slots[o + 2]! / P);
      default:
        return this.slots[o + 2]! % P;
    }
  }

  sum(i: number): number {
    return this.slots[i * STRIDE + 3]!;
  }

  private grow(): void {
    const old = this.slots;
    const oldCap = this.mask + 1;
    const cap = oldCap * 2;
    const s = new Float64Array(cap * STRIDE);
    const mask = cap - 1;
    for (let j = 0; j < oldCap; j++) {
      const o = j * STRIDE;
      const k0 = old[o]!;
      if (k0 === 0) continue;
      const k1 = old[o + 1]!;
      const k2 = old[o + 2]!;
      const b = Math.floor(k1 / P);
      const c = k1 % P;
      const d = Math.floor(k2 / P);
      const e = k2 % P;
      let h = Math.imul(k0 ^ 0x9e3779b1, 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
      h = Math.imul(h ^ (h >>> 16) ^ c, 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13) ^ d, 0xc2b2ae35);
      h = Math.imul(h ^ (h >>> 16) ^ e, 0x85ebca6b);
      h ^= h >>> 15;
      let i = h & mask;
      while (s[i * STRIDE] !== 0) i = (i + 1) & mask;
      const n = i * STRIDE;
      s[n] = k0;
      s[n + 1] = k1;
      s[n + 2] = k2;
      s[n + 3] = old[o + 3]!;
    }
    this.slots = s;
    this.mask = mask;
  }
}
