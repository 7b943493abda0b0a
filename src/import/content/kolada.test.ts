import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrognosError, type InputLocation } from '../../core/errors/index.ts';
import { parseKoladaJson, readKoladaFile } from './index.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prognos-kolada-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function rejection(p: Promise<unknown>): Promise<PrognosError> {
  let thrown: unknown;
  try {
    await p;
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(PrognosError);
  expect((thrown as PrognosError).code).toBe('BAD_INPUT');
  return thrown as PrognosError;
}

function badInputFrom(text: string, where: Omit<InputLocation, 'file'>): string {
  let thrown: unknown;
  try {
    parseKoladaJson(text, 'k.json');
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(PrognosError);
  const err = thrown as PrognosError;
  expect(err.code).toBe('BAD_INPUT');
  expect(err.location).toEqual({ file: 'k.json', ...where });
  return err.reason;
}

/** A v2 answer as https://api.kolada.se/v2/data/kpi/N00945,N00946/municipality/1880/year/2021,2022 gives it. */
const V2 = {
  count: 3,
  values: [
    {
      kpi: 'N00945',
      municipality: '1880',
      period: 2021,
      values: [
        { count: 1, gender: 'K', status: '', value: 12.3 },
        { count: 1, gender: 'M', status: '', value: 10.05 },
        { count: 1, gender: 'T', status: '', value: 11.2 },
      ],
    },
    {
      kpi: 'N00945',
      municipality: '1880',
      period: 2022,
      values: [{ count: 0, gender: 'T', status: 'Missing', value: null }],
    },
    {
      kpi: 'N00946',
      municipality: '0180',
      period: 2022,
      values: [{ count: 1, gender: 'T', status: '', value: 153317 }],
    },
  ],
};

/** A v3 answer (api.kolada.se/v3/data/…): the same shape, period possibly as text, a link to the next page. */
const V3 = {
  values: [
    {
      kpi: 'U00958',
      municipality: '1880',
      period: '2023',
      values: [
        { gender: 'T', count: 1, status: '', value: 0.1, isdeleted: false },
        { gender: 'K', count: 1, status: '', value: 1e-7, isdeleted: false },
      ],
    },
  ],
  count: 2,
  next_url: 'https://api.kolada.se/v3/data/kpi/U00958/municipality/1880?page=2&per_page=1',
  previous_url: null,
};

describe('Kolada data files', () => {
  it('reads a v2 answer into values per KPI, municipality, year and breakdown, skipping and counting nulls', async () => {
    const path = await file('v2.json', JSON.stringify(V2, null, 2));
    const r = await readKoladaFile(path);
    expect(r.records).toEqual([
      { kpi: 'N00945', municipality: '1880', year: 2021, breakdown: 'K', value: '12.3', path: '$.values[0].values[0]' },
      { kpi: 'N00945', municipality: '1880', year: 2021, breakdown: 'M', value: '10.05', path: '$.values[0].values[1]' },
      { kpi: 'N00945', municipality: '1880', year: 2021, breakdown: 'T', value: '11.2', path: '$.values[0].values[2]' },
      { kpi: 'N00946', municipality: '0180', year: 2022, breakdown: 'T', value: '153317', path: '$.values[2].values[0]' },
    ]);
    expect(r.skipped).toBe(1);
    expect(r.warnings).toEqual(['1 värde saknades i Kolada (null) och hoppades över']);
  });

  it('reads a v3 answer with the period as text, ignores unknown properties and warns that only one page was read', async () => {
    const path = await file('v3.json', '\uFEFF' + JSON.stringify(V3));
    const r = await readKoladaFile(path);
    expect(r.records).toEqual([
      { kpi: 'U00958', municipality: '1880', year: 2023, breakdown: 'T', value: '0.1', path: '$.values[0].values[0]' },
      { kpi: 'U00958', municipality: '1880', year: 2023, breakdown: 'K', value: '0.0000001', path: '$.values[0].values[1]' },
    ]);
    expect(r.skipped).toBe(0);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain('page=2');
  });

  it('keeps decimal literals exactly as written, trailing zeros aside', () => {
    const r = parseKoladaJson('{"values":[{"kpi":"N1","municipality":"1880","period":2022,"values":[{"gender":"T","value":12.30},{"gender":"K","value":-0.5},{"gender":"M","value":85.4}]}]}', 'k.json');
    expect(r.records.map((x) => x.value)).toEqual(['12.3', '-0.5', '85.4']);
  });

  it('reads an answer without values as zero records', () => {
    expect(parseKoladaJson('{"count":0,"values":[]}', 'k.json')).toEqual({ file: 'k.json', records: [], skipped: 0, warnings: [] });
  });
});

describe('Kolada data files: errors', () => {
  const entry = (over: Record<string, unknown>, value: Record<string, unknown> = { gender: 'T', value: 1 }) =>
    JSON.stringify({ values: [{ kpi: 'N00945', municipality: '1880', period: 2022, values: [{ gender: 'T', value: 1 }] }, { kpi: 'N00945', municipality: '1880', period: 2021, values: [value], ...over }] });

  it('rejects text that is not JSON at the line of the problem', () => {
    const reason = badInputFrom('{\n  "values": [\n    {"kpi": "N00945",}\n  ]\n}', { line: 3, field: '$' });
    expect(reason).toContain('ingen giltig JSON');
  });

  it('rejects an empty file', async () => {
    const path = await file('empty.json', '');
    expect((await rejection(readKoladaFile(path))).location).toEqual({ file: path });
  });

  it('rejects a document that is not an object with a values list', () => {
    badInputFrom('[1, 2]', { field: '$' });
    expect(badInputFrom('{"count": 1}', { field: '$.values' })).toContain('saknas');
    badInputFrom('{"values": {"kpi": "N00945"}}', { field: '$.values' });
  });

  it('rejects an entry that is not an object', () => {
    badInputFrom('{"values": [42]}', { field: '$.values[0]' });
  });

  it('rejects a missing KPI id and a municipality given as a number', () => {
    badInputFrom(entry({ kpi: null }), { field: '$.values[1].kpi' });
    expect(badInputFrom(entry({ municipality: 180 }), { field: '$.values[1].municipality' })).toContain('ledande nollor');
  });

  it('rejects values per organisational unit', () => {
    badInputFrom(JSON.stringify({ values: [{ kpi: 'N1', ou: 'V15E188001', period: 2022, values: [] }] }), { field: '$.values[0].ou' });
  });

  it('rejects a period that is not a year', () => {
    badInputFrom(entry({ period: '2022M03' }), { field: '$.values[1].period' });
    badInputFrom(entry({ period: 22 }), { field: '$.values[1].period' });
    badInputFrom(entry({ period: null }), { field: '$.values[1].period' });
  });

  it('rejects values that are not a list, an unknown gender and a value that is not a number', () => {
    badInputFrom(entry({ values: 'T' }), { field: '$.values[1].values' });
    expect(badInputFrom(entry({}, { gender: 'X', value: 1 }), { field: '$.values[1].values[0].gender' })).toContain('"X"');
    badInputFrom(entry({}, { gender: 'T', value: '12,3' }), { field: '$.values[1].values[0].value' });
  });

  it('rejects the same KPI, municipality, year and gender twice, naming where it was first', () => {
    const text = JSON.stringify({
      values: [
        { kpi: 'N00945', municipality: '1880', period: 2022, values: [{ gender: 'T', value: 1 }] },
        { kpi: 'N00945', municipality: '1880', period: '2022', values: [{ gender: 'K', value: 1 }, { gender: 'T', value: 2 }] },
      ],
    });
    expect(badInputFrom(text, { field: '$.values[1].values[1]' })).toContain('$.values[0].values[0]');
  });

  it('rejects a missing file with its path', async () => {
    const path = join(dir, 'saknas.json');
    expect((await rejection(readKoladaFile(path))).location).toEqual({ file: path });
  });
});
