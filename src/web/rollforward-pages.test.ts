// The intrapreneurships page without a browser: the plain form posts do what the API does (kronor
// typed the Swedish way, stored as öre), a bad amount is shown at its field with what was typed,
// a stale version answers 409, a reader sees no form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { Client, demoWorld, formPage, loggedIn, openDemoRound, PROGRAMME_ROUND, type World } from '../../test/support/server.ts';

const INTRA = 'SV3-HVN-INTRA';

/** The page with no-break spaces (thousands separators) as plain spaces. */
async function page(...args: Parameters<typeof formPage>): ReturnType<typeof formPage> {
  const r = await formPage(...args);
  return { ...r, text: r.text.replace(/\u00a0/g, ' ') };
}

describe.each(testBackends())('the intrapreneurships page (%s)', (backend) => {
  let w: World;
  let round: number;
  let controller: Client;
  let reader: Client;
  const rows = async () => (await controller.get(`/api/rounds/${round}/rollforward`)).body.rollforward as Array<{ unit: string; openingOre: number; usedOre: number; resultOre: number; version: number }>;
  beforeAll(async () => {
    w = await demoWorld(backend);
    controller = await loggedIn(w.app, 'controller');
    reader = await loggedIn(w.app, 'reader');
    round = await openDemoRound(controller, PROGRAMME_ROUND);
  });
  afterAll(() => w?.close());

  it('shows each intrapreneurship in kronor with its closing balance, and is linked from the texts page', async () => {
    const r = await page(controller, 'GET', `/rounds/${round}/rollforward`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('SV3-HVN-INTRA Intraprenader');
    expect(r.text).toContain('value="23 900 000"');
    expect(r.text).toContain('value="-3 900 000"');
    expect(r.text).toContain('Utgående ackumulerat resultat: <strong>26 100 000 kr</strong>');
    expect(r.text).toContain('<label');
    expect((await page(controller, 'GET', `/rounds/${round}/texts`)).text).toContain(`href="/rounds/${round}/rollforward"`);
  });

  it('saves typed kronor as öre, refuses a stale version with 409 and keeps what was typed', async () => {
    const [row] = await rows();
    const saved = await page(controller, 'POST', `/rounds/${round}/rollforward/${INTRA}`, { opening: '23 900 000', used: '−3 900 000', result: '5 000 000,50', version: String(row!.version) });
    expect(saved.status).toBe(303);
    expect((await page(controller, 'GET', saved.location!)).text).toContain('Intraprenadens resultat är sparat.');
    expect((await rows())[0]).toMatchObject({ openingOre: 2_390_000_000, usedOre: -390_000_000, resultOre: 500_000_050 });
    const stale = await page(controller, 'POST', `/rounds/${round}/rollforward/${INTRA}`, { opening: '1', used: '2', result: '3 333', version: String(row!.version) });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Intraprenadens resultat har ändrats av controller');
    expect(stale.text).toContain('value="3 333"');
  });

  it('shows an amount that is not one at its field and saves nothing; adds a new one and deletes it', async () => {
    const before = await rows();
    const bad = await page(controller, 'POST', `/rounds/${round}/rollforward`, { unit: 'SV3-HVN-HV', opening: '12.500', used: '0', result: '0' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#new-intra-opening"');
    expect(bad.text).toContain('&quot;12.500&quot; är inget belopp i kronor');
    expect(bad.text).toMatch(/id="new-intra-opening"[^>]*value="12.500"[^>]*aria-invalid="true"/);
    expect(await rows()).toEqual(before);
    const added = await page(controller, 'POST', `/rounds/${round}/rollforward`, { unit: 'SV3-HVN-HV', opening: '100', used: '0', result: '-50' });
    expect(added.status).toBe(303);
    const row = (await rows()).find((r) => r.unit === 'SV3-HVN-HV')!;
    expect(row).toMatchObject({ openingOre: 10_000, resultOre: -5_000 });
    const outside = await page(controller, 'POST', `/rounds/${round}/rollforward`, { unit: 'KAA', opening: '0', used: '0', result: '0' });
    expect(outside.status).toBe(400);
    expect(outside.text).toContain('Enheten KAA finns inte under PNSV i organisationen');
    expect((await page(controller, 'POST', `/rounds/${round}/rollforward/SV3-HVN-HV/delete`, { version: String(row.version) })).status).toBe(303);
    expect((await rows()).map((r) => r.unit)).toEqual([INTRA]);
  });

  it('shows a reader the results without forms', async () => {
    const r = await page(reader, 'GET', `/rounds/${round}/rollforward`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('Du kan läsa men inte ändra intraprenadernas resultat.');
    expect(r.text).not.toContain('Lägg till en intraprenad');
  });
});
