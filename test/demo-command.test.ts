// `prognos demo` (what `npm start` runs) as a user runs it: a real process on the embedded store
// publishes the five reference reports and writes each in every format; a second run writes the
// same published files again and doubles nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { DEMO_REPORTS } from '../src/demo/reports/index.ts';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'prognos-demo-command-'));
const FORMATS = ['docx', 'html', 'json', 'pdf', 'xlsx'];

function demo(out: string): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.DATABASE_URL; // `npm start` runs on the embedded store
  const r = spawnSync(process.execPath, [join(root, 'bin', 'prognos.js'), '--data', join(dir, 'data'), 'demo', '--out', out], { encoding: 'utf8', env, cwd: dir, timeout: 600_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('prognos demo', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('publishes all five reference reports and writes each as HTML, PDF, DOCX, XLSX and JSON; a second run writes the same files', async () => {
    const first = demo(join(dir, 'out'));
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Demons fem rapporter är publicerade \(\d+ poster, inbyggd databas\)\./);
    const files = readdirSync(join(dir, 'out')).sort();
    expect(files).toEqual(DEMO_REPORTS.flatMap((r) => FORMATS.map((f) => `${r.file}.${f}`)).sort());
    for (const r of DEMO_REPORTS) {
      const file = (f: string) => readFileSync(join(dir, 'out', `${r.file}.${f}`));
      const model = JSON.parse(file('json').toString('utf8'));
      expect(first.stdout).toContain(`${model.report.title} (organisation ${r.orgId}, omgång ${r.round.name} ${r.round.year}):`);
      expect(model.report.organisation).toBe(r.orgId);
      expect(file('html').toString('utf8')).toContain(model.report.title.replace(/&/g, '&amp;'));
      expect(file('pdf').subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(Object.keys((await JSZip.loadAsync(file('docx'))).files)).toContain('word/document.xml');
      expect(Object.keys((await JSZip.loadAsync(file('xlsx'))).files)).toContain('xl/workbook.xml');
      // An attached appendix's pages follow the report's, and the report's list says where they start.
      const pdfText = execFileSync('pdftotext', [join(dir, 'out', `${r.file}.pdf`), '-'], { encoding: 'utf8' });
      const pages = pdfText.split('\f');
      for (const [i, a] of (r.appendices ?? []).entries()) {
        const start = pdfText.match(new RegExp(`Bilaga ${i + 1}: ${a.title}, från sidan (\\d+)`));
        expect(start, a.title).not.toBeNull();
        expect(pages[Number(start![1]) - 1], a.title).toContain(a.title);
      }
    }
    expect(DEMO_REPORTS.find((r) => r.reference === '001')?.appendices).toHaveLength(1);
    expect(first.stdout.match(/Kontroll vid publiceringen: 0 fel, \d+ varningar/g)).toHaveLength(DEMO_REPORTS.length);

    const second = demo(join(dir, 'again'));
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout.match(/Publicerad redan vid en tidigare körning/g)).toHaveLength(DEMO_REPORTS.length);
    expect(second.stdout.match(/\((\d+) poster/)![1]).toBe(first.stdout.match(/\((\d+) poster/)![1]);
    for (const f of files) expect(readFileSync(join(dir, 'again', f)).equals(readFileSync(join(dir, 'out', f))), f).toBe(true);
  }, 900_000);
});
