/** What every route module shares: the app's types, the current user, permission checks, input parsing. */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { OrgTree } from '../core/domain/index.ts';
import { PrognosError } from '../core/errors/index.ts';
import { can, PERMISSIONS, type Action, type Role } from '../core/permissions/index.ts';
import type { Store } from '../store/index.ts';
import type { ReportRenderer } from '../report/render.ts';
import type { PublishedRenders } from './published-renders.ts';
import type { SessionRecord } from '../store/users.ts';
import type { AuditActor } from '../store/audit.ts';
import type { Notifier } from './notify/index.ts';
import { forbidden, unauthenticated } from './errors.ts';
import { rejectBodyControl } from './input-limits.ts';
import './schema-messages.ts';

// Validation messages in Swedish, said in one place (schema-messages.ts, imported above); the locale is the fallback.
z.config(z.locales.sv());

export interface SessionUser {
  id: number;
  orgId: string;
  username: string;
  displayName: string;
  role: Role;
  units: string[];
  /** A new password must be chosen before anything else (after an administrator's reset). */
  mustChangePassword: boolean;
}

export type AppEnv = {
  Variables: {
    user: SessionUser | undefined;
    session: SessionRecord | undefined;
  };
};

export type App = Hono<AppEnv>;
export type Ctx = Context<AppEnv>;

export interface ResolvedOptions {
  secureCookies: boolean | 'auto';
  trustProxy: boolean;
  allowedOrigins: readonly string[];
  /** The host names answered (`*`: any); see hosts.ts. */
  allowedHosts: readonly string[];
  sessionTtlSeconds: number;
  sessionIdleSeconds: number;
  loginWindowSeconds: number;
  maxFailuresPerUsername: number;
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  loginBackoffSeconds: number;
  clientIp: (c: Ctx) => string | undefined;
  log: (message: string, err?: unknown) => void;
  /** The server's address as browsers see it (single sign-on's redirect address); undefined: the request's. */
  publicUrl: string | undefined;
}

export interface Deps {
  store: Store;
  opts: ResolvedOptions;
  /** Renders a report model in a format (the one renderer; tests count its calls). */
  render: ReportRenderer;
  /** The renderings of published reports: made once right after publishing, then stored. */
  renders: PublishedRenders;
  /** The identity provider's log-out address for a session made by single sign-on (server/oidc), if any. */
  endSessionUrl?: (c: Ctx, orgId: string, tokenHash: string) => Promise<string | undefined>;
  /** E-mail notifications (a no-op without a mailer). */
  notify: Notifier;
}

export function currentUser(c: Ctx): SessionUser {
  const u = c.get('user');
  if (!u) throw unauthenticated();
  return u;
}

export const actor = (u: SessionUser): AuditActor => ({ userId: u.id, username: u.username });

/** Throws FORBIDDEN unless the user may do the action (on the unit whose path is given). */
export function authorize(u: SessionUser, action: Action, unitPath?: readonly string[], what?: string): void {
  if (can(u, action, unitPath)) return;
  const target = what ?? (unitPath && unitPath.length > 0 ? `enheten ${unitPath[unitPath.length - 1]}` : undefined);
  throw forbidden(`du saknar behörighet: ${PERMISSIONS[action].description.toLowerCase()}${target ? ` (${target})` : ''}`);
}

/** The organisation's unit tree. */
export async function orgTree(d: Deps, orgId: string): Promise<OrgTree> {
  return new OrgTree(await d.store.listUnits(orgId));
}

export const pathOf = (tree: OrgTree, code: string): string[] => tree.path(code).map((u) => u.code);

/** Parses the JSON body with a zod schema; the first problem becomes BAD_INPUT naming the field. */
export async function readBody<T>(c: Ctx, schema: z.ZodType<T>): Promise<T> {
  let data: unknown;
  try {
    data = await c.req.json();
  } catch {
    throw new PrognosError('BAD_INPUT', 'förfrågan ska ha en JSON-kropp (Content-Type: application/json)');
  }
  rejectBodyControl(data);
  return check(schema, data);
}

export function check<T>(schema: z.ZodType<T>, data: unknown): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys.join(', ') : undefined;
  return (() => {
    throw new PrognosError('BAD_INPUT', lowerFirst(issue.message), field !== undefined ? { field } : {});
  })();
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/** Path parameter `id` as a round id. */
export function roundId(c: Ctx): number {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0) throw new PrognosError('NOT_FOUND', 'omgången finns inte');
  return id;
}

/** öre (bigint) as a JSON number; amounts stay far below 2^53. */
export function oreNumber(x: bigint): number {
  const n = Number(x);
  if (!Number.isSafeInteger(n)) throw new PrognosError('INTERNAL', `beloppet ${x} ryms inte exakt i JSON`);
  return n;
}
