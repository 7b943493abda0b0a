/**
 * The pages are a client of the JSON API: every read and every change goes through the API's
 * own routes, called in-process with the browser's session cookie (and, for changes, the
 * session's CSRF token — the form's token was already checked against it). So the UI can show
 * and do exactly what the API allows, with the API's validation and Swedish messages, and
 * nothing is decided twice.
 */
import type { App, Ctx } from '../server/context.ts';

export interface ApiErrorBody {
  code: string;
  message: string;
  field?: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiErrorBody,
  ) {
    super(error.message);
  }
}

export interface ApiResponse<T> {
  status: number;
  ok: boolean;
  body: T;
  headers: Headers;
}

const FORWARDED = ['cookie', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'user-agent'];

export class Api {
  constructor(
    private readonly app: App,
    private readonly c: Ctx,
  ) {}

  /** One API call; never throws for an HTTP error (see `get`/`send`). */
  async call<T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const url = new URL(path, this.c.req.url);
    const headers = new Headers();
    for (const k of FORWARDED) {
      const v = this.c.req.header(k);
      if (v !== undefined) headers.set(k, v);
    }
    if (method !== 'GET') {
      headers.set('origin', url.origin);
      const token = this.c.get('session')?.csrfToken;
      if (token) headers.set('x-csrf-token', token);
    }
    if (body !== undefined) headers.set('content-type', 'application/json');
    const res = await this.app.request(url.toString(), { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }, this.c.env);
    const type = res.headers.get('content-type') ?? '';
    const data = type.includes('json') ? ((await res.json()) as T) : ((await res.text()) as unknown as T);
    return { status: res.status, ok: res.ok, body: data, headers: res.headers };
  }

  private async must<T>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.call<T>(method, path, body);
    if (!r.ok) {
      const e = (r.body as { error?: ApiErrorBody } | null)?.error ?? { code: 'INTERNAL', message: `HTTP ${r.status}` };
      throw new ApiError(r.status, e);
    }
    return r.body;
  }

  get<T>(path: string): Promise<T> {
    return this.must<T>('GET', path);
  }

  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body: unknown = {}): Promise<T> {
    return this.must<T>(method, path, body);
  }
}
