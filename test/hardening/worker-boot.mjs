// Runs a TypeScript module in a worker thread: registers tsx, then imports `workerData.entry`.
// Used by watchdog.ts; the fuzz workers need it because a worker's entry is not transformed.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
