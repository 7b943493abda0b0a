import { describe, expect, it } from 'vitest';
import { Aggregator } from './aggregate.ts';
import { FiscalYears } from './fiscal-years.ts';
import { K_PBUDGET, K_PSALDO, RowBuilder } from './rows.ts';

// interned ids: 0 = '', 1 = '4010', 2 = 'A', 3 = '1300'
const decoded = ['', '4010', 'A', '1300'];
const fiscal = new FiscalYears([{ index: 0, start: 20240101, end: 20241231, startYm: 202401, endYm: 202412, line: 1 }]);
const builder = (): RowBuilder =>
  new RowBuilder(decoded, fiscal, (_ym, period) => {
    if (period > 18) throw new Error('overlong');
  });

describe('row building', () => {
  it('turns aggregated vouchers into rows on year and period with decoded codes', () => {
    const tr = new Aggregator();
    tr.add(202403, 2, 1, 3, 0, 1500);
    tr.add(202403, 2, 1, 3, 0, -500);
    const rows = builder();
    const r = rows.vouchers(tr, decoded.length);
    expect(rows.rows()).toEqual([{ scenario: 'actual', year: 2024, period: 3, unit: 'A', account: '4010', activity: '1300', project: '', amountOre: 1000 }]);
    expect([...r.years]).toEqual([2024]);
    expect(r.usedAccount[1]).toBe(1);
  });

  it('ignores #PSALDO of a year with vouchers but keeps its #PBUDGET', () => {
    const rows = builder();
    const bal = rows.balances(
      [
        { kind: K_PSALDO, yearIdx: 0, ym: 202402, account: 1, unit: 2, activity: 0, project: 0, amount: 700 },
        { kind: K_PBUDGET, yearIdx: 0, ym: 202402, account: 1, unit: 2, activity: 3, project: 0, amount: 900 },
      ],
      new Set([2024]),
    );
    expect([...bal.skippedPsaldoYears]).toEqual([2024]);
    expect(rows.rows()).toEqual([{ scenario: 'budget', year: 2024, period: 2, unit: 'A', account: '4010', activity: '1300', project: '', amountOre: 900 }]);
  });

  it('gives #RES an annual row only for a year without monthly actuals, and names indexes without #RAR', () => {
    const rows = builder();
    const noRar = rows.results(
      new Map([
        ['0|1', 12_000],
        ['-1|1', 5_000],
      ]),
      new Set(),
    );
    expect(rows.rows()).toEqual([{ scenario: 'actual', year: 2024, period: null, unit: '', account: '4010', activity: '', project: '', amountOre: 12_000 }]);
    expect([...noRar]).toEqual([-1]);
    const withActuals = builder();
    withActuals.results(new Map([['0|1', 12_000]]), new Set([2024]));
    expect(withActuals.rows()).toEqual([]);
  });

  it('merges rows that decode to the same key and leaves out those that sum to zero', () => {
    const rows = builder();
    rows.add('actual', 2024, 1, 'A', '4010', '', '', 100);
    rows.add('actual', 2024, 1, 'A', '4010', '', '', -100);
    rows.add('actual', 2024, 2, 'A', '4010', '', '', 5);
    rows.add('actual', 2024, 2, 'A', '4010', '', '', 5);
    expect(rows.rows().map((r) => [r.period, r.amountOre])).toEqual([[2, 10]]);
  });
});
