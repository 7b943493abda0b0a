/** User administration. */
import type { Ctx } from '../../server/context.ts';
import { ApiError } from '../api.ts';
import { type FieldError } from '../layout.ts';
import { usersBody, type NewUserValues } from '../pages/users.ts';
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
        const r = await v.api.send<{ user: UserJson }>('POST', '/api/users', { username: (f.username ?? '').trim(), displayName: f.displayName ?? '', role: f.role ?? '', units, password: f.password ?? '' });
        return c.redirect(`/admin/users?ok=user-created&enhet=${enc(r.user.username)}`, 303);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 401 || e.status === 403) throw e;
        return usersView(c, v, values, fieldError(e.error), statusOf(e));
      }
    }),
  );

  for (const action of ['deactivate', 'activate'] as const) {
    app.post(
      `/admin/users/:uid{[0-9]+}/${action}`,
      page(async (c, v) => {
        const f = await readForm(c);
        try {
          const r = await v.api.send<{ user: UserJson }>('PATCH', `/api/users/${c.req.param('uid')}`, { version: int(f.version) ?? 0, disabled: action === 'deactivate' });
          return c.redirect(`/admin/users?ok=${action === 'deactivate' ? 'user-disabled' : 'user-enabled'}&enhet=${enc(r.user.username)}`, 303);
        } catch (e) {
          if (!(e instanceof ApiError) || e.status === 401 || e.status === 403) throw e;
          return usersView(c, v, {}, fieldError(e.error), statusOf(e));
        }
      }),
    );
  }
}
