/**
 * #KSUMMA, the optional checksum of a SIE file: an opening #KSUMMA without a value starts a CRC-32
 * over every following record's fields, the closing #KSUMMA carries the sum (over CP437 character
 * values, whichever encoding the file turns out to have).
 */
import { SieChecksum } from './crc32.ts';
import type { SieEncoding } from './encoding.ts';
import { F_LIST, type Tokenizer } from './tokenizer.ts';

export class KsummaCheck {
  private state: 'none' | 'running' | 'verified' = 'none';
  private readonly checksum = new SieChecksum();

  /** Between the opening and the closing #KSUMMA: records are summed. */
  get running(): boolean {
    return this.state === 'running';
  }

  get verified(): boolean {
    return this.state === 'verified';
  }

  /** Adds a tokenized record's fields to the sum (no separators, quotes or braces). */
  add(t: Tokenizer): void {
    const c = this.checksum;
    for (let f = 0; f < t.count; f++) {
      if (t.kind[f] === F_LIST) {
        const first = t.start[f]!;
        const last = first + t.end[f]!;
        for (let el = first; el < last; el++) c.update(t.elemBuf(el), t.elemStart[el]!, t.elemEnd[el]!);
      } else c.update(t.fieldBuf(f), t.start[f]!, t.end[f]!);
    }
  }

  /** A #KSUMMA record with its value (null: none): what is wrong with it, or null. */
  record(value: string | null, encoding: SieEncoding): { reason: string; field?: number } | null {
    if (this.state === 'none') {
      if (value !== null) return { reason: '#KSUMMA med kontrollsumma saknar en inledande #KSUMMA utan värde', field: 1 };
      this.state = 'running';
      this.checksum.reset();
      return null;
    }
    if (this.state === 'verified') return { reason: '#KSUMMA förekommer fler än två gånger' };
    if (value === null) return { reason: 'kontrollsumma saknas i den avslutande #KSUMMA', field: 1 };
    if (!/^\d{1,10}$/.test(value)) return { reason: `"${value}" är ingen kontrollsumma (ett heltal)`, field: 1 };
    const expected = Number(value);
    const actual = this.checksum.value(encoding);
    if (!this.checksum.matches(expected)) {
      return { reason: `kontrollsumman stämmer inte: filen anger ${expected} men innehållet ger ${actual} (filen har ändrats eller skadats)`, field: 1 };
    }
    this.state = 'verified';
    return null;
  }
}
