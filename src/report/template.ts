/**
 * Report templates: the chapter structure of a Delårsrapport med prognos or an Årsberättelse,
 * configurable per board (which chapters and tables, levels, headings). A template is data
 * (JSON); `buildSections` fills it with the computed tables and the board's follow-up content.
 */
import { gridChart, type GridChartSpec } from './grid-chart.ts';
import { indicatorCharts, indicatorsGrid } from './indicators.ts';
import { costChart, varianceChart } from './table-charts.ts';
import { reconciliationGrid, type ReconciliationSpec } from './reconciliation.ts';
import type { Table, TableSpec } from '../core/compute/index.ts';
import { economyInBalanceStatus, type FollowUpContent, type Goal } from '../core/domain/followup.ts';
import { PrognosError } from '../core/errors/index.ts';
import type { PercentRule } from '../core/format/index.ts';
import type { Block, Grid, GridRow, Section } from './model.ts';
import { SectionNotes } from './footnotes.ts';
import type { DecisionSpec, DocumentSpec } from './template-document.ts';

export type TemplateBlock =
  /** Narrative text by key (`proposal`, `analysis`, `comment:<table id>` …). */
  | { narrative: string; required?: boolean }
  /** A financial table, followed by the narrative `comment:<id>` when there is one. */
  | { table: TableSpec }
  /**
   * A chart drawn from a table: `variance-by-row` (variance per row of a units table) or
   * `cost-development` (last year's closing against this year's forecast per row, e.g. per account group).
   */
  | { chart: 'variance-by-row' | 'cost-development'; table: string }
  /** A chart drawn from a grid's typed values (grid-chart.ts). */
  | GridChartSpec
  /** An imported grid by id. */
  | { grid: string }
  /** The measures for a balanced economy; `labels` print the board's own column headings. */
  | { measures: true; labels?: MeasureLabels }
  /** Goal follow-up: goals and assignments per goal area, each area a section below this chapter. */
  | { goals: true }
  /**
   * Positive observations and areas for improvement per goal area; `labels` print the board's own
   * headings, `bullets: false` prints each observation as a paragraph (004) instead of a bullet.
   */
  | { observations: true; labels?: ObservationLabels; bullets?: boolean }
  | { indicators: true }
  | { rollforward: true }
  /** The variance of table `of` reconciled with the intrapreneurships' accumulated results (reconciliation.ts). */
  | ReconciliationSpec
  /** The appendices attached to the round, listed in this chapter (001's "8 Bilagor"); nothing when none is attached. */
  | { appendices: true }
  /** "Förslag till beslut": numbered decision points and the signatures (`template-document.ts`). */
  | { decision: DecisionSpec };

/** The columns of the measures table, by key (`measuresGrid`). */
export const MEASURE_COLUMNS = ['nr', 'text', 'decision', 'diary', 'forecast', 'total', 'achieved', 'expected', 'comment'] as const;
export type ObservationLabels = Partial<Record<'area' | 'positive' | 'improvement', string>>;
export type MeasureLabels = Partial<Record<(typeof MEASURE_COLUMNS)[number], string>>;

export interface TemplateChapter {
  id: string;
  /** Printed number ("3.1"), or null for an unnumbered chapter (Bilaga …). */
  number: string | null;
  /** May contain {year}, {prevYear}, {nextYear}, {round}, {roundNumber}, {board}. */
  title: string;
  level: 1 | 2 | 3;
  blocks: TemplateBlock[];
}

export interface ReportTemplate {
  id: string;
  /** A readable name ("Delårsrapport Kommunstyrelsen"); default: the id. */
  name?: string;
  chapters: TemplateChapter[];
  /** Title, decision body, date, § and diary number of the document (`template-document.ts`); a round's own override them. */
  document?: DocumentSpec;
  /** When percentages are printed (core/format `PercentRule`); unset fields keep the default (limit 999 %). */
  percentages?: Partial<PercentRule>;
}

export interface TemplateContext {
  year: number;
  round: string;
  boardName: string;
  /** A year-end round (bokslut): headings and labels say Utfall, Bokslut, Måluppfyllelse — never Prognos. */
  yearEnd?: boolean;
  /** The board's net summary total, for goal rules (tkr, presentation sign). */
  netTotal?: { variance: number | null; budget: number | null };
}

export function fillTitle(title: string, c: TemplateContext): string {
  const roundNumber = /^P(\d+)$/i.exec(c.round)?.[1] ?? c.round;
  return title
    .replace(/\{year\}/g, String(c.year))
    .replace(/\{prevYear\}/g, String(c.year - 1))
    .replace(/\{nextYear\}/g, String(c.year + 1))
    .replace(/\{year \+ 3\}/g, String(c.year + 3))
    .replace(/\{round\}/g, c.round)
    .replace(/\{roundNumber\}/g, roundNumber)
    .replace(/\{board\}/g, c.boardName);
}

/** Every table spec a template uses, in order (the report computes these). */
export function templateTables(t: ReportTemplate): TableSpec[] {
  return t.chapters.flatMap((c) => c.blocks.flatMap((b) => ('table' in b && typeof b.table === 'object' ? [b.table] : [])));
}

/** Paragraphs separated by an empty line; a paragraph whose every line starts with "- " is a list. */
const paragraphs = (text: string): Block[] =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p): Block => {
      const lines = p.split('\n');
      return lines.every((l) => /^\s*[-•]\s+/.test(l))
        ? { type: 'list', items: lines.map((l) => l.replace(/^\s*[-•]\s+/, '')) }
        : { type: 'paragraph', text: p };
    });

/** The decision block of a chapter, its texts filled ({year}, {board} …). */
const decisionBlock = (d: DecisionSpec, c: TemplateContext): Block => ({
  type: 'decision',
  ...(d.proposer ? { proposer: fillTitle(d.proposer, c) } : {}),
  points: d.points.map((p) => fillTitle(p, c)),
  signatures: (d.signatures ?? []).map((s) => ({ ...s })),
});

function slug(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function goalStatusOf(g: Goal, content: FollowUpContent, c: TemplateContext): { status: string; comment: string } {
  const entry = content.goalStatus.get(g.code);
  if (g.rule === 'economy-in-balance' && c.netTotal?.variance != null && c.netTotal.budget != null) {
    const derived = economyInBalanceStatus(BigInt(c.netTotal.variance), BigInt(c.netTotal.budget));
    if (derived) return { status: derived, comment: entry?.comment ?? '' };
  }
  return { status: entry?.status ?? '', comment: entry?.comment ?? '' };
}

/** Goal follow-up per goal area: a grid per strategic goal and the area's assignments. */
function goalSections(chapter: TemplateChapter, content: FollowUpContent, c: TemplateContext): Section[] {
  const areas = [...new Set([...content.goals.map((g) => g.goalArea), ...content.assignments.map((a) => a.goalArea)])];
  const level = Math.min(chapter.level + 1, 3) as 1 | 2 | 3;
  return areas.map((area) => {
    const blocks: Block[] = [];
    const strategic = content.goals.filter((g) => g.goalArea === area && g.kind === 'strategic');
    for (const s of strategic) {
      const children = content.goals.filter((g) => g.parent === s.code);
      const header = children.some((g) => g.kind === 'indicator') && children.every((g) => g.kind === 'indicator') ? 'Kommunövergripande indikatorer' : 'Nämndmål';
      const rows: GridRow[] = [
        { kind: 'heading', cells: { goal: `Strategiskt mål ${s.code}: ${s.text}` } },
        ...children.map((g) => {
          const st = goalStatusOf(g, content, c);
          return { cells: { goal: `${g.code} ${g.text}`, status: st.status, comment: st.comment } };
        }),
      ];
      blocks.push({
        type: 'grid',
        grid: {
          id: `goals-${slug(area)}-${s.code}`,
          title: `Strategiskt mål ${s.code}`,
          columns: [
            { key: 'goal', label: header },
            { key: 'status', label: c.yearEnd ? 'Måluppfyllelse' : 'Prognos måluppfyllelse', kind: 'status' },
            { key: 'comment', label: 'Kommentar' },
          ],
          rows,
        },
      });
    }
    const assignments = content.assignments.filter((a) => a.goalArea === area);
    const givenYears = [...new Set(assignments.map((a) => a.givenYear))].sort((a, b) => b - a);
    for (const y of givenYears) {
      const label = y === c.year ? `Uppdrag ÖSB ${y}` : `Kvarstående uppdrag från ÖSB ${y}`;
      blocks.push({
        type: 'grid',
        grid: {
          id: `assignments-${slug(area)}-${y}`,
          title: label,
          columns: [
            { key: 'assignment', label },
            { key: 'status', label: c.yearEnd ? 'Status uppdrag' : 'Prognos uppdrag', kind: 'status' },
            { key: 'comment', label: 'Kommentar' },
          ],
          rows: assignments
            .filter((a) => a.givenYear === y)
            .map((a) => {
              const st = content.assignmentStatus.get(a.code);
              return { cells: { assignment: a.text, status: st?.status ?? '', comment: st?.comment ?? '' } };
            }),
        },
      });
    }
    return { id: `${chapter.id}-${slug(area)}`, number: null, title: area, level, blocks };
  });
}

const mnkr = (v: string | null): string | number | null => (v === null ? null : Number(v));

function measuresGrid(content: FollowUpContent, yearEnd = false, labels: MeasureLabels = {}): Grid {
  const grid: Grid = {
    id: 'measures',
    title: 'Planerade och vidtagna åtgärder',
    columns: [
      { key: 'nr', label: 'Åtgärd' },
      { key: 'text', label: 'Beskrivning' },
      { key: 'decision', label: 'Beslutsdatum' },
      { key: 'diary', label: 'Diarienummer' },
      { key: 'forecast', label: yearEnd ? 'Effekt under året, mnkr' : 'Prognos effekt under året, mnkr', kind: 'number', decimals: 1 },
      { key: 'total', label: 'Beräknad total effekt, mnkr', kind: 'number', decimals: 1 },
      { key: 'achieved', label: 'Hittills uppnådd effekt, mnkr', kind: 'number', decimals: 1 },
      { key: 'expected', label: 'Förväntad effekt' },
      { key: 'comment', label: 'Kommentar' },
    ],
    rows: content.measures.map((m) => ({
      cells: {
        nr: `Åtgärd ${m.nr}`,
        text: m.text,
        decision: m.decisionDate,
        diary: m.diaryNumber,
        forecast: mnkr(m.forecastEffectMnkr),
        total: mnkr(m.totalEffectMnkr),
        achieved: mnkr(m.achievedMnkr),
        expected: m.expectedEffect,
        comment: m.comment,
      },
    })),
  };
  grid.columns = grid.columns.map((c) => ({ ...c, label: labels[c.key as keyof MeasureLabels] ?? c.label }));
  return grid;
}

function observationsGrid(content: FollowUpContent, labels: ObservationLabels = {}, bullets = true): Grid {
  const areas = [...new Set(content.observations.map((o) => o.goalArea))];
  const cell = (a: string, kind: 'positive' | 'improvement'): string =>
    content.observations
      .filter((o) => o.goalArea === a && o.kind === kind)
      .map((o) => (bullets ? `• ${o.text}` : o.text))
      .join('\n');
  return {
    id: 'observations',
    title: 'Sammanfattande iakttagelser',
    columns: [
      { key: 'area', label: labels.area ?? 'Målområde' },
      { key: 'positive', label: labels.positive ?? 'Positiva iakttagelser' },
      { key: 'improvement', label: labels.improvement ?? 'Förbättringsområden' },
    ],
    rows: areas.map((a) => ({ cells: { area: a, positive: cell(a, 'positive'), improvement: cell(a, 'improvement') } })),
  };
}

const tkr = (ore: bigint): number => {
  const q = ore / 100_000n;
  const r = ore % 100_000n;
  const abs = r < 0n ? -r : r;
  return Number(abs * 2n >= 100_000n ? q + (ore < 0n ? -1n : 1n) : q);
};

function rollForwardGrid(content: FollowUpContent, unitName: (code: string) => string): Grid {
  const rows: GridRow[] = content.rollForward.map((r) => ({
    cells: {
      unit: unitName(r.unit),
      opening: tkr(r.openingOre),
      used: tkr(r.usedOre),
      result: tkr(r.resultOre),
      closing: tkr(r.openingOre + r.usedOre + r.resultOre),
    },
  }));
  const sum = (f: (r: (typeof content.rollForward)[number]) => bigint): bigint => content.rollForward.reduce((a, r) => a + f(r), 0n);
  rows.push({
    kind: 'subtotal',
    cells: {
      unit: 'Summa',
      opening: tkr(sum((r) => r.openingOre)),
      used: tkr(sum((r) => r.usedOre)),
      result: tkr(sum((r) => r.resultOre)),
      closing: tkr(sum((r) => r.openingOre + r.usedOre + r.resultOre)),
    },
  });
  return {
    id: 'rollforward',
    title: 'Intraprenadernas ackumulerade resultat (tkr)',
    columns: [
      { key: 'unit', label: 'Intraprenad' },
      { key: 'opening', label: 'Ingående ackumulerat resultat', kind: 'number' },
      { key: 'used', label: 'Ianspråktagande', kind: 'number' },
      { key: 'result', label: 'Årets resultat', kind: 'number' },
      { key: 'closing', label: 'Utgående ackumulerat resultat', kind: 'number' },
    ],
    rows,
  };
}

export interface BuildInput {
  template: ReportTemplate;
  tables: Table[];
  content: FollowUpContent;
  context: TemplateContext;
  unitName: (code: string) => string;
  /** Per reconciled table id: the intrapreneurship units' part of its variance (tkr), computed by the report. */
  reconciliations?: Map<string, number | null>;
  /** How many appendices the report has (a chapter that lists them is empty without). */
  appendices?: number;
  /**
   * A round's preview: a chapter whose content is missing stays, with a visible placeholder
   * ("Innehåll saknas: …") instead of being left out; a missing required text gets one in place.
   */
  placeholders?: boolean;
}

/** What a block needs, as a reader of the placeholder knows it. */
function missingLabel(b: TemplateBlock): string {
  if ('narrative' in b) return b.required ? 'obligatorisk text' : 'text';
  if ('chart' in b) return b.chart === 'grid' ? `diagram över tabellen ${b.grid}` : `diagram över tabellen ${b.table}`;
  if ('grid' in b) return `tabellen ${b.grid}`;
  if ('measures' in b) return 'åtgärder';
  if ('goals' in b) return 'mål och uppdrag';
  if ('observations' in b) return 'iakttagelser';
  if ('indicators' in b) return 'indikatorer';
  if ('rollforward' in b) return 'intraprenadernas resultat';
  if ('appendices' in b) return 'bilagor';
  if ('reconciliation' in b) return 'avstämning mot intraprenadernas resultat';
  return 'innehåll';
}

export const placeholderText = (missing: readonly string[]): string =>
  `Innehåll saknas: ${missing.length ? [...new Set(missing)].join(', ') : 'kapitlet har inget innehåll'} — fyll i det eller ta bort kapitlet ur mallen.`;

/** A template chapter left out of the report because nothing filled it (check reports it). */
export interface OmittedChapter {
  id: string;
  number: string | null;
  title: string;
  /** Shown with a placeholder ("Innehåll saknas: …") instead of left out: a round's preview. */
  placeholder?: true;
}

/**
 * Fills the template's chapters. Missing required narrative → an explicit placeholder the check
 * reports. An optional chapter nothing fills is left out and, when `omitted` is given, listed there.
 */
export function buildSections(input: BuildInput, omitted?: OmittedChapter[]): Section[] {
  const { template, tables, content, context } = input;
  const sections: Array<Section & { keep: boolean; chapter?: true; missing?: string[] }> = [];
  for (const ch of template.chapters) {
    const blocks: Block[] = [];
    const extra: Section[] = [];
    let requiredMissing = false;
    const missing: string[] = [];
    const notes = new SectionNotes();
    for (const b of ch.blocks) {
      const before = blocks.length + extra.length;
      if ('narrative' in b) {
        const n = content.narratives.get(b.narrative);
        if (n) {
          if (n.title) blocks.push({ type: 'subheading', text: n.title });
          blocks.push(...paragraphs(notes.mark(notes.take(n.text))));
        } else if (b.required) {
          requiredMissing = true;
          if (input.placeholders) blocks.push({ type: 'placeholder', text: placeholderText([missingLabel(b)]) });
        }
      } else if ('table' in b && typeof b.table === 'object') {
        const spec = b.table;
        const t = tables.find((x) => x.id === spec.id);
        if (!t) throw new PrognosError('INTERNAL', `table ${spec.id} was not computed`);
        blocks.push({ type: 'table', tableId: t.id });
        const comment = content.narratives.get(`comment:${t.id}`);
        if (comment) blocks.push(...paragraphs(comment.text));
        // A unit with a notable variance may have its own comment (`comment:unit:<code>`).
        if (t.kind === 'units' || t.kind === 'investments') {
          for (const r of t.rows) {
            const unitComment = !r.kind ? content.narratives.get(`comment:unit:${r.code}`) : undefined;
            if (!unitComment) continue;
            blocks.push({ type: 'subheading', text: unitComment.title || `${r.code} ${r.name}` });
            blocks.push(...paragraphs(unitComment.text));
          }
        }
      } else if ('chart' in b && b.chart === 'grid') {
        const g = content.grids.get(b.grid);
        const chart = g ? gridChart(b, g) : null;
        if (chart) blocks.push({ type: 'chart', chart });
      } else if ('chart' in b) {
        const t = tables.find((x) => x.id === b.table);
        if (t) blocks.push({ type: 'chart', chart: b.chart === 'cost-development' ? costChart(t, context.year) : varianceChart(t) });
      } else if ('grid' in b) {
        const g = content.grids.get(b.grid);
        if (g) blocks.push({ type: 'grid', grid: g });
      } else if ('measures' in b) {
        if (content.measures.length) blocks.push({ type: 'grid', grid: measuresGrid(content, context.yearEnd, b.labels) });
      } else if ('goals' in b) {
        extra.push(...goalSections(ch, content, context));
      } else if ('observations' in b) {
        if (content.observations.length) blocks.push({ type: 'grid', grid: observationsGrid(content, b.labels, b.bullets) });
      } else if ('indicators' in b) {
        if (content.indicators.length) {
          blocks.push({ type: 'grid', grid: indicatorsGrid(content, context.year) });
          for (const c of indicatorCharts(content)) blocks.push({ type: 'chart', chart: c });
        }
      } else if ('rollforward' in b) {
        if (content.rollForward.length) blocks.push({ type: 'grid', grid: rollForwardGrid(content, input.unitName) });
      } else if ('reconciliation' in b) {
        const t = tables.find((x) => x.id === b.of);
        if (t && content.rollForward.length) {
          blocks.push({ type: 'grid', grid: reconciliationGrid(b, t, input.reconciliations?.get(t.id) ?? null, content, (l) => fillTitle(l, context)) });
        }
      } else if ('decision' in b) {
        blocks.push(decisionBlock(b.decision, context));
      } else if ('appendices' in b) {
        if (input.appendices) blocks.push({ type: 'appendices' });
      }
      if (blocks.length + extra.length === before) missing.push(missingLabel(b));
    }
    // An empty chapter stays only when it is required (the check then reports it) or has subsections.
    const footnotes = notes.list();
    sections.push({ id: ch.id, number: ch.number, title: fillTitle(ch.title, context), level: ch.level, blocks, ...(footnotes.length ? { footnotes } : {}), keep: blocks.length > 0 || requiredMissing || extra.length > 0, chapter: true, ...(ch.blocks.length ? { missing } : {}) });
    sections.push(...extra.map((e) => ({ ...e, keep: e.blocks.length > 0 })));
  }
  keepHeadings(sections);
  // A round's preview shows an empty chapter with what it misses, never leaves it out (the check lists it).
  if (input.placeholders) {
    for (const s of sections) {
      if (s.keep || !s.chapter || !s.missing) continue;
      s.blocks.push({ type: 'placeholder', text: placeholderText(s.missing) });
      s.keep = true;
      omitted?.push({ id: s.id, number: s.number, title: s.title, placeholder: true });
    }
    keepHeadings(sections);
  }
  for (const s of sections) if (!s.keep && s.chapter) omitted?.push({ id: s.id, number: s.number, title: s.title });
  return sections.filter((s) => s.keep).map(({ keep: _keep, chapter: _chapter, missing: _missing, ...s }) => s);
}

/** A heading chapter stays when a section below it stays. */
function keepHeadings(sections: Array<Section & { keep: boolean }>): void {
  for (let i = sections.length - 1; i >= 0; i--) {
    const s = sections[i]!;
    if (s.keep) continue;
    for (let j = i + 1; j < sections.length && sections[j]!.level > s.level; j++) {
      if (sections[j]!.keep) {
        s.keep = true;
        break;
      }
    }
  }
}

/**
 * The built-in chapter structure of a Delårsrapport med prognos (cut-off before December) or an
 * Årsberättelse (December), with the standard tables of a scope. A board's own template (JSON)
 * can replace it.
 */
export function standardTemplate(scope: string, annual: boolean, level?: string, groupLevel?: string): ReportTemplate {
  const g = groupLevel ? { groupLevel } : {};
  const l = level ? { level } : {};
  return {
    id: annual ? 'arsberattelse' : 'delarsrapport',
    name: annual ? 'Årsberättelse' : 'Delårsrapport med prognos',
    chapters: [
      { id: 'forslag-till-beslut', number: '1', title: 'Förslag till beslut', level: 1, blocks: [{ narrative: 'proposal', required: true }] },
      { id: 'bedomning-och-analys', number: '2', title: 'Bedömning och analys', level: 1, blocks: [{ narrative: 'assessment' }] },
      { id: 'analys', number: '2.1', title: annual ? 'Analys av verksamhetens resultat' : 'Analys av verksamhetens prognos', level: 2, blocks: [{ narrative: 'analysis', required: true }] },
      { id: 'handelser', number: '2.2', title: 'Händelser av väsentlig betydelse', level: 2, blocks: [{ narrative: 'events' }] },
      { id: 'forvantad-utveckling', number: '2.3', title: 'Förväntad utveckling {nextYear}–{year + 3}', level: 2, blocks: [{ narrative: 'outlook' }] },
      {
        id: 'resultat',
        number: '3',
        title: annual ? 'Ekonomiskt resultat {year}' : 'Delårsresultat och prognos {roundNumber} för år {year}',
        level: 1,
        blocks: [{ table: { id: 'net-summary', kind: 'net-summary', scope } }, { narrative: 'result-and-forecast' }],
      },
      {
        id: 'enheter',
        number: '3.1',
        title: annual ? 'Enheternas resultat' : 'Enheternas delårsresultat och prognos',
        level: 2,
        blocks: [{ table: { id: 'units', kind: 'units', scope, ...l, ...g } }, { chart: 'variance-by-row', table: 'units' }],
      },
      {
        id: 'kontogrupper',
        number: '3.2',
        title: 'Intäkts- och kostnadsutveckling',
        level: 2,
        blocks: [{ table: { id: 'account-groups', kind: 'account-groups', scope, ...g } }, { chart: 'cost-development', table: 'account-groups' }],
      },
      { id: 'verksamheter', number: '3.3', title: 'Resultat per verksamhet (SCB:s RS-kod)', level: 2, blocks: [{ table: { id: 'activities', kind: 'activities', scope, ...g } }] },
      { id: 'investeringar', number: '3.4', title: 'Investeringar', level: 2, blocks: [{ table: { id: 'investments', kind: 'investments', scope, ...l, ...g } }] },
      { id: 'rollforward', number: '3.5', title: 'Intraprenader', level: 2, blocks: [{ rollforward: true }] },
      { id: 'mal', number: '4', title: 'Uppföljning av mål och uppdrag', level: 1, blocks: [{ narrative: 'goals-intro' }, { observations: true }, { indicators: true }, { goals: true }] },
      { id: 'atgarder', number: '5', title: 'Planerade och vidtagna åtgärder', level: 1, blocks: [{ measures: true }] },
    ],
  };
}
