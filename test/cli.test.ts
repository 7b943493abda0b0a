// The `prognos` command as a user runs it: a real process, a real data directory.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'prognos-cli-'));
const data = join(dir, 'data');

function prognos(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.DATABASE_URL; // this test is about the embedded store and the command line
  const r = spawnSync(process.execPath, [join(root, 'bin', 'prognos.js'), '--data', data, '--org', 'cli', ...args], { encoding: 'utf8', env, cwd: dir });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const write = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('prognos command line', () => {
  it('imports files and prints the report as JSON on standard output', () => {
    expect(prognos('import', 'org', write('org.csv', 'code,name,parent,level\nKS,Kommunstyrelsen,,board\nA,Staben,KS,RN3\n')).status).toBe(0);
    expect(prognos('import', 'accounts', write('acc.csv', 'account,name\n5010,Löner\n')).status).toBe(0);
    const imp = prognos('import', 'amounts', write('am.csv', 'scenario,year,period,unit,account,amount\nactual,2024,1,A,5010,1500\nbudget,2024,1,A,5010,1000\n'), '--json');
    expect(imp.status).toBe(0);
    expect(JSON.parse(imp.stdout)).toMatchObject({ kind: 'amounts', records: 2, replaced: 0, changes: { stored: 2, added: 2, replaced: 0, removed: 0 } });

    const r = prognos('report', '--scope', 'KS', '--year', '2024', '--period', '1', '--round', 'P1', '--level', 'RN3', '--format', 'json');
    expect(r.status).toBe(0);
    const model = JSON.parse(r.stdout);
    const units = model.tables.find((t: { id: string }) => t.id === 'units');
    expect(units.rows[0]).toMatchObject({ code: 'A', values: { actual: -2, budget_to_date: -1, consumption_pct: 150 } });
  });

  it('prints what an import would do in Swedish with --dry-run, and the machine summary with --json', () => {
    const may = write('may.csv', 'scenario,year,period,unit,account,amount\nactual,2024,1,A,5010,1700\nactual,2024,2,A,5010,300\n');
    const dry = prognos('import', 'amounts', may, '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout.trim().split('\n')).toEqual([
      'Provkörning (inget sparades). 2 rader skulle importeras, 1 rad ersättas för A januari–februari 2024 (utfall).',
      'Av de importerade raderna skulle 1 vara ny och 1 ersätta en tidigare rad med samma konto, verksamhet och projekt. Andra månader och enheter påverkas inte.',
    ]);
    const json = JSON.parse(prognos('import', 'amounts', may, '--dry-run', '--json').stdout);
    expect(json).toMatchObject({ dryRun: true, changes: { stored: 2, added: 1, replaced: 1, removed: 0 } });
    expect(json.slices).toHaveLength(2);
  });

  it('stores nothing in a dry run: the report still shows what was imported before', () => {
    // January's 1 500 kr from the first test, not the dry run's 1 700.
    const r = prognos('report', '--scope', 'KS', '--year', '2024', '--period', '1', '--round', 'P1', '--level', 'RN3', '--format', 'json');
    expect(JSON.parse(r.stdout).tables.find((t: { id: string }) => t.id === 'units').rows[0].values.actual).toBe(-2);
    // An org file whose parent KS was stored by an earlier file.
    const dryOrg = prognos('import', 'org', write('org2.csv', 'code,name,parent,level\nB,Ekonomi,KS,RN3\nC,IT,B,RN4\n'), '--dry-run');
    expect(dryOrg.stdout.trim()).toBe('Provkörning (inget sparades). Organisation: 2 rader skulle importeras, alla nya.');
  });

  it('writes the HTML report to a file with -o', () => {
    const out = join(dir, 'r.html');
    const r = prognos('report', '--scope', 'KS', '--year', '2024', '--period', '1', '--format', 'html', '-o', out);
    expect(r.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('<html lang="sv">');
  });

  it('rejects a bad file with exit code 2 and one Swedish line naming file, line and field', () => {
    const bad = write('bad.csv', 'scenario,year,period,unit,account,amount\nactual,2024,1,A,5010,12.345\n');
    const r = prognos('import', 'amounts', bad);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(new RegExp(`^fel: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, rad 2, fält amount: `));
  });

  it('says which unit is missing when the scope does not exist', () => {
    const r = prognos('report', '--scope', 'NOPE', '--year', '2024', '--period', '1', '--format', 'json');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('NOPE');
  });
});
