/** The records each content kind gives, and the result of reading a file. */
import { type Ore } from '../../core/money/index.ts';
import { type AssignmentStatus, type GoalKind, type GoalRelation, type GoalStatus, type TargetType } from '../../core/domain/followup.ts';
import { type Decimal } from './decimal.ts';
import type { Breakdown } from './kolada.ts';

import type { ContentKind } from './kind-names.ts';
export { CONTENT_KINDS, type ContentKind } from './kind-names.ts';

// Records. Every record carries `line` (CSV line or XLSX row) for errors found later by the store;
// `sortOrder` (0-based position in the file) where the report shows records in file order.

export interface GoalRecord {
  board: string;
  year: number;
  /** Målområde. For board goals and indicators left empty in the file: the strategic goal's. */
  goalArea: string;
  code: string;
  /** The strategic goal's code; null for a strategic goal. */
  parent: string | null;
  kind: GoalKind;
  text: string;
  /** Board goals only; null when not given. */
  relation: GoalRelation | null;
  target: string | null;
  /** A rule deriving the status from figures (`economy-in-balance`); null when not given. */
  rule: string | null;
  sortOrder: number;
  line: number;
}

/** Goal rules the report builder knows. */
export const GOAL_RULES: readonly string[] = ['economy-in-balance'];

export interface GoalStatusRecord {
  board: string;
  year: number;
  round: string;
  code: string;
  /** null = not assessed. */
  status: GoalStatus | null;
  comment: string;
  line: number;
}

export interface AssignmentRecord {
  board: string;
  year: number;
  code: string;
  goalArea: string;
  /** The ÖSB year that gave the assignment; earlier than `year` = kvarstående uppdrag. */
  givenYear: number;
  text: string;
  sortOrder: number;
  line: number;
}

export interface AssignmentStatusRecord {
  board: string;
  year: number;
  round: string;
  code: string;
  /** null = not assessed. */
  status: AssignmentStatus | null;
  comment: string;
  line: number;
}

export interface MeasureRecord {
  board: string;
  year: number;
  round: string;
  nr: string;
  text: string;
  /** Free text as in the source ("KS 2023-03-14"); '' when not given. */
  decisionDate: string;
  diaryNumber: string;
  forecastEffectMnkr: Decimal | null;
  totalEffectMnkr: Decimal | null;
  achievedMnkr: Decimal | null;
  expectedEffect: string;
  comment: string;
  sortOrder: number;
  line: number;
}

export interface IndicatorRecord {
  board: string;
  code: string;
  name: string;
  unit: string;
  /** A goal code (checked against the goals by the store); null when not given. */
  goal: string | null;
  targetType: TargetType | null;
  /** Required for min/max, optional for level, absent otherwise. */
  targetValue: Decimal | null;
  /** Where the values come from, e.g. a Kolada KPI id ("N00945"); '' when not given. */
  source: string;
  sortOrder: number;
  line: number;
}

export interface IndicatorValueRecord {
  board: string;
  code: string;
  year: number;
  kind: 'actual' | 'forecast';
  breakdown: Breakdown;
  value: Decimal;
  line: number;
}

export interface ObservationRecord {
  board: string;
  year: number;
  round: string;
  goalArea: string;
  kind: 'positive' | 'improvement';
  text: string;
  sortOrder: number;
  line: number;
}

export interface NarrativeRecord {
  board: string;
  year: number;
  round: string;
  /** `proposal`, `analysis`, `events`, `outlook`, `comment:<table id>`, `comment:unit:<unit code>` … */
  key: string;
  /** '' when not given. */
  title: string;
  /** Line endings `\n`, paragraphs separated by exactly one empty line, no trailing spaces. */
  text: string;
  line: number;
}

export interface RollforwardRecord {
  board: string;
  year: number;
  unit: string;
  openingOre: Ore;
  usedOre: Ore;
  resultOre: Ore;
  /** Computed: opening + used + result. */
  closingOre: Ore;
  sortOrder: number;
  line: number;
}

export interface GridOptions {
  id: string;
  title: string;
  board: string;
  year: number;
  round: string;
}

export interface GridColumn {
  /** Stable key derived from the label ("Utfall 2018" → "utfall_2018"), or `c<n>` (1-based). */
  key: string;
  /** The header cell as written; may be ''. */
  label: string;
  /** 'number' when every non-empty cell of the column is a number; the first column is always 'text'. */
  kind: 'text' | 'number';
  /** Number columns: the largest number of decimals written, for printing them alike. */
  decimals?: number;
}

export type GridCell =
  | null
  | { kind: 'text'; text: string }
  /** `text` is the cell as written (or, from a numeric XLSX cell, the value with decimal comma). */
  | { kind: 'number'; value: Decimal; text: string };

export interface GridRow {
  line: number;
  /** By column key; every column has an entry (null when empty). */
  cells: Record<string, GridCell>;
}

export interface GridRecord extends GridOptions {
  columns: GridColumn[];
  rows: GridRow[];
}

export interface ResultBase {
  file: string;
  warnings: string[];
}

export type ContentResult =
  | (ResultBase & { kind: 'goals'; records: GoalRecord[] })
  | (ResultBase & { kind: 'goal-status'; records: GoalStatusRecord[] })
  | (ResultBase & { kind: 'assignments'; records: AssignmentRecord[] })
  | (ResultBase & { kind: 'assignment-status'; records: AssignmentStatusRecord[] })
  | (ResultBase & { kind: 'measures'; records: MeasureRecord[] })
  | (ResultBase & { kind: 'indicators'; records: IndicatorRecord[] })
  | (ResultBase & { kind: 'indicator-values'; records: IndicatorValueRecord[] })
  | (ResultBase & { kind: 'observations'; records: ObservationRecord[] })
  | (ResultBase & { kind: 'narrative'; records: NarrativeRecord[] })
  | (ResultBase & { kind: 'rollforward'; records: RollforwardRecord[] })
  /** One file is one grid: `records` holds exactly one record. */
  | (ResultBase & { kind: 'grid'; records: [GridRecord] });

export type ContentResultOf<K extends ContentKind> = Extract<ContentResult, { kind: K }>;

/** Extra arguments per kind: a grid needs its id, title, board, year and round; the others none. */
export type ContentOptionsArg<K extends ContentKind> = K extends 'grid' ? [options: GridOptions] : [];
