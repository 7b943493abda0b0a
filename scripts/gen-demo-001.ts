/**
 * Generator of the demo ledger for reference report 001 (Kommunstyrelsen, Årsberättelse 2021,
 * net sign): src/demo/reports/r001/data/{org,accounts,amounts}.csv.
 *
 *   npx tsx scripts/gen-demo-001.ts [--fixtures <dir>]
 *
 * Per part of the board (Kommunledning, Kommungemensamt, KSF, Stadsrevisionen, Valnämnden) the
 * printed unit table (001-01…04) and account-group table (001-05…09) share one total. For each part
 * an LP (scripts/lib/ledger-fit.ts solveLP, variables = öre offsets from the printed centres) finds
 * exact values for Bokslut 2020, Utfall 2021 and Budget 2021 of every unit row and every group row
 * inside their rounding intervals, with equal unit and group sums, every avvikelse (utfall − budget)
 * and every Förändring % rounding to the printed value. The unit × group cells come from
 * `transport`; each cell is spread over 12 months. Ledger sign = −presented (net: revenue positive).
 * The script then re-reads nothing and verifies its own exact values against every printed cell,
 * listing the cells that do not come out (printed source errors).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GROUP_ACCOUNTS, HALF, TKR, accountOfGroup, csvField, formatKronor, solveLP, split, transport, type LPRow } from './lib/ledger-fit.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(REPO_ROOT, 'src', 'demo', 'reports', 'r001', 'data');
const i = process.argv.indexOf('--fixtures');
const FIX = i >= 0 ? process.argv[i + 1]! : path.resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'reference-tables');

type Key = 'bokslut_prev' | 'utfall' | 'budget';
const KEYS: Key[] = ['bokslut_prev', 'utfall', 'budget'];
interface FRow { code?: string; name?: string; values: Record<string, number | null> }
interface Fixture { rows: FRow[]; total: FRow }
const load = (name: string): Fixture => JSON.parse(readFileSync(path.join(FIX, name), 'utf8')) as Fixture;

interface Part { code: string; name: string; level: string; unitLevel: string; units?: string; groups: string }
const PARTS: Part[] = [
  { code: 'KL', name: 'Kommunledning', level: 'RN1', unitLevel: 'RN3', units: '001-01-kommunledning-rn3.json', groups: '001-05-kommunledning-kontogrupp.json' },
  { code: 'KG', name: 'Kommungemensamt', level: 'RN1', unitLevel: 'RN5', units: '001-02-kommungemensam-rn5.json', groups: '001-06-kommungemensamt-kontogrupp.json' },
  { code: 'KSF', name: 'Kommunstyrelseförvaltningen', level: 'RN1', unitLevel: 'RN3', units: '001-03-ksf-rn3.json', groups: '001-07-ksf-kontogrupp.json' },
  { code: 'SR', name: 'Stadsrevisionen', level: 'RN1', unitLevel: 'RN3', groups: '001-08-stadsrevisionen-kontogrupp.json' },
  { code: 'VN', name: 'Valnämnden', level: 'RN1', unitLevel: 'RN3', units: '001-04-valnamnd-rn1.json', groups: '001-09-valnamnden-kontogrupp.json' },
];
/** One account per account group (scripts/lib/ledger-fit.ts). */
const ACCOUNTS = GROUP_ACCOUNTS;
const accountOf = accountOfGroup;

/** A row of the LP: its printed values, and for each key the variable index (offset from centre). */
interface Line { label: string; printed: Record<string, number | null>; vars: number[] }

/** Offsets from the printed centre inside the rounding interval (kept 2 öre inside its ends). */
const M = 2;
function fitPart(unitRows: FRow[], groupRows: FRow[], total: FRow): { units: number[][]; groups: number[][] } {
  let n = 0;
  const lb: number[] = [];
  const ub: number[] = [];
  const lines = (rows: FRow[], tag: string): Line[] =>
    rows.map((r) => ({
      label: `${tag}:${r.code ?? r.name}`,
      printed: r.values,
      vars: KEYS.map((k) => {
        const p = r.values[k]!;
        // An exact zero where the source divides by zero (#DIVISION/0!): the cell is 0 öre.
        const zero = p === 0 && r.values.forandr_pct === null && k === 'bokslut_prev' && r.values.utfall === 0;
        // A printed 0 with a printed Förändring % is a small amount of one sign (revenue: positive).
        const signed = p === 0 && k === 'bokslut_prev' && r.values.forandr_pct !== null && r.values.forandr_pct !== undefined;
        const positive = signed && (r.values.utfall! > 0 || r.code === '3' || (r.name ?? '').startsWith('3'));
        lb.push(zero ? 0 : signed && positive ? 1000 : -HALF + M);
        ub.push(zero ? 0 : signed && !positive ? -1000 : HALF - M);
        return n++;
      }),
    }));
  const U = lines(unitRows, 'u');
  const G = lines(groupRows, 'g');
  const rows: LPRow[] = [];
  const centre = (l: Line, k: number): number => l.printed[KEYS[k]!]! * TKR;
  const derived = (ls: Line[], printed: Record<string, number | null>) => {
    const c = (k: number) => ls.reduce((s, l) => s + centre(l, k), 0);
    const v = (k: number) => ls.map((l) => l.vars[k]!);
    // Sum of the column (for totals) inside the total's interval.
    if (ls.length > 1) for (let k = 0; k < 3; k++) rows.push({ idx: v(k), val: v(k).map(() => 1), lo: printed[KEYS[k]!]! * TKR - HALF + M - c(k), hi: printed[KEYS[k]!]! * TKR + HALF - M - c(k) });
    const avv = printed.avv_budget_utfall;
    if (avv !== null && avv !== undefined) {
      rows.push({ idx: [...v(1), ...v(2)], val: [...v(1).map(() => 1), ...v(2).map(() => -1)], lo: avv * TKR - HALF + M - (c(1) - c(2)), hi: avv * TKR + HALF - M - (c(1) - c(2)) });
    }
    const p = printed.forandr_pct;
    if (p !== null && p !== undefined) {
      // 100·(a − b)/b ∈ [p − 0,05; p + 0,05]  ⇔  100a − (100 + q)·b ≷ 0 with the sign of b.
      const b0 = c(0);
      const bPos = b0 > 0 || (b0 === 0 && lb[v(0)[0]!]! > 0);
      const tight = 0.05 - 1e-4;
      for (const [q, lower] of [[p - tight, true], [p + tight, false]] as [number, boolean][]) {
        const ca = 100, cb = -(100 + q);
        const konst = ca * c(1) + cb * b0;
        const idx = [...v(1), ...v(0)];
        const val = [...v(1).map(() => ca), ...v(0).map(() => cb)];
        const geq = lower === bPos; // b > 0: lower bound gives ≥ 0
        rows.push(geq ? { idx, val, lo: -konst, hi: Infinity } : { idx, val, lo: -Infinity, hi: -konst });
      }
    }
  };
  for (const l of [...U, ...G]) derived([l], l.printed);
  if (U.length > 0) {
    derived(U, total.values);
    for (let k = 0; k < 3; k++) {
      const cu = U.reduce((s, l) => s + centre(l, k), 0);
      const cg = G.reduce((s, l) => s + centre(l, k), 0);
      rows.push({ idx: [...U.map((l) => l.vars[k]!), ...G.map((l) => l.vars[k]!)], val: [...U.map(() => 1), ...G.map(() => -1)], lo: cg - cu, hi: cg - cu });
    }
  }
  derived(G, total.values);
  const cost = lb.map((_, j) => ((j * 7919) % 13) - 6);
  const sol = solveLP({ lb, ub, cost, rows }, 1e6);
  const bad = sol.violation.map((v, j) => [v, j] as const).filter(([v]) => v > 1e-6);
  if (bad.length > 0) console.warn(`LP: ${bad.length} rows violated`);
  const value = (l: Line) => l.vars.map((x, k) => centre(l, k) + Math.round(sol.x[x]!));
  const units = U.map(value);
  const groups = G.map(value);
  // Rounding the LP's offsets may leave the unit and group sums a few öre apart: the largest group absorbs it.
  if (units.length > 0)
    for (let k = 0; k < 3; k++) {
      const d = units.reduce((s, r) => s + r[k]!, 0) - groups.reduce((s, r) => s + r[k]!, 0);
      const j = groups.reduce((best, r, jj) => (Math.abs(r[k]!) > Math.abs(groups[best]![k]!) ? jj : best), 0);
      groups[j]![k]! += d;
    }
  // Rounding the LP's offsets can break a Förändring % whose base is small: move that row's utfall by a
  // few öre (the largest group, or the largest other group, takes the opposite change).
  const repair = (rowsV: number[][], printed: FRow[], partner: number[][], partnerPrinted: FRow[]) => {
    printed.forEach((r, j) => {
      const p = r.values.forandr_pct;
      if (p === null || p === undefined || pct1(rowsV[j]![1]!, rowsV[j]![0]!) === p) return;
      for (let d = 1; d < 5000; d++)
        for (const s of [d, -d]) {
          const a = rowsV[j]![1]! + s;
          if (pct1(a, rowsV[j]![0]!) !== p || tkr(a) !== r.values.utfall || tkr(a - rowsV[j]![2]!) !== r.values.avv_budget_utfall) continue;
          // A partner row that keeps its own printed cells under the opposite change, largest base first.
          const ds = partner === rowsV ? -s : s;
          const fits = (x: number[], r2: FRow) =>
            tkr(x[1]! + ds) === r2.values.utfall && tkr(x[1]! + ds - x[2]!) === r2.values.avv_budget_utfall &&
            (r2.values.forandr_pct === null || r2.values.forandr_pct === undefined || pct1(x[1]! + ds, x[0]!) === r2.values.forandr_pct);
          let t = -1;
          partner.forEach((x, jj) => {
            if ((partner !== rowsV || jj !== j) && fits(x, partnerPrinted[jj]!) && (t < 0 || Math.abs(x[0]!) > Math.abs(partner[t]![0]!))) t = jj;
          });
          if (t < 0) continue;
          rowsV[j]![1] = a;
          partner[t]![1]! += ds;
          return;
        }
    });
  };
  repair(units, unitRows, groups, groupRows);
  if (units.length > 0) repair(groups, groupRows, units, unitRows);
  else repair(groups, groupRows, groups, groupRows);
  return { units, groups };
}

const tkr = (ore: number): number => (ore >= 0 ? Math.floor((ore + HALF) / TKR) : -Math.floor((-ore + HALF) / TKR));
const pct1 = (a: number, b: number): number | null => {
  if (b === 0) return null;
  const x = (1000 * (a - b)) / b;
  return (x >= 0 ? Math.floor(x + 0.5) : -Math.floor(-x + 0.5)) / 10;
};
function verify(tag: string, rows: FRow[], vals: number[][], total: FRow, misses: string[]): void {
  const check = (label: string, printed: Record<string, number | null>, v: number[]) => {
    const got: Record<string, number | null> = { bokslut_prev: tkr(v[0]!), utfall: tkr(v[1]!), budget: tkr(v[2]!), avv_budget_utfall: tkr(v[1]! - v[2]!), forandr_pct: pct1(v[1]!, v[0]!) };
    for (const [k, g] of Object.entries(got)) {
      const p = printed[k];
      if (p === undefined || (p === null && (g === null || k === 'forandr_pct'))) continue;
      if (p !== g) misses.push(`${tag} ${label} ${k}: printed ${p}, ours ${g}`);
    }
  };
  rows.forEach((r, j) => check(r.code ?? r.name ?? '?', r.values, vals[j]!));
  check('total', total.values, [0, 1, 2].map((k) => vals.reduce((s, r) => s + r[k]!, 0)));
}

const org: string[] = ['code,name,parent,level,budget_level', 'KS,Kommunstyrelsen,,board,'];
const amounts: string[] = ['scenario,year,period,unit,account,activity,project,amount'];
const misses: string[] = [];
const GROUP_CODE = (r: FRow): string => r.code ?? r.name!.split(' ')[0]!;
for (const part of PARTS) {
  const g = load(part.groups);
  const u = part.units ? load(part.units) : undefined;
  // Valnämnden is one unit (ÖVA) printed as its own RN1 table: the part itself carries the ledger.
  const single = !u || u.rows.length === 1;
  const partCode = part.code === 'VN' ? 'ÖVA' : part.code;
  org.push([partCode, part.code === 'VN' ? 'Valnämnd' : part.name, 'KS', part.level, ''].map(csvField).join(','));
  const fit = fitPart(single ? [] : u!.rows, g.rows, g.total);
  if (u) verify(path.basename(part.units!), u.rows, single ? [[0, 1, 2].map((k) => fit.groups.reduce((s, r) => s + r[k]!, 0))] : fit.units, u.total, misses);
  verify(path.basename(part.groups), g.rows, fit.groups, g.total, misses);
  const unitCodes = single ? [partCode] : u!.rows.map((r) => r.code!);
  if (!single) u!.rows.forEach((r) => org.push([r.code!, r.name!, partCode, part.unitLevel, ''].map(csvField).join(',')));
  const groupCodes = g.rows.map(GROUP_CODE);
  const scenarios: [string, number][] = [['actual', 2020], ['actual', 2021], ['budget', 2021]];
  scenarios.forEach(([scenario, year], k) => {
    const rowsM: [string, number][] = single ? [[partCode, fit.groups.reduce((s, r) => s + r[k]!, 0)]] : unitCodes.map((c, j) => [c, fit.units[j]![k]!]);
    const colsM: [string, number][] = groupCodes.map((c, j) => [c, fit.groups[j]![k]!]);
    const plan = transport(rowsM, colsM, (r, c) => ((r.length * 31 + c.charCodeAt(0) * 17) % 11) + 1);
    for (const [unit, cells] of plan)
      for (const [group, ore] of cells)
        split(-ore, 12).forEach((m, p) => amounts.push([scenario, year, p + 1, unit, accountOf(group), '', '', formatKronor(m)].join(',')));
  });
}
// Chapter 2's texts, verbatim (source lines, 1-based inclusive; page-wrapped lines joined, blank lines part paragraphs).
const REPORT = readFileSync(path.resolve(FIX, '..', '..', 'reference-reports', '001_a8e3ba91453fd54e.txt'), 'utf8').split('\n');
const paragraphsOf = (from: number, to: number): string =>
  REPORT.slice(from - 1, to)
    .map((l) => l.trim())
    .join('\n')
    .split(/\n{2,}/)
    .map((p) => p.split('\n').join(' ').trim())
    .filter((p) => p !== '')
    .join('\n\n');
const NARRATIVES: [string, number, number][] = [['analysis', 50, 73], ['events', 77, 113], ['outlook', 116, 126]];
const narrative = ['board,year,round,key,title,text', ...NARRATIVES.map(([key, a, b]) => ['KS', '2021', 'B', key, '', csvField(paragraphsOf(a, b))].join(','))];

mkdirSync(OUT, { recursive: true });
writeFileSync(path.join(OUT, 'narrative.csv'), narrative.join('\n') + '\n');
writeFileSync(path.join(OUT, 'org.csv'), org.join('\n') + '\n');
writeFileSync(path.join(OUT, 'accounts.csv'), ['account,name,group', ...ACCOUNTS.map((a) => a.map(csvField).join(','))].join('\n') + '\n');
writeFileSync(path.join(OUT, 'amounts.csv'), amounts.join('\n') + '\n');
console.log(`${amounts.length - 1} amounts, ${org.length - 1} units; ${misses.length} printed cells not reproduced:`);
for (const m of misses) console.log('  ' + m);
