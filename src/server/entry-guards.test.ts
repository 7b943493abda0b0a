/**
 * Regressions of issue 11 item 2: typical entry mistakes went through — "12.500" was saved as
 * 12,5 tkr, +45 000 on personnel costs in a net-sign round was accepted, −45 000 000 tkr for a
 * unit with a 90 mnkr budget passed without a question, and validator text reached the user.
 * Unit S1 of the sub-board SB: staff budget 600 tkr, 200 tkr booked to April.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { twoBoardsWorld } from '../../test/support/two-boards.ts';
import { loggedIn, type Client, type World } from '../../test/support/server.ts';

describe.each(testBackends())('the entry guards of a forecast cell (%s)', (backend) => {
  let w: World;
  let c: Client;
  let n = 0;
  const open = async (extra: Record<string, unknown> = {}) => {
    const r = await c.post('/api/rounds', { board: 'SB', year: 2024, period: 4, name: `G${++n}`, level: 'RN1', ...extra });
    expect(r.status).toBe(201);
    return r.body.round.id as number;
  };
  const staff = async (round: number) => (await c.get(`/api/rounds/${round}/units/S1/forecast`)).body.rows.find((r: { group: string }) => r.group === '5');
  const save = (round: number, body: Record<string, unknown>) => c.put(`/api/rounds/${round}/units/S1/forecast`, { group: '5', version: 0, ...body });

  beforeAll(async () => {
    w = await twoBoardsWorld(backend);
    c = await loggedIn(w.app, 'two-controller');
  });
  afterAll(() => w?.close());

  it('refuses "12.500" with a question naming the cell, and never saves it as 12,5 tkr', async () => {
    const round = await open();
    const r = await save(round, { amountText: '12.500' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'BAD_INPUT', field: 'amount', question: 'ambiguous' });
    expect(r.body.error.message).toBe('Personalkostnader (5) för S1 Delenhet 1: Menar du 12 500 tkr eller 12,5 tkr? Skriv 12 500 eller 12,5 — en punkt kan betyda båda.');
    expect((await staff(round)).tkr.forecast).toBeNull();
    const typed = await save(round, { amountText: '-612 500' });
    expect(typed.status).toBe(400);
    expect(typed.body.error.needsConfirmation).toEqual(['plausibility']);
    const clear = await save(round, { amountText: '-612,5' });
    expect(clear.status).toBe(200);
    expect((await staff(round)).ore.forecast).toBe(-61_250_000);
  });

  it('asks before a cost is saved with the sign of an income (+45 000 on personnel in a net-sign round), and saves once confirmed', async () => {
    const round = await open();
    // The round starts from the previous round's figure (P2 from P1): what a refusal must leave as it is.
    const before = (await staff(round)).ore.forecast;
    const r = await save(round, { amountOre: 4_500_000 * 100_000 / 100 });
    expect(r.status).toBe(400);
    expect(r.body.error.needsConfirmation).toEqual(['sign', 'plausibility']);
    const signOnly = await save(round, { amountOre: 45_000_000 });
    expect(signOnly.status).toBe(400);
    expect(signOnly.body.error.needsConfirmation).toEqual(['sign']);
    expect(signOnly.body.error.message).toBe('Personalkostnader (5) för S1 Delenhet 1: prognosen 450 tkr har motsatt tecken mot budget och utfall (budget -600 tkr, utfall hittills -200 tkr). Är tecknet rätt?');
    expect((await staff(round)).ore.forecast).toBe(before);
    const confirmed = await save(round, { amountOre: 45_000_000, confirm: ['sign'], version: (await staff(round)).version });
    expect(confirmed.status).toBe(200);
    expect((await staff(round)).tkr.forecast).toBe(450);
  });

  it('asks whether −45 000 000 tkr is right for a unit whose budget is a fraction of it', async () => {
    const round = await open();
    const r = await save(round, { amountText: '-45 000 000' });
    expect(r.status).toBe(400);
    expect(r.body.error.needsConfirmation).toEqual(['plausibility']);
    expect(r.body.error.message).toContain('mer än 3 gånger så stor som budgeten (-600 tkr)');
    expect((await save(round, { amountText: '-45 000 000', confirm: ['plausibility'] })).status).toBe(200);
  });

  it('takes costs as positive numbers in a round that enters them so, and uses the round’s own plausibility multiple', async () => {
    const round = await open({ sign: 'cost-positive', plausibilityMultiple: 1.5 });
    expect((await c.get(`/api/rounds/${round}`)).body.round).toMatchObject({ sign: 'cost-positive', plausibilityMultiple: 1.5 });
    expect((await save(round, { amountText: '650' })).status).toBe(200);
    const high = await save(round, { amountText: '950', version: (await staff(round)).version });
    expect(high.status).toBe(400);
    expect(high.body.error.needsConfirmation).toEqual(['plausibility']);
    expect(high.body.error.message).toContain('mer än 1,5 gånger');
    const wrongWay = await save(round, { amountText: '-650', version: (await staff(round)).version });
    expect(wrongWay.body.error.needsConfirmation).toEqual(['sign']);
  });

  it('answers out-of-range numbers in plain Swedish, never with validator text', async () => {
    const round = await open();
    for (const body of [{ amountOre: 2 ** 60 }, { amountOre: 1.5 }, { amountOre: 0, version: -1 }, { amountText: 'x'.repeat(41) }]) {
      const r = await save(round, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.message).not.toMatch(/förväntad|expected|<=|>=|int\b|number/i);
    }
  });
});
