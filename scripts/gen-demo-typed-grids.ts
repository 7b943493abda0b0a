/**
 * Generator of the demo's indicator tables (typed grids, as the boards type them), from the
 * fixtures: 004's indicators per goal area (004-12 … 004-16, src/demo/data-004/grid-indicators-N.csv)
 * and Kommunstyrelseförvaltningen's HR indicators of 2021 and 2020 (001-11, 002-15,
 * src/demo/reports/r00X/data/grid-hr-indicators.csv).
 *
 *   npx tsx scripts/gen-demo-typed-grids.ts [--fixtures <dir>]
 *
 * One grid row per series (Tot/K/M or K/M/T); the indicator's name, with its footnote marks, and
 * its target stand on its first row. Every value is written as the report prints it ('85,4', '69',
 * '2 292', '32**', '-' for no value), so the grid keeps it as typed. Deterministic.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvField } from './lib/ledger-fit.ts';
import { printedLabel, type IndicatorFixture } from './lib/indicator-fixture.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const i = process.argv.indexOf('--fixtures');
const FIXTURE_DIR = i >= 0 ? process.argv[i + 1]! : path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'reference-tables');

/** Source errors of the values, corrected as the board would have typed them (fixtures' row notes). */
const CORRECTED: Record<string, string> = {
  // 001-11: 2020 M of the employment security index is printed '81.9' with a decimal point (row note); 002-15 prints '81,9'.
  '81.9': '81,9',
};

function write(fixtureFile: string, out: string): void {
  const fx = JSON.parse(readFileSync(path.join(FIXTURE_DIR, fixtureFile), 'utf8')) as IndicatorFixture;
  const lines: string[][] = [fx.columns.map((c) => printedLabel(c.label))];
  for (const r of fx.rows) {
    r.series.forEach((s, n) => {
      lines.push(
        fx.columns.map((c) => {
          if (c.key === 'indicator') return n === 0 ? `${r.indicator}${r.footnote_marks ?? ''}` : '';
          if (c.key === 'breakdown') return s.breakdown ?? '';
          if (c.key.startsWith('malvarde_')) return n === 0 ? (r.target[c.key] ?? '') : '';
          const display = s.cells[c.key]?.display ?? '';
          return CORRECTED[display] ?? display;
        }),
      );
    });
  }
  writeFileSync(path.join(REPO_ROOT, out), lines.map((l) => l.map(csvField).join(',')).join('\n') + '\n');
  console.log(`wrote ${out} (${lines.length - 1} rows)`);
}

interface ObservationsFixture {
  rows: Array<{ malomrade: string; positiva_iakttagelser: string[]; forbattringsomraden: string[] }>;
}

/** 002-14: one two-column table per goal area, each observation on a line of its own after a bullet. */
function writeObservations(fixtureFile: string, dir: string): void {
  const fx = JSON.parse(readFileSync(path.join(FIXTURE_DIR, fixtureFile), 'utf8')) as ObservationsFixture;
  fx.rows.forEach((r, n) => {
    const cell = (items: string[]): string => items.map((t) => `• ${t}`).join('\n');
    const out = path.join(dir, `grid-observations-${n + 1}.csv`);
    const lines = [['Positiva iakttagelser', 'Förbättringsområden'], [cell(r.positiva_iakttagelser), cell(r.forbattringsomraden)]];
    writeFileSync(path.join(REPO_ROOT, out), lines.map((l) => l.map(csvField).join(',')).join('\n') + '\n');
    console.log(`wrote ${out} (${r.malomrade})`);
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  for (const [n, file] of [
    [1, '004-12-indikatorer-malomrade-1.json'],
    [2, '004-13-indikatorer-malomrade-2.json'],
    [3, '004-14-indikatorer-malomrade-3.json'],
    [4, '004-15-indikatorer-malomrade-4.json'],
    [6, '004-16-indikatorer-malomrade-6.json'],
  ] as const) {
    write(file, `src/demo/data-004/grid-indicators-${n}.csv`);
  }
  write('001-11-hr-indikatorer.json', 'src/demo/reports/r001/data/grid-hr-indicators.csv');
  write('002-15-hr-indikatorer.json', 'src/demo/reports/r002/data/grid-hr-indicators.csv');
  writeObservations('002-14-iakttagelser-per-malomrade.json', 'src/demo/reports/r002/data');
}
