/** Swedish column headings in the style of the reference reports. */
const MONTHS = ['Januari', 'Februari', 'Mars', 'April', 'Maj', 'Juni', 'Juli', 'Augusti', 'September', 'Oktober', 'November', 'December'];

export function monthName(period: number): string {
  return MONTHS[Math.min(Math.max(period, 1), 12) - 1]!;
}

/** "Utfall 240331": outcome to the last day of the period's month, as the net summary prints it. */
export function outcomeDateLabel(year: number, period: number): string {
  const p = Math.min(Math.max(period, 1), 12);
  const last = new Date(Date.UTC(year, p, 0)).getUTCDate();
  return `Utfall ${String(year % 100).padStart(2, '0')}${String(p).padStart(2, '0')}${String(last).padStart(2, '0')}`;
}

export interface LabelContext {
  year: number;
  period: number;
  prevPeriod: number;
  round: string;
}

/** Labels of the detail tables (units, account groups, activities, investments). */
export function detailLabel(key: string, c: LabelContext): string {
  const ack = `Ack ${monthName(c.period)}`;
  const labels: Record<string, string> = {
    closing_prev: `${c.year - 1} Bokslut`,
    actual_prev: `${c.year - 1} Ack ${monthName(c.prevPeriod)} Utfall`,
    actual: c.period === 12 ? `${c.year} Utfall` : `${ack} Utfall`,
    budget_to_date: `${ack} Budget`,
    variance_to_date: c.period === 12 ? 'Avv Budg o Utf' : `${ack} Avv. i tkr`,
    consumption_pct: `${ack} Förb i %`,
    budget_osb: `Budget ÖSB ${c.year}`,
    budget: c.period === 12 ? `${c.year} Budget` : 'Helår Budget',
    budget_change: 'Förändring Budget',
    forecast: 'Helår Innev. Progn',
    variance: 'Helår Avv Progn-Budg',
    change_pct: `Förändr% ${c.year - 1} o ${c.year}`,
    carryover: `Överfört från ${c.year - 1}`,
    budget_incl_carryover: 'Budget inkl. överfört',
  };
  return labels[key] ?? key;
}

/** Labels of the net summary (Nettoredovisning). */
export function summaryLabel(key: string, c: LabelContext): string {
  const labels: Record<string, string> = {
    actual_prev: outcomeDateLabel(c.year - 1, c.prevPeriod),
    closing_prev: `Bokslut ${c.year - 1}`,
    actual: c.period === 12 ? `Bokslut ${c.year}` : outcomeDateLabel(c.year, c.period),
    budget_osb: `Budget ÖSB ${c.year}`,
    budget: `Budget ${c.year}`,
    budget_to_date: `Budget ${c.year}`,
    budget_change: 'Förändring Budget',
    forecast: `Prognos ${c.year}`,
    variance: 'Avvikelse',
    variance_to_date: 'Avvikelse',
    change_pct: `Förändr% ${c.year - 1} o ${c.year}`,
  };
  return labels[key] ?? detailLabel(key, c);
}
