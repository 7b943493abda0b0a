/**
 * Fits exact öre values to a printed table of rows (previous year's outcome P, outcome A, budget
 * B, variance A − B, change % 100·(A − P)/P to one decimal) and its total row, so that every
 * printed (rounded) cell, the total's included, comes out. A printed 0 stays an exact 0, except an
 * outcome whose printed change % needs it near zero but not zero (002-04 KCS 3 → 0: '-96,8').
 */
import { solveLP, tkrInterval, type LPRow } from './ledger-fit.ts';

export interface PrintedRow {
  prev: number;
  actual: number;
  budget: number;
  variance: number | null;
  pct: number | null;
}

const MARGIN = 3; // öre kept from each bound, so rounding the LP's solution to whole öre stays inside
// The change % window is narrowed by 0,005 points on each side for the same reason (a near-zero base, 002-04 KCS 3 tkr, leaves few öre).

function bounds(p: number, exactZero = true): [number, number] {
  if (p === 0 && exactZero) return [0, 0];
  const [lo, hi] = tkrInterval(p);
  return [lo + MARGIN, hi - MARGIN];
}

/** Rows lo ≤ A − (1+q)·P ≤ hi for the printed change % (the direction flips with P's sign). */
function pctRows(a: number[], p: number[], pct: number, prevSign: number): LPRow[] {
  const lo = (pct - 0.045) / 100;
  const hi = (pct + 0.045) / 100;
  const row = (q: number): { idx: number[]; val: number[] } => ({ idx: [...a, ...p], val: [...a.map(() => 1), ...p.map(() => -(1 + q))] });
  // (A−P)/P ≥ lo ⇔ A − (1+lo)P ≥ 0 when P > 0, ≤ 0 when P < 0
  return prevSign > 0
    ? [{ ...row(lo), lo: 0, hi: Infinity }, { ...row(hi), lo: -Infinity, hi: 0 }]
    : [{ ...row(lo), lo: -Infinity, hi: 0 }, { ...row(hi), lo: 0, hi: Infinity }];
}

/** A printed sum of some rows (a table's total, a net-summary row, a memo row): the same checks as a row's. */
export interface PrintedGroup {
  rows: number[];
  printed: PrintedRow;
}

/**
 * Exact öre [prev, actual, budget] per row; throws when the printed figures cannot all hold.
 * `equal` pairs two sets of rows whose sums must be equal in every column (a budget area's units and
 * its account groups); after rounding to whole öre the largest row of the second set absorbs the rest.
 */
export function fitChangeRows(rows: PrintedRow[], groups: PrintedGroup[], equal: Array<[number[], number[]]> = []): Array<[number, number, number]> {
  const lb: number[] = [];
  const ub: number[] = [];
  const lp: LPRow[] = [];
  const v = (i: number, k: number): number => 3 * i + k;
  rows.forEach((r, i) => {
    const nearZero = r.pct !== null && r.prev !== 0;
    for (const [k, x] of [r.prev, r.actual, r.budget].entries()) {
      const [lo, hi] = bounds(x, !(k === 1 && nearZero));
      lb.push(lo);
      ub.push(hi);
    }
    if (r.variance !== null) {
      const [lo, hi] = bounds(r.variance, false);
      lp.push({ idx: [v(i, 1), v(i, 2)], val: [1, -1], lo, hi });
    }
    if (r.pct !== null && r.prev !== 0) lp.push(...pctRows([v(i, 1)], [v(i, 0)], r.pct, Math.sign(r.prev)));
  });
  for (const g of groups) {
    const t = g.printed;
    const all = (k: number): number[] => g.rows.map((i) => v(i, k));
    const ones = g.rows.map(() => 1);
    for (const [k, x] of [[0, t.prev], [1, t.actual], [2, t.budget]] as const) {
      const [lo, hi] = bounds(x, false);
      lp.push({ idx: all(k), val: ones, lo, hi });
    }
    if (t.variance !== null) {
      const [lo, hi] = bounds(t.variance, false);
      lp.push({ idx: [...all(1), ...all(2)], val: [...ones, ...ones.map(() => -1)], lo, hi });
    }
    if (t.pct !== null && t.prev !== 0) lp.push(...pctRows(all(1), all(0), t.pct, Math.sign(t.prev)));
  }
  for (const [a, b] of equal)
    for (let k = 0; k < 3; k++)
      lp.push({ idx: [...a.map((i) => v(i, k)), ...b.map((i) => v(i, k))], val: [...a.map(() => 1), ...b.map(() => -1)], lo: 0, hi: 0 });
  // Solve for the offsets from each bound's midpoint (small numbers keep the simplex exact enough).
  const mid = lb.map((l, j) => Math.round((l + ub[j]!) / 2));
  const shifted = lp.map((r) => {
    const c = r.idx.reduce((acc, j, k) => acc + r.val[k]! * mid[j]!, 0);
    return { ...r, lo: r.lo - c, hi: r.hi - c };
  });
  const sol0 = solveLP({ lb: lb.map((l, j) => l - mid[j]!), ub: ub.map((u, j) => u - mid[j]!), cost: lb.map(() => 0), rows: shifted }, 1);
  const sol = { ...sol0, x: sol0.x.map((d, j) => d + mid[j]!) };
  const worst = Math.max(0, ...sol.violation);
  const broken = sol.violation.flatMap((x, r) => (x > 0.5 ? [`${JSON.stringify(lp[r]!.idx.map((j) => Math.floor(j / 3)))}: ${x}`] : []));
  if (worst > 0.5) throw new Error(`fitChangeRows: the printed figures cannot all hold (violation ${worst} öre; rows ${broken.join('; ')})`);
  const out = rows.map((_, i) => [0, 1, 2].map((k) => Math.round(sol.x[v(i, k)]!)) as [number, number, number]);
  for (const [a, b] of equal)
    for (let k = 0; k < 3; k++) {
      const d = a.reduce((s, i) => s + out[i]![k]!, 0) - b.reduce((s, i) => s + out[i]![k]!, 0);
      const j = b.reduce((best, i) => (Math.abs(out[i]![k]!) > Math.abs(out[best]![k]!) ? i : best), b[0]!);
      out[j]![k]! += d;
    }
  return out;
}
