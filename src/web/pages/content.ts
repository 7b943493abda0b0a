/**
 * Status entry for the round's board: goals (per goal area, the council's strategic goals as
 * headings with the board's goals under them), assignments and measures; and the narrative
 * texts of the report with an escaped preview.
 */
import { ASSIGNMENT_STATUSES, GOAL_STATUSES } from '../../core/domain/followup.ts';
import { attr, cls, html, raw, type Html } from '../html.ts';
import { csrfField, errorSummary, notice, selectField, textArea, textField, type FieldError, tableScroll } from '../layout.ts';
import { formatDateTime } from '../format.ts';
import { previewHtml } from '../markdown.ts';
import type { AssignmentEntry, Content, GoalEntry, MeasureEntry, NarrativeEntry, RoundSummary } from '../types.ts';

/** Which item a form error belongs to (the page shows it there). */
export interface ItemError extends FieldError {
  item: string;
}

const saved = (x: { updatedBy: string | null; updatedAt: string | null }): Html | null =>
  x.updatedBy ? html`<p class="muted small">Senast sparad av ${x.updatedBy} ${formatDateTime(x.updatedAt)}</p>` : null;

const statusClass = (s: string | null): string => {
  const t = (s ?? '').toLowerCase();
  if (t === 'uppfylls' || t === 'genomfört') return 'good';
  if (t === 'uppfylls delvis' || t === 'påbörjat') return 'partly';
  if (t === 'uppfylls ej' || t === 'ej påbörjat') return 'bad';
  return 'none';
};

/**
 * What the one status form of the page brings back after a save that was not wholly stored:
 * per item (`goals:<code>`) the values typed and why they were not saved. Items saved are shown
 * as stored.
 */
export interface StatusFormState {
  typed: ReadonlyMap<string, { status: string; comment: string }>;
  errors: ReadonlyMap<string, string>;
}

/** Field names in the page's one status form: `<kind>:<code>:<field>`. */
export const statusFieldName = (kind: 'goals' | 'assignments', code: string, field: 'status' | 'comment' | 'version' | 'was-status' | 'was-comment'): string => `${kind}:${code}:${field}`;

function statusFields(o: {
  kind: 'goals' | 'assignments';
  item: GoalEntry | AssignmentEntry;
  editable: boolean;
  state?: StatusFormState | undefined;
  /** An error of the single-item route (`…/goals/:code/status`), kept for API-less clients. */
  error?: ItemError | undefined;
  headingLevel: number;
  title: string;
}): Html {
  const x = o.item;
  const id = `${o.kind === 'goals' ? 'goal' : 'assignment'}-${x.code.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const statuses = o.kind === 'goals' ? GOAL_STATUSES : ASSIGNMENT_STATUSES;
  const h = `h${o.headingLevel}`;
  const item = `${o.kind}:${x.code}`;
  const err = o.state?.errors.get(item) ?? (o.error?.item === item ? o.error.message : undefined);
  const typed = o.state?.typed.get(item);
  const heading = raw(`<${h} class="status-item__title" id="${id}-title">`);
  const close = raw(`</${h}>`);
  if (!o.editable) {
    return html`<article class="status-item" aria-labelledby="${id}-title">
${heading}${o.title}${close}
<p><span class="status status--${statusClass(x.status)}">${x.status ?? 'Ej bedömd'}</span></p>
${x.comment ? html`<p class="status-item__comment">${x.comment}</p>` : null}
</article>`;
  }
  const name = (f: Parameters<typeof statusFieldName>[2]) => statusFieldName(o.kind, x.code, f);
  const status = typed?.status ?? x.status ?? '';
  const comment = typed?.comment ?? x.comment;
  return html`<article class="status-item status-item--form" aria-labelledby="${id}-title" id="${id}">
<div class="status-item__head">
${heading}${o.title}${close}
${saved(x)}
</div>
<div class="status-item__form">
${err ? notice('error', err.charAt(0).toUpperCase() + err.slice(1)) : null}
<input type="hidden" name="${name('version')}" value="${x.version}">
<input type="hidden" name="${name('was-status')}" value="${x.status ?? ''}">
<input type="hidden" name="${name('was-comment')}" value="${x.comment}">
${selectField({ id: `${id}-status`, name: name('status'), label: 'Status', value: status, options: [{ value: '', label: 'Ej bedömd' }, ...statuses.map((s) => ({ value: s, label: s }))] })}
${textArea({ id: `${id}-comment`, name: name('comment'), label: 'Kommentar', value: comment, rows: Math.min(6, Math.max(2, Math.ceil(comment.length / 55))) })}
</div>
</article>`;
}

export function goalsBody(o: { round: RoundSummary; content: Content; csrf: string; message?: Html | null; error?: ItemError; state?: StatusFormState }): Html {
  const base = `/rounds/${o.round.id}`;
  const c = o.content;
  const areas = [...new Set([...c.goals.map((g) => g.goalArea), ...c.assignments.map((a) => a.goalArea)])];
  const children = (code: string) => c.goals.filter((g) => g.parent === code);
  const fields = (kind: 'goals' | 'assignments', item: GoalEntry | AssignmentEntry, headingLevel: number, title: string) =>
    statusFields({ kind, item, editable: c.editable, state: o.state, error: o.error, headingLevel, title });
  const goalSection = (area: string, i: number) => {
    const roots = c.goals.filter((g) => g.goalArea === area && (g.parent === null || !c.goals.some((p) => p.code === g.parent)));
    if (roots.length === 0) return null;
    return html`<section class="goal-area" aria-labelledby="area-${i}">
<h3 id="area-${i}">${area}</h3>
${roots.map((g) => {
  const kids = children(g.code);
  if (kids.length === 0) return fields('goals', g, 4, `Mål ${g.code}: ${g.text}`);
  return html`<div class="goal-group">
<h4 class="goal-group__title">Kommunfullmäktiges mål ${g.code}: ${g.text}</h4>
${kids.map((k) => fields('goals', k, 5, `${k.kind === 'indicator' ? 'Indikator' : 'Nämndmål'} ${k.code}: ${k.text}`))}
</div>`;
})}
</section>`;
  };
  const assignments = c.assignments.length ? c.assignments.map((a) => fields('assignments', a, 3, `${a.code}: ${a.text}`)) : html`<p>Inga uppdrag för ${o.round.year}.</p>`;
  const failed = o.state?.errors.size ?? 0;
  const sections = html`<section aria-labelledby="goals-heading" class="section">
<h2 id="goals-heading">Mål</h2>
${c.goals.length ? areas.map(goalSection) : html`<p>Inga mål för ${o.round.year}.</p>`}
</section>
<section aria-labelledby="assignments-heading" class="section">
<h2 id="assignments-heading">Uppdrag</h2>
${assignments}
</section>`;
  // Goals and assignments are one form: one save stores every change on the page, and nothing
  // typed into one item is lost by saving another (issue 11: 52 forms on one page lost edits).
  return html`<h1>Mål och uppdrag</h1>
${o.message ?? null}
${failed > 0 ? notice('error', `${failed === 1 ? 'En bedömning' : `${failed} bedömningar`} kunde inte sparas; det du skrev står kvar nedan. De övriga ändringarna är sparade.`) : null}
${c.editable ? null : notice('info', o.round.status === 'published' ? 'Uppföljningstillfället är publicerat; mål, uppdrag och åtgärder är låsta.' : 'Du kan läsa men inte ändra mål, uppdrag och åtgärder.')}
<nav class="toc" aria-label="På den här sidan"><ul><li><a href="#goals-heading">Mål</a></li><li><a href="#assignments-heading">Uppdrag</a></li><li><a href="#measures-heading">Åtgärder</a></li><li><a href="/rounds/${o.round.id}/observations">Iakttagelser</a></li></ul></nav>
${c.editable
  ? html`<form method="post" action="${base}/statuses" class="status-form" id="status-form" data-draft>
${csrfField(o.csrf)}
${sections}
<div class="status-form__actions"><button type="submit" class="button button--primary">Spara ändringarna</button> <span class="muted small">Sparar alla ändrade mål och uppdrag på sidan.</span></div>
</form>`
  : sections}
${measuresSection({ base, csrf: o.csrf, measures: c.measures, editable: c.editable, error: o.error })}`;
}

function measureFields(prefix: string, m: Partial<MeasureEntry>, err: ItemError | undefined): Html {
  const e = (f: string) => (err?.field === f ? err.message : undefined);
  return html`${textArea({ id: `${prefix}-text`, name: 'text', label: 'Åtgärd', value: m.text ?? '', rows: 3, error: e('text') })}
<div class="field-row">
${textField({ id: `${prefix}-decision`, name: 'decisionDate', label: 'Beslut', hint: 'Datum eller instans.', value: m.decisionDate ?? '', width: 's', error: e('decisionDate') })}
${textField({ id: `${prefix}-diary`, name: 'diaryNumber', label: 'Diarienummer', value: m.diaryNumber ?? '', width: 's', error: e('diaryNumber') })}
</div>
<div class="field-row">
${textField({ id: `${prefix}-forecast`, name: 'forecastEffectMnkr', label: 'Effekt i prognosen (mnkr)', value: m.forecastEffectMnkr ?? '', inputmode: 'decimal', width: 'xs', error: e('forecastEffectMnkr') })}
${textField({ id: `${prefix}-total`, name: 'totalEffectMnkr', label: 'Total effekt (mnkr)', value: m.totalEffectMnkr ?? '', inputmode: 'decimal', width: 'xs', error: e('totalEffectMnkr') })}
${textField({ id: `${prefix}-achieved`, name: 'achievedMnkr', label: 'Uppnått (mnkr)', value: m.achievedMnkr ?? '', inputmode: 'decimal', width: 'xs', error: e('achievedMnkr') })}
</div>
${textField({ id: `${prefix}-expected`, name: 'expectedEffect', label: 'Förväntad effekt', value: m.expectedEffect ?? '', width: 'l', error: e('expectedEffect') })}
${textArea({ id: `${prefix}-comment`, name: 'comment', label: 'Kommentar', value: m.comment ?? '', rows: 3, error: e('comment') })}`;
}

function measuresSection(o: { base: string; csrf: string; measures: MeasureEntry[]; editable: boolean; error?: ItemError | undefined }): Html {
  const item = (m: MeasureEntry) => {
    const id = `measure-${m.nr.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const err = o.error?.item === `measures:${m.nr}` ? o.error : undefined;
    if (!o.editable) {
      return html`<article class="status-item" aria-labelledby="${id}-title"><h3 class="status-item__title" id="${id}-title">Åtgärd ${m.nr}</h3><p>${m.text}</p>
<dl class="facts facts--small"><div><dt>Effekt i prognosen</dt><dd>${m.forecastEffectMnkr ?? '–'} mnkr</dd></div><div><dt>Total effekt</dt><dd>${m.totalEffectMnkr ?? '–'} mnkr</dd></div><div><dt>Uppnått</dt><dd>${m.achievedMnkr ?? '–'} mnkr</dd></div></dl>
${m.comment ? html`<p class="status-item__comment">${m.comment}</p>` : null}</article>`;
    }
    return html`<article class="status-item" aria-labelledby="${id}-title" id="${id}">
<h3 class="status-item__title" id="${id}-title">Åtgärd ${m.nr}</h3>
${err && !err.field ? notice('error', err.message.charAt(0).toUpperCase() + err.message.slice(1)) : null}
<form method="post" action="${o.base}/measures/${encodeURIComponent(m.nr)}" class="form" data-draft>
${csrfField(o.csrf)}
<input type="hidden" name="version" value="${m.version}">
${measureFields(id, m, err)}
<div class="form__actions"><button type="submit" class="button button--secondary button--small">Spara åtgärd ${m.nr}</button></div>
${saved(m)}
</form>
<form method="post" action="${o.base}/measures/${encodeURIComponent(m.nr)}/delete" class="inline-form">
${csrfField(o.csrf)}<input type="hidden" name="version" value="${m.version}">
<button type="submit" class="button button--small button--danger">Ta bort åtgärd ${m.nr}</button>
</form>
</article>`;
  };
  const newErr = o.error?.item === 'measures:new' ? o.error : undefined;
  return html`<section aria-labelledby="measures-heading" class="section">
<h2 id="measures-heading">Åtgärder</h2>
${o.measures.length ? o.measures.map(item) : html`<p>Inga åtgärder ännu.</p>`}
${o.editable
  ? html`<details class="panel panel--details"${attr('open', !!newErr)} id="new-measure">
<summary>Lägg till en åtgärd</summary>
${newErr && !newErr.field ? notice('error', newErr.message.charAt(0).toUpperCase() + newErr.message.slice(1)) : null}
<form method="post" action="${o.base}/measures" class="form" data-draft>
${csrfField(o.csrf)}
${textField({ id: 'new-measure-nr', name: 'nr', label: 'Nummer', hint: 'Bokstäver, siffror och . _ - (högst 20 tecken).', width: 'xs', error: newErr?.field === 'nr' ? newErr.message : undefined })}
${measureFields('new-measure', {}, newErr)}
<div class="form__actions"><button type="submit" class="button button--primary">Lägg till åtgärden</button></div>
</form>
</details>`
  : null}
</section>`;
}

// --- narrative texts -------------------------------------------------------------------------

export interface TextSlot {
  key: string;
  /** Where the text sits in the report: "2.1 Analys av verksamhetens prognos". */
  place: string;
  required: boolean;
  entry: NarrativeEntry | undefined;
}

export function textsBody(o: { round: RoundSummary; slots: TextSlot[]; editable: boolean; message?: Html | null }): Html {
  const base = `/rounds/${o.round.id}/texts`;
  return html`<h1>Texter</h1>
${o.message ?? null}
<p class="lead">Rapportens texter, i rapportens ordning. Skriv ren text: en tom rad mellan stycken, rader som börjar med "- " blir en punktlista, **fet** och *kursiv* stil.</p>
${tableScroll('content-table-0-caption', html`<table class="table">
<caption id="content-table-0-caption" class="visually-hidden">Rapportens texter</caption>
<thead><tr><th scope="col">Plats i rapporten</th><th scope="col">Status</th><th scope="col">Senast sparad</th></tr></thead>
<tbody>
${o.slots.map(
  (s) => html`<tr>
<th scope="row"><a href="${base}/${encodeURIComponent(s.key)}">${s.place}</a>${s.required ? html` <span class="tag">krävs</span>` : null}</th>
<td class="text">${s.entry && s.entry.text.trim() ? 'Skriven' : html`<span class="${cls(s.required && 'warning-text')}">Tom</span>`}</td>
<td class="text small">${s.entry?.updatedBy ? html`${s.entry.updatedBy}, ${formatDateTime(s.entry.updatedAt)}` : html`<span class="muted">–</span>`}</td>
</tr>`,
)}
</tbody>
</table>`)}
${o.editable ? null : html`<p class="muted">Du kan läsa texterna men inte ändra dem.</p>`}
<p>Nämndens egna tabeller (indikatorer, fem år i sammandrag, åtgärder …) skrivs under <a href="/rounds/${o.round.id}/grids">Tabeller</a>, intraprenadernas ackumulerade resultat under <a href="/rounds/${o.round.id}/rollforward">Intraprenader</a>.</p>`;
}

export function textBody(o: { round: RoundSummary; slot: TextSlot; editable: boolean; csrf: string; draft?: { title: string; text: string }; message?: Html | null; error?: FieldError; conflict?: NarrativeEntry | null }): Html {
  const s = o.slot;
  const e = s.entry;
  const title = o.draft?.title ?? e?.title ?? '';
  const text = o.draft?.text ?? e?.text ?? '';
  const preview = previewHtml(text);
  return html`<h1>${s.place}</h1>
${o.message ?? null}
${errorSummary(o.error, { text: 'narrative-text', title: 'narrative-title' })}
${o.conflict !== undefined
  ? notice(
      'warning',
      html`<p>Texten har ändrats av ${o.conflict?.updatedBy ?? 'någon annan'} ${formatDateTime(o.conflict?.updatedAt)} medan du skrev. Din version finns kvar i fältet nedan och är inte sparad; deras version visas under den. Spara igen för att skriva över med din.</p>
<blockquote class="comment-view">${o.conflict?.text ?? ''}</blockquote>`,
      'Någon annan har ändrat texten',
    )
  : null}
<div class="text-editor">
${o.editable
  ? html`<form method="post" action="/rounds/${o.round.id}/texts/${encodeURIComponent(s.key)}" class="form text-editor__form" data-draft>
${csrfField(o.csrf)}
<input type="hidden" name="version" value="${o.conflict ? o.conflict.version : (e?.version ?? 0)}">
${textField({ id: 'narrative-title', name: 'title', label: 'Egen rubrik (valfri)', hint: 'Lämna tomt för rapportens rubrik.', value: title, width: 'l', error: o.error?.field === 'title' ? o.error.message : undefined })}
${textArea({ id: 'narrative-text', name: 'text', label: 'Text', hint: 'Tom rad mellan stycken. "- " i början av raderna ger en punktlista. **fet**, *kursiv*.', value: text, rows: 16, error: o.error?.field === 'text' ? o.error.message : undefined, extra: html` data-preview-source="narrative-preview"` })}
<div class="form__actions"><button type="submit" class="button button--primary">Spara texten</button> <a href="/rounds/${o.round.id}/texts">Tillbaka till texterna</a></div>
${e?.updatedBy ? html`<p class="muted small">Senast sparad av ${e.updatedBy} ${formatDateTime(e.updatedAt)}</p>` : null}
</form>`
  : null}
<section class="text-editor__preview" aria-labelledby="preview-heading">
<h2 id="preview-heading">Förhandsvisning</h2>
<div class="preview" id="narrative-preview" aria-live="off">${preview ? raw(preview) : html`<p class="muted">Texten är tom.</p>`}</div>
</section>
</div>`;
}
