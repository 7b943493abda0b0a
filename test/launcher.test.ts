// bin/prognos.js runs compiled JavaScript; a build older than the sources must never be what runs.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/** A copy of the package (sources, launcher, build script) with the shared node_modules linked. */
function copyOfPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'prognos-launcher-'));
  for (const p of ['bin', 'scripts', 'src', 'package.json']) cpSync(join(root, p), join(dir, p), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

const help = (dir: string) => spawnSync(process.execPath, [join(dir, 'bin', 'prognos.js'), '--help'], { encoding: 'utf8', cwd: dir });

describe('the prognos launcher', () => {
  it('builds dist/ when there is none, and rebuilds it when a source changed since', () => {
    const dir = copyOfPackage();
    try {
      const first = help(dir);
      expect(first.status).toBe(0);
      expect(first.stdout).toContain('Budgetuppföljning, helårsprognoser och delårsrapporter för kommuner');
      expect(existsSync(join(dir, 'dist', 'cli', 'main.js'))).toBe(true);

      const main = join(dir, 'src', 'cli', 'main.ts');
      writeFileSync(main, readFileSync(main, 'utf8').replace('Budgetuppföljning, helårsprognoser', 'Ändrad beskrivning, helårsprognoser'));
      const second = help(dir);
      expect(second.status).toBe(0);
      expect(second.stdout).toContain('Ändrad beskrivning, helårsprognoser');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the compiled CLI, which finds the SQL migrations next to the sources', () => {
    const dir = copyOfPackage();
    try {
      const data = join(dir, 'data');
      const r = spawnSync(process.execPath, [join(dir, 'bin', 'prognos.js'), '--data', data, 'init'], { encoding: 'utf8', cwd: dir, env: { ...process.env, DATABASE_URL: '' } });
      expect(r.stderr).toContain('Databasen är klar (embedded)');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
