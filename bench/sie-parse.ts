/**
 * SIE 4 parse benchmark, parser against the machine: `npm run bench:parse [-- FILE|N …]`
 * (default: generated 1 M and 5 M #TRANS files and a 1 M real-shaped one). For each file, in
 * this one process and in rotation, several repetitions of
 *   scan    read the file in the parser's chunk size and touch every byte (newlines + byte sum),
 *   iconv   the same reads, each chunk decoded from CP437 by iconv-lite,
 *   parse   readSieFile,
 * then the median MB/s of each and the ratio parse / scan, on wall time and on the process's CPU
 * time (steadier when other work shares the cores). Absolute MB/s differ a lot between machines
 * and with other load on them; the ratio measured in one run is the figure to quote.
 * `--reps K` (default 5). Prints a JSON line per file last (for bench/run.ts).
 */
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { readSieFile, type SieResult } from '../src/import/sie/index.ts';
import { generateSie } from './sie-gen.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The chunk size readSieFile reads with. */
const CHUNK = 1 << 20;

export async function benchFile(n: number, shape: 'synthetic' | 'real'): Promise<string> {
  const dir = path.join(here, 'out');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, shape === 'real' ? `sie-real-${n}.se` : `sie-${n}.se`);
  if (!existsSync(file)) {
    const t0 = performance.now();
    await generateSie(file, { transactions: n, shape });
    console.log(`generated ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return file;
}

/** Sink so the loops cannot be optimised away. */
let sink = 0;

async function scan(file: string): Promise<void> {
  let lines = 0;
  let sum = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) {
    const b = chunk as Buffer;
    for (let i = 0; i < b.length; i++) {
      const c = b[i]!;
      sum = (sum + c) | 0;
      if (c === 10) lines++;
    }
  }
  sink ^= lines ^ sum;
}

async function decode(file: string): Promise<void> {
  let chars = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) chars += iconv.decode(chunk as Buffer, 'cp437').length;
  sink ^= chars;
}

let last: SieResult | null = null;
async function parse(file: string): Promise<void> {
  last = null; // the previous result must not sit in the heap while the next parse runs
  last = await readSieFile(file, { fileName: path.basename(file) });
  sink ^= last.rows.length;
}

const median = (a: number[]): number => {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length & 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export interface ParseBench {
  file: string;
  mb: number;
  reps: number;
  scanMBps: number;
  iconvMBps: number;
  parseMBps: number;
  /** parse / scan, median of the per-repetition ratios */
  ratio: number;
  /** The same on CPU time (user + system of the process) instead of wall time: steadier when other work shares the cores. */
  cpuScanMBps: number;
  cpuParseMBps: number;
  cpuRatio: number;
  transactions: number;
  rows: number;
}

export async function benchParse(file: string, reps: number): Promise<ParseBench> {
  const mb = statSync(file).size / 1e6;
  const kinds = { scan, iconv: decode, parse } as const;
  const mbps: Record<keyof typeof kinds, number[]> = { scan: [], iconv: [], parse: [] };
  const ratios: number[] = [];
  const cpu: Record<'scan' | 'parse', number[]> = { scan: [], parse: [] };
  const cpuRatios: number[] = [];
  // one warm-up round (JIT, page cache), then rotate so each repetition sees the same load
  for (let r = -1; r < reps; r++) {
    const round: Record<string, number> = {};
    const roundCpu: Record<string, number> = {};
    for (const [k, fn] of Object.entries(kinds)) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await fn(file);
      round[k] = mb / ((performance.now() - t0) / 1000);
      const c = process.cpuUsage(c0);
      roundCpu[k] = mb / ((c.user + c.system) / 1e6);
    }
    if (r < 0) continue;
    for (const k of Object.keys(kinds) as Array<keyof typeof kinds>) mbps[k].push(round[k]!);
    ratios.push(round.parse! / round.scan!);
    cpu.scan.push(roundCpu.scan!);
    cpu.parse.push(roundCpu.parse!);
    cpuRatios.push(roundCpu.parse! / roundCpu.scan!);
  }
  return {
    file: path.basename(file),
    mb,
    reps,
    scanMBps: median(mbps.scan),
    iconvMBps: median(mbps.iconv),
    parseMBps: median(mbps.parse),
    ratio: median(ratios),
    cpuScanMBps: median(cpu.scan),
    cpuParseMBps: median(cpu.parse),
    cpuRatio: median(cpuRatios),
    transactions: last!.counts.TRANS ?? 0,
    rows: last!.rows.length,
  };
}

export function formatBench(b: ParseBench): string {
  return (
    `${b.file}: ${b.mb.toFixed(1)} MB, ${b.transactions} #TRANS → ${b.rows} rows, median of ${b.reps}: ` +
    `scan ${b.scanMBps.toFixed(0)} MB/s, iconv CP437 ${b.iconvMBps.toFixed(0)} MB/s, parse ${b.parseMBps.toFixed(1)} MB/s, ` +
    `parse/scan ${(100 * b.ratio).toFixed(1)} %; on CPU time: scan ${b.cpuScanMBps.toFixed(0)}, parse ${b.cpuParseMBps.toFixed(1)} MB/s, ` +
    `parse/scan ${(100 * b.cpuRatio).toFixed(1)} %`
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let reps = 5;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--reps') reps = Number(args[++i]);
    else if (/^\d+$/.test(args[i]!)) files.push(await benchFile(Number(args[i]), 'synthetic'));
    else if (/^real:\d+$/.test(args[i]!)) files.push(await benchFile(Number(args[i]!.slice(5)), 'real'));
    else files.push(args[i]!);
  }
  if (files.length === 0) files.push(await benchFile(1_000_000, 'synthetic'), await benchFile(5_000_000, 'synthetic'), await benchFile(1_000_000, 'real'));
  console.log(`${new Date().toISOString()} ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}`);
  for (const f of files) {
    const b = await benchParse(f, reps);
    console.log(formatBench(b));
    console.log(JSON.stringify(b));
  }
  if (sink === 0.5) console.log(sink);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
