/** User administration (admin): list, read with its history, create, change role/units/name, reset the password, force a change, disable. */
import { PrognosError } from '../../core/errors/index.ts';
import { ROLE_NAMES } from '../../core/permissions/index.ts';
import { listAudit } from '../../store/audit.ts';
import { getUser, listUsers, type UserRecord } from '../../store/users.ts';
import { actor, authorize, currentUser, readBody, type App, type Deps } from '../context.ts';
import { UserCreateBody, UserUpdateBody } from '../schemas.ts';
import { createUserAudited, updateUserAudited } from '../user-admin.ts';

export const userJson = (u: UserRecord) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  roleName: ROLE_NAMES[u.role],
  units: u.units,
  disabled: u.disabled,
  mustChangePassword: u.mustChangePassword,
  lastLoginAt: u.lastLoginAt,
  createdAt: u.createdAt,
  version: u.version,
});

export function registerUsers(app: App, d: Deps): void {
  const db = d.store.db;

  app.get('/api/users', async (c) => {
    const u = currentUser(c);
    authorize(u, 'users.manage');
    return c.json({ users: (await listUsers(db, u.orgId)).map(userJson) });
  });

  // One user of the organisation and the audit log of its changes (newest first).
  app.get('/api/users/:uid{[0-9]+}', async (c) => {
    const u = currentUser(c);
    authorize(u, 'users.manage');
    const id = Number(c.req.param('uid'));
    if (!Number.isSafeInteger(id)) throw new PrognosError('NOT_FOUND', 'användaren finns inte');
    const user = await getUser(db, u.orgId, id);
    const audit = await listAudit(db, { orgId: u.orgId, entity: 'user', entityKey: user.username, limit: 200 });
    return c.json({
      user: userJson(user),
      audit: audit.map((a) => ({ id: a.id, at: a.at, by: a.username, action: a.action, old: a.old, new: a.new })),
    });
  });

  app.post('/api/users', async (c) => {
    const u = currentUser(c);
    authorize(u, 'users.manage');
    const body = await readBody(c, UserCreateBody);
    const created = await createUserAudited(db, u.orgId, actor(u), body);
    return c.json({ user: userJson(created) }, 201);
  });

  app.patch('/api/users/:uid{[0-9]+}', async (c) => {
    const u = currentUser(c);
    authorize(u, 'users.manage');
    const id = Number(c.req.param('uid'));
    if (!Number.isSafeInteger(id)) throw new PrognosError('NOT_FOUND', 'användaren finns inte');
    const { version, ...changes } = await readBody(c, UserUpdateBody);
    const { after } = await updateUserAudited(db, u.orgId, actor(u), id, version, changes);
    return c.json({ user: userJson(after) });
  });
}
