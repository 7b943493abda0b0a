import { describe, expect, it } from 'vitest';
import { formatInteger, formatValue } from './index.ts';

const NBSP = '\u00a0';

describe('Swedish number format', () => {
  it('groups thousands with a no-break space and uses a hyphen-minus', () => {
    expect(formatInteger(-12417)).toBe(`-12${NBSP}417`);
    expect(formatInteger(1456351)).toBe(`1${NBSP}456${NBSP}351`);
    expect(formatInteger(999)).toBe('999');
    expect(formatInteger(-1000)).toBe(`-1${NBSP}000`);
  });

  it('prints whole percentages with % directly after the number', () => {
    expect(formatValue(93, 'percent')).toBe('93%');
    expect(formatValue(-9, 'percent')).toBe('-9%');
    expect(formatValue(822, 'percent')).toBe('822%');
  });

  it('prints one-decimal changes with a decimal comma', () => {
    expect(formatValue(-9.3, 'percent1')).toBe('-9,3');
    expect(formatValue(5902.3, 'percent1')).toBe(`5${NBSP}902,3`);
    expect(formatValue(29.5, 'percent1')).toBe('29,5');
  });

  it('prints an empty value as an empty string, never an error text or NaN', () => {
    expect(formatValue(null, 'percent')).toBe('');
    expect(formatValue(Number.NaN, 'amount')).toBe('');
    expect(formatValue(Number.POSITIVE_INFINITY, 'percent1')).toBe('');
  });

  it('prints zero without a sign', () => {
    expect(formatInteger(-0)).toBe('0');
    expect(formatValue(-0.04, 'percent1')).toBe('0,0');
  });
});
