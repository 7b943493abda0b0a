import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { disjointBalances, nestedBalances, SIE_HEADER, truth, yearResults, type Posting } from '../../../test/support/sie-balances.ts';
import { parseLines } from '../../../test/support/sie.ts';
import type { SieLedgerRow } from './index.ts';

const options = { unitDim: 1, activityDim: 20, projectDim: 6 };

const posting = fc.record({
  month: fc.integer({ min: 1, max: 3 }),
  account: fc.constantFrom('3010', '5010', '6110'),
  unit: fc.constantFrom('', 'A', 'B'),
  activity: fc.constantFrom('', '1300', '1400'),
  project: fc.constantFrom('', 'P1'),
  other: fc.constantFrom('', 'e1', 'e2'),
  ore: fc.integer({ min: 1, max: 5_000_000 }).chain((n) => fc.constantFrom(n, -n)),
}) as fc.Arbitrary<Posting>;

/** Sums per (month, account, unit, activity, project) of parsed rows. */
function sums(rows: readonly SieLedgerRow[], scenario: 'actual' | 'budget'): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) {
    if (r.scenario !== scenario) continue;
    const k = [r.period, r.account, r.unit, r.activity, r.project].join('|');
    m.set(k, (m.get(k) ?? 0) + r.amountOre);
  }
  for (const [k, v] of m) if (v === 0) m.delete(k);
  return m;
}

describe('period balances with several dimensions', () => {
  it('gives per (unit, activity, project, month) the sums of the postings, from nested records with or without other dimensions', () => {
    fc.assert(
      fc.property(fc.array(posting, { minLength: 1, maxLength: 25 }), fc.boolean(), (postings, withOther) => {
        const r = parseLines([...SIE_HEADER, ...nestedBalances('PSALDO', postings, withOther), ...nestedBalances('PBUDGET', postings, withOther)], options);
        expect(sums(r.rows, 'actual')).toEqual(truth(postings));
        expect(sums(r.rows, 'budget')).toEqual(truth(postings));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same sums from disjoint records, told apart by the year results the file also holds', () => {
    fc.assert(
      fc.property(fc.array(posting, { minLength: 1, maxLength: 25 }), (postings) => {
        const r = parseLines([...SIE_HEADER, ...disjointBalances('PSALDO', postings), ...yearResults(postings)], options);
        expect(sums(r.rows, 'actual')).toEqual(truth(postings));
      }),
      { numRuns: 300 },
    );
  });

  it('never counts the account total and the object records both', () => {
    const p: Posting[] = [
      { month: 1, account: '5010', unit: 'A', activity: '1300', project: '', other: '', ore: 6000 },
      { month: 1, account: '5010', unit: 'A', activity: '', project: '', other: '', ore: 1000 },
      { month: 1, account: '5010', unit: '', activity: '', project: '', other: '', ore: 3000 },
    ];
    const lines = nestedBalances('PSALDO', p);
    expect(lines).toContain('#PSALDO 0 202401 5010 {} 100.00');
    const r = parseLines([...SIE_HEADER, ...lines], options);
    expect(r.rows.reduce((s, x) => s + x.amountOre, 0)).toBe(10000);
    expect(sums(r.rows, 'actual')).toEqual(
      new Map([
        ['1|5010|A|1300|', 6000],
        ['1|5010|A||', 1000],
        ['1|5010|||', 3000],
      ]),
    );
  });

  it('warns, naming the dimension, when the chosen activity dimension is in no amount of the file', () => {
    const r = parseLines([...SIE_HEADER, '#PSALDO 0 202401 5010 {1 "A"} 10.00'], { ...options, activityDim: 21 });
    expect(r.warnings.join('\n')).toContain('dimension 21 (verksamhet, --activity-dim) förekommer inte i filens belopp');
  });
});
