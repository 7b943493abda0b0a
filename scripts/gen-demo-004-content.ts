/**
 * Generator of report 004's typed content (src/demo/data-004/grid-*.csv): the tables the report
 * types in rather than computes, written as the board would type them, from the fixtures.
 *
 *   npx tsx scripts/gen-demo-004-content.ts [--fixtures <dir>]
 *
 * - grid-net-cost-deviation.csv (004-09): Nettokostnadsavvikelse per verksamhetsområde, mnkr.
 * - grid-state-grants.csv (004-10): Riktade statsbidrag 2022 with its text columns.
 * - grid-five-years.csv (004-17): Fem år i sammandrag, a heading row per group.
 *
 * Numbers are written with the decimals the report prints (004-10: one, "54,0"). Deterministic.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvField } from './lib/ledger-fit.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA_DIR = path.join(REPO_ROOT, 'src', 'demo', 'data-004');
const i = process.argv.indexOf('--fixtures');
const FIXTURE_DIR = i >= 0 ? process.argv[i + 1]! : path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'reference-tables');

interface FRow {
  code?: string | null;
  name: string;
  values: Record<string, number | null>;
  display: Record<string, string>;
  [text: string]: unknown;
}
interface FTable {
  columns: Array<{ key: string; label: string }>;
  rows: FRow[];
}

const fixture = (file: string): FTable => JSON.parse(readFileSync(path.join(FIXTURE_DIR, file), 'utf8')) as FTable;

function write(file: string, rows: string[][]): void {
  writeFileSync(path.join(DATA_DIR, file), rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n');
  console.log(`wrote ${file} (${rows.length - 1} rows)`);
}

// 004-09: the printed figures as typed (the display text is the typed value).
const t09 = fixture('004-09-nettokostnadsavvikelse.json');
write('grid-net-cost-deviation.csv', [
  ['Nettokostnadsavvikelse, mnkr', ...t09.columns.map((c) => c.label)],
  ...t09.rows.map((r) => [r.name, ...t09.columns.map((c) => r.display[c.key] ?? '')]),
]);

// 004-10: number, name, amount (one decimal), and the three text columns.
const t10 = fixture('004-10-riktade-statsbidrag.json');
write('grid-state-grants.csv', [
  ['Nr', 'Benämning', 'Belopp, mnkr', 'Återrapportering', 'Återbetalning', 'Kommande år'],
  ...t10.rows.map((r) => [
    r.code ?? '',
    r.name,
    r.display.amount ?? '',
    String(r.aterrapportering ?? ''),
    String(r.aterbetalning ?? ''),
    String(r.kommande_ar ?? ''),
  ]),
]);

// 004-17: Fem år i sammandrag, a heading row (its name alone) before each group, values as printed
// ('-' for no value, 'Minskar'); 'Örebro Kommun, totalt' ≠ Kvinnor + Män in 2018/2019 as the board typed it.
interface FiveYearRow {
  group: string;
  name: string;
  cells: Record<string, { display: string } | undefined>;
}
const t17 = JSON.parse(readFileSync(path.join(FIXTURE_DIR, '004-17-fem-ar-i-sammandrag.json'), 'utf8')) as { columns: Array<{ key: string; label: string }>; rows: FiveYearRow[] };
const years17 = t17.columns.filter((c) => c.key !== 'group' && c.key !== 'name');
const rows17: string[][] = [];
t17.rows.forEach((r, n) => {
  if (n === 0 || t17.rows[n - 1]!.group !== r.group) rows17.push([r.group, ...years17.map(() => '')]);
  rows17.push([r.name, ...years17.map((c) => r.cells[c.key]?.display ?? '')]);
});
write('grid-five-years.csv', [['Fem år i sammandrag', ...years17.map((c) => c.label)], ...rows17]);
