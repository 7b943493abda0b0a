// The percentage rule (printedPercent) against the reference reports: applied to the printed
// base and value of every percentage cell of ../shared/fixtures/reference-tables, it leaves the
// cell empty exactly where the reference prints nothing (blank, or an error string such as
// #DIVISION/0!) and gives a value where the reference prints one. The sources contradict
// themselves in a few cells (README §4 R8, R9 of the fixtures); those are listed with the reason.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { divRoundHalfAwayFromZero } from '../money/index.ts';
import { DEFAULT_PERCENT_RULE, printedPercent, type PercentMeasure } from './index.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'reference-tables');

interface FixtureRow {
  code?: string | null;
  name?: string;
  label?: string;
  values: Record<string, number | null>;
  display?: Record<string, string>;
}
interface Fixture {
  table_id: string;
  kind: string;
  columns: Array<{ key: string; formula?: string; round_to_decimals?: number }>;
  rows: FixtureRow[];
  total: FixtureRow | null;
}

const R8_ZERO = 'R8: the source prints 0 % (0,0) for a base printed as 0 (a division by zero); elsewhere the same reports leave such a cell blank (003-03 KLÖS, 003-04 KGOPA)';
const R8_TINY = 'R8: the base prints as 0 but is a few hundred kronor underneath; the source prints the ratio of the unrounded amounts — the absurd percentage issue 10 names';
const R9_BLANK = 'R9: blank in the source without a reason (a meaningful ratio of like signs within the limit); the fixtures record it as data, not as a rule';
const OVER_LIMIT = 'the annual report 2021 prints 5 902,3 % of a 10 tkr base — beyond the limit; report 003 leaves its cells beyond 999 % blank (KGFC2, KGOPS, 002-03 KGHR too) and never prints one';

/** [table, row, column, as printed, reason]: cells where the reference contradicts the rule. */
const EXCEPTIONS: Array<[string, string, string, string, string]> = [
  ["001-02", "KGHR", "forandr_pct", "", R9_BLANK],
  ["001-02", "KGOS", "forandr_pct", "", R9_BLANK],
  ["001-03", "KMY", "forandr_pct", "-149,6", R8_TINY],
  ["001-05", "6A", "forandr_pct", "", R9_BLANK],
  ["001-08", "3", "forandr_pct", "", R9_BLANK],
  ["001-09", "3", "forandr_pct", "477 317,7", R8_TINY],
  ["001-09", "6A", "forandr_pct", "0,0", R8_ZERO],
  ["001-09", "6B", "forandr_pct", "5 902,3", OVER_LIMIT],
  ["002-04", "KMY", "forandr_pct", "", R9_BLANK],
  ["003-04", "SPLFE", "forb_pct", "0%", R8_ZERO],
  ["003-04", "Summa ÖKF", "forb_pct", "0%", R8_ZERO],
  ["003-04", "KGT", "forb_pct", "0%", R8_ZERO],
  ["003-04", "KGI", "forb_pct", "0%", R8_ZERO],
  ["003-05", "KCS", "forb_pct", "0%", R8_ZERO],
  ["003-05", "KMY", "forb_pct", "0%", R8_ZERO],
  ["003-07", "7", "forb_pct", "0%", R8_ZERO],
  ["003-07", "Summa ÖKG", "forb_pct", "", R9_BLANK],
  ["003-10", "9300", "forb_pct", "0%", R8_ZERO],
  ["003-10", "Summa ÖKF", "forb_pct", "0%", R8_ZERO],
  ["003-10", "2630", "forb_pct", "0%", R8_ZERO],
  ["003-10", "3100", "forb_pct", "0%", R8_ZERO],
  ["003-10", "3899", "forb_pct", "0%", R8_ZERO],
  ["003-10", "4598", "forb_pct", "0%", R8_ZERO],
  ["003-11", "4020", "forb_pct", "0%", R8_ZERO],
  ["003-11", "4320", "forb_pct", "0%", R8_ZERO],
  ["003-11", "4327", "forb_pct", "0%", R8_ZERO],
  ["003-11", "4340", "forb_pct", "0%", R8_ZERO],
  ["003-11", "4999", "forb_pct", "0%", R8_ZERO],
  ["003-11", "5999", "forb_pct", "0%", R8_ZERO],
  ["003-12", "KAI", "forb_pct", "0%", R8_ZERO],
  ["003-12", "KIT", "forb_pct", "0%", R8_ZERO],
];

/** The percentage columns: Förb i % / Förbrukn % / Förbrukat % (a ratio) and Förändr% (a change). */
function inputs(column: Fixture['columns'][number], v: Record<string, number | null>): { value: number | null; base: number | null; measure: PercentMeasure } | null {
  if (column.key === 'forb_pct') {
    const [num, den] = column.formula?.includes('prognos') ? ['prognos', 'budget'] : ['utfall_ack', 'budget_ack'];
    return { value: v[num!] ?? null, base: v[den!] ?? null, measure: 'ratio' };
  }
  if (column.key === 'forandr_pct') {
    const now = v.utfall ?? null;
    const prev = v.bokslut_prev ?? null;
    return { value: now === null || prev === null ? null : now - prev, base: prev, measure: 'change' };
  }
  return null;
}

/** 100 · value / base rounded half away from zero to the column's decimals, from the printed amounts. */
function ratio(value: number, base: number, decimals: number): number | null {
  if (base === 0) return null;
  const scale = 10n ** BigInt(2 + decimals);
  return Number(divRoundHalfAwayFromZero(BigInt(value) * scale, BigInt(base))) / 10 ** decimals;
}

const fixtures: Fixture[] = existsSync(FIXTURES)
  ? readdirSync(FIXTURES)
      .filter((f) => /^\d{3}-\d{2}-.*\.json$/.test(f))
      .map((f) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as Fixture)
      .filter((f) => f.kind === 'financial')
  : [];

describe('the percentage rule against the reference reports', () => {
  const cells: Array<{ table: string; row: string; column: string; printed: string; referenceEmpty: boolean; oursEmpty: boolean }> = [];
  for (const fx of fixtures) {
    for (const column of fx.columns) {
      for (const r of [...fx.rows, ...(fx.total ? [{ ...fx.total, code: null, name: 'total' }] : [])]) {
        const io = inputs(column, r.values);
        if (!io || io.value === null || io.base === null) continue;
        const decimals = column.round_to_decimals ?? 0;
        const ours = printedPercent(ratio(io.value, io.base, decimals), io.value, io.base, io.measure, DEFAULT_PERCENT_RULE);
        cells.push({
          table: fx.table_id,
          row: r.code ?? r.name ?? r.label ?? '',
          column: column.key,
          printed: r.display?.[column.key] ?? '',
          referenceEmpty: (r.values[column.key] ?? null) === null,
          oursEmpty: ours === null,
        });
      }
    }
  }

  it('finds the percentage cells of the five reports', () => {
    expect(new Set(cells.map((c) => c.table.slice(0, 3)))).toEqual(new Set(['001', '002', '003', '004']));
    expect(cells.length).toBeGreaterThan(350);
  });

  it('leaves a percentage empty exactly where the reference prints nothing, except where the reference contradicts itself', () => {
    const differences = cells.filter((c) => c.referenceEmpty !== c.oursEmpty).map((c) => [c.table, c.row, c.column, c.printed]);
    expect(differences).toEqual(EXCEPTIONS.map(([t, row, col, printed]) => [t, row, col, printed]));
  });

  it('empties cells for each of its reasons, as the references do: a base printed as 0, a magnitude beyond 999 %', () => {
    const agreedEmpty = cells.filter((c) => c.referenceEmpty && c.oursEmpty).map((c) => `${c.table} ${c.row}`);
    expect(agreedEmpty).toEqual(expect.arrayContaining(['003-03 KLÖS', '003-04 KGOPA', '003-04 KGFC2', '003-04 KGOPS', '002-03 KGHR']));
    const printedOpposite = cells.filter((c) => !c.referenceEmpty && !c.oursEmpty && c.printed.startsWith('-') && c.column === 'forb_pct').map((c) => `${c.table} ${c.row}`);
    expect(printedOpposite).toEqual(expect.arrayContaining(['003-05 KAS', '003-11 2630', '004-02 Habiliteringsersättning']));
  });
});
