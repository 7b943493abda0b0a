/**
 * What an import did (or, in a dry run, would do): the machine summary (`--json`) and the one
 * or two Swedish lines a person reads.
 *
 * Counted row by row within what the file covers — the slices (scenario, year, period, unit) of
 * an amounts file, the years of a SIE file, the boards, years and rounds of a content file, the
 * codes of an org, accounts or activities file:
 * - `stored`: rows the file puts there;
 * - `added`: of those, rows under a key that was not stored before;
 * - `replaced`: stored rows under a key the file also has — overwritten by the file's row;
 * - `removed`: stored rows the file covers under a key it does not have — deleted.
 * A key is what identifies a row: (account, activity, project) within an amount slice, a code …
 */
import { svCollator } from '../core/domain/index.ts';
import { formatInteger } from '../core/format/index.ts';
import type { AmountSliceChange } from './amounts.ts';

export interface ImportChanges {
  stored: number;
  added: number;
  replaced: number;
  removed: number;
}

export interface ImportSummary {
  kind: string;
  file: string;
  organisation: string;
  /** Records read from the file (units, accounts, activities, amount rows, goals …). */
  records: number;
  /** Stored rows this import overwrote or deleted (`changes.replaced + changes.removed`); 0 for a first import. */
  replaced: number;
  counts: Record<string, number>;
  encoding?: string;
  warnings: string[];
  /** Row by row: amount rows for amounts and sie, the file's records for the other kinds. */
  changes: ImportChanges;
  /** amounts and sie: the changes per slice (amounts: per scenario, year, period and unit). */
  slices?: AmountSliceChange[];
  /** True when nothing was stored (`--dry-run`): the counts are what the import would do. */
  dryRun?: boolean;
}

export const NO_CHANGES: ImportChanges = { stored: 0, added: 0, replaced: 0, removed: 0 };

/** Changes of keyed records: `oldKeys` stored in what the file covers, `newKeys` the file's. */
export function keyedChanges(oldKeys: Iterable<string>, newKeys: readonly string[], removeMissing: boolean): ImportChanges {
  const old = new Set(oldKeys);
  const fresh = new Set(newKeys);
  let replaced = 0;
  for (const k of old) if (fresh.has(k)) replaced++;
  const added = newKeys.filter((k) => !old.has(k)).length;
  return { stored: newKeys.length, added, replaced, removed: removeMissing ? old.size - replaced : 0 };
}

export function sumChanges(parts: Iterable<ImportChanges>): ImportChanges {
  const total = { ...NO_CHANGES };
  for (const p of parts) {
    total.stored += p.stored;
    total.added += p.added;
    total.replaced += p.replaced;
    total.removed += p.removed;
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// The Swedish lines

export const MONTHS_SV = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'] as const;

const KIND_LABELS: Record<string, string> = {
  org: 'Organisation',
  accounts: 'Kontoplan',
  activities: 'Verksamheter',
  goals: 'Mål',
  'goal-status': 'Målstatus',
  assignments: 'Uppdrag',
  'assignment-status': 'Uppdragsstatus',
  measures: 'Åtgärder',
  indicators: 'Indikatorer',
  'indicator-values': 'Indikatorvärden',
  kolada: 'Indikatorvärden från Kolada',
  observations: 'Iakttagelser',
  narrative: 'Texter',
  rollforward: 'Intraprenader',
  grid: 'Tabell',
  'unit-map': 'Enhetskoder mellan år',
};

/** What identifies a row of the kind, in a controller's words. */
const SAME_KEY: Record<string, string> = {
  amounts: 'samma konto, verksamhet och projekt',
  sie: 'samma konto, verksamhet och projekt',
  org: 'samma kod',
  accounts: 'samma kontonummer',
  activities: 'samma kod',
  goals: 'samma kod',
  'goal-status': 'samma kod',
  assignments: 'samma kod',
  'assignment-status': 'samma kod',
  indicators: 'samma kod',
  measures: 'samma nummer',
  rollforward: 'samma enhet',
  'unit-map': 'samma år och gamla kod',
};

export function scenarioName(scenario: string): string {
  if (scenario === 'actual') return 'utfall';
  if (scenario === 'budget_osb') return 'budget ÖSB';
  if (scenario === 'carryover') return 'överfört';
  if (scenario.startsWith('forecast:')) return `prognos ${scenario.slice('forecast:'.length)}`;
  return scenario;
}

/** "a", "a och b", "a, b och c". */
export function listSv(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} och ${items[items.length - 1]}`;
}

/** Months as ranges: [1, 2, 3, 4] → "januari–april", [1, 3, 4, 5, 9, 10] → "januari, mars–maj och september–oktober". */
export function monthRanges(periods: readonly number[]): string {
  const sorted = [...new Set(periods)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const from = MONTHS_SV[sorted[i]! - 1]!;
    parts.push(j === i ? from : `${from}–${MONTHS_SV[sorted[j]! - 1]}`);
    i = j + 1;
  }
  return listSv(parts);
}

/** Units: all when few, else the first two and how many more. */
export function unitList(units: readonly string[]): string {
  const sorted = [...new Set(units)].sort(svCollator.compare);
  if (sorted.length <= 3) return listSv(sorted);
  return `${sorted.slice(0, 2).join(', ')} och ${sorted.length - 2} enheter till`;
}

/** "KSA1A01 april 2025 (utfall)" for the slices of one scenario and year. */
function describeGroup(scenario: string, year: number, slices: readonly AmountSliceChange[]): string {
  const units = [...new Set(slices.filter((s) => s.unit !== undefined).map((s) => s.unit!))];
  const months = slices.filter((s) => typeof s.period === 'number').map((s) => s.period as number);
  const annual = slices.some((s) => s.period === null);
  const when = [months.length ? monthRanges(months) : '', annual ? 'helårsbelopp' : ''].filter((t) => t !== '');
  const who = units.length ? `${unitList(units)}${units.length > 3 ? ',' : ''}` : '';
  const words = [who, when.length ? listSv(when) : '', String(year)].filter((t) => t !== '');
  return `${words.join(' ')} (${scenarioName(scenario)})`;
}

/**
 * The slices an import covered, summarised: at most three groups by name. Whole-year slices
 * (SIE) are grouped by year ("2024 (utfall och budget)"), the others by scenario and year.
 */
export function describeSlices(slices: readonly AmountSliceChange[]): string {
  const wholeYears = slices.every((s) => s.unit === undefined && s.period === undefined);
  const groups = new Map<string, AmountSliceChange[]>();
  for (const s of slices) {
    const k = wholeYears ? String(s.year) : `${s.year}\u0000${s.scenario}`;
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  const named = [...groups.values()].map((g) =>
    wholeYears ? `${g[0]!.year} (${listSv([...new Set(g.map((s) => scenarioName(s.scenario)))])})` : describeGroup(g[0]!.scenario, g[0]!.year, g),
  );
  if (named.length <= 3) return listSv(named);
  return `${named.slice(0, 2).join(', ')} och ${named.length - 2} ${wholeYears ? 'år' : 'scenarier och år'} till`;
}

const rows = (n: number, one: string, many: string): string => `${formatInteger(n)} ${n === 1 ? one : many}`;

/** The one or two lines a person reads after an import (or a dry run). */
export function formatImportSummary(s: ImportSummary): string {
  const c = s.changes;
  const old = c.replaced + c.removed;
  const dry = s.dryRun === true;
  const covered = s.slices && s.slices.length > 0 ? ` för ${describeSlices(s.slices)}` : '';
  const label = KIND_LABELS[s.kind];
  const head = `${dry ? 'Provkörning (inget sparades). ' : ''}${label ? `${label}: ` : ''}`;
  const imported = dry ? `${rows(c.stored, 'rad', 'rader')} skulle importeras` : rows(c.stored, 'rad importerad', 'rader importerade');
  const replaced = old === 0 ? '' : dry ? `, ${rows(old, 'rad', 'rader')} ersättas` : `, ${rows(old, 'rad ersatt', 'rader ersatta')}`;
  const allNew = old === 0 && c.stored > 0 ? (c.stored === 1 ? ', ny' : ', alla nya') : '';
  const first = `${head}${imported}${replaced}${covered}${allNew}.`;
  if (old === 0) return first;
  return `${first}\n${detail(s, dry)}`;
}

/** The second line: how the imported rows relate to the stored ones. */
function detail(s: ImportSummary, dry: boolean): string {
  const c = s.changes;
  const same = SAME_KEY[s.kind] ?? 'samma nyckel';
  const matched = c.stored - c.added;
  const n = formatInteger;
  let rel: string;
  if (c.stored === 0) rel = dry ? 'Filen skulle inte lägga till någon rad' : 'Filen lade inte till någon rad';
  else if (c.added === 0) rel = `${c.stored === 1 ? 'Den importerade raden' : 'Varje importerad rad'} ${dry ? 'skulle ersätta' : 'ersätter'} en tidigare rad med ${same}`;
  else if (matched === 0) rel = `${c.stored === 1 ? 'Den importerade raden' : 'Alla importerade rader'} ${dry ? 'skulle vara' : 'är'} ${c.stored === 1 ? 'ny' : 'nya'}`;
  else {
    const fresh = `${n(c.added)} ${c.added === 1 ? 'ny' : 'nya'}`;
    rel = `Av de importerade raderna ${dry ? `skulle ${fresh.replace(' ', ' vara ')} och ${n(matched)} ersätta` : `är ${fresh} och ${n(matched)} ersätter`} en tidigare rad med ${same}`;
  }
  const gone = c.removed === 0 ? '' : `; ${rows(c.removed, 'tidigare rad', 'tidigare rader')} finns inte i filen och ${dry ? 'skulle tas bort' : 'togs bort'}`;
  const untouched = s.kind === 'amounts' ? ' Andra månader och enheter påverkas inte.' : '';
  return `${rel}${gone}.${untouched}`;
}
