/**
 * CSV and XLSX import of follow-up content: goals and their status, assignments and their
 * status, measures, indicators and their values, observations, narrative text, the
 * intrapreneurship roll-forward, and free grids (any other table a chapter needs).
 *
 * The files are read by the generic reader of `import/tabular` (encodings, delimiters, header
 * binding, line numbers), so the rules are those of the tabular kinds: the whole file is
 * validated before anything is returned, and the first problem is thrown as `badInput` naming
 * file, line and field. References inside one file (a board goal's strategic goal) are checked
 * here; references to other data (does the board exist, does the goal of a status exist) belong
 * to the store.
 *
 * Numbers that are not kronor (indicator values, targets, effects in mnkr, grid numbers) are
 * exact decimal strings (`Decimal`, see `decimal.ts`), stored as PostgreSQL `numeric`. Kronor are
 * integer öre as everywhere else.
 */
import { badInput } from '../../core/errors/index.ts';
import { bindColumns, parseCsvTable, readTableFile, type RawTable } from '../tabular/index.ts';
import { type ContentKind, type GridOptions, type ContentResult, type ContentResultOf, type ContentOptionsArg } from './records.ts';
import { CONTENT_COLUMNS } from './columns.ts';
import { goalRecords, goalStatusRecords, assignmentStatusRecords, assignmentRecords, measureRecords, indicatorRecords, indicatorValueRecords, observationRecords, narrativeRecords, rollforwardRecords } from './kinds.ts';
import { gridRecord } from './grid.ts';

export { compareDecimals, decimalFraction, isDecimal, parseDecimal, tryParseDecimal, type Decimal } from './decimal.ts';
export { readKoladaFile, parseKoladaJson, type Breakdown, type KoladaRecord, type KoladaResult } from './kolada.ts';
export { type ContentKind, CONTENT_KINDS, type GoalRecord, GOAL_RULES, type GoalStatusRecord, type AssignmentRecord, type AssignmentStatusRecord, type MeasureRecord, type IndicatorRecord, type IndicatorValueRecord, type ObservationRecord, type NarrativeRecord, type RollforwardRecord, type GridOptions, type GridColumn, type GridCell, type GridRow, type GridRecord, type ContentResult, type ContentResultOf, type ContentOptionsArg } from './records.ts';
export { CONTENT_COLUMNS } from './columns.ts';
export { NARRATIVE_KEYS, normaliseText } from './kinds.ts';

/**
 * Read one CSV or XLSX file of follow-up content. The format is chosen by extension (`.csv`,
 * `.xlsx`); XLSX reads the first sheet. A grid also needs its options. Throws `PrognosError`
 * (BAD_INPUT) on the first problem.
 */
export async function readContentFile<K extends ContentKind>(
  kind: K,
  path: string,
  ...options: ContentOptionsArg<K>
): Promise<ContentResultOf<K>> {
  return buildResult(kind, await readTableFile(path), path, options[0]);
}

/** Parse CSV text (already decoded) of follow-up content. `fileName` is used in errors only. */
export function parseContentCsv<K extends ContentKind>(
  kind: K,
  text: string,
  fileName: string,
  ...options: ContentOptionsArg<K>
): ContentResultOf<K> {
  return buildResult(kind, parseCsvTable(text, fileName), fileName, options[0]);
}

function buildResult<K extends ContentKind>(kind: K, table: RawTable, file: string, options: GridOptions | undefined): ContentResultOf<K> {
  const warnings = [...table.warnings];
  if (kind === 'grid') {
    if (options === undefined) throw badInput('en grid behöver id, title, board, year och round', { file });
    return { kind: 'grid', file, records: [gridRecord(table, file, options)], warnings } as ContentResultOf<K>;
  }
  const k = kind as Exclude<ContentKind, 'grid'>;
  const rows = bindColumns(table, CONTENT_COLUMNS[k], file, k);
  let result: ContentResult;
  switch (k) {
    case 'goals':
      result = { kind: k, file, records: goalRecords(rows, file), warnings };
      break;
    case 'goal-status':
      result = { kind: k, file, records: goalStatusRecords(rows), warnings };
      break;
    case 'assignments':
      result = { kind: k, file, records: assignmentRecords(rows), warnings };
      break;
    case 'assignment-status':
      result = { kind: k, file, records: assignmentStatusRecords(rows), warnings };
      break;
    case 'measures':
      result = { kind: k, file, records: measureRecords(rows), warnings };
      break;
    case 'indicators':
      result = { kind: k, file, records: indicatorRecords(rows), warnings };
      break;
    case 'indicator-values':
      result = { kind: k, file, records: indicatorValueRecords(rows), warnings };
      break;
    case 'observations':
      result = { kind: k, file, records: observationRecords(rows), warnings };
      break;
    case 'narrative':
      result = { kind: k, file, records: narrativeRecords(rows, warnings), warnings };
      break;
    case 'rollforward':
      result = { kind: k, file, records: rollforwardRecords(rows), warnings };
      break;
    default:
      throw new Error(`unknown content kind ${String(kind)}`);
  }
  return result as ContentResultOf<K>;
}

