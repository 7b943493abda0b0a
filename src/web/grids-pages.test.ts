// The tables (grids) pages without a browser: the plain form posts do what the API does — a cell
// changed, a row added and one removed — a refused number is shown at its cell with the typed
// values kept, a stale version answers 409 and keeps the user's values, a reader sees no form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { Client, demoWorld, formPage, loggedIn, openDemoRound, type World } from '../../test/support/server.ts';
import { cellText, NEW_ROWS } from './pages/grids.ts';

type Grid = { id: string; title: string; version: number; updatedBy: string | null; columns: Array<{ key: string; label: string; kind: string }>; rows: Array<{ cells: Record<string, string | number | null> }> };

const page = formPage;

/** The form's fields as the page sends them: every stored cell as shown, the empty new rows, the version. */
function formOf(g: Grid, version = g.version): Record<string, string> {
  const f: Record<string, string> = { version: String(version), count: String(g.rows.length + NEW_ROWS), existing: String(g.rows.length) };
  g.rows.forEach((r, i) => g.columns.forEach((c, j) => (f[`c.${i}.${j}`] = cellText(r.cells[c.key]))));
  return f;
}

describe.each(testBackends())('the tables page (%s)', (backend) => {
  let w: World;
  let round: number;
  let controller: Client;
  let reader: Client;
  const grid = async (): Promise<Grid> => (await controller.get(`/api/rounds/${round}/grids/balance-measures`)).body.grid as Grid;
  beforeAll(async () => {
    w = await demoWorld(backend);
    controller = await loggedIn(w.app, 'controller');
    reader = await loggedIn(w.app, 'reader');
    round = await openDemoRound(controller);
  });
  afterAll(() => w?.close());

  it('lists the round’s tables and links each to its form, with a labelled field per cell', async () => {
    const g = await grid();
    const list = await page(controller, 'GET', `/rounds/${round}/grids`);
    expect(list.status).toBe(200);
    expect(list.text).toContain(`href="/rounds/${round}/grids/balance-measures"`);
    expect(list.text).toContain(g.title);
    const form = await page(controller, 'GET', `/rounds/${round}/grids/balance-measures`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`name="version" value="${g.version}"`);
    expect(form.text).toContain(`aria-label="${g.columns[0]!.label}, rad 1"`);
    expect(form.text).toContain(`aria-label="${g.columns[0]!.label}, ny rad 1"`);
    expect(form.text).toContain('Spara tabellen');
    expect((await page(controller, 'GET', `/rounds/${round}/texts`)).text).toContain(`href="/rounds/${round}/grids"`);
  });

  it('changes a cell, adds a row and removes one with the form, and the API has the new rows', async () => {
    const g = await grid();
    const num = g.columns.findIndex((c, j) => c.kind === 'number' && j > 0);
    expect(num).toBeGreaterThan(0);
    const f = formOf(g);
    f[`c.0.${num}`] = '-1 234,5';
    f[`remove.${g.rows.length - 1}`] = '1';
    f[`c.${g.rows.length}.0`] = 'Ny åtgärd från webben';
    const saved = await page(controller, 'POST', `/rounds/${round}/grids/balance-measures`, f);
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/rounds/${round}/grids/balance-measures?ok=grid`);
    expect((await page(controller, 'GET', saved.location!)).text).toContain('Tabellen är sparad.');
    const after = await grid();
    expect(after.rows).toHaveLength(g.rows.length);
    expect(after.rows[0]!.cells[g.columns[num]!.key]).toBe(-1234.5);
    expect(after.rows.at(-1)!.cells[g.columns[0]!.key]).toBe('Ny åtgärd från webben');
    expect(after.rows.some((r) => r.cells[g.columns[0]!.key] === g.rows.at(-1)!.cells[g.columns[0]!.key])).toBe(false);
    expect(after.updatedBy).toBe('controller');
  });

  it('shows an unreadable number at its cell, keeps what was typed and saves nothing', async () => {
    const g = await grid();
    const num = g.columns.findIndex((c, j) => c.kind === 'number' && j > 0);
    const f = formOf(g);
    f['remove.0'] = '1';
    f[`c.1.${num}`] = 'tolv';
    f[`c.${g.rows.length}.0`] = 'Skrivet men inte sparat';
    const bad = await page(controller, 'POST', `/rounds/${round}/grids/balance-measures`, f);
    expect(bad.status).toBe(400);
    // Row 2 of the form (row 1 of what would be saved, since row 1 is ticked for removal).
    expect(bad.text).toContain(`Rad 2, kolumn &quot;${g.columns[num]!.label}&quot;: &quot;tolv&quot; är inget tal`);
    expect(bad.text).toContain(`href="#cell-1-${num}"`);
    expect(bad.text).toMatch(new RegExp(`id="cell-1-${num}"[^>]*value="tolv"[^>]*aria-invalid="true"`));
    expect(bad.text).toContain('value="Skrivet men inte sparat"');
    expect((await grid()).version).toBe(g.version);
  });

  it('answers a stale version with 409, says who changed the table and keeps the user’s values to save again', async () => {
    const g = await grid();
    const f = formOf(g);
    f['c.0.0'] = 'Första ändringen';
    expect((await page(controller, 'POST', `/rounds/${round}/grids/balance-measures`, f)).status).toBe(303);
    const mine = { ...formOf(g), 'c.0.0': 'Min ändring' };
    const stale = await page(controller, 'POST', `/rounds/${round}/grids/balance-measures`, mine);
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Tabellen har ändrats av controller');
    expect(stale.text).toContain('value="Min ändring"');
    const current = await grid();
    expect(current.rows[0]!.cells[g.columns[0]!.key]).toBe('Första ändringen');
    expect(stale.text).toContain(`name="version" value="${current.version}"`);
  });

  it('shows a reader the table without a form', async () => {
    const r = await page(reader, 'GET', `/rounds/${round}/grids/balance-measures`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('Du kan läsa men inte ändra tabellen.');
    expect(r.text).not.toContain('Spara tabellen');
    expect((await page(reader, 'POST', `/rounds/${round}/grids/balance-measures`, formOf(await grid()))).status).toBe(403);
  });
});
