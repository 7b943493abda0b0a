/**
 * The world the load benchmark and the fault tests run against: the demo municipality
 * (organisation `demo`, board KS, round P1 2024 at cut-off 3 over the RN3 units under ÖKA) and
 * its users; a scratch PostgreSQL database of its own on the loopback server, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Role } from '../src/core/permissions/index.ts';
import { buildDemo, DEMO_ORG } from '../src/demo/index.ts';
import { hashPassword } from '../src/server/password.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { createUser } from '../src/store/users.ts';

export const LOAD_PASSWORD = 'ett-langt-losenord-2024';
export const LOAD_ORG = DEMO_ORG;

/** The demo round (as `DEMO_ROUND` of the server tests). */
export const LOAD_ROUND = { board: 'KS', year: 2024, period: 3, name: 'P1', level: 'RN3', within: 'ÖKA', deadline: '2024-04-20', prevPeriod: 8 };

/** The 14 RN3 units under ÖKA: the rows of the round. */
export const ROUND_UNITS = ['KAA', 'KAFP', 'KAI', 'KAK', 'KAN', 'KAS', 'KCS', 'KEK', 'KHR', 'KIT', 'KLF', 'KMY', 'KSÄ', 'KÖL'];

export interface LoadUser {
  username: string;
  role: Role;
  units: string[];
}

/**
 * `n` users: one admin, 4 controllers, 4 readers, the rest unit editors spread round-robin over
 * the round's units (about three per unit, so editors of one unit do meet each other's saves).
 */
export function loadUsers(n = 50): LoadUser[] {
  const users: LoadUser[] = [{ username: 'lastadmin', role: 'admin', units: [] }];
  for (let i = 1; i <= 4; i++) users.push({ username: `controller${i}`, role: 'controller', units: [] });
  for (let i = 1; i <= 4; i++) users.push({ username: `reader${i}`, role: 'reader', units: [] });
  for (let i = 0; users.length < n; i++) users.push({ username: `editor${i + 1}`, role: 'unit_editor', units: [ROUND_UNITS[i % ROUND_UNITS.length]!] });
  return users;
}

/** The demo municipality and the users, into an empty store. */
export async function seedWorld(store: Store, users: readonly LoadUser[]): Promise<void> {
  await buildDemo(store, LOAD_ORG);
  const passwordHash = await hashPassword(LOAD_PASSWORD);
  await store.db.transaction(async (tx) => {
    for (const u of users) await createUser(tx, { orgId: LOAD_ORG, username: u.username, displayName: u.username, role: u.role, units: u.units, passwordHash });
  });
}

/**
 * Opens the store of a data directory or database URL, seeds it and closes it. `template`: start
 * the embedded store from a migrated dump (the tests' template) instead of a fresh initdb.
 */
export async function seedTarget(target: { dataDir: string; databaseUrl?: string }, users: readonly LoadUser[], template?: Blob): Promise<void> {
  const store = await openStore(target.databaseUrl ? { databaseUrl: target.databaseUrl } : { dataDir: target.dataDir, ...(template ? { loadDataDir: template } : {}) });
  try {
    await seedWorld(store, users);
  } finally {
    await store.close();
  }
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the server of `baseUrl` (loopback only). */
export async function createScratchDatabase(baseUrl: string, prefix: string): Promise<ScratchDatabase> {
  const base = new URL(baseUrl);
  if (base.hostname !== '127.0.0.1' && base.hostname !== 'localhost') throw new Error(`only a loopback PostgreSQL, not ${base.hostname}`);
  const name = `prognos_${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
