/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, init and final xor 0xFFFFFFFF): the
 * same value as zlib's crc32, which SIE 4 uses for #KSUMMA. Node 20 has no zlib.crc32.
 */
import { decodeTable, type SieEncoding } from './encoding.ts';

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/**
 * Continue a CRC over `bytes[start, end)`. `state` is the running register (start with
 * CRC_INIT); finish with `crcFinal`.
 */
export function crcUpdate(state: number, bytes: Uint8Array, start: number, end: number): number {
  let c = state;
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c;
}

export const CRC_INIT = 0xffffffff | 0;

/** The finished CRC as an unsigned 32-bit integer. */
export function crcFinal(state: number): number {
  return (state ^ 0xffffffff) >>> 0;
}

/** CRC-32 of a whole byte array, unsigned. */
export function crc32(bytes: Uint8Array): number {
  return crcFinal(crcUpdate(CRC_INIT, bytes, 0, bytes.length));
}

/** CP437 byte of each ISO-8859-15 byte ('?' where CP437 has no such character). */
let isoToCp437: Uint8Array | null = null;
/** CP437 byte of each Unicode code point CP437 can write. */
let unicodeToCp437: Map<number, number> | null = null;

function tables(): { iso: Uint8Array; uni: Map<number, number> } {
  if (!isoToCp437 || !unicodeToCp437) {
    const cp = decodeTable('cp437');
    const uni = new Map<number, number>();
    for (let b = 0; b < 256; b++) uni.set(cp[b]!.codePointAt(0)!, b);
    const iso = new Uint8Array(256);
    const isoChars = decodeTable('iso-8859-15');
    for (let b = 0; b < 256; b++) iso[b] = b < 0x80 ? b : (uni.get(isoChars[b]!.codePointAt(0)!) ?? 0x3f);
    isoToCp437 = iso;
    unicodeToCp437 = uni;
  }
  return { iso: isoToCp437, uni: unicodeToCp437 };
}

/**
 * The #KSUMMA register of a file, kept for each encoding it may turn out to have: the SIE 4B
 * spec computes the CRC over the CP437 character values, so a UTF-8 or ISO-8859-15 file is
 * checked over its characters as CP437 would write them, not over its own bytes.
 */
export class SieChecksum {
  cp437 = CRC_INIT;
  utf8 = CRC_INIT;
  iso = CRC_INIT;

  reset(): void {
    this.cp437 = this.utf8 = this.iso = CRC_INIT;
  }

  update(bytes: Uint8Array, start: number, end: number): void {
    let high = false;
    for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) high = true;
    this.cp437 = crcUpdate(this.cp437, bytes, start, end);
    if (!high) {
      this.utf8 = crcUpdate(this.utf8, bytes, start, end);
      this.iso = crcUpdate(this.iso, bytes, start, end);
      return;
    }
    const { iso, uni } = tables();
    let u = this.utf8;
    let s = this.iso;
    const one = new Uint8Array(1);
    const put = (c: number, b: number): number => {
      one[0] = b;
      return crcUpdate(c, one, 0, 1);
    };
    for (let i = start; i < end; i++) s = put(s, iso[bytes[i]!]!);
    for (let i = start; i < end; ) {
      const b = bytes[i]!;
      const n = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
      if (b < 0x80 || n === 0 || i + n >= end) {
        u = put(u, b < 0x80 ? b : 0x3f);
        i++;
        continue;
      }
      let cp = b & (0x3f >> n);
      for (let k = 1; k <= n; k++) cp = (cp << 6) | (bytes[i + k]! & 0x3f);
      u = put(u, uni.get(cp) ?? 0x3f);
      i += n + 1;
    }
    this.utf8 = u;
    this.iso = s;
  }

  /** The finished checksum for the encoding, and whether `expected` matches any reading. */
  value(encoding: SieEncoding): number {
    return crcFinal(encoding === 'utf-8' ? this.utf8 : encoding === 'iso-8859-15' ? this.iso : this.cp437);
  }

  matches(expected: number): boolean {
    return expected === crcFinal(this.cp437) || expected === crcFinal(this.utf8) || expected === crcFinal(this.iso);
  }
}
