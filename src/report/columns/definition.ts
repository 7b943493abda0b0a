/**
 * A table list (`prognos report --definition FILE`) may carry column sets too: they are checked
 * as a template's tables are, and the problem names the list's own path (`[2].columns[1].key`).
 */
import { PrognosError } from '../../core/errors/index.ts';
import { templateProblems } from '../template-schema.ts';

const COLUMN_SET_KEYS = ['columns', 'rows', 'filter'];

export function checkDefinitionColumnSets(tables: ReadonlyArray<Record<string, unknown>>, file: string): void {
  tables.forEach((t, i) => {
    if (!COLUMN_SET_KEYS.some((k) => k in t)) return;
    const problems = templateProblems({ id: 'definition', chapters: [{ id: 'c', number: null, title: 't', level: 1, blocks: [{ table: t }] }] });
    const first = problems[0];
    if (!first) return;
    const local = (s: string): string => s.replace(/^chapters\[0\]\.blocks\[0\]\.table\.?/, `[${i}]${s.startsWith('chapters[0].blocks[0].table.') ? '.' : ''}`);
    throw new PrognosError('BAD_INPUT', `tabelldefinitionen är ogiltig: ${local(first.message)}`, { file, field: local(first.field) });
  });
}
