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

/** FNV-1a over bytes, as a 32-bit integer. */
function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return h ^ (h >>> 15);
}
