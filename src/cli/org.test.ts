// `prognos org set|show` as a user runs it: a real process, a real data directory; the name and
// logo it stores are on the report's cover.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'prognos-org-cli-'));

function prognos(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.DATABASE_URL; // the embedded store and the command line
  const r = spawnSync(process.execPath, [join(root, 'bin', 'prognos.js'), '--data', join(dir, 'data'), '--org', 'kommun', ...args], { encoding: 'utf8', env, cwd: dir });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('prognos org', () => {
  it('sets the municipality name and logo that the report cover prints, and refuses a file that is no image', () => {
    const logo = join(dir, 'logo.svg');
    writeFileSync(logo, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    const set = prognos('org', 'set', '--name', 'Provkommunen', '--logo', logo);
    expect(set.stderr).toBe('');
    expect(set.stdout).toMatch(/^Organisation kommun: namn "Provkommunen", logotyp image\/svg\+xml/);
    writeFileSync(join(dir, 'org.csv'), 'code,name,parent,level\nN,Nämnden,,board\n');
    expect(prognos('import', 'org', join(dir, 'org.csv')).status).toBe(0);
    const html = prognos('report', '--scope', 'N', '--year', '2024', '--period', '3', '--round', 'P1', '--format', 'html');
    expect(html.status).toBe(0);
    expect(html.stdout).toContain('<p class="organisation">Provkommunen</p>');
    expect(html.stdout).toMatch(/<img class="logo" src="data:image\/svg\+xml;base64,[^"]+" alt="Provkommunens logotyp">/);

    writeFileSync(join(dir, 'logo.txt'), 'inte en bild');
    const bad = prognos('org', 'set', '--logo', join(dir, 'logo.txt'));
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('logotypen ska vara en PNG-, JPEG- eller SVG-fil');
    expect(prognos('org', 'set', '--no-logo').stdout).toMatch(/namn "Provkommunen", logotyp \(ingen\)/);
    expect(prognos('org', 'show').stdout).toBe('Organisation kommun: namn "Provkommunen", logotyp (ingen)\n');
    // seven processes, each opening the embedded database: slow on a busy machine
  }, 300_000);
});
