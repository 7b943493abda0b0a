import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { PrognosError, type InputLocation } from '../../core/errors/index.ts';
import { bindColumns, cellText, parseCsvTable, readTableFile, uniqueCheck, type ColumnSpec } from './index.ts';

function badInputFrom(fn: () => unknown, where: InputLocation): string {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(PrognosError);
  expect((thrown as PrognosError).code).toBe('BAD_INPUT');
  expect((thrown as PrognosError).location).toEqual(where);
  return (thrown as PrognosError).reason;
}

const SPEC: ColumnSpec[] = [
  { name: 'name', required: true, description: 'Namn, obligatoriskt.' },
  { name: 'year', required: true, description: 'År, fyra siffror.' },
  { name: 'note', required: false, description: 'Anteckning, valfri.' },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prognos-rows-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the generic table reader', () => {
  it('splits CSV text into a header and data rows with start lines, leaving out empty rows', () => {
    const t = parseCsvTable('\nname;year\n\nA;2024\n"B\nC";2025\n', 't.csv');
    expect(t.format).toBe('csv');
    expect(t.delimiter).toBe(';');
    expect(t.header).toEqual({ line: 2, cells: ['name', 'year'] });
    expect(t.rows).toEqual([
      { line: 4, cells: ['A', '2024'] },
      { line: 5, cells: ['B\nC', '2025'] },
    ]);
  });

  it('binds any column spec and names the kind given in header errors', () => {
    const reason = badInputFrom(() => bindColumns(parseCsvTable('name,year,extra\n', 't.csv'), SPEC, 't.csv', 'exempel'), { file: 't.csv', line: 1, field: 'extra' });
    expect(reason).toContain('tillåtna för filtypen exempel');
    badInputFrom(() => bindColumns(parseCsvTable('name,note\n', 't.csv'), SPEC, 't.csv', 'exempel'), { file: 't.csv', line: 1, field: 'year' });
  });

  it('gives rows typed accessors whose errors name file, line and field', () => {
    const [a, b] = bindColumns(parseCsvTable('Name,Year\nA,2024\n,24\n', 't.csv'), SPEC, 't.csv', 'exempel');
    expect([a!.required('name'), a!.year('year'), a!.text('note'), a!.cell('note')]).toEqual(['A', 2024, '', null]);
    badInputFrom(() => b!.required('name'), { file: 't.csv', line: 3, field: 'name' });
    expect(badInputFrom(() => b!.year('year'), { file: 't.csv', line: 3, field: 'year' })).toContain('"24"');
  });

  it('reads the first sheet of a workbook with spreadsheet row numbers', async () => {
    const path = join(dir, 't.xlsx');
    await writeXlsxFile([[null], ['name', 'year'], ['A', 2024], [null, null], [7, 2025]]).toFile(path);
    const t = await readTableFile(path);
    expect(t.format).toBe('xlsx');
    expect(t.header?.line).toBe(2);
    expect(t.rows.map((r) => [r.line, r.cells])).toEqual([
      [3, ['A', 2024]],
      [5, [7, 2025]],
    ]);
  });

  it('turns cells into text, rejecting dates and booleans at the given place', () => {
    expect(cellText(' A ', {})).toBe('A');
    expect(cellText(1000, {})).toBe('1000');
    expect(cellText(null, {})).toBe('');
    badInputFrom(() => cellText(true, { file: 'x.xlsx', line: 2, field: 'name' }), { file: 'x.xlsx', line: 2, field: 'name' });
    badInputFrom(() => cellText(new Date(0), { file: 'x.xlsx', line: 2, field: 'name' }), { file: 'x.xlsx', line: 2, field: 'name' });
  });

  it('rejects a repeated key naming the earlier line', () => {
    const unique = uniqueCheck((earlier, key) => `${key} finns redan på rad ${earlier}`);
    const row = (line: number) => ({ line, at: (field?: string): InputLocation => ({ file: 'u.csv', line, ...(field ? { field } : {}) }) });
    unique('K', row(2), 'code');
    unique('L', row(3), 'code');
    expect(badInputFrom(() => unique('K', row(4), 'code'), { file: 'u.csv', line: 4, field: 'code' })).toBe('K finns redan på rad 2');
  });
});
