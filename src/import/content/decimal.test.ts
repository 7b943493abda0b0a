import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PrognosError } from '../../core/errors/index.ts';
import {
  compareDecimals,
  decimalFraction,
  decimalFromJsonNumber,
  decimalFromSpreadsheetNumber,
  isDecimal,
  parseDecimal,
  tryParseDecimal,
} from './decimal.ts';

describe('exact decimals', () => {
  it('parses Swedish and plain decimal text into the canonical form, keeping the decimals as written', () => {
    const cases: Array<[string, string]> = [
      ['4,4', '4.4'],
      ['4.40', '4.40'],
      ['−1,25', '-1.25'],
      ['+7', '7'],
      ['007', '7'],
      ['-0,0', '0.0'],
      ['1 234 567,891', '1234567.891'],
      ['153\u00a0317', '153317'],
      ['12\u202f345,5', '12345.5'],
      ['0,125', '0.125'],
      [' 78 ', '78'],
    ];
    for (const [text, expected] of cases) expect(parseDecimal(text), text).toBe(expected);
  });

  it('does not take text with misplaced separators or units for a number', () => {
    for (const text of ['', '-', '1.234,5', '1,234.5', '12 34', '2023, 2024', '5 mnkr', '93%', ',5', '1e3', '1 2345']) {
      expect(tryParseDecimal(text), text).toBeNull();
    }
  });

  it('names the field in the error for text that is not a number', () => {
    let thrown: unknown;
    try {
      parseDecimal('fem', { file: 'a.csv', line: 3, field: 'value' });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(PrognosError);
    expect((thrown as PrognosError).location).toEqual({ file: 'a.csv', line: 3, field: 'value' });
  });

  it('turns spreadsheet numbers into the decimal the user typed, without float noise', () => {
    expect(decimalFromSpreadsheetNumber(0.1 + 0.2)).toBe('0.3');
    expect(decimalFromSpreadsheetNumber(1.1 * 3)).toBe('3.3');
    expect(decimalFromSpreadsheetNumber(-0.0001)).toBe('-0.0001');
    expect(decimalFromSpreadsheetNumber(153317)).toBe('153317');
    expect(decimalFromSpreadsheetNumber(1e21)).toBe('1000000000000000000000');
    expect(decimalFromSpreadsheetNumber(-0)).toBe('0');
    expect(() => decimalFromSpreadsheetNumber(Number.NaN)).toThrow(PrognosError);
  });

  it('turns JSON numbers into their shortest exact decimal', () => {
    expect(decimalFromJsonNumber(12.3)).toBe('12.3');
    expect(decimalFromJsonNumber(1e-7)).toBe('0.0000001');
    expect(decimalFromJsonNumber(-2.5e-10)).toBe('-0.00000000025');
    expect(decimalFromJsonNumber(123456789012345680000)).toBe('123456789012345680000');
  });

  it('gives exact fractions and compares by value, whatever the scale', () => {
    expect(decimalFraction('-12.30')).toEqual({ num: -1230n, den: 100n });
    expect(compareDecimals('5.8', '5.80')).toBe(0);
    expect(compareDecimals('-0.1', '0')).toBe(-1);
    expect(compareDecimals('78', '77.999')).toBe(1);
    expect(isDecimal('5.8')).toBe(true);
    expect(isDecimal('-0')).toBe(false);
    expect(isDecimal('05')).toBe(false);
  });

  it('property: every decimal with up to 15 significant digits survives a spreadsheet cell and a JSON number', () => {
    const arb = fc.record({ digits: fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), scale: fc.integer({ min: 0, max: 10 }) });
    fc.assert(
      fc.property(arb, ({ digits, scale }) => {
        const abs = (digits < 0n ? -digits : digits).toString().padStart(scale + 1, '0');
        const text = `${digits < 0n ? '-' : ''}${abs.slice(0, abs.length - scale)}${scale > 0 ? '.' + abs.slice(abs.length - scale) : ''}`;
        // The canonical value without trailing zeros: a number cell or JSON number cannot carry them.
        const expected = parseDecimal(text).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
        const asNumber = Number(text);
        expect(decimalFromSpreadsheetNumber(asNumber)).toBe(expected === '-0' ? '0' : expected);
        expect(decimalFromJsonNumber(asNumber)).toBe(expected === '-0' ? '0' : expected);
        expect(compareDecimals(parseDecimal(text), expected === '-0' ? '0' : expected)).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });
});
