/**
 * `prognos user list|add|set|reset-password|disable|enable`: the web application's users of the
 * organisation (--org), administered from the command line with the same rules and audit
 * entries as the admin page (actor "kommandoraden"); `--json` prints what the API would answer.
 * Passwords come from PROGNOS_PASSWORD or standard input (without echo on a terminal).
 */
import { isRole, ROLE_SCOPE, ROLES, type Role } from '../core/permissions/index.ts';
import { PrognosError } from '../core/errors/index.ts';
import type { UserChanges } from '../server/user-admin.ts';
import type { UserRecord } from '../store/users.ts';
import { withStore, type GlobalOptions } from './context.ts';

export interface UserAddOptions {
  admin?: boolean;
  role?: string;
  units?: string;
  name?: string;
  mustChangePassword?: boolean;
  json?: boolean;
}

export interface UserSetOptions {
  role?: string;
  units?: string;
  name?: string;
  mustChangePassword?: boolean;
  json?: boolean;
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

/** The password of `user add` and `user reset-password`: PROGNOS_PASSWORD, else standard input (without echo on a terminal). */
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

const CLI_ACTOR = { userId: null, username: 'kommandoraden' } as const;

const splitUnits = (s: string | undefined): string[] => (s ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '');

function roleOf(s: string | undefined): Role | undefined {
  if (s === undefined) return undefined;
  if (!isRole(s)) throw new PrognosError('BAD_INPUT', `rollen ${s} finns inte; välj en av ${ROLES.join(', ')}`, { field: 'role' });
  return s;
}

const when = (iso: string | null): string => (iso ? new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' }) : 'aldrig');

/** One line about a user, in Swedish. */
function describeUser(u: UserRecord): string {
  const scope = u.units.length ? `: ${u.units.join(', ')}` : '';
  const status = [u.disabled ? 'avstängd' : 'aktiv', ...(u.mustChangePassword ? ['måste byta lösenord'] : [])].join(', ');
  return `${u.username} (${u.role}${scope}) ${u.displayName ? `"${u.displayName}" ` : ''}– ${status}, senast inloggad ${when(u.lastLoginAt)}`;
}

async function modules() {
  const [admin, users, routes] = await Promise.all([import('../server/user-admin.ts'), import('../store/users.ts'), import('../server/routes/users.ts')]);
  return { ...admin, ...users, userJson: routes.userJson };
}

const print = (json: boolean | undefined, value: unknown, text: string): void => void process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);

export async function runUserList(g: GlobalOptions, o: { json?: boolean }): Promise<void> {
  const m = await modules();
  await withStore(g, async (store) => {
    const users = await m.listUsers(store.db, g.org);
    print(o.json, { users: users.map(m.userJson) }, users.length === 0 ? `Organisationen ${g.org} har inga användare` : users.map(describeUser).join('\n'));
  });
}

export async function runUserAdd(g: GlobalOptions, username: string, o: UserAddOptions): Promise<void> {
  const role = roleOf(o.admin ? 'admin' : o.role);
  if (!role) throw new PrognosError('BAD_INPUT', `ange --admin eller --role (${ROLES.join(', ')})`, { field: 'role' });
  const units = splitUnits(o.units);
  if (ROLE_SCOPE[role] === 'units' && units.length === 0) throw new PrognosError('BAD_INPUT', `rollen ${role} behöver --units`, { field: 'units' });
  if (!/^[A-Za-z0-9._@-]{2,100}$/.test(username)) throw new PrognosError('BAD_INPUT', 'användarnamnet får innehålla bokstäverna a–z, siffror och . _ @ - (2–100 tecken)', { field: 'username' });
  const m = await modules();
  await withStore(g, async (store) => {
    const password = await readPassword();
    await store.ensureOrganisation(g.org);
    const user = await m.createUserAudited(store.db, g.org, CLI_ACTOR, { username, displayName: o.name ?? '', role, units, password, mustChangePassword: o.mustChangePassword ?? false });
    print(o.json, { user: m.userJson(user) }, `Användaren ${user.username} (${user.role}${user.units.length ? `: ${user.units.join(', ')}` : ''}) finns nu i organisationen ${g.org}`);
  });
}

/** Changes a user by name: the current version is read first (the command line acts on what is stored now). */
async function change(g: GlobalOptions, username: string, json: boolean | undefined, what: (before: UserRecord) => string, changes: () => Promise<UserChanges>): Promise<void> {
  const m = await modules();
  await withStore(g, async (store) => {
    const current = await m.getUserByName(store.db, g.org, username);
    const { after } = await m.updateUserAudited(store.db, g.org, CLI_ACTOR, current.id, current.version, await changes());
    print(json, { user: m.userJson(after) }, `${what(current)}: ${describeUser(after)}`);
  });
}

export async function runUserSet(g: GlobalOptions, username: string, o: UserSetOptions): Promise<void> {
  const role = roleOf(o.role);
  if (role === undefined && o.units === undefined && o.name === undefined && o.mustChangePassword === undefined) {
    throw new PrognosError('BAD_INPUT', 'ange --role, --units, --name, --must-change-password eller --no-must-change-password', { field: 'role' });
  }
  const changes: UserChanges = {
    ...(role !== undefined ? { role } : {}),
    ...(o.units !== undefined ? { units: splitUnits(o.units) } : {}),
    ...(o.name !== undefined ? { displayName: o.name } : {}),
    ...(o.mustChangePassword !== undefined ? { mustChangePassword: o.mustChangePassword } : {}),
  };
  await change(g, username, o.json, (u) => `Användaren ${u.username} är ändrad`, async () => changes);
}

export async function runUserResetPassword(g: GlobalOptions, username: string, o: { mustChangePassword?: boolean; json?: boolean }): Promise<void> {
  const must = o.mustChangePassword ?? true;
  await change(
    g,
    username,
    o.json,
    (u) => `Lösenordet för ${u.username} är bytt${must ? '; användaren väljer ett eget vid nästa inloggning' : ''}`,
    async () => ({ password: await readPassword(), mustChangePassword: must }),
  );
}

export async function runUserDisable(g: GlobalOptions, username: string, disabled: boolean, o: { json?: boolean }): Promise<void> {
  await change(g, username, o.json, (u) => `Användaren ${u.username} är ${disabled ? 'avstängd; inloggningarna har avslutats' : 'aktiverad'}`, async () => ({ disabled }));
}
