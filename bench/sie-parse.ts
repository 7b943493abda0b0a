/**
 * SIE 4 parser benchmark: `npx tsx bench/sie-parse.ts [transactions]` (default 1 000 000).
 * Generates bench/out/sie-<n>.se if missing, parses it with readSieFile, and prints file size,
 * time, throughput, rows out and peak RSS.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSieFile } from '../src/import/sie/index.ts';
import { generateSie } from './sie-gen.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1_000_000);
  if (!Number.isInteger(n) || n < 1) throw new Error('usage: npx tsx bench/sie-parse.ts [transactions]');
  const dir = path.join(here, 'out');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `sie-${n}.se`);
  if (!existsSync(file)) {
    const t0 = performance.now();
    await generateSie(file, { transactions: n });
    console.log(`generated ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const mb = statSync(file).size / 1e6;
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const r = await readSieFile(file, { fileName: path.basename(file) });
  const s = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  console.log(
    [
      `file        ${mb.toFixed(1)} MB (${r.counts.VER} #VER, ${r.counts.TRANS} #TRANS)`,
      `time        ${s.toFixed(2)} s`,
      `throughput  ${(mb / s).toFixed(1)} MB/s`,
      `rows out    ${r.rows.length}`,
      `peak RSS    ${(peakRss / 1048576).toFixed(0)} MB (before parsing ${(rssBefore / 1048576).toFixed(0)} MB)`,
    ].join('\n'),
  );
}

await main();
