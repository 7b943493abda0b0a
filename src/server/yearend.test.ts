// A year-end round (bokslut): its kind is stored and chosen at opening, it has no forecast entry,
// submits and publishes need no decision on forecasts, its report says Bokslut/Utfall, and the
// comparison facts between rounds print in its texts — on every store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import type { ReportModel } from '../report/index.ts';
import { Client, demoWorld, loggedIn, type World } from '../../test/support/server.ts';

const onKaa = (name: string, extra: Record<string, unknown> = {}) => ({ board: 'KS', year: 2023, level: 'RN3', within: 'KAA', thresholdTkr: 1_000_000, name, ...extra });
const texts = (m: ReportModel): string[] => m.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'paragraph' ? [b.text] : [])));

describe.each(testBackends())('year-end round (%s)', (backend) => {
  let w: World;
  let controller: Client;
  beforeAll(async () => {
    w = await demoWorld(backend);
    controller = await loggedIn(w.app, 'controller');
  });
  afterAll(() => w?.close());

  it('refuses a year-end round cut off before December, naming the field', async () => {
    const r = await controller.post('/api/rounds', onKaa('B', { period: 3, kind: 'year-end' }));
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ field: 'period' });
  });

  it('stores the kind, offers no forecast entry, needs no forecast decision, and prints Bokslut wording and the comparison with P1', async () => {
    const p1 = await controller.post('/api/rounds', onKaa('P1', { period: 3 }));
    expect(p1.status).toBe(201);
    expect(p1.body.round).toMatchObject({ kind: 'forecast', kindName: 'Prognosomgång' });
    const p1Id = p1.body.round.id as number;
    const unit = p1.body.round.units[0].code as string;
    expect((await controller.put(`/api/rounds/${p1Id}/units/${unit}/forecast`, { group: '4', activity: '', amountOre: -123_456_789, version: 0 })).status).toBe(200);

    const created = await controller.post('/api/rounds', onKaa('B', { period: 12, kind: 'year-end' }));
    expect(created.status).toBe(201);
    expect(created.body.round).toMatchObject({ kind: 'year-end', kindName: 'Bokslut', template: null });
    const id = created.body.round.id as number;
    expect((await controller.get(`/api/rounds/${id}`)).body.round.kind).toBe('year-end');

    const save = await controller.put(`/api/rounds/${id}/units/${unit}/forecast`, { group: '4', activity: '', amountOre: 100, version: 0 });
    expect(save.status).toBe(409);
    expect(save.body.error.message).toContain('bokslut');

    expect((await controller.put(`/api/rounds/${id}/narratives/analysis`, { title: '', text: 'Året slutade med ett överskott.', version: 0 })).status).toBe(200);
    const put = await controller.put(`/api/rounds/${id}/narratives/proposal`, { title: '', text: 'Resultatet: {jämförelse:P1}. Mot förra året: {jämförelse:bokslut}.', version: 0 });
    expect(put.status).toBe(200);
    const preview = (await controller.get(`/api/rounds/${id}/report.json`)).body as ReportModel;
    expect(texts(preview).find((t) => t.startsWith('Resultatet:'))).toMatch(/^Resultatet: (förbättring|försämring) \d+,\d mnkr sedan prognos 1\. Mot förra året: \[jämförelse saknas: inget bokslut 2022\]\.$/);
    // (The publish check reads an amount in the text that no table prints as an error, so the published text is plain.)
    expect((await controller.put(`/api/rounds/${id}/narratives/proposal`, { title: '', text: 'Nämnden godkänner bokslutet.', version: JSON.stringify(put.body).match(/"version":(\d+)/)![1] ? Number(JSON.stringify(put.body).match(/"version":(\d+)/)![1]) : 0 })).status).toBe(200);
    for (const u of created.body.round.units as Array<{ code: string }>) {
      expect((await controller.post(`/api/rounds/${id}/units/${u.code}/submit`)).status).toBe(200);
      expect((await controller.post(`/api/rounds/${id}/units/${u.code}/approve`)).status).toBe(200);
    }
    const published = await controller.post(`/api/rounds/${id}/publish`, { acknowledgeWarnings: true });
    expect(published.status, published.text).toBe(200);

    const model = (await controller.get(`/published/${id}/report.json`)).body as ReportModel;
    expect(model.report.roundKind).toBe('year-end');
    const headings = model.sections.map((s) => s.title);
    expect(headings).toContain('Ekonomiskt resultat 2023');
    expect(headings).toContain('Analys av verksamhetens resultat');
    expect(headings.filter((h) => /prognos/i.test(h))).toEqual([]);
    expect(model.report.missingForecasts ?? []).toEqual([]);
    expect(texts(model)).toContain('Nämnden godkänner bokslutet.');
  });
});
