/**
 * One reference report as the demo makes it: its organisation, its ledger and content (kept in
 * the repository, loaded by `load`), the board's own template, and the round it goes through.
 * The demo (`prognos demo`, `npm start`) stores the template, opens the round with it, lets every
 * unit submit, approves, publishes and writes the published report in every format.
 *
 * Each reference report is its own demo organisation where its year's organisation tree differs
 * from the others' (the unit table is not per year): 000 (2019), 002 (2020) and 001 (2021).
 */
import type { SignName } from '../../core/compute/index.ts';
import type { ReportTemplate } from '../../report/index.ts';
import type { Store } from '../../store/index.ts';
import type { ImportSummary } from '../../store/ingest.ts';
import type { RoundKind } from '../../store/rounds.ts';

export type ReferenceId = '000' | '001' | '002' | '003' | '004';

/** The round a demo report goes through (what `POST /api/rounds` takes). */
export interface DemoRound {
  board: string;
  year: number;
  /** Cut-off month: 12 for a year-end round. */
  period: number;
  /** P1, P2 … or B for a year-end round. */
  name: string;
  kind: RoundKind;
  /** The level of the units that enter (RN1, RN3 …), and under which unit (default: the board). */
  level: string;
  within?: string;
  sign: SignName;
  /** The previous year's comparison month, when not the cut-off month. */
  prevPeriod?: number;
  groupLevel?: string;
}

/** A PDF the report attaches (appended to its PDF, linked from HTML/DOCX). */
export interface DemoAppendix {
  title: string;
  fileName: string;
  content(): Promise<Uint8Array>;
}

export interface DemoReport {
  reference: ReferenceId;
  orgId: string;
  /** The organisation's display name on the cover. */
  organisationName: string;
  /** The written files' name, e.g. `delarsrapport-p1-2019` (+ .html, .pdf …). */
  file: string;
  /** The board's own template: stored in the organisation, chosen when the round opens. */
  template: ReportTemplate;
  round: DemoRound;
  /** The cover's decision, when the reference report prints one. */
  decision?: { by?: string; date?: string; paragraph?: string; diaryNumber?: string };
  /** The appendices the reference report lists, attached to the round when it opens. */
  appendices?: DemoAppendix[];
  /** Imports the report's ledger and content into `orgId`; a second load replaces the first (never doubles). */
  load(store: Store, orgId: string): Promise<ImportSummary[]>;
}
