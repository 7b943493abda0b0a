// Observations entered and edited on the web API: versions, 409 on a stale version, audit, and the report reads them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { Client, demoWorld, loggedIn, openDemoRound, type World } from '../../test/support/server.ts';

describe.each(testBackends())('observations on the web API (%s)', (backend) => {
  let w: World;
  let round: number;
  let controller: Client;
  let reader: Client;
  beforeAll(async () => {
    w = await demoWorld(backend);
    controller = await loggedIn(w.app, 'controller');
    reader = await loggedIn(w.app, 'reader');
    round = await openDemoRound(controller);
  });
  afterAll(() => w?.close());

  it('creates, edits and deletes an observation with versions, refuses a stale version with 409 and the current row, and audits each change', async () => {
    const before = await controller.get(`/api/rounds/${round}/observations`);
    expect(before.status).toBe(200);
    expect(before.body.editable).toBe(true);
    const nr = before.body.next as number;
    expect(nr).toBe(before.body.observations.length === 0 ? 1 : Math.max(...before.body.observations.map((o: { nr: number }) => o.nr)) + 1);
    const created = await controller.put(`/api/rounds/${round}/observations/${nr}`, { goalArea: 'Ett tryggt Örebro', kind: 'positive', text: 'Fler elever klarar målen.', version: 0 });
    expect(created.status).toBe(201);
    expect(created.body.observation).toMatchObject({ nr, goalArea: 'Ett tryggt Örebro', kind: 'positive', text: 'Fler elever klarar målen.', updatedBy: 'controller' });
    const v1 = created.body.observation.version as number;
    const edited = await controller.put(`/api/rounds/${round}/observations/${nr}`, { goalArea: 'Ett tryggt Örebro', kind: 'improvement', text: 'Färre elever klarar målen.', version: v1 });
    expect(edited.status).toBe(200);
    expect(edited.body.observation.version).not.toBe(v1);
    const stale = await controller.put(`/api/rounds/${round}/observations/${nr}`, { goalArea: 'X', kind: 'positive', text: 'Gammal', version: v1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'CONFLICT', field: 'version' });
    expect(stale.body.error.current).toMatchObject({ kind: 'improvement', text: 'Färre elever klarar målen.' });
    const again = await controller.put(`/api/rounds/${round}/observations/${nr}`, { goalArea: 'X', kind: 'positive', text: 'Dubblett', version: 0 });
    expect(again.status).toBe(409);
    const empty = await controller.put(`/api/rounds/${round}/observations/${nr}`, { goalArea: 'X', kind: 'positive', text: ' ', version: edited.body.observation.version });
    expect(empty.body.error).toMatchObject({ code: 'BAD_INPUT', field: 'text' });
    expect((await reader.put(`/api/rounds/${round}/observations/${nr + 1}`, { goalArea: 'X', kind: 'positive', text: 'Läsare', version: 0 })).status).toBe(403);
    const list = await reader.get(`/api/rounds/${round}/observations`);
    expect(list.body.observations.find((o: { nr: number }) => o.nr === nr)).toMatchObject({ kind: 'improvement', text: 'Färre elever klarar målen.' });
    expect((await controller.delete(`/api/rounds/${round}/observations/${nr}`, { version: v1 })).status).toBe(409);
    expect((await controller.delete(`/api/rounds/${round}/observations/${nr}`, { version: edited.body.observation.version })).status).toBe(200);
    expect((await controller.get(`/api/rounds/${round}/observations`)).body.observations.some((o: { nr: number }) => o.nr === nr)).toBe(false);
    const audit = (await controller.get(`/api/rounds/${round}/audit`)).body.entries as Array<{ action: string; entityKey: string; old: unknown; new: unknown }>;
    const saves = audit.filter((e) => e.action === 'observation.save' && e.entityKey === String(nr));
    expect(saves).toHaveLength(2);
    expect(saves.find((e) => e.old !== null)).toMatchObject({ old: { kind: 'positive', text: 'Fler elever klarar målen.' }, new: { kind: 'improvement', text: 'Färre elever klarar målen.' } });
    expect(audit.find((e) => e.action === 'observation.delete' && e.entityKey === String(nr))).toMatchObject({ old: { text: 'Färre elever klarar målen.' }, new: null });
  });

  it('refuses a number that is not a whole number from 1', async () => {
    const r = await controller.put(`/api/rounds/${round}/observations/0`, { goalArea: 'X', kind: 'positive', text: 'x', version: 0 });
    expect(r.body.error).toMatchObject({ code: 'BAD_INPUT', field: 'nr' });
  });
});
