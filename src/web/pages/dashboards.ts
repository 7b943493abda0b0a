/**
 * Dashboards of a round: variance per unit, forecasts across the year's rounds up to the
 * closing, forecast accuracy over past years and the round's progress. Every chart is drawn by
 * the report's `chartSvg` (the same Swedish SVG charts as in the reports) and has its figures in
 * a table beside it, so nothing is only in the picture.
 */
import { chartSvg } from '../../report/charts/index.ts';
import type { Chart } from '../../report/index.ts';
import { attr, cls, html, raw, type Html } from '../html.ts';
import { byAt, notice, statusBadge, tableScroll } from '../layout.ts';
import { formatPercent, formatTkr } from '../format.ts';
import type { AccuracyDashboard, ForecastsDashboard, ProgressDashboard, RoundSummary, VarianceDashboard } from '../types.ts';

function figure(chart: Chart, id: string): Html {
  return html`<figure class="chart" aria-labelledby="${id}-caption">
<figcaption id="${id}-caption">${chart.title}</figcaption>
<div class="chart-scroll chart--wide" role="region" tabindex="0" aria-label="${chart.title}">${raw(chartSvg(chart))}</div>
<div class="chart-scroll chart--narrow" role="region" tabindex="0" aria-label="${chart.title}, smal bild">${raw(chartSvg(chart, { plotWidth: 130, labelLimit: 90 }))}</div>
</figure>`;
}

const neg = (v: number | null | undefined): string | false => v !== null && v !== undefined && v < 0 && 'negative';

/** The drill-down's last step: the chosen unit's account groups, with the way back to every unit. */
function drillSection(d: NonNullable<VarianceDashboard['drill']>, base: string): Html {
  return html`<nav class="breadcrumbs breadcrumbs--inline" aria-label="Nivå i översikten"><ol><li><a href="${base}#variance-heading">Alla enheter</a></li><li aria-current="page">${d.code} ${d.name}</li></ol></nav>
${tableScroll(
  'drill-table-caption',
  html`<table class="table table--compact">
<caption id="drill-table-caption">Avvikelse per kontogrupp för ${d.code} ${d.name} (tkr)</caption>
<thead><tr><th scope="col">Kontogrupp</th><th scope="col" class="num">Budget</th><th scope="col" class="num">Prognos</th><th scope="col" class="num">Avvikelse</th><th scope="col" class="num">Avvikelse i %</th></tr></thead>
<tbody>
${d.groups.map(
  (g) => html`<tr><th scope="row">${g.group} ${g.name}${g.activity ? ` (${g.activity})` : ''}</th><td class="num">${formatTkr(g.budgetTkr)}</td><td class="num">${g.forecastTkr === null ? html`<span class="muted">ej angiven</span>` : formatTkr(g.forecastTkr)}</td><td class="${cls('num', neg(g.varianceTkr))}">${formatTkr(g.varianceTkr)}</td><td class="num">${formatPercent(g.variancePct)}</td></tr>`,
)}
</tbody>
</table>`,
)}`;
}

function varianceSection(v: VarianceDashboard, threshold: number, base: string): Html {
  if (v.rows.length === 0) return html`<p>Inga enheter att visa.</p>`;
  const chart: Chart = {
    id: 'variance',
    title: 'Avvikelse mot budget per enhet (tkr)',
    description: `Stapeldiagram över prognosens avvikelse mot budget för ${v.rows.length} enheter, i tkr. Samma siffror finns i tabellen.`,
    kind: 'bar',
    unit: 'tkr',
    categories: v.rows.map((r) => `${r.code} ${r.name}`),
    series: [{ name: 'Avvikelse', values: v.rows.map((r) => r.varianceTkr) }],
  };
  return html`<div class="chart-pair">
${figure(chart, 'variance-chart')}
${tableScroll(
  'variance-table-caption',
  html`<table class="table table--compact">
<caption id="variance-table-caption">Avvikelse per enhet (tkr)</caption>
<thead><tr><th scope="col">Enhet</th><th scope="col" class="num">Budget</th><th scope="col" class="num">Prognos</th><th scope="col" class="num">Avvikelse</th><th scope="col" class="num">Avvikelse i %</th><th scope="col">Kommentar</th></tr></thead>
<tbody>
${v.rows.map(
  (r) => html`<tr><th scope="row"><a href="${base}?enhet=${encodeURIComponent(r.code)}#variance-heading">${r.code} ${r.name}</a></th><td class="num">${formatTkr(r.budgetTkr)}</td><td class="num">${formatTkr(r.forecastTkr)}</td><td class="${cls('num', neg(r.varianceTkr))}">${formatTkr(r.varianceTkr)}</td><td class="num">${formatPercent(r.variancePct)}</td>
<td class="text">${r.commentRequired ? (r.hasComment ? 'Kommenterad' : html`<span class="warning-text">Krävs</span>`) : r.hasComment ? 'Kommenterad' : html`<span class="muted">–</span>`}</td></tr>`,
)}
<tr class="total"><th scope="row">Summa</th><td class="num">${formatTkr(v.total.budgetTkr)}</td><td class="num">${formatTkr(v.total.forecastTkr)}</td><td class="${cls('num', neg(v.total.varianceTkr))}">${formatTkr(v.total.varianceTkr)}</td><td class="num">${formatPercent(v.total.variancePct)}</td><td></td></tr>
</tbody>
</table>`,
)}
</div>
<p class="muted small">En kommentar krävs när avvikelsen är större än ±${formatTkr(threshold)} tkr.</p>`;
}

function forecastsSection(f: ForecastsDashboard, selected: string | undefined, base: string): Html {
  if (f.rows.length === 0) return html`<p>Inga enheter att visa.</p>`;
  const cols = [...f.rounds, ...(f.closed ? ['Bokslut'] : [])];
  const valuesOf = (r: ForecastsDashboard['rows'][number]): Array<number | null> => [
    ...f.rounds.map((n) => r.rounds.find((x) => x.round === n)?.forecastTkr ?? null),
    ...(f.closed ? [r.closingTkr] : []),
  ];
  const total: Array<number | null> = cols.map((_, i) => f.rows.reduce((s, r) => s + (valuesOf(r)[i] ?? 0), 0));
  const unit = f.rows.find((r) => r.code === selected) ?? null;
  const chart: Chart = {
    id: 'trail',
    title: unit ? `Helårsprognos ${f.year} för ${unit.code} ${unit.name} (tkr)` : `Helårsprognos ${f.year}, summa för enheterna (tkr)`,
    description: `Linjediagram över helårsprognosen ${f.year} i tillfällena ${cols.join(', ')}${unit ? ` för ${unit.code} ${unit.name}` : ' för alla enheter i tabellen'}, i tkr. Samma siffror finns i tabellen.`,
    kind: 'line',
    unit: 'tkr',
    categories: cols,
    series: [{ name: unit ? `${unit.code} ${unit.name}` : 'Summa', values: unit ? valuesOf(unit) : total }],
  };
  return html`${cols.length < 2 ? html`<p class="muted">Hittills finns ${cols.length === 1 ? `bara ${cols[0]}` : 'ingen prognos'} för ${f.year}; linjen får fler punkter med nästa prognos och bokslutet.</p>` : null}
<form method="get" action="${base}#forecasts-heading" class="method-form">
<label for="trail-unit">Visa i diagrammet</label>
<select id="trail-unit" name="enhet" class="select">
<option value=""${attr('selected', !unit)}>Summa för enheterna</option>
${f.rows.map((r) => html`<option value="${r.code}"${attr('selected', unit?.code === r.code)}>${r.code} ${r.name}</option>`)}
</select>
<button type="submit" class="button button--small button--secondary">Visa</button>
</form>
<div class="chart-pair">
${cols.length ? figure(chart, 'trail-chart') : null}
${tableScroll(
  'trail-table-caption',
  html`<table class="table table--compact">
<caption id="trail-table-caption">Helårsprognos ${f.year} per tillfälle${f.closed ? ' och bokslut' : ''} (tkr)</caption>
<thead><tr><th scope="col">Enhet</th>${cols.map((c) => html`<th scope="col" class="num">${c}</th>`)}</tr></thead>
<tbody>
${f.rows.map((r) => html`<tr><th scope="row">${r.code} ${r.name}</th>${valuesOf(r).map((v) => html`<td class="num">${formatTkr(v)}</td>`)}</tr>`)}
<tr class="total"><th scope="row">Summa</th>${total.map((v) => html`<td class="num">${formatTkr(v)}</td>`)}</tr>
</tbody>
</table>`,
)}
</div>`;
}

function accuracySection(a: AccuracyDashboard): Html {
  const points = [...new Set(a.rows.flatMap((r) => r.rows.map((x) => `${x.year} ${x.round}`)))].sort();
  if (points.length === 0) {
    return html`<p>Det finns inga prognoser från åren ${a.fromYear}–${a.toYear} att jämföra med bokslut ännu. När ett år är avslutat visas här hur nära varje prognos kom bokslutet.</p>`;
  }
  const rounds = [...new Set(a.rows.flatMap((r) => r.summary.map((s) => s.round)))].sort();
  const withData = a.rows.filter((r) => r.rows.length > 0);
  const chart: Chart = {
    id: 'accuracy',
    title: `Genomsnittligt prognosfel i procent av bokslutet, ${a.fromYear}–${a.toYear}`,
    description: `Stapeldiagram över hur mycket varje enhets prognoser (${rounds.join(', ')}) avvek från bokslutet, i procent av bokslutet. Samma siffror finns i tabellen.`,
    kind: 'bar',
    unit: '%',
    categories: withData.map((r) => `${r.code} ${r.name}`),
    series: rounds.map((n) => ({ name: n, values: withData.map((r) => r.summary.find((s) => s.round === n)?.weightedErrorPct ?? null) })),
  };
  const cell = (r: AccuracyDashboard['rows'][number], p: string) => {
    const x = r.rows.find((y) => `${y.year} ${y.round}` === p);
    return x ? html`<td class="num">${formatTkr(x.errorTkr)}${x.errorPct !== null ? html`<br><span class="muted small">${formatPercent(x.errorPct)}</span>` : null}</td>` : html`<td class="num muted">–</td>`;
  };
  return html`<p>Prognosfel = prognos − bokslut i tkr, med rapportens tecken; under beloppet felet i procent av bokslutet. Medelfelet är det genomsnittliga absoluta felet.</p>
<div class="chart-pair">
${withData.length ? figure(chart, 'accuracy-chart') : null}
${tableScroll(
  'accuracy-table-caption',
  html`<table class="table table--compact">
<caption id="accuracy-table-caption">Prognosfel per enhet och tillfälle (tkr)</caption>
<thead><tr><th scope="col">Enhet</th>${points.map((p) => html`<th scope="col" class="num">${p}</th>`)}${rounds.map((n) => html`<th scope="col" class="num">Medelfel ${n}</th>`)}</tr></thead>
<tbody>
${a.rows.map(
  (r) => html`<tr><th scope="row">${r.code} ${r.name}</th>${points.map((p) => cell(r, p))}${rounds.map((n) => {
    const s = r.summary.find((x) => x.round === n);
    return html`<td class="num">${s ? html`${formatTkr(s.meanAbsErrorTkr)}${s.weightedErrorPct !== null ? html`<br><span class="muted small">${formatPercent(s.weightedErrorPct)}</span>` : null}` : '–'}</td>`;
  })}</tr>`,
)}
<tr class="total"><th scope="row">Summa</th>${points.map((p) => {
  const x = a.total.rows.find((y) => `${y.year} ${y.round}` === p);
  return html`<td class="num">${x ? html`${formatTkr(x.errorTkr)}${x.errorPct !== null ? html`<br><span class="small">${formatPercent(x.errorPct)}</span>` : null}` : '–'}</td>`;
})}${rounds.map((n) => {
  const s = a.total.summary.find((x) => x.round === n);
  return html`<td class="num">${s ? formatTkr(s.meanAbsErrorTkr) : '–'}</td>`;
})}</tr>
</tbody>
</table>`,
)}
</div>`;
}

function progressSection(p: ProgressDashboard): Html {
  const chart: Chart = {
    id: 'progress',
    title: 'Enheter per status',
    description: `Stapeldiagram: ${p.counts.open} öppna, ${p.counts.submitted} inlämnade och ${p.counts.approved} godkända av ${p.counts.total} enheter.`,
    kind: 'bar',
    unit: '',
    categories: ['Öppen', 'Inlämnad', 'Godkänd'],
    series: [{ name: 'Enheter', values: [p.counts.open, p.counts.submitted, p.counts.approved] }],
  };
  return html`${p.overdue ? notice('warning', `Sista dag (${p.deadline}) har passerat och alla enheter har inte lämnat in.`) : null}
<div class="chart-pair">
${figure(chart, 'progress-chart')}
${tableScroll(
  'progress-table-caption',
  html`<table class="table table--compact">
<caption id="progress-table-caption">Status per enhet</caption>
<thead><tr><th scope="col">Enhet</th><th scope="col">Status</th><th scope="col">Inlämnad</th><th scope="col">Godkänd</th></tr></thead>
<tbody>
${p.units.map((u) => html`<tr><th scope="row">${u.code} ${u.name}</th><td class="text">${statusBadge(u.status)}</td><td class="text small">${byAt(u.submittedBy, u.submittedAt)}</td><td class="text small">${byAt(u.approvedBy, u.approvedAt)}</td></tr>`)}
</tbody>
</table>`,
)}
</div>`;
}

export function dashboardsBody(o: {
  round: RoundSummary;
  variance: VarianceDashboard;
  forecasts: ForecastsDashboard;
  accuracy: AccuracyDashboard;
  progress: ProgressDashboard;
  selectedUnit: string | undefined;
}): Html {
  const base = `/rounds/${o.round.id}/dashboards`;
  return html`<h1>Översikt</h1>
<p class="lead">${o.round.title}. Belopp i tkr${o.round.sign === 'net' ? ', intäkter positiva och kostnader negativa' : ', kostnader positiva'}; positiv avvikelse är bättre än budget.</p>
<nav class="toc" aria-label="På den här sidan"><ul>
<li><a href="#variance-heading">Avvikelse per enhet</a></li>
<li><a href="#forecasts-heading">Prognoser under året</a></li>
<li><a href="#accuracy-heading">Prognossäkerhet</a></li>
<li><a href="#progress-heading">Framsteg</a></li>
</ul></nav>
<section class="section" aria-labelledby="variance-heading">
<h2 id="variance-heading">Avvikelse mot budget per enhet</h2>
${o.variance.drill ? drillSection(o.variance.drill, base) : varianceSection(o.variance, o.round.thresholdTkr, base)}
</section>
<section class="section" aria-labelledby="forecasts-heading">
<h2 id="forecasts-heading">Prognoser under året: ${o.forecasts.rounds.join(' → ') || '–'}${o.forecasts.closed ? ' → bokslut' : ''}</h2>
${forecastsSection(o.forecasts, o.selectedUnit, base)}
</section>
<section class="section" aria-labelledby="accuracy-heading">
<h2 id="accuracy-heading">Prognossäkerhet tidigare år</h2>
${accuracySection(o.accuracy)}
</section>
<section class="section" aria-labelledby="progress-heading">
<h2 id="progress-heading">Framsteg</h2>
${progressSection(o.progress)}
</section>`;
}
