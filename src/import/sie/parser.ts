/**
 * The SIE 4 parser core: fed byte chunks, it splits lines, tokenizes records on bytes,
 * validates them and aggregates amounts by key. Text is kept as binary strings and decoded once
 * at the end (see encoding.ts), so the encoding can be detected over the whole file.
 */
import { badInput, PrognosError } from '../../core/errors/index.ts';
import { readBalanceRecord } from './balance-records.ts';
import { PeriodBalances } from './balances.ts';
import { nothingToImport } from './file-checks.ts';
import { balanceRows, encodingNote, fileWarnings } from './file-report.ts';
import { decodeBinary, EncodingDetector } from './encoding.ts';
import { KsummaCheck } from './ksumma.ts';
import { parseOutput, type ParseOutput } from './parse-output.ts';
import { Interner } from './intern.ts';
import { AmountTotal, HeaderRecords, type RecordContext } from './records.ts';
import { RowBuilder, type ParsedRow } from './rows.ts';
import { FiscalYears } from './fiscal-years.ts';
import { FIELD_NAMES, LABELS, LABEL_BY_CODE, L_BTRANS, L_DIM, L_FLAGGA, L_FNAMN, L_FORMAT, L_GEN, L_IB, L_KONTO, L_KSUMMA, L_KTYP, L_OBJEKT, L_OIB, L_ORGNR, L_OUB, L_PBUDGET, L_PROGRAM, L_PSALDO, L_RAR, L_RES, L_RTRANS, L_SIETYP, L_SRU, L_TRANS, L_UB, L_UNDERDIM, L_UNKNOWN, L_VER, MAX_FIELDS } from './labels.ts';
import { TransScanner, transFastPath } from './trans-fast.ts';
import { binary, countFields, F_LIST, isSpace, Tokenizer, TOK_NESTED_LIST, TOK_OK, TOK_UNTERMINATED_LIST, TOK_UNTERMINATED_QUOTE } from './tokenizer.ts';
import { VoucherRecords } from './vouchers.ts';

export interface ParserOptions {
  fileName: string;
  unitDim: number;
  activityDim: number | null;
  projectDim: number | null;
  /** The project dimension was chosen, not the default 6: warn when the file never uses it. */
  projectDimChosen?: boolean;
}

export type { ParsedRow };

export type { ParseOutput };

/** Longest accepted line. Real records are far below; a longer one means a broken file. */
export const MAX_LINE_BYTES = 1 << 20;

const HASH = 0x23;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const LT = 0x3c;
const SEMICOLON = 0x3b;
const SLASH = 0x2f;

const MAX_WARNINGS = 50;

export class SieParser {
  private readonly opt: ParserOptions;
  /** What the record readers see of the parser. */
  private readonly ctx: RecordContext;
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

  private readonly ksumma = new KsummaCheck();

  // vouchers, period balances; the sum of absolute amounts of both
  private readonly vouchers: VoucherRecords;
  private readonly balances = new PeriodBalances();
  /** SIG_ACTIVITY / SIG_PROJECT when the chosen dimension occurs in balances. */
  private dimsInBalances = 0;
  private readonly amounts = new AmountTotal();

  // comment lines (';' or '//'), skipped
  private readonly commentLines: number[] = [];
  private commentCount = 0;

  // warnings
  private readonly warnings: string[] = [];
  private droppedWarnings = 0;
  private readonly warnOnce = new Set<string>();

  constructor(options: ParserOptions) {
    this.opt = options;
    this.ctx = {
      tok: this.tok,
      strings: this.strings,
      fail: (reason, label, field, line) => this.fail(reason, label, field, line),
      warn: (message, onceKey) => this.warn(message, onceKey),
      fieldText: (f) => this.fieldText(f),
      line: () => this.lineNo,
      decode: (text) => decodeBinary(text, this.detector.result()),
    };
    this.header = new HeaderRecords(this.ctx);
    this.vouchers = new VoucherRecords(this.ctx, options, this.amounts);
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
        if (b === OPEN_BRACE) this.vouchers.open();
        else this.vouchers.close();
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

    const v = this.vouchers;
    if (v.pendingOpen && label !== L_UNKNOWN) {
      throw this.fail('#VER ska följas av "{" på en egen rad', L_VER, undefined, v.verLine);
    }
    if (v.inVoucher && label !== L_TRANS && label !== L_RTRANS && label !== L_BTRANS && label !== L_UNKNOWN) {
      throw this.fail(`verifikationen som börjar på rad ${v.verLine} avslutas inte med "}" före nästa post`, L_VER, undefined, v.verLine);
    }

    const t = this.tok;
    if (label === L_UNKNOWN) {
      // ignored as the spec requires; still part of the checksum
      if (this.ksumma.running) {
        const st = t.tokenize(buf, s, e);
        if (st !== TOK_OK) this.tokenError(st, label);
        this.ksumma.add(this.tok);
      }
      return;
    }

    if (label === L_TRANS && !this.ksumma.running) {
      // hottest path: the common shape read in one scan; anything else falls through
      if (v.inVoucher && transFastPath.enabled && this.fast.scan(buf, s + 7, e)) {
        const f = this.fast;
        if (f.extra) this.extraFields++;
        v.book(f.ym < 0 ? v.verYm : f.ym, f.unit, f.account, f.activity, f.project, f.amount);
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
      v.trans();
      return;
    }
    const st = t.tokenize(buf, s, e);
    if (st !== TOK_OK) this.tokenError(st, label);
    if (t.highBits & 0x80) this.detector.feed(buf, s, e);
    if (this.ksumma.running && label !== L_KSUMMA) this.ksumma.add(this.tok);
    if (t.count - 1 > MAX_FIELDS[label]!) this.extraFields++;

    this.dispatch(label);
  }

  /** A tokenized record (not the fast path) to its reader. */
  private dispatch(label: number): void {
    switch (label) {
      case L_TRANS:
        this.vouchers.trans();
        return;
      case L_RTRANS:
      case L_BTRANS:
        if (!this.vouchers.inVoucher) throw this.fail(`#${LABELS[label]} står utanför en verifikation`, label);
        return;
      case L_VER:
        this.vouchers.ver();
        return;
      case L_PSALDO:
      case L_PBUDGET:
        this.dimsInBalances |= readBalanceRecord(this.ctx, this.header, this.opt, this.balances, this.amounts, label);
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

  private ksummaRecord(): void {
    const t = this.tok;
    const value = t.count > 1 && t.end[1]! > t.start[1]! ? this.fieldText(1) : null;
    const wrong = this.ksumma.record(value, this.detector.result());
    if (wrong) throw this.fail(wrong.reason, L_KSUMMA, wrong.field);
  }

  // -------------------------------------------------------------------------------------------
  // end of input

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
    const v = this.vouchers;
    if (v.pendingOpen || v.inVoucher) {
      throw this.fail(`verifikationen som börjar på rad ${v.verLine} avslutas inte med "}" (filen kan vara avkortad)`, L_VER, undefined, v.verLine);
    }
    if (this.ksumma.running) throw this.fail('avslutande #KSUMMA saknas (filen kan vara avkortad)', L_KSUMMA, undefined, 0);
    let known = 0;
    for (let i = 0; i < LABELS.length; i++) known += this.labelCounts[i]!;
    if (known === 0) throw this.fail(this.lineNo === 0 ? 'filen är tom' : 'filen innehåller inga SIE-poster', undefined, undefined, 0);
    const empty = nothingToImport(this.labelCounts);
    if (empty !== null) throw this.fail(empty, undefined, undefined, 0);
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

    const { years: transYears, outsideMonths, usedAccount } = rows.vouchers(this.vouchers.sums, this.strings.size);
    if (outsideMonths.size > 0) {
      const list = [...outsideMonths].sort((a, b) => a - b).map((ym) => `${Math.floor(ym / 100)}-${String(ym % 100).padStart(2, '0')}`);
      this.warn(
        `verifikationer daterade ${list.slice(0, 6).join(', ')}${list.length > 6 ? ' …' : ''} ligger utanför räkenskapsåren i #RAR; de förs till räkenskapsår om tolv månader räknat från närmaste #RAR`,
      );
    }

    const warn = (message: string): void => this.warn(message);
    const facts = { header: this.header, labelCounts: this.labelCounts };
    const bal = balanceRows(
      { ...facts, balances: this.balances, dims: { ...this.opt, projectDimChosen: this.opt.projectDimChosen === true }, dimsInTrans: this.vouchers.dimsInTrans, dimsInBalances: this.dimsInBalances },
      rows,
      transYears,
      warn,
    );
    const resNoRar = rows.results(this.header.res, bal.monthlyActualYears);
    if (resNoRar.size > 0) {
      this.warn(`#RES för årsnummer ${[...resNoRar].sort((a, b) => b - a).join(', ')} ignoreras eftersom #RAR saknas för året`);
    }

    const { emptyVouchers } = this.vouchers;
    fileWarnings({ ...facts, emptyVouchers, commentCount: this.commentCount, commentLines: this.commentLines, replacementChars: this.detector.replacementChars, encoding: enc }, usedAccount, str, warn);
    const note = encodingNote(this.header.format, enc);
    if (this.droppedWarnings > 0) this.warnings.push(`… och ${this.droppedWarnings} varningar till`);

    return parseOutput({
      header: this.header,
      labelCounts: this.labelCounts,
      extraFields: this.extraFields,
      lines: this.lineNo,
      rows: rows.rows(),
      encoding: enc,
      encodingNote: note,
      checksumVerified: this.ksumma.verified,
      str,
      dec,
      warnings: this.warnings,
    });
  }
}
