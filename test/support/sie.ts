/** Helpers for the SIE tests: build a file from lines and parse it. */
import iconv from 'iconv-lite';
import { expect } from 'vitest';
import { PrognosError } from '../../src/core/errors/index.ts';
import { parseSie, type SieOptions, type SieResult, type SieLedgerRow } from '../../src/import/sie/index.ts';

/** Encode lines (joined with LF) in the given encoding. */
export function sieBytes(lines: string[], encoding: 'cp437' | 'utf-8' | 'iso-8859-15' = 'cp437', eol = '\n'): Uint8Array {
  const text = lines.join(eol) + eol;
  return encoding === 'utf-8' ? new Uint8Array(Buffer.from(text, 'utf8')) : new Uint8Array(iconv.encode(text, encoding));
}

export function parseLines(lines: string[], options: Partial<SieOptions> = {}, encoding: 'cp437' | 'utf-8' | 'iso-8859-15' = 'cp437'): SieResult {
  return parseSie([sieBytes(lines, encoding)], { fileName: 'test.se', ...options });
}

/** Parse and return the PrognosError it must throw. */
export function parseError(lines: string[] | Uint8Array, options: Partial<SieOptions> = {}): PrognosError {
  const bytes = lines instanceof Uint8Array ? lines : sieBytes(lines);
  try {
    parseSie([bytes], { fileName: 'test.se', ...options });
  } catch (e) {
    expect(e).toBeInstanceOf(PrognosError);
    return e as PrognosError;
  }
  throw new Error('expected a PrognosError, but the file was accepted');
}

export const HEADER = ['#FLAGGA 0', '#FORMAT PC8', '#SIETYP 4', '#PROGRAM "Test" 1.0', '#GEN 20240115', '#FNAMN "Testkommun"', '#RAR 0 20240101 20241231', '#RAR -1 20230101 20231231'];

/** Sum of amounts of rows matching a filter. */
export function total(rows: SieLedgerRow[], where: Partial<SieLedgerRow> = {}): number {
  let s = 0;
  for (const r of rows) {
    let ok = true;
    for (const [k, v] of Object.entries(where)) if ((r as unknown as Record<string, unknown>)[k] !== v) ok = false;
    if (ok) s += r.amountOre;
  }
  return s;
}

/** Rows in a stable order, for comparisons. */
export function sorted(rows: SieLedgerRow[]): SieLedgerRow[] {
  const key = (r: SieLedgerRow): string =>
    [r.scenario, r.year, String(r.period ?? 0).padStart(3, '0'), r.unit, r.account, r.activity, r.project].join('\u0000');
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
