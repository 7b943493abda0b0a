/**
 * User administration, shared by the API (`routes/users.ts`) and the command line
 * (`cli/user.ts`): creating a user and changing one — role, units, name, a password reset,
 * a forced change at the next log-in, disabling — each in one transaction with its audit entry
 * (who, when, before and after; never a password or its hash). A change of role, units, status
 * or password ends the user's sessions.
 */
import { PrognosError } from '../core/errors/index.ts';
import { ROLE_NAMES, ROLE_SCOPE, type Role } from '../core/permissions/index.ts';
import type { Database } from '../store/adapters/types.ts';
import { writeAudit, type AuditActor } from '../store/audit.ts';
import { createUser, deleteUserSessions, updateUser, type UserRecord } from '../store/users.ts';
import { checkPasswordRules, hashPassword } from './password.ts';

/** What the audit log keeps of a user (never a password hash). */
export const auditView = (u: UserRecord) => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  units: u.units,
  disabled: u.disabled,
  mustChangePassword: u.mustChangePassword,
});

export function checkScope(role: Role, units: readonly string[]): void {
  if (ROLE_SCOPE[role] === 'units' && units.length === 0) {
    throw new PrognosError('BAD_INPUT', `rollen ${ROLE_NAMES[role]} behöver minst en enhet`, { field: 'units' });
  }
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  role: Role;
  units: readonly string[];
  password: string;
  mustChangePassword: boolean;
}

export async function createUserAudited(db: Database, orgId: string, actor: AuditActor, input: CreateUserInput): Promise<UserRecord> {
  checkScope(input.role, input.units);
  checkPasswordRules(input.password, input.username);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const n = await createUser(tx, {
      orgId,
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      units: ROLE_SCOPE[input.role] === 'units' ? input.units : [],
      passwordHash,
      mustChangePassword: input.mustChangePassword,
    });
    await writeAudit(tx, { orgId, actor, action: 'user.create', entity: 'user', entityKey: n.username, new: auditView(n) });
    return n;
  });
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  units?: readonly string[];
  disabled?: boolean;
  /** A new password set by an administrator; the user must change it at the next log-in unless `mustChangePassword` is false. */
  password?: string;
  mustChangePassword?: boolean;
}

/**
 * Changes a user (a stale `version` is a CONFLICT). `self` is the acting user's id when a user
 * acts: no one disables themself or drops their own admin role.
 */
export async function updateUserAudited(
  db: Database,
  orgId: string,
  actor: AuditActor,
  id: number,
  version: number,
  ch: UserChanges,
): Promise<{ before: UserRecord; after: UserRecord }> {
  if (actor.userId === id && (ch.disabled === true || (ch.role !== undefined && ch.role !== 'admin'))) {
    throw new PrognosError('CONFLICT', 'du kan inte stänga av ditt eget konto eller ta bort din egen administratörsroll');
  }
  const passwordHash = ch.password !== undefined ? await hashPassword(ch.password) : undefined;
  const mustChangePassword = ch.mustChangePassword ?? (ch.password !== undefined && actor.userId !== id ? true : undefined);
  const r = await db.transaction(async (tx) => {
    const r = await updateUser(tx, orgId, id, version, {
      ...(ch.displayName !== undefined ? { displayName: ch.displayName } : {}),
      ...(ch.role !== undefined ? { role: ch.role } : {}),
      // A role without a unit scope keeps no units.
      ...(ch.role !== undefined && ROLE_SCOPE[ch.role] !== 'units' ? { units: [] } : ch.units !== undefined ? { units: ch.units } : {}),
      ...(ch.disabled !== undefined ? { disabled: ch.disabled } : {}),
      ...(passwordHash !== undefined ? { passwordHash } : {}),
      ...(mustChangePassword !== undefined ? { mustChangePassword } : {}),
    });
    if (ch.password !== undefined) checkPasswordRules(ch.password, r.after.username);
    checkScope(r.after.role, r.after.units);
    await writeAudit(tx, {
      orgId,
      actor,
      action: ch.password !== undefined ? 'user.reset-password' : 'user.update',
      entity: 'user',
      entityKey: r.after.username,
      old: auditView(r.before),
      new: { ...auditView(r.after), ...(ch.password !== undefined ? { password: 'ändrat' } : {}) },
    });
    return r;
  });
  const { before, after } = r;
  const changed = before.role !== after.role || before.disabled !== after.disabled || before.units.join() !== after.units.join() || passwordHash !== undefined;
  if (changed && id !== actor.userId) await deleteUserSessions(db, orgId, id);
  return r;
}
