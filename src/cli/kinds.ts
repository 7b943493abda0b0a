/**
 * The option vocabularies `prognos --help` prints, without loading a parser: the tabular kinds
 * are written out here (`kinds.test.ts` keeps them equal to the parser's), the content kinds come
 * from their own import-free module.
 */
import { CONTENT_KINDS as CONTENT_KIND_NAMES } from '../import/content/kind-names.ts';

export { CONTENT_KIND_NAMES };
export const TABULAR_KIND_NAMES = ['org', 'accounts', 'activities', 'amounts'] as const;
export const IMPORT_KINDS = [...TABULAR_KIND_NAMES, 'sie', 'kolada', ...CONTENT_KIND_NAMES, 'unit-map'] as const;
