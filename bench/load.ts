/**
 * `npm run bench:load [-- --duration 120 --users 50 --think 1000 --backend embedded|postgres|both]`
 *
 * A measurement, not a test. Starts `prognos serve` as a child process on an ephemeral loopback
 * port, on the embedded store (a fresh data directory) and — with DATABASE_URL — on PostgreSQL
 * (a scratch database on that server, dropped afterwards), seeded with the demo municipality
 * and `--users` users (unit editors spread over the round's units, a few controllers and
 * readers). Then every user runs for `--duration` seconds what people do in a forecast round:
 *
 * - unit editors open their unit's grid and save a cell with the version they read (on 409 they
 *   read the grid again and save once more, as the UI does), now and then the round or a dashboard;
 * - controllers also save cells anywhere, look at dashboards and open the report (JSON, some HTML);
 * - readers open grids, dashboards and reports.
 *
 * Each user waits `--think` ms on average (uniform 0.5–1.5 ×) between actions; `--think 0` is
 * a saturation run. Afterwards the server is stopped and the store read back
 * (`forecast-check.ts`): every acknowledged save exactly once, each cell at its last
 * acknowledged value, one forecast amount row per saved cell, one audit entry per save.
 *
 * Prints latency percentiles and throughput per kind of request and writes bench/out/load-*.json.
 * `--profile DIR` writes the server's CPU profile (node --cpu-prof) there.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../src/store/index.ts';
import { readBack, type AckedSave, type ReadBack, type UnansweredSave } from './forecast-check.ts';
import { HttpSession, type HttpResult } from './http-session.ts';
import { createScratchDatabase, LOAD_ORG, LOAD_PASSWORD, LOAD_ROUND, loadUsers, seedTarget, type LoadUser } from './load-world.ts';
import { repoRoot, startServe, type ServeProcess } from './serve-process.ts';

type Kind = 'read' | 'write' | 'report.json' | 'report.html';
const KINDS: Kind[] = ['read', 'write', 'report.json', 'report.html'];
const OPERATING = new Set(['3', '4', '5', '6A', '6B', '7']);

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '120' },
    users: { type: 'string', default: '50' },
    think: { type: 'string', default: '1000' },
    backend: { type: 'string' },
    warmup: { type: 'string', default: '5' },
    profile: { type: 'string' },
  },
});
const DURATION_S = Number(args.duration);
const USERS = Number(args.users);
const THINK_MS = Number(args.think);
const WARMUP_S = Number(args.warmup);
const backends = (args.backend ?? (process.env.DATABASE_URL ? 'both' : 'embedded')) === 'both' ? (['embedded', 'postgres'] as const) : ([args.backend ?? 'embedded'] as const);
if (![DURATION_S, USERS, THINK_MS, WARMUP_S].every((x) => Number.isFinite(x) && x >= 0) || DURATION_S > 3600 || USERS > 500) {
  throw new Error('--duration (≤ 3600 s), --users (≤ 500), --think and --warmup must be non-negative numbers');
}

interface Recorder {
  recording: boolean;
  ms: Record<Kind, number[]>;
  /** Per route (diagnostics: which reads make the tail). */
  byRoute: Map<string, number[]>;
  statuses: Record<string, number>;
  errors: string[];
  conflicts: number;
  acked: AckedSave[];
  unanswered: UnansweredSave[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const think = (): Promise<void> => (THINK_MS > 0 ? sleep(THINK_MS * (0.5 + Math.random())) : Promise.resolve());
let seq = 0;
/** A unique, non-zero amount per save attempt (round sign: a cost is negative), so each save is recognisable in the store. */
const nextAmount = (): number => -(5_000_000_000 + ++seq);

/** A request path as its route: ids and unit codes replaced. */
const routeOf = (path: string): string => path.replace(/\/rounds\/\d+/, '/rounds/:id').replace(/\/units\/[^/]+/, '/units/:code');

async function timed(rec: Recorder, kind: Kind, call: () => Promise<HttpResult>): Promise<(HttpResult & { route: string }) | undefined> {
  try {
    const r = { ...(await call()), route: '' };
    r.route = routeOf(r.path);
    if (rec.recording) {
      rec.ms[kind].push(r.ms);
      const route = `${kind} ${r.route}`;
      rec.byRoute.set(route, [...(rec.byRoute.get(route) ?? []), r.ms]);
      rec.statuses[r.status] = (rec.statuses[r.status] ?? 0) + 1;
    }
    if (r.status >= 500) rec.errors.push(`${kind} ${r.status}: ${r.text.slice(0, 200)}`);
    return r;
  } catch (err) {
    rec.errors.push(`${kind}: ${(err as Error).message}`);
    if (rec.recording) rec.statuses.network = (rec.statuses.network ?? 0) + 1;
    return undefined;
  }
}

/** Reads a unit's grid, saves one operating cell with the version read; on 409 reads again and retries (at most 3 times). */
async function enterForecast(rec: Recorder, s: HttpSession, round: number, unit: string): Promise<void> {
  const grid = await timed(rec, 'read', () => s.get(`/api/rounds/${round}/units/${encodeURIComponent(unit)}/forecast`));
  if (grid?.status !== 200) return;
  const rows = (grid.body.rows as Array<{ group: string; activity: string | null; version: number }>).filter((r) => OPERATING.has(r.group));
  let row = pick(rows);
  for (let attempt = 0; attempt < 3; attempt++) {
    const amountOre = nextAmount();
    const save = { unit, group: row.group, activity: '', amountOre };
    const r = await timed(rec, 'write', () => s.put(`/api/rounds/${round}/units/${encodeURIComponent(unit)}/forecast`, { group: row.group, amountOre, confirm: ['sign', 'plausibility'], version: row.version }));
    if (!r) {
      rec.unanswered.push(save);
      return;
    }
    if (r.status === 200) {
      rec.acked.push({ ...save, version: r.body.cell.version as number });
      return;
    }
    if (r.status >= 500) rec.unanswered.push(save); // a 5xx says nothing was stored, but be strict: allow either
    if (r.status !== 409) return;
    rec.conflicts++;
    const again = await timed(rec, 'read', () => s.get(`/api/rounds/${round}/units/${encodeURIComponent(unit)}/forecast`));
    if (again?.status !== 200) return;
    row = (again.body.rows as Array<{ group: string; version: number }>).find((x) => x.group === row.group) as typeof row;
  }
}

async function browse(rec: Recorder, s: HttpSession, round: number): Promise<void> {
  const path = pick([`/api/rounds/${round}`, `/api/rounds/${round}/dashboard/variance`, `/api/rounds/${round}/dashboard/progress`, '/api/rounds', '/api/me']);
  await timed(rec, 'read', () => s.get(path));
}

async function report(rec: Recorder, s: HttpSession, round: number, format: 'json' | 'html'): Promise<void> {
  await timed(rec, `report.${format}`, () => s.get(`/api/rounds/${round}/report.${format}`));
}

/** One simulated user until `end` (performance.now()). */
async function simulate(rec: Recorder, u: LoadUser, s: HttpSession, round: number, units: readonly string[], end: number): Promise<void> {
  while (performance.now() < end) {
    const x = Math.random();
    if (u.role === 'unit_editor') {
      if (x < 0.7) await enterForecast(rec, s, round, u.units[0]!);
      else if (x < 0.9) await timed(rec, 'read', () => s.get(`/api/rounds/${round}/units/${encodeURIComponent(u.units[0]!)}/forecast`));
      else await browse(rec, s, round);
    } else if (u.role === 'controller' || u.role === 'admin') {
      if (x < 0.25) await report(rec, s, round, 'json');
      else if (x < 0.35) await report(rec, s, round, 'html');
      else if (x < 0.6) await enterForecast(rec, s, round, pick(units));
      else await browse(rec, s, round);
    } else {
      if (x < 0.35) await report(rec, s, round, 'json');
      else if (x < 0.5) await report(rec, s, round, 'html');
      else if (x < 0.75) await timed(rec, 'read', () => s.get(`/api/rounds/${round}/units/${encodeURIComponent(pick(units))}/forecast`));
      else await browse(rec, s, round);
    }
    await think();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** CPU seconds (user + system) of a process so far (Linux /proc). */
function cpuSeconds(pid: number): number | null {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (100 Hz)
  } catch {
    return null;
  }
}

interface Stats {
  count: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

function stats(values: readonly number[], seconds: number): Stats {
  const xs = [...values].sort((a, b) => a - b);
  const r1 = (x: number): number => Math.round(x * 10) / 10;
  return {
    count: xs.length,
    perSecond: r1(xs.length / seconds),
    p50: r1(percentile(xs, 50)),
    p95: r1(percentile(xs, 95)),
    p99: r1(percentile(xs, 99)),
    max: r1(xs[xs.length - 1] ?? NaN),
    mean: r1(xs.reduce((a, b) => a + b, 0) / (xs.length || 1)),
  };
}

interface BackendResult {
  backend: string;
  durationSeconds: number;
  users: number;
  thinkMs: number;
  requests: number;
  throughputPerSecond: number;
  kinds: Record<Kind, Stats>;
  routes: Record<string, Stats>;
  statuses: Record<string, number>;
  conflicts: number;
  errors: string[];
  serverCpuSeconds: number | null;
  /** The load generator's own CPU and event-loop delay: a busy client inflates the latencies it measures. */
  clientCpuSeconds: number;
  clientLoopDelayP99Ms: number;
  /** 1-minute load average of the machine at the start and the end (other work on the same cores). */
  loadAverage: [number, number];
  readBack: ReadBack;
}

async function runBackend(backend: 'embedded' | 'postgres'): Promise<BackendResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'prognos-load-'));
  const scratch = backend === 'postgres' ? await createScratchDatabase(process.env.DATABASE_URL!, 'load') : undefined;
  const target = { dataDir, ...(scratch ? { databaseUrl: scratch.url } : {}) };
  const users = loadUsers(USERS);
  let server: ServeProcess | undefined;
  try {
    console.error(`[${backend}] seeding the demo municipality and ${users.length} users …`);
    await seedTarget(target, users);
    server = await startServe({ ...target, ...(args.profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] } : {}) });
    console.error(`[${backend}] ${server.url}; logging in …`);
    const sessions = new Map<string, HttpSession>();
    for (const u of users) {
      const s = new HttpSession(server.url);
      await s.login(u.username, LOAD_PASSWORD);
      sessions.set(u.username, s);
    }
    const controller = sessions.get('controller1')!;
    const opened = await controller.post('/api/rounds', LOAD_ROUND);
    if (opened.status !== 201) throw new Error(`opening the round failed: ${opened.status} ${opened.text}`);
    const round = opened.body.round.id as number;
    const units = (opened.body.round.units as Array<{ code: string }>).map((x) => x.code);

    const rec: Recorder = { recording: false, ms: { read: [], write: [], 'report.json': [], 'report.html': [] }, byRoute: new Map(), statuses: {}, errors: [], conflicts: 0, acked: [], unanswered: [] };
    if (WARMUP_S > 0) {
      console.error(`[${backend}] warm-up ${WARMUP_S} s …`);
      const end = performance.now() + WARMUP_S * 1000;
      await Promise.all(users.map((u) => simulate(rec, u, sessions.get(u.username)!, round, units, end)));
    }
    console.error(`[${backend}] ${users.length} users for ${DURATION_S} s (think ${THINK_MS} ms) …`);
    rec.recording = true;
    const load0 = loadavg()[0]!;
    const cpu0 = cpuSeconds(server.pid);
    const client0 = process.cpuUsage();
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const t0 = performance.now();
    const end = t0 + DURATION_S * 1000;
    await Promise.all(users.map((u) => simulate(rec, u, sessions.get(u.username)!, round, units, end)));
    const elapsed = (performance.now() - t0) / 1000;
    loop.disable();
    const client = process.cpuUsage(client0);
    const cpu1 = cpuSeconds(server.pid);
    const load1 = loadavg()[0]!;
    rec.recording = false;

    await server.stop();
    console.error(`[${backend}] stopped; reading back ${rec.acked.length} acknowledged saves …`);
    const store = await openStore(scratch ? { databaseUrl: scratch.url } : { dataDir });
    let check: ReadBack;
    try {
      check = await readBack(store.db, { orgId: LOAD_ORG, roundId: round, roundName: LOAD_ROUND.name, year: LOAD_ROUND.year, sign: 'net' }, rec.acked, rec.unanswered);
    } finally {
      await store.close();
    }
    const kinds = {} as BackendResult['kinds'];
    let requests = 0;
    for (const k of KINDS) {
      kinds[k] = stats(rec.ms[k], elapsed);
      requests += kinds[k].count;
    }
    const routes = Object.fromEntries([...rec.byRoute].sort().map(([route, xs]) => [route, stats(xs, elapsed)]));
    return {
      backend,
      durationSeconds: Math.round(elapsed * 10) / 10,
      users: users.length,
      thinkMs: THINK_MS,
      requests,
      throughputPerSecond: Math.round((requests / elapsed) * 10) / 10,
      kinds,
      routes,
      statuses: rec.statuses,
      conflicts: rec.conflicts,
      errors: [...new Set(rec.errors)].slice(0, 20),
      serverCpuSeconds: cpu0 !== null && cpu1 !== null ? Math.round((cpu1 - cpu0) * 10) / 10 : null,
      clientCpuSeconds: Math.round((client.user + client.system) / 1e5) / 10,
      clientLoopDelayP99Ms: Math.round(loop.percentile(99) / 1e5) / 10,
      loadAverage: [Math.round(load0 * 100) / 100, Math.round(load1 * 100) / 100],
      readBack: check,
    };
  } finally {
    await server?.stop();
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results: BackendResult[] = [];
for (const b of backends) {
  if (b === 'postgres' && !process.env.DATABASE_URL) throw new Error('--backend postgres needs DATABASE_URL');
  const r = await runBackend(b as 'embedded' | 'postgres');
  results.push(r);
  console.log(JSON.stringify(r));
}

const out = join(repoRoot, 'bench', 'out');
mkdirSync(out, { recursive: true });
const file = join(out, `load-${THINK_MS === 0 ? 'saturation' : 'think'}-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`);
writeFileSync(
  file,
  `${JSON.stringify({ date: new Date().toISOString(), machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`, results }, null, 2)}\n`,
);

console.log('\n| backend | kind | requests | per s | p50 ms | p95 ms | p99 ms | max ms |\n| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  for (const k of KINDS) {
    const x = r.kinds[k];
    console.log(`| ${r.backend} | ${k} | ${x.count} | ${x.perSecond} | ${x.p50} | ${x.p95} | ${x.p99} | ${x.max} |`);
  }
}
for (const r of results) {
  const fivexx = Object.entries(r.statuses).filter(([s]) => s.startsWith('5') || s === 'network').reduce((a, [, n]) => a + n, 0);
  console.log(
    `${r.backend}: ${r.requests} requests in ${r.durationSeconds} s (${r.throughputPerSecond}/s), statuses ${JSON.stringify(r.statuses)}, 5xx/network ${fivexx}, ` +
      `409 ${r.conflicts}, server CPU ${r.serverCpuSeconds} s, client CPU ${r.clientCpuSeconds} s (loop delay p99 ${r.clientLoopDelayP99Ms} ms), load average ${r.loadAverage.join(' → ')}; read-back: ${r.readBack.acked} acknowledged saves, ${r.readBack.cells} cells, ` +
      `${r.readBack.forecastAmountRows} forecast rows, ${r.readBack.auditEntries} audit entries, ${r.readBack.problems.length} problems` +
      (r.readBack.problems.length ? `\n  ${r.readBack.problems.slice(0, 10).join('\n  ')}` : ''),
  );
}
console.log(`results in ${file}`);
if (results.some((r) => r.readBack.problems.length > 0 || r.errors.length > 0)) process.exitCode = 1;
