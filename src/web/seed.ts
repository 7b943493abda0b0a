/**
 * The demo for development and the end-to-end tests: the demo municipality (`buildDemo`:
 * organisation `demo`, board KS, 2024, cut-off March, units at RN3 under ÖKA), users of every
 * role with a known password, and — so the forecast-accuracy dashboard has a past to show —
 * forecasts P1 and P2 of 2023 for the ÖKA units, made up from the 2023 closing (marked as such
 * in their import batch). No round is opened: the controller does that in the UI.
 *
 * Used by `prognos serve --demo` (which prints the users) and by `test/e2e`.
 */
import { createHash } from 'node:crypto';
import { OrgTree } from '../core/domain/index.ts';
import type { Role } from '../core/permissions/index.ts';
import { buildDemo, DEMO_ORG } from '../demo/index.ts';
import type { AmountRow, Store } from '../store/index.ts';
import { createUser, findUserForLogin, updateUser } from '../store/users.ts';
import { writeAudit } from '../store/audit.ts';
import { hashPassword } from '../server/password.ts';

export const DEMO_PASSWORD = 'prognos-demo-2024';
export const DEMO_ORGANISATION_NAME = 'Demokommunen';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  units: string[];
  /** What the user is for, in the printed list. */
  about: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', displayName: 'Anna Lind', role: 'admin', units: [], about: 'administratör: användare och allt annat' },
  { username: 'controller', displayName: 'Karin Berg', role: 'controller', units: [], about: 'controller: öppnar, granskar och publicerar' },
  { username: 'staben', displayName: 'Erik Holm', role: 'unit_editor', units: ['KAA'], about: 'enhetsredigerare för KAA Staben' },
  { username: 'ekonomi', displayName: 'Sara Ek', role: 'unit_editor', units: ['KEK'], about: 'enhetsredigerare för KEK Ekonomiavdelningen' },
  { username: 'lasare', displayName: 'Lars Nord', role: 'reader', units: [], about: 'läsare: ser allt, ändrar inget' },
];

/** The units whose made-up 2023 forecasts the seed adds (the demo round's rows). */
const HISTORY_PARENT = 'ÖKA';
const HISTORY_LEVEL = 'RN3';
const HISTORY_YEAR = 2023;

/** A stable deviation in [-range, range] for a unit and round: the same demo every time. */
function deviation(key: string, range: number): number {
  const h = createHash('sha256').update(key).digest();
  return ((h.readUInt16BE(0) / 0xffff) * 2 - 1) * range;
}

async function addForecastHistory(store: Store, orgId: string): Promise<number> {
  const tree = new OrgTree(await store.listUnits(orgId));
  if (!tree.get(HISTORY_PARENT)) return 0;
  const owners = tree.subtree(HISTORY_PARENT).filter((u) => u.level === HISTORY_LEVEL);
  const ownerOf = new Map<string, string>();
  for (const o of owners) for (const u of tree.subtree(o.code)) ownerOf.set(u.code, o.code);
  const actual = await store.db.query<{ unit: string; account: string; activity: string; project: string; s: string }>(
    `SELECT unit, account, activity, project, sum(amount_ore)::text AS s FROM amount
     WHERE org_id = $1 AND scenario = 'actual' AND year = $2 AND unit = ANY($3::text[])
     GROUP BY unit, account, activity, project ORDER BY unit, account, activity, project`,
    [orgId, HISTORY_YEAR, [...ownerOf.keys()]],
  );
  const rows: AmountRow[] = [];
  for (const [round, range] of [
    ['P1', 0.08],
    ['P2', 0.03],
  ] as const) {
    for (const a of actual) {
      const owner = ownerOf.get(a.unit)!;
      const factor = 1 + deviation(`${owner}/${round}`, range);
      const amountOre = Math.round(Number(a.s) * factor);
      if (amountOre === 0) continue;
      rows.push({ scenario: `forecast:${round}`, year: HISTORY_YEAR, period: null, unit: a.unit, account: a.account, activity: a.activity, project: a.project, amountOre });
    }
  }
  await store.db.transaction((tx) =>
    store.replaceAmounts(
      tx,
      orgId,
      { kind: 'amounts', fileName: 'demo-prognoshistorik-2023', sha256: 'demo-forecast-history-2023', summary: { note: 'påhittade prognoser P1 och P2 2023 för demons översikter' } },
      { kind: 'slices', slices: [{ scenario: 'forecast:P1', year: HISTORY_YEAR }, { scenario: 'forecast:P2', year: HISTORY_YEAR }], units: [...ownerOf.keys()] },
      rows,
    ),
  );
  return rows.length;
}

/** Creates the demo users, or resets them (password, role, units, active) when they exist in the organisation. */
export async function upsertUsers(store: Store, orgId: string, users: readonly DemoUser[], password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const actor = { userId: null, username: 'demo' };
  for (const u of users) {
    const existing = await findUserForLogin(store.db, orgId, u.username);
    await store.db.transaction(async (tx) => {
      if (!existing) {
        const n = await createUser(tx, { orgId, username: u.username, displayName: u.displayName, role: u.role, units: u.units, passwordHash });
        await writeAudit(tx, { orgId, actor, action: 'user.create', entity: 'user', entityKey: n.username, new: { username: n.username, displayName: n.displayName, role: n.role, units: n.units, disabled: false } });
        return;
      }
      await updateUser(tx, orgId, existing.id, existing.version, { displayName: u.displayName, role: u.role, units: u.units, disabled: false, passwordHash, mustChangePassword: false });
    });
  }
}

export interface SeedResult {
  orgId: string;
  users: readonly DemoUser[];
  password: string;
  historyRows: number;
}

/** Loads the demo into the store (replacing an earlier load) with its users and forecast history. */
export async function seedDemo(store: Store, orgId = DEMO_ORG): Promise<SeedResult> {
  // The organisation's name as the UI and the reports show it (kept if it exists already).
  await store.ensureOrganisation(orgId, DEMO_ORGANISATION_NAME);
  await buildDemo(store, orgId);
  const historyRows = await addForecastHistory(store, orgId);
  await upsertUsers(store, orgId, DEMO_USERS, DEMO_PASSWORD);
  return { orgId, users: DEMO_USERS, password: DEMO_PASSWORD, historyRows };
}
