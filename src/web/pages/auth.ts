/** Log-in and changing one's password. */
import { html, type Html } from '../html.ts';
import { csrfField, errorSummary, notice, selectField, textField, type FieldError } from '../layout.ts';

export interface LoginOrganisation {
  id: string;
  name: string;
}

/**
 * The log-in page. "Organisation" is asked only when the host name does not decide it and the
 * server has more than one organisation; with one, the page is the user name and the password.
 */
export function loginBody(o: { username?: string; next?: string; error?: FieldError; info?: string; organisations?: LoginOrganisation[]; organisation?: string }): Html {
  const orgs = o.organisations ?? [];
  return html`<div class="login">
<div class="login__intro">
<h1>Logga in</h1>
<p class="lead">Budgetuppföljning, helårsprognoser och uppföljningsrapporter.</p>
</div>
${o.info ? notice('info', o.info) : null}
${errorSummary(o.error, { username: 'username', password: 'password', organisation: 'organisation' })}
<form method="post" action="/login" class="form login__form" novalidate>
${o.next ? html`<input type="hidden" name="next" value="${o.next}">` : null}
${orgs.length > 0
    ? selectField({ id: 'organisation', name: 'organisation', label: 'Organisation', value: o.organisation ?? '', options: [{ value: '', label: 'Välj organisation' }, ...orgs.map((x) => ({ value: x.id, label: x.name }))], required: true, width: 'l', error: o.error?.field === 'organisation' ? o.error.message : undefined })
    : null}
${textField({ id: 'username', name: 'username', label: 'Användarnamn', value: o.username ?? '', autocomplete: 'username', required: true, width: 'l', error: o.error?.field === 'username' ? o.error.message : undefined })}
${textField({ id: 'password', name: 'password', label: 'Lösenord', type: 'password', autocomplete: 'current-password', required: true, width: 'l' })}
<div class="form__actions"><button type="submit" class="button button--primary">Logga in</button></div>
</form>
<p class="muted small login__help">Har du glömt lösenordet? Kontakta administratören för Prognos i din kommun.</p>
</div>`;
}

export function passwordBody(o: { csrf: string; error?: FieldError; done?: boolean; required?: boolean }): Html {
  const err = (f: string) => (o.error?.field === f ? o.error.message : undefined);
  return html`<h1>Byt lösenord</h1>
${o.done ? notice('success', 'Lösenordet är bytt. Dina andra inloggningar har avslutats.') : null}
${o.required && !o.done ? notice('info', 'Administratören har satt ett tillfälligt lösenord. Välj ett eget lösenord innan du fortsätter.') : null}
${errorSummary(o.error, { currentPassword: 'current-password', newPassword: 'new-password', repeat: 'repeat-password' })}
<form method="post" action="/account/password" class="form" novalidate>
${csrfField(o.csrf)}
${textField({ id: 'current-password', name: 'currentPassword', label: 'Nuvarande lösenord', type: 'password', autocomplete: 'current-password', required: true, width: 'l', error: err('currentPassword') })}
${textField({ id: 'new-password', name: 'newPassword', label: 'Nytt lösenord', hint: 'Minst 12 tecken och inte detsamma som användarnamnet. En mening av flera ord är lätt att minnas och svår att gissa.', type: 'password', autocomplete: 'new-password', required: true, width: 'l', error: err('newPassword') })}
${textField({ id: 'repeat-password', name: 'repeat', label: 'Upprepa det nya lösenordet', type: 'password', autocomplete: 'new-password', required: true, width: 'l', error: err('repeat') })}
<div class="form__actions"><button type="submit" class="button button--primary">Byt lösenord</button></div>
</form>`;
}
