// Two municipalities side by side in one database (the embedded store, and PostgreSQL when
// DATABASE_URL is set): the same files and different files with colliding codes imported into
// org A and org B. Nothing of one may appear in, or disappear from, the other's queries.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, testBackends } from '../support/store.ts';
import { PrognosError } from '../../src/core/errors/index.ts';
import { buildDemo, DEMO_REQUEST } from '../../src/demo/index.ts';
import { buildReport } from '../../src/report/index.ts';
import type { Store } from '../../src/store/index.ts';
import { importSie, importTabular } from '../../src/store/ingest.ts';
import { importContent } from '../../src/store/ingest-content.ts';

/** Every text B's own files bring carries this marker: it must never show up in A. */
const MARK = 'B-ONLY';

const dir = mkdtempSync(path.join(tmpdir(), 'prognos-multi-org-'));
const file = (name: string, text: string, encoding = 'utf8'): string => {
  const p = path.join(dir, name);
  writeFileSync(p, iconv.encode(text, encoding));
  return p;
};

/** B's own files: the demo's codes (units KS, KGN, ÖKF, SPLFE; accounts 3410, 4610; board KS) with other content. */
const B_FILES = {
  org: () => file('b-org.csv', `code,name,parent,level,budget_level\nKS,Kommunstyrelsen ${MARK},,board,\nKGN,Kommungemensam ${MARK},KS,BN,Kommungemensamt\nBX,Ny enhet ${MARK},KS,RN1,\n`),
  accounts: () => file('b-accounts.csv', `account,name,group\n3410,Konto ${MARK},4\n`),
  amounts: () => file('b-amounts.csv', 'scenario,year,period,unit,account,activity,project,amount\nbudget,2024,,SPLFE,4610,,,-123 456 789\nbudget,2024,3,BX,3410,,,777\n'),
  // A full SIE export of 2024 (it has #UB): replaces B's actual amounts of 2024, units and accounts as in the demo.
  sie: () =>
    file(
      'b.se',
      [
        '#FLAGGA 0',
        '#FORMAT PC8',
        '#SIETYP 4',
        `#FNAMN "Kommun ${MARK}"`,
        '#RAR 0 20240101 20241231',
        `#KONTO 3410 "Konto ${MARK}"`,
        `#KONTO 1930 "Bank ${MARK}"`,
        '#DIM 1 "Ansvar"',
        `#OBJEKT 1 "SPLFE" "LFE ${MARK}"`,
        `#OBJEKT 1 "ÖKF" "Lokalförsörjning ${MARK}"`,
        '#UB 0 1930 0.00',
        '#VER A 1 20240215 "Hyra"',
        '{',
        '#TRANS 3410 {1 "SPLFE"} -5000000.00',
        '#TRANS 3410 {1 "ÖKF"} -250000.50',
        '#TRANS 1930 {} 5250000.50',
        '}',
        '',
      ].join('\n'),
      'cp437',
    ),
  narrative: () => file('b-narrative.csv', `board,year,round,key,title,text\nKS,2024,P1,proposal,,"Förslag ${MARK}"\nKS,2024,P1,comment:unit:BX,,"Kommentar ${MARK}"\n`),
  goals: () => file('b-goals.csv', `board,year,goal_area,code,parent,kind,text,relation,target,rule\nKS,2024,Område ${MARK},1,,strategic,Mål ${MARK},,,\n`),
};

/** Maps, sets and bigints as plain JSON values, so that snapshots compare and print fully. */
function plain(x: unknown): unknown {
  if (x instanceof Map) return [...x.entries()].map(([k, v]) => [plain(k), plain(v)]).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (x instanceof Set) return [...x].map(plain).sort();
  if (typeof x === 'bigint') return String(x);
  if (Array.isArray(x)) return x.map(plain);
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]));
  return x;
}

const byJson = (a: unknown, b: unknown): number => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0);

/** Everything the report and the listings show of one organisation, without its id. */
async function snapshot(store: Store, orgId: string): Promise<Record<string, unknown>> {
  const report = await buildReport(store, { ...DEMO_REQUEST, orgId });
  const units = await store.listUnits(orgId);
  return plain({
    report: { ...report, report: { ...report.report, organisation: '(org)' } },
    units: [...units].sort(byJson),
    accounts: await store.listAccounts(orgId),
    activities: await store.listCodeNames(orgId, 'activity'),
    projects: await store.listCodeNames(orgId, 'project'),
    totals: await store.totals(orgId),
    amounts: await store.countAmounts(orgId),
    facts: (plain(await store.ledgerFacts(orgId, { year: 2024, period: 3, prevPeriod: 8, scenario: 'forecast:P1', units: units.map((u) => u.code) })) as unknown[]).sort(byJson),
    followUp: await store.loadFollowUp({ orgId, board: 'KS', year: 2024, round: 'P1' }),
  }) as Record<string, unknown>;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(testBackends())('two municipalities in one %s database', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  afterAll(async () => {
    await store?.close();
  });

  it("keeps org A's reports, units, accounts, amounts and content apart from org B's, when both import the same files and when B imports other files with the same codes", async () => {
    // pg deprecates (pg 9 removes) a second query on a client that is still running one: an import must not do that.
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      await isolationScenario();
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w.includes('already executing a query'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  async function isolationScenario(): Promise<void> {
    await buildDemo(store, 'A');
    await buildDemo(store, 'B');
    const a0 = await snapshot(store, 'A');
    // The same files give the same organisation: the comparisons below are not vacuous.
    expect(await snapshot(store, 'B')).toEqual(a0);
    expect((a0.amounts as number) > 3000).toBe(true);

    // B imports its own files: same unit, account and board codes, other names, amounts and texts;
    // the amounts, SIE and goals files replace B's budget 2024, actual 2024 and KS 2024 goals.
    await importTabular(store, 'B', 'org', B_FILES.org());
    await importTabular(store, 'B', 'accounts', B_FILES.accounts());
    await importTabular(store, 'B', 'amounts', B_FILES.amounts());
    const sie = await importSie(store, 'B', B_FILES.sie());
    expect(sie.replaced).toBeGreaterThan(0);
    await importContent(store, 'B', 'narrative', B_FILES.narrative());
    await importContent(store, 'B', 'goals', B_FILES.goals());

    const a1 = await snapshot(store, 'A');
    const b1 = await snapshot(store, 'B');
    expect(a1).toEqual(a0);
    expect(JSON.stringify(a1)).not.toContain(MARK);
    // B sees its own files everywhere: in the report, the units, the accounts and the content.
    expect(b1).not.toEqual(a0);
    for (const part of ['report', 'units', 'accounts', 'followUp'] as const) expect(JSON.stringify(b1[part])).toContain(MARK);
    expect(JSON.stringify(b1.totals)).not.toEqual(JSON.stringify(a0.totals));

    // A imports the demo again (replacing its own slices, goals …): B stays exactly as it was.
    await buildDemo(store, 'A');
    expect(await snapshot(store, 'B')).toEqual(b1);
    expect(await snapshot(store, 'A')).toEqual(a0);
  }

  it('knows nothing of an organisation that imported nothing', async () => {
    expect(await store.listUnits('C')).toEqual([]);
    expect(await store.totals('C')).toEqual([]);
    expect(await store.countAmounts('C')).toBe(0);
    const err = await buildReport(store, { ...DEMO_REQUEST, orgId: 'C' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrognosError);
    expect((err as PrognosError).code).toBe('NOT_FOUND');
  });
});
