/**
 * The narrative checks: amounts written in the text against the figures of the model (check 4)
 * and large variances that the text must comment (check 5). See index.ts for the rules.
 */
import type { Grid, ReportModel, Section } from '../report/index.ts';
import { amountUnit, gridRowRef, numberColumns } from './grids.ts';
import { entityOf, rowsWithTotal, type Occurrence } from './tables.ts';
import { isItem, isPercentKey, mentions, mentionsCode, normalise, rowLabel, rowRef, shorten, sv, type Finding } from './util.ts';

const EPS = 1e-9;

// ---------------------------------------------------------------------------------------------
// Text

export interface Sentence {
  sectionId: string;
  text: string;
  norm: string;
}

/** Paragraph and list texts of a section (its own blocks only). */
export function sectionTexts(section: Section): string[] {
  const out: string[] = [];
  for (const b of section.blocks) {
    if (b.type === 'paragraph' || b.type === 'subheading') out.push(b.text);
    else if (b.type === 'list') out.push(...b.items);
  }
  return out;
}

/** Sentences: split after . ! ? followed by a space and an upper-case letter, digit, dash or quote. */
export function sentences(model: ReportModel): Sentence[] {
  const out: Sentence[] = [];
  for (const s of model.sections) {
    for (const text of sectionTexts(s)) {
      for (const part of text.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}"”'–−-])/u)) {
        const t = part.trim();
        if (t) out.push({ sectionId: s.id, text: t, norm: normalise(t) });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Amounts in the text

export type TextUnit = 'mnkr' | 'mdkr' | 'tkr' | 'kr';

export interface NarrativeAmount {
  sentence: Sentence;
  /** As written, e.g. "-12,4 mnkr". */
  raw: string;
  index: number;
  /** Magnitude in tkr. */
  tkr: number;
  /** Half of the written precision, in tkr (0,05 mnkr = 50 tkr for one decimal). */
  half: number;
  /** One unit of the last written digit, in tkr (for truncation). */
  step: number;
  negative: boolean;
  unit: TextUnit;
  decimals: number;
  /** Preceded by ca, cirka, drygt, knappt …: an approximation. */
  approx: boolean;
}

const AMOUNT_RE =
  /(?<![\p{L}\p{N},.])(?:(minus\s+)|([-−–+])\s?)?(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,(\d+))?\s?(mnkr|mkr|miljoner kronor|miljoner kr|mdkr|miljarder kronor|tkr|tusen kronor|kronor|kr)(?![\p{L}\p{N}])/giu;
const APPROX_RE = /(?:\bca\.?|\bcirka|\bdrygt|\bknappt|\bomkring|\brunt|\bnästan|\bnärmare|\buppemot|\bungefär|\böver|\bunder|\bsäg)\s*$/iu;

function unitOf(word: string): { unit: TextUnit; factor: number } {
  const w = word.toLowerCase();
  if (w === 'mnkr' || w === 'mkr' || w.startsWith('miljoner')) return { unit: 'mnkr', factor: 1000 };
  if (w === 'mdkr' || w.startsWith('miljarder')) return { unit: 'mdkr', factor: 1_000_000 };
  if (w === 'tkr' || w.startsWith('tusen')) return { unit: 'tkr', factor: 1 };
  return { unit: 'kr', factor: 0.001 };
}

export function parseAmounts(sentence: Sentence): NarrativeAmount[] {
  const out: NarrativeAmount[] = [];
  for (const m of sentence.text.matchAll(AMOUNT_RE)) {
    const digits = m[3]!.replace(/[ \u00a0\u202f]/g, '');
    const frac = m[4] ?? '';
    const { unit, factor } = unitOf(m[5]!);
    const decimals = frac.length;
    const magnitude = Number(`${digits}.${frac || '0'}`) * factor;
    const step = 10 ** -decimals * factor;
    const before = sentence.text.slice(Math.max(0, m.index! - 16), m.index!);
    out.push({
      sentence,
      raw: m[0].trim(),
      index: m.index!,
      tkr: magnitude,
      half: step / 2,
      step,
      negative: m[1] !== undefined || (m[2] !== undefined && m[2] !== '+'),
      unit,
      decimals,
      approx: APPROX_RE.test(before),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Figures of the model

export type FigureFamily = 'variance' | 'change' | 'other';

export interface Figure {
  /** Signed value in tkr. */
  value: number;
  /** Uncertainty of the printed figure in tkr (0,5 for a rounded cell, 1 for a difference of two cells). */
  u: number;
  tableId: string;
  row: string;
  column: string;
  /** Identity (check 3), for cells of financial tables. */
  entity?: string;
  /** Normalised names a sentence may use for the figure's row (row name; for a total: table title, total label, section titles). */
  names: string[];
  codes: string[];
  /** `variance`: a variance column ("avvikelse", "underskott", "överskott" speak of these); `change`: a difference between years ("försämring", "ökning" …); `other`. */
  family: FigureFamily;
  /** A figure of the report's own scope: what a sentence naming no unit speaks of. */
  headline: boolean;
  label: string;
}

const VARIANCE_KEYS = new Set(['variance', 'variance_to_date', 'variance_prev', 'variance_to_date_prev', 'budget_change']);

/** Differences between comparable columns of one row that the text quotes as "försämring med …". */
const DERIVED_PAIRS: Array<[string, string, string]> = [
  ['variance', 'variance_prev', 'avvikelse jämfört med föregående års avvikelse'],
  ['variance_to_date', 'variance_to_date_prev', 'periodens avvikelse jämfört med föregående års'],
  ['actual', 'actual_prev', 'utfall jämfört med föregående års utfall'],
  ['actual', 'closing_prev', 'utfall jämfört med föregående års bokslut'],
  ['forecast', 'closing_prev', 'prognos jämfört med föregående års bokslut'],
];

function sectionTitlesByTable(model: ReportModel): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const s of model.sections) {
    for (const b of s.blocks) {
      if (b.type !== 'table') continue;
      const list = map.get(b.tableId) ?? [];
      list.push(s.title);
      map.set(b.tableId, list);
    }
  }
  return map;
}

function usefulName(n: string): boolean {
  return n.length >= 4 && n !== 'summa' && !/^summa \S+$/.test(n);
}

export function collectFigures(model: ReportModel, aliases: Readonly<Record<string, string>>): Figure[] {
  const figures: Figure[] = [];
  const titles = sectionTitlesByTable(model);
  for (const table of model.tables) {
    // A section title names the tables under it only when it is specific (two words or more).
    const sectionNames = (titles.get(table.id) ?? []).map(normalise).filter((n) => n.includes(' '));
    const tableNames = [...[table.title, table.total.label].map(normalise), ...sectionNames].filter(usefulName);
    const headlineTable = table.scope === model.report.scope.code || table.kind === 'net-summary';
    for (const { row, ref, values } of rowsWithTotal(table)) {
      if (row !== 'total' && (row as { kind?: string }).kind === 'memo') continue;
      const isTotal = row === 'total';
      // Account groups (Intäkter, Personalkostnader …) are categories every unit has, not names of one.
      const names = isTotal ? tableNames : table.kind === 'account-groups' ? [] : [normalise(row.name)].filter(usefulName);
      const codes = isTotal ? [table.scope] : row.code ? [row.code] : [];
      const entity = entityOf(table, row, aliases);
      const headline = isTotal && headlineTable;
      const label = `tabell ${table.id}, ${rowLabel(table, ref)}`;
      for (const col of table.columns) {
        if (isPercentKey(col.key)) continue;
        const v = values[col.key];
        if (v === null || v === undefined) continue;
        figures.push({ value: v, u: 0.5, tableId: table.id, row: ref, column: col.key, entity, names, codes, family: VARIANCE_KEYS.has(col.key) ? 'variance' : 'other', headline, label });
      }
      for (const [a, b, text] of DERIVED_PAIRS) {
        const va = values[a];
        const vb = values[b];
        if (va === null || va === undefined || vb === null || vb === undefined) continue;
        figures.push({ value: va - vb, u: 1, tableId: table.id, row: ref, column: `${a}−${b}`, names, codes, family: 'change', headline, label: `${label} (${text})` });
      }
    }
  }
  for (const grid of grids(model)) {
    for (const row of grid.rows) {
      if (row.kind === 'heading') continue;
      const ref = gridRowRef(grid, row);
      for (const col of numberColumns(grid)) {
        const unit = amountUnit(col);
        const v = row.cells[col.key];
        if (!unit || typeof v !== 'number') continue;
        const factor = unit === 'mnkr' ? 1000 : 1;
        figures.push({
          value: v * factor,
          u: 0.5 * 10 ** -(col.decimals ?? 0) * factor,
          tableId: grid.id,
          row: ref,
          column: col.key,
          names: [normalise(ref), normalise(grid.title)].filter(usefulName),
          codes: [],
          family: /avvik|resultat/i.test(`${ref} ${col.label}`) ? 'variance' : 'other',
          headline: false,
          label: `tabell ${grid.id}, raden "${ref}"`,
        });
      }
    }
  }
  return figures;
}

export function grids(model: ReportModel): Grid[] {
  const out: Grid[] = [];
  for (const s of model.sections) for (const b of s.blocks) if (b.type === 'grid') out.push(b.grid);
  return out;
}

export function roundMatch(a: NarrativeAmount, f: Figure): boolean {
  return Math.abs(a.tkr - Math.abs(f.value)) <= a.half + f.u + EPS;
}

/** Written by cutting off the digits instead of rounding (1 652 tkr → "1,6 mnkr"). */
export function truncMatch(a: NarrativeAmount, f: Figure): boolean {
  if (a.unit !== 'mnkr' && a.unit !== 'mdkr') return false;
  // The printed figure itself, cut after the written digits (no rounding slack: 10 000 is not "9,9").
  const v = Math.abs(f.value);
  return v >= a.tkr - EPS && v < a.tkr + a.step - EPS;
}

export function nearMiss(a: NarrativeAmount, f: Figure, ratio: number): boolean {
  const v = Math.abs(f.value);
  if (v <= a.half) return false;
  const d = Math.abs(a.tkr - v);
  return d > a.half + f.u + EPS && d <= ratio * v + EPS;
}

/** Words that say what an amount is: a variance, or a change between years or forecasts. */
const VARIANCE_WORDS = /(?:budget)?avvikelse\p{L}*|underskott\p{L}*|överskott\p{L}*/giu;
const CHANGE_WORDS = /försämr\p{L}*|förbättr\p{L}*|ökning\p{L}*|minskning\p{L}*|ökat|minskat|ökar|minskar/giu;

/**
 * What the amount is said to be: the word nearest before it, after the previous amount of the
 * sentence ("underskott med 20,5 mnkr", "en försämring mot 2021 med 26,9 mnkr"). `null` when
 * there is none: then no near miss is reported.
 */
export function categoryOf(a: NarrativeAmount, from = 0): 'variance' | 'change' | null {
  const t = a.sentence.text.slice(from, a.index);
  let best: { at: number; cat: 'variance' | 'change' } | null = null;
  for (const m of t.matchAll(VARIANCE_WORDS)) if (!best || m.index! > best.at) best = { at: m.index!, cat: 'variance' };
  for (const m of t.matchAll(CHANGE_WORDS)) if (!best || m.index! > best.at) best = { at: m.index!, cat: 'change' };
  return best?.cat ?? null;
}

function excerpt(a: NarrativeAmount): string {
  const t = a.sentence.text;
  if (t.length <= 200) return t;
  const start = Math.max(0, a.index - 90);
  return shorten(`${start > 0 ? '…' : ''}${t.slice(start, start + 200)}`, 202);
}

function amountText(a: NarrativeAmount): string {
  return `"${a.raw}"`;
}

function figureText(f: Figure): string {
  return `${sv(f.value)} tkr (${f.label}, ${f.column})`;
}

/**
 * The text that names what an amount is about: the sentence before it, and after it the rest of
 * its clause (up to a comma, semicolon, colon, "varav", "medan", "men" or the next amount):
 * "Positiv avvikelse om 8,3 mnkr inom Arbetsmiljötjänster" but not "4,4 mnkr, varav … kanslierna".
 */
export function namingText(a: NarrativeAmount, next: NarrativeAmount | undefined): string {
  const t = a.sentence.text;
  const end = a.index + a.raw.length;
  let after = t.slice(end, next ? next.index : t.length);
  const cut = after.search(/[,;:]|\s(?:varav|medan|men)\s/u);
  if (cut >= 0) after = after.slice(0, cut);
  return `${t.slice(0, a.index)} ${after}`;
}

function namedFigures(text: string, figures: readonly Figure[], nameIndex: Map<string, Figure[]>, codeIndex: Map<string, Figure[]>): Figure[] {
  const norm = normalise(text);
  const out = new Set<Figure>();
  for (const [name, fs] of nameIndex) if (mentions(norm, name)) for (const f of fs) out.add(f);
  for (const [code, fs] of codeIndex) if (mentionsCode(text, code)) for (const f of fs) out.add(f);
  return figures.filter((f) => out.has(f));
}

export interface NarrativeResult {
  findings: Finding[];
  amounts: NarrativeAmount[];
}

/** Check 4: every amount in the text against the figures. */
export function checkNarrative(model: ReportModel, figures: readonly Figure[], occurrences: readonly Occurrence[], ratio: number): NarrativeResult {
  const findings: Finding[] = [];
  const nameIndex = new Map<string, Figure[]>();
  const codeIndex = new Map<string, Figure[]>();
  for (const f of figures) {
    for (const n of f.names) nameIndex.set(n, [...(nameIndex.get(n) ?? []), f]);
    for (const c of f.codes) codeIndex.set(c, [...(codeIndex.get(c) ?? []), f]);
  }
  const headline = figures.filter((f) => f.headline);
  const amounts: NarrativeAmount[] = [];
  const matched = new Map<NarrativeAmount, Figure[]>();
  const categories = new Map<NarrativeAmount, 'variance' | 'change' | null>();

  // An amount inside a phrase the report computed (a comparison between rounds) is its own fact.
  const computed = (model.report.computedTexts ?? []).map((p) => p.replace(/\s+/g, ' ').trim());
  const isComputed = (text: string, a: NarrativeAmount): boolean =>
    computed.some((p) => {
      for (let i = text.indexOf(p); i >= 0; i = text.indexOf(p, i + 1)) if (a.index >= i && a.index < i + p.length) return true;
      return false;
    });
  for (const s of sentences(model)) {
    const found = parseAmounts(s).filter((a) => !isComputed(s.text, a));
    if (found.length === 0) continue;
    found.forEach((a, i) => {
      amounts.push(a);
      const named = namedFigures(namingText(a, found[i + 1]), figures, nameIndex, codeIndex);
      const where = { sectionId: s.sectionId, excerpt: excerpt(a) };
      const prev = found[i - 1];
      const category = categoryOf(a, prev ? prev.index + prev.raw.length : 0);
      categories.set(a, category);
      const restrict = (fs: readonly Figure[]): Figure[] => (category ? fs.filter((f) => f.family === category) : []);
      if (named.length > 0) {
        const hits = named.filter((f) => roundMatch(a, f));
        if (hits.length > 0) {
          matched.set(a, hits);
          return;
        }
        const cut = named.find((f) => truncMatch(a, f));
        if (cut) {
          findings.push(truncated(a, cut, where));
          return;
        }
        const near = restrict(named).filter((f) => nearMiss(a, f, ratio));
        if (near.length > 0) {
          if (a.approx) return;
          findings.push(nearFinding(a, closest(a, near), where));
          return;
        }
      }
      const hits = figures.filter((f) => roundMatch(a, f));
      if (hits.length > 0) {
        matched.set(a, hits);
        return;
      }
      // A truncated figure anywhere in the model is only taken for one of the kind the words name.
      const cut = figures.find((f) => (category === null || f.family === category) && truncMatch(a, f));
      if (cut) {
        findings.push(truncated(a, cut, where));
        return;
      }
      if (named.length === 0) {
        const near = restrict(headline).filter((f) => nearMiss(a, f, ratio));
        if (near.length > 0) {
          if (!a.approx) findings.push(nearFinding(a, closest(a, near), where));
          return;
        }
      }
      findings.push({
        code: 'narrative-unmatched',
        severity: 'warning',
        message: `Beloppet ${amountText(a)} i texten motsvarar ingen siffra i rapportens tabeller.`,
        location: where,
      });
    });
  }
  findings.push(...conflicts(matched, categories, occurrences));
  return { findings, amounts };
}

function closest(a: NarrativeAmount, fs: readonly Figure[]): Figure {
  return fs.reduce((best, f) => (Math.abs(a.tkr - Math.abs(f.value)) < Math.abs(a.tkr - Math.abs(best.value)) ? f : best), fs[0]!);
}

function rounded(a: NarrativeAmount, f: Figure): string {
  const factor = a.unit === 'mnkr' ? 1000 : a.unit === 'mdkr' ? 1_000_000 : a.unit === 'kr' ? 0.001 : 1;
  const v = Math.abs(f.value) / factor;
  const r = Math.round(v * 10 ** a.decimals) / 10 ** a.decimals;
  return `${sv(r, a.decimals)} ${a.unit}`;
}

function nearFinding(a: NarrativeAmount, f: Figure, where: Finding['location']): Finding {
  return {
    code: 'narrative-near-miss',
    severity: 'error',
    message: `Närliggande belopp: texten skriver ${amountText(a)} men ${figureText(f)} avrundas till ${rounded(a, f)}.`,
    location: { ...where, tableId: f.tableId, row: f.row, column: f.column },
  };
}

function truncated(a: NarrativeAmount, f: Figure, where: Finding['location']): Finding {
  return {
    code: 'narrative-truncated',
    severity: 'warning',
    message: `Beloppet ${amountText(a)} är avkortat, inte avrundat: ${figureText(f)} avrundas till ${rounded(a, f)}.`,
    location: { ...where, tableId: f.tableId, row: f.row, column: f.column },
  };
}

/**
 * Two amounts in the text that quote different printed values of one figure (the tables
 * disagree, check 3, and the text follows both): the reader sees two numbers for one thing.
 */
function conflicts(matched: Map<NarrativeAmount, Figure[]>, categories: Map<NarrativeAmount, 'variance' | 'change' | null>, occurrences: readonly Occurrence[]): Finding[] {
  const values = new Map<string, Set<number>>();
  for (const o of occurrences) {
    const k = `${o.entity}\u0000${o.column}`;
    const set = values.get(k) ?? new Set<number>();
    set.add(o.value);
    values.set(k, set);
  }
  const findings: Finding[] = [];
  for (const [k, set] of values) {
    if (set.size < 2) continue;
    const [entity = '', column = ''] = k.split('\u0000');
    const quoted: Array<{ a: NarrativeAmount; vals: Set<number> }> = [];
    // An amount speaks of a variance when its words say so (categoryOf); other columns need amounts that say neither.
    const wanted = VARIANCE_KEYS.has(column) ? 'variance' : null;
    for (const [a, fs] of matched) {
      if ((categories.get(a) ?? null) !== wanted) continue;
      const vals = new Set(fs.filter((f) => f.entity === entity && f.column === column).map((f) => f.value));
      if (vals.size > 0) quoted.push({ a, vals });
    }
    outer: for (let i = 0; i < quoted.length; i++) {
      for (let j = i + 1; j < quoted.length; j++) {
        const x = quoted[i]!;
        const y = quoted[j]!;
        // Only amounts written with the same precision can contradict each other ("5 mnkr" does not contradict "5,6 mnkr").
        if (x.a.decimals !== y.a.decimals || x.a.unit !== y.a.unit || Math.abs(x.a.tkr - y.a.tkr) < EPS) continue;
        if ([...x.vals].some((v) => y.vals.has(v))) continue;
        findings.push({
          code: 'narrative-conflict',
          severity: 'error',
          message:
            `Texten anger samma uppgift med olika belopp: ${amountText(x.a)} (avsnitt ${x.a.sentence.sectionId}) och ${amountText(y.a)} ` +
            `(avsnitt ${y.a.sentence.sectionId}); tabellerna redovisar ${[...set].map((v) => sv(v)).join(' respektive ')} tkr för ${entity.replace(/^[a-z-]+:/, '')} (${column}).`,
          location: { sectionId: y.a.sentence.sectionId, excerpt: excerpt(y.a) },
        });
        break outer;
      }
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Check 5: large variances commented

export interface VarianceThreshold {
  /** Absolute threshold in tkr (default 1 000). */
  amount?: number;
  /** Optional relative threshold in percent of the row's budget (with a floor of a tenth of `amount`). */
  percent?: number;
}

export function checkVarianceComments(model: ReportModel, amounts: readonly NarrativeAmount[], threshold: VarianceThreshold): Finding[] {
  const limit = threshold.amount ?? 1000;
  const texts = model.sections.flatMap(sectionTexts);
  const raw = texts.join('\n');
  const norm = normalise(raw);
  const findings: Finding[] = [];
  for (const table of model.tables) {
    if (table.kind !== 'units' && table.kind !== 'net-summary') continue;
    const key = table.columns.some((c) => c.key === 'variance') ? 'variance' : table.columns.some((c) => c.key === 'variance_to_date') ? 'variance_to_date' : null;
    if (!key) continue;
    for (const row of table.rows) {
      if (!isItem(row) && row.kind !== 'subtotal') continue;
      const v = row.values[key];
      if (v === null || v === undefined) continue;
      const budget = row.values.budget ?? null;
      const large =
        Math.abs(v) >= limit ||
        (threshold.percent !== undefined && budget !== null && budget !== 0 && Math.abs(v) >= (threshold.percent / 100) * Math.abs(budget) && Math.abs(v) >= limit / 10);
      if (!large) continue;
      const name = normalise(row.name);
      const fig: Figure = { value: v, u: 0.5, tableId: table.id, row: rowRef(row, table), column: key, names: [], codes: [], family: 'variance', headline: false, label: '' };
      const mentioned =
        (usefulName(name) && mentions(norm, name)) ||
        (row.code !== '' && mentionsCode(raw, row.code)) ||
        amounts.some((a) => a.unit !== 'kr' && (roundMatch(a, fig) || truncMatch(a, fig)));
      if (mentioned) continue;
      const mnkr = Math.sign(v) * Math.round(Math.abs(v) / 100) / 10;
      findings.push({
        code: 'variance-uncommented',
        severity: 'warning',
        message:
          `Avvikelsen för ${rowLabel(table, rowRef(row, table))} är ${sv(v)} tkr men kommenteras inte i texten ` +
          `(varken namnet, koden eller beloppet ${sv(mnkr, 1)} mnkr förekommer).`,
        location: { tableId: table.id, row: rowRef(row, table), column: key },
      });
    }
  }
  return findings;
}

