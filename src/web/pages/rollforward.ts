/**
 * The intrapreneurships' accumulated results (intraprenader) of the round's board and year: one
 * form per intrapreneurship (opening, used, the year's result in kronor; closing computed), saved
 * with its version, and a form for a new one. Errors are shown at the field they belong to.
 */
import { html, type Html } from '../html.ts';
import { csrfField, errorSummary, notice, textField } from '../layout.ts';
import { formatDateTime } from '../format.ts';
import { formatDecimal, formatInteger } from '../../core/format/index.ts';
import type { RoundSummary } from '../types.ts';
import type { ItemError } from './content.ts';

export interface RollforwardView {
  unit: string;
  name: string | null;
  openingOre: number;
  usedOre: number;
  resultOre: number;
  closingOre: number;
  version: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface RollforwardData {
  board: string;
  year: number;
  editable: boolean;
  rollforward: RollforwardView[];
}

/** Kronor as a person reads them: `23 900 000`, with öre only when there are any. */
export const formatKronor = (ore: number): string => (ore % 100 === 0 ? formatInteger(ore / 100) : formatDecimal(ore / 100, 2));

/** The amount fields: form name, label and the API's field. */
export const AMOUNTS = [
  { name: 'opening', label: 'Ingående ackumulerat resultat, kr', field: 'openingOre' },
  { name: 'used', label: 'Ianspråktaget under året, kr', field: 'usedOre' },
  { name: 'result', label: 'Årets resultat, kr', field: 'resultOre' },
] as const;

export type AmountName = (typeof AMOUNTS)[number]['name'];

/** What the form shows: the stored amounts, or what was typed when a save was refused. */
export type TypedAmounts = Partial<Record<AmountName | 'unit', string>>;

const ids = (prefix: string): Record<string, string> => ({ unit: `${prefix}-unit`, ...Object.fromEntries(AMOUNTS.flatMap((a) => [[a.field, `${prefix}-${a.name}`], [a.name, `${prefix}-${a.name}`]])) });

function amountFields(prefix: string, typed: TypedAmounts, err: ItemError | undefined): Html {
  const e = (a: (typeof AMOUNTS)[number]) => (err?.field === a.field || err?.field === a.name ? err.message : undefined);
  return html`${AMOUNTS.map((a) => textField({ id: `${prefix}-${a.name}`, name: a.name, label: a.label, value: typed[a.name] ?? '', width: 'm', inputmode: 'decimal', autocomplete: 'off', error: e(a) }))}`;
}

export function rollforwardBody(o: { round: RoundSummary; data: RollforwardData; csrf: string; message: Html | null; error?: ItemError; typed?: TypedAmounts }): Html {
  const base = `/rounds/${o.round.id}/rollforward`;
  const item = (r: RollforwardView, i: number) => {
    const id = `intra-${i}`;
    const err = o.error?.item === `rollforward:${r.unit}` ? o.error : undefined;
    const title = `${r.unit}${r.name ? ` ${r.name}` : ''}`;
    const typed: TypedAmounts = err && o.typed ? o.typed : { opening: formatKronor(r.openingOre), used: formatKronor(r.usedOre), result: formatKronor(r.resultOre) };
    const closing = html`<p>Utgående ackumulerat resultat: <strong>${formatKronor(r.closingOre)} kr</strong></p>`;
    if (!o.data.editable) {
      return html`<article class="status-item" aria-labelledby="${id}-title"><h3 class="status-item__title" id="${id}-title">${title}</h3>
<p>Ingående ${formatKronor(r.openingOre)} kr, ianspråktaget ${formatKronor(r.usedOre)} kr, årets resultat ${formatKronor(r.resultOre)} kr.</p>${closing}</article>`;
    }
    return html`<article class="status-item" aria-labelledby="${id}-title" id="${id}">
<h3 class="status-item__title" id="${id}-title">${title}</h3>
${errorSummary(err, ids(id))}
<form method="post" action="${base}/${encodeURIComponent(r.unit)}" class="form" data-draft>
${csrfField(o.csrf)}<input type="hidden" name="version" value="${r.version}">
${amountFields(id, typed, err)}
${closing}
<div class="form__actions"><button type="submit" class="button button--secondary button--small">Spara ${r.unit}</button></div>
${r.updatedBy ? html`<p class="muted small">Senast sparad av ${r.updatedBy} ${formatDateTime(r.updatedAt)}</p>` : null}
</form>
<form method="post" action="${base}/${encodeURIComponent(r.unit)}/delete" class="inline-form">
${csrfField(o.csrf)}<input type="hidden" name="version" value="${r.version}">
<button type="submit" class="button button--small button--danger">Ta bort ${r.unit}</button>
</form>
</article>`;
  };
  const newErr = o.error?.item === 'rollforward:new' ? o.error : undefined;
  const newTyped = newErr && o.typed ? o.typed : {};
  return html`<h1>Intraprenader</h1>
${o.message}
${o.data.editable ? null : notice('info', o.round.status === 'published' ? 'Uppföljningstillfället är publicerat; intraprenadernas resultat är låsta.' : 'Du kan läsa men inte ändra intraprenadernas resultat.')}
<section aria-labelledby="rollforward-heading" class="section">
<h2 id="rollforward-heading">Intraprenadernas ackumulerade resultat ${o.data.year}</h2>
<p>Per intraprenad: ingående ackumulerat resultat, vad som tagits i anspråk under året och årets resultat, i kronor. Utgående resultat räknas fram. Uppgifterna gäller nämndens hela år och delas av årets uppföljningstillfällen.</p>
${o.data.rollforward.length ? o.data.rollforward.map(item) : html`<p>Inga intraprenader ännu.</p>`}
${o.data.editable
  ? html`<details class="panel panel--details"${newErr ? html` open` : null} id="new-intra">
<summary>Lägg till en intraprenad</summary>
${errorSummary(newErr, ids('new-intra'))}
<form method="post" action="${base}" class="form" data-draft>
${csrfField(o.csrf)}
${textField({ id: 'new-intra-unit', name: 'unit', label: 'Enhetskod', hint: `En enhet under ${o.data.board}, t.ex. intraprenadens resultatenhet.`, value: newTyped.unit ?? '', width: 's', autocomplete: 'off', error: newErr?.field === 'unit' ? newErr.message : undefined })}
${amountFields('new-intra', newTyped, newErr)}
<div class="form__actions"><button type="submit" class="button button--primary">Lägg till intraprenaden</button></div>
</form>
</details>`
  : null}
</section>`;
}
