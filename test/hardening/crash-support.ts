/**
 * Shared by the crash-safety tests: synthetic SIE files with known totals, a fingerprint of what
 * the store holds for an organisation, and the `prognos` CLI as a killable child process.
 *
 * Two files per test: `small` (a voucher-only file, imported first and committed) and `big` (a
 * full export of the same year, so importing it replaces the small file's rows). After a crash
 * during the big import the store must hold exactly one of two states: the small file's (the big
 * import left nothing, not even its DELETE) or the big file's (it was committed whole).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { generateSie } from '../../bench/sie-gen.ts';
import { readSieFile } from '../../src/import/sie/index.ts';
import type { Store } from '../../src/store/index.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** Transactions in the big file: large enough that its COPY takes seconds, small enough to keep the tests fast. */
export const BIG_TRANSACTIONS = 150_000;

export interface Fingerprint {
  rows: number;
  absOre: string;
  byPeriod: string;
  byAccount: string;
}

export interface SieFixture {
  file: string;
  fingerprint: Fingerprint;
}

/** The fingerprint of a file as the parser reads it (what a committed import must store). */
export async function fileFingerprint(file: string): Promise<Fingerprint> {
  const r = await readSieFile(file, { fileName: path.basename(file) });
  let abs = 0n;
  let byPeriod = 0n;
  let byAccount = 0n;
  for (const row of r.rows) {
    const a = BigInt(row.amountOre);
    abs += a < 0n ? -a : a;
    byPeriod += a * BigInt(row.period ?? 0);
    byAccount += a * BigInt(row.account);
  }
  return { rows: r.rows.length, absOre: String(abs), byPeriod: String(byPeriod), byAccount: String(byAccount) };
}

/** The fingerprint of what the store holds for an organisation. */
export async function storeFingerprint(store: Store, orgId: string): Promise<Fingerprint> {
  const [r] = await store.db.query<{ n: string; abs: string | null; p: string | null; a: string | null }>(
    `SELECT count(*) AS n, sum(abs(amount_ore)) AS abs, sum(amount_ore * coalesce(period, 0)) AS p,
            sum(amount_ore::numeric * account::numeric) AS a
       FROM amount WHERE org_id = $1`,
    [orgId],
  );
  return { rows: Number(r!.n), absOre: String(r!.abs ?? 0), byPeriod: String(r!.p ?? 0), byAccount: String(r!.a ?? 0) };
}

/**
 * The small (committed first) and big (killed) files. The big one gets a #UB record, which makes
 * it a full export: its import first deletes the year's actual rows — the small file's — then
 * COPYs its own, all in one transaction.
 */
export async function makeFixtures(dir: string): Promise<{ small: SieFixture; big: SieFixture }> {
  const small = path.join(dir, 'small.se');
  const big = path.join(dir, 'big.se');
  await generateSie(small, { transactions: 2_000, units: 20, accounts: 30, year: 2024 });
  await generateSie(big, { transactions: BIG_TRANSACTIONS, year: 2024 });
  appendFileSync(big, '#UB 0 3000 0.00\n');
  const [fs, fb] = await Promise.all([fileFingerprint(small), fileFingerprint(big)]);
  return { small: { file: small, fingerprint: fs }, big: { file: big, fingerprint: fb } };
}

/** The migrated embedded-database template of this test run (see test/global-setup.ts). */
export function pgliteTemplate(): Blob {
  return new Blob([readFileSync(inject('pgliteTemplate' as never) as string)]);
}

export interface Cli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL to the child's whole process group (it is the group leader). */
  kill: () => void;
}

/** `prognos <args>` as a child process in its own process group (node + tsx loader, no npx in between). */
export function startCli(args: string[], env: NodeJS.ProcessEnv): Cli {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    kill: () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/** Total size of the files in a directory (not recursive). */
export function dirBytes(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir)) {
    try {
      const s = statSync(path.join(dir, f));
      if (s.isFile()) n += s.size;
    } catch {
      // a WAL segment renamed or removed between readdir and stat
    }
  }
  return n;
}

/** Poll `check` every `everyMs` until it returns a value; fail with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, everyMs = 25): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`gave up waiting (${timeoutMs} ms) for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
