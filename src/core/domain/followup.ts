/**
 * Follow-up content besides the ledger (glossary: goalArea, strategicGoal, boardGoal,
 * indicator, target, goalStatus, assignment, measure, observations). Pure types and rules.
 */

export const GOAL_STATUSES = ['Uppfylls', 'Uppfylls delvis', 'Uppfylls ej'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const ASSIGNMENT_STATUSES = ['Genomfört', 'Påbörjat', 'Ej påbörjat'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export type GoalKind = 'strategic' | 'board' | 'indicator';
/** How a board relates to a council goal (004 chapter 4). */
export type GoalRelation = 'own' | 'contribution' | 'not_relevant';

export interface Goal {
  code: string;
  parent: string | null;
  goalArea: string;
  kind: GoalKind;
  text: string;
  relation: GoalRelation | null;
  target: string | null;
  /** A rule that derives the status from figures, e.g. `economy-in-balance`. */
  rule: string | null;
}

export interface StatusEntry<S> {
  status: S | null;
  comment: string;
}

export interface Assignment {
  code: string;
  goalArea: string;
  givenYear: number;
  text: string;
}

/** Amounts of measures are exact decimals in mnkr, kept as strings ("5.8"). */
export interface Measure {
  nr: string;
  text: string;
  decisionDate: string;
  diaryNumber: string;
  forecastEffectMnkr: string | null;
  totalEffectMnkr: string | null;
  achievedMnkr: string | null;
  expectedEffect: string;
  comment: string;
}

export type TargetType = 'min' | 'max' | 'increase' | 'decrease' | 'level';

export interface Indicator {
  code: string;
  name: string;
  unit: string;
  goal: string | null;
  targetType: TargetType | null;
  /** Exact decimal as a string ("78", "3.45"). */
  targetValue: string | null;
  source: string;
}

export interface IndicatorValue {
  code: string;
  year: number;
  kind: 'actual' | 'forecast';
  breakdown: 'T' | 'K' | 'M';
  value: string;
}

export interface Observation {
  goalArea: string;
  kind: 'positive' | 'improvement';
  text: string;
}

export interface RollForward {
  unit: string;
  openingOre: bigint;
  usedOre: bigint;
  resultOre: bigint;
}

export interface StoredGrid {
  id: string;
  title: string;
  columns: Array<{ key: string; label: string; kind?: 'text' | 'number' | 'status'; decimals?: number }>;
  rows: Array<{ cells: Record<string, string | number | null>; kind?: 'heading' | 'subtotal' }>;
}

/** Everything a report of one board, year and round can show besides the ledger. */
export interface FollowUpContent {
  narratives: Map<string, { title: string; text: string }>;
  goals: Goal[];
  goalStatus: Map<string, StatusEntry<GoalStatus>>;
  assignments: Assignment[];
  assignmentStatus: Map<string, StatusEntry<AssignmentStatus>>;
  measures: Measure[];
  indicators: Indicator[];
  indicatorValues: IndicatorValue[];
  observations: Observation[];
  rollForward: RollForward[];
  grids: Map<string, StoredGrid>;
}

export function emptyFollowUp(): FollowUpContent {
  return {
    narratives: new Map(),
    goals: [],
    goalStatus: new Map(),
    assignments: [],
    assignmentStatus: new Map(),
    measures: [],
    indicators: [],
    indicatorValues: [],
    observations: [],
    rollForward: [],
    grids: new Map(),
  };
}

/** Compare two exact decimal strings. */
function cmpDecimal(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  // Indicator values have few digits; Number is exact enough for comparison of such decimals.
  return x === y ? 0 : x < y ? -1 : 1;
}

/**
 * An indicator's status derived by rule from its latest value and target: min/max against the
 * target value, increase/decrease against the previous year's value, level = unchanged.
 * Returns null when there is not enough data.
 */
export function indicatorStatus(ind: Indicator, values: readonly IndicatorValue[], year: number): GoalStatus | null {
  const total = values.filter((v) => v.code === ind.code && v.breakdown === 'T');
  const at = (y: number): IndicatorValue | undefined =>
    total.find((v) => v.year === y && v.kind === 'forecast') ?? total.find((v) => v.year === y && v.kind === 'actual');
  const current = at(year);
  if (!current || !ind.targetType) return null;
  switch (ind.targetType) {
    case 'min':
      return ind.targetValue === null ? null : cmpDecimal(current.value, ind.targetValue) >= 0 ? 'Uppfylls' : 'Uppfylls ej';
    case 'max':
      return ind.targetValue === null ? null : cmpDecimal(current.value, ind.targetValue) <= 0 ? 'Uppfylls' : 'Uppfylls ej';
    case 'increase':
    case 'decrease':
    case 'level': {
      const prev = at(year - 1);
      if (!prev) return null;
      const c = cmpDecimal(current.value, prev.value);
      if (ind.targetType === 'level') return c === 0 ? 'Uppfylls' : 'Uppfylls delvis';
      return (ind.targetType === 'increase' ? c > 0 : c < 0) ? 'Uppfylls' : 'Uppfylls ej';
    }
  }
}

/**
 * "Ekonomi i balans": not met when the forecast variance is below −1 % of the budget
 * (003 Bilaga 2), met otherwise. Variance and budget in the same presentation sign.
 */
export function economyInBalanceStatus(varianceOre: bigint, budgetOre: bigint): GoalStatus | null {
  if (budgetOre === 0n) return null;
  const abs = budgetOre < 0n ? -budgetOre : budgetOre;
  // variance < −1 % of |budget|  ⇔  100 · variance < −|budget|
  return 100n * varianceOre < -abs ? 'Uppfylls ej' : 'Uppfylls';
}
