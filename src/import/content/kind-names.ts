/**
 * The content kinds, in the order `prognos --help` lists them. A module of its own, importing
 * nothing, so the command line's help and option parsing can name them without loading a parser.
 */
export const CONTENT_KINDS = [
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

export type ContentKind = (typeof CONTENT_KINDS)[number];
