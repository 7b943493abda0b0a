/**
 * The same ledger, imported three ways — period balances with several dimensions per record,
 * vouchers, CSV — gives the same per-activity and per-project tables, on every store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore, testBackends } from '../../test/support/store.ts';
import { nestedBalances, SIE_HEADER, vouchers, type Posting } from '../../test/support/sie-balances.ts';
import { buildReport } from '../report/index.ts';
import type { Store } from './index.ts';
import { importSie, importTabular } from './ingest.ts';

const dir = mkdtempSync(join(tmpdir(), 'prognos-dims-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const p = (month: number, account: string, unit: string, activity: string, project: string, ore: number, other = ''): Posting => ({ month, account, unit, activity, project, other, ore });
const ACTUAL: Posting[] = [
  p(1, '5010', 'A', '1300', '', 5_047_775),
  p(1, '5010', 'A', '1400', '', 1_200_000, 'e1'),
  p(2, '5010', 'B', '1300', '', 730_000),
  p(2, '3010', 'B', '1400', '', -410_050),
  p(2, '6110', 'A', '', '', 99_900),
  p(3, '1210', 'A', '1300', 'P1', 2_500_000),
  p(3, '1210', 'B', '1400', 'P2', 750_000, 'e2'),
  p(3, '5010', 'A', '1300', 'P1', 320_000),
];
const BUDGET: Posting[] = [
  p(1, '5010', 'A', '1300', '', 5_000_000),
  p(2, '5010', 'A', '1400', '', 1_000_000),
  p(2, '5010', 'B', '1300', '', 800_000),
  p(3, '3010', 'B', '1400', '', -400_000),
  p(3, '1210', 'A', '1300', 'P1', 3_000_000),
  p(3, '1210', 'B', '1400', 'P2', 1_000_000),
];

const csvRows = (scenario: string, ps: Posting[]): string[] => ps.map((x) => `${scenario},2024,${x.month},${x.unit},${x.account},${x.activity},${x.project},${(x.ore / 100).toFixed(2)}`);
const CSV = file('amounts.csv', ['scenario,year,period,unit,account,activity,project,amount', ...csvRows('actual', ACTUAL), ...csvRows('budget', BUDGET)].join('\n'));
const BALANCES = file('balances.se', [...SIE_HEADER, ...nestedBalances('PSALDO', ACTUAL, true), ...nestedBalances('PBUDGET', BUDGET, true)].join('\n'));
const VOUCHERS = file('vouchers.se', [...SIE_HEADER.map((l) => (l === '#SIETYP 3' ? '#SIETYP 4' : l)), '#KONTO 1930 "Bank"', ...vouchers(ACTUAL)].join('\n'));
const BUDGET_ONLY = file('budget.se', [...SIE_HEADER, ...nestedBalances('PBUDGET', BUDGET, true)].join('\n'));

describe.each(testBackends())('dimensions of period balances on %s', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(backend);
    for (const org of ['bal', 'ver', 'csv']) {
      await importTabular(store, org, 'org', file('org.csv', 'code,name,parent,level\nN,Nämnden,,board\nA,Avdelning A,N,RN1\nB,Avdelning B,N,RN1\n'));
      await importTabular(store, org, 'accounts', file('accounts.csv', 'account,name\n1210,Inventarier\n1930,Bank\n3010,Avgifter\n5010,Löner\n6110,Kontorsmaterial\n'));
      await importTabular(store, org, 'activities', file('activities.csv', 'code,name\n1300,Fritid\n1400,Kultur\n'));
    }
    await importSie(store, 'bal', BALANCES, { activityDim: 20 });
    await importSie(store, 'ver', VOUCHERS, { activityDim: 20 });
    await importSie(store, 'ver', BUDGET_ONLY, { activityDim: 20 });
    await importTabular(store, 'csv', 'amounts', CSV);
  });
  afterAll(async () => {
    await store?.close();
  });

  const table = async (org: string, id: string, by?: 'project') => {
    const m = await buildReport(store, {
      orgId: org,
      scope: 'N',
      year: 2024,
      period: 3,
      round: 'P1',
      tables: [id === 'activities' ? { id, kind: 'activities', scope: 'N' } : { id, kind: 'investments', scope: 'N', ...(by ? { by } : {}) }],
    });
    const t = m.tables[0]!;
    return { rows: t.rows.map((r) => [r.code, r.values]), total: t.total.values };
  };

  it('gives the same activities table from multi-dimension balances as from vouchers and from CSV', async () => {
    const csv = await table('csv', 'activities');
    expect(csv.rows.map((r) => r[0])).toEqual(expect.arrayContaining(['1300', '1400']));
    expect(await table('bal', 'activities')).toEqual(csv);
    expect(await table('ver', 'activities')).toEqual(csv);
  });

  it('gives the same investments per project from multi-dimension balances as from vouchers and from CSV', async () => {
    const csv = await table('csv', 'investments', 'project');
    expect(csv.rows.map((r) => r[0])).toEqual(expect.arrayContaining(['P1', 'P2']));
    expect(await table('bal', 'investments', 'project')).toEqual(csv);
    expect(await table('ver', 'investments', 'project')).toEqual(csv);
  });

  it('warns about a missing project dimension only when it was chosen, not for the default 6', async () => {
    const noProjects = file('no-projects.se', [...SIE_HEADER, '#PSALDO 0 202401 5010 {1 "A" 20 "1300"} 10.00'].join('\n'));
    const quiet = await importSie(store, 'warn', noProjects, { activityDim: 20, dryRun: true });
    expect(quiet.warnings.join('\n')).not.toContain('projekt');
    const chosen = await importSie(store, 'warn', noProjects, { activityDim: 20, projectDim: 6, dryRun: true });
    expect(chosen.warnings.join('\n')).toContain('dimension 6 (projekt, --project-dim) förekommer inte i filens belopp');
  });

  it('stores the same ledger per (unit, activity, project, month) from all three files', async () => {
    const ledger = async (org: string) =>
      (
        await store.db.query<{ k: string; s: string }>(
          `SELECT scenario || '|' || period || '|' || unit || '|' || account || '|' || activity || '|' || project AS k, sum(amount_ore)::text AS s
             FROM amount WHERE org_id = $1 AND account <> '1930' GROUP BY 1 HAVING sum(amount_ore) <> 0 ORDER BY 1`,
          [org],
        )
      ).map((r) => [r.k, r.s]);
    const csv = await ledger('csv');
    expect(csv.length).toBeGreaterThan(10);
    expect(await ledger('bal')).toEqual(csv);
    expect(await ledger('ver')).toEqual(csv);
  });
});
