/** User administration. */
import type { Ctx } from '../../server/context.ts';
import { ApiError } from '../api.ts';
import { type FieldError } from '../layout.ts';
import { userBody, usersBody, type NewUserValues, type UserAuditJson, type UserFormValues } from '../pages/users.ts';
import type { UnitInfo, UserJson } from '../types.ts';
import { type Kit, type View, enc, readForm, fieldError, statusOf, int, okMessage } from './kit.ts';

export function registerUserPages(k: Kit): void {
  const { app, assets, send, page } = k;

  const usersView = async (c: Ctx, v: View, values: NewUserValues = {}, error?: FieldError, status = 200) => {
    const [{ users }, { units }] = await Promise.all([v.api.get<{ users: UserJson[] }>('/api/users'), v.api.get<{ units: UnitInfo[] }>('/api/units')]);
    return send(
      c,
      { title: 'Användare', assets: v.urls, me: v.me, section: 'users', body: usersBody({ me: v.me, users, units, values, message: okMessage(c), ...(error ? { error } : {}) }) },
      status,
    );
  };

  app.get('/admin/users', page((c, v) => usersView(c, v)));

  app.post(
    '/admin/users',
    page(async (c, v) => {
      const f = await readForm(c);
      const values: NewUserValues = { username: f.username ?? '', displayName: f.displayName ?? '', role: f.role ?? '', units: f.units ?? '' };
      const units = (f.units ?? '').split(/[\s,;]+/).map((s) => s.trim()).filter((s) => s !== '');
      try {
        const r = await v.api.send<{ user: UserJson }>('POST', '/api/users', { username: (f.username ?? '').trim(), displayName: f.displayName ?? '', role: f.role ?? '', units, password: f.password ?? '', mustChangePassword: f.mustChangePassword === 'on' });
        return c.redirect(`/admin/users?ok=user-created&enhet=${enc(r.user.username)}`, 303);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 401 || e.status === 403) throw e;
        return usersView(c, v, values, fieldError(e.error), statusOf(e));
      }
    }),
  );

  const userView = async (c: Ctx, v: View, id: string, values?: UserFormValues, error?: FieldError, status = 200) => {
    const [{ user, audit }, { units }] = await Promise.all([v.api.get<{ user: UserJson; audit: UserAuditJson[] }>(`/api/users/${id}`), v.api.get<{ units: UnitInfo[] }>('/api/units')]);
    return send(
      c,
      { title: `Användaren ${user.username}`, assets: v.urls, me: v.me, section: 'users', body: userBody({ me: v.me, user, audit, units, message: okMessage(c), ...(values ? { values } : {}), ...(error ? { error } : {}) }) },
      status,
    );
  };

  app.get('/admin/users/:uid{[0-9]+}', page((c, v) => userView(c, v, c.req.param('uid')!)));

  /** A change on the user's page; an input error shows the page again with the message. */
  const onUserPage = (change: (f: Record<string, string>) => Record<string, unknown>, ok: string) =>
    page(async (c, v) => {
      const f = await readForm(c);
      const id = c.req.param('uid')!;
      try {
        const r = await v.api.send<{ user: UserJson }>('PATCH', `/api/users/${id}`, { version: int(f.version) ?? 0, ...change(f) });
        return c.redirect(`/admin/users/${id}?ok=${ok}&enhet=${enc(r.user.username)}`, 303);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 401 || e.status === 403 || e.status === 404) throw e;
        return userView(c, v, id, { displayName: f.displayName ?? '', role: f.role ?? '', units: f.units ?? '' }, fieldError(e.error), statusOf(e));
      }
    });

  const unitList = (s: string | undefined) => (s ?? '').split(/[\s,;]+/).map((x) => x.trim()).filter((x) => x !== '');
  app.post('/admin/users/:uid{[0-9]+}', onUserPage((f) => ({ displayName: f.displayName ?? '', role: f.role ?? '', units: unitList(f.units) }), 'user-saved'));
  app.post('/admin/users/:uid{[0-9]+}/password', onUserPage((f) => ({ password: f.password ?? '', mustChangePassword: f.mustChangePassword === 'on' }), 'user-password'));

  for (const action of ['deactivate', 'activate'] as const) {
    app.post(
      `/admin/users/:uid{[0-9]+}/${action}`,
      page(async (c, v) => {
        const f = await readForm(c);
        try {
          const r = await v.api.send<{ user: UserJson }>('PATCH', `/api/users/${c.req.param('uid')}`, { version: int(f.version) ?? 0, disabled: action === 'deactivate' });
          const back = f.back === 'user' ? `/admin/users/${r.user.id}` : '/admin/users';
          return c.redirect(`${back}?ok=${action === 'deactivate' ? 'user-disabled' : 'user-enabled'}&enhet=${enc(r.user.username)}`, 303);
        } catch (e) {
          if (!(e instanceof ApiError) || e.status === 401 || e.status === 403) throw e;
          return usersView(c, v, {}, fieldError(e.error), statusOf(e));
        }
      }),
    );
  }
}
