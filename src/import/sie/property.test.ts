import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PrognosError } from '../../core/errors/index.ts';
import { parseSie, type SieResult } from './index.ts';
import { HEADER, sieBytes, sorted } from '../../../test/support/sie.ts';

/** Parse; return the result or the PrognosError, and fail on anything else. */
function attempt(chunks: Uint8Array[]): SieResult | PrognosError {
  try {
    return parseSie(chunks, { fileName: 'fuzz.se' });
  } catch (e) {
    if (!(e instanceof PrognosError)) throw new Error(`not a PrognosError: ${String(e)}`);
    if (e.code !== 'BAD_INPUT' && e.code !== 'UNSUPPORTED') throw new Error(`unexpected code ${e.code}: ${e.message}`);
    return e;
  }
}

/** Split bytes into chunks at the given cut points. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}

const sample = sieBytes([
  ...HEADER,
  '#KSUMMA',
  '#KONTO 4010 "Material och varor"',
  '#DIM 1 "Ansvar"',
  '#OBJEKT 1 "ÖKA" "Kommunstyrelsen"',
  '#PSALDO -1 202301 4010 {} 100.00',
  '#PSALDO -1 202301 4010 {1 "ÖKA"} 40.00',
  '#PBUDGET 0 202401 4010 {1 "ÖKA"} 90.00',
  '#RES -1 4010 100.00',
  '#VER A 1 20240105 "Faktura \\"1\\""',
  '{',
  '\t#TRANS 4010 {1 "ÖKA" 6 "P1"} 1234.50 20240105 "rad"',
  '\t#RTRANS 2440 {} -1234.50',
  '\t#TRANS 2440 {} -1234.50',
  '}',
  '#KSUMMA 1',
]);

describe('robustness', () => {
  it('throws nothing but a PrognosError on random bytes, and terminates', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(), { maxLength: 4 }), (bytes, cuts) => {
        attempt(split(bytes, cuts));
      }),
      { numRuns: 2000 },
    );
  });

  it('throws nothing but a PrognosError on random lines built from SIE tokens', () => {
    const token = fc.constantFrom('#VER', '#TRANS', '#PSALDO', '#KSUMMA', '#RAR', '#KONTO', '#OBJEKT', '#RES', '{', '}', '{}', '{1', '"', '\\"', '0', '-1', '202401', '20240101', '1.00', '-1.00', '4010', 'A', ' ', '\t', '\r', 'Ö');
    const line = fc.array(token, { maxLength: 8 }).map((t) => t.join(' '));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 3 }), (lines, cuts) => {
        attempt(split(sieBytes(lines), cuts));
      }),
      { numRuns: 1000 },
    );
  });

  it('throws nothing but a PrognosError on a valid file with bytes flipped, inserted or cut off', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete')), { minLength: 1, maxLength: 5 }),
        fc.nat(),
        (edits, cutAt) => {
          let b = Array.from(sample);
          for (const [pos, val, op] of edits) {
            const p = pos % (b.length + 1);
            if (op === 'set' && p < b.length) b[p] = val;
            else if (op === 'insert') b.splice(p, 0, val);
            else b.splice(p, 1);
          }
          b = b.slice(0, Math.max(0, b.length - (cutAt % 50)));
          attempt([new Uint8Array(b)]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('gives the same result however the input is split into chunks', () => {
    const whole = attempt([sample]);
    expect(whole).toBeInstanceOf(PrognosError); // the sample's closing checksum is deliberately wrong
    const valid = sieBytes([...HEADER, '#OBJEKT 1 "ÖKA" "Ks"', '#VER A 1 20240105 "x"', '{', '#TRANS 4010 {1 "ÖKA"} 1.50', '#TRANS 2440 {} -1.50', '}']);
    const ref = parseSie([valid], { fileName: 'fuzz.se' });
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (cuts) => {
        const r = parseSie(split(valid, cuts), { fileName: 'fuzz.se' });
        expect(r).toEqual(ref);
        const e = attempt(split(sample, cuts));
        expect(e).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});

describe('generated vouchers', () => {
  const units = ['', 'A', 'B', 'ÖKA'];
  const accounts = ['1930', '2440', '4010', '5010', '61000'];
  const trans = fc.record({
    unit: fc.constantFrom(...units),
    account: fc.constantFrom(...accounts),
    ore: fc.integer({ min: -10_000_000, max: 10_000_000 }),
    month: fc.integer({ min: 1, max: 12 }),
  });
  const voucherArb = fc.array(trans, { minLength: 1, maxLength: 6 });

  const amount = (ore: number): string => `${ore < 0 ? '-' : ''}${Math.floor(Math.abs(ore) / 100)}.${String(Math.abs(ore) % 100).padStart(2, '0')}`;

  it('imports balanced vouchers with totals per unit, account and month equal to the generated amounts', () => {
    fc.assert(
      fc.property(fc.array(voucherArb, { minLength: 1, maxLength: 20 }), fc.boolean(), (vouchers, tabs) => {
        const lines = [...HEADER, '#DIM 1 "Ansvar"'];
        const expected = new Map<string, number>();
        const add = (unit: string, account: string, month: number, ore: number): void => {
          const k = `${unit}|${account}|${month}`;
          expected.set(k, (expected.get(k) ?? 0) + ore);
        };
        vouchers.forEach((v, i) => {
          const date = `2024${String(v[0]!.month).padStart(2, '0')}15`;
          lines.push(`#VER A ${i + 1} ${date} "Ver ${i + 1}"`, '{');
          let sum = 0;
          for (const t of v) {
            const d = `2024${String(t.month).padStart(2, '0')}10`;
            const list = t.unit === '' ? '{}' : `{1 "${t.unit}"}`;
            lines.push(`${tabs ? '\t' : ''}#TRANS ${t.account}${tabs ? '\t' : ' '}${list} ${amount(t.ore)} ${d} "text"`);
            add(t.unit, t.account, t.month, t.ore);
            sum += t.ore;
          }
          // balancing row on the voucher date
          lines.push(`#TRANS 1930 {} ${amount(-sum)}`);
          add('', '1930', v[0]!.month, -sum);
          lines.push('}');
        });
        const r = parseSie([sieBytes(lines)], { fileName: 'gen.se' });
        const got = new Map(sorted(r.rows).map((x) => [`${x.unit}|${x.account}|${x.period}`, x.amountOre]));
        for (const [k, v] of expected) if (v === 0) expected.delete(k);
        expect(got).toEqual(expected);
        expect(r.rows.every((x) => x.year === 2024 && x.scenario === 'actual')).toBe(true);
        expect(r.counts.VER).toBe(vouchers.length);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects any voucher that is off by at least one öre', () => {
    fc.assert(
      fc.property(voucherArb, fc.integer({ min: 1, max: 1000 }).chain((n) => fc.constantFrom(n, -n)), (v, off) => {
        const sum = v.reduce((s, t) => s + t.ore, 0);
        const lines = [...HEADER, '#VER A 1 20240101 ""', '{', ...v.map((t) => `#TRANS ${t.account} {} ${amount(t.ore)}`), `#TRANS 1930 {} ${amount(-sum + off)}`, '}'];
        const e = attempt([sieBytes(lines)]);
        expect(e).toBeInstanceOf(PrognosError);
        expect((e as PrognosError).reason).toContain('balanserar inte');
      }),
      { numRuns: 200 },
    );
  });
});
