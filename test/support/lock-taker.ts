/**
 * A separate process that tries to lock a data directory (the lock tests start two or more).
 * argv: <dir> <delay ms before a take-over>. Prints `won` or `refused <message>` on one line, then
 * holds whatever it got until its standard input closes.
 */
import { lockDataDir } from '../../src/store/data-dir-lock.ts';

const [dir, delay] = process.argv.slice(2);
const pause = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
try {
  lockDataDir(dir!, { beforeTakeover: () => pause(Number(delay ?? 0)) });
  process.stdout.write('won\n');
} catch (e) {
  process.stdout.write(`refused ${(e as Error).message}\n`);
}
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
