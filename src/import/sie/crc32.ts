/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, init and final xor 0xFFFFFFFF): the
 * same value as zlib's crc32, which SIE 4 uses for #KSUMMA. Node 20 has no zlib.crc32.
 */
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
