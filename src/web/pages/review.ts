/**
 * Review in one place: the round's unit list with budget, forecast, variance, comment and
 * status, sortable and filterable by query parameters (plain links and a GET form: no
 * JavaScript needed), "Godkänn alla inskickade", and the controller's panel on a unit's page
 * (approve, reopen with a reason, review comments on the unit or on one account group).
 */
import { attr, html, type Html } from '../html.ts';
import { byAt, csrfField, notice, selectField, statusBadge, tableScroll, textField } from '../layout.ts';
import { formatDateTime, formatTkr } from '../format.ts';
import type { ReviewList, ReviewNoteJson, ReviewRow, RoundUnit, UnitStatus } from '../types.ts';

export const SORT_KEYS = ['unit', 'status', 'budget', 'forecast', 'variance', 'comment'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface ReviewQuery {
  sort: SortKey;
  dir: 'asc' | 'desc';
  status: UnitStatus | '';
  /** Code or name contains this (case-insensitive). */
  q: string;
  /** Only units whose variance is beyond the comment threshold. */
  over: boolean;
}

export function readReviewQuery(get: (k: string) => string | undefined): ReviewQuery {
  const sort = (SORT_KEYS as readonly string[]).includes(get('sort') ?? '') ? (get('sort') as SortKey) : 'unit';
  const status = get('status');
  return {
    sort,
    dir: get('dir') === 'desc' ? 'desc' : 'asc',
    status: status === 'open' || status === 'submitted' || status === 'approved' ? status : '',
    q: (get('q') ?? '').trim().slice(0, 100),
    over: get('over') === '1',
  };
}

const STATUS_ORDER: Record<UnitStatus, number> = { submitted: 0, open: 1, approved: 2 };
const collator = new Intl.Collator('sv', { numeric: true });

/** The rows the query asks for, in its order; a missing forecast sorts last either way. */
export function applyReviewQuery(rows: readonly ReviewRow[], q: ReviewQuery): ReviewRow[] {
  const needle = q.q.toLocaleLowerCase('sv');
  const kept = rows.filter(
    (r) =>
      (q.status === '' || r.status === q.status) &&
      (needle === '' || `${r.code} ${r.name}`.toLocaleLowerCase('sv').includes(needle)) &&
      (!q.over || r.commentRequired),
  );
  const num = (r: ReviewRow): number | null => (q.sort === 'budget' ? r.budgetTkr : q.sort === 'forecast' ? r.forecastTkr : r.varianceTkr);
  const sign = q.dir === 'desc' ? -1 : 1;
  const order = (a: ReviewRow, b: ReviewRow): number => {
    switch (q.sort) {
      case 'unit':
        return sign * collator.compare(a.code, b.code);
      case 'status':
        return sign * (STATUS_ORDER[a.status] - STATUS_ORDER[b.status]) || collator.compare(a.code, b.code);
      case 'comment':
        return sign * collator.compare(a.comment.text.trim() ? '1' : '0', b.comment.text.trim() ? '1' : '0') || collator.compare(a.code, b.code);
      default: {
        const x = num(a);
        const y = num(b);
        if (x === null || y === null) return x === y ? collator.compare(a.code, b.code) : x === null ? 1 : -1;
        return sign * (x - y) || collator.compare(a.code, b.code);
      }
    }
  };
  return [...kept].sort(order);
}

const queryString = (q: ReviewQuery, change: Partial<ReviewQuery>): string => {
  const x = { ...q, ...change };
  const p = new URLSearchParams();
  if (x.sort !== 'unit') p.set('sort', x.sort);
  if (x.dir !== 'asc') p.set('dir', x.dir);
  if (x.status) p.set('status', x.status);
  if (x.q) p.set('q', x.q);
  if (x.over) p.set('over', '1');
  const s = p.toString();
  return s ? `?${s}` : '?';
};

/** A short form of a comment for the list (whole words, at most `max` characters). */
export function shortText(text: string, max = 80): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[,.;:]$/, '')} …`;
}

export function reviewTable(o: { base: string; csrf: string; list: ReviewList; query: ReviewQuery; thresholdTkr: number }): Html {
  const { base, list, query } = o;
  const rows = applyReviewQuery(list.rows, query);
  const submitted = list.rows.filter((r) => r.permissions.approve).length;
  const head = (key: SortKey, label: string, numeric = false) => {
    const active = query.sort === key;
    const next = active && query.dir === 'asc' ? 'desc' : 'asc';
    const state = active ? (query.dir === 'asc' ? 'ascending' : 'descending') : null;
    return html`<th scope="col"${attr('class', numeric ? 'num' : null)}${attr('aria-sort', state)}><a href="${base}${queryString(query, { sort: key, dir: next })}#units-heading" class="sort-link">${label}<span class="visually-hidden">${active ? (query.dir === 'asc' ? ', sorterad stigande; sortera fallande' : ', sorterad fallande; sortera stigande') : ', sortera'}</span><span aria-hidden="true">${active ? (query.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span></a></th>`;
  };
  const unitLink = (r: RoundUnit) => `${base}/units/${encodeURIComponent(r.code)}`;
  const filters = html`<form method="get" action="${base}" class="filter-form" role="search" aria-label="Filtrera enheterna">
${selectField({ id: 'filter-status', name: 'status', label: 'Status', value: query.status, options: [{ value: '', label: 'Alla' }, { value: 'open', label: 'Öppna' }, { value: 'submitted', label: 'Inlämnade' }, { value: 'approved', label: 'Godkända' }], width: 's' })}
${textField({ id: 'filter-q', name: 'q', label: 'Enhet innehåller', value: query.q, width: 's' })}
<div class="field"><label class="checkbox"><input type="checkbox" name="over" value="1"${attr('checked', query.over)}> Bara avvikelse över ±${formatTkr(o.thresholdTkr)} tkr</label></div>
${query.sort !== 'unit' ? html`<input type="hidden" name="sort" value="${query.sort}"><input type="hidden" name="dir" value="${query.dir}">` : null}
<div class="form__actions"><button type="submit" class="button button--secondary button--small">Filtrera</button> <a href="${base}#units-heading">Visa alla</a></div>
</form>`;
  const bulk = list.permissions.approveSubmitted
    ? html`<form method="post" action="${base}/approve-submitted" class="inline-form bulk-approve">${csrfField(o.csrf)}<button type="submit" class="button button--primary">Godkänn alla inskickade (${submitted})</button></form>`
    : null;
  const table = rows.length
    ? tableScroll(
        'units-caption',
        html`<table class="table review-table" id="units-table">
<caption id="units-caption">Enheternas prognoser (tkr)${rows.length < list.rows.length ? `, ${rows.length} av ${list.rows.length} enheter` : ''}</caption>
<thead><tr>${head('unit', 'Enhet')}${head('status', 'Status')}${head('budget', 'Budget', true)}${head('forecast', 'Prognos', true)}${head('variance', 'Avvikelse', true)}${head('comment', 'Kommentar')}<th scope="col"><span class="visually-hidden">Åtgärder</span></th></tr></thead>
<tbody>
${rows.map(
  (r) => html`<tr data-unit="${r.code}">
<th scope="row"><a href="${unitLink(r)}">${r.code} ${r.name}</a></th>
<td class="text">${statusBadge(r.status)}<br><span class="small">${r.status === 'approved' ? byAt(r.approvedBy, r.approvedAt) : r.status === 'submitted' ? byAt(r.submittedBy, r.submittedAt) : r.reopened?.reason ? html`<span class="muted">återöppnad: ${shortText(r.reopened.reason, 40)}</span>` : null}</span></td>
<td class="num">${formatTkr(r.budgetTkr)}</td>
<td class="num">${r.forecastTkr === null ? html`<span class="muted">ej angiven</span>` : formatTkr(r.forecastTkr)}${r.forecastTkr !== null && r.entered < r.rows ? html`<br><span class="small muted">${r.entered} av ${r.rows} rader</span>` : null}</td>
<td class="${r.varianceTkr !== null && r.varianceTkr < 0 ? 'num variance negative' : 'num variance'}">${r.varianceTkr === null ? '–' : formatTkr(r.varianceTkr)}${r.commentRequired ? html`<br><span class="small">över gränsen</span>` : null}</td>
<td class="text small">${r.comment.text.trim() ? shortText(r.comment.text) : r.commentRequired ? html`<span class="badge badge--warning">Saknas</span>` : html`<span class="muted">–</span>`}${r.notes ? html`<br><a href="${unitLink(r)}#review-heading">${r.notes} ${r.notes === 1 ? 'granskningskommentar' : 'granskningskommentarer'}</a>` : null}</td>
<td class="actions">
${r.permissions.edit ? html`<a class="button button--small button--secondary" href="${unitLink(r)}">Ange prognos<span class="visually-hidden"> för ${r.code} ${r.name}</span></a>` : null}
${r.permissions.approve ? html`<form method="post" action="${unitLink(r)}/approve" class="inline-form">${csrfField(o.csrf)}<button type="submit" class="button button--small button--primary">Godkänn<span class="visually-hidden"> ${r.code} ${r.name}</span></button></form>` : null}
${r.permissions.reopen ? html`<a class="button button--small button--secondary" href="${unitLink(r)}#review-heading">Återöppna<span class="visually-hidden"> ${r.code} ${r.name}</span></a>` : null}
</td>
</tr>`,
)}
</tbody>
</table>`,
      )
    : html`<p>${list.rows.length ? 'Inga enheter stämmer med filtret.' : 'Du har inga enheter i detta uppföljningstillfälle.'}</p>`;
  return html`<div class="review-tools">${filters}${bulk}</div>
${table}`;
}

/** The review section of a unit's page: its status, the reopen reason, the controller's actions and the review comments. */
export function reviewPanel(o: {
  base: string;
  csrf: string;
  unit: RoundUnit;
  notes: ReviewNoteJson[];
  groups: Array<{ group: string; label: string }>;
  canNote: boolean;
  error?: { field?: string; message: string } | undefined;
  reasonDraft?: string | undefined;
  noteDraft?: string | undefined;
}): Html {
  const u = o.unit;
  const err = (f: string) => (o.error?.field === f ? o.error.message : undefined);
  const groupName = (g: string | null) => (g ? (o.groups.find((x) => x.group === g)?.label ?? `kontogrupp ${g}`) : 'hela enheten');
  const reopened = u.reopened?.reason
    ? notice('warning', html`Återöppnad av ${u.reopened.by} ${formatDateTime(u.reopened.at)}. Skäl: ${u.reopened.reason}`, 'Controllern har återöppnat prognosen')
    : null;
  const approve = u.permissions.approve
    ? html`<form method="post" action="${o.base}/approve" class="inline-form">${csrfField(o.csrf)}<input type="hidden" name="from" value="unit"><button type="submit" class="button button--primary">Godkänn prognosen</button></form>`
    : null;
  const reopen = u.permissions.reopen
    ? html`<form method="post" action="${o.base}/reopen" class="form review-reopen">
${csrfField(o.csrf)}
${textField({ id: 'reopen-reason', name: 'reason', label: 'Skäl till återöppning', hint: 'Skälet sparas i ändringsloggen och skickas till enhetens redigerare.', value: o.reasonDraft ?? '', width: 'l', error: err('reason') })}
<div class="form__actions"><button type="submit" class="button button--secondary">Återöppna prognosen</button></div>
</form>`
    : null;
  const noteList = o.notes.length
    ? html`<ul class="notes">${o.notes.map((n) => html`<li class="note"><p class="note__meta small"><strong>${n.author}</strong> om ${groupName(n.group)}${n.activity ? `, verksamhet ${n.activity}` : ''} · ${formatDateTime(n.createdAt)}</p><p class="note__text">${n.text}</p></li>`)}</ul>`
    : html`<p class="muted">Inga granskningskommentarer ännu.</p>`;
  const noteForm = o.canNote
    ? html`<form method="post" action="${o.base}/notes" class="form">
${csrfField(o.csrf)}
${selectField({ id: 'note-group', name: 'group', label: 'Gäller', value: '', options: [{ value: '', label: 'Hela enheten' }, ...o.groups.map((g) => ({ value: g.group, label: g.label }))], width: 'l' })}
<div class="${err('text') ? 'field field--error' : 'field'}">
<label class="field__label" for="note-text">Granskningskommentar</label>
${err('text') ? html`<p class="field__error" id="note-text-error"><span class="visually-hidden">Fel: </span>${err('text')}</p>` : null}
<textarea class="textarea" id="note-text" name="text" rows="3"${attr('aria-invalid', err('text') ? 'true' : null)}${attr('aria-describedby', err('text') ? 'note-text-error' : null)}>${o.noteDraft ?? ''}</textarea>
</div>
<div class="form__actions"><button type="submit" class="button button--secondary">Lägg till kommentaren</button></div>
</form>`
    : null;
  return html`<section class="section panel" aria-labelledby="review-heading">
<h2 id="review-heading">Granskning</h2>
${reopened}
<p>${statusBadge(u.status)}${u.submittedBy ? html` Inskickad av ${u.submittedBy} ${formatDateTime(u.submittedAt)}.` : null}${u.approvedBy ? html` Godkänd av ${u.approvedBy} ${formatDateTime(u.approvedAt)}.` : null}</p>
${approve || reopen ? html`<div class="review-actions">${approve}${reopen}</div>` : null}
<h3 id="notes-heading">Granskningskommentarer</h3>
${noteList}
${noteForm}
</section>`;
}
