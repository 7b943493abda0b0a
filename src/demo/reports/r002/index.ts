/** Reference report 002: Kommunstyrelsen's Årsberättelse 2020 (its own demo organisation, `demo-2020`). */
import { join } from 'node:path';
import { sourceDir } from '../../../core/paths/index.ts';
import type { Store } from '../../../store/index.ts';
import { importTabular, type ImportSummary } from '../../../store/ingest.ts';
import { importContent } from '../../../store/ingest-content.ts';
import type { DemoReport } from '../types.ts';
import { GOAL_AREAS_002, TEMPLATE_002 } from './template.ts';

export const DATA_002 = join(sourceDir(import.meta.url), 'data');

const HR_INDICATORS_002 = { id: 'hr-indicators', title: 'HR-indikatorer för Kommunstyrelseförvaltningen', board: 'KS', year: 2020, round: 'B' };

/** Imports 002's organisation tree, accounts and ledger (2019–2020) and chapter 3's observations into `orgId`. */
export async function load002(store: Store, orgId: string): Promise<ImportSummary[]> {
  const imports: ImportSummary[] = [];
  for (const [kind, file] of [['org', 'org.csv'], ['accounts', 'accounts.csv'], ['amounts', 'amounts.csv']] as const) {
    imports.push(await importTabular(store, orgId, kind, join(DATA_002, file)));
  }
  // Chapter 3's positive observations and areas for improvement per goal area.
  imports.push(await importContent(store, orgId, 'observations', join(DATA_002, 'observations.csv')));
  // Chapter 7's HR indicators, typed by the board (scripts/gen-demo-typed-grids.ts).
  imports.push(await importContent(store, orgId, 'grid', join(DATA_002, 'grid-hr-indicators.csv'), HR_INDICATORS_002));
  // Chapter 5.N's observations, typed anew at the end of each goal area (worded otherwise than chapter 3's).
  for (const [n] of GOAL_AREAS_002.entries()) {
    const options = { id: `observations:${n + 1}`, title: `Iakttagelser inom målområde ${n + 1}`, board: 'KS', year: 2020, round: 'B' };
    imports.push(await importContent(store, orgId, 'grid', join(DATA_002, `grid-observations-${n + 1}.csv`), options));
  }
  return imports;
}

export const REPORT_002: DemoReport = {
  reference: '002',
  orgId: 'demo-2020',
  organisationName: 'Demokommunen',
  file: 'arsberattelse-2020',
  template: TEMPLATE_002,
  round: { board: 'KS', year: 2020, period: 12, name: 'B', kind: 'year-end', level: 'RN3', sign: 'net' },
  load: load002,
};
