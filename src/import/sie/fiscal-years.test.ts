import { describe, expect, it } from 'vitest';
import { addMonths, FiscalYears, monthsBetween, type FiscalYear } from './fiscal-years.ts';

const year = (index: number, start: number, end: number): FiscalYear => ({ index, start, end, startYm: Math.floor(start / 100), endYm: Math.floor(end / 100), line: 10 - index });

describe('fiscal years', () => {
  it('counts months across year ends both ways', () => {
    expect(monthsBetween(202311, 202402)).toBe(3);
    expect(addMonths(202311, 3)).toBe(202402);
    expect(addMonths(202402, -3)).toBe(202311);
  });

  it('maps a month to the start year of its fiscal year and the month within it', () => {
    const f = new FiscalYears([year(0, 20230701, 20240630)]);
    expect(f.map(202307)).toEqual({ year: 2023, period: 1, outside: false });
    expect(f.map(202406)).toEqual({ year: 2023, period: 12, outside: false });
  });

  it('puts months outside every fiscal year in twelve-month years aligned with the nearest one', () => {
    const f = new FiscalYears([year(0, 20230701, 20240630), year(-1, 20220701, 20230630)]);
    expect(f.map(202408)).toEqual({ year: 2024, period: 2, outside: true });
    expect(f.map(202205)).toEqual({ year: 2021, period: 11, outside: true });
  });

  it('uses the calendar without any #RAR', () => {
    expect(new FiscalYears([]).map(202408)).toEqual({ year: 2024, period: 8, outside: false });
  });

  it('finds a fiscal year by its #RAR index', () => {
    const f = new FiscalYears([year(0, 20240101, 20241231), year(-1, 20230101, 20231231)]);
    expect(f.byYearIndex(-1)?.start).toBe(20230101);
    expect(f.byYearIndex(-2)).toBeUndefined();
  });

  it('names the #RAR line of a period beyond the eighteenth month and accepts the eighteenth', () => {
    const f = new FiscalYears([year(0, 20230701, 20250131)]);
    expect(f.overlong(202412, 18)).toBeNull();
    expect(f.overlong(202501, 19)).toEqual({ line: 10, reason: expect.stringContaining('längre än 18 månader och har belopp i dess månad 19 (2025-01)') });
  });
});
