// Follow-up content into the real store: replace-not-double, references checked, Kolada values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore, testBackends } from '../../test/support/store.ts';
import { PrognosError } from '../core/errors/index.ts';
import type { Store } from './index.ts';
import { importTabular } from './ingest.ts';
import { importContent, importKolada } from './ingest-content.ts';

const dir = mkdtempSync(join(tmpdir(), 'prognos-content-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const GOALS = file(
  'goals.csv',
  'board,year,goal_area,code,parent,kind,text,relation,target\nKS,2024,Område,1,,strategic,Ekonomi i balans,,\nKS,2024,Område,1.1,1,board,KS ska ha ekonomi i balans,own,\n',
);
const STATUS = file('status.csv', 'board,year,round,code,status,comment\nKS,2024,P1,1.1,Uppfylls ej,Negativ avvikelse\n');
const INDICATORS = file('ind.csv', 'board,code,name,unit,target_type,target_value,source\nKS,HME,HME-värde,index,min,78,N00945\n');

describe.each(testBackends())('content import on %s', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(backend);
    await importTabular(store, 'c', 'org', file('org.csv', 'code,name,parent,level\nKS,Kommunstyrelsen,,board\n'));
  });
  afterAll(async () => {
    await store?.close();
  });

  it('imports goals and their statuses, and importing them again does not double them', async () => {
    await importContent(store, 'c', 'goals', GOALS);
    await importContent(store, 'c', 'goal-status', STATUS);
    await importContent(store, 'c', 'goals', GOALS);
    await importContent(store, 'c', 'goal-status', STATUS);
    const content = await store.loadFollowUp({ orgId: 'c', board: 'KS', year: 2024, round: 'P1' });
    expect(content.goals.map((g) => g.code)).toEqual(['1', '1.1']);
    expect(content.goalStatus.get('1.1')).toEqual({ status: 'Uppfylls ej', comment: 'Negativ avvikelse' });
  });

  it('rejects content for a board the organisation does not have, naming line and field, and stores nothing of it', async () => {
    const bad = file('bad-goals.csv', 'board,year,goal_area,code,parent,kind,text\nKS,2025,Område,1,,strategic,Mål\nXX,2025,Område,2,,strategic,Mål\n');
    const err = (await importContent(store, 'c', 'goals', bad).catch((e: unknown) => e)) as PrognosError;
    expect(err).toBeInstanceOf(PrognosError);
    expect(err.location).toMatchObject({ line: 3, field: 'board' });
    expect((await store.loadFollowUp({ orgId: 'c', board: 'KS', year: 2025, round: 'P1' })).goals).toEqual([]);
  });

  it('keeps measure effects in mnkr exact', async () => {
    await importContent(store, 'c', 'measures', file('m.csv', 'board,year,round,nr,text,forecast_effect_mnkr\nKS,2024,P1,1,Omförhandling,"5,8"\nKS,2024,P1,2,Bemanning,0.1\n'));
    const content = await store.loadFollowUp({ orgId: 'c', board: 'KS', year: 2024, round: 'P1' });
    expect(content.measures.map((m) => m.forecastEffectMnkr)).toEqual(['5.8', '0.1']);
  });

  it('puts Kolada values on the indicator whose source is the KPI and reports unknown KPIs', async () => {
    await importContent(store, 'c', 'indicators', INDICATORS);
    const kolada = file(
      'kolada.json',
      JSON.stringify({
        count: 2,
        values: [
          { kpi: 'N00945', municipality: '1880', period: 2023, values: [{ gender: 'T', value: 79.5 }, { gender: 'K', value: 80 }] },
          { kpi: 'N99999', municipality: '1880', period: 2023, values: [{ gender: 'T', value: 1 }] },
        ],
      }),
    );
    const s = await importKolada(store, 'c', kolada);
    expect(s.counts.values).toBe(2);
    expect(s.warnings.join(' ')).toContain('N99999');
    await importKolada(store, 'c', kolada);
    const content = await store.loadFollowUp({ orgId: 'c', board: 'KS', year: 2023, round: 'P1' });
    expect(content.indicatorValues.map((v) => [v.code, v.year, v.breakdown, Number(v.value)])).toEqual([
      ['HME', 2023, 'K', 80],
      ['HME', 2023, 'T', 79.5],
    ]);
  });
});
