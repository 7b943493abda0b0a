// Publishing renders every format once from the frozen model, right after the publish
// transaction, and stores the bytes; downloads of a published report serve them and never render
// again — on every store. The report page says which files are still being made.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { closePdfRenderer, chromiumPath } from '../report/pdf/index.ts';
import { renderReport, type ReportFormat } from '../report/render.ts';
import type { ReportModel } from '../report/index.ts';
import { Client, demoWorld, loggedIn, type World } from '../../test/support/server.ts';
import { writeRequiredTexts } from '../../test/support/required-texts.ts';

const haveChromium = existsSync(chromiumPath());

/**
 * The real renderer, counting its calls; `refuse` makes any further rendering fail, `hold` keeps
 * renderings waiting until it is released.
 */
function countingRenderer() {
  const calls: ReportFormat[] = [];
  const made = new Map<ReportFormat, Buffer>();
  const state: { refuse: boolean; hold?: Promise<void> } = { refuse: false };
  const render = async (model: ReportModel, format: ReportFormat) => {
    calls.push(format);
    if (state.refuse) throw new Error(`rendered ${format} again after publishing`);
    await state.hold;
    const body = await renderReport(model, format);
    made.set(format, Buffer.from(body));
    return body;
  };
  return { calls, made, state, render };
}

async function publishKaa(controller: Client, name: string): Promise<number> {
  const created = await controller.post('/api/rounds', { board: 'KS', year: 2024, period: 3, name, level: 'RN3', within: 'KAA', thresholdTkr: 1_000_000 });
  const id = created.body.round.id as number;
  for (const step of ['submit', 'approve']) expect((await controller.post(`/api/rounds/${id}/units/KAA/${step}`, { allowMissing: true })).status).toBe(200);
  await writeRequiredTexts(async (path, body) => (await controller.put(path, body)).status, id);
  expect((await controller.post(`/api/rounds/${id}/publish`, { allowMissing: true, acknowledgeWarnings: true })).status).toBe(200);
  return id;
}

const storedFormats = async (w: World, round: number): Promise<string[]> =>
  (await w.store.db.query<{ format: string }>('SELECT format FROM published_render WHERE round_id = $1 ORDER BY format', [round])).map((x) => x.format);

describe.skipIf(!haveChromium).each(testBackends())('published report renderings (%s)', (backend) => {
  let w: World;
  let controller: Client;
  let reader: Client;
  let round: number;
  let pageWhileRendering = '';
  const r = countingRenderer();
  beforeAll(async () => {
    w = await demoWorld(backend, { renderReport: r.render });
    controller = await loggedIn(w.app, 'controller');
    reader = await loggedIn(w.app, 'reader');
    let release!: () => void;
    r.state.hold = new Promise((resolve) => (release = resolve));
    round = await publishKaa(controller, 'P2');
    // Publishing has answered; the files are still being made.
    const detail = await reader.get(`/api/rounds/${round}`);
    expect(detail.body.round.renderings).toEqual({ ready: [], pending: ['json', 'html', 'pdf', 'docx', 'xlsx'] });
    pageWhileRendering = (await reader.get(`/rounds/${round}/report`, { accept: 'text/html' })).text;
    release();
    // Waiting for the last file is waiting for the renderings (the download waits for its own).
    expect((await reader.get(`/published/${round}/report.docx`)).status).toBe(200);
  });
  afterAll(async () => {
    await closePdfRenderer();
    await w?.close();
  });

  it('renders every format once right after publishing, quick ones first, and stores it', async () => {
    expect(r.calls).toEqual(['json', 'html', 'xlsx', 'pdf', 'docx']);
    expect(await storedFormats(w, round)).toEqual(['docx', 'html', 'json', 'pdf', 'xlsx']);
    const rows = await w.store.db.query<{ format: string; bytes: number }>('SELECT format, octet_length(body) AS bytes FROM published_render WHERE round_id = $1 ORDER BY format', [round]);
    expect(rows.map((x) => [x.format, Number(x.bytes)])).toEqual(['docx', 'html', 'json', 'pdf', 'xlsx'].map((f) => [f, r.made.get(f as ReportFormat)!.length]));
  });

  it('shows on the report page which files are still being made, reloading itself until they are ready', async () => {
    expect(pageWhileRendering).toContain('<meta http-equiv="refresh" content="3">');
    expect(pageWhileRendering).toContain('Filerna för den publicerade rapporten skapas (5 kvar).');
    expect(pageWhileRendering.match(/skapas …/g)).toHaveLength(5);
    const after = (await reader.get(`/rounds/${round}/report`, { accept: 'text/html' })).text;
    expect(after).not.toContain('http-equiv="refresh"');
    expect(after).not.toContain('skapas …');
    expect((await reader.get(`/api/rounds/${round}`)).body.round.renderings).toEqual({ ready: ['docx', 'html', 'json', 'pdf', 'xlsx'], pending: [] });
  });

  it('serves a published PDF, DOCX, XLSX, HTML and JSON as stored, without rendering again', async () => {
    r.state.refuse = true;
    const before = r.calls.length;
    for (const format of ['pdf', 'docx', 'xlsx', 'html', 'json'] as const) {
      for (const path of [`/published/${round}/report.${format}`, `/api/rounds/${round}/report.${format}?download`]) {
        const res = await reader.get(path);
        expect(res.status, path).toBe(200);
        const body = Buffer.isBuffer(res.body) ? res.body : Buffer.from(res.text);
        expect(body.equals(r.made.get(format)!), path).toBe(true);
        expect(res.headers.get('content-length'), path).toBe(String(body.length));
        expect(res.headers.get('etag'), path).toMatch(/^"[0-9a-f]{64}"$/);
        expect(res.headers.get('x-prognos-report')).toBe('published');
      }
    }
    expect(r.calls.length).toBe(before);
  });

  it('answers 304 to a download whose ETag the browser already has', async () => {
    const first = await reader.get(`/published/${round}/report.pdf`);
    const again = await reader.get(`/published/${round}/report.pdf`, { 'if-none-match': first.headers.get('etag')! });
    expect(again.status).toBe(304);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
  });

  it('renders a format missing from storage once, from the frozen model, and stores it', async () => {
    await w.store.db.query("DELETE FROM published_render WHERE round_id = $1 AND format = 'xlsx'", [round]);
    r.state.refuse = false;
    const before = r.calls.length;
    const first = await reader.get(`/published/${round}/report.xlsx`);
    const second = await reader.get(`/published/${round}/report.xlsx`);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(r.calls.slice(before)).toEqual(['xlsx']);
    expect(first.headers.get('etag')).toBe(second.headers.get('etag'));
  });

  it('still renders the preview of an open round at every request', async () => {
    const created = await controller.post('/api/rounds', { board: 'KS', year: 2024, period: 3, name: 'P3', level: 'RN3', within: 'KAA' });
    const before = r.calls.length;
    for (let i = 0; i < 2; i++) expect((await controller.get(`/api/rounds/${created.body.round.id}/report.html`)).status).toBe(200);
    expect(r.calls.slice(before)).toEqual(['html', 'html']);
  });

  it('sends a preview download in PDF, Word or Excel through a page saying it is being made, which then fetches the file', async () => {
    const created = await controller.post('/api/rounds', { board: 'KS', year: 2024, period: 3, name: 'P4', level: 'RN3', within: 'KAA' });
    const id = created.body.round.id as number;
    const report = (await controller.get(`/rounds/${id}/report`, { accept: 'text/html' })).text;
    expect(report).toContain(`href="/rounds/${id}/report/preview/pdf"`);
    expect(report).toContain(`href="/api/rounds/${id}/report.html?download"`);
    const before = r.calls.length;
    const waiting = await controller.get(`/rounds/${id}/report/preview/docx`, { accept: 'text/html' });
    expect(waiting.status).toBe(200);
    expect(waiting.text).toContain('Förhandsvisningen i Word skapas … Det tar några sekunder, sedan laddas filen ner av sig själv.');
    expect(waiting.text).toContain(`<meta http-equiv="refresh" content="1; url=/api/rounds/${id}/report.docx?download">`);
    expect(r.calls.length).toBe(before);
  });
});
