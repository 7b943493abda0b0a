/** Which template a round uses: the stored board template version it was opened with, else the built-in one. */
import { PrognosError } from '../core/errors/index.ts';
import { standardTemplate, type ReportTemplate } from '../report/index.ts';
import type { SqlClient } from '../store/adapters/types.ts';
import type { RoundRecord } from '../store/rounds.ts';
import { getTemplate, latestTemplate, type TemplateVersionInfo } from '../store/templates.ts';

export interface RoundTemplate {
  template: ReportTemplate;
  /** The stored version, or null for the built-in template. */
  stored: TemplateVersionInfo | null;
}

type RoundShape = Pick<RoundRecord, 'orgId' | 'board' | 'period' | 'level' | 'template'> & { reportOptions: Pick<RoundRecord['reportOptions'], 'groupLevel'> };

export const builtInTemplate = (r: Pick<RoundShape, 'board' | 'period' | 'level' | 'reportOptions'>): ReportTemplate =>
  standardTemplate(r.board, r.period === 12, r.level, r.reportOptions.groupLevel);

/** The exact template (and version) of the round. */
export async function roundTemplate(db: SqlClient, round: RoundShape): Promise<RoundTemplate> {
  if (!round.template) return { template: builtInTemplate(round), stored: null };
  const { body, ...stored } = await getTemplate(db, round.orgId, round.board, round.template.id, round.template.version);
  return { template: body, stored };
}

/**
 * The template a new round opens with: the one asked for (`standard`: the built-in one; an id
 * without a version: its newest), else the board's newest stored template, else the built-in one
 * (a year-end round: the built-in Årsberättelse).
 */
export async function chooseTemplate(
  db: SqlClient,
  orgId: string,
  board: string,
  asked: 'standard' | { id: string; version?: number } | undefined,
  kind: RoundRecord['kind'] = 'forecast',
): Promise<RoundRecord['template']> {
  // A year-end round opens with the built-in Årsberättelse unless a stored template is asked for.
  if (asked === 'standard' || (asked === undefined && kind === 'year-end')) return null;
  if (asked === undefined) {
    const latest = await latestTemplate(db, orgId, board);
    return latest ? { id: latest.templateId, version: latest.version } : null;
  }
  try {
    const t = await getTemplate(db, orgId, board, asked.id, asked.version);
    return { id: t.templateId, version: t.version };
  } catch (e) {
    if (e instanceof PrognosError && e.code === 'NOT_FOUND') throw new PrognosError('BAD_INPUT', e.reason, { field: 'template' });
    throw e;
  }
}
