/** Log-in and changing one's password. */
import { html, type Html } from '../html.ts';
import { csrfField, errorSummary, notice, selectField, textField, type FieldError } from '../layout.ts';

/** A single sign-on provider the log-in page offers (GET /api/auth/providers). */
export interface SsoProvider {
  orgId: string;
  orgName: string;
  name: string;
  startUrl: string;
}

export interface LoginOrganisation {
  id: string;
  name: string;
}

function ssoButtons(providers: readonly SsoProvider[], next: string | undefined): Html | null {
  if (providers.length === 0) return null;
  const many = providers.length > 1;
  const href = (p: SsoProvider) => (next ? `${p.startUrl}&next=${encodeURIComponent(next)}` : p.startUrl);
  return html`<ul class="login__sso" role="list">
${providers.map((p) => html`<li><a class="button button--primary" href="${href(p)}">Logga in med ${p.name}${many ? ` (${p.orgName})` : ''}</a></li>`)}
</ul>`;
}

interface LoginOptions {
  username?: string;
  next?: string;
  error?: FieldError;
  info?: string;
  providers?: readonly SsoProvider[];
  localPasswords?: boolean;
  organisations?: LoginOrganisation[];
  organisation?: string;
}

/**
 * The log-in page: single sign-on buttons when configured, and the password form unless the
 * organisation has local passwords off. "Organisation" is asked only when the host name does
 * not decide it and the server has more than one organisation.
 */
export function loginBody(o: LoginOptions): Html {
  const providers = o.providers ?? [];
  const passwords = o.localPasswords ?? true;
  return html`<div class="login">
<div class="login__intro">
<h1>Logga in</h1>
<p class="lead">Budgetuppföljning, helårsprognoser och uppföljningsrapporter.</p>
</div>
${o.info ? notice('info', o.info) : null}
${errorSummary(o.error, { username: 'username', password: 'password', organisation: 'organisation' })}
${ssoButtons(providers, o.next)}
${passwords ? loginForm(o, providers.length > 0) : null}
</div>`;
}

function loginForm(o: LoginOptions, afterSso: boolean): Html {
  const orgs = o.organisations ?? [];
  return html`${afterSso ? html`<h2 class="login__or">Eller logga in med lösenord</h2>` : null}
<form method="post" action="/login" class="form login__form" novalidate>
${o.next ? html`<input type="hidden" name="next" value="${o.next}">` : null}
${orgs.length > 0
    ? selectField({ id: 'organisation', name: 'organisation', label: 'Organisation', value: o.organisation ?? '', options: [{ value: '', label: 'Välj organisation' }, ...orgs.map((x) => ({ value: x.id, label: x.name }))], required: true, width: 'l', error: o.error?.field === 'organisation' ? o.error.message : undefined })
    : null}
${textField({ id: 'username', name: 'username', label: 'Användarnamn', value: o.username ?? '', autocomplete: 'username', required: true, width: 'l', error: o.error?.field === 'username' ? o.error.message : undefined })}
${textField({ id: 'password', name: 'password', label: 'Lösenord', type: 'password', autocomplete: 'current-password', required: true, width: 'l' })}
<div class="form__actions"><button type="submit" class="button button--primary">Logga in</button></div>
</form>
<p class="muted small login__help">Har du glömt lösenordet? Kontakta administratören för Prognos i din kommun.</p>`;
}

/** A single sign-on log-in that was refused: what happened, in Swedish, and the way back. */
export function ssoErrorBody(message: string): Html {
  return html`<div class="login">
<h1>Inloggningen misslyckades</h1>
${notice('error', message)}
<p><a href="/login">Till inloggningssidan</a></p>
</div>`;
}

/** Logged out here; the browser goes on to the identity provider to end the session there too. */
export function providerLogoutBody(url: string): Html {
  return html`<div class="login">
<h1>Du är utloggad från Prognos</h1>
<p>Du skickas vidare till identitetsleverantören för att loggas ut även där. Händer inget, <a href="${url}">fortsätt till utloggningen</a>.</p>
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
