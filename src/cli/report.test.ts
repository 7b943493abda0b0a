import { describe, expect, it } from 'vitest';
import { PrognosError } from '../core/errors/index.ts';
import { decisionOf } from './report.ts';

describe('the decision on the cover from the report options', () => {
  it('takes body, date and paragraph, writing the paragraph with its § sign', () => {
    expect(decisionOf({ decidedBy: 'Kommunstyrelsen', decidedOn: '2024-06-03', paragraph: '87' })).toEqual({ by: 'Kommunstyrelsen', date: '2024-06-03', paragraph: '§ 87' });
    expect(decisionOf({ decidedBy: 'Kommunfullmäktige', paragraph: '§ 12' })).toEqual({ by: 'Kommunfullmäktige', paragraph: '§ 12' });
  });

  it('gives no decision when none is named', () => {
    expect(decisionOf({})).toBeUndefined();
  });

  it('refuses a date that is not a real ISO date, and a paragraph without a decision, in Swedish', () => {
    for (const bad of ['3/6 2024', '2024-02-30', '2024-13-01', '0000-01-01']) {
      expect(() => decisionOf({ decidedBy: 'KS', decidedOn: bad })).toThrow(PrognosError);
    }
    expect(() => decisionOf({ decidedOn: '2024-02-30' })).toThrow(/--decided-on ska vara ett datum som 2024-06-03/);
    expect(() => decisionOf({ paragraph: '87' })).toThrow(/--paragraph behöver --decided-by eller --decided-on/);
  });
});
