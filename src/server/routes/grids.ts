/**
 * Free tables (grids, e.g. "Åtgärder för en ekonomi i balans") of a round's board, edited on the
 * web: the cells as typed, rows added and removed, with the same versions, locking (a published
 * round refuses), audit and 409 on a stale version as narratives. A number cell is read with
 * Swedish number parsing; an unreadable number is refused naming the row and the column.
 */
import { PrognosError } from '../../core/errors/index.ts';
import { can } from '../../core/permissions/index.ts';
import { tryParseDecimal } from '../../import/content/decimal.ts';
import { writeAudit } from '../../store/audit.ts';
import { loadGrid, loadGrids, saveGridRows, type GridColumnEntry, type GridEntry, type GridRowEntry } from '../../store/grid-edit.ts';
import { actor, readBody, type App, type Ctx, type Deps } from '../context.ts';
import { conflict } from '../errors.ts';
import { GridBody } from '../schemas.ts';
import { boardRound } from './board-round.ts';
import { lockOpenRound } from '../round-lock.ts';

function idOf(c: Ctx): string {
  const t = c.req.param('gridId') ?? '';
  if (!/^[A-Za-z0-9:_.-]{1,100}$/.test(t)) throw new PrognosError('BAD_INPUT', 'tabellens id får bara innehålla bokstäver a–z, siffror och : _ . -', { field: 'gridId' });
  return t;
}

/** A number as a JS number only when exact; otherwise the text as typed, so no digit is lost. */
function storedNumber(value: string, typed: string): number | string {
  const [int = '', frac = ''] = value.replace(/^-/, '').split('.');
  const digits = (int.replace(/^0+/, '') + frac).replace(/0+$/, '').length;
  return digits <= 15 ? Number(value) : typed;
}

/** The typed rows as stored cells; refuses an unknown column or an unreadable number. */
export function readGridRows(columns: readonly GridColumnEntry[], rows: ReadonlyArray<{ cells: Record<string, string | null> }>): GridRowEntry[] {
  const byKey = new Map(columns.map((col) => [col.key, col]));
  return rows.map((r, i) => {
    for (const k of Object.keys(r.cells)) {
      if (!byKey.has(k)) throw new PrognosError('BAD_INPUT', `rad ${i + 1}: kolumnen "${k}" finns inte i tabellen`, { field: 'rows' });
    }
    const cells: GridRowEntry['cells'] = {};
    columns.forEach((col, j) => {
      const typed = (r.cells[col.key] ?? '').trim();
      if (typed === '') return void (cells[col.key] = null);
      if (col.kind !== 'number' || j === 0) return void (cells[col.key] = typed);
      const value = tryParseDecimal(typed);
      if (value === null) {
        throw new PrognosError('BAD_INPUT', `rad ${i + 1}, kolumn "${col.label}": "${typed}" är inget tal (t.ex. 12, -3,5 eller 1 234,56)`, { field: 'rows' });
      }
      cells[col.key] = storedNumber(value, typed);
    });
    return { cells };
  });
}

function stale(current: GridEntry | null): PrognosError {
  return conflict(
    current
      ? `tabellen har ändrats${current.updatedBy ? ` av ${current.updatedBy}` : ''}${current.updatedAt ? ` ${current.updatedAt}` : ''}; läs det nya innehållet och spara igen`
      : 'tabellen finns inte i omgången',
    'version',
    { current },
  );
}

export function registerGrids(app: App, d: Deps): void {
  const db = d.store.db;

  app.get('/api/rounds/:id{[0-9]+}/grids', async (c) => {
    const { u, round, key, boardPath } = await boardRound(d, c, false);
    const grids = await loadGrids(db, key);
    return c.json({ board: round.board, year: round.year, round: round.name, editable: round.status === 'open' && can(u, 'content.write', boardPath), grids });
  });

  app.get('/api/rounds/:id{[0-9]+}/grids/:gridId', async (c) => {
    const { u, round, key, boardPath } = await boardRound(d, c, false);
    const grid = await loadGrid(db, key, idOf(c));
    if (!grid) throw new PrognosError('NOT_FOUND', 'tabellen finns inte i omgången');
    return c.json({ grid, editable: round.status === 'open' && can(u, 'content.write', boardPath) });
  });

  app.put('/api/rounds/:id{[0-9]+}/grids/:gridId', async (c) => {
    const { u, round, key } = await boardRound(d, c, true);
    const id = idOf(c);
    const body = await readBody(c, GridBody);
    const r = await db.transaction(async (tx) => {
      await lockOpenRound(tx, round);
      const current = await loadGrid(tx, key, id);
      if (!current) throw new PrognosError('NOT_FOUND', 'tabellen finns inte i omgången');
      const rows = readGridRows(current.columns, body.rows);
      const s = await saveGridRows(tx, key, id, rows, body.version, u.username);
      if (s.ok) {
        await writeAudit(tx, { orgId: u.orgId, actor: actor(u), action: 'grid.save', entity: 'grid', entityKey: id, roundId: round.id, unitCode: round.board, old: s.before ? { rows: s.before.rows } : null, new: { rows: s.after.rows } });
      }
      return s;
    });
    if (!r.ok) throw stale(r.current);
    return c.json({ grid: r.after });
  });
}
