/**
 * The PostgreSQL connection lost while `prognos serve` is serving (DATABASE_URL only): the
 * server's backends terminated with pg_terminate_backend from a second connection, the network
 * between server and database dropped (a loopback TCP proxy cuts every connection), and the
 * database unreachable for a while. Requests caught in it get the one JSON error shape with code
 * STORE and a Swedish message — never a hang, never an internal error, never a crashed server —
 * the server goes on with new connections by itself, and nothing committed is lost.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import {
  LOAD_ORG,
  LOAD_PASSWORD,
  LOAD_ROUND,
  login,
  newSaveLog,
  nextAmount,
  openRound,
  readBack,
  saveOnce,
  seededTarget,
  startServe,
  tcpProxy,
  viaProxy,
  waitFor,
  type HttpSession,
  type ServeProcess,
  type Target,
  type TcpProxy,
} from './support.ts';

const STORE_MESSAGE = 'databasen kunde inte utföra åtgärden; försök igen';

describe.runIf(!!process.env.DATABASE_URL)('a dropped PostgreSQL connection while serving', () => {
  let t: Target;
  let proxy: TcpProxy;
  let server: ServeProcess;
  let editor: HttpSession;
  let round: number;
  let admin: pg.Client;
  const log = newSaveLog();
  const grid = `/api/rounds/ROUND/units/KAA/forecast`;
  const path = (): string => grid.replace('ROUND', String(round));

  beforeAll(async () => {
    t = await seededTarget('postgres');
    const base = new URL(t.databaseUrl!);
    proxy = await tcpProxy(base.hostname, Number(base.port || 5432));
    server = await startServe({ dataDir: t.dataDir, databaseUrl: viaProxy(t.databaseUrl!, proxy) });
    round = await openRound(server.url);
    editor = await login(server.url, 'editor1'); // unit KAA
    for (let i = 0; i < 5; i++) await saveOnce(editor, round, 'KAA', log);
    expect(log.acked).toHaveLength(5);
    admin = new pg.Client({ connectionString: t.databaseUrl });
    await admin.connect();
  }, 120_000);

  afterAll(async () => {
    await admin?.end().catch(() => undefined);
    await server?.stop();
    await proxy?.close();
    await t?.cleanup();
  });

  /** The server's backends: every connection to the scratch database but ours. */
  const serverBackends = async (): Promise<Array<{ pid: number; wait: string | null; state: string | null }>> =>
    (
      await admin.query<{ pid: number; wait: string | null; state: string | null }>(
        'SELECT pid, wait_event_type AS wait, state FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND pid <> ALL($2::int[])',
        [t.scratch!.name, blockers],
      )
    ).rows;
  /** Connections of the test that hold locks: not the server's. */
  let blockers: number[] = [];
  /** Terminates the server's backends (not ours: the admin connection and a blocker). */
  const terminateServerBackends = async (spare: number[] = []): Promise<number> =>
    (await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND pid <> ALL($2::int[])', [t.scratch!.name, spare])).rowCount ?? 0;
  const backendPid = async (c: pg.Client): Promise<number> => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;

  const expectStoreError = (r: { status: number; body: any; headers: Headers }, what: string): void => {
    expect(r.status, what).toBe(500);
    expect(r.headers.get('content-type'), what).toMatch(/^application\/json/);
    expect(r.body, what).toEqual({ error: { code: 'STORE', message: STORE_MESSAGE } });
  };

  it('answers a read and a save in flight with a STORE error in Swedish when their backends are terminated, and serves on with new connections', async () => {
    const row = (await editor.get(path())).body.rows.find((r: { group: string }) => r.group === '5');
    // Hold both requests inside the database: the save waits for the unit's row lock (inside its
    // transaction), the read for a lock on forecast_cell.
    const blocker = new pg.Client({ connectionString: t.databaseUrl });
    await blocker.connect();
    blockers = [await backendPid(blocker)];
    let save: Promise<Awaited<ReturnType<HttpSession['put']>>> | undefined;
    let read: Promise<Awaited<ReturnType<HttpSession['get']>>> | undefined;
    const amountOre = nextAmount();
    try {
      await blocker.query('BEGIN');
      await blocker.query("SELECT 1 FROM round_unit WHERE round_id = $1 AND unit_code = 'KAA' FOR UPDATE", [round]);
      save = editor.put(path(), { group: '5', amountOre, confirm: ['sign', 'plausibility'], version: row.version });
      await waitFor('the save to wait for the row lock', async () => ((await serverBackends()).some((b) => b.wait === 'Lock') ? true : undefined));
      await blocker.query('LOCK TABLE forecast_cell IN ACCESS EXCLUSIVE MODE');
      read = editor.get(path());
      await waitFor('both requests to wait inside the database', async () => ((await serverBackends()).filter((b) => b.wait === 'Lock').length >= 2 ? true : undefined));
      expect(await terminateServerBackends(blockers)).toBeGreaterThanOrEqual(2);
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
      blockers = [];
    }
    expectStoreError(await save!, 'the save in flight');
    expectStoreError(await read!, 'the read in flight');
    // The save that failed is not in the store (checked with everything else at the end).

    // The process is still there and takes requests on new connections.
    const health = await editor.get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ ok: true, database: 'postgres' });
    const g = await editor.get(path());
    expect(g.status).toBe(200);
    expect(await saveOnce(editor, round, 'KAA', log)).toBe('ok');
  });

  it('replaces its pooled connections when they are terminated while idle: at most one STORE error per dead connection, then only successes', async () => {
    for (let i = 0; i < 4; i++) expect((await editor.get(path())).status).toBe(200);
    await waitFor('idle pooled connections', async () => ((await serverBackends()).length > 0 ? true : undefined));
    const idle = (await serverBackends()).length;
    await terminateServerBackends();
    await waitFor('the backends to be gone', async () => ((await serverBackends()).length === 0 ? true : undefined));
    // A request that meets a connection whose termination notice it has not read yet fails like one in flight.
    const answers = [];
    for (let i = 0; i < idle + 4; i++) answers.push(await editor.get(path()));
    for (const r of answers.filter((x) => x.status !== 200)) expectStoreError(r, 'a request on a terminated pooled connection');
    expect(answers.filter((x) => x.status !== 200).length).toBeLessThanOrEqual(idle);
    expect(answers.slice(-4).map((x) => x.status)).toEqual([200, 200, 200, 200]);
    expect(await saveOnce(editor, round, 'KAA', log)).toBe('ok');
  });

  it('answers with a STORE error, not an internal one, when the network drops in the middle of requests', async () => {
    const row = (await editor.get(path())).body.rows.find((r: { group: string }) => r.group === '4');
    const blocker = new pg.Client({ connectionString: t.databaseUrl });
    await blocker.connect();
    blockers = [await backendPid(blocker)];
    let save: Promise<Awaited<ReturnType<HttpSession['put']>>> | undefined;
    let read: Promise<Awaited<ReturnType<HttpSession['get']>>> | undefined;
    try {
      await blocker.query('BEGIN');
      await blocker.query("SELECT 1 FROM round_unit WHERE round_id = $1 AND unit_code = 'KAA' FOR UPDATE", [round]);
      await blocker.query('LOCK TABLE forecast_cell IN ACCESS EXCLUSIVE MODE');
      save = editor.put(path(), { group: '4', amountOre: nextAmount(), confirm: ['sign', 'plausibility'], version: row.version });
      read = editor.get(path());
      await waitFor('both requests to wait inside the database', async () => ((await serverBackends()).filter((b) => b.wait === 'Lock').length >= 2 ? true : undefined));
      proxy.dropAll(); // no FATAL message, no SQLSTATE: the sockets just close
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
      blockers = [];
    }
    expectStoreError(await save!, 'the save in flight');
    expectStoreError(await read!, 'the read in flight');
    expect((await editor.get('/api/health')).status).toBe(200);
    expect(await saveOnce(editor, round, 'KAA', log)).toBe('ok');
  });

  it('answers with a STORE error while the database cannot be reached, and recovers by itself when it can', async () => {
    proxy.refuse = true;
    proxy.dropAll();
    try {
      for (const r of [await editor.get(path()), await editor.get('/api/health'), await editor.put(path(), { group: '3', amountOre: nextAmount(), confirm: ['sign', 'plausibility'], version: 0 })]) {
        expectStoreError(r, 'while unreachable');
      }
    } finally {
      proxy.refuse = false;
    }
    expect((await editor.get('/api/health')).status).toBe(200);
    expect((await editor.get(path())).status).toBe(200);
    expect(await saveOnce(editor, round, 'KAA', log)).toBe('ok');
  });

  it('gives up with a STORE error instead of hanging when the database does not answer at all, and recovers when it does', async () => {
    proxy.blackhole = true;
    proxy.dropAll();
    try {
      const answers = await Promise.all([editor.get(path()), editor.get('/api/health')]);
      for (const r of answers) expectStoreError(r, 'while the database does not answer');
    } finally {
      proxy.blackhole = false;
      proxy.dropAll();
    }
    expect((await editor.get('/api/health')).status).toBe(200);
    expect(await saveOnce(editor, round, 'KAA', log)).toBe('ok');
  }, 60_000);

  it('has lost nothing committed and stored nothing of the failed saves', async () => {
    expect(server.stderr()).not.toMatch(/uncaught|unhandled/i);
    // The errors were logged (with their cause) — and no password with them.
    expect(server.stderr()).toMatch(/fel vid (GET|PUT)/);
    expect(server.stderr()).not.toContain(LOAD_PASSWORD);
    const store = await openStore({ databaseUrl: t.databaseUrl! });
    try {
      // Failed saves are passed as nothing: an audit entry or a cell value of theirs would show as a problem.
      const check = await readBack(store.db, { orgId: LOAD_ORG, roundId: round, roundName: LOAD_ROUND.name, year: LOAD_ROUND.year, sign: 'net' }, log.acked, []);
      expect(check.problems).toEqual([]);
      expect(check.acked).toBe(log.acked.length);
      expect(check.auditEntries).toBe(log.acked.length);
    } finally {
      await store.close();
    }
  });
});
