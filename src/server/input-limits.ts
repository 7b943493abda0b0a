/**
 * The input rules every request meets before a handler reads it, in one place (the bodies' own
 * rules are the zod schemas of `schemas.ts`, which refuse control characters in every string):
 * - no control character in the path (decoded) or in a query parameter's name or value, and a
 *   path that decodes at all; PostgreSQL cannot store a NUL, and no code or name holds one;
 * - no NUL or other control character (line breaks and tabs aside) in any string or key of a
 *   JSON body, whatever the schema (`bodyControlField`);
 * - numeric query parameters are bounded integers (`queryInt`), never passed on unchecked.
 * Each refusal is a 400 with a Swedish message naming the field.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { PrognosError } from '../core/errors/index.ts';

const CONTROL = /[\u0000-\u001f\u007f]/;
const BODY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const bad = (reason: string, field?: string): PrognosError => new PrognosError('BAD_INPUT', reason, field !== undefined ? { field } : {});

/** Refuses a request whose path or query holds a control character (or does not decode). */
export const rejectControlCharacters: MiddlewareHandler = async (c, next) => {
  const url = new URL(c.req.url);
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    throw bad('adressen innehåller en felaktig %-kodning');
  }
  if (CONTROL.test(path)) throw bad('adressen innehåller otillåtna tecken (styrtecken som NUL)');
  for (const [name, value] of url.searchParams) {
    if (CONTROL.test(name) || CONTROL.test(value)) throw bad(`parametern ${name.replace(CONTROL, '?').slice(0, 50)} innehåller otillåtna tecken (styrtecken som NUL)`, name.replace(CONTROL, '?').slice(0, 50));
  }
  await next();
};

/** The path (a.b.0.c) of the first string or key of a JSON value with a control character other than a line break or tab. */
export function bodyControlField(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return BODY_CONTROL.test(value) ? path.join('.') || '(kroppen)' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const f = bodyControlField(value[i], [...path, String(i)]);
      if (f !== undefined) return f;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (BODY_CONTROL.test(k)) return [...path, k.replace(new RegExp(BODY_CONTROL, 'g'), '?')].join('.');
      const f = bodyControlField(v, [...path, k]);
      if (f !== undefined) return f;
    }
  }
  return undefined;
}

export function rejectBodyControl(data: unknown): void {
  const field = bodyControlField(data);
  if (field !== undefined) throw bad('värdet innehåller otillåtna tecken (styrtecken som NUL)', field);
}

/** A query parameter as an integer in [min, max], or undefined when absent; anything else is 400 naming it. */
export function queryInt(c: Context, name: string, min: number, max: number): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  const n = /^-?\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw bad(`parametern ${name} ska vara ett heltal mellan ${min} och ${max}`, name);
  }
  return n;
}

/** The largest id a query may name (PostgreSQL bigint holds more; no id comes near). */
export const MAX_ID = Number.MAX_SAFE_INTEGER;
