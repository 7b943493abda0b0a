/**
 * Organisation settings the reports print: the municipality's display name and logo (a base64
 * data URI of a PNG, JPEG or SVG image, at most 1 MB). Set by `prognos org set`.
 */
import { PrognosError } from '../core/errors/index.ts';
import type { SqlClient } from './adapters/types.ts';

export interface OrganisationSettings {
  /** Display name, e.g. "Örebro kommun"; null when none is set. */
  name: string | null;
  /** Logo as a data URI; null when none is set. */
  logo: string | null;
}

export const MAX_LOGO_BYTES = 1024 * 1024;
const LOGO_URI = /^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/;

export async function organisationSettings(db: SqlClient, orgId: string): Promise<OrganisationSettings> {
  const rows = await db.query<{ display_name: string | null; logo: string | null }>('SELECT display_name, logo FROM organisation WHERE id = $1', [orgId]);
  return { name: rows[0]?.display_name ?? null, logo: rows[0]?.logo ?? null };
}

/** Sets the given settings (undefined: unchanged, null: removed), creating the organisation when new. */
export async function setOrganisationSettings(db: SqlClient, orgId: string, s: { name?: string | null; logo?: string | null }): Promise<OrganisationSettings> {
  const name = s.name === undefined || s.name === null ? s.name : s.name.trim();
  if (name === '') throw new PrognosError('BAD_INPUT', 'kommunens namn får inte vara tomt', { field: 'name' });
  if (typeof s.logo === 'string') {
    if (!LOGO_URI.test(s.logo)) throw new PrognosError('BAD_INPUT', 'logotypen ska vara en PNG-, JPEG- eller SVG-bild', { field: 'logo' });
    if (Buffer.byteLength(s.logo) > MAX_LOGO_BYTES * 1.4) throw new PrognosError('BAD_INPUT', 'logotypen är större än 1 MB', { field: 'logo' });
  }
  await db.query('INSERT INTO organisation (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING', [orgId]);
  // `name` (the organisation's name elsewhere, e.g. the web UI's and the server's reports) follows the display name
  if (name !== undefined) await db.query('UPDATE organisation SET display_name = $2, name = coalesce($2, id) WHERE id = $1', [orgId, name]);
  if (s.logo !== undefined) await db.query('UPDATE organisation SET logo = $2 WHERE id = $1', [orgId, s.logo]);
  return organisationSettings(db, orgId);
}

/** A logo file as a data URI, by its content (PNG or JPEG signature, or an <svg> element). */
export function logoDataUri(data: Buffer, file: string): string {
  const type =
    data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
      ? 'image/png'
      : data[0] === 0xff && data[1] === 0xd8
        ? 'image/jpeg'
        : /<svg[\s>]/i.test(data.subarray(0, 4096).toString('utf8'))
          ? 'image/svg+xml'
          : null;
  if (!type) throw new PrognosError('BAD_INPUT', 'logotypen ska vara en PNG-, JPEG- eller SVG-fil', { file });
  if (data.length > MAX_LOGO_BYTES) throw new PrognosError('BAD_INPUT', 'logotypen är större än 1 MB', { file });
  return `data:${type};base64,${data.toString('base64')}`;
}
