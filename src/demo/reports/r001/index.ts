/** Reference report 001: Kommunstyrelsen's Årsberättelse 2021 (an organisation of its own, 2021's tree). */
import { join } from 'node:path';
import { sourceDir } from '../../../core/paths/index.ts';
import type { Store } from '../../../store/index.ts';
import { importTabular, type ImportSummary } from '../../../store/ingest.ts';
import { importContent } from '../../../store/ingest-content.ts';
import type { TabularKind } from '../../../import/tabular/index.ts';
import type { DemoReport } from '../types.ts';
import { BUDGET_PLAN_001 } from './appendix.ts';
import { TEMPLATE_001 } from './template.ts';

export const DATA_001_DIR = join(sourceDir(import.meta.url), 'data');

const FILES: Array<[TabularKind, string]> = [
  ['org', 'org.csv'],
  ['accounts', 'accounts.csv'],
  ['amounts', 'amounts.csv'],
];

const HR_INDICATORS_001 = { id: 'hr-indicators', title: 'HR-indikatorer för Kommunstyrelseförvaltningen', board: 'KS', year: 2021, round: 'B' };

/** Imports 001's ledger (actual 2020 and 2021, budget 2021) and chapter 2's texts (scripts/gen-demo-001.ts) into `orgId`. */
export async function load001(store: Store, orgId: string): Promise<ImportSummary[]> {
  const imports: ImportSummary[] = [];
  for (const [kind, file] of FILES) imports.push(await importTabular(store, orgId, kind, join(DATA_001_DIR, file)));
  // Chapter 2's texts (2.1 analysis, 2.2 events, 2.3 outlook) of the year-end round B.
  imports.push(await importContent(store, orgId, 'narrative', join(DATA_001_DIR, 'narrative.csv')));
  // Chapter 3's positive observations and areas for improvement per goal area.
  imports.push(await importContent(store, orgId, 'observations', join(DATA_001_DIR, 'observations.csv')));
  // Chapter 7's HR indicators, typed by the board (scripts/gen-demo-typed-grids.ts).
  imports.push(await importContent(store, orgId, 'grid', join(DATA_001_DIR, 'grid-hr-indicators.csv'), HR_INDICATORS_001));
  return imports;
}

export const REPORT_001: DemoReport = {
  reference: '001',
  orgId: 'demo-2021',
  organisationName: 'Demokommunen',
  file: 'arsberattelse-2021',
  template: TEMPLATE_001,
  round: { board: 'KS', year: 2021, period: 12, name: 'B', kind: 'year-end', level: 'RN1', sign: 'net', prevPeriod: 12 },
  appendices: [BUDGET_PLAN_001],
  load: load001,
};
