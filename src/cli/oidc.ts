/**
 * `prognos org oidc show|set|map|unmap|remove`: an organisation's single sign-on with OpenID
 * Connect (Microsoft Entra ID and most municipal identity providers) — the provider, where the
 * server reads the client secret (an environment variable or a file, never the secret itself),
 * which claim values give which role and units, whether users are created at their first log-in
 * and whether local passwords are still allowed. main.ts declares the commands.
 */
import { PrognosError } from '../core/errors/index.ts';
import { isRole, ROLE_NAMES, type Role } from '../core/permissions/index.ts';
import { getOidcConfig, removeOidcConfig, removeRoleMapping, setOidcConfig, setRoleMapping, type OidcConfig, type OidcConfigInput } from '../store/oidc.ts';
import { withStore, type GlobalOptions } from './context.ts';

export interface OidcSetOptions {
  name?: string;
  issuer?: string;
  clientId?: string;
  clientSecretEnv?: string;
  clientSecretFile?: string;
  /** false from --no-client-secret (a public client) */
  clientSecret?: boolean;
  scopes?: string;
  roleClaim?: string;
  usernameClaim?: string;
  createUsers?: boolean;
  localPasswords?: boolean;
}

export interface OidcMapOptions {
  role: string;
  units?: string;
}

/** The role from the command line: the code names, and `editor` for unit_editor. */
export function roleArg(s: string): Role {
  const r = s === 'editor' ? 'unit_editor' : s;
  if (!isRole(r)) throw new PrognosError('BAD_INPUT', `rollen ${s} finns inte; välj admin, controller, editor eller reader`, { field: 'role' });
  return r;
}

function secretText(ref: string | null): string {
  if (ref === null) return '(ingen: publik klient)';
  return ref.startsWith('env:') ? `läses från miljövariabeln ${ref.slice(4)}` : `läses från filen ${ref.slice(5)}`;
}

export function describeOidc(orgId: string, c: OidcConfig | undefined): string {
  if (!c) return `Organisation ${orgId}: ingen inloggning med OpenID Connect\n`;
  const lines = [
    `Organisation ${orgId}: inloggning med OpenID Connect, knappen "Logga in med ${c.displayName}"`,
    `  utfärdare:            ${c.issuer}`,
    `  klient-id:            ${c.clientId}`,
    `  klienthemlighet:      ${secretText(c.clientSecretRef)}`,
    `  omfattningar:         ${c.scopes}`,
    `  rollanspråk:          ${c.roleClaim}`,
    `  användarnamn från:    ${c.usernameClaim}`,
    `  nya användare:        ${c.createUsers ? 'skapas vid första inloggningen' : 'skapas inte (måste finnas i Prognos)'}`,
    `  lösenord i Prognos:   ${c.localPasswords ? 'tillåtna' : 'avstängda'}`,
    `  omdirigeringsadress:  <serverns adress>/auth/oidc/callback (registrera den hos leverantören)`,
    `  efter utloggning:     <serverns adress>/login?utloggad`,
    c.mappings.length === 0 ? '  roller:               (inga: ingen kan logga in förrän ett värde kopplas med prognos org oidc map)' : '  roller:',
    ...c.mappings.map((m) => `    ${m.value} → ${ROLE_NAMES[m.role]}${m.units.length > 0 ? ` för ${m.units.join(', ')}` : ''}`),
  ];
  return `${lines.join('\n')}\n`;
}

export async function runOidcShow(g: GlobalOptions): Promise<void> {
  await withStore(g, async (store) => {
    process.stdout.write(describeOidc(g.org, await getOidcConfig(store.db, g.org)));
  });
}

export async function runOidcSet(g: GlobalOptions, o: OidcSetOptions): Promise<void> {
  if (o.clientSecretEnv !== undefined && o.clientSecretFile !== undefined) throw new PrognosError('BAD_INPUT', 'ange antingen --client-secret-env eller --client-secret-file', { field: 'clientSecret' });
  const secret = o.clientSecretEnv !== undefined ? `env:${o.clientSecretEnv}` : o.clientSecretFile !== undefined ? `file:${o.clientSecretFile}` : o.clientSecret === false ? null : undefined;
  const input: OidcConfigInput = {
    ...(o.name !== undefined ? { displayName: o.name } : {}),
    ...(o.issuer !== undefined ? { issuer: o.issuer } : {}),
    ...(o.clientId !== undefined ? { clientId: o.clientId } : {}),
    ...(secret !== undefined ? { clientSecretRef: secret } : {}),
    ...(o.scopes !== undefined ? { scopes: o.scopes } : {}),
    ...(o.roleClaim !== undefined ? { roleClaim: o.roleClaim } : {}),
    ...(o.usernameClaim !== undefined ? { usernameClaim: o.usernameClaim } : {}),
    ...(o.createUsers !== undefined ? { createUsers: o.createUsers } : {}),
    ...(o.localPasswords !== undefined ? { localPasswords: o.localPasswords } : {}),
  };
  if (Object.keys(input).length === 0) throw new PrognosError('BAD_INPUT', 'ange vad som ska ändras, t.ex. --issuer och --client-id', { field: 'issuer' });
  await withStore(g, async (store) => {
    await store.ensureOrganisation(g.org);
    process.stdout.write(describeOidc(g.org, await setOidcConfig(store.db, g.org, input)));
  });
}

export async function runOidcMap(g: GlobalOptions, value: string, o: OidcMapOptions): Promise<void> {
  const role = roleArg(o.role);
  const units = (o.units ?? '').split(',').map((u) => u.trim()).filter((u) => u !== '');
  await withStore(g, async (store) => {
    await setRoleMapping(store.db, g.org, { value, role, units });
    process.stdout.write(describeOidc(g.org, await getOidcConfig(store.db, g.org)));
  });
}

export async function runOidcUnmap(g: GlobalOptions, value: string): Promise<void> {
  await withStore(g, async (store) => {
    if (!(await removeRoleMapping(store.db, g.org, value))) throw new PrognosError('NOT_FOUND', `värdet ${value} är inte kopplat till någon roll`, { field: 'value' });
    process.stdout.write(describeOidc(g.org, await getOidcConfig(store.db, g.org)));
  });
}

export async function runOidcRemove(g: GlobalOptions): Promise<void> {
  await withStore(g, async (store) => {
    if (!(await removeOidcConfig(store.db, g.org))) throw new PrognosError('NOT_FOUND', `organisationen ${g.org} har ingen inloggning med OpenID Connect`);
    process.stdout.write(`Organisation ${g.org}: inloggningen med OpenID Connect är borttagen; lösenord i Prognos gäller igen\n`);
  });
}
