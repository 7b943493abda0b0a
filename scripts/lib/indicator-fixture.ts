/** The indicator fixtures' shape (fixtures README §8 `indicators`), read by the demo's generator and the reference test. */
export interface IndicatorFixture {
  columns: Array<{ key: string; label: string }>;
  rows: Array<{
    indicator: string;
    footnote_marks?: string;
    target: Record<string, string>;
    series: Array<{ breakdown: string | null; cells: Record<string, { display: string }> }>;
  }>;
}

/** A fixture's own column label, or '' for a column the report prints without heading ("(K/M/T prefix of the value)"). */
export const printedLabel = (label: string): string => (label.startsWith('(') ? '' : label);
