/** User administration for admins: the users of the organisation, creating one, deactivating and activating; one user's page (userBody) to change role, units, password and status, with its history. */
import { ROLE_NAMES, ROLE_SCOPE, ROLES } from '../../core/permissions/index.ts';
import { html, type Html } from '../html.ts';
import { checkbox, csrfField, errorSummary, notice, selectField, textField, type FieldError, tableScroll } from '../layout.ts';
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
${tableScroll('users-table-0-caption', tableScroll('users-table-1-caption', html`<table class="table">
<caption id="users-table-1-caption" id="users-table-0-caption" class="visually-hidden">Organisationens användare</caption>
<thead><tr><th scope="col">Användarnamn</th><th scope="col">Namn</th><th scope="col">Roll</th><th scope="col">Enheter</th><th scope="col">Status</th><th scope="col">Senaste inloggning</th><th scope="col"><span class="visually-hidden">Åtgärder</span></th></tr></thead>
<tbody>
${o.users.map(
  (u) => html`<tr${u.disabled ? html` class="disabled"` : null}>
<th scope="row"><a href="/admin/users/${u.id}">${u.username}</a></th>
<td class="text">${u.displayName || html`<span class="muted">–</span>`}</td>
<td class="text">${u.roleName}</td>
<td class="text">${u.units.length ? u.units.join(', ') : html`<span class="muted">alla</span>`}</td>
<td class="text">${u.disabled ? html`<span class="badge badge--disabled">Avstängd</span>` : html`<span class="badge badge--approved">Aktiv</span>`}${u.mustChangePassword ? html`<br><span class="small">måste byta lösenord</span>` : null}<br><span class="muted small">skapad ${formatDateTime(u.createdAt)}</span></td>
<td class="text">${u.lastLoginAt ? formatDateTime(u.lastLoginAt) : html`<span class="muted">aldrig</span>`}</td>
<td class="actions">${u.id === o.me.user.id
    ? html`<span class="muted small">du</span>`
    : html`<form method="post" action="/admin/users/${u.id}/${u.disabled ? 'activate' : 'deactivate'}" class="inline-form">${csrfField(csrf)}<input type="hidden" name="version" value="${u.version}"><button type="submit" class="button button--small ${u.disabled ? 'button--secondary' : 'button--danger'}">${u.disabled ? 'Aktivera' : 'Stäng av'}<span class="visually-hidden"> ${u.username}</span></button></form>`}</td>
</tr>`,
)}
</tbody>
</table>`))}
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
${checkbox({ id: 'new-must-change', name: 'mustChangePassword', label: 'Användaren måste byta lösenord vid första inloggningen', checked: true })}
<div class="form__actions"><button type="submit" class="button button--primary">Skapa användaren</button></div>
</form>
</section>`;
}

export interface UserAuditJson {
  id: number;
  at: string;
  by: string;
  action: string;
  old: unknown;
  new: unknown;
}

const ACTION_NAMES: Record<string, string> = {
  'user.create': 'Skapad',
  'user.update': 'Ändrad',
  'user.reset-password': 'Nytt lösenord av administratör',
  'user.password': 'Bytte sitt lösenord',
};

const FIELD_NAMES: Record<string, string> = { displayName: 'namn', role: 'roll', units: 'enheter', disabled: 'avstängd', mustChangePassword: 'måste byta lösenord', password: 'lösenord' };

/** A value of the audit log as text: roles by name, yes/no, lists with commas. */
function valueText(key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '–';
  if (typeof v === 'boolean') return v ? 'ja' : 'nej';
  if (Array.isArray(v)) return v.length ? v.join(', ') : 'alla';
  if (key === 'role' && typeof v === 'string' && v in ROLE_NAMES) return ROLE_NAMES[v as keyof typeof ROLE_NAMES];
  return String(v);
}

/** What changed between before and after, e.g. "roll: Läsare → Enhetsredigerare". */
function changes(a: UserAuditJson): Html {
  const before = (a.old ?? {}) as Record<string, unknown>;
  const after = (a.new ?? {}) as Record<string, unknown>;
  const keys = Object.keys(FIELD_NAMES).filter((k) => k !== 'username' && JSON.stringify(before[k]) !== JSON.stringify(after[k]) && (k in after || k in before));
  if (keys.length === 0) return html`<span class="muted">–</span>`;
  return html`${keys.map((k, i) => html`${i > 0 ? html`<br>` : null}${FIELD_NAMES[k]}: ${a.old === null ? valueText(k, after[k]) : html`${valueText(k, before[k])} → ${valueText(k, after[k])}`}`)}`;
}

export interface UserFormValues {
  displayName?: string;
  role?: string;
  units?: string;
}

/** One user's page: facts, role and units, a new password, status, and the history of changes. */
export function userBody(o: { me: Me; user: UserJson; audit: UserAuditJson[]; units: UnitInfo[]; values?: UserFormValues; error?: FieldError; message?: Html | null }): Html {
  const u = o.user;
  const csrf = o.me.csrfToken;
  const v = o.values ?? {};
  const err = (f: string) => (o.error?.field === f ? o.error.message : undefined);
  const self = u.id === o.me.user.id;
  return html`<p class="muted small"><a href="/admin/users">Alla användare</a></p>
<h1>Användaren ${u.username}</h1>
${o.message ?? null}
${errorSummary(o.error, { displayName: 'user-name', role: 'user-role', units: 'user-units', password: 'user-password', version: 'user-role' })}
<dl class="facts">
<div><dt>Status</dt><dd>${u.disabled ? 'Avstängd' : 'Aktiv'}${u.mustChangePassword ? ', måste byta lösenord vid nästa inloggning' : ''}</dd></div>
<div><dt>Roll</dt><dd>${u.roleName}</dd></div>
<div><dt>Senaste inloggning</dt><dd>${u.lastLoginAt ? formatDateTime(u.lastLoginAt) : 'aldrig'}</dd></div>
<div><dt>Skapad</dt><dd>${formatDateTime(u.createdAt)}</dd></div>
</dl>
<section class="section panel" aria-labelledby="role-heading">
<h2 id="role-heading">Namn, roll och enheter</h2>
<form method="post" action="/admin/users/${u.id}" class="form" novalidate>
${csrfField(csrf)}<input type="hidden" name="version" value="${u.version}">
${textField({ id: 'user-name', name: 'displayName', label: 'Namn', value: v.displayName ?? u.displayName, autocomplete: 'off', width: 'm', error: err('displayName') })}
${self
    ? html`<p>Roll: ${u.roleName} <span class="muted small">(du kan inte ändra din egen roll)</span></p><input type="hidden" name="role" value="${u.role}">`
    : selectField({ id: 'user-role', name: 'role', label: 'Roll', value: v.role ?? u.role, options: ROLES.map((r) => ({ value: r, label: ROLE_NAMES[r] })), width: 'm', error: err('role') })}
${textField({ id: 'user-units', name: 'units', label: 'Enheter', hint: 'För enhetsredigerare: enhetskoder med kommatecken emellan, t.ex. KAA, KEK.', value: v.units ?? u.units.join(', '), autocomplete: 'off', width: 'l', error: err('units'), extra: html` list="unit-codes"` })}
<datalist id="unit-codes">${o.units.map((x) => html`<option value="${x.code}">${x.name}</option>`)}</datalist>
<div class="form__actions"><button type="submit" class="button button--primary">Spara ändringarna</button></div>
</form>
</section>
<section class="section panel" aria-labelledby="password-heading">
<h2 id="password-heading">Nytt lösenord</h2>
<form method="post" action="/admin/users/${u.id}/password" class="form" novalidate>
${csrfField(csrf)}<input type="hidden" name="version" value="${u.version}">
${textField({ id: 'user-password', name: 'password', label: 'Tillfälligt lösenord', hint: 'Minst 12 tecken. Användarens inloggningar avslutas.', type: 'password', autocomplete: 'new-password', width: 'l', error: err('password') })}
${checkbox({ id: 'user-must-change', name: 'mustChangePassword', label: 'Användaren måste byta lösenord vid nästa inloggning', checked: true })}
<div class="form__actions"><button type="submit" class="button button--secondary">Sätt lösenordet</button></div>
</form>
</section>
${self
    ? null
    : html`<section class="section panel" aria-labelledby="status-heading">
<h2 id="status-heading">${u.disabled ? 'Aktivera' : 'Stäng av'}</h2>
${u.disabled ? null : html`<p>En avstängd användare kan inte logga in, och pågående inloggningar avslutas.</p>`}
<form method="post" action="/admin/users/${u.id}/${u.disabled ? 'activate' : 'deactivate'}" class="inline-form">${csrfField(csrf)}<input type="hidden" name="version" value="${u.version}"><input type="hidden" name="back" value="user"><button type="submit" class="button ${u.disabled ? 'button--secondary' : 'button--danger'}">${u.disabled ? 'Aktivera användaren' : 'Stäng av användaren'}</button></form>
</section>`}
<section class="section" aria-labelledby="history-heading">
<h2 id="history-heading">Ändringar</h2>
${o.audit.length === 0
    ? notice('info', 'Inga ändringar är loggade.')
    : html`<table class="table">
<caption class="visually-hidden">Ändringar av användaren ${u.username}, nyast först</caption>
<thead><tr><th scope="col">När</th><th scope="col">Vem</th><th scope="col">Vad</th><th scope="col">Före → efter</th></tr></thead>
<tbody>${o.audit.map(
        (a) => html`<tr><td class="text">${formatDateTime(a.at)}</td><td class="text">${a.by}</td><td class="text">${ACTION_NAMES[a.action] ?? a.action}</td><td class="text">${changes(a)}</td></tr>`,
      )}</tbody>
</table>`}
</section>`;
}
