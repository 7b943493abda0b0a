/**
 * Forecast entry for one unit of a round: a table per account group (× activity) with last
 * year's closing, budget, actual to date, the proposal (with its method and how good it was
 * last year), the editable forecast and its variance; totals; the variance comment; submit.
 *
 * Without JavaScript every row is its own small form (the fields name their form with the
 * `form` attribute, since a form cannot wrap a table row) and a save reloads the page. The
 * browser module (`client/forecast.ts`) reads the `data-*` attributes written here and turns
 * the same table into a live grid: variance as you type, a save per cell, arrow keys, Enter,
 * Esc and a conflict dialog.
 */
import { attr, cls, html, type Html } from '../html.ts';
import { checkbox, csrfField, errorSummary, notice, statusBadge, tableScroll, type FieldError } from '../layout.ts';
import { actualToDateLabel, formatDateTime, formatPercent, formatTkr, monthName } from '../format.ts';
import type { BacktestJson, ForecastGrid, GridRow, Me, MethodJson } from '../types.ts';

/** A forecast the server asks about (sign, plausibility) before it is saved: answered on the page. */
export interface EntryQuestionInfo {
  group: string;
  activity: string;
  version: number;
  amountText: string;
  kinds: string[];
  message: string;
}

export interface ConflictInfo {
  group: string;
  activity: string;
  label: string;
  mineText: string;
  mineOre: number | null;
  current: { amountTkr: number | null; version: number; updatedBy: string | null; updatedAt: string | null };
}

export const rowLabel = (r: Pick<GridRow, 'group' | 'groupName' | 'activity' | 'activityName'>): string =>
  r.activity ? `${r.group} ${r.groupName}, ${r.activity} ${r.activityName ?? ''}`.trim() : `${r.group} ${r.groupName}`;

/** The sentence under a "?": what the method would have proposed last year, and how far off it was. */
export function backtestText(b: BacktestJson, period: number, year: number): string {
  const when = `efter ${monthName(period)} ${year - 1}`;
  if (b.closingTkr === 0 && b.proposalTkr === 0) return `Förra året fanns inga belopp här, så metoden kan inte prövas mot ${year - 1}.`;
  const core = `Med samma metod ${when} hade förslaget blivit ${formatTkr(b.proposalTkr)} tkr. Bokslutet blev ${formatTkr(b.closingTkr)} tkr, en skillnad på ${formatTkr(b.errorTkr)} tkr${b.errorPct !== null ? ` (${formatPercent(b.errorPct)})` : ''}.`;
  return b.reliable ? core : `${core} Underlaget för ${year - 1} är ofullständigt (budget eller året innan saknas), så jämförelsen säger lite.`;
}

function methodsTable(methods: MethodJson[], current: string, year: number): Html {
  return html`<table class="table table--compact">
<caption>Hur nära bokslutet ${year - 1} hade metoderna kommit för hela enheten</caption>
<thead><tr><th scope="col">Metod</th><th scope="col" class="num">Förslag ${year - 1}</th><th scope="col" class="num">Bokslut ${year - 1}</th><th scope="col" class="num">Skillnad</th><th scope="col" class="num">Skillnad i %</th><th scope="col">Underlag</th></tr></thead>
<tbody>
${methods.map(
  (m) => html`<tr${attr('class', m.id === current ? 'current' : null)}><th scope="row">${m.name}${m.id === current ? html` <span class="muted">(används)</span>` : null}</th>
<td class="num">${formatTkr(m.backtest.proposalTkr)}</td><td class="num">${formatTkr(m.backtest.closingTkr)}</td><td class="num">${formatTkr(m.backtest.errorTkr)}</td><td class="num">${formatPercent(m.backtest.errorPct)}</td><td class="text">${m.backtest.reliable ? 'fullständigt' : 'ofullständigt'}</td></tr>`,
)}
</tbody>
</table>`;
}

const signNote = (sign: string): string =>
  sign === 'net' ? 'Belopp i tkr. Intäkter är positiva och kostnader negativa; en positiv avvikelse är bättre än budget.' : 'Belopp i tkr. Kostnader är positiva; en positiv avvikelse är bättre än budget.';

function rowState(r: GridRow, previous: string | null): Html {
  if (r.source === 'entered' && r.updatedBy) return html`Ändrad av ${r.updatedBy}<br>${formatDateTime(r.updatedAt)}`;
  if (r.source === 'carried') return html`Från ${previous ?? 'förra omgången'}, ej ändrad`;
  if (r.source === 'imported') return html`Inläst prognos`;
  if (r.missing) return html`Ej angiven`;
  return html``;
}

/** A total's forecast: the sum when every cell has one, else "ej komplett" and how many cells are missing. */
function totalForecast(t: ForecastGrid['total']): Html {
  if (t.complete !== false) return html`${formatTkr(t.tkr.forecast)}`;
  return html`<span class="incomplete">ej komplett</span><br><span class="small muted">${t.missing} ${t.missing === 1 ? 'cell saknas' : 'celler saknas'}</span>`;
}

export function forecastBody(o: {
  me: Me;
  grid: ForecastGrid;
  methodParam: string | undefined;
  message?: Html | null;
  error?: FieldError;
  conflict?: ConflictInfo;
  question?: EntryQuestionInfo;
  commentDraft?: string;
  /** The review section (status, the controller's actions, review comments). */
  review?: Html;
}): Html {
  const g = o.grid;
  const r = g.round;
  const u = g.unit;
  const editable = u.permissions.edit;
  const base = `/rounds/${r.id}/units/${encodeURIComponent(u.code)}`;
  const csrf = o.me.csrfToken;
  const byActivity = r.byActivity;
  const operating = g.rows.map((row, i) => ({ row, i })).filter((x) => x.row.group !== 'I');
  const investments = g.rows.map((row, i) => ({ row, i })).filter((x) => x.row.group === 'I');
  const thresholdOre = BigInt(g.thresholdTkr) * 100_000n;
  const varianceClass = (v: number | null) => cls('num', 'variance', v !== null && v < 0 && 'negative');
  // From the second round on: the previous round's forecast as its own column, and the change against it.
  const prev = g.previousRound?.name ?? null;
  const prevCells = (t: { tkr: { prevForecast?: number | null; change?: number | null } }) =>
    prev ? html`<td class="num">${formatTkr(t.tkr.prevForecast ?? null)}</td><td class="${varianceClass(t.tkr.change ?? null)}">${formatTkr(t.tkr.change ?? null)}</td>` : null;

  const line = ({ row, i }: { row: GridRow; i: number }) => {
    const label = rowLabel(row);
    const formId = `row-${i}`;
    const inputId = `fc-${i}`;
    const forecastCell = editable
      ? html`<label class="visually-hidden" for="${inputId}">Prognos ${r.year} för ${label}, tkr</label><input id="${inputId}" class="input input--amount" name="amount" form="${formId}" value="${formatTkr(row.tkr.forecast)}" inputmode="decimal" autocomplete="off" spellcheck="false" data-forecast-input> <button type="submit" class="button button--small button--secondary nojs-only" form="${formId}" name="action" value="save">Spara<span class="visually-hidden"> ${label}</span></button>`
      : row.tkr.forecast === null && row.missing
        ? html`<span class="muted">ej angiven</span>`
        : html`${formatTkr(row.tkr.forecast)}`;
    return html`<tr data-row="${i}" data-group="${row.group}" data-activity="${row.activity}" data-version="${row.version}" data-label="${label}" data-budget-ore="${row.ore.budget ?? 0}" data-proposal-ore="${row.ore.proposal ?? 0}" data-saved-ore="${row.ore.forecast ?? ''}" data-investment="${row.group === 'I' ? 'true' : 'false'}" data-expects="${row.missing || Boolean(row.ore.budget || row.ore.actualToDate || row.ore.closingPrev) ? 'true' : 'false'}">
<th scope="row">${row.group} ${row.groupName}</th>
${byActivity ? html`<td class="text">${row.activity ? `${row.activity} ${row.activityName ?? ''}` : '–'}</td>` : null}
<td class="num">${formatTkr(row.tkr.closingPrev)}</td>
<td class="num">${formatTkr(row.tkr.budget)}</td>
<td class="num">${formatTkr(row.tkr.actualToDate)}</td>
<td class="num proposal"><span class="proposal__value" data-proposal-text>${formatTkr(row.tkr.proposal)}</span>
<details class="hint"><summary><span aria-hidden="true">?</span><span class="visually-hidden">Om förslaget för ${label}</span></summary>
<div class="hint__body"><p><strong>${g.method.name}.</strong> ${g.method.description}</p><p>${backtestText(row.backtest, r.period, r.year)}</p></div>
</details></td>
<td class="${cls('num', 'forecast', editable && 'forecast--editable')}">${forecastCell}</td>
<td class="${varianceClass(row.tkr.variance)}" data-variance>${formatTkr(row.tkr.variance)}</td>
${prevCells(row)}
<td class="row-actions">${editable ? html`<button type="submit" class="button button--small button--link" form="${formId}" name="action" value="proposal" data-use-proposal>Använd förslag<span class="visually-hidden"> för ${label}</span></button>` : null}<span class="row-state small muted" data-row-state>${rowState(row, prev)}</span></td>
</tr>`;
  };

  const totalRow = (label: string, t: ForecastGrid['total'], kind: string) => html`<tr class="total" data-total="${kind}">
<th scope="row"${byActivity ? attr('colspan', 2) : null}>${label}</th>
<td class="num">${formatTkr(t.tkr.closingPrev)}</td>
<td class="num">${formatTkr(t.tkr.budget)}</td>
<td class="num">${formatTkr(t.tkr.actualToDate)}</td>
<td class="num">${formatTkr(t.tkr.proposal)}</td>
<td class="num" data-total-forecast>${totalForecast(t)}</td>
<td class="${varianceClass(t.tkr.variance)}" data-total-variance>${formatTkr(t.tkr.variance)}</td>
${prevCells(t)}
<td></td>
</tr>`;

  const cols = (byActivity ? 9 : 8) + (prev ? 2 : 0);
  const table = tableScroll(
    'forecast-grid-caption',
    html`<table class="table grid-table" id="forecast-grid">
<caption id="forecast-grid-caption">Prognos ${r.year} per kontogrupp${byActivity ? ' och verksamhet' : ''} för ${u.code} ${u.name} <span class="caption-unit">(tkr)</span></caption>
<thead><tr>
<th scope="col">Kontogrupp</th>${byActivity ? html`<th scope="col">Verksamhet</th>` : null}
<th scope="col" class="num">Bokslut ${r.year - 1}</th>
<th scope="col" class="num">Budget ${r.year}</th>
<th scope="col" class="num">${actualToDateLabel(r.period)}</th>
<th scope="col" class="num">Förslag</th>
<th scope="col" class="num">Prognos ${r.year}</th>
<th scope="col" class="num">Avvikelse</th>
${prev ? html`<th scope="col" class="num">Prognos ${prev}</th><th scope="col" class="num">Förändring mot ${prev}</th>` : null}
<th scope="col"><span class="visually-hidden">Förslag och senaste ändring</span></th>
</tr></thead>
<tbody>
${operating.map(line)}
</tbody>
<tbody class="totals">
${totalRow('Summa drift', g.total, 'operating')}
</tbody>
${g.investments && investments.length
  ? html`<tbody>
<tr class="heading"><th scope="rowgroup" colspan="${cols}">Investeringar</th></tr>
${investments.map(line)}
${totalRow('Summa investeringar', g.investments, 'investments')}
</tbody>`
  : null}
</table>`,
  );

  // The proposals shown are those of the method chosen above; "Använd förslag" uses the same.
  const methodField = o.methodParam ? html`<input type="hidden" name="method" value="${g.method.id}">` : null;
  const rowForms = editable
    ? html`<div class="row-forms">${g.rows.map(
        (row, i) => html`<form id="row-${i}" method="post" action="${base}/forecast">${csrfField(csrf)}${methodField}<input type="hidden" name="group" value="${row.group}"><input type="hidden" name="activity" value="${row.activity}"><input type="hidden" name="version" value="${row.version}"></form>`,
      )}</div>`
    : null;

  // Cells not entered, operating and investments: what submitting needs a decision for.
  const missing = (g.total.missing ?? 0) + (g.investments?.missing ?? 0);
  const totalVarianceOre = BigInt(g.total.ore.variance ?? 0);
  const abs = totalVarianceOre < 0n ? -totalVarianceOre : totalVarianceOre;
  const incomplete = g.total.complete === false;
  // The server's rule: the variance of the cells entered (a cell not entered has none yet).
  const needComment = g.commentRequired ?? abs > thresholdOre;
  const commentError = o.error?.field === 'comment' ? o.error.message : undefined;
  const commentText = o.commentDraft ?? u.comment.text;
  const ruleText = incomplete
    ? `En kommentar krävs när avvikelsen är större än ±${formatTkr(g.thresholdTkr)} tkr. Enhetens avvikelse räknas när alla celler har en prognos; ${g.total.missing === 1 ? '1 cell saknar' : `${g.total.missing} celler saknar`} prognos.`
    : !editable
    ? `Avvikelsen för enheten är ${formatTkr(g.total.tkr.variance)} tkr. En kommentar krävs när avvikelsen är större än ±${formatTkr(g.thresholdTkr)} tkr.`
    : needComment
    ? `Avvikelsen för enheten är ${formatTkr(g.total.tkr.variance)} tkr, mer än gränsen ±${formatTkr(g.thresholdTkr)} tkr. Skriv en kommentar som förklarar avvikelsen innan du skickar in.`
    : `En kommentar krävs när avvikelsen är större än ±${formatTkr(g.thresholdTkr)} tkr. Nu är den ${formatTkr(g.total.tkr.variance)} tkr.`;

  const comment = html`<section class="section" aria-labelledby="comment-heading">
<h2 id="comment-heading">Kommentar till avvikelsen</h2>
<p id="comment-rule" class="${cls('comment-rule', editable && needComment && 'comment-rule--required')}" data-comment-rule>${ruleText}</p>
${editable
  ? html`<form method="post" action="${base}/comment" class="form" id="comment-form" data-draft>
${csrfField(csrf)}
<input type="hidden" name="version" value="${u.comment.version}" data-comment-version>
<div class="${cls('field', commentError && 'field--error')}">
<label class="field__label" for="comment">Kommentar</label>
${commentError ? html`<p class="field__error" id="comment-error"><span class="visually-hidden">Fel: </span>${commentError.charAt(0).toUpperCase() + commentError.slice(1)}.</p>` : null}
<textarea class="textarea" id="comment" name="text" rows="4" aria-describedby="comment-rule${commentError ? ' comment-error' : ''}"${attr('aria-invalid', commentError ? 'true' : null)} data-comment>${commentText}</textarea>
</div>
<div class="form__actions"><button type="submit" class="button button--secondary">Spara kommentaren</button>${u.comment.updatedBy ? html` <span class="muted small">Senast sparad av ${u.comment.updatedBy} ${formatDateTime(u.comment.updatedAt)}</span>` : null}</div>
</form>`
  : u.comment.text.trim()
    ? html`<blockquote class="comment-view">${u.comment.text}</blockquote>`
    : html`<p class="muted">Ingen kommentar.</p>`}
</section>`;

  const submit = u.permissions.submit
    ? html`<section class="section panel" aria-labelledby="submit-heading">
<h2 id="submit-heading">Skicka in</h2>
<p>När prognosen är klar skickar du in den till controllern för granskning. Därefter kan den inte ändras förrän controllern återöppnar den.</p>
<form method="post" action="${base}/submit" id="submit-form">${csrfField(csrf)}
${missing > 0
  ? html`<p class="notice notice--warning" data-missing-count>${missing === 1 ? '1 cell saknar' : `${missing} celler saknar`} prognos (ej angivna). De visas tomma i rapporten, inte som 0.</p>
${checkbox({ id: 'allow-missing', name: 'allowMissing', value: 'yes', label: 'Skicka in ändå, utan prognos för dem' })}`
  : null}
<button type="submit" class="button button--primary">Skicka in prognosen</button></form>
</section>`
    : null;

  const locked = !editable
    ? notice(
        'info',
        r.status === 'published'
          ? 'Uppföljningstillfället är publicerat. Prognosen är låst.'
          : u.status === 'open'
            ? 'Du kan se prognosen men inte ändra den.'
            : `Prognosen är ${u.status === 'submitted' ? 'inskickad' : 'godkänd'} och kan inte ändras. Controllern kan återöppna den.`,
      )
    : null;

  const conflictPanel = o.conflict
    ? html`<div class="notice notice--warning" role="alert" id="conflict-notice">
<p class="notice__heading">Värdet har ändrats av någon annan</p>
<p>Någon annan (${o.conflict.current.updatedBy ?? 'okänd'}, ${formatDateTime(o.conflict.current.updatedAt)}) har ändrat ${o.conflict.label} till ${o.conflict.current.amountTkr === null ? 'tomt' : `${formatTkr(o.conflict.current.amountTkr)} tkr`}. Ditt värde ${o.conflict.mineText || 'tomt'} är inte sparat.</p>
<form method="post" action="${base}/forecast" class="inline-form">
${csrfField(csrf)}
<input type="hidden" name="group" value="${o.conflict.group}"><input type="hidden" name="activity" value="${o.conflict.activity}"><input type="hidden" name="version" value="${o.conflict.current.version}"><input type="hidden" name="amount" value="${o.conflict.mineText}">
<a class="button button--secondary" href="${base}">Behåll deras</a>
<button type="submit" class="button button--primary" name="action" value="save">Skriv över med mitt</button>
</form>
</div>`
    : null;

  const questionPanel = o.question
    ? html`<div class="notice notice--warning" role="alert" id="question-notice">
<p class="notice__heading">Stämmer beloppet?</p>
<p>${o.question.message.charAt(0).toUpperCase() + o.question.message.slice(1)}</p>
<form method="post" action="${base}/forecast" class="inline-form">
${csrfField(csrf)}
<input type="hidden" name="group" value="${o.question.group}"><input type="hidden" name="activity" value="${o.question.activity}"><input type="hidden" name="version" value="${o.question.version}"><input type="hidden" name="amount" value="${o.question.amountText}"><input type="hidden" name="confirm" value="${o.question.kinds.join(',')}">
<a class="button button--secondary" href="${base}">Nej, ändra</a>
<button type="submit" class="button button--primary" name="action" value="save">Ja, spara ${o.question.amountText} tkr</button>
</form>
</div>`
    : null;

  const methodForm = html`<form method="get" action="${base}" class="method-form">
<label for="method-select">Förslag enligt</label>
<select id="method-select" name="method" class="select">
${g.methods.map((m) => html`<option value="${m.id}"${attr('selected', m.id === g.method.id)}>${m.name}${m.id === r.method ? ' (tillfällets metod)' : ''}</option>`)}
</select>
<button type="submit" class="button button--small button--secondary">Visa</button>
</form>`;

  return html`<div class="page-heading">
<div>
<h1>Prognos för ${u.code} ${u.name}</h1>
<p class="subtitle">${statusBadge(u.status)} <span>Brytmånad ${monthName(r.period)} ${r.year}</span>${u.submittedBy ? html` · <span>inskickad av ${u.submittedBy} ${formatDateTime(u.submittedAt)}</span>` : null}</p>
</div>
<p class="page-heading__links"><a href="${base}/audit">Ändringslogg för enheten</a></p>
</div>
${o.message ?? null}
${conflictPanel}
${questionPanel}
${errorSummary(o.error, { comment: 'comment', amount: 'forecast-grid', allowMissing: 'allow-missing' })}
${locked}
<p class="muted">${signNote(g.sign)}</p>
<div class="grid-tools">
${methodForm}
${editable ? html`<form method="post" action="${base}/forecast/proposals" class="inline-form" data-use-all-form>${csrfField(csrf)}${methodField}<button type="submit" class="button button--secondary" data-use-all>Använd förslag för alla rader</button></form>` : null}
</div>
<details class="panel panel--details explain">
<summary>Om förslagen: ${g.method.name}</summary>
<p>${g.method.description}</p>
<p>${backtestText(g.method.backtest, r.period, r.year)}</p>
${methodsTable(g.methods, g.method.id, r.year)}
</details>
${editable ? html`<p class="keyboard-help small muted nojs-hide" id="keyboard-help">Tangentbord: Tab och Skift+Tab flyttar mellan fälten, ↑ och ↓ mellan raderna i prognoskolumnen, Enter sparar och går till nästa rad, Esc ångrar ändringen.</p>` : null}
<div class="forecast-grid" data-forecast-grid data-round="${r.id}" data-unit="${u.code}" data-sign="${g.sign}" data-threshold-ore="${String(thresholdOre)}" data-threshold-tkr="${g.thresholdTkr}" data-year="${r.year}"${attr('data-editable', editable ? 'true' : 'false')}>
${table}
</div>
${rowForms}
<p class="save-status" id="save-status" role="status" aria-live="polite" data-save-status></p>
${comment}
${submit}
${o.review ?? null}
${editable
  ? html`<dialog class="dialog" id="conflict-dialog" aria-labelledby="conflict-title" aria-describedby="conflict-text" data-conflict-dialog>
<h2 id="conflict-title">Värdet har ändrats av någon annan</h2>
<p id="conflict-text" data-conflict-text></p>
<div class="dialog__actions">
<button type="button" class="button button--secondary" data-choice="theirs">Behåll deras</button>
<button type="button" class="button button--primary" data-choice="mine">Skriv över med mitt</button>
</div>
</dialog>
<dialog class="dialog" id="question-dialog" aria-labelledby="question-title" aria-describedby="question-text" data-question-dialog>
<h2 id="question-title">Stämmer beloppet?</h2>
<p id="question-text" data-question-text></p>
<div class="dialog__actions">
<button type="button" class="button button--secondary" data-answer="no">Nej, ändra</button>
<button type="button" class="button button--primary" data-answer="yes">Ja, spara</button>
</div>
</dialog>`
  : null}`;
}

