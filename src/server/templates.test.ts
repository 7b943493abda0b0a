// A board template stored as data goes through a round: chosen when the round opens, used by its
// preview and its text slots, frozen with its published report — on every store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { standardTemplate, type ReportModel, type ReportTemplate } from '../report/index.ts';
import { renderReport, type ReportFormat } from '../report/render.ts';
import { Client, demoWorld, loggedIn, type World } from '../../test/support/server.ts';

/** The real JSON and HTML; the slow formats are not what this test is about. */
const render = async (model: ReportModel, format: ReportFormat) => (format === 'json' || format === 'html' ? renderReport(model, format) : Buffer.from(format));

function boardTemplate(title: string): ReportTemplate {
  const t = standardTemplate('KS', false, 'RN3');
  return {
    id: 'ks-delar',
    name: 'Delårsrapport Kommunstyrelsen',
    chapters: [
      { id: 'egen', number: '1', title: title, level: 1, blocks: [{ narrative: 'egen-text' }] },
      { id: 'tomt', number: '2', title: 'Kapitel utan innehåll', level: 1, blocks: [{ narrative: 'ingen-har-skrivit' }] },
      t.chapters.find((c) => c.id === 'resultat')!,
    ],
  };
}

const roundOnKaa = (name: string, extra: Record<string, unknown> = {}) => ({ board: 'KS', year: 2024, period: 3, name, level: 'RN3', within: 'KAA', thresholdTkr: 1_000_000, ...extra });

describe.each(testBackends())('board templates through a round (%s)', (backend) => {
  let w: World;
  let controller: Client;
  let reader: Client;
  beforeAll(async () => {
    w = await demoWorld(backend, { renderReport: render });
    controller = await loggedIn(w.app, 'controller');
    reader = await loggedIn(w.app, 'reader');
  });
  afterAll(() => w?.close());

  it('opens a round with the board’s stored template, uses it in the preview and the text slots, and freezes that version at publishing', async () => {
    const up = await controller.post('/api/templates/KS', boardTemplate('Vår egen rubrik {year}'));
    expect(up.status).toBe(201);
    expect(up.body.template).toMatchObject({ board: { code: 'KS' }, id: 'ks-delar', version: 1, name: 'Delårsrapport Kommunstyrelsen', createdBy: 'controller' });

    const created = await controller.post('/api/rounds', roundOnKaa('P1'));
    expect(created.status).toBe(201);
    const id = created.body.round.id as number;
    expect(created.body.round.template).toEqual({ id: 'ks-delar', version: 1 });

    expect((await controller.put(`/api/rounds/${id}/narratives/egen-text`, { title: '', text: 'Nämndens egen text.', version: 0 })).status).toBe(200);

    // The preview: the template's chapters; the empty one stays, with a visible placeholder.
    const preview = (await controller.get(`/api/rounds/${id}/report.json`)).body as ReportModel;
    expect(preview.sections.filter((s) => s.level === 1).map((s) => s.title)).toEqual(['Vår egen rubrik 2024', 'Kapitel utan innehåll', 'Delårsresultat och prognos 1 för år 2024']);
    expect(preview.sections.find((s) => s.id === 'tomt')!.blocks).toEqual([{ type: 'placeholder', text: 'Innehåll saknas: text — fyll i det eller ta bort kapitlet ur mallen.' }]);
    expect(preview.report.omittedChapters).toContainEqual({ id: 'tomt', number: '2', title: 'Kapitel utan innehåll', placeholder: true });
    expect((await controller.get(`/api/rounds/${id}/report.html`)).text).toContain('<p class="placeholder" role="note">Innehåll saknas: text');

    // The texts page lists the template's text slots.
    const texts = await controller.get(`/rounds/${id}/texts`);
    expect(texts.status).toBe(200);
    expect(texts.text).toContain('1 Vår egen rubrik 2024');
    expect(texts.text).not.toContain('Förslag till beslut');

    for (const step of ['submit', 'approve']) expect((await controller.post(`/api/rounds/${id}/units/KAA/${step}`)).status).toBe(200);
    expect((await controller.post(`/api/rounds/${id}/publish`, { acknowledgeWarnings: true })).status).toBe(200);
    const published = (await reader.get(`/api/rounds/${id}/report.json`)).text;
    expect(JSON.parse(published).sections[0].title).toBe('Vår egen rubrik 2024');

    // A new version after publishing changes neither the published report nor the round's template.
    expect((await controller.post('/api/templates/KS', boardTemplate('En helt ny rubrik'))).body.template.version).toBe(2);
    expect((await reader.get(`/api/rounds/${id}/report.json`)).text).toBe(published);
    const used = await reader.get(`/api/rounds/${id}/template`);
    expect(used.body.template).toMatchObject({ id: 'ks-delar', version: 1 });
    expect(used.body.body.chapters[0].title).toBe('Vår egen rubrik {year}');
    expect((await reader.get(`/api/rounds/${id}`)).body.round.template).toEqual({ id: 'ks-delar', version: 1 });
  });

  it('opens a round with the built-in template when asked, with a named version, and refuses one the board does not have', async () => {
    const builtin = await controller.post('/api/rounds', roundOnKaa('P2', { template: 'standard' }));
    expect(builtin.body.round.template).toBeNull();
    const preview = (await controller.get(`/api/rounds/${builtin.body.round.id}/report.json`)).body as ReportModel;
    expect(preview.sections[0]!.title).toBe('Förslag till beslut');
    expect((await controller.get(`/api/rounds/${builtin.body.round.id}/template`)).body.template).toBeNull();

    const named = await controller.post('/api/rounds', roundOnKaa('P3', { template: { id: 'ks-delar', version: 1 } }));
    expect(named.body.round.template).toEqual({ id: 'ks-delar', version: 1 });
    const newest = await controller.post('/api/rounds', roundOnKaa('P4', { template: { id: 'ks-delar' } }));
    expect(newest.body.round.template).toEqual({ id: 'ks-delar', version: 2 });

    const missing = await controller.post('/api/rounds', roundOnKaa('P5', { template: { id: 'finns-inte' } }));
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'BAD_INPUT', field: 'template' });
  });

  it('refuses an invalid template with a Swedish error naming the path and field, and a reader’s upload', async () => {
    const bad = boardTemplate('X') as unknown as { chapters: Array<{ blocks: Array<Record<string, unknown>> }> };
    bad.chapters[1]!.blocks.push({ tabell: { id: 'x' } });
    const r = await controller.post('/api/templates/KS', bad);
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('chapters[1].blocks[1]');
    expect(r.body.error.message).toContain('chapters[1].blocks[1]: okänt block "tabell"');
    expect((await reader.post('/api/templates/KS', boardTemplate('X'))).status).toBe(403);
    const list = await reader.get('/api/templates?board=KS');
    expect(list.body.templates.map((t: { version: number }) => t.version)).toEqual([2, 1]);
    const one = await reader.get('/api/templates/KS/ks-delar/1');
    expect(one.body.body.chapters[0].title).toBe('Vår egen rubrik {year}');
    const start = await reader.get('/api/templates/builtin?board=KS&level=RN3');
    expect(start.body.template).toEqual(standardTemplate('KS', false, 'RN3'));
  });
});
