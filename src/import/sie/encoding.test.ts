import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { crc32 } from './crc32.ts';
import { decodeBinary, decodeTable, detectEncoding } from './encoding.ts';

const word = 'Räkenskapsår Övriga kostnader för lönsamhet';

describe('encoding detection', () => {
  it('detects CP437 from its Swedish letters', () => {
    expect(detectEncoding(iconv.encode(word, 'cp437'))).toBe('cp437');
  });

  it('detects ISO-8859-15 from its Swedish letters', () => {
    expect(detectEncoding(iconv.encode(word, 'iso-8859-15'))).toBe('iso-8859-15');
  });

  it('detects UTF-8 from valid multi-byte sequences', () => {
    expect(detectEncoding(Buffer.from(word, 'utf8'))).toBe('utf-8');
  });

  it('detects UTF-8 from a BOM even for pure ASCII', () => {
    expect(detectEncoding(Buffer.from('\ufeff#FLAGGA 0', 'utf8'))).toBe('utf-8');
  });

  it('treats pure ASCII as the declared CP437', () => {
    expect(detectEncoding(Buffer.from('#FLAGGA 0\n#KONTO 1930 "Bank"'))).toBe('cp437');
  });

  it('does not take a CP437 text that contains an invalid UTF-8 sequence for UTF-8', () => {
    // "Ä" in CP437 is 0x8E: a lone continuation byte in UTF-8
    expect(detectEncoding(new Uint8Array([0x41, 0x8e, 0x42]))).toBe('cp437');
  });

  it('decodes binary strings through tables built from iconv-lite', () => {
    expect(decodeTable('cp437')[0x8e]).toBe('Ä');
    expect(decodeTable('iso-8859-15')[0xa4]).toBe('€');
    expect(decodeBinary(iconv.encode(word, 'cp437').toString('latin1'), 'cp437')).toBe(word);
    expect(decodeBinary(Buffer.from(word, 'utf8').toString('latin1'), 'utf-8')).toBe(word);
  });
});

describe('CRC-32', () => {
  it('matches the standard check value for "123456789"', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('is 0 for no bytes and unsigned for values above 2^31', () => {
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(Buffer.from('#KONTO1930Bank'))).toBeGreaterThan(0);
    expect(crc32(Buffer.from('abc'))).toBe(891568578);
  });
});
