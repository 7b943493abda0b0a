/** The JSON API's response shapes as the pages read them (see `src/server/openapi.ts`). */
import type { Action, Role } from '../core/permissions/index.ts';

export interface Me {
  user: {
    id: number;
    username: string;
    displayName: string;
    role: Role;
    roleName: string;
    units: string[];
    organisation: { id: string; name: string };
    /** A new password must be chosen before anything else. */
    mustChangePassword?: boolean;
  };
  permissions: Action[];
  csrfToken: string;
  sessionExpiresAt: string;
}

export type UnitStatus = 'open' | 'submitted' | 'approved';

export interface RoundSummary {
  id: number;
  board: { code: string; name: string };
  year: number;
  period: number;
  name: string;
  /** A forecast round or a year-end round (bokslut: no forecast entry). */
  kind?: 'forecast' | 'year-end';
  title: string;
  deadline: string | null;
  level: string;
  byActivity: boolean;
  method: string;
  thresholdTkr: number;
  sign: 'net' | 'cost-positive';
  prevPeriod: number;
  groupLevel: string | null;
  /** The stored board template (and version) the round uses; null = the built-in one. */
  template: { id: string; version: number } | null;
  status: 'open' | 'published';
  archived?: boolean;
  createdBy: string;
  createdAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
  version: number;
  progress: { total: number; open: number; submitted: number; approved: number };
  links: { self: string; report: string; published: string | null };
}

export interface RoundUnit {
  code: string;
  name: string;
  status: UnitStatus;
  statusName: string;
  submittedBy: string | null;
  submittedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  comment: { text: string; version: number; updatedBy: string | null; updatedAt: string | null };
  /** The controller's last reopening and its reason (reason '' once submitted again). */
  reopened?: { reason: string; by: string; at: string | null } | null;
  permissions: { edit: boolean; submit: boolean; approve: boolean; reopen: boolean };
}

/** A row of the review list (`GET /api/rounds/:id/review`): the unit with its figures (tkr). */
export interface ReviewRow extends RoundUnit {
  budgetTkr: number;
  /** null: nothing entered. */
  forecastTkr: number | null;
  varianceTkr: number | null;
  entered: number;
  rows: number;
  commentRequired: boolean;
  notes: number;
}

export interface ReviewList {
  round: RoundSummary;
  sign: 'net' | 'cost-positive';
  rows: ReviewRow[];
  permissions: { approveSubmitted: boolean };
}

export interface ReviewNoteJson {
  id: number;
  group: string | null;
  activity: string | null;
  text: string;
  author: string;
  createdAt: string;
}

export interface RoundDetail extends RoundSummary {
  units: RoundUnit[];
  permissions: { manage: boolean; archive?: boolean; publish: boolean; readContent: boolean; editContent: boolean; previewReport: boolean; readAudit: boolean };
  /** A published round's formats: stored, or still being rendered (right after publishing). */
  renderings: { ready: string[]; pending: string[] } | null;
  /** When every unit is approved: the cells without a forecast (not entered) per unit; else null. */
  missingForecasts?: { cells: number; units: Array<{ code: string; name: string; cells: number }> } | null;
}

export interface Values<T> {
  closingPrev: T;
  budget: T;
  actualToDate: T;
  proposal: T;
  forecast: T;
  variance: T;
  /** The previous round's forecast (P1 in P2) and the change against it; null when none. */
  prevForecast?: T;
  change?: T;
}

export interface BacktestJson {
  method: string;
  reliable: boolean;
  proposalTkr: number;
  closingTkr: number;
  errorTkr: number;
  absErrorTkr: number;
  errorPct: number | null;
}

export interface GridRow {
  group: string;
  groupName: string;
  activity: string;
  activityName: string | null;
  ore: Values<number | null>;
  tkr: Values<number | null>;
  source: 'entered' | 'carried' | 'imported' | 'none';
  /** Not entered where a forecast is expected (the cell has a budget, an actual or last year's closing). */
  missing: boolean;
  version: number;
  updatedBy: string | null;
  updatedAt: string | null;
  backtest: BacktestJson;
}

export interface MethodJson {
  id: string;
  name: string;
  description: string;
  backtest: BacktestJson;
}

export interface ForecastGrid {
  round: RoundSummary;
  unit: RoundUnit;
  sign: 'net' | 'cost-positive';
  thresholdTkr: number;
  commentRequired: boolean;
  rows: GridRow[];
  total: GridTotal;
  investments: GridTotal | null;
  /** The round this one started from (P1 for P2), or null in the first round of the year. */
  previousRound: { id: number; name: string } | null;
  method: MethodJson;
  methods: MethodJson[];
}

/** A total: not complete while cells lack a forecast (then forecast and variance are null). */
export interface GridTotal {
  ore: Values<number | null>;
  tkr: Values<number | null>;
  complete: boolean;
  missing: number;
  enteredSoFar: { ore: number | null; tkr: number | null } | null;
}

export interface CellJson {
  group: string | null;
  activity: string | null;
  amountOre: number | null;
  amountTkr: number | null;
  version: number;
  updatedBy: string | null;
  updatedAt: string | null;
}







export interface Content {
  board: string;
  year: number;
  round: string;
  editable: boolean;
  goals: GoalEntry[];
  assignments: AssignmentEntry[];
  measures: MeasureEntry[];
  narratives: NarrativeEntry[];
}

export interface UnitInfo {
  code: string;
  name: string;
  parent: string | null;
  level: string;
  budgetLevel: string | null;
}

export interface UserJson {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  roleName: string;
  units: string[];
  disabled: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  version: number;
}

export interface VarianceDashboard {
  round: number;
  sign: string;
  unit: 'tkr';
  rows: Array<{ code: string; name: string; status: UnitStatus; budgetTkr: number; forecastTkr: number; varianceTkr: number; variancePct: number | null; commentRequired: boolean; hasComment: boolean }>;
  total: { budgetTkr: number; forecastTkr: number; varianceTkr: number; variancePct: number | null };
  /** With `?unit=CODE`: that unit's account groups (the drill-down board → unit → account group). */
  drill?: { code: string; name: string; groups: Array<{ group: string; name: string; activity: string; budgetTkr: number; forecastTkr: number | null; varianceTkr: number | null; variancePct: number | null }> };
}

export interface ForecastsDashboard {
  round: number;
  year: number;
  rounds: string[];
  closed: boolean;
  rows: Array<{ code: string; name: string; rounds: Array<{ round: string; forecastTkr: number }>; closingTkr: number | null }>;
}

export interface AccuracyDashboard {
  round: number;
  fromYear: number;
  toYear: number;
  rows: Array<{
    code: string;
    name: string;
    rows: Array<{ year: number; round: string; forecastTkr: number; closingTkr: number; errorTkr: number; absErrorTkr: number; errorPct: number | null }>;
    summary: Array<{ round: string; years: number; meanAbsErrorTkr: number; weightedErrorPct: number | null }>;
  }>;
  total: {
    rows: Array<{ year: number; round: string; forecastTkr: number; closingTkr: number; errorTkr: number; absErrorTkr: number; errorPct: number | null }>;
    summary: Array<{ round: string; years: number; meanAbsErrorTkr: number; weightedErrorPct: number | null }>;
  };
}

export interface ProgressDashboard {
  round: number;
  status: 'open' | 'published';
  deadline: string | null;
  overdue: boolean;
  counts: { total: number; open: number; submitted: number; approved: number };
  units: Array<{ code: string; name: string; status: UnitStatus; statusName: string; submittedBy: string | null; submittedAt: string | null; approvedBy: string | null; approvedAt: string | null }>;
}

// The API returns these as the store reads them: one definition, in the store.
import type { AssignmentEntry, GoalEntry, MeasureEntry, NarrativeEntry } from '../store/content-edit.ts';
export type { AuditRecord as AuditEntry } from '../store/audit.ts';
export type { Versioned, GoalEntry, AssignmentEntry, MeasureEntry, NarrativeEntry } from '../store/content-edit.ts';

/** What `prognos check` finds in a round's report before publishing (GET /api/rounds/:id/check). */
export interface RoundCheck {
  errors: Array<{ code: string; message: string }>;
  warnings: Array<{ code: string; message: string }>;
}
