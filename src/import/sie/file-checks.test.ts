import { describe, expect, it } from 'vitest';
import { SIG_ACTIVITY, SIG_PROJECT, SIG_UNIT } from './balances.ts';
import { dimensionWarnings, mojibakeWarning, nothingToImport } from './file-checks.ts';
import { L_FNAMN, L_KONTO, L_SRU, L_VER, LABELS } from './labels.ts';

const counts = (entries: Array<[number, number]>): Int32Array => {
  const c = new Int32Array(LABELS.length + 1);
  for (const [l, n] of entries) c[l] = n;
  return c;
};
const use = { unitDim: 1, activityDim: 20, projectDim: 6, projectDimChosen: false, inTrans: 0, inBalances: 0, vouchers: true, balances: false, unjoined: [] as number[] };

describe('what the end of a parse says about the file', () => {
  it('names what a file with nothing to import holds, the chart of accounts before the header', () => {
    expect(nothingToImport(counts([[L_VER, 1]]))).toBeNull();
    expect(nothingToImport(counts([[L_KONTO, 194], [L_SRU, 202], [L_FNAMN, 1]]))).toMatch(/bara 202 #SRU, 194 #KONTO$/);
    expect(nothingToImport(counts([[L_FNAMN, 1]]))).toMatch(/bara filhuvud: 1 #FNAMN$/);
  });

  it('warns about a chosen dimension that no amount uses, but not about the default project dimension', () => {
    expect(dimensionWarnings(use)).toEqual(['dimension 20 (verksamhet, --activity-dim) förekommer inte i filens belopp (#TRANS, #PSALDO, #PBUDGET): inget belopp får verksamhet']);
    expect(dimensionWarnings({ ...use, projectDimChosen: true })).toHaveLength(2);
  });

  it('warns when a dimension is in vouchers but not in balances, and the reverse', () => {
    expect(dimensionWarnings({ ...use, inTrans: SIG_ACTIVITY, balances: true })).toEqual([expect.stringContaining('finns i verifikationerna (#TRANS) men inte i #PSALDO/#PBUDGET')]);
    expect(dimensionWarnings({ ...use, inBalances: SIG_ACTIVITY | SIG_PROJECT, balances: true })).toEqual([
      expect.stringContaining('dimension 20 (verksamhet, --activity-dim) finns i #PSALDO/#PBUDGET men inte i verifikationerna'),
      expect.stringContaining('dimension 6 (projekt, --project-dim) finns i #PSALDO/#PBUDGET men inte i verifikationerna'),
    ]);
  });

  it('says which dimensions balances give only in separate records', () => {
    expect(dimensionWarnings({ ...use, inBalances: SIG_ACTIVITY, balances: true, vouchers: false, unjoined: [SIG_UNIT | SIG_ACTIVITY] })).toEqual([
      expect.stringContaining('anger enhet (dimension 1) och verksamhet (dimension 20) bara i skilda poster'),
    ]);
  });

  it('names the lines of names that look converted twice, in line order, and nothing for clean names', () => {
    expect(mojibakeWarning([{ line: 3, text: 'Löner' }])).toBeNull();
    expect(mojibakeWarning([{ line: 9, text: 'fîr' }, { line: 4, text: 'F├╢rsystem' }])).toMatch(/^2 namn ser felkodade ut \(rad 4 "F├╢rsystem", rad 9 "fîr"\)/);
  });
});
