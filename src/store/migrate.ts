/** Versioned migrations: plain SQL files applied in name order, each in its own transaction. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceDir } from '../core/paths/index.ts';
import type { Database } from './adapters/types.ts';

const MIGRATIONS_DIR = join(sourceDir(import.meta.url), 'migrations');

export function migrationFiles(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_.*\.sql$/.test(f))
    .sort();
}

/**
 * Applies the migrations not yet applied; returns the versions applied now. A version is the
 * file name without `.sql`, so two branches may each add a `0006_…` file; a database migrated
 * when versions were the four digits alone still counts a file as applied by its digits, as long
 * as no other file shares them.
 */
export async function migrate(db: Database): Promise<string[]> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migration (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  const done = new Set((await db.query<{ version: string }>('SELECT version FROM schema_migration')).map((r) => r.version));
  const applied: string[] = [];
  const files = migrationFiles();
  for (const file of files) {
    const version = file.slice(0, -'.sql'.length);
    const digits = file.slice(0, 4);
    const uniqueDigits = files.filter((f) => f.startsWith(digits)).length === 1;
    if (done.has(version) || (uniqueDigits && done.has(digits))) continue;
    const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    await db.transaction(async (tx) => {
      await tx.exec(sql);
      await tx.query('INSERT INTO schema_migration (version) VALUES ($1)', [version]);
    });
    applied.push(version);
  }
  return applied;
}
