import { describe, expect, it } from 'vitest';
import { inlineRuns } from './inline.ts';

describe('inline Markdown subset', () => {
  it('splits **bold** and *italic* into runs', () => {
    expect(inlineRuns('Avvikelsen är **-3,4 mnkr** enligt *prognos 1*.')).toEqual([
      { text: 'Avvikelsen är ' },
      { text: '-3,4 mnkr', bold: true },
      { text: ' enligt ' },
      { text: 'prognos 1', italic: true },
      { text: '.' },
    ]);
  });

  it('leaves unmatched markers and markup as plain text for the renderer to escape', () => {
    expect(inlineRuns('2 * 3 = 6 och <script>')).toEqual([{ text: '2 * 3 = 6 och <script>' }]);
    expect(inlineRuns('**<b>x</b>**')).toEqual([{ text: '<b>x</b>', bold: true }]);
  });
});
