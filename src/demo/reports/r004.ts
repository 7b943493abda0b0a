/** Reference report 004: Programnämnd social välfärd's Delårsrapport med prognos 2 2022, in an organisation of its own. */
import { DEMO_PROGRAMME_TEMPLATE, loadProgramme2022 } from '../index.ts';
import type { DemoReport } from './types.ts';

export const REPORT_004: DemoReport = {
  reference: '004',
  orgId: 'demo-2022',
  organisationName: 'Demokommunen',
  file: 'programnamnd-p2-2022',
  template: DEMO_PROGRAMME_TEMPLATE,
  round: { board: 'PNSV', year: 2022, period: 8, name: 'P2', kind: 'forecast', level: 'RN1', sign: 'cost-positive' },
  load: loadProgramme2022,
};
