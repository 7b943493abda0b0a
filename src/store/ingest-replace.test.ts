// What an import replaces: exactly the slices its file covers, counted row by row; org files
// that hang new units under units stored before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore, testBackends } from '../../test/support/store.ts';
import { PrognosError } from '../core/errors/index.ts';
import type { Store } from './index.ts';
import { importSie, importTabular } from './ingest.ts';

const dir = mkdtempSync(join(tmpdir(), 'prognos-replace-'));
const file = (name: string, ...lines: string[]): string => {
  const p = join(dir, name);
  writeFileSync(p, `${lines.join('\n')}\n`);
  return p;
};
const HEADER = 'scenario,year,period,unit,account,activity,project,amount';

const ORG = file('org.csv', 'code,name,parent,level', 'KS,Kommunstyrelsen,,board', 'KSA1A01,Staben,KS,RN3', 'KSA1A02,Ekonomi,KS,RN3');
const ACCOUNTS = file('accounts.csv', 'account,name', '3010,Intäkter', '5010,Löner', '6110,Lokalhyra', '7010,Övrigt');

/** January–April actuals: KSA1A01 four accounts a month, KSA1A02 two (24 rows). */
const JAN_APR = file(
  'jan-apr.csv',
  HEADER,
  ...[1, 2, 3, 4].flatMap((m) => [
    ...['3010', '5010', '6110', '7010'].map((a, i) => `actual,2025,${m},KSA1A01,${a},,,${(i + 1) * 100 + m}`),
    ...['5010', '6110'].map((a) => `actual,2025,${m},KSA1A02,${a},,,${50 + m}`),
  ]),
);

/** Rows per (unit, period) and their sum in öre, from the amounts and from the account-group summary. */
async function byMonth(store: Store, org: string): Promise<Record<string, { rows: number; sum: number }>> {
  const rows = await store.db.query<{ unit: string; period: number | null; n: string; s: string }>(
    `SELECT unit, period, count(*) AS n, sum(amount_ore) AS s FROM amount WHERE org_id = $1 AND scenario = 'actual' GROUP BY unit, period ORDER BY unit, period`,
    [org],
  );
  return Object.fromEntries(rows.map((r) => [`${r.unit} ${r.period ?? 'år'}`, { rows: Number(r.n), sum: Number(r.s) }]));
}

async function summaryByMonth(store: Store, org: string): Promise<Record<string, number>> {
  const rows = await store.db.query<{ unit: string; period: number | null; s: string }>(
    `SELECT unit, period, sum(amount_ore) AS s FROM amount_summary WHERE org_id = $1 AND scenario = 'actual' GROUP BY unit, period ORDER BY unit, period`,
    [org],
  );
  return Object.fromEntries(rows.map((r) => [`${r.unit} ${r.period ?? 'år'}`, Number(r.s)]));
}

describe.each(testBackends())('what an import replaces on %s', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(backend);
    for (const org of ['r1', 'r2', 'r3']) {
      await importTabular(store, org, 'org', ORG);
      await importTabular(store, org, 'accounts', ACCOUNTS);
    }
  });
  afterAll(async () => {
    await store?.close();
  });

  it('a one-month correction file leaves the other months of its unit intact', async () => {
    await importTabular(store, 'r1', 'amounts', JAN_APR);
    const before = await byMonth(store, 'r1');
    expect(Object.keys(before)).toHaveLength(8);

    // May's actuals for one unit, two rows: January–April of that unit must stay.
    const may = await importTabular(store, 'r1', 'amounts', file('may.csv', HEADER, 'actual,2025,5,KSA1A01,5010,,,900', 'actual,2025,5,KSA1A01,6110,,,800'));
    expect(may).toMatchObject({ records: 2, replaced: 0, changes: { stored: 2, added: 2, replaced: 0, removed: 0 } });
    expect(may.slices).toEqual([{ scenario: 'actual', year: 2025, period: 5, unit: 'KSA1A01', stored: 2, added: 2, replaced: 0, removed: 0 }]);
    const after = await byMonth(store, 'r1');
    expect(after).toEqual({ ...before, 'KSA1A01 5': { rows: 2, sum: 170000 } });
    expect(await summaryByMonth(store, 'r1')).toEqual(Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v.sum])));
  });

  it('a correction of one month replaces that month of that unit only, and counts what it replaced, added and removed', async () => {
    const before = await byMonth(store, 'r1');
    // April of KSA1A01 had 3010, 5010, 6110, 7010: the correction keeps two, drops two, adds one.
    const fix = await importTabular(
      store,
      'r1',
      'amounts',
      file('april-fix.csv', HEADER, 'actual,2025,4,KSA1A01,5010,,,1000', 'actual,2025,4,KSA1A01,6110,,,1000', 'actual,2025,4,KSA1A01,5010,,P1,1000'),
    );
    expect(fix.changes).toEqual({ stored: 3, added: 1, replaced: 2, removed: 2 });
    expect(fix.replaced).toBe(4); // every old row of the slice, as before
    expect(fix.slices).toEqual([{ scenario: 'actual', year: 2025, period: 4, unit: 'KSA1A01', stored: 3, added: 1, replaced: 2, removed: 2 }]);
    const after = await byMonth(store, 'r1');
    expect(after).toEqual({ ...before, 'KSA1A01 4': { rows: 3, sum: 300000 } });
    expect(await summaryByMonth(store, 'r1')).toEqual(Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v.sum])));
  });

  it('an annual row replaces the annual slice of its unit and never its months, and months never the annual slice', async () => {
    const budget = file('budget.csv', HEADER, 'budget,2025,,KSA1A01,5010,,,12000', 'budget,2025,1,KSA1A01,5010,,,1000', 'budget,2025,2,KSA1A01,5010,,,1000');
    await importTabular(store, 'r2', 'amounts', budget);
    const annual = await importTabular(store, 'r2', 'amounts', file('budget-annual.csv', HEADER, 'budget,2025,,KSA1A01,5010,,,15000'));
    expect(annual.changes).toEqual({ stored: 1, added: 0, replaced: 1, removed: 0 });
    expect(annual.slices).toEqual([{ scenario: 'budget', year: 2025, period: null, unit: 'KSA1A01', stored: 1, added: 0, replaced: 1, removed: 0 }]);
    const feb = await importTabular(store, 'r2', 'amounts', file('budget-feb.csv', HEADER, 'budget,2025,2,KSA1A01,5010,,,2000'));
    expect(feb.changes).toEqual({ stored: 1, added: 0, replaced: 1, removed: 0 });
    const rows = await store.db.query<{ period: number | null; s: string }>(
      "SELECT period, sum(amount_ore) AS s FROM amount WHERE org_id = 'r2' AND scenario = 'budget' GROUP BY period ORDER BY period NULLS FIRST",
    );
    expect(rows.map((r) => [r.period, Number(r.s)])).toEqual([
      [null, 1500000],
      [1, 100000],
      [2, 200000],
    ]);
  });

  it('importing the original file again restores the corrected month row by row and leaves May alone', async () => {
    const again = await importTabular(store, 'r1', 'amounts', JAN_APR);
    // April of KSA1A01: 5010 and 6110 replaced, 3010 and 7010 back again, 5010/P1 (only in the correction) removed.
    expect(again.changes).toEqual({ stored: 24, added: 2, replaced: 22, removed: 1 });
    expect(again.slices?.find((s) => s.unit === 'KSA1A01' && s.period === 4)).toMatchObject({ stored: 4, added: 2, replaced: 2, removed: 1 });
    expect(again.slices).toHaveLength(8);
    expect((await byMonth(store, 'r1'))['KSA1A01 5']).toEqual({ rows: 2, sum: 170000 });
  });

  it('a SIE file with balances replaces its whole year, as before, and reports it per scenario and year', async () => {
    const sie = (name: string, amount: string): string =>
      file(
        name,
        '#FLAGGA 0',
        '#SIETYP 3',
        '#RAR 0 20250101 20251231',
        '#KONTO 5010 "Löner"',
        '#DIM 1 "Ansvar"',
        '#OBJEKT 1 "KSA1A01" "Staben"',
        `#PSALDO 0 202501 5010 {1 "KSA1A01"} ${amount}`,
        `#PSALDO 0 202502 5010 {1 "KSA1A01"} ${amount}`,
      );
    await importTabular(store, 'r3', 'amounts', file('r3-may.csv', HEADER, 'actual,2025,5,KSA1A02,5010,,,1'));
    const first = await importSie(store, 'r3', sie('b1.se', '100.00'));
    expect(first.slices).toEqual([{ scenario: 'actual', year: 2025, stored: 2, added: 2, replaced: 0, removed: 1 }]);
    const second = await importSie(store, 'r3', sie('b2.se', '200.00'));
    expect(second.changes).toEqual({ stored: 2, added: 0, replaced: 2, removed: 0 });
    expect(await store.totals('r3')).toEqual([{ scenario: 'actual', year: 2025, rows: 2, sumOre: 40000n }]);
  });

  it('an org file may hang new units under units stored before, one unit at a time', async () => {
    const one = await importTabular(store, 'r1', 'org', file('one-unit.csv', 'code,name,parent,level', 'KSA1A03,Kommunikation,KS,RN3'));
    expect(one.changes).toEqual({ stored: 1, added: 1, replaced: 0, removed: 0 });
    const child = await importTabular(store, 'r1', 'org', file('child.csv', 'code,name,parent,level', 'KSA1A0301,Webb,KSA1A03,RN4', 'KSA1A01,Staben (nytt namn),KS,RN3'));
    expect(child.changes).toEqual({ stored: 2, added: 1, replaced: 1, removed: 0 });
    const units = await store.listUnits('r1');
    expect(units.find((u) => u.code === 'KSA1A0301')?.parent).toBe('KSA1A03');
    expect(units).toHaveLength(5);
  });

  it('rejects an org file whose parent exists neither in the file nor in the organisation, naming file, line and field, and stores nothing of it', async () => {
    const bad = file('orphan.csv', 'code,name,parent,level', 'KSA1A04,Ny,KS,RN3', 'KSA1A05,Föräldralös,KX,RN3');
    const err = (await importTabular(store, 'r1', 'org', bad).catch((e: unknown) => e)) as PrognosError;
    expect(err).toBeInstanceOf(PrognosError);
    expect(err.location).toEqual({ file: bad, line: 3, field: 'parent' });
    expect(err.reason).toContain('"KX"');
    expect((await store.listUnits('r1')).map((u) => u.code)).not.toContain('KSA1A04');
  });

  it('rejects an org file that would put a stored unit under its own descendant', async () => {
    const cyc = file('cycle.csv', 'code,name,parent,level', 'KSA1A03,Kommunikation,KSA1A0301,RN3');
    const err = (await importTabular(store, 'r1', 'org', cyc).catch((e: unknown) => e)) as PrognosError;
    expect(err.location).toEqual({ file: cyc, line: 2, field: 'parent' });
    expect(err.reason).toContain('cykel');
    expect((await store.listUnits('r1')).find((u) => u.code === 'KSA1A03')?.parent).toBe('KS');
  });
});
