/**
 * The reconciliation of a table's full-year variance with the intrapreneurships' accumulated
 * results (004 under its table of operating boards): the intrapreneurships' part of the variance
 * (from the ledger, the table's own facts of the intrapreneurship units), the variance without
 * them, and their roll-forward (opening, drawn, new deficits and surpluses, closing). Computed,
 * never typed; each row carries its `role` for `check` (grid-rollforward), which reports a ledger
 * variance that differs from the change of the accumulated results.
 */
import type { FollowUpContent } from '../core/domain/followup.ts';
import { divRoundHalfAwayFromZero } from '../core/money/index.ts';
import type { Grid, GridRow, Table } from './model.ts';

export const RECONCILIATION_LABELS = [
  'part', 'excluding', 'opening', 'drawn', 'deficits', 'surpluses', 'closing', 'heading', 'yearExcluding', 'yearPart', 'adjusted',
] as const;
export type ReconciliationLabels = Partial<Record<(typeof RECONCILIATION_LABELS)[number], string>>;

/** The template block: `{ "reconciliation": "intrapreneurships", "of": <table id>, "id"?, "title"?, "labels"? }`. */
export interface ReconciliationSpec {
  reconciliation: 'intrapreneurships';
  of: string;
  id?: string;
  title?: string;
  labels?: ReconciliationLabels;
}

const DEFAULT_LABELS: Required<ReconciliationLabels> = {
  part: 'Varav intraprenader',
  excluding: 'Totalt exkl. intraprenader',
  opening: 'Ingående ackumulerat resultat intraprenader',
  drawn: 'Ianspråktagande ack resultat {year}',
  deficits: 'Nya underskott',
  surpluses: 'Nya överskott',
  closing: 'Utgående ackumulerat resultat intraprenader {year}',
  heading: 'Avvikelse inklusive ianspråktagande av ack resultat',
  yearExcluding: 'Årets avvikelse exkl. intraprenader',
  yearPart: 'Årets avvikelse intraprenader (nya över- och underskott {year})',
  adjusted: 'Justerad avvikelse inkl. intraprenadernas över- och underskott {year}',
};

/** The intrapreneurship units of a board's roll-forward (their facts make the part of the variance). */
export const intrapreneurshipUnits = (content: FollowUpContent): string[] => [...new Set(content.rollForward.map((r) => r.unit))];

/** The variance a reconciliation reads from a table: the full-year variance, else the variance to date. */
export const varianceKey = (t: Table): string | null =>
  t.columns.some((c) => c.key === 'variance') ? 'variance' : t.columns.some((c) => c.key === 'variance_to_date') ? 'variance_to_date' : null;

const tkr = (ore: bigint): number => Number(divRoundHalfAwayFromZero(ore, 100_000n));

/**
 * The grid; `part` is the intrapreneurship units' variance in `table` (tkr, the table's sign),
 * null when the table has no variance. Amounts in tkr, each rounded once.
 */
export function reconciliationGrid(spec: ReconciliationSpec, table: Table, part: number | null, content: FollowUpContent, fill: (label: string) => string): Grid {
  const labels = { ...DEFAULT_LABELS, ...spec.labels };
  const key = varianceKey(table);
  const total = key ? (table.total.values[key] ?? null) : null;
  const excluding = total !== null && part !== null ? total - part : null;
  const sum = (f: (r: FollowUpContent['rollForward'][number]) => bigint): number => tkr(content.rollForward.reduce((a, r) => a + f(r), 0n));
  const row = (label: keyof typeof labels, amount: number | null, role: string | null, subtotal = false): GridRow => ({
    cells: { name: fill(labels[label]), amount, ...(role ? { role } : {}) },
    ...(subtotal ? { kind: 'subtotal' as const } : {}),
  });
  return {
    id: spec.id ?? `reconciliation:${table.scope}`,
    title: spec.title ?? `Avstämning mot intraprenadernas ackumulerade resultat (${table.scopeName ?? table.scope})`,
    columns: [
      { key: 'name', label: '' },
      { key: 'amount', label: 'belopp i tkr', kind: 'number', decimals: 0 },
    ],
    rows: [
      row('part', part, 'result'),
      row('excluding', excluding, 'result_excl'),
      row('opening', sum((r) => r.openingOre), 'opening'),
      row('drawn', sum((r) => r.usedOre), 'drawdown'),
      row('deficits', sum((r) => (r.resultOre < 0n ? r.resultOre : 0n)), 'deficit'),
      row('surpluses', sum((r) => (r.resultOre > 0n ? r.resultOre : 0n)), 'surplus'),
      row('closing', sum((r) => r.openingOre + r.usedOre + r.resultOre), 'closing', true),
      { cells: { name: fill(labels.heading), amount: null } },
      row('yearExcluding', excluding, 'result_excl'),
      row('yearPart', part, 'result'),
      row('adjusted', total, 'result_total', true),
    ],
  };
}
