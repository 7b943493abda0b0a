/**
 * The round board's observations (iakttagelser): positive observations and areas for
 * improvement per goal area, each in its own form (saved with its version), and a form for a
 * new one. Errors are shown at the observation they belong to, linked to the field.
 */
import { attr, html, type Html } from '../html.ts';
import { csrfField, errorSummary, notice, selectField, textArea, textField } from '../layout.ts';
import { formatDateTime } from '../format.ts';
import type { RoundSummary } from '../types.ts';
import type { ItemError } from './content.ts';

export interface ObservationView {
  nr: number;
  goalArea: string;
  kind: 'positive' | 'improvement';
  text: string;
  version: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface ObservationsData {
  editable: boolean;
  next: number;
  observations: ObservationView[];
}

export const OBSERVATION_KINDS = [
  { value: 'positive', label: 'Positiv iakttagelse' },
  { value: 'improvement', label: 'Förbättringsområde' },
];

const kindLabel = (k: string): string => OBSERVATION_KINDS.find((x) => x.value === k)?.label ?? k;

function fields(prefix: string, o: Partial<ObservationView>, err: ItemError | undefined): Html {
  const e = (f: string) => (err?.field === f ? err.message : undefined);
  return html`${textField({ id: `${prefix}-area`, name: 'goalArea', label: 'Målområde', value: o.goalArea ?? '', width: 'l', error: e('goalArea') })}
${selectField({ id: `${prefix}-kind`, name: 'kind', label: 'Slag', value: o.kind ?? 'positive', options: OBSERVATION_KINDS, error: e('kind') })}
${textArea({ id: `${prefix}-text`, name: 'text', label: 'Iakttagelse', value: o.text ?? '', rows: 4, error: e('text') })}`;
}

const ids = (prefix: string) => ({ goalArea: `${prefix}-area`, kind: `${prefix}-kind`, text: `${prefix}-text` });

export function observationsBody(o: { round: RoundSummary; data: ObservationsData; csrf: string; message: Html | null; error?: ItemError }): Html {
  const base = `/rounds/${o.round.id}`;
  const item = (x: ObservationView) => {
    const id = `observation-${x.nr}`;
    const err = o.error?.item === `observations:${x.nr}` ? o.error : undefined;
    if (!o.data.editable) {
      return html`<article class="status-item" aria-labelledby="${id}-title"><h3 class="status-item__title" id="${id}-title">${x.nr}. ${kindLabel(x.kind)} – ${x.goalArea}</h3><p>${x.text}</p></article>`;
    }
    return html`<article class="status-item" aria-labelledby="${id}-title" id="${id}">
<h3 class="status-item__title" id="${id}-title">Iakttagelse ${x.nr}</h3>
${errorSummary(err, ids(id))}
<form method="post" action="${base}/observations/${x.nr}" class="form" data-draft>
${csrfField(o.csrf)}<input type="hidden" name="version" value="${x.version}">
${fields(id, x, err)}
<div class="form__actions"><button type="submit" class="button button--secondary button--small">Spara iakttagelse ${x.nr}</button></div>
${x.updatedBy ? html`<p class="muted small">Senast sparad av ${x.updatedBy} ${formatDateTime(x.updatedAt)}</p>` : null}
</form>
<form method="post" action="${base}/observations/${x.nr}/delete" class="inline-form">
${csrfField(o.csrf)}<input type="hidden" name="version" value="${x.version}">
<button type="submit" class="button button--small button--danger">Ta bort iakttagelse ${x.nr}</button>
</form>
</article>`;
  };
  const newErr = o.error?.item === 'observations:new' ? o.error : undefined;
  return html`<h1>Iakttagelser</h1>
${o.message}
${o.data.editable ? null : notice('info', o.round.status === 'published' ? 'Uppföljningstillfället är publicerat; iakttagelserna är låsta.' : 'Du kan läsa men inte ändra iakttagelserna.')}
<section aria-labelledby="observations-heading" class="section">
<h2 id="observations-heading">Positiva iakttagelser och förbättringsområden</h2>
<p>Positiva iakttagelser och förbättringsområden per målområde, som de står i rapporten.</p>
${o.data.observations.length ? o.data.observations.map(item) : html`<p>Inga iakttagelser ännu.</p>`}
${o.data.editable
  ? html`<details class="panel panel--details"${attr('open', !!newErr)} id="new-observation">
<summary>Lägg till en iakttagelse</summary>
${errorSummary(newErr, ids('new-observation'))}
<form method="post" action="${base}/observations" class="form" data-draft>
${csrfField(o.csrf)}
${fields('new-observation', {}, newErr)}
<div class="form__actions"><button type="submit" class="button button--primary">Lägg till iakttagelsen</button></div>
</form>
</details>`
  : null}
</section>`;
}
