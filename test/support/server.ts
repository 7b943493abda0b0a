/**
 * Test support for the HTTP API: a real store with the demo municipality, users of every role,
 * and a small client with a cookie jar and the CSRF token, calling the app in-process.
 */
import { buildDemo, DEMO_ORG } from '../../src/demo/index.ts';
import type { Role } from '../../src/core/permissions/index.ts';
import type { Store } from '../../src/store/index.ts';
import { createUser } from '../../src/store/users.ts';
import { openTestStore, type Backend } from './store.ts';
import { createApp, type AppOptions } from '../../src/server/app.ts';
import { hashPassword } from '../../src/server/password.ts';

export const PASSWORD = 'ett-langt-losenord-2024';

export interface TestUser {
  username: string;
  role: Role;
  units?: string[];
}

/** The users of a test organisation: one per role, two unit editors (KAA, and the whole ÖKA). */
export const TEST_USERS: TestUser[] = [
  { username: 'admin', role: 'admin' },
  { username: 'controller', role: 'controller' },
  { username: 'editor', role: 'unit_editor', units: ['KAA'] },
  { username: 'chief', role: 'unit_editor', units: ['ÖKA'] },
  { username: 'reader', role: 'reader' },
];

export async function addUsers(store: Store, orgId: string, users: readonly TestUser[], prefix = ''): Promise<void> {
  const passwordHash = await hashPassword(PASSWORD);
  await store.db.transaction(async (tx) => {
    for (const u of users) {
      await createUser(tx, { orgId, username: `${prefix}${u.username}`, displayName: u.username, role: u.role, units: u.units ?? [], passwordHash });
    }
  });
}

export type TestApp = ReturnType<typeof createApp>;

export interface World {
  store: Store;
  app: TestApp;
  close(): Promise<void>;
}

/** A store with the demo municipality (organisation `demo`) and the test users. */
export async function demoWorld(backend: Backend, options: Partial<AppOptions> = {}): Promise<World> {
  const store = await openTestStore(backend);
  await buildDemo(store, DEMO_ORG);
  await addUsers(store, DEMO_ORG, TEST_USERS);
  const app = createApp({ store, trustProxy: true, log: process.env.PROGNOS_TEST_LOG ? undefined : () => undefined, ...options });
  return { store, app, close: () => store.close() };
}

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/** A browser-like client: keeps the session cookie, sends Origin and the CSRF token. */
export class Client {
  cookie: string | undefined;
  csrf: string | undefined;
  ip = '10.0.0.1';

  constructor(
    readonly app: TestApp,
    readonly origin = 'http://localhost',
  ) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
    const h: Record<string, string> = { 'x-forwarded-for': this.ip, ...headers };
    if (method !== 'GET') h.origin ??= this.origin;
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in headers)) h['x-csrf-token'] = this.csrf;
    if (body !== undefined) h['content-type'] = 'application/json';
    for (const [k, v] of Object.entries(headers)) if (v === '') delete h[k];
    const res = await this.app.request(path, { method, headers: h, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const [pair] = setCookie.split(';');
      this.cookie = /=$/.test(pair!) || /Max-Age=0/i.test(setCookie) ? undefined : pair;
    }
    const type = res.headers.get('content-type') ?? '';
    const buf = Buffer.from(await res.arrayBuffer());
    const text = type.includes('json') || type.startsWith('text/') ? buf.toString('utf8') : '';
    return { status: res.status, body: type.includes('json') && text ? JSON.parse(text) : (buf as unknown as T), headers: res.headers, text };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers);
  }
  put<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, body, headers);
  }
  patch<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', path, body, headers);
  }
  delete<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('DELETE', path, body, headers);
  }

  async login(username: string, password = PASSWORD): Promise<Res> {
    const r = await this.post('/api/auth/login', { username, password });
    if (r.status === 200) this.csrf = r.body.csrfToken;
    return r;
  }
}

export async function loggedIn(app: TestApp, username: string): Promise<Client> {
  const c = new Client(app);
  const r = await c.login(username);
  if (r.status !== 200) throw new Error(`log-in of ${username} failed: ${r.status} ${r.text}`);
  return c;
}

/** The demo's round: Delårsrapport P1 2024 for KS, cut-off March, units at RN3 under ÖKA. */
export const DEMO_ROUND = { board: 'KS', year: 2024, period: 3, name: 'P1', level: 'RN3', within: 'ÖKA', deadline: '2024-04-20', prevPeriod: 8 };

export async function openDemoRound(controller: Client, extra: Record<string, unknown> = {}): Promise<number> {
  const r = await controller.post('/api/rounds', { ...DEMO_ROUND, ...extra });
  if (r.status !== 201) throw new Error(`opening the round failed: ${r.status} ${r.text}`);
  return r.body.round.id as number;
}

/** A browser-like request to a UI page without a browser: the session cookie, Accept: text/html, a form post with the CSRF field. */
export async function formPage(c: Client, method: 'GET' | 'POST', path: string, fields?: Record<string, string>): Promise<{ status: number; text: string; location: string | null }> {
  const headers: Record<string, string> = { accept: 'text/html', 'x-forwarded-for': c.ip };
  if (c.cookie) headers.cookie = c.cookie;
  let body: string | undefined;
  if (method === 'POST') {
    headers.origin = c.origin;
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams({ ...(c.csrf ? { _csrf: c.csrf } : {}), ...fields }).toString();
  }
  const res = await c.app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
}

/** A round of the demo's Programnämnd social välfärd (reference report 004's board), for its roll-forward and grids. */
export const PROGRAMME_ROUND = { board: 'PNSV', year: 2022, period: 8, name: 'P2', level: 'RN1', within: undefined, deadline: '2022-09-20' };
