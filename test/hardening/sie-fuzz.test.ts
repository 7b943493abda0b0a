// SIE parser fuzzing on the real sample corpus (../shared/sie-samples), each property in a worker
// thread under a watchdog: a hang or a crash fails the test instead of stalling the run.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzzSettings, runFuzzWorker, type FuzzReport } from './watchdog.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const samplesDir = path.resolve(repoRoot, '..', 'shared', 'sie-samples');
const haveSamples = existsSync(samplesDir);
if (!haveSamples) console.warn(`SIE fuzzing of real files skipped: ${samplesDir} does not exist (the shared sample corpus is not checked out)`);

const worker = new URL('./sie-fuzz.worker.ts', import.meta.url);

function expectClean(r: FuzzReport): void {
  console.info(JSON.stringify({ runs: r.runs, outcomes: r.outcomes }));
  expect(r.failures, JSON.stringify(r.failures, null, 2)).toEqual([]);
}

describe('SIE fuzzing', () => {
  it.skipIf(!haveSamples)(
    'parses every mutation of the 121 real sample files to a consistent, storable result or a PrognosError naming the file, however it is chunked',
    async () => {
      const r = await runFuzzWorker(worker, { property: 'mutations', samplesDir, ...fuzzSettings(20_250_101, 3000, 7000) });
      expectClean(r);
      // The fuzzing reached both outcomes, and every unmutated sample was parsed.
      expect(r.outcomes.mutations?.accepted).toBeGreaterThan(r.runs.mutations! * 0.05);
      expect(r.outcomes.mutations?.['rejected BAD_INPUT']).toBeGreaterThan(r.runs.mutations! * 0.3);
      const samples = Object.values(r.outcomes.samples ?? {}).reduce((a, b) => a + b, 0);
      expect(samples).toBe(121);
    },
  );

  it('parses generated vouchers with quoted, Swedish and brace-holding codes in every encoding to exactly the amounts of the model', async () => {
    const r = await runFuzzWorker(worker, { property: 'model', samplesDir, ...fuzzSettings(4711, 800, 3000) });
    expectClean(r);
    expect(r.runs.model).toBeGreaterThan(100);
    expect(r.outcomes.model?.['rejected long fiscal year']).toBeGreaterThan(0);
  });
});
