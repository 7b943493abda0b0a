/**
 * Shared by the fault tests: a seeded world served by a real `prognos serve` child process,
 * forecast writers that keep saving cells (and note which saves were acknowledged and which got
 * no answer), a loopback TCP proxy in front of PostgreSQL that can drop or refuse connections,
 * and bounded waiting.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { AckedSave, UnansweredSave } from '../../bench/forecast-check.ts';
import { HttpSession } from '../../bench/http-session.ts';
import { createScratchDatabase, LOAD_PASSWORD, LOAD_ROUND, loadUsers, seedTarget, type LoadUser, type ScratchDatabase } from '../../bench/load-world.ts';
import { startServe, type ServeProcess } from '../../bench/serve-process.ts';

export { readBack } from '../../bench/forecast-check.ts';
export { LOAD_ORG, LOAD_PASSWORD, LOAD_ROUND, ROUND_UNITS } from '../../bench/load-world.ts';
export { startServe, type ServeProcess } from '../../bench/serve-process.ts';
export { HttpSession } from '../../bench/http-session.ts';

export const pgliteTemplate = (): Blob => new Blob([readFileSync(inject('pgliteTemplate' as never) as string)]);

/** Polls `probe` every 20 ms until it returns a value (not undefined), at most `ms`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface Target {
  dataDir: string;
  databaseUrl?: string;
  scratch?: ScratchDatabase;
  users: LoadUser[];
  cleanup(): Promise<void>;
}

/** A seeded store: the embedded one in a fresh data directory, or a scratch database on DATABASE_URL. */
export async function seededTarget(backend: 'embedded' | 'postgres', users = loadUsers(24)): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'prognos-faults-'));
  const scratch = backend === 'postgres' ? await createScratchDatabase(process.env.DATABASE_URL!, 'faults') : undefined;
  const target = { dataDir, ...(scratch ? { databaseUrl: scratch.url } : {}) };
  await seedTarget(target, users, backend === 'embedded' ? pgliteTemplate() : undefined);
  return {
    ...target,
    ...(scratch ? { scratch } : {}),
    users,
    async cleanup() {
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function login(url: string, username: string): Promise<HttpSession> {
  const s = new HttpSession(url, 30_000);
  await s.login(username, LOAD_PASSWORD);
  return s;
}

/** Opens the demo round as controller1; returns its id. */
export async function openRound(url: string): Promise<number> {
  const c = await login(url, 'controller1');
  const r = await c.post('/api/rounds', LOAD_ROUND);
  if (r.status !== 201) throw new Error(`opening the round: ${r.status} ${r.text}`);
  return r.body.round.id as number;
}

let amountSeq = 0;
/** A unique, non-zero amount (round sign) per save attempt, so every save is recognisable in the store. */
export const nextAmount = (): number => -(7_000_000_000 + ++amountSeq);

export interface SaveLog {
  acked: AckedSave[];
  unanswered: UnansweredSave[];
  /** PUTs sent and not yet answered. */
  inFlight: number;
  /** Answers other than 200 and 409, by status. */
  other: Record<string, number>;
}

export const newSaveLog = (): SaveLog => ({ acked: [], unanswered: [], inFlight: 0, other: {} });

/** Saves one cell of `unit` with the version read from the grid; on 409 reads again (at most 3 tries). */
export async function saveOnce(s: HttpSession, round: number, unit: string, log: SaveLog): Promise<'ok' | 'gone'> {
  const path = `/api/rounds/${round}/units/${encodeURIComponent(unit)}/forecast`;
  let grid;
  try {
    grid = await s.get(path);
  } catch {
    return 'gone';
  }
  if (grid.status !== 200) return 'gone';
  const rows = (grid.body.rows as Array<{ group: string; version: number }>).filter((r) => r.group !== 'I');
  let row = rows[Math.floor(Math.random() * rows.length)]!;
  for (let attempt = 0; attempt < 3; attempt++) {
    const amountOre = nextAmount();
    const save = { unit, group: row.group, activity: '', amountOre };
    log.inFlight++;
    let r;
    try {
      // Synthetic figures: the entry guards' questions are answered (durability is tested here, not the guards).
      r = await s.put(path, { group: row.group, amountOre, confirm: ['sign', 'plausibility'], version: row.version });
    } catch {
      log.unanswered.push(save);
      return 'gone';
    } finally {
      log.inFlight--;
    }
    if (r.status === 200) {
      log.acked.push({ ...save, version: r.body.cell.version as number });
      return 'ok';
    }
    if (r.status !== 409) {
      log.other[r.status] = (log.other[r.status] ?? 0) + 1;
      if (r.status >= 500) log.unanswered.push(save);
      return r.status >= 500 ? 'gone' : 'ok';
    }
    const again = await s.get(path).catch(() => undefined);
    if (again?.status !== 200) return 'gone';
    row = (again.body.rows as Array<{ group: string; version: number }>).find((x) => x.group === row.group)!;
  }
  return 'ok';
}

/** Writers that save cells back to back until `stop()` or until the server is gone. */
export function startWriters(sessions: Array<{ s: HttpSession; units: string[] }>, round: number, log: SaveLog): { stop(): Promise<void> } {
  let stopped = false;
  const loops = sessions.map(async ({ s, units }) => {
    while (!stopped) {
      const unit = units[Math.floor(Math.random() * units.length)]!;
      if ((await saveOnce(s, round, unit, log)) === 'gone') return;
    }
  });
  return {
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

export interface TcpProxy {
  port: number;
  /** Destroys every open connection at once (the network drops). */
  dropAll(): void;
  /** While true, new connections are closed at once (the database cannot be reached). */
  refuse: boolean;
  /** While true, new connections are accepted and never answered (packets dropped in a partition). */
  blackhole: boolean;
  connections(): number;
  close(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 to a loopback target. */
export async function tcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  if (targetHost !== '127.0.0.1' && targetHost !== 'localhost') throw new Error(`loopback targets only, not ${targetHost}`);
  const open = new Set<net.Socket>();
  const proxy: TcpProxy = {
    port: 0,
    refuse: false,
    blackhole: false,
    dropAll: () => {
      for (const s of open) s.destroy();
      open.clear();
    },
    connections: () => open.size,
    close: () =>
      new Promise<void>((done) => {
        proxy.dropAll();
        server.close(() => done());
      }),
  };
  const server = net.createServer((client) => {
    if (proxy.refuse) {
      client.destroy();
      return;
    }
    if (proxy.blackhole) {
      open.add(client);
      client.on('error', () => undefined).on('close', () => open.delete(client));
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    open.add(client);
    open.add(upstream);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  proxy.port = (server.address() as net.AddressInfo).port;
  return proxy;
}

/** The database URL with host and port replaced by the proxy's. */
export function viaProxy(databaseUrl: string, proxy: TcpProxy): string {
  const u = new URL(databaseUrl);
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  return u.toString();
}

export { loadUsers, type LoadUser };
