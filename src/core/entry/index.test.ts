import { describe, expect, it } from 'vitest';
import { entryQuestions, parseAmountTkr, type CellContext } from './index.ts';

const ore = (text: string) => {
  const r = parseAmountTkr(text);
  if (!r.ok) throw new Error(r.message);
  return r.ore;
};

describe('reading an amount typed in tkr', () => {
  it('reads Swedish amounts: space-grouped thousands, a decimal comma, any minus sign', () => {
    expect(ore('12 500')).toBe(1_250_000_000n);
    expect(ore('12500')).toBe(1_250_000_000n);
    expect(ore('-1 234,5')).toBe(-123_450_000n);
    expect(ore('−45 000')).toBe(-4_500_000_000n);
    expect(ore('1\u00a0234\u202f567')).toBe(123_456_700_000n);
    expect(ore('+350,5')).toBe(35_050_000n);
    expect(ore('12,5')).toBe(1_250_000n);
    expect(ore('0,001')).toBe(100n);
    expect(ore('+0.001')).toBe(100n);
  });

  it('reads an empty field as not entered, never as 0', () => {
    expect(ore('')).toBeNull();
    expect(ore('   ')).toBeNull();
    expect(ore('0')).toBe(0n);
  });

  it('asks back "12.500" (12 500 or 12,5?) instead of saving 12,5 tkr', () => {
    const r = parseAmountTkr('12.500');
    expect(r).toMatchObject({ ok: false, reason: 'ambiguous' });
    expect(r.ok ? '' : r.message).toBe('Menar du 12 500 tkr eller 12,5 tkr? Skriv 12 500 eller 12,5 — en punkt kan betyda båda.');
    expect(parseAmountTkr('-1.234')).toMatchObject({ ok: false, reason: 'ambiguous' });
  });

  it('reads dots only where they mean one thing: groups in "-1.234.567" and "1.234,5", decimals in "12.5"', () => {
    expect(ore('-1.234.567')).toBe(-123_456_700_000n);
    expect(ore('1.234,5')).toBe(123_450_000n);
    expect(ore('12.5')).toBe(1_250_000n);
    expect(ore('12.25')).toBe(1_225_000n);
  });

  it('refuses what is no amount, in Swedish, with an example', () => {
    for (const t of ['12 50', 'tolv', '1,2,3', '12-', '1e5', '12 500.5']) {
      const r = parseAmountTkr(t);
      expect(r, t).toMatchObject({ ok: false, reason: 'invalid' });
      expect(r.ok ? '' : r.message).toContain('till exempel -12 500 eller 350,5');
    }
    expect(parseAmountTkr('123456789012')).toMatchObject({ ok: false, message: expect.stringContaining('för stort') });
    expect(parseAmountTkr('1,1234')).toMatchObject({ ok: false, message: expect.stringContaining('decimaler') });
  });
});

describe('the questions before a forecast is saved', () => {
  // Personnel costs: budget 17 000 tkr, 6 000 tkr booked so far, 16 000 tkr last year (ledger sign: cost positive).
  const staff = (forecastOre: bigint, extra: Partial<CellContext> = {}): CellContext => ({
    forecastOre,
    budgetOre: 1_700_000_000n,
    actualToDateOre: 600_000_000n,
    lastYearClosingOre: 1_600_000_000n,
    plausibilityMultiple: 3,
    shown: (x) => String(-x / 100_000n),
    ...extra,
  });

  it('asks about a cost typed with the sign of an income (+45 000 on personnel in a net-sign round)', () => {
    const q = entryQuestions(staff(-4_500_000_000n));
    expect(q.map((x) => x.kind)).toEqual(['sign']);
    expect(q[0]!.message).toBe('prognosen 45000 tkr har motsatt tecken mot budget och utfall (budget -17000 tkr, utfall hittills -6000 tkr). Är tecknet rätt?');
  });

  it('asks about a figure beyond the multiple of budget and last year (−45 000 000 tkr against 90 mnkr)', () => {
    const q = entryQuestions(staff(4_500_000_000_000n, { budgetOre: 9_000_000_000n }));
    expect(q.map((x) => x.kind)).toEqual(['plausibility']);
    expect(q[0]!.message).toContain('mer än 3 gånger så stor som budgeten');
  });

  it('asks nothing of a forecast near budget, of 0, or of a cell with nothing to compare with', () => {
    expect(entryQuestions(staff(1_750_000_000n))).toEqual([]);
    expect(entryQuestions(staff(0n))).toEqual([]);
    expect(entryQuestions(staff(5_000_000n, { budgetOre: 0n, actualToDateOre: 0n, lastYearClosingOre: 0n }))).toEqual([]);
  });

  it('uses the round’s own multiple', () => {
    expect(entryQuestions(staff(4_000_000_000n, { plausibilityMultiple: 2 })).map((x) => x.kind)).toEqual(['plausibility']);
    expect(entryQuestions(staff(4_000_000_000n, { plausibilityMultiple: 3 }))).toEqual([]);
  });
});
