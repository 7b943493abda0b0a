import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import { PrognosError, type InputLocation } from '../../core/errors/index.ts';
import {
  CONTENT_COLUMNS,
  CONTENT_KINDS,
  normaliseText,
  parseContentCsv,
  readContentFile,
  type ContentKind,
  type GridOptions,
} from './index.ts';

import { badInputFrom, csv, rejection } from '../../../test/support/errors.ts';
const at = (file: string, line: number, field?: string): InputLocation => (field === undefined ? { file, line } : { file, line, field });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prognos-content-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function xlsx(name: string, data: SheetData): Promise<string> {
  const path = join(dir, name);
  await writeXlsxFile(data).toFile(path);
  return path;
}

// ---------------------------------------------------------------------------------------------

describe('goals', () => {
  const HEADER = 'board;year;goal_area;code;parent;kind;text;relation;target';
  const goals = (...rows: string[]) => parseContentCsv('goals', csv(HEADER, ...rows), 'mal.csv').records;

  it('reads a goal rule and rejects an unknown one', () => {
    const h = `${HEADER};rule`;
    const ok = parseContentCsv('goals', csv(h, 'KS;2024;U;1;;strategic;Ekonomi;;;', 'KS;2024;U;1.1;1;board;Ekonomi i balans;own;;economy-in-balance'), 'm.csv');
    expect(ok.records[1]!.rule).toBe('economy-in-balance');
    expect(() => parseContentCsv('goals', csv(h, 'KS;2024;U;1;;strategic;Ekonomi;;;magic'), 'm.csv')).toThrow(/okänd regel "magic"/);
  });

  it('reads strategic goals, board goals and indicators with the goal area inherited from the strategic goal', () => {
    const r = parseContentCsv(
      'goals',
      csv(
        HEADER,
        'KS;2024;Utgångspunkter för Örebro kommuns verksamhet;1;;strategic;Varje nämnd ska ha en ekonomi i balans;;',
        'KS;2024;;1.1;1;board;Kommunstyrelsen ska ha en ekonomi i balans;own;',
        'KS;2024;Utgångspunkter för Örebro kommuns verksamhet;1.2;1;indicator;Andel nämnder med ekonomi i balans;;Öka',
      ),
      'mal.csv',
    );
    expect(r.kind).toBe('goals');
    expect(r.file).toBe('mal.csv');
    expect(r.warnings).toEqual([]);
    expect(r.records).toEqual([
      {
        board: 'KS',
        year: 2024,
        goalArea: 'Utgångspunkter för Örebro kommuns verksamhet',
        code: '1',
        parent: null,
        kind: 'strategic',
        text: 'Varje nämnd ska ha en ekonomi i balans',
        relation: null,
        target: null,
        rule: null,
        sortOrder: 0,
        line: 2,
      },
      {
        board: 'KS',
        year: 2024,
        goalArea: 'Utgångspunkter för Örebro kommuns verksamhet',
        code: '1.1',
        parent: '1',
        kind: 'board',
        text: 'Kommunstyrelsen ska ha en ekonomi i balans',
        relation: 'own',
        target: null,
        rule: null,
        sortOrder: 1,
        line: 3,
      },
      {
        board: 'KS',
        year: 2024,
        goalArea: 'Utgångspunkter för Örebro kommuns verksamhet',
        code: '1.2',
        parent: '1',
        kind: 'indicator',
        text: 'Andel nämnder med ekonomi i balans',
        relation: null,
        target: 'Öka',
        rule: null,
        sortOrder: 2,
        line: 4,
      },
    ]);
  });

  it('accepts a file without the optional relation and target columns, a child before its parent and Swedish kind names', () => {
    const r = parseContentCsv(
      'goals',
      csv('board,year,goal_area,code,parent,kind,text', 'PNSV,2022,,3.1,3,Nämndmål,Tryggt boende', 'PNSV,2022,Ett tryggt Örebro,3,,KF-mål,Trygghet'),
      'mal.csv',
    ).records;
    expect(r.map((g) => [g.code, g.kind, g.goalArea, g.relation, g.target])).toEqual([
      ['3.1', 'board', 'Ett tryggt Örebro', null, null],
      ['3', 'strategic', 'Ett tryggt Örebro', null, null],
    ]);
  });

  it('keeps the same goal code apart for different boards and years', () => {
    const r = goals('KS;2024;A;1;;strategic;Ett;;', 'VN;2024;A;1;;strategic;Två;;', 'KS;2025;A;1;;strategic;Tre;;');
    expect(r).toHaveLength(3);
  });

  it('reads every relation value', () => {
    const r = goals('KS;2024;A;1;;strategic;S;;', 'KS;2024;;1.1;1;board;B1;own;', 'KS;2024;;1.2;1;board;B2;contribution;', 'KS;2024;;1.3;1;board;B3;Not_Relevant;');
    expect(r.map((g) => g.relation)).toEqual([null, 'own', 'contribution', 'not_relevant']);
  });

  it('rejects a duplicate goal code of one board and year at the second line, naming the first', () => {
    const reason = badInputFrom(() => goals('KS;2024;A;1;;strategic;S;;', 'KS;2024;A;2;;strategic;T;;', 'KS;2024;A;1;;strategic;Igen;;'), at('mal.csv', 4, 'code'));
    expect(reason).toContain('rad 2');
    expect(reason).toContain('1');
  });

  it('rejects a board goal whose strategic goal is not in the file', () => {
    const reason = badInputFrom(() => goals('KS;2024;A;1;;strategic;S;;', 'KS;2024;;2.1;2;board;B;;'), at('mal.csv', 3, 'parent'));
    expect(reason).toContain('"2"');
  });

  it('rejects a parent that exists only for another board', () => {
    badInputFrom(() => goals('VN;2024;A;1;;strategic;S;;', 'KS;2024;;1.1;1;board;B;;'), at('mal.csv', 3, 'parent'));
  });

  it('rejects a board goal under another board goal', () => {
    const reason = badInputFrom(() => goals('KS;2024;A;1;;strategic;S;;', 'KS;2024;;1.1;1;board;B;;', 'KS;2024;;1.1.1;1.1;board;C;;'), at('mal.csv', 4, 'parent'));
    expect(reason).toContain('rad 3');
  });

  it('rejects a board goal or indicator without parent', () => {
    badInputFrom(() => goals('KS;2024;A;1;;board;B;;'), at('mal.csv', 2, 'parent'));
    badInputFrom(() => goals('KS;2024;A;1;;indicator;I;;'), at('mal.csv', 2, 'parent'));
  });

  it('rejects a strategic goal with a parent', () => {
    badInputFrom(() => goals('KS;2024;A;1;;strategic;S;;', 'KS;2024;A;2;1;strategic;T;;'), at('mal.csv', 3, 'parent'));
  });

  it('rejects a relation on a strategic goal or an indicator', () => {
    badInputFrom(() => goals('KS;2024;A;1;;strategic;S;own;'), at('mal.csv', 2, 'relation'));
    badInputFrom(() => goals('KS;2024;A;1;;strategic;S;;', 'KS;2024;;1.1;1;indicator;I;contribution;'), at('mal.csv', 3, 'relation'));
  });

  it('rejects an unknown kind and an unknown relation naming the allowed values', () => {
    const kind = badInputFrom(() => goals('KS;2024;A;1;;council;S;;'), at('mal.csv', 2, 'kind'));
    expect(kind).toContain('"council"');
    expect(kind).toContain('strategic (strategiskt mål), board (nämndmål), indicator (kommunövergripande indikator)');
    const relation = badInputFrom(() => goals('KS;2024;A;1;;strategic;S;;', 'KS;2024;;1.1;1;board;B;egen;'), at('mal.csv', 3, 'relation'));
    expect(relation).toContain('own (eget åtagande), contribution (bidrar genom grunduppdraget), not_relevant (ej relevant)');
  });

  it('rejects a goal code that is not dotted numbers or letters', () => {
    expect(badInputFrom(() => goals('KS;2024;A;1..2;;strategic;S;;'), at('mal.csv', 2, 'code'))).toContain('"1..2"');
    badInputFrom(() => goals('KS;2024;A;Mål 1;;strategic;S;;'), at('mal.csv', 2, 'code'));
  });

  it('rejects a strategic goal without goal area and a board goal with another goal area than its strategic goal', () => {
    badInputFrom(() => goals('KS;2024;;1;;strategic;S;;'), at('mal.csv', 2, 'goal_area'));
    const reason = badInputFrom(() => goals('KS;2024;A;1;;strategic;S;;', 'KS;2024;B;1.1;1;board;T;;'), at('mal.csv', 3, 'goal_area'));
    expect(reason).toContain('"A"');
  });

  it('rejects an empty text, an empty board and a bad year', () => {
    badInputFrom(() => goals('KS;2024;A;1;;strategic;;;'), at('mal.csv', 2, 'text'));
    badInputFrom(() => goals(';2024;A;1;;strategic;S;;'), at('mal.csv', 2, 'board'));
    expect(badInputFrom(() => goals('KS;24;A;1;;strategic;S;;'), at('mal.csv', 2, 'year'))).toContain('"24"');
  });

  it('rejects an unknown column and a missing required column in the header', () => {
    const reason = badInputFrom(() => parseContentCsv('goals', csv(HEADER + ';status'), 'mal.csv'), at('mal.csv', 1, 'status'));
    expect(reason).toContain('tillåtna för filtypen goals');
    badInputFrom(() => parseContentCsv('goals', csv('board;year;goal_area;code;parent;text'), 'mal.csv'), at('mal.csv', 1, 'kind'));
  });
});

describe('goal status', () => {
  const HEADER = 'board,year,round,code,status,comment';
  const status = (...rows: string[]) => parseContentCsv('goal-status', csv(HEADER, ...rows), 's.csv').records;

  it('reads statuses with comments, an empty status as not assessed, and status spelled in any case', () => {
    expect(
      status(
        'KS,2024,P1,1.1,Uppfylls ej,Helårsprognosen indikerar en negativ budgetavvikelse större än 1 %.',
        'KS,2024,P1,2.1,uppfylls  delvis,',
        'KS,2024,P1,5.1,,',
        'KS,2024,B,1.1,Uppfylls,"Bokslut, efter revision"',
      ),
    ).toEqual([
      { board: 'KS', year: 2024, round: 'P1', code: '1.1', status: 'Uppfylls ej', comment: 'Helårsprognosen indikerar en negativ budgetavvikelse större än 1 %.', line: 2 },
      { board: 'KS', year: 2024, round: 'P1', code: '2.1', status: 'Uppfylls delvis', comment: '', line: 3 },
      { board: 'KS', year: 2024, round: 'P1', code: '5.1', status: null, comment: '', line: 4 },
      { board: 'KS', year: 2024, round: 'B', code: '1.1', status: 'Uppfylls', comment: 'Bokslut, efter revision', line: 5 },
    ]);
  });

  it('accepts a file without the comment column', () => {
    expect(parseContentCsv('goal-status', csv('board,year,round,code,status', 'KS,2024,P2,1.1,Uppfylls'), 's.csv').records[0]!.comment).toBe('');
  });

  it('rejects an unknown status naming the three allowed values', () => {
    const reason = badInputFrom(() => status('KS,2024,P1,1.1,Uppfyllt,'), at('s.csv', 2, 'status'));
    expect(reason).toContain('"Uppfyllt"');
    expect(reason).toContain('Uppfylls, Uppfylls delvis, Uppfylls ej eller tomt');
  });

  it('rejects a round that is not a round name', () => {
    expect(badInputFrom(() => status('KS,2024,P 1,1.1,Uppfylls,'), at('s.csv', 2, 'round'))).toContain('"P 1"');
    badInputFrom(() => status('KS,2024,,1.1,Uppfylls,'), at('s.csv', 2, 'round'));
  });

  it('rejects a second status for the same goal and round, naming the first line', () => {
    const reason = badInputFrom(() => status('KS,2024,P1,1.1,Uppfylls,', 'KS,2024,P2,1.1,Uppfylls,', 'KS,2024,P1,1.1,Uppfylls ej,'), at('s.csv', 4, 'code'));
    expect(reason).toContain('rad 2');
  });
});

describe('assignments and their status', () => {
  const HEADER = 'board;year;code;goal_area;given_year;text';

  it('reads assignments of this year and carried over from an earlier ÖSB', () => {
    const r = parseContentCsv(
      'assignments',
      csv(
        HEADER,
        'KS;2024;U1;Utgångspunkter;2024;Skapa fler praktikplatser i kommunens verksamheter',
        'KS;2024;U7;Utgångspunkter;2023;Kommunen ska stärka sin grundläggande förmåga till civilt försvar',
      ),
      'u.csv',
    ).records;
    expect(r).toEqual([
      { board: 'KS', year: 2024, code: 'U1', goalArea: 'Utgångspunkter', givenYear: 2024, text: 'Skapa fler praktikplatser i kommunens verksamheter', sortOrder: 0, line: 2 },
      {
        board: 'KS',
        year: 2024,
        code: 'U7',
        goalArea: 'Utgångspunkter',
        givenYear: 2023,
        text: 'Kommunen ska stärka sin grundläggande förmåga till civilt försvar',
        sortOrder: 1,
        line: 3,
      },
    ]);
  });

  it('rejects an assignment given by a later ÖSB than the follow-up year', () => {
    const reason = badInputFrom(() => parseContentCsv('assignments', csv(HEADER, 'KS;2024;U1;A;2025;T'), 'u.csv'), at('u.csv', 2, 'given_year'));
    expect(reason).toContain('2025');
  });

  it('rejects a bad given year, a missing goal area and a duplicate code', () => {
    badInputFrom(() => parseContentCsv('assignments', csv(HEADER, 'KS;2024;U1;A;ÖSB 2023;T'), 'u.csv'), at('u.csv', 2, 'given_year'));
    badInputFrom(() => parseContentCsv('assignments', csv(HEADER, 'KS;2024;U1;;2024;T'), 'u.csv'), at('u.csv', 2, 'goal_area'));
    const reason = badInputFrom(() => parseContentCsv('assignments', csv(HEADER, 'KS;2024;U1;A;2024;T', 'KS;2024;U1;A;2023;T2'), 'u.csv'), at('u.csv', 3, 'code'));
    expect(reason).toContain('rad 2');
  });

  it('reads assignment statuses, empty as not assessed', () => {
    const r = parseContentCsv('assignment-status', csv('board,year,round,code,status,comment', 'KS,2024,P1,U1,Påbörjat,Pågår', 'KS,2024,P1,U2,ej påbörjat,', 'KS,2024,P1,U3,,'), 'us.csv');
    expect(r.records.map((s) => [s.code, s.status, s.comment])).toEqual([
      ['U1', 'Påbörjat', 'Pågår'],
      ['U2', 'Ej påbörjat', ''],
      ['U3', null, ''],
    ]);
  });

  it('rejects an unknown assignment status naming the allowed values', () => {
    const reason = badInputFrom(
      () => parseContentCsv('assignment-status', csv('board,year,round,code,status', 'KS,2024,P1,U1,Klart'), 'us.csv'),
      at('us.csv', 2, 'status'),
    );
    expect(reason).toContain('Genomfört, Påbörjat, Ej påbörjat');
  });
});

describe('measures', () => {
  const HEADER = 'board;year;round;nr;text;decision_date;diary_number;forecast_effect_mnkr;total_effect_mnkr;achieved_mnkr;expected_effect;comment';

  it('reads measures with exact mnkr decimals, "mnkr" after the number, free-text decision dates and empty effects as null', () => {
    const r = parseContentCsv(
      'measures',
      csv(
        HEADER,
        'KS;2024;P1;1;I ÖSB 2024 ålades förvaltningen reduceringsbehov;2023-10-05;Ks 1503/2022;5,8 mnkr;5,8 mnkr;5,8 mnkr;Åtgärden har genomförts.;Reducering har genomförts.',
        'KS;2024;P1;3;Reduceringsbehov om 5 mnkr;KS 2023-03-14;Ks 536/2023;5;5.0;0,125;Genomförd 2023.;',
        'KS;2024;P1;4;Kulturkvarteret utvärderas;KF 2023-01-12;Ks 1339/2021;;;;Ekonomi i balans på sikt.;',
      ),
      'atg.csv',
    ).records;
    expect(r[0]).toEqual({
      board: 'KS',
      year: 2024,
      round: 'P1',
      nr: '1',
      text: 'I ÖSB 2024 ålades förvaltningen reduceringsbehov',
      decisionDate: '2023-10-05',
      diaryNumber: 'Ks 1503/2022',
      forecastEffectMnkr: '5.8',
      totalEffectMnkr: '5.8',
      achievedMnkr: '5.8',
      expectedEffect: 'Åtgärden har genomförts.',
      comment: 'Reducering har genomförts.',
      sortOrder: 0,
      line: 2,
    });
    expect(r[1]!.decisionDate).toBe('KS 2023-03-14');
    expect([r[1]!.forecastEffectMnkr, r[1]!.totalEffectMnkr, r[1]!.achievedMnkr]).toEqual(['5', '5.0', '0.125']);
    expect([r[2]!.forecastEffectMnkr, r[2]!.totalEffectMnkr, r[2]!.achievedMnkr]).toEqual([null, null, null]);
  });

  it('accepts only the required columns', () => {
    const r = parseContentCsv('measures', csv('board,year,round,nr,text', 'KS,2024,P2,1,Vakanshållning'), 'atg.csv').records[0]!;
    expect(r).toMatchObject({ decisionDate: '', diaryNumber: '', forecastEffectMnkr: null, expectedEffect: '', comment: '' });
  });

  it('rejects an effect that is not a number at its field', () => {
    const reason = badInputFrom(() => parseContentCsv('measures', csv('board,year,round,nr,text,total_effect_mnkr', 'KS,2024,P1,1,T,fem'), 'atg.csv'), at('atg.csv', 2, 'total_effect_mnkr'));
    expect(reason).toContain('"fem"');
    badInputFrom(() => parseContentCsv('measures', csv('board;year;round;nr;text;achieved_mnkr', 'KS;2024;P1;1;T;1.234,5'), 'atg.csv'), at('atg.csv', 2, 'achieved_mnkr'));
  });

  it('rejects a duplicate measure number in one round but accepts it in another', () => {
    const head = 'board,year,round,nr,text';
    expect(parseContentCsv('measures', csv(head, 'KS,2024,P1,1,A', 'KS,2024,P2,1,A'), 'atg.csv').records).toHaveLength(2);
    const reason = badInputFrom(() => parseContentCsv('measures', csv(head, 'KS,2024,P1,1,A', 'KS,2024,P1,1,B'), 'atg.csv'), at('atg.csv', 3, 'nr'));
    expect(reason).toContain('rad 2');
  });
});

describe('indicators and their values', () => {
  const HEADER = 'board;code;name;unit;goal;target_type;target_value;source';
  const indicators = (...rows: string[]) => parseContentCsv('indicators', csv(HEADER, ...rows), 'ind.csv').records;

  it('reads indicators with numeric targets, direction targets in Swedish or English, and a Kolada source', () => {
    const r = indicators(
      'KS;HME;Andel enheter med HME-värde på minst 78;procent;2.1;min;78;',
      'KS;SJUK;Sjukfrånvaro i procent av arbetstiden;procent;;Minska;;',
      'PNSV;N00945;Brukarbedömning hemtjänst;andel (%);1.1;increase;;N00945',
      'KS;TIM;Andel timavlönade;procent;;högst;3,45;',
      'KS;NIVA;Antal chefer;antal;;I nivå;;',
      'KS;INFO;Antal anställda;antal;;;;',
    );
    expect(r[0]).toEqual({
      board: 'KS',
      code: 'HME',
      name: 'Andel enheter med HME-värde på minst 78',
      unit: 'procent',
      goal: '2.1',
      targetType: 'min',
      targetValue: '78',
      source: '',
      sortOrder: 0,
      line: 2,
    });
    expect(r.map((i) => [i.targetType, i.targetValue, i.source])).toEqual([
      ['min', '78', ''],
      ['decrease', null, ''],
      ['increase', null, 'N00945'],
      ['max', '3.45', ''],
      ['level', null, ''],
      [null, null, ''],
    ]);
  });

  it('rejects min or max without a target value', () => {
    const reason = badInputFrom(() => indicators('KS;HME;HME;;;min;;'), at('ind.csv', 2, 'target_value'));
    expect(reason).toContain('min');
  });

  it('rejects a target value with a direction target or without target type', () => {
    badInputFrom(() => indicators('KS;S;Sjuk;;;decrease;5;'), at('ind.csv', 2, 'target_value'));
    badInputFrom(() => indicators('KS;S;Sjuk;;;;5;'), at('ind.csv', 2, 'target_value'));
  });

  it('rejects an unknown target type naming the allowed values with their Swedish words', () => {
    const reason = badInputFrom(() => indicators('KS;S;Sjuk;;;lägre;;'), at('ind.csv', 2, 'target_type'));
    expect(reason).toContain('min (minst), max (högst), increase (Öka), decrease (Minska), level (I nivå)');
  });

  it('rejects a non-numeric target value, a bad goal code and a duplicate indicator code', () => {
    badInputFrom(() => indicators('KS;HME;HME;;;min;sjuttioåtta;'), at('ind.csv', 2, 'target_value'));
    badInputFrom(() => indicators('KS;HME;HME;;mål 2;;;'), at('ind.csv', 2, 'goal'));
    expect(badInputFrom(() => indicators('KS;HME;HME;;;;;', 'KS;HME;Igen;;;;;'), at('ind.csv', 3, 'code'))).toContain('rad 2');
  });

  const VALUES = 'board,code,year,kind,breakdown,value';
  const values = (...rows: string[]) => parseContentCsv('indicator-values', csv(VALUES, ...rows), 'v.csv').records;

  it('reads values per year, kind and breakdown exactly as written', () => {
    expect(
      values('KS,SJUK,2021,actual,T,"4,4"', 'KS,SJUK,2021,actual,K,5.10', 'KS,SJUK,2021,actual,M,-0.0', 'KS,BEF,2022,forecast,Tot,"157 855"', 'KS,SJUK,2022,Prognos,kvinnor,"−1,25"'),
    ).toEqual([
      { board: 'KS', code: 'SJUK', year: 2021, kind: 'actual', breakdown: 'T', value: '4.4', line: 2 },
      { board: 'KS', code: 'SJUK', year: 2021, kind: 'actual', breakdown: 'K', value: '5.10', line: 3 },
      { board: 'KS', code: 'SJUK', year: 2021, kind: 'actual', breakdown: 'M', value: '0.0', line: 4 },
      { board: 'KS', code: 'BEF', year: 2022, kind: 'forecast', breakdown: 'T', value: '157855', line: 5 },
      { board: 'KS', code: 'SJUK', year: 2022, kind: 'forecast', breakdown: 'K', value: '-1.25', line: 6 },
    ]);
  });

  it('rejects an unknown breakdown and an unknown kind', () => {
    expect(badInputFrom(() => values('KS,S,2021,actual,X,1'), at('v.csv', 2, 'breakdown'))).toContain('T (totalt), K (kvinnor), M (män)');
    expect(badInputFrom(() => values('KS,S,2021,budget,T,1'), at('v.csv', 2, 'kind'))).toContain('actual (utfall), forecast (prognos)');
  });

  it('rejects an empty value and a value with a unit after it', () => {
    badInputFrom(() => values('KS,S,2021,actual,T,'), at('v.csv', 2, 'value'));
    badInputFrom(() => values('KS,S,2021,actual,T,4%'), at('v.csv', 2, 'value'));
  });

  it('rejects the same indicator, year, kind and breakdown twice at the second line', () => {
    const reason = badInputFrom(() => values('KS,S,2021,actual,T,1', 'KS,S,2021,forecast,T,1', 'KS,S,2021,actual,T,2'), at('v.csv', 4));
    expect(reason).toContain('rad 2');
  });
});

describe('observations', () => {
  const HEADER = 'board;year;round;goal_area;kind;text';

  it('reads positive observations and improvement areas per goal area in file order', () => {
    const r = parseContentCsv(
      'observations',
      csv(
        HEADER,
        'PNSV;2022;P2;Örebro i sin fulla kraft;positive;LoV-avtalen har ett tydligare medborgarperspektiv.',
        'PNSV;2022;P2;Örebro i sin fulla kraft;förbättringsområde;Gemensam process för sommarbemanning.',
      ),
      'o.csv',
    ).records;
    expect(r).toEqual([
      { board: 'PNSV', year: 2022, round: 'P2', goalArea: 'Örebro i sin fulla kraft', kind: 'positive', text: 'LoV-avtalen har ett tydligare medborgarperspektiv.', sortOrder: 0, line: 2 },
      { board: 'PNSV', year: 2022, round: 'P2', goalArea: 'Örebro i sin fulla kraft', kind: 'improvement', text: 'Gemensam process för sommarbemanning.', sortOrder: 1, line: 3 },
    ]);
  });

  it('rejects an unknown kind and the same observation twice', () => {
    badInputFrom(() => parseContentCsv('observations', csv(HEADER, 'KS;2024;P1;A;negative;T'), 'o.csv'), at('o.csv', 2, 'kind'));
    const reason = badInputFrom(() => parseContentCsv('observations', csv(HEADER, 'KS;2024;P1;A;positive;T', 'KS;2024;P1;A;positive;T'), 'o.csv'), at('o.csv', 3, 'text'));
    expect(reason).toContain('rad 2');
  });
});

describe('narrative', () => {
  const HEADER = 'board,year,round,key,text,title';

  it('reads multi-line quoted text, keeping paragraphs and the start line of each record', () => {
    // The first text spans lines 2–7, so the next record starts on line 8.
    const text = csv(
      HEADER,
      'KS,2024,P1,analysis,"Kommunstyrelsens samlade ekonomi visar avvikelse om -49 mnkr.  \r\nUppdelat per budgetnivå ser det ut så här.\n\n\n\nSamtliga avdelningar har vidtagit åtgärder.",',
      'KS,2024,P1,comment:003-05,Kommentar till tabellen,',
      'KS,2024,P1,comment:unit:KAA,Staben håller budget.,Staben',
      'KS,2024,P1,proposal,Kommunstyrelsen föreslås godkänna rapporten.,Förslag till beslut',
    );
    const r = parseContentCsv('narrative', text, 'n.csv');
    expect(r.warnings).toEqual([]);
    expect(r.records).toEqual([
      {
        board: 'KS',
        year: 2024,
        round: 'P1',
        key: 'analysis',
        title: '',
        text: 'Kommunstyrelsens samlade ekonomi visar avvikelse om -49 mnkr.\nUppdelat per budgetnivå ser det ut så här.\n\nSamtliga avdelningar har vidtagit åtgärder.',
        line: 2,
      },
      { board: 'KS', year: 2024, round: 'P1', key: 'comment:003-05', title: '', text: 'Kommentar till tabellen', line: 8 },
      { board: 'KS', year: 2024, round: 'P1', key: 'comment:unit:KAA', title: 'Staben', text: 'Staben håller budget.', line: 9 },
      { board: 'KS', year: 2024, round: 'P1', key: 'proposal', title: 'Förslag till beslut', text: 'Kommunstyrelsen föreslås godkänna rapporten.', line: 10 },
    ]);
  });

  it('warns about a simple key that is not one of the report sections', () => {
    const r = parseContentCsv('narrative', csv(HEADER, 'KS,2024,P1,analyis,Text,'), 'n.csv');
    expect(r.records).toHaveLength(1);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain('"analyis"');
  });

  it('rejects a key that is not a key', () => {
    badInputFrom(() => parseContentCsv('narrative', csv(HEADER, 'KS,2024,P1,Förslag till beslut,Text,'), 'n.csv'), at('n.csv', 2, 'key'));
    badInputFrom(() => parseContentCsv('narrative', csv(HEADER, 'KS,2024,P1,comment:,Text,'), 'n.csv'), at('n.csv', 2, 'key'));
    badInputFrom(() => parseContentCsv('narrative', csv(HEADER, 'KS,2024,P1,comment:unit:,Text,'), 'n.csv'), at('n.csv', 2, 'key'));
  });

  it('rejects the same key twice in one round, naming the first line', () => {
    const reason = badInputFrom(() => parseContentCsv('narrative', csv(HEADER, 'KS,2024,P1,events,A,', 'KS,2024,P2,events,B,', 'KS,2024,P1,events,C,'), 'n.csv'), at('n.csv', 4, 'key'));
    expect(reason).toContain('rad 2');
  });

  it('rejects an empty text', () => {
    badInputFrom(() => parseContentCsv('narrative', csv(HEADER, 'KS,2024,P1,events,"  \n  ",'), 'n.csv'), at('n.csv', 2, 'text'));
  });

  it('normalises line endings, line-end spaces and runs of empty lines', () => {
    expect(normaliseText('\n\n  Första stycket. \r\nSamma stycke.\r\n \r\n\t\r\n\r\nAndra stycket.  \n\n')).toBe('Första stycket.\nSamma stycke.\n\nAndra stycket.');
  });
});

describe('intrapreneurship roll-forward', () => {
  const HEADER = 'board;year;unit;opening;used;result';

  it('reads amounts in kronor exactly and computes the closing balance', () => {
    const r = parseContentCsv('rollforward', csv(HEADER, 'PNSV;2022;VOF1;23 900 000;−3 900 000,50;2 300 000', 'PNSV;2022;VOF2;0;0;-0'), 'r.csv').records;
    expect(r).toEqual([
      { board: 'PNSV', year: 2022, unit: 'VOF1', openingOre: 2_390_000_000, usedOre: -390_000_050, resultOre: 230_000_000, closingOre: 2_229_999_950, sortOrder: 0, line: 2 },
      { board: 'PNSV', year: 2022, unit: 'VOF2', openingOre: 0, usedOre: 0, resultOre: 0, closingOre: 0, sortOrder: 1, line: 3 },
    ]);
    expect(Object.is(r[1]!.resultOre, -0)).toBe(false);
  });

  it('rejects an empty amount, an amount with three decimals and a unit twice', () => {
    expect(badInputFrom(() => parseContentCsv('rollforward', csv(HEADER, 'PNSV;2022;VOF1;1;;2'), 'r.csv'), at('r.csv', 2, 'used'))).toContain('belopp saknas');
    badInputFrom(() => parseContentCsv('rollforward', csv(HEADER, 'PNSV;2022;VOF1;1,234;0;0'), 'r.csv'), at('r.csv', 2, 'opening'));
    const reason = badInputFrom(() => parseContentCsv('rollforward', csv(HEADER, 'PNSV;2022;VOF1;1;0;0', 'PNSV;2022;VOF1;2;0;0'), 'r.csv'), at('r.csv', 3, 'unit'));
    expect(reason).toContain('rad 2');
  });
});

describe('grids', () => {
  const OPTIONS: GridOptions = { id: 'fem-ar', title: 'Fem år i sammandrag', board: 'PNSV', year: 2022, round: 'P2' };

  it('reads a free table: header labels as columns, Swedish numbers as exact decimals, everything else as text', () => {
    const text = csv(
      'Fem år i sammandrag;Utfall 2021;Prognos 2022;Kommentar',
      'Befolkning;;;',
      'Örebro kommun, totalt;156 987,00;157 855;',
      'Andel (%);12,50;−0,4;ökar',
      'Kommande år;2023,00;2023, 2024;-',
    );
    const r = parseContentCsv('grid', text, 'g.csv', OPTIONS);
    expect(r.kind).toBe('grid');
    const [grid] = r.records;
    expect(grid).toMatchObject(OPTIONS);
    expect(grid.columns).toEqual([
      { key: 'fem_ar_i_sammandrag', label: 'Fem år i sammandrag', kind: 'text' },
      { key: 'utfall_2021', label: 'Utfall 2021', kind: 'number', decimals: 2 },
      { key: 'prognos_2022', label: 'Prognos 2022', kind: 'text' },
      { key: 'kommentar', label: 'Kommentar', kind: 'text' },
    ]);
    expect(grid.rows.map((row) => row.line)).toEqual([2, 3, 4, 5]);
    expect(grid.rows[0]!.cells).toEqual({ fem_ar_i_sammandrag: { kind: 'text', text: 'Befolkning' }, utfall_2021: null, prognos_2022: null, kommentar: null });
    expect(grid.rows[1]!.cells['utfall_2021']).toEqual({ kind: 'number', value: '156987.00', text: '156 987,00' });
    expect(grid.rows[2]!.cells['utfall_2021']).toEqual({ kind: 'number', value: '12.50', text: '12,50' });
    // Prognos 2022 is a text column (it holds "2023, 2024"): its number is kept as typed.
    expect(grid.rows[2]!.cells['prognos_2022']).toEqual({ kind: 'text', text: '−0,4' });
    expect(grid.rows[3]!.cells['prognos_2022']).toEqual({ kind: 'text', text: '2023, 2024' });
    expect(grid.rows[3]!.cells['kommentar']).toEqual({ kind: 'text', text: '-' });
  });

  it('keeps numbers typed with different decimals in one column as typed: "69" stays "69" beside "85,4", never "69,0"', () => {
    const grid = parseContentCsv('grid', csv('Indikatorer;Utfall 2020;Utfall 2021', 'Andel chefer;69;69', 'Index;83,7;89', 'Antal;2 292;2 850'), 'g.csv', OPTIONS).records[0];
    expect(grid.columns.map((c) => c.kind)).toEqual(['text', 'text', 'number']);
    expect(grid.rows.map((r) => r.cells['utfall_2020'])).toEqual([
      { kind: 'text', text: '69' },
      { kind: 'text', text: '83,7' },
      { kind: 'text', text: '2 292' },
    ]);
  });

  it('keeps a numeric first column as text and gives empty or repeated labels positional keys', () => {
    const grid = parseContentCsv('grid', csv(',Benämning,Belopp,Belopp', '1,Säkerställa god vård,"54,0",', '2,Äldreomsorgslyftet,"22,9",x'), 'g.csv', OPTIONS).records[0];
    expect(grid.columns.map((c) => c.key)).toEqual(['c1', 'benamning', 'belopp', 'c4']);
    expect(grid.rows[0]!.cells['c1']).toEqual({ kind: 'text', text: '1' });
    expect(grid.rows[0]!.cells['belopp']).toEqual({ kind: 'number', value: '54.0', text: '54,0' });
  });

  it('keeps a year typed in a text column as typed, "2023" and not the number 2 023', () => {
    const grid = parseContentCsv('grid', csv('Benämning;Belopp, mnkr;Kommande år', 'Äldreomsorgslyftet;22,9;2023', 'God och Nära Vård;6,5;Beloppet avser både 2022 och 2023'), 'g.csv', OPTIONS).records[0];
    expect(grid.columns.map((c) => c.kind)).toEqual(['text', 'number', 'text']);
    expect(grid.rows[0]!.cells['kommande_ar']).toEqual({ kind: 'text', text: '2023' });
    expect(grid.rows[0]!.cells['belopp_mnkr']).toEqual({ kind: 'number', value: '22.9', text: '22,9' });
  });

  it('rejects a value to the right of the header', () => {
    const reason = badInputFrom(() => parseContentCsv('grid', csv('Namn;Värde', 'A;1;2'), 'g.csv', OPTIONS), at('g.csv', 2));
    expect(reason).toContain('kolumn 3');
  });

  it('rejects an empty file and bad options', () => {
    badInputFrom(() => parseContentCsv('grid', '\n', 'g.csv', OPTIONS), { file: 'g.csv' });
    badInputFrom(() => parseContentCsv('grid', csv('A'), 'g.csv', { ...OPTIONS, id: 'fem år' }), { file: 'g.csv', field: 'id' });
    badInputFrom(() => parseContentCsv('grid', csv('A'), 'g.csv', { ...OPTIONS, title: ' ' }), { file: 'g.csv', field: 'title' });
    badInputFrom(() => parseContentCsv('grid', csv('A'), 'g.csv', { ...OPTIONS, year: 22 }), { file: 'g.csv', field: 'year' });
    badInputFrom(() => parseContentCsv('grid', csv('A'), 'g.csv', { ...OPTIONS, round: 'P 2' }), { file: 'g.csv', field: 'round' });
  });
});

describe('documented columns', () => {
  it('documents every column of every kind except grid in Swedish, and a header of the required columns alone is accepted', () => {
    expect(Object.keys(CONTENT_COLUMNS).sort()).toEqual(CONTENT_KINDS.filter((k) => k !== 'grid').sort());
    for (const kind of Object.keys(CONTENT_COLUMNS) as Array<Exclude<ContentKind, 'grid'>>) {
      const required = CONTENT_COLUMNS[kind].filter((c) => c.required).map((c) => c.name);
      expect(parseContentCsv(kind, required.join(',') + '\n', 'x.csv').records).toEqual([]);
      for (const c of CONTENT_COLUMNS[kind]) expect(c.description.length).toBeGreaterThan(10);
    }
  });

  it('marks the optional columns the brief names as optional and all others as required', () => {
    const optional = (k: Exclude<ContentKind, 'grid'>) => CONTENT_COLUMNS[k].filter((c) => !c.required).map((c) => c.name);
    expect(optional('goals')).toEqual(['relation', 'target', 'rule']);
    expect(optional('goal-status')).toEqual(['comment']);
    expect(optional('assignments')).toEqual([]);
    expect(optional('measures')).toEqual(['decision_date', 'diary_number', 'forecast_effect_mnkr', 'total_effect_mnkr', 'achieved_mnkr', 'expected_effect', 'comment']);
    expect(optional('indicators')).toEqual(['unit', 'goal', 'target_type', 'target_value', 'source']);
    expect(optional('indicator-values')).toEqual([]);
    expect(optional('narrative')).toEqual(['title']);
    expect(optional('rollforward')).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('XLSX files', () => {
  it('gives the same records from an XLSX workbook as from the same cells in CSV, for every kind', async () => {
    const samples: Record<Exclude<ContentKind, 'grid'>, string[][]> = {
      goals: [
        ['board', 'year', 'goal_area', 'code', 'parent', 'kind', 'text', 'relation', 'target'],
        ['KS', '2024', 'Utgångspunkter', '1', '', 'strategic', 'Ekonomi i balans', '', ''],
        ['KS', '2024', '', '1.1', '1', 'board', 'KS ska ha ekonomi i balans', 'own', 'minst 0'],
      ],
      'goal-status': [
        ['board', 'year', 'round', 'code', 'status', 'comment'],
        ['KS', '2024', 'P1', '1.1', 'Uppfylls ej', 'Negativ avvikelse'],
      ],
      assignments: [
        ['board', 'year', 'code', 'goal_area', 'given_year', 'text'],
        ['KS', '2024', 'U1', 'Utgångspunkter', '2023', 'Civilt försvar'],
      ],
      'assignment-status': [
        ['board', 'year', 'round', 'code', 'status', 'comment'],
        ['KS', '2024', 'P1', 'U1', 'Påbörjat', ''],
      ],
      measures: [
        ['board', 'year', 'round', 'nr', 'text', 'decision_date', 'forecast_effect_mnkr'],
        ['KS', '2024', 'P1', '1', 'Omförhandling av avtal', 'KS 2023-03-14', '5,8 mnkr'],
      ],
      indicators: [
        ['board', 'code', 'name', 'target_type', 'target_value', 'source'],
        ['KS', 'HME', 'HME-värde', 'min', '78', 'N00945'],
      ],
      'indicator-values': [
        ['board', 'code', 'year', 'kind', 'breakdown', 'value'],
        ['KS', 'HME', '2021', 'actual', 'K', '85,40'],
      ],
      observations: [
        ['board', 'year', 'round', 'goal_area', 'kind', 'text'],
        ['KS', '2024', 'P1', 'Trygghet', 'positive', 'Bra'],
      ],
      narrative: [
        ['board', 'year', 'round', 'key', 'text', 'title'],
        ['KS', '2024', 'P1', 'analysis', 'Första stycket.\n\nAndra stycket.', 'Bedömning'],
      ],
      rollforward: [
        ['board', 'year', 'unit', 'opening', 'used', 'result'],
        ['PNSV', '2022', 'VOF1', '23 900 000', '-3 900 000', '2 300 000'],
      ],
    };
    for (const [kind, rows] of Object.entries(samples) as Array<[Exclude<ContentKind, 'grid'>, string[][]]>) {
      const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
      const fromCsv = parseContentCsv(kind, rows.map((r) => r.map(quote).join(',')).join('\n'), 'x');
      const path = await xlsx(`${kind}.xlsx`, rows.map((r) => r.map((c) => (c === '' ? null : c))));
      const fromXlsx = await readContentFile(kind, path);
      expect(fromXlsx.records, kind).toEqual(fromCsv.records);
      expect(fromXlsx.records.length, kind).toBeGreaterThan(0);
    }
  });

  it('reads numeric cells: whole-number codes and years, decimals without float noise, kronor to the öre', async () => {
    const values = await xlsx('values.xlsx', [
      ['board', 'code', 'year', 'kind', 'breakdown', 'value'],
      [100, 7, 2021, 'actual', 'T', 0.1 + 0.2],
      [100, 7, 2022, 'actual', 'T', 85.4],
      [100, 7, 2023, 'actual', 'T', 153317],
      [100, 7, 2024, 'actual', 'T', -0.0001],
    ]);
    const v = await readContentFile('indicator-values', values);
    expect(v.records.map((r) => [r.board, r.code, r.year, r.value, r.line])).toEqual([
      ['100', '7', 2021, '0.3', 2],
      ['100', '7', 2022, '85.4', 3],
      ['100', '7', 2023, '153317', 4],
      ['100', '7', 2024, '-0.0001', 5],
    ]);
    const roll = await xlsx('roll.xlsx', [
      ['board', 'year', 'unit', 'opening', 'used', 'result'],
      ['PNSV', 2022, 'VOF1', 23900000.1 + 0.2, -3900000, 0.1 + 0.2 - 0.3],
    ]);
    expect((await readContentFile('rollforward', roll)).records[0]).toMatchObject({ openingOre: 2_390_000_030, usedOre: -390_000_000, resultOre: 0, closingOre: 2_000_000_030 });
  });

  it('rejects a goal code stored as a decimal number in the workbook, at its row and field', async () => {
    const path = await xlsx('goals-numeric.xlsx', [
      ['board', 'year', 'goal_area', 'code', 'parent', 'kind', 'text'],
      ['KS', 2024, 'A', 1, null, 'strategic', 'S'],
      [null, null, null, null, null, null, null],
      ['KS', 2024, null, 1.1, 1, 'board', 'B'],
    ]);
    const err = await rejection(readContentFile('goals', path));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.location).toEqual({ file: path, line: 4, field: 'code' });
    expect(err.reason).toContain('text');
  });

  it('reads a grid from a workbook with numeric cells and a numeric first column', async () => {
    const path = await xlsx('grid.xlsx', [
      ['Nr', 'Benämning', 'Belopp, mnkr', 'Kommande år'],
      [1, 'Säkerställa god vård', 54, 'Permanent'],
      [2, 'Motverka ensamhet', 8.2, '-'],
    ]);
    const r = await readContentFile('grid', path, { id: 'statsbidrag', title: 'Riktade statsbidrag', board: 'PNSV', year: 2022, round: 'P2' });
    const grid = r.records[0];
    expect(grid.columns.map((c) => [c.key, c.kind])).toEqual([
      ['nr', 'text'],
      ['benamning', 'text'],
      ['belopp_mnkr', 'number'],
      ['kommande_ar', 'text'],
    ]);
    expect(grid.rows[1]!.cells).toEqual({
      nr: { kind: 'text', text: '2' },
      benamning: { kind: 'text', text: 'Motverka ensamhet' },
      belopp_mnkr: { kind: 'number', value: '8.2', text: '8,2' },
      kommande_ar: { kind: 'text', text: '-' },
    });
  });

  it('reads CSV files from disk with the tabular encodings and reports the path as given', async () => {
    const path = join(dir, 'status.csv');
    await writeFile(path, Buffer.from('board;year;round;code;status;comment\r\nKS;2024;P1;1.1;Uppfylls delvis;Målet nås år 2025\r\n', 'latin1'));
    const r = await readContentFile('goal-status', path);
    expect(r.records[0]).toMatchObject({ status: 'Uppfylls delvis', comment: 'Målet nås år 2025' });
    expect(r.warnings[0]).toContain('Windows-1252');
    await writeFile(path, 'board;year;round;code;status\nKS;2024;P1;1.1;Klar\n');
    expect((await rejection(readContentFile('goal-status', path))).location).toEqual({ file: path, line: 2, field: 'status' });
    expect((await rejection(readContentFile('goal-status', join(dir, 'saknas.csv')))).location).toEqual({ file: join(dir, 'saknas.csv') });
  });
});

// ---------------------------------------------------------------------------------------------

describe('property: indicator values written to CSV', () => {
  /** Write an exact decimal (digits + scale) in one of the accepted styles. */
  function written(digits: bigint, scale: number, style: { comma: boolean; unicodeMinus: boolean; thousands: string }): string {
    const neg = digits < 0n;
    const abs = (neg ? -digits : digits).toString().padStart(scale + 1, '0');
    const int = abs.slice(0, abs.length - scale).replace(/\B(?=(\d{3})+(?!\d))/g, style.thousands);
    const frac = abs.slice(abs.length - scale);
    return `${neg ? (style.unicodeMinus ? '\u2212' : '-') : ''}${int}${scale > 0 ? (style.comma ? ',' : '.') + frac : ''}`;
  }
  /** The canonical form the parser must give. */
  function canonical(digits: bigint, scale: number): string {
    const zero = digits === 0n;
    const abs = (digits < 0n ? -digits : digits).toString().padStart(scale + 1, '0');
    return `${digits < 0n && !zero ? '-' : ''}${abs.slice(0, abs.length - scale)}${scale > 0 ? '.' + abs.slice(abs.length - scale) : ''}`;
  }

  it('parses random valid rows back to the same keys and exact values', () => {
    const rowArb = fc.record({
      board: fc.stringMatching(/^[A-ZÅÄÖ]{1,5}$/),
      year: fc.integer({ min: 1900, max: 2200 }),
      kind: fc.constantFrom('actual', 'forecast'),
      breakdown: fc.constantFrom('T', 'K', 'M'),
      digits: fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
      scale: fc.integer({ min: 0, max: 6 }),
      style: fc.record({ comma: fc.boolean(), unicodeMinus: fc.boolean(), thousands: fc.constantFrom('', ' ', '\u00a0', '\u202f') }),
    });
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 25 }), fc.constantFrom(',', ';', '\t'), fc.boolean(), (rows, delimiter, crlf) => {
        const quote = (s: string): string => (s.includes(delimiter) ? `"${s}"` : s);
        const lines = [['board', 'code', 'year', 'kind', 'breakdown', 'value'].join(delimiter)];
        // The code is unique per row, so no two rows share a key.
        rows.forEach((r, i) => lines.push([r.board, `I${i}`, String(r.year), r.kind, r.breakdown, written(r.digits, r.scale, r.style)].map(quote).join(delimiter)));
        const parsed = parseContentCsv('indicator-values', lines.join(crlf ? '\r\n' : '\n'), 'p.csv').records;
        expect(parsed).toEqual(
          rows.map((r, i) => ({
            board: r.board,
            code: `I${i}`,
            year: r.year,
            kind: r.kind,
            breakdown: r.breakdown,
            value: canonical(r.digits, r.scale),
            line: i + 2,
          })),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('parses random valid goal trees back to the same codes, parents and goal areas', () => {
    const treeArb = fc.array(fc.record({ area: fc.constantFrom('Trygghet', 'Lärande', 'Hållbarhet'), children: fc.integer({ min: 0, max: 4 }) }), {
      minLength: 1,
      maxLength: 8,
    });
    fc.assert(
      fc.property(treeArb, fc.boolean(), (tree, reversed) => {
        const rows: string[][] = [];
        tree.forEach((s, i) => {
          rows.push(['KS', '2024', s.area, String(i + 1), '', 'strategic', `Strategiskt mål ${i + 1}`]);
          for (let c = 1; c <= s.children; c++) rows.push(['KS', '2024', '', `${i + 1}.${c}`, String(i + 1), c % 2 ? 'board' : 'indicator', `Mål ${i + 1}.${c}`]);
        });
        const ordered = reversed ? [...rows].reverse() : rows;
        const text = ['board;year;goal_area;code;parent;kind;text', ...ordered.map((r) => r.join(';'))].join('\n');
        const parsed = parseContentCsv('goals', text, 'g.csv').records;
        expect(parsed.map((g) => [g.code, g.parent, g.goalArea, g.sortOrder])).toEqual(
          ordered.map((r, i) => [r[3], r[4] === '' ? null : r[4], r[2] !== '' ? r[2] : tree[Number(r[4]) - 1]!.area, i]),
        );
      }),
      { numRuns: 200 },
    );
  });
});
