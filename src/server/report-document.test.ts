// A round's document metadata and appendix PDFs through the API, on every store: stored, audited,
// on the report's cover and header, and an upload that is not a PDF refused in Swedish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import type { ReportModel } from '../report/index.ts';
import { renderReport, type ReportFormat } from '../report/render.ts';
import { listAudit } from '../store/audit.ts';
import { Client, demoWorld, loggedIn, type World } from '../../test/support/server.ts';

const render = async (model: ReportModel, format: ReportFormat) => (format === 'json' || format === 'html' ? renderReport(model, format) : Buffer.from(format));
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

async function upload(c: Client, path: string, body: Buffer): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/pdf', origin: c.origin, 'x-forwarded-for': c.ip };
  if (c.cookie) headers.cookie = c.cookie;
  if (c.csrf) headers['x-csrf-token'] = c.csrf;
  const res = await c.app.request(path, { method: "POST", headers, body: new Uint8Array(body) });
  return { status: res.status, body: await res.json() };
}

describe.each(testBackends())('document metadata and appendices of a round (%s)', (backend) => {
  let w: World;
  let controller: Client;
  let reader: Client;
  let id: number;
  beforeAll(async () => {
    w = await demoWorld(backend, { renderReport: render });
    controller = await loggedIn(w.app, 'controller');
    reader = await loggedIn(w.app, 'reader');
    const created = await controller.post('/api/rounds', { board: 'KS', year: 2024, period: 3, name: 'P1D', level: 'RN3', within: 'KAA', thresholdTkr: 1_000_000 });
    expect(created.status).toBe(201);
    id = created.body.round.id as number;
  });
  afterAll(() => w?.close());

  it('stores the metadata, audits it and prints it on the cover of the preview', async () => {
    const doc = { title: 'Delårsrapport P1 2024 – KS', decidedBy: 'Kommunstyrelsen', decidedOn: '2024-06-03', paragraph: '87', diaryNumber: 'Ks 300/2024' };
    const put = await controller.put(`/api/rounds/${id}/document`, doc);
    expect(put.status).toBe(200);
    expect((await reader.get(`/api/rounds/${id}/document`)).body.document).toEqual(doc);
    const model = (await controller.get(`/api/rounds/${id}/report.json`)).body as ReportModel;
    expect(model.report.title).toBe('Delårsrapport P1 2024 – KS');
    expect(model.report.decision).toEqual({ by: 'Kommunstyrelsen', date: '2024-06-03', paragraph: '§ 87', diaryNumber: 'Ks 300/2024' });
    const html = (await controller.get(`/api/rounds/${id}/report.html`)).text;
    expect(html).toContain('Beslutad av Kommunstyrelsen den 3 juni 2024, § 87');
    expect(html).toContain('Dnr Ks 300/2024');
    const audit = await listAudit(w.store.db, { orgId: 'demo', roundId: id });
    expect(audit.some((e) => e.action === 'round.document')).toBe(true);
  });

  it('refuses a decision date that is not a date and lets a reader not change the metadata', async () => {
    const bad = await controller.put(`/api/rounds/${id}/document`, { decidedOn: '2024-02-30' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('beslutsdatum ska vara ett datum som 2024-06-03');
    expect((await reader.put(`/api/rounds/${id}/document`, { title: 'x' })).status).toBe(403);
  });

  it('attaches a PDF as an appendix, links it from the report and gives the same bytes back', async () => {
    const up = await upload(controller, `/api/rounds/${id}/appendices?title=${encodeURIComponent('Plan med budget 2024')}&name=budgetplan.pdf`, PDF);
    expect(up.status).toBe(201);
    expect(up.body.appendix).toMatchObject({ id: 1, title: 'Plan med budget 2024', fileName: 'budgetplan.pdf', bytes: PDF.length });
    const back = await reader.get(`/api/rounds/${id}/appendices/1`);
    expect(back.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.compare(back.body as Buffer, PDF)).toBe(0);
    const html = (await controller.get(`/api/rounds/${id}/report.html`)).text;
    expect(html).toContain(`<a href="/api/rounds/${id}/appendices/1">Bilaga 1: Plan med budget 2024</a>`);
  });

  it('refuses an upload that is not a PDF with a Swedish message naming the file', async () => {
    const up = await upload(controller, `/api/rounds/${id}/appendices?name=anteckningar.docx`, Buffer.from('PK\u0003\u0004 inte en pdf'));
    expect(up.status).toBe(400);
    expect(up.body.error.message).toContain('bilagan anteckningar.docx är ingen PDF-fil');
    expect((await reader.get(`/api/rounds/${id}/appendices`)).body.appendices).toHaveLength(1);
  });

  it('deletes an appendix and keeps the appendices of another round apart', async () => {
    expect((await controller.delete(`/api/rounds/${id}/appendices/1`, {})).status).toBe(204);
    expect((await reader.get(`/api/rounds/${id}/appendices`)).body.appendices).toEqual([]);
    expect((await reader.get(`/api/rounds/${id}/appendices/1`)).status).toBe(404);
  });
});
