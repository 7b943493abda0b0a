/**
 * Splits one SIE record (the bytes of one line, without its line break) into fields, working
 * on bytes. Fields are separated by spaces or tabs (CR counts as a space); a field may be
 * quoted ("…") and must be when it contains spaces; `\"` inside quotes is a quote. An object
 * list `{1 "100" 6 "P1"}` is one field whose elements are stored separately.
 *
 * The tokenizer allocates nothing per line: fields are offsets into the line buffer, or into
 * a scratch buffer for quoted fields containing `\"` (written unescaped).
 */

export const F_SCALAR = 0;
export const F_LIST = 1;

export const TOK_OK = 0;
export const TOK_UNTERMINATED_QUOTE = 1;
export const TOK_UNTERMINATED_LIST = 2;
export const TOK_NESTED_LIST = 3;

// the bytes of the record syntax (shared with the #TRANS fast path)
export const SP = 0x20;
export const TAB = 0x09;
export const CR = 0x0d;
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const OPEN = 0x7b;
export const CLOSE = 0x7d;

/** True for the bytes that separate fields. */
export function isSpace(b: number): boolean {
  return b === SP || b === TAB || b === CR;
}

export class Tokenizer {
  /** The line buffer of the last `tokenize` call. */
  line: Uint8Array = new Uint8Array(0);
  /** Unescaped copies of quoted fields that contained `\"`. */
  scratch = new Uint8Array(256);
  private scratchLen = 0;

  /** Number of fields (an object list counts as one). */
  count = 0;
  kind = new Uint8Array(32);
  /** Scalar: byte range. List: index of its first element and the element count. */
  start = new Int32Array(32);
  end = new Int32Array(32);
  /** 1 when a scalar field lives in `scratch`. */
  inScratch = new Uint8Array(32);
  /** Whether the field was quoted (an empty quoted field "" is a present, empty value). */
  quoted = new Uint8Array(32);

  /** Elements of all object lists of the line, in order. */
  elemCount = 0;
  elemStart = new Int32Array(32);
  elemEnd = new Int32Array(32);
  elemInScratch = new Uint8Array(32);

  /** Index of the field where tokenizing stopped with an error. */
  errorField = 0;

  /**
   * Non-ASCII bytes seen: the parser feeds such fields to the encoding detector. Collected as
   * an OR of all bytes of the line.
   */
  highBits = 0;

  /**
   * Tokenize `buf[from, to)` into at most `maxFields` fields (further fields are not split:
   * callers that only need the first fields save work). Returns a TOK_* status.
   */
  tokenize(buf: Uint8Array, from: number, to: number, maxFields = 0x7fffffff): number {
    this.line = buf;
    this.count = 0;
    this.elemCount = 0;
    this.scratchLen = 0;
    let hi = 0;
    let i = from;
    while (i < to) {
      let b = buf[i]!;
      if (b === SP || b === TAB || b === CR) {
        i++;
        continue;
      }
      if (this.count >= maxFields) {
        this.stopPos = i;
        this.highBits = hi;
        return TOK_OK;
      }
      const f = this.count;
      if (f >= this.kind.length) this.growFields();
      this.count = f + 1;
      if (b === OPEN) {
        // object list
        this.kind[f] = F_LIST;
        this.quoted[f] = 0;
        const first = this.elemCount;
        i++;
        let closed = false;
        while (i < to) {
          b = buf[i]!;
          if (b === SP || b === TAB || b === CR) {
            i++;
            continue;
          }
          if (b === CLOSE) {
            i++;
            closed = true;
            break;
          }
          if (b === OPEN) {
            this.errorField = f;
            return TOK_NESTED_LIST;
          }
          const e = this.elemCount;
          if (e >= this.elemStart.length) this.growElems();
          this.elemCount = e + 1;
          if (b === QUOTE) {
            const r = this.readQuoted(buf, i + 1, to);
            if (r < 0) {
              this.errorField = f;
              return TOK_UNTERMINATED_QUOTE;
            }
            this.elemStart[e] = this.qStart;
            this.elemEnd[e] = this.qEnd;
            this.elemInScratch[e] = this.qScratch;
            hi |= this.qHigh;
            i = r;
          } else {
            const s = i;
            while (i < to) {
              b = buf[i]!;
              if (b === SP || b === TAB || b === CR || b === CLOSE || b === QUOTE) break;
              hi |= b;
              i++;
            }
            this.elemStart[e] = s;
            this.elemEnd[e] = i;
            this.elemInScratch[e] = 0;
          }
        }
        if (!closed) {
          this.errorField = f;
          return TOK_UNTERMINATED_LIST;
        }
        this.start[f] = first;
        this.end[f] = this.elemCount - first;
        this.inScratch[f] = 0;
        continue;
      }
      this.kind[f] = F_SCALAR;
      if (b === QUOTE) {
        const r = this.readQuoted(buf, i + 1, to);
        if (r < 0) {
          this.errorField = f;
          return TOK_UNTERMINATED_QUOTE;
        }
        this.start[f] = this.qStart;
        this.end[f] = this.qEnd;
        this.inScratch[f] = this.qScratch;
        this.quoted[f] = 1;
        hi |= this.qHigh;
        i = r;
        continue;
      }
      const s = i;
      while (i < to) {
        b = buf[i]!;
        if (b === SP || b === TAB || b === CR) break;
        hi |= b;
        i++;
      }
      this.start[f] = s;
      this.end[f] = i;
      this.inScratch[f] = 0;
      this.quoted[f] = 0;
    }
    this.highBits = hi;
    this.stopPos = to;
    return TOK_OK;
  }

  /** Where tokenizing stopped: the end of the line, or the start of the first field not split. */
  stopPos = 0;

  private qStart = 0;
  private qEnd = 0;
  private qScratch = 0;
  private qHigh = 0;

  /** Read a quoted value starting after its opening quote; returns the index after the closing quote or -1. */
  private readQuoted(buf: Uint8Array, from: number, to: number): number {
    let hi = 0;
    let i = from;
    while (i < to) {
      const b = buf[i]!;
      if (b === QUOTE) {
        this.qStart = from;
        this.qEnd = i;
        this.qScratch = 0;
        this.qHigh = hi;
        return i + 1;
      }
      if (b === BACKSLASH && i + 1 < to && buf[i + 1] === QUOTE) return this.readEscaped(buf, from, to);
      hi |= b;
      i++;
    }
    return -1;
  }

  /** Slow path for quoted values with `\"`: copy unescaped into scratch. */
  private readEscaped(buf: Uint8Array, from: number, to: number): number {
    const need = this.scratchLen + (to - from);
    if (need > this.scratch.length) {
      const n = new Uint8Array(Math.max(need, this.scratch.length * 2));
      n.set(this.scratch.subarray(0, this.scratchLen));
      this.scratch = n;
    }
    const out = this.scratch;
    const s = this.scratchLen;
    let o = s;
    let hi = 0;
    let i = from;
    while (i < to) {
      const b = buf[i]!;
      if (b === QUOTE) {
        this.qStart = s;
        this.qEnd = o;
        this.qScratch = 1;
        this.qHigh = hi;
        this.scratchLen = o;
        return i + 1;
      }
      if (b === BACKSLASH && i + 1 < to && buf[i + 1] === QUOTE) {
        out[o++] = QUOTE;
        i += 2;
        continue;
      }
      hi |= b;
      out[o++] = b;
      i++;
    }
    return -1;
  }

  private growFields(): void {
    const n = this.kind.length * 2;
    this.kind = grow8(this.kind, n);
    this.start = grow32(this.start, n);
    this.end = grow32(this.end, n);
    this.inScratch = grow8(this.inScratch, n);
    this.quoted = grow8(this.quoted, n);
  }

  private growElems(): void {
    const n = this.elemStart.length * 2;
    this.elemStart = grow32(this.elemStart, n);
    this.elemEnd = grow32(this.elemEnd, n);
    this.elemInScratch = grow8(this.elemInScratch, n);
  }

  /** The buffer holding scalar field `f`. */
  fieldBuf(f: number): Uint8Array {
    return this.inScratch[f] ? this.scratch : this.line;
  }

  elemBuf(e: number): Uint8Array {
    return this.elemInScratch[e] ? this.scratch : this.line;
  }

  /**
   * Scalar field `f` as a binary string (one char per byte); '' for an object list, whose start
   * and end are element indices, not byte offsets (reading them as bytes gave arbitrary text).
   */
  fieldBinary(f: number): string {
    if (this.kind[f] === F_LIST) return '';
    return binary(this.fieldBuf(f), this.start[f]!, this.end[f]!);
  }

  elemBinary(e: number): string {
    return binary(this.elemBuf(e), this.elemStart[e]!, this.elemEnd[e]!);
  }
}

function grow8(a: Uint8Array, n: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(n);
  b.set(a);
  return b;
}

function grow32(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/** Bytes as a binary string (char code = byte). */
export function binary(buf: Uint8Array, start: number, end: number): string {
  const len = end - start;
  if (len <= 0) return '';
  if (len > 64) return Buffer.from(buf.buffer, buf.byteOffset + start, len).toString('latin1');
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]!);
  return s;
}

/** A field as tests see it: a string, or a list of strings for an object list. */
export type TokenField = string | string[];

/**
 * Tokenize one line given as bytes into binary strings (convenience for tests; the parser uses
 * the Tokenizer directly). Throws a plain Error on a tokenizer error.
 */
export function tokenizeLine(bytes: Uint8Array): TokenField[] {
  const t = new Tokenizer();
  const st = t.tokenize(bytes, 0, bytes.length);
  if (st !== TOK_OK) throw new Error(`tokenizer status ${st} at field ${t.errorField}`);
  const out: TokenField[] = [];
  for (let f = 0; f < t.count; f++) {
    if (t.kind[f] === F_LIST) {
      const list: string[] = [];
      for (let e = t.start[f]!; e < t.start[f]! + t.end[f]!; e++) list.push(t.elemBinary(e));
      out.push(list);
    } else out.push(t.fieldBinary(f));
  }
  return out;
}

/**
 * Count the fields in `buf[from, to)` without recording them, up to `limit` (cheap skip of
 * trailing fields such as a transaction text). Returns -1 on an unterminated quote or list.
 */
export function countFields(buf: Uint8Array, from: number, to: number, limit: number): number {
  let n = 0;
  let i = from;
  while (i < to && n < limit) {
    let b = buf[i]!;
    if (b === SP || b === TAB || b === CR) {
      i++;
      continue;
    }
    n++;
    if (b === QUOTE) {
      i++;
      for (;;) {
        if (i >= to) return -1;
        b = buf[i]!;
        if (b === QUOTE) break;
        i += b === BACKSLASH && i + 1 < to && buf[i + 1] === QUOTE ? 2 : 1;
      }
      i++;
    } else if (b === OPEN) {
      let inQuote = false;
      i++;
      for (;;) {
        if (i >= to) return -1;
        b = buf[i]!;
        if (inQuote) {
          if (b === QUOTE) inQuote = false;
          else if (b === BACKSLASH && i + 1 < to && buf[i + 1] === QUOTE) i++;
        } else if (b === QUOTE) inQuote = true;
        else if (b === CLOSE) break;
        i++;
      }
      i++;
    } else {
      while (i < to) {
        b = buf[i]!;
        if (b === SP || b === TAB || b === CR) break;
        i++;
      }
    }
  }
  return n;
}
