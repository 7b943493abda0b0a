// Builds one migrated embedded-database template per test run; each test store starts from it
// (loading a dump takes ~0.9 s, a fresh initdb ~4 s). Compiles dist/ from the current sources
// first, so the tests that run bin/prognos.js run this code (the launcher would rebuild a stale
// dist/ too, but once here rather than in parallel test processes).
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/index.ts';
import { build } from '../scripts/build.js';

export default async function setup({ provide }: { provide: (key: string, value: string) => void }): Promise<void> {
  await build();
  const store = await openStore({});
  const dump = await (store.db as unknown as { pglite: { dumpDataDir(c?: string): Promise<Blob> } }).pglite.dumpDataDir('none');
  const file = join(mkdtempSync(join(tmpdir(), 'prognos-template-')), 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await store.close();
  provide('pgliteTemplate', file);
}
