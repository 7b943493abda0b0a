/**
 * Dashboards of a round: variance per unit, forecasts across the year's rounds up to the
 * closing, forecast accuracy over past years, and the round's progress. The figures come from
 * the pure functions of `core/forecast`; a unit editor sees the rows of its own units only.
 * Amounts are tkr as printed, in the round's sign (operating accounts, investments excluded).
 */
import { forecastAccuracy, forecastTrail, unitVariance, type PastForecast } from '../../core/forecast/index.ts';
import { ACCOUNT_GROUPS, svCollator } from '../../core/domain/index.ts';
import { PrognosError } from '../../core/errors/index.ts';
import { closedYears, scenarioSums } from '../../store/forecast-cells.ts';
import { listRounds, roundUnits, type RoundRecord } from '../../store/rounds.ts';
import { type App, type Deps } from '../context.ts';
import { queryInt } from '../input-limits.ts';
import { linesByUnit, operatingTotals, ownerIn, subtreeCodes } from '../forecast.ts';
import { loadRound, UNIT_STATUS_NAMES, visibleUnits } from './rounds.ts';

/**
 * The round name a forecast scenario of a year stands for on this board's dashboards, or undefined
 * to leave it out: a round's own scenario (`forecast:round:<id>`) counts for its board only; an
 * imported `forecast:<name>` counts unless the board has a round of that name and year (whose own
 * forecasts then are the figures).
 */
export function scenarioRoundName(scenario: string, year: number, board: string, rounds: readonly RoundRecord[]): string | undefined {
  const own = /^forecast:round:(\d+)$/.exec(scenario);
  if (own) {
    const r = rounds.find((x) => x.id === Number(own[1]));
    return r && r.board === board ? r.name : undefined;
  }
  const name = scenario.slice('forecast:'.length);
  return rounds.some((x) => x.board === board && x.year === year && x.name === name) ? undefined : name;
}

export function registerDashboards(app: App, d: Deps): void {
  const db = d.store.db;

  app.get('/api/rounds/:id{[0-9]+}/dashboard/variance', async (c) => {
    const { u, round, tree } = await loadRound(d, c);
    const units = visibleUnits(u, tree, await roundUnits(db, round));
    const lines = await linesByUnit(db, round, tree, units.map((x) => x.unitCode));
    const sign = round.reportOptions.sign;
    let budget = 0n;
    let forecast = 0n;
    let missing = 0;
    // A unit with cells not entered has no forecast and no variance yet (never "0, 100 %, better than budget").
    const variance = (b: bigint, f: bigint | null, m: number) =>
      f === null
        ? { budgetTkr: unitVariance(b, b, round.thresholdOre, sign).budgetTkr, forecastTkr: null, varianceTkr: null, variancePct: null, commentRequired: false, missingCells: m }
        : { ...unitVariance(b, f, round.thresholdOre, sign), missingCells: 0 };
    const rows = units.map((x) => {
      const t = operatingTotals(lines.get(x.unitCode) ?? []);
      budget += t.budget;
      forecast += t.forecast ?? 0n;
      missing += t.missing;
      return {
        code: x.unitCode,
        name: tree.get(x.unitCode)?.name ?? x.unitCode,
        status: x.status,
        ...variance(t.budget, t.forecast, t.missing),
        hasComment: x.comment.trim() !== '',
      };
    });
    const { commentRequired: _unused, ...total } = variance(budget, missing > 0 ? null : forecast, missing);
    // Drill-down board → unit → account group: `?unit=CODE` adds that unit's operating groups.
    const drill = c.req.query('unit');
    const chosen = drill ? units.find((x) => x.unitCode === drill) : undefined;
    if (drill && !chosen) throw new PrognosError('NOT_FOUND', `enheten ${drill} finns inte i omgången eller är inte din`);
    const groups = chosen
      ? (lines.get(chosen.unitCode) ?? [])
          .filter((l) => l.figures.group !== 'I')
          .map((l) => {
            const { commentRequired: _c, ...v } = variance(l.figures.current.budget, l.forecast, l.missing ? 1 : 0);
            return { group: l.figures.group, name: ACCOUNT_GROUPS[l.figures.group], activity: l.figures.activity, ...v };
          })
      : undefined;
    return c.json({ round: round.id, sign, unit: 'tkr', rows, total, ...(chosen && groups ? { drill: { code: chosen.unitCode, name: tree.get(chosen.unitCode)?.name ?? chosen.unitCode, groups } } : {}) });
  });

  /** Per unit: the forecasts of every round of the year in order (P1 → P2 → …), then the closing once the year is closed. */
  app.get('/api/rounds/:id{[0-9]+}/dashboard/forecasts', async (c) => {
    const { u, round, tree } = await loadRound(d, c);
    const units = visibleUnits(u, tree, await roundUnits(db, round)).map((x) => x.unitCode);
    const set = new Set(units);
    const [sums, closed, rounds] = await Promise.all([
      scenarioSums(db, round.orgId, { fromYear: round.year, toYear: round.year, units: subtreeCodes(tree, units) }),
      closedYears(db, round.orgId),
      listRounds(db, round.orgId),
    ]);
    const per = new Map<string, { forecasts: Map<string, bigint>; actual: bigint }>(units.map((x) => [x, { forecasts: new Map(), actual: 0n }]));
    const names = new Set<string>();
    for (const s of sums) {
      const owner = ownerIn(tree, set, s.unit);
      if (!owner) continue;
      const e = per.get(owner)!;
      if (s.scenario === 'actual') e.actual += s.amountOre;
      else {
        const name = scenarioRoundName(s.scenario, s.year, round.board, rounds);
        if (name === undefined) continue;
        names.add(name);
        e.forecasts.set(name, (e.forecasts.get(name) ?? 0n) + s.amountOre);
      }
    }
    const isClosed = closed.has(round.year);
    const order = [...names].sort(svCollator.compare);
    const rows = units.map((code) => {
      const e = per.get(code)!;
      return {
        code,
        name: tree.get(code)?.name ?? code,
        ...forecastTrail(
          order.map((r) => ({ round: r, forecastOre: e.forecasts.get(r) ?? 0n })),
          isClosed ? e.actual : null,
          round.reportOptions.sign,
        ),
      };
    });
    return c.json({ round: round.id, year: round.year, sign: round.reportOptions.sign, unit: 'tkr', rounds: order, closed: isClosed, rows });
  });

  /** Per unit: |forecast − closing| for each round of each closed past year (default the last 5 years). */
  app.get('/api/rounds/:id{[0-9]+}/dashboard/accuracy', async (c) => {
    const { u, round, tree } = await loadRound(d, c);
    const years = queryInt(c, 'years', 1, 20) ?? 5;
    const units = visibleUnits(u, tree, await roundUnits(db, round)).map((x) => x.unitCode);
    const set = new Set(units);
    const [sums, closed, rounds] = await Promise.all([
      scenarioSums(db, round.orgId, { fromYear: round.year - years, toYear: round.year - 1, units: subtreeCodes(tree, units) }),
      closedYears(db, round.orgId),
      listRounds(db, round.orgId),
    ]);
    // per unit → year → { actual, forecasts }
    const per = new Map<string, Map<number, { actual: bigint; forecasts: Map<string, bigint> }>>(units.map((x) => [x, new Map()]));
    for (const s of sums) {
      if (!closed.has(s.year)) continue;
      const owner = ownerIn(tree, set, s.unit);
      if (!owner) continue;
      const byYear = per.get(owner)!;
      const e = byYear.get(s.year) ?? { actual: 0n, forecasts: new Map<string, bigint>() };
      byYear.set(s.year, e);
      if (s.scenario === 'actual') e.actual += s.amountOre;
      else {
        const name = scenarioRoundName(s.scenario, s.year, round.board, rounds);
        if (name === undefined) continue;
        e.forecasts.set(name, (e.forecasts.get(name) ?? 0n) + s.amountOre);
      }
    }
    const sign = round.reportOptions.sign;
    const totalPoints = new Map<string, PastForecast>();
    const rows = units.map((code) => {
      const points: PastForecast[] = [];
      for (const [year, e] of per.get(code)!) {
        for (const [r, f] of e.forecasts) {
          points.push({ year, round: r, forecastOre: f, closingOre: e.actual });
          const k = `${year}/${r}`;
          const t = totalPoints.get(k) ?? { year, round: r, forecastOre: 0n, closingOre: 0n };
          totalPoints.set(k, { ...t, forecastOre: t.forecastOre + f, closingOre: t.closingOre + e.actual });
        }
      }
      return { code, name: tree.get(code)?.name ?? code, ...forecastAccuracy(points, sign) };
    });
    return c.json({ round: round.id, fromYear: round.year - years, toYear: round.year - 1, sign, unit: 'tkr', rows, total: forecastAccuracy([...totalPoints.values()], sign) });
  });

  app.get('/api/rounds/:id{[0-9]+}/dashboard/progress', async (c) => {
    const { u, round, tree } = await loadRound(d, c);
    const units = visibleUnits(u, tree, await roundUnits(db, round));
    const count = (s: string): number => units.filter((x) => x.status === s).length;
    const today = new Date().toISOString().slice(0, 10);
    return c.json({
      round: round.id,
      status: round.status,
      deadline: round.deadline,
      overdue: round.status === 'open' && round.deadline !== null && round.deadline < today && units.some((x) => x.status === 'open'),
      counts: { total: units.length, open: count('open'), submitted: count('submitted'), approved: count('approved') },
      units: units.map((x) => ({
        code: x.unitCode,
        name: tree.get(x.unitCode)?.name ?? x.unitCode,
        status: x.status,
        statusName: UNIT_STATUS_NAMES[x.status],
        submittedBy: x.submittedBy,
        submittedAt: x.submittedAt,
        approvedBy: x.approvedBy,
        approvedAt: x.approvedAt,
      })),
    });
  });
}
