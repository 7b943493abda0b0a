import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PrognosError } from '../../core/errors/index.ts';
import iconv from 'iconv-lite';
import { crc32 } from './crc32.ts';
import { parseSie, readSieFile } from './index.ts';
import { looksMisencoded } from './encoding.ts';
import { HEADER, parseError, parseLines, sieBytes, sorted, total } from '../../../test/support/sie.ts';

const voucher = (date: string, ...trans: string[]): string[] => [`#VER A 1 ${date} "Test"`, '{', ...trans.map((t) => `\t#TRANS ${t}`), '}'];

describe('vouchers', () => {
  it('books #TRANS rows by unit (dim 1), project (dim 6), fiscal year and month', () => {
    const r = parseLines([
      ...HEADER,
      ...voucher('20240315', '4010 {1 "100" 6 "P1"} 1500.00', '4010 {1 "100"} 250.25', '2440 {} -1750.25'),
    ]);
    expect(sorted(r.rows)).toEqual([
      { scenario: 'actual', year: 2024, period: 3, unit: '', account: '2440', activity: '', project: '', amountOre: -175025 },
      { scenario: 'actual', year: 2024, period: 3, unit: '100', account: '4010', activity: '', project: '', amountOre: 25025 },
      { scenario: 'actual', year: 2024, period: 3, unit: '100', account: '4010', activity: '', project: 'P1', amountOre: 150000 },
    ]);
    expect(r.counts.VER).toBe(1);
    expect(r.counts.TRANS).toBe(3);
  });

  it('aggregates rows with the same key into one row', () => {
    const r = parseLines([...HEADER, ...voucher('20240102', '4010 {1 "100"} 1.00', '4010 {1 "100"} 2.00', '1930 {} -3.00')]);
    expect(r.rows).toHaveLength(2);
    expect(total(r.rows, { account: '4010' })).toBe(300);
  });

  it('uses the transaction date before the voucher date', () => {
    const r = parseLines([...HEADER, ...voucher('20240131', '4010 {} 10.00 20240201', '1930 {} -10.00')]);
    expect(total(r.rows, { account: '4010', period: 2 })).toBe(1000);
    expect(total(r.rows, { account: '1930', period: 1 })).toBe(-1000);
  });

  it('takes unit, activity and project from the dimensions given in the options', () => {
    const r = parseLines([...HEADER, ...voucher('20240102', '4010 {20 "1000" 1 "U" 6 "P"} 5.00', '1930 {} -5.00')], { unitDim: 20, activityDim: 1, projectDim: null });
    const row = r.rows.find((x) => x.account === '4010')!;
    expect(row).toMatchObject({ unit: '1000', activity: 'U', project: '' });
  });

  it('rejects a voucher whose #TRANS rows do not sum to zero, naming the #VER line', () => {
    const e = parseError([...HEADER, ...voucher('20240102', '4010 {} 10.00', '1930 {} -9.99')]);
    expect(e.code).toBe('BAD_INPUT');
    expect(e.location).toEqual({ file: 'test.se', line: HEADER.length + 1, field: '#TRANS belopp' });
    expect(e.reason).toContain('balanserar inte: summan av #TRANS är 0.01');
  });

  it('counts #RTRANS and #BTRANS but books only #TRANS', () => {
    const r = parseLines([
      ...HEADER,
      '#VER A 8 20240110 "Rättad"',
      '{',
      '#BTRANS 1930 {} -1000 20240201',
      '#RTRANS 1930 {} -400 20240201',
      '#TRANS 1930 {} -400 20240110',
      '#BTRANS 4010 {} 1000 20240201',
      '#RTRANS 4010 {} 400 20240201',
      '#TRANS 4010 {} 400 20240110',
      '}',
    ]);
    expect(r.counts).toMatchObject({ TRANS: 2, RTRANS: 2, BTRANS: 2 });
    expect(sorted(r.rows).map((x) => [x.account, x.period, x.amountOre])).toEqual([
      ['1930', 1, -40000],
      ['4010', 1, 40000],
    ]);
  });

  it('accepts an empty voucher with a warning', () => {
    const r = parseLines([...HEADER, '#VER A 1 20240101 ""', '{', '}']);
    expect(r.rows).toEqual([]);
    expect(r.warnings.join('\n')).toContain('1 verifikationer saknar #TRANS-rader');
  });
});

describe('period balances (#PSALDO, #PBUDGET) and #RES', () => {
  const type3 = (...records: string[]): string[] => [...HEADER.filter((l) => !l.startsWith('#SIETYP')), '#SIETYP 3', '#DIM 1 "Ansvar"', '#DIM 6 "Projekt"', ...records];

  it('uses the {} record as the account total and gives the remainder after unit records to unit ""', () => {
    const r = parseLines(type3('#PSALDO 0 202401 4010 {} 1000.00', '#PSALDO 0 202401 4010 {1 "A"} 300.00', '#PSALDO 0 202401 4010 {1 "B"} 200.00', '#PSALDO 0 202401 4010 {7 "101"} 999.00'));
    expect(sorted(r.rows).map((x) => [x.unit, x.amountOre])).toEqual([
      ['', 50000],
      ['A', 30000],
      ['B', 20000],
    ]);
    expect(total(r.rows)).toBe(100000);
  });

  it('keeps every sum the file gives when units and projects come only in separate records, and says so', () => {
    const r = parseLines(type3('#PSALDO 0 202401 4010 {} 1000.00', '#PSALDO 0 202401 4010 {1 "A"} 300.00', '#PSALDO 0 202401 4010 {1 "B"} 200.00', '#PSALDO 0 202401 4010 {6 "P1"} 600.00'));
    expect(total(r.rows)).toBe(100000);
    expect([total(r.rows, { unit: 'A' }), total(r.rows, { unit: 'B' }), total(r.rows, { unit: '' })]).toEqual([30000, 20000, 50000]);
    expect([total(r.rows, { project: 'P1' }), total(r.rows, { project: '' })]).toEqual([60000, 40000]);
    expect(r.warnings.join('\n')).toContain('#PSALDO/#PBUDGET anger enhet (dimension 1) och projekt (dimension 6) bara i skilda poster');
  });

  it('sums the unit records when an account has no {} total', () => {
    const r = parseLines(type3('#PSALDO 0 202402 4010 {1 "A" 7 "101"} 100.00', '#PSALDO 0 202402 4010 {1 "A" 7 "102"} 50.00', '#PSALDO 0 202402 4010 {7 "101"} 75.00'));
    expect(r.rows).toEqual([{ scenario: 'actual', year: 2024, period: 2, unit: 'A', account: '4010', activity: '', project: '', amountOre: 15000 }]);
  });

  it('prefers a unit-only record over combinations of the same unit with other objects', () => {
    const r = parseLines(type3('#PSALDO 0 202402 4010 {1 "A"} 150.00', '#PSALDO 0 202402 4010 {1 "A" 7 "101"} 100.00', '#PSALDO 0 202402 4010 {1 "A" 7 "102"} 50.00'));
    expect(total(r.rows, { unit: 'A' })).toBe(15000);
  });

  it('maps #PBUDGET to the budget scenario, with a missing object list read as {}', () => {
    const r = parseLines(type3('#PBUDGET 0 202405 4010 {} 200.00', '#PBUDGET 0 202406 4010 300.00'));
    expect(sorted(r.rows).map((x) => [x.scenario, x.period, x.amountOre])).toEqual([
      ['budget', 5, 20000],
      ['budget', 6, 30000],
    ]);
  });

  it('ignores #PSALDO of a year that has vouchers, so actuals are not doubled, but keeps other years', () => {
    const r = parseLines([
      ...HEADER,
      '#PSALDO 0 202403 4010 {} 100.00',
      '#PSALDO -1 202303 4010 {} 70.00',
      ...voucher('20240315', '4010 {} 100.00', '1930 {} -100.00'),
    ]);
    expect(total(r.rows, { account: '4010', year: 2024 })).toBe(10000);
    expect(total(r.rows, { account: '4010', year: 2023 })).toBe(7000);
    expect(r.warnings.join('\n')).toContain('#PSALDO för räkenskapsåret 2024 ignoreras');
  });

  it('turns #RES into an annual row only for a year without monthly actuals', () => {
    const r = parseLines([
      ...HEADER,
      '#RES 0 4010 100.00',
      '#RES -1 4010 70.00',
      ...voucher('20240315', '4010 {} 100.00', '1930 {} -100.00'),
    ]);
    expect(r.rows.filter((x) => x.period === null)).toEqual([
      { scenario: 'actual', year: 2023, period: null, unit: '', account: '4010', activity: '', project: '', amountOre: 7000 },
    ]);
  });

  it('counts #IB, #UB, #OIB and #OUB without turning them into rows', () => {
    const r = parseLines([...HEADER, '#IB 0 1930 100.00', '#UB 0 1930 50.00', '#OIB 0 1930 {1 "A"} 10.00', '#OUB 0 1930 {1 "A"} 5.00', '#RES 0 3010 -100.00']);
    expect(r.rows.map((x) => x.account)).toEqual(['3010']);
    expect(r.counts).toMatchObject({ IB: 1, UB: 1, OIB: 1, OUB: 1 });
  });
});

describe('fiscal years', () => {
  it('numbers periods from the start of a broken fiscal year, with year = its start year', () => {
    const r = parseLines(['#SIETYP 4', '#RAR 0 20230701 20240630', ...voucher('20231015', '4010 {} 1.00', '1930 {} -1.00'), ...voucher('20240610', '4010 {} 2.00', '1930 {} -2.00')]);
    expect(sorted(r.rows.filter((x) => x.account === '4010')).map((x) => [x.year, x.period])).toEqual([
      [2023, 4],
      [2023, 12],
    ]);
    expect(r.fiscalYears).toEqual([{ index: 0, start: '2023-07-01', end: '2024-06-30' }]);
  });

  it('lets a long broken fiscal year have periods above 12', () => {
    const r = parseLines(['#SIETYP 4', '#RAR 0 20230701 20241231', ...voucher('20241205', '4010 {} 1.00', '1930 {} -1.00')]);
    expect(r.rows[0]).toMatchObject({ year: 2023, period: 18 });
    expect(r.warnings.join('\n')).not.toContain('längre än 18 månader');
    const longer = parseLines(['#SIETYP 4', '#RAR 0 20230701 20250131', ...voucher('20240105', '4010 {} 1.00', '1930 {} -1.00')]);
    expect(longer.warnings.join('\n')).toContain('längre än 18 månader');
  });

  it('uses calendar year and month when the file has no #RAR', () => {
    const r = parseLines(['#SIETYP 4', ...voucher('20240815', '4010 {} 1.00', '1930 {} -1.00')]);
    expect(r.rows[0]).toMatchObject({ year: 2024, period: 8 });
  });

  it('maps a date outside every #RAR to twelve-month years aligned with #RAR and warns', () => {
    const r = parseLines(['#SIETYP 4', '#RAR 0 20230701 20240630', ...voucher('20240805', '4010 {} 1.00', '1930 {} -1.00'), ...voucher('20230520', '5010 {} 1.00', '1930 {} -1.00')]);
    expect(r.rows.find((x) => x.account === '4010')).toMatchObject({ year: 2024, period: 2 });
    expect(r.rows.find((x) => x.account === '5010')).toMatchObject({ year: 2022, period: 11 });
    expect(r.warnings.join('\n')).toContain('ligger utanför räkenskapsåren i #RAR');
  });

  it('rejects a fiscal year that ends before it starts', () => {
    const e = parseError(['#RAR 0 20210301 20200228']);
    expect(e.location).toEqual({ file: 'test.se', line: 1, field: '#RAR slut' });
  });
});

describe('#KSUMMA', () => {
  const body = ['#FLAGGA 0', '#PROGRAM "Test Program" 1.0', '#FNAMN "Bolag \\"X\\""', '#KONTO 1930 "Bank"', '#VER A 1 20240101 ""', '{', '#TRANS 1930 {1 "A"} 1.00', '#TRANS 2440 {} -1.00', '}'];
  // CRC over labels and values without separators, quotes or braces (escapes resolved)
  const crcInput = '#FLAGGA0#PROGRAMTest Program1.0#FNAMNBolag "X"#KONTO1930Bank#VERA120240101#TRANS19301A1.00#TRANS2440-1.00';

  it('verifies a correct checksum computed from the first #KSUMMA to the last', () => {
    const sum = crc32(Buffer.from(crcInput, 'latin1'));
    const r = parseLines(['#KSUMMA', ...body, `#KSUMMA ${sum}`]);
    expect(r.checksum).toBe('verified');
    expect(r.counts.KSUMMA).toBe(2);
  });

  it('verifies the checksum of a UTF-8 or ISO-8859-15 file over the CP437 values of its characters, as the spec defines it', () => {
    const lines = ['#FLAGGA 0', '#FNAMN "Växjö kommun"', '#KONTO 5010 "Löner för månadsavlönade"', '#VER A 1 20240101 ""', '{', '#TRANS 5010 {1 "Å1"} 1.00', '#TRANS 2440 {} -1.00', '}'];
    const text = '#FLAGGA0#FNAMNVäxjö kommun#KONTO5010Löner för månadsavlönade#VERA120240101#TRANS50101Å11.00#TRANS2440-1.00';
    const sum = crc32(iconv.encode(text, 'cp437'));
    for (const enc of ['cp437', 'utf-8', 'iso-8859-15'] as const) {
      const r = parseLines(['#KSUMMA', ...lines, `#KSUMMA ${sum}`], {}, enc);
      expect([enc, r.checksum, r.encoding]).toEqual([enc, 'verified', enc]);
    }
    // a checksum over the file's own UTF-8 bytes (not the spec's reading) still shows the file is intact
    expect(parseLines(['#KSUMMA', ...lines, `#KSUMMA ${crc32(Buffer.from(text, 'utf8'))}`], {}, 'utf-8').checksum).toBe('verified');
    expect(parseError(sieBytes(['#KSUMMA', ...lines, `#KSUMMA ${sum ^ 1}`], 'utf-8')).reason).toContain('kontrollsumman stämmer inte');
  });

  it('rejects a checksum that does not match, at the closing #KSUMMA line', () => {
    // the first #KSUMMA follows #FLAGGA, which is then outside the checksum
    const sum = crc32(Buffer.from(crcInput, 'latin1'));
    const e = parseError([body[0]!, '#KSUMMA', ...body.slice(1), `#KSUMMA ${sum}`]);
    expect(e.location).toEqual({ file: 'test.se', line: body.length + 2, field: '#KSUMMA checksumma' });
    expect(e.reason).toContain('kontrollsumman stämmer inte');
  });

  it('reports checksum "absent" for files without #KSUMMA and rejects a truncated file with an opening #KSUMMA', () => {
    expect(parseLines(body).checksum).toBe('absent');
    expect(parseError(['#KSUMMA', ...body]).reason).toContain('avslutande #KSUMMA saknas');
  });
});

describe('encodings', () => {
  const lines = [...HEADER.filter((l) => !l.startsWith('#FNAMN')), '#FNAMN "Älvdalens kommun"', '#KONTO 5010 "Löner för tjänstemän"', '#OBJEKT 1 "ÖKA" "Kommunstyrelseförvaltningen"', ...voucher('20240102', '5010 {1 "ÖKA"} 10.00', '1930 {} -10.00')];

  for (const enc of ['cp437', 'utf-8', 'iso-8859-15'] as const) {
    it(`reads Swedish letters in a ${enc} file declaring PC8 and reports the encoding`, () => {
      const r = parseLines(lines, {}, enc);
      expect(r.encoding).toBe(enc);
      expect(r.company).toBe('Älvdalens kommun');
      expect(r.accounts).toEqual([{ account: '5010', name: 'Löner för tjänstemän', type: null }]);
      expect(r.rows.find((x) => x.account === '5010')!.unit).toBe('ÖKA');
      expect(r.encodingNote).toBe(enc === 'cp437' ? null : `Filen anger #FORMAT PC8 men är kodad som ${enc === 'utf-8' ? 'UTF-8' : 'ISO-8859-15'}`);
    });
  }

  it('strips a UTF-8 BOM, also when it is split over chunks', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), sieBytes(lines, 'utf-8')]);
    const r = parseSie([bytes.subarray(0, 1), bytes.subarray(1, 2), bytes.subarray(2)], { fileName: 'bom.se' });
    expect(r.encoding).toBe('utf-8');
    expect(r.counts.FLAGGA).toBe(1);
  });

  it('accepts CRLF line ends', () => {
    const r = parseSie([sieBytes(lines, 'cp437', '\r\n')], { fileName: 'crlf.se' });
    expect(r.company).toBe('Älvdalens kommun');
    expect(r.counts.TRANS).toBe(2);
  });
});

describe('labels and fields the spec says to ignore', () => {
  it('counts unknown labels and records with extra trailing fields, and otherwise ignores them', () => {
    const r = parseLines([...HEADER, '#ADRESS "Ada" "Gatan 1" "123 45 Stad" "08-1"', '#TAXAR 2024', '#KONTO 1930 "Bank" extra', ...voucher('20240102', '1930 {} 1.00 20240102 "t" 0 "sign" extra', '2440 {} -1.00')]);
    expect(r.counts.unknown).toBe(2);
    expect(r.counts.extraFields).toBe(2);
    expect(r.accounts).toEqual([{ account: '1930', name: 'Bank', type: null }]);
  });

  it('reads header fields: type, program, company, organisation number, dimensions and objects', () => {
    const r = parseLines([...HEADER, '#ORGNR 212000-1355', '#DIM 1 "Ansvar"', '#UNDERDIM 21 "Delansvar" 1', '#OBJEKT 1 "100" "Kommunstyrelsen"', '#KTYP 1930 T', '#PBUDGET 0 202401 1930 {} 1.00']);
    expect(r).toMatchObject({ sieType: '4', program: 'Test 1.0', company: 'Testkommun', orgNr: '212000-1355', format: 'PC8' });
    expect(r.dimensions).toEqual([
      { dim: 1, name: 'Ansvar', parent: null },
      { dim: 21, name: 'Delansvar', parent: 1 },
    ]);
    expect(r.objects).toEqual([{ dim: 1, code: '100', name: 'Kommunstyrelsen' }]);
    expect(r.accounts).toEqual([{ account: '1930', name: '', type: 'T' }]);
  });

  it('imports a file with an empty company name with a warning', () => {
    const r = parseLines(['#FNAMN ""', '#SIETYP 4', '#PBUDGET 0 202401 3010 {} 1.00']);
    expect(r.company).toBeNull();
    expect(r.warnings).toContain('företagsnamnet i #FNAMN är tomt');
  });
});

describe('reading files', () => {
  it('says a missing file is missing, in Swedish, also with progress on (regression: an unhandled stream error crashed the CLI)', async () => {
    const missing = path.join(mkdtempSync(path.join(tmpdir(), 'prognos-sie-')), 'nope.se');
    for (const onProgress of [undefined, () => undefined]) {
      const err = await readSieFile(missing, { fileName: 'nope.se', ...(onProgress ? { onProgress } : {}) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PrognosError);
      expect((err as PrognosError).reason).toBe('filen finns inte');
    }
    // an unheard stream error would surface after the rejection: give it the time to
    await new Promise((r) => setTimeout(r, 50));
  });
});

describe('what the spec allows, and what looks broken', () => {
  it('reads amounts written without an integer part (.20, -.5) in vouchers and balances', () => {
    const r = parseLines([...HEADER, ...voucher('20240101', '4010 {} .20', '1930 {} -.2'), '#PBUDGET 0 202402 4010 {} -.5']);
    expect(total(r.rows, { account: '4010', scenario: 'actual' })).toBe(20);
    expect(total(r.rows, { account: '1930' })).toBe(-20);
    expect(total(r.rows, { scenario: 'budget' })).toBe(-50);
  });

  it('refuses a file with nothing to import and says what it holds instead', () => {
    const e = parseError([...HEADER, '#KONTO 1930 "Bank"', '#KONTO 2440 "Leverantörsskulder"', '#IB 0 1930 100.00']);
    expect(e.code).toBe('BAD_INPUT');
    expect(e.reason).toContain('filen innehåller inget att importera');
    expect(e.reason).toContain('2 #KONTO');
    expect(e.reason).toContain('1 #IB');
  });

  it('skips lines that look like comments with a warning naming their lines, outside the checksum', () => {
    const r = parseLines([...HEADER, '; exporterad av testprogrammet', ...voucher('20240101', '4010 {} 1.00', '1930 {} -1.00'), '// slut']);
    expect(total(r.rows, { account: '4010' })).toBe(100);
    expect(r.warnings.join('\n')).toContain(`2 rader som ser ut som kommentarer (börjar med ";" eller "//") hoppades över: rad ${HEADER.length + 1}, ${HEADER.length + 7}`);
  });

  it('warns about names that were converted between encodings twice, naming their lines', () => {
    const r = parseLines([...HEADER, '#KONTO 5010 "F├╢rsystem"', '#KONTO 5020 "Löner för månadsavlönade"', '#OBJEKT 1 "100" "Ut fîr ansvar"', '#KONTO 5030 "FÃ¶rsÃ¤ljning"', ...voucher('20240101', '5010 {} 1.00', '1930 {} -1.00')], {}, 'utf-8');
    const w = r.warnings.find((x) => x.includes('ser felkodade ut'));
    expect(w).toContain(`3 namn ser felkodade ut (rad ${HEADER.length + 1} "F├╢rsystem", rad ${HEADER.length + 3} "Ut fîr ansvar", rad ${HEADER.length + 4} "FÃ¶rsÃ¤ljning")`);
    expect(w).not.toContain('Löner');
  });

  it('never takes plain Swedish names for broken text', () => {
    for (const name of ['Löner för månadsavlönade', 'Ärendehantering Öst', 'Fritid – ungdom', 'Café & kök', 'Skolskjuts (grundsär)', 'IT-tjänster 50%', 'Åtgärd 1/2']) {
      expect([name, looksMisencoded(name)]).toEqual([name, false]);
    }
  });
});

describe('bad input', () => {
  const cases: Array<[string, string[], number, string | undefined, string]> = [
    ['a non-numeric account number in #KONTO', ['#KONTO 11AF "Mark"'], 1, '#KONTO kontonr', 'inget kontonummer'],
    ['a missing account number in #TRANS', [...HEADER, ...voucher('20240101', '"" {} 1.00', '1930 {} -1.00')], HEADER.length + 3, '#TRANS kontonr', 'kontonummer saknas'],
    ['a decimal comma in #TRANS', [...HEADER, ...voucher('20240101', '1930 {} 1,50', '2440 {} -1.50')], HEADER.length + 3, '#TRANS belopp', 'decimaltecknet ska vara punkt'],
    ['three decimals in #TRANS', [...HEADER, ...voucher('20240101', '1930 {} 1.505')], HEADER.length + 3, '#TRANS belopp', 'fler än två decimaler'],
    ['a missing amount in #TRANS', [...HEADER, ...voucher('20240101', '1930')], HEADER.length + 3, '#TRANS belopp', 'belopp saknas'],
    ['an invalid voucher date', [...HEADER, ...voucher('2024-05-01', '1930 {} 1.00')], HEADER.length + 1, '#VER datum', 'inget giltigt datum'],
    ['an invalid transaction date', [...HEADER, ...voucher('20240101', '1930 {} 1.00 20240230')], HEADER.length + 3, '#TRANS transdat', 'inget giltigt datum'],
    ['a #TRANS outside a voucher', [...HEADER, '#TRANS 1930 {} 1.00'], HEADER.length + 1, '#TRANS', 'utanför en verifikation'],
    ['a #VER without {', [...HEADER, '#VER A 1 20240101 ""', '#TRANS 1930 {} 1.00'], HEADER.length + 1, '#VER', 'ska följas av "{"'],
    ['a voucher cut off at the end of the file', [...HEADER, '#VER A 1 20240101 ""', '{', '#TRANS 1930 {} 1.00'], HEADER.length + 1, '#VER', 'avslutas inte med "}"'],
    ['an unterminated quote', [...HEADER, '#VER A 1 20240101 "open'], HEADER.length + 1, '#VER vertext', 'citattecknet avslutas inte'],
    ['an unterminated object list', [...HEADER, ...voucher('20240101', '1930 {1 "A" 1.00')], HEADER.length + 3, '#TRANS objektlista', 'objektlistan avslutas inte'],
    ['an odd object list', [...HEADER, ...voucher('20240101', '1930 {1} 1.00')], HEADER.length + 3, '#TRANS objektlista', 'par av dimension och objekt'],
    ['a #PSALDO period that is not YYYYMM', ['#PSALDO 0 1119 201701 {} 1.00'], 1, '#PSALDO period', 'ingen period'],
    ['an unknown SIE type', ['#SIETYP 5'], 1, '#SIETYP typnr', 'SIE-typen'],
    ['a line that is not a record', ['#FLAGGA 0', 'hello'], 2, undefined, 'ingen SIE-post'],
    ['a } without voucher', ['#FLAGGA 0', '}'], 2, undefined, 'utan öppnad verifikation'],
  ];
  for (const [what, lines, line, field, reason] of cases) {
    it(`rejects ${what} naming line ${line}${field ? ` and field ${field}` : ''}`, () => {
      const e = parseError(lines);
      expect(e.code).toBe('BAD_INPUT');
      expect(e.location.file).toBe('test.se');
      expect(e.location.line).toBe(line);
      expect(e.location.field).toBe(field);
      expect(e.reason).toContain(reason);
    });
  }

  it('rejects an empty file', () => {
    expect(parseError(new Uint8Array(0)).reason).toBe('filen är tom');
  });

  it('rejects binary garbage on its first line', () => {
    const e = parseError(new Uint8Array([0x00, 0x01, 0xff, 0x0a, 0x23]));
    expect(e.location.line).toBe(1);
    expect(e.reason).toContain('binära data');
  });

  it('rejects a line longer than 1 MB without holding more of it', () => {
    const big = new Uint8Array(64 * 1024).fill(0x41);
    const chunks = [Buffer.from('#VER A 1 20240101 "'), ...Array.from({ length: 20 }, () => big)];
    let err: unknown;
    try {
      parseSie(chunks, { fileName: 'big.se' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PrognosError);
    expect((err as PrognosError).reason).toContain('längre än 1 MB');
  });

  it('rejects SIE 5 XML as unsupported', () => {
    const xml = Buffer.from('\ufeff<?xml version="1.0" encoding="utf-8"?>\n<Sie xmlns="http://www.sie.se/sie5">\n</Sie>\n', 'utf8');
    const e = parseError(new Uint8Array(xml));
    expect(e.code).toBe('UNSUPPORTED');
    expect(e.reason).toContain('SIE 5 (XML) stöds inte');
  });

  it('rejects other XML as not a SIE file', () => {
    const e = parseError(new Uint8Array(Buffer.from('<html>\n<body>404 Not Found</body>\n</html>\n')));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.reason).toContain('ingen SIE-fil');
  });

  it('rejects invalid dimension options', () => {
    expect(() => parseSie([], { fileName: 'x.se', unitDim: 0 })).toThrow(PrognosError);
  });
});

describe('readSieFile', () => {
  it('streams a file from disk with the same result as parseSie', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sie-'));
    const file = path.join(dir, 'a.se');
    const lines = [...HEADER, '#KONTO 4010 "Material"', ...voucher('20240315', '4010 {1 "Ö"} 1500.00', '2440 {} -1500.00')];
    writeFileSync(file, sieBytes(lines));
    const r = await readSieFile(file, { fileName: 'a.se' });
    expect(r).toEqual(parseSie([sieBytes(lines)], { fileName: 'a.se' }));
    expect(r.rows.find((x) => x.account === '4010')!.unit).toBe('Ö');
  });

  it('reports a missing file as bad input naming the file', async () => {
    await expect(readSieFile('/nonexistent/x.se', { fileName: 'x.se' })).rejects.toMatchObject({ code: 'BAD_INPUT', location: { file: 'x.se' }, reason: 'filen finns inte' });
  });
});
