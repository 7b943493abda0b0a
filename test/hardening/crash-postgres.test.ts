// Crash safety on a PostgreSQL server (DATABASE_URL): the importing process SIGKILLed during its
// COPY, and the server dropping the connection (pg_terminate_backend) during the COPY.
// Each time the store must hold the whole file or none of it, and earlier data must survive.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrognosError } from '../../src/core/errors/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { importSie } from '../../src/store/ingest.ts';
import { makeFixtures, startCli, storeFingerprint, waitFor, type SieFixture } from './crash-support.ts';

const url = process.env.DATABASE_URL;
if (!url) console.warn('PostgreSQL crash-safety tests skipped: DATABASE_URL is not set');

/** DATABASE_URL with a schema (search_path) and an application_name to find the session by. */
function urlWith(base: string, app: string, schema?: string): string {
  const u = new URL(base);
  u.searchParams.set('application_name', app);
  if (schema) u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

describe.skipIf(!url)('PostgreSQL crash safety', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'prognos-crash-pg-'));
  const tag = randomBytes(4).toString('hex');
  const schemas: string[] = [];
  let small: SieFixture;
  let big: SieFixture;
  let admin: pg.Client;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    ({ small, big } = await makeFixtures(work));
  });

  afterAll(async () => {
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`).catch(() => undefined);
    await admin?.end();
    rmSync(work, { recursive: true, force: true });
  });

  /** The backend pid of `app` while it runs the COPY of amounts. */
  const copyingBackend = async (app: string): Promise<number | undefined> => {
    const r = await admin.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND state = 'active' AND query LIKE 'COPY amount%'",
      [app],
    );
    return r.rows[0]?.pid;
  };

  /** A store in a fresh schema holding the small file, committed. */
  async function storeWithSmallFile(app: string): Promise<{ store: Store; schema: string }> {
    const schema = `hardening_${tag}_${schemas.length}`;
    schemas.push(schema);
    const store = await openStore({ databaseUrl: urlWith(url!, app), schema });
    await importSie(store, 'f', small.file);
    expect(await storeFingerprint(store, 'f')).toEqual(small.fingerprint);
    return { store, schema };
  }

  it('holds the whole file or none of it after the importing process is SIGKILLed during its COPY, and imports it whole afterwards', async () => {
    const { store, schema } = await storeWithSmallFile(`prognos_setup_${tag}`);
    try {
      const app = `prognos_kill_${tag}`;
      const cli = startCli(['--data', path.join(work, 'unused'), '--org', 'f', 'import', 'sie', big.file], {
        ...process.env,
        DATABASE_URL: urlWith(url!, app, schema),
      });
      let exited = false;
      void cli.exited.then(() => (exited = true));
      try {
        // Inside the transaction: the server shows the session running the COPY (after the DELETE of the small file's rows).
        await waitFor(
          'the import to start its COPY',
          async () => {
            if (exited) throw new Error(`the import ended before it could be killed: ${cli.stderr()} ${cli.stdout()}`);
            return copyingBackend(app);
          },
          60_000,
        );
      } finally {
        cli.kill();
      }
      expect((await cli.exited).signal).toBe('SIGKILL');
      expect(cli.stdout()).toBe('');
      // The server notices the closed socket and aborts the transaction: the session goes away.
      await waitFor(
        'the killed session to end on the server',
        async () => ((await admin.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [app])).rowCount === 0 ? true : undefined),
        15_000,
      );
      const after = await storeFingerprint(store, 'f');
      expect([small.fingerprint, big.fingerprint]).toContainEqual(after);
      expect(after).toEqual(small.fingerprint); // killed during the COPY: before COMMIT
      const s = await importSie(store, 'f', big.file);
      expect(s.records).toBe(big.fingerprint.rows);
      expect(await storeFingerprint(store, 'f')).toEqual(big.fingerprint);
    } finally {
      await store.close();
    }
  });

  it('reports a connection dropped during the COPY as a STORE error in Swedish, loses nothing committed before, and imports afterwards', async () => {
    const app = `prognos_drop_${tag}`;
    const { store } = await storeWithSmallFile(app);
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown): void => void uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const outcome = importSie(store, 'f', big.file).then(
        () => null,
        (e: unknown) => e,
      );
      const pid = await waitFor('the import to start its COPY', () => copyingBackend(app), 60_000);
      const t = await admin.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [pid]);
      expect(t.rows[0]!.ok).toBe(true);
      const err = await Promise.race([outcome, new Promise((r) => setTimeout(() => r('hang'), 30_000))]);
      expect(err).not.toBe('hang');
      expect(err).toBeInstanceOf(PrognosError);
      const e = err as PrognosError;
      expect(e.code).toBe('STORE');
      expect(e.reason).toMatch(/^förbindelsen med databasservern bröts/);
      expect(e.reason).toMatch(/inget av ändringen sparades/);
      await new Promise((r) => setTimeout(r, 200)); // let a late socket error surface, if any
      expect(uncaught).toEqual([]);
      // The earlier import is intact (the big import's DELETE was rolled back with it) …
      expect(await storeFingerprint(store, 'f')).toEqual(small.fingerprint);
      // … and the same store works again on a new connection.
      await importSie(store, 'f', big.file);
      expect(await storeFingerprint(store, 'f')).toEqual(big.fingerprint);
    } finally {
      process.off('uncaughtException', onUncaught);
      await store.close();
    }
  });
});
