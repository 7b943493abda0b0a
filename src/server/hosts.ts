/**
 * Host names: the Host check against DNS rebinding, and the organisation a log-in belongs to.
 *
 * A request is answered only when its host name (and, behind a trusted proxy, the forwarded
 * one) is a loopback name (localhost, 127.0.0.1, [::1]), a configured one (`allowedHosts`,
 * the hosts of `publicUrl` and `allowedOrigins`) or an organisation's host name; otherwise
 * 421 Misdirected Request. A page of another site that re-points its own name at this server
 * (DNS rebinding) then gets nothing, also from `serve --demo`.
 */
import type { MiddlewareHandler } from 'hono';
import { PrognosError } from '../core/errors/index.ts';
import { normaliseHostName, organisationOfHost } from '../store/organisation-settings.ts';
import { organisationsOfUsername } from '../store/users.ts';
import type { AppEnv, Ctx, Deps, ResolvedOptions } from './context.ts';
import { errorBody } from './errors.ts';

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]', '::1'];

/** The host name of a `Host` header value: lower case, without the port (IPv6 keeps its brackets). */
export function hostNameOf(hostHeader: string): string {
  const h = normaliseHostName(hostHeader);
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.replace(/:\d*$/, '');
}

/** The host names configured to be answered besides the loopback ones. */
export function configuredHosts(o: { allowedHosts?: readonly string[]; allowedOrigins?: readonly string[]; publicUrl?: string }): string[] {
  const out = new Set<string>(LOOPBACK);
  for (const h of o.allowedHosts ?? []) out.add(hostNameOf(h));
  for (const u of [...(o.allowedOrigins ?? []), ...(o.publicUrl ? [o.publicUrl] : [])]) {
    try {
      out.add(hostNameOf(new URL(u).host));
    } catch {
      // not a URL: the CLI checks its options; ignore here
    }
  }
  return [...out];
}

/** The host names a request names: its URL's, and behind a trusted proxy the forwarded one. */
function requestHosts(c: Ctx, opts: ResolvedOptions): string[] {
  const hosts = [hostNameOf(new URL(c.req.url).host)];
  const fwd = opts.trustProxy ? c.req.header('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  if (fwd) hosts.push(hostNameOf(fwd));
  return hosts;
}

/** The host name the user typed: the forwarded one behind a trusted proxy, else the request's. */
export function requestHost(c: Ctx, opts: ResolvedOptions): string {
  const hosts = requestHosts(c, opts);
  return hosts[hosts.length - 1]!;
}

export function hostCheck(d: Deps): MiddlewareHandler<AppEnv> {
  const allowed = new Set(d.opts.allowedHosts);
  return async (c, next) => {
    if (d.opts.allowedHosts.includes('*')) return next();
    for (const h of requestHosts(c, d.opts)) {
      if (allowed.has(h)) continue;
      if ((await organisationOfHost(d.store.db, h)) !== undefined) continue;
      const e = new PrognosError('BAD_INPUT', `servern svarar inte på värdnamnet ${h.slice(0, 100)}; använd Prognos adress`);
      return c.json(errorBody(e), 421);
    }
    return next();
  };
}

/**
 * The organisation of a log-in: the one whose host name the request has; else the one chosen
 * (the log-in page's "Organisation"); else, for a client that names none, the one organisation
 * that has the user name (or the only organisation there is). A name several organisations
 * have then needs the organisation.
 */
export async function loginOrganisation(d: Deps, c: Ctx, chosen: string | undefined, username: string): Promise<string> {
  const byHost = await organisationOfHost(d.store.db, requestHost(c, d.opts));
  if (byHost !== undefined) return byHost;
  if (chosen !== undefined && chosen !== '') return chosen;
  const orgs = await organisationsOfUsername(d.store.db, username);
  if (orgs.length === 1) return orgs[0]!;
  if (orgs.length > 1) throw new PrognosError('BAD_INPUT', 'välj organisation', { field: 'organisation' });
  const all = await d.store.listOrganisations();
  return all.length === 1 ? all[0]!.id : '';
}

/** What the log-in page needs: the organisation the host decides, else the organisations to choose from (none when there is only one). */
export async function loginChoices(d: Deps, c: Ctx): Promise<{ decided: string | null; organisations: Array<{ id: string; name: string }> }> {
  const byHost = await organisationOfHost(d.store.db, requestHost(c, d.opts));
  if (byHost !== undefined) return { decided: byHost, organisations: [] };
  const all = await d.store.listOrganisations();
  if (all.length <= 1) return { decided: all[0]?.id ?? null, organisations: [] };
  return { decided: null, organisations: all.map((o) => ({ id: o.id, name: o.name })).sort((a, b) => a.name.localeCompare(b.name, 'sv')) };
}
