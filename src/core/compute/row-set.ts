/**
 * Row options of a board's template table, beside the rows the table kind makes:
 *
 * - `memo`: "varav …" rows, the sum of some units' subtrees, printed but never part of a sum;
 *   after the row `after` (a row code) or, without it, after the total;
 * - `excluding`: the total without some units ("Avvikelse exkl. centralt skolstöd"), after the total;
 * - `outsideTotal`: units shown as rows but kept out of the total and the subtotals
 *   (Stadsrevisionen and Valnämnden beside Kommunstyrelsen's net summary);
 * - `omit`: units left out of the table altogether, rows and sums (boards of the scope that
 *   the report shows in tables of their own, as Kommunstyrelsen's net summary does);
 * - `order`: the rows' codes (a row without a code: its name) in the order the board prints them;
 *   rows not named follow in the usual order (by code; account groups and net summaries in the
 *   register's order);
 * - `filter.projects`: only the facts of these projects (a trailing `*` matches a prefix), e.g.
 *   an investment table of one kind of project; `filter.accounts`: only some account ranges (the
 *   report reads those facts from the ledger rows, core/compute only receives them).
 */
import type { OrgTree } from '../domain/index.ts';
import type { LedgerFact } from './fact.ts';

export interface RowOptions {
  memo?: Array<{ label: string; units: string[]; after?: string }>;
  excluding?: Array<{ label: string; units: string[] }>;
  outsideTotal?: string[];
  omit?: string[];
  order?: string[];
}

export interface FactFilter {
  /** Project codes; `P1*` matches every code starting with P1. */
  projects?: string[];
  /** Account ranges (inclusive): the report reads the table's facts from these accounts' ledger rows. */
  accounts?: Array<{ from: string; to: string }>;
}

/** Units of the named units' subtrees (a code not in the tree counts as itself). */
export function subtreesOf(tree: OrgTree, units: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const u of units) {
    if (!tree.get(u)) {
      out.add(u);
      continue;
    }
    for (const x of tree.subtree(u)) out.add(x.code);
  }
  return out;
}

const matches = (pattern: string, code: string): boolean => (pattern.endsWith('*') ? code.startsWith(pattern.slice(0, -1)) : code === pattern);

export function applyFilter(facts: readonly LedgerFact[], filter: FactFilter | undefined): readonly LedgerFact[] {
  if (!filter?.projects) return facts;
  const patterns = filter.projects;
  return facts.filter((f) => patterns.some((p) => matches(p, f.project)));
}

/** Every unit the row options name, with the field that names it (`rows.memo[0].units`). */
export function rowOptionUnits(rows: RowOptions | undefined): Array<{ field: string; unit: string }> {
  const out: Array<{ field: string; unit: string }> = [];
  rows?.memo?.forEach((m, i) => m.units.forEach((unit) => out.push({ field: `rows.memo[${i}].units`, unit })));
  rows?.excluding?.forEach((m, i) => m.units.forEach((unit) => out.push({ field: `rows.excluding[${i}].units`, unit })));
  rows?.outsideTotal?.forEach((unit) => out.push({ field: 'rows.outsideTotal', unit }));
  rows?.omit?.forEach((unit) => out.push({ field: 'rows.omit', unit }));
  return out;
}
