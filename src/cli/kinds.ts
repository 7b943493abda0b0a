/**
 * The option vocabularies `prognos --help` prints. Written out here, not imported from the
 * parsers, so that the help and option parsing load no parser; `kinds.test.ts` keeps the lists
 * equal to the parsers' own.
 */
export const TABULAR_KIND_NAMES = ['org', 'accounts', 'activities', 'amounts'] as const;
export const CONTENT_KIND_NAMES = [
  'goals',
  'goal-status',
  'assignments',
  'assignment-status',
  'measures',
  'indicators',
  'indicator-values',
  'observations',
  'narrative',
  'rollforward',
  'grid',
] as const;
export const IMPORT_KINDS = [...TABULAR_KIND_NAMES, 'sie', 'kolada', ...CONTENT_KIND_NAMES, 'unit-map'] as const;
