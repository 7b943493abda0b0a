/**
 * The round's report: preview while the round is open, the frozen version and its stable address
 * once published. PDF, Word and Excel take seconds to make: a preview download goes through a
 * page that says so and then starts the download (`preparingBody`), and right after publishing
 * the page shows which formats are still being made and reloads itself until they are ready —
 * without JavaScript.
 */
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

/** Formats a preview makes while the visitor waits (the others are ready at once). */
export const SLOW_FORMATS = ['pdf', 'docx', 'xlsx'] as const;
export type SlowFormat = (typeof SLOW_FORMATS)[number];

/** Seconds between reloads of a page waiting for a rendering. */
export const REFRESH_SECONDS = 3;

/** A published round's formats still being made right after publishing. */
export const pendingFormats = (r: RoundDetail): string[] => (r.status === 'published' ? (r.renderings?.pending ?? []) : []);

const working = (text: string): Html => html`<p class="working" role="status"><span class="spinner" aria-hidden="true"></span> ${text}</p>`;

function downloadLink(r: RoundDetail, base: string, f: (typeof FORMATS)[number]): Html {
  const published = r.status === 'published';
  const href = !published && (SLOW_FORMATS as readonly string[]).includes(f.ext) ? `/rounds/${r.id}/report/preview/${f.ext}` : `${base}/report.${f.ext}?download`;
  const pending = published && pendingFormats(r).includes(f.ext);
  return html`<li><a href="${href}"${published || !(SLOW_FORMATS as readonly string[]).includes(f.ext) ? html` download` : null} data-format="${f.ext}">${f.name}</a> <span class="muted">– ${f.about}</span>${pending ? html` <span class="badge">skapas …</span>` : null}</li>`;
}

export function reportBody(o: { round: RoundDetail; origin: string }): Html {
  const r = o.round;
  const published = r.status === 'published';
  const base = published ? `/published/${r.id}` : `/api/rounds/${r.id}`;
  const canSee = published || r.permissions.previewReport;
  if (!canSee) {
    return html`<h1>Rapport</h1>${notice('info', 'Rapporten kan läsas här när uppföljningstillfället är publicerat.')}`;
  }
  const pending = pendingFormats(r);
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
${pending.length ? working(`Filerna för den publicerade rapporten skapas (${pending.length} kvar). Sidan uppdateras av sig själv; en fil som laddas ner nu kommer när den är klar.`) : null}
<ul class="downloads">
${FORMATS.map((f) => downloadLink(r, base, f))}
</ul>
${published ? html`<p class="muted small">Filerna skapades en gång vid publiceringen och laddas ner precis som de är.</p>` : html`<p class="muted small">PDF, Word och Excel skapas när de laddas ner och tar några sekunder.</p>`}
</section>`;
}

const FORMAT_NAMES: Record<SlowFormat, string> = { pdf: 'PDF', docx: 'Word', xlsx: 'Excel' };

/** The page a preview download goes through: it says the file is being made, then fetches it. */
export function preparingBody(o: { round: RoundDetail; format: SlowFormat }): Html {
  const url = `/api/rounds/${o.round.id}/report.${o.format}?download`;
  return html`<h1>Förhandsvisningen skapas</h1>
<p class="lead">${o.round.title}</p>
${working(`Förhandsvisningen i ${FORMAT_NAMES[o.format]} skapas … Det tar några sekunder, sedan laddas filen ner av sig själv.`)}
<p>Kommer ingen fil? <a href="${url}" download>Ladda ner förhandsvisningen i ${FORMAT_NAMES[o.format]}</a>.</p>
<p><a href="/rounds/${o.round.id}/report">Tillbaka till rapporten</a></p>`;
}
