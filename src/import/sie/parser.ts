/**
 * The SIE 4 parser core: fed byte chunks, it splits lines, tokenizes records on bytes,
 * validates them and aggregates amounts by key. Text is kept as binary strings and decoded once
 * at the end (see encoding.ts), so the encoding can be detected over the whole file.
 */
import { badInput, PrognosError } from '../../core/errors/index.ts';
import { Aggregator, KEY_PART_LIMIT } from './aggregate.ts';
import { PeriodBalances, SIG_ACTIVITY, SIG_PROJECT, SIG_UNIT } from './balances.ts';
import { SieChecksum } from './crc32.ts';
import { dimensionWarnings, mojibakeWarning, nothingToImport } from './file-checks.ts';
import { decodeBinary, EncodingDetector, encodingLabel, type SieEncoding } from './encoding.ts';
import { Interner } from './intern.ts';
import { HeaderRecords } from './records.ts';
import { K_PBUDGET, K_PSALDO, RowBuilder, type BalanceRowsResult, type ParsedRow } from './rows.ts';
import { FiscalYears } from './fiscal-years.ts';
import { FIELD_NAMES, LABELS, LABEL_BY_CODE, L_BTRANS, L_DIM, L_FLAGGA, L_FNAMN, L_FORMAT, L_GEN, L_IB, L_KONTO, L_KSUMMA, L_KTYP, L_OBJEKT, L_OIB, L_ORGNR, L_OUB, L_PBUDGET, L_PROGRAM, L_PSALDO, L_RAR, L_RES, L_RTRANS, L_SIETYP, L_SRU, L_TRANS, L_UB, L_UNDERDIM, L_UNKNOWN, L_VER, MAX_FIELDS } from './labels.ts';
import { TransScanner, transFastPath } from './trans-fast.ts';
import { binary, countFields, F_LIST, isSpace, Tokenizer, TOK_NESTED_LIST, TOK_OK, TOK_UNTERMINATED_LIST, TOK_UNTERMINATED_QUOTE } from './tokenizer.ts';
import {
  amountReason,
  isAccountNumber,
  isoDate,
  parseAmount,
  parseDate,
  parseIntField,
  parseYearMonth,
} from './values.ts';

export interface ParserOptions {
  fileName: string;
  unitDim: number;
  activityDim: number | null;
  projectDim: number | null;
  /** The project dimension was chosen, not the default 6: warn when the file never uses it. */
  projectDimChosen?: boolean;
}

export type { ParsedRow };

export interface ParseOutput {
  encoding: SieEncoding;
  encodingNote: string | null;
  sieType: string | null;
  format: string | null;
  program: string | null;
  company: string | null;
  orgNr: string | null;
  fiscalYears: Array<{ index: number; start: string; end: string }>;
  checksum: 'verified' | 'absent';
  accounts: Array<{ account: string; name: string; type: string | null }>;
  dimensions: Array<{ dim: number; name: string; parent: number | null }>;
  objects: Array<{ dim: number; code: string; name: string }>;
  rows: ParsedRow[];
  counts: Record<string, number>;
  warnings: string[];
}

/** Longest accepted line. Real records are far below; a longer one means a broken file. */
export const MAX_LINE_BYTES = 1 << 20;


const HASH = 0x23;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const LT = 0x3c;
const SEMICOLON = 0x3b;
const SLASH = 0x2f;

// Balance record kinds

const MAX_WARNINGS = 50;

function formatOre(ore: number): string {
  const neg = ore < 0;
  const a = Math.abs(ore);
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

export class SieParser {
  private readonly opt: ParserOptions;
  private readonly tok = new Tokenizer();
  private readonly strings = new Interner();
  private readonly detector = new EncodingDetector();
  private readonly fast: TransScanner;

  // line splitting
  private carry = new Uint8Array(1024);
  private carryLen = 0;
  private lineNo = 0;
  private started = false; // saw the first byte (BOM handling)
  private seenContent = false;
  private xmlLine = 0; // > 0: the file looks like XML, first line number
  private xmlIsSie5 = false;
  /** A chunk held a NUL byte: from then on every record is checked for one (see `line`). */
  private nulSeen = false;

  // header, chart of accounts, objects, year balances
  private readonly header: HeaderRecords;

  // counts
  private readonly labelCounts = new Int32Array(LABELS.length + 1);
  private extraFields = 0;

  // checksum
  private ksumma: 0 | 1 | 2 = 0; // 0 none, 1 running, 2 verified
  private readonly checksum = new SieChecksum();

  // vouchers
  private inVoucher = false;
  private pendingOpen = false;
  private verLine = 0;
  private verYm = 0;
  private verSum = 0;
  private verSeries = '';
  private verNumber = '';
  private verTransCount = 0;
  private emptyVouchers = 0;

  // aggregation
  private readonly trans = new Aggregator(); // (yyyymm, unit, account, activity, project)
  private readonly balances = new PeriodBalances();
  /** SIG_ACTIVITY / SIG_PROJECT when the chosen dimension occurs in vouchers, in balances. */
  private dimsInTrans = 0;
  private dimsInBalances = 0;
  private absTotal = 0;

  // comment lines (';' or '//'), skipped
  private readonly commentLines: number[] = [];
  private commentCount = 0;

  // warnings
  private readonly warnings: string[] = [];
  private droppedWarnings = 0;
  private readonly warnOnce = new Set<string>();

  constructor(options: ParserOptions) {
    this.opt = options;
    this.header = new HeaderRecords({
      tok: this.tok,
      strings: this.strings,
      fail: (reason, label, field, line) => this.fail(reason, label, field, line),
      warn: (message, onceKey) => this.warn(message, onceKey),
      fieldText: (f) => this.fieldText(f),
      line: () => this.lineNo,
    });
    this.fast = new TransScanner(this.strings, options.unitDim, options.activityDim, options.projectDim);
  }

  // -------------------------------------------------------------------------------------------
  // errors and warnings

  private fail(reason: string, label?: number, fieldIndex?: number, line = this.lineNo): PrognosError {
    let field: string | undefined;
    if (label !== undefined && label < LABELS.length) {
      const name = LABELS[label]!;
      const names = FIELD_NAMES[name];
      field = fieldIndex !== undefined && fieldIndex >= 1 && fieldIndex <= names.length ? `#${name} ${names[fieldIndex - 1]}` : `#${name}`;
    }
    const loc: { file: string; line?: number; field?: string } = { file: this.opt.fileName };
    if (line > 0) loc.line = line;
    if (field !== undefined) loc.field = field;
    return badInput(reason, loc);
  }

  private warn(message: string, onceKey?: string): void {
    if (onceKey !== undefined) {
      if (this.warnOnce.has(onceKey)) return;
      this.warnOnce.add(onceKey);
    }
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(message);
    else this.droppedWarnings++;
  }

  /** A field as display text (decoded with the best guess so far) for messages. */
  private fieldText(f: number): string {
    const t = this.tok;
    if (f >= t.count) return '';
    if (t.kind[f] === F_LIST) return '{…}';
    const s = t.fieldBinary(f);
    // Decode first, then mark the cut: '…' is no byte of the file (decoding it gave "undefined").
    if (s.length <= 60) return decodeBinary(s, this.detector.result());
    return decodeBinary(s.slice(0, 60), this.detector.result()) + '…';
  }

  // -------------------------------------------------------------------------------------------
  // line splitting

  /** Feed the next chunk of the file. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    let pos = 0;
    if (!this.started) {
      // A UTF-8 BOM may be split over the first chunks: keep them in carry until 3 bytes are seen.
      if (this.carryLen + buf.length < 3) {
        this.appendCarry(buf, 0, buf.length);
        return;
      }
      this.started = true;
      let first: Buffer = buf;
      if (this.carryLen > 0) {
        first = Buffer.concat([this.carry.subarray(0, this.carryLen), buf]);
        this.carryLen = 0;
      }
      if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) {
        this.detector.bom = true;
        first = first.subarray(3);
      }
      this.push(first);
      return;
    }
    // PostgreSQL text cannot hold NUL: a file with one is binary or broken. One memchr per chunk
    // keeps the common case free; lines are then checked one by one to name the right line.
    if (!this.nulSeen && buf.indexOf(0, pos) >= 0) this.nulSeen = true;
    if (this.carryLen > 0) {
      const nl = buf.indexOf(10, pos);
      if (nl < 0) {
        this.appendCarry(buf, pos, buf.length);
        return;
      }
      this.appendCarry(buf, pos, nl);
      this.line(this.carry, 0, this.carryLen);
      this.carryLen = 0;
      pos = nl + 1;
    }
    const n = buf.length;
    for (;;) {
      const nl = buf.indexOf(10, pos);
      if (nl < 0) break;
      this.line(buf, pos, nl);
      pos = nl + 1;
    }
    if (pos < n) this.appendCarry(buf, pos, n);
  }

  private appendCarry(buf: Uint8Array, from: number, to: number): void {
    const len = to - from;
    const need = this.carryLen + len;
    if (need > MAX_LINE_BYTES) {
      throw this.fail(`raden är längre än ${MAX_LINE_BYTES / (1 << 20)} MB: filen är inte en SIE-fil eller är skadad`, undefined, undefined, this.lineNo + 1);
    }
    if (need > this.carry.length) {
      const c = new Uint8Array(Math.min(MAX_LINE_BYTES, Math.max(need, this.carry.length * 2)));
      c.set(this.carry.subarray(0, this.carryLen));
      this.carry = c;
    }
    this.carry.set(buf.subarray(from, to), this.carryLen);
    this.carryLen = need;
  }

  // -------------------------------------------------------------------------------------------
  // records

  private line(buf: Uint8Array, s: number, e: number): void {
    this.lineNo++;
    if (e - s > MAX_LINE_BYTES) {
      throw this.fail(`raden är längre än ${MAX_LINE_BYTES / (1 << 20)} MB: filen är inte en SIE-fil eller är skadad`);
    }
    let i = s;
    while (i < e && isSpace(buf[i]!)) i++;
    if (i === e) return;
    const b = buf[i]!;
    if (this.xmlLine > 0) {
      this.xmlScan(buf, i, e);
      return;
    }
    if (this.nulSeen) {
      const z = buf.indexOf(0, i);
      if (z >= 0 && z < e) throw this.fail('filen innehåller binära data (NUL-tecken) och är ingen SIE-fil eller är skadad');
    }
    if (b === HASH) {
      this.seenContent = true;
      this.record(buf, i, e);
      return;
    }
    if (b === OPEN_BRACE || b === CLOSE_BRACE) {
      let j = i + 1;
      while (j < e && isSpace(buf[j]!)) j++;
      if (j === e) {
        this.seenContent = true;
        if (b === OPEN_BRACE) this.openVoucher();
        else this.closeVoucher();
        return;
      }
      throw this.fail(`"${b === OPEN_BRACE ? '{' : '}'}" ska stå ensam på raden (verifikationens början eller slut)`);
    }
    if (!this.seenContent && b === LT) {
      this.xmlLine = this.lineNo;
      this.xmlScan(buf, i, e);
      return;
    }
    if (b === 0) throw this.fail('filen innehåller binära data (NUL-tecken) och är ingen SIE-fil');
    if (b === SEMICOLON || (b === SLASH && i + 1 < e && buf[i + 1] === SLASH)) {
      // not a record but plainly a comment: skipped (and outside the checksum), with a warning
      if (this.commentLines.length < 5) this.commentLines.push(this.lineNo);
      this.commentCount++;
      return;
    }
    throw this.fail(`raden är ingen SIE-post: en post ska börja med en etikett som #VER (raden börjar med "${decodeBinary(binary(buf, i, Math.min(e, i + 20)), this.detector.result())}")`);
  }

  /** XML: find whether it is SIE 5 (root element Sie or SieEntry, or the SIE 5 namespace). */
  private xmlScan(buf: Uint8Array, s: number, e: number): void {
    const text = binary(buf, s, Math.min(e, s + 4096));
    if (/<Sie(Entry)?[\s>]/.test(text) || text.includes('sie.se/sie5')) this.xmlIsSie5 = true;
    if (this.xmlIsSie5) {
      throw new PrognosError(
        'UNSUPPORTED',
        'SIE 5 (XML) stöds inte: exportera bokföringen som SIE 4 (typ 4E, 4I eller 1–3) i stället',
        { file: this.opt.fileName, line: this.xmlLine },
      );
    }
    if (this.lineNo - this.xmlLine > 20) {
      throw this.fail('filen är XML men ingen SIE-fil', undefined, undefined, this.xmlLine);
    }
  }

  private record(buf: Uint8Array, s: number, e: number): void {
    let label = L_UNKNOWN;
    // fast path for the most frequent record
    if (e - s > 6 && buf[s + 1] === 0x54 && buf[s + 2] === 0x52 && buf[s + 3] === 0x41 && buf[s + 4] === 0x4e && buf[s + 5] === 0x53 && isSpace(buf[s + 6]!)) {
      label = L_TRANS;
    } else {
      // label: letters A–Z after '#'
      let code = 0;
      let j = s + 1;
      while (j < e) {
        const c = buf[j]!;
        if (c < 65 || c > 90) break;
        code = code * 27 + (c - 64);
        j++;
      }
      if (j > s + 1 && j - s <= 11 && (j === e || isSpace(buf[j]!))) label = LABEL_BY_CODE.get(code) ?? L_UNKNOWN;
    }
    this.labelCounts[label]!++;

    if (this.pendingOpen && label !== L_UNKNOWN) {
      throw this.fail('#VER ska följas av "{" på en egen rad', L_VER, undefined, this.verLine);
    }
    if (this.inVoucher && label !== L_TRANS && label !== L_RTRANS && label !== L_BTRANS && label !== L_UNKNOWN) {
      throw this.fail(`verifikationen som börjar på rad ${this.verLine} avslutas inte med "}" före nästa post`, L_VER, undefined, this.verLine);
    }

    const t = this.tok;
    if (label === L_UNKNOWN) {
      // ignored as the spec requires; still part of the checksum
      if (this.ksumma === 1) {
        const st = t.tokenize(buf, s, e);
        if (st !== TOK_OK) this.tokenError(st, label);
        this.crcFields();
      }
      return;
    }

    if (label === L_TRANS && this.ksumma !== 1) {
      // hottest path: the common shape read in one scan; anything else falls through
      if (this.inVoucher && transFastPath.enabled && this.fast.scan(buf, s + 7, e)) {
        const f = this.fast;
        if (f.extra) this.extraFields++;
        this.bookTrans(f.ym < 0 ? this.verYm : f.ym, f.unit, f.account, f.activity, f.project, f.amount);
        return;
      }
      // hot path: split label … transdat, then only count the rest (text, quantity, sign)
      const st = t.tokenize(buf, s, e, 5);
      if (st !== TOK_OK) this.tokenError(st, label);
      if (t.highBits & 0x80) this.detector.feed(buf, s, t.stopPos);
      if (t.stopPos < e) {
        const rest = countFields(buf, t.stopPos, e, 4);
        if (rest < 0) {
          const st2 = t.tokenize(buf, s, e);
          this.tokenError(st2 === TOK_OK ? TOK_UNTERMINATED_QUOTE : st2, label);
        }
        if (t.count - 1 + rest > MAX_FIELDS[L_TRANS]! + (t.count > 2 && t.kind[2] === F_LIST ? 0 : -1)) this.extraFields++;
      }
      this.transRecord();
      return;
    }
    const st = t.tokenize(buf, s, e);
    if (st !== TOK_OK) this.tokenError(st, label);
    if (t.highBits & 0x80) this.detector.feed(buf, s, e);
    if (this.ksumma === 1 && label !== L_KSUMMA) this.crcFields();
    if (t.count - 1 > MAX_FIELDS[label]!) this.extraFields++;

    switch (label) {
      case L_TRANS:
        this.transRecord();
        return;
      case L_RTRANS:
      case L_BTRANS:
        if (!this.inVoucher) throw this.fail(`#${LABELS[label]} står utanför en verifikation`, label);
        return;
      case L_VER:
        this.verRecord();
        return;
      case L_PSALDO:
      case L_PBUDGET:
        this.balanceRecord(label);
        return;
      case L_FLAGGA:
      case L_GEN:
      case L_IB:
      case L_UB:
      case L_OIB:
      case L_OUB:
        if (label === L_IB || label === L_UB) this.header.yearBalance(label);
        return;
      case L_FORMAT:
      case L_SIETYP:
      case L_PROGRAM:
      case L_FNAMN:
      case L_ORGNR:
        this.header.identity(label);
        return;
      case L_RAR:
        this.header.rarRecord();
        return;
      case L_KONTO:
        this.header.kontoRecord();
        return;
      case L_KTYP:
        this.header.ktypRecord();
        return;
      case L_SRU:
        this.header.sruRecord();
        return;
      case L_DIM:
      case L_UNDERDIM:
        this.header.dimRecord(label);
        return;
      case L_OBJEKT:
        this.header.objektRecord();
        return;
      case L_RES:
        this.header.resRecord();
        return;
      case L_KSUMMA:
        this.ksummaRecord();
        return;
    }
  }

  private tokenError(st: number, label: number): never {
    const f = this.tok.errorField;
    const reason =
      st === TOK_UNTERMINATED_LIST
        ? 'objektlistan avslutas inte med "}"'
        : st === TOK_NESTED_LIST
          ? 'objektlistan innehåller "{" (listor kan inte nästlas)'
          : 'citattecknet avslutas inte på raden';
    throw this.fail(reason, label, f > 0 ? f : undefined);
  }

  /** Add the current record's fields to the running checksum (no separators, quotes or braces). */
  private crcFields(): void {
    const t = this.tok;
    const c = this.checksum;
    for (let f = 0; f < t.count; f++) {
      if (t.kind[f] === F_LIST) {
        const first = t.start[f]!;
        const last = first + t.end[f]!;
        for (let el = first; el < last; el++) c.update(t.elemBuf(el), t.elemStart[el]!, t.elemEnd[el]!);
      } else c.update(t.fieldBuf(f), t.start[f]!, t.end[f]!);
    }
  }

  private ksummaRecord(): void {
    const t = this.tok;
    const hasValue = t.count > 1 && t.end[1]! > t.start[1]!;
    if (this.ksumma === 0) {
      if (hasValue) throw this.fail('#KSUMMA med kontrollsumma saknar en inledande #KSUMMA utan värde', L_KSUMMA, 1);
      this.ksumma = 1;
      this.checksum.reset();
      return;
    }
    if (this.ksumma === 2) throw this.fail('#KSUMMA förekommer fler än två gånger', L_KSUMMA);
    if (!hasValue) throw this.fail('kontrollsumma saknas i den avslutande #KSUMMA', L_KSUMMA, 1);
    const text = this.fieldText(1);
    if (!/^\d{1,10}$/.test(text)) throw this.fail(`"${text}" är ingen kontrollsumma (ett heltal)`, L_KSUMMA, 1);
    const expected = Number(text);
    // over CP437 character values, whichever encoding the file turns out to have
    const actual = this.checksum.value(this.detector.result());
    if (!this.checksum.matches(expected)) {
      throw this.fail(
        `kontrollsumman stämmer inte: filen anger ${expected} men innehållet ger ${actual} (filen har ändrats eller skadats)`,
        L_KSUMMA,
        1,
      );
    }
    this.ksumma = 2;
  }

  // -------------------------------------------------------------------------------------------
  // vouchers

  private checkCardinality(label: number): void {
    if (this.strings.size >= KEY_PART_LIMIT - 1) throw this.fail('filen innehåller orimligt många olika konton och objektkoder', label);
  }

  private verRecord(): void {
    this.checkCardinality(L_VER);
    const t = this.tok;
    this.verLine = this.lineNo;
    this.verSeries = t.count > 1 ? t.fieldBinary(1) : '';
    this.verNumber = t.count > 2 ? t.fieldBinary(2) : '';
    if (t.count <= 3 || t.end[3]! <= t.start[3]! || t.kind[3] === F_LIST) {
      throw this.fail('verifikationsdatum saknas', L_VER, 3);
    }
    const d = parseDate(t.fieldBuf(3), t.start[3]!, t.end[3]!);
    if (d < 0) throw this.fail(`"${this.fieldText(3)}" är inget giltigt datum (ÅÅÅÅMMDD)`, L_VER, 3);
    this.verYm = (d / 100) | 0;
    this.verSum = 0;
    this.verTransCount = 0;
    this.pendingOpen = true;
  }

  private openVoucher(): void {
    if (!this.pendingOpen) {
      if (this.inVoucher) throw this.fail(`verifikationen som börjar på rad ${this.verLine} avslutas inte med "}"`, L_VER, undefined, this.verLine);
      throw this.fail('"{" utan föregående #VER');
    }
    this.pendingOpen = false;
    this.inVoucher = true;
  }

  private closeVoucher(): void {
    if (!this.inVoucher) {
      if (this.pendingOpen) throw this.fail('#VER ska följas av "{" på en egen rad', L_VER, undefined, this.verLine);
      throw this.fail('"}" utan öppnad verifikation');
    }
    this.inVoucher = false;
    if (this.verSum !== 0) {
      const dec = this.detector.result();
      const id = `${decodeBinary(this.verSeries, dec)} ${decodeBinary(this.verNumber, dec)}`.trim();
      throw this.fail(
        `verifikationen${id ? ` ${id}` : ''} balanserar inte: summan av #TRANS är ${formatOre(this.verSum)} (ska vara 0)`,
        L_TRANS,
        3,
        this.verLine,
      );
    }
    if (this.verTransCount === 0) this.emptyVouchers++;
  }

  /** #TRANS kontonr {objektlista} belopp [transdat] … — the hot path. */
  private transRecord(): void {
    if (!this.inVoucher) {
      throw this.fail(this.pendingOpen ? '#VER ska följas av "{" på en egen rad' : '#TRANS står utanför en verifikation', L_TRANS);
    }
    const t = this.tok;
    const n = t.count;
    const kind = t.kind;
    const fs = t.start;
    const fe = t.end;
    // account
    if (n < 2 || kind[1] === F_LIST || fe[1]! <= fs[1]!) throw this.fail('kontonummer saknas', L_TRANS, 1);
    const abuf = t.inScratch[1] ? t.scratch : t.line;
    if (!isAccountNumber(abuf, fs[1]!, fe[1]!)) {
      throw this.fail(`"${this.fieldText(1)}" är inget kontonummer (endast siffror)`, L_TRANS, 1);
    }
    const strings = this.strings;
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
        if (cnt & 1) throw this.fail('objektlistan ska innehålla par av dimension och objekt', L_TRANS, 2);
        const ud = this.opt.unitDim;
        const ad = this.opt.activityDim;
        const pd = this.opt.projectDim;
        const es = t.elemStart;
        const ee = t.elemEnd;
        for (let el = first; el < first + cnt; el += 2) {
          const eb = t.elemInScratch[el] ? t.scratch : t.line;
          let dim: number;
          const ds = es[el]!;
          if (ee[el]! === ds + 1 && eb[ds]! >= 0x30 && eb[ds]! <= 0x39) dim = eb[ds]! - 0x30;
          else dim = parseIntField(eb, ds, ee[el]!);
          if (!(dim >= 0)) {
            throw this.fail(`"${decodeBinary(t.elemBinary(el), this.detector.result())}" är inget dimensionsnummer`, L_TRANS, 2);
          }
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
    if (n <= f || kind[f] === F_LIST) throw this.fail('belopp saknas', L_TRANS, 3);
    const amount = parseAmount(t.inScratch[f] ? t.scratch : t.line, fs[f]!, fe[f]!);
    if (amount !== amount) throw this.fail(amountReason(this.fieldText(f)), L_TRANS, 3);
    // date
    let ym = this.verYm;
    const df = f + 1;
    if (n > df && kind[df] !== F_LIST && fe[df]! > fs[df]!) {
      const date = parseDate(t.inScratch[df] ? t.scratch : t.line, fs[df]!, fe[df]!);
      if (date < 0) throw this.fail(`"${this.fieldText(df)}" är inget giltigt datum (ÅÅÅÅMMDD)`, L_TRANS, 4);
      ym = (date / 100) | 0;
    }
    this.bookTrans(ym, unit, account, activity, project, amount);
  }

  private bookTrans(ym: number, unit: number, account: number, activity: number, project: number, amount: number): void {
    // which chosen dimensions the vouchers use, for the warnings at the end
    if (activity !== 0) this.dimsInTrans |= SIG_ACTIVITY;
    if (project !== 0) this.dimsInTrans |= SIG_PROJECT;
    this.verSum += amount;
    this.verTransCount++;
    const abs = this.absTotal + (amount < 0 ? -amount : amount);
    this.absTotal = abs;
    if (abs > Number.MAX_SAFE_INTEGER) throw this.fail('beloppen är för stora för att summeras exakt', L_TRANS, 3);
    this.trans.add(ym, unit, account, activity, project, amount);
  }

  // -------------------------------------------------------------------------------------------
  // header and balance records













  /** #PSALDO / #PBUDGET årsnr period konto {objekt} saldo */
  private balanceRecord(label: number): void {
    this.checkCardinality(label);
    const t = this.tok;
    const yearIdx = this.header.requireYearIndex(label);
    if (t.count <= 2 || t.kind[2] === F_LIST || t.end[2]! <= t.start[2]!) throw this.fail('period saknas', label, 2);
    const ym = parseYearMonth(t.fieldBuf(2), t.start[2]!, t.end[2]!);
    if (ym < 0) throw this.fail(`"${this.fieldText(2)}" är ingen period (ÅÅÅÅMM)`, label, 2);
    const account = this.header.requireAccount(label, 3);
    let f = 4;
    let sig = 0;
    let unit = 0;
    let activity = 0;
    let project = 0;
    let extra = '';
    if (t.count > 4 && t.kind[4] === F_LIST) {
      const first = t.start[4]!;
      const cnt = t.end[4]!;
      if (cnt & 1) throw this.fail('objektlistan ska innehålla par av dimension och objekt', label, 4);
      const others: number[] = [];
      for (let el = first; el < first + cnt; el += 2) {
        const dim = parseIntField(t.elemBuf(el), t.elemStart[el]!, t.elemEnd[el]!);
        if (!(dim >= 0)) throw this.fail(`"${decodeBinary(t.elemBinary(el), this.detector.result())}" är inget dimensionsnummer`, label, 4);
        const id = (): number => this.strings.intern(t.elemBuf(el + 1), t.elemStart[el + 1]!, t.elemEnd[el + 1]!);
        if (dim === this.opt.unitDim) {
          unit = id();
          sig |= SIG_UNIT;
        } else if (dim === this.opt.activityDim) {
          activity = id();
          sig |= SIG_ACTIVITY;
        } else if (dim === this.opt.projectDim) {
          project = id();
          sig |= SIG_PROJECT;
        } else others.push(dim);
      }
      if (others.length > 0) extra = others.sort((a, b) => a - b).join(',');
      f = 5;
    }
    const amount = this.header.requireAmount(label, f, 5);
    if (activity !== 0) this.dimsInBalances |= SIG_ACTIVITY;
    if (project !== 0) this.dimsInBalances |= SIG_PROJECT;
    this.absTotal += amount < 0 ? -amount : amount;
    if (this.absTotal > Number.MAX_SAFE_INTEGER) throw this.fail('beloppen är för stora för att summeras exakt', label, 5);
    this.balances.add(label === L_PSALDO ? K_PSALDO : K_PBUDGET, yearIdx, ym, account, sig, extra, unit, activity, project, amount);
  }

  // -------------------------------------------------------------------------------------------
  // end of input

  /** The names of the file with their lines, decoded: what the mojibake check reads. */
  private *names(str: (id: number) => string): Generator<{ line: number; text: string }> {
    const h = this.header;
    if (h.company !== null) yield { line: h.companyLine, text: decodeBinary(h.company, this.detector.result()) };
    for (const a of h.accountNames.values()) if (a.name > 0) yield { line: a.line, text: str(a.name) };
    for (const d of h.dimensions) if (d.name > 0) yield { line: d.line, text: str(d.name) };
    for (const o of h.objects) if (o.name > 0) yield { line: o.line, text: str(o.name) };
  }

  /** The last line, then what an unfinished or empty file is. */
  private endOfInput(): void {
    if (!this.started && this.carryLen > 0) {
      // fewer than 3 bytes in all
      this.started = true;
      const c = this.carry.slice(0, this.carryLen);
      this.carryLen = 0;
      this.push(c);
    }
    if (this.carryLen > 0) {
      this.line(this.carry, 0, this.carryLen);
      this.carryLen = 0;
    }
    if (this.xmlLine > 0) throw this.fail('filen är XML men ingen SIE-fil', undefined, undefined, this.xmlLine);
    if (this.pendingOpen || this.inVoucher) {
      throw this.fail(`verifikationen som börjar på rad ${this.verLine} avslutas inte med "}" (filen kan vara avkortad)`, L_VER, undefined, this.verLine);
    }
    if (this.ksumma === 1) throw this.fail('avslutande #KSUMMA saknas (filen kan vara avkortad)', L_KSUMMA, undefined, 0);
    let known = 0;
    for (let i = 0; i < LABELS.length; i++) known += this.labelCounts[i]!;
    if (known === 0) throw this.fail(this.lineNo === 0 ? 'filen är tom' : 'filen innehåller inga SIE-poster', undefined, undefined, 0);
    const empty = nothingToImport(this.labelCounts);
    if (empty !== null) throw this.fail(empty, undefined, undefined, 0);
  }

  /** Period balance rows, each amount once, with what the file's balances looked like as warnings. */
  private balanceRows(rows: RowBuilder, transYears: ReadonlySet<number>): BalanceRowsResult {
    // period balances: every amount once, whatever combinations of objects the file writes
    const disjoint = this.balances.disjointByEvidence((kind, yearIdx, account) => {
      if (kind !== K_PSALDO) return null;
      const k = `${yearIdx}|${account}`;
      const ub = this.header.yearBalances.get(`UB|${k}`);
      if (ub !== undefined) return ub - (this.header.yearBalances.get(`IB|${k}`) ?? 0);
      return this.header.res.get(k) ?? null;
    });
    if (disjoint) {
      this.warn(
        '#PSALDO med objektlistor läses som skilda objektkombinationer ({} = konteringar utan objekt), inte som delsummor: så stämmer de med filens #IB/#UB/#RES',
      );
    }
    const bal = rows.balances(this.balances.rows(disjoint), transYears);
    const { skippedPsaldoYears, missingRar } = bal;
    const balanceOutside = bal.outside;
    const dims = dimensionWarnings({
      unitDim: this.opt.unitDim,
      activityDim: this.opt.activityDim,
      projectDim: this.opt.projectDim,
      projectDimChosen: this.opt.projectDimChosen === true,
      inTrans: this.dimsInTrans,
      inBalances: this.dimsInBalances,
      vouchers: this.labelCounts[L_TRANS]! > 0,
      balances: bal.used,
      unjoined: this.balances.unjoinedSignatures,
    });
    for (const w of dims) this.warn(w);
    for (const y of [...skippedPsaldoYears].sort()) {
      this.warn(`#PSALDO för räkenskapsåret ${y} ignoreras eftersom filen har verifikationer för året (utfallet tas från #TRANS)`);
    }
    if (missingRar.size > 0) {
      this.warn(`#PSALDO/#PBUDGET för årsnummer ${[...missingRar].sort((a, b) => b - a).join(', ')} saknar #RAR; perioderna förs efter kalendern`);
    }
    if (balanceOutside.size > 0) {
      this.warn(`${balanceOutside.size} perioder i #PSALDO/#PBUDGET ligger utanför sitt räkenskapsår i #RAR`);
    }
    return bal;
  }

  /** Warnings about the file as a whole: header, vouchers, accounts, comments, text. */
  private fileWarnings(usedAccount: Uint8Array, str: (id: number) => string): void {
    if (!this.header.companySeen) this.warn('företagsnamn (#FNAMN) saknas');
    else if (this.header.company === null) this.warn('företagsnamnet i #FNAMN är tomt');
    const vouchers = this.labelCounts[L_VER]!;
    if (vouchers > 0 && this.header.sieType !== null && this.header.sieType !== '4') {
      this.warn(`filen anger #SIETYP ${this.header.sieType} men innehåller verifikationer (som bara hör hemma i typ 4); de importeras ändå`);
    }
    if (this.emptyVouchers > 0) this.warn(`${this.emptyVouchers} verifikationer saknar #TRANS-rader`);
    if (this.header.accountNames.size > 0) {
      const missing: string[] = [];
      for (let a = 0; a < usedAccount.length; a++) {
        if (usedAccount[a] && (this.header.accountNames.get(a)?.name ?? -1) < 0) missing.push(str(a));
      }
      if (missing.length > 0) {
        missing.sort();
        this.warn(`${missing.length} konton i #TRANS saknar #KONTO i filen: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ' …' : ''}`);
      }
    }
    if (this.commentCount > 0) {
      this.warn(
        `${this.commentCount} rader som ser ut som kommentarer (börjar med ";" eller "//") hoppades över: rad ${this.commentLines.join(', ')}${this.commentCount > this.commentLines.length ? ' …' : ''}`,
      );
    }
    const mojibake = mojibakeWarning(this.names(str));
    if (mojibake !== null) this.warn(mojibake);
    if (this.detector.replacementChars > 0) {
      this.warn(`filen innehåller ersättningstecken (�): bokstäver som å, ä och ö har förstörts redan i exporten`);
    }
  }

  /** The note on an encoding other than the CP437 the spec requires. */
  private encodingNote(enc: SieEncoding): string | null {
    if (enc === 'cp437') return null;
    const f = this.header.format;
    if (f === 'PC8') return `Filen anger #FORMAT PC8 men är kodad som ${encodingLabel(enc)}`;
    if (f === null) return `Filen saknar #FORMAT (PC8 förutsätts) men är kodad som ${encodingLabel(enc)}`;
    return `Filen anger #FORMAT ${f} och är kodad som ${encodingLabel(enc)}`;
  }


  finish(): ParseOutput {
    this.endOfInput();

    const enc = this.detector.result();
    const dec = (s: string): string => decodeBinary(s, enc);

    // fiscal years, decoded strings, rows ----------------------------------------------------
    const fiscal = new FiscalYears(this.header.years);
    const decoded: string[] = new Array(this.strings.size);
    for (let id = 0; id < this.strings.size; id++) decoded[id] = dec(this.strings.str(id));
    const str = (id: number): string => decoded[id]!;
    const rows = new RowBuilder(decoded, fiscal, (ym, period) => {
      const o = fiscal.overlong(ym, period);
      if (o) throw this.fail(o.reason, L_RAR, 3, o.line);
    });

    const { years: transYears, outsideMonths, usedAccount } = rows.vouchers(this.trans, this.strings.size);
    if (outsideMonths.size > 0) {
      const list = [...outsideMonths].sort((a, b) => a - b).map((ym) => `${Math.floor(ym / 100)}-${String(ym % 100).padStart(2, '0')}`);
      this.warn(
        `verifikationer daterade ${list.slice(0, 6).join(', ')}${list.length > 6 ? ' …' : ''} ligger utanför räkenskapsåren i #RAR; de förs till räkenskapsår om tolv månader räknat från närmaste #RAR`,
      );
    }

    const bal = this.balanceRows(rows, transYears);
    const resNoRar = rows.results(this.header.res, bal.monthlyActualYears);
    if (resNoRar.size > 0) {
      this.warn(`#RES för årsnummer ${[...resNoRar].sort((a, b) => b - a).join(', ')} ignoreras eftersom #RAR saknas för året`);
    }

    this.fileWarnings(usedAccount, str);
    const encodingNote = this.encodingNote(enc);
    if (this.droppedWarnings > 0) this.warnings.push(`… och ${this.droppedWarnings} varningar till`);

    const counts: Record<string, number> = {};
    LABELS.forEach((l, i) => (counts[l] = this.labelCounts[i]!));
    counts.unknown = this.labelCounts[L_UNKNOWN]!;
    counts.extraFields = this.extraFields;
    counts.lines = this.lineNo;

    const outRows = rows.rows();
    counts.rows = outRows.length;

    return {
      encoding: enc,
      encodingNote,
      sieType: this.header.sieType,
      format: this.header.format,
      program: this.header.program === null ? null : dec(this.header.program),
      company: this.header.company === null ? null : dec(this.header.company),
      orgNr: this.header.orgNr === null ? null : dec(this.header.orgNr),
      fiscalYears: [...this.header.years].sort((a, b) => b.index - a.index).map((y) => ({ index: y.index, start: isoDate(y.start), end: isoDate(y.end) })),
      checksum: this.ksumma === 2 ? 'verified' : 'absent',
      accounts: [...this.header.accountNames].map(([id, a]) => ({ account: str(id), name: a.name < 0 ? '' : str(a.name), type: a.type })),
      dimensions: this.header.dimensions.map((d) => ({ dim: d.dim, name: str(d.name), parent: d.parent })),
      objects: this.header.objects.map((o) => ({ dim: o.dim, code: str(o.code), name: str(o.name) })),
      rows: outRows,
      counts,
      warnings: this.warnings,
    };
  }
}
