/**
 * The computation engine: ledger sums → follow-up tables, exactly. Pure: no I/O.
 *
 * Amounts are summed exactly (bigint) and rounded once, when a cell is produced: tkr half away
 * from zero; totals and derived cells (variances, percentages) come from the exact sums, never
 * from rounded cells, so a printed total may differ by 1 from the sum of printed rows, as in
 * the reference reports. A percentage is null (an empty cell) when core/format's `printedPercent`
 * says it means nothing: a base printed as 0, a magnitude beyond the rule's limit.
 */
import { ACCOUNT_GROUPS, OPERATING_GROUPS, OrgTree, svCollator, type AccountGroup, type Unit } from '../domain/index.ts';
import { PrognosError } from '../errors/index.ts';
import { DEFAULT_PERCENT_RULE, printedPercent, type PercentMeasure, type PercentRule } from '../format/index.ts';
import { percent, toUnit, type AmountUnit } from '../money/index.ts';
import { detailLabel, summaryLabel, type LabelContext } from './labels.ts';
import { SIGNS, type SignName } from './sign.ts';

export { SIGNS, isSignName, type SignName, type SignConvention } from './sign.ts';
export { monthName } from './labels.ts';

/** Ledger sums for one (unit, account group, activity, project), ledger sign, exact öre. */
export interface LedgerFact {
  unit: string;
  group: AccountGroup;
  activity: string;
  project: string;
  closingPrev: bigint;
  actualPrev: bigint;
  actual: bigint;
  /** Monthly budget rows of periods 1..cut-off. */
  budgetMonthlyToDate: bigint;
  /** Budget given for the whole year (period empty); periodised evenly for the to-date budget. */
  budgetAnnual: bigint;
  budget: bigint;
  budgetOsb: bigint;
  forecast: bigint;
  carryover: bigint;
  /** A forecast is stored for the fact (even one of 0); absent in facts read before it existed. */
  hasForecast?: boolean;
  /** A forecast is expected here and was not entered: the row's forecast is not complete. */
  forecastMissing?: boolean;
}

/** `missing` counts the facts whose forecast was not entered (not an amount). */
const MEASURES = ['closingPrev', 'actualPrev', 'actual', 'budgetToDate', 'budgetOsb', 'budget', 'forecast', 'carryover', 'missing'] as const;
type Measure = (typeof MEASURES)[number];
/** Sums in twelfths of öre, so an annual budget periodised by months stays exact. */
type Sums = Record<Measure, bigint>;
const DEN = 12n;

const zeroSums = (): Sums => ({ closingPrev: 0n, actualPrev: 0n, actual: 0n, budgetToDate: 0n, budgetOsb: 0n, budget: 0n, forecast: 0n, carryover: 0n, missing: 0n });

function toSums(f: LedgerFact, period: number): Sums {
  const months = BigInt(Math.min(period, 12));
  return {
    closingPrev: f.closingPrev * DEN,
    actualPrev: f.actualPrev * DEN,
    actual: f.actual * DEN,
    budgetToDate: f.budgetMonthlyToDate * DEN + f.budgetAnnual * months,
    budgetOsb: f.budgetOsb * DEN,
    budget: f.budget * DEN,
    forecast: f.forecast * DEN,
    carryover: f.carryover * DEN,
    missing: f.forecastMissing ? 1n : 0n,
  };
}

function addInto(acc: Sums, s: Sums): void {
  for (const k of MEASURES) acc[k] += s[k];
}

export type TableKind = 'net-summary' | 'units' | 'account-groups' | 'activities' | 'investments';
export const TABLE_KINDS: readonly TableKind[] = ['net-summary', 'units', 'account-groups', 'activities', 'investments'];

export interface TableSpec {
  /** Stable id in the JSON output, e.g. `units:ÖKA`. */
  id: string;
  kind: TableKind;
  /** The unit whose subtree the table covers. */
  scope: string;
  /** Row level for `units` and `investments` (e.g. RN3); default: the scope's children. */
  level?: string;
  /** Optional level whose units split the rows into groups with subtotals (e.g. RN2). */
  groupLevel?: string;
  /** `investments` rows per unit (default) or per project. */
  by?: 'unit' | 'project';
  title?: string;
}

export interface ReportParams {
  year: number;
  /** Cut-off month (1–12). */
  period: number;
  /** Months of the previous year in the comparison column (default: the cut-off). */
  prevPeriod: number;
  /** Forecast round, e.g. P1. */
  round: string;
  sign: SignName;
  unit: AmountUnit;
  /** When a percentage is printed (core/format `printedPercent`); default: `DEFAULT_PERCENT_RULE`. */
  percent?: PercentRule;
}

export interface Column {
  key: string;
  label: string;
}

export type Values = Record<string, number | null>;

export interface Row {
  code: string;
  name: string;
  /** Absent for an ordinary row. */
  kind?: 'subtotal';
  /** Code of the group (subtotal) the row belongs to, when the table is grouped. */
  group?: string;
  values: Values;
}

export interface Table {
  id: string;
  kind: TableKind;
  scope: string;
  /** Name of the scope unit (reader text: sheet names, totals); absent in models stored before it existed. */
  scopeName?: string;
  title: string;
  columns: Column[];
  rows: Row[];
  total: { label: string; values: Values };
  /**
   * A note printed under the table: which units' forecasts were not entered (their rows, the
   * sums over them and the total show Prognos and Avvikelse empty, never as 0). Absent when none.
   */
  note?: string;
}

export interface ComputeContext {
  tree: OrgTree;
  activities: ReadonlyMap<string, string>;
  projects: ReadonlyMap<string, string>;
}

/** Column keys per table kind; the annual report (cut-off 12) compares outcome with budget. */
export function columnKeys(kind: TableKind, p: ReportParams, withCarryover = false): string[] {
  const annual = p.period === 12;
  if (kind === 'net-summary') {
    return annual
      ? ['closing_prev', 'actual', 'budget', 'variance_to_date', 'change_pct']
      : ['actual_prev', 'closing_prev', 'actual', 'budget_osb', 'budget', 'budget_change', 'forecast', 'variance'];
  }
  const keys = annual
    ? ['closing_prev', 'actual', 'budget', 'variance_to_date', 'change_pct']
    : ['closing_prev', 'actual', 'budget_to_date', 'variance_to_date', 'consumption_pct', 'forecast', 'budget', 'variance'];
  if (withCarryover) {
    const i = keys.indexOf('budget');
    keys.splice(i + 1, 0, 'carryover', 'budget_incl_carryover');
  }
  return keys;
}

/** One cell per key from exact sums: the only place where rounding happens. */
export function cellValues(s: Sums, keys: readonly string[], p: ReportParams, withCarryover = false): Values {
  const sign = SIGNS[p.sign];
  const v = (x: bigint): bigint => sign.present(x);
  const amount = (x: bigint): number => toUnit({ num: x, den: DEN }, p.unit);
  const rule = p.percent ?? DEFAULT_PERCENT_RULE;
  const pct = (a: bigint, b: bigint, decimals: 0 | 1, measure: PercentMeasure): number | null =>
    printedPercent(percent({ num: a, den: DEN }, { num: b, den: DEN }, decimals), amount(a), amount(b), measure, rule);
  // At the year's end the budget to date is the whole budget.
  const budgetBase = withCarryover ? s.budget + s.carryover : s.budget;
  const out: Values = {};
  for (const key of keys) {
    switch (key) {
      case 'closing_prev': out[key] = amount(v(s.closingPrev)); break;
      case 'actual_prev': out[key] = amount(v(s.actualPrev)); break;
      case 'actual': out[key] = amount(v(s.actual)); break;
      case 'budget_to_date': out[key] = amount(v(s.budgetToDate)); break;
      case 'variance_to_date': out[key] = amount(sign.variance(v(s.actual), v(s.budgetToDate))); break;
      case 'consumption_pct': out[key] = pct(v(s.actual), v(s.budgetToDate), 0, 'ratio'); break;
      case 'budget_osb': out[key] = amount(v(s.budgetOsb)); break;
      case 'budget': out[key] = amount(v(s.budget)); break;
      case 'budget_change': out[key] = amount(v(s.budget) - v(s.budgetOsb)); break;
      // A forecast over cells not entered is not complete: empty, never a sum counting them as 0.
      case 'forecast': out[key] = s.missing > 0n ? null : amount(v(s.forecast)); break;
      case 'variance': out[key] = s.missing > 0n ? null : amount(sign.variance(v(s.forecast), v(budgetBase))); break;
      case 'change_pct': out[key] = pct(v(s.actual) - v(s.actualPrev), v(s.actualPrev), 1, 'change'); break;
      case 'carryover': out[key] = amount(v(s.carryover)); break;
      case 'budget_incl_carryover': out[key] = amount(v(s.budget + s.carryover)); break;
      default: throw new PrognosError('INTERNAL', `unknown column ${key}`);
    }
  }
  return out;
}

interface Bucket {
  code: string;
  name: string;
  group?: Unit;
  sums: Sums;
  order: number;
}

/** Computes one table from the facts of (at least) the table's scope. */
export function computeTable(spec: TableSpec, facts: readonly LedgerFact[], ctx: ComputeContext, p: ReportParams): Table {
  const { tree } = ctx;
  const scope = tree.require(spec.scope);
  const inScope = new Set(tree.subtree(scope.code).map((u) => u.code));
  const investments = spec.kind === 'investments';
  const scoped = facts.filter((f) => inScope.has(f.unit) && (investments ? f.group === 'I' : f.group !== 'I'));
  const withCarryover = investments && scoped.some((f) => f.carryover !== 0n);
  const keys = columnKeys(spec.kind, p, withCarryover);
  const labelCtx: LabelContext = { year: p.year, period: p.period, prevPeriod: p.prevPeriod, round: p.round };
  const label = spec.kind === 'net-summary' ? summaryLabel : detailLabel;
  const columns = keys.map((key) => ({ key, label: label(key, labelCtx) }));

  const total = zeroSums();
  for (const f of scoped) addInto(total, toSums(f, p.period));

  const groupOf = (unit: string): Unit | undefined => {
    if (!spec.groupLevel) return undefined;
    return tree.atLevelBelow(unit, scope.code, spec.groupLevel) ?? tree.childOfScopeOnPath(unit, scope.code);
  };

  const usesBudgetLevels = spec.kind === 'net-summary' && tree.subtree(scope.code).some((u) => u.budgetLevel);
  const buckets = new Map<string, Bucket>();
  const bucket = (key: string, make: () => Omit<Bucket, 'sums'>): Bucket => {
    let b = buckets.get(key);
    if (!b) {
      b = { ...make(), sums: zeroSums() };
      buckets.set(key, b);
    }
    return b;
  };

  // Row units: for `units`, every unit at the level is a row, with or without amounts.
  const rowUnit = (unit: string): Unit | undefined =>
    spec.level ? tree.atLevelBelow(unit, scope.code, spec.level) : tree.childOfScopeOnPath(unit, scope.code);

  if (spec.kind === 'units') {
    for (const u of tree.subtree(scope.code)) {
      if (u.code === scope.code) continue;
      if (spec.level ? u.level === spec.level : u.parent === scope.code) {
        const g = groupOf(u.code);
        bucket(`${g?.code ?? ''}\u0000${u.code}`, () => ({ code: u.code, name: u.name, group: g, order: 0 }));
      }
    }
  }

  for (const f of scoped) {
    const s = toSums(f, p.period);
    const g = groupOf(f.unit);
    const gk = g?.code ?? '';
    let b: Bucket;
    switch (spec.kind) {
      case 'net-summary': {
        const level = tree.budgetLevel(f.unit);
        if (usesBudgetLevels) {
          const first = firstWithBudgetLevel(tree, scope.code, level);
          b = bucket(`L\u0000${level ?? ''}`, () => ({ code: budgetLevelUnit(tree, scope.code, level), name: level ?? 'Övrigt', order: first }));
        } else {
          const c = tree.childOfScopeOnPath(f.unit, scope.code) ?? scope;
          b = bucket(c.code, () => ({ code: c.code, name: c.name, order: c.sortOrder }));
        }
        break;
      }
      case 'units':
      case 'investments': {
        if (investments && spec.by === 'project') {
          b = bucket(`${gk}\u0000${f.project}`, () => ({
            code: f.project,
            name: f.project === '' ? 'Utan projekt' : (ctx.projects.get(f.project) ?? f.project),
            group: g,
            order: 0,
          }));
          break;
        }
        const r = rowUnit(f.unit);
        // Amounts booked above the row level still belong to the total: show them on their own row.
        const owner = r ?? tree.get(f.unit)!;
        b = bucket(`${gk}\u0000${owner.code}`, () => ({
          code: owner.code,
          name: r ? owner.name : `${owner.name} (ej fördelat)`,
          group: g,
          order: 0,
        }));
        break;
      }
      case 'account-groups':
        b = bucket(`${gk}\u0000${f.group}`, () => ({
          code: f.group,
          name: ACCOUNT_GROUPS[f.group],
          group: g,
          order: OPERATING_GROUPS.indexOf(f.group),
        }));
        break;
      case 'activities':
        b = bucket(`${gk}\u0000${f.activity}`, () => ({
          code: f.activity,
          name: f.activity === '' ? 'Utan verksamhet' : (ctx.activities.get(f.activity) ?? f.activity),
          group: g,
          order: 0,
        }));
        break;
    }
    addInto(b.sums, s);
  }

  const list = [...buckets.values()];
  const rowOrder = (a: Bucket, b: Bucket): number =>
    spec.kind === 'account-groups' || spec.kind === 'net-summary'
      ? a.order - b.order
      : svCollator.compare(a.code, b.code);
  const rows: Row[] = [];
  if (spec.groupLevel) {
    const groups = new Map<string, { unit: Unit | undefined; items: Bucket[] }>();
    for (const b of list) {
      const k = b.group?.code ?? '';
      const e = groups.get(k) ?? { unit: b.group, items: [] };
      e.items.push(b);
      groups.set(k, e);
    }
    const ordered = [...groups.values()].sort(
      (a, b) => (a.unit?.sortOrder ?? Infinity) - (b.unit?.sortOrder ?? Infinity) || svCollator.compare(a.unit?.code ?? '', b.unit?.code ?? ''),
    );
    for (const g of ordered) {
      const sub = zeroSums();
      for (const b of g.items.sort(rowOrder)) {
        addInto(sub, b.sums);
        rows.push({ code: b.code, name: b.name, ...(g.unit ? { group: g.unit.code } : {}), values: cellValues(b.sums, keys, p, withCarryover) });
      }
      if (g.unit) {
        rows.push({ code: g.unit.code, name: g.unit.name, kind: 'subtotal', group: g.unit.code, values: cellValues(sub, keys, p, withCarryover) });
      }
    }
  } else {
    for (const b of list.sort(rowOrder)) rows.push({ code: b.code, name: b.name, values: cellValues(b.sums, keys, p, withCarryover) });
  }

  const missingUnits = [...new Set(scoped.filter((f) => f.forecastMissing).map((f) => f.unit))].sort(svCollator.compare);
  const note =
    missingUnits.length === 0 || !keys.includes('forecast')
      ? undefined
      : `Prognos ej angiven för ${missingUnits.map((u) => `${u} ${tree.get(u)?.name ?? ''}`.trim()).join(', ')}: tomma celler i Prognos och Avvikelse saknar prognos (de är inte 0).`;
  return {
    id: spec.id,
    kind: spec.kind,
    scope: scope.code,
    scopeName: scope.name,
    ...(note ? { note } : {}),
    title: spec.title ?? defaultTitle(spec, scope),
    columns,
    rows,
    // Names, not codes, in reader text: "Summa Kommunledning", not "Summa ÖKL".
    total: { label: spec.kind === 'net-summary' ? 'Nettokostnad' : `Summa ${scope.name}`, values: cellValues(total, keys, p, withCarryover) },
  };
}

/**
 * The unit a budget level consists of, when it is exactly one unit's whole subtree (so the row
 * can carry that unit's code and be recognised elsewhere); '' otherwise.
 */
function budgetLevelUnit(tree: OrgTree, scope: string, level: string | null): string {
  const carriers = tree.subtree(scope).filter((u) => u.budgetLevel === level);
  if (level === null || carriers.length !== 1) return '';
  const root = carriers[0]!;
  return tree.subtree(root.code).every((u) => u.code === root.code || u.budgetLevel === null || u.budgetLevel === level) ? root.code : '';
}

function firstWithBudgetLevel(tree: OrgTree, scope: string, level: string | null): number {
  let best = Infinity;
  for (const u of tree.subtree(scope)) if (u.budgetLevel === level) best = Math.min(best, u.sortOrder);
  return best;
}

function defaultTitle(spec: TableSpec, scope: Unit): string {
  switch (spec.kind) {
    case 'net-summary':
      return `Nettoredovisning ${scope.name}`;
    case 'units':
      // A level label (RN3) is an internal code, never reader text.
      return `${scope.name} per enhet`;
    case 'account-groups':
      return `${scope.name} per kontogrupp`;
    case 'activities':
      return `${scope.name} per verksamhet`;
    case 'investments':
      return `Investeringar ${scope.name}`;
  }
}
