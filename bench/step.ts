/**
 * One benchmark step in its own process, so its peak memory is its own. Prints one JSON line.
 *   parse FILE                 — SIE parse only
 *   import FILE DATADIR|URL    — org tree + SIE import into a fresh store
 *   report DATADIR|URL         — the standard report of the bench board, 5 runs
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Unit } from '../src/core/domain/index.ts';
import { readSieFile } from '../src/import/sie/index.ts';
import { buildReport } from '../src/report/index.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { importSie } from '../src/store/ingest.ts';

export const BENCH_ORG = 'bench';
const UNITS = 500;

function open(target: string): Promise<Store> {
  return target.startsWith('postgres') ? openStore({ databaseUrl: target, schema: 'bench' }) : openStore({ dataDir: target });
}

const peakMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

async function main(): Promise<void> {
  const [step, a, b] = process.argv.slice(2);
  if (step === 'parse') {
    const t0 = performance.now();
    const r = await readSieFile(a!, { fileName: basename(a!) });
    const s = (performance.now() - t0) / 1000;
    const mb = statSync(a!).size / 1e6;
    console.log(JSON.stringify({ step, mb, seconds: s, mbPerSecond: mb / s, transactions: r.counts.TRANS, rows: r.rows.length, peakMb: peakMb() }));
    return;
  }
  if (step === 'import') {
    const store = await open(b!);
    try {
      // The bench board: 5 departments (RN1) over 500 units (RN3), as the generator names them.
      await store.db.transaction(async (tx) => {
        await store.ensureOrganisation(BENCH_ORG, 'Benchkommun', tx);
        const units: Unit[] = [{ code: 'KOMMUN', name: 'Kommunstyrelsen', parent: null, level: 'board', budgetLevel: null, sortOrder: 0 }];
        for (let d = 0; d < 5; d++) units.push({ code: `F${d}`, name: `Förvaltning ${d}`, parent: 'KOMMUN', level: 'RN1', budgetLevel: null, sortOrder: 1 + d });
        for (let i = 0; i < UNITS; i++) {
          units.push({ code: `A${String(i).padStart(4, '0')}`, name: `Enhet ${i}`, parent: `F${i % 5}`, level: 'RN3', budgetLevel: null, sortOrder: 10 + i });
        }
        await store.upsertUnits(tx, BENCH_ORG, units);
      });
      const t0 = performance.now();
      const s = await importSie(store, BENCH_ORG, a!);
      const seconds = (performance.now() - t0) / 1000;
      const transactions = s.counts.TRANS ?? 0;
      console.log(JSON.stringify({ step, backend: store.db.kind, seconds, transactions, rowsPerSecond: transactions / seconds, storedRows: s.records, peakMb: peakMb() }));
    } finally {
      await store.close();
    }
    return;
  }
  if (step === 'report') {
    const store = await open(a!);
    try {
      const times: number[] = [];
      let tables = 0;
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        const m = await buildReport(store, { orgId: BENCH_ORG, scope: 'KOMMUN', year: 2024, period: 8, round: 'P2', level: 'RN3', groupLevel: 'RN1' });
        times.push((performance.now() - t0) / 1000);
        tables = m.tables.length;
      }
      const sorted = [...times].sort((x, y) => x - y);
      console.log(JSON.stringify({ step, backend: store.db.kind, firstSeconds: times[0], medianSeconds: sorted[2], tables, peakMb: peakMb() }));
    } finally {
      await store.close();
    }
    return;
  }
  throw new Error(`unknown step ${step}`);
}

await main();
