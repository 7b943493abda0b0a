// The review pages without a browser: the unit list with figures, sorting and filtering by query
// parameters, "Godkänn alla inskickade", the controller's actions on the unit page, the to-do
// page for every role, and correcting rounds (defaults, the API's messages, delete, archive).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { demoWorld, loggedIn, openDemoRound, type Client, type World } from '../../test/support/server.ts';

interface Page {
  status: number;
  text: string;
  location: string | null;
}

/** Page loads and form posts, counted: what a person clicks or submits (redirects followed are not extra actions). */
class Browser {
  actions = 0;
  constructor(readonly c: Client) {}

  async go(method: 'GET' | 'POST', path: string, fields?: Record<string, string>, count = true): Promise<Page> {
    if (count) this.actions++;
    const headers: Record<string, string> = { accept: 'text/html', 'x-forwarded-for': this.c.ip };
    if (this.c.cookie) headers.cookie = this.c.cookie;
    let body: string | undefined;
    if (method === 'POST') {
      headers.origin = this.c.origin;
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams({ _csrf: this.c.csrf!, ...fields }).toString();
    }
    const res = await this.c.app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const location = res.headers.get('location');
    // A post answers with a redirect the browser follows in the same action.
    if (method === 'POST' && res.status === 303 && location) return this.go('GET', location, undefined, false);
    return { status: res.status, text: await res.text(), location };
  }
}

const rowOrder = (text: string): string[] => [...text.matchAll(/<tr data-unit="([^"]+)"/g)].map((m) => m[1]!);

describe.each(testBackends())('the review pages (%s)', (backend) => {
  let w: World;
  let round: number;
  let controller: Browser;
  let editor: Browser;
  let reader: Browser;
  beforeAll(async () => {
    w = await demoWorld(backend);
    controller = new Browser(await loggedIn(w.app, 'controller'));
    editor = new Browser(await loggedIn(w.app, 'editor'));
    reader = new Browser(await loggedIn(w.app, 'reader'));
    round = await openDemoRound(controller.c, { name: 'P5' });
  });
  afterAll(() => w?.close());

  it('shows budget, forecast (not entered), variance, comment and status for every unit, sorted and filtered by query parameters', async () => {
    const p = await controller.go('GET', `/rounds/${round}`);
    expect(p.status).toBe(200);
    expect(rowOrder(p.text)).toHaveLength(14);
    expect(p.text).toContain(`aria-sort="ascending"><a href="/rounds/${round}?dir=desc#units-heading"`);
    expect(p.text).toContain('ej angiven');
    const byVariance = await controller.go('GET', `/rounds/${round}?sort=budget&dir=desc`);
    expect(byVariance.text).toContain('aria-sort="descending"');
    expect(rowOrder(byVariance.text)).not.toEqual(rowOrder(p.text));
    const filtered = await controller.go('GET', `/rounds/${round}?q=stab`);
    expect(rowOrder(filtered.text)).toEqual(['KAA']);
    expect(filtered.text).toContain('1 av 14 enheter');
    const none = await controller.go('GET', `/rounds/${round}?status=approved`);
    expect(none.text).toContain('Inga enheter stämmer med filtret.');
  });

  it('lets the controller finish a 14-unit round from the unit list: approve all submitted in one action', async () => {
    // The units' editors submit (not the controller's actions).
    for (const code of ['KAA', 'KAFP', 'KAI', 'KAK', 'KAN', 'KAS', 'KCS', 'KEK', 'KHR', 'KIT', 'KLF', 'KMY', 'KSÄ', 'KÖL']) {
      await controller.c.put(`/api/rounds/${round}/units/${encodeURIComponent(code)}/comment`, { text: `Prognosen för ${code} följer budget; personalkostnaderna är lägre än väntat på grund av vakanser under våren.`, version: 0 });
      expect((await controller.c.post(`/api/rounds/${round}/units/${encodeURIComponent(code)}/submit`, { allowMissing: true })).status).toBe(200);
    }
    controller.actions = 0;
    const list = await controller.go('GET', `/rounds/${round}`);
    expect(list.text).toContain('Godkänn alla inskickade (14)');
    expect(list.text).toContain('Prognosen för KAA följer budget; personalkostnaderna är lägre än väntat på …');
    const done = await controller.go('POST', `/rounds/${round}/approve-submitted`);
    expect(done.text).toContain('14 inskickade enheter är godkända.');
    expect(done.text).toContain('14 av 14 godkända');
    expect(done.text).toContain('Alla enheter är godkända.');
    // Open the list, approve all: 2 actions for the whole round (before: 54 page loads).
    expect(controller.actions).toBe(2);
    const audit = (await controller.c.get(`/api/rounds/${round}/audit`)).body.entries.filter((e: { action: string }) => e.action === 'unit.approve');
    expect(audit).toHaveLength(14);
  });

  it('reopens on the unit page only with a reason, which the editor then sees, and keeps review comments per row', async () => {
    const unit = `/rounds/${round}/units/KAA`;
    const pageBefore = await controller.go('GET', unit);
    expect(pageBefore.text).toContain('Skäl till återöppning');
    const missing = await controller.go('POST', `${unit}/reopen`, { reason: '' });
    expect(missing.status).toBe(400);
    expect(missing.text).toMatch(/skriv varför enheten återöppnas/i);
    const ok = await controller.go('POST', `${unit}/reopen`, { reason: 'Semesterlöneskulden saknas i personalkostnaderna.' });
    expect(ok.text).toContain('KAA är återöppnad och kan ändras igen.');
    const seen = await editor.go('GET', unit);
    expect(seen.text).toContain('Skäl: Semesterlöneskulden saknas i personalkostnaderna.');
    const todo = await editor.go('GET', '/todo');
    expect(todo.text).toContain('Återöppnade av controllern');
    expect(todo.text).toContain('Skäl: Semesterlöneskulden saknas i personalkostnaderna. (controller)');

    const note = await controller.go('POST', `${unit}/notes`, { group: '5', text: 'Stämmer vakanserna med bemanningsplanen?' });
    expect(note.text).toContain('Granskningskommentaren är sparad.');
    expect(note.text).toMatch(/<strong>controller<\/strong> om 5 [^<]+· /);
    const empty = await controller.go('POST', `${unit}/notes`, { group: '', text: ' ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toMatch(/skriv en kommentar/i);
    expect((await reader.go('GET', unit)).text).not.toContain('Lägg till kommentaren');
    expect((await controller.go('GET', `/rounds/${round}`)).text).toContain('1 granskningskommentar');
  });

  it('lists on the start page what each role must do', async () => {
    const ctl = await controller.go('GET', '/todo');
    expect(ctl.text).toContain('<h1>Att göra</h1>');
    expect(ctl.text).toContain('Inskickade, väntar på godkännande');
    expect(ctl.text).toContain('Försenade enheter'); // the demo's deadline 2024-04-20 has passed
    const ed = await editor.go('GET', '/todo');
    expect(ed.text).not.toContain('väntar på godkännande');
    const rd = await reader.go('GET', '/todo');
    expect(rd.text).toContain('Nyligen publicerade rapporter');
    expect(rd.text).not.toContain('Prognoser att lämna');
    const home = await controller.c.app.request('/', { headers: { cookie: controller.c.cookie!, accept: 'text/html' } });
    expect(home.headers.get('location')).toBe('/todo');
  });

  it('proposes the next round in the new-round form and shows the API message for a duplicate', async () => {
    const form = await controller.go('GET', '/rounds/new');
    expect(form.text).toMatch(/id="name" name="name" type="text" value="P6"/);
    expect(form.text).toMatch(/<option value="RN3" selected>/);
    expect(form.text).toMatch(/id="year" name="year" type="text" value="2024"/);
    const dup = await controller.go('POST', '/rounds', { board: 'KS', year: '2024', period: '3', name: 'P5', level: 'RN3', thresholdTkr: '1000', method: 'profile' });
    expect(dup.status).toBe(409);
    expect(dup.text).toContain('Det finns redan en omgång P5 2024 för KS');
    const bad = await controller.go('POST', '/rounds', { board: 'KS', year: '2024', period: '3', name: 'P 6', level: 'RN3', thresholdTkr: '1000', method: 'profile' });
    expect(bad.text).toMatch(/omgångens namn ska vara t\.ex\. P1/i);
  });

  it('deletes an unused round, refuses a used one with the reason, and archives one out of the list', async () => {
    const spare = await openDemoRound(controller.c, { name: 'P7' });
    const unconfirmed = await controller.go('POST', `/rounds/${spare}/delete`, {});
    expect(unconfirmed.text).toMatch(/kryssa i att du vill ta bort uppföljningstillfället/i);
    const gone = await controller.go('POST', `/rounds/${spare}/delete`, { confirm: 'yes' });
    expect(gone.text).toContain('Uppföljningstillfället är borttaget.');
    const used = await controller.go('POST', `/rounds/${round}/delete`, { confirm: 'yes' });
    expect(used.status).toBe(409);
    expect(used.text).toMatch(/används och kan inte tas bort: den har/);
    const archived = await controller.go('POST', `/rounds/${round}/archive`, { archived: 'yes' });
    expect(archived.text).toContain('Uppföljningstillfället är arkiverat.');
    expect(archived.text).not.toContain(`href="/rounds/${round}"`);
    expect((await controller.go('GET', '/rounds?arkiverade=1')).text).toContain(`href="/rounds/${round}"`);
    expect((await reader.go('GET', `/rounds/${round}`)).status).toBe(200);
    await controller.go('POST', `/rounds/${round}/archive`, { archived: 'no' });
  });
});
