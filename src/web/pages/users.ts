/** User administration for admins: the users of the organisation, creating one, deactivating and activating. */
import { ROLE_NAMES, ROLE_SCOPE, ROLES } from '../../core/permissions/index.ts';
import { html, type Html } from '../html.ts';
import { csrfField, errorSummary, selectField, textField, type FieldError } from '../layout.ts';
import { formatDateTime } from '../format.ts';
import type { Me, UnitInfo, UserJson } from '../types.ts';

export interface NewUserValues {
  username?: string;
  displayName?: string;
  role?: string;
  units?: string;
}

export function usersBody(o: { me: Me; users: UserJson[]; units: UnitInfo[]; values: NewUserValues; error?: FieldError; message?: Html | null }): Html {
  const csrf = o.me.csrfToken;
  const err = (f: string) => (o.error?.field === f ? o.error.message : undefined);
  const scoped = ROLES.filter((r) => ROLE_SCOPE[r] === 'units').map((r) => ROLE_NAMES[r]);
  return html`<h1>Användare</h1>
${o.message ?? null}
<table class="table">
<caption class="visually-hidden">Organisationens användare</caption>
<thead><tr><th scope="col">Användarnamn</th><th scope="col">Namn</th><th scope="col">Roll</th><th scope="col">Enheter</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Åtgärder</span></th></tr></thead>
<tbody>
${o.users.map(
  (u) => html`<tr${u.disabled ? html` class="disabled"` : null}>
<th scope="row">${u.username}</th>
<td class="text">${u.displayName || html`<span class="muted">–</span>`}</td>
<td class="text">${u.roleName}</td>
<td class="text">${u.units.length ? u.units.join(', ') : html`<span class="muted">alla</span>`}</td>
<td class="text">${u.disabled ? html`<span class="badge badge--disabled">Avstängd</span>` : html`<span class="badge badge--approved">Aktiv</span>`}<br><span class="muted small">skapad ${formatDateTime(u.createdAt)}</span></td>
<td class="actions">${u.id === o.me.user.id
    ? html`<span class="muted small">du</span>`
    : html`<form method="post" action="/admin/users/${u.id}/${u.disabled ? 'activate' : 'deactivate'}" class="inline-form">${csrfField(csrf)}<input type="hidden" name="version" value="${u.version}"><button type="submit" class="button button--small ${u.disabled ? 'button--secondary' : 'button--danger'}">${u.disabled ? 'Aktivera' : 'Stäng av'}<span class="visually-hidden"> ${u.username}</span></button></form>`}</td>
</tr>`,
)}
</tbody>
</table>
<section class="section panel" aria-labelledby="new-user-heading">
<h2 id="new-user-heading">Ny användare</h2>
${errorSummary(o.error, { username: 'new-username', displayName: 'new-name', role: 'new-role', units: 'new-units', password: 'new-password' })}
<form method="post" action="/admin/users" class="form" novalidate>
${csrfField(csrf)}
<div class="field-row">
${textField({ id: 'new-username', name: 'username', label: 'Användarnamn', hint: 'Bokstäverna a–z, siffror och . _ @ -', value: o.values.username ?? '', autocomplete: 'off', width: 'm', error: err('username') })}
${textField({ id: 'new-name', name: 'displayName', label: 'Namn', value: o.values.displayName ?? '', autocomplete: 'off', width: 'm', error: err('displayName') })}
</div>
${selectField({ id: 'new-role', name: 'role', label: 'Roll', value: o.values.role ?? 'unit_editor', options: ROLES.map((r) => ({ value: r, label: ROLE_NAMES[r] })), width: 'm', error: err('role') })}
${textField({ id: 'new-units', name: 'units', label: 'Enheter', hint: `Krävs för ${scoped.join(', ').toLowerCase()}: enhetskoder med kommatecken emellan, t.ex. KAA, KEK. Användaren får arbeta med enheterna och allt under dem.`, value: o.values.units ?? '', autocomplete: 'off', width: 'l', error: err('units'), extra: html` list="unit-codes"` })}
<datalist id="unit-codes">${o.units.map((u) => html`<option value="${u.code}">${u.name}</option>`)}</datalist>
${textField({ id: 'new-password', name: 'password', label: 'Tillfälligt lösenord', hint: 'Minst 12 tecken. Användaren byter det själv efter inloggningen.', type: 'password', autocomplete: 'new-password', width: 'l', error: err('password') })}
<div class="form__actions"><button type="submit" class="button button--primary">Skapa användaren</button></div>
</form>
</section>`;
}
