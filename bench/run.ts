/**
 * `npm run bench [-- TRANSACTIONS]` (default 5 000 000): generates a synthetic SIE 4E file
 * (500 units, 200 accounts), then measures, each step in its own process:
 * parse MB/s, import rows/s into the embedded store and (with DATABASE_URL) PostgreSQL,
 * report time, peak memory. Also parses a 1 M file to show the parser's memory does not grow
 * with file size, and the parser's MB/s as a share of a plain byte scan of the same files in one
 * process (bench/sie-parse.ts, also `npm run bench:parse`). Writes bench/out/results.json; copy the figures into BENCHMARKS.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSie } from './sie-gen.ts';
import { benchFile } from './sie-parse.ts';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'out');
const tsx = join(here, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');

function step(...args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', tsx, join(here, 'step.ts'), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`step ${args[0]} failed: ${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop()!;
  const res = JSON.parse(line) as Record<string, unknown>;
  console.log(JSON.stringify(res));
  return res;
}

async function file(n: number): Promise<string> {
  const f = join(out, `sie-${n}.se`);
  if (!existsSync(f)) {
    const t0 = performance.now();
    await generateSie(f, { transactions: n });
    console.log(`generated ${f} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return f;
}

mkdirSync(out, { recursive: true });
const n = Number(process.argv[2] ?? 5_000_000);
const small = await file(1_000_000);
const big = n === 1_000_000 ? small : await file(n);
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  transactions: n,
};
results.parse1M = step('parse', small);
results.parse = step('parse', big);
// parser against a plain byte scan and iconv of the same files, in one process (bench/sie-parse.ts)
const real = await benchFile(1_000_000, 'real');
const ratio = spawnSync(process.execPath, [tsx, join(here, 'sie-parse.ts'), '--reps', '3', small, ...(big === small ? [] : [big]), real], {
  encoding: 'utf8',
  maxBuffer: 1 << 24,
});
if (ratio.status !== 0) throw new Error(`parse ratio failed: ${ratio.stderr}`);
results.parseRatio = ratio.stdout
  .trim()
  .split('\n')
  .filter((l) => {
    if (l.startsWith('{')) return true;
    console.log(l);
    return false;
  })
  .map((l) => JSON.parse(l) as unknown);
const dataDir = join(out, 'embedded-data');
rmSync(dataDir, { recursive: true, force: true });
results.importEmbedded = step('import', big, dataDir);
results.reportEmbedded = step('report', dataDir);
if (process.env.DATABASE_URL) {
  const url = process.env.DATABASE_URL;
  spawnSync('psql', [url, '-qc', 'DROP SCHEMA IF EXISTS bench CASCADE']);
  results.importPostgres = step('import', big, url);
  results.reportPostgres = step('report', url);
}
writeFileSync(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`results in ${join(out, 'results.json')}`);
