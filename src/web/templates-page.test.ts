// The board templates page without a browser: list per board with versions, download JSON, upload
// JSON with a readable validation error, and the new-round form's template choice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { standardTemplate } from '../report/index.ts';
import { Client, demoWorld, loggedIn, type World } from '../../test/support/server.ts';

async function request(c: Client, method: 'GET' | 'POST', path: string, body?: FormData | URLSearchParams) {
  const headers: Record<string, string> = { accept: 'text/html', 'x-forwarded-for': c.ip };
  if (c.cookie) headers.cookie = c.cookie;
  if (method === 'POST') headers.origin = c.origin;
  const res = await c.app.request(path, { method, headers, ...(body ? { body } : {}) });
  return { status: res.status, text: await res.text(), headers: res.headers, location: res.headers.get('location') };
}

const upload = (c: Client, board: string, json: string, name = 'mall.json') => {
  const f = new FormData();
  f.set('_csrf', c.csrf!);
  f.set('board', board);
  f.set('file', new File([json], name, { type: 'application/json' }));
  return request(c, 'POST', '/templates', f);
};

describe.each(testBackends())('the templates page (%s)', (backend) => {
  let w: World;
  let controller: Client;
  let reader: Client;
  beforeAll(async () => {
    w = await demoWorld(backend);
    controller = await loggedIn(w.app, 'controller');
    reader = await loggedIn(w.app, 'reader');
  });
  afterAll(() => w?.close());

  it('uploads a template as a new version, lists it per board and downloads the same JSON', async () => {
    const empty = await request(controller, 'GET', '/templates');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('Inga mallar är sparade ännu.');
    expect(empty.text).toContain('href="/templates" aria-current="page">Rapportmallar</a>');

    const builtin = await request(controller, 'GET', '/templates/builtin?board=KS');
    expect(builtin.headers.get('content-disposition')).toBe('attachment; filename="mall-KS-delarsrapport-inbyggd.json"');
    expect(JSON.parse(builtin.text)).toEqual(standardTemplate('KS', false));

    const own = `${JSON.stringify({ ...JSON.parse(builtin.text), id: 'ks', name: 'Delårsrapport KS' }, null, 2)}\n`;
    const saved = await upload(controller, 'KS', own);
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/templates?ok=template-saved&enhet=KS&n=1');
    const list = await request(controller, 'GET', saved.location!);
    expect(list.text).toContain('Mallen är sparad för KS som version 1.');
    expect(list.text).toContain('<caption id="templates-KS-caption">Sparade mallar för KS Kommunstyrelsen, nyaste versionen först</caption>');
    const file = await request(controller, 'GET', '/templates/download?board=KS&id=ks&version=1');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="mall-KS-ks-v1.json"');
    expect(file.text).toBe(own);
  });

  it('shows the validation error naming the path and field, and every other problem of the file', async () => {
    const bad = JSON.stringify({ id: 'x', chapters: [{ id: 'a', number: '1', title: 'A', level: 4, blocks: [{ narrative: 'proposal', extra: 1 }] }] });
    const r = await upload(controller, 'KS', bad);
    expect(r.status).toBe(400);
    expect(r.text).toContain('<a href="#template-file">Mallen är ogiltig: chapters[0].level: ');
    expect(r.text).toContain('(och 1 fel till)');
    expect(r.text).toContain('<li>chapters[0].blocks[0]: okänd nyckel &quot;extra&quot;</li>');
    expect(r.text).toContain('aria-invalid="true"');
    const notJson = await upload(controller, 'KS', '{ inte json', 'trasig.json');
    expect(notJson.status).toBe(400);
    expect(notJson.text).toContain('Filen trasig.json är inte giltig JSON');
  });

  it('lets the new round form choose a stored template version, and keeps the page from a reader', async () => {
    const form = await request(controller, 'GET', '/rounds/new');
    expect(form.text).toContain('<option value="ks@1">KS: Delårsrapport KS, version 1</option>');
    const fields = new URLSearchParams({ _csrf: controller.csrf!, board: 'KS', year: '2024', period: '3', name: 'P1', level: 'RN3', within: 'KAA', thresholdTkr: '1000', method: 'profile', template: 'standard' });
    const opened = await request(controller, 'POST', '/rounds', fields);
    expect(opened.status).toBe(303);
    const id = /\/rounds\/(\d+)/.exec(opened.location!)![1];
    expect((await controller.get(`/api/rounds/${id}`)).body.round.template).toBeNull();
    fields.set('name', 'P2');
    fields.set('template', 'ks@1');
    const second = await request(controller, 'POST', '/rounds', fields);
    const id2 = /\/rounds\/(\d+)/.exec(second.location!)![1];
    expect((await controller.get(`/api/rounds/${id2}`)).body.round.template).toEqual({ id: 'ks', version: 1 });

    expect((await request(reader, 'GET', '/templates')).status).toBe(403);
    expect((await request(reader, 'GET', '/rounds')).text).not.toContain('Rapportmallar');
  });
});
