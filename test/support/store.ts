/**
 * Test stores on the real databases: the embedded one always, PostgreSQL too when
 * DATABASE_URL is set (CI sets it). Never a mock. With PROGNOS_PG_PARTITIONED=1 (CI's second
 * run) only PostgreSQL, on tables hash-partitioned by org_id (test/support/partition.ts).
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import { partitionByOrg, partitionedMode } from './partition.ts';

export type Backend = 'embedded' | 'postgres';

export function testBackends(): Backend[] {
  if (partitionedMode()) {
    if (!process.env.DATABASE_URL) throw new Error('PROGNOS_PG_PARTITIONED=1 needs DATABASE_URL');
    return ['postgres'];
  }
  return process.env.DATABASE_URL ? ['embedded', 'postgres'] : ['embedded'];
}

let template: Blob | undefined;

/** A fresh, empty, migrated store of the given kind. */
export async function openTestStore(backend: Backend): Promise<Store> {
  if (backend === 'postgres') {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const store = await openStore({ databaseUrl: process.env.DATABASE_URL!, schema });
    if (partitionedMode()) await partitionByOrg(store.db);
    return store;
  }
  template ??= new Blob([readFileSync(inject('pgliteTemplate' as never) as string)]);
  return openStore({ loadDataDir: template });
}
