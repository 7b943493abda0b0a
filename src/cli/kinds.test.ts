import { describe, expect, it } from 'vitest';
import { CONTENT_KINDS } from '../import/content/index.ts';
import { TABULAR_KINDS } from '../import/tabular/index.ts';
import { CONTENT_KIND_NAMES, TABULAR_KIND_NAMES } from './kinds.ts';

describe('the import kinds the command line lists', () => {
  it('are the tabular parser’s kinds', () => {
    expect([...TABULAR_KIND_NAMES]).toEqual([...TABULAR_KINDS]);
  });

  it('are the content parser’s kinds', () => {
    expect([...CONTENT_KIND_NAMES]).toEqual([...CONTENT_KINDS]);
  });
});
