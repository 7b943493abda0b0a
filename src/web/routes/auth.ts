/** Log-in, log-out and the password page. */
import type { Ctx } from '../../server/context.ts';
import { Api, type ApiErrorBody } from '../api.ts';
import { type FieldError } from '../layout.ts';
import { isSsoErrorCode, SSO_ERRORS } from '../../server/oidc/index.ts';
import { loginBody, passwordBody, providerLogoutBody, ssoErrorBody, type LoginOrganisation, type SsoProvider } from '../pages/auth.ts';
import { type Kit, type View, safeNext, readForm, apiError, fieldError, statusOf } from './kit.ts';

export function registerAuthPages(k: Kit): void {
  const { app, assets, send, page } = k;

  app.get('/', (c) => c.redirect(c.get('user') ? '/todo' : '/login', 303));

  /** The organisations to choose from on the log-in page (none when the host name or a single organisation decides). */
  const choices = async (c: Ctx): Promise<LoginOrganisation[]> =>
    (await new Api(app, c).call<{ organisations: LoginOrganisation[] }>('GET', '/api/auth/organisations')).body.organisations ?? [];

  app.get('/login', async (c) => {
    if (c.get('user')) return c.redirect(safeNext(c.req.query('next')) ?? '/todo', 303);
    const info = c.req.query('utloggad') !== undefined ? 'Du är utloggad.' : c.req.query('next') ? 'Logga in för att fortsätta.' : undefined;
    const next = safeNext(c.req.query('next'));
    const [sso, organisations] = await Promise.all([ssoChoice(c), choices(c)]);
    return send(c, { title: 'Logga in', assets: await assets.urls(), narrow: true, body: loginBody({ organisations, ...(next ? { next } : {}), ...(info ? { info } : {}), ...sso }) });
  });

  /** The single sign-on buttons and whether the password form is shown (`?org=` picks the organisation). */
  const ssoChoice = async (c: Ctx): Promise<{ providers: SsoProvider[]; localPasswords: boolean }> => {
    const org = c.req.query('org');
    const r = await new Api(app, c).call<{ providers: SsoProvider[]; localPasswords: boolean }>('GET', `/api/auth/providers${org ? `?org=${encodeURIComponent(org)}` : ''}`);
    if (!r.ok) return { providers: [], localPasswords: true };
    return { providers: org ? r.body.providers.filter((p) => p.orgId === org) : r.body.providers, localPasswords: r.body.localPasswords };
  };

  app.get('/login/sso-fel', async (c) => {
    const code = c.req.query('orsak');
    const status = code === 'provider' ? 502 : code === 'state' || code === 'not-configured' ? 400 : 403;
    return send(c, { title: 'Inloggningen misslyckades', assets: await assets.urls(), narrow: true, body: ssoErrorBody(isSsoErrorCode(code) ? SSO_ERRORS[code] : SSO_ERRORS.provider) }, status);
  });

  app.post('/login', async (c) => {
    const form = await readForm(c);
    const next = safeNext(form.next);
    const username = (form.username ?? '').trim();
    const password = form.password ?? '';
    const organisation = (form.organisation ?? '').trim();
    const organisations = await choices(c);
    const fail = async (error: FieldError, status: number) =>
      send(c, { title: 'Logga in', assets: await assets.urls(), narrow: true, body: loginBody({ username, organisations, organisation, ...(next ? { next } : {}), error, ...(await ssoChoice(c)) }) }, status);
    if (organisations.length > 0 && organisation === '') return fail({ field: 'organisation', message: 'välj din organisation' }, 400);
    if (username === '' || password === '') return fail({ field: username === '' ? 'username' : 'password', message: username === '' ? 'fyll i ditt användarnamn' : 'fyll i ditt lösenord' }, 400);
    const r = await new Api(app, c).call<{ error?: ApiErrorBody; user?: { mustChangePassword?: boolean } }>('POST', '/api/auth/login', {
      username,
      password,
      ...(organisations.length > 0 ? { organisation } : {}),
    });
    if (!r.ok) {
      const e = r.body.error ?? { code: 'INTERNAL', message: 'inloggningen misslyckades; försök igen' };
      if (r.status === 429) {
        const retry = r.headers.get('retry-after');
        if (retry) c.header('Retry-After', retry);
        return fail({ message: `${e.message}. Inloggningen är spärrad en stund för att skydda kontot` }, 429);
      }
      return fail({ message: r.status === 401 ? 'fel användarnamn eller lösenord' : e.message, ...(e.field === 'organisation' ? { field: 'organisation' } : {}) }, r.status);
    }
    for (const cookie of r.headers.getSetCookie()) c.header('Set-Cookie', cookie, { append: true });
    if (r.body.user?.mustChangePassword) return c.redirect('/account/password', 303);
    return c.redirect(next ?? '/todo', 303);
  });

  app.post('/logout', async (c) => {
    const r = await new Api(app, c).call<{ endSessionUrl?: string }>('POST', '/api/auth/logout', {});
    for (const cookie of r.headers.getSetCookie()) c.header('Set-Cookie', cookie, { append: true });
    // Single sign-on: on to the provider's log-out. A page that moves on, not a redirect: the
    // form's CSP (form-action 'self') would stop a redirect to another site.
    const end = r.ok ? r.body.endSessionUrl : undefined;
    if (end) return send(c, { title: 'Utloggad', assets: await assets.urls(), narrow: true, refresh: { seconds: 0, url: end }, body: providerLogoutBody(end) });
    return c.redirect('/login?utloggad', 303);
  });

  const passwordPage = (c: Ctx, v: View, o: { error?: FieldError; done?: boolean }, status = 200) =>
    send(c, { title: 'Byt lösenord', assets: v.urls, me: v.me, section: 'account', body: passwordBody({ csrf: v.me.csrfToken, required: v.me.user.mustChangePassword === true, ...o }) }, status);

  app.get('/account/password', page(async (c, v) => passwordPage(c, v, { done: c.req.query('ok') === 'password' })));

  app.post(
    '/account/password',
    page(async (c, v) => {
      const f = await readForm(c);
      if ((f.newPassword ?? '') !== (f.repeat ?? '')) return passwordPage(c, v, { error: { field: 'repeat', message: 'de två nya lösenorden är olika' } }, 400);
      try {
        await v.api.send('POST', '/api/me/password', { currentPassword: f.currentPassword ?? '', newPassword: f.newPassword ?? '' });
      } catch (e) {
        return passwordPage(c, v, { error: fieldError(apiError(e)) }, statusOf(e));
      }
      return c.redirect('/account/password?ok=password', 303);
    }),
  );
}
