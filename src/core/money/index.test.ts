import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { divRoundHalfAwayFromZero, parseKronor, percent, toUnit, exact } from './index.ts';
import { PrognosError } from '../errors/index.ts';

describe('parseKronor', () => {
  it('parses kronor with two decimals into exact öre', () => {
    expect(parseKronor('1234.56')).toBe(123456);
    expect(parseKronor('-0.01')).toBe(-1);
    expect(parseKronor('12,5')).toBe(1250);
  });

  it('accepts the Unicode minus sign and space, no-break space and narrow no-break space as thousands separators', () => {
    expect(parseKronor('\u22121 234 567,89')).toBe(-123456789);
    expect(parseKronor('1\u00a0234\u202f567')).toBe(123456700);
  });

  it('rejects more than two decimals, letters and empty text with a PrognosError naming the place', () => {
    for (const bad of ['1.234', 'abc', '', '1e5', '--1']) {
      expect(() => parseKronor(bad, { file: 'a.csv', line: 3, field: 'amount' })).toThrow(PrognosError);
    }
    try {
      parseKronor('1.234', { file: 'a.csv', line: 3, field: 'amount' });
    } catch (e) {
      expect((e as PrognosError).message).toMatch(/^a\.csv, rad 3, fält amount: /);
    }
  });

  it('round-trips every öre amount written with a dot or a comma (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.boolean(), (ore, comma) => {
        const abs = Math.abs(ore);
        const text = `${ore < 0 ? '-' : ''}${Math.trunc(abs / 100)}${comma ? ',' : '.'}${String(abs % 100).padStart(2, '0')}`;
        return parseKronor(text) === ore;
      }),
    );
  });
});

describe('rounding half away from zero', () => {
  it('rounds exactly half a unit away from zero in both directions', () => {
    expect(divRoundHalfAwayFromZero(5n, 10n)).toBe(1n);
    expect(divRoundHalfAwayFromZero(-5n, 10n)).toBe(-1n);
    expect(divRoundHalfAwayFromZero(15n, 10n)).toBe(2n);
    expect(divRoundHalfAwayFromZero(-15n, 10n)).toBe(-2n);
    expect(divRoundHalfAwayFromZero(4n, 10n)).toBe(0n);
    expect(divRoundHalfAwayFromZero(-4n, 10n)).toBe(0n);
  });

  it('rounds 0,5 tkr (50 000 öre) up to 1 tkr and −0,5 tkr down to −1 tkr', () => {
    expect(toUnit(exact(50_000))).toBe(1);
    expect(toUnit(exact(-50_000))).toBe(-1);
    expect(toUnit(exact(49_999))).toBe(0);
    expect(toUnit(exact(-49_999))).toBe(0);
    expect(toUnit(exact(149_999_950_000))).toBe(1_500_000);
  });

  it('rounds mnkr to one decimal from the exact amount', () => {
    expect(toUnit(exact(-1_241_000_000), 'mnkr')).toBe(-12.4);
    expect(toUnit(exact(-1_245_000_000), 'mnkr')).toBe(-12.5);
    expect(toUnit(exact(560_000_000), 'mnkr')).toBe(5.6);
  });

  it('rounds a fraction with a denominator (periodised budget) exactly', () => {
    // 3/12 of 200 000 öre = 50 000 öre = exactly 0,5 tkr
    expect(toUnit({ num: 200_000n * 3n, den: 12n })).toBe(1);
    expect(toUnit({ num: -200_000n * 3n, den: 12n })).toBe(-1);
  });
});

describe('percent', () => {
  it('gives null for a zero base instead of an error string', () => {
    expect(percent(exact(100), exact(0))).toBeNull();
  });

  it('uses the signed denominator: a negative base flips the sign as in the reference reports', () => {
    // 003-05 KAS: 688 / −7 677 → −9 %
    expect(percent(exact(688), exact(-7677))).toBe(-9);
    // 001-01 KLC change: (−3 170 − −3 495) / −3 495 → −9,3
    expect(percent(exact(-3170 + 3495), exact(-3495), 1)).toBe(-9.3);
  });

  it('rounds exactly half a percent away from zero', () => {
    expect(percent(exact(1), exact(200))).toBe(1); // 0,5 %
    expect(percent(exact(-1), exact(200))).toBe(-1);
    expect(percent(exact(1), exact(2000), 1)).toBe(0.1); // 0,05 %
  });
});
