/**
 * The report model every output renders (HTML, PDF, DOCX, XLSX, JSON). `tables` hold the
 * financial tables (stable JSON contract); `sections` are the chapters in order, whose blocks
 * refer to those tables by id or carry text, lists, non-financial grids and charts.
 */
import type { SignName, Table } from '../core/compute/index.ts';
import type { PercentRule } from '../core/format/index.ts';

export type { Table, Row, Column, Values } from '../core/compute/index.ts';

export interface ReportMeta {
  organisation: string;
  /** Display name of the organisation (municipality), e.g. "Örebro kommun". */
  organisationName?: string;
  /** The municipality's logo for the cover: a base64 data URI (PNG, JPEG or SVG). */
  logo?: string;
  /** The decision on the report, when known: printed on the cover ("Beslutad av … den …, § …"). */
  decision?: ReportDecision;
  scope: { code: string; name: string };
  title: string;
  year: number;
  period: number;
  prevPeriod: number;
  round: string;
  sign: SignName;
  unit: 'tkr';
  /** When the tables print a percentage (the template's setting, else the default); check uses it. Absent in models stored before it existed. */
  percentages?: PercentRule;
  /**
   * What `check` needs to know about the report (absent in models stored before they existed):
   * the last month (1–12) with booked actuals of the year in the report's tables, null when none;
   */
  lastActualPeriod?: number | null;
  /** whether the round whose texts and forecast the report uses is an interim (P1, a round cut off before December) or a year-end round, null when unknown; */
  roundKind?: 'interim' | 'year-end' | null;
  /** and the template chapters nothing filled: left out, or (a round's preview) shown with a placeholder. */
  omittedChapters?: Array<{ id: string; number: string | null; title: string; placeholder?: true }>;
  /** A round's report: the units with cells whose forecast was not entered, and how many (absent outside a round). */
  missingForecasts?: Array<{ unit: string; name: string; cells: number }>;
  /** Phrases the report computed into its texts (comparisons between rounds), not typed figures. */
  computedTexts?: string[];
  /** Appendix documents attached to the report (absent when there are none). */
  appendices?: Appendix[];
  periodText: string;
}

export interface ReportDecision {
  /** The body that decided, e.g. "Kommunstyrelsen". */
  by?: string;
  /** The date of the decision, ISO (2024-06-03). */
  date?: string;
  /** The minutes' paragraph, e.g. "§ 87". */
  paragraph?: string;
  /** The diary number (diarienummer), e.g. "Ks 181/2022": on the cover and in the running header. */
  diaryNumber?: string;
}

/** One signature under a decision proposal: who signs, as what, where and when. */
export interface Signature {
  name: string;
  title?: string;
  place?: string;
  /** ISO date (2024-06-03) or text as typed. */
  date?: string;
}

/** An appendix document (a PDF) attached to the report: linked from HTML/DOCX, appended to the PDF where possible. */
export interface Appendix {
  id: number;
  title: string;
  fileName: string;
  bytes: number;
  /** Where the PDF is downloaded (a path of the server). */
  href: string;
}

/** A footnote of a section: `[^n]` in its text refers to it. */
export interface Footnote {
  number: number;
  text: string;
}

/** A non-financial table: goals, assignments, measures, indicators, observations … */
export interface GridColumn {
  key: string;
  label: string;
  /** `number` cells are numbers (right aligned, Swedish format); `status` cells are goal/assignment statuses. */
  kind?: 'text' | 'number' | 'status';
  /** Decimals for number cells (default 0). */
  decimals?: number;
}

export interface GridRow {
  cells: Record<string, string | number | null>;
  /** `heading` spans the row as a group heading (e.g. a strategic goal above its board goals). */
  kind?: 'heading' | 'subtotal';
}

export interface Grid {
  id: string;
  title: string;
  columns: GridColumn[];
  rows: GridRow[];
}

/** Data for a chart; renderers draw it (SVG, PNG where a format needs it). */
export interface Chart {
  id: string;
  title: string;
  /** Swedish text alternative describing what the chart shows. */
  description: string;
  kind: 'bar' | 'line';
  /** Unit of the values, e.g. 'tkr', '%'. */
  unit: string;
  categories: string[];
  series: Array<{ name: string; values: Array<number | null> }>;
  /** A target drawn as a horizontal line (indicator charts). */
  target?: number | null;
}

export type Block =
  | { type: 'paragraph'; text: string }
  /** A minor heading inside a chapter (not in the table of contents), e.g. "Ekonomi i balans". */
  | { type: 'subheading'; text: string }
  | { type: 'list'; items: string[] }
  /** Content the template asks for that is missing ("Innehåll saknas: …"): shown in a round's preview, never silently left out. */
  | { type: 'placeholder'; text: string }
  | { type: 'table'; tableId: string }
  | { type: 'grid'; grid: Grid }
  | { type: 'chart'; chart: Chart }
  /** The report's appendices listed in a chapter of its own ("8 Bilagor"); else they follow the chapters. */
  | { type: 'appendices' }
  /** A decision proposal: who proposes, the numbered decision points, then the signatures (each rendered apart). */
  | { type: 'decision'; proposer?: string; points: string[]; signatures: Signature[] };

export interface Section {
  id: string;
  /** Chapter number as printed ("3.1"), or null for an unnumbered section (Bilaga …). */
  number: string | null;
  title: string;
  /** 1 = chapter, 2 = section, 3 = subsection. */
  level: 1 | 2 | 3;
  blocks: Block[];
  /** The footnotes its text refers to (`[^n]`), printed at the end of the section. */
  footnotes?: Footnote[];
}

export interface ReportModel {
  report: ReportMeta;
  tables: Table[];
  sections: Section[];
}

/** Entries of the table of contents, derived from the sections. */
export function tableOfContents(model: ReportModel): Array<{ id: string; label: string; level: number }> {
  return model.sections.map((s) => ({ id: s.id, label: s.number ? `${s.number} ${s.title}` : s.title, level: s.level }));
}

/** A template chapter lists the appendices (`{ appendices: true }`): then they get no section of their own after the chapters. */
export const hasAppendixChapter = (model: ReportModel): boolean => model.sections.some((s) => s.blocks.some((b) => b.type === 'appendices'));
