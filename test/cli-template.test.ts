// `prognos template …` as a user runs it: a real process, a real data directory.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'prognos-cli-template-'));
const data = join(dir, 'data');

function prognos(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.DATABASE_URL; // this test is about the embedded store and the command line
  const r = spawnSync(process.execPath, [join(root, 'bin', 'prognos.js'), '--data', data, '--org', 'cli', ...args], { encoding: 'utf8', env, cwd: dir });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('prognos template', () => {
  it('round-trips a template: the built-in one as a start, set as version 1, get gives the same JSON back', () => {
    writeFileSync(join(dir, 'org.csv'), 'code,name,parent,level\nKS,Kommunstyrelsen,,board\nA,Staben,KS,RN3\n');
    expect(prognos('import', 'org', join(dir, 'org.csv')).status).toBe(0);
    expect(prognos('template', 'list').stdout).toBe('Inga sparade mallar; rapporterna använder den inbyggda mallen.\n');

    const start = prognos('template', 'get', '--board', 'KS', '--builtin', '--level', 'RN3', '-o', 'mall.json');
    expect(start.status).toBe(0);
    const own = { ...JSON.parse(readFileSync(join(dir, 'mall.json'), 'utf8')), id: 'ks', name: 'Delårsrapport KS' };
    const file = join(dir, 'ks.json');
    writeFileSync(file, `${JSON.stringify(own, null, 2)}\n`);

    const set = prognos('template', 'set', file, '--board', 'KS');
    expect(set.stderr).toBe('');
    expect(set.stdout).toBe('Mallen ks ("Delårsrapport KS") sparades för KS som version 1. Nya omgångar för KS använder den om inget annat väljs.\n');
    const get = prognos('template', 'get', '--board', 'KS');
    expect(get.status).toBe(0);
    expect(get.stdout).toBe(readFileSync(file, 'utf8'));

    expect(JSON.parse(prognos('template', 'set', file, '--board', 'KS', '--json').stdout).template).toMatchObject({ board: 'KS', templateId: 'ks', version: 2, createdBy: 'kommandoraden' });
    const list = JSON.parse(prognos('template', 'list', '--json').stdout);
    expect(list.templates.map((t: { version: number }) => t.version)).toEqual([2, 1]);
    const show = prognos('template', 'show', '--board', 'KS', '--id', 'ks', '--version', '1');
    expect(show.stdout.split('\n')[0]).toMatch(/^KS {2}ks {2}version 1 {2}"Delårsrapport KS" {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}kommandoraden$/);
    expect(show.stdout).toContain('\n  1 Förslag till beslut  (1 block)\n');

    // check with the stored template reports the chapters nothing filled.
    const check = prognos('check', '--scope', 'KS', '--year', '2024', '--period', '1', '--level', 'RN3', '--template', 'stored:ks@1', '--json');
    const findings = JSON.parse(check.stdout) as Array<{ code: string; location: { sectionId?: string } }>;
    expect(findings.filter((f) => f.code === 'chapter-omitted').map((f) => f.location.sectionId)).toContain('handelser');
  });

  it('refuses a template with an unknown key in Swedish, naming the file, path and field', () => {
    const bad = join(dir, 'fel.json');
    writeFileSync(bad, JSON.stringify({ id: 'x', chapters: [{ id: 'a', number: '1', title: 'A', level: 1, blocks: [{ narrative: 'proposal', obligatorisk: true }] }] }));
    const r = prognos('template', 'set', bad, '--board', 'KS');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`fel: ${bad}, fält chapters[0].blocks[0].obligatorisk: mallen är ogiltig: chapters[0].blocks[0]: okänd nyckel "obligatorisk"\n`);
  });
});
