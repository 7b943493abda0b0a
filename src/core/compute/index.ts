/**
 * The computation engine: ledger sums → follow-up tables, exactly. Pure: no I/O.
 *
 * Amounts are summed exactly (bigint) and rounded once, when a cell is produced: tkr half away
 * from zero; totals and derived cells (variances, percentages) come from the exact sums, never
 * from rounded cells, so a printed total may differ by 1 from the sum of printed rows, as in
 * the reference reports. A percentage is null (an empty cell) when core/format's `printedPercent`
 * says it means nothing: a base printed as 0, a magnitude beyond the rule's limit.
 */
import { ACCOUNT_GROUPS, OPERATING_GROUPS, OrgTree, svCollator, type Unit } from '../domain/index.ts';
import { DEFAULT_PERCENT_RULE, printedPercent, type PercentMeasure, type PercentRule } from '../format/index.ts';
import { percent, toUnit, type AmountUnit } from '../money/index.ts';
import type { LabelContext } from './labels.ts';
import { addInto, DEN, measure, subtractFrom, toSums, zeroSums, type MeasureEnv, type Sums } from './measures.ts';
import { proposalMethod, resolveColumns, type ColumnSpec } from './column-set.ts';
import { applyFilter, subtreesOf, type FactFilter, type RowOptions } from './row-set.ts';
import { SIGNS, type SignName } from './sign.ts';

export { SIGNS, isSignName, type SignName, type SignConvention } from './sign.ts';
export { monthName } from './labels.ts';
export { MEASURES, MEASURE_KEYS, MEASURE, type Measure } from './measures.ts';
export { fillColumnLabel, unknownPlaceholders, LABEL_PLACEHOLDERS, type ColumnSpec } from './column-set.ts';
export { rowOptionUnits, type RowOptions, type FactFilter } from './row-set.ts';

export type { LedgerFact } from './fact.ts';
import type { LedgerFact } from './fact.ts';

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
  /** A board template's column set (order, headings); default: the built-in columns of the kind. */
  columns?: ColumnSpec[];
  /** Memo rows, totals excluding units, units kept out of the total. */
  rows?: RowOptions;
  /** Only some facts (e.g. the projects of one kind of investment). */
  filter?: FactFilter;
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
  /** The report compares with a previous forecast round (facts carry `prevForecast`). */
  hasPrevRound?: boolean;
}

export interface Column {
  key: string;
  label: string;
}

export type Values = Record<string, number | null>;

export interface Row {
  code: string;
  name: string;
  /**
   * Absent for an ordinary row. `memo`: a "varav …" row; `excluding`: the total without some
   * units; `outside-total`: a unit shown but kept out of the total. None of them is summed.
   */
  kind?: 'subtotal' | 'memo' | 'excluding' | 'outside-total';
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
  /** Rows printed after the total (memo rows, totals excluding units); absent when none. */
  afterTotal?: Row[];
  /**
   * A note printed under the table: which units' forecasts were not entered (their rows, the
   * sums over them and the total show Prognos and Avvikelse empty, never as 0). Absent when none.
   */
  note?: string;
  /** The template's fact filter (one kind of project or account): its figures are a part of the scope's. Absent when none. */
  filter?: FactFilter;
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

/** What every cell of a table shares: the sign, the rounding, the percent rule, the table's facts. */
export function measureEnv(p: ReportParams, table: { withCarryover: boolean; hasOsb: boolean }): MeasureEnv {
  const sign = SIGNS[p.sign];
  const amount = (x: bigint): number => toUnit({ num: x, den: DEN }, p.unit);
  const rule = p.percent ?? DEFAULT_PERCENT_RULE;
  return {
    sign,
    amount,
    pct: (a: bigint, b: bigint, decimals: 0 | 1, m: PercentMeasure): number | null =>
      printedPercent(percent({ num: a, den: DEN }, { num: b, den: DEN }, decimals), amount(a), amount(b), m, rule),
    withCarryover: table.withCarryover,
    hasOsb: table.hasOsb,
    hasPrevRound: p.hasPrevRound === true,
  };
}

/** One cell per key from exact sums (the measure registry): the only place where rounding happens. */
export function cellValues(s: Sums, keys: readonly string[], env: MeasureEnv): Values {
  const out: Values = {};
  for (const key of keys) out[key] = measure(key).compute(s, env);
  return out;
}

interface Bucket {
  code: string;
  name: string;
  group?: Unit;
  sums: Sums;
  order: number;
  /** Every fact of the row lies in a unit kept out of the total; `seen`: the row has facts. */
  outside: boolean;
  seen: boolean;
}

/** Computes one table from the facts of (at least) the table's scope. */
export function computeTable(spec: TableSpec, facts: readonly LedgerFact[], ctx: ComputeContext, p: ReportParams): Table {
  const { tree } = ctx;
  const scope = tree.require(spec.scope);
  const inScope = new Set(tree.subtree(scope.code).map((u) => u.code));
  const investments = spec.kind === 'investments';
  const omitted = subtreesOf(tree, spec.rows?.omit ?? []);
  for (const u of omitted) inScope.delete(u);
  const scoped = applyFilter(facts.filter((f) => inScope.has(f.unit) && (investments ? f.group === 'I' : f.group !== 'I')), spec.filter);
  const withCarryover = investments && scoped.some((f) => f.carryover !== 0n);
  const labelCtx: LabelContext = { year: p.year, period: p.period, prevPeriod: p.prevPeriod, round: p.round };
  const columns = resolveColumns(spec.columns, columnKeys(spec.kind, p, withCarryover), labelCtx, spec.kind === 'net-summary');
  const keys = columns.map((c) => c.key);
  const env = measureEnv(p, { withCarryover, hasOsb: scoped.some((f) => f.budgetOsb !== 0n) });
  const sumOpts = { period: p.period, prevPeriod: p.prevPeriod, method: proposalMethod(spec.columns) };
  const sumsOf = (f: LedgerFact): Sums => toSums(f, sumOpts);
  const outsideUnits = subtreesOf(tree, spec.rows?.outsideTotal ?? []);

  const total = zeroSums();
  for (const f of scoped) if (!outsideUnits.has(f.unit)) addInto(total, sumsOf(f));

  const groupOf = (unit: string): Unit | undefined => {
    if (!spec.groupLevel) return undefined;
    return tree.atLevelBelow(unit, scope.code, spec.groupLevel) ?? tree.childOfScopeOnPath(unit, scope.code);
  };

  const usesBudgetLevels = spec.kind === 'net-summary' && tree.subtree(scope.code).some((u) => u.budgetLevel);
  const buckets = new Map<string, Bucket>();
  const bucket = (key: string, make: () => Omit<Bucket, 'sums' | 'outside' | 'seen'>): Bucket => {
    let b = buckets.get(key);
    if (!b) {
      b = { ...make(), sums: zeroSums(), outside: true, seen: false };
      buckets.set(key, b);
    }
    return b;
  };

  // Row units: for `units`, every unit at the level is a row, with or without amounts.
  const rowUnit = (unit: string): Unit | undefined =>
    spec.level ? tree.atLevelBelow(unit, scope.code, spec.level) : tree.childOfScopeOnPath(unit, scope.code);

  if (spec.kind === 'units') {
    for (const u of tree.subtree(scope.code)) {
      if (u.code === scope.code || omitted.has(u.code)) continue;
      if (spec.level ? u.level === spec.level : u.parent === scope.code) {
        const g = groupOf(u.code);
        bucket(`${g?.code ?? ''}\u0000${u.code}`, () => ({ code: u.code, name: u.name, group: g, order: 0 }));
      }
    }
  }

  for (const f of scoped) {
    const s = sumsOf(f);
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
    b.seen = true;
    if (!outsideUnits.has(f.unit)) b.outside = false;
  }
  // A row of units kept out of the total is shown, never summed (a row without amounts is an ordinary row).
  const isOutside = (b: Bucket): boolean => outsideUnits.size > 0 && b.outside && (b.seen || outsideUnits.has(b.code));
  const rowOf = (b: Bucket, group?: string): Row => ({
    code: b.code,
    name: b.name,
    ...(isOutside(b) ? { kind: 'outside-total' as const } : {}),
    ...(group ? { group } : {}),
    values: cellValues(b.sums, keys, env),
  });

  const list = [...buckets.values()];
  const printedOrder = spec.rows?.order ?? [];
  const rank = (b: Bucket): number => {
    // a row without a code of its own (a budget level of several units) is named by its name
    const i = printedOrder.indexOf(b.code === '' ? b.name : b.code);
    return i < 0 ? Infinity : i;
  };
  const rowOrder = (a: Bucket, b: Bucket): number =>
    (rank(a) === rank(b) ? 0 : rank(a) < rank(b) ? -1 : 1) ||
    (spec.kind === 'account-groups' || spec.kind === 'net-summary' ? a.order - b.order : svCollator.compare(a.code, b.code));
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
        if (!isOutside(b)) addInto(sub, b.sums);
        rows.push(rowOf(b, g.unit?.code));
      }
      if (g.unit) {
        rows.push({ code: g.unit.code, name: g.unit.name, kind: 'subtotal', group: g.unit.code, values: cellValues(sub, keys, env) });
      }
    }
  } else {
    for (const b of list.sort(rowOrder)) rows.push(rowOf(b));
  }
  const afterTotal = extraRows(spec, scoped, rows, total, { tree, keys, env, sumsOf, outsideUnits });

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
    total: { label: spec.kind === 'net-summary' ? 'Nettokostnad' : `Summa ${scope.name}`, values: cellValues(total, keys, env) },
    ...(afterTotal.length ? { afterTotal } : {}),
    ...(spec.filter ? { filter: spec.filter } : {}),
  };
}

/**
 * Memo rows ("varav …") and totals excluding units. A memo row with `after` goes into `rows`
 * after that row; the others are returned, to print after the total.
 */
function extraRows(
  spec: TableSpec,
  scoped: readonly LedgerFact[],
  rows: Row[],
  total: Sums,
  c: { tree: OrgTree; keys: string[]; env: MeasureEnv; sumsOf: (f: LedgerFact) => Sums; outsideUnits: ReadonlySet<string> },
): Row[] {
  const sumOver = (units: readonly string[], inTotalOnly = false): Sums => {
    const set = subtreesOf(c.tree, units);
    const acc = zeroSums();
    for (const f of scoped) if (set.has(f.unit) && !(inTotalOnly && c.outsideUnits.has(f.unit))) addInto(acc, c.sumsOf(f));
    return acc;
  };
  const after: Row[] = [];
  for (const m of spec.rows?.memo ?? []) {
    const row: Row = { code: '', name: m.label, kind: 'memo', values: cellValues(sumOver(m.units), c.keys, c.env) };
    const at = m.after === undefined ? -1 : rows.findIndex((r) => r.code === m.after && r.kind !== 'subtotal');
    if (at >= 0) rows.splice(at + 1, 0, row);
    else after.push(row);
  }
  for (const x of spec.rows?.excluding ?? []) {
    const acc = { ...total };
    // Units already kept out of the total are not taken out twice.
    subtractFrom(acc, sumOver(x.units, true));
    after.push({ code: '', name: x.label, kind: 'excluding', values: cellValues(acc, c.keys, c.env) });
  }
  return after;
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
