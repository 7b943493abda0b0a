/**
 * `prognos check`: the consistency check to run before publishing a report. Pure, no I/O:
 * `checkReport(model)` returns findings (Swedish messages), `formatFindings` prints them.
 *
 * What is checked (each finding `code` in brackets; severity error unless said otherwise)
 *
 * 1. Totals and subtotals equal the sum of their rows [sum]. Every amount column (not the
 *    percentages) of every subtotal (`kind: 'subtotal'`, members = the items whose `group` is
 *    its code) and of the total (members = all items; subtotals and memo rows excluded).
 *    Tolerance: rows and totals are each rounded from exact sums (half away from zero), so each
 *    printed value is within 0,5 tkr of its exact value, and Σ exact rows = exact total. The
 *    printed sum of n rows therefore differs from the printed total by at most 0,5·n + 0,5,
 *    and being an integer, by at most ⌊(n + 1)/2⌋ tkr — the exact bound (it is reached when all
 *    n + 1 roundings go half a unit the same way). An empty (null) cell is an exact 0 and does
 *    not count in n.
 * 2. Derived columns agree with their inputs within rounding [derived]:
 *    variance = forecast − budget (`net`) or budget − forecast (`cost-positive`), with
 *    budget_incl_carryover (else budget + carryover) as the base when the table has them;
 *    variance_to_date likewise from actual and budget_to_date (annual tables without
 *    budget_to_date: budget); budget_change = budget − budget_osb; budget_incl_carryover =
 *    budget + carryover. A k-term formula is off by at most ⌊(k + 1)/2⌋ tkr (1 for a difference).
 *    consumption_pct = 100·actual/budget_to_date (tables without those: forecast/budget, as the
 *    investment tables "Förbrukat %"), 0 decimals; change_pct = 100·(actual − base)/base with
 *    base actual_prev, else closing_prev (signed base), 1 decimal. Percentages are checked with
 *    interval arithmetic: each printed input stands for [x − 0,5; x + 0,5], the ratio's extremes
 *    lie at the corners, and the printed percentage ± half its last digit must meet that range.
 *    A base printed as 0 must leave the percentage empty [percent-zero-base]: error when the
 *    printed value is impossible even for a tiny non-zero base (|ratio| ≥ (|numerator| − 0,5)/0,5,
 *    e.g. "0%" for −10 780 / 0), warning when a tiny base could explain it (check it). An empty
 *    derived cell whose inputs exist is a warning [derived-missing] — unless the presentation rule
 *    (core/format `printedPercent`, the model's `report.percentages`) empties it: beyond the limit
 *    (default ±999 %) or, when the rule says so, a ratio of opposite signs. A printed percentage
 *    the rule would empty for every value the rounded inputs allow is a warning [percent-limit].
 * 3. The same figure is equal wherever it appears [same-figure]. Identity = (entity, column key):
 *    - a table's total: `unit:<scope>` (`invest:<scope>` for investment tables), so the
 *      units, account-group and activity tables of one scope share their totals;
 *    - a subtotal row: `unit:<code>` (its code is the group unit's code);
 *    - a row of a units or investments table: `unit:<code>` / `invest:<code>` — a unit code is
 *      unique in the organisation, so its row in one table is its row in any other;
 *    - a net-summary row: `unit:<code>` when it has a code (the level is one unit's subtree),
 *      else `unit:<options.aliases[name]>`, else `level:<name>` (compared only with itself);
 *    - account-group and activity rows: `account-group:<group or scope>:<code>`,
 *      `activity:<group or scope>:<code>` (the same group of the same scope);
 *    - a row holding amounts booked on the scope or group unit itself (code = the table's scope
 *      or a subtotal's code, or "(ej fördelat)") has no identity outside its table.
 *    Two occurrences may differ by 1 tkr (a copy rounded separately), percentages by one unit of
 *    their last digit; beyond that the occurrences that disagree with the value most occurrences
 *    share (a tie goes to a table total, then a subtotal, then a detail row, last a net-summary
 *    row) are errors. Sums across identities (net-summary levels that add up to a unit) are not
 *    checked.
 * 4. Every amount written in the narrative (paragraph and list blocks; not grids) is matched to a
 *    figure of the model. Amounts: an optional sign (-, U+2212, en dash, +, "minus"), digits with
 *    thousands separated by spaces, U+00A0 or U+202F, an optional decimal comma, a unit: mnkr /
 *    mkr / miljoner kronor, mdkr, tkr / tusen kronor, kr / kronor. The sign is not compared
 *    ("underskott med 5,6 mnkr" quotes −5 600); a figure is any amount cell (total, subtotal,
 *    row), a difference of comparable columns of one row (variance − variance_prev,
 *    variance_to_date − variance_to_date_prev, actual − actual_prev, actual − closing_prev,
 *    forecast − closing_prev: "en försämring med 26,3 mnkr jämfört med 2021") or an amount cell
 *    of a grid column in tkr or mnkr. "Within rounding": the written amount stands for ± half
 *    its last digit (12,4 mnkr = 12 350–12 450 tkr; 49 mnkr = 48 500–49 500 tkr), the figure for
 *    ± 0,5 tkr (± 1 tkr for a difference); the intervals must meet.
 *    What an amount is said to be: the nearest of these words before it (after the previous
 *    amount of the sentence) — avvikelse/budgetavvikelse, underskott, överskott: a variance
 *    (the variance columns); försämring, förbättring, ökning, minskning, ökat, minskat: a change
 *    (the differences above). Only such an amount can be a near miss, and only of a figure of
 *    its kind: a near miss needs words that say which figure is meant; without them a
 *    non-matching amount is just unmatched.
 *    Order: (a) the figures the text names — before the amount, or after it up to the end of its
 *    clause (a comma, semicolon, colon, "varav", "medan", "men", the next amount): a row by its
 *    name as whole words (Swedish endings allowed) or its code as a word; a table's total by the
 *    table's title, its total label or the title of a section holding it (two words or more);
 *    account-group names (Intäkter, Personalkostnader …) name nothing, every unit has them.
 *    A match there is fine; a truncated match ("1,6 mnkr" for 1 652 tkr) is a warning
 *    [narrative-truncated]; a named figure of the amount's kind within 10 % (option
 *    `nearMissRatio`) but outside rounding is an error [narrative-near-miss]. (b) Any figure of
 *    the model: a match is fine, a truncated match of the amount's kind a warning. (c) When the
 *    text names nothing it speaks of the report's scope: within 10 % of a figure of its kind on
 *    the total of a table whose scope is the report's scope (or of the net summary) is an error
 *    [narrative-near-miss]. An amount written as an approximation (ca, cirka, drygt, knappt …) is
 *    never a near miss. Anything else is a warning [narrative-unmatched]. Two variance amounts
 *    written with the same precision that quote different printed values of one identity (the
 *    tables disagree and the text follows both: "12,4 mnkr" in 2.1 and "-12,3 mnkr" in 3.1) are
 *    an error [narrative-conflict].
 * 5. Every large variance is commented [variance-uncommented, warning]: a row (item or subtotal)
 *    of a units or net-summary table whose |variance| (variance_to_date in annual reports) is at
 *    least `varianceThreshold.amount` tkr (default 1 000 tkr: percentages of budget flag
 *    20-tkr variances of small units and miss large ones of large units; `percent` adds a
 *    relative rule with a floor of a tenth of the amount) must be mentioned somewhere in the
 *    narrative: its name, its code, or the variance in mnkr (rounded or truncated).
 * 6. No empty section [section-empty]: a section without blocks, or whose blocks are only empty
 *    text, unless it is a chapter heading directly followed by its sections (a deeper level).
 *    `options.requiredSections` ids must exist [section-missing]. A table block must name a
 *    table of the model [table-missing].
 * 7. What the report is looking at (from the model's report meta; models without these fields
 *    are not checked): the cut-off month lies beyond the last month with booked actuals of the
 *    year, or none is booked [cutoff-beyond-actuals]; a year-end report (cut-off December) with
 *    text from an interim round (P1 …, or a stored round cut off before December)
 *    [year-end-interim-texts]; a template chapter left out because nothing filled it
 *    [chapter-omitted, warning].
 *
 * Conventions for the builders of chapters
 *
 * Financial tables: `scope` is the unit whose subtree the table covers; subtotal rows have
 * `kind: 'subtotal'` and carry the group unit's code as `code` (and `group`), their members have
 * `group` = that code; a net-summary row whose budget level is exactly one unit's subtree carries
 * that unit's code (or pass `aliases`: level name → unit code); percentages of a zero base are
 * null. Memo rows ("varav …") are not part of the model; if added they need `kind: 'memo'`.
 *
 * Non-financial grids: row metadata lives in `cells` under keys that are not columns (renderers
 * show only the columns; never put metadata on `heading` rows).
 * - Amount columns: `kind: 'number'` and a key ending in `_tkr` / `_mnkr` (or a label with "tkr" /
 *   "mnkr"); their cells are figures for check 4. `decimals` gives the printed precision.
 * - K/M/total breakdowns (five years in summary, staff indicators): the rows of one measure share
 *   `cells.series` (an id) and carry `cells.breakdown` 'T' | 'K' | 'M' and `cells.aggregate`:
 *   'sum' (counts: T = K + M in every number column, ± one unit of the last digit) or 'share'
 *   (shares in %: K + M = 100). Rates whose total is a weighted mean (sick leave %) carry no
 *   `aggregate` and are not checked. [grid-breakdown]
 * - Intrapreneurship roll-forward: `cells.role` per row, one of opening (ingående ackumulerat
 *   resultat), drawdown (ianspråktagande, negative), deficit (nya underskott, negative), surplus
 *   (nya överskott), closing (utgående), result (årets avvikelse för intraprenaderna, also
 *   "Varav intraprenader"), result_excl (avvikelse exklusive intraprenader), result_total
 *   (justerad avvikelse inklusive intraprenader). Checked in every number column: rows with the
 *   same role are equal; closing = opening + drawdown + deficit + surplus; result = closing −
 *   opening; result_total = result_excl + result (rounding tolerance as in 1). [grid-rollforward]
 * - A grid row repeating a financial figure: `cells.same_as = '<tableId>|<row>|<column>'` (row =
 *   the row reference used in finding locations: `total`, a row code, `Summa <code>`); its first
 *   tkr column (else its first number column without a unit) then takes part in check 3
 *   [grid-reference, warning, when the reference cannot be resolved].
 *
 * Locations: `tableId` (a table's or grid's id), `row` (`total`, `Summa <code>` for a subtotal,
 * else the row code or, without one, the row name, as `<group>/<code>` when the code recurs in
 * another group of the table; for grids the first text cell), `column` (the column key; for a
 * narrative finding the figure's column or difference, e.g. `variance−variance_prev`),
 * `sectionId` and `excerpt` (the sentence) for narrative findings.
 */
import type { ReportModel } from '../report/index.ts';
import { checkContext } from './context.ts';
import { checkGrid, gridOccurrences } from './grids.ts';
import { checkNarrative, checkVarianceComments, collectFigures, grids, sectionTexts, type VarianceThreshold } from './narrative.ts';
import { checkDerived, checkSameFigures, checkSums, tableOccurrences, type Occurrence } from './tables.ts';
import type { Finding } from './util.ts';

export type { Finding, FindingLocation, Severity } from './util.ts';
export type { VarianceThreshold } from './narrative.ts';
export { sumTolerance, percentInterval, entityOf } from './tables.ts';
export { parseAmounts } from './narrative.ts';

export interface CheckOptions {
  /** Section ids that must exist (and, like every section, not be empty). */
  requiredSections?: readonly string[];
  /** When a variance counts as large and must be commented (check 5). */
  varianceThreshold?: VarianceThreshold;
  /** Budget-level names of net-summary rows without a code → the unit code whose figures they are. */
  aliases?: Readonly<Record<string, string>>;
  /** How close (relative) an unmatched narrative amount must be to a figure to count as a near miss (default 0,1). */
  nearMissRatio?: number;
}

export function checkReport(model: ReportModel, options: CheckOptions = {}): Finding[] {
  const aliases = options.aliases ?? {};
  const findings: Finding[] = [];
  const occurrences: Occurrence[] = [];
  for (const table of model.tables) {
    findings.push(...checkSums(table));
    findings.push(...checkDerived(table, model.report.sign, model.report.percentages));
    occurrences.push(...tableOccurrences(table, aliases));
  }
  for (const grid of grids(model)) {
    findings.push(...checkGrid(grid));
    const g = gridOccurrences(grid, model.tables, aliases);
    occurrences.push(...g.occurrences);
    findings.push(...g.findings);
  }
  findings.push(...checkSameFigures(occurrences));
  const figures = collectFigures(model, aliases);
  const narrative = checkNarrative(model, figures, occurrences, options.nearMissRatio ?? 0.1);
  findings.push(...narrative.findings);
  findings.push(...checkVarianceComments(model, narrative.amounts, options.varianceThreshold ?? {}));
  findings.push(...checkSections(model, options.requiredSections ?? []));
  findings.push(...checkContext(model));
  return findings;
}

function checkSections(model: ReportModel, required: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const tableIds = new Set(model.tables.map((t) => t.id));
  model.sections.forEach((s, i) => {
    const label = s.number ? `${s.number} ${s.title}` : s.title;
    const hasContent = s.blocks.some((b) => b.type !== 'paragraph' && b.type !== 'list' && b.type !== 'placeholder') || sectionTexts(s).some((t) => t.trim() !== '');
    // A chapter heading directly followed by its sections is a container, not an empty section.
    const next = model.sections[i + 1];
    const container = next !== undefined && next.level > s.level;
    if (!hasContent && !container) {
      findings.push({
        code: 'section-empty',
        severity: 'error',
        message: `Avsnittet "${label}" är tomt.`,
        location: { sectionId: s.id },
      });
    }
    for (const b of s.blocks) {
      if (b.type === 'table' && !tableIds.has(b.tableId)) {
        findings.push({
          code: 'table-missing',
          severity: 'error',
          message: `Avsnittet "${label}" hänvisar till tabellen ${b.tableId}, som inte finns i rapporten.`,
          location: { sectionId: s.id, tableId: b.tableId },
        });
      }
    }
  });
  const ids = new Set(model.sections.map((s) => s.id));
  for (const id of required) {
    if (!ids.has(id)) {
      findings.push({
        code: 'section-missing',
        severity: 'error',
        message: `Det obligatoriska avsnittet ${id} saknas.`,
        location: { sectionId: id },
      });
    }
  }
  return findings;
}

/** One line per finding (errors first), then `N fel, N varningar`. */
export function formatFindings(findings: readonly Finding[]): string {
  const ordered = [...findings.filter((f) => f.severity === 'error'), ...findings.filter((f) => f.severity === 'warning')];
  const lines = ordered.map((f) => {
    const where = formatLocation(f.location);
    return `${f.severity === 'error' ? 'FEL' : 'VARNING'} [${f.code}]${where ? ` ${where}:` : ''} ${f.message}`;
  });
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  lines.push(`${errors} fel, ${warnings} ${warnings === 1 ? 'varning' : 'varningar'}`);
  return lines.join('\n');
}

function formatLocation(l: Finding['location']): string {
  const parts: string[] = [];
  if (l.sectionId) parts.push(`avsnitt ${l.sectionId}`);
  if (l.tableId) parts.push(`tabell ${l.tableId}`);
  if (l.row) parts.push(`rad ${l.row}`);
  if (l.column) parts.push(`kolumn ${l.column}`);
  const head = parts.join(', ');
  return l.excerpt ? `${head}${head ? ' ' : ''}«${l.excerpt}»` : head;
}
