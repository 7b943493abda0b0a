/** What every command shares: the global options, the store they open, option parsers. */
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { PrognosError } from '../core/errors/index.ts';
import type { Store } from '../store/index.ts';
import { progress } from './progress.ts';

export interface GlobalOptions {
  data: string;
  org: string;
}

/**
 * How much database work a command does. `short` work runs the embedded database's WebAssembly
 * on V8's baseline compiler only (`--liftoff-only`): the optimizing tier's compiles cost more
 * CPU than a small import, a report or the demo saves (a re-import of a 45 kB SIE file: 2.0 s →
 * 0.9 s CPU), while a 60 MB import is about 30 % slower without it, so large imports and the
 * server keep it (BENCHMARKS.md). The flag is set before the first store compiles the module.
 */
export type Work = 'short' | 'long';

function chooseWasmTier(work: Work): void {
  if (work === 'short' && !process.env.DATABASE_URL) setFlagsFromString('--liftoff-only');
}

/** Opens the store of the global options (loaded only by the commands that need it). */
export async function openGlobalStore(g: GlobalOptions, work: Work): Promise<Store> {
  chooseWasmTier(work);
  const { openStore } = await import('../store/index.ts');
  progress().phase('öppnar databasen');
  try {
    return await openStore({ dataDir: resolve(g.data), ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}) });
  } finally {
    progress().done();
  }
}

export async function withStore<T>(g: GlobalOptions, fn: (store: Store) => Promise<T>, work: Work = 'short'): Promise<T> {
  const store = await openGlobalStore(g, work);
  try {
    return await fn(store);
  } finally {
    await store.close();
    progress().done();
  }
}

export const int = (name: string) => (v: string): number => {
  if (!/^-?\d+$/.test(v)) throw new PrognosError('BAD_INPUT', `${name} måste vara ett heltal, inte "${v}"`, { field: name });
  return Number(v);
};

export const dimOrNone = (name: string) => (v: string): number | null => (v === 'none' ? null : int(name)(v));
