import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore, testBackends } from '../../test/support/store.ts';
import { PrognosError } from '../core/errors/index.ts';
import type { Store } from './index.ts';
import { importTabular } from './ingest.ts';
import { migrate } from './migrate.ts';

const dir = mkdtempSync(join(tmpdir(), 'prognos-store-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const ORG = file('org.csv', 'code,name,parent,level\nKS,Kommunstyrelsen,,board\nA,Avdelning A,KS,RN1\nB,Avdelning B,KS,RN1\n');
const ACCOUNTS = file('accounts.csv', 'account,name,group\n3010,Intäkter,\n5010,Löner,\n');
const AMOUNTS = file(
  'amounts.csv',
  'scenario,year,period,unit,account,activity,project,amount\nactual,2024,1,A,5010,,,1000.50\nactual,2024,2,B,3010,,,-200\nbudget,2024,,A,5010,,,12000\n',
);

describe.each(testBackends())('store on %s', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('has every migration applied, and applying them again changes nothing', async () => {
    expect(await migrate(store.db)).toEqual([]);
    const tables = await store.db.query<{ t: string }>(
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
    );
    expect(tables.map((r) => r.t)).toEqual(expect.arrayContaining(['account', 'activity', 'amount', 'import_batch', 'organisation', 'project', 'schema_migration', 'unit', 'goal', 'narrative']));
  });

  it('keys migrations by file name and still knows a database that recorded only their four digits', async () => {
    const versions = (await store.db.query<{ version: string }>('SELECT version FROM schema_migration ORDER BY 1')).map((r) => r.version);
    expect(versions).toContain('0006_published_render');
    // a database migrated before versions were file names: 0001–0005 recorded by their digits
    await store.db.exec("UPDATE schema_migration SET version = left(version, 4) WHERE version < '0006'");
    expect(await migrate(store.db)).toEqual([]);
  });

  it('gives every table of domain data an organisation id column', async () => {
    const rows = await store.db.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables t WHERE table_schema = current_schema()
         AND table_name NOT IN ('organisation', 'schema_migration')
         AND NOT EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.column_name = 'org_id')`,
    );
    expect(rows).toEqual([]);
  });

  it('stores amounts exactly in öre and importing the same file twice does not double them', async () => {
    await importTabular(store, 'k1', 'org', ORG);
    await importTabular(store, 'k1', 'accounts', ACCOUNTS);
    const first = await importTabular(store, 'k1', 'amounts', AMOUNTS);
    expect(first.replaced).toBe(0);
    const second = await importTabular(store, 'k1', 'amounts', AMOUNTS);
    expect(second.replaced).toBe(3);
    const totals = await store.totals('k1');
    expect(totals).toEqual([
      { scenario: 'actual', year: 2024, rows: 2, sumOre: 80050n },
      { scenario: 'budget', year: 2024, rows: 1, sumOre: 1200000n },
    ]);
  });

  it('stores nothing of a file with a bad line, and names file, line and field', async () => {
    const bad = file(
      'bad.csv',
      'scenario,year,period,unit,account,activity,project,amount\nactual,2023,1,A,5010,,,10\nactual,2023,13,A,5010,,,10\n',
    );
    const err = await importTabular(store, 'k1', 'amounts', bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrognosError);
    expect((err as PrognosError).location).toMatchObject({ file: bad, line: 3, field: 'period' });
    expect((await store.totals('k1')).some((t) => t.year === 2023)).toBe(false);
  });

  it('rejects an amount for a unit the organisation does not have, naming the line, and keeps what was there', async () => {
    const bad = file(
      'unknown-unit.csv',
      'scenario,year,period,unit,account,activity,project,amount\nactual,2024,1,A,5010,,,1\nactual,2024,1,ZZZ,5010,,,1\n',
    );
    const err = (await importTabular(store, 'k1', 'amounts', bad).catch((e: unknown) => e)) as PrognosError;
    expect(err.location).toMatchObject({ line: 3, field: 'unit' });
    expect(err.reason).toContain('ZZZ');
    expect((await store.totals('k1')).find((t) => t.scenario === 'actual')?.sumOre).toBe(80050n);
  });

  it('an amounts file for one unit does not remove another unit’s amounts of the same scenario and year', async () => {
    const other = file('only-b.csv', 'scenario,year,period,unit,account,activity,project,amount\nbudget,2024,,B,5010,,,500\n');
    await importTabular(store, 'k1', 'amounts', other);
    const budget = (await store.totals('k1')).find((t) => t.scenario === 'budget');
    expect(budget).toMatchObject({ rows: 2, sumOre: 1250000n });
    await importTabular(store, 'k1', 'amounts', other);
    expect((await store.totals('k1')).find((t) => t.scenario === 'budget')).toMatchObject({ rows: 2, sumOre: 1250000n });
  });

  it('keeps two organisations apart: one organisation never sees the other one’s units or amounts', async () => {
    await importTabular(store, 'k2', 'org', ORG);
    expect(await store.totals('k2')).toEqual([]);
    expect((await store.listUnits('k2')).length).toBe(3);
    expect(await store.countAmounts('k1')).toBe(4);
  });
});

describe('embedded data directory lock', () => {
  it('refuses a second open of a data directory while the first store has it, and allows it after close', async () => {
    const { openStore } = await import('./index.ts');
    const data = mkdtempSync(join(tmpdir(), 'prognos-lock-'));
    const first = await openStore({ dataDir: data });
    const err = await openStore({ dataDir: data }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrognosError);
    expect((err as PrognosError).code).toBe('CONFLICT');
    expect((err as PrognosError).message).toContain(`pid ${process.pid}`);
    await first.close();
    const again = await openStore({ dataDir: data });
    await again.close();
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const { openStore } = await import('./index.ts');
    const data = mkdtempSync(join(tmpdir(), 'prognos-lock-'));
    writeFileSync(join(data, 'prognos.lock'), '999999999');
    const store = await openStore({ dataDir: data });
    await store.close();
  });
});
