/**
 * Vouchers: `#VER` with its `{ … }` block and the `#TRANS` rows inside, summed by (month, unit,
 * account, activity, project). The parser's fast path scans the common `#TRANS` shape itself and
 * books it here; every other shape goes through `trans()`, which reads the tokenized record.
 */
import { Aggregator, KEY_PART_LIMIT } from './aggregate.ts';
import { SIG_ACTIVITY, SIG_PROJECT } from './balances.ts';
import { L_TRANS, L_VER } from './labels.ts';
import type { AmountTotal, ChosenDimensions, RecordContext } from './records.ts';
import { F_LIST } from './tokenizer.ts';
import { amountReason, isAccountNumber, parseAmount, parseDate, parseIntField } from './values.ts';

function formatOre(ore: number): string {
  const neg = ore < 0;
  const a = Math.abs(ore);
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** Too many distinct codes for the aggregator's key parts: the file is not a real ledger. */
export function checkCardinality(c: RecordContext, label: number): void {
  if (c.strings.size >= KEY_PART_LIMIT - 1) throw c.fail('filen innehåller orimligt många olika konton och objektkoder', label);
}

export class VoucherRecords {
  /** Inside `{ … }` of a voucher. */
  inVoucher = false;
  /** A `#VER` was read; its `{` must come next. */
  pendingOpen = false;
  /** Line of the current (or last) `#VER`. */
  verLine = 0;
  /** Month of the current voucher's date (yyyymm): the month of a `#TRANS` without its own date. */
  verYm = 0;
  private verSum = 0;
  private verSeries = '';
  private verNumber = '';
  private verTransCount = 0;
  emptyVouchers = 0;
  /** Which chosen dimensions the vouchers use (SIG_* bits), for the warnings at the end. */
  dimsInTrans = 0;
  /** (yyyymm, unit, account, activity, project) → öre */
  readonly sums = new Aggregator();

  constructor(
    private readonly c: RecordContext,
    private readonly dims: ChosenDimensions,
    private readonly amounts: AmountTotal,
  ) {}

  /** #VER serie vernr verdatum … */
  ver(): void {
    checkCardinality(this.c, L_VER);
    const c = this.c;
    const t = c.tok;
    this.verLine = c.line();
    this.verSeries = t.count > 1 ? t.fieldBinary(1) : '';
    this.verNumber = t.count > 2 ? t.fieldBinary(2) : '';
    if (t.count <= 3 || t.end[3]! <= t.start[3]! || t.kind[3] === F_LIST) {
      throw c.fail('verifikationsdatum saknas', L_VER, 3);
    }
    const d = parseDate(t.fieldBuf(3), t.start[3]!, t.end[3]!);
    if (d < 0) throw c.fail(`"${c.fieldText(3)}" är inget giltigt datum (ÅÅÅÅMMDD)`, L_VER, 3);
    this.verYm = (d / 100) | 0;
    this.verSum = 0;
    this.verTransCount = 0;
    this.pendingOpen = true;
  }

  /** A line holding only `{`. */
  open(): void {
    if (!this.pendingOpen) {
      if (this.inVoucher) throw this.c.fail(`verifikationen som börjar på rad ${this.verLine} avslutas inte med "}"`, L_VER, undefined, this.verLine);
      throw this.c.fail('"{" utan föregående #VER');
    }
    this.pendingOpen = false;
    this.inVoucher = true;
  }

  /** A line holding only `}`: the voucher must balance. */
  close(): void {
    const c = this.c;
    if (!this.inVoucher) {
      if (this.pendingOpen) throw c.fail('#VER ska följas av "{" på en egen rad', L_VER, undefined, this.verLine);
      throw c.fail('"}" utan öppnad verifikation');
    }
    this.inVoucher = false;
    if (this.verSum !== 0) {
      const id = `${c.decode(this.verSeries)} ${c.decode(this.verNumber)}`.trim();
      throw c.fail(`verifikationen${id ? ` ${id}` : ''} balanserar inte: summan av #TRANS är ${formatOre(this.verSum)} (ska vara 0)`, L_TRANS, 3, this.verLine);
    }
    if (this.verTransCount === 0) this.emptyVouchers++;
  }

  /** #TRANS kontonr {objektlista} belopp [transdat] … as tokenized (the shapes the fast path leaves). */
  trans(): void {
    const c = this.c;
    if (!this.inVoucher) {
      throw c.fail(this.pendingOpen ? '#VER ska följas av "{" på en egen rad' : '#TRANS står utanför en verifikation', L_TRANS);
    }
    const t = c.tok;
    const n = t.count;
    const kind = t.kind;
    const fs = t.start;
    const fe = t.end;
    // account
    if (n < 2 || kind[1] === F_LIST || fe[1]! <= fs[1]!) throw c.fail('kontonummer saknas', L_TRANS, 1);
    const abuf = t.inScratch[1] ? t.scratch : t.line;
    if (!isAccountNumber(abuf, fs[1]!, fe[1]!)) {
      throw c.fail(`"${c.fieldText(1)}" är inget kontonummer (endast siffror)`, L_TRANS, 1);
    }
    const strings = c.strings;
    const account = strings.intern(abuf, fs[1]!, fe[1]!);
    // object list (tolerated missing: then the amount follows the account)
    let unit = 0;
    let activity = 0;
    let project = 0;
    let f = 2;
    if (n > 2 && kind[2] === F_LIST) {
      const first = fs[2]!;
      const cnt = fe[2]!;
      if (cnt > 0) {
        if (cnt & 1) throw c.fail('objektlistan ska innehålla par av dimension och objekt', L_TRANS, 2);
        const { unitDim: ud, activityDim: ad, projectDim: pd } = this.dims;
        const es = t.elemStart;
        const ee = t.elemEnd;
        for (let el = first; el < first + cnt; el += 2) {
          const eb = t.elemInScratch[el] ? t.scratch : t.line;
          let dim: number;
          const ds = es[el]!;
          if (ee[el]! === ds + 1 && eb[ds]! >= 0x30 && eb[ds]! <= 0x39) dim = eb[ds]! - 0x30;
          else dim = parseIntField(eb, ds, ee[el]!);
          if (!(dim >= 0)) throw c.fail(`"${c.decode(t.elemBinary(el))}" är inget dimensionsnummer`, L_TRANS, 2);
          if (dim === ud || dim === ad || dim === pd) {
            const ob = t.elemInScratch[el + 1] ? t.scratch : t.line;
            const id = strings.intern(ob, es[el + 1]!, ee[el + 1]!);
            if (dim === ud) unit = id;
            else if (dim === ad) activity = id;
            else project = id;
          }
        }
      }
      f = 3;
    }
    // amount
    if (n <= f || kind[f] === F_LIST) throw c.fail('belopp saknas', L_TRANS, 3);
    const amount = parseAmount(t.inScratch[f] ? t.scratch : t.line, fs[f]!, fe[f]!);
    if (amount !== amount) throw c.fail(amountReason(c.fieldText(f)), L_TRANS, 3);
    // date
    let ym = this.verYm;
    const df = f + 1;
    if (n > df && kind[df] !== F_LIST && fe[df]! > fs[df]!) {
      const date = parseDate(t.inScratch[df] ? t.scratch : t.line, fs[df]!, fe[df]!);
      if (date < 0) throw c.fail(`"${c.fieldText(df)}" är inget giltigt datum (ÅÅÅÅMMDD)`, L_TRANS, 4);
      ym = (date / 100) | 0;
    }
    this.book(ym, unit, account, activity, project, amount);
  }

  /** One `#TRANS` amount into the current voucher and the sums. */
  book(ym: number, unit: number, account: number, activity: number, project: number, amount: number): void {
    if (activity !== 0) this.dimsInTrans |= SIG_ACTIVITY;
    if (project !== 0) this.dimsInTrans |= SIG_PROJECT;
    this.verSum += amount;
    this.verTransCount++;
    if (!this.amounts.add(amount)) throw this.c.fail('beloppen är för stora för att summeras exakt', L_TRANS, 3);
    this.sums.add(ym, unit, account, activity, project, amount);
  }
}
