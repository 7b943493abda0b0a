/**
 * The renderings of a published report, stored at publishing (`published_render`): a download
 * of a published report reads these bytes and never renders again.
 */
import { createHash } from 'node:crypto';
import type { SqlClient } from './adapters/types.ts';

export interface StoredRender {
  format: string;
  body: Uint8Array;
  /** Hex SHA-256 of the body. */
  sha256: string;
  renderedAt: string;
}

const toBytes = (body: string | Uint8Array): Uint8Array => (typeof body === 'string' ? new TextEncoder().encode(body) : body);

/** Stores one rendering of a published round (a second one of the same format is ignored). */
export async function storeRender(tx: SqlClient, orgId: string, roundId: number, format: string, body: string | Uint8Array): Promise<void> {
  const bytes = toBytes(body);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await tx.query(
    'INSERT INTO published_render (round_id, org_id, format, body, sha256) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, round_id, format) DO NOTHING',
    [roundId, orgId, format, bytes, sha256],
  );
}

/** The stored rendering of a published round in one format, if there is one. */
export async function getRender(db: SqlClient, orgId: string, roundId: number, format: string): Promise<StoredRender | undefined> {
  const [r] = await db.query<Record<string, unknown>>(
    'SELECT format, body, sha256, rendered_at FROM published_render WHERE org_id = $1 AND round_id = $2 AND format = $3',
    [orgId, roundId, format],
  );
  if (!r) return undefined;
  const body = r.body as Uint8Array;
  const at = r.rendered_at;
  return { format: String(r.format), body, sha256: String(r.sha256), renderedAt: at instanceof Date ? at.toISOString() : String(at) };
}

/** The formats stored for a published round. */
export async function storedFormats(db: SqlClient, orgId: string, roundId: number): Promise<string[]> {
  const rows = await db.query<{ format: string }>('SELECT format FROM published_render WHERE org_id = $1 AND round_id = $2 ORDER BY format', [orgId, roundId]);
  return rows.map((r) => r.format);
}
