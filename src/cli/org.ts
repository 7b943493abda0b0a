/**
 * `prognos org show|set`: the organisation settings printed on the reports' cover — the
 * municipality's name and logo. main.ts declares the commands and loads this when one runs.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PrognosError } from '../core/errors/index.ts';
import { logoDataUri, type OrganisationSettings } from '../store/index.ts';
import { hostNames, setHostNames } from '../store/organisation-settings.ts';
import { withStore, type GlobalOptions } from './context.ts';

export interface OrgSetOptions {
  name?: string;
  logo?: string | false;
  /** Comma-separated host names that choose the organisation at log-in; '' removes them. */
  hostNames?: string;
}

function describe(orgId: string, s: OrganisationSettings, hosts: readonly string[]): string {
  const hostText = hosts.length > 0 ? `, värdnamn ${hosts.join(', ')}` : '';
  return `Organisation ${orgId}: namn ${s.name ? `"${s.name}"` : '(inget)'}, logotyp ${s.logo ? `${s.logo.slice(5, s.logo.indexOf(';'))}, ${Math.round((s.logo.length * 3) / 4 / 1024)} kB` : '(ingen)'}${hostText}\n`;
}

export async function runOrgShow(g: GlobalOptions): Promise<void> {
  await withStore(g, async (store) => {
    process.stdout.write(describe(g.org, await store.organisationSettings(g.org), await hostNames(store.db, g.org)));
  });
}

export async function runOrgSet(g: GlobalOptions, o: OrgSetOptions): Promise<void> {
  if (o.name === undefined && o.logo === undefined && o.hostNames === undefined) throw new PrognosError('BAD_INPUT', 'ange --name, --logo, --no-logo eller --host-names', { field: 'name' });
  const logo = typeof o.logo === 'string' ? logoDataUri(readFileSync(resolve(o.logo)), o.logo) : o.logo === false ? null : undefined;
  await withStore(g, async (store) => {
    const saved = await store.setOrganisationSettings(g.org, { ...(o.name !== undefined ? { name: o.name } : {}), ...(logo !== undefined ? { logo } : {}) });
    const hosts = o.hostNames !== undefined ? await store.db.transaction((tx) => setHostNames(tx, g.org, o.hostNames!.split(','))) : await hostNames(store.db, g.org);
    process.stdout.write(describe(g.org, saved, hosts));
  });
}
