import { describe, it, expect, afterEach } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PrognosError } from '../core/errors/index.ts';
import { currentOwner, lockDataDir, processStartTime } from './data-dir-lock.ts';
import { expectDocCount } from '../../test/security/doc-counts.ts';

/** The concurrent take-over: rounds × processes taking the same stale lock, each held this long between judging and taking. */
const TAKEOVER = { rounds: 3, processes: 3, delayMs: 400 };

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

const newDir = (): string => mkdtempSync(join(tmpdir(), 'prognos-lock-'));
const lockFile = (dir: string): string => join(dir, 'prognos.lock');

/** Starts a process that tries to lock `dir`; resolves with its one-line answer while it keeps running. */
function taker(dir: string, delayMs = 0): { child: ChildProcess; answer: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/lock-taker.ts', dir, String(delayMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  const answer = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the lock taker exited (${code}) without an answer`)));
  });
  return { child, answer };
}

function refusal(fn: () => unknown): PrognosError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PrognosError);
    return e as PrognosError;
  }
  throw new Error('expected a refusal');
}

describe('data directory lock: a dead owner is known, a live owner refuses', () => {
  it('regression: after kill -9 in a container (the restarted process has the same pid, PID 1), the lock left by the previous run is taken over', () => {
    const dir = newDir();
    // The dead run's lock as the lock itself writes it: same host, same boot, same pid, another token.
    writeFileSync(lockFile(dir), JSON.stringify({ ...currentOwner('token-of-the-killed-run'), start: 'an earlier start' }));
    const release = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockFile(dir), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    release();
    expect(existsSync(lockFile(dir))).toBe(false);
  });

  it('regression: a lock with this process’s pid and even its start time is taken over when this process does not hold its token', () => {
    const dir = newDir();
    writeFileSync(lockFile(dir), JSON.stringify(currentOwner('not-held-here')));
    lockDataDir(dir)();
  });

  it('regression: an old plain-pid lock naming this process’s own pid (PID 1 again) is taken over', () => {
    const dir = newDir();
    writeFileSync(lockFile(dir), String(process.pid));
    lockDataDir(dir)();
  });

  it('takes over a lock whose pid runs but belongs to a process started at another time (a reused pid)', async () => {
    const dir = newDir();
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    children.push(other);
    await new Promise((r) => other.once('spawn', r));
    writeFileSync(lockFile(dir), JSON.stringify({ ...currentOwner('old'), pid: other.pid, start: '1' }));
    lockDataDir(dir)();
  });

  it('takes over a lock left by a process that no longer runs, and one from before a reboot', () => {
    const dir = newDir();
    writeFileSync(lockFile(dir), JSON.stringify({ ...currentOwner('dead'), pid: 999_999_999 }));
    lockDataDir(dir)();
    if (currentOwner('x').boot) {
      const running = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      children.push(running);
      writeFileSync(lockFile(dir), JSON.stringify({ ...currentOwner('before-reboot'), pid: running.pid, boot: 'another-boot' }));
      lockDataDir(dir)();
    }
  });

  it('regression: two processes taking over the same stale lock at once (with an injected delay between judging and taking): exactly one wins', async () => {
    for (let round = 0; round < TAKEOVER.rounds; round++) {
      const dir = newDir();
      writeFileSync(lockFile(dir), JSON.stringify({ ...currentOwner('stale'), pid: 999_999_999 }));
      const takers = Array.from({ length: TAKEOVER.processes }, () => taker(dir, TAKEOVER.delayMs));
      const answers = await Promise.all(takers.map((t) => t.answer));
      expect(answers.filter((a) => a === 'won')).toHaveLength(1);
      for (const a of answers.filter((x) => x !== 'won')) expect(a).toMatch(/^refused datakatalogen .* används redan av en annan Prognos-process \(pid \d+\)/);
      const winner = takers[answers.indexOf('won')]!.child.pid;
      expect(JSON.parse(readFileSync(lockFile(dir), 'utf8')).pid).toBe(winner);
      expect(readdirSync(dir).sort()).toEqual(['prognos.lock']); // no guard or temporary file left behind
      for (const t of takers) t.child.kill('SIGKILL');
    }
    expectDocCount('races.lock-rounds', TAKEOVER.rounds);
    expectDocCount('races.lock-processes', TAKEOVER.processes);
  });

  it('a live owner in another process still refuses, with a Swedish message naming its pid', async () => {
    const dir = newDir();
    const holder = taker(dir);
    expect(await holder.answer).toBe('won');
    const e = refusal(() => lockDataDir(dir));
    expect(e.code).toBe('CONFLICT');
    expect(e.reason).toContain(`används redan av en annan Prognos-process (pid ${holder.child.pid})`);
    expect(e.reason).toContain('DATABASE_URL');
    expect(processStartTime(holder.child.pid!)).toBeDefined();
  });

  it('a live owner in this process refuses a second lock, and the directory is free after release', () => {
    const dir = newDir();
    const release = lockDataDir(dir);
    expect(refusal(() => lockDataDir(dir)).reason).toContain(`pid ${process.pid}`);
    release();
    lockDataDir(dir)();
  });

  it('a lock from another host is not judged from here: it refuses and names the host', () => {
    const dir = newDir();
    writeFileSync(lockFile(dir), JSON.stringify({ ...currentOwner('elsewhere'), host: 'en-annan-server' }));
    expect(refusal(() => lockDataDir(dir)).reason).toContain('på värden en-annan-server');
  });
});
