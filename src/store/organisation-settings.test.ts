import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, testBackends } from '../../test/support/store.ts';
import { buildReport } from '../report/index.ts';
import { importTabular } from './ingest.ts';
import { logoDataUri, type Store } from './index.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5dd6d1d0000000049454e44ae426082', 'hex');

describe.each(testBackends())('organisation settings on %s', (backend) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('stores the name and logo, changes only what is given and removes the logo on null', async () => {
    store = await openTestStore(backend);
    expect(await store.organisationSettings('k')).toEqual({ name: null, logo: null });
    const logo = logoDataUri(PNG, 'logo.png');
    expect(logo).toMatch(/^data:image\/png;base64,/);
    expect(await store.setOrganisationSettings('k', { name: ' Provkommunen ', logo })).toEqual({ name: 'Provkommunen', logo });
    expect(await store.setOrganisationSettings('k', { name: 'Andra kommunen' })).toEqual({ name: 'Andra kommunen', logo });
    expect(await store.setOrganisationSettings('k', { logo: null })).toEqual({ name: 'Andra kommunen', logo: null });
    expect((await store.listOrganisations()).find((o) => o.id === 'k')?.name).toBe('Andra kommunen');
  });

  it('refuses an empty name and a logo that is not a PNG, JPEG or SVG image', async () => {
    store = await openTestStore(backend);
    await expect(store.setOrganisationSettings('k', { name: '  ' })).rejects.toThrow('kommunens namn får inte vara tomt');
    await expect(store.setOrganisationSettings('k', { logo: 'data:text/html;base64,PGI+' })).rejects.toThrow('PNG-, JPEG- eller SVG-bild');
    expect(() => logoDataUri(Buffer.from('GIF89a'), 'logo.gif')).toThrow('PNG-, JPEG- eller SVG-fil');
    expect(logoDataUri(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'l.svg')).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('prints the stored name and logo in the report, never the organisation id when no name is set', async () => {
    store = await openTestStore(backend);
    const dir = mkdtempSync(join(tmpdir(), 'prognos-org-'));
    writeFileSync(join(dir, 'org.csv'), 'code,name,parent,level\nN,Nämnden,,board\n');
    await importTabular(store, 'default', 'org', join(dir, 'org.csv'));
    const request = { orgId: 'default', scope: 'N', year: 2024, period: 3, round: 'P1', tables: [] };
    const before = await buildReport(store, request);
    expect(before.report.organisationName).toBeUndefined();
    await store.setOrganisationSettings('default', { name: 'Provkommunen', logo: logoDataUri(PNG, 'logo.png') });
    const after = await buildReport(store, request);
    expect(after.report.organisationName).toBe('Provkommunen');
    expect(after.report.logo).toMatch(/^data:image\/png;base64,/);
    expect((await buildReport(store, { ...request, organisationName: 'Given' })).report.organisationName).toBe('Given');
  });
});
