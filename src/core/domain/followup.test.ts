import { describe, expect, it } from 'vitest';
import { economyInBalanceStatus, indicatorStatus, type Indicator, type IndicatorValue } from './followup.ts';

const ind = (over: Partial<Indicator>): Indicator => ({ code: 'I1', name: 'HME', unit: '', goal: null, targetType: null, targetValue: null, source: '', ...over });
const val = (year: number, value: string, kind: 'actual' | 'forecast' = 'actual'): IndicatorValue => ({ code: 'I1', year, kind, breakdown: 'T', value });

describe('indicator status by rule', () => {
  it('meets a minimum target at or above the target value', () => {
    expect(indicatorStatus(ind({ targetType: 'min', targetValue: '78' }), [val(2024, '78')], 2024)).toBe('Uppfylls');
    expect(indicatorStatus(ind({ targetType: 'min', targetValue: '78' }), [val(2024, '77.9')], 2024)).toBe('Uppfylls ej');
  });

  it('meets a maximum target at or below the target value', () => {
    expect(indicatorStatus(ind({ targetType: 'max', targetValue: '5.5' }), [val(2024, '5.5')], 2024)).toBe('Uppfylls');
    expect(indicatorStatus(ind({ targetType: 'max', targetValue: '5.5' }), [val(2024, '6')], 2024)).toBe('Uppfylls ej');
  });

  it('compares with the previous year for the directions Öka and Minska, preferring this year’s forecast', () => {
    const values = [val(2023, '10'), val(2024, '9'), val(2024, '11', 'forecast')];
    expect(indicatorStatus(ind({ targetType: 'increase' }), values, 2024)).toBe('Uppfylls');
    expect(indicatorStatus(ind({ targetType: 'decrease' }), values, 2024)).toBe('Uppfylls ej');
  });

  it('gives no status without a value for the year or without a target', () => {
    expect(indicatorStatus(ind({ targetType: 'min', targetValue: '1' }), [val(2023, '5')], 2024)).toBeNull();
    expect(indicatorStatus(ind({}), [val(2024, '5')], 2024)).toBeNull();
    expect(indicatorStatus(ind({ targetType: 'increase' }), [val(2024, '5')], 2024)).toBeNull();
  });
});

describe('ekonomi i balans', () => {
  it('is not met when the forecast variance is below −1 % of the budget (003 Bilaga 2: −49 mnkr of −875 mnkr)', () => {
    expect(economyInBalanceStatus(-48_999n, -875_382n)).toBe('Uppfylls ej');
  });

  it('is met at exactly −1 % and above', () => {
    expect(economyInBalanceStatus(-1_000n, -100_000n)).toBe('Uppfylls');
    expect(economyInBalanceStatus(-1_001n, -100_000n)).toBe('Uppfylls ej');
    expect(economyInBalanceStatus(500n, -100_000n)).toBe('Uppfylls');
  });

  it('gives no status for a zero budget', () => {
    expect(economyInBalanceStatus(-5n, 0n)).toBeNull();
  });
});
