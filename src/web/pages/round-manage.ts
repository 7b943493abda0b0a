/** Correcting a round: deleting an unused one, archiving an old one (the round page's last panel). */
import { html, type Html } from '../html.ts';
import { checkbox, csrfField, type FieldError } from '../layout.ts';
import type { RoundDetail } from '../types.ts';

/** What the new-round form proposes (`GET /api/rounds/defaults`). */
export interface RoundDefaults {
  board: string;
  year: number;
  period: number;
  name: string;
  level: string | null;
  levels: string[];
  previous: { id: number; name: string; year: number; level: string; period: number } | null;
}

export function manageRound(o: { round: RoundDetail; csrf: string; error?: FieldError }): Html | null {
  const r = o.round;
  if (!r.permissions.archive) return null;
  const base = `/rounds/${r.id}`;
  const archive = html`<form method="post" action="${base}/archive" class="form">
${csrfField(o.csrf)}
<input type="hidden" name="archived" value="${r.archived ? 'no' : 'yes'}">
<p>${r.archived ? 'Uppföljningstillfället är arkiverat: det visas inte i listan men kan läsas.' : 'Ett arkiverat uppföljningstillfälle visas inte i listan men kan fortfarande läsas.'}</p>
<div class="form__actions"><button type="submit" class="button button--secondary">${r.archived ? 'Ta tillbaka från arkivet' : 'Arkivera'}</button></div>
</form>`;
  const del =
    r.status === 'open' && r.permissions.manage
      ? html`<form method="post" action="${base}/delete" class="form">
${csrfField(o.csrf)}
<p>Ett uppföljningstillfälle som ingen har matat in något i kan tas bort helt.</p>
${checkbox({ id: 'confirm-delete', name: 'confirm', value: 'yes', label: 'Jag vill ta bort uppföljningstillfället' })}
<div class="form__actions"><button type="submit" class="button button--danger">Ta bort</button></div>
</form>`
      : null;
  return html`<details class="panel panel--details"${o.error?.field === 'confirm-delete' ? html` open` : null}>
<summary>Arkivera eller ta bort</summary>
${archive}
${del}
</details>`;
}

