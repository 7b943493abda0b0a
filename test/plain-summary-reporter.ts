// Prints the plain line `N passed, N failed` that the CI reader recognises (it does not read Vitest's summary).
// With PROGNOS_TEST_TOTALS=<file> the counts are also appended to that file as a JSON line, so
// `.ci/run` can print one line covering several runs (the plain suite and the partitioned one).
import { appendFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of testModules) {
      let failedHere = 0;
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedHere++;
        else skipped++;
      }
      // A module that failed without a failed test (it did not load, or a beforeAll hook threw
      // and its tests were skipped) counts as one failure: skipped must never hide a failure.
      if (m.state() === 'failed' && failedHere === 0) failedHere = 1;
      failed += failedHere;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    const totals = process.env.PROGNOS_TEST_TOTALS;
    if (totals) appendFileSync(totals, `${JSON.stringify({ passed, failed, skipped })}\n`);
  }
}
