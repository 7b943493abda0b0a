/** JSON calls to the API from the browser: same origin, the session cookie, the page's CSRF token. */

export interface ApiResult<T = unknown> {
  status: number;
  body: T;
}

export interface ApiErrorJson {
  error?: { code: string; message: string; field?: string; current?: unknown; [k: string]: unknown };
}

let lastActivity = Date.now();

/** When the page last talked to the API (or loaded): the server counts that as activity. */
export const lastApiActivity = (): number => lastActivity;
export const noteApiActivity = (): void => {
  lastActivity = Date.now();
};

const csrfToken = (): string => document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';

/** Never throws for an HTTP status; a network failure gives status 0. */
export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResult<T & ApiErrorJson>> {
  try {
    const res = await fetch(path, {
      method,
      credentials: 'same-origin',
      keepalive: method !== 'GET',
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), 'x-csrf-token': csrfToken() },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (res.status !== 401) noteApiActivity();
    const type = res.headers.get('content-type') ?? '';
    const data = type.includes('json') ? ((await res.json()) as T & ApiErrorJson) : ({} as T & ApiErrorJson);
    return { status: res.status, body: data };
  } catch {
    return { status: 0, body: {} as T & ApiErrorJson };
  }
}
