/**
 * The records around the ledger: identity (#FORMAT, #SIETYP, #PROGRAM, #FNAMN, #ORGNR), fiscal
 * years (#RAR), the chart of accounts (#KONTO, #KTYP, #SRU), dimensions and objects (#DIM,
 * #UNDERDIM, #OBJEKT) and year balances (#IB, #UB, #RES). Each handler reads the record the
 * parser's tokenizer holds and keeps what Prognos needs; text stays binary until the end.
 */
import type { PrognosError } from '../../core/errors/index.ts';
import { monthsBetween, type FiscalYear } from './fiscal-years.ts';
import type { Interner } from './intern.ts';
import { L_FNAMN, L_FORMAT, L_KONTO, L_OBJEKT, L_ORGNR, L_PROGRAM, L_RAR, L_RES, L_SIETYP, L_UNDERDIM, LABELS } from './labels.ts';
import { F_LIST, type Tokenizer } from './tokenizer.ts';
import { amountReason, isAccountNumber, isoDate, parseAmount, parseDate, parseIntField } from './values.ts';

/** What a record handler needs of the parser: the current record, errors and warnings. */
export interface RecordContext {
  readonly tok: Tokenizer;
  readonly strings: Interner;
  fail(reason: string, label?: number, fieldIndex?: number, line?: number): PrognosError;
  warn(message: string, onceKey?: string): void;
  /** A field of the current record as display text, for messages. */
  fieldText(f: number): string;
  /** The current line number. */
  line(): number;
  /** Binary text decoded with the best guess of the encoding so far, for messages. */
  decode(binaryText: string): string;
}

/** The dimensions the import maps to unit, activity and project (null: not mapped). */
export interface ChosenDimensions {
  readonly unitDim: number;
  readonly activityDim: number | null;
  readonly projectDim: number | null;
}

/**
 * The sum of absolute amounts read so far, vouchers and balances together: below 2^53 öre every
 * aggregated sum is exact in a double.
 */
export class AmountTotal {
  private total = 0;

  /** Count one amount; false when the file's amounts can no longer be summed exactly. */
  add(amount: number): boolean {
    this.total += amount < 0 ? -amount : amount;
    return this.total <= Number.MAX_SAFE_INTEGER;
  }
}

export class HeaderRecords {
  format: string | null = null;
  sieType: string | null = null;
  program: string | null = null;
  company: string | null = null;
  companySeen = false;
  companyLine = 0;
  orgNr: string | null = null;
  readonly years: FiscalYear[] = [];
  readonly accountNames = new Map<number, { name: number; type: string | null; line: number }>();
  readonly dimensions: Array<{ dim: number; name: number; parent: number | null; line: number }> = [];
  readonly objects: Array<{ dim: number; code: number; name: number; line: number }> = [];
  readonly objectIndex = new Map<string, number>();

  readonly res = new Map<string, number>(); // `${yearIdx}|${accountId}` → öre
  readonly yearBalances = new Map<string, number>(); // `IB|${yearIdx}|${accountId}` → öre

  constructor(private readonly c: RecordContext) {}

  /** #FORMAT, #SIETYP, #PROGRAM, #FNAMN, #ORGNR */
  identity(label: number): void {
    const t = this.c.tok;
    switch (label) {
      case L_FORMAT:
        this.format = t.count > 1 ? t.fieldBinary(1).toUpperCase() : null;
        if (this.format !== null && this.format !== 'PC8') this.c.warn(`#FORMAT ${this.format} är inte PC8 som SIE 4 kräver`, 'format');
        return;
      case L_SIETYP:
        this.sieType = t.count > 1 ? t.fieldBinary(1) : null;
        if (this.sieType === null || !/^[1-4]$/.test(this.sieType)) {
          throw this.c.fail(`SIE-typen "${this.c.fieldText(1)}" är okänd (tillåtna: 1, 2, 3, 4)`, label, 1);
        }
        return;
      case L_PROGRAM:
        this.program = t.count > 1 ? t.fieldBinary(1) + (t.count > 2 && t.kind[2] !== F_LIST && t.end[2]! > t.start[2]! ? ' ' + t.fieldBinary(2) : '') : null;
        return;
      case L_FNAMN: {
        this.companySeen = true;
        this.companyLine = this.c.line();
        let name = '';
        if (t.count > 1) {
          name = t.fieldBinary(1);
          // unquoted name with spaces (against the spec): keep the whole name
          if (!t.quoted[1]) for (let f = 2; f < t.count; f++) if (t.kind[f] !== F_LIST) name += ' ' + t.fieldBinary(f);
        }
        this.company = name.trim() === '' ? null : name;
        return;
      }
      case L_ORGNR:
        this.orgNr = t.count > 1 && t.kind[1] !== F_LIST && t.end[1]! > t.start[1]! ? t.fieldBinary(1) : null;
        return;
    }
  }

  requireYearIndex(label: number, f = 1): number {
    const t = this.c.tok;
    if (t.count <= f || t.kind[f] === F_LIST || t.end[f]! <= t.start[f]!) throw this.c.fail('årsnummer saknas', label, f);
    const v = parseIntField(t.fieldBuf(f), t.start[f]!, t.end[f]!);
    if (!(v <= 0 && v > -100)) throw this.c.fail(`"${this.c.fieldText(f)}" är inget årsnummer (0 = innevarande år, -1 = föregående …)`, label, f);
    return v;
  }

  requireAccount(label: number, f: number): number {
    const t = this.c.tok;
    if (t.count <= f || t.kind[f] === F_LIST || t.end[f]! <= t.start[f]!) throw this.c.fail('kontonummer saknas', label, f);
    const b = t.fieldBuf(f);
    if (!isAccountNumber(b, t.start[f]!, t.end[f]!)) throw this.c.fail(`"${this.c.fieldText(f)}" är inget kontonummer (endast siffror)`, label, f);
    return this.c.strings.intern(b, t.start[f]!, t.end[f]!);
  }

  requireAmount(label: number, f: number, nameIndex: number): number {
    const t = this.c.tok;
    if (t.count <= f || t.kind[f] === F_LIST) throw this.c.fail('belopp saknas', label, nameIndex);
    const a = parseAmount(t.fieldBuf(f), t.start[f]!, t.end[f]!);
    if (a !== a) throw this.c.fail(amountReason(this.c.fieldText(f)), label, nameIndex);
    return a;
  }

  requireDate(label: number, f: number): number {
    const t = this.c.tok;
    if (t.count <= f || t.kind[f] === F_LIST || t.end[f]! <= t.start[f]!) throw this.c.fail('datum saknas', label, f);
    const d = parseDate(t.fieldBuf(f), t.start[f]!, t.end[f]!);
    if (d < 0) throw this.c.fail(`"${this.c.fieldText(f)}" är inget giltigt datum (ÅÅÅÅMMDD)`, label, f);
    return d;
  }

  rarRecord(): void {
    const index = this.requireYearIndex(L_RAR);
    const t = this.c.tok;
    if (t.count <= 2 || (t.end[2]! <= t.start[2]! && (t.count <= 3 || t.end[3]! <= t.start[3]!))) {
      // "#RAR 0" without dates (seen in type 4I exports): no fiscal year to map to
      this.c.warn(`rad ${this.c.line()}: #RAR ${index} saknar datum och ignoreras`);
      return;
    }
    const start = this.requireDate(L_RAR, 2);
    const end = this.requireDate(L_RAR, 3);
    if (end < start) {
      throw this.c.fail(`räkenskapsåret slutar (${isoDate(end)}) före det börjar (${isoDate(start)})`, L_RAR, 3);
    }
    const startYm = Math.floor(start / 100);
    const endYm = Math.floor(end / 100);
    if (monthsBetween(startYm, endYm) >= 18) {
      this.c.warn(`räkenskapsåret med årsnummer ${index} (${isoDate(start)}–${isoDate(end)}) är längre än 18 månader`);
    }
    for (const y of this.years) {
      if (y.index === index) throw this.c.fail(`årsnummer ${index} förekommer i två #RAR-poster`, L_RAR, 1);
      if (start <= y.end && end >= y.start) throw this.c.fail(`räkenskapsåret överlappar årsnummer ${y.index}`, L_RAR, 2);
    }
    this.years.push({ index, start, end, startYm, endYm, line: this.c.line() });
  }

  kontoRecord(): void {
    const account = this.requireAccount(L_KONTO, 1);
    const t = this.c.tok;
    const name = t.count > 2 && t.kind[2] !== F_LIST ? this.c.strings.internString(t.fieldBinary(2)) : 0;
    const prev = this.accountNames.get(account);
    if (prev) {
      prev.name = name;
      prev.line = this.c.line();
    } else this.accountNames.set(account, { name, type: null, line: this.c.line() });
  }

  ktypRecord(): void {
    const t = this.c.tok;
    if (t.count <= 1 || t.kind[1] === F_LIST || !isAccountNumber(t.fieldBuf(1), t.start[1]!, t.end[1]!)) {
      this.c.warn(`rad ${this.c.line()}: #KTYP har inget giltigt kontonummer och ignoreras`);
      return;
    }
    const account = this.c.strings.intern(t.fieldBuf(1), t.start[1]!, t.end[1]!);
    const type = t.count > 2 ? t.fieldBinary(2).toUpperCase() : '';
    if (!/^[TSKI]$/.test(type)) {
      this.c.warn(`rad ${this.c.line()}: #KTYP har okänd kontotyp "${this.c.fieldText(2)}" (T, S, K eller I) och ignoreras`);
      return;
    }
    const prev = this.accountNames.get(account);
    if (prev) prev.type = type;
    else this.accountNames.set(account, { name: -1, type, line: this.c.line() });
  }

  sruRecord(): void {
    // SRU codes (tax return lines) are not used by Prognos: a broken record is only a warning.
    const t = this.c.tok;
    if (t.count <= 1 || t.kind[1] === F_LIST || !isAccountNumber(t.fieldBuf(1), t.start[1]!, t.end[1]!)) {
      this.c.warn(`rad ${this.c.line()}: #SRU har inget giltigt kontonummer ("${this.c.fieldText(1)}") och ignoreras`);
    } else if (t.count <= 2 || !/^\d+$/.test(t.fieldBinary(2))) {
      this.c.warn(`rad ${this.c.line()}: #SRU saknar giltig SRU-kod och ignoreras`);
    }
  }

  /** #IB/#UB are not imported (a broken one is only a warning); kept to tell how #PSALDO objects add up. */
  yearBalance(label: number): void {
    const t = this.c.tok;
    const ok =
      t.count > 3 &&
      t.kind[1] !== F_LIST &&
      t.kind[2] !== F_LIST &&
      !Number.isNaN(parseIntField(t.fieldBuf(1), t.start[1]!, t.end[1]!)) &&
      isAccountNumber(t.fieldBuf(2), t.start[2]!, t.end[2]!) &&
      t.kind[3] !== F_LIST &&
      parseAmount(t.fieldBuf(3), t.start[3]!, t.end[3]!) === parseAmount(t.fieldBuf(3), t.start[3]!, t.end[3]!);
    if (!ok) {
      this.c.warn(`rad ${this.c.line()}: #${LABELS[label]} är ofullständig (årsnr, konto eller saldo saknas eller är ogiltigt) och ignoreras`);
      return;
    }
    const yearIdx = parseIntField(t.fieldBuf(1), t.start[1]!, t.end[1]!);
    const account = this.c.strings.intern(t.fieldBuf(2), t.start[2]!, t.end[2]!);
    const key = `${LABELS[label]}|${yearIdx}|${account}`;
    this.yearBalances.set(key, (this.yearBalances.get(key) ?? 0) + parseAmount(t.fieldBuf(3), t.start[3]!, t.end[3]!));
  }

  dimRecord(label: number): void {
    const t = this.c.tok;
    if (t.count <= 1 || t.kind[1] === F_LIST) throw this.c.fail('dimensionsnummer saknas', label, 1);
    const dim = parseIntField(t.fieldBuf(1), t.start[1]!, t.end[1]!);
    if (!(dim >= 1)) throw this.c.fail(`"${this.c.fieldText(1)}" är inget dimensionsnummer (heltal från 1)`, label, 1);
    const name = t.count > 2 && t.kind[2] !== F_LIST ? this.c.strings.internString(t.fieldBinary(2)) : 0;
    let parent: number | null = null;
    if (label === L_UNDERDIM) {
      const p = t.count > 3 && t.kind[3] !== F_LIST ? parseIntField(t.fieldBuf(3), t.start[3]!, t.end[3]!) : NaN;
      if (!(p >= 1)) throw this.c.fail(`"${this.c.fieldText(3)}" är inget dimensionsnummer för överordnad dimension`, label, 3);
      parent = p;
    }
    const prev = this.dimensions.find((d) => d.dim === dim);
    if (prev) {
      prev.name = name;
      prev.parent = parent;
      prev.line = this.c.line();
    } else this.dimensions.push({ dim, name, parent, line: this.c.line() });
  }

  objektRecord(): void {
    const t = this.c.tok;
    if (t.count <= 1 || t.kind[1] === F_LIST) throw this.c.fail('dimensionsnummer saknas', L_OBJEKT, 1);
    const dim = parseIntField(t.fieldBuf(1), t.start[1]!, t.end[1]!);
    if (!(dim >= 1)) throw this.c.fail(`"${this.c.fieldText(1)}" är inget dimensionsnummer (heltal från 1)`, L_OBJEKT, 1);
    if (t.count <= 2 || t.kind[2] === F_LIST || t.end[2]! <= t.start[2]!) throw this.c.fail('objektkod saknas', L_OBJEKT, 2);
    const code = this.c.strings.intern(t.fieldBuf(2), t.start[2]!, t.end[2]!);
    const name = t.count > 3 && t.kind[3] !== F_LIST ? this.c.strings.internString(t.fieldBinary(3)) : 0;
    const key = `${dim}|${code}`;
    const prev = this.objectIndex.get(key);
    if (prev !== undefined) {
      this.objects[prev]!.name = name;
      this.objects[prev]!.line = this.c.line();
    } else {
      this.objectIndex.set(key, this.objects.length);
      this.objects.push({ dim, code, name, line: this.c.line() });
    }
  }

  resRecord(): void {
    const yearIdx = this.requireYearIndex(L_RES);
    const account = this.requireAccount(L_RES, 2);
    const amount = this.requireAmount(L_RES, 3, 3);
    const key = `${yearIdx}|${account}`;
    this.res.set(key, (this.res.get(key) ?? 0) + amount);
  }
}
