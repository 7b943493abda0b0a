// A board template with a column set goes into the store and comes back as uploaded; a unit its
// rows name must exist in the organisation (both stores).
import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, testBackends } from '../../../test/support/store.ts';
import type { Store } from '../../store/index.ts';
import { getTemplate, saveTemplate } from '../../store/templates.ts';

const actor = { userId: null, username: 'controller' };
const body = (units: string[]) => ({
  id: 'ks-kolumner',
  chapters: [
    {
      id: 'resultat',
      number: '3',
      title: 'Resultat',
      level: 1,
      blocks: [
        {
          table: {
            id: 'net',
            kind: 'net-summary',
            scope: 'KS',
            columns: [{ key: 'actual', label: 'Utfall {year}' }, { key: 'variance_budget_pct' }],
            rows: { outsideTotal: units },
          },
        },
      ],
    },
  ],
});

describe.each(testBackends())('board templates with column sets on %s', (backend) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });
  const open = async (): Promise<Store> => {
    const s = await openTestStore(backend);
    await s.ensureOrganisation('k');
    await s.upsertUnits(s.db, 'k', [
      { code: 'KS', name: 'Kommunstyrelsen', parent: null, level: 'RN1', budgetLevel: null, sortOrder: 0 },
      { code: 'ORE', name: 'Stadsrevisionen', parent: 'KS', level: 'RN2', budgetLevel: null, sortOrder: 1 },
    ]);
    return s;
  };

  it('stores a template with columns, headings and row options and gives it back as uploaded', async () => {
    store = await open();
    await saveTemplate(store.db, { orgId: 'k', board: 'KS', body: body(['ORE']), actor });
    expect((await getTemplate(store.db, 'k', 'KS', 'ks-kolumner')).body).toEqual(body(['ORE']));
  });

  it('refuses a unit in the rows that the organisation does not have, naming the path and field', async () => {
    store = await open();
    await expect(saveTemplate(store.db, { orgId: 'k', board: 'KS', body: body(['OVA']), actor })).rejects.toThrow(
      'mallen är ogiltig: chapters[0].blocks[0].table.rows.outsideTotal: enheten "OVA" finns inte i organisationen',
    );
  });
});
