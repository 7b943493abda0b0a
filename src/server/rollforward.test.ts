// Intrapreneurship results (intraprenader) edited on the web API: per unit in öre, versions, 409 on
// a stale version, audit, a unit outside the board refused, a reader refused, and the report's
// roll-forward block reads what was saved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { Client, demoWorld, loggedIn, openDemoRound, PROGRAMME_ROUND, type World } from '../../test/support/server.ts';

const INTRA = 'SV3-HVN-INTRA';

describe.each(testBackends())('intrapreneurship results on the web API (%s)', (backend) => {
  let w: World;
  let round: number;
  let controller: Client;
  let reader: Client;
  beforeAll(async () => {
    w = await demoWorld(backend);
    controller = await loggedIn(w.app, 'controller');
    reader = await loggedIn(w.app, 'reader');
    round = await openDemoRound(controller, PROGRAMME_ROUND);
  });
  afterAll(() => w?.close());

  it('lists the imported roll-forward with the unit’s name and the closing balance', async () => {
    const r = await controller.get(`/api/rounds/${round}/rollforward`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ board: 'PNSV', year: 2022, editable: true });
    expect(r.body.rollforward).toEqual([
      expect.objectContaining({ unit: INTRA, name: 'Intraprenader', openingOre: 2_390_000_000, usedOre: -390_000_000, resultOre: 610_000_000, closingOre: 2_610_000_000 }),
    ]);
  });

  it('changes a result with its version, refuses the stale version with 409 and the current row, audits it, and the report reads the new figure', async () => {
    const [row] = (await controller.get(`/api/rounds/${round}/rollforward`)).body.rollforward;
    const saved = await controller.put(`/api/rounds/${round}/rollforward/${INTRA}`, { openingOre: row.openingOre, usedOre: row.usedOre, resultOre: 500_000_000, version: row.version });
    expect(saved.status).toBe(200);
    expect(saved.body.rollforward).toMatchObject({ unit: INTRA, resultOre: 500_000_000, updatedBy: 'controller' });
    const stale = await controller.put(`/api/rounds/${round}/rollforward/${INTRA}`, { openingOre: 0, usedOre: 0, resultOre: 0, version: row.version });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'CONFLICT', field: 'version' });
    expect(stale.body.error.current.resultOre).toBe(500_000_000);
    const audit = (await controller.get(`/api/rounds/${round}/audit`)).body.entries as Array<{ action: string; entityKey: string; old: { resultOre: number }; new: { resultOre: number } }>;
    expect(audit.find((e) => e.action === 'rollforward.save' && e.entityKey === INTRA)).toMatchObject({ old: { resultOre: 610_000_000 }, new: { resultOre: 500_000_000 } });
    // The preview's roll-forward table: opening + used + result = closing, in the report's units.
    const preview = await controller.get(`/api/rounds/${round}/report.json`);
    expect(preview.status).toBe(200);
    const grid = (preview.body.sections as Array<{ blocks: Array<{ type: string; grid?: { id: string; rows: Array<{ cells: Record<string, unknown> }> } }> }>)
      .flatMap((s) => s.blocks)
      .find((b) => b.type === 'grid' && b.grid?.id === 'rollforward')?.grid;
    expect(grid?.rows[0]?.cells).toMatchObject({ opening: 23_900, used: -3_900, result: 5_000, closing: 25_000 });
  });

  it('adds an intrapreneurship with version 0 and removes it, and refuses a unit outside the board, a bad amount and a reader', async () => {
    const added = await controller.put(`/api/rounds/${round}/rollforward/SV3-HVN-HV`, { openingOre: 100_00, usedOre: 0, resultOre: -50_00, version: 0 });
    expect(added.status).toBe(201);
    const list = (await controller.get(`/api/rounds/${round}/rollforward`)).body.rollforward as Array<{ unit: string }>;
    expect(list.map((r) => r.unit)).toEqual([INTRA, 'SV3-HVN-HV']);
    const again = await controller.put(`/api/rounds/${round}/rollforward/SV3-HVN-HV`, { openingOre: 1, usedOre: 0, resultOre: 0, version: 0 });
    expect(again.status).toBe(409);
    expect((await controller.delete(`/api/rounds/${round}/rollforward/SV3-HVN-HV`, { version: added.body.rollforward.version })).status).toBe(200);
    const outside = await controller.put(`/api/rounds/${round}/rollforward/KAA`, { openingOre: 0, usedOre: 0, resultOre: 0, version: 0 });
    expect(outside.status).toBe(400);
    expect(outside.body.error.message).toBe('enheten KAA finns inte under PNSV i organisationen');
    const bad = await controller.put(`/api/rounds/${round}/rollforward/${INTRA}`, { openingOre: 1.5, usedOre: 0, resultOre: 0, version: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('helt antal öre');
    expect((await reader.put(`/api/rounds/${round}/rollforward/${INTRA}`, { openingOre: 0, usedOre: 0, resultOre: 0, version: 1 })).status).toBe(403);
    expect((await reader.get(`/api/rounds/${round}/rollforward`)).body.editable).toBe(false);
  });
});
