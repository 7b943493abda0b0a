// The observations page without a browser: the plain form posts do what the API does, errors are linked to their field, a stale version answers 409.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { Client, demoWorld, formPage, loggedIn, openDemoRound, type World } from '../../test/support/server.ts';

const page = formPage;

describe.each(testBackends())('the observations page (%s)', (backend) => {
  let w: World;
  let round: number;
  let controller: Client;
  let reader: Client;
  beforeAll(async () => {
    w = await demoWorld(backend);
    controller = await loggedIn(w.app, 'controller');
    reader = await loggedIn(w.app, 'reader');
    round = await openDemoRound(controller);
  });
  afterAll(() => w?.close());

  it('adds, edits and deletes an observation with the forms, and answers a stale version with 409 and the reason', async () => {
    const empty = await page(controller, 'GET', `/rounds/${round}/observations`);
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('<label');
    expect(empty.text).toContain('Lägg till en iakttagelse');
    const added = await page(controller, 'POST', `/rounds/${round}/observations`, { goalArea: 'Ett tryggt Örebro', kind: 'improvement', text: 'Väntetiderna har ökat.' });
    expect(added.status).toBe(303);
    const list = (await controller.get(`/api/rounds/${round}/observations`)).body.observations as Array<{ nr: number; text: string; version: number }>;
    const o = list.find((x) => x.text === 'Väntetiderna har ökat.')!;
    expect(o).toBeDefined();
    expect(added.location).toBe(`/rounds/${round}/observations?ok=observation#observation-${o.nr}`);
    const shown = await page(controller, 'GET', added.location!);
    expect(shown.text).toContain('Iakttagelsen är sparad.');
    expect(shown.text).toContain('Väntetiderna har ökat.');
    const edited = await page(controller, 'POST', `/rounds/${round}/observations/${o.nr}`, { goalArea: 'Ett tryggt Örebro', kind: 'positive', text: 'Väntetiderna har minskat.', version: String(o.version) });
    expect(edited.status).toBe(303);
    const stale = await page(controller, 'POST', `/rounds/${round}/observations/${o.nr}`, { goalArea: 'X', kind: 'positive', text: 'Gammal', version: String(o.version) });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Iakttagelsen har ändrats av controller');
    const deleted = await page(controller, 'POST', `/rounds/${round}/observations/${o.nr}/delete`, { version: String(o.version) });
    expect(deleted.status).toBe(409);
    const current = (await controller.get(`/api/rounds/${round}/observations`)).body.observations.find((x: { nr: number }) => x.nr === o.nr);
    expect(current.text).toBe('Väntetiderna har minskat.');
    expect((await page(controller, 'POST', `/rounds/${round}/observations/${o.nr}/delete`, { version: String(current.version) })).status).toBe(303);
  });

  it('shows an empty observation’s error at its field, linked from the summary and described by it', async () => {
    const bad = await page(controller, 'POST', `/rounds/${round}/observations`, { goalArea: 'Område', kind: 'positive', text: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#new-observation-text"');
    expect(bad.text).toContain('Skriv iakttagelsen');
    expect(bad.text).toMatch(/id="new-observation-text"[^>]*aria-invalid="true"[^>]*aria-describedby="new-observation-text-error"|aria-describedby="new-observation-text-error"/);
  });

  it('shows a reader the observations without forms', async () => {
    const r = await page(reader, 'GET', `/rounds/${round}/observations`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('Du kan läsa men inte ändra iakttagelserna.');
    expect(r.text).not.toContain('Lägg till en iakttagelse');
  });
});
