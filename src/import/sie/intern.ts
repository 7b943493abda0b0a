/**
 * Interns byte strings (account numbers, object codes) to small integer ids without creating a
 * JS string for values already seen. Id 0 is the empty string. Memory grows with the number of
 * distinct values, not with the input.
 */
export class Interner {
  private arena = new Uint8Array(4096);
  private arenaLen = 0;
  private offs = new Int32Array(64);
  private lens = new Int32Array(64);
  private hashes = new Int32Array(64);
  private strs: string[] = [''];
  /** open-addressing table of id+1 (0 = empty) */
  private table = new Int32Array(256);
  private mask = 255;
  /**
   * Values of 1–6 bytes (most account numbers and object codes) packed into one number (see
   * `internPacked`): looked up by that number alone, without hashing or comparing bytes.
   */
  private shortKeys = new Float64Array(256);
  private shortIds = new Int32Array(256);
  private shortMask = 255;
  private shortSize = 0;

  constructor() {
    // id 0: empty string
    this.offs[0] = 0;
    this.lens[0] = 0;
    this.hashes[0] = hashBytes(new Uint8Array(0), 0, 0);
    this.insertSlot(0);
  }

  get size(): number {
    return this.strs.length;
  }

  /** The id of `buf[start, end)`, adding it if new. */
  intern(buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    const h = hashBytes(buf, start, end);
    const table = this.table;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const v = table[slot]!;
      if (v === 0) break;
      const id = v - 1;
      if (this.hashes[id] === h && this.lens[id] === len && this.equal(id, buf, start, end)) return id;
      slot = (slot + 1) & mask;
    }
    return this.add(buf, start, end, h);
  }

  /**
   * `intern` for a value of 1–`PACK_MAX` bytes given as `packed` = `packBytes`' number: the
   * bytes as digits base 256 (a caller's scan accumulates them), times 8, plus the length.
   */
  internPacked(buf: Uint8Array, start: number, end: number, packed: number): number {
    const keys = this.shortKeys;
    const mask = this.shortMask;
    let slot = packedHash(packed) & mask;
    for (;;) {
      const k = keys[slot]!;
      if (k === packed) return this.shortIds[slot]!;
      if (k === 0) break;
      slot = (slot + 1) & mask;
    }
    const id = this.intern(buf, start, end);
    keys[slot] = packed;
    this.shortIds[slot] = id;
    if (++this.shortSize * 2 > mask) this.growShort();
    return id;
  }

  private growShort(): void {
    const oldKeys = this.shortKeys;
    const oldIds = this.shortIds;
    const size = oldKeys.length * 2;
    const mask = size - 1;
    const keys = new Float64Array(size);
    const ids = new Int32Array(size);
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i]!;
      if (k === 0) continue;
      let slot = packedHash(k) & mask;
      while (keys[slot] !== 0) slot = (slot + 1) & mask;
      keys[slot] = k;
      ids[slot] = oldIds[i]!;
    }
    this.shortKeys = keys;
    this.shortIds = ids;
    this.shortMask = mask;
  }

  /** The binary string (one char per byte) of an id. */
  str(id: number): string {
    return this.strs[id]!;
  }

  /** Intern a binary string. */
  internString(s: string): number {
    const b = Buffer.from(s, 'latin1');
    return this.intern(b, 0, b.length);
  }

  private equal(id: number, buf: Uint8Array, start: number, end: number): boolean {
    const a = this.arena;
    let o = this.offs[id]!;
    for (let i = start; i < end; i++, o++) if (a[o] !== buf[i]) return false;
    return true;
  }

  private add(buf: Uint8Array, start: number, end: number, h: number): number {
    const len = end - start;
    const id = this.strs.length;
    if (this.arenaLen + len > this.arena.length) {
      const n = new Uint8Array(Math.max(this.arena.length * 2, this.arenaLen + len));
      n.set(this.arena.subarray(0, this.arenaLen));
      this.arena = n;
    }
    this.arena.set(buf.subarray(start, end), this.arenaLen);
    if (id >= this.offs.length) {
      const n = this.offs.length * 2;
      this.offs = grow(this.offs, n);
      this.lens = grow(this.lens, n);
      this.hashes = grow(this.hashes, n);
    }
    this.offs[id] = this.arenaLen;
    this.lens[id] = len;
    this.hashes[id] = h;
    this.arenaLen += len;
    let s = '';
    if (len > 64) s = Buffer.from(buf.buffer, buf.byteOffset + start, len).toString('latin1');
    else for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]!);
    this.strs.push(s);
    if (this.strs.length * 2 > this.mask) this.rehash();
    else this.insertSlot(id);
    return id;
  }

  private insertSlot(id: number): void {
    let slot = this.hashes[id]! & this.mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
    this.table[slot] = id + 1;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    this.table = new Int32Array(size);
    this.mask = size - 1;
    for (let id = 0; id < this.strs.length; id++) this.insertSlot(id);
  }
}

function grow(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/** Longest value `internPacked` takes: 6 bytes and the length fill 51 bits, exact in a Number. */
export const PACK_MAX = 6;

/** The key `internPacked` takes for `buf[start, end)` (1–PACK_MAX bytes). */
export function packBytes(buf: Uint8Array, start: number, end: number): number {
  let p = 0;
  for (let i = start; i < end; i++) p = p * 256 + buf[i]!;
  return p * 8 + (end - start);
}

/** Hash of an `internPacked` key: both 32-bit halves, mixed so that every bit reaches the low ones. */
function packedHash(k: number): number {
  let h = Math.imul(k | 0, 0x9e3779b1) ^ Math.imul((k / 4294967296) | 0, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return h ^ (h >>> 15);
}

/** FNV-1a over bytes, as a 32-bit integer. */
function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return h ^ (h >>> 15);
}
