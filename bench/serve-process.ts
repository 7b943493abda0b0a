/**
 * `prognos serve` as a real child process on an ephemeral loopback port: what the load
 * benchmark measures and what the fault tests kill. The child runs `node --import tsx
 * src/cli/main.ts` directly (not the `bin/prognos.js` launcher, which would put a second process
 * between us and the server), in its own process group so a signal reaches all of it.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface ServeOptions {
  /** Data directory of the embedded store (also passed with PostgreSQL, where it is ignored). */
  dataDir: string;
  /** postgres://… on loopback; without it the server uses the embedded store in `dataDir`. */
  databaseUrl?: string;
  org?: string;
  /** How long to wait for "Prognos lyssnar på …" (default 60 s). */
  startTimeoutMs?: number;
  /** Extra options for node, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
}

export interface ServeProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  pid: number;
  /** What the server wrote to standard error so far. */
  stderr(): string;
  /** Resolves with the exit code (null after a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal to the server's process group (SIGKILL: no clean-up of any kind). */
  kill(signal?: NodeJS.Signals): void;
  /** SIGTERM (the server closes its store) and wait for the exit, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export async function startServe(o: ServeOptions): Promise<ServeProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: o.databaseUrl ?? '' };
  const child = spawn(
    process.execPath,
    [...(o.nodeArgs ?? []), '--import', 'tsx', join(repoRoot, 'src', 'cli', 'main.ts'), '--data', o.dataDir, '--org', o.org ?? 'demo', 'serve', '--port', '0', '--host', '127.0.0.1'],
    { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  let alive = true;
  void exited.then(() => (alive = false));
  const kill = (signal: NodeJS.Signals = 'SIGTERM'): void => {
    if (!alive || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      kill('SIGKILL');
      reject(new Error(`prognos serve did not start within ${o.startTimeoutMs ?? 60_000} ms: ${stderr}`));
    }, o.startTimeoutMs ?? 60_000);
    child.stderr!.on('data', (s: string) => {
      stderr += s;
      const m = /lyssnar på (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`prognos serve ended before listening (${code ?? signal}): ${stderr}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    stderr: () => stderr,
    exited,
    kill,
    async stop(graceMs = 20_000) {
      if (!alive) return;
      kill('SIGTERM');
      const timer = setTimeout(() => kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
