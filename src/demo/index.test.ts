// The demo municipality as the other tests load it (buildDemo: 003's and 004's data in one
// organisation, reports built without a round). Its tables are compared with the reference
// tables on the published reports by test/reference-tables/index.test.ts; here: what buildDemo
// itself must give the tests that use it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, testBackends } from '../../test/support/store.ts';
import type { ReportModel } from '../report/index.ts';
import { renderHtml } from '../report/html/index.ts';
import type { Store } from '../store/index.ts';
import { buildDemo } from './index.ts';

describe.each(testBackends())('demo municipality on %s', (backend) => {
  let store: Store;
  let report: ReportModel;
  let programme: ReportModel;
  beforeAll(async () => {
    store = await openTestStore(backend);
    ({ report, programmeReport: programme } = await buildDemo(store));
  });
  afterAll(async () => {
    await store?.close();
  });

  it('rolls the intrapreneurships’ accumulated result forward to the printed closing 26 100 tkr (004-05), the year’s result 2 200 not the misprinted 2 300', () => {
    const grid = programme.sections.flatMap((s) => s.blocks).find((b) => b.type === 'grid' && b.grid.id === 'rollforward');
    expect(grid?.type).toBe('grid');
    const total = grid!.type === 'grid' ? grid!.grid.rows.at(-1)! : undefined;
    expect(total?.cells).toMatchObject({ opening: 23900, used: -3900, result: 6100, closing: 26100 });
    expect((total!.cells.closing as number) - (total!.cells.opening as number)).toBe(2200);
  });

  it('never prints an error string or NaN in the HTML report', () => {
    const html = renderHtml(report);
    expect(html).not.toMatch(/#DIVISION|#####|NaN|undefined|Infinity/);
    expect(html).toContain('<td>-49\u00a0987</td>');
  });
});
