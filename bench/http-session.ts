/**
 * A browser-like HTTP client for a real server (fetch, keep-alive): keeps the session cookie,
 * sends a same-origin `Origin` and the CSRF token on state changes, and times every request
 * from sending to the last byte of the body. Only for loopback servers (the URL is checked).
 */

export interface HttpResult<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
  /** Milliseconds from sending the request to having read the whole body. */
  ms: number;
  path: string;
}

export class HttpSession {
  cookie: string | undefined;
  csrf: string | undefined;

  constructor(
    readonly base: string,
    readonly timeoutMs = 30_000,
  ) {
    const u = new URL(base);
    if (u.hostname !== '127.0.0.1') throw new Error(`only loopback servers (127.0.0.1), not ${base}`);
  }

  async request<T = any>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = {};
    if (method !== 'GET') headers.origin = this.base;
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    Object.assign(headers, extra);
    const t0 = performance.now();
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const buf = Buffer.from(await res.arrayBuffer());
    const ms = performance.now() - t0;
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0]!;
      this.cookie = /=$/.test(pair) || /Max-Age=0/i.test(setCookie) ? undefined : pair;
    }
    const type = res.headers.get('content-type') ?? '';
    const text = type.includes('json') || type.startsWith('text/') ? buf.toString('utf8') : '';
    let parsed: unknown = buf;
    if (type.includes('json') && text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, body: parsed as T, text, headers: res.headers, ms, path };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  put<T = any>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body);
  }
  post<T = any>(path: string, body: unknown = {}) {
    return this.request<T>('POST', path, body);
  }

  async login(username: string, password: string): Promise<HttpResult> {
    const r = await this.post('/api/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`log-in of ${username} failed: ${r.status} ${r.text}`);
    this.csrf = (r.body as { csrfToken: string }).csrfToken;
    return r;
  }
}
