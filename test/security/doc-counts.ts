/**
 * The counts SECURITY.md states. Each number there is followed by a marker `<!--n:KEY-->`; the
 * test that tries the thing asserts the number equals what it tried, so the document cannot
 * drift from the tests (test/security/security-doc.test.ts checks that every marker has a test).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export const SECURITY_MD = new URL('../../SECURITY.md', import.meta.url);

/** Every `number<!--n:key-->` of SECURITY.md (digits, optionally grouped by spaces). */
export function docCounts(text = readFileSync(SECURITY_MD, 'utf8')): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const m of text.matchAll(/(\d[\d\u00a0 ]*)<!--n:([a-z0-9.-]+)-->/g)) {
    out.set(m[2]!, [...(out.get(m[2]!) ?? []), Number(m[1]!.replace(/[\u00a0 ]/g, ''))]);
  }
  return out;
}

/**
 * Asserts that SECURITY.md states `actual` wherever it marks `key`. With
 * `SECURITY_DOC_COUNTS=print` it prints `key = actual` instead, to see what to write after a change.
 */
export function expectDocCount(key: string, actual: number): void {
  const stated = docCounts().get(key);
  if (process.env.SECURITY_DOC_COUNTS === 'print') {
    process.stdout.write(`SECURITY.md count ${key} = ${actual} (stated: ${stated?.join(', ') ?? 'none'})\n`);
    return;
  }
  expect(stated, `SECURITY.md has no count marked <!--n:${key}--> (the test tries ${actual})`).toBeDefined();
  for (const n of stated!) expect(n, `SECURITY.md states ${n}<!--n:${key}-->, the test tries ${actual}: write ${actual} there`).toBe(actual);
}
