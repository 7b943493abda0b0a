import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tokenizeLine, Tokenizer, TOK_UNTERMINATED_LIST, TOK_UNTERMINATED_QUOTE, countFields } from './tokenizer.ts';

const tok = (s: string) => tokenizeLine(Buffer.from(s, 'latin1'));

describe('tokenizer', () => {
  it('splits fields on spaces and tabs', () => {
    expect(tok('#KONTO\t1930  "Bank"')).toEqual(['#KONTO', '1930', 'Bank']);
  });

  it('keeps spaces inside quoted fields and drops the quotes', () => {
    expect(tok('#FNAMN "Övningsbolaget AB"'.replace('Ö', 'O'))).toEqual(['#FNAMN', 'Ovningsbolaget AB']);
  });

  it('turns an escaped quote inside quotes into a quote', () => {
    expect(tok('#VER A 1 20240101 "Faktura \\"Mars\\" 2024"')).toEqual(['#VER', 'A', '1', '20240101', 'Faktura "Mars" 2024']);
  });

  it('keeps an empty quoted field as an empty field', () => {
    expect(tok('#VER "" 1 20240101 ""')).toEqual(['#VER', '', '1', '20240101', '']);
  });

  it('treats a trailing CR as a separator', () => {
    expect(tok('#SIETYP 4\r')).toEqual(['#SIETYP', '4']);
  });

  it('reads object lists with quoted and unquoted ids as one field', () => {
    expect(tok('#TRANS 4010 {1 "100" 6 P1} 12.50')).toEqual(['#TRANS', '4010', ['1', '100', '6', 'P1'], '12.50']);
  });

  it('reads an empty object list and lists without inner spaces', () => {
    expect(tok('#TRANS 4010 {} -1')).toEqual(['#TRANS', '4010', [], '-1']);
    expect(tok('#PSALDO 0 201101 1400 {"1" "Nord" "7" "101"} -2600.00')).toEqual(['#PSALDO', '0', '201101', '1400', ['1', 'Nord', '7', '101'], '-2600.00']);
    expect(tok('#TRANS 9999  { "1" "1010"} -4675')).toEqual(['#TRANS', '9999', ['1', '1010'], '-4675']);
  });

  it('reports an unterminated quote instead of reading past the line', () => {
    const t = new Tokenizer();
    const b = Buffer.from('#VER A 1 20240101 "no end');
    expect(t.tokenize(b, 0, b.length)).toBe(TOK_UNTERMINATED_QUOTE);
    expect(t.errorField).toBe(4);
  });

  it('reports an unterminated object list', () => {
    const t = new Tokenizer();
    const b = Buffer.from('#TRANS 1930 {1 "A" 12.00');
    expect(t.tokenize(b, 0, b.length)).toBe(TOK_UNTERMINATED_LIST);
    expect(t.errorField).toBe(2);
  });

  it('stops after maxFields and tells where the rest starts', () => {
    const t = new Tokenizer();
    const b = Buffer.from('#TRANS 1930 {} 1.00 20240101 "text with spaces" 2');
    t.tokenize(b, 0, b.length, 5);
    expect(t.count).toBe(5);
    expect(countFields(b, t.stopPos, b.length, 10)).toBe(2);
  });

  it('counts quoted fields with escapes and lists when skipping', () => {
    const b = Buffer.from(' "a \\" b" {1 "x y"} z');
    expect(countFields(b, 0, b.length, 10)).toBe(3);
    expect(countFields(Buffer.from(' "open'), 0, 6, 10)).toBe(-1);
  });
});

// ------------------------------------------------------------------------------------------
// property: fields written with arbitrary quoting and spacing read back identically

const fieldChar = fc.constantFrom(...'abcXYZ019.-_/#åäö "\\'.split(''));
const fieldText = fc.array(fieldChar, { maxLength: 12 }).map((a) => a.join(''));
const objectList = fc.array(fc.tuple(fc.integer({ min: 0, max: 99 }).map(String), fieldText), { maxLength: 3 });
const field = fc.oneof(
  { weight: 4, arbitrary: fieldText.map((s) => ({ kind: 'text' as const, s })) },
  { weight: 1, arbitrary: objectList.map((l) => ({ kind: 'list' as const, l })) },
);
const sep = fc.array(fc.constantFrom(' ', '\t'), { minLength: 1, maxLength: 3 }).map((a) => a.join(''));

/** Write a value the way some SIE writer could: quoted when needed, otherwise maybe. */
function write(s: string, forceQuote: boolean, inList: boolean): string {
  const needs = s === '' || /[\s"{}\\]/.test(s) || (inList && s.includes('}'));
  if (needs || forceQuote) return '"' + s.replace(/"/g, '\\"') + '"';
  return s;
}

describe('tokenizer properties', () => {
  it('reads back every generated record with arbitrary quoting, spaces and tabs as the same fields', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(field, fc.boolean(), sep), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('', ' ', '\t', '\r'),
        (fields, trailing) => {
          let line = '#X';
          const expected: Array<string | string[]> = ['#X'];
          for (const [f, q, sp] of fields) {
            line += sp;
            if (f.kind === 'text') {
              // a field ending in a backslash before the closing quote would read as \" : avoid
              const s = f.s.endsWith('\\') ? f.s + 'x' : f.s;
              line += write(s, q, false);
              expected.push(s);
            } else {
              line += '{' + f.l.map(([d, o]) => d + ' ' + write(o.endsWith('\\') ? o + 'x' : o, q, true)).join(' ') + '}';
              expected.push(f.l.flatMap(([d, o]) => [d, o.endsWith('\\') ? o + 'x' : o]));
            }
          }
          line += trailing;
          const got = tokenizeLine(Buffer.from(line, 'latin1'));
          expect(got).toEqual(expected.map((e) => (Array.isArray(e) ? e.map((x) => Buffer.from(x, 'latin1').toString('latin1')) : e)));
        },
      ),
      { numRuns: 500 },
    );
  });
});
