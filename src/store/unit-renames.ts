/**
 * Unit codes renamed or merged between years (`unit_map`, imported by `ingest-unit-map.ts`):
 * where a report of year Y reads an earlier year's amounts (closing, previous year's actual and
 * budget), an amount booked on an old code counts under the code it has in Y. Renames chain: a
 * 2020 amount on KG read in 2023 follows KG → KGI (2022) and then any rename of KGI in 2023.
 */
import type { SqlClient } from './adapters/types.ts';

export interface UnitMapping {
  /** The first year the new code is used. */
  year: number;
  oldCode: string;
  newCode: string;
}

/** A rename as it applies to the amounts of one earlier year. */
export interface SourceRename {
  /** The year whose amounts are renamed. */
  sourceYear: number;
  oldCode: string;
  newCode: string;
}

export async function listUnitMappings(db: SqlClient, orgId: string, upToYear?: number): Promise<UnitMapping[]> {
  const rows = await db.query<{ year: number; old_code: string; new_code: string }>(
    `SELECT year, old_code, new_code FROM unit_map WHERE org_id = $1${upToYear === undefined ? '' : ' AND year <= $2'} ORDER BY year, new_code, old_code`,
    upToYear === undefined ? [orgId] : [orgId, upToYear],
  );
  return rows.map((r) => ({ year: Number(r.year), oldCode: r.old_code, newCode: r.new_code }));
}

/** Old code → the code it has in `toYear`, for amounts of `fromYear`, through every rename of the years between in order. */
export function renamesBetween(maps: readonly UnitMapping[], fromYear: number, toYear: number): Map<string, string> {
  const out = new Map<string, string>();
  for (let y = fromYear + 1; y <= toYear; y++) {
    const step = new Map(maps.filter((m) => m.year === y).map((m) => [m.oldCode, m.newCode]));
    if (step.size === 0) continue;
    for (const [c, m] of out) {
      const next = step.get(m);
      if (next !== undefined) out.set(c, next);
    }
    for (const [o, n] of step) if (!out.has(o)) out.set(o, n);
  }
  return out;
}

/** The renames of the amounts of each of `sourceYears` (earlier than `toYear`) as a report of `toYear` reads them. */
export async function sourceRenames(db: SqlClient, orgId: string, toYear: number, sourceYears: readonly number[]): Promise<SourceRename[]> {
  const maps = await listUnitMappings(db, orgId, toYear);
  if (maps.length === 0) return [];
  return sourceYears.flatMap((y) => [...renamesBetween(maps, y, toYear)].map(([oldCode, newCode]) => ({ sourceYear: y, oldCode, newCode })));
}

/**
 * The SQL pieces that read `amount_summary a` with the renames applied: `join` (append after
 * the FROM), `unit` (the unit expression to select, join and group on) and the parameters the
 * join adds, numbered from `next`. Without renames: `a.unit` and no join, so the plain query runs.
 */
export function renamedUnitSql(renames: readonly SourceRename[], next: number): { join: string; unit: string; params: unknown[] } {
  if (renames.length === 0) return { join: '', unit: 'a.unit', params: [] };
  return {
    join: ` LEFT JOIN unnest($${next}::int[], $${next + 1}::text[], $${next + 2}::text[]) AS um(year, old_code, new_code) ON um.year = a.year AND um.old_code = a.unit`,
    unit: 'COALESCE(um.new_code, a.unit)',
    params: [renames.map((r) => r.sourceYear), renames.map((r) => r.oldCode), renames.map((r) => r.newCode)],
  };
}

/**
 * The reader's note on a table of a report of `year` with previous-year figures: "KA A heter från
 * 2022 KAA; föregående års belopp är omräknade." for the renames of `year` into `units`; a merge
 * names every old code ("KA A och KA B heter från 2022 KAA"). Null when none applies.
 */
export function renameNote(maps: readonly UnitMapping[], year: number, units: ReadonlySet<string>): string | null {
  const byNew = new Map<string, string[]>();
  for (const m of maps) if (m.year === year && units.has(m.newCode)) byNew.set(m.newCode, [...(byNew.get(m.newCode) ?? []), m.oldCode]);
  if (byNew.size === 0) return null;
  const list = (xs: string[]): string => (xs.length === 1 ? xs[0]! : `${xs.slice(0, -1).join(', ')} och ${xs[xs.length - 1]}`);
  const parts = [...byNew].map(([n, olds]) => `${list(olds)} ${olds.length === 1 ? 'heter' : 'är sammanslagna och heter'} från ${year} ${n}`);
  return `${parts.join('; ')}; föregående års belopp är omräknade.`;
}
