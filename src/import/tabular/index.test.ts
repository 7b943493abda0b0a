import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import { PrognosError, type InputLocation } from '../../core/errors/index.ts';
import {
  checkOrgTree,
  TABULAR_COLUMNS,
  TABULAR_KINDS,
  oreFromSpreadsheetNumber,
  parseCsvText,
  readTabularFile,
  type AmountRecord,
  type TabularKind,
} from './index.ts';

import { badInputFrom, csv, rejection } from '../../../test/support/errors.ts';
const amounts = (text: string): AmountRecord[] => parseCsvText('amounts', text, 'b.csv').records;

const AMOUNT_HEADER = 'scenario,year,period,unit,account,activity,project,amount';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prognos-tabular-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('org files', () => {
  it('reads a comma-separated unit tree in file order with null parent for roots and null budget level when the column is absent', () => {
    const r = parseCsvText('org', csv('code,name,parent,level', 'KS,Kommunstyrelsen,,board', 'OKA,Kommunstyrelseförvaltningen,KS,RN1', 'KAA,Staben,OKA,RN3'), 'org.csv');
    expect(r.kind).toBe('org');
    expect(r.file).toBe('org.csv');
    expect(r.warnings).toEqual([]);
    expect(r.records).toEqual([
      { code: 'KS', name: 'Kommunstyrelsen', parent: null, level: 'board', budgetLevel: null, sortOrder: 0, line: 2 },
      { code: 'OKA', name: 'Kommunstyrelseförvaltningen', parent: 'KS', level: 'RN1', budgetLevel: null, sortOrder: 1, line: 3 },
      { code: 'KAA', name: 'Staben', parent: 'OKA', level: 'RN3', budgetLevel: null, sortOrder: 2, line: 4 },
    ]);
  });

  it('reads a semicolon-separated file with columns in another order, header case and spaces ignored, and a child before its parent', () => {
    const r = parseCsvText('org', csv(' Level ;CODE; budget_level ;Parent;Name', 'RN1;OKA;Stab;KS;Förvaltningen', 'board;KS;;;Kommunstyrelsen'), 'org.csv');
    expect(r.records).toEqual([
      { code: 'OKA', name: 'Förvaltningen', parent: 'KS', level: 'RN1', budgetLevel: 'Stab', sortOrder: 0, line: 2 },
      { code: 'KS', name: 'Kommunstyrelsen', parent: null, level: 'board', budgetLevel: null, sortOrder: 1, line: 3 },
    ]);
  });

  it('rejects a row without code at its line and field code', () => {
    const reason = badInputFrom(() => parseCsvText('org', csv('code,name,parent,level', 'KS,Ks,,board', ',Namn,KS,RN1'), 'org.csv'), {
      file: 'org.csv',
      line: 3,
      field: 'code',
    });
    expect(reason).toContain('"code"');
  });

  it('rejects a row without name at field name', () => {
    badInputFrom(() => parseCsvText('org', csv('code,name,parent,level', 'KS,,,board'), 'org.csv'), { file: 'org.csv', line: 2, field: 'name' });
  });

  it('rejects a row without level at field level', () => {
    badInputFrom(() => parseCsvText('org', csv('code,name,parent,level', 'KS,Ks,,'), 'org.csv'), { file: 'org.csv', line: 2, field: 'level' });
  });

  it('rejects a duplicate unit code at the second line and names the first line', () => {
    const reason = badInputFrom(
      () => parseCsvText('org', csv('code,name,parent,level', 'KS,Ks,,board', 'A,A,KS,RN1', 'KS,Igen,,board'), 'org.csv'),
      { file: 'org.csv', line: 4, field: 'code' },
    );
    expect(reason).toContain('"KS"');
    expect(reason).toContain('rad 2');
  });

  it('rejects a parent that is neither a code in the file nor a stored unit', () => {
    const { records } = parseCsvText('org', csv('code,name,parent,level', 'KS,Ks,,board', 'A,A,KX,RN1'), 'org.csv');
    const reason = badInputFrom(() => checkOrgTree(records, 'org.csv', new Map([['KY', null]])), {
      file: 'org.csv',
      line: 3,
      field: 'parent',
    });
    expect(reason).toContain('"KX"');
  });

  it('rejects a unit that is its own parent', () => {
    const reason = badInputFrom(() => parseCsvText('org', csv('code,name,parent,level', 'KS,Ks,,board', 'A,A,A,RN1'), 'org.csv'), {
      file: 'org.csv',
      line: 3,
      field: 'parent',
    });
    expect(reason).toContain('"A" → "A"');
  });

  it('rejects a cycle through three units at the first member in the file and prints the cycle', () => {
    const text = csv('code,name,parent,level', 'KS,Ks,,board', 'X,X,KS,RN1', 'B,B,C,RN2', 'A,A,B,RN2', 'C,C,A,RN2');
    const reason = badInputFrom(() => parseCsvText('org', text, 'org.csv'), { file: 'org.csv', line: 4, field: 'parent' });
    expect(reason).toContain('cykel');
    expect(reason).toContain('"B" → "C" → "A" → "B"');
  });

  it('accepts a parent that is a stored unit and rejects a cycle through stored units at the file’s line', () => {
    const { records } = parseCsvText('org', csv('code,name,parent,level', 'C,C,B,RN3'), 'org.csv');
    expect(() => checkOrgTree(records, 'org.csv', new Map([['KS', null], ['B', 'KS']]))).not.toThrow();
    const moved = parseCsvText('org', csv('code,name,parent,level', 'X,X,,RN1', 'A,A,B,RN1'), 'org.csv').records;
    const reason = badInputFrom(() => checkOrgTree(moved, 'org.csv', new Map([['KS', null], ['A', 'KS'], ['B', 'A']])), { file: 'org.csv', line: 3, field: 'parent' });
    expect(reason).toContain('"A" → "B" → "A"');
  });

  it('reports a cycle even when the units pointing into it come first', () => {
    const text = csv('code,name,parent,level', 'D,D,A,RN3', 'A,A,B,RN2', 'B,B,A,RN2');
    badInputFrom(() => parseCsvText('org', text, 'org.csv'), { file: 'org.csv', line: 3, field: 'parent' });
  });
});

describe('account files', () => {
  it('takes the default group for an empty group and marks an explicit group as override, accepting lower case', () => {
    const r = parseCsvText('accounts', csv('account,name,group', '3010,Försäljning,', '6110,Lokalhyra,6b', '2440,Leverantörsskulder,', '4010,Inköp,4'), 'k.csv');
    expect(r.records).toEqual([
      { account: '3010', name: 'Försäljning', group: '3', groupOverride: false },
      { account: '6110', name: 'Lokalhyra', group: '6B', groupOverride: true },
      { account: '2440', name: 'Leverantörsskulder', group: null, groupOverride: false },
      { account: '4010', name: 'Inköp', group: '4', groupOverride: true },
    ]);
  });

  it('accepts an accounts file without the optional group column', () => {
    const r = parseCsvText('accounts', csv('name;account', 'Lokalhyra;6110'), 'k.csv');
    expect(r.records).toEqual([{ account: '6110', name: 'Lokalhyra', group: '6A', groupOverride: false }]);
  });

  it('rejects an unknown account group at field group', () => {
    const reason = badInputFrom(() => parseCsvText('accounts', csv('account,name,group', '3010,Försäljning,8'), 'k.csv'), {
      file: 'k.csv',
      line: 2,
      field: 'group',
    });
    expect(reason).toContain('"8"');
    expect(reason).toContain('3, 4, 5, 6A, 6B, 7, I');
  });

  it('rejects a duplicate account naming the earlier line', () => {
    const reason = badInputFrom(() => parseCsvText('accounts', csv('account,name', '3010,A', '3010,B'), 'k.csv'), {
      file: 'k.csv',
      line: 3,
      field: 'account',
    });
    expect(reason).toContain('rad 2');
  });

  it('rejects an account row without a name', () => {
    badInputFrom(() => parseCsvText('accounts', csv('account,name', '3010,'), 'k.csv'), { file: 'k.csv', line: 2, field: 'name' });
  });
});

describe('activity files', () => {
  it('reads a tab-separated activity file', () => {
    const r = parseCsvText('activities', csv('code\tname', '1000\tNämnd- och styrelseverksamhet', '9000\tKommungemensam verksamhet'), 'v.csv');
    expect(r.records).toEqual([
      { code: '1000', name: 'Nämnd- och styrelseverksamhet' },
      { code: '9000', name: 'Kommungemensam verksamhet' },
    ]);
  });

  it('rejects a duplicate activity code', () => {
    badInputFrom(() => parseCsvText('activities', csv('code,name', '1000,A', '1000,B'), 'v.csv'), { file: 'v.csv', line: 3, field: 'code' });
  });

  it('rejects an activity without a code', () => {
    badInputFrom(() => parseCsvText('activities', csv('code,name', ',A'), 'v.csv'), { file: 'v.csv', line: 2, field: 'code' });
  });
});

describe('amount files: values', () => {
  it('reads comma-separated amounts with ledger sign, empty period as annual and empty activity/project as empty strings', () => {
    const r = amounts(csv(AMOUNT_HEADER, 'actual,2024,3,KAA,5010,1000,P1,1234.50', 'budget,2024,,KAA,3010,,,-2000', 'forecast:P1,2024,,KAA,4010,,,0.05'));
    expect(r).toEqual([
      { scenario: 'actual', year: 2024, period: 3, unit: 'KAA', account: '5010', activity: '1000', project: 'P1', amountOre: 123450, line: 2 },
      { scenario: 'budget', year: 2024, period: null, unit: 'KAA', account: '3010', activity: '', project: '', amountOre: -200000, line: 3 },
      { scenario: 'forecast:P1', year: 2024, period: null, unit: 'KAA', account: '4010', activity: '', project: '', amountOre: 5, line: 4 },
    ]);
  });

  it('reads semicolon-separated amounts with decimal comma, U+2212 minus and space, no-break space and narrow no-break space thousands separators', () => {
    const r = amounts(
      csv('scenario;year;period;unit;account;amount', 'actual;2024;1;U;5010;1 234,50', 'actual;2024;2;U;5010;\u22121\u00a0000,25', 'actual;2024;3;U;5010;12\u202f345', 'budget_osb;2024;;U;3010;-0,5'),
    );
    expect(r.map((x) => x.amountOre)).toEqual([123450, -100025, 1234500, -50]);
    expect(r.map((x) => x.activity + x.project)).toEqual(['', '', '', '']);
  });

  it('accepts a quoted decimal-comma amount in a comma-separated file', () => {
    expect(amounts(csv(AMOUNT_HEADER, 'carryover,2024,,U,5010,,,"-1 234,56"')).map((x) => x.amountOre)).toEqual([-123456]);
  });

  it('ignores a UTF-8 BOM, CRLF line endings and empty lines while keeping line numbers', () => {
    const text = '\uFEFF' + ['', AMOUNT_HEADER, '', 'actual,2024,1,U,5010,,,1', ' ', ',,,,,,,', 'actual,2024,13,U,5010,,,1', ''].join('\r\n');
    const reason = badInputFrom(() => amounts(text), { file: 'b.csv', line: 7, field: 'period' });
    expect(reason).toBe('"13" är ingen period (1–12 eller tom)');
    expect(amounts(text.replace(',13,', ',12,')).map((x) => x.period)).toEqual([1, 12]);
  });

  it('reads a header-only file as zero records', () => {
    expect(parseCsvText('amounts', AMOUNT_HEADER + '\n', 'b.csv').records).toEqual([]);
    expect(parseCsvText('org', 'code;name;parent;level', 'o.csv').records).toEqual([]);
  });

  it('keeps the start line of a record for rows after a quoted field that spans lines', () => {
    const text = csv('code,name,parent,level', 'KS,"Kommun-\nstyrelsen",,board', 'A,,KS,RN1');
    badInputFrom(() => parseCsvText('org', text, 'o.csv'), { file: 'o.csv', line: 4, field: 'name' });
  });

  it('reports an error in a quoted field that spans lines at the line where the record starts', () => {
    const text = csv('code,name,parent,level', 'KS,Ks,,board', 'A,"Avdelning\nA",KS,');
    badInputFrom(() => parseCsvText('org', text, 'o.csv'), { file: 'o.csv', line: 3, field: 'level' });
  });

  it('reads a minus-zero amount as plain zero', () => {
    expect(Object.is(amounts(csv(AMOUNT_HEADER, 'actual,2024,1,U,5010,,,-0.00'))[0]!.amountOre, 0)).toBe(true);
  });

  it('uses the delimiter named in an Excel "sep=" line and skips that line', () => {
    const r = amounts(csv('sep=;', 'scenario;year;period;unit;account;amount', 'actual;2024;1;U;5010;1,5'));
    expect(r.map((x) => x.amountOre)).toEqual([150]);
  });

  it('accepts periods written with a leading zero', () => {
    expect(amounts(csv(AMOUNT_HEADER, 'actual,2024,09,U,5010,,,1')).map((x) => x.period)).toEqual([9]);
  });
});

describe('amount files: errors', () => {
  const row = (fields: string): string => csv(AMOUNT_HEADER, 'actual,2024,1,U,5010,,,1', fields);
  const at = (field: string): InputLocation => ({ file: 'b.csv', line: 3, field });

  it('rejects period 13 with the documented message', () => {
    expect(badInputFrom(() => amounts(row('actual,2024,13,U,5010,,,1')), at('period'))).toBe('"13" är ingen period (1–12 eller tom)');
  });

  it('rejects period 0 and a non-numeric period', () => {
    badInputFrom(() => amounts(row('actual,2024,0,U,5010,,,1')), at('period'));
    badInputFrom(() => amounts(row('actual,2024,mars,U,5010,,,1')), at('period'));
  });

  it('rejects a two-digit year and a year outside 1900–2200', () => {
    expect(badInputFrom(() => amounts(row('actual,24,1,U,5010,,,1')), at('year'))).toContain('"24"');
    badInputFrom(() => amounts(row('actual,2201,1,U,5010,,,1')), at('year'));
    badInputFrom(() => amounts(row('actual,1899,1,U,5010,,,1')), at('year'));
  });

  it('rejects an empty year', () => {
    badInputFrom(() => amounts(row('actual,,1,U,5010,,,1')), at('year'));
  });

  it('rejects an unknown scenario and an empty scenario', () => {
    expect(badInputFrom(() => amounts(row('utfall,2024,1,U,5010,,,1')), at('scenario'))).toContain('utfall');
    badInputFrom(() => amounts(row(',2024,1,U,5010,,,1')), at('scenario'));
  });

  it('rejects an empty unit and an empty account', () => {
    badInputFrom(() => amounts(row('actual,2024,1,,5010,,,1')), at('unit'));
    badInputFrom(() => amounts(row('actual,2024,1,U,,,,1')), at('account'));
  });

  it('rejects an empty amount', () => {
    expect(badInputFrom(() => amounts(row('actual,2024,1,U,5010,,,')), at('amount'))).toContain('belopp saknas');
  });

  it('rejects an amount with three decimals and one with an English thousands separator', () => {
    badInputFrom(() => amounts(row('actual,2024,1,U,5010,,,1.234')), at('amount'));
    badInputFrom(() => amounts(csv('scenario;year;period;unit;account;amount', 'actual;2024;1;U;5010;1,234.50')), {
      file: 'b.csv',
      line: 2,
      field: 'amount',
    });
  });

  it('rejects a duplicate amount key at the second line naming the first', () => {
    const text = csv(AMOUNT_HEADER, 'actual,2024,1,U,5010,,,1', 'actual,2024,2,U,5010,,,1', 'actual,2024,1,U,5010,,,7');
    const reason = badInputFrom(() => amounts(text), { file: 'b.csv', line: 4 });
    expect(reason).toContain('rad 2');
  });

  it('treats rows differing only in activity, project, period or scenario as different keys', () => {
    const text = csv(
      AMOUNT_HEADER,
      'actual,2024,1,U,5010,,,1',
      'actual,2024,1,U,5010,1000,,1',
      'actual,2024,1,U,5010,,P,1',
      'actual,2024,,U,5010,,,1',
      'budget,2024,1,U,5010,,,1',
    );
    expect(amounts(text)).toHaveLength(5);
  });

  it('rejects an unquoted decimal comma in a comma-separated file as a value without a header', () => {
    const reason = badInputFrom(() => amounts(csv(AMOUNT_HEADER, 'actual,2024,1,U,5010,,,1234,50')), { file: 'b.csv', line: 2 });
    expect(reason).toContain('citattecken');
  });

  it('rejects a row with fewer fields than the header', () => {
    const reason = badInputFrom(() => amounts(csv(AMOUNT_HEADER, 'actual;2024;1;U;5010;;;1')), { file: 'b.csv', line: 2 });
    expect(reason).toContain('1 fält');
  });

  it('rejects a quote that is never closed at the line where the record starts', () => {
    badInputFrom(() => parseCsvText('activities', csv('code,name', '1000,A', '2000,"B', '3000,C'), 'v.csv'), { file: 'v.csv', line: 3 });
  });
});

describe('headers', () => {
  it('rejects an empty file and names the required columns', () => {
    const reason = badInputFrom(() => parseCsvText('amounts', '\n\n', 'b.csv'), { file: 'b.csv' });
    for (const c of ['scenario', 'year', 'period', 'unit', 'account', 'amount']) expect(reason).toContain(`"${c}"`);
  });

  it('rejects a missing required column naming it in reason and field', () => {
    const reason = badInputFrom(() => parseCsvText('amounts', csv('scenario,year,period,unit,account', 'actual,2024,1,U,5010'), 'b.csv'), {
      file: 'b.csv',
      line: 1,
      field: 'amount',
    });
    expect(reason).toContain('"amount"');
  });

  it('rejects an unknown column naming it and suggesting the documented name', () => {
    const reason = badInputFrom(() => parseCsvText('amounts', csv('scenario,year,period,unit,account,amout'), 'b.csv'), {
      file: 'b.csv',
      line: 1,
      field: 'amout',
    });
    expect(reason).toContain('"amout"');
    expect(reason).toContain('menade du "amount"');
  });

  it('names every unknown column', () => {
    const reason = badInputFrom(() => parseCsvText('activities', csv('code,name,kommentar,extra'), 'v.csv'), {
      file: 'v.csv',
      line: 1,
      field: 'kommentar, extra',
    });
    expect(reason).toContain('"kommentar", "extra"');
  });

  it('rejects a column that appears twice', () => {
    badInputFrom(() => parseCsvText('activities', csv('code,name,Code'), 'v.csv'), { file: 'v.csv', line: 1, field: 'code' });
  });

  it('ignores a trailing column without header when it holds no values', () => {
    expect(parseCsvText('activities', csv('code;name;;', '1000;A;;', '2000;B'), 'v.csv').records).toHaveLength(2);
  });

  it('documents every column of every kind in Swedish, with the required flags the parser enforces', () => {
    expect(Object.keys(TABULAR_COLUMNS).sort()).toEqual([...TABULAR_KINDS].sort());
    const required = (k: TabularKind) => TABULAR_COLUMNS[k].filter((c) => c.required).map((c) => c.name);
    expect(required('org')).toEqual(['code', 'name', 'parent', 'level']);
    expect(required('accounts')).toEqual(['account', 'name']);
    expect(required('activities')).toEqual(['code', 'name']);
    expect(required('amounts')).toEqual(['scenario', 'year', 'period', 'unit', 'account', 'amount']);
    for (const k of TABULAR_KINDS) {
      // A header of the required columns alone is accepted.
      expect(parseCsvText(k, required(k).join(',') + '\n', 'x.csv').records).toEqual([]);
      for (const c of TABULAR_COLUMNS[k]) expect(c.description.length).toBeGreaterThan(10);
    }
  });
});

describe('readTabularFile with CSV', () => {
  it('reads a Windows-1252 file and says so in a warning', async () => {
    const path = join(dir, 'ansi.csv');
    await writeFile(path, iconv.encode('code;name\r\n1000;Nämnd- och styrelseverksamhet, Åre, Öl\r\n', 'win1252'));
    const r = await readTabularFile('activities', path);
    expect(r.records).toEqual([{ code: '1000', name: 'Nämnd- och styrelseverksamhet, Åre, Öl' }]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain('Windows-1252');
  });

  it('reads a UTF-8 file with BOM without warnings and reports errors with the path as given', async () => {
    const path = join(dir, 'bom.csv');
    await writeFile(path, '\uFEFFcode,name\n1000,Nämnd\n,Utan kod\n', 'utf8');
    const err = await rejection(readTabularFile('activities', path));
    expect(err.location).toEqual({ file: path, line: 3, field: 'code' });
    await writeFile(path, '\uFEFFcode,name\n1000,Nämnd\n', 'utf8');
    const r = await readTabularFile('activities', path);
    expect(r).toEqual({ kind: 'activities', file: path, records: [{ code: '1000', name: 'Nämnd' }], warnings: [] });
  });

  it('reads a UTF-16 file with BOM as saved by Excel as Unicode text', async () => {
    const path = join(dir, 'utf16.csv');
    await writeFile(path, Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('code\tname\r\n1000\tÖverförmyndare\r\n', 'utf16le')]));
    expect((await readTabularFile('activities', path)).records).toEqual([{ code: '1000', name: 'Överförmyndare' }]);
  });

  it('rejects a missing file, an unknown extension and a legacy .xls file', async () => {
    expect((await rejection(readTabularFile('org', join(dir, 'saknas.csv')))).code).toBe('BAD_INPUT');
    const txt = join(dir, 'org.txt');
    await writeFile(txt, 'code,name,parent,level\n');
    const e2 = await rejection(readTabularFile('org', txt));
    expect(e2.code).toBe('BAD_INPUT');
    expect(e2.location).toEqual({ file: txt });
    const xls = join(dir, 'org.xls');
    await writeFile(xls, 'x');
    expect((await rejection(readTabularFile('org', xls))).code).toBe('UNSUPPORTED');
  });
});

describe('readTabularFile with XLSX', () => {
  async function xlsx(name: string, data: SheetData): Promise<string> {
    const path = join(dir, name);
    await writeXlsxFile(data).toFile(path);
    return path;
  }

  it('round-trips an org tree, numeric codes included', async () => {
    const path = await xlsx('org.xlsx', [
      ['Code', 'Name', 'Parent', 'Level', 'Budget_Level'],
      ['KS', 'Kommunstyrelsen', null, 'board', 'Kommunstyrelsen'],
      [100, 'Staben', 'KS', 'RN1', null],
    ]);
    const r = await readTabularFile('org', path);
    expect(r).toEqual({
      kind: 'org',
      file: path,
      warnings: [],
      records: [
        { code: 'KS', name: 'Kommunstyrelsen', parent: null, level: 'board', budgetLevel: 'Kommunstyrelsen', sortOrder: 0, line: 2 },
        { code: '100', name: 'Staben', parent: 'KS', level: 'RN1', budgetLevel: null, sortOrder: 1, line: 3 },
      ],
    });
  });

  it('round-trips accounts and activities', async () => {
    const acc = await xlsx('acc.xlsx', [
      ['account', 'name', 'group'],
      [6110, 'Lokalhyra', null],
      [1120, 'Inventarier', 'I'],
    ]);
    expect((await readTabularFile('accounts', acc)).records).toEqual([
      { account: '6110', name: 'Lokalhyra', group: '6A', groupOverride: false },
      { account: '1120', name: 'Inventarier', group: 'I', groupOverride: true },
    ]);
    const act = await xlsx('act.xlsx', [['code', 'name'], [1000, 'Nämnd']]);
    expect((await readTabularFile('activities', act)).records).toEqual([{ code: '1000', name: 'Nämnd' }]);
  });

  it('round-trips amounts from numeric and text cells, turning float noise into exact öre', async () => {
    const path = await xlsx('amounts.xlsx', [
      ['scenario', 'year', 'period', 'unit', 'account', 'activity', 'project', 'amount'],
      ['actual', 2024, 1, 'KAA', 5010, 1000, null, 0.1 + 0.2],
      ['actual', 2024, 2, 'KAA', 5010, null, null, 0.1 + 0.2 - 0.3],
      ['actual', 2024, 3, 'KAA', 5010, null, null, 1000000.1 - 999999.9],
      ['budget', 2024, null, 'KAA', 3010, null, null, -(0.1 + 0.7)],
      ['budget', 2024, 1, 'KAA', 3010, null, null, '−1 234,50'],
      ['forecast:P2', 2024, null, 'KAA', 3010, null, null, 1234567.89],
    ]);
    const r = await readTabularFile('amounts', path);
    expect(r.records.map((x) => x.amountOre)).toEqual([30, 0, 20, -80, -123450, 123456789]);
    expect(r.records[0]).toEqual({
      scenario: 'actual',
      year: 2024,
      period: 1,
      unit: 'KAA',
      account: '5010',
      activity: '1000',
      project: '',
      amountOre: 30,
      line: 2,
    });
    expect(r.records[3]!.period).toBeNull();
    expect(Object.is(r.records[1]!.amountOre, -0)).toBe(false);
  });

  it('reports errors at the spreadsheet row number, counting empty rows above and between', async () => {
    const path = await xlsx('rows.xlsx', [
      [null, null, null, null, null, null],
      ['scenario', 'year', 'period', 'unit', 'account', 'amount'],
      ['actual', 2024, 1, 'U', 5010, 1],
      [null, null, null, null, null, null],
      ['actual', 2024, 1, 'U', 5010, 12.345],
    ]);
    const err = await rejection(readTabularFile('amounts', path));
    expect(err.location).toEqual({ file: path, line: 5, field: 'amount' });
    expect(err.reason).toContain('12,345');
  });

  it('rejects a date-formatted year cell and a fractional period', async () => {
    const dated = await xlsx('date.xlsx', [
      ['scenario', 'year', 'period', 'unit', 'account', 'amount'],
      ['actual', { value: new Date(Date.UTC(2024, 0, 1)), format: 'yyyy-mm-dd' }, 1, 'U', 5010, 1],
    ]);
    expect((await rejection(readTabularFile('amounts', dated))).location).toEqual({ file: dated, line: 2, field: 'year' });
    const frac = await xlsx('frac.xlsx', [
      ['scenario', 'year', 'period', 'unit', 'account', 'amount'],
      ['actual', 2024, 1.5, 'U', 5010, 1],
    ]);
    expect((await rejection(readTabularFile('amounts', frac))).location).toEqual({ file: frac, line: 2, field: 'period' });
  });

  it('rejects a duplicate amount key across XLSX rows', async () => {
    const path = await xlsx('dup.xlsx', [
      ['scenario', 'year', 'period', 'unit', 'account', 'amount'],
      ['actual', 2024, 1, 'U', 5010, 1],
      ['actual', 2024, 1, 'U', '5010', 2],
    ]);
    const err = await rejection(readTabularFile('amounts', path));
    expect(err.location).toEqual({ file: path, line: 3 });
    expect(err.reason).toContain('rad 2');
  });

  it('reads only the first sheet and warns about the others', async () => {
    const path = join(dir, 'sheets.xlsx');
    await writeXlsxFile([
      { sheet: 'Verksamheter', data: [['code', 'name'], ['1000', 'Nämnd']] },
      { sheet: 'Anteckningar', data: [['vad som helst']] },
    ]).toFile(path);
    const r = await readTabularFile('activities', path);
    expect(r.records).toEqual([{ code: '1000', name: 'Nämnd' }]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain('"Anteckningar"');
  });

  it('rejects a file that is not an XLSX workbook', async () => {
    const path = join(dir, 'fake.xlsx');
    await writeFile(path, 'code,name\n1000,A\n');
    const err = await rejection(readTabularFile('activities', path));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.location).toEqual({ file: path });
  });

  it('reads a header-only workbook as zero records and an empty workbook as an error naming the columns', async () => {
    const header = await xlsx('header.xlsx', [['code', 'name']]);
    expect((await readTabularFile('activities', header)).records).toEqual([]);
    const empty = join(dir, 'empty.xlsx');
    await writeFile(empty, '');
    const err = await rejection(readTabularFile('activities', empty));
    expect(err.location).toEqual({ file: empty });
    expect(err.reason).toContain('"code"');
  });
});

describe('numbers from spreadsheet cells', () => {
  it('turns float noise into whole öre and keeps exact values', () => {
    expect(oreFromSpreadsheetNumber(0.1 + 0.2)).toBe(30);
    expect(oreFromSpreadsheetNumber(0.7 + 0.1)).toBe(80);
    expect(oreFromSpreadsheetNumber(1.1 * 3)).toBe(330);
    expect(oreFromSpreadsheetNumber(-1234567.89)).toBe(-123456789);
    expect(oreFromSpreadsheetNumber(0.1 + 0.2 - 0.3)).toBe(0);
    expect(oreFromSpreadsheetNumber(1e12)).toBe(1e14);
    expect(Object.is(oreFromSpreadsheetNumber(0.3 - 0.1 - 0.2), 0)).toBe(true); // noise below zero is not -0
  });

  it('rejects real third decimals, sub-öre fractions and non-finite values', () => {
    const where = { file: 'f.xlsx', line: 4, field: 'amount' };
    for (const v of [12.345, 1.005, 0.001, 1 / 3, 0.0005, Number.NaN, Number.POSITIVE_INFINITY]) {
      badInputFrom(() => oreFromSpreadsheetNumber(v, where), where);
    }
  });

  it('rejects an amount too large to be a real value', () => {
    badInputFrom(() => oreFromSpreadsheetNumber(1e14), {});
  });

  it('property: the sum or difference of two öre amounts computed in floating point gives back the exact öre sum', () => {
    const ore = fc.integer({ min: -1e11, max: 1e11 }); // ±1 000 000 000 kr
    fc.assert(
      fc.property(ore, ore, (a, b) => {
        expect(oreFromSpreadsheetNumber(a / 100 + b / 100)).toBe(a + b);
        expect(oreFromSpreadsheetNumber(a / 100 - b / 100)).toBe(a - b);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('property: amounts written to CSV', () => {
  /** Format öre as a Swedish or plain kronor string in one of the accepted styles. */
  function kronor(oreValue: number, style: { comma: boolean; unicodeMinus: boolean; thousands: string; decimals: 0 | 1 | 2 }): string {
    const neg = oreValue < 0;
    const abs = Math.abs(oreValue);
    const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, style.thousands);
    const cents = String(abs % 100).padStart(2, '0');
    // Drop decimals only when they are zeros, so the text still means the same amount.
    const frac = style.decimals === 2 || cents !== '00' ? (style.decimals === 1 && cents[1] === '0' ? cents[0]! : cents) : '';
    const sign = neg ? (style.unicodeMinus ? '\u2212' : '-') : '';
    return `${sign}${whole}${frac === '' ? '' : (style.comma ? ',' : '.') + frac}`;
  }

  it('parses random valid amount rows back to the same öre values and keys', () => {
    const styleArb = fc.record({
      comma: fc.boolean(),
      unicodeMinus: fc.boolean(),
      thousands: fc.constantFrom('', ' ', '\u00a0', '\u202f'),
      decimals: fc.constantFrom<0 | 1 | 2>(0, 1, 2),
    });
    const rowArb = fc.record({
      scenario: fc.constantFrom('actual', 'budget', 'budget_osb', 'carryover', 'forecast:P1', 'forecast:P2'),
      year: fc.integer({ min: 1900, max: 2200 }),
      period: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
      unit: fc.stringMatching(/^[A-ZÅÄÖ0-9]{1,6}$/),
      activity: fc.constantFrom('', '1000', '9000'),
      ore: fc.integer({ min: -1e12, max: 1e12 }),
      style: styleArb,
    });
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 30 }), fc.constantFrom(',', ';', '\t'), fc.boolean(), (rows, delimiter, crlf) => {
        const quote = (s: string): string => (s.includes(delimiter) ? `"${s}"` : s);
        const lines = [['scenario', 'year', 'period', 'unit', 'account', 'activity', 'amount'].join(delimiter)];
        rows.forEach((r, i) => {
          // The account is unique per row, so no two rows share a key.
          const fields = [r.scenario, String(r.year), r.period === null ? '' : String(r.period), r.unit, String(30000 + i), r.activity, kronor(r.ore, r.style)];
          lines.push(fields.map(quote).join(delimiter));
        });
        const parsed = parseCsvText('amounts', lines.join(crlf ? '\r\n' : '\n'), 'p.csv').records;
        expect(parsed).toEqual(
          rows.map((r, i) => ({
            scenario: r.scenario,
            year: r.year,
            period: r.period,
            unit: r.unit,
            account: String(30000 + i),
            activity: r.activity,
            project: '',
            amountOre: r.ore,
            line: i + 2,
          })),
        );
      }),
      { numRuns: 300 },
    );
  });
});
