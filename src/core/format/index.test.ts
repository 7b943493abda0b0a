import { describe, expect, it } from 'vitest';
import { DEFAULT_PERCENT_RULE, formatInteger, formatValue, percentRuleProblem, printedPercent } from './index.ts';

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

describe('when a percentage is printed', () => {
  it('leaves it empty when the base prints as 0, whatever the exact ratio', () => {
    expect(printedPercent(-112282, -22, 0, 'ratio')).toBeNull();
    expect(printedPercent(null, 5, 0, 'ratio')).toBeNull();
    expect(printedPercent(0, 0, 0, 'change')).toBeNull();
  });

  it('leaves it empty beyond the limit of 999 % and prints up to it', () => {
    expect(DEFAULT_PERCENT_RULE.limit).toBe(999);
    expect(printedPercent(1778, -6224, -350, 'ratio')).toBeNull();
    expect(printedPercent(-14783, 887, -6, 'ratio')).toBeNull();
    expect(printedPercent(999, 999, 100, 'ratio')).toBe(999);
    expect(printedPercent(822, -7184, -874, 'ratio')).toBe(822);
    expect(printedPercent(-989.8, 8278, -836, 'change')).toBe(-989.8);
  });

  it('prints a percentage on a base that rounds to 0 when the rule says so, but never on an exact 0 base', () => {
    const rule = { limit: 1e7, emptyOnOppositeSigns: false, printOnBaseRoundingToZero: true };
    expect(printedPercent(477317.7, 1184, 0, 'change', rule)).toBe(477317.7);
    expect(printedPercent(-149.6, 0, 0, 'change', rule)).toBe(-149.6);
    expect(printedPercent(null, 0, 0, 'change', rule)).toBeNull();
  });

  it('takes the limit from the rule a template sets', () => {
    expect(printedPercent(822, -7184, -874, 'ratio', { limit: 500, emptyOnOppositeSigns: false })).toBeNull();
    expect(printedPercent(1778, -6224, -350, 'ratio', { limit: 5000, emptyOnOppositeSigns: false })).toBe(1778);
  });

  it('prints a ratio of opposite signs as the references do, unless the rule empties it; a change is never emptied for its sign', () => {
    expect(printedPercent(-9, 688, -7677, 'ratio')).toBe(-9);
    const strict = { limit: 999, emptyOnOppositeSigns: true };
    expect(printedPercent(-9, 688, -7677, 'ratio', strict)).toBeNull();
    expect(printedPercent(0, 0, -7677, 'ratio', strict)).toBe(0);
    expect(printedPercent(-9.3, 325, -3495, 'change', strict)).toBe(-9.3);
  });

  it('names what is wrong with a template percentages setting, unknown keys included', () => {
    expect(percentRuleProblem({ limit: 500, emptyOnOppositeSigns: true })).toBeNull();
    expect(percentRuleProblem({})).toBeNull();
    expect(percentRuleProblem({ limit: -1 })).toMatch(/limit/);
    expect(percentRuleProblem({ emptyOnOppositeSigns: 'ja' })).toMatch(/emptyOnOppositeSigns/);
    expect(percentRuleProblem({ limt: 500 })).toMatch(/okänd inställning percentages.limt/);
    expect(percentRuleProblem(999)).toMatch(/objekt/);
  });
});
