/**
 * Column sets of a board's template: which measures a table prints, in which order, under which
 * heading. A heading may hold placeholders, filled from the report:
 *
 *   {year} 2022 · {prevYear} 2021 · {nextYear} 2023 · {month} augusti · {Month} Augusti ·
 *   {monthShort} aug · {prevMonth} / {PrevMonth} / {prevMonthShort} (the comparison period's month) ·
 *   {round} P2 · {roundNumber} 2
 *
 * so "Budget-Utfall jan-{monthShort} {year}" prints "Budget-Utfall jan-aug 2022".
 */
import { MEASURES } from './measures.ts';
import { monthName, type LabelContext } from './labels.ts';

/** One column of a template's table: a measure key, optionally its heading and (system forecast) method. */
export interface ColumnSpec {
  key: string;
  label?: string;
  /** `system_forecast`: the proposal method (core/forecast ids); default `profile`. */
  method?: string;
}

export const DEFAULT_PROPOSAL_METHOD = 'profile';

export const LABEL_PLACEHOLDERS = ['year', 'prevYear', 'nextYear', 'month', 'Month', 'monthShort', 'prevMonth', 'PrevMonth', 'prevMonthShort', 'round', 'roundNumber'] as const;

export function fillColumnLabel(label: string, c: LabelContext): string {
  const month = monthName(c.period);
  const prev = monthName(c.prevPeriod);
  const values: Record<(typeof LABEL_PLACEHOLDERS)[number], string> = {
    year: String(c.year),
    prevYear: String(c.year - 1),
    nextYear: String(c.year + 1),
    month: month.toLowerCase(),
    Month: month,
    monthShort: month.slice(0, 3).toLowerCase(),
    prevMonth: prev.toLowerCase(),
    PrevMonth: prev,
    prevMonthShort: prev.slice(0, 3).toLowerCase(),
    round: c.round,
    roundNumber: /^P(\d+)$/i.exec(c.round)?.[1] ?? c.round,
  };
  return label.replace(/\{([A-Za-z]+)\}/g, (all, name: string) => (name in values ? values[name as keyof typeof values] : all));
}

/** Placeholders in a heading that Prognos does not know (the template check names them). */
export function unknownPlaceholders(label: string): string[] {
  return [...label.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!).filter((n) => !(LABEL_PLACEHOLDERS as readonly string[]).includes(n));
}

/** The table's columns: the template's set when it has one, else the built-in keys with their headings. */
export function resolveColumns(
  configured: readonly ColumnSpec[] | undefined,
  builtIn: readonly string[],
  c: LabelContext,
  netSummary: boolean,
): Array<{ key: string; label: string }> {
  const specs: readonly ColumnSpec[] = configured ?? builtIn.map((key) => ({ key }));
  return specs.map((s) => ({ key: s.key, label: s.label !== undefined ? fillColumnLabel(s.label, c) : MEASURES[s.key]!.label(c, netSummary) }));
}

/** The proposal method of the table's system forecast column, if it has one. */
export function proposalMethod(configured: readonly ColumnSpec[] | undefined): string | undefined {
  const col = configured?.find((s) => s.key === 'system_forecast');
  return col ? (col.method ?? DEFAULT_PROPOSAL_METHOD) : undefined;
}
