/**
 * A real OpenID Connect provider for tests: `oidc-provider` (certified) on an ephemeral loopback
 * port, with test accounts whose claims carry groups. Its own development log-in form (any
 * password) and consent page stand in for Entra ID's; `logInAt` walks them without a browser
 * (a cookie jar and manual redirects), the Chromium test clicks them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  name: string;
  preferred_username?: string;
  email?: string;
  groups?: string[];
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

export const TEST_CLIENT_ID = 'prognos';
export const TEST_CLIENT_SECRET = 'en-hemlighet-bara-for-test';

/** Starts the provider; `redirectUris` and `postLogoutRedirectUris` are Prognos's addresses registered at it. */
export async function startOidcProvider(o: { accounts: Record<string, TestAccount>; redirectUris: string[]; postLogoutRedirectUris: string[] }): Promise<TestProvider> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const plain = (title: string, body: string) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT_ID,
        client_secret: TEST_CLIENT_SECRET,
        client_name: 'Prognos',
        redirect_uris: o.redirectUris,
        post_logout_redirect_uris: o.postLogoutRedirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    findAccount: (_ctx: unknown, id: string) => {
      const a = o.accounts[id];
      if (!a) return undefined;
      return { accountId: id, claims: () => ({ sub: `sub-${id}`, ...a }) };
    },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'email', 'groups'],
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: { body: string }, form: string) => {
          ctx.body = plain('Logout', `<h1>Sign out?</h1>${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>`);
        },
      },
    },
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    cookies: { keys: ['test-cookie-key-1'] },
  });
  handler = provider.callback();
  return {
    issuer,
    clientId: TEST_CLIENT_ID,
    clientSecret: TEST_CLIENT_SECRET,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A minimal cookie jar for one host. */
class Jar {
  private cookies = new Map<string, string>();
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

const formUid = (html: string): string => {
  const m = /action="([^"]*\/interaction\/[^"]+)"/.exec(html);
  if (!m) throw new Error(`no interaction form in: ${html.slice(0, 300)}`);
  return m[1]!.replace(/&amp;/g, '&');
};

/**
 * Follows an authorization address through the provider's log-in form (as `login`) and consent
 * (or `Cancel` there, with `deny`) to the redirect back to Prognos; returns that address.
 */
export async function logInAt(authUrl: string, login: string, o: { deny?: boolean } = {}): Promise<string> {
  const jar = new Jar();
  let url = authUrl;
  let method = 'GET';
  let body: string | undefined;
  const origin = new URL(authUrl).origin;
  for (let hop = 0; hop < 20; hop++) {
    if (!url.startsWith(origin)) return url;
    const res = await fetch(url, { method, redirect: 'manual', headers: { cookie: jar.header(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, ...(body ? { body } : {}) });
    jar.take(res);
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await res.text();
    const action = new URL(formUid(html), url).href;
    if (html.includes('name="prompt" value="login"')) {
      method = 'POST';
      url = action;
      body = new URLSearchParams({ prompt: 'login', login, password: 'valfritt' }).toString();
    } else if (html.includes('name="prompt" value="consent"')) {
      if (o.deny) {
        const abort = /href="([^"]*\/abort)"/.exec(html);
        url = new URL(abort![1]!, url).href;
        method = 'GET';
        body = undefined;
      } else {
        method = 'POST';
        url = action;
        body = new URLSearchParams({ prompt: 'consent' }).toString();
      }
    } else {
      throw new Error(`unexpected provider page (${res.status}): ${html.slice(0, 300)}`);
    }
  }
  throw new Error('too many redirects at the provider');
}
