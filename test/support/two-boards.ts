/**
 * A small organisation `two` for round tests: board B (a root) with unit U1 (RN1) and its child
 * U1a (RN2), and below B a sub-board SB (level board) with unit S1 (RN1). Budget and actual 2024
 * on U1a (staff 5010, revenue 3010) and S1 (staff 5010); nothing on groups 4, 6A, 6B, 7.
 * Amounts in ledger sign (cost positive), öre. Users: `two-controller`, `two-editor` (U1).
 */
import { createApp } from '../../src/server/app.ts';
import { addUsers, type World } from './server.ts';
import type { AmountRow } from '../../src/store/index.ts';
import { openTestStore, type Backend } from './store.ts';

export const TWO = 'two';

function ledger(): AmountRow[] {
  const rows: AmountRow[] = [];
  const add = (scenario: AmountRow['scenario'], period: number | null, unit: string, account: string, amountOre: number): void => {
    rows.push({ scenario, year: 2024, period, unit, account, activity: '', project: '', amountOre });
  };
  for (let m = 1; m <= 4; m++) {
    add('actual', m, 'U1a', '5010', 10_000_000);
    add('actual', m, 'U1a', '3010', -2_000_000);
    add('actual', m, 'S1', '5010', 5_000_000);
  }
  add('budget', null, 'U1a', '5010', 120_000_000);
  add('budget', null, 'U1a', '3010', -24_000_000);
  add('budget', null, 'S1', '5010', 60_000_000);
  return rows;
}

export async function twoBoardsWorld(backend: Backend): Promise<World> {
  const store = await openTestStore(backend);
  await store.db.transaction(async (tx) => {
    await store.ensureOrganisation(TWO, 'Tvånämndskommunen', tx);
    await store.upsertUnits(tx, TWO, [
      { code: 'B', name: 'Nämnden', parent: null, level: 'board', budgetLevel: null, sortOrder: 0 },
      { code: 'U1', name: 'Enhet 1', parent: 'B', level: 'RN1', budgetLevel: null, sortOrder: 1 },
      { code: 'U1a', name: 'Enhet 1a', parent: 'U1', level: 'RN2', budgetLevel: null, sortOrder: 2 },
      { code: 'SB', name: 'Delnämnden', parent: 'B', level: 'board', budgetLevel: null, sortOrder: 3 },
      { code: 'S1', name: 'Delenhet 1', parent: 'SB', level: 'RN1', budgetLevel: null, sortOrder: 4 },
    ]);
    await store.upsertAccounts(tx, TWO, [
      { account: '3010', name: 'Intäkter', group: '3', groupOverride: false },
      { account: '5010', name: 'Löner', group: '5', groupOverride: false },
    ], 'accounts-file');
    const rows = ledger();
    const slices = [{ scenario: 'actual' as const, year: 2024 }, { scenario: 'budget' as const, year: 2024 }];
    await store.replaceAmounts(tx, TWO, { kind: 'amounts', fileName: 'two.csv', sha256: 'two', summary: {} }, { kind: 'slices', slices }, rows);
  });
  await addUsers(store, TWO, [{ username: 'controller', role: 'controller' }, { username: 'editor', role: 'unit_editor', units: ['U1'] }], 'two-');
  const app = createApp({ store, trustProxy: true, log: () => undefined });
  return { store, app, close: () => store.close() };
}
