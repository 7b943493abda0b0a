/**
 * `npm run bench:cli [-- --before REV] [--runs N] [--start-runs N] [--sie FILE]`: what the command
 * line costs before it does anything, measured as CPU time (user + sys, children included, by
 * /usr/bin/time) and wall time, in one run, as ratios to `node -e 0` measured in the same run:
 *
 * - `node -e 0`, `prognos --help`;
 * - a re-import of a small SIE file into an existing data directory (imported once first);
 * - `npm start` on a fresh clone (node_modules linked; the clone is built first, as `npm ci`'s
 *   `prepare` does, and that build is reported on its own).
 *
 * With `--before REV` the same figures are measured for a clone at REV too, interleaved run by
 * run with the current commit (HEAD, committed state) so both see the same machine. Medians.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const runs = Number(arg('runs', '7'));
const startRuns = Number(arg('start-runs', '3'));
const before = arg('before', '');
const sie = arg('sie', '/work/shared/sie-samples/jsisie/typ3.se');

interface Sample {
  cpu: number;
  wall: number;
}

/** Runs a command under /usr/bin/time; fails loudly when it fails. */
function timed(cmd: string, args: string[], cwd: string): Sample {
  const out = join(tmpdir(), `prognos-bench-time-${process.pid}`);
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %e', '-o', out, cmd, ...args], { cwd, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' }, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${r.stderr}`);
  const [user, sys, wall] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  rmSync(out, { force: true });
  return { cpu: user! + sys!, wall: wall! };
}

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** A clone of this repository at `rev`, with the shared node_modules linked in. */
function cloneAt(rev: string, into: string): string {
  run('git', ['clone', '-q', '--no-hardlinks', root, into], tmpdir());
  run('git', ['-C', into, 'checkout', '-q', rev], tmpdir());
  symlinkSync(join(root, 'node_modules'), join(into, 'node_modules'));
  return into;
}

/** What `npm ci` would run after installing: the `prepare` script, if the checkout has one. */
function prepare(dir: string): Sample | null {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  if (!pkg.scripts?.prepare) return null;
  return timed('npm', ['run', '-s', 'prepare'], dir);
}

interface Variant {
  name: string;
  rev: string;
  dir: string;
  data: string;
  samples: Record<string, Sample[]>;
}

const work = mkdtempSync(join(tmpdir(), 'prognos-bench-cli-'));
const head = spawnSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
const variants: Variant[] = [];
for (const [name, rev] of [...(before ? [['before', before]] : []), ['after', head]] as Array<[string, string]>) {
  const dir = cloneAt(rev, join(work, name));
  prepare(dir);
  const data = join(work, `${name}-data`);
  run(process.execPath, ['bin/prognos.js', '--data', data, 'import', 'sie', sie], dir); // the existing data directory
  variants.push({ name, rev, dir, data, samples: {} });
}

const add = (v: Variant, key: string, s: Sample | null): void => {
  if (s) (v.samples[key] ??= []).push(s);
};

for (let i = 0; i < runs; i++) {
  for (const v of variants) {
    add(v, 'node -e 0', timed(process.execPath, ['-e', '0'], v.dir));
    add(v, 'prognos --help', timed(process.execPath, ['bin/prognos.js', '--help'], v.dir));
    add(v, 're-import small SIE', timed(process.execPath, ['bin/prognos.js', '--data', v.data, 'import', 'sie', sie], v.dir));
  }
  process.stderr.write(`run ${i + 1}/${runs}\n`);
}
for (let i = 0; i < startRuns; i++) {
  for (const v of variants) {
    const fresh = cloneAt(v.rev, join(work, `${v.name}-start-${i}`));
    add(v, 'build (npm ci: prepare)', prepare(fresh));
    add(v, 'npm start (fresh clone)', timed('npm', ['start'], fresh));
    rmSync(fresh, { recursive: true, force: true });
  }
  process.stderr.write(`npm start ${i + 1}/${startRuns}\n`);
}

const cpuModel = cpus()[0]?.model ?? '?';
console.log(`\n${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpuModel}, Node ${process.version}; SIE file ${sie} (${readFileSync(sie).length} bytes)`);
console.log(`medians of ${runs} runs (npm start: ${startRuns}); CPU = user + sys of the process and its children\n`);
console.log('| measure | variant | CPU s | × node -e 0 CPU | wall s |');
console.log('| --- | --- | --- | --- | --- |');
for (const key of ['node -e 0', 'prognos --help', 're-import small SIE', 'build (npm ci: prepare)', 'npm start (fresh clone)']) {
  for (const v of variants) {
    const s = v.samples[key];
    if (!s) continue;
    const cpu = median(s.map((x) => x.cpu));
    const base = median(v.samples['node -e 0']!.map((x) => x.cpu));
    console.log(`| ${key} | ${v.name} (${v.rev}) | ${cpu.toFixed(2)} | ${(cpu / base).toFixed(1)} | ${median(s.map((x) => x.wall)).toFixed(2)} |`);
  }
}
if (variants.length === 2) {
  const ratio = (key: string, f: (x: Sample) => number): string => (median(variants[0]!.samples[key]!.map(f)) / median(variants[1]!.samples[key]!.map(f))).toFixed(1);
  console.log('\nbefore ÷ after:');
  for (const key of ['prognos --help', 're-import small SIE', 'npm start (fresh clone)']) console.log(`- ${key}: CPU ${ratio(key, (x) => x.cpu)}×, wall ${ratio(key, (x) => x.wall)}×`);
}
if (existsSync(work)) rmSync(work, { recursive: true, force: true });
