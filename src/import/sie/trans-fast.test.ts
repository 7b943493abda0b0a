/**
 * The one-pass #TRANS reader must give exactly what the general path gives: the same rows,
 * counts, warnings and encoding, or the same error. Random #TRANS lines mixing the common
 * shape with every irregularity the reader hands over to the general path.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PrognosError } from '../../core/errors/index.ts';
import { parseSie } from './index.ts';
import { transFastPath } from './trans-fast.ts';
import { parseAmountText } from './values.ts';
import { HEADER, sorted } from '../../../test/support/sie.ts';

const sep = fc.constantFrom(' ', ' ', ' ', '\t', '  ', ' \t');
const code = fc.oneof(
  fc.constantFrom('A0001', 'A0002', '100', 'P1', 'Ö1', 'ÅÄÖÉ', 'A0001234', 'X', '1'),
  fc.stringMatching(/^[A-Z0-9]{1,9}$/),
);
const codeField = fc.oneof(
  { arbitrary: code.map((c) => `"${c}"`), weight: 6 },
  { arbitrary: code, weight: 2 },
  { arbitrary: fc.constantFrom('""', '"a\\"b"', '"a\\" b"', '"a\\"}', '"a b"', '"A0001"x', 'a"b', '"unterminated'), weight: 1 },
);
const dim = fc.oneof({ arbitrary: fc.constantFrom('1', '6', '2', '7'), weight: 8 }, { arbitrary: fc.constantFrom('01', '10', '123', '-1', 'x', '"1"'), weight: 1 });
const objectList = fc.oneof(
  { arbitrary: fc.array(fc.tuple(dim, sep, codeField), { maxLength: 4 }).map((pairs) => `{${pairs.map(([d, s, c]) => `${d}${s}${c}`).join(' ')}}`), weight: 8 },
  { arbitrary: fc.constantFrom('{}', '{ }', '{1}', '{1 "A0001"', '{1 {2 "x"}}', '{1 "A0001"}{6 "P1"}', '{1  "A0001"  6 "P1" }'), weight: 1 },
);
const amount = fc.oneof(
  { arbitrary: fc.integer({ min: -99_999_999, max: 99_999_999 }).map((o) => `${o < 0 ? '-' : ''}${Math.floor(Math.abs(o) / 100)}.${String(Math.abs(o) % 100).padStart(2, '0')}`), weight: 8 },
  { arbitrary: fc.integer({ min: -9999, max: 9999 }).map(String), weight: 2 },
  { arbitrary: fc.constantFrom('1.5', '-0.00', '0', '.20', '-.5', '1,50', '1.234', '1.', '-', '+5', '"10.00"', '99999999999999', '999999999999999', '10000000000000.00', '1e3', '12.5x'), weight: 1 },
);
const date = fc.oneof(
  { arbitrary: fc.constantFrom('20240105', '20240229', '""'), weight: 4 },
  { arbitrary: fc.constantFrom('20230229', '20241301', '20240100', '2024010', '202401051', '"20240105"', '{}', 'x', '20240105"t"'), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 12 }).map((m) => `2024${String(m).padStart(2, '0')}15`), weight: 4 },
);
const rest = fc.oneof(
  { arbitrary: fc.constantFrom('', ' "Leverantörsfaktura"', ' "text" 1.00 sign', ' "" 0'), weight: 6 },
  { arbitrary: fc.constantFrom(' "a" 1 s extra', ' "a" 1 s "e" f', ' "open', ' "x\\"y" 2', ' {1 "A"}'), weight: 1 },
);
const eol = fc.constantFrom('', '', '\r', ' ', '\t\r');
const trans = fc
  .tuple(fc.constantFrom('', '\t', '  '), fc.oneof({ arbitrary: fc.constantFrom('1930', '3010', '4010', '12345678901', '0'), weight: 8 }, { arbitrary: fc.constantFrom('40a0', '"4010"'), weight: 1 }), objectList, amount, fc.option(date), rest, eol, fc.oneof({ arbitrary: fc.constant(false), weight: 10 }, { arbitrary: fc.constant(true), weight: 1 }), fc.array(sep, { minLength: 5, maxLength: 5 }))
  .map(([indent, acc, list, amt, d, tail, end, noList, s]) => ({
    amount: parseAmountText(amt),
    line:
      d === null
        ? `${indent}#TRANS${s[0]}${acc}${s[1]}${noList ? '' : list + s[2]}${amt}${end}`
        : `${indent}#TRANS${s[0]}${acc}${s[1]}${noList ? '' : list + s[2]}${amt}${s[3]}${d}${tail}${end}`,
  }));

function run(bytes: Uint8Array, fast: boolean, options: { activityDim?: number | null; projectDim?: number | null }): unknown {
  transFastPath.enabled = fast;
  try {
    const r = parseSie([bytes], { fileName: 'fast.se', unitDim: 1, ...options });
    return { ...r, rows: sorted(r.rows) };
  } catch (e) {
    if (!(e instanceof PrognosError)) throw e;
    return { error: e.message, code: e.code };
  } finally {
    transFastPath.enabled = true;
  }
}

describe('one-pass #TRANS reader', () => {
  it('gives what the general path gives, rows or error', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(trans, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom<[number | null, number | null]>([null, 6], [2, 6], [7, null], [null, null]),
        fc.constantFrom('cp437', 'utf-8'),
        (vouchers, [activityDim, projectDim], enc) => {
          const lines = [...HEADER];
          vouchers.forEach((rows, v) => {
            // balanced (when the amounts parse), so that rows, not the balance error, are compared
            const sum = rows.reduce((a, r) => a + (r.amount === r.amount ? r.amount : 0), 0);
            const bal = `${sum > 0 ? '-' : ''}${Math.floor(Math.abs(sum) / 100)}.${String(Math.abs(sum) % 100).padStart(2, '0')}`;
            lines.push(`#VER A ${v + 1} 20240110 "v"`, '{', ...rows.map((r) => r.line), `#TRANS 2999 {} ${bal}`, '}');
          });
          const bytes = enc === 'utf-8' ? Buffer.from(lines.join('\n') + '\n', 'utf8') : Buffer.from(lines.join('\n') + '\n', 'latin1');
          const opts = { activityDim, projectDim };
          expect(run(bytes, true, opts)).toEqual(run(bytes, false, opts));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('takes the common shape and books it like the general path', () => {
    const lines = [...HEADER, '#VER A 1 20240110 "v"', '{', '\t#TRANS 4010 {1 "A0001" 6 "P1"} 100.50 20240305 "text" 1 sign', '#TRANS 1930 {} -100.50 ""', '}'];
    const bytes = Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
    const fast = run(bytes, true, {}) as { rows: unknown[]; counts: Record<string, number> };
    expect(fast).toEqual(run(bytes, false, {}));
    expect(fast.rows).toHaveLength(2);
    expect(fast.counts.extraFields).toBe(0);
  });
});
