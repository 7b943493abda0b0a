/**
 * `npm run bench:publish [-- RUNS]` (default 5): what a download of a report costs before and
 * after publishing. `prognos serve`'s server (startServer) on a loopback port, an embedded store
 * seeded as `--demo` seeds it (or PostgreSQL with DATABASE_URL), the demo round P1 2024 (KS,
 * 14 units under ÖKA) filled in and approved. Measured in one run, each figure the median of RUNS
 * requests timed from sending to the last byte:
 *   preview   — GET /api/rounds/:id/report.<format> of the open round (built and rendered now);
 *   publish   — POST …/publish (answers once the model is frozen) and the background renderings
 *               until every format is stored;
 *   published — GET /published/:id/report.<format> (the stored bytes).
 * Writes bench/out/publish.json; copy the figures into BENCHMARKS.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closePdfRenderer } from '../src/report/pdf/index.ts';
import { startServer } from '../src/server/node.ts';
import { openStore } from '../src/store/index.ts';
import { storedFormats } from '../src/store/published-render.ts';
import { DEMO_PASSWORD, seedDemo } from '../src/web/index.ts';
import { HttpSession } from './http-session.ts';

const FORMATS = ['pdf', 'docx', 'xlsx', 'html', 'json'] as const;
const runs = Number(process.argv[2] ?? 5);
const here = dirname(fileURLToPath(import.meta.url));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dataDir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'prognos-bench-publish-'));
const schema = process.env.DATABASE_URL ? `bench_publish_${process.pid}` : undefined;
const store = await openStore(dataDir ? { dataDir } : { databaseUrl: process.env.DATABASE_URL!, schema: schema! });
await seedDemo(store);
const server = await startServer({ store, port: 0, host: '127.0.0.1', log: () => undefined });
const s = new HttpSession(server.url, 300_000);
await s.login('controller', DEMO_PASSWORD);

const created = await s.post('/api/rounds', { board: 'KS', year: 2024, period: 3, name: 'P1', level: 'RN3', within: 'ÖKA', thresholdTkr: 1_000_000 });
const id = created.body.round.id as number;
for (const u of created.body.round.units as Array<{ code: string }>) {
  for (const step of ['submit', 'approve']) {
    const r = await s.post(`/api/rounds/${id}/units/${encodeURIComponent(u.code)}/${step}`);
    if (r.status !== 200) throw new Error(`${step} ${u.code}: ${r.status} ${r.text}`);
  }
}

async function timed(path: string): Promise<{ ms: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const r = await s.get(path).catch((err: unknown) => {
      // A keep-alive connection the server closed while idle: once more on a new one.
      console.error(`${path}: ${String(err)}; once more`);
      return s.get(path);
    });
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text}`);
    times.push(r.ms);
    bytes = Buffer.isBuffer(r.body) ? r.body.length : Buffer.byteLength(r.text);
  }
  return { ms: median(times), bytes };
}

const load = [loadavg()[0]!];
const preview: Record<string, { ms: number; bytes: number }> = {};
// One warm-up of each format first (Chromium's start, the JIT), not counted.
for (const f of FORMATS) await s.get(`/api/rounds/${id}/report.${f}`);
for (const f of FORMATS) preview[f] = await timed(`/api/rounds/${id}/report.${f}`);

const p = await s.post(`/api/rounds/${id}/publish`, { allowMissing: true, acknowledgeWarnings: true });
if (p.status !== 200) throw new Error(`publish: ${p.status} ${p.text}`);
const t0 = performance.now();
while ((await storedFormats(store.db, 'demo', id)).length < FORMATS.length) await new Promise((r) => setTimeout(r, 50));
const renderedMs = performance.now() - t0 + p.ms;

const published: Record<string, { ms: number; bytes: number }> = {};
for (const f of FORMATS) published[f] = await timed(`/published/${id}/report.${f}`);
load.push(loadavg()[0]!);

const results = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  backend: process.env.DATABASE_URL ? 'postgres' : 'embedded',
  runs,
  loadAverage1m: load,
  publish: { answerMs: p.ms, allStoredMs: renderedMs },
  formats: Object.fromEntries(FORMATS.map((f) => [f, { previewMs: preview[f]!.ms, publishedMs: published[f]!.ms, ratio: preview[f]!.ms / published[f]!.ms, bytes: published[f]!.bytes }])),
};
mkdirSync(join(here, 'out'), { recursive: true });
writeFileSync(join(here, 'out', `publish-${results.backend}.json`), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
console.log('| format | size | preview (renders) ms | published (stored) ms | ratio |');
for (const f of FORMATS) {
  const x = results.formats[f]!;
  console.log(`| ${f} | ${(x.bytes / 1024).toFixed(0)} KiB | ${x.previewMs.toFixed(0)} | ${x.publishedMs.toFixed(1)} | ${x.ratio.toFixed(0)}× |`);
}

await server.close();
await closePdfRenderer();
if (schema) await store.db.exec(`DROP SCHEMA ${schema} CASCADE`);
await store.close();
if (dataDir) rmSync(dataDir, { recursive: true, force: true });
