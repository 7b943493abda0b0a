import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { buildReport } from '../report/index.ts';
import type { AmountRow } from '../store/index.ts';
import { createApp } from './app.ts';
import { addUsers, demoWorld, loggedIn, openDemoRound, type Client, type World } from '../../test/support/server.ts';

/**
 * A hand-made ledger (organisation `hand`): board B with unit U1 (RN1) and its child U1a.
 * Staff costs (5010) on U1, revenue (3010) on U1a; 2022–2024; ledger sign, öre.
 */
function handLedger(): AmountRow[] {
  const rows: AmountRow[] = [];
  const add = (scenario: AmountRow['scenario'], year: number, period: number | null, unit: string, account: string, amountOre: number): void => {
    rows.push({ scenario, year, period, unit, account, activity: '', project: '', amountOre });
  };
  for (let m = 1; m <= 12; m++) {
    add('actual', 2022, m, 'U1', '5010', 90_000_000);
    add('actual', 2023, m, 'U1', '5010', m <= 3 ? 50_000_000 : 100_000_000); // 150 M by March, 1 050 M the year
    add('actual', 2022, m, 'U1a', '3010', -45_000_000);
    add('actual', 2023, m, 'U1a', '3010', -50_000_000);
    add('budget', 2023, m, 'U1a', '3010', -50_000_000);
    add('budget', 2024, m, 'U1a', '3010', -55_000_000);
    if (m <= 3) {
      add('actual', 2024, m, 'U1', '5010', 120_000_000);
      add('actual', 2024, m, 'U1a', '3010', -60_000_000);
    }
  }
  add('budget', 2023, null, 'U1', '5010', 1_260_000_000);
  add('budget', 2024, null, 'U1', '5010', 1_320_000_000);
  add('forecast:P1', 2024, null, 'U1a', '5010', 1_000_000_000); // imported before the round, below U1
  add('forecast:P1', 2024, null, 'U1a', '3010', -700_000_000);
  return rows;
}

async function loadHand(w: World): Promise<void> {
  const s = w.store;
  await s.db.transaction(async (tx) => {
    await s.ensureOrganisation('hand', 'Handkommunen', tx);
    await s.upsertUnits(tx, 'hand', [
      { code: 'B', name: 'Nämnden', parent: null, level: 'board', budgetLevel: null, sortOrder: 0 },
      { code: 'U1', name: 'Enhet 1', parent: 'B', level: 'RN1', budgetLevel: null, sortOrder: 1 },
      { code: 'U1a', name: 'Enhet 1a', parent: 'U1', level: 'RN2', budgetLevel: null, sortOrder: 2 },
    ]);
    await s.upsertAccounts(tx, 'hand', [
      { account: '3010', name: 'Intäkter', group: '3', groupOverride: false },
      { account: '5010', name: 'Löner', group: '5', groupOverride: false },
    ], 'accounts-file');
    const ledger = handLedger();
    const slices = [...new Set(ledger.map((r) => `${r.scenario}|${r.year}`))].map((k) => ({ scenario: k.split('|')[0] as AmountRow['scenario'], year: Number(k.split('|')[1]) }));
    await s.replaceAmounts(tx, 'hand', { kind: 'amounts', fileName: 'hand.csv', sha256: 'x', summary: {} }, { kind: 'slices', slices }, ledger);
  });
  await addUsers(s, 'hand', [{ username: 'controller', role: 'controller' }], 'hand-');
}

describe.each(testBackends())('forecast proposals on a hand-made ledger (%s)', (backend) => {
  let w: World;
  let c: Client;
  let round: number;
  beforeAll(async () => {
    w = await demoWorld(backend);
    await loadHand(w);
    c = await loggedIn(w.app, 'hand-controller');
    const r = await c.post('/api/rounds', { board: 'B', year: 2024, period: 3, name: 'P1', level: 'RN1' });
    expect(r.status).toBe(201);
    round = r.body.round.id;
  });
  afterAll(() => w?.close());

  const row = (body: { rows: Array<{ group: string }> }, group: string) => body.rows.find((r) => r.group === group) as any;

  it('shows last year’s closing, budget, actual to date and the profile proposal of the unit’s subtree, in the net sign', async () => {
    const g = await c.get(`/api/rounds/${round}/units/U1/forecast`);
    expect(g.status).toBe(200);
    expect(g.body.rows.map((r: { group: string }) => r.group)).toEqual(['3', '4', '5', '6A', '6B', '7']);
    // 360 M + (1 050 M − 150 M) · 1 320 / 1 050 = 360 M + 1 131 428 571.43 → öre, half away from zero
    expect(row(g.body, '5').ore).toMatchObject({ closingPrev: -1_050_000_000, budget: -1_320_000_000, actualToDate: -360_000_000, proposal: -1_491_428_571, forecast: -1_000_000_000, variance: 320_000_000 });
    expect(row(g.body, '5').tkr).toMatchObject({ closingPrev: -10_500, budget: -13_200, actualToDate: -3_600, proposal: -14_914, forecast: -10_000, variance: 3_200 });
    expect(row(g.body, '5').source).toBe('imported');
    // revenue: −180 M + (−600 M + 150 M) · 660/600 = −675 M, presented positive
    expect(row(g.body, '3').ore.proposal).toBe(675_000_000);
    expect(g.body.total.ore).toMatchObject({ budget: -660_000_000, proposal: -816_428_571, forecast: -300_000_000 });
    expect(g.body.method).toMatchObject({ id: 'profile', name: 'Utfall + fjolårets profil' });
    expect(g.body.method.description).toMatch(/förra året/);
  });

  it('shows the other methods’ proposals on request', async () => {
    const p = async (m: string) => row((await c.get(`/api/rounds/${round}/units/U1/forecast?method=${m}`)).body, '5').ore.proposal;
    expect(await p('remaining_budget')).toBe(-1_350_000_000); // 360 M + 1 320 M · 9/12
    expect(await p('run_rate')).toBe(-1_440_000_000); // 360 M · 12/3
    expect(await p('budget')).toBe(-1_320_000_000);
  });

  it('tells how good each method was last year at the same cut-off, in tkr and percent', async () => {
    const g = await c.get(`/api/rounds/${round}/units/U1/forecast`);
    // staff 2023: 150 M + (1 080 M − 270 M) · 1 260/1 080 = 1 095 M against 1 050 M: 450 tkr too high (4.3 %)
    expect(row(g.body, '5').backtest).toEqual({ method: 'profile', reliable: true, proposalTkr: -10_950, closingTkr: -10_500, errorTkr: -450, absErrorTkr: 450, errorPct: 4.3 });
    // the unit (revenue hit exactly): 495 M against 450 M net cost
    const profile = g.body.methods.find((m: { id: string }) => m.id === 'profile');
    expect(profile.backtest).toMatchObject({ reliable: true, proposalTkr: -4_950, closingTkr: -4_500, errorTkr: -450, absErrorTkr: 450, errorPct: 10 });
    const budget = g.body.methods.find((m: { id: string }) => m.id === 'budget');
    expect(budget.backtest).toMatchObject({ proposalTkr: -6_600, closingTkr: -4_500, absErrorTkr: 2_100 });
  });

  it('stores a saved forecast as one amount on the group’s forecast account, replacing the subtree’s imported ones', async () => {
    const r = await c.put(`/api/rounds/${round}/units/U1/forecast`, { group: '5', amountOre: -1_400_000_000, version: 0 });
    expect(r.status).toBe(200);
    expect(r.body.cell).toMatchObject({ amountOre: -1_400_000_000, amountTkr: -14_000, updatedBy: 'hand-controller' });
    const rows = await w.store.db.query<{ unit: string; account: string; amount_ore: string; period: number | null }>(
      "SELECT unit, account, amount_ore::text AS amount_ore, period FROM amount WHERE org_id = 'hand' AND scenario = $1 ORDER BY account",
      [`forecast:round:${round}`],
    );
    expect(rows).toEqual([
      { unit: 'U1a', account: '3010', amount_ore: '-700000000', period: null },
      { unit: 'U1', account: 'PROGNOS-5', amount_ore: '1400000000', period: null },
    ]);
    const report = await buildReport(w.store, { orgId: 'hand', scope: 'B', year: 2024, period: 3, round: 'P1' });
    const groups = report.tables.find((t) => t.kind === 'account-groups')!;
    expect(groups.rows.find((x) => x.code === '5')!.values.forecast).toBe(-14_000);
    const g = await c.get(`/api/rounds/${round}/units/U1/forecast`);
    expect(row(g.body, '5')).toMatchObject({ source: 'entered', version: r.body.cell.version, updatedBy: 'hand-controller' });
    // Clearing removes the amount.
    const cleared = await c.put(`/api/rounds/${round}/units/U1/forecast`, { group: '5', amountOre: null, version: r.body.cell.version });
    expect(cleared.status).toBe(200);
    const left = await w.store.db.query("SELECT 1 FROM amount WHERE org_id = 'hand' AND account = 'PROGNOS-5'");
    expect(left).toHaveLength(0);
  });

  it('rejects a forecast per activity in a round entered per account group', async () => {
    const r = await c.put(`/api/rounds/${round}/units/U1/forecast`, { group: '3', activity: '1000', amountOre: 1, version: 0 });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('activity');
  });
});

describe.each(testBackends())('forecast entry in the demo round (%s)', (backend) => {
  let w: World;
  let round: number;
  let controller: Client;
  let editor: Client;
  beforeAll(async () => {
    w = await demoWorld(backend);
    controller = await loggedIn(w.app, 'controller');
    editor = await loggedIn(w.app, 'editor');
    round = await openDemoRound(controller);
  });
  afterAll(() => w?.close());

  it('agrees with the report’s units table for the unit', async () => {
    const g = await controller.get(`/api/rounds/${round}/units/KAA/forecast`);
    const report = await controller.get(`/api/rounds/${round}/report.json`);
    const units = report.body.tables.find((t: { id: string }) => t.id === 'units');
    const kaa = units.rows.find((r: { code: string }) => r.code === 'KAA').values;
    expect(g.body.total.tkr).toMatchObject({ closingPrev: kaa.closing_prev, budget: kaa.budget, actualToDate: kaa.actual, forecast: kaa.forecast, variance: kaa.variance });
  });

  it('never overwrites silently: a save based on a stale version gets 409 with the other value, who and when', async () => {
    const a = await editor.get(`/api/rounds/${round}/units/KAA/forecast`);
    const b = await controller.get(`/api/rounds/${round}/units/KAA/forecast`);
    const va = a.body.rows.find((r: { group: string }) => r.group === '5').version;
    const vb = b.body.rows.find((r: { group: string }) => r.group === '5').version;
    expect(va).toBe(vb);
    const first = await editor.put(`/api/rounds/${round}/units/KAA/forecast`, { group: '5', amountOre: -1_900_000_000, version: va });
    expect(first.status).toBe(200);
    const second = await controller.put(`/api/rounds/${round}/units/KAA/forecast`, { group: '5', amountOre: -1_800_000_000, version: vb });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({
      code: 'CONFLICT',
      field: 'version',
      current: { group: '5', activity: '', amountOre: -1_900_000_000, amountTkr: -19_000, version: first.body.cell.version, updatedBy: 'editor' },
    });
    expect(second.body.error.message).toMatch(/har ändrats av editor/);
    expect(Date.parse(second.body.error.current.updatedAt)).not.toBeNaN();
    // The stored value is still the editor's; saving on the new version works.
    const now = await controller.get(`/api/rounds/${round}/units/KAA/forecast`);
    expect(now.body.rows.find((r: { group: string }) => r.group === '5').ore.forecast).toBe(-1_900_000_000);
    const retry = await controller.put(`/api/rounds/${round}/units/KAA/forecast`, { group: '5', amountOre: -1_800_000_000, version: first.body.cell.version });
    expect(retry.status).toBe(200);
  });

  it('also guards the unit comment with a version', async () => {
    const one = await editor.put(`/api/rounds/${round}/units/KHR/comment`, { text: 'x', version: 0 });
    expect(one.status).toBe(403); // not the editor's unit
    const a = await controller.put(`/api/rounds/${round}/units/KHR/comment`, { text: 'Första texten', version: 0 });
    expect(a.status).toBe(200);
    const b = await controller.put(`/api/rounds/${round}/units/KHR/comment`, { text: 'Andra texten', version: 0 });
    expect(b.status).toBe(409);
    expect(b.body.error.current).toMatchObject({ text: 'Första texten', version: a.body.unit.comment.version, updatedBy: 'controller' });
  });

  it('requires a comment before a unit whose |variance| exceeds the threshold is submitted', async () => {
    const g = await editor.get(`/api/rounds/${round}/units/KAA/forecast`);
    expect(g.body.commentRequired).toBe(true);
    const no = await editor.post(`/api/rounds/${round}/units/KAA/submit`);
    expect(no.status).toBe(400);
    expect(no.body.error).toMatchObject({ code: 'BAD_INPUT', field: 'comment', thresholdTkr: 1000 });
    expect(no.body.error.message).toMatch(/en kommentar krävs: avvikelsen -?\d+ tkr är större än gränsen 1000 tkr/);
    const comment = await editor.put(`/api/rounds/${round}/units/KAA/comment`, { text: 'Högre personalkostnader än budgeterat.', version: 0 });
    expect(comment.status).toBe(200);
    const yes = await editor.post(`/api/rounds/${round}/units/KAA/submit`);
    expect(yes.status).toBe(200);
    expect(yes.body.unit).toMatchObject({ status: 'submitted', submittedBy: 'editor' });
    // A unit below the threshold needs none (KHR: −331 tkr).
    const khr = await controller.get(`/api/rounds/${round}/units/KHR/forecast`);
    expect(khr.body.commentRequired).toBe(false);
  });

  it('puts a unit’s variance comment into the round’s report after the units table', async () => {
    const r = await controller.get(`/api/rounds/${round}/report.json`);
    expect(r.status).toBe(200);
    const blocks = r.body.sections.flatMap((s: { blocks: unknown[] }) => s.blocks) as Array<{ type: string; text?: string }>;
    const i = blocks.findIndex((b) => b.type === 'subheading' && b.text === 'KAA Staben');
    expect(i).toBeGreaterThan(0);
    expect(blocks[i + 1]).toEqual({ type: 'paragraph', text: 'Högre personalkostnader än budgeterat.' });
  });

  it('writes an audit entry for every change, viewable per unit', async () => {
    const r = await controller.get(`/api/rounds/${round}/units/KAA/audit`);
    expect(r.status).toBe(200);
    const actions = r.body.entries.map((e: { action: string; username: string }) => `${e.action}:${e.username}`);
    expect(actions).toEqual(['unit.submit:editor', 'comment.save:editor', 'forecast.save:controller', 'forecast.save:editor']);
    const save = r.body.entries.find((e: { action: string; username: string }) => e.action === 'forecast.save' && e.username === 'controller');
    expect(save).toMatchObject({ entity: 'forecast_cell', entityKey: 'KAA/5/', unitCode: 'KAA', old: { amountOre: -1_900_000_000 }, new: { amountOre: -1_800_000_000 } });
    expect(Date.parse(save.at)).not.toBeNaN();
    const submit = r.body.entries[0];
    expect(submit).toMatchObject({ old: { status: 'open' }, new: { status: 'submitted' } });
    const all = await controller.get(`/api/rounds/${round}/audit`);
    expect(all.body.entries.map((e: { action: string }) => e.action)).toContain('round.create');
  });

  it('refuses edits of a submitted unit until the controller reopens it', async () => {
    const g = await editor.get(`/api/rounds/${round}/units/KAA/forecast`);
    const v = g.body.rows.find((r: { group: string }) => r.group === '7').version;
    const locked = await editor.put(`/api/rounds/${round}/units/KAA/forecast`, { group: '7', amountOre: -1, version: v });
    expect(locked.status).toBe(409);
    expect(locked.body.error.message).toMatch(/inlämnad; den måste återöppnas/);
    expect((await controller.post(`/api/rounds/${round}/units/KAA/reopen`, { reason: 'Övriga kostnader behöver ses över.' })).status).toBe(200);
    const ok = await editor.put(`/api/rounds/${round}/units/KAA/forecast`, { group: '7', amountOre: -6_000_000_000, version: v });
    expect(ok.status).toBe(200);
  });

  it('shows the round’s figures in the dashboards', async () => {
    const variance = await controller.get(`/api/rounds/${round}/dashboard/variance`);
    const kaa = variance.body.rows.find((r: { code: string }) => r.code === 'KAA');
    expect(kaa).toMatchObject({ hasComment: true, status: 'open' });
    expect(kaa.varianceTkr).toBe(kaa.forecastTkr - kaa.budgetTkr);
    const trail = await controller.get(`/api/rounds/${round}/dashboard/forecasts`);
    expect(trail.body.rounds).toEqual(['P1']);
    expect(trail.body.rows.find((r: { code: string }) => r.code === 'KAA').rounds[0].forecastTkr).toBe(kaa.forecastTkr);
    const progress = await controller.get(`/api/rounds/${round}/dashboard/progress`);
    expect(progress.body.counts).toEqual({ total: 14, open: 14, submitted: 0, approved: 0 });
    const accuracy = await controller.get(`/api/rounds/${round}/dashboard/accuracy`);
    expect(accuracy.status).toBe(200);
    expect(accuracy.body).toMatchObject({ fromYear: 2019, toYear: 2023 });
  });

  it('drills down from the board to a unit and to its account groups, whose figures add up to the unit’s', async () => {
    const drill = (await controller.get(`/api/rounds/${round}/dashboard/variance?unit=KAA`)).body;
    const kaa = drill.rows.find((r: { code: string }) => r.code === 'KAA');
    expect(drill.drill).toMatchObject({ code: 'KAA', name: kaa.name });
    const groups = drill.drill.groups as Array<{ group: string; budgetTkr: number; forecastTkr: number | null; varianceTkr: number | null }>;
    expect(groups.map((g) => g.group)).toContain('5');
    expect(groups.some((g) => g.group === 'I')).toBe(false);
    // Each group's variance is its forecast − budget; the groups' budgets make the unit's (within rounding of tkr).
    for (const g of groups) if (g.forecastTkr !== null) expect(g.varianceTkr).toBe(g.forecastTkr - g.budgetTkr);
    expect(Math.abs(groups.reduce((a, g) => a + g.budgetTkr, 0) - kaa.budgetTkr)).toBeLessThanOrEqual(groups.length);
    expect((await controller.get(`/api/rounds/${round}/dashboard/variance?unit=FINNS-EJ`)).status).toBe(404);
    const page = await controller.app.request(`/rounds/${round}/dashboards?enhet=KAA`, { headers: { accept: 'text/html', cookie: controller.cookie!, 'x-forwarded-for': controller.ip } });
    const text = await page.text();
    expect(page.status).toBe(200);
    expect(text).toContain('Avvikelse per kontogrupp för KAA');
    expect(text).toContain('Alla enheter</a>');
  });

  it('measures forecast accuracy per unit against past closings', async () => {
    // A P1 forecast of 2023 for KAA: 1 000 tkr more cost than the 2023 closing.
    const [closing] = await w.store.db.query<{ s: string }>(
      "SELECT sum(amount_ore)::text AS s FROM amount a JOIN account acc USING (org_id, account) WHERE org_id = 'demo' AND scenario = 'actual' AND year = 2023 AND unit = 'KAA' AND acc.account_group <> 'I'",
    );
    await w.store.db.transaction((tx) =>
      w.store.replaceAmounts(tx, 'demo', { kind: 'amounts', fileName: 'p1-2023.csv', sha256: 'y', summary: {} }, { kind: 'slices', slices: [{ scenario: 'forecast:P1', year: 2023 }] }, [
        { scenario: 'forecast:P1', year: 2023, period: null, unit: 'KAA', account: '5110', activity: '', project: '', amountOre: Number(BigInt(closing!.s) + 100_000_000n) },
      ]),
    );
    const r = await controller.get(`/api/rounds/${round}/dashboard/accuracy`);
    const kaa = r.body.rows.find((x: { code: string }) => x.code === 'KAA');
    expect(kaa.rows).toHaveLength(1);
    expect(kaa.rows[0]).toMatchObject({ year: 2023, round: 'P1', errorTkr: -1000, absErrorTkr: 1000 });
    expect(kaa.summary).toEqual([{ round: 'P1', years: 1, meanAbsErrorTkr: 1000, weightedErrorPct: kaa.rows[0].errorPct }]);
  });
});

describe.each(testBackends())('forecast saves from two app instances (%s)', (backend) => {
  let w: World;
  beforeAll(async () => {
    w = await demoWorld(backend);
  });
  afterAll(() => w?.close());

  it('lets exactly one of two simultaneous saves on the same version through', async () => {
    const app2 = createApp({ store: w.store, trustProxy: true, log: () => undefined });
    const a = await loggedIn(w.app, 'controller');
    const b = await loggedIn(app2, 'admin');
    const round = await openDemoRound(a);
    const results = await Promise.all([
      a.put(`/api/rounds/${round}/units/KEK/forecast`, { group: '4', amountOre: -100_000, version: 0 }),
      b.put(`/api/rounds/${round}/units/KEK/forecast`, { group: '4', amountOre: -200_000, version: 0 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});
