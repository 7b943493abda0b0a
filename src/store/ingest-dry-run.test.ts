// `--dry-run` for every import kind: the whole import runs in its transaction, checks included,
// and is rolled back — nothing stored, and the summary is exactly the real import's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore, testBackends } from '../../test/support/store.ts';
import { PrognosError } from '../core/errors/index.ts';
import { CONTENT_KINDS, type ContentKind } from '../import/content/index.ts';
import { TABULAR_KINDS, type TabularKind } from '../import/tabular/index.ts';
import type { Store } from './index.ts';
import { importSie, importTabular, type ImportOptions, type ImportSummary } from './ingest.ts';
import { importContent, importKolada } from './ingest-content.ts';

const dir = mkdtempSync(join(tmpdir(), 'prognos-dry-run-'));
const file = (name: string, ...lines: string[]): string => {
  const p = join(dir, name);
  writeFileSync(p, `${lines.join('\n')}\n`);
  return p;
};
const ORG = 'dry';
const AMOUNTS = 'scenario,year,period,unit,account,activity,project,amount';
const sie = (name: string, amount: string): string =>
  file(name, '#FLAGGA 0', '#SIETYP 3', '#RAR 0 20230101 20231231', '#KONTO 5010 "Löner"', '#DIM 1 "Ansvar"', '#OBJEKT 1 "A" "Avd A"', `#PSALDO 0 202301 5010 {1 "A"} ${amount}`);
const kolada = (name: string, value: number): string =>
  file(name, JSON.stringify({ count: 1, values: [{ kpi: 'N00945', municipality: '1880', period: 2023, values: [{ gender: 'T', value }, { gender: 'K', value: value + 1 }] }] }));
const GRID = { id: 'g1', title: 'Tabell', board: 'KS', year: 2024, round: 'P1' };

type Kind = TabularKind | ContentKind | 'sie' | 'kolada';

/** Per kind: a file imported first, and a second one whose dry run and real import are compared. */
const FILES: Record<Kind, [string, string]> = {
  org: [
    file('org1.csv', 'code,name,parent,level', 'KS,Kommunstyrelsen,,board', 'A,Avd A,KS,RN1'),
    file('org2.csv', 'code,name,parent,level', 'A,Avd A (nytt namn),KS,RN1', 'B,Avd B,A,RN2'),
  ],
  accounts: [file('acc1.csv', 'account,name', '5010,Löner'), file('acc2.csv', 'account,name,group', '5010,Löner,5', '3010,Intäkter,')],
  activities: [file('act1.csv', 'code,name', '1000,Nämnd'), file('act2.csv', 'code,name', '1000,Nämnd och styrelse', '2000,Annat')],
  amounts: [
    file('am1.csv', AMOUNTS, 'actual,2024,1,A,5010,1000,,10', 'actual,2024,2,A,5010,1000,,20', 'actual,2024,2,A,3010,,,-5'),
    file('am2.csv', AMOUNTS, 'actual,2024,2,A,5010,1000,,25', 'actual,2024,2,B,5010,,,7'),
  ],
  sie: [sie('s1.se', '100.00'), sie('s2.se', '150.00')],
  goals: [
    file('goals1.csv', 'board,year,goal_area,code,parent,kind,text', 'KS,2024,Område,1,,strategic,Mål ett', 'KS,2024,Område,1.1,1,board,Delmål'),
    file('goals2.csv', 'board,year,goal_area,code,parent,kind,text', 'KS,2024,Område,1,,strategic,Mål ett', 'KS,2024,Område,2,,strategic,Mål två'),
  ],
  'goal-status': [
    file('gs1.csv', 'board,year,round,code,status,comment', 'KS,2024,P1,1,Uppfylls,'),
    file('gs2.csv', 'board,year,round,code,status,comment', 'KS,2024,P1,2,Uppfylls ej,Avvikelse'),
  ],
  assignments: [
    file('as1.csv', 'board,year,code,goal_area,given_year,text', 'KS,2024,U1,Område,2024,Text'),
    file('as2.csv', 'board,year,code,goal_area,given_year,text', 'KS,2024,U1,Område,2024,Ny text', 'KS,2024,U2,Område,2023,Annat'),
  ],
  'assignment-status': [
    file('ass1.csv', 'board,year,round,code,status,comment', 'KS,2024,P1,U1,Påbörjat,'),
    file('ass2.csv', 'board,year,round,code,status,comment', 'KS,2024,P1,U1,Genomfört,', 'KS,2024,P1,U2,Ej påbörjat,'),
  ],
  measures: [file('m1.csv', 'board,year,round,nr,text', 'KS,2024,P1,1,Omförhandling'), file('m2.csv', 'board,year,round,nr,text', 'KS,2024,P1,2,Bemanning')],
  indicators: [
    file('i1.csv', 'board,code,name,source', 'KS,HME,HME-värde,N00945'),
    file('i2.csv', 'board,code,name,source', 'KS,HME,HME-värde,N00945', 'KS,SJ,Sjukfrånvaro,'),
  ],
  'indicator-values': [
    file('iv1.csv', 'board,code,year,kind,breakdown,value', 'KS,HME,2022,actual,T,79'),
    file('iv2.csv', 'board,code,year,kind,breakdown,value', 'KS,HME,2022,actual,T,80', 'KS,HME,2022,actual,K,81'),
  ],
  observations: [
    file('o1.csv', 'board,year,round,goal_area,kind,text', 'KS,2024,P1,Område,positive,Bra'),
    file('o2.csv', 'board,year,round,goal_area,kind,text', 'KS,2024,P1,Område,positive,Bättre', 'KS,2024,P1,Område,improvement,Sämre'),
  ],
  narrative: [
    file('n1.csv', 'board,year,round,key,text', 'KS,2024,P1,proposal,Förslag'),
    file('n2.csv', 'board,year,round,key,text', 'KS,2024,P1,proposal,Nytt förslag', 'KS,2024,P1,assessment,Bedömning'),
  ],
  rollforward: [
    file('r1.csv', 'board,year,unit,opening,used,result', 'KS,2024,A,100,0,10'),
    file('r2.csv', 'board,year,unit,opening,used,result', 'KS,2024,B,200,0,20'),
  ],
  grid: [file('g1.csv', 'Rubrik,Belopp tkr', 'X,1'), file('g2.csv', 'Rubrik,Belopp tkr', 'X,2', 'Y,3')],
  kolada: [kolada('k1.json', 79), kolada('k2.json', 82)],
};

function run(store: Store, kind: Kind, path: string, opts: ImportOptions): Promise<ImportSummary> {
  if (kind === 'sie') return importSie(store, ORG, path, opts);
  if (kind === 'kolada') return importKolada(store, ORG, path, undefined, opts);
  if ((TABULAR_KINDS as readonly string[]).includes(kind)) return importTabular(store, ORG, kind as TabularKind, path, opts);
  return importContent(store, ORG, kind as ContentKind, path, kind === 'grid' ? GRID : undefined, opts);
}

/** Every table's row count and a digest of its rows: any stored change shows. */
async function fingerprint(store: Store): Promise<Record<string, string>> {
  const tables = await store.db.query<{ t: string }>(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    const [r] = await store.db.query<{ n: string; h: string | null }>(`SELECT count(*) AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${t} x`);
    out[t] = `${r!.n} ${r!.h ?? ''}`;
  }
  return out;
}

const KINDS: Kind[] = [...TABULAR_KINDS, 'sie', ...CONTENT_KINDS, 'kolada'];

describe.each(testBackends())('dry runs on %s', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('a dry run into an empty database stores nothing, not even the organisation', async () => {
    const before = await fingerprint(store);
    const dry = await run(store, 'org', FILES.org[0], { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, changes: { stored: 2, added: 2, replaced: 0, removed: 0 } });
    expect(await fingerprint(store)).toEqual(before);
    expect(await store.listOrganisations()).toEqual([]);
  });

  it.each(KINDS)('a dry run of an import of kind %s stores nothing and reports exactly what the import then does', async (kind) => {
    await run(store, kind, FILES[kind][0], {});
    const before = await fingerprint(store);
    const dry = await run(store, kind, FILES[kind][1], { dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(await fingerprint(store)).toEqual(before);
    const real = await run(store, kind, FILES[kind][1], {});
    expect(real.dryRun).toBeUndefined();
    expect(real).toEqual({ ...dry, dryRun: undefined });
    expect(real.changes.stored).toBeGreaterThan(0);
    expect(real.changes.replaced + real.changes.removed).toBeGreaterThan(0);
    expect(await fingerprint(store)).not.toEqual(before);
  });

  it('a dry run checks the file as the import does: an unknown unit is the same error, and nothing is stored', async () => {
    const bad = file('bad.csv', AMOUNTS, 'actual,2024,3,ZZZ,5010,,,1');
    const before = await fingerprint(store);
    const err = (await run(store, 'amounts', bad, { dryRun: true }).catch((e: unknown) => e)) as PrognosError;
    expect(err).toBeInstanceOf(PrognosError);
    expect(err.location).toEqual({ file: bad, line: 2, field: 'unit' });
    expect(await fingerprint(store)).toEqual(before);
  });
});
