/**
 * Importing the unit code mapping across years (`prognos import unit-map FILE`). Like every
 * import: the whole file is validated, stored in one transaction (rolled back in a dry run), and
 * a row is upserted by its key (year, old code), so importing a file twice never doubles it and
 * importing a part never deletes the rest.
 */
import { basename } from 'node:path';
import { badInput } from '../core/errors/index.ts';
import { readUnitMapFile } from '../import/unit-map/index.ts';
import type { Store } from './index.ts';
import { changeFields, importTransaction, sha256File, type ImportOptions, type ImportSummary } from './ingest.ts';
import { keyedChanges } from './ingest-summary.ts';

export async function importUnitMap(store: Store, orgId: string, path: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  const parsed = await readUnitMapFile(path);
  const sha256 = await sha256File(path);
  const changes = await importTransaction(store, opts, async (tx) => {
    await store.ensureOrganisation(orgId, orgId, tx);
    const units = new Set((await tx.query<{ code: string }>('SELECT code FROM unit WHERE org_id = $1', [orgId])).map((r) => r.code));
    for (const r of parsed.records) {
      if (!units.has(r.newCode)) {
        throw badInput(`den nya koden "${r.newCode}" är ingen enhet i organisationen — importera organisationen (org) först`, { file: path, line: r.line, field: 'new_code' });
      }
    }
    const key = (year: unknown, old: unknown): string => JSON.stringify([Number(year), String(old)]);
    const stored = await tx.query<{ year: number; old_code: string }>('SELECT year, old_code FROM unit_map WHERE org_id = $1', [orgId]);
    const changes = keyedChanges(stored.map((s) => key(s.year, s.old_code)), parsed.records.map((r) => key(r.year, r.oldCode)), false);
    for (const r of parsed.records) {
      await tx.query(
        `INSERT INTO unit_map (org_id, year, old_code, new_code) VALUES ($1, $2, $3, $4)
         ON CONFLICT (org_id, year, old_code) DO UPDATE SET new_code = EXCLUDED.new_code`,
        [orgId, r.year, r.oldCode, r.newCode],
      );
    }
    await store.recordBatch(tx, orgId, { kind: 'unit-map', fileName: basename(path), sha256, summary: { records: parsed.records.length } });
    return changes;
  });
  return {
    kind: 'unit-map',
    file: path,
    organisation: orgId,
    records: parsed.records.length,
    ...changeFields(changes, opts),
    counts: { 'unit-map': parsed.records.length },
    warnings: parsed.warnings,
  };
}
