/**
 * Generates reference report 002's ledger (Kommunstyrelsen, Årsberättelse 2020) from the
 * fixtures: src/demo/reports/r002/data/{org,accounts,amounts}.csv. Every RN3/RN5 row of tables
 * 002-02 … 002-06 is one unit, every row of 002-07 … 002-11 one account group of its budget area;
 * one fit (scripts/lib/fit-change-rows.ts) gives both exact öre with equal sums per area, so every
 * printed cell of both rounds right, and `transport` splits each area's unit amounts over its groups'
 * accounts: actual 2019 and 2020 in 12 months, budget 2020 annual.
 *
 *   npx tsx scripts/gen-demo-002.ts
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fitChangeRows, type PrintedGroup, type PrintedRow } from './lib/fit-change-rows.ts';
import { GROUP_ACCOUNTS, accountOfGroup, csvField, formatKronor, split, transport } from './lib/ledger-fit.ts';
import { divRoundHalfAwayFromZero } from '../src/core/money/index.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.resolve(ROOT, '..', 'shared', 'fixtures', 'reference-tables');
const OUT = path.join(ROOT, 'src', 'demo', 'reports', 'r002', 'data');

interface FxRow { code?: string | null; name: string; values: Record<string, number | null> }
interface FxTable { rows: FxRow[]; total?: { values: Record<string, number | null> } | null }

/** The budget areas (RN2 under KS) and their fixture tables, in the report's order. */
export const AREAS = [
  { code: 'ÖKL', name: 'Kommunledning', fixture: '002-02-kommunledning-rn3.json', groups: '002-07-kommunledning-kontogrupp.json', level: 'RN3' },
  { code: 'ÖKG', name: 'Kommungemensamt', fixture: '002-03-kommungemensam-rn5.json', groups: '002-08-kommungemensamt-kontogrupp.json', level: 'RN5' },
  { code: 'ÖKA', name: 'Kommunstyrelseförvaltningen', fixture: '002-04-ksf-rn3.json', groups: '002-09-ksf-kontogrupp.json', level: 'RN3' },
  { code: 'ÖRN', name: 'Stadsrevisionen', fixture: '002-05-ore-revisionsnamnd.json', groups: '002-10-stadsrevisionen-kontogrupp.json', level: 'RN3' },
  { code: 'ÖVN', name: 'Valnämnden', fixture: '002-06-ova-valnamnd.json', groups: '002-11-valnamnden-kontogrupp.json', level: 'RN3' },
] as const;

/** One account per account group (scripts/lib/ledger-fit.ts). */
const ACCOUNTS = GROUP_ACCOUNTS;
const accountOf = accountOfGroup;

const tableOf = (file: string): FxTable => JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as FxTable;
const printed = (v: Record<string, number | null>): PrintedRow => ({
  prev: v.bokslut_prev ?? 0,
  actual: v.utfall ?? 0,
  budget: v.budget ?? 0,
  variance: v.avv_budget_utfall ?? null,
  pct: v.forandr_pct ?? null,
});

/** 002-01's rows (Nettoredovisning per budgetnivå): which units each sums, by area and code. */
const NET_FIXTURE = '002-01-nettoredovisning.json';
const NET_LEVELS: Record<string, string> = { ÖKL: 'Politisk kommunledning', ÖKG: 'Kommungemensamt', ÖKA: 'Kommunstyrelseförvaltningen', ÖRN: 'Revisionsnämnd', ÖVN: 'Valnämnd' };
const STATE_GRANTS = { code: 'KGST', level: 'Kommungemensamma statsbidrag' };
const INVESTMENT_FIXTURE = '002-12-investeringar.json';
const INVESTMENT_ACCOUNT = '1200';
/** 002-01's memo row and its units. */
export const MEMO_UNITS = ['KMY', 'KCS'];

function main(): void {
  const org: string[][] = [['KS', 'Kommunstyrelsen', '', 'board', '']];
  const amounts: string[][] = [];
  // Every unit row of 5.1, in one fit: the tables' totals and 002-01's rows are sums of them.
  const units: Array<{ area: string; row: FxRow }> = [];
  const groups: PrintedGroup[] = [];
  for (const a of AREAS) {
    const table = tableOf(a.fixture);
    const first = units.length;
    for (const row of table.rows) units.push({ area: a.code, row });
    if (table.total) groups.push({ rows: table.rows.map((_, i) => first + i), printed: printed(table.total.values) });
  }
  const net = tableOf(NET_FIXTURE);
  const levelOf = (u: { area: string; row: FxRow }): string => (u.row.code === STATE_GRANTS.code ? STATE_GRANTS.level : NET_LEVELS[u.area]!);
  const members = (pred: (u: { area: string; row: FxRow }) => boolean): number[] => units.flatMap((u, i) => (pred(u) ? [i] : []));
  for (const r of net.rows) {
    const rows = r.kind === 'memo' ? members((u) => MEMO_UNITS.includes(u.row.code!)) : members((u) => levelOf(u) === r.name);
    groups.push({ rows, printed: printed(r.values) });
  }
  if (net.total) groups.push({ rows: members((u) => u.area === 'ÖKL' || u.area === 'ÖKG' || u.area === 'ÖKA'), printed: printed(net.total.values) });
  // The account-group rows of 5.2 follow the units: per area, the same sums as its units.
  const groupRows: Array<{ area: string; row: FxRow }> = [];
  const equal: Array<[number[], number[]]> = [];
  for (const a of AREAS) {
    const first = units.length + groupRows.length;
    const rows = tableOf(a.groups).rows;
    rows.forEach((row) => groupRows.push({ area: a.code, row }));
    equal.push([members((u) => u.area === a.code), rows.map((_, i) => first + i)]);
  }
  const exact = fitChangeRows([...units, ...groupRows].map((u) => printed(u.row.values)), groups, equal);
  verifyGroups(groupRows, exact.slice(units.length));
  for (const a of AREAS) org.push([a.code, a.name, 'KS', 'RN2', NET_LEVELS[a.code]!]);
  units.forEach((u) => {
    const code = u.row.code!;
    const a = AREAS.find((x) => x.code === u.area)!;
    org.push([code, u.row.name, a.code, a.level, code === STATE_GRANTS.code ? STATE_GRANTS.level : '']);
  });
  const slices: Array<['actual' | 'budget', number]> = [['actual', 2019], ['actual', 2020], ['budget', 2020]];
  for (const a of AREAS) {
    const us = units.flatMap((u, i) => (u.area === a.code ? [i] : []));
    const gs = groupRows.flatMap((g, i) => (g.area === a.code ? [units.length + i] : []));
    slices.forEach(([scenario, year], k) => {
      const rowsM: [string, number][] = us.map((i) => [units[i]!.row.code!, exact[i]![k]!]);
      const colsM: [string, number][] = gs.map((i) => [groupRows[i - units.length]!.row.code!, exact[i]![k]!]);
      const plan = transport(rowsM, colsM, (r, c) => ((r.length * 31 + r.charCodeAt(r.length - 1) * 7 + c.charCodeAt(0) * 17) % 11) + 1);
      for (const [unit, cells] of plan)
        for (const [group, net] of cells) {
          const ledger = -net; // the ledger's sign: costs positive, revenue negative
          const account = accountOf(group);
          if (scenario === 'budget') amounts.push([scenario, String(year), '', unit, account, '', '', formatKronor(ledger)]);
          else split(ledger, 12).forEach((x, m) => amounts.push([scenario, String(year), String(m + 1), unit, account, '', '', formatKronor(x)]));
        }
    });
  }
  // 002-12: investments per RN3 of Kommunstyrelseförvaltningen (account group I, net sign: an outflow is negative).
  const inv = tableOf(INVESTMENT_FIXTURE);
  const invExact = fitChangeRows(
    inv.rows.map((r) => printed(r.values)),
    inv.total ? [{ rows: inv.rows.map((_, i) => i), printed: printed(inv.total.values) }] : [],
  );
  inv.rows.forEach((r, i) => {
    const [prev, actual, budget] = invExact[i]!;
    for (const [scenario, year, value] of [['actual', 2019, prev], ['actual', 2020, actual], ['budget', 2020, budget]] as const) {
      if (!value) continue;
      if (scenario === 'budget') amounts.push([scenario, String(year), '', r.code!, INVESTMENT_ACCOUNT, '', '', formatKronor(-value)]);
      else split(-value, 12).forEach((x, m) => amounts.push([scenario, String(year), String(m + 1), r.code!, INVESTMENT_ACCOUNT, '', '', formatKronor(x)]));
    }
  });
  const write = (file: string, header: string[], rows: string[][]): void =>
    writeFileSync(path.join(OUT, file), [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n', 'utf8');
  mkdirSync(OUT, { recursive: true });
  write('org.csv', ['code', 'name', 'parent', 'level', 'budget_level'], org);
  write('accounts.csv', ['account', 'name', 'group'], [...ACCOUNTS, [INVESTMENT_ACCOUNT, 'Investeringar', 'I']]);
  write('amounts.csv', ['scenario', 'year', 'period', 'unit', 'account', 'activity', 'project', 'amount'], amounts);
}

/** Every printed cell of 002-07 … 002-11 against the exact values (a miss fails the run). */
function verifyGroups(rows: Array<{ area: string; row: FxRow }>, exact: Array<[number, number, number]>): void {
  const tkr = (ore: number): number => Number(divRoundHalfAwayFromZero(BigInt(ore), 100_000n));
  const pct = (a: number, b: number): number | null => (b === 0 ? null : Number(divRoundHalfAwayFromZero(BigInt(1000 * (a - b)), BigInt(b))) / 10);
  const misses: string[] = [];
  const check = (label: string, p: Record<string, number | null>, [prev, actual, budget]: [number, number, number]): void => {
    const got: Record<string, number | null> = { bokslut_prev: tkr(prev), utfall: tkr(actual), budget: tkr(budget), avv_budget_utfall: tkr(actual - budget), forandr_pct: pct(actual, prev) };
    for (const [k, g] of Object.entries(got)) if (p[k] !== undefined && p[k] !== null && p[k] !== g) misses.push(`${label} ${k}: printed ${p[k]}, ours ${g}`);
  };
  rows.forEach((r, i) => check(`${r.area} ${r.row.code}`, r.row.values, exact[i]!));
  for (const a of AREAS) {
    const sum = [0, 1, 2].map((k) => rows.reduce((s, r, i) => s + (r.area === a.code ? exact[i]![k]! : 0), 0)) as [number, number, number];
    const total = tableOf(a.groups).total;
    if (total) check(`${a.code} total`, total.values, sum);
  }
  if (misses.length > 0) throw new Error(`gen-demo-002: account-group cells not reproduced:\n${misses.join('\n')}`);
}

main();
