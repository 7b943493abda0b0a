// The unit code mapping across years into the real store: a renamed or merged unit keeps its previous-year figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore, testBackends } from '../../test/support/store.ts';
import { PrognosError } from '../core/errors/index.ts';
import { buildReport } from '../report/index.ts';
import { renderHtml } from '../report/html/index.ts';
import type { Store } from './index.ts';
import { importTabular } from './ingest.ts';
import { importUnitMap } from './ingest-unit-map.ts';
import { forecastFacts } from './forecast-cells.ts';
import { listUnitMappings, renamesBetween } from './unit-renames.ts';

const dir = mkdtempSync(join(tmpdir(), 'prognos-unitmap-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const MAP = file('map.csv', 'year,old_code,new_code\n2022,KA A,KAA\n2022,M1,M\n2022,M2,M\n');

describe('renames chained across years', () => {
  it('follow every rename between the amounts’ year and the report’s year, in order', () => {
    const maps = [
      { year: 2021, oldCode: 'KG', newCode: 'KGI' },
      { year: 2023, oldCode: 'KGI', newCode: 'KGX' },
      { year: 2023, oldCode: 'KSÅ', newCode: 'KSÄ' },
    ];
    expect([...renamesBetween(maps, 2020, 2023)].sort()).toEqual([['KG', 'KGX'], ['KGI', 'KGX'], ['KSÅ', 'KSÄ']]);
    expect([...renamesBetween(maps, 2021, 2022)]).toEqual([]);
    expect([...renamesBetween(maps, 2020, 2022)]).toEqual([['KG', 'KGI']]);
  });
});

describe.each(testBackends())('unit code mapping on %s', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(backend);
    await importTabular(store, 'u', 'org', file('org.csv', 'code,name,parent,level\nN,Nämnden,,board\nKAA,Kansliavdelningen,N,RN1\nKA A,Kansliavd (t.o.m. 2021),N,RN1\nM,Mark,N,RN1\nM1,Mark öst,N,RN1\nM2,Mark väst,N,RN1\n'));
    await importTabular(store, 'u', 'accounts', file('accounts.csv', 'account,name\n5010,Löner\n'));
    await importTabular(
      store,
      'u',
      'amounts',
      file(
        'amounts.csv',
        [
          'scenario,year,period,unit,account,activity,project,amount',
          'actual,2021,1,KA A,5010,,,100000',
          'actual,2021,6,KA A,5010,,,50000',
          'budget,2021,,KA A,5010,,,120000',
          'actual,2022,1,KAA,5010,,,40000',
          'actual,2021,1,M1,5010,,,10000',
          'actual,2021,2,M2,5010,,,20000',
          'actual,2022,2,M,5010,,,5000',
        ].join('\n'),
      ),
    );
  });
  afterAll(async () => {
    await store?.close();
  });

  it('without a mapping the renamed unit has no previous-year figures (what the mapping repairs)', async () => {
    const m = await buildReport(store, { orgId: 'u', scope: 'N', year: 2022, period: 3, round: 'P1' });
    const units = m.tables.find((t) => t.id === 'units')!;
    expect(units.rows.find((r) => r.code === 'KAA')!.values.closing_prev).toBe(0);
  });

  it('a dry run stores nothing and says what would be imported', async () => {
    const s = await importUnitMap(store, 'u', MAP, { dryRun: true });
    expect(s).toMatchObject({ dryRun: true, records: 3, changes: { stored: 3, added: 3, replaced: 0, removed: 0 } });
    expect(await listUnitMappings(store.db, 'u')).toEqual([]);
  });

  it('keeps a renamed unit’s and a merged unit’s previous-year figures in the report, with a note under the table', async () => {
    await importUnitMap(store, 'u', MAP);
    const m = await buildReport(store, { orgId: 'u', scope: 'N', year: 2022, period: 3, round: 'P1' });
    const units = m.tables.find((t) => t.id === 'units')!;
    const kaa = units.rows.find((r) => r.code === 'KAA')!;
    // 2021: 100 000 + 50 000 kr on KA A = 150 tkr closing; 2022 Jan–Mar 40 tkr on KAA (net sign: cost negative).
    expect(kaa.values.closing_prev).toBe(-150);
    expect(kaa.values.actual).toBe(-40);
    // M1 10 000 + M2 20 000 kr merged into M.
    expect(units.rows.find((r) => r.code === 'M')!.values.closing_prev).toBe(-30);
    expect(units.rows.find((r) => r.code === 'KA A')?.values.closing_prev ?? 0).toBe(0);
    const net = m.tables.find((t) => t.id === 'net-summary')!;
    expect(net.total.values.closing_prev).toBe(-180);
    expect(units.note).toBe('KA A heter från 2022 KAA; M1 och M2 är sammanslagna och heter från 2022 M; föregående års belopp är omräknade.');
    expect(renderHtml(m)).toContain('KA A heter från 2022 KAA');
  });

  it('reads the previous year’s actual and budget of a round’s forecast under the new code', async () => {
    const [f] = await forecastFacts(store.db, 'u', { year: 2022, period: 3, scenario: 'forecast:P1', prevScenario: null, units: ['KAA'] });
    expect(f).toMatchObject({ unit: 'KAA', closingPrev: 15000000n, actualPrevYtd: 10000000n, budgetPrev: 12000000n, actualYtd: 4000000n });
  });

  it('leaves the year of the rename and earlier years’ reports with the old code', async () => {
    const m = await buildReport(store, { orgId: 'u', scope: 'N', year: 2021, period: 12, round: 'P1' });
    const units = m.tables.find((t) => t.id === 'units')!;
    expect(units.rows.find((r) => r.code === 'KA A')!.values.actual).toBe(-150);
    expect(units.note).toBeUndefined();
  });

  it('importing the file again does not double it, and importing a part keeps the rest', async () => {
    const again = await importUnitMap(store, 'u', MAP);
    expect(again.changes).toEqual({ stored: 3, added: 0, replaced: 3, removed: 0 });
    await importUnitMap(store, 'u', file('part.csv', 'year,old_code,new_code\n2022,M2,M\n'));
    expect((await listUnitMappings(store.db, 'u')).map((x) => `${x.year} ${x.oldCode}→${x.newCode}`)).toEqual(['2022 KA A→KAA', '2022 M1→M', '2022 M2→M']);
  });

  it('refuses a new code that is not a unit, naming file, line and field in Swedish, and stores nothing of the file', async () => {
    const bad = file('bad.csv', 'year,old_code,new_code\n2023,KAA,KAB\n2023,M,XX\n');
    const err = (await importUnitMap(store, 'u', bad).catch((e: unknown) => e)) as PrognosError;
    expect(err).toBeInstanceOf(PrognosError);
    expect(err.location).toMatchObject({ file: bad, line: 2, field: 'new_code' });
    expect(err.message).toContain('"KAB" är ingen enhet');
    expect((await listUnitMappings(store.db, 'u')).some((x) => x.year === 2023)).toBe(false);
  });

  it('refuses a second new code for the same old code and year, and a code mapped to itself', async () => {
    const dup = file('dup.csv', 'year,old_code,new_code\n2023,KAA,M\n2023,KAA,N\n');
    const e1 = (await importUnitMap(store, 'u', dup).catch((e: unknown) => e)) as PrognosError;
    expect(e1.location).toMatchObject({ line: 3, field: 'old_code' });
    expect(e1.message).toContain('rad 2');
    const same = file('same.csv', 'year,old_code,new_code\n2023,KAA,KAA\n');
    const e2 = (await importUnitMap(store, 'u', same).catch((e: unknown) => e)) as PrognosError;
    expect(e2.location).toMatchObject({ line: 2, field: 'new_code' });
  });
});
