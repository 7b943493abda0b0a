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

// --- host names -----------------------------------------------------------------------------

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** A host name as compared: lower case, no port, no trailing dot. */
export const normaliseHostName = (s: string): string => s.trim().toLowerCase().replace(/\.$/, '');

/** The organisation whose host names include this one (undefined when none, or when several claim it). */
export async function organisationOfHost(db: SqlClient, host: string): Promise<string | undefined> {
  const rows = await db.query<{ id: string }>('SELECT id FROM organisation WHERE $1 = ANY(host_names)', [normaliseHostName(host)]);
  return rows.length === 1 ? rows[0]!.id : undefined;
}

export async function hostNames(db: SqlClient, orgId: string): Promise<string[]> {
  const [r] = await db.query<{ host_names: string[] }>('SELECT host_names FROM organisation WHERE id = $1', [orgId]);
  return r?.host_names ?? [];
}

/**
 * Sets the host names that choose the organisation at log-in (e.g. prognos.orebro.se). A host
 * name another organisation has is refused (call it in a transaction).
 */
export async function setHostNames(db: SqlClient, orgId: string, names: readonly string[]): Promise<string[]> {
  const list = [...new Set(names.map(normaliseHostName).filter((n) => n !== ''))].sort();
  const bad = list.find((n) => !HOST_NAME.test(n));
  if (bad !== undefined) throw new PrognosError('BAD_INPUT', `${bad} är inget giltigt värdnamn (t.ex. prognos.kommun.se)`, { field: 'hostNames' });
  await db.query('INSERT INTO organisation (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING', [orgId]);
  const taken = await db.query<{ h: string }>('SELECT h FROM organisation, unnest(host_names) AS h WHERE id <> $1 AND h = ANY($2::text[])', [orgId, list]);
  if (taken[0]) throw new PrognosError('CONFLICT', `värdnamnet ${taken[0].h} hör redan till en annan organisation`, { field: 'hostNames' });
  await db.query('UPDATE organisation SET host_names = $2::text[] WHERE id = $1', [orgId, list]);
  return list;
}
