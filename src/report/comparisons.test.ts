import { describe, expect, it } from 'vitest';
import { againstClosingText, againstForecastText, fillComparisons, mnkrText, sinceText } from './comparisons.ts';

describe('comparison facts between rounds', () => {
  it('rounds the exact difference once, to a tenth of a mnkr, half away from zero', () => {
    expect(mnkrText(1_525_000_000n)).toBe('15,3');
    expect(mnkrText(1_524_999_999n)).toBe('15,2');
    expect(mnkrText(-1_525_000_000n)).toBe('15,3');
  });

  it('chooses the sign word from the sign of the difference: less net cost is an improvement', () => {
    expect(sinceText(10_000_000_000n, 11_530_000_000n, 'P1')).toBe('förbättring 15,3 mnkr sedan prognos 1');
    expect(sinceText(11_530_000_000n, 10_000_000_000n, 'P2')).toBe('försämring 15,3 mnkr sedan prognos 2');
    expect(sinceText(5n, 5n, 'P1')).toBe('oförändrat sedan prognos 1');
    expect(againstForecastText(0n, 2_500_000_000n, 'P2')).toBe('25,0 mnkr bättre än prognos 2');
    expect(againstForecastText(2_500_000_000n, 0n, 'P2')).toBe('25,0 mnkr sämre än prognos 2');
    expect(againstClosingText(400_000_000n, 0n, 2020)).toBe('försämring 4,0 mnkr mot bokslut 2020');
  });

  it('replaces only the tokens it resolved and leaves other text as typed', () => {
    const facts = new Map([['{jämförelse:P1}', 'förbättring 1,0 mnkr sedan prognos 1']]);
    expect(fillComparisons('Resultatet: {jämförelse:P1}. {annat}', facts)).toBe('Resultatet: förbättring 1,0 mnkr sedan prognos 1. {annat}');
  });
});
