/**
 * SIE fuzzing, run in a worker thread under the watchdog of watchdog.ts (a hang fails the test).
 * `workerData.property` picks one property; each runs with a fixed seed, a fixed number of runs
 * and a time limit, and posts `{ type: 'case' }` before every case.
 *
 * - `mutations`: the real sample files, mutated (bytes flipped or set, dangerous snippets
 *   inserted, truncation, lines duplicated / deleted / swapped, SIE label soup, huge numbers and
 *   dates, very long lines, other line endings, BOMs and re-encoding), parsed whole and in random
 *   chunks: a consistent, storable result or a PrognosError naming the file, and the same
 *   outcome however the bytes are chunked.
 * - `model`: generated files with vouchers of known amounts, codes with quotes, spaces and
 *   Swedish letters, in every supported encoding and line ending: the rows equal the model.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import type { FuzzReport, WorkerMessage } from './watchdog.ts';
import { checkError, checkResult, outcomeText, parseOutcome, splitAt } from './sie-invariants.ts';

interface Data {
  property: 'mutations' | 'model';
  samplesDir: string;
  seed: number;
  numRuns: number;
  timeLimitMs: number;
}
const data = workerData as Data;
const post = (m: WorkerMessage): void => parentPort!.postMessage(m);

// ---------------------------------------------------------------------------------------------
// The corpus

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else if (name !== 'SOURCES.md') out.push(p);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Mutations

const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

const SNIPPETS = [
  '"', '{', '}', '\t', '\r', '\n', '\\"', '\\', '#', ' ', '\0', '\xff', '\x81', '\xc3', '{1 "', '"}', '{}', '{{', '}}',
  '\n{\n', '\n}\n', '\n#VER A 1 20240101 ""\n{\n', '\n#TRANS 1930 {} 1.00\n', '\n#KSUMMA\n', '\n#KSUMMA 123\n',
  '\n#RAR 0 20200101 20231231\n', '\n#RAR -1 20231201 20231130\n', '\n#PSALDO 0 202499 1930 {} 1\n', '\n<?xml version="1.0"?>\n',
  '\n<Sie xmlns="http://www.sie.se/sie5">\n', '\xef\xbb\xbf', '\r\n', '\n\n\n', '#TRANS', '#VER', '"\\"',
];

const NUMBERS = [
  '99999999999999999999', '1000000000000000', '10000000000000.00', '9999999999999.99', '-9007199254740993', '1e308', '0.001',
  '1,50', '-0', '-0.00', '00000000000000000001', '4294967296', '-2147483649', '99991231', '00000000', '20240230', '202413',
  '-', '.', '1.', '.5', '+1', '0x10', 'Infinity', '١٢٣',
];

const LABELS = [
  '#VER', '#TRANS', '#RTRANS', '#BTRANS', '#PSALDO', '#PBUDGET', '#KSUMMA', '#RAR', '#KONTO', '#KTYP', '#SRU', '#OBJEKT', '#DIM',
  '#UNDERDIM', '#RES', '#IB', '#UB', '#OIB', '#OUB', '#SIETYP', '#FORMAT', '#FNAMN', '#ORGNR', '#GEN', '#PROGRAM', '#FLAGGA', '#XYZ', '#',
];
const TOKENS = ['{', '}', '{}', '{1', '1}', '"', '\\"', '0', '-1', '-99', '202401', '20240101', '1.00', '-1.00', '4010', '1930', 'A', 'Ö', '\t', '\r', '"x y"', '{1 "100"}', '{6 "P"}', '{1 "A" 1 "B"}', ...NUMBERS];

type Mutation =
  | { k: 'flip'; pos: number; bit: number }
  | { k: 'set'; pos: number; byte: number }
  | { k: 'insert'; pos: number; text: string }
  | { k: 'truncate'; pos: number }
  | { k: 'dupLine'; line: number }
  | { k: 'delLine'; line: number }
  | { k: 'swapLines'; a: number; b: number }
  | { k: 'soup'; line: number; text: string }
  | { k: 'number'; nth: number; text: string }
  | { k: 'longLine'; line: number; len: number; quoted: boolean }
  | { k: 'eol'; style: 'crlf' | 'cr' }
  | { k: 'encode'; from: string; to: string; bom: boolean };

const soupLine = fc
  .tuple(fc.constantFrom(...LABELS), fc.array(fc.constantFrom(...TOKENS), { maxLength: 8 }), fc.constantFrom(' ', '\t'))
  .map(([l, t, sep]) => [l, ...t].join(sep));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('flip' as const), pos: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('set' as const), pos: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('insert' as const), pos: fc.nat(), text: fc.constantFrom(...SNIPPETS) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('truncate' as const), pos: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('dupLine' as const), line: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('delLine' as const), line: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('soup' as const), line: fc.nat(), text: soupLine }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('number' as const), nth: fc.nat(), text: fc.constantFrom(...NUMBERS) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('longLine' as const),
      line: fc.nat(),
      len: fc.constantFrom(200, 70_000, (1 << 20) - 2, (1 << 20) + 1),
      quoted: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('eol' as const), style: fc.constantFrom('crlf' as const, 'cr' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('encode' as const),
      from: fc.constantFrom('cp437', 'latin1', 'utf8'),
      to: fc.constantFrom('utf8', 'iso-8859-15', 'cp437', 'win1252', 'utf16le', 'utf16be', 'macintosh', 'cp850'),
      bom: fc.boolean(),
    }),
  },
);

function lines(b: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 10) {
      out.push(b.subarray(s, i + 1));
      s = i + 1;
    }
  }
  if (s < b.length) out.push(b.subarray(s));
  return out;
}

const concat = (parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

function apply(b: Uint8Array, m: Mutation): Uint8Array {
  const n = b.length;
  switch (m.k) {
    case 'flip': {
      if (n === 0) return b;
      const c = b.slice();
      c[m.pos % n]! ^= 1 << m.bit;
      return c;
    }
    case 'set': {
      if (n === 0) return b;
      const c = b.slice();
      c[m.pos % n] = m.byte;
      return c;
    }
    case 'insert': {
      const p = m.pos % (n + 1);
      return concat([b.subarray(0, p), latin1(m.text), b.subarray(p)]);
    }
    case 'truncate':
      return b.subarray(0, m.pos % (n + 1));
    case 'dupLine': {
      const ls = lines(b);
      if (ls.length === 0) return b;
      const i = m.line % ls.length;
      return concat([...ls.slice(0, i + 1), ls[i]!, ...ls.slice(i + 1)]);
    }
    case 'delLine': {
      const ls = lines(b);
      if (ls.length === 0) return b;
      const i = m.line % ls.length;
      return concat([...ls.slice(0, i), ...ls.slice(i + 1)]);
    }
    case 'swapLines': {
      const ls = lines(b);
      if (ls.length < 2) return b;
      const i = m.a % ls.length;
      const j = m.b % ls.length;
      [ls[i], ls[j]] = [ls[j]!, ls[i]!];
      return concat(ls);
    }
    case 'soup': {
      const ls = lines(b);
      const i = m.line % (ls.length + 1);
      return concat([...ls.slice(0, i), latin1(`${m.text}\n`), ...ls.slice(i)]);
    }
    case 'number': {
      const text = Buffer.from(b).toString('latin1');
      const re = /-?\d+(?:\.\d+)?/g;
      const hits = [...text.matchAll(re)];
      if (hits.length === 0) return b;
      const h = hits[m.nth % hits.length]!;
      return latin1(text.slice(0, h.index) + m.text + text.slice(h.index! + h[0].length));
    }
    case 'longLine': {
      const ls = lines(b);
      const i = m.line % (ls.length + 1);
      const body = m.quoted ? `#KONTO 4010 "${'å'.repeat(m.len)}"` : `#TRANS ${'9'.repeat(m.len)}`;
      return concat([...ls.slice(0, i), latin1(`${body}\n`), ...ls.slice(i)]);
    }
    case 'eol': {
      const text = Buffer.from(b).toString('latin1').replace(/\r?\n/g, m.style === 'crlf' ? '\r\n' : '\r');
      return latin1(text);
    }
    case 'encode': {
      const text = iconv.decode(Buffer.from(b), m.from);
      return new Uint8Array(iconv.encode(text, m.to, { addBOM: m.bom }));
    }
  }
}

const describeMutation = (m: Mutation): string => {
  const { k, ...rest } = m;
  const r = rest as Record<string, unknown>;
  if (typeof r.text === 'string') r.text = JSON.stringify(r.text.length > 40 ? `${r.text.slice(0, 40)}…` : r.text);
  return `${k}(${Object.entries(r).map(([a, v]) => `${a}=${String(v)}`).join(',')})`;
};

// ---------------------------------------------------------------------------------------------
// Properties

const report: FuzzReport = { runs: {}, failures: [], outcomes: {} };

/** The message, and for an unexpected error where it was thrown (the first frames of its stack or its cause's). */
function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? e.cause : null;
  const stack = (cause ?? e).stack?.split('\n').slice(1, 6).join('\n') ?? '';
  return cause || !/^(threw|error code|the error|line|unclear|records|chunking|a NUL|period|amount|two rows|rows differ)/.test(e.message) ? `${e.message}\n${stack}` : e.message;
}

function tally(property: string, outcome: string): void {
  const o = (report.outcomes[property] ??= {});
  o[outcome] = (o[outcome] ?? 0) + 1;
}

/** One parse, checked, whole and chunked; returns the outcome kind for the tally. */
function parseChecked(bytes: Uint8Array, cuts: number[], fileName: string): string {
  const whole = parseOutcome([bytes], fileName);
  if ('err' in whole) checkError(whole.err, fileName, bytes);
  else checkResult(whole.ok, fileName);
  const chunked = parseOutcome(splitAt(bytes, cuts), fileName);
  const a = outcomeText(whole);
  const b = outcomeText(chunked);
  if (a !== b) {
    throw new Error(`chunking at ${JSON.stringify(cuts)} changed the outcome:\nwhole:   ${a.slice(0, 300)}\nchunked: ${b.slice(0, 300)}`);
  }
  return 'err' in whole ? `rejected ${whole.err.code}` : 'accepted';
}

function runMutations(): void {
  const files = listFiles(data.samplesDir);
  const bytes = files.map((f) => new Uint8Array(readFileSync(f)));
  const rel = files.map((f) => path.relative(data.samplesDir, f));
  const property = 'mutations';
  let runs = 0;
  const details = fc.check(
    fc.property(
      fc.nat({ max: files.length - 1 }),
      fc.array(mutation, { minLength: 1, maxLength: 6 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      (fileIndex, mutations, cuts) => {
        runs++;
        post({ type: 'case', property, desc: `${rel[fileIndex]} ${mutations.map(describeMutation).join(' ')} cuts=${JSON.stringify(cuts)}` });
        let b: Uint8Array = bytes[fileIndex]!;
        for (const m of mutations) b = apply(b, m);
        tally(property, parseChecked(b, cuts, `fuzz/${rel[fileIndex]}`));
      },
    ),
    { seed: data.seed, numRuns: data.numRuns, interruptAfterTimeLimit: data.timeLimitMs, markInterruptAsFailure: false },
  );
  // Every unmutated sample too (the baseline the mutations start from).
  for (let i = 0; i < files.length; i++) {
    post({ type: 'case', property, desc: `${rel[i]} unmutated` });
    try {
      tally('samples', parseChecked(bytes[i]!, [7, 4096, 65_537], `fuzz/${rel[i]}`));
    } catch (e) {
      report.failures.push({ property: 'samples', error: (e as Error).message, counterexample: rel[i]! });
    }
  }
  report.runs[property] = runs;
  if (details.failed) {
    report.failures.push({
      property,
      error: describeError(details.errorInstance),
      counterexample: describeCounterexample(details.counterexample, rel),
      seed: details.seed,
      ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
    });
  }
}

function describeCounterexample(ce: unknown, rel: string[]): string {
  if (!Array.isArray(ce)) return String(ce);
  const [fileIndex, mutations, cuts] = ce as [number, Mutation[], number[]];
  return `${rel[fileIndex]} ${mutations.map(describeMutation).join(' ')} cuts=${JSON.stringify(cuts)}`;
}

// Model: generated vouchers with known sums.

const CODE_CHARS = ['A', 'b', '1', '0', ' ', '"', 'å', 'ä', 'ö', 'Å', 'Ä', 'Ö', 'é', '-', '_', '/', '{', '}'];
const code = fc.array(fc.constantFrom(...CODE_CHARS), { minLength: 1, maxLength: 6 }).map((c) => c.join(''));
const quote = (s: string): string => `"${s.replace(/"/g, '\\"')}"`;
const kr = (ore: number): string => `${ore < 0 ? '-' : ''}${Math.floor(Math.abs(ore) / 100)}.${String(Math.abs(ore) % 100).padStart(2, '0')}`;

function runModel(): void {
  const property = 'model';
  let runs = 0;
  const trans = fc.record({
    unit: fc.integer({ min: -1, max: 3 }),
    project: fc.integer({ min: -1, max: 2 }),
    account: fc.constantFrom('1930', '2440', '4010', '5010', '61000', '0'),
    ore: fc.integer({ min: -1e12, max: 1e12 }),
    month: fc.integer({ min: 1, max: 24 }),
  });
  const details = fc.check(
    fc.property(
      fc.uniqueArray(code, { minLength: 4, maxLength: 4, selector: (c) => c.trim() }),
      fc.uniqueArray(code, { minLength: 3, maxLength: 3, selector: (c) => c.trim() }),
      fc.array(fc.array(trans, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 }),
      fc.constantFrom('cp437', 'utf8', 'iso-8859-15'),
      fc.constantFrom('\n', '\r\n'),
      fc.constantFrom(' ', '\t'),
      fc.constantFrom('calendar' as const, 'broken18' as const, 'long24' as const),
      fc.array(fc.nat(), { maxLength: 5 }),
      (units, projects, vouchers, encoding, eol, sep, fiscal, cuts) => {
        runs++;
        post({ type: 'case', property, desc: JSON.stringify({ units, projects, vouchers: vouchers.length, encoding, eol, sep, fiscal, cuts }) });
        // A calendar year (later months spill into the next twelve-month year), a broken fiscal year
        // of 18 months (July–December next year, the longest the law allows), or an unlawful one of
        // 24 months: amounts in its months 19–24 cannot be stored and must be rejected at its #RAR.
        const fyStart = fiscal === 'broken18' ? 202307 : 202301;
        const fyEnd = fiscal === 'calendar' ? 20231231 : 20241231;
        const rarLine = 5;
        const lines = ['#FLAGGA 0', '#FORMAT PC8', '#SIETYP 4', '#FNAMN "Modellkommun åäö"', `#RAR 0 ${fyStart}01 ${fyEnd}`, '#DIM 1 "Ansvar"', '#DIM 6 "Projekt"'];
        units.forEach((u, i) => lines.push(`#OBJEKT 1 ${quote(u)} ${quote(`Enhet ${i} ÅÄÖ`)}`));
        const expected = new Map<string, number>();
        const monthOf = (m: number): { ym: number; year: number; period: number } => {
          const total = Math.floor(fyStart / 100) * 12 + (fyStart % 100) - 1 + (m - 1);
          const ym = Math.floor(total / 12) * 100 + (total % 12) + 1;
          if (fiscal === 'long24') return { ym, year: 2023, period: m };
          // after the 18-month year: twelve-month years from 2025-01
          if (fiscal === 'broken18') return m <= 18 ? { ym, year: 2023, period: m } : { ym, year: 2025, period: m - 18 };
          // calendar fiscal year: months after December fall into the next (twelve-month) year
          return { ym, year: Math.floor(ym / 100), period: ym % 100 };
        };
        vouchers.forEach((v, i) => {
          const first = monthOf(v[0]!.month);
          lines.push(`#VER${sep}A${sep}${i + 1}${sep}${first.ym}15${sep}"Verifikation ${i + 1}"`, '{');
          let sum = 0;
          v.forEach((t, j) => {
            const ore = j === v.length - 1 ? -sum : t.ore;
            sum += ore;
            const m = monthOf(t.month);
            const objs: string[] = [];
            if (t.unit >= 0) objs.push(`1 ${quote(units[t.unit]!)}`);
            if (t.project >= 0) objs.push(`6 ${quote(projects[t.project]!)}`);
            lines.push(`\t#TRANS${sep}${t.account}${sep}{${objs.join(' ')}}${sep}${kr(ore)}${sep}${m.ym}10${sep}"rad"`);
            const key = [m.year, m.period, t.unit >= 0 ? units[t.unit] : '', t.account, t.project >= 0 ? projects[t.project] : ''].join('|');
            expected.set(key, (expected.get(key) ?? 0) + ore);
          });
          lines.push('}');
        });
        const text = lines.join(eol) + eol;
        const bytes = new Uint8Array(iconv.encode(text, encoding));
        const outcome = parseOutcome(splitAt(bytes, cuts), 'model.se');
        if (fiscal === 'long24' && vouchers.some((v) => v.some((t) => t.month > 18))) {
          if (!('err' in outcome)) throw new Error('amounts in month 19+ of a 24-month fiscal year were accepted');
          checkError(outcome.err, 'model.se', bytes);
          if (outcome.err.location.line !== rarLine || outcome.err.location.field !== '#RAR slut') {
            throw new Error(`the error should name the #RAR (line ${rarLine}): ${JSON.stringify(outcome.err.location)} ${outcome.err.message}`);
          }
          tally(property, 'rejected long fiscal year');
          return;
        }
        if ('err' in outcome) throw new Error(`a valid generated file was rejected: ${outcome.err.message}`);
        checkResult(outcome.ok, 'model.se');
        const got = new Map<string, number>();
        for (const r of outcome.ok.rows) got.set([r.year, r.period, r.unit, r.account, r.project].join('|'), r.amountOre);
        for (const [k, v] of expected) if (v === 0) expected.delete(k);
        const a = JSON.stringify([...expected].sort());
        const b = JSON.stringify([...got].sort());
        if (a !== b) throw new Error(`rows differ from the model:\nexpected ${a.slice(0, 400)}\ngot      ${b.slice(0, 400)}`);
        tally(property, `accepted ${encoding}`);
      },
    ),
    { seed: data.seed, numRuns: data.numRuns, interruptAfterTimeLimit: data.timeLimitMs, markInterruptAsFailure: false },
  );
  report.runs[property] = runs;
  if (details.failed) {
    report.failures.push({
      property,
      error: describeError(details.errorInstance),
      counterexample: JSON.stringify(details.counterexample).slice(0, 2000),
      seed: details.seed,
      ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
    });
  }
}

if (data.property === 'mutations') runMutations();
else runModel();
post({ type: 'done', report });
