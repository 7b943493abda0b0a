/**
 * Shared by the demo-data generators (scripts/gen-demo-*.ts): exact tkr rounding intervals, a
 * bounded-variable simplex for fitting exact öre values to printed tables, linear expressions,
 * a minimal-L1 transport for decomposing marginals into cells, and CSV number formatting.
 */
import { divRoundHalfAwayFromZero } from '../../src/core/money/index.ts';

export const TKR = 100_000; // öre per tkr
export const HALF = 50_000;

/** Exact öre values (integers) that round (half away from zero) to `p` tkr. */
export function tkrInterval(p: number): [number, number] {
  const c = p * TKR;
  if (p > 0) return [c - HALF, c + HALF - 1];
  if (p < 0) return [c - HALF + 1, c + HALF];
  return [-(HALF - 1), HALF - 1];
}
export const toTkr = (ore: bigint, den: bigint = 1n): number => Number(divRoundHalfAwayFromZero(ore, den * BigInt(TKR)));
export const pct = (a: bigint, b: bigint): number | null => (b === 0n ? null : Number(divRoundHalfAwayFromZero(100n * a, b)));

// ---------------------------------------------------------------------------------------------
// Bounded-variable primal simplex (dense tableau) with elastic rows
// ---------------------------------------------------------------------------------------------

export interface LPRow {
  idx: number[];
  val: number[];
  lo: number; // may be -Infinity
  hi: number; // may be +Infinity
}
export interface LPProblem {
  lb: number[]; // finite
  ub: number[]; // may be +Infinity
  cost: number[];
  rows: LPRow[];
}
export interface LPSolution {
  x: number[];
  /** Per row: how far the row activity lies outside [lo, hi] (0 when the row holds). */
  violation: number[];
  iterations: number;
}

/**
 * min cost·x  s.t.  lo_r ≤ row_r·x ≤ hi_r,  lb ≤ x ≤ ub.
 * Every row r gets a slack s_r ∈ [lo_r, hi_r] and elastic columns v⁺_r, v⁻_r ≥ 0 with cost
 * `violationCost`: row_r·x − s_r + v⁺_r − v⁻_r = 0. The elastic columns give a feasible start
 * (no phase I) and, when the rows cannot all hold, show which rows had to give way.
 */
export function solveLP(p: LPProblem, violationCost: number): LPSolution {
  const n = p.lb.length;
  const m = p.rows.length;
  const N = n + 3 * m;
  const lb = new Float64Array(N);
  const ub = new Float64Array(N);
  const cost = new Float64Array(N);
  for (let j = 0; j < n; j++) {
    lb[j] = p.lb[j]!;
    ub[j] = p.ub[j]!;
    cost[j] = p.cost[j]!;
    if (!Number.isFinite(lb[j]!)) throw new Error('solveLP: structural lower bounds must be finite');
  }
  for (let r = 0; r < m; r++) {
    lb[n + r] = p.rows[r]!.lo;
    ub[n + r] = p.rows[r]!.hi;
    lb[n + m + r] = 0;
    ub[n + m + r] = Infinity;
    cost[n + m + r] = violationCost;
    lb[n + 2 * m + r] = 0;
    ub[n + 2 * m + r] = Infinity;
    cost[n + 2 * m + r] = violationCost;
  }
  const x = new Float64Array(N);
  for (let j = 0; j < n; j++) x[j] = lb[j]!;
  const T: Float64Array[] = [];
  const basis = new Int32Array(m);
  const isBasic = new Uint8Array(N);
  for (let r = 0; r < m; r++) {
    const row = new Float64Array(N);
    const pr = p.rows[r]!;
    let act = 0;
    for (let k = 0; k < pr.idx.length; k++) {
      row[pr.idx[k]!]! += pr.val[k]!;
      act += pr.val[k]! * x[pr.idx[k]!]!;
    }
    row[n + r] = -1;
    row[n + m + r] = 1;
    row[n + 2 * m + r] = -1;
    let b: number;
    let scale: number;
    if (act >= pr.lo && act <= pr.hi) {
      b = n + r;
      scale = -1;
      x[b] = act;
    } else {
      const sigma = act < pr.lo ? pr.lo : pr.hi;
      x[n + r] = sigma;
      if (sigma - act > 0) {
        b = n + m + r;
        scale = 1;
        x[b] = sigma - act;
      } else {
        b = n + 2 * m + r;
        scale = -1;
        x[b] = act - sigma;
      }
    }
    if (scale !== 1) for (let j = 0; j < N; j++) row[j] = row[j]! * scale;
    T.push(row);
    basis[r] = b;
    isBasic[b] = 1;
  }
  // Reduced costs d_j = c_j − Σ_r c_B(r) T_rj.
  const d = Float64Array.from(cost);
  for (let r = 0; r < m; r++) {
    const cb = cost[basis[r]!]!;
    if (cb === 0) continue;
    const row = T[r]!;
    for (let j = 0; j < N; j++) if (row[j] !== 0) d[j] = d[j]! - cb * row[j]!;
  }
  const TOL_D = 1e-7;
  const TOL_PIV = 1e-9;
  let iterations = 0;
  let degenerate = 0;
  for (;;) {
    if (++iterations > 500_000) throw new Error('solveLP: iteration limit');
    const bland = degenerate > 50;
    let q = -1;
    let qdir = 0;
    let best = 0;
    for (let j = 0; j < N; j++) {
      if (isBasic[j]) continue;
      const dj = d[j]!;
      let dir = 0;
      if (dj < -TOL_D && x[j]! < ub[j]!) dir = 1;
      else if (dj > TOL_D && x[j]! > lb[j]!) dir = -1;
      if (dir === 0) continue;
      if (bland) {
        q = j;
        qdir = dir;
        break;
      }
      if (Math.abs(dj) > best) {
        best = Math.abs(dj);
        q = j;
        qdir = dir;
      }
    }
    if (q < 0) break;
    // Ratio test.
    let theta = qdir > 0 ? ub[q]! - x[q]! : x[q]! - lb[q]!;
    let leave = -1;
    let leaveToUpper = false;
    let leavePiv = 0;
    for (let r = 0; r < m; r++) {
      const a = T[r]![q]!;
      if (Math.abs(a) <= TOL_PIV) continue;
      const delta = -a * qdir; // change of the basic variable per unit step
      const bv = basis[r]!;
      let lim: number;
      let toUpper: boolean;
      if (delta > 0) {
        if (ub[bv] === Infinity) continue;
        lim = (ub[bv]! - x[bv]!) / delta;
        toUpper = true;
      } else {
        if (lb[bv] === -Infinity) continue;
        lim = (x[bv]! - lb[bv]!) / -delta;
        toUpper = false;
      }
      if (lim < 0) lim = 0;
      if (lim < theta - 1e-12 || (lim <= theta + 1e-12 && leave >= 0 && Math.abs(a) > leavePiv)) {
        theta = lim;
        leave = r;
        leaveToUpper = toUpper;
        leavePiv = Math.abs(a);
      }
    }
    if (theta === Infinity) throw new Error('solveLP: unbounded');
    degenerate = theta < 1e-9 ? degenerate + 1 : 0;
    // Move.
    if (theta > 0) {
      for (let r = 0; r < m; r++) {
        const a = T[r]![q]!;
        if (a !== 0) x[basis[r]!] = x[basis[r]!]! - a * qdir * theta;
      }
    }
    if (leave < 0) {
      x[q] = qdir > 0 ? ub[q]! : lb[q]!; // bound flip
      continue;
    }
    const newVal = x[q]! + qdir * theta;
    const lv = basis[leave]!;
    x[lv] = leaveToUpper ? ub[lv]! : lb[lv]!;
    x[q] = newVal;
    // Pivot on (leave, q).
    const pr = T[leave]!;
    const piv = pr[q]!;
    for (let j = 0; j < N; j++) if (pr[j] !== 0) pr[j] = pr[j]! / piv;
    pr[q] = 1;
    const nz: number[] = [];
    for (let j = 0; j < N; j++) if (pr[j] !== 0) nz.push(j);
    for (let r = 0; r < m; r++) {
      if (r === leave) continue;
      const row = T[r]!;
      const f = row[q]!;
      if (f === 0) continue;
      for (const j of nz) row[j] = row[j]! - f * pr[j]!;
      row[q] = 0;
    }
    const fd = d[q]!;
    if (fd !== 0) {
      for (const j of nz) d[j] = d[j]! - fd * pr[j]!;
      d[q] = 0;
    }
    isBasic[lv] = 0;
    isBasic[q] = 1;
    basis[leave] = q;
  }
  const violation: number[] = [];
  for (let r = 0; r < m; r++) violation.push(x[n + m + r]! + x[n + 2 * m + r]!);
  return { x: Array.from(x.subarray(0, n)), violation, iterations };
}

/** Σ coef · x_var (report sign, öre). */
export type Expr = Map<number, number>;

export function exprPlus(a: Expr, b: Expr, k = 1): Expr {
  const out = new Map(a);
  for (const [v, c] of b) {
    const s = (out.get(v) ?? 0) + k * c;
    if (s === 0) out.delete(v);
    else out.set(v, s);
  }
  return out;
}
export const exprScale = (a: Expr, k: number): Expr => exprPlus(new Map(), a, k);
export const exprSum = (list: Expr[]): Expr => list.reduce((acc, e) => exprPlus(acc, e), new Map<number, number>());

/** A matrix with the given (integer) row and column sums, few non-zero cells, preferring cheap pairs. */
export function transport(
  rows: [string, number][],
  cols: [string, number][],
  cost: (r: string, c: string) => number,
  capFactors: number[] = [Infinity],
): Map<string, Map<string, number>> {
  // With finite capacity factors a cell may hold at most factor · (|row sum| + slack): this spreads large
  // column sums over several rows instead of piling them on the cheapest one. Tried in order until feasible.
  for (const f of capFactors) {
    const out = transportOnce(rows, cols, cost, f);
    if (out) return out;
  }
  throw new Error('transport: no feasible plan');
}

export function transportOnce(
  rows: [string, number][],
  cols: [string, number][],
  cost: (r: string, c: string) => number,
  capFactor: number,
): Map<string, Map<string, number>> | null {
  const rs = rows.reduce((s, [, v]) => s + v, 0);
  const cs = cols.reduce((s, [, v]) => s + v, 0);
  if (rs !== cs) throw new Error(`transport: marginals differ (${rs} vs ${cs})`);
  const out = new Map<string, Map<string, number>>(rows.map(([r]) => [r, new Map<string, number>()]));
  if (rows.length === 0 || cols.length === 0) return out;
  const lb: number[] = [];
  const ub: number[] = [];
  const c: number[] = [];
  const pairs: [number, number][] = [];
  const gross = rows.reduce((s, [, v]) => s + Math.abs(v), 0);
  rows.forEach(([rk, rv], i) =>
    cols.forEach(([ck], j) => {
      pairs.push([i, j]);
      const k = cost(rk, ck);
      // Rows with a zero sum get no cells at all (no offsetting amounts on units without money).
      const cap = capFactor === Infinity ? Infinity : rv === 0 ? 0 : Math.round(capFactor * (Math.abs(rv) + gross / (4 * rows.length)));
      lb.push(0, 0);
      ub.push(cap, cap);
      c.push(k, k);
    }),
  );
  const lpRows: LPRow[] = [];
  rows.forEach(([, v], i) => {
    const idx: number[] = [];
    const val: number[] = [];
    pairs.forEach(([pi], k) => {
      if (pi === i) idx.push(2 * k, 2 * k + 1), val.push(1, -1);
    });
    lpRows.push({ idx, val, lo: v, hi: v });
  });
  cols.slice(0, -1).forEach(([, v], j) => {
    const idx: number[] = [];
    const val: number[] = [];
    pairs.forEach(([, pj], k) => {
      if (pj === j) idx.push(2 * k, 2 * k + 1), val.push(1, -1);
    });
    lpRows.push({ idx, val, lo: v, hi: v });
  });
  const sol = solveLP({ lb, ub, cost: c, rows: lpRows }, 1e3);
  if (sol.violation.some((v) => v > 0.5)) return null;
  pairs.forEach(([i, j], k) => {
    const w = Math.round(sol.x[2 * k]! - sol.x[2 * k + 1]!);
    if (w !== 0) out.get(rows[i]![0])!.set(cols[j]![0], w);
  });
  // Exactness (the constraint matrix is totally unimodular, so the vertex is integral).
  rows.forEach(([rk, v]) => {
    const s = [...out.get(rk)!.values()].reduce((a, b) => a + b, 0);
    if (s !== v) throw new Error(`transport: row ${rk} sums to ${s}, expected ${v}`);
  });
  cols.forEach(([ck, v]) => {
    let s = 0;
    for (const m of out.values()) s += m.get(ck) ?? 0;
    if (s !== v) throw new Error(`transport: column ${ck} sums to ${s}, expected ${v}`);
  });
  return out;
}

/** Ledger measures of the decomposition: R = rest of the year's budget (periods 4..12). */
export type LedgerMeasure = 'C' | 'A' | 'BT' | 'R' | 'F';
export const LEDGER_MEASURES: LedgerMeasure[] = ['C', 'A', 'BT', 'R', 'F'];
/** cells[measure] : `${unit}|${group}|${activity}` → ledger öre */
export type Cells = Record<LedgerMeasure, Map<string, number>>;

/** Split an amount (öre) into n parts: whole kronor, the last part takes the remainder. */
export function split(total: number, n: number): number[] {
  const sign = total < 0 ? -1 : 1;
  const abs = Math.abs(total);
  const base = Math.floor(abs / n / 100) * 100;
  return Array.from({ length: n }, (_, i) => sign * (i === n - 1 ? abs - base * (n - 1) : base));
}
/** a·num/den rounded half away from zero (exact). */
export const mulDiv = (a: number, num: number, den: number): number =>
  Number(divRoundHalfAwayFromZero(BigInt(a) * BigInt(num), BigInt(den)));

export function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
export function formatKronor(ore: number): string {
  const sign = ore < 0 ? '-' : '';
  const abs = Math.abs(ore);
  const kr = Math.floor(abs / 100);
  const o = abs % 100;
  return o === 0 ? `${sign}${kr}` : `${sign}${kr}.${String(o).padStart(2, '0')}`;
}

/** One account per account group (the groups' names as the reports print them): [account, name, group]. */
export const GROUP_ACCOUNTS: ReadonlyArray<readonly [string, string, string]> = [
  ['3010', 'Intäkter', '3'],
  ['4010', 'Inköp tillg o vhet samt bidrag', '4'],
  ['5010', 'Personalkostnader', '5'],
  ['6110', 'Lokalhyror', '6A'],
  ['6210', 'Entrpr,fastighetskostn, övr. m', '6B'],
  ['7010', 'Övriga kostnader', '7'],
];
export const accountOfGroup = (group: string): string => GROUP_ACCOUNTS.find((a) => a[2] === group)![0];
