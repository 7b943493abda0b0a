/**
 * A round's document metadata and appendix documents (migration 0017). The metadata overrides
 * the template's `document` field by field; an appendix is a PDF kept as bytes, checked to be a
 * PDF and at most `MAX_APPENDIX_BYTES`. Every change is written to the audit log in the same
 * transaction.
 */
import { PrognosError } from '../core/errors/index.ts';
import type { DocumentSpec } from '../report/template-document.ts';
import type { Database, SqlClient } from './adapters/types.ts';
import { writeAudit, type AuditActor } from './audit.ts';

/** At most 1,9 MB: the API takes bodies up to 2 MiB (app.ts). */
export const MAX_APPENDIX_BYTES = 1_900_000;

const FIELDS = { title: 300, decidedBy: 200, decidedOn: 10, paragraph: 40, diaryNumber: 60 } as const;
const LABELS: Record<keyof DocumentSpec, string> = { title: 'titel', decidedBy: 'beslutande organ', decidedOn: 'beslutsdatum', paragraph: 'paragraf (§)', diaryNumber: 'diarienummer' };

export const realDate = (s: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
};

/** The metadata checked: texts trimmed (empty = not set), lengths, a real date. */
export function checkDocument(d: DocumentSpec): DocumentSpec {
  const out: DocumentSpec = {};
  for (const k of Object.keys(FIELDS) as Array<keyof DocumentSpec>) {
    const v = d[k]?.trim();
    if (!v) continue;
    if (v.length > FIELDS[k]) throw new PrognosError('BAD_INPUT', `${LABELS[k]} får vara högst ${FIELDS[k]} tecken`, { field: k });
    if (k === 'decidedOn' && !realDate(v)) throw new PrognosError('BAD_INPUT', 'beslutsdatum ska vara ett datum som 2024-06-03', { field: k });
    out[k] = v;
  }
  return out;
}

const dateText = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export async function getRoundDocument(db: SqlClient, orgId: string, roundId: number): Promise<DocumentSpec> {
  const [r] = await db.query<Record<string, unknown>>(
    'SELECT title, decided_by, decided_on::text AS decided_on, paragraph, diary_number FROM round_document WHERE org_id = $1 AND round_id = $2',
    [orgId, roundId],
  );
  if (!r) return {};
  const d: DocumentSpec = {};
  if (r.title) d.title = String(r.title);
  if (r.decided_by) d.decidedBy = String(r.decided_by);
  const on = dateText(r.decided_on);
  if (on) d.decidedOn = on;
  if (r.paragraph) d.paragraph = String(r.paragraph);
  if (r.diary_number) d.diaryNumber = String(r.diary_number);
  return d;
}

/** Replaces the round's metadata (a field left out is cleared); returns it as stored. */
export async function saveRoundDocument(db: Database, orgId: string, roundId: number, doc: DocumentSpec, actor: AuditActor): Promise<DocumentSpec> {
  const d = checkDocument(doc);
  return db.transaction(async (tx) => {
    const old = await getRoundDocument(tx, orgId, roundId);
    await tx.query(
      `INSERT INTO round_document (org_id, round_id, title, decided_by, decided_on, paragraph, diary_number, updated_by)
       VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8)
       ON CONFLICT (org_id, round_id) DO UPDATE SET title = $3, decided_by = $4, decided_on = $5::date, paragraph = $6, diary_number = $7, updated_by = $8, updated_at = clock_timestamp()`,
      [orgId, roundId, d.title ?? null, d.decidedBy ?? null, d.decidedOn ?? null, d.paragraph ?? null, d.diaryNumber ?? null, actor.username],
    );
    await writeAudit(tx, { orgId, actor, action: 'round.document', entity: 'round_document', entityKey: String(roundId), roundId, old, new: d });
    return d;
  });
}

/** Where an appendix is downloaded. */
export const appendixHref = (roundId: number, id: number): string => `/api/rounds/${roundId}/appendices/${id}`;

export interface AppendixInfo {
  id: number;
  title: string;
  fileName: string;
  bytes: number;
  createdBy: string;
}

/** A PDF starts with `%PDF-` (within its first KiB) and ends with `%%EOF` (within its last KiB). */
export function isPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  return head.includes('%PDF-') && tail.includes('%%EOF');
}

export async function addAppendix(
  db: Database,
  a: { orgId: string; roundId: number; title: string; fileName: string; content: Uint8Array; actor: AuditActor },
): Promise<AppendixInfo> {
  const title = a.title.trim() || a.fileName.replace(/\.pdf$/i, '');
  const field = { file: a.fileName, field: 'file' };
  if (a.content.length === 0) throw new PrognosError('BAD_INPUT', `bilagan ${a.fileName} är tom`, field);
  if (a.content.length > MAX_APPENDIX_BYTES) throw new PrognosError('BAD_INPUT', `bilagan ${a.fileName} är större än 1,9 MB`, field);
  if (!isPdf(a.content)) throw new PrognosError('BAD_INPUT', `bilagan ${a.fileName} är ingen PDF-fil: bara PDF kan bifogas`, field);
  if (title.length > 300) throw new PrognosError('BAD_INPUT', 'bilagans titel får vara högst 300 tecken', { field: 'title' });
  return db.transaction(async (tx) => {
    const [{ next }] = (await tx.query<{ next: number }>('SELECT COALESCE(MAX(id), 0) + 1 AS next FROM round_appendix WHERE org_id = $1 AND round_id = $2', [a.orgId, a.roundId])) as [{ next: number }];
    const id = Number(next);
    await tx.query(
      'INSERT INTO round_appendix (org_id, round_id, id, title, file_name, content, bytes, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [a.orgId, a.roundId, id, title, a.fileName, a.content, a.content.length, a.actor.username],
    );
    const info = { id, title, fileName: a.fileName, bytes: a.content.length, createdBy: a.actor.username };
    await writeAudit(tx, { orgId: a.orgId, actor: a.actor, action: 'round.appendix.add', entity: 'round_appendix', entityKey: `${a.roundId}/${id}`, roundId: a.roundId, new: { title, fileName: a.fileName, bytes: info.bytes } });
    return info;
  });
}

export async function listAppendices(db: SqlClient, orgId: string, roundId: number): Promise<AppendixInfo[]> {
  const rows = await db.query<Record<string, unknown>>('SELECT id, title, file_name, bytes, created_by FROM round_appendix WHERE org_id = $1 AND round_id = $2 ORDER BY id', [orgId, roundId]);
  return rows.map((r) => ({ id: Number(r.id), title: String(r.title), fileName: String(r.file_name), bytes: Number(r.bytes), createdBy: String(r.created_by) }));
}

export async function getAppendix(db: SqlClient, orgId: string, roundId: number, id: number): Promise<AppendixInfo & { content: Uint8Array }> {
  const [r] = await db.query<Record<string, unknown>>('SELECT id, title, file_name, bytes, created_by, content FROM round_appendix WHERE org_id = $1 AND round_id = $2 AND id = $3', [orgId, roundId, id]);
  if (!r) throw new PrognosError('NOT_FOUND', `bilaga ${id} finns inte i omgången`, { field: 'appendix' });
  return { id: Number(r.id), title: String(r.title), fileName: String(r.file_name), bytes: Number(r.bytes), createdBy: String(r.created_by), content: r.content as Uint8Array };
}

/** The bytes of the round's appendices, for appending them to its PDF (undefined for one that is gone). */
export const appendixContent =
  (db: SqlClient, orgId: string, roundId: number) =>
  async (a: { id: number }): Promise<Uint8Array | undefined> => {
    const [r] = await db.query<{ content: Uint8Array }>('SELECT content FROM round_appendix WHERE org_id = $1 AND round_id = $2 AND id = $3', [orgId, roundId, a.id]);
    return r?.content;
  };

export async function deleteAppendix(db: Database, orgId: string, roundId: number, id: number, actor: AuditActor): Promise<void> {
  await db.transaction(async (tx) => {
    const gone = await tx.query<{ title: string }>('DELETE FROM round_appendix WHERE org_id = $1 AND round_id = $2 AND id = $3 RETURNING title', [orgId, roundId, id]);
    if (!gone.length) throw new PrognosError('NOT_FOUND', `bilaga ${id} finns inte i omgången`, { field: 'appendix' });
    await writeAudit(tx, { orgId, actor, action: 'round.appendix.delete', entity: 'round_appendix', entityKey: `${roundId}/${id}`, roundId, old: { title: gone[0]!.title } });
  });
}
