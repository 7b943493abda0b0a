// SIE files into the real store: counts, idempotent re-import, nothing stored from a bad file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openTestStore, testBackends } from '../../test/support/store.ts';
import { PrognosError } from '../core/errors/index.ts';
import type { Store } from './index.ts';
import { importSie } from './ingest.ts';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', 'shared', 'sie-samples');
const sample = (p: string): string => join(SAMPLES, p);

describe.skipIf(!existsSync(SAMPLES)).each(testBackends())('SIE import into the store on %s', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('imports a SIE 4E file with vouchers and stores the balance of every month exactly', async () => {
    const s = await importSie(store, 'sie1', sample('jsisie/transaktioner_ovnbolag.se'));
    expect(s.counts.TRANS).toBe(671);
    const totals = await store.totals('sie1');
    // Balanced vouchers: the actual amounts of the year sum to zero öre over all accounts.
    const actual = totals.filter((t) => t.scenario === 'actual');
    expect(actual.length).toBeGreaterThan(0);
    expect(actual.reduce((a, t) => a + t.sumOre, 0n)).toBe(0n);
    expect(totals.some((t) => t.scenario === 'budget')).toBe(true);
  });

  it('importing the same SIE file again replaces it instead of doubling it', async () => {
    const before = await store.totals('sie1');
    const again = await importSie(store, 'sie1', sample('jsisie/transaktioner_ovnbolag.se'));
    expect(again.replaced).toBeGreaterThan(0);
    expect(await store.totals('sie1')).toEqual(before);
  });

  it('importing a voucher-only file (4I) twice does not double it either', async () => {
    await importSie(store, 'sie2', sample('jsisie/typ4si.si'));
    const once = await store.totals('sie2');
    await importSie(store, 'sie2', sample('jsisie/typ4si.si'));
    expect(await store.totals('sie2')).toEqual(once);
  });

  it('stores nothing of a file with an unbalanced voucher and names its line', async () => {
    const err = (await importSie(store, 'sie3', sample('jsisie/transaktioner_ovnbolag-bad-balance.se')).catch((e: unknown) => e)) as PrognosError;
    expect(err).toBeInstanceOf(PrognosError);
    expect(err.location.line).toBeGreaterThan(0);
    expect(err.location.file).toContain('bad-balance');
    expect(await store.countAmounts('sie3')).toBe(0);
    expect(await store.listUnits('sie3')).toEqual([]);
  });

  it('creates accounts from #KONTO with the Kommun-Bas default group and units from the unit dimension', async () => {
    const accounts = await store.listAccounts('sie1');
    expect(accounts.find((a) => a.account.startsWith('3'))?.group).toBe('3');
    expect((await store.listUnits('sie1')).length).toBeGreaterThan(0);
  });
});
