/**
 * Small helpers shared by the checks: finding construction, row references, Swedish number
 * text for messages, column classification.
 */
import { formatDecimal, formatInteger } from '../core/format/index.ts';
import type { Row, Table } from '../report/index.ts';

export type Severity = 'error' | 'warning';

export interface FindingLocation {
  tableId?: string;
  /** Row reference: the row code, or its name when it has no code; `Summa <code>` for a subtotal; `total` for the total row. */
  row?: string;
  column?: string;
  sectionId?: string;
  /** The sentence (or cell text) the finding is about, shortened. */
  excerpt?: string;
}

export interface Finding {
  code: string;
  severity: Severity;
  /** Swedish, for the controller who publishes the report. */
  message: string;
  location: FindingLocation;
}

/** Columns holding percentages (not amounts): never summed, compared with interval arithmetic. */
export function isPercentKey(key: string): boolean {
  return key === 'consumption_pct' || key === 'change_pct' || key.endsWith('_pct');
}

/** Decimals a percentage column prints with (house style: Förb 0, Förändr% 1). */
export function percentDecimals(key: string): number {
  return key === 'change_pct' ? 1 : 0;
}

/**
 * A table row as the location names it: `Summa <code>` for a subtotal, else its code (its name
 * when it has none), prefixed with `<group>/` when the code recurs in another group of the table
 * (account groups per RN1: "ÖKG/7").
 */
export function rowRef(row: Row, table?: Table): string {
  if (row.kind === 'subtotal') return `Summa ${row.code}`;
  const own = row.code !== '' ? row.code : row.name;
  if (!table || !row.group) return own;
  const twins = table.rows.filter((r) => r.kind !== 'subtotal' && (r.code !== '' ? r.code : r.name) === own);
  return twins.length > 1 ? `${row.group}/${own}` : own;
}

export const TOTAL_REF = 'total';

/** Items: rows that are neither subtotals nor memo rows ("varav …", a kind the model may add). */
export function isItem(row: Row): boolean {
  const kind = (row as { kind?: string }).kind;
  return kind === undefined;
}

export function columnLabel(table: Table, key: string): string {
  const c = table.columns.find((x) => x.key === key);
  return c ? `${c.label} (${key})` : key;
}

export function rowLabel(table: Table, ref: string): string {
  if (ref === TOTAL_REF) return table.total.label ? `summaraden "${table.total.label}"` : 'summaraden';
  const row = table.rows.find((r) => rowRef(r, table) === ref);
  if (!row) return `raden ${ref}`;
  if (row.kind === 'subtotal') return `delsumman "${row.name}"`;
  return row.code ? `raden ${row.code} ${row.name}` : `raden "${row.name}"`;
}

/** Swedish number for messages: integers grouped, other numbers with their decimals. */
export function sv(n: number, decimals?: number): string {
  const d = decimals ?? (Number.isInteger(n) ? 0 : Math.min(3, (String(n).split('.')[1] ?? '').length));
  return d === 0 ? formatInteger(Math.round(n)) : formatDecimal(n, d);
}

/** Normalised text for name look-ups: lower case, letters and digits separated by single spaces. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Swedish endings a name's last word may carry in running text (definite form, genitive, plural). */
const ENDINGS = new Set(['', 's', 'n', 'ns', 'en', 'ens', 'et', 'ets', 'na', 'nas', 'er', 'ar', 'or', 'erna', 'ernas', 'arna', 'arnas', 'orna', 'ornas', 't', 'ts', 'e', 'es']);

/**
 * Whether `name` (normalised) occurs in `text` (normalised) as whole words; the last word may
 * carry a Swedish ending ("Kommunstyrelseförvaltningens" names "Kommunstyrelseförvaltningen",
 * "Kommunledningsförvaltningen" names "Kommunledningsförvaltning" but not "Kommunledning").
 */
export function mentions(text: string, name: string): boolean {
  if (name.length < 3) return false;
  let from = 0;
  for (;;) {
    const i = text.indexOf(name, from);
    if (i < 0) return false;
    const before = i === 0 ? ' ' : text[i - 1]!;
    if (before === ' ') {
      const rest = text.slice(i + name.length);
      const end = rest.indexOf(' ');
      if (ENDINGS.has(end < 0 ? rest : rest.slice(0, end))) return true;
    }
    from = i + 1;
  }
}

/** Whether a code occurs as a whole word (codes with at least one letter and two characters only). */
export function mentionsCode(raw: string, code: string): boolean {
  if (code.length < 2 || !/\p{L}/u.test(code)) return false;
  const esc = code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${esc}(?![\\p{L}\\p{N}])`, 'u').test(raw);
}

export function shorten(text: string, max = 180): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}
