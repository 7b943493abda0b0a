/**
 * SECURITY.md cannot drift from the tests: every count it marks (`<!--n:KEY-->`) is asserted by
 * the test that tries it, the fuzzing seeds and runs are the ones the tests use, and every test
 * the defect table names exists in its file under that name. README.md links the document.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docCounts, SECURITY_MD } from './doc-counts.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const doc = readFileSync(SECURITY_MD, 'utf8');

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : testFiles(path);
    return name.endsWith('.test.ts') ? [relative(ROOT, path)] : [];
  });
}

/** The rows of the defect table: | # | defect | `file` | test name | stores |. */
function defectRows(): Array<{ defect: number; file: string; test: string }> {
  const section = doc.slice(doc.indexOf('## Defects of issue 12'));
  const table = section.slice(0, section.indexOf('\n## ') === -1 ? undefined : section.indexOf('\n## '));
  return [...table.matchAll(/^\| (\d) \| [^|]+ \| `([^`]+)` \| ([^|]+) \|/gm)].map((m) => ({ defect: Number(m[1]), file: m[2]!, test: m[3]!.trim() }));
}

/** The fuzzing calls of the hardening tests: `property: 'x', … fuzzSettings(seed, runs, ms)`. */
function fuzzCalls(): Array<{ property: string; seed: number; runs: number }> {
  return ['test/hardening/sie-fuzz.test.ts', 'test/hardening/tabular-fuzz.test.ts'].flatMap((f) =>
    [...readFileSync(join(ROOT, f), 'utf8').matchAll(/property: '(\w+)'[^\n]*fuzzSettings\(([\d_]+), ([\d_]+), [\d_]+\)/g)].map((m) => ({
      property: m[1]!,
      seed: Number(m[2]!.replace(/_/g, '')),
      runs: Number(m[3]!.replace(/_/g, '')),
    })),
  );
}

describe('SECURITY.md states what the tests try', () => {
  const counts = docCounts(doc);
  const sources = [...testFiles(join(ROOT, 'src')), ...testFiles(join(ROOT, 'test'))].map((f) => ({ f, text: readFileSync(join(ROOT, f), 'utf8') }));

  it('marks counts, and each key once', () => {
    expect(counts.size).toBeGreaterThan(30);
    for (const [key, values] of counts) expect(values, key).toHaveLength(1);
  });

  it('has a test asserting every count it marks', () => {
    const fuzz = new Set(fuzzCalls().flatMap((c) => [`fuzz.${c.property}.seed`, `fuzz.${c.property}.runs`]));
    const unclaimed = [...counts.keys()].filter((key) => !fuzz.has(key) && !sources.some((s) => s.text.includes(`expectDocCount('${key}'`)));
    expect(unclaimed).toEqual([]);
  });

  it('states the seeds and runs the fuzzing tests use', () => {
    const calls = fuzzCalls();
    expect(calls.map((c) => c.property).sort()).toEqual(['csv', 'kolada', 'model', 'mutations', 'xlsx']);
    for (const c of calls) {
      expect(counts.get(`fuzz.${c.property}.seed`), `fuzz.${c.property}.seed`).toEqual([c.seed]);
      expect(counts.get(`fuzz.${c.property}.runs`), `fuzz.${c.property}.runs`).toEqual([c.runs]);
    }
  });

  it('maps every defect of issue 12 to regression tests that exist under the names it gives', () => {
    const rows = defectRows();
    expect([...new Set(rows.map((r) => r.defect))].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const r of rows) {
      expect(existsSync(join(ROOT, r.file)), r.file).toBe(true);
      const text = readFileSync(join(ROOT, r.file), 'utf8');
      expect(text.includes(`it('${r.test}'`) || text.includes(`it("${r.test}"`), `${r.file} has no test named: ${r.test}`).toBe(true);
    }
  });

  it('is linked from README.md', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toMatch(/\]\(SECURITY\.md(#[^)]*)?\)/);
  });
});
