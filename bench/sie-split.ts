/**
 * Experiment: would two cores help the SIE parser? `npx tsx bench/sie-split.ts FILE [--reps K]`.
 * Measures, in one process and in rotation, the parsing phase (chunks through SieParser.push,
 * then the aggregated voucher rows read out — everything but `finish`'s row building) on one
 * thread against two worker threads that each parse half the file (split at a #VER line) and
 * send their aggregated keys back, which the main thread re-keys to one set of strings and
 * merges. Not a product code path: it only measures what splitting could gain (the workers
 * skip what a real split would have to add: encoding detection across halves, #KSUMMA, line
 * numbers, first-error ordering).
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Aggregator } from '../src/import/sie/aggregate.ts';
import { SieParser } from '../src/import/sie/parser.ts';

const CHUNK = 1 << 20;

interface Internals {
  trans: Aggregator;
  strings: { size: number; str(id: number): string };
}

/** Parse bytes [start, end) of the file; returns the parser's voucher aggregate and strings. */
async function parseRange(file: string, start: number, end: number): Promise<{ flat: Float64Array; strings: string[] }> {
  const p = new SieParser({ fileName: path.basename(file), unitDim: 1, activityDim: null, projectDim: 6 });
  if (start > 0) (p as unknown as { inVoucher: boolean; started: boolean }).started = true;
  for await (const c of createReadStream(file, { start, end: end - 1, highWaterMark: CHUNK })) p.push(c as Buffer);
  const x = p as unknown as Internals;
  const strings: string[] = [];
  for (let i = 0; i < x.strings.size; i++) strings.push(x.strings.str(i));
  return { flat: x.trans.raw, strings };
}

/** Offset of the first "#VER" line at or after `from`. */
function splitPoint(file: string, from: number): number {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    const n = readSync(fd, buf, 0, buf.length, from);
    const i = buf.subarray(0, n).indexOf('\n#VER ');
    if (i < 0) throw new Error('no #VER near the middle');
    return from + i + 1;
  } finally {
    closeSync(fd);
  }
}

if (!isMainThread) {
  const { file } = workerData as { file: string };
  parentPort!.on('message', async ({ start, end }: { start: number; end: number }) => {
    const r = await parseRange(file, start, end);
    parentPort!.postMessage(r, [r.flat.buffer as ArrayBuffer]);
  });
  parentPort!.postMessage('ready');
} else {
  const args = process.argv.slice(2);
  const file = args[0]!;
  const repsAt = args.indexOf('--reps');
  const reps = repsAt >= 0 ? Number(args[repsAt + 1]) : 5;
  const size = statSync(file).size;
  const mb = size / 1e6;
  const mid = splitPoint(file, Math.floor(size / 2));
  const self = fileURLToPath(import.meta.url);

  const one = async (): Promise<number> => (await parseRange(file, 0, size)).flat.length;
  const spawn = (): Promise<Worker> =>
    new Promise((resolve, reject) => {
      // tsx's loader is not inherited by workers on Node 20: register it in the worker first
      const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(self).href)}); })`;
      const w = new Worker(boot, { eval: true, workerData: { file } });
      w.once('message', () => resolve(w));
      w.once('error', reject);
    });
  const run = (w: Worker, start: number, end: number): Promise<{ flat: Float64Array; strings: string[] }> =>
    new Promise((resolve) => {
      w.once('message', resolve);
      w.postMessage({ start, end });
    });
  let spawnMs = 0;
  const two = async (): Promise<number> => {
    const t0 = performance.now();
    const [w1, w2] = await Promise.all([spawn(), spawn()]);
    spawnMs = performance.now() - t0;
    const [a, b] = await Promise.all([run(w1, 0, mid), run(w2, mid, size)]);
    void w1.terminate();
    void w2.terminate();
    // one id space: a's strings, b's mapped onto them
    const ids = new Map<string, number>();
    a.strings.forEach((s, i) => ids.set(s, i));
    const remap = new Int32Array(b.strings.length);
    b.strings.forEach((s, i) => {
      let id = ids.get(s);
      if (id === undefined) ids.set(s, (id = ids.size));
      remap[i] = id;
    });
    const P = 1 << 26;
    const merged = new Aggregator();
    for (const [flat, map] of [[a.flat, null], [b.flat, remap]] as const) {
      for (let o = 0; o < flat.length; o += 4) {
        if (flat[o] === 0) continue;
        const k1 = flat[o + 1]!;
        const k2 = flat[o + 2]!;
        let u = Math.floor(k1 / P);
        let acc = k1 - u * P;
        let act = Math.floor(k2 / P);
        let prj = k2 - act * P;
        if (map) {
          u = map[u]!;
          acc = map[acc]!;
          act = map[act]!;
          prj = map[prj]!;
        }
        merged.add(flat[o]! - 1, u, acc, act, prj, flat[o + 3]!);
      }
    }
    return merged.raw.length;
  };
  const t1: number[] = [];
  const t2: number[] = [];
  const spawns: number[] = [];
  for (let r = -1; r < reps; r++) {
    let t0 = performance.now();
    const n1 = await one();
    const a = performance.now() - t0;
    t0 = performance.now();
    const n2 = await two();
    const b = performance.now() - t0 - spawnMs;
    spawns.push(spawnMs);
    if (n1 !== n2) console.log(`note: ${n1 / 4} keys on one thread, ${n2 / 4} merged`);
    if (r >= 0) {
      t1.push(a);
      t2.push(b);
    }
  }
  const med = (x: number[]): number => [...x].sort((p, q) => p - q)[x.length >> 1]!;
  console.log(`${new Date().toISOString()} ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${path.basename(file)} ${mb.toFixed(1)} MB, split at ${((100 * mid) / size).toFixed(1)} %`);
  console.log(
    `parsing phase, median of ${reps}: 1 thread ${(med(t1) / 1000).toFixed(2)} s (${(mb / (med(t1) / 1000)).toFixed(0)} MB/s), ` +
      `2 workers + merge ${(med(t2) / 1000).toFixed(2)} s (${(mb / (med(t2) / 1000)).toFixed(0)} MB/s), speed-up ${(med(t1) / med(t2)).toFixed(2)}×; ` +
      `starting the two workers (not counted) ${(med(spawns) / 1000).toFixed(2)} s`,
  );
}
