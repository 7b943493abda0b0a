import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { Client, demoWorld, loggedIn, openDemoRound, type World } from '../../test/support/server.ts';

describe.each(testBackends())('round workflow, content and publishing (%s)', (backend) => {
  let w: World;
  let round: number;
  let controller: Client;
  let editor: Client;
  let reader: Client;
  let units: string[];
  beforeAll(async () => {
    w = await demoWorld(backend);
    controller = await loggedIn(w.app, 'controller');
    editor = await loggedIn(w.app, 'editor');
    reader = await loggedIn(w.app, 'reader');
    round = await openDemoRound(controller);
    units = (await controller.get(`/api/rounds/${round}`)).body.round.units.map((u: { code: string }) => u.code);
  });
  afterAll(() => w?.close());

  it('opens a round with the units at the level under the chosen unit and lists it for the UI', async () => {
    expect(units).toEqual(['KAA', 'KAFP', 'KAI', 'KAK', 'KAN', 'KAS', 'KCS', 'KEK', 'KHR', 'KIT', 'KLF', 'KMY', 'KSÄ', 'KÖL']);
    const list = await reader.get('/api/rounds');
    expect(list.body.rounds).toHaveLength(1);
    expect(list.body.rounds[0]).toMatchObject({
      id: round,
      board: { code: 'KS', name: 'Kommunstyrelsen' },
      year: 2024,
      period: 3,
      name: 'P1',
      title: 'Delårsrapport med prognos 1 2024 – Kommunstyrelsen',
      deadline: '2024-04-20',
      status: 'open',
      thresholdTkr: 1000,
      progress: { total: 14, open: 14, submitted: 0, approved: 0 },
    });
    const bad = await controller.post('/api/rounds', { board: 'KS', year: 2024, period: 3, name: 'P2', level: 'RN9' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ field: 'level', message: 'det finns inga enheter på nivån RN9 under KS' });
    const badPeriod = await controller.post('/api/rounds', { board: 'KS', year: 2024, period: 13, name: 'P2', level: 'RN3' });
    expect(badPeriod.body.error).toMatchObject({ code: 'BAD_INPUT', field: 'period' });
  });

  it('moves a unit open → submitted → approved and rejects illegal steps', async () => {
    const step = (c: Client, unit: string, name: string) => c.post(`/api/rounds/${round}/units/${encodeURIComponent(unit)}/${name}`);
    expect((await step(controller, 'KHR', 'approve')).status).toBe(409); // open → approved is not a step
    expect((await step(controller, 'KHR', 'reopen')).status).toBe(409);
    expect((await step(controller, 'KHR', 'submit')).status).toBe(200);
    const twice = await step(controller, 'KHR', 'submit');
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'CONFLICT', field: 'status', status: 'submitted', message: 'enheten KHR är inlämnad; det går inte att lämna in den' });
    const approved = await step(controller, 'KHR', 'approve');
    expect(approved.body.unit).toMatchObject({ status: 'approved', approvedBy: 'controller', submittedBy: 'controller' });
    expect((await step(controller, 'KHR', 'approve')).status).toBe(409);
    expect((await controller.post(`/api/rounds/${round}/units/KHR/reopen`, { reason: 'Fel i personalkostnaderna.' })).body.unit.status).toBe('open');
    // The editor may submit its unit but never approve it.
    await editor.put(`/api/rounds/${round}/units/KAA/comment`, { text: 'Avvikelsen beror på personalkostnader.', version: 0 });
    expect((await step(editor, 'KAA', 'submit')).status).toBe(200);
    expect((await step(editor, 'KAA', 'approve')).status).toBe(403);
    const progress = await reader.get(`/api/rounds/${round}/dashboard/progress`);
    expect(progress.body.units.find((u: { code: string }) => u.code === 'KAA')).toMatchObject({ status: 'submitted', submittedBy: 'editor' });
  });

  it('edits goal and assignment statuses, measures and texts with versions and audit entries', async () => {
    const content = await controller.get(`/api/rounds/${round}/content`);
    expect(content.status).toBe(200);
    const goal = content.body.goals.find((g: { code: string }) => g.code === '1.1');
    expect(goal).toMatchObject({ status: 'Uppfylls ej' });
    const saved = await controller.put(`/api/rounds/${round}/goals/1.1/status`, { status: 'Uppfylls delvis', comment: 'Bättre än väntat.', version: goal.version });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ code: '1.1', status: 'Uppfylls delvis', updatedBy: 'controller' });
    const stale = await controller.put(`/api/rounds/${round}/goals/1.1/status`, { status: 'Uppfylls', version: goal.version });
    expect(stale.status).toBe(409);
    expect(stale.body.error.current).toMatchObject({ status: 'Uppfylls delvis', updatedBy: 'controller' });
    const badStatus = await controller.put(`/api/rounds/${round}/goals/1.1/status`, { status: 'Klart', version: saved.body.version });
    expect(badStatus.body.error).toMatchObject({ code: 'BAD_INPUT', field: 'status' });
    expect((await controller.put(`/api/rounds/${round}/goals/9.9/status`, { status: 'Uppfylls', version: 0 })).status).toBe(404);
    const asg = content.body.assignments.find((a: { code: string }) => a.code === 'U1');
    expect((await controller.put(`/api/rounds/${round}/assignments/U1/status`, { status: 'Genomfört', comment: 'Klart.', version: asg.version })).status).toBe(200);
    const m = await controller.put(`/api/rounds/${round}/measures/9`, { text: 'Ny åtgärd', forecastEffectMnkr: '1.5', version: 0 });
    expect(m.status).toBe(201);
    expect(m.body.measure).toMatchObject({ nr: '9', forecastEffectMnkr: '1.5', totalEffectMnkr: null });
    expect((await controller.delete(`/api/rounds/${round}/measures/9`, { version: m.body.measure.version })).status).toBe(200);
    const audit = await controller.get(`/api/rounds/${round}/units/KS/audit`);
    expect(audit.status).toBe(404); // KS is the board, not a unit of the round
    const all = await controller.get(`/api/rounds/${round}/audit`);
    const actions = all.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['goal_status.save', 'assignment_status.save', 'measure.save', 'measure.delete']));
    const g = all.body.entries.find((e: { action: string }) => e.action === 'goal_status.save');
    expect(g).toMatchObject({ entityKey: '1.1', unitCode: 'KS', old: { status: 'Uppfylls ej' }, new: { status: 'Uppfylls delvis', comment: 'Bättre än väntat.' } });
  });

  it('stores narrative text as written and renders a <script> in it inert in the HTML report', async () => {
    const content = await controller.get(`/api/rounds/${round}/content`);
    const analysis = content.body.narratives.find((n: { key: string }) => n.key === 'analysis');
    const text = 'Prognosen är **osäker**.\n\n<script>alert("x")</script> och <img src=x onerror=alert(1)>\n\n- punkt ett\n- punkt två';
    const r = await controller.put(`/api/rounds/${round}/narratives/analysis`, { title: '', text, version: analysis?.version ?? 0 });
    expect(r.status).toBe(200);
    expect(r.body.narrative.text).toBe(text);
    const html = await controller.get(`/api/rounds/${round}/report.html`);
    expect(html.status).toBe(200);
    expect(html.text).not.toContain('<script');
    expect(html.text).not.toContain('<img src=x');
    expect(html.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(html.headers.get('x-prognos-report')).toBe('preview');
    const ctrl = await controller.put(`/api/rounds/${round}/narratives/analysis`, { text: 'a\u0007b', version: r.body.narrative.version });
    expect(ctrl.body.error).toMatchObject({ code: 'BAD_INPUT', field: 'text' });
  });

  it('offers the report preview in every format', async () => {
    const json = await reader.get(`/api/rounds/${round}/report.json`);
    expect(json.body.report).toMatchObject({ scope: { code: 'KS' }, year: 2024, period: 3, round: 'P1' });
    const docx = await reader.get(`/api/rounds/${round}/report.docx`);
    expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(docx.headers.get('content-disposition')).toBe('attachment; filename="delarsrapport-P1-2024-KS.docx"');
    expect(Object.keys((await JSZip.loadAsync(docx.body as Buffer)).files)).toContain('word/document.xml');
    const xlsx = await reader.get(`/api/rounds/${round}/report.xlsx`);
    expect(Object.keys((await JSZip.loadAsync(xlsx.body as Buffer)).files)).toContain('xl/workbook.xml');
    expect((await reader.get(`/api/rounds/${round}/report.xml`)).status).toBe(404);
  });

  it('publishes only when every unit is approved', async () => {
    const r = await controller.post(`/api/rounds/${round}/publish`);
    expect(r.status).toBe(409);
    expect(r.body.error.notApproved).toContain('KAFP');
    for (const code of units) {
      const unit = (await controller.get(`/api/rounds/${round}`)).body.round.units.find((u: { code: string }) => u.code === code);
      if (unit.status === 'open') {
        if (unit.comment.text === '') await controller.put(`/api/rounds/${round}/units/${encodeURIComponent(code)}/comment`, { text: 'Kommenterad.', version: unit.comment.version });
        expect((await controller.post(`/api/rounds/${round}/units/${encodeURIComponent(code)}/submit`, { allowMissing: true })).status).toBe(200);
      }
      expect((await controller.post(`/api/rounds/${round}/units/${encodeURIComponent(code)}/approve`)).status).toBe(200);
    }
    // Some of the demo's cells have no forecast: publishing them is an explicit decision.
    const missing = await controller.post(`/api/rounds/${round}/publish`);
    expect(missing.status).toBe(409);
    expect(missing.body.error.field).toBe('allowMissing');
    // `prognos check` gates the publish: the demo's report has warnings (variances not commented
    // in the text), which are shown before and need an acknowledgement.
    const found = await controller.get(`/api/rounds/${round}/check`);
    expect(found.status).toBe(200);
    expect(found.body.errors).toEqual([]);
    expect(found.body.warnings.length).toBeGreaterThan(0);
    const unacknowledged = await controller.post(`/api/rounds/${round}/publish`, { allowMissing: true });
    expect(unacknowledged.status).toBe(409);
    expect(unacknowledged.body.error.field).toBe('acknowledgeWarnings');
    expect(unacknowledged.body.error.warnings.map((w: { message: string }) => w.message)).toEqual(found.body.warnings.map((w: { message: string }) => w.message));
    expect((await controller.get(`/api/rounds/${round}`)).body.round.status).toBe('open');
    const p = await controller.post(`/api/rounds/${round}/publish`, { allowMissing: true, acknowledgeWarnings: true });
    expect(p.status).toBe(200);
    expect(p.body.round).toMatchObject({ status: 'published', publishedBy: 'controller', links: { published: `/published/${round}/report.html` } });
    const entry = (await controller.get(`/api/rounds/${round}/audit`)).body.entries.find((e: { action: string }) => e.action === 'round.publish');
    expect(entry.new.acknowledgedWarnings).toEqual(found.body.warnings.map((w: { message: string }) => w.message));
  });

  it('locks a published round: no forecast, comment, status, text or workflow changes', async () => {
    const locked = [
      await controller.put(`/api/rounds/${round}/units/KAA/forecast`, { group: '5', amountOre: -1, version: 0 }),
      await controller.put(`/api/rounds/${round}/units/KAA/comment`, { text: 'x', version: 0 }),
      await controller.post(`/api/rounds/${round}/units/KAA/reopen`),
      await controller.put(`/api/rounds/${round}/narratives/analysis`, { text: 'x', version: 0 }),
      await controller.put(`/api/rounds/${round}/goals/1.1/status`, { status: 'Uppfylls', version: 0 }),
      await controller.patch(`/api/rounds/${round}`, { version: 0, thresholdTkr: 5 }),
      await controller.post(`/api/rounds/${round}/publish`),
    ];
    for (const r of locked) {
      expect(r.status).toBe(409);
      expect(r.body.error.message).toBe('omgången P1 2024 är publicerad och låst för ändringar');
    }
  });

  it('freezes the published report: a later ledger change does not change it', async () => {
    const before = await reader.get(`/published/${round}/report.json`);
    expect(before.status).toBe(200);
    expect(before.headers.get('x-prognos-report')).toBe('published');
    const viaApi = await reader.get(`/api/rounds/${round}/report.json`);
    expect(viaApi.text).toBe(before.text);
    // Change the stored data: a new forecast for KAA in the round's own scenario (keyed by its id).
    const scenario = `forecast:round:${round}` as const;
    await w.store.db.transaction((tx) =>
      w.store.replaceAmounts(tx, 'demo', { kind: 'amounts', fileName: 'late.csv', sha256: 'late', summary: {} }, { kind: 'slices', slices: [{ scenario, year: 2024 }] }, [
        { scenario, year: 2024, period: null, unit: 'KAA', account: '5110', activity: '', project: '', amountOre: 99_900_000_000 },
      ]),
    );
    const after = await reader.get(`/published/${round}/report.json`);
    expect(after.text).toBe(before.text);
    // The live computation does see the change.
    const { buildRoundReport } = await import('./round-report.ts');
    const { getRound } = await import('../store/rounds.ts');
    const live = await buildRoundReport({ store: w.store } as never, await getRound(w.store.db, 'demo', round));
    expect(JSON.stringify(live.tables)).not.toBe(JSON.stringify(before.body.tables));
    const html = await reader.get(`/published/${round}/report.html`);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.text).toContain('Delårsrapport med prognos 1 2024 – Kommunstyrelsen');
  });

  it('answers 404 for the published address of a round that is not published', async () => {
    const other = await openDemoRound(controller, { name: 'P2', period: 8 });
    const r = await reader.get(`/published/${other}/report.json`);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
  });
});

describe.each(testBackends())('report as PDF (%s)', (backend) => {
  let w: World;
  beforeAll(async () => {
    w = await demoWorld(backend);
  });
  afterAll(async () => {
    const { closePdfRenderer } = await import('../report/pdf/index.ts');
    await closePdfRenderer();
    await w?.close();
  });

  it('downloads the round’s report as a PDF', async () => {
    const c = await loggedIn(w.app, 'controller');
    const round = await openDemoRound(c);
    const pdf = await c.get(`/api/rounds/${round}/report.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
