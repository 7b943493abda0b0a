/**
 * The demo's reference reports, in the order `prognos demo` writes them. Each goes through a
 * round of its organisation with its board's own template (`run.ts`).
 */
import { REPORT_000 } from './r000/index.ts';
import { REPORT_001 } from './r001/index.ts';
import { REPORT_002 } from './r002/index.ts';
import { REPORT_003 } from './r003.ts';
import { REPORT_004 } from './r004.ts';
import type { DemoReport } from './types.ts';

export type { DemoReport, DemoRound, ReferenceId } from './types.ts';

export const DEMO_REPORTS: readonly DemoReport[] = [REPORT_000, REPORT_002, REPORT_001, REPORT_003, REPORT_004];
