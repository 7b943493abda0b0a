/** The list of follow-up rounds, opening a round, and a round's units, progress and publishing. */
import { isBoard } from '../../core/domain/index.ts';
import type { TemplateInfo } from './templates.ts';
import { attr, html, type Html } from '../html.ts';
import { byAt, checkbox, csrfField, errorSummary, notice, selectField, statusBadge, textField, type FieldError } from '../layout.ts';
import { formatDateTime, formatTkr, monthName, MONTHS } from '../format.ts';
import type { Me, RoundCheck, RoundDetail, RoundSummary, UnitInfo } from '../types.ts';

const progressText = (p: RoundSummary['progress']): string =>
  `${p.approved} av ${p.total} godkända, ${p.submitted} inlämnade, ${p.open} öppna`;

function progressBar(p: RoundSummary['progress'], id: string): Html {
  return html`<div class="progress">
<progress id="${id}" max="${Math.max(p.total, 1)}" value="${p.approved}" aria-describedby="${id}-text">${p.approved} av ${p.total}</progress>
<span class="progress__text" id="${id}-text">${progressText(p)}</span>
</div>`;
}

export function roundsBody(o: { me: Me; rounds: RoundSummary[]; message?: Html | null; archived?: boolean }): Html {
  const canOpen = o.me.permissions.includes('rounds.manage');
  const list = o.rounds.length
    ? html`<table class="table">
<caption class="visually-hidden">Uppföljningstillfällen</caption>
<thead><tr><th scope="col">Uppföljningstillfälle</th><th scope="col">Brytmånad</th><th scope="col">Sista dag</th><th scope="col">Status</th><th scope="col">Framsteg</th></tr></thead>
<tbody>
${o.rounds.map(
  (r) => html`<tr>
<th scope="row"><a href="/rounds/${r.id}">${r.title}</a><br><span class="muted small">${r.name} · enheter på nivå ${r.level}</span></th>
<td class="text">${monthName(r.period)} ${r.year}</td>
<td class="text nowrap">${r.deadline ?? '–'}</td>
<td class="text">${r.status === 'published' ? html`<span class="badge badge--published">Publicerad</span>` : html`<span class="badge badge--open-round">Pågår</span>`}${r.archived ? html` <span class="badge">Arkiverad</span>` : null}</td>
<td class="text">${progressBar(r.progress, `progress-${r.id}`)}</td>
</tr>`,
)}
</tbody>
</table>`
    : html`<p>Det finns inga uppföljningstillfällen ännu.${canOpen ? ' Öppna det första för att enheterna ska kunna lämna sina prognoser.' : ' Controllern öppnar dem.'}</p>`;
  return html`<div class="page-heading">
<h1>Uppföljningstillfällen</h1>
${canOpen ? html`<a class="button button--primary" href="/rounds/new">Öppna nytt uppföljningstillfälle</a>` : null}
</div>
${o.message ?? null}
<p class="lead">Varje uppföljningstillfälle samlar enheternas helårsprognoser per brytmånad, till exempel prognos 1 efter mars.</p>
${list}
<p>${o.archived ? html`<a href="/rounds">Dölj arkiverade</a>` : html`<a href="/rounds?arkiverade=1">Visa arkiverade</a>`}</p>`;
}

export interface NewRoundValues {
  board?: string;
  year?: string;
  period?: string;
  name?: string;
  deadline?: string;
  level?: string;
  within?: string;
  thresholdTkr?: string;
  method?: string;
  byActivity?: boolean;
  prevPeriod?: string;
  template?: string;
}

/** The report template of the new round: the board's latest stored one (default), the built-in one, or a stored version. */
function templateSelect(templates: TemplateInfo[], value: string | undefined, error: string | undefined): Html {
  const options = [
    { value: '', label: 'Nämndens senast sparade mall (annars den inbyggda)' },
    { value: 'standard', label: 'Den inbyggda mallen' },
    ...templates.map((t) => ({ value: `${t.id}@${t.version}`, label: `${t.board.code}: ${t.name}, version ${t.version}` })),
  ];
  return selectField({ id: 'template', name: 'template', label: 'Rapportmall', hint: 'Kapitelstrukturen för rapporten. Tillfället behåller den valda versionen även om en ny sparas.', value: value ?? '', options, error, width: 'l' });
}

export function newRoundBody(o: {
  csrf: string;
  units: UnitInfo[];
  levels: string[];
  methods: Array<{ id: string; name: string; description: string }>;
  /** The stored board templates (every version); a round of another board cannot use them. */
  templates?: TemplateInfo[];
  values: NewRoundValues;
  /** What the API proposes: the board's next round, the last booked month, the previous round's level. */
  defaults?: { board: string; year: number; period: number; name: string; level: string | null; levels: string[] };
  error?: FieldError;
}): Html {
  const v = o.values;
  const d = o.defaults;
  const err = (f: string) => (o.error?.field === f ? o.error.message : undefined);
  const hasChildren = new Set(o.units.map((u) => u.parent).filter((p): p is string => p !== null));
  const boards = o.units.filter(isBoard);
  const boardLevels = new Set(boards.map((b) => b.level));
  const levels = [...o.levels.filter((l) => !boardLevels.has(l))].sort(new Intl.Collator('sv', { numeric: true }).compare);
  // The usual cut-off is the month before this one.
  const now = new Date();
  const defaultPeriod = d?.period ?? (now.getMonth() === 0 ? 12 : now.getMonth());
  const defaultYear = d?.year ?? (now.getMonth() === 0 ? now.getFullYear() - 1 : now.getFullYear());
  const depth = new Map<string, number>();
  for (const u of o.units) depth.set(u.code, u.parent && depth.has(u.parent) ? depth.get(u.parent)! + 1 : 0);
  const indent = (code: string) => '\u00a0\u00a0'.repeat(depth.get(code) ?? 0);
  const ids: Record<string, string> = { board: 'board', year: 'year', period: 'period', name: 'name', deadline: 'deadline', level: 'level', within: 'within', thresholdTkr: 'threshold', method: 'method', prevPeriod: 'prev-period', template: 'template' };
  return html`<h1>Öppna nytt uppföljningstillfälle</h1>
${errorSummary(o.error, ids)}
<form method="post" action="/rounds" class="form" novalidate>
${csrfField(o.csrf)}
<fieldset class="fieldset">
<legend>Vad ska följas upp?</legend>
${selectField({ id: 'board', name: 'board', label: 'Nämnd eller styrelse', value: v.board ?? d?.board ?? boards[0]?.code ?? '', options: boards.map((b) => ({ value: b.code, label: `${b.code} ${b.name}` })), error: err('board'), width: 'l' })}
<div class="field-row">
${textField({ id: 'year', name: 'year', label: 'År', value: v.year ?? String(defaultYear), inputmode: 'numeric', width: 'xs', error: err('year') })}
${selectField({ id: 'period', name: 'period', label: 'Brytmånad', hint: 'Utfallet räknas till och med denna månad.', value: v.period ?? String(defaultPeriod), options: MONTHS.map((m, i) => ({ value: String(i + 1), label: m })), error: err('period'), width: 's' })}
${textField({ id: 'name', name: 'name', label: 'Namn på prognosen', hint: 'Till exempel P1 för prognos 1 och P2 för prognos 2.', value: v.name ?? d?.name ?? '', width: 'xs', error: err('name') })}
</div>
${textField({ id: 'deadline', name: 'deadline', label: 'Sista dag för inlämning', type: 'date', value: v.deadline ?? '', width: 's', error: err('deadline') })}
</fieldset>
<fieldset class="fieldset">
<legend>Vilka enheter lämnar prognos?</legend>
${selectField({ id: 'level', name: 'level', label: 'Enhetsnivå', hint: 'Enheterna på denna nivå blir raderna som lämnar var sin prognos.', value: v.level ?? d?.level ?? levels[0] ?? '', options: levels.map((l) => ({ value: l, label: l })), error: err('level'), width: 's' })}
${selectField({
  id: 'within',
  name: 'within',
  label: 'Bara enheter under',
  hint: 'Valfritt: begränsa till en förvaltning eller avdelning.',
  value: v.within ?? '',
  options: [{ value: '', label: 'Hela nämnden' }, ...o.units.filter((u) => hasChildren.has(u.code) && u.parent !== null).map((u) => ({ value: u.code, label: `${indent(u.code)}${u.code} ${u.name}` }))],
  error: err('within'),
  width: 'l',
})}
</fieldset>
<fieldset class="fieldset">
<legend>Prognos och granskning</legend>
${textField({ id: 'threshold', name: 'thresholdTkr', label: 'Kommentarsgräns (tkr)', hint: 'En enhet vars avvikelse mot budget är större än så här (plus eller minus) måste kommentera den innan prognosen skickas in.', value: v.thresholdTkr ?? '1000', inputmode: 'numeric', width: 's', error: err('thresholdTkr') })}
${selectField({ id: 'method', name: 'method', label: 'Metod för förslag', hint: 'Förslaget visas bredvid varje prognosfält och kan användas med ett klick.', value: v.method ?? 'profile', options: o.methods.map((m) => ({ value: m.id, label: m.name })), error: err('method'), width: 'l' })}
${selectField({ id: 'prev-period', name: 'prevPeriod', label: 'Jämförelse med föregående år', hint: 'Utfall föregående år till och med denna månad i rapportens sammanställning.', value: v.prevPeriod ?? '', options: [{ value: '', label: 'Samma månad som brytmånaden' }, ...MONTHS.map((m, i) => ({ value: String(i + 1), label: `till och med ${m}` }))], error: err('prevPeriod'), width: 'l' })}
${checkbox({ id: 'by-activity', name: 'byActivity', label: 'Prognos per kontogrupp och verksamhet', checked: v.byActivity ?? false, hint: 'Annars lämnas prognosen per kontogrupp.' })}
${templateSelect(o.templates ?? [], v.template, err('template'))}
</fieldset>
<div class="form__actions">
<button type="submit" class="button button--primary">Öppna uppföljningstillfället</button>
<a class="button button--secondary" href="/rounds">Avbryt</a>
</div>
</form>`;
}

export function roundBody(o: { me: Me; round: RoundDetail; origin: string; message?: Html | null; error?: FieldError; methods: Array<{ id: string; name: string }>; review?: Html; manage?: Html | null; check?: RoundCheck }): Html {
  const r = o.round;
  const base = `/rounds/${r.id}`;
  const csrf = o.me.csrfToken;
  const p = r.progress;
  const methodName = o.methods.find((m) => m.id === r.method)?.name ?? r.method;
  const actionForm = (code: string, action: 'approve' | 'reopen' | 'submit', label: string, kind: string, unitName: string) =>
    html`<form method="post" action="${base}/units/${encodeURIComponent(code)}/${action}" class="inline-form">${csrfField(csrf)}<button type="submit" class="button button--small ${kind}">${label}<span class="visually-hidden"> ${code} ${unitName}</span></button></form>`;
  const unitsTable = r.units.length
    ? html`<table class="table" id="units-table">
<caption>Enheternas prognoser</caption>
<thead><tr><th scope="col">Enhet</th><th scope="col">Status</th><th scope="col">Inlämnad</th><th scope="col">Godkänd</th><th scope="col">Kommentar</th><th scope="col"><span class="visually-hidden">Åtgärder</span></th></tr></thead>
<tbody>
${r.units.map(
  (u) => html`<tr data-unit="${u.code}">
<th scope="row"><a href="${base}/units/${encodeURIComponent(u.code)}">${u.code} ${u.name}</a></th>
<td class="text">${statusBadge(u.status)}</td>
<td class="text small">${byAt(u.submittedBy, u.submittedAt)}</td>
<td class="text small">${byAt(u.approvedBy, u.approvedAt)}</td>
<td class="text small">${u.comment.text.trim() ? 'Ja' : html`<span class="muted">–</span>`}</td>
<td class="actions">
${u.permissions.edit ? html`<a class="button button--small button--secondary" href="${base}/units/${encodeURIComponent(u.code)}">Ange prognos<span class="visually-hidden"> för ${u.code} ${u.name}</span></a>` : null}
${u.permissions.approve ? actionForm(u.code, 'approve', 'Godkänn', 'button--primary', u.name) : null}
${u.permissions.reopen ? actionForm(u.code, 'reopen', 'Återöppna', 'button--secondary', u.name) : null}
</td>
</tr>`,
)}
</tbody>
</table>`
    : html`<p>Du har inga enheter i detta uppföljningstillfälle.</p>`;

  const publishedUrl = r.links.published ? `${o.origin}${r.links.published}` : null;
  const published = r.status === 'published'
    ? html`<section class="panel panel--published" aria-labelledby="published-heading">
<h2 id="published-heading">Publicerad rapport</h2>
<p>Publicerad ${formatDateTime(r.publishedAt)} av ${r.publishedBy ?? ''}. Uppföljningstillfället är låst och rapporten ändras inte längre.</p>
<p>Fast adress: <a href="${r.links.published!}" class="stable-url">${publishedUrl}</a></p>
<p><a href="${base}/report">Alla format (PDF, Word, Excel, JSON)</a></p>
</section>`
    : null;

  const publish =
    r.status === 'open' && r.permissions.manage
      ? html`<section class="panel" aria-labelledby="publish-heading">
<h2 id="publish-heading">Publicera</h2>
${r.permissions.publish
  ? html`<p>Alla enheter är godkända. När du publicerar låses uppföljningstillfället och rapporten fryses; den får en fast adress som inte ändras.</p>
<form method="post" action="${base}/publish" class="form">
${csrfField(csrf)}
${checkbox({ id: 'confirm-publish', name: 'confirm', value: 'yes', label: 'Jag har granskat rapporten och vill publicera den' })}
${r.missingForecasts && r.missingForecasts.cells > 0
  ? html`<p class="notice notice--warning" data-missing-count>${r.missingForecasts.cells === 1 ? '1 cell saknar' : `${r.missingForecasts.cells} celler saknar`} prognos (ej angivna): ${r.missingForecasts.units.map((x) => `${x.code} ${x.name} (${x.cells})`).join(', ')}. Rapporten visar dem tomma med en not, inte som 0.</p>
${checkbox({ id: 'allow-missing', name: 'allowMissing', value: 'yes', label: 'Publicera ändå, utan prognos för dem' })}`
  : null}
${checkPanel(o.check)}
<div class="form__actions"><button type="submit" class="button button--primary">Publicera</button> <a href="${base}/report">Förhandsgranska rapporten</a></div>
</form>`
  : html`<p>Du kan publicera när alla enheter är godkända. Nu är ${p.approved} av ${p.total} godkända.</p>`}
</section>`
      : null;

  const settings =
    r.status === 'open' && r.permissions.manage
      ? html`<details class="panel panel--details">
<summary>Ändra sista dag, kommentarsgräns eller metod</summary>
<form method="post" action="${base}/settings" class="form">
${csrfField(csrf)}
<input type="hidden" name="version" value="${r.version}">
${textField({ id: 'set-deadline', name: 'deadline', label: 'Sista dag för inlämning', type: 'date', value: r.deadline ?? '', width: 's' })}
${textField({ id: 'set-threshold', name: 'thresholdTkr', label: 'Kommentarsgräns (tkr)', value: String(r.thresholdTkr), inputmode: 'numeric', width: 's' })}
${selectField({ id: 'set-method', name: 'method', label: 'Metod för förslag', value: r.method, options: o.methods.map((m) => ({ value: m.id, label: m.name })), width: 'l' })}
<div class="form__actions"><button type="submit" class="button button--secondary">Spara inställningarna</button></div>
</form>
</details>`
      : null;

  return html`<h1>Enheter och status</h1>
${o.message ?? null}
${errorSummary(o.error)}
${published}
<dl class="facts">
<div><dt>Brytmånad</dt><dd>${monthName(r.period)} ${r.year}</dd></div>
<div><dt>Sista dag</dt><dd>${r.deadline ?? 'ingen'}</dd></div>
<div><dt>Enheter</dt><dd>nivå ${r.level}${r.byActivity ? ', per verksamhet' : ''}</dd></div>
<div><dt>Kommentar krävs</dt><dd>avvikelse över ${formatTkr(r.thresholdTkr)} tkr</dd></div>
<div><dt>Förslag</dt><dd>${methodName}</dd></div>
</dl>
<section aria-labelledby="progress-heading" class="section">
<h2 id="progress-heading">Framsteg</h2>
${progressBar(p, 'round-progress')}
<ul class="counts" aria-label="Enheter per status">
<li><span class="badge badge--open">Öppen</span> ${p.open}</li>
<li><span class="badge badge--submitted">Inlämnad</span> ${p.submitted}</li>
<li><span class="badge badge--approved">Godkänd</span> ${p.approved}</li>
</ul>
</section>
<section aria-labelledby="units-heading" class="section">
<h2 id="units-heading">Enheter</h2>
${o.review ?? unitsTable}
</section>
${publish}
${settings}
${o.manage ?? null}
${r.status === 'open' ? html`<p class="muted small"${attr('id', 'opened-by')}>Öppnat ${formatDateTime(r.createdAt)} av ${r.createdBy}.</p>` : null}`;
}

/** The check's findings before publishing: errors must be corrected, warnings read and acknowledged. */
function checkPanel(check: RoundCheck | undefined): Html | null {
  if (!check) return null;
  const { errors, warnings } = check;
  if (errors.length === 0 && warnings.length === 0) return html`<p class="notice notice--success" data-check>Kontrollen av rapporten hittade inga fel eller varningar.</p>`;
  const list = (fs: RoundCheck['errors']) => html`<ul class="findings">${fs.map((f) => html`<li>${f.message}</li>`)}</ul>`;
  return html`<div data-check>
${errors.length > 0
  ? html`<div class="notice notice--error"><p><strong>Kontrollen hittade ${errors.length === 1 ? 'ett fel' : `${errors.length} fel`}</strong> som måste rättas innan rapporten kan publiceras:</p>${list(errors)}</div>`
  : null}
${warnings.length > 0
  ? html`<details class="notice notice--warning" open><summary>Kontrollen gav ${warnings.length === 1 ? 'en varning' : `${warnings.length} varningar`}</summary>${list(warnings)}</details>
${checkbox({ id: 'acknowledge-warnings', name: 'acknowledgeWarnings', value: 'yes', label: 'Jag har läst varningarna och publicerar ändå' })}`
  : null}
</div>`;
}
