/**
 * `#PSALDO` / `#PBUDGET` årsnr period konto {objekt} saldo: one period balance record read from
 * the tokenizer into `PeriodBalances`, its object list mapped to unit, activity and project as
 * `#TRANS` maps it (other dimensions are kept as the record's signature, see balances.ts).
 */
import { SIG_ACTIVITY, SIG_PROJECT, SIG_UNIT, type PeriodBalances } from './balances.ts';
import { L_PSALDO } from './labels.ts';
import type { AmountTotal, ChosenDimensions, HeaderRecords, RecordContext } from './records.ts';
import { K_PBUDGET, K_PSALDO } from './rows.ts';
import { F_LIST } from './tokenizer.ts';
import { parseIntField, parseYearMonth } from './values.ts';
import { checkCardinality } from './vouchers.ts';

/** Read the current record; returns the SIG_ACTIVITY/SIG_PROJECT bits it used. */
export function readBalanceRecord(
  c: RecordContext,
  header: HeaderRecords,
  dims: ChosenDimensions,
  balances: PeriodBalances,
  amounts: AmountTotal,
  label: number,
): number {
  checkCardinality(c, label);
  const t = c.tok;
  const yearIdx = header.requireYearIndex(label);
  if (t.count <= 2 || t.kind[2] === F_LIST || t.end[2]! <= t.start[2]!) throw c.fail('period saknas', label, 2);
  const ym = parseYearMonth(t.fieldBuf(2), t.start[2]!, t.end[2]!);
  if (ym < 0) throw c.fail(`"${c.fieldText(2)}" är ingen period (ÅÅÅÅMM)`, label, 2);
  const account = header.requireAccount(label, 3);
  let f = 4;
  let sig = 0;
  let unit = 0;
  let activity = 0;
  let project = 0;
  let extra = '';
  if (t.count > 4 && t.kind[4] === F_LIST) {
    const first = t.start[4]!;
    const cnt = t.end[4]!;
    if (cnt & 1) throw c.fail('objektlistan ska innehålla par av dimension och objekt', label, 4);
    const others: number[] = [];
    for (let el = first; el < first + cnt; el += 2) {
      const dim = parseIntField(t.elemBuf(el), t.elemStart[el]!, t.elemEnd[el]!);
      if (!(dim >= 0)) throw c.fail(`"${c.decode(t.elemBinary(el))}" är inget dimensionsnummer`, label, 4);
      const id = (): number => c.strings.intern(t.elemBuf(el + 1), t.elemStart[el + 1]!, t.elemEnd[el + 1]!);
      if (dim === dims.unitDim) {
        unit = id();
        sig |= SIG_UNIT;
      } else if (dim === dims.activityDim) {
        activity = id();
        sig |= SIG_ACTIVITY;
      } else if (dim === dims.projectDim) {
        project = id();
        sig |= SIG_PROJECT;
      } else others.push(dim);
    }
    if (others.length > 0) extra = others.sort((a, b) => a - b).join(',');
    f = 5;
  }
  const amount = header.requireAmount(label, f, 5);
  if (!amounts.add(amount)) throw c.fail('beloppen är för stora för att summeras exakt', label, 5);
  balances.add(label === L_PSALDO ? K_PSALDO : K_PBUDGET, yearIdx, ym, account, sig, extra, unit, activity, project, amount);
  return (activity !== 0 ? SIG_ACTIVITY : 0) | (project !== 0 ? SIG_PROJECT : 0);
}
