/** The parser's result as the SIE import reads it: file facts, decoded names, rows and counts. */
import type { SieEncoding } from './encoding.ts';
import { LABELS, L_UNKNOWN } from './labels.ts';
import type { HeaderRecords } from './records.ts';
import type { ParsedRow } from './rows.ts';
import { isoDate } from './values.ts';

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

/** What the parser has gathered when the input ends (names still as interned ids). */
export interface ParseState {
  header: HeaderRecords;
  labelCounts: Int32Array;
  extraFields: number;
  lines: number;
  rows: ParsedRow[];
  encoding: SieEncoding;
  encodingNote: string | null;
  checksumVerified: boolean;
  /** An interned string, decoded. */
  str: (id: number) => string;
  /** A binary string of the file, decoded. */
  dec: (s: string) => string;
  warnings: string[];
}

export function parseOutput(p: ParseState): ParseOutput {
  const counts: Record<string, number> = {};
  LABELS.forEach((l, i) => (counts[l] = p.labelCounts[i]!));
  counts.unknown = p.labelCounts[L_UNKNOWN]!;
  counts.extraFields = p.extraFields;
  counts.lines = p.lines;

  const outRows = p.rows;
  counts.rows = outRows.length;

  const { str, dec } = p;
  return {
    encoding: p.encoding,
    encodingNote: p.encodingNote,
    sieType: p.header.sieType,
    format: p.header.format,
    program: p.header.program === null ? null : dec(p.header.program),
    company: p.header.company === null ? null : dec(p.header.company),
    orgNr: p.header.orgNr === null ? null : dec(p.header.orgNr),
    fiscalYears: [...p.header.years].sort((a, b) => b.index - a.index).map((y) => ({ index: y.index, start: isoDate(y.start), end: isoDate(y.end) })),
    checksum: p.checksumVerified ? 'verified' : 'absent',
    accounts: [...p.header.accountNames].map(([id, a]) => ({ account: str(id), name: a.name < 0 ? '' : str(a.name), type: a.type })),
    dimensions: p.header.dimensions.map((d) => ({ dim: d.dim, name: str(d.name), parent: d.parent })),
    objects: p.header.objects.map((o) => ({ dim: o.dim, code: str(o.code), name: str(o.name) })),
    rows: outRows,
    counts,
    warnings: p.warnings,
  };
}
