/** The report metadata the renderer tests build their small models on: board N, P1 2024, cut-off March. */
import type { ReportModel } from '../../src/report/index.ts';

export function reportMeta(extra: Partial<ReportModel['report']> = {}): ReportModel['report'] {
  return {
    organisation: 'k',
    scope: { code: 'N', name: 'Nämnden' },
    title: 'Delårsrapport med prognos 1 2024 – Nämnden',
    year: 2024,
    period: 3,
    prevPeriod: 3,
    round: 'P1',
    sign: 'net',
    unit: 'tkr',
    periodText: 'Utfall januari–mars 2024, prognos P1 för helåret',
    ...extra,
  };
}
