/** The tables page of a round: its grids listed, one edited at a time over the JSON API. */
import type { Ctx } from '../../server/context.ts';
import { ApiError } from '../api.ts';
import { gridBody, gridsBody, type GridFormState, type GridView, type GridsData } from '../pages/grids.ts';
import { type Kit, type View, type Form, enc, readForm, fieldError, statusOf, int, okMessage } from './kit.ts';

/**
 * The form's rows as typed: the existing rows (ticked ones marked for removal) and the filled
 * new rows; empty new rows are left out.
 */
export function formRows(grid: GridView, f: Form): GridFormState['rows'] {
  const count = Math.min(int(f.count) ?? grid.rows.length, 2_100);
  const existing = int(f.existing) ?? grid.rows.length;
  return Array.from({ length: count }, (_, i) => ({
    cells: Object.fromEntries(grid.columns.map((c, j) => [c.key, f[`c.${i}.${j}`] ?? ''])),
    remove: i < existing && f[`remove.${i}`] === '1',
    empty: i >= existing && grid.columns.every((_, j) => (f[`c.${i}.${j}`] ?? '').trim() === ''),
  }))
    .filter((r) => !r.empty)
    .map(({ cells, remove }) => ({ cells, remove }));
}

/** A refusal names the row as saved ("rad 3"); on the page it is the form's row, ticked ones included. */
function formRowMessage(message: string, rows: GridFormState['rows']): string {
  const kept = rows.flatMap((r, i) => (r.remove ? [] : [i + 1]));
  return message.replace(/^rad (\d+)/, (m, n: string) => (kept[Number(n) - 1] ? `rad ${kept[Number(n) - 1]}` : m));
}

export function registerGridPages(k: Kit): void {
  const { app, page, loadRound, roundPage } = k;

  app.get(
    '/rounds/:id{[0-9]+}/grids',
    page(async (c, v) => {
      const id = c.req.param('id')!;
      const [data, round] = await Promise.all([v.api.get<GridsData>(`/api/rounds/${id}/grids`), loadRound(v, id)]);
      return roundPage(c, v, round, 'texts', 'Tabeller', gridsBody({ round, data, message: okMessage(c) }), [{ label: 'Texter', href: `/rounds/${id}/texts` }, { label: 'Tabeller' }]);
    }),
  );

  const view = async (c: Ctx, v: View, state?: GridFormState, status = 200) => {
    const id = c.req.param('id')!;
    const gridId = c.req.param('gridId')!;
    const [{ grid, editable }, round] = await Promise.all([v.api.get<{ grid: GridView; editable: boolean }>(`/api/rounds/${id}/grids/${enc(gridId)}`), loadRound(v, id)]);
    const body = gridBody({ round, grid, editable, csrf: v.me.csrfToken, message: okMessage(c), ...(state ? { state } : {}) });
    return roundPage(c, v, round, 'texts', grid.title, body, [{ label: 'Tabeller', href: `/rounds/${id}/grids` }, { label: grid.title }], status, true);
  };

  app.get('/rounds/:id{[0-9]+}/grids/:gridId', page((c, v) => view(c, v)));

  app.post(
    '/rounds/:id{[0-9]+}/grids/:gridId',
    page(async (c, v) => {
      const id = c.req.param('id')!;
      const gridId = c.req.param('gridId')!;
      const f = await readForm(c);
      const { grid } = await v.api.get<{ grid: GridView }>(`/api/rounds/${id}/grids/${enc(gridId)}`);
      const rows = formRows(grid, f);
      try {
        const keep = rows.filter((r) => !r.remove).map((r) => ({ cells: r.cells }));
        await v.api.send('PUT', `/api/rounds/${id}/grids/${enc(gridId)}`, { rows: keep, version: int(f.version) ?? 0 });
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 401 || e.status === 403 || e.status === 404) throw e;
        if (e.status === 409 && e.error.field === 'version') return view(c, v, { rows, conflict: grid }, 409);
        const error = fieldError(e.error);
        return view(c, v, { rows, error: { ...error, message: formRowMessage(error.message, rows) } }, statusOf(e));
      }
      return c.redirect(`/rounds/${id}/grids/${enc(gridId)}?ok=grid`, 303);
    }),
  );
}
