/**
 * SIE 4 importer: parses SIE 4 files (types 1, 2, 3, 4E and 4I, SIE 4B specification) into
 * ledger rows aggregated by (scenario, year, period, unit, account, activity, project).
 * The parser streams (memory grows with distinct keys, not with file size) and throws only
 * PrognosError: BAD_INPUT naming file, line and field, or UNSUPPORTED for SIE 5 XML.
 *
 * Mapping decisions the rest of the system relies on:
 * - `year` is the start year of the fiscal year (#RAR) and `period` the 1-based month within
 *   it (a long broken fiscal year may exceed 12, up to 18; an amount in month 19 or later of a
 *   longer #RAR is BAD_INPUT at that #RAR). Without #RAR: calendar year and month.
 *   Months, not days, decide the period (a #RAR starting mid-month still starts period 1).
 * - A date outside every #RAR year is not an error: it goes to twelve-month fiscal years
 *   aligned with the nearest #RAR (for calendar fiscal years simply its calendar year and
 *   month), with a warning.
 * - #TRANS → `actual` (by transaction date, else voucher date); #RTRANS and #BTRANS are
 *   counted, never booked. A voucher that does not sum to zero is rejected.
 * - #PSALDO → `actual`, #PBUDGET → `budget`, by #RAR year index and YYYYMM. Unit, activity
 *   and project come from the object list exactly as in #TRANS (balances.ts). A file writes
 *   each amount once per object combination it keeps; each is counted once: the finest
 *   combination, then what each coarser record (per unit, per activity, …, last the {}
 *   total) adds beyond it, so every sum the file gives per dimension is kept. Files whose
 *   records are disjoint combinations instead ({} = postings without objects) are recognised
 *   when their #IB/#UB/#RES agree with that reading only. Records for other dimensions only
 *   are ignored. A chosen activity/project dimension that is missing from the amounts, or
 *   from vouchers or balances only, is a warning naming it.
 * - #PSALDO of a fiscal year that has vouchers is ignored (the actuals come from #TRANS).
 *   #RES gives an annual row (period null, unit '') only for a year without monthly actuals.
 * - #IB, #UB, #OIB, #OUB are counted, not turned into rows; broken #IB/#UB/#SRU/#KTYP records
 *   (fields Prognos does not use) are warnings, not errors.
 * - Rows whose amounts sum to zero are left out; row order is not specified.
 * - Amounts may leave out the integer part (`.20`); #KSUMMA is checked over the CP437 values
 *   of the characters, whatever the file's encoding. A file without vouchers, balances or
 *   #RES is BAD_INPUT naming what it holds; comment-like lines (`;`, `//`) are skipped and
 *   names that look converted between encodings twice are named, both as warnings.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { badInput, PrognosError, toPrognosError } from '../../core/errors/index.ts';
import { SieParser } from './parser.ts';
import type { SieEncoding } from './encoding.ts';

export interface SieOptions {
  fileName: string;
  unitDim?: number;
  activityDim?: number | null;
  projectDim?: number | null;
  /** Whether projectDim was chosen by the user (default: when given): only then is its absence a warning. */
  projectDimChosen?: boolean;
  /** readSieFile only: called after each chunk read with the bytes read so far and the file's size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** One aggregated ledger row: the parser's own row type, so the two can never drift apart. */
import type { ParsedRow as SieLedgerRow } from './parser.ts';
export type { SieLedgerRow };

export interface SieResult {
  fileName: string;
  encoding: SieEncoding;
  encodingNote: string | null;
  sieType: string | null; // '1' | '2' | '3' | '4' as declared
  /** #FORMAT as declared (normally 'PC8'), null when absent. */
  format: string | null;
  program: string | null;
  company: string | null;
  orgNr: string | null;
  fiscalYears: Array<{ index: number; start: string; end: string }>; // ISO dates
  checksum: 'verified' | 'absent';
  accounts: Array<{ account: string; name: string; type: string | null }>;
  dimensions: Array<{ dim: number; name: string; parent: number | null }>;
  objects: Array<{ dim: number; code: string; name: string }>;
  rows: SieLedgerRow[];
  /** Records per label (e.g. VER, TRANS, PSALDO), plus `unknown` labels, `extraFields` (records with extra trailing fields), `lines` and `rows`. */
  counts: Record<string, number>;
  warnings: string[]; // Swedish
}

export type { SieEncoding };

function makeParser(options: SieOptions): SieParser {
  const check = (v: number | null | undefined, name: string, nullable: boolean): void => {
    if (v === undefined || (v === null && nullable)) return;
    if (v === null || !Number.isInteger(v) || v < 1) {
      throw badInput(`${name} ska vara ett dimensionsnummer (heltal från 1)`, { file: options.fileName, field: name });
    }
  };
  check(options.unitDim, 'unitDim', false);
  check(options.activityDim, 'activityDim', true);
  check(options.projectDim, 'projectDim', true);
  return new SieParser({
    fileName: options.fileName,
    unitDim: options.unitDim ?? 1,
    activityDim: options.activityDim ?? null,
    projectDim: options.projectDim === undefined ? 6 : options.projectDim,
    projectDimChosen: options.projectDimChosen ?? options.projectDim !== undefined,
  });
}

/** Anything but a PrognosError escaping the parser is a bug: report it as INTERNAL, naming the file. */
function wrap(err: unknown, fileName: string): PrognosError {
  if (err instanceof PrognosError) return err;
  const e = toPrognosError(err);
  return new PrognosError(e.code, e.reason, { file: fileName }, { cause: err });
}

/** Parse SIE 4 from byte chunks (synchronous core). Throws PrognosError only. */
export function parseSie(chunks: Iterable<Uint8Array>, options: SieOptions): SieResult {
  try {
    const p = makeParser(options);
    for (const c of chunks) p.push(c);
    return { fileName: options.fileName, ...p.finish() };
  } catch (err) {
    throw wrap(err, options.fileName);
  }
}

/** Parse a SIE 4 file from disk, streaming in chunks: memory does not grow with file size. */
export async function readSieFile(path: string, options: SieOptions): Promise<SieResult> {
  let p: SieParser;
  try {
    p = makeParser(options);
  } catch (err) {
    throw wrap(err, options.fileName);
  }
  // The size first: a stream opened before a failing stat would emit its own error unheard.
  const onProgress = options.onProgress;
  let total = 0;
  let stream: ReturnType<typeof createReadStream> | undefined;
  try {
    if (onProgress) total = (await stat(path)).size;
    stream = createReadStream(path, { highWaterMark: 1 << 20 });
    let read = 0;
    for await (const chunk of stream) {
      p.push(chunk as Buffer);
      if (onProgress) onProgress((read += (chunk as Buffer).length), total);
    }
    return { fileName: options.fileName, ...p.finish() };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (!(err instanceof PrognosError) && typeof e?.code === 'string' && (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR')) {
      throw badInput(
        e.code === 'ENOENT' ? 'filen finns inte' : e.code === 'EISDIR' ? 'sökvägen är en mapp, inte en fil' : 'filen kan inte läsas (behörighet saknas)',
        { file: options.fileName },
      );
    }
    throw wrap(err, options.fileName);
  } finally {
    stream?.destroy();
  }
}
