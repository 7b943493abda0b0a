/**
 * Test stores on the real databases: the embedded one always, PostgreSQL too when
 * DATABASE_URL is set (CI sets it). Never a mock.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';

export type Backend = 'embedded' | 'postgres';

export function testBackends(): Backend[] {
  return process.env.DATABASE_URL ? ['embedded', 'postgres'] : ['embedded'];
}

let template: Blob | undefined;

/** A fresh, empty, migrated store of the given kind. */
export async function openTestStore(backend: Backend): Promise<Store> {
  if (backend === 'postgres') {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    return openStore({ databaseUrl: process.env.DATABASE_URL!, schema });
  }
  template ??= new Blob([readFileSync(inject('pgliteTemplate' as never) as string)]);
  return openStore({ loadDataDir: template });
}
