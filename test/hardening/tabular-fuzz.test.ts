// CSV, XLSX and Kolada-JSON fuzzing of every tabular and content kind, each property in a worker
// thread under a watchdog (a hang or an uncaught exception fails the test).
import { describe, expect, it } from 'vitest';
import { fuzzSettings, runFuzzWorker, type FuzzReport } from './watchdog.ts';

const worker = new URL('./tabular-fuzz.worker.ts', import.meta.url);

function expectClean(r: FuzzReport): void {
  console.info(JSON.stringify({ runs: r.runs, outcomes: r.outcomes }));
  expect(r.failures, JSON.stringify(r.failures, null, 2)).toEqual([]);
}

describe('tabular and content fuzzing', () => {
  it('reads random CSV files of every kind (headers, cells, delimiters, quotes, BOMs, encodings, binary garbage) to storable records or a PrognosError naming the file', async () => {
    const r = await runFuzzWorker(worker, { property: 'csv', ...fuzzSettings(1312, 1500, 5000) });
    expectClean(r);
    // both outcomes were reached (shares of the runs done before the time limit)
    expect(r.outcomes.csv?.['accepted with records']).toBeGreaterThan(r.runs.csv! * 0.03);
    expect(r.outcomes.csv?.['rejected BAD_INPUT']).toBeGreaterThan(r.runs.csv! * 0.3);
  });

  it('reads random XLSX workbooks of every kind (typed cells, formulas, dates, corrupted zips and XML) to storable records or a PrognosError naming the file', async () => {
    const r = await runFuzzWorker(worker, { property: 'xlsx', ...fuzzSettings(2718, 500, 5000) });
    expectClean(r);
    expect(r.outcomes.xlsx?.['accepted with records']).toBeGreaterThan(r.runs.xlsx! * 0.01);
    expect(r.outcomes.xlsx?.['rejected BAD_INPUT']).toBeGreaterThan(r.runs.xlsx! * 0.3);
  });

  it('reads random Kolada JSON files (wrong types, truncation, other encodings) to canonical decimals or a PrognosError naming the file', async () => {
    const r = await runFuzzWorker(worker, { property: 'kolada', ...fuzzSettings(1880, 800, 2000) });
    expectClean(r);
    expect(r.outcomes.kolada?.['accepted with records']).toBeGreaterThan(r.runs.kolada! * 0.005);
    expect(r.outcomes.kolada?.['rejected BAD_INPUT']).toBeGreaterThan(r.runs.kolada! * 0.3);
  });
});
