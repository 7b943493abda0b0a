/**
 * One process at a time owns an embedded data directory (two would corrupt it). The lock file
 * `prognos.lock` names its owner: host name, boot id, pid, the process's start time and a random
 * token. An owner is dead when, on the same host, the machine has rebooted since (boot id), its
 * pid no longer runs, or the pid now belongs to a process started at another time (a reused pid:
 * in a container the restarted process is PID 1 again). A lock with this process's own pid is
 * live only while this process holds its token.
 *
 * A lock file is created whole (written to a private file, then hard-linked into place, which
 * fails when the name exists), so nobody reads a half-written lock. Taking over a stale lock is
 * itself guarded by a lock named after the stale token (`prognos.lock.<token>`), taken the same
 * way: of two processes that find the same stale lock, exactly one gets that guard; only the
 * guard's holder removes the stale lock (after reading it again), so nobody removes a fresh one.
 * A guard left by a taker that crashed is stale in turn and taken over by the same rule.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { PrognosError } from '../core/errors/index.ts';

/** What a lock file records about its owner. */
export interface LockOwner {
  host: string;
  /** The kernel's boot id (Linux), so a lock from before a reboot is known to be stale. */
  boot?: string;
  pid: number;
  /** The process's start time in clock ticks since boot (Linux /proc), to tell a reused pid. */
  start?: string;
  token: string;
}

export interface LockOptions {
  /** Tests: called after a lock was judged stale and before it is taken over (an injected delay). */
  beforeTakeover?: () => void;
}

/** Tokens of the locks this process holds. */
const held = new Set<string>();

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Start time of a process (field 22 of /proc/<pid>/stat, after the parenthesised name). */
export function processStartTime(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19];
}

export function currentOwner(token: string): LockOwner {
  const boot = readProc('/proc/sys/kernel/random/boot_id');
  const start = processStartTime(process.pid);
  return { host: hostname(), ...(boot ? { boot } : {}), pid: process.pid, ...(start ? { start } : {}), token };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads a lock file: its owner, `'legacy'` with the pid of an older plain-pid lock, or `undefined` when gone. */
function readLock(file: string): { owner?: LockOwner; legacyPid?: number; garbled?: boolean } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  if (/^\s*\d+\s*$/.test(text)) return { legacyPid: Number(text) };
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.host === 'string' && typeof o.pid === 'number' && typeof o.token === 'string') return { owner: o as LockOwner };
  } catch {
    // garbled below
  }
  return { garbled: true };
}

type Verdict = { live: true; owner: string } | { live: false; token: string };

/** Whether the owner of a lock file still runs. */
function judge(file: string, lock: NonNullable<ReturnType<typeof readLock>>): Verdict {
  const me = currentOwner('');
  if (lock.legacyPid !== undefined) {
    const pid = lock.legacyPid;
    const live = pid > 0 && pid !== process.pid && processAlive(pid);
    return live ? { live, owner: `pid ${pid}` } : { live, token: `legacy-${pid}` };
  }
  if (lock.garbled || !lock.owner) {
    // Not written by a lock of this kind (lock files are created whole): stale once it is old.
    const age = Date.now() - statSync(file).mtimeMs;
    return age > 10_000 ? { live: false, token: 'garbled' } : { live: true, owner: 'en okänd process' };
  }
  const o = lock.owner;
  const label = `pid ${o.pid}`;
  if (o.host !== me.host) return { live: true, owner: `${label} på värden ${o.host}` };
  if (o.boot && me.boot && o.boot !== me.boot) return { live: false, token: o.token };
  if (o.pid === process.pid) return held.has(o.token) ? { live: true, owner: label } : { live: false, token: o.token };
  if (!processAlive(o.pid)) return { live: false, token: o.token };
  const start = processStartTime(o.pid);
  if (o.start && start && o.start !== start) return { live: false, token: o.token };
  return { live: true, owner: label };
}

/** Creates `file` with the content whole, or returns false when it exists. */
function createWhole(file: string, content: string, token: string): boolean {
  const tmp = `${file}.${token}.tmp`;
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw e;
    // A file system without hard links: exclusive create (a reader may then see it half-written,
    // which counts as live until it is old).
    try {
      const fd2 = openSync(file, 'wx');
      writeSync(fd2, content);
      closeSync(fd2);
      return true;
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e2;
    }
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // gone
    }
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

type Attempt = { ok: true; release: () => void } | { ok: false; owner: string };

/** Takes `file` for this process, taking over a stale one (guarded by `<file>.<stale token>`). */
function acquire(file: string, opts: LockOptions, depth: number): Attempt {
  const token = randomBytes(12).toString('hex');
  const content = JSON.stringify(currentOwner(token));
  let lastOwner = 'en annan process';
  for (let attempt = 0; attempt < 40; attempt++) {
    if (createWhole(file, content, token)) {
      held.add(token);
      return {
        ok: true,
        release: () => {
          held.delete(token);
          try {
            if (readLock(file)?.owner?.token === token) unlinkSync(file);
          } catch {
            // already gone
          }
        },
      };
    }
    const lock = readLock(file);
    if (lock === undefined) continue; // released meanwhile
    const verdict = judge(file, lock);
    if (verdict.live) return { ok: false, owner: verdict.owner };
    opts.beforeTakeover?.();
    if (depth > 8) break;
    const guard = acquire(`${file}.${verdict.token}`, opts, depth + 1);
    if (!guard.ok) {
      // Another process is taking it over right now: wait for its lock.
      lastOwner = guard.owner;
      sleep(25);
      continue;
    }
    try {
      const again = readLock(file);
      const stillStale = again !== undefined && !judge(file, again).live && tokenOf(again) === verdict.token;
      if (stillStale) unlinkSync(file);
    } finally {
      guard.release();
    }
  }
  return { ok: false, owner: lastOwner };
}

function tokenOf(lock: NonNullable<ReturnType<typeof readLock>>): string {
  if (lock.legacyPid !== undefined) return `legacy-${lock.legacyPid}`;
  return lock.owner?.token ?? 'garbled';
}

/** Locks an embedded data directory for this process. Returns the release function. */
export function lockDataDir(dir: string, opts: LockOptions = {}): () => void {
  const file = join(dir, 'prognos.lock');
  const r = acquire(file, opts, 0);
  if (r.ok) return r.release;
  throw new PrognosError(
    'CONFLICT',
    `datakatalogen ${dir} används redan av en annan Prognos-process (${r.owner}); avsluta den först, eller använd en PostgreSQL-server (DATABASE_URL) när flera processer ska arbeta samtidigt. Om den processen inte längre körs kan låsfilen ${file} tas bort.`,
  );
}
