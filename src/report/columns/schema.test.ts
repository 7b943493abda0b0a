// The column-set contract of a template table and its headings (pure: no store).
import { describe, expect, it } from 'vitest';
import { fillColumnLabel, MEASURES, MEASURE_KEYS } from '../../core/compute/index.ts';
import { styleOf } from '../../core/format/index.ts';
import { standardTemplate } from '../template.ts';
import { templateProblems } from '../template-schema.ts';
import { checkDefinitionColumnSets } from './definition.ts';
import { PrognosError } from '../../core/errors/index.ts';

const withTable = (table: Record<string, unknown>): unknown => ({
  id: 't',
  chapters: [{ id: 'c', number: '3', title: 'Ekonomi', level: 1, blocks: [{ narrative: 'intro' }, { table: { id: 'u', kind: 'units', scope: 'N', ...table } }] }],
});
const messages = (table: Record<string, unknown>): string[] => templateProblems(withTable(table)).map((p) => p.message);

describe('column headings', () => {
  const aug2022 = { year: 2022, period: 8, prevPeriod: 8, round: 'P2' };
  it('fill {year}, {prevYear}, {monthShort} and {roundNumber}: 004’s "Budget-Utfall jan-aug 2022", "Budget-Utfall Helår 2021", "Prognos 2 Helår"', () => {
    expect(fillColumnLabel('Budget-Utfall jan-{monthShort} {year}', aug2022)).toBe('Budget-Utfall jan-aug 2022');
    expect(fillColumnLabel('Budget-Utfall Helår {prevYear}', aug2022)).toBe('Budget-Utfall Helår 2021');
    expect(fillColumnLabel('Prognos {roundNumber} Helår', aug2022)).toBe('Prognos 2 Helår');
  });

  it('fill {Month} and {month} with the Swedish month name: 003’s "Ack Augusti Avv. i tkr", "utfall t.o.m. augusti"', () => {
    expect(fillColumnLabel('Ack {Month} Avv. i tkr', aug2022)).toBe('Ack Augusti Avv. i tkr');
    expect(fillColumnLabel('utfall t.o.m. {month}', aug2022)).toBe('utfall t.o.m. augusti');
    expect(fillColumnLabel('{round} {nextYear} jan-{prevMonthShort}', { ...aug2022, prevPeriod: 4 })).toBe('P2 2023 jan-apr');
  });
});

describe('the measure registry', () => {
  it('prints every key the way the renderers format it (the registry’s format is core/format’s style of the key)', () => {
    for (const key of MEASURE_KEYS) expect([key, MEASURES[key]!.format]).toEqual([key, styleOf(key)]);
  });

  it('keeps every key of the built-in column sets (the JSON contract only grows)', () => {
    for (const key of ['closing_prev', 'actual_prev', 'actual', 'budget_to_date', 'variance_to_date', 'consumption_pct', 'budget_osb', 'budget', 'budget_change', 'forecast', 'variance', 'change_pct', 'carryover', 'budget_incl_carryover']) {
      expect(MEASURE_KEYS).toContain(key);
    }
  });

  it('gives every key a Swedish default heading, never the key itself', () => {
    const c = { year: 2024, period: 3, prevPeriod: 3, round: 'P1' };
    for (const key of MEASURE_KEYS) for (const net of [false, true]) expect(MEASURES[key]!.label(c, net)).not.toBe(key);
  });
});

describe('a template table’s column set', () => {
  it('accepts keys with headings, a proposal method, memo rows, totals excluding units, units outside the total and filters', () => {
    expect(
      messages({
        columns: [{ key: 'actual', label: 'Utfall jan-{monthShort} {year}' }, { key: 'system_forecast', method: 'run_rate' }, { key: 'variance_budget_pct' }],
        rows: { memo: [{ label: 'varav Myndighetsavdelningen', units: ['A'], after: 'A' }], excluding: [{ label: 'exkl. centralt skolstöd', units: ['B'] }], outsideTotal: ['C'] },
        filter: { projects: ['INV*'], accounts: [{ from: '1220', to: '1229' }] },
      }),
    ).toEqual([]);
  });

  it('refuses an unknown column key in Swedish, naming the path and the field', () => {
    const [p] = templateProblems(withTable({ columns: [{ key: 'actual' }, { key: 'prognos' }] }));
    expect(p?.field).toBe('chapters[0].blocks[1].table.columns[1].key');
    expect(p?.message).toMatch(/^chapters\[0\]\.blocks\[1\]\.table\.columns\[1\]\.key: okänd kolumn "prognos" \(tillåtna: closing_prev, .*variance_budget_pct\)$/);
  });

  it('refuses an unknown placeholder in a heading, an unknown key in a column, a method on another column and a key twice', () => {
    expect(messages({ columns: [{ key: 'actual', label: 'Utfall {år}' }] })).toEqual([expect.stringMatching(/columns\[0\]\.label: okänd platshållare \{år\} \(tillåtna: \{year\}/)]);
    expect(messages({ columns: [{ key: 'actual', heading: 'x' }] })).toEqual(['chapters[0].blocks[1].table.columns[0]: okänd nyckel "heading"']);
    expect(messages({ columns: [{ key: 'budget', method: 'profile' }] })).toEqual(['chapters[0].blocks[1].table.columns[0].method: method gäller bara kolumnen system_forecast']);
    expect(messages({ columns: [{ key: 'system_forecast', method: 'guess' }] })).toEqual([expect.stringMatching(/columns\[0\]\.method: ska vara "profile" eller/)]);
    expect(messages({ columns: [{ key: 'actual' }, { key: 'actual' }] })).toEqual(['chapters[0].blocks[1].table.columns[1].key: kolumnen "actual" finns redan i tabellen']);
  });

  it('refuses unknown row options, empty unit lists, an empty filter and an account range that runs backwards', () => {
    expect(messages({ rows: { memos: [] } })).toEqual(['chapters[0].blocks[1].table.rows: okänd nyckel "memos"']);
    expect(messages({ rows: { memo: [{ label: 'varav', units: [] }] } })).toEqual(['chapters[0].blocks[1].table.rows.memo[0].units: ska ha minst 1 värde']);
    expect(messages({ filter: {} })).toEqual(['chapters[0].blocks[1].table.filter: ska ange projects eller accounts']);
    expect(messages({ filter: { accounts: [{ from: '1229', to: '1220' }] } })).toEqual([
      'chapters[0].blocks[1].table.filter.accounts[0].to: kontointervallet 1229–1220 är tomt (to ska vara minst from)',
    ]);
  });

  it('leaves the built-in templates without column sets, so they print the built-in columns', () => {
    for (const annual of [false, true]) {
      const t = standardTemplate('N', annual);
      expect(templateProblems(t)).toEqual([]);
      for (const c of t.chapters) for (const b of c.blocks) if ('table' in b && typeof b.table === 'object') expect(b.table.columns).toBeUndefined();
    }
  });
});

describe('a table list (--definition) with column sets', () => {
  it('is checked as a template’s tables are, the error naming the list’s own path', () => {
    let thrown: unknown;
    try {
      checkDefinitionColumnSets([{ id: 'a', kind: 'units', scope: 'N' }, { id: 'b', kind: 'units', scope: 'N', columns: [{ key: 'actual' }, { key: 'x' }] }], 'def.json');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PrognosError);
    expect((thrown as PrognosError).location).toEqual({ file: 'def.json', field: '[1].columns[1].key' });
    expect((thrown as PrognosError).reason).toMatch(/^tabelldefinitionen är ogiltig: \[1\]\.columns\[1\]\.key: okänd kolumn "x"/);
  });

  it('leaves a list without column sets as it was (no new checks)', () => {
    expect(() => checkDefinitionColumnSets([{ id: 'a', kind: 'units', scope: 'N', extra: 1 }], 'def.json')).not.toThrow();
  });
});
