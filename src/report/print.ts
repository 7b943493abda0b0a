/**
 * Print layout decisions shared by the paged renderings (PDF through the HTML print CSS, DOCX),
 * made once from the model so both formats agree: which grids are too wide for an A4 portrait
 * page and are reflowed into one block per row (as reference report 003 prints its measures),
 * which tables go on a landscape page, where a long table keeps its first and last rows together,
 * and the Swedish texts of the cover.
 *
 * Nothing is ever scaled to fit: a table either fits the A4 content box, is reflowed, or is
 * printed on a landscape page.
 */
import type { Table } from '../core/compute/index.ts';
import { formatDecimal } from '../core/format/index.ts';
import type { Grid, ReportMeta } from './model.ts';

/** A4 content box of the paged formats (16 mm side margins): 178 mm portrait, 265 mm landscape. */
export const A4_CONTENT_WIDTH_MM = { portrait: 178, landscape: 265 } as const;

/** Grids with more columns than this are reflowed into one block per row. */
export const MAX_GRID_COLUMNS = 6;
/** Financial tables with more value columns than this go on a landscape page. */
export const MAX_PORTRAIT_VALUE_COLUMNS = 9;

/** Rows kept together at the start (with the caption and header row) and at the end (with the total). */
export const KEEP_FIRST_ROWS = 2;
export const KEEP_LAST_ROWS = 2;
/** A table of up to this many rows is kept on one page when it fits. */
export const KEEP_WHOLE_ROWS = 12;

export type Orientation = 'portrait' | 'landscape';

/** A grid too wide for A4 portrait as a table is printed as one block per row. */
export function isReflowed(g: Grid): boolean {
  return g.columns.length > MAX_GRID_COLUMNS;
}

export function tableOrientation(t: Table): Orientation {
  return t.columns.length > MAX_PORTRAIT_VALUE_COLUMNS ? 'landscape' : 'portrait';
}

/** One field of a reflowed row: its column label and its printed text. */
export interface RecordField {
  key: string;
  label: string;
  text: string;
  number: boolean;
}

export interface GridRecord {
  /** The first column's text (e.g. "Åtgärd 1"): the block's heading. */
  title: string;
  fields: RecordField[];
}

/** The rows of a reflowed grid as blocks: the first column names the block, empty fields are left out. */
export function gridRecords(g: Grid): GridRecord[] {
  const [first, ...rest] = g.columns;
  if (!first) return [];
  return g.rows.map((r) => ({
    title: cellText(r.cells[first.key] ?? null, first.decimals),
    fields: rest
      .map((c) => ({ key: c.key, label: c.label, text: cellText(r.cells[c.key] ?? null, c.decimals), number: c.kind === 'number' }))
      .filter((f) => f.text !== ''),
  }));
}

function cellText(v: string | number | null, decimals = 0): string {
  return v === null ? '' : typeof v === 'number' ? formatDecimal(v, decimals) : v;
}

/**
 * Which rows of a table of `n` body rows (the total included) start a row group that must not be
 * split: the first rows stay with the caption and header, the last with the total. A short table
 * is one group. Returns the group boundaries as [start, end) ranges over the rows.
 */
export function rowGroups(n: number): Array<[number, number]> {
  if (n <= KEEP_WHOLE_ROWS) return n ? [[0, n]] : [];
  const lead = KEEP_FIRST_ROWS;
  const tail = n - KEEP_LAST_ROWS - 1;
  return [
    [0, lead],
    [lead, tail],
    [tail, n],
  ];
}

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

/** "2024-06-03" → "3 juni 2024"; any other text as it is. */
export function swedishDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return date;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** "Beslutad av Kommunstyrelsen den 3 juni 2024, § 87" from what is known; null when nothing is. */
export function decisionText(meta: ReportMeta): string | null {
  const d = meta.decision;
  if (!d || (!d.by && !d.date)) return null;
  // (the diary number is printed on its own line: `diaryText`)
  const parts = [d.by ? `Beslutad av ${d.by}` : 'Beslutad', d.date ? `den ${swedishDate(d.date)}` : ''].filter((x) => x);
  return `${parts.join(' ')}${d.paragraph ? `, ${/^§/.test(d.paragraph.trim()) ? d.paragraph.trim() : `§ ${d.paragraph.trim()}`}` : ''}`;
}

/** "Dnr Ks 181/2022" when the diary number is known. */
export function diaryText(meta: ReportMeta): string | null {
  const n = meta.decision?.diaryNumber?.trim();
  return n ? (/^dnr\b/i.test(n) ? n : `Dnr ${n}`) : null;
}

/** The running header of the paged formats: the title, and the diary number when known. */
export function runningHeader(meta: ReportMeta): string {
  const dnr = diaryText(meta);
  return dnr ? `${meta.title} · ${dnr}` : meta.title;
}

/** The municipality's name as printed; never the organisation's id. */
export function organisationTitle(meta: ReportMeta): string | null {
  return meta.organisationName?.trim() || null;
}

/** A logo the renderers may embed: a base64 data URI of a PNG, JPEG or SVG image. */
export function logoImage(meta: ReportMeta): { type: 'png' | 'jpg' | 'svg'; data: Buffer; uri: string } | null {
  const m = /^data:image\/(png|jpeg|svg\+xml);base64,([A-Za-z0-9+/=\s]+)$/.exec(meta.logo ?? '');
  if (!m) return null;
  const type = m[1] === 'png' ? 'png' : m[1] === 'jpeg' ? 'jpg' : 'svg';
  return { type, data: Buffer.from(m[2]!, 'base64'), uri: meta.logo! };
}
