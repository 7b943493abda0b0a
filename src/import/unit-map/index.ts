/**
 * CSV and XLSX import of the unit code mapping across years: one row per old code and the year
 * from which it is called (or merged into) a new code. Read by the generic reader of
 * `import/tabular`; the whole file is validated before anything is returned, and the first
 * problem is thrown as `badInput` naming file, line and field. Whether the new code is a unit
 * of the organisation is checked by the store.
 */
import { badInput } from '../../core/errors/index.ts';
import { bindColumns, parseCsvTable, readTableFile, uniqueCheck, type ColumnSpec, type RawTable, type Row } from '../tabular/index.ts';

export interface UnitMapRecord {
  /** The first year the new code is used. */
  year: number;
  oldCode: string;
  newCode: string;
  line: number;
}

export interface UnitMapResult {
  kind: 'unit-map';
  file: string;
  records: UnitMapRecord[];
  warnings: string[];
}

export const UNIT_MAP_COLUMNS: ColumnSpec[] = [
  { name: 'year', required: true, description: 'Första året den nya koden används, fyra siffror (1900–2200). Belopp från tidigare år på den gamla koden räknas då till den nya.' },
  { name: 'old_code', required: true, description: 'Den gamla ansvarskoden, t.ex. KA A. Obligatorisk; en rad per gammal kod och år.' },
  {
    name: 'new_code',
    required: true,
    description: 'Den nya ansvarskoden, t.ex. KAA; måste finnas i organisationen. Flera gamla koder får peka på samma nya (sammanslagning).',
  },
];

/** A code as written: a numeric XLSX cell only as a whole number (see content/cells.ts). */
function code(row: Row, column: string): string {
  const c = row.cell(column);
  if (typeof c === 'number' && !Number.isInteger(c)) {
    throw badInput(`koden ${String(c).replace('.', ',')} är ett decimaltal i kalkylbladet; formatera kolumnen som text`, row.at(column));
  }
  return row.required(column);
}

function records(table: RawTable, file: string): UnitMapRecord[] {
  const rows = bindColumns(table, UNIT_MAP_COLUMNS, file, 'unit-map');
  const unique = uniqueCheck((earlier, k) => {
    const [year, old] = JSON.parse(k) as [number, string];
    return `koden ${old} har redan en ny kod från ${year} på rad ${earlier}; en gammal kod kan bara få en ny kod per år`;
  });
  const out = rows.map((row) => {
    const year = row.year('year');
    const oldCode = code(row, 'old_code');
    const newCode = code(row, 'new_code');
    if (oldCode === newCode) throw badInput(`den nya koden är densamma som den gamla (${oldCode}); en sådan rad ändrar ingenting`, row.at('new_code'));
    unique(JSON.stringify([year, oldCode]), row, 'old_code');
    return { year, oldCode, newCode, line: row.line };
  });
  // Within one year a code is either renamed away or the target of a rename, not both: the order would be ambiguous.
  const olds = new Map(out.map((r) => [JSON.stringify([r.year, r.oldCode]), r]));
  for (const r of out) {
    const chained = olds.get(JSON.stringify([r.year, r.newCode]));
    if (chained) {
      throw badInput(
        `${r.newCode} byter själv kod ${r.year} (rad ${chained.line}); skriv den slutliga koden ${chained.newCode} direkt`,
        { file, line: r.line, field: 'new_code' },
      );
    }
  }
  return out;
}

/** Read a unit-map file (`.csv` or `.xlsx`). Throws `PrognosError` (BAD_INPUT) on the first problem. */
export async function readUnitMapFile(path: string): Promise<UnitMapResult> {
  const table = await readTableFile(path);
  return { kind: 'unit-map', file: path, records: records(table, path), warnings: [...table.warnings] };
}

/** Parse CSV text (already decoded); `fileName` is used in errors only. */
export function parseUnitMapCsv(text: string, fileName: string): UnitMapResult {
  const table = parseCsvTable(text, fileName);
  return { kind: 'unit-map', file: fileName, records: records(table, fileName), warnings: [...table.warnings] };
}
