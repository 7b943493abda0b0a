/**
 * Generates reference report 002's ledger (Kommunstyrelsen, Årsberättelse 2020) from the
 * fixtures: src/demo/reports/r002/data/{org,accounts,amounts}.csv. Every RN3/RN5 row of tables
 * 002-02 … 002-06 is one unit with one account (revenue 3000 when its net is positive, else cost
 * 7000) carrying exact öre fitted (scripts/lib/fit-change-rows.ts) so every printed cell rounds right: actual 2019 and 2020 in 12 months, budget 2020 annual.
 *
 *   npx tsx scripts/gen-demo-002.ts
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fitChangeRows, type PrintedGroup, type PrintedRow } from './lib/fit-change-rows.ts';
import { csvField, formatKronor, split } from './lib/ledger-fit.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.resolve(ROOT, '..', 'shared', 'fixtures', 'reference-tables');
const OUT = path.join(ROOT, 'src', 'demo', 'reports', 'r002', 'data');

interface FxRow { code?: string | null; name: string; values: Record<string, number | null> }
interface FxTable { rows: FxRow[]; total?: { values: Record<string, number | null> } | null }

/** The budget areas (RN2 under KS) and their fixture tables, in the report's order. */
export const AREAS = [
  { code: 'ÖKL', name: 'Kommunledning', fixture: '002-02-kommunledning-rn3.json', level: 'RN3' },
  { code: 'ÖKG', name: 'Kommungemensamt', fixture: '002-03-kommungemensam-rn5.json', level: 'RN5' },
  { code: 'ÖKA', name: 'Kommunstyrelseförvaltningen', fixture: '002-04-ksf-rn3.json', level: 'RN3' },
  { code: 'ÖRN', name: 'Stadsrevisionen', fixture: '002-05-ore-revisionsnamnd.json', level: 'RN3' },
  { code: 'ÖVN', name: 'Valnämnden', fixture: '002-06-ova-valnamnd.json', level: 'RN3' },
] as const;

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
  const exact = fitChangeRows(units.map((u) => printed(u.row.values)), groups);
  for (const a of AREAS) org.push([a.code, a.name, 'KS', 'RN2', NET_LEVELS[a.code]!]);
  units.forEach((u, i) => {
    const r = u.row;
    const code = r.code!;
    const a = AREAS.find((x) => x.code === u.area)!;
    org.push([code, r.name, a.code, a.level, code === STATE_GRANTS.code ? STATE_GRANTS.level : '']);
    const [prev, actual, budget] = exact[i]!;
    const slices: Array<[string, number, number | null]> = [
        ['actual', 2019, prev],
        ['actual', 2020, actual],
        ['budget', 2020, budget],
      ];
      for (const [scenario, year, net] of slices) {
        if (!net) continue;
        const ledger = -net; // the ledger's sign: costs positive, revenue negative
        const account = net > 0 ? '3000' : '7000';
        if (scenario === 'budget') amounts.push([scenario, String(year), '', code, account, '', '', formatKronor(ledger)]);
        else split(ledger, 12).forEach((x, i) => amounts.push([scenario, String(year), String(i + 1), code, account, '', '', formatKronor(x)]));
    }
  });
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
  write('accounts.csv', ['account', 'name', 'group'], [['3000', 'Verksamhetens intäkter', '3'], ['7000', 'Övriga kostnader', '7'], [INVESTMENT_ACCOUNT, 'Investeringar', 'I']]);
  write('amounts.csv', ['scenario', 'year', 'period', 'unit', 'account', 'activity', 'project', 'amount'], amounts);
}

main();
