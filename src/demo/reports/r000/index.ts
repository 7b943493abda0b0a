/**
 * Reference report 000: Kommunstyrelsen's Delårsrapport med prognos 1 2019 (utfall t.o.m. 30 april),
 * its own organisation `demo-2019` (the 2019 organisation tree differs from the other years').
 * The ledger (data/) is written by scripts/gen-demo-000.ts.
 */
import { join } from 'node:path';
import { sourceDir } from '../../../core/paths/index.ts';
import type { TabularKind } from '../../../import/tabular/index.ts';
import type { Store } from '../../../store/index.ts';
import { importTabular, type ImportSummary } from '../../../store/ingest.ts';
import { importContent } from '../../../store/ingest-content.ts';
import type { DemoReport } from '../types.ts';
import { TEMPLATE_000 } from './template.ts';

export const R000_DIR = sourceDir(import.meta.url);
export const R000_DATA_DIR = join(R000_DIR, 'data');
const FILES: Array<[TabularKind, string]> = [
  ['org', 'org.csv'],
  ['accounts', 'accounts.csv'],
  ['amounts', 'amounts.csv'],
];

/** Imports 000's organisation, ledger (2018–2019) and texts into `orgId`. */
export async function load000(store: Store, orgId: string): Promise<ImportSummary[]> {
  const imports: ImportSummary[] = [];
  for (const [kind, file] of FILES) imports.push(await importTabular(store, orgId, kind, join(R000_DATA_DIR, file)));
  imports.push(await importContent(store, orgId, 'narrative', join(R000_DIR, 'narrative.csv')));
  return imports;
}

export const REPORT_000: DemoReport = {
  reference: '000',
  orgId: 'demo-2019',
  organisationName: 'Demokommunen',
  file: 'delarsrapport-p1-2019',
  template: TEMPLATE_000,
  round: { board: 'KS', year: 2019, period: 4, name: 'P1', kind: 'forecast', level: 'RN3', sign: 'net', prevPeriod: 4 },
  load: load000,
};
