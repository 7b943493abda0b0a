import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { amountReason, parseAmountText, parseDate, parseYearMonth } from './values.ts';

const reason = (s: string): string => {
  expect(parseAmountText(s)).toBeNaN();
  return amountReason(s);
};

describe('amounts', () => {
  it('parses amounts into exact integer öre', () => {
    expect(parseAmountText('1234.56')).toBe(123456);
    expect(parseAmountText('-0.01')).toBe(-1);
    expect(parseAmountText('12.5')).toBe(1250);
    expect(parseAmountText('-4675')).toBe(-467500);
    expect(parseAmountText('0.00')).toBe(0);
    expect(Object.is(parseAmountText('-0.00'), 0)).toBe(true);
  });

  it('parses 0.1 + 0.2 style values without floating-point error', () => {
    expect(parseAmountText('0.10') + parseAmountText('0.20')).toBe(30);
    expect(parseAmountText('9999999999999.99')).toBe(999999999999999);
  });

  it('reads amounts without an integer part, as the spec allows and other programs write them', () => {
    expect(parseAmountText('.20')).toBe(20);
    expect(parseAmountText('-.5')).toBe(-50);
    expect(parseAmountText('.05')).toBe(5);
    expect(reason('.123')).toContain('fler än två decimaler');
  });

  it('rejects more than two decimals', () => {
    expect(reason('1.234')).toContain('fler än två decimaler');
  });

  it('rejects a decimal comma', () => {
    expect(reason('1,5')).toContain('decimaltecknet ska vara punkt');
  });

  it('rejects text, empty values, thousands separators and bare signs', () => {
    expect(reason('abc')).toContain('är inget belopp');
    expect(reason('')).toBe('belopp saknas');
    expect(reason('1 000')).toContain('är inget belopp');
    expect(reason('-')).toContain('är inget belopp');
    expect(reason('.')).toContain('är inget belopp');
    expect(reason('-.')).toContain('är inget belopp');
    expect(reason('5.')).toContain('är inget belopp');
    expect(reason('+5')).toContain('är inget belopp');
  });

  it('rejects amounts too large to sum exactly', () => {
    expect(reason('10000000000000.01')).toContain('orimligt stort');
    expect(reason('123456789012345')).toContain('orimligt stort');
  });

  it('parses every amount with at most two decimals back to the öre it was written from', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), fc.constantFrom(0, 1, 2), (ore, decimals) => {
        const a = Math.abs(ore);
        const kr = Math.floor(a / 100);
        const o = a % 100;
        // write with the requested decimals when exact, else two
        let text: string;
        if (decimals === 0 && o === 0) text = `${kr}`;
        else if (decimals === 1 && o % 10 === 0) text = `${kr}.${o / 10}`;
        else text = `${kr}.${String(o).padStart(2, '0')}`;
        if (ore < 0) text = '-' + text;
        expect(parseAmountText(text)).toBe(ore === 0 ? 0 : ore);
      }),
    );
  });
});

describe('dates and periods', () => {
  const d = (s: string): number => parseDate(Buffer.from(s), 0, s.length);
  const ym = (s: string): number => parseYearMonth(Buffer.from(s), 0, s.length);

  it('accepts valid YYYYMMDD dates including 29 February of leap years', () => {
    expect(d('20240229')).toBe(20240229);
    expect(d('20001231')).toBe(20001231);
  });

  it('rejects impossible dates and other formats', () => {
    for (const s of ['20230229', '19000229', '20241301', '20240431', '20240100', '2024-05-01', '180501', 'rappakalja', '']) expect(d(s)).toBe(-1);
  });

  it('accepts periods YYYYMM and rejects month 13 or other lengths', () => {
    expect(ym('202412')).toBe(202412);
    expect(ym('202413')).toBe(-1);
    expect(ym('1119')).toBe(-1);
    expect(ym('20241')).toBe(-1);
  });
});
