// Temporary, until test/reference-tables/index.test.ts lands on main: report 004's comparison
// (r004.ts) on the demo's report of Programnämnd social välfärd, built from REPORT_004's ledger
// and content on a fresh store of each kind. Remove once the index test covers COMPARE_004.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_004 } from '../../src/demo/reports/r004.ts';
import { buildReport, type ReportModel } from '../../src/report/index.ts';
import type { Store } from '../../src/store/index.ts';
import { openTestStore, testBackends } from '../support/store.ts';
import { fixtureFiles, haveFixtures, unexplained } from './compare.ts';
import { BUILT_004, COMPARE_004 } from './r004.ts';

describe.skipIf(!haveFixtures).each(testBackends())('reference report 004 against the demo on %s', (backend) => {
  let store: Store;
  let model: ReportModel;
  beforeAll(async () => {
    store = await openTestStore(backend);
    await REPORT_004.load(store, REPORT_004.orgId);
    const { round } = REPORT_004;
    model = await buildReport(store, {
      orgId: REPORT_004.orgId,
      scope: round.board,
      year: round.year,
      period: round.period,
      round: round.name,
      sign: round.sign,
      template: REPORT_004.template,
      organisationName: REPORT_004.organisationName,
    });
  });
  afterAll(async () => {
    await store?.close();
  });

  it('compares every one of 004’s 17 fixture files exactly once', () => {
    const files = COMPARE_004.tables.map((t) => t.fixture);
    expect([...files].sort()).toEqual(fixtureFiles().filter((f) => f.startsWith('004-')));
  });

  it('reproduces every cell and heading of the tables built so far, with no allowed difference left unused', () => {
    const built = unexplained(COMPARE_004, model).filter((r) => BUILT_004.includes(r.file));
    expect(built.map((r) => r.file)).toEqual(BUILT_004);
    expect(built.filter((r) => r.unexplained.length > 0 || r.stale.length > 0)).toEqual([]);
  });

  it('reports each table not built yet as missing, and only those', () => {
    const missing = unexplained(COMPARE_004, model)
      .filter((r) => r.unexplained.some((d) => d.row === '*' && d.column === '*'))
      .map((r) => r.file);
    expect(missing).toEqual(COMPARE_004.tables.map((t) => t.fixture).filter((f) => !BUILT_004.includes(f)));
  });
});
