/**
 * What must hold for every outcome of `parseSie`, whatever the input: either a result that is
 * internally consistent and storable, or a PrognosError (BAD_INPUT / UNSUPPORTED) naming the
 * file. Each check throws an Error describing the violation (fast-check reports it).
 */
import { PrognosError } from '../../src/core/errors/index.ts';
import { parseSie, type SieResult } from '../../src/import/sie/index.ts';

export type SieOutcome = { ok: SieResult } | { err: PrognosError };

/** Parse the chunks; anything thrown that is not a PrognosError is itself a violation. */
export function parseOutcome(chunks: Uint8Array[], fileName: string): SieOutcome {
  try {
    return { ok: parseSie(chunks, { fileName }) };
  } catch (e) {
    if (!(e instanceof PrognosError)) {
      throw new Error(`parseSie threw ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}, not a PrognosError`, { cause: e });
    }
    return { err: e };
  }
}

/** Split bytes into chunks at the given cut points (a streaming parser must not care). */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}

function lineCount(bytes: Uint8Array): number {
  let n = 1;
  for (const b of bytes) if (b === 10) n++;
  return n;
}

const BAD_TEXT = /undefined|NaN|\[object /;

export function checkError(e: PrognosError, fileName: string, bytes: Uint8Array): void {
  if (e.code !== 'BAD_INPUT' && e.code !== 'UNSUPPORTED') throw new Error(`error code ${e.code} (${e.message}); a bad file must be BAD_INPUT or UNSUPPORTED`);
  if (e.location.file !== fileName) throw new Error(`error does not name the file: ${JSON.stringify(e.location)}`);
  const line = e.location.line;
  if (line !== undefined && (!Number.isInteger(line) || line < 1 || line > lineCount(bytes))) {
    throw new Error(`error names line ${line}, the input has ${lineCount(bytes)} lines: ${e.message}`);
  }
  if (e.reason.trim() === '' || BAD_TEXT.test(e.message)) throw new Error(`unclear error message: ${e.message}`);
}

const rowKey = (r: SieResult['rows'][number]): string =>
  [r.scenario, r.year, r.period ?? '', r.unit, r.account, r.activity, r.project].join('\u0000');

/** A returned result is consistent and can be stored (store constraints: no NUL in text, period 1–18, year smallint). */
export function checkResult(r: SieResult, fileName: string): void {
  if (r.fileName !== fileName) throw new Error('result names another file');
  if (!['cp437', 'utf-8', 'iso-8859-15'].includes(r.encoding)) throw new Error(`unknown encoding ${r.encoding}`);
  if (r.counts.rows !== r.rows.length) throw new Error(`counts.rows ${r.counts.rows} but ${r.rows.length} rows`);
  for (const [k, v] of Object.entries(r.counts)) if (!Number.isInteger(v) || v < 0) throw new Error(`count ${k} = ${v}`);
  const keys = new Set<string>();
  let actualSum = 0;
  for (const row of r.rows) {
    const k = rowKey(row);
    if (keys.has(k)) throw new Error(`two rows with the same key ${JSON.stringify(row)}`);
    keys.add(k);
    if (row.scenario !== 'actual' && row.scenario !== 'budget') throw new Error(`scenario ${String(row.scenario)}`);
    if (row.scenario === 'budget' && !(r.counts.PBUDGET! > 0)) throw new Error('a budget row without #PBUDGET');
    if (!Number.isSafeInteger(row.amountOre) || row.amountOre === 0) throw new Error(`amount ${row.amountOre} is not a non-zero exact integer`);
    if (!Number.isInteger(row.year) || row.year < 1000 || row.year > 9999) throw new Error(`year ${row.year}`);
    if (row.period === null) {
      if (!(r.counts.RES! > 0)) throw new Error('an annual row (period null) without #RES');
    } else if (!Number.isInteger(row.period) || row.period < 1 || row.period > 18) {
      throw new Error(`period ${row.period} cannot be stored (1–18): ${JSON.stringify(row)}`);
    }
    if (!/^\d{1,20}$/.test(row.account)) throw new Error(`account ${JSON.stringify(row.account)}`);
    for (const s of [row.unit, row.account, row.activity, row.project]) {
      if (s.includes('\u0000')) throw new Error(`a NUL character in ${JSON.stringify(row)}: PostgreSQL text cannot hold it`);
    }
    if (row.scenario === 'actual') actualSum += row.amountOre;
  }
  // Without #PSALDO and #RES every actual row comes from balanced vouchers: they sum to zero.
  if (!(r.counts.PSALDO! > 0) && !(r.counts.RES! > 0) && actualSum !== 0) {
    throw new Error(`actual rows of balanced vouchers sum to ${actualSum}, not 0`);
  }
  for (const o of [...r.objects, ...r.accounts.map((a) => ({ code: a.account, name: a.name }))]) {
    if (o.code.includes('\u0000') || o.name.includes('\u0000')) throw new Error(`a NUL character in ${JSON.stringify(o)}`);
  }
  for (const y of r.fiscalYears) if (!(y.start <= y.end)) throw new Error(`fiscal year ${JSON.stringify(y)}`);
}

/** Stable text of an outcome, to compare two parses of the same bytes. */
export function outcomeText(o: SieOutcome): string {
  if ('err' in o) return `error ${o.err.code} ${o.err.message}`;
  const rows = [...o.ok.rows].sort((a, b) => (rowKey(a) < rowKey(b) ? -1 : rowKey(a) > rowKey(b) ? 1 : 0));
  return JSON.stringify({ ...o.ok, rows });
}
