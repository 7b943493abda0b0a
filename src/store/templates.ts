/**
 * Board templates as data (migration 0013): every upload of a board's template is a new
 * version, kept for ever and written to the audit log in the same transaction. The body is the
 * JSON as uploaded (validated against the template contract first), so a download gives the
 * same JSON back.
 */
import { rowOptionUnits } from '../core/compute/index.ts';
import { PrognosError } from '../core/errors/index.ts';
import { parseTemplate } from '../report/template-schema.ts';
import type { ReportTemplate } from '../report/template.ts';
import type { Database, SqlClient } from './adapters/types.ts';
import { writeAudit, type AuditActor } from './audit.ts';
import { iso } from './users.ts';

export interface TemplateVersionInfo {
  orgId: string;
  board: string;
  /** The template's own `id` (e.g. `delarsrapport`). */
  templateId: string;
  version: number;
  name: string;
  createdBy: string;
  createdAt: string;
}

export interface TemplateVersion extends TemplateVersionInfo {
  body: ReportTemplate;
}

const INFO_COLUMNS = 'org_id, board, template_id, version, name, created_by, created_at';

function toInfo(r: Record<string, unknown>): TemplateVersionInfo {
  return {
    orgId: String(r.org_id),
    board: String(r.board),
    templateId: String(r.template_id),
    version: Number(r.version),
    name: String(r.name),
    createdBy: String(r.created_by),
    createdAt: iso(r.created_at),
  };
}

function toVersion(r: Record<string, unknown>): TemplateVersion {
  return { ...toInfo(r), body: (typeof r.body === 'string' ? JSON.parse(r.body) : r.body) as ReportTemplate };
}

export interface SaveTemplate {
  orgId: string;
  board: string;
  /** The JSON as read (validated here). */
  body: unknown;
  actor: AuditActor;
  /** Where the JSON came from, named in a validation error (a file name). */
  source?: string;
}

/** The tables' units must exist in the organisation (the report would fail on them). */
async function checkScopes(db: SqlClient, orgId: string, t: ReportTemplate, source: string): Promise<void> {
  const codes = new Set((await db.query<{ code: string }>('SELECT code FROM unit WHERE org_id = $1', [orgId])).map((r) => r.code));
  t.chapters.forEach((c, i) =>
    c.blocks.forEach((b, j) => {
      if ('table' in b && typeof b.table === 'object' && !codes.has(b.table.scope)) {
        const field = `chapters[${i}].blocks[${j}].table.scope`;
        throw new PrognosError('BAD_INPUT', `mallen är ogiltig: ${field}: enheten "${b.table.scope}" finns inte i organisationen`, { file: source, field });
      }
      // The units a column set's rows name (memo rows, totals excluding units, units outside the total).
      const unknown = 'table' in b && typeof b.table === 'object' ? rowOptionUnits(b.table.rows).find((x) => !codes.has(x.unit)) : undefined;
      if (unknown) {
        const field = `chapters[${i}].blocks[${j}].table.${unknown.field}`;
        throw new PrognosError('BAD_INPUT', `mallen är ogiltig: ${field}: enheten "${unknown.unit}" finns inte i organisationen`, { file: source, field });
      }
    }),
  );
}

/** Stores the template as the next version of its id for the board; returns the version stored. */
export async function saveTemplate(db: Database, s: SaveTemplate): Promise<TemplateVersion> {
  const source = s.source ?? 'mallen';
  const template = parseTemplate(s.body, source);
  const [board] = await db.query('SELECT code FROM unit WHERE org_id = $1 AND code = $2', [s.orgId, s.board]);
  if (!board) throw new PrognosError('NOT_FOUND', `nämnden ${s.board} finns inte`, { field: 'board' });
  await checkScopes(db, s.orgId, template, source);
  const name = template.name ?? template.id;
  try {
    return await db.transaction(async (tx) => {
      const [{ next }] = (await tx.query<{ next: number }>(
        'SELECT COALESCE(MAX(version), 0) + 1 AS next FROM report_template WHERE org_id = $1 AND board = $2 AND template_id = $3',
        [s.orgId, s.board, template.id],
      )) as [{ next: number }];
      const [row] = await tx.query<Record<string, unknown>>(
        `INSERT INTO report_template (org_id, board, template_id, version, name, body, created_by) VALUES ($1, $2, $3, $4, $5, $6::json, $7)
         RETURNING ${INFO_COLUMNS}, body`,
        [s.orgId, s.board, template.id, Number(next), name, JSON.stringify(s.body), s.actor.username],
      );
      const stored = toVersion(row!);
      await writeAudit(tx, {
        orgId: s.orgId,
        actor: s.actor,
        action: 'template.set',
        entity: 'report_template',
        entityKey: `${s.board}/${stored.templateId}/${stored.version}`,
        new: { board: s.board, templateId: stored.templateId, version: stored.version, name, chapters: template.chapters.length },
      });
      return stored;
    });
  } catch (e) {
    // Two uploads of the same template at once: the second one's version is taken.
    if (e instanceof Error && /duplicate key|unique constraint|report_template_pkey/i.test(e.message)) {
      throw new PrognosError('CONFLICT', `mallen ${template.id} för ${s.board} sparades samtidigt av någon annan; försök igen`, { field: 'version' });
    }
    throw e;
  }
}

/** Every stored version (without the body), per board and template, newest version first. */
export async function listTemplates(db: SqlClient, orgId: string, board?: string): Promise<TemplateVersionInfo[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${INFO_COLUMNS} FROM report_template WHERE org_id = $1${board ? ' AND board = $2' : ''} ORDER BY board, template_id, version DESC`,
    board ? [orgId, board] : [orgId],
  );
  return rows.map(toInfo);
}

/** One version (the newest when `version` is omitted); NOT_FOUND when there is none. */
export async function getTemplate(db: SqlClient, orgId: string, board: string, templateId: string, version?: number): Promise<TemplateVersion> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${INFO_COLUMNS}, body FROM report_template WHERE org_id = $1 AND board = $2 AND template_id = $3${version !== undefined ? ' AND version = $4' : ''}
     ORDER BY version DESC LIMIT 1`,
    version !== undefined ? [orgId, board, templateId, version] : [orgId, board, templateId],
  );
  if (!rows[0]) throw new PrognosError('NOT_FOUND', `mallen ${templateId}${version !== undefined ? ` version ${version}` : ''} finns inte för ${board}`, { field: 'template' });
  return toVersion(rows[0]);
}

/** The board's most recently stored template version, or null (then the built-in one is used). */
export async function latestTemplate(db: SqlClient, orgId: string, board: string): Promise<TemplateVersionInfo | null> {
  const [r] = await db.query<Record<string, unknown>>(`SELECT ${INFO_COLUMNS} FROM report_template WHERE org_id = $1 AND board = $2 ORDER BY created_at DESC, version DESC LIMIT 1`, [orgId, board]);
  return r ? toInfo(r) : null;
}
