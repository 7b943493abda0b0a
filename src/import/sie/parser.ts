/**
 * The SIE 4 parser core: fed byte chunks, it splits lines, tokenizes records on bytes,
 * validates them and aggregates amounts by key. Text is kept as binary strings and decoded once
 * at the end (see encoding.ts), so the encoding can be detected over the whole file.
 */
import { badInput, PrognosError } from '../../core/errors/index.ts';
import { Aggregator, KEY_PART_LIMIT } from './aggregate.ts';
import { CRC_INIT, crcFinal, crcUpdate } from './crc32.ts';
import { decodeBinary, EncodingDetector, encodingLabel, type SieEncoding } from './encoding.ts';
import { Interner } from './intern.ts';
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
}

export interface ParsedRow {
  scenario: 'actual' | 'budget';
  year: number;
  period: number | null;
  unit: string;
  account: string;
  activity: string;
  project: string;
  amountOre: number;
}

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

// ---------------------------------------------------------------------------------------------
// Labels

export const LABELS = [
  'FLAGGA',
  'FORMAT',
  'SIETYP',
  'PROGRAM',
  'GEN',
  'FNAMN',
  'ORGNR',
  'RAR',
  'KONTO',
  'KTYP',
  'SRU',
  'DIM',
  'UNDERDIM',
  'OBJEKT',
  'IB',
  'UB',
  'OIB',
  'OUB',
  'RES',
  'PSALDO',
  'PBUDGET',
  'VER',
  'TRANS',
  'RTRANS',
  'BTRANS',
  'KSUMMA',
] as const;
type Label = (typeof LABELS)[number];

const L_FLAGGA = 0;
const L_FORMAT = 1;
const L_SIETYP = 2;
const L_PROGRAM = 3;
const L_GEN = 4;
const L_FNAMN = 5;
const L_ORGNR = 6;
const L_RAR = 7;
const L_KONTO = 8;
const L_KTYP = 9;
const L_SRU = 10;
const L_DIM = 11;
const L_UNDERDIM = 12;
const L_OBJEKT = 13;
const L_IB = 14;
const L_UB = 15;
const L_OIB = 16;
const L_OUB = 17;
const L_RES = 18;
const L_PSALDO = 19;
const L_PBUDGET = 20;
const L_VER = 21;
const L_TRANS = 22;
const L_RTRANS = 23;
const L_BTRANS = 24;
const L_KSUMMA = 25;
const L_UNKNOWN = 26;

/** Field names (after the label) per label, as the SIE 4B spec names them, for error messages. */
const FIELD_NAMES: Record<Label, readonly string[]> = {
  FLAGGA: ['flagga'],
  FORMAT: ['format'],
  SIETYP: ['typnr'],
  PROGRAM: ['programnamn', 'version'],
  GEN: ['datum', 'sign'],
  FNAMN: ['företagsnamn'],
  ORGNR: ['orgnr', 'förvnr', 'verknr'],
  RAR: ['årsnr', 'start', 'slut'],
  KONTO: ['kontonr', 'kontonamn'],
  KTYP: ['kontonr', 'kontotyp'],
  SRU: ['kontonr', 'SRU-kod'],
  DIM: ['dimensionsnr', 'namn'],
  UNDERDIM: ['dimensionsnr', 'namn', 'superdimension'],
  OBJEKT: ['dimensionsnr', 'objektkod', 'objektnamn'],
  IB: ['årsnr', 'kontonr', 'saldo', 'kvantitet'],
  UB: ['årsnr', 'kontonr', 'saldo', 'kvantitet'],
  OIB: ['årsnr', 'kontonr', 'objekt', 'saldo', 'kvantitet'],
  OUB: ['årsnr', 'kontonr', 'objekt', 'saldo', 'kvantitet'],
  RES: ['årsnr', 'kontonr', 'saldo', 'kvantitet'],
  PSALDO: ['årsnr', 'period', 'kontonr', 'objekt', 'saldo', 'kvantitet'],
  PBUDGET: ['årsnr', 'period', 'kontonr', 'objekt', 'saldo', 'kvantitet'],
  VER: ['serie', 'vernr', 'datum', 'vertext', 'regdatum', 'sign'],
  TRANS: ['kontonr', 'objektlista', 'belopp', 'transdat', 'transtext', 'kvantitet', 'sign'],
  RTRANS: ['kontonr', 'objektlista', 'belopp', 'transdat', 'transtext', 'kvantitet', 'sign'],
  BTRANS: ['kontonr', 'objektlista', 'belopp', 'transdat', 'transtext', 'kvantitet', 'sign'],
  KSUMMA: ['checksumma'],
};

/** Numeric code of a label of up to 10 letters A–Z (base 27). */
function labelCode(s: string): number {
  let c = 0;
  for (let i = 0; i < s.length; i++) c = c * 27 + (s.charCodeAt(i) - 64);
  return c;
}
/** Number of fields after the label that the spec defines, per label id. */
const MAX_FIELDS = Int32Array.from(LABELS, (l) => FIELD_NAMES[l].length);
const LABEL_BY_CODE = new Map<number, number>(LABELS.map((l, i) => [labelCode(l), i]));

const HASH = 0x23;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const LT = 0x3c;

// Balance record kinds
const K_PSALDO = 0;
const K_PBUDGET = 1;
// Balance record modes: account total ({}), one unit object alone, unit object among others
const M_TOTAL = 0;
const M_SINGLE = 1;
const M_MULTI = 2;

const MAX_WARNINGS = 50;

interface FiscalYear {
  index: number;
  start: number; // yyyymmdd
  end: number;
  startYm: number; // yyyymm
  endYm: number;
  line: number; // of its #RAR
}

/** Longest fiscal year (months) the store holds: period is 1–18, as Swedish law allows. */
export const MAX_PERIOD = 18;

/** Months from yyyymm `a` to yyyymm `b` (b − a). */
function monthsBetween(a: number, b: number): number {
  return (Math.floor(b / 100) - Math.floor(a / 100)) * 12 + ((b % 100) - (a % 100));
}

function addMonths(ym: number, n: number): number {
  const total = Math.floor(ym / 100) * 12 + (ym % 100) - 1 + n;
  return Math.floor(total / 12) * 100 + (total % 12) + 1;
}

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

  // header
  private format: string | null = null;
  private sieType: string | null = null;
  private program: string | null = null;
  private company: string | null = null;
  private companySeen = false;
  private orgNr: string | null = null;
  private readonly years: FiscalYear[] = [];
  private readonly accountNames = new Map<number, { name: number; type: string | null; line: number }>();
  private readonly dimensions: Array<{ dim: number; name: number; parent: number | null }> = [];
  private readonly objects: Array<{ dim: number; code: number; name: number }> = [];
  private readonly objectIndex = new Map<string, number>();

  // counts
  private readonly labelCounts = new Int32Array(LABELS.length + 1);
  private extraFields = 0;

  // checksum
  private ksumma: 0 | 1 | 2 = 0; // 0 none, 1 running, 2 verified
  private crc = CRC_INIT;

  // vouchers
  private inVoucher = false;
  private pendingOpen = false;
  private verLine = 0;
  private verDate = 0;
  private verYm = 0;
  private verSum = 0;
  private verSeries = '';
  private verNumber = '';
  private verTransCount = 0;
  private emptyVouchers = 0;

  // aggregation
  private readonly trans = new Aggregator(); // (yyyymm, unit, account, activity, project)
  private readonly balances = new Aggregator(); // (kind*1000+yearIdx+500, yyyymm, account, unit, mode)
  private readonly res = new Map<string, number>(); // `${yearIdx}|${accountId}` → öre
  private absTotal = 0;

  // warnings
  private readonly warnings: string[] = [];
  private droppedWarnings = 0;
  private readonly warnOnce = new Set<string>();

  constructor(options: ParserOptions) {
    this.opt = options;
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
        if (label === L_IB || label === L_UB) this.checkOptionalBalance(label);
        return;
      case L_FORMAT:
        this.format = t.count > 1 ? t.fieldBinary(1).toUpperCase() : null;
        if (this.format !== null && this.format !== 'PC8') this.warn(`#FORMAT ${this.format} är inte PC8 som SIE 4 kräver`, 'format');
        return;
      case L_SIETYP:
        this.sieType = t.count > 1 ? t.fieldBinary(1) : null;
        if (this.sieType === null || !/^[1-4]$/.test(this.sieType)) {
          throw this.fail(`SIE-typen "${this.fieldText(1)}" är okänd (tillåtna: 1, 2, 3, 4)`, label, 1);
        }
        return;
      case L_PROGRAM:
        this.program = t.count > 1 ? t.fieldBinary(1) + (t.count > 2 && t.kind[2] !== F_LIST && t.end[2]! > t.start[2]! ? ' ' + t.fieldBinary(2) : '') : null;
        return;
      case L_FNAMN: {
        this.companySeen = true;
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
      case L_RAR:
        this.rarRecord();
        return;
      case L_KONTO:
        this.kontoRecord();
        return;
      case L_KTYP:
        this.ktypRecord();
        return;
      case L_SRU:
        this.sruRecord();
        return;
      case L_DIM:
      case L_UNDERDIM:
        this.dimRecord(label);
        return;
      case L_OBJEKT:
        this.objektRecord();
        return;
      case L_RES:
        this.resRecord();
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
    let c = this.crc;
    for (let f = 0; f < t.count; f++) {
      if (t.kind[f] === F_LIST) {
        const first = t.start[f]!;
        const last = first + t.end[f]!;
        for (let el = first; el < last; el++) c = crcUpdate(c, t.elemBuf(el), t.elemStart[el]!, t.elemEnd[el]!);
      } else c = crcUpdate(c, t.fieldBuf(f), t.start[f]!, t.end[f]!);
    }
    this.crc = c;
  }

  private ksummaRecord(): void {
    const t = this.tok;
    const hasValue = t.count > 1 && t.end[1]! > t.start[1]!;
    if (this.ksumma === 0) {
      if (hasValue) throw this.fail('#KSUMMA med kontrollsumma saknar en inledande #KSUMMA utan värde', L_KSUMMA, 1);
      this.ksumma = 1;
      this.crc = CRC_INIT;
      return;
    }
    if (this.ksumma === 2) throw this.fail('#KSUMMA förekommer fler än två gånger', L_KSUMMA);
    if (!hasValue) throw this.fail('kontrollsumma saknas i den avslutande #KSUMMA', L_KSUMMA, 1);
    const text = this.fieldText(1);
    if (!/^\d{1,10}$/.test(text)) throw this.fail(`"${text}" är ingen kontrollsumma (ett heltal)`, L_KSUMMA, 1);
    const expected = Number(text);
    const actual = crcFinal(this.crc);
    if (expected !== actual) {
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
    this.verDate = d;
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
    this.verSum += amount;
    this.verTransCount++;
    const abs = this.absTotal + (amount < 0 ? -amount : amount);
    this.absTotal = abs;
    if (abs > Number.MAX_SAFE_INTEGER) throw this.fail('beloppen är för stora för att summeras exakt', L_TRANS, 3);
    this.trans.add(ym, unit, account, activity, project, amount);
  }

  // -------------------------------------------------------------------------------------------
  // header and balance records

  private requireYearIndex(label: number, f = 1): number {
    const t = this.tok;
    if (t.count <= f || t.kind[f] === F_LIST || t.end[f]! <= t.start[f]!) throw this.fail('årsnummer saknas', label, f);
    const v = parseIntField(t.fieldBuf(f), t.start[f]!, t.end[f]!);
    if (!(v <= 0 && v > -100)) throw this.fail(`"${this.fieldText(f)}" är inget årsnummer (0 = innevarande år, -1 = föregående …)`, label, f);
    return v;
  }

  private requireAccount(label: number, f: number): number {
    const t = this.tok;
    if (t.count <= f || t.kind[f] === F_LIST || t.end[f]! <= t.start[f]!) throw this.fail('kontonummer saknas', label, f);
    const b = t.fieldBuf(f);
    if (!isAccountNumber(b, t.start[f]!, t.end[f]!)) throw this.fail(`"${this.fieldText(f)}" är inget kontonummer (endast siffror)`, label, f);
    return this.strings.intern(b, t.start[f]!, t.end[f]!);
  }

  private requireAmount(label: number, f: number, nameIndex: number): number {
    const t = this.tok;
    if (t.count <= f || t.kind[f] === F_LIST) throw this.fail('belopp saknas', label, nameIndex);
    const a = parseAmount(t.fieldBuf(f), t.start[f]!, t.end[f]!);
    if (a !== a) throw this.fail(amountReason(this.fieldText(f)), label, nameIndex);
    return a;
  }

  private requireDate(label: number, f: number): number {
    const t = this.tok;
    if (t.count <= f || t.kind[f] === F_LIST || t.end[f]! <= t.start[f]!) throw this.fail('datum saknas', label, f);
    const d = parseDate(t.fieldBuf(f), t.start[f]!, t.end[f]!);
    if (d < 0) throw this.fail(`"${this.fieldText(f)}" är inget giltigt datum (ÅÅÅÅMMDD)`, label, f);
    return d;
  }

  private rarRecord(): void {
    const index = this.requireYearIndex(L_RAR);
    const t = this.tok;
    if (t.count <= 2 || (t.end[2]! <= t.start[2]! && (t.count <= 3 || t.end[3]! <= t.start[3]!))) {
      // "#RAR 0" without dates (seen in type 4I exports): no fiscal year to map to
      this.warn(`rad ${this.lineNo}: #RAR ${index} saknar datum och ignoreras`);
      return;
    }
    const start = this.requireDate(L_RAR, 2);
    const end = this.requireDate(L_RAR, 3);
    if (end < start) {
      throw this.fail(`räkenskapsåret slutar (${isoDate(end)}) före det börjar (${isoDate(start)})`, L_RAR, 3);
    }
    const startYm = Math.floor(start / 100);
    const endYm = Math.floor(end / 100);
    if (monthsBetween(startYm, endYm) >= 18) {
      this.warn(`räkenskapsåret med årsnummer ${index} (${isoDate(start)}–${isoDate(end)}) är längre än 18 månader`);
    }
    for (const y of this.years) {
      if (y.index === index) throw this.fail(`årsnummer ${index} förekommer i två #RAR-poster`, L_RAR, 1);
      if (start <= y.end && end >= y.start) throw this.fail(`räkenskapsåret överlappar årsnummer ${y.index}`, L_RAR, 2);
    }
    this.years.push({ index, start, end, startYm, endYm, line: this.lineNo });
  }

  private kontoRecord(): void {
    const account = this.requireAccount(L_KONTO, 1);
    const t = this.tok;
    const name = t.count > 2 && t.kind[2] !== F_LIST ? this.strings.internString(t.fieldBinary(2)) : 0;
    const prev = this.accountNames.get(account);
    if (prev) prev.name = name;
    else this.accountNames.set(account, { name, type: null, line: this.lineNo });
  }

  private ktypRecord(): void {
    const t = this.tok;
    if (t.count <= 1 || t.kind[1] === F_LIST || !isAccountNumber(t.fieldBuf(1), t.start[1]!, t.end[1]!)) {
      this.warn(`rad ${this.lineNo}: #KTYP har inget giltigt kontonummer och ignoreras`);
      return;
    }
    const account = this.strings.intern(t.fieldBuf(1), t.start[1]!, t.end[1]!);
    const type = t.count > 2 ? t.fieldBinary(2).toUpperCase() : '';
    if (!/^[TSKI]$/.test(type)) {
      this.warn(`rad ${this.lineNo}: #KTYP har okänd kontotyp "${this.fieldText(2)}" (T, S, K eller I) och ignoreras`);
      return;
    }
    const prev = this.accountNames.get(account);
    if (prev) prev.type = type;
    else this.accountNames.set(account, { name: -1, type, line: this.lineNo });
  }

  private sruRecord(): void {
    // SRU codes (tax return lines) are not used by Prognos: a broken record is only a warning.
    const t = this.tok;
    if (t.count <= 1 || t.kind[1] === F_LIST || !isAccountNumber(t.fieldBuf(1), t.start[1]!, t.end[1]!)) {
      this.warn(`rad ${this.lineNo}: #SRU har inget giltigt kontonummer ("${this.fieldText(1)}") och ignoreras`);
    } else if (t.count <= 2 || !/^\d+$/.test(t.fieldBinary(2))) {
      this.warn(`rad ${this.lineNo}: #SRU saknar giltig SRU-kod och ignoreras`);
    }
  }

  private checkOptionalBalance(label: number): void {
    // #IB/#UB are counted, not imported: a broken one is only a warning.
    const t = this.tok;
    const ok =
      t.count > 3 &&
      t.kind[1] !== F_LIST &&
      t.kind[2] !== F_LIST &&
      !Number.isNaN(parseIntField(t.fieldBuf(1), t.start[1]!, t.end[1]!)) &&
      isAccountNumber(t.fieldBuf(2), t.start[2]!, t.end[2]!) &&
      t.kind[3] !== F_LIST &&
      parseAmount(t.fieldBuf(3), t.start[3]!, t.end[3]!) === parseAmount(t.fieldBuf(3), t.start[3]!, t.end[3]!);
    if (!ok) this.warn(`rad ${this.lineNo}: #${LABELS[label]} är ofullständig (årsnr, konto eller saldo saknas eller är ogiltigt) och ignoreras`);
  }

  private dimRecord(label: number): void {
    const t = this.tok;
    if (t.count <= 1 || t.kind[1] === F_LIST) throw this.fail('dimensionsnummer saknas', label, 1);
    const dim = parseIntField(t.fieldBuf(1), t.start[1]!, t.end[1]!);
    if (!(dim >= 1)) throw this.fail(`"${this.fieldText(1)}" är inget dimensionsnummer (heltal från 1)`, label, 1);
    const name = t.count > 2 && t.kind[2] !== F_LIST ? this.strings.internString(t.fieldBinary(2)) : 0;
    let parent: number | null = null;
    if (label === L_UNDERDIM) {
      const p = t.count > 3 && t.kind[3] !== F_LIST ? parseIntField(t.fieldBuf(3), t.start[3]!, t.end[3]!) : NaN;
      if (!(p >= 1)) throw this.fail(`"${this.fieldText(3)}" är inget dimensionsnummer för överordnad dimension`, label, 3);
      parent = p;
    }
    const prev = this.dimensions.find((d) => d.dim === dim);
    if (prev) {
      prev.name = name;
      prev.parent = parent;
    } else this.dimensions.push({ dim, name, parent });
  }

  private objektRecord(): void {
    const t = this.tok;
    if (t.count <= 1 || t.kind[1] === F_LIST) throw this.fail('dimensionsnummer saknas', L_OBJEKT, 1);
    const dim = parseIntField(t.fieldBuf(1), t.start[1]!, t.end[1]!);
    if (!(dim >= 1)) throw this.fail(`"${this.fieldText(1)}" är inget dimensionsnummer (heltal från 1)`, L_OBJEKT, 1);
    if (t.count <= 2 || t.kind[2] === F_LIST || t.end[2]! <= t.start[2]!) throw this.fail('objektkod saknas', L_OBJEKT, 2);
    const code = this.strings.intern(t.fieldBuf(2), t.start[2]!, t.end[2]!);
    const name = t.count > 3 && t.kind[3] !== F_LIST ? this.strings.internString(t.fieldBinary(3)) : 0;
    const key = `${dim}|${code}`;
    const prev = this.objectIndex.get(key);
    if (prev !== undefined) this.objects[prev]!.name = name;
    else {
      this.objectIndex.set(key, this.objects.length);
      this.objects.push({ dim, code, name });
    }
  }

  private resRecord(): void {
    const yearIdx = this.requireYearIndex(L_RES);
    const account = this.requireAccount(L_RES, 2);
    const amount = this.requireAmount(L_RES, 3, 3);
    const key = `${yearIdx}|${account}`;
    this.res.set(key, (this.res.get(key) ?? 0) + amount);
  }

  /** #PSALDO / #PBUDGET årsnr period konto {objekt} saldo */
  private balanceRecord(label: number): void {
    this.checkCardinality(label);
    const t = this.tok;
    const yearIdx = this.requireYearIndex(label);
    if (t.count <= 2 || t.kind[2] === F_LIST || t.end[2]! <= t.start[2]!) throw this.fail('period saknas', label, 2);
    const ym = parseYearMonth(t.fieldBuf(2), t.start[2]!, t.end[2]!);
    if (ym < 0) throw this.fail(`"${this.fieldText(2)}" är ingen period (ÅÅÅÅMM)`, label, 2);
    const account = this.requireAccount(label, 3);
    let f = 4;
    let mode = M_TOTAL;
    let unit = 0;
    if (t.count > 4 && t.kind[4] === F_LIST) {
      const first = t.start[4]!;
      const cnt = t.end[4]!;
      if (cnt & 1) throw this.fail('objektlistan ska innehålla par av dimension och objekt', label, 4);
      if (cnt > 0) {
        mode = -1; // other dimensions only
        for (let el = first; el < first + cnt; el += 2) {
          const dim = parseIntField(t.elemBuf(el), t.elemStart[el]!, t.elemEnd[el]!);
          if (!(dim >= 0)) throw this.fail(`"${decodeBinary(t.elemBinary(el), this.detector.result())}" är inget dimensionsnummer`, label, 4);
          if (dim === this.opt.unitDim) {
            unit = this.strings.intern(t.elemBuf(el + 1), t.elemStart[el + 1]!, t.elemEnd[el + 1]!);
            mode = cnt === 2 ? M_SINGLE : M_MULTI;
          }
        }
      }
      f = 5;
    }
    const amount = this.requireAmount(label, f, 5);
    if (mode < 0) return; // records for other dimensions only do not change totals
    this.absTotal += amount < 0 ? -amount : amount;
    if (this.absTotal > Number.MAX_SAFE_INTEGER) throw this.fail('beloppen är för stora för att summeras exakt', label, 5);
    const kind = label === L_PSALDO ? K_PSALDO : K_PBUDGET;
    this.balances.add(kind * 1000 + yearIdx + 500, ym, account, unit, mode, amount);
  }

  // -------------------------------------------------------------------------------------------
  // end of input

  finish(): ParseOutput {
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

    const enc = this.detector.result();
    const dec = (s: string): string => decodeBinary(s, enc);

    // fiscal year mapping --------------------------------------------------------------------
    const years = [...this.years].sort((a, b) => a.start - b.start);
    const outsideMonths = new Set<number>();
    /** Fiscal year (start year) and 1-based period of month yyyymm. */
    const mapMonth = (ym: number): { year: number; period: number; outside: boolean } => {
      for (const y of years) {
        if (ym >= y.startYm && ym <= y.endYm) return { year: Math.floor(y.startYm / 100), period: monthsBetween(y.startYm, ym) + 1, outside: false };
      }
      // outside every #RAR (or no #RAR): twelve-month years aligned to the nearest fiscal year
      let anchor: number;
      if (years.length === 0) anchor = Math.floor(ym / 100) * 100 + 1;
      else if (ym < years[0]!.startYm) anchor = years[0]!.startYm;
      else {
        let last = years[0]!;
        for (const y of years) if (y.endYm < ym) last = y;
        anchor = addMonths(last.endYm, 1);
      }
      const diff = monthsBetween(anchor, ym);
      const k = Math.floor(diff / 12);
      const start = addMonths(anchor, 12 * k);
      return { year: Math.floor(start / 100), period: diff - 12 * k + 1, outside: years.length > 0 };
    };
    const byIndex = new Map(years.map((y) => [y.index, y]));
    /** An amount in month 19 or later of an over-long fiscal year cannot be stored: name its #RAR. */
    const checkPeriod = (ym: number, period: number): void => {
      if (period <= MAX_PERIOD) return;
      const fy = years.find((y) => ym >= y.startYm && ym <= y.endYm);
      throw this.fail(
        `räkenskapsåret ${isoDate(fy?.start ?? 0)}–${isoDate(fy?.end ?? 0)} är längre än ${MAX_PERIOD} månader och har belopp i dess månad ${period} (${Math.floor(ym / 100)}-${String(ym % 100).padStart(2, '0')}); ett räkenskapsår kan vara högst ${MAX_PERIOD} månader`,
        L_RAR,
        3,
        fy?.line ?? 0,
      );
    };

    // decoded strings per interned id; decoding is 1:1 except for broken UTF-8 (U+FFFD)
    const decoded: string[] = new Array(this.strings.size);
    const seen = new Set<string>();
    for (let id = 0; id < this.strings.size; id++) {
      const d = dec(this.strings.str(id));
      decoded[id] = d;
      seen.add(d);
    }
    const injective = seen.size === this.strings.size;
    const str = (id: number): string => decoded[id]!;

    // rows: voucher rows straight from the aggregator when their keys cannot collide; balance
    // and #RES rows (few) through a map keyed on the decoded strings
    const direct: ParsedRow[] = [];
    const merged = new Map<string, ParsedRow>();
    const addRow = (scenario: 'actual' | 'budget', year: number, period: number | null, unit: string, account: string, activity: string, project: string, amount: number): void => {
      const key = `${scenario}\u0000${year}\u0000${period ?? ''}\u0000${unit}\u0000${account}\u0000${activity}\u0000${project}`;
      const r = merged.get(key);
      if (r) r.amountOre += amount;
      else merged.set(key, { scenario, year, period, unit, account, activity, project, amountOre: amount });
    };

    // vouchers
    const transYears = new Set<number>();
    const monthCache = new Map<number, { year: number; period: number; outside: boolean }>();
    const yearPeriods = new Set<number>();
    const tr = this.trans;
    const usedAccount = new Uint8Array(this.strings.size);
    for (let i = 0; i < tr.capacity; i++) {
      if (!tr.occupied(i)) continue;
      const ym = tr.key(i, 0);
      if (monthCache.has(ym)) continue;
      const m = mapMonth(ym);
      checkPeriod(ym, m.period);
      monthCache.set(ym, m);
      if (m.outside) outsideMonths.add(ym);
      transYears.add(m.year);
      yearPeriods.add(m.year * 1000 + m.period);
    }
    const directOk = injective && yearPeriods.size === monthCache.size;
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
          direct.push({
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
      } else addRow('actual', year, period, str(unit), str(account), str(activity), str(project), amount);
    }
    if (outsideMonths.size > 0) {
      const list = [...outsideMonths].sort((a, b) => a - b).map((ym) => `${Math.floor(ym / 100)}-${String(ym % 100).padStart(2, '0')}`);
      this.warn(
        `verifikationer daterade ${list.slice(0, 6).join(', ')}${list.length > 6 ? ' …' : ''} ligger utanför räkenskapsåren i #RAR; de förs till räkenskapsår om tolv månader räknat från närmaste #RAR`,
      );
    }

    // period balances: {} total vs unit records, never both
    interface Group {
      kind: number;
      yearIdx: number;
      ym: number;
      account: number;
      total: number | null;
      single: Map<number, number>;
      multi: Map<number, number>;
    }
    const groups = new Map<string, Group>();
    const bal = this.balances;
    for (let i = 0; i < bal.capacity; i++) {
      if (!bal.occupied(i)) continue;
      const ky = bal.key(i, 0);
      const ym = bal.key(i, 1);
      const acc = bal.key(i, 2);
      const key = `${ky}|${ym}|${acc}`;
      let g = groups.get(key);
      if (!g) {
        g = { kind: Math.floor(ky / 1000), yearIdx: (ky % 1000) - 500, ym, account: acc, total: null, single: new Map(), multi: new Map() };
        groups.set(key, g);
      }
      const mode = bal.key(i, 4);
      const unit = bal.key(i, 3);
      const amount = bal.sum(i);
      if (mode === M_TOTAL) g.total = (g.total ?? 0) + amount;
      else {
        const m = mode === M_SINGLE ? g.single : g.multi;
        m.set(unit, (m.get(unit) ?? 0) + amount);
      }
    }
    const skippedPsaldoYears = new Set<number>();
    const monthlyActualYears = new Set<number>(transYears);
    const missingRar = new Set<number>();
    const balanceOutside = new Set<string>();
    for (const g of groups.values()) {
      const fy = byIndex.get(g.yearIdx);
      let year: number;
      let period: number;
      if (fy && g.ym >= fy.startYm && g.ym <= fy.endYm) {
        year = Math.floor(fy.startYm / 100);
        period = monthsBetween(fy.startYm, g.ym) + 1;
        checkPeriod(g.ym, period);
      } else {
        if (!fy && years.length > 0) missingRar.add(g.yearIdx);
        else if (fy) balanceOutside.add(`${g.yearIdx}/${g.ym}`);
        const m = mapMonth(g.ym);
        year = m.year;
        period = m.period;
      }
      const scenario = g.kind === K_PSALDO ? 'actual' : 'budget';
      if (g.kind === K_PSALDO) {
        if (transYears.has(year)) {
          skippedPsaldoYears.add(year);
          continue;
        }
        monthlyActualYears.add(year);
      }
      const account = str(g.account);
      // per unit: a record with the unit object alone wins over combinations with other objects
      const units = new Map<number, number>(g.single);
      for (const [u, a] of g.multi) if (!g.single.has(u)) units.set(u, a);
      let unitSum = 0;
      for (const [u, a] of units) {
        unitSum += a;
        addRow(scenario, year, period, str(u), account, '', '', a);
      }
      if (g.total !== null) addRow(scenario, year, period, '', account, '', '', g.total - unitSum);
    }
    for (const y of [...skippedPsaldoYears].sort()) {
      this.warn(`#PSALDO för räkenskapsåret ${y} ignoreras eftersom filen har verifikationer för året (utfallet tas från #TRANS)`);
    }
    if (missingRar.size > 0) {
      this.warn(`#PSALDO/#PBUDGET för årsnummer ${[...missingRar].sort((a, b) => b - a).join(', ')} saknar #RAR; perioderna förs efter kalendern`);
    }
    if (balanceOutside.size > 0) {
      this.warn(`${balanceOutside.size} perioder i #PSALDO/#PBUDGET ligger utanför sitt räkenskapsår i #RAR`);
    }

    // #RES: annual result for years without monthly actuals
    const resNoRar = new Set<number>();
    for (const [key, amount] of this.res) {
      const [yi, acc] = key.split('|').map(Number) as [number, number];
      const fy = byIndex.get(yi);
      if (!fy) {
        resNoRar.add(yi);
        continue;
      }
      const year = Math.floor(fy.startYm / 100);
      if (monthlyActualYears.has(year)) continue;
      addRow('actual', year, null, '', str(acc), '', '', amount);
    }
    if (resNoRar.size > 0) {
      this.warn(`#RES för årsnummer ${[...resNoRar].sort((a, b) => b - a).join(', ')} ignoreras eftersom #RAR saknas för året`);
    }

    // header warnings ------------------------------------------------------------------------
    if (!this.companySeen) this.warn('företagsnamn (#FNAMN) saknas');
    else if (this.company === null) this.warn('företagsnamnet i #FNAMN är tomt');
    const vouchers = this.labelCounts[L_VER]!;
    if (vouchers > 0 && this.sieType !== null && this.sieType !== '4') {
      this.warn(`filen anger #SIETYP ${this.sieType} men innehåller verifikationer (som bara hör hemma i typ 4); de importeras ändå`);
    }
    if (this.emptyVouchers > 0) this.warn(`${this.emptyVouchers} verifikationer saknar #TRANS-rader`);
    if (this.accountNames.size > 0) {
      const missing: string[] = [];
      for (let a = 0; a < usedAccount.length; a++) {
        if (usedAccount[a] && (this.accountNames.get(a)?.name ?? -1) < 0) missing.push(str(a));
      }
      if (missing.length > 0) {
        missing.sort();
        this.warn(`${missing.length} konton i #TRANS saknar #KONTO i filen: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ' …' : ''}`);
      }
    }
    if (this.detector.replacementChars > 0) {
      this.warn(`filen innehåller ersättningstecken (�): bokstäver som å, ä och ö har förstörts redan i exporten`);
    }

    let encodingNote: string | null = null;
    if (enc !== 'cp437') {
      encodingNote =
        this.format === 'PC8'
          ? `Filen anger #FORMAT PC8 men är kodad som ${encodingLabel(enc)}`
          : this.format === null
            ? `Filen saknar #FORMAT (PC8 förutsätts) men är kodad som ${encodingLabel(enc)}`
            : `Filen anger #FORMAT ${this.format} och är kodad som ${encodingLabel(enc)}`;
    }
    if (this.droppedWarnings > 0) this.warnings.push(`… och ${this.droppedWarnings} varningar till`);

    const counts: Record<string, number> = {};
    LABELS.forEach((l, i) => (counts[l] = this.labelCounts[i]!));
    counts.unknown = this.labelCounts[L_UNKNOWN]!;
    counts.extraFields = this.extraFields;
    counts.lines = this.lineNo;

    const outRows = direct;
    for (const r of merged.values()) if (r.amountOre !== 0) outRows.push(r);
    counts.rows = outRows.length;

    return {
      encoding: enc,
      encodingNote,
      sieType: this.sieType,
      format: this.format,
      program: this.program === null ? null : dec(this.program),
      company: this.company === null ? null : dec(this.company),
      orgNr: this.orgNr === null ? null : dec(this.orgNr),
      fiscalYears: [...this.years].sort((a, b) => b.index - a.index).map((y) => ({ index: y.index, start: isoDate(y.start), end: isoDate(y.end) })),
      checksum: this.ksumma === 2 ? 'verified' : 'absent',
      accounts: [...this.accountNames].map(([id, a]) => ({ account: str(id), name: a.name < 0 ? '' : str(a.name), type: a.type })),
      dimensions: this.dimensions.map((d) => ({ dim: d.dim, name: str(d.name), parent: d.parent })),
      objects: this.objects.map((o) => ({ dim: o.dim, code: str(o.code), name: str(o.name) })),
      rows: outRows,
      counts,
      warnings: this.warnings,
    };
  }
}
