/**
 * A demo report through a web round, the way a controller makes it: the report's ledger and
 * content are loaded, the board's template is stored, the round is opened with it, every unit
 * submits and is approved, the cover's decision is filled in, `check` is read and the round is
 * published — all through the JSON API of the app, in-process (`app.request`), as the user
 * `prognos-demo` (a controller of the organisation with a random password, made anew each run).
 * The published report's files are then downloaded as the server rendered them at publishing.
 *
 * A second run into the same store loads the data again (replacing, never doubling) but cannot
 * publish the round again: a published report is final (its snapshot and files are never
 * replaced). It is read as published; a round a stopped run left open is carried on.
 */
import { randomBytes } from 'node:crypto';
import type { ReportModel } from '../../report/index.ts';
import type { ReportFormat } from '../../report/render.ts';
import { createApp } from '../../server/app.ts';
import { hashPassword } from '../../server/password.ts';
import type { Store } from '../../store/index.ts';
import { createUser, findUserForLogin, updateUser } from '../../store/users.ts';
import type { ImportSummary } from '../../store/ingest.ts';
import type { DemoReport } from './types.ts';

export const DEMO_RUNNER = 'prognos-demo';

/**
 * The demo round's comment rule: a unit's variance beyond this many tkr needs a unit comment. The
 * reference reports comment on variances in their chapters' texts, not per unit, so the demo's
 * units submit without one.
 */
const DEMO_THRESHOLD_TKR = 1_000_000;

export interface PublishedDemoReport {
  report: DemoReport;
  roundId: number;
  imports: ImportSummary[];
  /** The frozen model as published. */
  model: ReportModel;
  /** The warnings of `check` that were acknowledged at publishing (Swedish messages). */
  warnings: string[];
  /** True when an earlier run had published the round already (then `warnings` is empty). */
  publishedBefore: boolean;
  /** Downloads a format of the published report as the server rendered it. */
  download(format: ReportFormat): Promise<Uint8Array>;
}

type App = ReturnType<typeof createApp>;

/** A browser-like caller of the app: the session cookie, the CSRF token, Origin. */
class Caller {
  private cookie: string | undefined;
  private csrf: string | undefined;
  constructor(private readonly app: App) {}

  /** A request with the session; a Uint8Array body is sent as a PDF (how an appendix is uploaded). */
  async call<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; bytes: Uint8Array }> {
    const raw = body instanceof Uint8Array;
    const headers: Record<string, string> = { origin: 'http://localhost' };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = raw ? 'application/pdf' : 'application/json';
    const payload: BodyInit | undefined = raw ? new Blob([new Uint8Array(body)]) : body !== undefined ? JSON.stringify(body) : undefined;
    const res = await this.app.request(path, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const bytes = new Uint8Array(await res.arrayBuffer());
    const json = (res.headers.get('content-type') ?? '').includes('json') && bytes.length > 0 ? JSON.parse(Buffer.from(bytes).toString('utf8')) : undefined;
    if (path === '/api/auth/login' && res.status === 200) this.csrf = json.csrfToken;
    return { status: res.status, body: json as T, bytes };
  }

  /** The call, which must answer `expected`; else the server's Swedish message, with where it came from. */
  async must<T = any>(expected: number, method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.call<T>(method, path, body);
    if (r.status !== expected) {
      const message = (r.body as { error?: { message?: string } } | undefined)?.error?.message ?? `svar ${r.status}`;
      throw new Error(`demon: ${method} ${path} gav ${r.status}: ${message}`);
    }
    return r.body;
  }
}

async function demoController(store: Store, orgId: string): Promise<string> {
  const password = randomBytes(24).toString('base64url');
  const passwordHash = await hashPassword(password);
  const existing = await findUserForLogin(store.db, orgId, DEMO_RUNNER);
  await store.db.transaction(async (tx) => {
    if (!existing) await createUser(tx, { orgId, username: DEMO_RUNNER, displayName: 'Demons körning', role: 'controller', units: [], passwordHash });
    else await updateUser(tx, orgId, existing.id, existing.version, { role: 'controller', disabled: false, passwordHash, mustChangePassword: false });
  });
  return password;
}

/** The round a previous run left with the same board, year and name (a round's name is unique per board and year). */
async function earlierRound(caller: Caller, r: DemoReport['round']): Promise<{ id: number; status: string } | undefined> {
  const { rounds } = await caller.must<{ rounds: Array<{ id: number; board: { code: string }; year: number; name: string; status: string }> }>(200, 'GET', '/api/rounds');
  return rounds.find((x) => x.board.code === r.board && x.year === r.year && x.name === r.name);
}

/** Loads a demo report, runs it through its round and publishes it; the published model and files. */
export async function publishDemoReport(store: Store, report: DemoReport): Promise<PublishedDemoReport> {
  const { orgId, round: r } = report;
  await store.ensureOrganisation(orgId, report.organisationName);
  const imports = await report.load(store, orgId);
  const password = await demoController(store, orgId);
  const app = createApp({ store, log: () => undefined });
  const caller = new Caller(app);
  await caller.must(200, 'POST', '/api/auth/login', { organisation: orgId, username: DEMO_RUNNER, password });

  const stored = await caller.must<{ template: { id: string; version: number } }>(201, 'POST', `/api/templates/${encodeURIComponent(r.board)}`, report.template);
  const earlier = await earlierRound(caller, r);
  const id = earlier ? earlier.id : await openRound(caller, report, stored.template);
  const download = async (format: ReportFormat): Promise<Uint8Array> => (await caller.call('GET', `/published/${id}/report.${format}`)).bytes;
  const published = async (warnings: string[]): Promise<PublishedDemoReport> => ({
    report,
    publishedBefore: earlier?.status === 'published',
    roundId: id,
    imports,
    model: JSON.parse(Buffer.from(await download('json')).toString('utf8')) as ReportModel,
    warnings,
    download,
  });
  if (earlier?.status === 'published') return published([]);
  const { round } = await caller.must<{ round: { units: Array<{ code: string; status: string }> } }>(200, 'GET', `/api/rounds/${id}`);
  for (const u of round.units) {
    const unit = `/api/rounds/${id}/units/${encodeURIComponent(u.code)}`;
    // The imported forecast (the round starts from it) is what every unit submits.
    if (u.status === 'open') await caller.must(200, 'POST', `${unit}/submit`, { allowMissing: true });
    if (u.status !== 'approved') await caller.must(200, 'POST', `${unit}/approve`);
  }
  const check = await caller.must<{ errors: Array<{ message: string }>; warnings: Array<{ message: string }> }>(200, 'GET', `/api/rounds/${id}/check`);
  if (check.errors.length > 0) throw new Error(`demon: kontrollen av ${report.file} hittade fel: ${check.errors.map((e) => e.message).join('; ')}`);
  await caller.must(200, 'POST', `/api/rounds/${id}/publish`, { allowMissing: true, acknowledgeWarnings: true });
  return published(check.warnings.map((w) => w.message));
}

/** Opens the demo report's round with the stored template, fills in the cover's decision and attaches the appendices. */
async function openRound(caller: Caller, report: DemoReport, template: { id: string; version: number }): Promise<number> {
  const r = report.round;
  const opened = await caller.must<{ round: { id: number } }>(201, 'POST', '/api/rounds', {
    board: r.board,
    year: r.year,
    period: r.period,
    name: r.name,
    kind: r.kind,
    level: r.level,
    ...(r.within ? { within: r.within } : {}),
    sign: r.sign,
    ...(r.prevPeriod !== undefined ? { prevPeriod: r.prevPeriod } : {}),
    ...(r.groupLevel ? { groupLevel: r.groupLevel } : {}),
    thresholdTkr: DEMO_THRESHOLD_TKR,
    template: { id: template.id, version: template.version },
  });
  const id = opened.round.id;
  const d = report.decision;
  if (d) {
    await caller.must(200, 'PUT', `/api/rounds/${id}/document`, {
      ...(d.by ? { decidedBy: d.by } : {}),
      ...(d.date ? { decidedOn: d.date } : {}),
      ...(d.paragraph ? { paragraph: d.paragraph } : {}),
      ...(d.diaryNumber ? { diaryNumber: d.diaryNumber } : {}),
    });
  }
  for (const a of report.appendices ?? []) {
    const query = new URLSearchParams({ title: a.title, name: a.fileName });
    await caller.must(201, 'POST', `/api/rounds/${id}/appendices?${query}`, await a.content());
  }
  return id;
}
