/**
 * Runs a fuzz worker (a TypeScript module) in a worker thread under a watchdog. The worker posts
 * `{ type: 'case', desc }` before each case and `{ type: 'done', report }` at the end. If no
 * message arrives for `stallMs` the case is taken to hang: the worker is terminated and the
 * promise resolves with a report naming the last case. An uncaught exception in the worker is
 * reported the same way. So a parser that loops forever fails a test instead of hanging it.
 */
import { Worker } from 'node:worker_threads';

export interface FuzzFailure {
  property: string;
  /** What went wrong: the failing assertion, the error, or "hang". */
  error: string;
  /** Short description of the failing case (after shrinking when fast-check could shrink). */
  counterexample: string;
  seed?: number;
  path?: string;
}

export interface FuzzReport {
  /** Cases run per property. */
  runs: Record<string, number>;
  failures: FuzzFailure[];
  /** Outcome tallies per property (e.g. accepted / rejected), to show the fuzzing reached both. */
  outcomes: Record<string, Record<string, number>>;
}

export interface WorkerMessage {
  type: 'case' | 'done';
  property?: string;
  desc?: string;
  report?: FuzzReport;
}

export async function runFuzzWorker(entry: URL, data: Record<string, unknown>, stallMs = 15_000): Promise<FuzzReport> {
  const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
    workerData: { ...data, entry: entry.href },
    resourceLimits: { maxOldGenerationSizeMb: 2048 },
  });
  let last = { property: '(start)', desc: '(before the first case)' };
  return new Promise<FuzzReport>((resolve) => {
    let done = false;
    const finish = (r: FuzzReport): void => {
      if (done) return;
      done = true;
      clearInterval(timer);
      void worker.terminate();
      resolve(r);
    };
    const fail = (error: string): void =>
      finish({ runs: {}, outcomes: {}, failures: [{ property: last.property, error, counterexample: last.desc }] });
    let lastSeen = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - lastSeen > stallMs) fail(`hang: no progress for ${stallMs} ms`);
    }, 250);
    worker.on('message', (m: WorkerMessage) => {
      lastSeen = Date.now();
      if (m.type === 'case') last = { property: m.property ?? '?', desc: m.desc ?? '' };
      else if (m.type === 'done' && m.report) finish(m.report);
    });
    worker.on('error', (e) => fail(`uncaught in worker: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
    worker.on('exit', (code) => fail(`worker exited with code ${code} before reporting`));
  });
}

/**
 * Seed, runs and time limit of a property: fixed by default, so a run is repeatable and bounded.
 * For deeper fuzzing by hand: HARDENING_SEED=<n> HARDENING_RUNS_FACTOR=<k> (the time limit grows
 * with the factor too) — a failure prints its seed and path for replay.
 */
export function fuzzSettings(seed: number, numRuns: number, timeLimitMs: number): { seed: number; numRuns: number; timeLimitMs: number } {
  const factor = Number(process.env.HARDENING_RUNS_FACTOR ?? 1) || 1;
  return {
    seed: process.env.HARDENING_SEED ? Number(process.env.HARDENING_SEED) : seed,
    numRuns: Math.round(numRuns * factor),
    timeLimitMs: Math.round(timeLimitMs * factor),
  };
}
