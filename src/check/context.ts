/**
 * Check 7: what the report is looking at (see index.ts). The data behind the report: a cut-off
 * month beyond the last month with booked actuals; the texts: a year-end report written with an
 * interim round's texts; the template: chapters left out because nothing filled them; a round's
 * units with forecasts not entered (the report shows them empty, never as 0).
 */
import { monthName } from '../core/compute/index.ts';
import type { ReportModel } from '../report/index.ts';
import type { Finding } from './util.ts';

export function checkContext(model: ReportModel): Finding[] {
  const r = model.report;
  const findings: Finding[] = [];
  const month = (p: number): string => monthName(p).toLowerCase();
  if (r.lastActualPeriod !== undefined && (r.lastActualPeriod === null || r.period > r.lastActualPeriod)) {
    findings.push({
      code: 'cutoff-beyond-actuals',
      severity: 'error',
      message:
        r.lastActualPeriod === null
          ? `Rapporten gäller utfall till och med ${month(r.period)} ${r.year}, men inget utfall är bokfört för ${r.year} — importera bokföringen eller välj rätt år.`
          : `Rapporten gäller utfall till och med ${month(r.period)} ${r.year}, men utfall är bokfört bara till och med ${month(r.lastActualPeriod)}; ` +
            `tabellerna visar då för lite utfall — importera de senare månaderna eller välj brytmånad ${r.lastActualPeriod}.`,
      location: {},
    });
  }
  const hasText = model.sections.some((s) => s.blocks.some((b) => b.type === 'paragraph' || b.type === 'list'));
  if (r.period === 12 && r.roundKind === 'interim' && hasText) {
    findings.push({
      code: 'year-end-interim-texts',
      severity: 'error',
      message:
        `Årsberättelsen använder texterna från omgången ${r.round}, en delårsomgång: texterna är skrivna för en prognos, inte för bokslutet. ` +
        'Välj årsberättelsens egen omgång (--round) eller skriv in bokslutets texter.',
      location: {},
    });
  }
  for (const c of r.omittedChapters ?? []) {
    const label = c.number ? `${c.number} ${c.title}` : c.title;
    findings.push({
      code: 'chapter-omitted',
      severity: 'warning',
      message: c.placeholder
        ? `Mallens kapitel "${label}" har inget innehåll och visas med texten "Innehåll saknas" — fyll det eller ta bort det ur mallen.`
        : `Mallens kapitel "${label}" har inget innehåll och saknas därför i rapporten — fyll det eller ta bort det ur mallen.`,
      location: { sectionId: c.id },
    });
  }
  for (const m of r.missingForecasts ?? []) {
    findings.push({
      code: 'forecast-not-entered',
      severity: 'warning',
      message:
        `Prognos ej angiven för ${m.unit} ${m.name}: ${m.cells} ${m.cells === 1 ? 'cell saknar' : 'celler saknar'} prognos; ` +
        'rapporten visar dem tomma (inte 0) och summorna över dem ofullständiga — fyll i prognosen eller publicera med beslutet att den saknas.',
      location: { row: m.unit },
    });
  }
  return findings;
}
