// Free tables (grids) edited on the web API: cells as typed, rows added and removed, versions, 409 on a stale version, audit, and the published round refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { Client, demoWorld, loggedIn, openDemoRound, type World } from '../../test/support/server.ts';

type Grid = { id: string; version: number; columns: Array<{ key: string; label: string; kind: string }>; rows: Array<{ cells: Record<string, string | number | null> }> };
const typed = (g: Grid) => g.rows.map((r) => ({ cells: Object.fromEntries(Object.entries(r.cells).map(([k, v]) => [k, v === null ? null : String(v).replace('.', ',')])) }));

describe.each(testBackends())('grids on the web API (%s)', (backend) => {
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

  it('edits a cell and adds and removes a row with versions, keeps the typed number, refuses a stale version with 409 and the current grid, and audits the change', async () => {
    const list = await controller.get(`/api/rounds/${round}/grids`);
    expect(list.status).toBe(200);
    expect(list.body.editable).toBe(true);
    const grid = list.body.grids.find((g: Grid) => g.id === 'balance-measures') as Grid;
    expect(grid.rows.length).toBeGreaterThan(1);
    const numberCol = grid.columns.find((c) => c.kind === 'number')!;
    const textCol = grid.columns[0]!;
    const rows = typed(grid);
    rows[0]!.cells[numberCol.key] = '-1 234,5';
    const removed = rows.pop()!;
    rows.push({ cells: { [textCol.key]: 'Ny åtgärd', [numberCol.key]: '' } });
    const saved = await controller.put(`/api/rounds/${round}/grids/balance-measures`, { rows, version: grid.version });
    expect(saved.status).toBe(200);
    expect(saved.body.grid.version).not.toBe(grid.version);
    expect(saved.body.grid.rows[0].cells[numberCol.key]).toBe(-1234.5);
    expect(saved.body.grid.rows.at(-1).cells).toMatchObject({ [textCol.key]: 'Ny åtgärd', [numberCol.key]: null });
    expect(saved.body.grid.rows).toHaveLength(grid.rows.length);
    expect(saved.body.grid.rows.some((r: Grid['rows'][number]) => r.cells[textCol.key] === removed.cells[textCol.key])).toBe(false);
    expect(saved.body.grid.updatedBy).toBe('controller');

    const stale = await controller.put(`/api/rounds/${round}/grids/balance-measures`, { rows: typed(grid), version: grid.version });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'CONFLICT', field: 'version' });
    expect(stale.body.error.current.rows.at(-1).cells[textCol.key]).toBe('Ny åtgärd');

    const read = await reader.get(`/api/rounds/${round}/grids/balance-measures`);
    expect(read.body.grid.rows[0].cells[numberCol.key]).toBe(-1234.5);
    expect(read.body.editable).toBe(false);
    const audit = (await controller.get(`/api/rounds/${round}/audit`)).body.entries as Array<{ action: string; entityKey: string; old: { rows: unknown[] }; new: { rows: Grid['rows'] } }>;
    const entry = audit.find((e) => e.action === 'grid.save' && e.entityKey === 'balance-measures')!;
    expect(entry.old.rows).toHaveLength(grid.rows.length);
    expect(entry.new.rows[0]!.cells[numberCol.key]).toBe(-1234.5);
  });

  it('refuses an unreadable number naming the row and the column, an unknown column, a reader and a grid the round does not have', async () => {
    const grid = (await controller.get(`/api/rounds/${round}/grids/balance-measures`)).body.grid as Grid;
    const numberCol = grid.columns.find((c) => c.kind === 'number')!;
    const rows = typed(grid);
    rows[1]!.cells[numberCol.key] = 'tolv';
    const bad = await controller.put(`/api/rounds/${round}/grids/balance-measures`, { rows, version: grid.version });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_INPUT');
    expect(bad.body.error.message).toContain(`rad 2, kolumn "${numberCol.label}": "tolv" är inget tal`);
    const unknown = await controller.put(`/api/rounds/${round}/grids/balance-measures`, { rows: [{ cells: { nope: 'x' } }], version: grid.version });
    expect(unknown.body.error.message).toContain('kolumnen "nope" finns inte');
    expect((await reader.put(`/api/rounds/${round}/grids/balance-measures`, { rows: typed(grid), version: grid.version })).status).toBe(403);
    expect((await controller.put(`/api/rounds/${round}/grids/saknas`, { rows: [], version: 1 })).status).toBe(404);
  });
});
