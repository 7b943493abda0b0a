// The Swedish lines a person reads after an import, and the row-level counting behind them.
import { describe, expect, it } from 'vitest';
import type { AmountSliceChange } from './amounts.ts';
import { describeSlices, formatImportSummary, keyedChanges, monthRanges, unitList, type ImportSummary } from './ingest-summary.ts';

const base = { file: 'f.csv', organisation: 'o', records: 0, counts: {}, warnings: [] };
const slice = (unit: string, period: number | null, c: Partial<AmountSliceChange> = {}, scenario = 'actual', year = 2025): AmountSliceChange => ({
  scenario,
  year,
  period,
  unit,
  stored: 1,
  added: 1,
  replaced: 0,
  removed: 0,
  ...c,
});
const summary = (s: Partial<ImportSummary> & Pick<ImportSummary, 'kind' | 'changes'>): ImportSummary => ({
  ...base,
  replaced: s.changes.replaced + s.changes.removed,
  ...s,
});

describe('the import summary in Swedish', () => {
  it('says in one line how many rows a correction of one unit and month imported and replaced, and in a second what became of them', () => {
    const changes = { stored: 12, added: 3, replaced: 9, removed: 20 };
    const text = formatImportSummary(summary({ kind: 'amounts', changes, slices: [slice('KSA1A01', 4, changes)] }));
    expect(text.split('\n')).toEqual([
      '12 rader importerade, 29 rader ersatta för KSA1A01 april 2025 (utfall).',
      'Av de importerade raderna är 3 nya och 9 ersätter en tidigare rad med samma konto, verksamhet och projekt; 20 tidigare rader finns inte i filen och togs bort. Andra månader och enheter påverkas inte.',
    ]);
  });

  it('says what a dry run would do and that nothing was stored', () => {
    const changes = { stored: 12, added: 3, replaced: 9, removed: 20 };
    const text = formatImportSummary(summary({ kind: 'amounts', changes, slices: [slice('KSA1A01', 4, changes)], dryRun: true }));
    expect(text.split('\n')).toEqual([
      'Provkörning (inget sparades). 12 rader skulle importeras, 29 rader ersättas för KSA1A01 april 2025 (utfall).',
      'Av de importerade raderna skulle 3 vara nya och 9 ersätta en tidigare rad med samma konto, verksamhet och projekt; 20 tidigare rader finns inte i filen och skulle tas bort. Andra månader och enheter påverkas inte.',
    ]);
  });

  it('is one line when everything is new', () => {
    const changes = { stored: 2, added: 2, replaced: 0, removed: 0 };
    expect(formatImportSummary(summary({ kind: 'amounts', changes, slices: [slice('KSA1A01', 5, changes)] }))).toBe('2 rader importerade för KSA1A01 maj 2025 (utfall), alla nya.');
    expect(formatImportSummary(summary({ kind: 'org', changes: { stored: 1, added: 1, replaced: 0, removed: 0 } }))).toBe('Organisation: 1 rad importerad, ny.');
  });

  it('summarises many units and months as ranges and counts the units beyond two', () => {
    const slices = ['A1', 'A2', 'A3', 'A4', 'A5'].flatMap((u) => [1, 2, 3, 4, null].map((p) => slice(u, p)));
    expect(describeSlices([...slices, slice('A1', 1, {}, 'budget')])).toBe('A1, A2 och 3 enheter till, januari–april och helårsbelopp 2025 (utfall) och A1 januari 2025 (budget)');
  });

  it('names a SIE file’s whole years with their scenarios', () => {
    const year = (scenario: string, y: number): AmountSliceChange => ({ scenario, year: y, stored: 1, added: 0, replaced: 1, removed: 0 });
    expect(describeSlices([year('actual', 2024), year('budget', 2024), year('actual', 2023)])).toBe('2024 (utfall och budget) och 2023 (utfall)');
    const changes = { stored: 1348, added: 0, replaced: 1348, removed: 0 };
    expect(formatImportSummary(summary({ kind: 'sie', changes, slices: [year('actual', 2024)] })).split('\n')).toEqual([
      '1\u00a0348 rader importerade, 1\u00a0348 rader ersatta för 2024 (utfall).',
      'Varje importerad rad ersätter en tidigare rad med samma konto, verksamhet och projekt.',
    ]);
  });

  it('names scenarios in Swedish, more than three groups by count', () => {
    const groups = ['actual', 'budget', 'budget_osb', 'forecast:P1', 'carryover'].map((s) => slice('A', 1, {}, s));
    expect(describeSlices(groups.slice(3))).toBe('A januari 2025 (prognos P1) och A januari 2025 (överfört)');
    expect(describeSlices(groups)).toBe('A januari 2025 (utfall), A januari 2025 (budget) och 3 scenarier och år till');
  });

  it('labels the follow-up kinds and says what identifies their rows', () => {
    const text = formatImportSummary(summary({ kind: 'goals', changes: { stored: 2, added: 1, replaced: 1, removed: 1 } }));
    expect(text).toBe('Mål: 2 rader importerade, 2 rader ersatta.\nAv de importerade raderna är 1 ny och 1 ersätter en tidigare rad med samma kod; 1 tidigare rad finns inte i filen och togs bort.');
  });

  it('writes months as ranges in Swedish and lists few units by name', () => {
    expect(monthRanges([4])).toBe('april');
    expect(monthRanges([1, 2, 3, 4])).toBe('januari–april');
    expect(monthRanges([1, 3, 4, 5, 9, 10])).toBe('januari, mars–maj och september–oktober');
    expect(unitList(['B', 'A'])).toBe('A och B');
    expect(unitList(['C', 'B', 'A'])).toBe('A, B och C');
    expect(unitList(['D', 'C', 'B', 'A'])).toBe('A, B och 2 enheter till');
  });
});

describe('row-level changes of keyed records', () => {
  it('counts file keys already stored as replaced, new ones as added, and stored keys the file lacks as removed only when the kind replaces', () => {
    expect(keyedChanges(['a', 'b', 'c'], ['b', 'c', 'd'], true)).toEqual({ stored: 3, added: 1, replaced: 2, removed: 1 });
    expect(keyedChanges(['a', 'b', 'c'], ['b', 'c', 'd'], false)).toEqual({ stored: 3, added: 1, replaced: 2, removed: 0 });
    expect(keyedChanges([], ['a'], true)).toEqual({ stored: 1, added: 1, replaced: 0, removed: 0 });
  });
});
