/** Temporary (until index.test.ts lands on main): reference report 000's tables on the demo's report of REPORT_000. */
import { afterAll, describe, expect, it } from 'vitest';
import { REPORT_000 } from '../../src/demo/reports/r000/index.ts';
import { buildReport, type ReportModel } from '../../src/report/index.ts';
import type { Store } from '../../src/store/index.ts';
import { openTestStore, testBackends } from '../support/store.ts';
import { haveFixtures, unexplained } from './compare.ts';
import { COMPARE_000 } from './r000.ts';

describe.skipIf(!haveFixtures).each(testBackends())('reference report 000 on %s', (backend) => {
  const stores: Store[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
  });

  async function model(): Promise<ReportModel> {
    const store = await openTestStore(backend);
    stores.push(store);
    const r = REPORT_000;
    await r.load(store, r.orgId);
    return buildReport(store, {
      orgId: r.orgId,
      scope: r.round.board,
      year: r.round.year,
      period: r.round.period,
      round: r.round.name,
      sign: r.round.sign,
      prevPeriod: r.round.prevPeriod,
      level: r.round.level,
      template: r.template,
      organisationName: r.organisationName,
    });
  }

  it('prints 000\'s own texts in their chapters (Revisionsnämnd: "Stadsrevisionen beräknas hålla budgetram.")', async () => {
    const m = await model();
    const chapter = m.sections.find((x) => x.id === 'budgetavvikelse');
    expect(JSON.stringify(chapter?.blocks)).toContain('Stadsrevisionen beräknas hålla budgetram.');
    expect(JSON.stringify(m.sections.find((x) => x.id === 'integration')?.blocks)).toContain('Örebro kommun har områden som idag kännetecknas');
  });

  it('prints every cell and heading of 000-01 … 000-07 as 000 does, except the allowed source errors, and every allowed error still occurs', async () => {
    const result = unexplained(COMPARE_000, await model());
    expect(result.map((r) => r.file)).toHaveLength(7);
    expect(result.filter((r) => r.unexplained.length || r.stale.length)).toEqual([]);
  });
});
