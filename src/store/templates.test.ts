import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, testBackends } from '../../test/support/store.ts';
import { PrognosError } from '../core/errors/index.ts';
import { standardTemplate } from '../report/template.ts';
import { listAudit } from './audit.ts';
import type { Store } from './index.ts';
import { getTemplate, latestTemplate, listTemplates, saveTemplate } from './templates.ts';

const actor = { userId: null, username: 'controller' };

async function withBoards(store: Store): Promise<void> {
  await store.ensureOrganisation('k');
  await store.ensureOrganisation('other');
  for (const org of ['k', 'other']) {
    await store.upsertUnits(store.db, org, [
      { code: 'KS', name: 'Kommunstyrelsen', parent: null, level: 'RN1', budgetLevel: null, sortOrder: 0 },
      { code: 'KSA', name: 'Avdelning A', parent: 'KS', level: 'RN2', budgetLevel: null, sortOrder: 1 },
    ]);
  }
}

const own = (name: string) => ({ ...standardTemplate('KS', false, 'RN2'), id: 'ks-delar', name });

describe.each(testBackends())('board templates on %s', (backend) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('keeps every version of a board template, numbers them and writes each upload to the audit log', async () => {
    store = await openTestStore(backend);
    await withBoards(store);
    const v1 = await saveTemplate(store.db, { orgId: 'k', board: 'KS', body: own('Delårsrapport KS'), actor });
    const v2 = await saveTemplate(store.db, { orgId: 'k', board: 'KS', body: own('Delårsrapport KS, ny'), actor });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect((await getTemplate(store.db, 'k', 'KS', 'ks-delar', 1)).body.name).toBe('Delårsrapport KS');
    expect((await getTemplate(store.db, 'k', 'KS', 'ks-delar')).version).toBe(2);
    expect((await listTemplates(store.db, 'k')).map((t) => [t.board, t.templateId, t.version, t.name, t.createdBy])).toEqual([
      ['KS', 'ks-delar', 2, 'Delårsrapport KS, ny', 'controller'],
      ['KS', 'ks-delar', 1, 'Delårsrapport KS', 'controller'],
    ]);
    expect((await latestTemplate(store.db, 'k', 'KS'))?.version).toBe(2);
    // Another organisation sees nothing of it.
    expect(await listTemplates(store.db, 'other')).toEqual([]);
    expect(await latestTemplate(store.db, 'other', 'KS')).toBeNull();
    await expect(getTemplate(store.db, 'other', 'KS', 'ks-delar')).rejects.toThrow('mallen ks-delar finns inte för KS');
    const audit = (await listAudit(store.db, { orgId: 'k' })).filter((a) => a.action === 'template.set');
    expect(audit.map((a) => [a.entity, a.entityKey, a.username, (a.new as { version: number }).version])).toEqual([
      ['report_template', 'KS/ks-delar/2', 'controller', 2],
      ['report_template', 'KS/ks-delar/1', 'controller', 1],
    ]);
  });

  it('gives back the JSON exactly as uploaded, key order included', async () => {
    store = await openTestStore(backend);
    await withBoards(store);
    const body = { percentages: { limit: 500 }, chapters: [{ blocks: [{ required: true, narrative: 'proposal' }], level: 1, title: 'Förslag', number: '1', id: 'a' }], id: 'x' };
    await saveTemplate(store.db, { orgId: 'k', board: 'KS', body, actor });
    expect(JSON.stringify((await getTemplate(store.db, 'k', 'KS', 'x')).body)).toBe(JSON.stringify(body));
  });

  it('refuses an unknown key, naming its path and field, and stores nothing', async () => {
    store = await openTestStore(backend);
    await withBoards(store);
    const body = own('x') as unknown as { chapters: Array<{ blocks: Array<Record<string, unknown>> }> };
    body.chapters[5]!.blocks[0] = { table: { id: 'net-summary', kind: 'net-summary', scope: 'KS', kolumner: [] } };
    const e = await saveTemplate(store.db, { orgId: 'k', board: 'KS', body, actor, source: 'mall.json' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PrognosError);
    expect((e as PrognosError).code).toBe('BAD_INPUT');
    expect((e as PrognosError).location).toEqual({ file: 'mall.json', field: 'chapters[5].blocks[0].table.kolumner' });
    expect((e as PrognosError).message).toContain('chapters[5].blocks[0].table: okänd nyckel "kolumner"');
    expect(await listTemplates(store.db, 'k')).toEqual([]);
  });

  it('refuses a table of a unit the organisation does not have, and a board that does not exist', async () => {
    store = await openTestStore(backend);
    await withBoards(store);
    const body = { ...standardTemplate('XYZ', false), id: 'x' };
    await expect(saveTemplate(store.db, { orgId: 'k', board: 'KS', body, actor })).rejects.toThrow('chapters[5].blocks[0].table.scope: enheten "XYZ" finns inte i organisationen');
    await expect(saveTemplate(store.db, { orgId: 'k', board: 'NOPE', body: own('x'), actor })).rejects.toThrow('nämnden NOPE finns inte');
  });
});
