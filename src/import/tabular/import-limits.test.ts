/**
 * Regression tests for issue 12, defect 8: an XLSX zip bomb unpacked without a limit (3.7 GB,
 * 93 s, then "skadad"), and a 50 MB field gave a 50 MB error line. The zip bombs are made here,
 * streamed through fflate's deflate, so no binary is committed and the test never holds the
 * unpacked sheet in memory; bounded memory is shown by the refusal itself, not by timing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, Zip, ZipDeflate } from 'fflate';
import writeXlsxFile from 'write-excel-file/node';
import { MAX_QUOTED_CHARS, PrognosError } from '../../core/errors/index.ts';
import { parseSie } from '../sie/index.ts';
import { parseCsvText, readTabularFile } from './index.ts';
import { XLSX_MAX_UNPACKED_BYTES } from './xlsx-guard.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prognos-limits-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function refusal(p: Promise<unknown> | (() => unknown)): Promise<PrognosError> {
  let thrown: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(PrognosError);
  return thrown as PrognosError;
}

/** A real workbook whose first sheet is replaced by `sheetBytes` bytes of repeated rows, deflated as it is made. */
async function zipBomb(sheetBytes: number): Promise<Buffer> {
  const real = unzipSync(new Uint8Array(await writeXlsxFile([['code', 'name'], ['A', 'B']]).toBuffer()));
  const chunks: Uint8Array[] = [];
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const zip = new Zip((err, chunk, final) => {
    if (err) throw err;
    chunks.push(chunk);
    if (final) done();
  });
  for (const [name, data] of Object.entries(real)) {
    const entry = new ZipDeflate(name, { level: 9 });
    zip.add(entry);
    if (name !== 'xl/worksheets/sheet1.xml') {
      entry.push(data, true);
      continue;
    }
    const open = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
    const row = '<row><c t="inlineStr"><is><t>A</t></is></c></row>';
    const block = Buffer.from(row.repeat(Math.ceil((1 << 20) / row.length)));
    entry.push(open);
    for (let n = 0; n < sheetBytes; n += block.length) entry.push(block);
    entry.push(Buffer.from('</sheetData></worksheet>'), true);
  }
  zip.end();
  await finished;
  return Buffer.concat(chunks);
}

/** Sets every declared uncompressed size in the central directory to `size` (a zip that lies). */
function lieAboutSizes(zip: Buffer, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let p = 0; p + 46 <= out.length; p++) {
    if (out.readUInt32LE(p) !== 0x02014b50) continue;
    out.writeUInt32LE(size, p + 24);
    p += 45;
  }
  return out;
}

describe('import limits: a zip bomb is refused before it is unpacked, and no error line grows with the file', () => {
  it('regression: an XLSX zip bomb (a small file unpacking past the limit) is refused naming the file and the limit, not read until it fails as "skadad"', async () => {
    const bomb = await zipBomb(XLSX_MAX_UNPACKED_BYTES + (20 << 20));
    expect(bomb.length).toBeLessThan(2 << 20); // a small file …
    const path = join(dir, 'bomb.xlsx');
    await writeFile(path, bomb);
    const e = await refusal(readTabularFile('org', path));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.location.file).toBe(path);
    expect(e.reason).toMatch(/^arbetsboken packas upp till 1[12]\d(,\d)? MB, mer än gränsen 100 MB för en \.xlsx-fil: den är för stor eller en så kallad zip-bomb/);
    expect(e.reason).not.toContain('skadad');
  });

  it('regression: a zip bomb whose archive declares small sizes is stopped while inflating, at the limit', async () => {
    const path = join(dir, 'lying-bomb.xlsx');
    await writeFile(path, lieAboutSizes(await zipBomb(XLSX_MAX_UNPACKED_BYTES + (20 << 20)), 1000));
    const e = await refusal(readTabularFile('org', path));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.reason).toContain('mer än 100 MB (delen xl/worksheets/sheet1.xml är större än den uppger)');
    expect(e.reason).toContain('gränsen 100 MB');
  });

  it('still reads an ordinary workbook after its parts are checked', async () => {
    const path = join(dir, 'org.xlsx');
    await writeXlsxFile([['code', 'name', 'parent', 'level'], ['KS', 'Kommunstyrelsen', null, 'board'], ['KAA', 'Kansli', 'KS', 'RN1']]).toFile(path);
    const r = await readTabularFile('org', path);
    expect(r.records.map((x) => x.code)).toEqual(['KS', 'KAA']);
  });

  it('regression: a 50 MB CSV field gives a short error line naming the line, not a 50 MB one', async () => {
    const text = `code,name,parent,level\nKS,Kommunstyrelsen,,board\nKAA,${'x'.repeat(50 << 20)},KS,RN1\n`;
    const e = await refusal(() => parseCsvText('org', text, 'org.csv'));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.location).toMatchObject({ file: 'org.csv', line: 3 });
    expect(e.reason).toContain('raden är längre än 1 048 576 tecken');
    expect(e.message.length).toBeLessThan(300);
  });

  it('regression: a field over 100 000 characters on a line under the record limit is refused naming its column', async () => {
    const e = await refusal(() => parseCsvText('org', `code,name,parent,level\nKAA,${'x'.repeat(200_000)},,RN1\n`, 'org.csv'));
    expect(e.reason).toBe('kolumn 2 är längre än 100 000 tecken; så långa värden tas inte emot');
    expect(e.location.line).toBe(2);
  });

  it('regression: an error quoting a long value (a 90 000-character account group) quotes its first 80 characters and "…"', async () => {
    const long = 'ö'.repeat(90_000);
    const e = await refusal(() => parseCsvText('accounts', `account,name,group\n3000,Intäkter,${long}\n`, 'konton.csv'));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.reason).toContain(`"${'ö'.repeat(MAX_QUOTED_CHARS - 1)}…"`);
    expect(e.message.length).toBeLessThan(400);
  });

  it('a SIE field of 500 000 characters in an error (under the 1 MB line limit) is quoted short', async () => {
    const sie = `#FLAGGA 0\n#FORMAT PC8\n#SIETYP ${'9'.repeat(500_000)}\n`;
    const e = await refusal(() => parseSie([Buffer.from(sie, 'latin1')], { fileName: 'bok.se' }));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message.length).toBeLessThan(400);
    expect(e.reason).toContain('…"');
  });

  it('a SIE line longer than its 1 MB limit is refused with a short error naming the line', async () => {
    const sie = `#FLAGGA 0\n#FNAMN "${'a'.repeat(2 << 20)}"\n`;
    const e = await refusal(() => parseSie([Buffer.from(sie, 'latin1')], { fileName: 'bok.se' }));
    expect(e.reason).toMatch(/^raden är längre än 1 MB/);
    expect(e.location.line).toBe(2);
    expect(e.message.length).toBeLessThan(300);
  });
});
