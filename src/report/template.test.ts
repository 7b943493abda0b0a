import { describe, expect, it } from 'vitest';
import { emptyFollowUp, type FollowUpContent } from '../core/domain/followup.ts';
import type { Table } from '../core/compute/index.ts';
import { parseTemplate, templateProblems } from './template-schema.ts';
import { buildSections, fillTitle, standardTemplate, templateTables, type OmittedChapter, type ReportTemplate } from './template.ts';
import { PrognosError } from '../core/errors/index.ts';

const ctx = { year: 2024, round: 'P1', boardName: 'Kommunstyrelsen' };
const table = (id: string): Table => ({ id, kind: 'units', scope: 'KS', title: id, columns: [{ key: 'variance', label: 'Avvikelse' }], rows: [{ code: 'A', name: 'Avd A', values: { variance: -5 } }], total: { label: 'Summa', values: { variance: -5 } } });

function content(over: Partial<FollowUpContent> = {}): FollowUpContent {
  return { ...emptyFollowUp(), ...over };
}

describe('report templates', () => {
  it('fills year and round placeholders in chapter titles', () => {
    expect(fillTitle('Delårsresultat och prognos {roundNumber} för år {year}', ctx)).toBe('Delårsresultat och prognos 1 för år 2024');
    expect(fillTitle('Förväntad utveckling {nextYear}–{year + 3}', ctx)).toBe('Förväntad utveckling 2025–2027');
  });

  it('lists the tables a template uses, in order', () => {
    expect(templateTables(standardTemplate('KS', false, 'RN3')).map((t) => t.id)).toEqual(['net-summary', 'units', 'account-groups', 'activities', 'investments']);
  });

  it('puts narrative paragraphs, the table and its comment into the chapter', () => {
    const tpl: ReportTemplate = { id: 't', chapters: [{ id: 'c', number: '3', title: 'Resultat', level: 1, blocks: [{ narrative: 'intro' }, { table: { id: 'u', kind: 'units', scope: 'KS' } }] }] };
    const narratives = new Map([
      ['intro', { title: '', text: 'Första stycket.\n\nAndra stycket.' }],
      ['comment:u', { title: '', text: 'Kommentar till tabellen.' }],
    ]);
    const s = buildSections({ template: tpl, tables: [table('u')], content: content({ narratives }), context: ctx, unitName: (c) => c });
    expect(s[0]!.blocks).toEqual([
      { type: 'paragraph', text: 'Första stycket.' },
      { type: 'paragraph', text: 'Andra stycket.' },
      { type: 'table', tableId: 'u' },
      { type: 'paragraph', text: 'Kommentar till tabellen.' },
    ]);
  });

  it('puts a unit’s own comment after the table, under the unit’s name', () => {
    const tpl: ReportTemplate = { id: 't', chapters: [{ id: 'c', number: '3', title: 'Resultat', level: 1, blocks: [{ table: { id: 'u', kind: 'units', scope: 'KS' } }] }] };
    const narratives = new Map([['comment:unit:A', { title: '', text: 'Underskottet beror på vakanser.' }]]);
    const s = buildSections({ template: tpl, tables: [table('u')], content: content({ narratives }), context: ctx, unitName: (c) => c });
    expect(s[0]!.blocks.slice(1)).toEqual([
      { type: 'subheading', text: 'A Avd A' },
      { type: 'paragraph', text: 'Underskottet beror på vakanser.' },
    ]);
  });

  it('makes a paragraph whose lines all start with "- " a list', () => {
    const tpl: ReportTemplate = { id: 't', chapters: [{ id: 'c', number: '1', title: 'Förslag', level: 1, blocks: [{ narrative: 'proposal' }] }] };
    const narratives = new Map([['proposal', { title: '', text: 'Kommunstyrelsen föreslås:\n\n- godkänna rapporten\n- överlämna den till fullmäktige' }]]);
    const s = buildSections({ template: tpl, tables: [], content: content({ narratives }), context: ctx, unitName: (c) => c });
    expect(s[0]!.blocks).toEqual([
      { type: 'paragraph', text: 'Kommunstyrelsen föreslås:' },
      { type: 'list', items: ['godkänna rapporten', 'överlämna den till fullmäktige'] },
    ]);
  });

  it('drops an empty optional chapter but keeps an empty required one, so the check can report both', () => {
    const tpl: ReportTemplate = {
      id: 't',
      chapters: [
        { id: 'a', number: '1', title: 'Förslag till beslut', level: 1, blocks: [{ narrative: 'proposal', required: true }] },
        { id: 'b', number: '2', title: 'Händelser', level: 1, blocks: [{ narrative: 'events' }] },
      ],
    };
    const omitted: OmittedChapter[] = [];
    const s = buildSections({ template: tpl, tables: [], content: content(), context: ctx, unitName: (c) => c }, omitted);
    expect(s.map((x) => x.id)).toEqual(['a']);
    expect(s[0]!.blocks).toEqual([]);
    expect(omitted).toEqual([{ id: 'b', number: '2', title: 'Händelser' }]);
  });

  it('keeps a heading chapter without text when a subsection below it has content', () => {
    const tpl: ReportTemplate = {
      id: 't',
      chapters: [
        { id: 'p', number: '3.1', title: 'Enheter', level: 2, blocks: [] },
        { id: 'c', number: null, title: 'Kommunledning', level: 3, blocks: [{ narrative: 'x' }] },
      ],
    };
    const s = buildSections({ template: tpl, tables: [], content: content({ narratives: new Map([['x', { title: '', text: 'Text.' }]]) }), context: ctx, unitName: (c) => c });
    expect(s.map((x) => x.id)).toEqual(['p', 'c']);
  });

  it('derives the status of an economy-in-balance goal from the net summary', () => {
    const tpl: ReportTemplate = { id: 't', chapters: [{ id: 'g', number: null, title: 'Mål', level: 1, blocks: [{ goals: true }] }] };
    const c = content({
      goals: [
        { code: '1', parent: null, goalArea: 'Utgångspunkter', kind: 'strategic', text: 'Ekonomi i balans', relation: null, target: null, rule: null },
        { code: '1.1', parent: '1', goalArea: 'Utgångspunkter', kind: 'board', text: 'KS ska ha en ekonomi i balans', relation: 'own', target: null, rule: 'economy-in-balance' },
      ],
      goalStatus: new Map([['1.1', { status: 'Uppfylls', comment: 'Helårsprognosen indikerar en negativ budgetavvikelse.' }]]),
      assignments: [{ code: 'U1', goalArea: 'Utgångspunkter', givenYear: 2023, text: 'Stärka civilt försvar' }],
      assignmentStatus: new Map([['U1', { status: 'Påbörjat', comment: '' }]]),
    });
    const s = buildSections({ template: tpl, tables: [], content: c, context: { ...ctx, netTotal: { variance: -48999, budget: -875382 } }, unitName: (x) => x });
    const area = s.find((x) => x.title === 'Utgångspunkter')!;
    const goals = area.blocks[0]!;
    expect(goals.type === 'grid' && goals.grid.rows[1]!.cells.status).toBe('Uppfylls ej');
    const assignments = area.blocks[1]!;
    expect(assignments.type === 'grid' && assignments.grid.columns[0]!.label).toBe('Kvarstående uppdrag från ÖSB 2023');
  });

  it('draws an indicator trend with its target and a cost development chart from a table', () => {
    const tpl: ReportTemplate = {
      id: 't',
      chapters: [{ id: 'i', number: '6', title: 'Personal', level: 1, blocks: [{ indicators: true }, { chart: 'cost-development', table: 'u' }] }],
    };
    const c = content({
      indicators: [{ code: 'HME', name: 'HME-värde', unit: 'index', goal: null, targetType: 'min', targetValue: '78', source: '' }],
      indicatorValues: [
        { code: 'HME', year: 2022, kind: 'actual', breakdown: 'T', value: '79' },
        { code: 'HME', year: 2023, kind: 'actual', breakdown: 'T', value: '77.5' },
        { code: 'HME', year: 2023, kind: 'actual', breakdown: 'K', value: '78' },
      ],
    });
    const t = { ...table('u'), columns: [{ key: 'closing_prev', label: 'Bokslut' }, { key: 'forecast', label: 'Prognos' }], rows: [{ code: '5', name: 'Personal', values: { closing_prev: -10, forecast: -12 } }] };
    const s = buildSections({ template: tpl, tables: [t], content: c, context: { ...ctx, year: 2023 }, unitName: (x) => x });
    const charts = s[0]!.blocks.flatMap((b) => (b.type === 'chart' ? [b.chart] : []));
    expect(charts.map((ch) => ch.id)).toEqual(['indicator-HME', 'cost-u']);
    expect(charts[0]).toMatchObject({ kind: 'line', categories: ['2022', '2023'], target: 78, series: [{ name: 'Totalt', values: [79, 77.5] }, { name: 'Kvinnor', values: [null, 78] }] });
    expect(charts[1]!.series.map((x) => x.values)).toEqual([[-10], [-12]]);
    const grid = s[0]!.blocks[0]!;
    expect(grid.type === 'grid' && grid.grid.rows[0]!.cells.status).toBe('Uppfylls ej');
  });

  it('rejects a template file without chapters, naming the file and field', () => {
    expect(() => parseTemplate({ id: 'x' }, 'mall.json')).toThrow(/chapters: saknas/);
    try {
      parseTemplate({ id: 'x', chapters: [{ id: 'a', number: '1', title: 'A', level: 7, blocks: [] }] }, 'mall.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PrognosError);
      expect((e as PrognosError).location).toEqual({ file: 'mall.json', field: 'chapters[0].level' });
    }
  });

  it('reads a percentage limit from the template and rejects unknown settings, naming them', () => {
    const t = parseTemplate({ id: 'x', chapters: [], percentages: { limit: 500 } }, 'mall.json');
    expect(t.percentages).toEqual({ limit: 500 });
    expect(() => parseTemplate({ id: 'x', chapters: [], percentages: { limit: 'stor' } }, 'mall.json')).toThrow('percentages.limit: ska vara ett tal');
    expect(() => parseTemplate({ id: 'x', chapters: [], percentages: { max: 5 } }, 'mall.json')).toThrow('percentages: okänd nyckel "max"');
    expect(() => parseTemplate({ id: 'x', chapters: [], procent: 5 }, 'mall.json')).toThrow('okänd nyckel "procent"');
  });

  it('names the JSON path and field of an unknown key deep inside a block, in Swedish', () => {
    const tpl = standardTemplate('KS', false) as unknown as { chapters: Array<{ blocks: Array<Record<string, unknown>> }> };
    (tpl.chapters[6]!.blocks[0]!.table as Record<string, unknown>).x = 1;
    expect(templateProblems(tpl)).toEqual([{ field: 'chapters[6].blocks[0].table.x', message: 'chapters[6].blocks[0].table: okänd nyckel "x"' }]);
    expect(() => parseTemplate(tpl, 'mall.json')).toThrow('mall.json, fält chapters[6].blocks[0].table.x: mallen är ogiltig: chapters[6].blocks[0].table: okänd nyckel "x"');
  });

  it('refuses an unknown block, a wrong value and a chart of a table the template does not have, never ignoring them', () => {
    const chapter = (blocks: unknown[]) => ({ id: 'c', number: '1', title: 'C', level: 1, blocks });
    expect(templateProblems({ id: 'x', chapters: [chapter([{ tabel: { id: 'u' } }])] })[0]!.message).toBe(
      'chapters[0].blocks[0]: okänt block "tabel" (tillåtna: narrative, table, chart, grid, measures, goals, observations, indicators, rollforward, appendices, reconciliation, decision)',
    );
    expect(templateProblems({ id: 'x', chapters: [chapter([{ table: { id: 'u', kind: 'unit', scope: 'KS' } }])] })[0]!.message).toMatch(/^chapters\[0\]\.blocks\[0\]\.table\.kind: ska vara "net-summary" eller "units"/);
    expect(templateProblems({ id: 'x', chapters: [chapter([{ narrative: 'a', required: 'ja' }])] })).toEqual([{ field: 'chapters[0].blocks[0].required', message: 'chapters[0].blocks[0].required: ska vara true eller false' }]);
    expect(templateProblems({ id: 'x', chapters: [chapter([{ chart: 'variance-by-row', table: 'units' }])] })[0]!.message).toBe(
      'chapters[0].blocks[0].table: diagrammet hänvisar till tabellen "units", som inte finns i mallen',
    );
    expect(templateProblems({ id: 'x', chapters: [chapter([{ reconciliation: 'intrapreneurships', of: 'units:PNSV' }])] })[0]!.message).toBe(
      'chapters[0].blocks[0].of: avstämningen hänvisar till tabellen "units:PNSV", som inte finns i mallen',
    );
    expect(templateProblems({ id: 'x', chapters: [chapter([{ reconciliation: 'intraprenader', of: 'units:PNSV' }])] })[0]!.field).toBe('chapters[0].blocks[0].reconciliation');
    expect(templateProblems({ id: 'x', chapters: [{ id: 'c', number: '1', level: 1, blocks: [] }] })).toEqual([{ field: 'chapters[0].title', message: 'chapters[0].title: saknas (ska vara text)' }]);
  });

  it('accepts the built-in templates as they are', () => {
    expect(templateProblems(standardTemplate('KS', false, 'RN3', 'RN2'))).toEqual([]);
    expect(templateProblems(standardTemplate('KS', true))).toEqual([]);
  });

  it('shows a chapter whose content is missing with a visible placeholder in a preview and lists it for the check, never dropping it', () => {
    const tpl: ReportTemplate = {
      id: 't',
      chapters: [
        { id: 'a', number: '1', title: 'Förslag till beslut', level: 1, blocks: [{ narrative: 'proposal', required: true }] },
        { id: 'h', number: '2', title: 'Resultat', level: 1, blocks: [] },
        { id: 'b', number: '2.1', title: 'Händelser', level: 2, blocks: [{ narrative: 'events' }, { measures: true }] },
      ],
    };
    const omitted: OmittedChapter[] = [];
    const s = buildSections({ template: tpl, tables: [], content: content(), context: ctx, unitName: (c) => c, placeholders: true }, omitted);
    expect(s.map((x) => x.id)).toEqual(['a', 'h', 'b']);
    expect(s[0]!.blocks).toEqual([{ type: 'placeholder', text: 'Innehåll saknas: obligatorisk text — fyll i det eller ta bort kapitlet ur mallen.' }]);
    expect(s[1]!.blocks).toEqual([]);
    expect(s[2]!.blocks).toEqual([{ type: 'placeholder', text: 'Innehåll saknas: text, åtgärder — fyll i det eller ta bort kapitlet ur mallen.' }]);
    expect(omitted).toEqual([{ id: 'b', number: '2.1', title: 'Händelser', placeholder: true }]);
  });
});
