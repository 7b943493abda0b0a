import { describe, expect, it } from 'vitest';
import { emptyFollowUp } from '../core/domain/followup.ts';
import type { Table } from './model.ts';
import { reconciliationGrid } from './reconciliation.ts';

const table = { id: 'units:P', kind: 'units', scope: 'P', scopeName: 'Programområdet', title: 'T', columns: [{ key: 'variance', label: 'Avvikelse' }], rows: [], total: { label: 'Summa', values: { variance: -51891 } } } as unknown as Table;

describe('the reconciliation with the intrapreneurships’ accumulated results', () => {
  const content = emptyFollowUp();
  // two intrapreneurships: 20 000 + 3 900 tkr opening, 3 900 drawn, a surplus of 6 100 and a deficit of 400 tkr
  content.rollForward.push({ unit: 'A', openingOre: 2_000_000_000n, usedOre: -390_000_000n, resultOre: 610_000_000n });
  content.rollForward.push({ unit: 'B', openingOre: 390_000_000n, usedOre: 0n, resultOre: -40_000_000n });
  const grid = reconciliationGrid({ reconciliation: 'intrapreneurships', of: 'units:P' }, table, 1800, content, (l) => l.replace('{year}', '2022'));
  const amount = (name: string): unknown => grid.rows.find((r) => r.cells.name === name)?.cells.amount;

  it('splits the table’s variance into the intrapreneurships’ part and the rest (−51 891 − 1 800 = −53 691), and adds them up again', () => {
    expect(amount('Varav intraprenader')).toBe(1800);
    expect(amount('Totalt exkl. intraprenader')).toBe(-53691);
    expect(amount('Justerad avvikelse inkl. intraprenadernas över- och underskott 2022')).toBe(-51891);
  });

  it('rolls their results forward: opening 23 900, drawn −3 900, new deficits −400, new surpluses 6 100, closing 25 700', () => {
    expect([amount('Ingående ackumulerat resultat intraprenader'), amount('Ianspråktagande ack resultat 2022'), amount('Nya underskott'), amount('Nya överskott')]).toEqual([23900, -3900, -400, 6100]);
    expect(grid.rows.find((r) => r.kind === 'subtotal')?.cells).toMatchObject({ name: 'Utgående ackumulerat resultat intraprenader 2022', amount: 25700, role: 'closing' });
  });

  it('leaves the parts empty, never 0, when the table has no variance', () => {
    const none = reconciliationGrid({ reconciliation: 'intrapreneurships', of: 'units:P' }, { ...table, columns: [] }, null, content, (l) => l);
    expect(none.rows.find((r) => r.cells.role === 'result_excl')?.cells.amount).toBeNull();
    expect(none.rows.find((r) => r.cells.role === 'result_total')?.cells.amount).toBeNull();
  });
});
