/**
 * HTML built from tagged templates that escape every interpolated value: `html\`<p>${text}</p>\``
 * escapes `text`; only another `Html` (made by `html` or, explicitly, `raw`) passes through
 * unescaped. Arrays are joined; `null`, `undefined` and `false` print nothing. So a page can only
 * contain markup its template wrote, and user text is always text.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export class Html {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

export type Interpolation = Html | string | number | bigint | boolean | null | undefined | readonly Interpolation[];

function render(v: Interpolation): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return (v as readonly Interpolation[]).map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Markup that is already safe (an SVG drawn by the chart module, a bundled asset). Never for user text. */
export const raw = (s: string): Html => new Html(s);

/** `attr(name, value)`: ` name="value"` when value is not false/null/undefined; `true` gives the bare attribute. */
export function attr(name: string, value: string | number | boolean | null | undefined): Html {
  if (value === false || value === null || value === undefined) return new Html('');
  if (value === true) return new Html(` ${name}`);
  return new Html(` ${name}="${escapeHtml(String(value))}"`);
}

/** A class list from optional parts. */
export function cls(...parts: Array<string | false | null | undefined>): string {
  return parts.filter((p): p is string => !!p).join(' ');
}
