/**
 * Row building at the end of a parse: the aggregated vouchers, period balances and year
 * results become ledger rows on Prognos' (year, period) with decoded codes. Voucher rows come
 * straight from the aggregator when their keys cannot collide after decoding; balance and
 * #RES rows (few) go through a map keyed on the decoded strings, which also merges them.
 */
import type { LedgerAmount } from '../../core/domain/index.ts';
import { KEY_PART_LIMIT, type Aggregator } from './aggregate.ts';
import type { BalanceRow } from './balances.ts';
import { monthsBetween, type FiscalYears, type MonthMapping } from './fiscal-years.ts';

/** A ledger row of a SIE file: actuals (#TRANS, #PSALDO, #RES) or budget (#PBUDGET). */
export type ParsedRow = LedgerAmount<'actual' | 'budget'>;

/** Balance kinds as the parser records them. */
export const K_PSALDO = 0;
export const K_PBUDGET = 1;

export interface VoucherRowsResult {
  /** Fiscal years that have vouchers (their #PSALDO is then ignored). */
  years: Set<number>;
  /** Months (yyyymm) outside every #RAR of a file that has some. */
  outsideMonths: Set<number>;
  /** Per interned id: 1 when a voucher books on it as an account. */
  usedAccount: Uint8Array;
}

export interface BalanceRowsResult {
  /** Years whose #PSALDO was ignored because vouchers give their actuals. */
  skippedPsaldoYears: Set<number>;
  /** Years with monthly actuals (vouchers or #PSALDO): #RES is not used for them. */
  monthlyActualYears: Set<number>;
  /** Year indexes of balances without a #RAR, in a file that has #RAR for other years. */
  missingRar: Set<number>;
  /** Balances whose month lies outside their own #RAR year (`index/yyyymm`). */
  outside: Set<string>;
  /** Some balance record became a row. */
  used: boolean;
}

export class RowBuilder {
  private readonly direct: ParsedRow[] = [];
  private readonly merged = new Map<string, ParsedRow>();
  private readonly injective: boolean;

  /**
   * `decoded`: the text of each interned id; `overlong` throws for a period the store cannot
   * hold (month 19 or later of a fiscal year).
   */
  constructor(
    private readonly decoded: readonly string[],
    private readonly fiscal: FiscalYears,
    private readonly overlong: (ym: number, period: number) => void,
  ) {
    // decoding is 1:1 except for broken UTF-8 (U+FFFD)
    this.injective = new Set(decoded).size === decoded.length;
  }

  private str(id: number): string {
    return this.decoded[id]!;
  }

  add(scenario: 'actual' | 'budget', year: number, period: number | null, unit: string, account: string, activity: string, project: string, amount: number): void {
    const key = `${scenario}\u0000${year}\u0000${period ?? ''}\u0000${unit}\u0000${account}\u0000${activity}\u0000${project}`;
    const r = this.merged.get(key);
    if (r) r.amountOre += amount;
    else this.merged.set(key, { scenario, year, period, unit, account, activity, project, amountOre: amount });
  }

  /** The rows so far, those summing to zero left out. */
  rows(): ParsedRow[] {
    const out = this.direct;
    for (const r of this.merged.values()) if (r.amountOre !== 0) out.push(r);
    return out;
  }

  /** Voucher rows from the aggregator keyed (yyyymm, unit, account, activity, project). */
  vouchers(tr: Aggregator, strings: number): VoucherRowsResult {
    const decoded = this.decoded;
    const transYears = new Set<number>();
    const outsideMonths = new Set<number>();
    const monthCache = new Map<number, MonthMapping>();
    const yearPeriods = new Set<number>();
    const usedAccount = new Uint8Array(strings);
    for (let i = 0; i < tr.capacity; i++) {
      if (!tr.occupied(i)) continue;
      const ym = tr.key(i, 0);
      if (monthCache.has(ym)) continue;
      const m = this.fiscal.map(ym);
      this.overlong(ym, m.period);
      monthCache.set(ym, m);
      if (m.outside) outsideMonths.add(ym);
      transYears.add(m.year);
      yearPeriods.add(m.year * 1000 + m.period);
    }
    const directOk = this.injective && yearPeriods.size === monthCache.size;
    // month → (year, period) as arrays indexed by months since the first month seen
    let minYm = Infinity;
    let maxYm = -Infinity;
    for (const ym of monthCache.keys()) {
      if (ym < minYm) minYm = ym;
      if (ym > maxYm) maxYm = ym;
    }
    const span = monthCache.size > 0 ? monthsBetween(minYm, maxYm) + 1 : 0;
    const yearOf = new Int32Array(span);
    const periodOf = new Int32Array(span);
    for (const [ym, m] of monthCache) {
      const ix = monthsBetween(minYm, ym);
      yearOf[ix] = m.year;
      periodOf[ix] = m.period;
    }
    const minY = Math.floor(minYm / 100);
    const minM = minYm % 100;
    const P = KEY_PART_LIMIT;
    const raw = tr.raw;
    for (let i = 0; i < tr.capacity; i++) {
      const o = i * 4;
      const k0 = raw[o]!;
      if (k0 === 0) continue;
      const ym = k0 - 1;
      const ix = (Math.floor(ym / 100) - minY) * 12 + (ym % 100) - minM;
      const year = yearOf[ix]!;
      const period = periodOf[ix]!;
      const k1 = raw[o + 1]!;
      const k2 = raw[o + 2]!;
      const unit = Math.floor(k1 / P);
      const account = k1 - unit * P;
      const activity = Math.floor(k2 / P);
      const project = k2 - activity * P;
      usedAccount[account] = 1;
      const amount = raw[o + 3]!;
      if (directOk) {
        if (amount !== 0) {
          this.direct.push({
            scenario: 'actual',
            year,
            period,
            unit: decoded[unit]!,
            account: decoded[account]!,
            activity: decoded[activity]!,
            project: decoded[project]!,
            amountOre: amount,
          });
        }
      } else this.add('actual', year, period, this.str(unit), this.str(account), this.str(activity), this.str(project), amount);
    }
    return { years: transYears, outsideMonths, usedAccount };
  }

  /** Period balance rows (#PSALDO → actual, #PBUDGET → budget) by #RAR year index and month. */
  balances(rows: Iterable<BalanceRow>, transYears: ReadonlySet<number>): BalanceRowsResult {
    const fiscal = this.fiscal;
    const out: BalanceRowsResult = { skippedPsaldoYears: new Set(), monthlyActualYears: new Set(transYears), missingRar: new Set(), outside: new Set(), used: false };
    for (const r of rows) {
      const fy = fiscal.byYearIndex(r.yearIdx);
      let year: number;
      let period: number;
      if (fy && r.ym >= fy.startYm && r.ym <= fy.endYm) {
        year = Math.floor(fy.startYm / 100);
        period = monthsBetween(fy.startYm, r.ym) + 1;
        this.overlong(r.ym, period);
      } else {
        if (!fy && fiscal.count > 0) out.missingRar.add(r.yearIdx);
        else if (fy) out.outside.add(`${r.yearIdx}/${r.ym}`);
        const m = fiscal.map(r.ym);
        year = m.year;
        period = m.period;
      }
      if (r.kind === K_PSALDO) {
        if (transYears.has(year)) {
          out.skippedPsaldoYears.add(year);
          continue;
        }
        out.monthlyActualYears.add(year);
      }
      out.used = true;
      this.add(r.kind === K_PSALDO ? 'actual' : 'budget', year, period, this.str(r.unit), this.str(r.account), this.str(r.activity), this.str(r.project), r.amount);
    }
    return out;
  }

  /**
   * #RES: an annual row (period null, unit '') for each year without monthly actuals.
   * Returns the year indexes that have no #RAR (their #RES is ignored).
   */
  results(res: ReadonlyMap<string, number>, monthlyActualYears: ReadonlySet<number>): Set<number> {
    const noRar = new Set<number>();
    for (const [key, amount] of res) {
      const [yi, acc] = key.split('|').map(Number) as [number, number];
      const fy = this.fiscal.byYearIndex(yi);
      if (!fy) {
        noRar.add(yi);
        continue;
      }
      const year = Math.floor(fy.startYm / 100);
      if (monthlyActualYears.has(year)) continue;
      this.add('actual', year, null, '', this.str(acc), '', '', amount);
    }
    return noRar;
  }
}
