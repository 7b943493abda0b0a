/** `prognos import KIND FILE`: one file into the store, with progress on a terminal. */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { PrognosError } from '../core/errors/index.ts';
import type { Store } from '../store/index.ts';
import type { SieImportProgress } from '../store/ingest.ts';
import { withStore, type GlobalOptions } from './context.ts';
import { CONTENT_KIND_NAMES, IMPORT_KINDS, TABULAR_KIND_NAMES } from './kinds.ts';
import { progress } from './progress.ts';

export interface ImportOptions {
  unitDim: number;
  activityDim: number | null;
  /** Undefined: the default (6), whose absence from a file is no warning. */
  projectDim?: number | null;
  id?: string;
  title?: string;
  board?: string;
  year?: number;
  round?: string;
  dryRun?: boolean;
  json?: boolean;
}

const isOneOf = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);

/** SIE import progress as Swedish text on the progress line. */
function showSieProgress(file: string): (p: SieImportProgress) => void {
  const name = basename(file);
  return (p) => {
    if (p.phase === 'read') progress().bytes(`läser ${name}`, p.bytes, p.total);
    else if (p.phase === 'validate') progress().phase(`kontrollerar ${name}`);
    else progress().phase(`sparar ${p.rows} rader från ${name}`);
  };
}

async function importOne(store: Store, org: string, kind: string, file: string, o: ImportOptions) {
  const ingest = await import('../store/ingest.ts');
  const run = { dryRun: o.dryRun === true };
  if (kind === 'sie') {
    const dims = { unitDim: o.unitDim, activityDim: o.activityDim, ...(o.projectDim !== undefined ? { projectDim: o.projectDim } : {}) };
    return ingest.importSie(store, org, file, { ...dims, onProgress: showSieProgress(file), ...run });
  }
  progress().phase(`läser in ${basename(file)}`);
  if (isOneOf(TABULAR_KIND_NAMES, kind)) return ingest.importTabular(store, org, kind, file, run);
  if (kind === 'unit-map') return (await import('../store/ingest-unit-map.ts')).importUnitMap(store, org, file, run);
  const content = await import('../store/ingest-content.ts');
  if (kind === 'kolada') return content.importKolada(store, org, file, o.board, run);
  if (isOneOf(CONTENT_KIND_NAMES, kind)) {
    const grid = kind === 'grid' ? { id: o.id ?? '', title: o.title ?? o.id ?? '', board: o.board ?? '', year: o.year ?? 0, round: o.round ?? '' } : undefined;
    if (grid && (!grid.id || !grid.board || !grid.year || !grid.round)) {
      throw new PrognosError('BAD_INPUT', 'en tabell (grid) behöver --id, --board, --year och --round', { file });
    }
    return content.importContent(store, org, kind, file, grid, run);
  }
  throw new PrognosError('BAD_INPUT', `okänd importtyp "${kind}" (${IMPORT_KINDS.join(', ')})`, { field: 'kind' });
}

/** From this size on an import is long work for the database (see `Work`). */
const LARGE_FILE = 8_000_000;

const sizeOf = (file: string): number => {
  try {
    return statSync(file).size;
  } catch {
    return 0; // the import itself names the problem
  }
};

export async function runImport(g: GlobalOptions, kind: string, file: string, o: ImportOptions): Promise<void> {
  // An unknown kind is refused before the store is opened.
  if (!isOneOf(IMPORT_KINDS, kind)) throw new PrognosError('BAD_INPUT', `okänd importtyp "${kind}" (${IMPORT_KINDS.join(', ')})`, { field: 'kind' });
  const summary = await withStore(g, (store) => importOne(store, g.org, kind, file, o), sizeOf(file) > LARGE_FILE ? 'long' : 'short');
  for (const w of summary.warnings) process.stderr.write(`varning: ${w}\n`);
  const { formatImportSummary } = await import('../store/ingest-summary.ts');
  process.stdout.write(`${o.json ? JSON.stringify(summary) : formatImportSummary(summary)}\n`);
}
