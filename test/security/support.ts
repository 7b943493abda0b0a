/**
 * The world of the security tests: two municipalities side by side in one store — the demo
 * (`demo`) and a second one with the same data and codes (`annan`, users prefixed `annan-`) —
 * each with an open round (P1 2024, units at RN3 under ÖKA) and a published round (P2 2024,
 * the unit KAA alone), and logged-in clients of every role.
 */
import type { Backend } from '../support/store.ts';
import { buildDemo } from '../../src/demo/index.ts';
import type { AppOptions } from '../../src/server/app.ts';
import { addUsers, Client, demoWorld, loggedIn, openDemoRound, TEST_USERS, type World } from '../support/server.ts';
import { writeRequiredTexts } from '../support/required-texts.ts';

export const OTHER_ORG = 'annan';
export type Who = 'anonymous' | 'admin' | 'controller' | 'editor' | 'reader';
export const ROLES: Exclude<Who, 'anonymous'>[] = ['admin', 'controller', 'editor', 'reader'];
export const WHO: Who[] = ['anonymous', ...ROLES];

export interface OrgIds {
  /** The open round P1 2024. */
  round: number;
  /** The published round P2 2024 (unit KAA). */
  published: number;
  /** The id of the organisation's user `reader`. */
  readerId: number;
}

export interface TwoOrgs extends World {
  clients: Record<Who, Client>;
  /** Logged in as the other organisation's controller. */
  otherController: Client;
  own: OrgIds;
  other: OrgIds;
}

/** Opens, fills in and publishes a round of the unit KAA alone (no comment needed: a high threshold). */
export async function publishedRound(controller: Client, name = 'P2'): Promise<number> {
  const created = await controller.post('/api/rounds', { board: 'KS', year: 2024, period: 3, name, level: 'RN3', within: 'KAA', thresholdTkr: 1_000_000 });
  if (created.status !== 201) throw new Error(`opening ${name}: ${created.status} ${created.text}`);
  const id = created.body.round.id as number;
  for (const step of ['submit', 'approve']) {
    const r = await controller.post(`/api/rounds/${id}/units/KAA/${step}`, { allowMissing: true });
    if (r.status !== 200) throw new Error(`${step}: ${r.status} ${r.text}`);
  }
  await writeRequiredTexts(async (path, body) => (await controller.put(path, body)).status, id);
  const p = await controller.post(`/api/rounds/${id}/publish`, { allowMissing: true, acknowledgeWarnings: true });
  if (p.status !== 200) throw new Error(`publishing: ${p.status} ${p.text}`);
  return id;
}

async function userId(w: World, username: string): Promise<number> {
  const [r] = await w.store.db.query<{ id: string }>('SELECT id::text AS id FROM app_user WHERE username = $1', [username]);
  return Number(r!.id);
}

export async function twoOrgs(backend: Backend, options: Partial<AppOptions> = {}): Promise<TwoOrgs> {
  const w = await demoWorld(backend, options);
  await buildDemo(w.store, OTHER_ORG);
  await addUsers(w.store, OTHER_ORG, TEST_USERS, 'annan-');
  const clients = { anonymous: new Client(w.app) } as Record<Who, Client>;
  for (const who of ROLES) clients[who] = await loggedIn(w.app, who);
  const otherController = await loggedIn(w.app, 'annan-controller');
  const own = { round: await openDemoRound(clients.controller), published: await publishedRound(clients.controller), readerId: await userId(w, 'reader') };
  const other = { round: await openDemoRound(otherController), published: await publishedRound(otherController), readerId: await userId(w, 'annan-reader') };
  return { ...w, clients, otherController, own, other };
}
