/** Reference report 003: Kommunstyrelsen's Delårsrapport med prognos 1 2024 (its own organisation, so that the round of `serve --demo` in `demo` stays open). */
import { DEMO_TEMPLATE, loadKs2024 } from '../index.ts';
import type { DemoReport } from './types.ts';

export const REPORT_003: DemoReport = {
  reference: '003',
  orgId: 'demo-2024',
  organisationName: 'Demokommunen',
  file: 'delarsrapport-p1-2024',
  template: DEMO_TEMPLATE,
  round: { board: 'KS', year: 2024, period: 3, name: 'P1', kind: 'forecast', level: 'RN1', sign: 'net', prevPeriod: 8 },
  decision: { by: 'Kommunstyrelsen', date: '2024-06-03' },
  load: loadKs2024,
};
