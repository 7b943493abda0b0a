/**
 * Character encodings of SIE 4 files. The standard mandates CP437 (`#FORMAT PC8`), but real
 * exports are also UTF-8 or ISO-8859-15 while still declaring PC8. The parser keeps every text
 * field as a binary string (one char per byte) and decodes at the end, once the whole file has
 * been seen and the encoding is known.
 */
import iconv from 'iconv-lite';

export type SieEncoding = 'cp437' | 'utf-8' | 'iso-8859-15';

function table(enc: string): string[] {
  const bytes = Buffer.alloc(256);
  for (let i = 0; i < 256; i++) bytes[i] = i;
  return Array.from(iconv.decode(bytes, enc));
}

let cp437: string[] | null = null;
let iso885915: string[] | null = null;

/** 256-entry decode table built once from iconv-lite. */
export function decodeTable(enc: 'cp437' | 'iso-8859-15'): string[] {
  if (enc === 'cp437') return (cp437 ??= table('cp437'));
  return (iso885915 ??= table('iso-8859-15'));
}

/** Swedish letters å ä ö Å Ä Ö é É ü Ü in ISO-8859-15 and in CP437. */
const ISO_LETTERS = [0xe5, 0xe4, 0xf6, 0xc5, 0xc4, 0xd6, 0xe9, 0xc9, 0xfc, 0xdc];
const CP437_LETTERS = [0x86, 0x84, 0x94, 0x8f, 0x8e, 0x99, 0x82, 0x90, 0x81, 0x9a];
const ISO_SCORE = new Int8Array(256);
const CP_SCORE = new Int8Array(256);
for (const b of ISO_LETTERS) ISO_SCORE[b] = 1;
for (const b of CP437_LETTERS) CP_SCORE[b] = 1;
// 0x80–0x9F are C1 control characters in ISO-8859-15: text never contains them.
for (let b = 0x80; b < 0xa0; b++) if (!CP_SCORE[b]) CP_SCORE[b] = 1;

/**
 * Scores the non-ASCII bytes it is fed (field by field; UTF-8 sequences never cross a field
 * boundary because separators are ASCII) and decides the encoding at the end.
 */
export class EncodingDetector {
  utf8Valid = 0;
  utf8Invalid = 0;
  /** U+FFFD replacement characters in valid UTF-8: letters lost before the file reached us. */
  replacementChars = 0;
  isoScore = 0;
  cpScore = 0;
  bom = false;

  feed(buf: Uint8Array, start: number, end: number): void {
    let i = start;
    while (i < end) {
      const b = buf[i]!;
      if (b < 0x80) {
        i++;
        continue;
      }
      this.isoScore += ISO_SCORE[b]!;
      this.cpScore += CP_SCORE[b]!;
      const n = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
      if (n < 0 || i + n >= end) {
        // lone continuation byte, invalid lead byte, or a sequence cut by the field end
        this.utf8Invalid++;
        i++;
        continue;
      }
      let ok = true;
      for (let k = 1; k <= n; k++) {
        const c = buf[i + k]!;
        if ((c & 0xc0) !== 0x80) {
          ok = false;
          break;
        }
      }
      if (ok) {
        if (n === 2 && b === 0xef && buf[i + 1] === 0xbf && buf[i + 2] === 0xbd) this.replacementChars++;
        this.utf8Valid++;
        // score the continuation bytes too (they are what a single-byte reading would see)
        for (let k = 1; k <= n; k++) {
          this.isoScore += ISO_SCORE[buf[i + k]!]!;
          this.cpScore += CP_SCORE[buf[i + k]!]!;
        }
        i += n + 1;
      } else {
        this.utf8Invalid++;
        i++;
      }
    }
  }

  result(): SieEncoding {
    if (this.bom) return 'utf-8';
    if (this.utf8Valid > 0 && this.utf8Invalid === 0) return 'utf-8';
    if (this.isoScore > this.cpScore) return 'iso-8859-15';
    return 'cp437';
  }
}

/** Detect the encoding of a whole byte array (convenience for tests and small inputs). */
export function detectEncoding(bytes: Uint8Array): SieEncoding {
  const d = new EncodingDetector();
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) d.bom = true;
  d.feed(bytes, 0, bytes.length);
  return d.result();
}

/** Decode a binary string (one char per byte, as the parser stores text) in the given encoding. */
export function decodeBinary(s: string, enc: SieEncoding): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return s;
  if (enc === 'utf-8') return Buffer.from(s, 'latin1').toString('utf8');
  const t = decodeTable(enc);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c < 0x80 ? s[i] : t[c]!;
  }
  return out;
}

/** The name of an encoding as shown to users. */
export function encodingLabel(enc: SieEncoding): string {
  return enc === 'cp437' ? 'CP437 (PC8)' : enc === 'utf-8' ? 'UTF-8' : 'ISO-8859-15';
}

// Text that went through two encodings on its way: UTF-8 read as CP437 ("F├╢rsystem") or as
// Latin-1/Windows-1252 ("FÃ¶rsystem"), CP437 read as Windows-1252 ("f”r"), Latin-1 read as
// CP437 ("f÷r"), and other symbols that only such accidents put between two letters ("fîr").
const UTF8_AS_CP437 = /[├┬][\u00a0-\u00ff\u0192\u0393-\u03c6\u2017-\u25a0]/;
const UTF8_AS_LATIN1 = /[ÃÂ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]/;
const BETWEEN_LETTERS = /[A-Za-zåäöÅÄÖ][îìïÆæ¢£¥ƒ÷±≈°·■αßΓπΣσµτΦΘΩδ∞φε∩≡≥≤⌠⌡√ⁿ²│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀”„†‡‰™Ž][a-zåäö]/;

/** Whether a decoded name looks like mojibake (see above); plain Swedish text never does. */
export function looksMisencoded(text: string): boolean {
  return UTF8_AS_CP437.test(text) || UTF8_AS_LATIN1.test(text) || BETWEEN_LETTERS.test(text);
}
