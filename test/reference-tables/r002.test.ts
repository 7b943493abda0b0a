import { describe, expect, it } from 'vitest';
import { REPORT_002 } from '../../src/demo/reports/r002/index.ts';
import { buildReport } from '../../src/report/index.ts';
import { openTestStore, testBackends } from '../support/store.ts';
import { haveFixtures, unexplained } from './compare.ts';
import { COMPARE_002 } from './r002.ts';

describe.skipIf(!haveFixtures).each(testBackends())('reference report 002 on %s', (backend) => {
  it('prints every compared fixture table of 002 cell by cell, differing only by the allowed source errors', async () => {
    const store = await openTestStore(backend);
    try {
      const r = REPORT_002;
      await store.ensureOrganisation(r.orgId, r.organisationName);
      await r.load(store, r.orgId);
      const model = await buildReport(store, {
        orgId: r.orgId, scope: r.round.board, year: r.round.year, period: r.round.period, round: r.round.name,
        sign: r.round.sign, level: r.round.level, template: r.template, organisationName: r.organisationName,
      });
      const result = unexplained(COMPARE_002, model).filter((x) => x.unexplained.length || x.stale.length);
      expect(result).toEqual([]);
    } finally {
      await store.close();
    }
  }, 120_000);
});
