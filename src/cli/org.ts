/**
 * `prognos org show|set`: the organisation settings printed on the reports' cover — the
 * municipality's name and logo. Registered on the program by main.ts.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PrognosError } from '../core/errors/index.ts';
import { logoDataUri, type OrganisationSettings, type Store } from '../store/index.ts';

type WithStore = <T>(fn: (store: Store, g: { org: string }) => Promise<T>) => Promise<T>;

function describe(orgId: string, s: OrganisationSettings): string {
  return `Organisation ${orgId}: namn ${s.name ? `"${s.name}"` : '(inget)'}, logotyp ${s.logo ? `${s.logo.slice(5, s.logo.indexOf(';'))}, ${Math.round((s.logo.length * 3) / 4 / 1024)} kB` : '(ingen)'}\n`;
}

export function registerOrgCommand(program: Command, withStore: WithStore): void {
  const org = program.command('org').description('kommunens namn och logotyp på rapporternas försättsblad');
  org
    .command('show')
    .description('visar organisationens inställningar')
    .action(() =>
      withStore(async (store, g) => {
        process.stdout.write(describe(g.org, await store.organisationSettings(g.org)));
      }),
    );
  org
    .command('set')
    .description('sätter kommunens namn och/eller logotyp (PNG, JPEG eller SVG, högst 1 MB)')
    .option('--name <name>', 'kommunens namn, t.ex. "Örebro kommun"')
    .option('--logo <file>', 'logotypens fil')
    .option('--no-logo', 'tar bort logotypen')
    .action((o: { name?: string; logo?: string | false }) =>
      withStore(async (store, g) => {
        if (o.name === undefined && o.logo === undefined) throw new PrognosError('BAD_INPUT', 'ange --name, --logo eller --no-logo', { field: 'name' });
        const logo = typeof o.logo === 'string' ? logoDataUri(readFileSync(resolve(o.logo)), o.logo) : o.logo === false ? null : undefined;
        const saved = await store.setOrganisationSettings(g.org, { ...(o.name !== undefined ? { name: o.name } : {}), ...(logo !== undefined ? { logo } : {}) });
        process.stdout.write(describe(g.org, saved));
      }),
    );
}
