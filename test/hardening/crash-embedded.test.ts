// Crash safety of the embedded store (PGlite in a data directory): the process killed with
// SIGKILL in the middle of an import's transaction, and the disk running full during one.
// Each time the store must hold the whole file or none of it, and earlier data must survive.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrognosError } from '../../src/core/errors/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { importSie } from '../../src/store/ingest.ts';
import { dirBytes, makeFixtures, pgliteTemplate, startCli, storeFingerprint, waitFor, type SieFixture } from './crash-support.ts';

const MB = 1024 * 1024;
const work = mkdtempSync(path.join(tmpdir(), 'prognos-crash-embedded-'));
let small: SieFixture;
let big: SieFixture;

beforeAll(async () => {
  ({ small, big } = await makeFixtures(work));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** A data directory holding the small file, committed and closed. */
async function dataDirWithSmallFile(dataDir: string): Promise<void> {
  const store = await openStore({ dataDir, loadDataDir: pgliteTemplate() });
  try {
    await importSie(store, 'f', small.file);
    expect(await storeFingerprint(store, 'f')).toEqual(small.fingerprint);
  } finally {
    await store.close();
  }
}

describe('embedded store crash safety', () => {
  it('holds the whole file or none of it after the import process is SIGKILLed inside its transaction, and imports it whole afterwards', async () => {
    const dataDir = path.join(work, 'kill');
    await dataDirWithSmallFile(dataDir);
    const wal = path.join(dataDir, 'pg_wal');
    const before = dirBytes(wal);

    const env = { ...process.env };
    delete env.DATABASE_URL; // the embedded store in --data, whatever the test run uses
    const cli = startCli(['--data', dataDir, '--org', 'f', 'import', 'sie', big.file], env);
    let exited = false;
    void cli.exited.then(() => (exited = true));
    try {
      // Inside the transaction: the small file is committed and nothing else writes, so WAL growing
      // by more than 8 MB can only be the big import's DELETE + COPY, which commit together at the end.
      await waitFor(
        'the import to write its transaction (WAL growth)',
        () => {
          if (exited) throw new Error(`the import ended before it could be killed: ${cli.stderr()} ${cli.stdout()}`);
          return dirBytes(wal) - before > 8 * MB ? true : undefined;
        },
        60_000,
      );
    } finally {
      cli.kill();
    }
    expect((await cli.exited).signal).toBe('SIGKILL');
    expect(cli.stdout()).toBe(''); // it had not finished

    const store = await openStore({ dataDir });
    try {
      const after = await storeFingerprint(store, 'f');
      // All or nothing: the small file's rows untouched, or exactly the big file's rows …
      expect([small.fingerprint, big.fingerprint]).toContainEqual(after);
      // … and here nothing: the kill came within ~25 ms of 8 MB of the COPY's ~25 MB of WAL, long before COMMIT.
      expect(after).toEqual(small.fingerprint);
      const s = await importSie(store, 'f', big.file);
      expect(s.records).toBe(big.fingerprint.rows);
      expect(await storeFingerprint(store, 'f')).toEqual(big.fingerprint);
      expect(await store.countAmounts('f')).toBe(big.fingerprint.rows);
    } finally {
      await store.close();
    }
  });

  const mountPoint = path.join(work, 'tmpfs');
  const mountProblem = ((): string | null => {
    if (process.platform !== 'linux') return 'a tmpfs mount needs Linux';
    try {
      mkdirSync(mountPoint, { recursive: true });
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint], { stdio: 'pipe' });
      execFileSync('umount', [mountPoint], { stdio: 'pipe' });
      return null;
    } catch (e) {
      return `cannot mount a tmpfs (needs root or CAP_SYS_ADMIN): ${(e as Error).message.split('\n')[0]}`;
    }
  })();
  if (mountProblem) console.warn(`full-disk test skipped: ${mountProblem}`);

  it.skipIf(mountProblem !== null)(
    'reports a full disk during an import as a STORE error in Swedish, answers nothing wrong afterwards, and keeps the earlier data once space is freed',
    async () => {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256m', 'tmpfs', mountPoint]);
      let store: Store | undefined;
      try {
        const dataDir = path.join(mountPoint, 'data');
        await dataDirWithSmallFile(dataDir);
        // Shrink the disk to what is used plus 8 MB: less than one 16 MB WAL segment, which the big import needs.
        const fs0 = statfsSync(mountPoint);
        const usedMb = Math.ceil(((fs0.blocks - fs0.bfree) * fs0.bsize) / MB);
        execFileSync('mount', ['-o', `remount,size=${usedMb + 8}m`, mountPoint]);
        const fs1 = statfsSync(mountPoint);
        expect(fs1.bavail * fs1.bsize).toBeLessThan(16 * MB);

        store = await openStore({ dataDir });
        const err = await importSie(store, 'f', big.file).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(PrognosError);
        const e = err as PrognosError;
        expect(e.code).toBe('STORE');
        expect(e.reason).toMatch(/disken där databasen ligger är full/);
        expect(e.reason).toMatch(/inget av ändringen sparades/);
        // The same instance must not answer wrongly after the failure: the right count or a STORE error.
        const count = await store.countAmounts('f').then(
          (n) => n,
          (x: unknown) => x,
        );
        if (typeof count === 'number') expect(count).toBe(small.fingerprint.rows);
        else expect((count as PrognosError).code).toBe('STORE');
        await store.close().catch(() => undefined);
        store = undefined;

        // Still full: opening may fail, but then it says why.
        const reopened = await openStore({ dataDir }).then(
          (s) => s,
          (x: unknown) => x as PrognosError,
        );
        if (reopened instanceof PrognosError) {
          expect(reopened.code).toBe('STORE');
          expect(reopened.reason).toMatch(/MB ledigt/);
        } else {
          expect(await storeFingerprint(reopened, 'f')).toEqual(small.fingerprint);
          await reopened.close();
        }

        // Space freed: the earlier file is intact and nothing of the failed import is there.
        execFileSync('mount', ['-o', 'remount,size=512m', mountPoint]);
        store = await openStore({ dataDir });
        expect(await storeFingerprint(store, 'f')).toEqual(small.fingerprint);
        await importSie(store, 'f', big.file);
        expect(await storeFingerprint(store, 'f')).toEqual(big.fingerprint);
      } finally {
        await store?.close().catch(() => undefined);
        try {
          execFileSync('umount', [mountPoint], { stdio: 'pipe' });
        } catch {
          execFileSync('umount', ['-l', mountPoint], { stdio: 'pipe' });
        }
      }
    },
  );
});
