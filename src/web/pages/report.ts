/** The round's report: preview while the round is open, the frozen version and its stable address once published. */
import { html, type Html } from '../html.ts';
import { notice } from '../layout.ts';
import { formatDateTime } from '../format.ts';
import type { RoundDetail } from '../types.ts';

const FORMATS: Array<{ ext: string; name: string; about: string }> = [
  { ext: 'pdf', name: 'PDF', about: 'för utskrift och diariet (tillgänglig, med bokmärken)' },
  { ext: 'docx', name: 'Word (DOCX)', about: 'för vidare redigering' },
  { ext: 'xlsx', name: 'Excel (XLSX)', about: 'tabellerna som tal' },
  { ext: 'html', name: 'HTML', about: 'webbsida, fristående' },
  { ext: 'json', name: 'JSON', about: 'maskinläsbar, stabilt format' },
];

export function reportBody(o: { round: RoundDetail; origin: string }): Html {
  const r = o.round;
  const published = r.status === 'published';
  const base = published ? `/published/${r.id}` : `/api/rounds/${r.id}`;
  const canSee = published || r.permissions.previewReport;
  if (!canSee) {
    return html`<h1>Rapport</h1>${notice('info', 'Rapporten kan läsas här när uppföljningstillfället är publicerat.')}`;
  }
  return html`<h1>Rapport</h1>
<p class="lead">${r.title}</p>
${published
  ? html`<section class="panel panel--published" aria-labelledby="stable-heading">
<h2 id="stable-heading">Publicerad version</h2>
<p>Publicerad ${formatDateTime(r.publishedAt)} av ${r.publishedBy ?? ''}. Den här versionen ändras aldrig, även om bokföringen ändras senare.</p>
<p>Fast adress: <a class="stable-url" href="${base}/report.html">${o.origin}${base}/report.html</a></p>
</section>`
  : notice('info', html`Förhandsvisning: rapporten räknas fram från de senaste prognoserna och texterna varje gång den öppnas. När uppföljningstillfället publiceras fryses den och får en fast adress.`)}
<section class="section" aria-labelledby="preview-heading">
<h2 id="preview-heading">${published ? 'Läs rapporten' : 'Förhandsgranska'}</h2>
<p><a class="button button--primary" href="${base}/report.html">Öppna rapporten (HTML)</a></p>
</section>
<section class="section" aria-labelledby="downloads-heading">
<h2 id="downloads-heading">Ladda ner</h2>
<ul class="downloads">
${FORMATS.map(
  (f) => html`<li><a href="${base}/report.${f.ext}?download" download data-format="${f.ext}">${f.name}</a> <span class="muted">– ${f.about}</span></li>`,
)}
</ul>
${published ? null : html`<p class="muted small">PDF och Word tar några sekunder att skapa.</p>`}
</section>`;
}
