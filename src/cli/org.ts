/**
 * `prognos org show|set`: the organisation settings printed on the reports' cover — the
 * municipality's name and logo. main.ts declares the commands and loads this when one runs.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PrognosError } from '../core/errors/index.ts';
import { logoDataUri, type OrganisationSettings } from '../store/index.ts';
import { withStore, type GlobalOptions } from './context.ts';

export interface OrgSetOptions {
  name?: string;
  logo?: string | false;
}

function describe(orgId: string, s: OrganisationSettings): string {
  return `Organisation ${orgId}: namn ${s.name ? `"${s.name}"` : '(inget)'}, logotyp ${s.logo ? `${s.logo.slice(5, s.logo.indexOf(';'))}, ${Math.round((s.logo.length * 3) / 4 / 1024)} kB` : '(ingen)'}\n`;
}

export async function runOrgShow(g: GlobalOptions): Promise<void> {
  await withStore(g, async (store) => {
    process.stdout.write(describe(g.org, await store.organisationSettings(g.org)));
  });
}

export async function runOrgSet(g: GlobalOptions, o: OrgSetOptions): Promise<void> {
  if (o.name === undefined && o.logo === undefined) throw new PrognosError('BAD_INPUT', 'ange --name, --logo eller --no-logo', { field: 'name' });
  const logo = typeof o.logo === 'string' ? logoDataUri(readFileSync(resolve(o.logo)), o.logo) : o.logo === false ? null : undefined;
  await withStore(g, async (store) => {
    const saved = await store.setOrganisationSettings(g.org, { ...(o.name !== undefined ? { name: o.name } : {}), ...(logo !== undefined ? { logo } : {}) });
    process.stdout.write(describe(g.org, saved));
  });
}
