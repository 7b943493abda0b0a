import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSieFile } from './index.ts';
import { HEADER, sieBytes } from '../../../test/support/sie.ts';

describe('readSieFile progress', () => {
  it('reports the bytes read after each chunk, up to the file’s size', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sie-progress-'));
    const file = path.join(dir, 'big.se');
    const vouchers = Array.from({ length: 30_000 }, (_, i) => [`#VER A ${i + 1} 20240315 "Verifikation ${i + 1}"`, '{', '\t#TRANS 4010 {} 100.00', '\t#TRANS 2440 {} -100.00', '}']).flat();
    writeFileSync(file, sieBytes([...HEADER, ...vouchers]));
    const size = statSync(file).size;
    const calls: Array<[number, number]> = [];
    const r = await readSieFile(file, { fileName: 'big.se', onProgress: (bytes, total) => calls.push([bytes, total]) });
    expect(r.counts.VER).toBe(30_000);
    expect(size).toBeGreaterThan(1 << 20); // more than one chunk
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.every(([, total]) => total === size)).toBe(true);
    expect(calls.map(([bytes]) => bytes)).toEqual([...calls.map(([bytes]) => bytes)].sort((a, b) => a - b));
    expect(calls.at(-1)).toEqual([size, size]);
  });
});
