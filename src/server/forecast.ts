/**
 * The forecast grid of a round's unit and the figures the dashboards need: store facts and
 * entered cells joined, proposals and backtests from the pure `core/forecast` methods.
 * Amounts leave here in the round's sign (the report's): öre exactly, and tkr as printed.
 */
import { SIGNS, type SignName } from '../core/compute/index.ts';
import { ACCOUNT_GROUPS, OPERATING_GROUPS, type AccountGroup, type OrgTree } from '../core/domain/index.ts';
import {
  addFigures,
  backtest,
  METHODS,
  METHOD_IDS,
  zeroFigures,
  type Backtest,
  type Figures,
  type ForecastMethod,
  type MethodId,
} from '../core/forecast/index.ts';
import { toUnit } from '../core/money/index.ts';
import type { SqlClient } from '../store/adapters/types.ts';
import { forecastFacts, listCells, type CellRecord } from '../store/forecast-cells.ts';
import { roundScenario, type RoundRecord } from '../store/rounds.ts';
import { oreNumber } from './context.ts';

/** One cell's figures: this year (for proposals) and last year at the same cut-off (for backtests). */
export interface CellFigures {
  group: AccountGroup;
  activity: string;
  current: Figures;
  lastYear: Figures;
  /** Last year's closing (= current.closingPrev). */
  lastYearClosing: bigint;
  /** Forecast amounts in `amount` for the round's scenario (carried, imported or mirrored), ledger sign. */
  storedForecast: bigint;
  hasStoredForecast: boolean;
  /** The previous round's forecast of the cell (P1 for P2), ledger sign; null when it has none. */
  prevForecast: bigint | null;
}

export const cellKey = (group: string, activity: string): string => `${group}\u0000${activity}`;

/** The round unit a unit belongs to: itself or its nearest ancestor among the round's units. */
export function ownerIn(tree: OrgTree, roundUnits: ReadonlySet<string>, unit: string): string | undefined {
  const path = tree.path(unit);
  for (let i = path.length - 1; i >= 0; i--) if (roundUnits.has(path[i]!.code)) return path[i]!.code;
  return undefined;
}

/** Every unit of the round units' subtrees. */
export function subtreeCodes(tree: OrgTree, units: readonly string[]): string[] {
  return units.flatMap((u) => (tree.get(u) ? tree.subtree(u).map((x) => x.code) : []));
}

/** Figures per round unit and cell (group × activity; activity '' unless the round is per activity). */
export async function loadFigures(db: SqlClient, round: RoundRecord, tree: OrgTree, units: readonly string[]): Promise<Map<string, Map<string, CellFigures>>> {
  const facts = await forecastFacts(db, round.orgId, {
    year: round.year,
    period: round.period,
    scenario: roundScenario(round.id),
    prevScenario: round.carriedFrom === null ? null : roundScenario(round.carriedFrom),
    units: subtreeCodes(tree, units),
  });
  const set = new Set(units);
  const out = new Map<string, Map<string, CellFigures>>(units.map((u) => [u, new Map()]));
  for (const f of facts) {
    const owner = ownerIn(tree, set, f.unit);
    if (!owner) continue;
    const activity = round.byActivity ? f.activity : '';
    const cells = out.get(owner)!;
    const k = cellKey(f.group, activity);
    const cur: Figures = {
      period: round.period,
      actualYtd: f.actualYtd,
      budget: f.budget,
      budgetMonthlyYtd: f.budgetMonthlyYtd,
      budgetAnnual: f.budgetAnnual,
      closingPrev: f.closingPrev,
      actualPrevYtd: f.actualPrevYtd,
    };
    const last: Figures = {
      period: round.period,
      actualYtd: f.actualPrevYtd,
      budget: f.budgetPrev,
      budgetMonthlyYtd: f.budgetPrevMonthlyYtd,
      budgetAnnual: f.budgetPrevAnnual,
      closingPrev: f.closingPrev2,
      actualPrevYtd: f.actualPrev2Ytd,
    };
    const e = cells.get(k);
    if (e) {
      e.current = addFigures(e.current, cur);
      e.lastYear = addFigures(e.lastYear, last);
      e.lastYearClosing += f.closingPrev;
      e.storedForecast += f.forecast;
      e.hasStoredForecast ||= f.hasForecast;
      if (f.hasPrevForecast) e.prevForecast = (e.prevForecast ?? 0n) + f.prevForecast;
    } else {
      cells.set(k, {
        group: f.group,
        activity,
        current: cur,
        lastYear: last,
        lastYearClosing: f.closingPrev,
        storedForecast: f.forecast,
        hasStoredForecast: f.hasForecast,
        prevForecast: f.hasPrevForecast ? f.prevForecast : null,
      });
    }
  }
  return out;
}

const emptyCell = (round: RoundRecord, group: AccountGroup, activity: string): CellFigures => ({
  group,
  activity,
  current: zeroFigures(round.period),
  lastYear: zeroFigures(round.period),
  lastYearClosing: 0n,
  storedForecast: 0n,
  hasStoredForecast: false,
  prevForecast: null,
});

export interface GridLine {
  figures: CellFigures;
  cell: CellRecord | undefined;
  /**
   * The forecast shown: the entered cell, else the stored amounts (carried from the previous round
   * or imported), else null — not entered, which is never 0. Ledger sign.
   */
  forecast: bigint | null;
  source: 'entered' | 'carried' | 'imported' | 'none';
  /** Not entered where a forecast is expected: the cell has a budget, an actual or last year's closing. */
  missing: boolean;
}

/** A cell expects a forecast when anything is booked or budgeted on it (this year or last). */
const expectsForecast = (f: CellFigures): boolean => f.current.budget !== 0n || f.current.actualYtd !== 0n || f.current.closingPrev !== 0n;

/** The lines of a unit's grid: every cell with figures or an entered value; all operating groups when not per activity. */
export function gridLines(round: RoundRecord, figures: Map<string, CellFigures>, cells: readonly CellRecord[]): GridLine[] {
  const all = new Map(figures);
  for (const c of cells) if (!all.has(cellKey(c.group, c.activity))) all.set(cellKey(c.group, c.activity), emptyCell(round, c.group, c.activity));
  if (!round.byActivity) for (const g of OPERATING_GROUPS) if (!all.has(cellKey(g, ''))) all.set(cellKey(g, ''), emptyCell(round, g, ''));
  const byKey = new Map(cells.map((c) => [cellKey(c.group, c.activity), c]));
  const groupOrder = (g: AccountGroup): number => (g === 'I' ? 99 : OPERATING_GROUPS.indexOf(g));
  const stored = round.carriedFrom === null ? ('imported' as const) : ('carried' as const);
  return [...all.values()]
    .sort((a, b) => groupOrder(a.group) - groupOrder(b.group) || a.activity.localeCompare(b.activity, 'sv', { numeric: true }))
    .map((f) => {
      const cell = byKey.get(cellKey(f.group, f.activity));
      // A cell saved empty (cleared) is not entered either.
      if (cell && cell.amountOre !== null) return { figures: f, cell, forecast: cell.amountOre, source: 'entered' as const, missing: false };
      if (!cell && f.hasStoredForecast) return { figures: f, cell, forecast: f.storedForecast, source: stored, missing: false };
      return { figures: f, cell, forecast: null, source: 'none' as const, missing: expectsForecast(f) };
    });
}

/** How many cells of the lines expect a forecast and have none. */
export const missingCells = (lines: readonly GridLine[]): number => lines.filter((l) => l.missing).length;

/**
 * Operating totals (ledger sign) of grid lines. A total over cells not entered is not a sum that
 * counts them as 0: `forecast` is null then and `missing` says how many cells lack one, while
 * `entered` compares what was entered with the budget of the same cells (for the comment rule).
 */
export function operatingTotals(lines: readonly GridLine[]): {
  budget: bigint;
  forecast: bigint | null;
  missing: number;
  entered: { budget: bigint; forecast: bigint };
} {
  let budget = 0n;
  let forecast = 0n;
  let missing = 0;
  const entered = { budget: 0n, forecast: 0n };
  for (const l of lines) {
    if (l.figures.group === 'I') continue;
    budget += l.figures.current.budget;
    if (l.missing) missing++;
    if (l.forecast !== null) {
      forecast += l.forecast;
      entered.budget += l.figures.current.budget;
      entered.forecast += l.forecast;
    }
  }
  return { budget, forecast: missing > 0 ? null : forecast, missing, entered };
}

export function varianceOf(sign: SignName, budget: bigint, forecast: bigint): bigint {
  const s = SIGNS[sign];
  return s.variance(s.present(forecast), s.present(budget));
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

export function commentRequired(round: RoundRecord, lines: readonly GridLine[]): { required: boolean; varianceOre: bigint } {
  // Over the cells entered: a cell not entered has no variance to explain (yet).
  const t = operatingTotals(lines).entered;
  const v = varianceOf(round.reportOptions.sign, t.budget, t.forecast);
  return { required: abs(v) > round.thresholdOre, varianceOre: v };
}

const tkr = (x: bigint | null): number | null => (x === null ? null : toUnit({ num: x, den: 1n }));
const oreOrNull = (x: bigint | null): number | null => (x === null ? null : oreNumber(x));

/** Values of a line or total, presented: öre exactly and tkr as printed; null = none (never 0). */
function values(
  sign: SignName,
  v: { closingPrev: bigint; budget: bigint; actualToDate: bigint; proposal: bigint; forecast: bigint | null; prevForecast: bigint | null },
) {
  const s = SIGNS[sign];
  const p = (x: bigint | null): bigint | null => (x === null ? null : s.present(x));
  const variance = v.forecast === null ? null : s.variance(s.present(v.forecast), s.present(v.budget));
  // The change against the previous round's forecast, better = positive as for the variance.
  const change = v.forecast === null || v.prevForecast === null ? null : s.variance(s.present(v.forecast), s.present(v.prevForecast));
  const presented = {
    closingPrev: p(v.closingPrev),
    budget: p(v.budget),
    actualToDate: p(v.actualToDate),
    proposal: p(v.proposal),
    forecast: p(v.forecast),
    variance,
    prevForecast: p(v.prevForecast),
    change,
  };
  const map = <T>(f: (x: bigint | null) => T) => ({
    closingPrev: f(presented.closingPrev),
    budget: f(presented.budget),
    actualToDate: f(presented.actualToDate),
    proposal: f(presented.proposal),
    forecast: f(presented.forecast),
    variance: f(presented.variance),
    prevForecast: f(presented.prevForecast),
    change: f(presented.change),
  });
  return { ore: map(oreOrNull), tkr: map(tkr) };
}

export function backtestJson(b: Backtest) {
  return {
    method: b.method,
    reliable: b.reliable,
    proposalTkr: b.forecastTkr,
    closingTkr: b.closingTkr,
    errorTkr: b.errorTkr,
    absErrorTkr: b.absErrorTkr,
    errorPct: b.errorPct,
  };
}

export interface GridInput {
  round: RoundRecord;
  lines: readonly GridLine[];
  method: ForecastMethod;
  activities: ReadonlyMap<string, string>;
}

/** The grid body (rows, totals, methods with their backtests) of one unit. */
export function gridJson(g: GridInput) {
  const sign = g.round.reportOptions.sign;
  const availability = backtestAvailability(g.lines);
  const rows = g.lines.map((l) => {
    const f = l.figures;
    const proposal = g.method.propose(f.current);
    const bt = backtest(g.method, [f.lastYear], f.lastYearClosing, availability, sign);
    return {
      group: f.group,
      groupName: ACCOUNT_GROUPS[f.group],
      activity: f.activity,
      activityName: f.activity === '' ? null : (g.activities.get(f.activity) ?? f.activity),
      ...values(sign, { closingPrev: f.current.closingPrev, budget: f.current.budget, actualToDate: f.current.actualYtd, proposal, forecast: l.forecast, prevForecast: f.prevForecast }),
      source: l.source,
      missing: l.missing,
      version: l.cell?.version ?? 0,
      updatedBy: l.cell?.updatedBy ?? null,
      updatedAt: l.cell?.updatedAt ?? null,
      backtest: backtestJson(bt),
    };
  });
  /** A total over lines with cells not entered is not complete: no forecast, the count of cells missing and the sum entered so far. */
  const sum = (lines: readonly GridLine[]) => {
    let acc = zeroFigures(g.round.period);
    let proposal = 0n;
    let forecast = 0n;
    let prev: bigint | null = null;
    let missing = 0;
    for (const l of lines) {
      acc = addFigures(acc, l.figures.current);
      proposal += g.method.propose(l.figures.current);
      forecast += l.forecast ?? 0n;
      if (l.figures.prevForecast !== null) prev = (prev ?? 0n) + l.figures.prevForecast;
      if (l.missing) missing++;
    }
    const complete = missing === 0;
    const base = { closingPrev: acc.closingPrev, budget: acc.budget, actualToDate: acc.actualYtd, proposal, prevForecast: prev };
    const entered = values(sign, { ...base, forecast });
    return {
      ...values(sign, { ...base, forecast: complete ? forecast : null }),
      complete,
      missing,
      enteredSoFar: complete ? null : { ore: entered.ore.forecast, tkr: entered.tkr.forecast },
    };
  };
  const operating = g.lines.filter((l) => l.figures.group !== 'I');
  const investments = g.lines.filter((l) => l.figures.group === 'I');
  const methods = METHOD_IDS.map((id) => {
    const m = METHODS[id];
    const bt = backtest(
      m,
      operating.map((l) => l.figures.lastYear),
      operating.reduce((s, l) => s + l.figures.lastYearClosing, 0n),
      availability,
      sign,
    );
    return { id, name: m.name, description: m.description, backtest: backtestJson(bt) };
  });
  return {
    rows,
    total: sum(operating),
    investments: investments.length > 0 ? sum(investments) : null,
    method: methods.find((m) => m.id === g.method.id)!,
    methods,
  };
}

/**
 * Whether the unit's data of last year has what each method needs for a backtest: a budget of
 * year Y−1, an actual of year Y−2.
 */
export function backtestAvailability(lines: readonly GridLine[]): { budget: boolean; prevYear: boolean } {
  return {
    budget: lines.some((l) => l.figures.lastYear.budget !== 0n || l.figures.lastYear.budgetMonthlyYtd !== 0n),
    prevYear: lines.some((l) => l.figures.lastYear.closingPrev !== 0n || l.figures.lastYear.actualPrevYtd !== 0n),
  };
}

/** Lines of one unit, read from the store. */
export async function unitLines(db: SqlClient, round: RoundRecord, tree: OrgTree, unit: string): Promise<GridLine[]> {
  const [figures, cells] = await Promise.all([loadFigures(db, round, tree, [unit]), listCells(db, round, unit)]);
  return gridLines(round, figures.get(unit) ?? new Map(), cells);
}

/** Lines of several units at once (dashboards). */
export async function linesByUnit(db: SqlClient, round: RoundRecord, tree: OrgTree, units: readonly string[]): Promise<Map<string, GridLine[]>> {
  const [figures, cells] = await Promise.all([loadFigures(db, round, tree, units), listCells(db, round)]);
  return new Map(units.map((u) => [u, gridLines(round, figures.get(u) ?? new Map(), cells.filter((c) => c.unitCode === u))]));
}

export const methodOf = (id: string | undefined, fallback: MethodId): ForecastMethod => METHODS[(id && (METHOD_IDS as readonly string[]).includes(id) ? id : fallback) as MethodId];
