/** Temporary until test/reference-tables/index.test.ts covers 001: the demo's 001 against the fixtures. */
import { describe, expect, it } from 'vitest';
import { REPORT_001 } from '../../src/demo/reports/r001/index.ts';
import { buildReport } from '../../src/report/index.ts';
import { openTestStore, testBackends } from '../support/store.ts';
import { haveFixtures, unexplained } from './compare.ts';
import { COMPARE_001 } from './r001.ts';

describe.runIf(haveFixtures).each(testBackends())('reference report 001 (%s)', (backend) => {
  it('prints every cell and heading of 001’s financial tables as the fixtures do, but for the allowed source errors', async () => {
    const store = await openTestStore(backend);
    try {
      const r = REPORT_001;
      await r.load(store, r.orgId);
      const model = await buildReport(store, {
        orgId: r.orgId, scope: r.round.board, year: r.round.year, period: r.round.period, round: r.round.name,
        sign: r.round.sign, prevPeriod: r.round.prevPeriod, template: r.template, organisationName: r.organisationName,
      });
      const result = unexplained(COMPARE_001, model).filter((x) => x.unexplained.length > 0 || x.stale.length > 0);
      expect(result).toEqual([]);
    } finally {
      await store.close();
    }
  }, 120_000);
});
