// `prognos check` on small models made for one rule each, on the five reference reports with
// their catalogued source errors (../shared/fixtures/reference-tables/README.md §6), and on the
// demo report, which is computed from a ledger and must come out clean.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignName, TableKind } from '../core/compute/index.ts';
import type { Grid, GridRow, ReportModel, Row, Section, Table } from '../report/index.ts';
import { openTestStore } from '../../test/support/store.ts';
import { buildDemo, DEMO_REQUEST } from '../demo/index.ts';
import { buildReport } from '../report/index.ts';
import type { Store } from '../store/index.ts';
import { checkReport, formatFindings, parseAmounts, percentInterval, sumTolerance, type Finding } from './index.ts';
import { crossVerdicts, fixtureVerdicts, loadReference, REFERENCE_IDS, sectionContaining, sectionsContaining, type ReferenceId } from '../../test/support/reference.ts';

// ---------------------------------------------------------------------------------------------
// Small models

function table(id: string, kind: TableKind, scope: string, keys: string[], rows: Array<Partial<Row> & { values: Record<string, number | null> }>, total: Record<string, number | null>): Table {
  return {
    id,
    kind,
    scope,
    title: id,
    columns: keys.map((key) => ({ key, label: key })),
    rows: rows.map((r) => ({ code: r.code ?? '', name: r.name ?? r.code ?? '', ...(r.kind ? { kind: r.kind } : {}), ...(r.group ? { group: r.group } : {}), values: r.values })),
    total: { label: `Summa ${scope}`, values: total },
  };
}

function model(tables: Table[], sections: Section[] = [], sign: SignName = 'net'): ReportModel {
  return {
    report: {
      organisation: 'test',
      scope: { code: 'KS', name: 'Kommunstyrelsen' },
      title: 'Test',
      year: 2024,
      period: 3,
      prevPeriod: 3,
      round: 'P1',
      sign,
      unit: 'tkr',
      periodText: '',
    },
    tables,
    sections,
  };
}

function section(id: string, ...texts: string[]): Section {
  return { id, number: id, title: `Avsnitt ${id}`, level: 1, blocks: texts.map((text) => ({ type: 'paragraph' as const, text })) };
}

const errors = (fs: readonly Finding[]): Finding[] => fs.filter((f) => f.severity === 'error');
const at = (fs: readonly Finding[], code: string, where: Partial<Finding['location']>): Finding[] =>
  fs.filter((f) => f.code === code && Object.entries(where).every(([k, v]) => f.location[k as keyof Finding['location']] === v));

describe('totals and subtotals', () => {
  it('allow a total to differ from its rows by at most ⌊(n + 1)/2⌋ tkr, the most rounding can explain', () => {
    expect([1, 2, 3, 4, 5].map(sumTolerance)).toEqual([1, 1, 2, 2, 3]);
    const rows = [1, 2, 3, 4].map((i) => ({ code: `U${i}`, values: { actual: 10 } }));
    expect(checkReport(model([table('t', 'units', 'S', ['actual'], rows, { actual: 42 })])).filter((f) => f.code === 'sum')).toEqual([]);
    const off = checkReport(model([table('t', 'units', 'S', ['actual'], rows, { actual: 43 })]));
    expect(at(off, 'sum', { tableId: 't', row: 'total', column: 'actual' })).toHaveLength(1);
  });

  it('check each subtotal against the rows of its group, and never sum percentages', () => {
    const t = table(
      't',
      'units',
      'S',
      ['actual', 'consumption_pct'],
      [
        { code: 'A1', group: 'A', values: { actual: 5, consumption_pct: 50 } },
        { code: 'A2', group: 'A', values: { actual: 5, consumption_pct: 50 } },
        { code: 'A', kind: 'subtotal', group: 'A', values: { actual: 12, consumption_pct: 50 } },
        { code: 'B1', group: 'B', values: { actual: 7, consumption_pct: 50 } },
        { code: 'B', kind: 'subtotal', group: 'B', values: { actual: 7, consumption_pct: 50 } },
      ],
      { actual: 17, consumption_pct: 50 },
    );
    const fs = checkReport(model([t]));
    expect(at(fs, 'sum', {})).toHaveLength(1);
    expect(at(fs, 'sum', { row: 'Summa A', column: 'actual' })).toHaveLength(1);
  });
});

describe('derived columns', () => {
  const keys = ['actual', 'budget_to_date', 'variance_to_date', 'consumption_pct', 'forecast', 'budget', 'variance'];

  it('read variances in the report’s sign convention, within 1 tkr', () => {
    const net = table('t', 'units', 'S', keys, [{ code: 'U', values: { actual: -90, budget_to_date: -100, variance_to_date: 10, consumption_pct: 90, forecast: -380, budget: -400, variance: 21 } }], {});
    expect(errors(checkReport(model([net], [], 'net')))).toEqual([]);
    const costPositive = table('t', 'units', 'S', keys, [{ code: 'U', values: { actual: 90, budget_to_date: 100, variance_to_date: 10, consumption_pct: 90, forecast: 380, budget: 400, variance: 20 } }], {});
    expect(errors(checkReport(model([costPositive], [], 'cost-positive')))).toEqual([]);
    const wrongSign = checkReport(model([costPositive], [], 'net'));
    expect(at(wrongSign, 'derived', { row: 'U', column: 'variance' })).toHaveLength(1);
    expect(at(wrongSign, 'derived', { row: 'U', column: 'variance_to_date' })).toHaveLength(1);
  });

  it('accept a variance left empty because its forecast was not entered, and still want one computed from an entered forecast', () => {
    const t = (forecast: number | null): Table =>
      table('t', 'units', 'S', ['budget', 'forecast', 'variance'], [{ code: 'U', values: { budget: -90, forecast, variance: null } }], {});
    expect(at(checkReport(model([t(null)])), 'derived-missing', {})).toEqual([]);
    expect(at(checkReport(model([t(-80)])), 'derived-missing', { row: 'U', column: 'variance' })).toHaveLength(1);
  });

  it('accept a percentage inside the interval the rounded amounts allow and reject one outside it', () => {
    // 001-01 KLÖS: −6 → −25 prints 331,6 although −19 / −6 gives 316,7: the interval reaches 363,6.
    const iv = percentInterval(-25 - -6, 1, -6)!;
    expect(iv.lo).toBeLessThan(331.6);
    expect(iv.hi).toBeGreaterThan(331.6);
    const t = (pct: number): Table =>
      table('t', 'units', 'S', ['closing_prev', 'actual', 'budget', 'variance_to_date', 'change_pct'], [{ code: 'U', values: { closing_prev: -6, actual: -25, budget: -25, variance_to_date: 0, change_pct: pct } }], {});
    expect(at(checkReport(model([t(331.6)])), 'derived', {})).toEqual([]);
    expect(at(checkReport(model([t(370)])), 'derived', { row: 'U', column: 'change_pct' })).toHaveLength(1);
  });

  it('want a percentage of a zero base empty: an impossible one is an error, a possible one a warning', () => {
    const t = (actual: number, pct: number | null): Table =>
      table('t', 'units', 'S', ['actual', 'budget_to_date', 'variance_to_date', 'consumption_pct'], [{ code: 'U', values: { actual, budget_to_date: 0, variance_to_date: actual, consumption_pct: pct } }], {});
    expect(at(checkReport(model([t(-10780, null)])), 'percent-zero-base', {})).toEqual([]);
    const impossible = at(checkReport(model([t(-10780, 0)])), 'percent-zero-base', { row: 'U' });
    expect(impossible.map((f) => f.severity)).toEqual(['error']);
    const possible = at(checkReport(model([t(0, 0)])), 'percent-zero-base', { row: 'U' });
    expect(possible.map((f) => f.severity)).toEqual(['warning']);
  });

  it('accept a percentage beyond the limit left empty, and warn when one is printed', () => {
    // 003-04 KGOPS −6 224 / −350 = 1 778 %: the reference leaves it empty, as the rule does.
    const t = (pct: number | null): Table =>
      table('t', 'units', 'S', ['actual', 'budget_to_date', 'variance_to_date', 'consumption_pct'], [{ code: 'U', values: { actual: -6224, budget_to_date: -350, variance_to_date: -5874, consumption_pct: pct } }], {});
    expect(checkReport(model([t(null)])).filter((f) => f.location.column === 'consumption_pct')).toEqual([]);
    expect(at(checkReport(model([t(1778)])), 'percent-limit', { row: 'U' }).map((f) => f.severity)).toEqual(['warning']);
    const lenient = model([t(null)]);
    lenient.report.percentages = { limit: 5000, emptyOnOppositeSigns: false };
    expect(at(checkReport(lenient), 'derived-missing', { row: 'U', column: 'consumption_pct' })).toHaveLength(1);
  });
});

describe('what the report is looking at', () => {
  const withMeta = (meta: Partial<ReportModel['report']>, sections: Section[] = []): ReportModel => {
    const m = model([], sections);
    return { ...m, report: { ...m.report, ...meta } };
  };

  it('reports a cut-off month beyond the last booked month (regression: period 8 with actuals only to April)', () => {
    const fs = at(checkReport(withMeta({ period: 8, lastActualPeriod: 4 })), 'cutoff-beyond-actuals', {});
    expect(fs.map((f) => f.severity)).toEqual(['error']);
    expect(fs[0]!.message).toContain('augusti');
    expect(fs[0]!.message).toContain('april');
    expect(at(checkReport(withMeta({ period: 3, lastActualPeriod: 3 })), 'cutoff-beyond-actuals', {})).toEqual([]);
    expect(at(checkReport(withMeta({ period: 3, lastActualPeriod: null })), 'cutoff-beyond-actuals', {})).toHaveLength(1);
    // A model without the field (stored before it existed) is not judged.
    expect(at(checkReport(withMeta({ period: 8 })), 'cutoff-beyond-actuals', {})).toEqual([]);
  });

  it('reports a year-end report that uses an interim round’s texts (regression: the Årsberättelse silently used the P1 texts)', () => {
    const text = [section('1', 'Nämnden redovisar ett överskott.')];
    expect(at(checkReport(withMeta({ period: 12, round: 'P1', roundKind: 'interim' }, text)), 'year-end-interim-texts', {}).map((f) => f.severity)).toEqual(['error']);
    expect(at(checkReport(withMeta({ period: 12, round: 'B', roundKind: 'year-end' }, text)), 'year-end-interim-texts', {})).toEqual([]);
    expect(at(checkReport(withMeta({ period: 8, round: 'P2', roundKind: 'interim' }, text)), 'year-end-interim-texts', {})).toEqual([]);
    expect(at(checkReport(withMeta({ period: 12, round: 'P1', roundKind: 'interim' })), 'year-end-interim-texts', {})).toEqual([]);
  });

  it('reports each template chapter left out because nothing filled it, as a warning at the chapter', () => {
    const fs = at(checkReport(withMeta({ omittedChapters: [{ id: 'handelser', number: '2.2', title: 'Händelser av väsentlig betydelse' }] })), 'chapter-omitted', { sectionId: 'handelser' });
    expect(fs.map((f) => [f.severity, f.message])).toEqual([['warning', expect.stringContaining('"2.2 Händelser av väsentlig betydelse"')]]);
  });

  it('reports a chapter shown with a placeholder because its content is missing, saying so', () => {
    const fs = at(checkReport(withMeta({ omittedChapters: [{ id: 'handelser', number: '2.2', title: 'Händelser', placeholder: true }] })), 'chapter-omitted', { sectionId: 'handelser' });
    expect(fs.map((f) => [f.severity, f.message])).toEqual([['warning', 'Mallens kapitel "2.2 Händelser" har inget innehåll och visas med texten "Innehåll saknas" — fyll det eller ta bort det ur mallen.']]);
  });
});

describe('the same figure in several places', () => {
  it('compares a unit’s row, a net-summary row with its code and the totals of one scope', () => {
    const summary = table('ns', 'net-summary', 'KS', ['forecast'], [{ code: 'ÖKA', name: 'Förvaltningen', values: { forecast: -395058 } }], { forecast: -395058 });
    const units = table('u', 'units', 'ÖKA', ['forecast'], [{ code: 'KAA', values: { forecast: -394968 } }], { forecast: -394968 });
    const groups = table('g', 'account-groups', 'ÖKA', ['forecast'], [{ code: '5', values: { forecast: -394968 } }], { forecast: -394968 });
    const fs = checkReport(model([summary, units, groups]));
    expect(at(fs, 'same-figure', {}).map((f) => `${f.location.tableId}/${f.location.row}`)).toEqual(['ns/ÖKA']);
  });

  it('tolerates a copy that differs by 1 tkr but not by 2', () => {
    const make = (v: number): Table[] => [
      table('a', 'units', 'P', ['actual'], [{ code: 'LOV', values: { actual: v } }, { code: 'X', values: { actual: 0 } }], { actual: v }),
      table('b', 'activities', 'LOV', ['actual'], [{ code: '1', values: { actual: 100 } }], { actual: 100 }),
    ];
    expect(at(checkReport(model(make(101))), 'same-figure', {})).toEqual([]);
    expect(at(checkReport(model(make(102))), 'same-figure', { tableId: 'a', row: 'LOV' })).toHaveLength(1);
  });

  it('knows a budget-level row without a code only through the aliases option', () => {
    const summary = table('ns', 'net-summary', 'KS', ['actual'], [{ name: 'Kommunledningsförvaltningen', values: { actual: 10 } }], { actual: 10 });
    const units = table('u', 'units', 'ÖKA', ['actual'], [{ code: 'KAA', values: { actual: 12 } }], { actual: 12 });
    expect(at(checkReport(model([summary, units])), 'same-figure', {})).toEqual([]);
    const aliased = checkReport(model([summary, units]), { aliases: { Kommunledningsförvaltningen: 'ÖKA' } });
    expect(at(aliased, 'same-figure', { tableId: 'ns', row: 'Kommunledningsförvaltningen' })).toHaveLength(1);
  });
});

describe('amounts in the text', () => {
  const parse = (text: string) => parseAmounts({ sectionId: 's', text, norm: text.toLowerCase() });

  it('are read with any minus sign, spaces or no-break spaces in thousands, decimal comma and unit', () => {
    const found = parse('Avvikelsen är −12,4 mnkr, -3,4 mnkr, – 51,9 mnkr, minus 2 mnkr, 5,6 mnkr, 7 998 tkr, 7\u00a0998 tkr, 7\u202f998 tkr, 49 mnkr och 0,3 mnkr.');
    expect(found.map((a) => [a.negative, a.tkr, a.half])).toEqual([
      [true, 12400, 50],
      [true, 3400, 50],
      [true, 51900, 50],
      [true, 2000, 500],
      [false, 5600, 50],
      [false, 7998, 0.5],
      [false, 7998, 0.5],
      [false, 7998, 0.5],
      [false, 49000, 500],
      [false, 300, 50],
    ]);
  });

  it('do not take a year, a range or a percentage for an amount', () => {
    expect(parse('Under 2021 100 mnkr; 2025–2027; 3–5 mnkr; 5 % av budget.').map((a) => a.tkr)).toEqual([100000, 5000]);
  });

  const units = table('u', 'units', 'ÖKA', ['forecast', 'budget', 'variance'], [{ code: 'KEK', name: 'Ekonomiavdelningen', values: { forecast: -55442, budget: -51964, variance: -3478 } }], {
    forecast: -55442,
    budget: -51964,
    variance: -3478,
  });
  const run = (text: string): Finding[] => checkReport(model([units], [section('3', text)])).filter((f) => f.code.startsWith('narrative'));

  it('match a figure within rounding, as a cell or its absolute value', () => {
    expect(run('Ekonomiavdelningen visar negativ avvikelse om -3,5 mnkr.')).toEqual([]);
    expect(run('Ekonomiavdelningen visar ett underskott om 3,5 mnkr.')).toEqual([]);
    expect(run('Prognosen är 55 mnkr.')).toEqual([]);
  });

  it('report a near miss of a named unit’s variance as an error, at the section with the sentence', () => {
    const fs = run('Ekonomiavdelningen visar negativ avvikelse om -3,2 mnkr.');
    expect(fs.map((f) => [f.code, f.severity, f.location.sectionId, f.location.tableId, f.location.row, f.location.column])).toEqual([
      ['narrative-near-miss', 'error', '3', 'u', 'KEK', 'variance'],
    ]);
    expect(fs[0]!.location.excerpt).toContain('-3,2 mnkr');
  });

  it('leave alone an amount the report computed into the text (a comparison between rounds), and still check the typed ones', () => {
    const text = 'Ekonomiavdelningen visar negativ avvikelse om -3,2 mnkr, en försämring 3,1 mnkr sedan prognos 1.';
    expect(run(text).map((f) => f.code)).toEqual(['narrative-near-miss', 'narrative-unmatched']);
    const m = model([units], [section('3', text)]);
    m.report.computedTexts = ['försämring 3,1\u00a0mnkr sedan prognos 1'];
    const fs = checkReport(m).filter((f) => f.code.startsWith('narrative'));
    expect(fs.map((f) => f.code)).toEqual(['narrative-near-miss']);
    expect(fs[0]!.message).toContain('-3,2');
  });

  it('report a truncated amount and an unmatched amount as warnings', () => {
    expect(run('Ekonomiavdelningen visar negativ avvikelse om -3,4 mnkr.').map((f) => [f.code, f.severity])).toEqual([['narrative-truncated', 'warning']]);
    expect(run('Ett statsbidrag om 14 mnkr har erhållits.').map((f) => [f.code, f.severity])).toEqual([['narrative-unmatched', 'warning']]);
  });
});

describe('large variances', () => {
  const units = table('u', 'units', 'ÖKA', ['budget', 'variance'], [
    { code: 'KEK', name: 'Ekonomiavdelningen', values: { budget: -51964, variance: -3478 } },
    { code: 'KHR', name: 'HR-avdelningen', values: { budget: -51513, variance: -331 } },
  ], { budget: -103477, variance: -3809 });

  it('must be commented by name, code or amount', () => {
    const silent = checkReport(model([units], [section('3', 'Inget sägs om avdelningarna.')]));
    expect(at(silent, 'variance-uncommented', {}).map((f) => f.location.row)).toEqual(['KEK']);
    for (const text of ['Ekonomiavdelningens underskott beror på lägre intäkter.', 'KEK visar underskott.', 'En avdelning visar underskott om 3,5 mnkr.']) {
      expect(at(checkReport(model([units], [section('3', text)])), 'variance-uncommented', {}), text).toEqual([]);
    }
  });

  it('follow the threshold option, in tkr and in percent of the budget', () => {
    const fs = checkReport(model([units], [section('3', 'Inget.')]), { varianceThreshold: { amount: 5000 } });
    expect(at(fs, 'variance-uncommented', {})).toEqual([]);
    const rel = checkReport(model([units], [section('3', 'Inget.')]), { varianceThreshold: { amount: 5000, percent: 0.5 } });
    expect(at(rel, 'variance-uncommented', {}).map((f) => f.location.row)).toEqual(['KEK']);
  });
});

describe('sections', () => {
  it('may not be empty, except a chapter heading followed by its sections, and the required ones must exist', () => {
    const sections: Section[] = [
      { id: '2', number: '2', title: 'Analys', level: 1, blocks: [] },
      { id: '2.1', number: '2.1', title: 'Prognos', level: 2, blocks: [{ type: 'paragraph', text: '  ' }] },
      { id: '3', number: '3', title: 'Resultat', level: 1, blocks: [{ type: 'paragraph', text: 'Text.' }, { type: 'table', tableId: 'saknas' }] },
    ];
    const fs = checkReport(model([], sections), { requiredSections: ['1', '3'] });
    expect(fs.map((f) => [f.code, f.location.sectionId])).toEqual([
      ['section-empty', '2.1'],
      ['table-missing', '3'],
      ['section-missing', '1'],
    ]);
  });
});

describe('grids', () => {
  const grid = (id: string, rows: GridRow[], decimals = 0): Grid => ({
    id,
    title: id,
    columns: [
      { key: 'name', label: '', kind: 'text' },
      { key: 'y2018', label: '2018', kind: 'number', decimals },
      { key: 'amount_tkr', label: 'tkr', kind: 'number' },
    ],
    rows,
  });
  const inSection = (g: Grid): Section[] => [{ id: '6', number: '6', title: 'Nyckeltal', level: 1, blocks: [{ type: 'grid', grid: g }] }];

  it('check a K/M breakdown: total = women + men for counts, women + men = 100 for shares', () => {
    const g = grid('fem', [
      { kind: 'heading', cells: { name: 'Befolkning' } },
      { cells: { name: 'Totalt', y2018: 153317, series: 'bef', breakdown: 'T', aggregate: 'sum' } },
      { cells: { name: 'Kvinnor', y2018: 77445, series: 'bef', breakdown: 'K', aggregate: 'sum' } },
      { cells: { name: 'Män', y2018: 76241, series: 'bef', breakdown: 'M', aggregate: 'sum' } },
      { cells: { name: 'Andel kvinnor', y2018: 43, series: 'lss', breakdown: 'K', aggregate: 'share' } },
      { cells: { name: 'Andel män', y2018: 59, series: 'lss', breakdown: 'M', aggregate: 'share' } },
      { cells: { name: 'Sjukfrånvaro totalt', y2018: 7, series: 'sjuk', breakdown: 'T' } },
      { cells: { name: 'Sjukfrånvaro kvinnor', y2018: 8, series: 'sjuk', breakdown: 'K' } },
      { cells: { name: 'Sjukfrånvaro män', y2018: 5, series: 'sjuk', breakdown: 'M' } },
    ]);
    const fs = checkReport(model([], inSection(g)));
    expect(at(fs, 'grid-breakdown', {}).map((f) => [f.location.row, f.location.column])).toEqual([
      ['Totalt', 'y2018'],
      ['Andel kvinnor', 'y2018'],
    ]);
  });

  it('check an intrapreneurship roll-forward and its link to the financial table', () => {
    const rows = (result: number): GridRow[] => [
      { cells: { name: 'Varav intraprenader', amount_tkr: result, role: 'result' } },
      { cells: { name: 'Ingående', amount_tkr: 23900, role: 'opening' } },
      { cells: { name: 'Ianspråktagande', amount_tkr: -3900, role: 'drawdown' } },
      { cells: { name: 'Nya underskott', amount_tkr: 0, role: 'deficit' } },
      { cells: { name: 'Nya överskott', amount_tkr: 6100, role: 'surplus' } },
      { cells: { name: 'Utgående', amount_tkr: 26100, role: 'closing' } },
      { cells: { name: 'Avvikelse exkl.', amount_tkr: -54191, role: 'result_excl' } },
      { cells: { name: 'Justerad avvikelse', amount_tkr: -54191 + result, role: 'result_total', same_as: 'n|total|variance' } },
    ];
    const nämnder = table('n', 'units', 'PSV', ['variance'], [{ code: 'A', values: { variance: -51991 } }], { variance: -51991 });
    expect(errors(checkReport(model([nämnder], inSection(grid('rf', rows(2200))))))).toEqual([]);
    const fs = checkReport(model([nämnder], inSection(grid('rf', rows(2300)))));
    expect(errors(fs).map((f) => [f.code, f.location.tableId, f.location.row])).toEqual([
      ['grid-rollforward', 'rf', 'Varav intraprenader'],
      ['same-figure', 'rf', 'Justerad avvikelse'],
    ]);
  });
});

describe('the printed list of findings', () => {
  it('has one Swedish line per finding with its location, errors first, then the counts', () => {
    const text = formatFindings([
      { code: 'narrative-unmatched', severity: 'warning', message: 'Beloppet "14 mnkr" i texten motsvarar ingen siffra.', location: { sectionId: '3', excerpt: 'Ett statsbidrag om 14 mnkr.' } },
      { code: 'sum', severity: 'error', message: 'Summan stämmer inte.', location: { tableId: '000-01', row: 'total', column: 'budget' } },
    ]);
    expect(text.split('\n')).toEqual([
      'FEL [sum] tabell 000-01, rad total, kolumn budget: Summan stämmer inte.',
      'VARNING [narrative-unmatched] avsnitt 3 «Ett statsbidrag om 14 mnkr.»: Beloppet "14 mnkr" i texten motsvarar ingen siffra.',
      '1 fel, 1 varning',
    ]);
    expect(formatFindings([])).toBe('0 fel, 0 varningar');
  });
});

// ---------------------------------------------------------------------------------------------
// The reference reports

const models = new Map<ReferenceId, ReportModel>();
const results = new Map<ReferenceId, Finding[]>();
function findingsOf(id: ReferenceId): Finding[] {
  if (!results.has(id)) {
    const m = loadReference(id);
    models.set(id, m);
    results.set(id, checkReport(m));
  }
  return results.get(id)!;
}
const modelOf = (id: ReferenceId): ReportModel => (findingsOf(id), models.get(id)!);

describe('the catalogued source errors of the reference reports (README §6)', () => {
  it('000-01: the Nettokostnad total is wrong in exactly the four columns that do not add up', () => {
    const fs = at(findingsOf('000'), 'sum', { tableId: '000-01', row: 'total' });
    expect(fs.map((f) => f.location.column).sort()).toEqual(['actual_prev', 'budget', 'closing_prev', 'variance']);
    expect(fs.find((f) => f.location.column === 'budget')!.message).toContain('-16\u00a0700');
  });

  it('003-10: Summa ÖKG Förb 114 % is reported; the right value is 103 %', () => {
    const fs = at(findingsOf('003'), 'derived', { tableId: '003-10', row: 'Summa ÖKG', column: 'consumption_pct' });
    expect(fs).toHaveLength(1);
    expect(fs[0]!.message).toContain('102,8');
  });

  it('004-17: "Örebro Kommun, totalt" ≠ Kvinnor + Män is reported for 2018 and 2019 and not for 2020–2022', () => {
    const fs = at(findingsOf('004'), 'grid-breakdown', { tableId: '004-17', row: 'Örebro Kommun, totalt' });
    expect(fs.map((f) => f.location.column)).toEqual(['utfall_2018', 'utfall_2019']);
    expect(fs.map((f) => f.message).join(' ')).toMatch(/-369[\s\S]*-1\u00a0422/);
  });

  it('000: the net summary’s Kommunstyrelseförvaltningen forecast and variance differ by 90 tkr from the department tables', () => {
    const fs = at(findingsOf('000'), 'same-figure', { tableId: '000-01', row: 'ÖKA' });
    expect(fs.map((f) => f.location.column).sort()).toEqual(['forecast', 'variance']);
    for (const f of fs) expect(f.message).toContain('-90 tkr');
  });

  it('003: the statsbidrag row of the net summary differs by 217 tkr from KGST in the RN5 table', () => {
    const fs = at(findingsOf('003'), 'same-figure', { tableId: '003-01', row: 'KGST' });
    expect(fs.map((f) => f.location.column).sort()).toEqual(['forecast', 'variance']);
    for (const f of fs) expect(f.message).toMatch(/003-04.*217 tkr/);
  });

  it('004: the copies of LoV and boende/personlig assistans that differ by 9 and 2 tkr are reported, ±1 tkr copies are not', () => {
    const fs = at(findingsOf('004'), 'same-figure', { tableId: '004-01' });
    expect(fs.map((f) => `${f.location.row}/${f.location.column}`).sort()).toEqual(['PNKBPA/variance_prev', 'PNLOV/variance_to_date', 'PNLOV/variance_to_date_prev']);
    expect(fs.find((f) => f.location.column === 'variance_to_date_prev')!.message).toContain('-9 tkr');
  });

  it('004-05: Varav Intraprenader 2 300 is reported against utgående − ingående = 2 200', () => {
    const fs = at(findingsOf('004'), 'grid-rollforward', { tableId: '004-05', row: 'Varav Intraprenader' });
    expect(fs).toHaveLength(1);
    expect(fs[0]!.message).toContain('2\u00a0200');
  });

  it('002: "Kommunstyrelseförvaltningen … 3,6 mnkr" is reported against 3 913 tkr, wherever the sentence stands', () => {
    const fs = at(findingsOf('002'), 'narrative-near-miss', { tableId: '002-01', row: 'ÖKA', column: 'variance_to_date' });
    const sections = sectionsContaining(modelOf('002'), 'Kommunstyrelseförvaltningen redovisar en positiv budgetavvikelse om 3,6 mnkr');
    expect(sections).toEqual(['1', '2']);
    expect(fs.map((f) => f.location.sectionId)).toEqual(sections);
    for (const f of fs) expect(f.location.excerpt).toContain('3,6 mnkr');
  });

  it('001: "Arbetsmiljötjänster 8,3 mnkr" is reported against KGAMT 8 550 tkr', () => {
    const fs = at(findingsOf('001'), 'narrative-near-miss', { tableId: '001-02', row: 'KGAMT', column: 'variance_to_date' });
    expect(fs).toHaveLength(1);
    expect(fs[0]!.location.sectionId).toBe(sectionContaining(modelOf('001'), 'Positiv avvikelse om 8,3 mnkr inom Arbetsmiljötjänster'));
    expect(fs[0]!.message).toContain('8,6 mnkr');
  });

  it('004: "-51,2 mnkr" is reported against the forecast variance −51 891 tkr', () => {
    const fs = at(findingsOf('004'), 'narrative-near-miss', { tableId: '004-04', row: 'total', column: 'variance' });
    expect(fs.map((f) => f.location.sectionId)).toEqual([sectionContaining(modelOf('004'), 'underskott med -51,2 mnkr')]);
    expect(fs[0]!.location.excerpt).toContain('-51,2 mnkr');
  });

  it('004: "försämring med 26,9 mnkr" is reported against the change of the own activity’s variance, 26 291 tkr', () => {
    const fs = at(findingsOf('004'), 'narrative-near-miss', { tableId: '004-01', row: 'total', column: 'variance−variance_prev' });
    expect(fs.map((f) => f.location.sectionId)).toEqual([sectionContaining(modelOf('004'), 'försämring med 26,9 mnkr')]);
    expect(fs[0]!.message).toContain('26,3 mnkr');
  });

  it('000: "-12,3 mnkr" (3.1) and "12,4 mnkr" (2.1) for the same variance are reported as a contradiction', () => {
    const fs = at(findingsOf('000'), 'narrative-conflict', {});
    expect(fs).toHaveLength(1);
    expect(fs[0]!.location.sectionId).toBe('3.1');
    expect(fs[0]!.message).toMatch(/12,4 mnkr.*avsnitt 2\.1.*-12,3 mnkr.*avsnitt 3\.1/);
  });
});

describe('what the fixtures classify as exact or rounding', () => {
  it('003-05 KAN: the variance 3 175 against 3 174 computed is not reported', () => {
    expect(findingsOf('003').filter((f) => f.location.tableId === '003-05' && f.location.row === 'KAN')).toEqual([]);
  });

  it.each(REFERENCE_IDS)('%s: no error on a sum or row formula the fixtures find exact or within rounding, an error on each one that fails', (id) => {
    // A column sum is check 1 ('sum'), a row formula check 2 ('derived', 'percent-zero-base').
    const kind = (code: string): string => (code === 'sum' ? 'column_sum' : 'row_formula');
    const fs = errors(findingsOf(id)).filter((f) => f.code === 'sum' || f.code === 'derived' || f.code === 'percent-zero-base');
    const key = (type: string, l: { tableId?: string; row?: string; column?: string }): string => `${type} ${l.tableId}/${l.row}/${l.column}`;
    const reported = new Set(fs.map((f) => key(kind(f.code), f.location)));
    const verdicts = fixtureVerdicts(id)
      .filter((v) => v.type === 'row_formula' || v.type === 'column_sum')
      .map((v) => ({ ...v, key: key(v.type, v) }));
    expect(verdicts.length).toBeGreaterThan(10);
    const wronglyReported = verdicts.filter((v) => (v.status === 'exact' || v.status === 'rounding') && reported.has(v.key));
    expect(wronglyReported).toEqual([]);
    const missed = verdicts.filter((v) => v.status === 'fail' && !reported.has(v.key));
    expect(missed).toEqual([]);
  });

  it.each(REFERENCE_IDS)('%s: no same-figure error on a cross-table check that is exact or within rounding', (id) => {
    const reported = new Set(at(findingsOf(id), 'same-figure', {}).map((f) => `${f.location.tableId}/${f.location.row}/${f.location.column}`));
    const ok = crossVerdicts(id).filter((c) => c.status === 'exact' || c.status === 'rounding');
    const wronglyReported = ok.filter((c) => c.sides.some((s) => reported.has(`${s.tableId}/${s.row}/${s.column}`)));
    expect(wronglyReported).toEqual([]);
    const failed = crossVerdicts(id).filter((c) => c.status === 'fail');
    for (const c of failed) expect(c.sides.some((s) => reported.has(`${s.tableId}/${s.row}/${s.column}`)), c.id).toBe(true);
  });
});

/**
 * Findings per reference report, as of this version: errors / warnings. Errors beyond the
 * catalogued ones: 003 prints "0%" for a zero budget to date (README R8) where the amount is not
 * zero (11 cells); 004 "49,9 mnkr" (×2) against a change of 49 842 tkr (README §6, text vs tables)
 * and "20,5 mnkr" for Funktionsstödsnämnden against −20 440 tkr. Warnings include 001-09 6B
 * Förändr% 5 902,3 beyond the ±999 % limit [percent-limit].
 */
const BOUNDS: Record<ReferenceId, { errors: number; warnings: number }> = {
  '000': { errors: 7, warnings: 20 },
  '001': { errors: 1, warnings: 36 },
  '002': { errors: 2, warnings: 19 },
  '003': { errors: 14, warnings: 30 },
  '004': { errors: 11, warnings: 25 },
};

describe('noise in the reference reports', () => {
  it.each(REFERENCE_IDS.map((id) => [id, BOUNDS[id].errors, BOUNDS[id].warnings] as const))(
    'reference report %s gives at most %i errors and %i warnings',
    (id, maxErrors, maxWarnings) => {
      const fs = findingsOf(id);
      const e = errors(fs).length;
      console.info(`reference report ${id}: ${e} fel, ${fs.length - e} varningar`);
      expect(e).toBeLessThanOrEqual(maxErrors);
      expect(fs.length - e).toBeLessThanOrEqual(maxWarnings);
    },
  );

  it('001-09: the Förändr% 5 902,3 of a 10 tkr base is reported as beyond the limit', () => {
    expect(at(findingsOf('001'), 'percent-limit', {}).map((f) => `${f.location.tableId}/${f.location.row}`)).toEqual(['001-09/6B']);
  });

  it('003: the only errors beyond the catalogued ones are percentages printed for a zero budget', () => {
    const other = errors(findingsOf('003')).filter((f) => f.code !== 'percent-zero-base');
    expect(other.map((f) => `${f.code} ${f.location.tableId}/${f.location.row}/${f.location.column}`).sort()).toEqual([
      'derived 003-10/Summa ÖKG/consumption_pct',
      'same-figure 003-01/KGST/forecast',
      'same-figure 003-01/KGST/variance',
    ]);
    for (const f of errors(findingsOf('003')).filter((x) => x.code === 'percent-zero-base')) expect(f.message).toContain('0 %');
  });
});

// ---------------------------------------------------------------------------------------------
// The demo: a report computed from a ledger

describe('the demo report, computed from its ledger', () => {
  let store: Store;
  let report: ReportModel;
  beforeAll(async () => {
    store = await openTestStore('embedded');
    report = (await buildDemo(store)).report;
  });
  afterAll(async () => {
    await store?.close();
  });

  it('knows a cut-off beyond the demo ledger and a year-end report written with the P1 texts', async () => {
    const beyond = await buildReport(store, { ...DEMO_REQUEST, period: 8 });
    expect(at(checkReport(beyond), 'cutoff-beyond-actuals', {}).map((f) => f.message)).toEqual([expect.stringContaining('bara till och med mars')]);
    const yearEnd = await buildReport(store, { ...DEMO_REQUEST, period: 12, prevPeriod: 12 });
    expect(errors(checkReport(yearEnd)).map((f) => f.code)).toEqual(expect.arrayContaining(['cutoff-beyond-actuals', 'year-end-interim-texts']));
  });

  it('has no errors', () => {
    const fs = checkReport(report, { aliases: { 'Kommungemensamma statsbidrag': 'KGST', 'Politisk kommunledning': 'ÖKL', Kommunledningsförvaltningen: 'ÖKA' } });
    expect(errors(fs)).toEqual([]);
    console.info(`demo report: ${formatFindings(fs).split('\n').at(-1)}`);
  });
});
