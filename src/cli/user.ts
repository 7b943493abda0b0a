/** `prognos user add`: a user of the web application, with a password from the environment or standard input. */
import { isRole, ROLES, type Role } from '../core/permissions/index.ts';
import { PrognosError } from '../core/errors/index.ts';
import { withStore, type GlobalOptions } from './context.ts';

export interface UserAddOptions {
  admin?: boolean;
  role?: string;
  units?: string;
  name?: string;
}

/** Reads one password from a terminal without echo. */
function askHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolvePw, reject) => {
    process.stderr.write(prompt);
    let pw = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (s: string): void => {
      for (const ch of s) {
        if (ch === '\r' || ch === '\n') {
          stdin.off('data', onData);
          stdin.setRawMode(false);
          stdin.pause();
          process.stderr.write('\n');
          resolvePw(pw);
          return;
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          reject(new PrognosError('BAD_INPUT', 'avbrutet'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') pw = [...pw].slice(0, -1).join('');
        else pw += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The password of `user add`: PROGNOS_PASSWORD, else standard input (without echo on a terminal). */
async function readPassword(): Promise<string> {
  const env = process.env.PROGNOS_PASSWORD;
  if (env !== undefined && env !== '') return env;
  if (!process.stdin.isTTY) {
    let data = '';
    for await (const chunk of process.stdin) data += String(chunk);
    return data.split(/\r?\n/)[0] ?? '';
  }
  const first = await askHidden('Lösenord: ');
  const second = await askHidden('Upprepa lösenordet: ');
  if (first !== second) throw new PrognosError('BAD_INPUT', 'lösenorden är olika', { field: 'password' });
  return first;
}

export async function runUserAdd(g: GlobalOptions, username: string, o: UserAddOptions): Promise<void> {
  const role = o.admin ? 'admin' : o.role;
  if (!role || !isRole(role)) throw new PrognosError('BAD_INPUT', `ange --admin eller --role (${ROLES.join(', ')})`, { field: 'role' });
  const units = (o.units ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (role === 'unit_editor' && units.length === 0) throw new PrognosError('BAD_INPUT', 'rollen unit_editor behöver --units', { field: 'units' });
  if (!/^[A-Za-z0-9._@-]{2,100}$/.test(username)) throw new PrognosError('BAD_INPUT', 'användarnamnet får innehålla bokstäverna a–z, siffror och . _ @ - (2–100 tecken)', { field: 'username' });
  const [{ checkPasswordRules, hashPassword }, { createUser }, { writeAudit }] = await Promise.all([
    import('../server/password.ts'),
    import('../store/users.ts'),
    import('../store/audit.ts'),
  ]);
  await withStore(g, async (store) => {
    const password = await readPassword();
    checkPasswordRules(password, username);
    const passwordHash = await hashPassword(password);
    await store.ensureOrganisation(g.org);
    const user = await store.db.transaction(async (tx) => {
      const u = await createUser(tx, { orgId: g.org, username, displayName: o.name ?? '', role: role as Role, units: role === 'unit_editor' ? units : [], passwordHash });
      await writeAudit(tx, {
        orgId: g.org,
        actor: { userId: null, username: 'kommandoraden' },
        action: 'user.create',
        entity: 'user',
        entityKey: u.username,
        new: { username: u.username, displayName: u.displayName, role: u.role, units: u.units, disabled: false },
      });
      return u;
    });
    process.stdout.write(`Användaren ${user.username} (${user.role}${user.units.length ? `: ${user.units.join(', ')}` : ''}) finns nu i organisationen ${g.org}\n`);
  });
}
