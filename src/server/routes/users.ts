/** User administration (admin): list, create, change role/units/name, disable, reset password. */
import { PrognosError } from '../../core/errors/index.ts';
import { ROLE_NAMES, ROLE_SCOPE } from '../../core/permissions/index.ts';
import { writeAudit } from '../../store/audit.ts';
import { createUser, deleteUserSessions, listUsers, updateUser, type UserRecord } from '../../store/users.ts';
import { actor, authorize, currentUser, readBody, type App, type Deps } from '../context.ts';
import { checkPasswordRules, hashPassword } from '../password.ts';
import { UserCreateBody, UserUpdateBody } from '../schemas.ts';

export const userJson = (u: UserRecord) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  roleName: ROLE_NAMES[u.role],
  units: u.units,
  disabled: u.disabled,
  createdAt: u.createdAt,
  version: u.version,
});

/** What the audit log keeps of a user (never a password hash). */
const auditView = (u: UserRecord) => ({ username: u.username, displayName: u.displayName, role: u.role, units: u.units, disabled: u.disabled });

function checkScope(role: UserRecord['role'], units: readonly string[]): void {
  if (ROLE_SCOPE[role] === 'units' && units.length === 0) {
    throw new PrognosError('BAD_INPUT', `rollen ${ROLE_NAMES[role]} behöver minst en enhet`, { field: 'units' });
  }
}

export function registerUsers(app: App, d: Deps): void {
  const db = d.store.db;

  app.get('/api/users', async (c) => {
    const u = currentUser(c);
    authorize(u, 'users.manage');
    return c.json({ users: (await listUsers(db, u.orgId)).map(userJson) });
  });

  app.post('/api/users', async (c) => {
    const u = currentUser(c);
    authorize(u, 'users.manage');
    const body = await readBody(c, UserCreateBody);
    checkScope(body.role, body.units);
    checkPasswordRules(body.password, body.username);
    const passwordHash = await hashPassword(body.password);
    const created = await db.transaction(async (tx) => {
      const n = await createUser(tx, { orgId: u.orgId, username: body.username, displayName: body.displayName, role: body.role, units: ROLE_SCOPE[body.role] === 'units' ? body.units : [], passwordHash });
      await writeAudit(tx, { orgId: u.orgId, actor: actor(u), action: 'user.create', entity: 'user', entityKey: n.username, new: auditView(n) });
      return n;
    });
    return c.json({ user: userJson(created) }, 201);
  });

  app.patch('/api/users/:uid{[0-9]+}', async (c) => {
    const u = currentUser(c);
    authorize(u, 'users.manage');
    const id = Number(c.req.param('uid'));
    if (!Number.isSafeInteger(id)) throw new PrognosError('NOT_FOUND', 'användaren finns inte');
    const body = await readBody(c, UserUpdateBody);
    if (id === u.id && (body.disabled === true || (body.role !== undefined && body.role !== 'admin'))) {
      throw new PrognosError('CONFLICT', 'du kan inte stänga av ditt eget konto eller ta bort din egen administratörsroll');
    }
    const passwordHash = body.password !== undefined ? await hashPassword(body.password) : undefined;
    const { before, after } = await db.transaction(async (tx) => {
      const r = await updateUser(tx, u.orgId, id, body.version, {
        ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
        ...(body.role !== undefined ? { role: body.role } : {}),
        ...(body.units !== undefined ? { units: body.units } : {}),
        ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
        ...(passwordHash !== undefined ? { passwordHash } : {}),
      });
      if (body.password !== undefined) checkPasswordRules(body.password, r.after.username);
      const role = r.after.role;
      if (ROLE_SCOPE[role] === 'units') checkScope(role, r.after.units);
      await writeAudit(tx, {
        orgId: u.orgId,
        actor: actor(u),
        action: 'user.update',
        entity: 'user',
        entityKey: r.after.username,
        old: auditView(r.before),
        new: { ...auditView(r.after), ...(body.password !== undefined ? { password: 'ändrat' } : {}) },
      });
      return r;
    });
    // A changed role, scope, status or password ends the user's sessions.
    const changed = before.role !== after.role || before.disabled !== after.disabled || before.units.join() !== after.units.join() || passwordHash !== undefined;
    if (changed && id !== u.id) await deleteUserSessions(db, id);
    return c.json({ user: userJson(after) });
  });
}
